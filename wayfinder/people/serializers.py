"""API representations of children, carers and settings.

Serializers check types only (a date is a date, a code is on its list, an id exists). The domain
rules — identifier checks, a date of birth in the past, the age range — live in the models'
``clean()`` and run in the services' ``full_clean()``, so the API, forms and imports share one rule
and one message. Identifier fields are therefore plain text here with only a generous length limit
(``943 476 5870`` is a good NHS number that the model normalises to 10 digits), so a wrong one gets the
model's message saying where the fault is, not a length error.
"""

from rest_framework import serializers

from wayfinder.accounts.models import Role, User
from wayfinder.api.fields import CodeField

from .codes import SENType
from .models import Carer, Child, ChildCarer, Locality, Setting
from .policies import ChildPolicy

IDENTIFIER_FIELDS = ("upn", "uln", "nhs_number")
CASEWORKER_ROLES = (Role.CASEWORK_OFFICER, Role.TEAM_MANAGER)


def _required(message: str) -> dict[str, str]:
    """The model's own wording for a missing name, not DRF's "This field is required."."""
    return {"required": message, "blank": message}


def identifier_field(help_text: str) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=40, help_text=help_text)


class ChildSerializer(serializers.ModelSerializer):
    legal_forename = serializers.CharField(
        max_length=100, error_messages=_required("Enter the child's legal first name")
    )
    legal_surname = serializers.CharField(
        max_length=100, error_messages=_required("Enter the child's legal last name")
    )
    date_of_birth = serializers.DateField(
        help_text="YYYY-MM-DD. Must be today or in the past, and the child or young person aged 0 to 25.",
        error_messages={
            "required": "Enter the date of birth",
            "invalid": "Enter the date of birth as a real date in the form YYYY-MM-DD",
        },
    )
    display_name = serializers.CharField(read_only=True, help_text="Preferred (or legal) first name and last name")
    age = serializers.IntegerField(read_only=True, help_text="Age in whole years today")
    makes_own_decisions = serializers.BooleanField(
        read_only=True,
        help_text="Aged 16 or over and not lacking capacity: decisions rest with the young person "
        "(Children and Families Act 2014 s80).",
    )
    upn = identifier_field("Unique Pupil Number: 13 characters, check letter first. Spaces are ignored.")
    uln = identifier_field("Unique Learner Number: 10 digits.")
    nhs_number = identifier_field("NHS number: 10 digits; spaces and hyphens are ignored.")
    postcode = identifier_field("UK postcode; stored upper-case with one space, e.g. DE4 3AG.")
    primary_need = CodeField(SENType, required=False, allow_blank=True, help_text="Primary type of need")
    secondary_need = CodeField(
        SENType, required=False, allow_blank=True, help_text="Secondary type of need (not the same as the primary)"
    )
    locality = serializers.PrimaryKeyRelatedField(
        queryset=Locality.objects.filter(archived_on__isnull=True), required=False, allow_null=True,
        help_text="Locality id",
    )
    caseworker = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True, role__in=CASEWORKER_ROLES), required=False, allow_null=True,
        help_text="User id of the SEN casework officer or team manager holding the case",
    )

    class Meta:
        model = Child
        fields = [
            "id", "legal_forename", "legal_surname", "preferred_name", "display_name", "date_of_birth", "age",
            "sex", "ethnicity", "upn", "upn_unknown_reason", "uln", "nhs_number", "postcode", "locality",
            "sen_status", "primary_need", "secondary_need", "known_to_social_care", "disability",
            "lacks_capacity", "makes_own_decisions", "caseworker", "created_on", "modified_on", "archived_on",
        ]
        read_only_fields = ["id", "created_on", "modified_on", "archived_on"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not ChildPolicy.can(request.user, "view_identifiers"):
            for name in IDENTIFIER_FIELDS:
                data[name] = ""
        return data


class CarerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Carer
        fields = [
            "id", "given_name", "family_name", "email", "phone", "address", "postcode", "contact_preference",
            "needs_interpreter", "interpreter_language", "easy_read", "large_print", "created_on", "modified_on",
        ]
        read_only_fields = fields


class ChildCarerSerializer(serializers.ModelSerializer):
    """A carer as linked to one child: who they are and how they are related."""

    carer = CarerSerializer(read_only=True)

    class Meta:
        model = ChildCarer
        fields = ["id", "carer", "relationship", "parental_responsibility", "young_person_consents", "is_main_contact"]
        read_only_fields = fields


class SettingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Setting
        fields = [
            "id", "name", "setting_type", "phase", "urn", "ukprn", "dfe_number", "age_low", "age_high", "locality",
            "postcode", "address", "email", "phone",
        ]
        read_only_fields = fields
