"""Users, teams and roles. Who may see which child is decided by policies (``policies.py``)
from these facts and from relationships held in ``people`` (caseworker, enrolment, involvement,
parental responsibility, the young person's own account)."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from wayfinder.core.models import BaseModel


class Role(models.TextChoices):
    CASEWORK_OFFICER = "casework_officer", "SEN casework officer"
    TEAM_MANAGER = "team_manager", "SEN team manager"
    PANEL_MEMBER = "panel_member", "Panel member"
    EDUCATIONAL_PSYCHOLOGIST = "educational_psychologist", "Educational psychologist"
    HEALTH_PROFESSIONAL = "health_professional", "Health professional"
    SOCIAL_CARE = "social_care", "Social care practitioner"
    SENCO = "senco", "Setting SENCO or headteacher"
    EARLY_YEARS = "early_years", "Early years practitioner"
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    STRATEGIC_LEAD = "strategic_lead", "Strategic lead or analyst"
    DIRECTORY_EDITOR = "directory_editor", "Local Offer directory editor"
    DIRECTORY_PROVIDER = "directory_provider", "Local Offer service provider"
    SYSTEM_ADMIN = "system_admin", "System administrator"


class Audience(models.TextChoices):
    """Which tree of pages a user works in (architecture principle 4)."""

    STAFF = "staff", "Local authority and partner staff"
    SETTING = "setting", "Schools, colleges and early years settings"
    FAMILY = "family", "Families and young people"
    PROVIDER = "provider", "Organisations listed in the Local Offer"


ROLE_AUDIENCE = {
    Role.SENCO: Audience.SETTING,
    Role.EARLY_YEARS: Audience.SETTING,
    Role.PARENT: Audience.FAMILY,
    Role.YOUNG_PERSON: Audience.FAMILY,
    Role.DIRECTORY_PROVIDER: Audience.PROVIDER,
}


class Scope(models.TextChoices):
    """How far a local authority caseworker's view of children reaches."""

    ALL = "all", "All children in the area"
    LOCALITY = "locality", "Children in my localities"
    TEAM = "team", "My team's caseload"
    OWN = "own", "My own caseload"
    NONE = "none", "Only children I am involved with"


DEFAULT_SCOPE = {
    Role.CASEWORK_OFFICER: Scope.TEAM,
    Role.TEAM_MANAGER: Scope.LOCALITY,
    Role.PANEL_MEMBER: Scope.NONE,
}


class TeamKind(models.TextChoices):
    SEN_CASEWORK = "sen_casework", "SEN casework"
    EDUCATIONAL_PSYCHOLOGY = "educational_psychology", "Educational psychology"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    OTHER = "other", "Other"


class Team(BaseModel):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, choices=TeamKind.choices)
    locality = models.ForeignKey("people.Locality", null=True, blank=True, on_delete=models.PROTECT)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(max_length=40, choices=Role.choices)
    scope = models.CharField(
        max_length=20, choices=Scope.choices, default=Scope.NONE,
        help_text="For local authority casework roles: which children they see without being involved.",
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    localities = models.ManyToManyField("people.Locality", blank=True, related_name="+")
    setting = models.ForeignKey(
        "people.Setting", null=True, blank=True, on_delete=models.PROTECT, related_name="staff",
        help_text="For SENCOs, headteachers and early years practitioners: the setting they work in.",
    )
    job_title = models.CharField(max_length=200, blank=True)

    objects = UserManager()

    REQUIRED_FIELDS = ["email"]

    @property
    def audience(self) -> str:
        return ROLE_AUDIENCE.get(self.role, Audience.STAFF)

    @property
    def requires_mfa(self) -> bool:
        """Staff sign-in requires a second factor (TOTP); families and settings join by invitation."""
        return self.audience == Audience.STAFF or self.is_staff or self.is_superuser

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Invitation(BaseModel):
    """A single-use link by which a family member, young person or setting user joins."""

    email = models.EmailField()
    role = models.CharField(max_length=40, choices=Role.choices)
    setting = models.ForeignKey("people.Setting", null=True, blank=True, on_delete=models.PROTECT)
    carer = models.ForeignKey("people.Carer", null=True, blank=True, on_delete=models.PROTECT)
    child = models.ForeignKey("people.Child", null=True, blank=True, on_delete=models.PROTECT)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_on = models.DateTimeField()
    accepted_on = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_usable(self) -> bool:
        return self.accepted_on is None and self.archived_on is None and self.expires_on > timezone.now()
