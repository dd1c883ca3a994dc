"""Forms for children's records. Forms collect and tidy what was typed; the rules (identifier checks,
date of birth in range, one need not repeated…) live in the model and run in the service, whose
``ValidationError`` is shown against the same fields by ``add_service_errors``."""

from django import forms
from django.core.exceptions import ValidationError

from wayfinder.accounts.models import Role, User
from wayfinder.web.forms import GovukDateField

from .codes import Ethnicity, SENStatus, SENType, Sex, UPNUnknown
from .models import Child, Locality

YES_NO = [("True", "Yes"), ("False", "No")]


def _yes_no(label: str, required_message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda value: value == "True",
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}), initial="False",
        error_messages={"required": required_message},
    )


def _blank_first(choices, label: str = "Not recorded") -> list[tuple[str, str]]:
    return [("", label), *choices]


class CaseworkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        team = f", {obj.team}" if obj.team_id else ""
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()}{team})"


class ChildForm(forms.Form):
    """A child's or young person's record, as staff create and change it."""

    legal_forename = forms.CharField(
        label="Legal first name", max_length=100, error_messages={"required": "Enter the child's legal first name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    legal_surname = forms.CharField(
        label="Legal last name", max_length=100, error_messages={"required": "Enter the child's legal last name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    preferred_name = forms.CharField(
        label="Preferred first name (optional)", max_length=100, required=False,
        help_text="The name the child or young person likes to be called, if different",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    date_of_birth = GovukDateField(label="Date of birth", help_text="For example, 17 5 2016")
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, initial=Sex.UNKNOWN, widget=forms.RadioSelect)
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices, initial=Ethnicity.NOBT)
    upn = forms.CharField(
        label="Unique pupil number (UPN) (optional)", max_length=20, required=False,
        help_text="13 characters, starting with a letter, for example B801200005001",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-20"}),
    )
    upn_unknown_reason = forms.ChoiceField(
        label="If the UPN is not known, why not? (optional)", required=False,
        choices=_blank_first(UPNUnknown.choices, "UPN is known, or reason not recorded"),
    )
    uln = forms.CharField(
        label="Unique learner number (ULN) (optional)", max_length=20, required=False,
        help_text="10 digits, for young people in further education or training",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "numeric",
                   "class": "govuk-input--width-10"}
        ),
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)", max_length=20, required=False, help_text="10 digits, for example 943 476 5870",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "numeric",
                   "class": "govuk-input--width-10"}
        ),
    )
    address = forms.CharField(
        label="Address (optional)", max_length=300, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    postcode = forms.CharField(
        label="Postcode (optional)", max_length=10, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-10"}),
    )
    locality = forms.ModelChoiceField(
        label="Locality (optional)", required=False, queryset=Locality.objects.filter(archived_on__isnull=True),
        empty_label="Not recorded", help_text="The casework area the child lives in",
    )
    first_language = forms.CharField(
        label="First language (optional)", max_length=100, required=False, initial="English",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    communication_needs = forms.CharField(
        label="Communication needs (optional)", required=False,
        help_text="How to communicate well with the child or young person, for example signs, symbols or "
        "an interpreter",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    disability = _yes_no("Does the child have a disability?", "Select yes if the child has a disability")
    known_to_social_care = _yes_no(
        "Is the child known to children's social care?", "Select yes if the child is known to children's social care"
    )
    sen_status = forms.ChoiceField(
        label="SEN status", choices=SENStatus.choices, initial=SENStatus.NONE, widget=forms.RadioSelect,
    )
    primary_need = forms.ChoiceField(
        label="Primary type of need (optional)", required=False, choices=_blank_first(SENType.choices),
    )
    secondary_need = forms.ChoiceField(
        label="Secondary type of need (optional)", required=False, choices=_blank_first(SENType.choices),
    )
    caseworker = CaseworkerChoiceField(
        label="Caseworker (optional)", required=False, empty_label="No caseworker yet",
        queryset=User.objects.filter(role__in=[Role.CASEWORK_OFFICER, Role.TEAM_MANAGER], is_active=True)
        .select_related("team").order_by("first_name", "last_name", "username"),
    )

    @classmethod
    def initial_for(cls, child) -> dict:
        """The form's starting values for an existing record."""
        initial = {name: getattr(child, name) for name in cls.base_fields}
        initial["locality"] = child.locality_id
        initial["caseworker"] = child.caseworker_id
        initial["disability"] = str(child.disability)
        initial["known_to_social_care"] = str(child.known_to_social_care)
        return initial

    def _post_clean(self):
        """When a field has already failed, also check the others against the record's own rules, so
        the error summary lists every problem at once (GOV.UK pattern) rather than one at a time.
        Nothing is saved here; when every field passes, the service validates again and saves."""
        if not self.errors:
            return
        failed = set(self.errors)
        child = Child(**{name: value for name, value in self.cleaned_data.items() if name not in failed})
        try:
            child.full_clean(exclude=failed, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name in self.fields and name not in failed:
                    self.add_error(name, messages)

    def service_fields(self) -> dict:
        """The cleaned values, named as ``child_create`` and ``child_update`` take them."""
        return dict(self.cleaned_data)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: against the field it names when the form has
    that field, otherwise at the top of the error summary."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class ChildSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, UPN or date of birth", required=False, max_length=100,
        help_text="For example, Ruby Hallam, B801200005001 or 17/5/2016",
    )
    archived = forms.BooleanField(label="Include archived records", required=False)

    def query(self) -> str:
        return (self.cleaned_data.get("q") or "").strip() if self.is_valid() else ""


class InvitationForm(forms.Form):
    """Invite a parent or carer with parental responsibility, or the young person, to make an account.
    ``people`` lists who may be invited: (value, label) pairs such as ``("carer-12", "Dana Marsden
    (mother)")`` and ``("young-person", "Jamie Marsden (the young person)")``."""

    who = forms.ChoiceField(
        label="Who are you inviting?", widget=forms.RadioSelect,
        error_messages={"required": "Select who you are inviting", "invalid_choice": "Select who you are inviting"},
    )
    email = forms.EmailField(
        label="Email address", max_length=254,
        help_text="The invitation link is for this person only. Check the address with them.",
        error_messages={
            "required": "Enter the email address to send the invitation to",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, people: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = people
