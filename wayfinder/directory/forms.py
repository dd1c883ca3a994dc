"""Forms for the directory editor's and providers' pages. Forms collect and tidy what was typed, with
GOV.UK error messages; the rules live in ``services`` (``listing_clean`` and the page services) and are
also run here, so the error summary lists every problem on the first submission."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from wayfinder.people.models import Locality

from . import selectors, services, vocab
from .models import (
    ACCESSIBILITY_FEATURES,
    MAX_AGE,
    AccessRoute,
    Organisation,
    PageKind,
    PlanRequirement,
    ServiceStatus,
)

YES_NO = [("True", "Yes"), ("False", "No")]


def _yes_no(label: str, message: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda value: value == "True", help_text=help_text,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}), error_messages={"required": message})


def _checkboxes(label: str, help_text: str = "", small: bool = True) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, required=False, help_text=help_text,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"} if small else {}),
        error_messages={"invalid_choice": f"Select {label.lower().removesuffix(' (optional)')} from the list"})  # noqa: S608


def _text(label: str, *, max_length: int, width: str = "", help_text: str = "", required: bool = False,
          message: str = "", **attrs) -> forms.CharField:
    widget_attrs = {"class": width} if width else {}
    widget_attrs.update(attrs)
    return forms.CharField(
        label=label, max_length=max_length, required=required, help_text=help_text,
        widget=forms.TextInput(attrs=widget_attrs),
        error_messages={"required": message, "max_length": f"{label.removesuffix(' (optional)')} must be "
                                                           f"{max_length} characters or fewer"})


def _area(label: str, *, help_text: str = "", required: bool = False, message: str = "",
          rows: int = 4) -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": str(rows)}), error_messages={"required": message})


def _age(label: str, message: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=0, max_value=MAX_AGE,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric",
                                      "spellcheck": "false"}),
        error_messages={"required": message, "invalid": f"{label} must be a whole number of years, like 5",
                        "min_value": f"{label} must be between 0 and {MAX_AGE}",
                        "max_value": f"{label} must be between 0 and {MAX_AGE}"})


def term_choices(taxonomy: str) -> list[tuple[str, str]]:
    """A taxonomy's terms as checkbox choices, each broad term followed by the terms under it."""
    terms = list(selectors.terms_of(taxonomy).order_by("position", "name"))
    children: dict[Any, list] = {}
    for term in terms:
        if term.parent_id:
            children.setdefault(term.parent_id, []).append(term)
    choices = []
    for term in terms:
        if term.parent_id and any(t.pk == term.parent_id for t in terms):
            continue
        choices.append((str(term.pk), term.name))
        choices += [(str(child.pk), f"{child.name} ({term.name.lower()})") for child in children.get(term.pk, [])]
    return choices


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` against the fields it names, others at the top of the summary."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = name if name in form.fields else None
        if target and target in form.errors:
            continue  # already shown
        form.add_error(target, errors)


class ListingForm(forms.Form):
    """A listing (its fields are ``services.LISTING_FIELDS``). Editors choose the organisation; a provider's
    listing belongs to their organisation (``organisations`` lists theirs when they have several)."""

    name = _text("Name of the service", max_length=250, required=True, message="Enter the name of the service")
    description = _area("Description", required=True, rows=6,
                        message="Enter a description of the service: what it does and who it helps",
                        help_text="What the service does and who it helps, in plain English. Write it for "
                                  "families: avoid abbreviations.")
    organisation = forms.ChoiceField(label="Organisation", error_messages={
        "required": "Select the organisation that runs the service",
        "invalid_choice": "Select the organisation that runs the service from the list"})
    status = forms.ChoiceField(label="Is it running?", choices=ServiceStatus.choices, initial=ServiceStatus.ACTIVE,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Select whether the service is running"})
    alert = _text("Notice at the top of the listing (optional)", max_length=500,
                  help_text="A short notice families should see first, for example “No new referrals until "
                            "September”")

    email = forms.EmailField(
        label="Email address (optional)", required=False, max_length=254,
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"})
    phone = _text("Phone number (optional)", max_length=40, width="govuk-input--width-20", inputmode="tel")
    url = _text("Website (optional)", max_length=200, help_text="For example, https://www.example.org/our-service",
                spellcheck="false")

    minimum_age = _age("Youngest age", "Enter the youngest age the service is for, from 0 to 25")
    maximum_age = _age("Oldest age", "Enter the oldest age the service is for, from 0 to 25")
    needs = _checkboxes("Areas of need", "Select every area the service supports. Select at least one area of need "
                                         "or one Local Offer heading.", small=True)
    headings = _checkboxes("Local Offer headings", "Where families will find it in the Local Offer")
    levels = _checkboxes("Level of support (optional)", "Universal support is for any family; targeted and "
                                                        "specialist support usually need a referral")
    categories = _checkboxes("Kind of service (optional)")
    plan_requirement = forms.ChoiceField(
        label="Do families need an EHC plan to use it?", choices=PlanRequirement.choices,
        initial=PlanRequirement.ANY, widget=forms.RadioSelect,
        help_text="Most support does not need an education, health and care plan",
        error_messages={"required": "Select whether families need an EHC plan to use the service"})
    diagnosis_required = _yes_no("Is it only for children with a diagnosis?",
                                 "Select yes if the service is only for children with a diagnosis")
    eligibility = _area("Who it is for (optional)", rows=3,
                        help_text="Anything else about who can use it, for example “parents of children at "
                                  "Derbyshire schools”")
    localities = _checkboxes("Areas it serves (optional)", "Leave them all unticked if it serves the whole county")

    access_routes = _checkboxes("How do families get to it? (optional)", "Select all that apply")
    how_to_access = _area("How to get it (optional)", rows=3,
                          help_text="For example, “Fill in the referral form on our website” or “Ask your "
                                    "child’s SENCO”")
    is_free = _yes_no("Is it free?", "Select yes if the service is free")
    fees = _text("What it costs (optional if it is free)", max_length=500,
                 help_text="For example, “£5 a session; free for families getting Universal Credit”")
    languages = _checkboxes("Languages it is offered in (optional)")

    location_name = _text("Name of the place (optional)", max_length=250,
                          help_text="Leave the place blank if the service is online or by phone only")
    location_address_1 = _text("Address line (optional)", max_length=250, autocomplete="off")
    location_city = _text("Town or city (optional)", max_length=100, width="govuk-!-width-two-thirds")
    location_postcode = _text("Postcode (optional)", max_length=10, width="govuk-input--width-10",
                              spellcheck="false", autocomplete="off")
    location_accessibility = _checkboxes("Accessibility of the place (optional)", "Select all that apply")
    location_notes = _area("More about access to the place (optional)", rows=2)

    schedule_days = _checkboxes("Days it runs (optional)")
    schedule_opens_at = _text("Opens at (optional)", max_length=10, width="govuk-input--width-5",
                              help_text="For example, 9:30am or 14:00")
    schedule_closes_at = _text("Closes at (optional)", max_length=10, width="govuk-input--width-5",
                               help_text="For example, 12pm or 16:30")
    schedule_description = _text("When it runs, in words (optional)", max_length=500,
                                 help_text="For example, “Term time only” or “First Tuesday of the month”")

    SECTIONS = (
        ("About the service", ("name", "organisation", "description", "status", "alert")),
        ("How to contact it", ("email", "phone", "url")),
        ("Who it is for", ("minimum_age", "maximum_age", "needs", "headings", "levels", "categories",
                           "plan_requirement", "diagnosis_required", "eligibility", "localities")),
        ("How to get it", ("access_routes", "how_to_access", "is_free", "fees", "languages")),
        ("Where it happens", ("location_name", "location_address_1", "location_city", "location_postcode",
                              "location_accessibility", "location_notes")),
        ("When it runs", ("schedule_days", "schedule_opens_at", "schedule_closes_at", "schedule_description")),
    )

    def __init__(self, *args, organisations=None, fixed_organisation: Organisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_organisation = fixed_organisation
        if fixed_organisation is not None or organisations is None:
            del self.fields["organisation"]
        else:
            choices = [(str(org.pk), org.name) for org in organisations]
            field = self.fields["organisation"]
            if len(choices) > 20:
                field.choices = [("", "Select an organisation"), *choices]
            else:
                field.widget = forms.RadioSelect()
                field.choices = choices  # after the widget: setting choices gives them to the widget
        for name, taxonomy in services.TERM_FIELDS.items():
            self.fields[name].choices = term_choices(taxonomy)
        self.fields["localities"].choices = list(
            Locality.objects.filter(archived_on__isnull=True).order_by("name").values_list("code", "name"))
        self.fields["access_routes"].choices = AccessRoute.choices
        self.fields["location_accessibility"].choices = list(ACCESSIBILITY_FEATURES)
        self.fields["schedule_days"].choices = list(services.DAYS)
        languages = list(services.LANGUAGES)
        known = {code for code, _ in languages}
        extra = [code for code in (self.initial.get("languages") or []) if code not in known]
        self.fields["languages"].choices = languages + [(code, code) for code in extra]

    def sections(self) -> list[tuple[str, list]]:
        return [(heading, [self[name] for name in names if name in self.fields]) for heading, names in self.SECTIONS]

    def clean(self):
        data = super().clean()
        try:
            services.listing_clean(self.service_data(), organisation=self.fixed_organisation)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, messages)
                elif name not in self.fields:
                    self.add_error(None, messages)
        return data

    def service_data(self) -> dict[str, Any]:
        """The cleaned values, named as ``services.LISTING_FIELDS``."""
        data = {name: value for name, value in self.cleaned_data.items() if name in services.LISTING_FIELDS}
        for name in ("minimum_age", "maximum_age"):
            if name in self.errors:
                data.pop(name, None)
        if self.fixed_organisation is not None:
            data["organisation"] = str(self.fixed_organisation.pk)
        return data

    @classmethod
    def initial_for(cls, values: dict[str, Any]) -> dict[str, Any]:
        initial = dict(values)
        for name in ("is_free", "diagnosis_required"):
            initial[name] = str(bool(values.get(name)))
        return initial


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=500, widget=forms.Textarea(attrs={"rows": "3"}))

    def __init__(self, *args, label: str, help_text: str = "", required_message: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label, field.help_text = label, help_text
        field.error_messages = {**field.error_messages, "required": required_message,
                                "max_length": "The reason must be 500 characters or fewer"}


class OrganisationForm(forms.Form):
    name = _text("Name of the organisation", max_length=250, required=True,
                 message="Enter the name of the organisation")
    description = _area("Description", required=True, message="Enter a description of the organisation")
    email = forms.EmailField(label="Email address (optional)", required=False, max_length=254,
                             help_text="Reminders to confirm its listings go here until someone from the "
                                       "organisation has an account",
                             error_messages={"invalid": "Enter an email address in the correct format, like "
                                                        "name@example.com"},
                             widget=forms.EmailInput(attrs={"spellcheck": "false"}))
    phone = _text("Phone number (optional)", max_length=40, width="govuk-input--width-20", inputmode="tel")
    website = _text("Website (optional)", max_length=200, spellcheck="false")
    charity_number = _text("Registered charity number (optional)", max_length=20, width="govuk-input--width-10",
                           help_text="From the Charity Commission register, if it is a charity")


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address", max_length=254,
        help_text="The person who will keep the organisation’s listings up to date. The link is for them only.",
        error_messages={"required": "Enter the email address of the person to invite",
                        "invalid": "Enter an email address in the correct format, like name@example.com"},
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}))


class ServiceFilterForm(forms.Form):
    """Search and filters for the editor's list of listings (GET)."""

    q = forms.CharField(label="Name or organisation", required=False, max_length=100)
    status = forms.ChoiceField(label="Running?", required=False,
                               choices=[("", "Any"), *ServiceStatus.choices])
    published = forms.ChoiceField(label="Published?", required=False, choices=[
        ("", "Any (not archived)"), ("yes", "Published"), ("no", "Not published"), ("archived", "Archived")])
    stale = forms.BooleanField(label="Only listings not confirmed in time", required=False)
    organisation = forms.ChoiceField(label="Organisation", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "Any"), *(
            (str(pk), name) for pk, name in Organisation.objects.filter(archived_on__isnull=True)
            .order_by("name").values_list("pk", "name"))]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"q": "", "status": "", "published": "", "stale": False, "organisation": ""}
        return dict(self.cleaned_data)


class PageForm(forms.Form):
    """A guide, carers' or pathway page's words. A pathway also has its three steps (universal, targeted,
    specialist: SEND Code of Practice 6.15) and "support while you wait". ``new`` adds the page's kind, short
    name and (for a pathway) area of need."""

    kind = forms.ChoiceField(label="What kind of page is it?", choices=PageKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select what kind of page it is"})
    slug = _text("Short name for its web address", max_length=80, required=True, width="govuk-input--width-20",
                 message="Enter the page's short name for its web address, like autism-pathway",
                 help_text="Lower case letters, numbers and hyphens, like autism-pathway", spellcheck="false")
    need = forms.ChoiceField(label="Area of need (pathways only)", required=False,
                             help_text="The broad area of need the pathway is about")
    title = _text("Title", max_length=200, required=True, message="Enter the page's title")
    summary = _area("Summary", required=True, rows=2,
                    message="Enter a summary: one or two sentences shown under the title and in lists",
                    help_text="One or two sentences, shown under the title and in lists of pages")
    body = _area("The page's words", rows=14,
                 help_text="Markdown: a blank line starts a new paragraph, ## starts a heading, * starts a "
                           "bullet, [words](https://example.org) is a link. HTML is not allowed.")
    while_you_wait = _area("Support while you wait (pathways, optional)", rows=6,
                           help_text="What families can do and use now, while waiting for an assessment or "
                                     "diagnosis")
    co_produced_with = _text("Written with (optional)", max_length=500,
                             help_text="Who wrote it with the council, for example “Derbyshire Parent Carer Forum”")

    def __init__(self, *args, kind: str | None = None, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.new = new
        self.kind = kind
        if not new:
            for name in ("kind", "slug", "need"):
                del self.fields[name]
        else:
            self.fields["need"].choices = [("", "Not a pathway")] + [
                (str(term.pk), term.name) for term in selectors.terms_of(vocab.NEED).filter(parent__isnull=True)
                .order_by("position")]
        if new or kind == PageKind.PATHWAY:
            for level in services.PATHWAY_LEVELS:
                words = level.capitalize()
                self.fields[f"{level}_title"] = _text(f"{words} support: title", max_length=200,
                                                      help_text="For example, “Support at school”"
                                                      if level == "targeted" else "")
                self.fields[f"{level}_body"] = _area(f"{words} support: what there is", rows=5)
                self.fields[f"{level}_next"] = _area(f"{words} support: how to get to the next step", rows=3,
                                                     help_text="" if level != "specialist" else
                                                     "For specialist support, how to ask for an EHC needs "
                                                     "assessment")
        if kind == PageKind.PATHWAY and not new:
            self.fields["body"].label = "Introduction (optional)"
        if kind not in (PageKind.PATHWAY, None) and not new:
            del self.fields["while_you_wait"]

    def step_fields(self) -> list[dict]:
        return [{"level": level, "title": self[f"{level}_title"], "body": self[f"{level}_body"],
                 "next": self[f"{level}_next"]}
                for level in services.PATHWAY_LEVELS if f"{level}_title" in self.fields]

    def steps(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [{"level": level, **{part: data.get(f"{level}_{part}", "") for part in services.STEP_PARTS}}
                for level in services.PATHWAY_LEVELS]

    def content(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"title": data.get("title", ""), "summary": data.get("summary", ""), "body": data.get("body", ""),
                "steps": self.steps(), "while_you_wait": data.get("while_you_wait", ""),
                "co_produced_with": data.get("co_produced_with", "")}

    @staticmethod
    def initial_for(revision) -> dict[str, Any]:
        if revision is None:
            return {}
        initial = {"title": revision.title, "summary": revision.summary, "body": revision.body,
                   "while_you_wait": revision.while_you_wait, "co_produced_with": revision.co_produced_with}
        for step in revision.steps or []:
            for part in services.STEP_PARTS:
                initial[f"{step.get('level')}_{part}"] = step.get(part, "")
        return initial
