"""Keeping plans alive: reviews and amendments, ceasing, transfers between authorities, disagreements, and
the provision a plan promises confirmed as delivered, term by term.

As in ``ehc``, statutory deadlines are never stored. A review writes append-only :class:`ReviewEvent` rows
in the form of the ``wayfinder clocks`` input for ``"process": "annual_review"``, and a disagreement writes
:class:`DisagreementEvent` rows for ``"process": "disagreement"``; the clocks are computed from them by
``wayfinder.statutory`` whenever they are shown (architecture principle 1).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from wayfinder.core.models import BaseModel
from wayfinder.ehc.models import AdviceSource, ConsultationResponse


class ReviewKind(models.TextChoices):
    ANNUAL = "annual", "Annual review"
    INTERIM = "interim", "Interim review (earlier than 12 months)"
    EMERGENCY = "emergency", "Emergency review"
    PHASE_TRANSFER = "phase_transfer", "Phase transfer review"


class ReviewOutcome(models.TextChoices):
    """SEN2 ``ReviewOutcome`` (data-standards §1.3: the meanings are published, the codes are not)."""

    MAINTAIN = "maintain", "Maintain the plan as it is"
    AMEND = "amend", "Amend the plan"
    CEASE = "cease", "Cease to maintain the plan"


class CeaseReason(models.TextChoices):
    """SEN2 ``CeaseReason`` (data-standards §1.4)."""

    MAXIMUM_AGE = "1", "Reached the maximum age"
    NEEDS_MET_WITHOUT_PLAN = "2", "Education or training needs met without a plan"
    HIGHER_EDUCATION = "3", "Moved on to higher education"
    PAID_EMPLOYMENT = "4", "Moved on to paid employment (not an apprenticeship)"
    TRANSFERRED = "5", "Transferred to another local authority in England"
    NO_LONGER_ENGAGING = "6", "The young person no longer wishes to engage in education or training"
    MOVED_OUTSIDE_ENGLAND = "7", "Moved outside England"
    DIED = "8", "Died"
    OTHER = "9", "Other"


class ReviewEventKind(models.TextChoices):
    """The dated events of one review, named as in the ``annual_review`` clocks input."""

    MEETING_ARRANGED = "review_meeting_arranged", "Meeting arranged"
    INVITATIONS_SENT = "review_invitations_sent", "Invitations sent"
    ADVICE_CIRCULATED = "review_advice_circulated", "Advice circulated"
    MEETING_HELD = "review_meeting_held", "Meeting held"
    REPORT_SENT = "review_report_sent", "Review report sent"
    DECISION_SENT = "review_decision_sent", "Decision sent"
    PROPOSALS_SENT = "amendment_proposals_sent", "Proposed amendments sent"
    FINAL_AMENDED_PLAN = "final_amended_plan_issued", "Final amended plan issued"
    NOT_TO_AMEND = "decision_not_to_amend", "Decided not to amend after all"
    PLAN_ENDED = "plan_ended", "Plan ended"


class Review(BaseModel):
    """One review of a plan (CAFA 2014 s44; SEND Regs 2014 regs 18–22) and the amendment that may follow.

    ``anchor_on`` is the date its 12 months run from: the date the plan was first issued (``first``) or the
    date the previous review's decision was sent (statutory-timescales Q6). ``meeting_on`` is the date the
    meeting is arranged for; the dates that count are the :class:`ReviewEvent` rows.
    """

    plan = models.ForeignKey("ehc.Plan", on_delete=models.PROTECT, related_name="reviews")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=20, choices=ReviewKind.choices, default=ReviewKind.ANNUAL)
    reason = models.TextField("why this review is held early", blank=True)
    anchor_on = models.DateField("date the 12 months run from")
    first = models.BooleanField("the 12 months run from the plan's first issue", default=False)
    anchor_outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices, blank=True)
    setting = models.ForeignKey(
        "people.Setting", null=True, blank=True, on_delete=models.PROTECT, related_name="reviews",
        help_text="The school, college or early years setting that convenes the review (reg 20(1))",
    )
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    meeting_on = models.DateField("date of the meeting", null=True, blank=True)
    meeting_place = models.CharField(max_length=300, blank=True)
    transfer_kind = models.CharField(max_length=30, blank=True, help_text="For a phase transfer review")
    transfer_on = models.DateField(null=True, blank=True, help_text="For a phase transfer review: the move")
    outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices, blank=True)
    decision_reasons = models.TextField(blank=True)
    decided_on = models.DateField("date the decision letter was sent", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amendment = models.OneToOneField(
        "ehc.PlanVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="review",
        help_text="The amendment proposed after this review: a new version of the plan",
    )

    class Meta:
        ordering = ["-anchor_on", "-pk"]
        indexes = [models.Index(fields=["plan", "anchor_on"], name="review_plan_anchor")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.plan}"

    @property
    def reference(self) -> str:
        return f"REV-{self.pk:06d}" if self.pk else "REV-new"


class ReviewEvent(models.Model):
    """A dated event a review's clocks count from: append-only; history changes by adding an event."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="events")
    event = models.CharField(max_length=30, choices=ReviewEventKind.choices)
    date = models.DateField()
    outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices, blank=True)
    meeting_date = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["review", "event"], name="review_event_kind")]

    def __str__(self) -> str:
        return f"{self.get_event_display()} {self.date}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Review events are append-only: record a new event instead of changing one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # pragma: no cover - guard
        raise RuntimeError("Review events are append-only.")

    def as_engine_event(self) -> dict:
        out = {"event": self.event, "date": self.date.isoformat()}
        if self.event == ReviewEventKind.DECISION_SENT:
            out["outcome"] = self.outcome
        elif self.event == ReviewEventKind.MEETING_ARRANGED:
            out["meeting_date"] = self.meeting_date.isoformat()
        return out


class InviteeKind(models.TextChoices):
    """Who reg 20(2) / 21(2) says must be invited."""

    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "The young person"
    SETTING = "setting", "The school, college or setting"
    HEALTH = "health", "Health care professional"
    SOCIAL_CARE = "social_care", "Social care"
    LOCAL_AUTHORITY = "local_authority", "The local authority's officer"
    OTHER = "other", "Other"


class Attendance(models.TextChoices):
    ATTENDING = "attending", "Attending"
    ADVICE_ONLY = "advice_only", "Sending advice, not attending"
    NOT_ATTENDING = "not_attending", "Not attending"


class ReviewInvitation(BaseModel):
    """Someone invited to the review meeting, with at least two weeks' notice (reg 20(3) / 21(3))."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="invitations")
    kind = models.CharField(max_length=20, choices=InviteeKind.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="review_invitations")
    sent_on = models.DateField()
    attendance = models.CharField(max_length=20, choices=Attendance.choices, blank=True)

    class Meta:
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class ReviewAdvice(BaseModel):
    """Advice and information for the review, obtained and circulated two weeks before it (reg 20(4) / 21(4))."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="advice")
    source = models.CharField(max_length=20, choices=AdviceSource.choices)
    from_name = models.CharField("from", max_length=200)
    advice = models.TextField()
    received_on = models.DateField()
    document = models.ForeignKey("ehc.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} from {self.from_name}"


class ReviewReport(BaseModel):
    """The report of the meeting, sent within two weeks of it (reg 20(7) / 21(7)), with its recommendation."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="report")
    views = models.TextField("the child's and family's views")
    progress = models.TextField("progress towards the outcomes in section E")
    provision = models.TextField("whether the provision in the plan is being made and is working")
    recommendation = models.CharField(max_length=10, choices=ReviewOutcome.choices)
    recommended_changes = models.TextField("changes recommended to the plan", blank=True)
    sent_on = models.DateField("date the report was sent")

    def __str__(self) -> str:
        return f"Review report {self.sent_on}"


class ReviewConsultation(BaseModel):
    """A setting consulted on being named in section I after a review (CAFA s39(2), s40(2) via reg 22)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="consultations")
    setting = models.ForeignKey("people.Setting", on_delete=models.PROTECT, related_name="review_consultations")
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
        constraints = [models.UniqueConstraint(fields=["review", "setting"], name="one_review_consultation")]

    def __str__(self) -> str:
        return f"Consultation with {self.setting}"


class PlanEnding(BaseModel):
    """A decision to cease a plan (reg 31; CAFA s45) or its transfer out, and the day it ends.

    The plan is kept while an appeal is possible or running (``CEASE-HOLD``): ``ends_on`` is set only when
    the appeal period has passed with no appeal, or the appeal is determined. SEN2 ``CeaseDate`` is
    ``ends_on``, never ``notice_on`` (data-standards §1.3).
    """

    plan = models.OneToOneField("ehc.Plan", on_delete=models.PROTECT, related_name="ending")
    review = models.OneToOneField(Review, null=True, blank=True, on_delete=models.PROTECT, related_name="ending")
    reason = models.CharField(max_length=1, choices=CeaseReason.choices)
    explanation = models.TextField()
    family_consulted_on = models.DateField("date the family was told and consulted (reg 31(1))", null=True,
                                           blank=True)
    setting_consulted_on = models.DateField("date the head or principal was consulted (reg 31(1))", null=True,
                                            blank=True)
    notice_on = models.DateField("date the notice, with appeal rights, was sent (reg 31(2))")
    transfer_la = models.ForeignKey("people.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    ends_on = models.DateField("date the plan ends (SEN2 CeaseDate)", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Ending of {self.plan}: {self.get_reason_display()}"


class TransferDirection(models.TextChoices):
    IN = "in", "Transferred in to this authority"
    OUT = "out", "Transferred out to another authority"


class PlanTransfer(BaseModel):
    """A plan moving between authorities with the child (reg 15): the dates its clocks count from."""

    plan = models.ForeignKey("ehc.Plan", on_delete=models.PROTECT, related_name="transfers")
    direction = models.CharField(max_length=3, choices=TransferDirection.choices)
    other_la = models.ForeignKey("people.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    move_on = models.DateField("date the child moved")
    old_la_aware_on = models.DateField("date the old authority knew of the move")
    last_reviewed_on = models.DateField("date the plan was made or last reviewed")
    transferred_on = models.DateField("date the plan was transferred", null=True, blank=True)
    family_informed_on = models.DateField("date the new authority told the family (reg 15(4))", null=True,
                                          blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-move_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.other_la}"


class DisagreementSubject(models.TextChoices):
    """What the disagreement is about; the values are the ``unopposed_notice`` kinds of the engine."""

    REFUSAL_TO_ASSESS = "refusal_to_assess", "A decision not to carry out an assessment"
    REFUSAL_TO_ISSUE = "refusal_to_issue", "A decision not to issue a plan"
    CONTENTS = "contents", "The content of the plan (sections B, F or I)"
    SECTION_I = "section_i", "Only the school or setting named in section I"
    CEASE = "cease", "A decision to cease the plan"
    OTHER = "other", "Something else (mediation only)"


class Disagreement(BaseModel):
    """Mediation and an appeal to the First-tier Tribunal (SEND) about one decision (CAFA ss51–55)."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="disagreements")
    plan = models.ForeignKey("ehc.Plan", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="disagreements")
    assessment = models.ForeignKey("ehc.Assessment", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="disagreements")
    review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="disagreements")
    subject = models.CharField(max_length=20, choices=DisagreementSubject.choices)
    summary = models.TextField("what the family disagrees with")
    issues = models.TextField("issues appealed", blank=True)
    hearing_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["-created_on", "-pk"]

    def __str__(self) -> str:
        return f"Disagreement about {self.get_subject_display().lower()}"

    @property
    def reference(self) -> str:
        return f"DIS-{self.pk:06d}" if self.pk else "DIS-new"


class DisagreementEvent(models.Model):
    """A dated event of a disagreement, as in the ``disagreement`` clocks input; append-only.

    ``data`` holds the event's other fields (``appeal_kind``, ``issues``, ``kind``, ``concluded``…) exactly
    as the engine reads them, so the engine checks them.
    """

    disagreement = models.ForeignKey(Disagreement, on_delete=models.PROTECT, related_name="events")
    event = models.CharField(max_length=40)
    date = models.DateField()
    data = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.event} {self.date}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Disagreement events are append-only: record a new event instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # pragma: no cover - guard
        raise RuntimeError("Disagreement events are append-only.")

    def as_engine_event(self) -> dict:
        return {"event": self.event, "date": self.date.isoformat(), **self.data}


class Term(models.TextChoices):
    AUTUMN = "autumn", "Autumn term"
    SPRING = "spring", "Spring term"
    SUMMER = "summer", "Summer term"


class Delivery(models.TextChoices):
    DELIVERED = "delivered", "Delivered"
    PARTLY = "partly", "Partly delivered"
    NOT_DELIVERED = "not_delivered", "Not delivered"


class DeliveryConfirmation(BaseModel):
    """The named setting says, for one term, whether one line of provision in the plan was made.

    ``ref`` is a section F line (``F1``…) or ``G``, ``H1``, ``H2``, as in the issued ``version``. A later
    confirmation for the same line and term supersedes an earlier one; nothing is overwritten.
    """

    plan = models.ForeignKey("ehc.Plan", on_delete=models.PROTECT, related_name="delivery_confirmations")
    version = models.ForeignKey("ehc.PlanVersion", on_delete=models.PROTECT, related_name="+")
    ref = models.CharField(max_length=4)
    academic_year = models.PositiveSmallIntegerField(help_text="The year the academic year starts, e.g. 2026")
    term = models.CharField(max_length=10, choices=Term.choices)
    status = models.CharField(max_length=20, choices=Delivery.choices)
    reason = models.TextField(blank=True)
    setting = models.ForeignKey("people.Setting", on_delete=models.PROTECT, related_name="delivery_confirmations")
    confirmed_on = models.DateField()

    class Meta:
        ordering = ["academic_year", "term", "ref", "pk"]
        indexes = [models.Index(fields=["plan", "academic_year", "term"], name="delivery_plan_term"),
                   models.Index(fields=["setting", "academic_year", "term"], name="delivery_setting_term")]

    def __str__(self) -> str:
        return f"{self.ref} {self.get_term_display()} {self.academic_year}: {self.get_status_display()}"


def term_label(academic_year: int, term: str) -> str:
    return f"{Term(term).label} {academic_year}" if term == Term.AUTUMN else f"{Term(term).label} {academic_year + 1}"
