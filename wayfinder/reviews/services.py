"""Every step of a review of an EHC plan, and the amendment or ending that may follow it.

The law: CAFA 2014 s44 (review at least every 12 months), SEND Regs 2014 regs 18–22 (the meeting, its notice
and advice, the report, the decision, amendments) and reg 31 with CAFA s45 (ceasing). Each service authorises
the actor, validates everything before writing (bad input raises ``ValidationError`` and changes nothing),
writes the domain row, the review event the clocks count from and the audit event in one transaction. The
whole history is re-read by the statutory engine before anything is saved, so an impossible order (a meeting
before the plan, a decision before the meeting) can never be stored.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from wayfinder.accounts.models import User
from wayfinder.audit.models import Verb
from wayfinder.audit.services import audit_record
from wayfinder.core.checks import long_date as _fmt
from wayfinder.core.checks import past_date as _past
from wayfinder.core.checks import required_text as _text
from wayfinder.core.dates import today
from wayfinder.ehc import services as ehc
from wayfinder.ehc.models import AdviceSource, ConsultationResponse, Plan, PlanVersion
from wayfinder.ehc.policies import CASEWORKERS
from wayfinder.people.models import Setting
from wayfinder.people.policies import ChildPolicy
from wayfinder.statutory.calendar import days_after, days_beginning_with
from wayfinder.statutory.clock import CaseError
from wayfinder.statutory.review import review_due

from .clocks import case_for
from .models import (
    CeaseReason,
    InviteeKind,
    PlanEnding,
    Review,
    ReviewAdvice,
    ReviewConsultation,
    ReviewEvent,
    ReviewEventKind,
    ReviewInvitation,
    ReviewKind,
    ReviewOutcome,
    ReviewReport,
)
from .policies import ReviewPolicy

#: reg 20(2) / 21(2): the child's parent or the young person must be invited.
FAMILY_INVITEES = {InviteeKind.PARENT, InviteeKind.YOUNG_PERSON}


def _require(actor, action: str, review: Review | None = None) -> None:
    if not ReviewPolicy.can(actor, action, review):
        raise PermissionDenied(f"You do not have permission to {action.replace('_', ' ')} this review.")


def _events(review: Review, kind: str) -> list[ReviewEvent]:
    return [e for e in review.events.all() if e.event == kind]


def _has(review: Review, kind: str) -> bool:
    return bool(_events(review, kind))


def _append(review: Review, actor, *events: ReviewEvent, field: str = "date") -> None:
    """Check the history with the new events through the engine, then store them (append-only)."""
    try:
        case_for(review, today(), [*review.events.all(), *events])
    except CaseError as error:
        raise ValidationError({field: f"These dates are not possible for this review: {error}"}) from error
    for event in events:
        event.review = review
        event.recorded_by = actor
        event.save()


def _audit(actor, verb, target, review: Review, summary: str, payload: dict | None = None) -> None:
    audit_record(actor=actor, verb=verb, target=target, child=review.child_id, summary=summary, payload=payload)


def _open(review: Review) -> None:
    if is_finished(review):
        raise ValidationError({"__all__": "This review has finished"})


def is_finished(review: Review) -> bool:
    """A review is finished when its decision is sent, and for an amendment when the amended plan is issued
    or the authority decides not to amend (reg 22(3)-(4))."""
    if not _has(review, ReviewEventKind.DECISION_SENT):
        return False
    if review.outcome != ReviewOutcome.AMEND:
        return True
    return _has(review, ReviewEventKind.FINAL_AMENDED_PLAN) or _has(review, ReviewEventKind.NOT_TO_AMEND)


# --------------------------------------------------------------------------------------------- plans


def live_ending(plan: Plan) -> PlanEnding | None:
    """The plan's decision to cease or transfer, unless an appeal overturned it (then it is archived)."""
    return PlanEnding.objects.filter(plan=plan, archived_on__isnull=True).first()


def plan_has_ended(plan: Plan, on: date | None = None) -> bool:
    ending = live_ending(plan)
    return ending is not None and ending.ends_on is not None and ending.ends_on <= (on or today())


def first_issued_on(plan: Plan) -> date | None:
    first = plan.versions.filter(issued_on__isnull=False).order_by("number").first()
    return first.issued_on if first else None


def named_setting(version: PlanVersion | None) -> Setting | None:
    setting_id = ((version.content if version else {}).get("placement") or {}).get("setting_id")
    return Setting.objects.filter(pk=setting_id).first() if setting_id else None


def anchor_for(plan: Plan) -> tuple[date, bool, str]:
    """The date a new review's 12 months run from: the last review decision sent (maintain or amend), or the
    date the plan was first issued (CAFA s44(1); statutory-timescales Q6). Returns (date, first, outcome).

    A plan transferred in (SEND Regs 2014 reg 15) with no review decided here yet runs from the date the old
    authority made or last reviewed it (reg 15(5)(a)): ``first`` only when that is the date it was made,
    otherwise the old authority's review, taken as a decision to maintain. The review is then due by
    ``XFER-REVIEW`` (the later of that and 3 months from the transfer, reg 15(5)(b)), which the radar and the
    plan page show (``reviews.transfers.review_due_after_transfer_in``).
    """
    last = (ReviewEvent.objects.filter(review__plan=plan, review__archived_on__isnull=True,
                                       event=ReviewEventKind.DECISION_SENT).order_by("-date", "-pk").first())
    if last is not None:
        return last.date, False, last.outcome
    issued = first_issued_on(plan)
    if issued is None:
        raise ValidationError({"__all__": "This plan has not been issued yet, so it has no review"})
    from .transfers import transfer_in_of

    came_in = transfer_in_of(plan)
    if came_in is not None and came_in.last_reviewed_on:
        first = came_in.last_reviewed_on == issued
        return came_in.last_reviewed_on, first, "" if first else ReviewOutcome.MAINTAIN
    return issued, True, ""


def is_decided_here(plan: Plan) -> bool:
    """Whether a review of the plan has been decided by this authority (a decision sent)."""
    return ReviewEvent.objects.filter(review__plan=plan, review__archived_on__isnull=True,
                                      event=ReviewEventKind.DECISION_SENT).exists()


def open_review(plan: Plan) -> Review | None:
    for review in plan.reviews.filter(archived_on__isnull=True).prefetch_related("events"):
        if not is_finished(review):
            return review
    return None


# --------------------------------------------------------------------------------------------- the review


@transaction.atomic
def review_start(*, actor, plan: Plan, kind: str = ReviewKind.ANNUAL, reason: str = "",
                 transfer_kind: str = "", transfer_on: date | None = None) -> Review:
    """Open the next review of a plan. An interim or emergency review says why it is held early."""
    _require(actor, "start")
    if not ChildPolicy.can(actor, "view", plan.child):
        raise PermissionDenied("You cannot see this child's plan.")
    if kind not in ReviewKind.values:
        raise ValidationError({"kind": "Select the kind of review"})
    if plan_has_ended(plan):
        raise ValidationError({"kind": "This plan has ended, so it is not reviewed"})
    if live_ending(plan) is not None:
        raise ValidationError({"kind": "The authority has decided to cease this plan"})
    current = open_review(plan)
    if current is not None:
        raise ValidationError({"kind": f"This plan already has a review in progress ({current.reference})"})
    reason = (reason or "").strip()
    if kind in (ReviewKind.INTERIM, ReviewKind.EMERGENCY) and not reason:
        raise ValidationError({"reason": "Enter why the review is held early"})
    if kind == ReviewKind.PHASE_TRANSFER and not transfer_kind:
        # The coming move, from the child's date of birth and setting (reg 18), as the cohort page finds it.
        from .phase import cohort_rows

        rows, _ = cohort_rows(Plan.objects.filter(pk=plan.pk), today())
        if not rows:
            raise ValidationError({"kind": f"{plan.child.display_name} does not move phase next September: hold "
                                           "an annual or interim review"})
        transfer_kind, transfer_on = rows[0].move.kind, rows[0].move.transfer_date
    anchor, first, outcome = anchor_for(plan)
    setting = named_setting(ehc.version_in_force(plan))
    if actor.role not in CASEWORKERS and (setting is None or setting.pk != actor.setting_id):
        # A setting convenes the reviews of the plans that name it (reg 20(1)).
        raise PermissionDenied("Only the setting named in the plan can start its review.")
    review = Review(plan=plan, child=plan.child, kind=kind, reason=reason, anchor_on=anchor, first=first,
                    anchor_outcome=outcome, setting=setting, transfer_kind=transfer_kind, transfer_on=transfer_on,
                    created_by=actor, modified_by=actor)
    review.full_clean()
    review.save()
    _audit(actor, Verb.CREATED, review, review,
           f"{review.get_kind_display()} started: the review is due by {_fmt(review_due(anchor))}",
           {"kind": kind, "anchor_on": anchor.isoformat(), "first": first})
    return review


@transaction.atomic
def review_arrange(*, actor, review: Review, meeting_on: date, place: str, arranged_on: date | None = None,
                   ) -> Review:
    """Fix the date of the meeting; the notice and advice deadlines count back two weeks from it (reg 20(3)-(4))."""
    _require(actor, "convene", review)
    _open(review)
    if _has(review, ReviewEventKind.MEETING_HELD):
        raise ValidationError({"meeting_on": "The meeting has already been held"})
    if meeting_on is None:
        raise ValidationError({"meeting_on": "Enter the date of the meeting"})
    if meeting_on < review.anchor_on:
        what = "the plan was issued" if review.first else "the last review's decision"
        raise ValidationError({"meeting_on": f"The meeting must be on or after the date {what} "
                                             f"({_fmt(review.anchor_on)})"})
    # Recorded afterwards, a meeting already held was arranged no later than its own date.
    arranged_on = _past(arranged_on or min(today(), meeting_on), "meeting_on", "the meeting was arranged")
    review.meeting_on, review.meeting_place = meeting_on, _text(place, "place", "Enter where the meeting is")
    review.convened_by, review.modified_by = actor, actor
    _append(review, actor, ReviewEvent(event=ReviewEventKind.MEETING_ARRANGED, date=arranged_on,
                                       meeting_date=meeting_on), field="meeting_on")
    review.save(update_fields=["meeting_on", "meeting_place", "convened_by", "modified_by", "modified_on"])
    _audit(actor, Verb.UPDATED, review, review, f"Review meeting arranged for {_fmt(meeting_on)}")
    return review


@transaction.atomic
def review_invite(*, actor, review: Review, invitees: list[dict], sent_on: date) -> list[ReviewInvitation]:
    """Invite people to the meeting (reg 20(2) / 21(2)); the first invitations are the notice (reg 20(3))."""
    _require(actor, "convene", review)
    _open(review)
    if review.meeting_on is None:
        raise ValidationError({"invitees": "Arrange the meeting before inviting people to it"})
    _past(sent_on, "sent_on", "the invitations were sent")
    if not invitees:
        raise ValidationError({"invitees": "Add at least one person to invite"})
    rows = []
    for i, person in enumerate(invitees):
        if person.get("kind") not in InviteeKind.values:
            raise ValidationError({"invitees": f"Select who person {i + 1} is"})
        name = _text(person.get("name", ""), "invitees", f"Enter the name of person {i + 1}")
        rows.append(ReviewInvitation(review=review, kind=person["kind"], name=name[:200],
                                     email=(person.get("email") or "").strip(), user=person.get("user"),
                                     sent_on=sent_on, created_by=actor, modified_by=actor))
    kinds = {r.kind for r in rows} | set(review.invitations.values_list("kind", flat=True))
    if not kinds & FAMILY_INVITEES:
        raise ValidationError({"invitees": "Invite the child's parent or the young person (reg 20(2))"})
    for row in rows:
        row.full_clean()
    if not _has(review, ReviewEventKind.INVITATIONS_SENT):
        _append(review, actor, ReviewEvent(event=ReviewEventKind.INVITATIONS_SENT, date=sent_on), field="sent_on")
    for row in rows:
        row.save()
    _audit(actor, Verb.CREATED, review, review,
           f"Invited {', '.join(r.name for r in rows)} to the review meeting on {_fmt(review.meeting_on)}")
    return rows


def invitation_candidates(review: Review) -> list[dict]:
    """Who the law says to invite, with the people the records already know (reg 20(2)): the carers with
    parental responsibility (or the young person), the setting's SENCO, the involved professionals and the
    officer."""
    child = review.child
    out = []
    for link in child.carer_links.filter(archived_on__isnull=True, parental_responsibility=True).select_related(
            "carer"):
        out.append({"kind": InviteeKind.PARENT, "name": str(link.carer), "email": link.carer.email or "",
                    "user": None})
    if review.setting_id:
        senco = User.objects.filter(setting_id=review.setting_id, is_active=True).order_by("pk").first()
        out.append({"kind": InviteeKind.SETTING, "name": str(senco.get_full_name() or senco) if senco else
                    str(review.setting), "email": senco.email if senco else "", "user": senco})
    for involvement in child.involvements.filter(archived_on__isnull=True, end_date__isnull=True).select_related(
            "user"):
        role = involvement.user.role
        kind = (InviteeKind.HEALTH if "health" in role else InviteeKind.SOCIAL_CARE if "social" in role
                else InviteeKind.OTHER)
        out.append({"kind": kind, "name": involvement.user.get_full_name() or str(involvement.user),
                    "email": involvement.user.email, "user": involvement.user})
    if child.caseworker_id:
        out.append({"kind": InviteeKind.LOCAL_AUTHORITY, "name": child.caseworker.get_full_name(),
                    "email": child.caseworker.email, "user": child.caseworker})
    return out


@transaction.atomic
def review_advice_add(*, actor, review: Review, source: str, from_name: str, advice: str, received_on: date,
                      ) -> ReviewAdvice:
    """Advice and information about the child for the review (reg 20(4) / 21(4))."""
    _require(actor, "convene", review)
    _open(review)
    if source not in AdviceSource.values:
        raise ValidationError({"source": "Select what kind of advice this is"})
    _past(received_on, "received_on", "the advice was received")
    if received_on < review.anchor_on:
        raise ValidationError({"received_on": f"Advice for this review must be dated on or after "
                                              f"{_fmt(review.anchor_on)}"})
    row = ReviewAdvice(review=review, source=source, received_on=received_on,
                       from_name=_text(from_name, "from_name", "Enter who gave the advice")[:200],
                       advice=_text(advice, "advice", "Enter the advice"), created_by=actor, modified_by=actor)
    row.full_clean()
    row.save()
    _audit(actor, Verb.CREATED, row, review, f"Advice for the review added: {row}")
    return row


@transaction.atomic
def review_advice_circulate(*, actor, review: Review, circulated_on: date) -> Review:
    """Send the advice to everyone invited, at least two weeks before the meeting (reg 20(4) / 21(4))."""
    _require(actor, "convene", review)
    _open(review)
    if not review.advice.filter(archived_on__isnull=True).exists():
        raise ValidationError({"circulated_on": "Add the advice before circulating it"})
    if _has(review, ReviewEventKind.ADVICE_CIRCULATED):
        raise ValidationError({"circulated_on": "The advice has already been circulated"})
    _past(circulated_on, "circulated_on", "the advice was circulated")
    _append(review, actor, ReviewEvent(event=ReviewEventKind.ADVICE_CIRCULATED, date=circulated_on),
            field="circulated_on")
    _audit(actor, Verb.UPDATED, review, review, f"Advice circulated to those invited ({_fmt(circulated_on)})")
    return review


@transaction.atomic
def review_meeting_record(*, actor, review: Review, held_on: date) -> Review:
    """The meeting was held (reg 20(6) / 21(6)): the report (2 weeks) and decision (4 weeks) clocks start."""
    _require(actor, "convene", review)
    _open(review)
    _past(held_on, "held_on", "the meeting was held")
    if held_on < review.anchor_on:
        what = "the plan was issued" if review.first else "the last review's decision was sent"
        raise ValidationError({"held_on": f"The meeting cannot be before the date {what} ({_fmt(review.anchor_on)})"})
    if _has(review, ReviewEventKind.MEETING_HELD):
        raise ValidationError({"held_on": "The meeting has already been recorded"})
    _append(review, actor, ReviewEvent(event=ReviewEventKind.MEETING_HELD, date=held_on), field="held_on")
    _audit(actor, Verb.UPDATED, review, review, f"Review meeting held ({_fmt(held_on)})")
    return review


@transaction.atomic
def review_report_send(*, actor, review: Review, views: str, progress: str, provision: str, recommendation: str,
                       recommended_changes: str, sent_on: date) -> ReviewReport:
    """The report of the meeting with its recommendation, to everyone invited, within 2 weeks (reg 20(7))."""
    _require(actor, "convene", review)
    _open(review)
    if not _has(review, ReviewEventKind.MEETING_HELD):
        raise ValidationError({"sent_on": "Record the meeting before sending its report"})
    if hasattr(review, "report"):
        raise ValidationError({"sent_on": "The report has already been sent"})
    if recommendation not in ReviewOutcome.values:
        raise ValidationError({"recommendation": "Select what the meeting recommends"})
    changes = (recommended_changes or "").strip()
    if recommendation == ReviewOutcome.AMEND and not changes:
        raise ValidationError({"recommended_changes": "Enter the changes the meeting recommends"})
    _past(sent_on, "sent_on", "the report was sent")
    report = ReviewReport(
        review=review, views=_text(views, "views", "Enter the child's and family's views"),
        progress=_text(progress, "progress", "Enter the progress made towards the outcomes"),
        provision=_text(provision, "provision", "Enter whether the provision is being made and is working"),
        recommendation=recommendation, recommended_changes=changes, sent_on=sent_on,
        created_by=actor, modified_by=actor)
    report.full_clean()
    _append(review, actor, ReviewEvent(event=ReviewEventKind.REPORT_SENT, date=sent_on), field="sent_on")
    report.save()
    _audit(actor, Verb.CREATED, report, review,
           f"Review report sent ({_fmt(sent_on)}): recommends {report.get_recommendation_display().lower()}")
    return report


# --------------------------------------------------------------------------------------------- decision


@transaction.atomic
def review_amendment_start(*, actor, review: Review) -> PlanVersion:
    """Start drafting the proposed amendments; they are edited in the plan editor and go with the decision."""
    _require(actor, "amend", review)
    _open(review)
    if not _has(review, ReviewEventKind.MEETING_HELD):
        raise ValidationError({"__all__": "Hold the review meeting before proposing amendments"})
    if _has(review, ReviewEventKind.DECISION_SENT):
        raise ValidationError({"__all__": "The decision has been sent"})
    draft = ehc.open_amendment(review.plan)
    if draft is None:
        draft = ehc.plan_amendment_start(actor=actor, plan=review.plan)
    review.amendment, review.modified_by = draft, actor
    review.save(update_fields=["amendment", "modified_by", "modified_on"])
    return draft


def amendment_of(review: Review) -> PlanVersion | None:
    """The latest version of the amendment this review proposed (a revision after the family's comments makes
    a newer version of the same amendment)."""
    if review.amendment_id is None:
        return None
    return (review.plan.versions.filter(amends_id=review.amendment.amends_id, number__gte=review.amendment.number)
            .order_by("-number").first())


@transaction.atomic
def review_decide(*, actor, review: Review, outcome: str, reasons: str, decided_on: date,
                  cease_reason: str = "", family_consulted_on: date | None = None,
                  setting_consulted_on: date | None = None) -> Review:
    """The authority's decision after the review: maintain, amend or cease, within 4 weeks of the meeting
    (reg 20(10); Code of Practice 9.176). Amending sends the proposed amendments with the decision
    (reg 22(2); R (L, M & P) v Devon CC [2022]); ceasing gives the SEN2 reason, the consultation of the family
    and the head or principal (reg 31(1)) and notice with the right of appeal (reg 31(2); CAFA s45)."""
    _require(actor, "decide", review)
    _open(review)
    if not outcome:
        raise ValidationError({"outcome": "Select the decision: maintain, amend or cease the plan"})
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": "Select the decision: maintain, amend or cease the plan"})
    if not _has(review, ReviewEventKind.MEETING_HELD):
        raise ValidationError({"outcome": "The decision follows the review meeting: record the meeting first"})
    if _has(review, ReviewEventKind.DECISION_SENT):
        raise ValidationError({"outcome": "The decision has already been sent"})
    reasons = _text(reasons, "reasons", "Enter the reasons for the decision")
    _past(decided_on, "decided_on", "the decision letter was sent")
    events = [ReviewEvent(event=ReviewEventKind.DECISION_SENT, date=decided_on, outcome=outcome)]
    amendment = None
    if outcome == ReviewOutcome.AMEND:
        amendment = amendment_of(review)
        if amendment is None:
            raise ValidationError({"outcome": "Draft the proposed amendments before deciding to amend"})
        if not ehc.amendment_changes(amendment):
            raise ValidationError({"outcome": "The proposed amendment does not change the plan: make the changes "
                                              "in the plan editor first, or decide to maintain the plan"})
        events.append(ReviewEvent(event=ReviewEventKind.PROPOSALS_SENT, date=decided_on))
    ending = None
    if outcome == ReviewOutcome.CEASE:
        if cease_reason not in CeaseReason.values:
            raise ValidationError({"cease_reason": "Select the reason the plan is to cease"})
        if family_consulted_on is None:
            raise ValidationError({"family_consulted_on": "Enter the date the family was told and consulted "
                                                          "(reg 31(1))"})
        for field, value in (("family_consulted_on", family_consulted_on),
                             ("setting_consulted_on", setting_consulted_on)):
            if value is not None and value > decided_on:
                raise ValidationError({field: "Consultation comes before the decision to cease"})
        ending = PlanEnding(plan=review.plan, review=review, reason=cease_reason, explanation=reasons,
                            family_consulted_on=family_consulted_on, setting_consulted_on=setting_consulted_on,
                            notice_on=decided_on, decided_by=actor, created_by=actor, modified_by=actor)
        ending.full_clean(exclude=["review"])
    _append(review, actor, *events, field="decided_on")
    if amendment is not None:
        ehc.plan_amendment_serve(actor=actor, version=amendment, served_on=decided_on)
    if ending is not None:
        ending.save()
    review.outcome, review.decision_reasons, review.decided_on, review.decided_by = (
        outcome, reasons, decided_on, actor)
    review.modified_by = actor
    review.save(update_fields=["outcome", "decision_reasons", "decided_on", "decided_by", "modified_by",
                               "modified_on"])
    summary = {ReviewOutcome.MAINTAIN: "maintain the plan", ReviewOutcome.AMEND: "amend the plan: proposed "
               "amendments sent to the family", ReviewOutcome.CEASE: "cease the plan: notice sent with the "
               "right of appeal"}[outcome]
    _audit(actor, Verb.UPDATED, review, review, f"Review decision sent ({_fmt(decided_on)}): {summary}",
           {"outcome": outcome, "cease_reason": cease_reason or None})
    return review


def representations_end(review: Review) -> date | None:
    """The last day of the family's 15 days on the proposals (reg 22(2)(c): beginning with the day served)."""
    sent = _events(review, ReviewEventKind.PROPOSALS_SENT)
    return days_beginning_with(sent[0].date, 15) if sent else None


@transaction.atomic
def review_amendment_issue(*, actor, review: Review, issued_on: date) -> Review:
    """Issue the final amended plan within 8 weeks of sending the proposals (reg 22(3)), not before the
    family's 15 days have ended (reg 22(2)(c))."""
    _require(actor, "amend", review)
    _open(review)
    if review.outcome != ReviewOutcome.AMEND:
        raise ValidationError({"issued_on": "This review did not decide to amend the plan"})
    _past(issued_on, "issued_on", "the amended plan was issued")
    window_end = representations_end(review)
    if issued_on <= window_end:
        raise ValidationError({"issued_on": f"The family has until {_fmt(window_end)} to comment on the proposed "
                                            "amendments (15 days, reg 22(2)(c)): issue the plan after that"})
    version = amendment_of(review)
    _append(review, actor, ReviewEvent(event=ReviewEventKind.FINAL_AMENDED_PLAN, date=issued_on),
            field="issued_on")
    ehc.plan_amendment_finalise(actor=actor, version=version, issued_on=issued_on)
    _audit(actor, Verb.UPDATED, review, review, f"Final amended plan issued ({_fmt(issued_on)})")
    return review


@transaction.atomic
def review_not_to_amend(*, actor, review: Review, decided_on: date, reasons: str) -> Review:
    """After the family's comments, the authority decides not to amend after all (reg 22(4)): it says so,
    with reasons, within the same 8 weeks."""
    _require(actor, "amend", review)
    _open(review)
    if review.outcome != ReviewOutcome.AMEND:
        raise ValidationError({"decided_on": "This review did not decide to amend the plan"})
    reasons = _text(reasons, "reasons", "Enter why the plan will not be amended")
    _past(decided_on, "decided_on", "the family was told")
    version = amendment_of(review)
    _append(review, actor, ReviewEvent(event=ReviewEventKind.NOT_TO_AMEND, date=decided_on), field="decided_on")
    ehc.plan_amendment_withdraw(actor=actor, version=version, reason=reasons)
    _audit(actor, Verb.UPDATED, review, review, f"Decided not to amend the plan after all ({_fmt(decided_on)})")
    return review


# --------------------------------------------------------------------------------------------- ceasing


def _order_keeps_plan(plan: Plan, on: date) -> bool:
    """The Tribunal ordered, or the authority conceded (reg 45), that the plan continues (reg 44(2)(g))."""
    from .models import DisagreementSubject

    for disagreement in plan.disagreements.filter(subject=DisagreementSubject.CEASE, archived_on__isnull=True):
        for event in disagreement.events.filter(date__lte=on, event__in=["tribunal_order", "unopposed_notice"]):
            if event.event == "unopposed_notice" or event.data.get("kind") == "continue":
                return True
    return False


@transaction.atomic
def plan_endings_apply(*, as_of: date | None = None) -> dict[str, int]:
    """End the plans whose cease decision can no longer be appealed, and keep those the Tribunal says continue.

    CAFA 2014 s45 (``CEASE-HOLD``): the authority maintains the plan until the time to appeal has passed with no
    appeal, or the appeal has been determined; when an appeal against ceasing is dismissed or withdrawn the plan
    ends then (reg 44(2)(a), ``CEASE-AFTER-ORDER``). A plan that must continue keeps going: the ending is
    archived, not deleted. SEN2 ``CeaseDate`` is the day the plan ends, never the decision. Run daily:
    ``wayfinder manage reviews_cease_hold``.
    """
    from .disagreements import cease_appeal_state

    on = as_of or today()
    ended = kept = 0
    pending = (PlanEnding.objects.filter(ends_on__isnull=True, archived_on__isnull=True)
               .exclude(reason=CeaseReason.TRANSFERRED).select_related("plan__child"))
    for ending in pending:
        state, until = cease_appeal_state(ending.plan, on, notice_on=ending.notice_on)
        if state in ("possible", "running"):
            continue
        if state == "determined" and _order_keeps_plan(ending.plan, on):
            ending.archived_on, ending.archived_reason = timezone.now(), "The plan continues after the appeal"
            ending.save(update_fields=["archived_on", "archived_reason"])
            audit_record(actor=None, verb=Verb.UPDATED, target=ending, child=ending.plan.child_id,
                         summary="The plan continues: the decision to cease it was overturned on appeal")
            kept += 1
            continue
        # No appeal by the last day: the plan ends the day after it; an appeal ended: the plan ends then.
        ends_on = (until + timedelta(days=1) if state == "none" and until else until) or on
        ending.ends_on = min(ends_on, on)
        ending.save(update_fields=["ends_on", "modified_on"])
        audit_record(actor=None, verb=Verb.UPDATED, target=ending, child=ending.plan.child_id,
                     summary=f"The plan ended on {_fmt(ending.ends_on)}: {ending.get_reason_display().lower()}",
                     payload={"CeaseDate": ending.ends_on.isoformat(), "CeaseReason": ending.reason})
        ended += 1
    return {"ended": ended, "kept": kept}


# --------------------------------------------------------------------------------------------- consultations


@transaction.atomic
def review_consultation_send(*, actor, review: Review, setting: Setting, sent_on: date,
                             family_preference: bool = False) -> ReviewConsultation:
    """Consult a school or college on being named in section I of the amended plan (CAFA 2014 s39(2) and
    s40(2), applied to amendments by reg 22), for a phase transfer or a change of placement; it should answer
    within 15 days (Code of Practice 9.83)."""
    _require(actor, "amend", review)
    _open(review)
    if setting is None:
        raise ValidationError({"setting": "Select the setting to consult"})
    if review.consultations.filter(setting=setting, archived_on__isnull=True).exists():
        raise ValidationError({"setting": f"{setting} has already been consulted for this review"})
    _past(sent_on, "sent_on", "the consultation was sent")
    if sent_on < review.anchor_on:
        raise ValidationError({"sent_on": f"The consultation must be on or after {_fmt(review.anchor_on)}"})
    consultation = ReviewConsultation(review=review, setting=setting, sent_on=sent_on,
                                      family_preference=family_preference, created_by=actor, modified_by=actor)
    consultation.full_clean()
    consultation.save()
    _audit(actor, Verb.CREATED, consultation, review,
           f"Consulted {setting} on being named in the amended plan, response due "
           f"{_fmt(consultation_due(consultation))}")
    return consultation


def consultation_due(consultation: ReviewConsultation) -> date:
    """``PLAN-CONSULT-15D``: the setting should respond within 15 days (Code of Practice 9.83)."""
    return days_after(consultation.sent_on, 15)


@transaction.atomic
def review_consultation_respond(*, actor, consultation: ReviewConsultation, responded_on: date, response: str,
                                response_text: str) -> ReviewConsultation:
    """The setting's answer: it agrees to be named, or says why it cannot meet the needs or why attendance would
    be incompatible with the efficient education of others (CAFA s39(4), s40(2))."""
    from .policies import ReviewConsultationPolicy

    if not ReviewConsultationPolicy.can(actor, "respond", consultation):
        raise PermissionDenied("You cannot answer this consultation.")
    consultation = ReviewConsultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.responded_on is not None:
        raise ValidationError({"response": "This consultation has already been answered"})
    if response not in ConsultationResponse.values:
        raise ValidationError({"response": "Select your response"})
    response_text = (response_text or "").strip()
    if response != ConsultationResponse.AGREE and not response_text:
        raise ValidationError({"response_text": "Explain why, with reference to the child's needs"})
    _past(responded_on, "responded_on", "you responded")
    if responded_on < consultation.sent_on:
        raise ValidationError({"responded_on": f"The date you responded must be on or after the date you were "
                                               f"consulted ({_fmt(consultation.sent_on)})"})
    consultation.responded_on, consultation.response, consultation.response_text = (
        responded_on, response, response_text)
    consultation.responded_by, consultation.modified_by = actor, actor
    consultation.full_clean()
    consultation.save()
    _audit(actor, Verb.UPDATED, consultation, consultation.review,
           f"{consultation.setting} responded: {consultation.get_response_display()}")
    return consultation
