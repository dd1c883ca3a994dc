"""Children and young people (0–25), their families and carers, settings and localities.

Identifiers are stored as normalised strings (data-standards.md §3) and validated in ``clean()``
so that forms, the API and imports share one rule and one message.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from wayfinder.core.dates import age_on, today
from wayfinder.core.models import BaseModel

from . import identifiers
from .codes import (
    ContactMethod,
    Ethnicity,
    Phase,
    ProvisionKind,
    Relationship,
    SENStatus,
    SENType,
    SettingType,
    Sex,
    UPNUnknown,
)


def search_key(value: str) -> str:
    """Lower-case, accent- and punctuation-free form used for indexed prefix search."""
    import unicodedata

    text = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode()
    return "".join(ch for ch in text.lower() if ch.isalnum())


class NormalisedIdentifiers(models.Model):
    """Normalises identifier fields (UPN, NHS number, postcode…) before Django's own field checks, so
    ``943 476 5870`` is stored as ``9434765870`` and a bad value gets one message saying where the
    fault is (data-standards.md §3), not a length error."""

    identifier_fields: dict[str, str] = {}

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors: dict[str, list[str]] = {}
        for field, normaliser in self.identifier_fields.items():
            value = (getattr(self, field) or "").strip()
            if not value:
                setattr(self, field, "")
                continue
            try:
                setattr(self, field, getattr(identifiers, normaliser)(value))
            except identifiers.IdentifierError as exc:
                errors[field] = [str(exc)]
        try:
            super().clean_fields(exclude=set(exclude or ()) | set(errors))
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


class Locality(BaseModel):
    """A planning and casework area of the local authority. Localities are data, not code."""

    name = models.CharField(max_length=200, unique=True)
    code = models.SlugField(max_length=50, unique=True)
    description = models.TextField(blank=True)
    postcode_districts = models.JSONField(
        default=list, blank=True, help_text="Outward codes (e.g. DE4) that fall mainly in this locality."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.name


class LocalAuthority(models.Model):
    """English local authorities with dated codes (data-standards.md §3.5): never derive from prefixes."""

    code = models.CharField(max_length=3, help_text="DfE 3-digit LA code, e.g. 830")
    gss_code = models.CharField(max_length=9, blank=True, help_text="ONS GSS code, e.g. E10000007")
    name = models.CharField(max_length=200)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"
        constraints = [models.UniqueConstraint(fields=["code", "gss_code"], name="unique_la_code_pair")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Setting(NormalisedIdentifiers, BaseModel):
    """A school, college or early years provider."""

    identifier_fields = {"urn": "normalise_urn", "ukprn": "normalise_ukprn", "postcode": "normalise_postcode"}

    name = models.CharField(max_length=300)
    setting_type = models.CharField(max_length=30, choices=SettingType.choices)
    phase = models.CharField(max_length=20, choices=Phase.choices)
    urn = models.CharField("URN", max_length=6, blank=True, help_text="Six-digit GIAS unique reference number")
    ukprn = models.CharField("UKPRN", max_length=8, blank=True, help_text="Eight-digit UK provider reference")
    dfe_number = models.CharField(
        "DfE number", max_length=7, blank=True, help_text="LA code and establishment number, e.g. 8302000"
    )
    age_low = models.PositiveSmallIntegerField(null=True, blank=True)
    age_high = models.PositiveSmallIntegerField(null=True, blank=True)
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.PROTECT, related_name="settings")
    local_authority = models.ForeignKey(LocalAuthority, null=True, blank=True, on_delete=models.PROTECT)
    postcode = models.CharField(max_length=8, blank=True)
    address = models.CharField(max_length=300, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["urn"], condition=~models.Q(urn=""), name="unique_setting_urn"),
            models.UniqueConstraint(fields=["ukprn"], condition=~models.Q(ukprn=""), name="unique_setting_ukprn"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors: dict[str, str] = {}
        if self.dfe_number and not (len(self.dfe_number) == 7 and self.dfe_number.isdigit()):
            errors["dfe_number"] = "Enter the DfE number as 7 digits: the 3-digit LA code then the 4-digit number"
        if self.age_low is not None and self.age_high is not None and self.age_low > self.age_high:
            errors["age_high"] = "The oldest age must be the same as or more than the youngest age"
        if errors:
            raise ValidationError(errors)


class ResourcedProvision(BaseModel):
    """A resourced provision (enhanced resource school) or SEN unit within a mainstream setting."""

    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="resourced_provisions")
    kind = models.CharField(max_length=20, choices=ProvisionKind.choices)
    specialism = models.CharField(max_length=4, choices=SENType.choices)
    commissioned_places = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["setting__name", "specialism"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_specialism_display()}) at {self.setting}"


class Child(NormalisedIdentifiers, BaseModel):
    """A child or young person aged 0–25 known to the SEND system."""

    identifier_fields = {
        "upn": "normalise_upn", "uln": "normalise_uln", "nhs_number": "normalise_nhs_number",
        "postcode": "normalise_postcode",
    }

    legal_forename = models.CharField("legal first name", max_length=100)
    legal_surname = models.CharField("legal last name", max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    upn = models.CharField("UPN", max_length=13, blank=True, db_index=True)
    upn_unknown_reason = models.CharField(max_length=4, choices=UPNUnknown.choices, blank=True)
    uln = models.CharField("ULN", max_length=10, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    address = models.CharField(max_length=300, blank=True)
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    home_local_authority = models.ForeignKey(LocalAuthority, null=True, blank=True, on_delete=models.PROTECT)
    first_language = models.CharField(max_length=100, blank=True, default="English")
    communication_needs = models.TextField(blank=True)
    disability = models.BooleanField(default=False)
    known_to_social_care = models.BooleanField("known to children's social care", default=False)
    lacks_capacity = models.BooleanField(
        default=False,
        help_text="A young person aged 16 or over makes their own decisions unless they lack capacity "
        "(Children and Families Act 2014 s80; Mental Capacity Act 2005).",
    )
    sen_status = models.CharField("SEN status", max_length=1, choices=SENStatus.choices, default=SENStatus.NONE)
    primary_need = models.CharField(max_length=4, choices=SENType.choices, blank=True)
    secondary_need = models.CharField(max_length=4, choices=SENType.choices, blank=True)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="caseload"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="own_record",
        help_text="The young person's own sign-in, if they have one.",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records", editable=False
    )
    surname_key = models.CharField(max_length=100, editable=False, db_index=True)
    forename_key = models.CharField(max_length=100, editable=False)

    class Meta:
        ordering = ["legal_surname", "legal_forename", "id"]
        verbose_name_plural = "children"
        indexes = [
            models.Index(fields=["surname_key", "forename_key"], name="child_name_search"),
            # A first-name search must not scan the table (PostgreSQL has no skip scan before 18).
            models.Index(fields=["forename_key", "surname_key"], name="child_forename_search"),
            models.Index(fields=["date_of_birth"], name="child_dob"),
            models.Index(Lower("postcode"), "date_of_birth", name="child_postcode_dob"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        self.surname_key = search_key(self.legal_surname)[:100]
        self.forename_key = search_key(self.preferred_name or self.legal_forename)[:100]
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        forename = self.preferred_name or self.legal_forename
        return f"{forename} {self.legal_surname}"

    @property
    def legal_name(self) -> str:
        return f"{self.legal_forename} {self.legal_surname}"

    def age(self, on: date | None = None) -> int:
        return age_on(self.date_of_birth, on or today())

    @property
    def makes_own_decisions(self) -> bool:
        """From 16 (end of compulsory school age onwards) rights pass to the young person unless they
        lack capacity (CAFA 2014 s80; SEND Code of Practice 8.13–8.15)."""
        return self.age() >= 16 and not self.lacks_capacity

    @property
    def nhs_number_display(self) -> str:
        return identifiers.format_nhs_number(self.nhs_number) if self.nhs_number else ""

    def clean(self):
        errors: dict[str, str] = {}
        if not self.legal_forename or not self.legal_forename.strip():
            errors["legal_forename"] = "Enter the child's legal first name"
        if not self.legal_surname or not self.legal_surname.strip():
            errors["legal_surname"] = "Enter the child's legal last name"
        if self.date_of_birth:
            now = today()
            if self.date_of_birth > now:
                errors["date_of_birth"] = "Date of birth must be today or in the past"
            elif age_on(self.date_of_birth, now) > 25:
                errors["date_of_birth"] = "Wayfinder holds records for children and young people aged 0 to 25"
        if self.upn and self.upn_unknown_reason:
            errors["upn_unknown_reason"] = "Leave the reason blank when the UPN is known"
        if self.secondary_need and self.secondary_need == self.primary_need:
            errors["secondary_need"] = "The secondary need must be different from the primary need"
        if errors:
            raise ValidationError(errors)


class Carer(NormalisedIdentifiers, BaseModel):
    """A parent, carer or other family member. One carer may be linked to several children."""

    identifier_fields = {"postcode": "normalise_postcode"}

    given_name = models.CharField("first name", max_length=100)
    family_name = models.CharField("last name", max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    contact_preference = models.CharField(max_length=10, choices=ContactMethod.choices, default=ContactMethod.EMAIL)
    needs_interpreter = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=100, blank=True)
    easy_read = models.BooleanField(default=False)
    large_print = models.BooleanField(default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="carer_profile"
    )

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def clean(self):
        errors: dict[str, str] = {}
        if self.needs_interpreter and not self.interpreter_language:
            errors["interpreter_language"] = "Enter the language the interpreter should speak"
        if self.contact_preference == ContactMethod.EMAIL and not self.email:
            errors["email"] = "Enter an email address, or choose another way to be contacted"
        if self.contact_preference in (ContactMethod.SMS, ContactMethod.PHONE) and not self.phone:
            errors["phone"] = "Enter a phone number, or choose another way to be contacted"
        if self.contact_preference == ContactMethod.POST and not (self.address and self.postcode):
            errors["address"] = "Enter an address and postcode, or choose another way to be contacted"
        if errors:
            raise ValidationError(errors)


class ChildCarer(BaseModel):
    """How a carer is related to a child, and whether they hold parental responsibility."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="carer_links")
    carer = models.ForeignKey(Carer, on_delete=models.PROTECT, related_name="child_links")
    relationship = models.CharField(max_length=30, choices=Relationship.choices)
    parental_responsibility = models.BooleanField(default=True)
    young_person_consents = models.BooleanField(
        default=False,
        help_text="For a young person who makes their own decisions: they agree this carer may see their record.",
    )
    is_main_contact = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_main_contact", "id"]
        constraints = [models.UniqueConstraint(fields=["child", "carer"], name="unique_child_carer")]


class Enrolment(BaseModel):
    """A child on the roll of a setting between two dates."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="enrolments")
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="enrolments")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    resourced_provision = models.ForeignKey(ResourcedProvision, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["setting", "end_date"], name="enrolment_setting_current")]

    def __str__(self) -> str:
        return f"On roll at {self.setting} from {self.start_date:%-d %B %Y}"

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The leaving date must be the same as or after the start date"})


class Involvement(BaseModel):
    """A professional or team working with a child (educational psychologist, therapist, social worker…)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="involvements")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="involvements"
    )
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    role_description = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(team__isnull=False),
                name="involvement_has_user_or_team",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user or self.team} ({self.role_description})"

    def clean(self):
        errors = {}
        if not self.user_id and not self.team_id:
            errors["user"] = "Choose the professional or the team who is involved"
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must be the same as or after the start date"
        if errors:
            raise ValidationError(errors)


class PossibleDuplicate(BaseModel):
    """Two records that may be the same child, flagged on entry for a staff member to resolve."""

    class Reason(models.TextChoices):
        SAME_UPN = "same_upn", "Same UPN"
        SAME_NAME_DOB_POSTCODE = "same_name_dob_postcode", "Same name, date of birth and postcode"

    class Resolution(models.TextChoices):
        MERGED = "merged", "Merged"
        NOT_DUPLICATE = "not_duplicate", "Not the same child"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="duplicate_flags")
    other = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=40, choices=Reason.choices)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)
    resolved_on = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["-created_on"]


class Closure(BaseModel):
    """A period when schools are closed: the local authority's default term dates (no setting) or a
    setting's own (academies set their own term dates). Used for the reg 10(4)(a)/(b) closure
    exception to the 6-, 16- and 20-week clocks (SEND Regs 2014 regs 5(4), 10(4), 13(3))."""

    class Mode(models.TextChoices):
        REPLACE = "replace", "Use this setting's own term dates instead of the local authority's"
        ADD = "add", "Add these closures to the local authority's term dates"

    setting = models.ForeignKey(Setting, null=True, blank=True, on_delete=models.PROTECT, related_name="closures")
    start_date = models.DateField(help_text="First day closed")
    end_date = models.DateField(help_text="Last day closed")
    label = models.CharField(max_length=200, blank=True)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.REPLACE)

    class Meta:
        ordering = ["start_date"]

    def __str__(self) -> str:
        return self.label or f"Closed {self.start_date} to {self.end_date}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The last day closed must be the same as or after the first day"})
