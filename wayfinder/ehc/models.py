"""EHC needs assessments, their clock events, advice, consultations, exceptions, documents and plans.

The statutory deadlines are never stored. Each step of a case writes a :class:`ClockEvent` (append-only,
in the same form as the ``wayfinder clocks`` input) and the deadlines are computed from those events by
``wayfinder.statutory.assessment`` whenever they are shown (architecture principle 1). The domain rows
(:class:`Decision`, :class:`AdviceRequest`, :class:`Consultation`, :class:`AssessmentException`,
:class:`PlanVersion`) hold what people wrote; the clock events hold the dates the law counts from.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from wayfinder.core.models import BaseModel
from wayfinder.statutory.calendar import days_after, weeks_after


class RequestSource(models.TextChoices):
    """SEN2 module 2 ``RequestSource`` (data-standards §1.4)."""

    PARENT_OR_YOUNG_PERSON = "1", "Young person or parent"
    EDUCATION = "2", "School or other education setting"
    HEALTH = "3", "Health care professional"
    SOCIAL_CARE = "4", "Social care professional"
    OTHER = "5", "Other"


class AdviceSource(models.TextChoices):
    """Whose advice the authority must seek (SEND Regs 2014 reg 6(1)); values are the engine's ``from``."""

    EDUCATION = "education", "Educational advice (school, college or early years setting)"
    HEALTH = "health", "Medical advice (health care professional)"
    PSYCHOLOGY = "psychology", "Psychological advice (educational psychologist)"
    SOCIAL_CARE = "social_care", "Social care advice"
    OTHER = "other", "Other advice"


class InstitutionKind(models.TextChoices):
    SCHOOL = "school", "School"
    POST16 = "post16", "Post-16 institution"
    EARLY_YEARS = "early_years", "Early years provider"


class ClockEventKind(models.TextChoices):
    REQUEST_RECEIVED = "request_received", "Request received"
    DECISION_TO_ASSESS = "decision_to_assess", "Decision whether to assess"
    ADVICE_REQUESTED = "advice_requested", "Advice requested"
    ADVICE_RECEIVED = "advice_received", "Advice received"
    DECISION_TO_ISSUE = "decision_to_issue", "Decision whether to issue a plan"
    CONSULTATION_SENT = "consultation_sent", "Setting consulted"
    CONSULTATION_RESPONSE = "consultation_response", "Setting responded"
    DRAFT_PLAN_SERVED = "draft_plan_served", "Draft plan served"
    FINAL_PLAN_ISSUED = "final_plan_issued", "Final plan issued"
    EXCEPTION = "exception", "Exception recorded"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ExceptionKind(models.TextChoices):
    PERSONAL_CIRCUMSTANCES = "personal_circumstances", "Exceptional personal circumstances"
    ABSENCE_FROM_AREA = "absence_from_area", "Absence from the area for at least 4 weeks"
    MISSED_APPOINTMENT = "missed_appointment", "Missed appointment"


class AssessmentOrigin(models.TextChoices):
    """Why the case exists: this authority's own assessment, or a plan another authority made (reg 15)."""

    REQUEST = "request", "A request for an EHC needs assessment"
    TRANSFERRED_PLAN = "transferred_plan", "A plan transferred from another authority (reg 15)"


class Assessment(BaseModel):
    """One request for an EHC needs assessment (CAFA 2014 s36(1)) and everything that follows it.

    With ``origin`` :attr:`AssessmentOrigin.TRANSFERRED_PLAN` the row is the case of a plan transferred in from
    ``transferred_from`` under SEND Regs 2014 reg 15: it was assessed there, so it has no clock events and no
    assessment clocks here; ``received_on`` is the date of transfer. Reg 15(3)(a) treats the plan as made by
    this authority on the date the old authority made it (the ``issued_on`` of its version 1).
    """

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="assessments")
    received_on = models.DateField("date the request was received")
    request_source = models.CharField(max_length=1, choices=RequestSource.choices)
    requested_by = models.CharField("who asked", max_length=200)
    requester_setting = models.ForeignKey(
        "people.Setting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent = models.BooleanField(
        "the parent or young person agrees to the request and to information being shared", default=False
    )
    reasons = models.TextField("why the assessment is asked for")
    relevant_youth_accommodation = models.BooleanField(default=False)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    transferred_from = models.ForeignKey(
        "people.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.CharField(max_length=500, blank=True)
    origin = models.CharField(max_length=20, choices=AssessmentOrigin.choices, default=AssessmentOrigin.REQUEST)

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["caseworker", "received_on"], name="assessment_caseworker")]

    def __str__(self) -> str:
        return f"{self.reference}: {self.child}"

    @property
    def reference(self) -> str:
        return f"EHC-{self.pk:06d}" if self.pk else "EHC-new"

    @property
    def is_transferred_plan(self) -> bool:
        """A plan transferred in under reg 15: assessed by the old authority, no assessment clocks here."""
        return self.origin == AssessmentOrigin.TRANSFERRED_PLAN


class ClockEvent(models.Model):
    """A dated event a statutory clock counts from: append-only; history changes by adding an event.

    ``as_engine_event()`` gives the same object as the ``wayfinder clocks`` input (docs/reference/clocks.md).
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="clock_events")
    event = models.CharField(max_length=30, choices=ClockEventKind.choices)
    date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True)
    source = models.CharField(max_length=20, choices=AdviceSource.choices, blank=True)
    institution = models.CharField(max_length=20, choices=InstitutionKind.choices, blank=True)
    closures = models.JSONField(default=list, blank=True)
    setting = models.ForeignKey("people.Setting", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=ExceptionKind.choices, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["date", "start", "pk"]
        indexes = [models.Index(fields=["assessment", "event"], name="clock_event_kind")]

    def __str__(self) -> str:
        return f"{self.get_event_display()} {self.date or self.start}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Clock events are append-only: record a new event instead of changing one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # pragma: no cover - guard
        raise RuntimeError("Clock events are append-only.")

    def as_engine_event(self) -> dict:
        if self.event == ClockEventKind.EXCEPTION:
            out = {"event": "exception", "kind": self.kind, "start": self.start.isoformat(),
                   "end": (self.end or self.start).isoformat()}
            if self.source:
                out["from"] = self.source
            return out
        out = {"event": self.event, "date": self.date.isoformat()}
        if self.event in (ClockEventKind.DECISION_TO_ASSESS, ClockEventKind.DECISION_TO_ISSUE):
            out["outcome"] = self.outcome
        elif self.event in (ClockEventKind.ADVICE_REQUESTED, ClockEventKind.ADVICE_RECEIVED):
            out["from"] = self.source
            if self.event == ClockEventKind.ADVICE_REQUESTED and self.institution:
                out["institution"] = self.institution
                if self.closures:
                    out["institution_closures"] = self.closures
        elif self.event in (ClockEventKind.CONSULTATION_SENT, ClockEventKind.CONSULTATION_RESPONSE):
            out["setting"] = str(self.setting_id)
        return out


class DecisionKind(models.TextChoices):
    ASSESS = "assess", "Whether to carry out an assessment"
    ISSUE = "issue", "Whether to issue a plan"


class Decision(BaseModel):
    """A decision with its reasons, notified by letter (reg 5(3): a refusal states the rights of appeal)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=10, choices=DecisionKind.choices)
    outcome = models.CharField(max_length=20)
    decided_on = models.DateField("date the decision was sent")
    reasons = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decided_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "kind"], name="one_decision_of_each_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.outcome_label}"

    @property
    def positive(self) -> bool:
        return self.outcome in ("assess", "issue")

    @property
    def outcome_label(self) -> str:
        return {"assess": "assess", "not_assess": "not assess", "issue": "issue a plan",
                "not_issue": "not issue a plan"}.get(self.outcome, self.outcome)


class Document(BaseModel):
    """An uploaded file (evidence, advice): kept private, downloaded only through an audited, authorised view."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="ehc/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["created_on", "pk"]

    def __str__(self) -> str:
        return self.title


class AdviceRequest(BaseModel):
    """Advice the authority asked for (reg 6(1)); the body must give it within 6 weeks (reg 8)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="advice_requests")
    source = models.CharField(max_length=20, choices=AdviceSource.choices)
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="advice_requests"
    )
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    setting = models.ForeignKey(
        "people.Setting", null=True, blank=True, on_delete=models.PROTECT, related_name="advice_requests",
        help_text="The school, college or early years provider asked for educational advice",
    )
    requested_on = models.DateField("date the request for advice was received")
    questions = models.TextField("what the authority asks", blank=True)
    received_on = models.DateField(null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    needs = models.TextField("special educational needs, health or care needs identified", blank=True)
    outcomes = models.TextField("outcomes recommended", blank=True)
    provision = models.TextField("provision recommended", blank=True)
    no_needs_identified = models.BooleanField(default=False)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reminded_on = models.DateField(null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["requested_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} from {self.from_label}"

    @property
    def from_label(self) -> str:
        who = self.professional or self.setting or self.team
        return str(who) if who else "not yet named"

    @property
    def due_on(self) -> date:
        """``ASSESS-ADVICE-6W``: 6 weeks from the body's receipt of the request (reg 8(1)); derived, never stored."""
        return weeks_after(self.requested_on, 6)


class ConsultationResponse(models.TextChoices):
    AGREE = "agree", "We can meet the child's needs and agree to be named"
    CANNOT_MEET_NEEDS = "cannot_meet", "We cannot meet the child's needs"
    INCOMPATIBLE = "incompatible", "Attendance would not be compatible with the efficient education of others"


class Consultation(BaseModel):
    """The authority consults a setting before naming it in section I (CAFA 2014 s39(2), s40(2))."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="consultations")
    setting = models.ForeignKey("people.Setting", on_delete=models.PROTECT, related_name="consultations")
    family_preference = models.BooleanField("the family asked for this setting", default=False)
    sent_on = models.DateField()
    responded_on = models.DateField(null=True, blank=True)
    response = models.CharField(max_length=20, choices=ConsultationResponse.choices, blank=True)
    response_text = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["sent_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "setting"], name="one_consultation_per_setting")]

    def __str__(self) -> str:
        return f"Consultation with {self.setting}"

    @property
    def due_on(self) -> date:
        """``PLAN-CONSULT-15D``: the setting should respond within 15 days (Code of Practice 9.83)."""
        return days_after(self.sent_on, 15)


class AssessmentException(BaseModel):
    """An exception to a time limit (§3.1): the dates, the reason and who approved it. It never moves a date."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="exceptions")
    kind = models.CharField(max_length=30, choices=ExceptionKind.choices)
    source = models.CharField(
        max_length=20, choices=AdviceSource.choices, blank=True,
        help_text="For an exception to one body's advice (reg 8(2)); blank for the authority's own time limits",
    )
    start = models.DateField()
    end = models.DateField()
    reason = models.TextField("why it made keeping to the time limit impractical")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["start", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start:%-d %b %Y} to {self.end:%-d %b %Y}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft, not yet served"
    SERVED = "served", "Draft served on the family"
    FINAL = "final", "Final"


class Plan(BaseModel):
    """A child's EHC plan; its content lives in versions, and an issued version never changes."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="ehc_plans")
    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="plan")

    def __str__(self) -> str:
        return f"EHC plan for {self.child}"


class PlanVersion(BaseModel):
    """One version of a plan: sections A–K as structured content (``wayfinder.ehc.content``).

    ``lock_version`` is the optimistic lock: a save that started from an older lock version is refused with
    "someone else changed this", so two officers cannot overwrite each other's edits silently.
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    content = models.JSONField(default=dict)
    lock_version = models.PositiveIntegerField(default=1)
    served_on = models.DateField(null=True, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    amends = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments",
        help_text="For an amendment after a review (reg 22): the issued version it amends",
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version")]

    def __str__(self) -> str:
        return f"Version {self.number} ({self.get_status_display()})"

    @property
    def is_issued(self) -> bool:
        return self.status == PlanStatus.FINAL

    @property
    def is_amendment(self) -> bool:
        return self.amends_id is not None


class Representation(BaseModel):
    """What the family said about a served draft (reg 13(1)): views, a setting they ask for, a meeting."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="representations")
    comments = models.TextField(blank=True)
    preferred_setting = models.ForeignKey(
        "people.Setting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    wants_meeting = models.BooleanField(default=False)
    made_on = models.DateField()

    class Meta:
        ordering = ["made_on", "pk"]

    def __str__(self) -> str:
        return f"Representation on {self.made_on}"
