"""The Local Offer directory (Children and Families Act 2014 s30; SEND Regulations 2014 regs 53–57 and
Schedule 2; SEND Code of Practice chapter 4), the guide and pathway pages, and the carers' one-stop shop.

The shapes follow Open Referral UK (HSDS 3.0, UK profile), so the public API in ``oruk`` is a view of
these rows, not a second copy: organisations, services, locations, a service at a location, schedules,
cost options, contacts, and taxonomies with their terms. Identifiers are UUIDs because the standard's
identifiers are strings that stay the same when a feed is copied between publishers.

What a provider submits never changes a published listing: it is held as a :class:`ListingChange` until a
directory editor approves it (issue: "nothing a provider submits is public before review").
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from wayfinder.core.models import BaseModel

#: The oldest age the Local Offer covers (0–25, CAFA 2014 s30(1)); ages are whole years.
MAX_AGE = 25


class Taxonomy(BaseModel):
    """A vocabulary of terms (ORUK ``taxonomy``): areas of need, Local Offer headings, service categories…"""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(max_length=50, unique=True, help_text="Short name used in addresses, e.g. need")
    name = models.CharField(max_length=200)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(BaseModel):
    """One term of a taxonomy (ORUK ``taxonomy_term``); a term may sit under a parent term (SEN types under
    their broad area of need)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    code = models.SlugField(max_length=80, help_text="Short name used in addresses and filters, e.g. autism")
    name = models.CharField(max_length=200)
    description = models.TextField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    term_uri = models.URLField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["taxonomy__name", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["taxonomy", "code"], name="directory_term_code_unique")]

    def __str__(self) -> str:
        return self.name


class Organisation(BaseModel):
    """Who provides services (ORUK ``organization``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=250)
    description = models.TextField()
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    charity_number = models.CharField(max_length=20, blank=True, help_text="Charity Commission number, if any")
    source = models.CharField(max_length=300, blank=True,
                              help_text="The Open Referral feed this came from, if imported")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(BaseModel):
    """Where a service happens (ORUK ``location`` with one address and its accessibility)."""

    class Kind(models.TextChoices):
        PHYSICAL = "physical", "A place you visit"
        VIRTUAL = "virtual", "Online or by phone"
        POSTAL = "postal", "Postal address only"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="locations")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PHYSICAL)
    name = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    address_1 = models.CharField(max_length=250, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True, default="Derbyshire")
    postcode = models.CharField(max_length=10, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    locality = models.ForeignKey("people.Locality", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    accessibility = models.JSONField(
        default=list, blank=True, help_text="Codes from ACCESSIBILITY_FEATURES, e.g. step_free, hearing_loop")
    accessibility_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


#: Venue accessibility the public can filter on: (code, words shown on the page).
ACCESSIBILITY_FEATURES: tuple[tuple[str, str], ...] = (
    ("step_free", "Step-free access"),
    ("accessible_toilet", "Accessible toilet"),
    ("changing_places", "Changing Places toilet"),
    ("hearing_loop", "Hearing loop"),
    ("quiet_space", "Quiet space or sensory room"),
    ("parking", "Accessible parking"),
    ("bsl", "British Sign Language on request"),
)


class ServiceStatus(models.TextChoices):
    """ORUK ``service.status`` values."""

    ACTIVE = "active", "Running"
    INACTIVE = "inactive", "Not running at the moment"
    DEFUNCT = "defunct", "Closed"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class AccessRoute(models.TextChoices):
    """How a family gets to a service (issue: "self-referral, via school, via GP")."""

    SELF_REFERRAL = "self_referral", "You can contact them yourself"
    VIA_SCHOOL = "via_school", "Through your school, college or nursery"
    VIA_GP = "via_gp", "Through your GP or health visitor"
    VIA_PROFESSIONAL = "via_professional", "A professional refers you (for example social care or a paediatrician)"
    VIA_EHC_PLAN = "via_ehc_plan", "Named in an EHC plan"


class PlanRequirement(models.TextChoices):
    """Whether a service needs an EHC plan: most support does not (CoP 4.2; 6.15)."""

    ANY = "any", "With or without an EHC plan"
    PLAN_ONLY = "plan_only", "Only with an EHC plan"


class Service(BaseModel):
    """A service in the Local Offer (ORUK ``service``), with the eligibility families search by.

    ``published`` is the editor's switch: a listing a provider proposed is not public until an editor
    approves it. ``last_confirmed_on`` is when the provider or an editor last said it is still right; a
    listing is *stale* once ``confirm_every_days`` have passed since then (``is_stale``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=250)
    description = models.TextField()
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    fees = models.CharField(max_length=500, blank=True, help_text="What it costs, in words; blank if it is free")
    is_free = models.BooleanField(default=True)
    minimum_age = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(MAX_AGE)])
    maximum_age = models.PositiveSmallIntegerField(default=MAX_AGE, validators=[MaxValueValidator(MAX_AGE)])
    eligibility = models.TextField(blank=True, help_text="Who it is for, in words")
    plan_requirement = models.CharField(max_length=20, choices=PlanRequirement.choices, default=PlanRequirement.ANY)
    diagnosis_required = models.BooleanField(default=False, help_text="Only for children with a diagnosis")
    access_routes = models.JSONField(default=list, blank=True, help_text="AccessRoute codes")
    how_to_access = models.TextField(blank=True, help_text="How to get this service, in words")
    languages = models.JSONField(default=list, blank=True, help_text="ISO 639-1 codes, e.g. en, pl, ur")
    localities = models.ManyToManyField("people.Locality", blank=True, related_name="+",
                                        help_text="The localities it serves; none means the whole county")
    terms = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="services")
    alert = models.CharField(max_length=500, blank=True, help_text="A short notice shown at the top of the listing")
    published = models.BooleanField(default=False)
    last_confirmed_on = models.DateField(default=date.today)
    confirm_every_days = models.PositiveSmallIntegerField(
        default=182, validators=[MinValueValidator(30), MaxValueValidator(730)],
        help_text="How often the provider is asked to confirm the listing is still right")
    source = models.CharField(max_length=300, blank=True,
                              help_text="The Open Referral feed this came from, if imported")

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["published", "status"], name="directory_service_public")]

    def __str__(self) -> str:
        return self.name

    @property
    def confirm_by(self) -> date:
        return self.last_confirmed_on + timedelta(days=self.confirm_every_days)

    def is_stale(self, on: date | None = None) -> bool:
        return (on or date.today()) > self.confirm_by

    @property
    def is_public(self) -> bool:
        return self.published and self.archived_on is None


class ServiceAtLocation(BaseModel):
    """A service delivered at a location (ORUK ``service_at_location``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="service_at_locations")

    class Meta:
        ordering = ["service__name", "location__name"]
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="directory_sal_unique")]


class Schedule(BaseModel):
    """When a service runs (ORUK ``schedule``: a weekly rule with opening and closing times)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="schedules")
    service_at_location = models.ForeignKey(ServiceAtLocation, null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="schedules")
    byday = models.CharField(max_length=40, blank=True, help_text="iCalendar days, e.g. MO,WE,FR")
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    description = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["service", "byday", "opens_at"]


class CostOption(BaseModel):
    """A price (ORUK ``cost_option``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="cost_options")
    option = models.CharField(max_length=250)
    amount = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(max_length=250, blank=True)


class Contact(BaseModel):
    """A named contact for a service (ORUK ``contact``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)


class ProviderInvitation(BaseModel):
    """The organisation an invited provider account speaks for. Accepting the ``accounts`` invitation
    makes the account a member: the membership is this row with its invitation accepted."""

    invitation = models.OneToOneField("accounts.Invitation", on_delete=models.PROTECT, related_name="provider")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="provider_invitations")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    APPROVED = "approved", "Approved and published"
    REJECTED = "rejected", "Not accepted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ListingChange(BaseModel):
    """A provider's proposed listing, new or changed, held back from the public until an editor decides.

    ``data`` holds the proposed field values in the form of the listing form (see ``services.LISTING_FIELDS``);
    ``base`` the published values when it was proposed, so the editor sees exactly what would change.
    """

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="changes")
    is_new = models.BooleanField(default=False)
    data = models.JSONField()
    base = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PENDING)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_on = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why it was not accepted, shown to the provider")

    class Meta:
        ordering = ["created_on"]
        constraints = [models.UniqueConstraint(fields=["service"], condition=models.Q(status="pending"),
                                               name="directory_one_pending_change")]


class ReconfirmReminder(BaseModel):
    """A dated request to a provider to confirm their listing is still right (the reconfirmation schedule)."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="reminders")
    sent_on = models.DateField()
    sent_to = models.EmailField(blank=True)

    class Meta:
        ordering = ["-sent_on"]


class PostcodeCentroid(models.Model):
    """Where a postcode or postcode district is (latitude and longitude), for "near a postcode".

    Loaded by ``wayfinder manage directory_load_postcodes``: the postcode districts file, or a full
    postcode directory (for example ONS's) when the council has one; a full postcode falls back to its
    district."""

    class Kind(models.TextChoices):
        DISTRICT = "district", "Postcode district"
        UNIT = "unit", "Full postcode"

    code = models.CharField(max_length=10, primary_key=True, help_text="Upper case; a full postcode with one space")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    place = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return self.code


# ------------------------------------------------------------------------------------ guide and pathway pages


class PageKind(models.TextChoices):
    PATHWAY = "pathway", "Pathway for an area of need"
    GUIDE = "guide", "Guide to the SEND system"
    CARERS = "carers", "Carers' information"


class Page(BaseModel):
    """A content page of the Local Offer; its words are in :class:`PageRevision` rows. The public sees
    the latest published revision; an editor previews a draft before publishing it."""

    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=PageKind.choices)
    need = models.ForeignKey(TaxonomyTerm, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             help_text="For a pathway: the broad area of need it is about")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "slug"]

    def __str__(self) -> str:
        return self.slug

    def published_revision(self) -> PageRevision | None:
        return self.revisions.filter(published_on__isnull=False).order_by("-published_on", "-pk").first()

    def latest_revision(self) -> PageRevision | None:
        return self.revisions.order_by("-created_on", "-pk").first()


class PageRevision(BaseModel):
    """One version of a page's words, append-only: editing writes a new revision.

    ``body`` and each step's text are Markdown (no HTML). A pathway's ``steps`` is a list of
    ``{"level": "universal"|"targeted"|"specialist", "title", "body", "next"}`` (what is there and how to
    get to the next step); ``while_you_wait`` is the support while waiting for an assessment.
    """

    page = models.ForeignKey(Page, on_delete=models.PROTECT, related_name="revisions")
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    steps = models.JSONField(default=list, blank=True)
    while_you_wait = models.TextField(blank=True)
    co_produced_with = models.CharField(max_length=500, blank=True,
                                        help_text="Who wrote it with the council, e.g. the parent carer forum")
    published_on = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        ordering = ["-created_on"]


# ---------------------------------------------------------------------------------- the carers' one-stop shop


class CarerRelationship(models.TextChoices):
    PARENT_CARER = "parent_carer", "I am a parent carer of a disabled child or young person"
    YOUNG_CARER = "young_carer", "I am a young carer (under 18)"
    ADULT_CARER = "adult_carer", "I care for an adult"
    PROFESSIONAL = "professional", "I am asking for someone I support"


class Question(BaseModel):
    """An "ask us" question: asked once, owned by a named team, answered within a promised number of
    working days (``WAYFINDER_ASK_US_DAYS``). The asker follows it by its reference and a private link.

    The answer-by date and escalation are derived from ``received_on`` (architecture principle 1), never
    stored as counters."""

    reference = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    relationship = models.CharField(max_length=20, choices=CarerRelationship.choices)
    topic = models.ForeignKey(TaxonomyTerm, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    question = models.TextField()
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", help_text="The named person answering it")
    received_on = models.DateField()
    read_on = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True)
    answered_on = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"Question {self.reference}"


class CarerAssessmentKind(models.TextChoices):
    CARER = "carer", "Carer's assessment (an adult caring for an adult, Care Act 2014 s10)"
    PARENT_CARER = "parent_carer", "Parent carer needs assessment (Children Act 1989 s17ZD)"
    YOUNG_CARER = "young_carer", "Young carer's needs assessment (Children Act 1989 s17ZA)"


class CarerAssessmentStage(models.TextChoices):
    RECEIVED = "received", "Request received"
    CONTACTED = "contacted", "We have contacted you to arrange it"
    BOOKED = "booked", "Assessment booked"
    COMPLETED = "completed", "Assessment done: support plan sent"
    CLOSED = "closed", "Closed"


class CarerAssessmentRequest(BaseModel):
    """A request for a carer's assessment; where it has got to is its latest :class:`CarerAssessmentStep`."""

    reference = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=CarerAssessmentKind.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    cared_for = models.CharField(max_length=500, help_text="Who they care for, in their words")
    caring_role = models.TextField(help_text="What their caring involves and what would help")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField()

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"Carer's assessment request {self.reference}"


class CarerAssessmentStep(BaseModel):
    """A dated step of a carer's assessment request, append-only; the latest is where it is."""

    request = models.ForeignKey(CarerAssessmentRequest, on_delete=models.PROTECT, related_name="steps")
    stage = models.CharField(max_length=20, choices=CarerAssessmentStage.choices)
    on = models.DateField()
    note = models.TextField(blank=True, help_text="What the carer is told about this step")

    class Meta:
        ordering = ["on", "pk"]
