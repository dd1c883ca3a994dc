"""Transferring an EHC plan to another local authority when the child or young person moves (SEND Regs 2014
reg 15), and the clocks of the transfer (``statutory-timescales.md`` §2.8, engine ``wayfinder.statutory.transfer``).

This authority as the **old authority** records the move and, on the day it sends the plan, the transfer:

* ``XFER-SEND`` (reg 15(2)): the plan is transferred on the day of the move, or, when the authority was not
  aware of the move at least 15 working days before it, within 15 working days beginning with the day it
  became aware (``people.calendars.working_day_calendar``);
* once transferred the plan ends here: a :class:`PlanEnding` with SEN2 ``CeaseReason`` 5 (transferred to
  another local authority in England), ``transfer_la`` the new authority and ``ends_on`` the date of
  transfer (SEN2 ``CeaseDate`` is the transfer date, data-standards §1.3). No notice under reg 31 is sent
  for a transfer: ``notice_on`` is the date of transfer too. A review still open stops (``plan_ended``).
* The new authority's duties, ``XFER-INFORM-6W`` (reg 15(4)) and ``XFER-REVIEW`` (reg 15(5)), are shown for
  information: they are the other authority's to meet.

This authority as the **new authority** records a plan transferred in (:func:`plan_transfer_in`):

* the plan's case is an ``ehc.Assessment`` with origin ``transferred_plan`` (``ehc.AssessmentOrigin``): no
  clock events, so no assessment clocks, no caseload row and no timeliness count; ``transferred_from`` names
  the old authority and ``received_on`` is the date of transfer. SEN2 gives ``TransferLA`` and the named plan
  for it, no request or assessment module (``ehc.selectors.sen2_items``);
* reg 15(3)(a) (``XFER-STATUS``): the plan is treated as made by this authority on the date the old authority
  made it, so version 1 is final with ``issued_on`` = that date. Its content is the setting in section I, the
  child's recorded needs in B and, in A, where the plan came from; the text of the plan is in the attached
  document and is changed here by amendment after a review (reg 22);
* this authority's duties are ``XFER-INFORM-6W`` (reg 15(4): tell the parent or young person within 6 weeks of
  the transfer; :func:`plan_transfer_family_informed`) and ``XFER-REVIEW`` (reg 15(5): review before the later
  of 12 months from the date the plan was made or last reviewed and 3 months from the transfer; met by the
  first review decision sent here after the transfer). Until a review is decided here the review radar and
  the plan page use XFER-REVIEW's date, and a new review is anchored on the old authority's last review
  (``reviews.services.anchor_for``). ``old_la_aware_on`` is set to the move (it is the old authority's
  ``XFER-SEND`` fact, not used for a transfer in).

Each service authorises the actor, validates everything before writing (bad input raises ``ValidationError``
and changes nothing), and writes the rows and the audit event in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from wayfinder.audit.models import Verb
from wayfinder.audit.services import audit_record
from wayfinder.core.checks import long_date as _fmt
from wayfinder.core.dates import today
from wayfinder.ehc.clocks import STATUS_COLOURS, STATUS_LABELS
from wayfinder.ehc.models import Plan, PlanStatus, PlanVersion
from wayfinder.people.calendars import working_day_calendar
from wayfinder.people.models import LocalAuthority
from wayfinder.people.policies import ChildPolicy
from wayfinder.statutory import transfer as engine
from wayfinder.statutory.calendar import weeks_after
from wayfinder.statutory.clock import CaseError, ClockReport, Status

from .clocks import case_for
from .models import (
    CeaseReason,
    PlanEnding,
    PlanTransfer,
    Review,
    ReviewEvent,
    ReviewEventKind,
    ReviewOutcome,
    TransferDirection,
)
from .policies import PlanTransferPolicy

__all__ = [
    "STEP_LABELS",
    "TransferRow",
    "engine_input",
    "last_reviewed_on",
    "plan_transfer_family_informed",
    "plan_transfer_in",
    "plan_transfer_out",
    "plan_transfer_sent",
    "plan_transfers",
    "review_due_after_transfer_in",
    "transfer_in_of",
    "transfer_report",
    "transfers_for",
]

#: What each step of ``plan_transfer`` is called on pages, and whose duty it is when the plan goes out.
STEP_LABELS = {
    "send_plan": "Transfer the plan to the new authority",
    "inform_family": "New authority tells the family the plan has been transferred",
    "new_authority_review": "New authority reviews the plan",
}
#: The same steps when the plan comes in: the new authority's duties are this authority's.
STEP_LABELS_IN = {
    "send_plan": "Old authority transfers the plan",
    "inform_family": "Tell the family the plan has been transferred, whether we will assess and when we will review",
    "new_authority_review": "Review the plan",
}
OUR_STEPS_OUT = {"send_plan"}


def _require(actor, action: str) -> None:
    if not PlanTransferPolicy.can(actor, action):
        raise PermissionDenied("You do not have permission to record a transfer of a plan.")


# --------------------------------------------------------------------------------------------- reading


def _version_in_force(plan: Plan, on: date | None = None) -> PlanVersion | None:
    versions = plan.versions.filter(status=PlanStatus.FINAL, archived_on__isnull=True)
    if on is not None:
        versions = versions.filter(issued_on__lte=on)
    return versions.order_by("-number").first()


def _first_issued_on(plan: Plan) -> date | None:
    first = plan.versions.filter(status=PlanStatus.FINAL, issued_on__isnull=False).order_by("number").first()
    return first.issued_on if first else None


def plan_made_on(plan: Plan) -> date | None:
    """The date the plan was made: its first issue, which for a plan transferred in is the date the old
    authority made it (reg 15(3)(a))."""
    return _first_issued_on(plan)


def last_reviewed_on(plan: Plan) -> date | None:
    """"The date on which the EHC plan was made or last reviewed" (reg 15(5)(a)): the last review decision
    sent (statutory-timescales Q6, the decision not the meeting), or for a plan transferred in and not yet
    reviewed here the old authority's last review, or the date the plan was first issued."""
    last = (ReviewEvent.objects.filter(review__plan=plan, review__archived_on__isnull=True,
                                       event=ReviewEventKind.DECISION_SENT).order_by("-date", "-pk").first())
    if last is not None:
        return last.date
    came_in = transfer_in_of(plan)
    return came_in.last_reviewed_on if came_in is not None else _first_issued_on(plan)


def transfer_in_of(plan: Plan) -> PlanTransfer | None:
    """The transfer that brought the plan to this authority (reg 15), if it came from another one."""
    return (PlanTransfer.objects.filter(plan=plan, direction=TransferDirection.IN, archived_on__isnull=True)
            .select_related("other_la").order_by("-transferred_on", "-pk").first())


def review_due_after_transfer_in(transfer: PlanTransfer) -> tuple[str, date]:
    """``(limb, date)`` by which this authority must review a plan transferred in (``XFER-REVIEW``, reg 15(5)):
    the later of 12 months from the date it was made or last reviewed and 3 months from the transfer."""
    limb, due, _ends = engine.new_authority_review_due(transfer.last_reviewed_on, transfer.transferred_on)
    return limb, due


def _review_decisions(transfers: list[PlanTransfer], as_of: date) -> dict[int, tuple[date, str]]:
    """For transfers in: the first review decision sent here on or after the transfer (it answers
    ``XFER-REVIEW``, reg 15(5)), by transfer pk, in one query."""
    wanted = {t.pk: t for t in transfers if t.direction == TransferDirection.IN and t.transferred_on}
    if not wanted:
        return {}
    by_plan: dict[int, list[tuple[date, str]]] = {}
    for plan_id, when, outcome in (ReviewEvent.objects.filter(
            review__plan_id__in={t.plan_id for t in wanted.values()}, review__archived_on__isnull=True,
            event=ReviewEventKind.DECISION_SENT, date__lte=as_of).order_by("date", "pk")
            .values_list("review__plan_id", "date", "outcome")):
        by_plan.setdefault(plan_id, []).append((when, outcome))
    out = {}
    for pk, t in wanted.items():
        first = next(((d, o) for d, o in by_plan.get(t.plan_id, []) if d >= t.transferred_on), None)
        if first is not None:
            out[pk] = first
    return out


def engine_input(transfer: PlanTransfer, as_of: date, review_decision: tuple[date, str] | None = None) -> dict:
    """The ``wayfinder clocks`` input for ``"process": "plan_transfer"`` (docs/reference/clocks.md).

    ``review_decision`` (date, outcome) is the new authority's decision after its review, for a transfer in.
    """
    events = [{"event": "last_reviewed", "date": transfer.last_reviewed_on.isoformat()},
              {"event": "old_la_aware", "date": transfer.old_la_aware_on.isoformat()},
              {"event": "move", "date": transfer.move_on.isoformat()}]
    if transfer.transferred_on:
        events.append({"event": "plan_transferred", "date": transfer.transferred_on.isoformat()})
    if transfer.family_informed_on:
        events.append({"event": "new_la_informed_family", "date": transfer.family_informed_on.isoformat()})
    if review_decision is not None:
        events.append({"event": "review_decision_sent", "date": review_decision[0].isoformat(),
                       "outcome": review_decision[1]})
    return {"process": engine.PROCESS, "as_of": as_of.isoformat(), "events": events}


_LOOK_UP = object()


def transfer_report(transfer: PlanTransfer, as_of: date | None = None, review_decision=_LOOK_UP) -> ClockReport:
    """XFER-SEND, and once transferred XFER-INFORM-6W and XFER-REVIEW (reg 15(2), (4), (5)), on ``as_of``.

    For a transfer in, XFER-REVIEW is met by the first review decision sent here after the transfer (looked up
    unless ``review_decision`` is given)."""
    on = as_of or today()
    if review_decision is _LOOK_UP:
        review_decision = _review_decisions([transfer], on).get(transfer.pk)
    case, _ = engine.parse_case(engine_input(transfer, on, review_decision))
    return engine.evaluate(case, on, calendar=working_day_calendar())


@dataclass
class TransferRow:
    """One transfer for a page: the row, its clocks and who must act on each.

    ``deadlines`` are dicts ``{"deadline", "label", "status_label", "colour", "ours"}`` (the shape of
    ``ehc/parts/deadlines.html``); ``ours`` is false for the other authority's duties.
    """

    transfer: PlanTransfer
    report: ClockReport
    deadlines: list[dict]

    @property
    def ours(self) -> list[dict]:
        return [d for d in self.deadlines if d["ours"]]

    @property
    def theirs(self) -> list[dict]:
        return [d for d in self.deadlines if not d["ours"]]

    @property
    def next_duty(self) -> dict | None:
        """This authority's first duty still open or overdue, or else its last one (for the list)."""
        ours = self.ours
        live = [d for d in ours if d["deadline"].status in (Status.OPEN, Status.OVERDUE)]
        return (live or ours[-1:] or [None])[0]

    @property
    def at_risk(self) -> bool:
        steps = {r.step for r in self.report.at_risk}
        return any(d["deadline"].step in steps for d in self.ours)

    @property
    def overdue(self) -> bool:
        return any(d["deadline"].status is Status.OVERDUE for d in self.ours)


def _row(transfer: PlanTransfer, as_of: date, decisions: dict | None = None) -> TransferRow:
    report = transfer_report(transfer, as_of, (decisions or {}).get(transfer.pk) if decisions is not None
                             else _LOOK_UP)
    out = transfer.direction == TransferDirection.OUT
    labels = STEP_LABELS if out else STEP_LABELS_IN
    rows = []
    for d in report.deadlines:
        ours = (d.step in OUR_STEPS_OUT) if out else (d.step not in OUR_STEPS_OUT)
        rows.append({"deadline": d, "label": labels.get(d.step, d.step), "ours": ours,
                     "status_label": STATUS_LABELS[str(d.status)], "colour": STATUS_COLOURS[str(d.status)]})
    return TransferRow(transfer, report, rows)


def _visible(user) -> QuerySet[PlanTransfer]:
    return PlanTransferPolicy.visible_to(user).select_related("plan__child", "plan__child__locality", "other_la")


def plan_transfers(user, plan: Plan, as_of: date | None = None) -> list[TransferRow]:
    """The transfers of one plan the user may see, newest move first, for ``reviews/parts/_transfers.html``
    (context variable ``transfers``: a list of :class:`TransferRow`)."""
    on = as_of or today()
    found = list(_visible(user).filter(plan=plan))
    decisions = _review_decisions(found, on)
    return [_row(t, on, decisions) for t in found]


def transfers_for(*, user, as_of: date | None = None, direction: str = "") -> list[TransferRow]:
    """Every transfer the user may see, those still to send first, then the newest move."""
    on = as_of or today()
    queryset = _visible(user)
    if direction in TransferDirection.values:
        queryset = queryset.filter(direction=direction)
    found = list(queryset)
    decisions = _review_decisions(found, on)
    rows = [_row(t, on, decisions) for t in found]
    return sorted(rows, key=lambda r: (r.transfer.transferred_on is not None, -r.transfer.move_on.toordinal(),
                                       -r.transfer.pk))


def visible_plan(user, pk: int) -> Plan:
    """A plan of a child the user may see, or 404 (as ``ChildPolicy.get_or_404``)."""
    from django.http import Http404

    plan = (Plan.objects.filter(Exists(ChildPolicy.visible_to(user).filter(pk=OuterRef("child_id"))), pk=pk,
                                archived_on__isnull=True).select_related("child").first())
    if plan is None:
        raise Http404("No plan found")
    return plan


# --------------------------------------------------------------------------------------------- validation


def _check_dates(*, plan: Plan, move_on: date | None, old_la_aware_on: date | None,
                 transferred_on: date | None) -> tuple[date, date]:
    issued = _first_issued_on(plan)
    if issued is None:
        raise ValidationError({"move_on": "Only an issued plan can be transferred"})
    if move_on is None:
        raise ValidationError({"move_on": "Enter the date the child or young person moved, or will move"})
    if move_on < issued:
        raise ValidationError({"move_on": f"The date of the move must be on or after the date the plan was issued "
                                          f"({_fmt(issued)}): a plan that did not exist cannot move"})
    if old_la_aware_on is None:
        raise ValidationError({"old_la_aware_on": "Enter the date this authority knew of the move"})
    if old_la_aware_on > today():
        raise ValidationError({"old_la_aware_on": "The date this authority knew of the move must be today or in "
                                                  "the past"})
    reviewed = last_reviewed_on(plan)
    if transferred_on is not None:
        if transferred_on > today():
            raise ValidationError({"transferred_on": "The date the plan was transferred must be today or in the "
                                                     "past"})
        if transferred_on < old_la_aware_on:
            raise ValidationError({"transferred_on": "The plan cannot be transferred before this authority knew of "
                                                     f"the move ({_fmt(old_la_aware_on)})"})
        if transferred_on < reviewed:
            raise ValidationError({"transferred_on": f"The plan was reviewed on {_fmt(reviewed)}: the date of "
                                                     "transfer must be on or after it"})
    return issued, reviewed


def _engine_check(transfer: PlanTransfer, field: str) -> None:
    """Re-read the whole case through the engine before saving (reg 15 order of events)."""
    try:
        engine.parse_case(engine_input(transfer, today()))
    except CaseError as error:
        raise ValidationError({field: f"These dates are not possible for this transfer: {error}"}) from error


def _open_reviews(plan: Plan) -> list[Review]:
    reviews = []
    for review in plan.reviews.filter(archived_on__isnull=True).prefetch_related("events"):
        kinds = {e.event for e in review.events.all()}
        if ReviewEventKind.PLAN_ENDED in kinds:
            continue
        decided = ReviewEventKind.DECISION_SENT in kinds
        amending = review.outcome == ReviewOutcome.AMEND or ReviewEventKind.PROPOSALS_SENT in kinds
        ended = kinds & {ReviewEventKind.FINAL_AMENDED_PLAN, ReviewEventKind.NOT_TO_AMEND}
        if not decided or (amending and not ended):
            reviews.append(review)
    return reviews


def _end_plan(*, actor, transfer: PlanTransfer, on: date) -> PlanEnding:
    """The plan ends here on the date of transfer (SEN2 CeaseReason 5, CeaseDate = the transfer date)."""
    plan = transfer.plan
    stops = []
    for review in _open_reviews(plan):
        event = ReviewEvent(event=ReviewEventKind.PLAN_ENDED, date=on)
        try:
            case_for(review, today(), [*review.events.all(), event])
        except CaseError as error:
            raise ValidationError({"transferred_on": f"Review {review.reference} has events after this date: "
                                                     f"{error}"}) from error
        stops.append((review, event))
    ending = PlanEnding(plan=plan, reason=CeaseReason.TRANSFERRED,
                        explanation=f"Transferred to {transfer.other_la} under SEND Regulations 2014 reg 15(2)",
                        notice_on=on, transfer_la=transfer.other_la, ends_on=on, decided_by=actor,
                        created_by=actor, modified_by=actor)
    ending.full_clean()
    ending.save()
    for review, event in stops:
        event.review, event.recorded_by = review, actor
        event.save()
    return ending


# --------------------------------------------------------------------------------------------- services


@transaction.atomic
def plan_transfer_out(*, actor, plan: Plan, other_la: LocalAuthority | None, move_on: date | None,
                      old_la_aware_on: date | None, transferred_on: date | None = None,
                      notes: str = "") -> PlanTransfer:
    """Record that the child is moving to ``other_la``'s area and, if sent, the transfer of the plan (reg 15).

    The old authority's duty is ``XFER-SEND`` (reg 15(2)); once ``transferred_on`` is given the plan ends here
    on that date (CeaseReason 5). Refused, with nothing saved: a move before the plan was issued, a transfer
    to this same authority, a plan that has ended or is being ceased, a transfer already recorded.
    """
    _require(actor, "record")
    if not ChildPolicy.can(actor, "view", plan.child):
        raise PermissionDenied("You cannot see this child's plan.")
    if other_la is None:
        raise ValidationError({"other_la": "Select the authority the child or young person is moving to"})
    if other_la.code == settings.WAYFINDER_LA_CODE:
        raise ValidationError({"other_la": "Select another authority: a plan is transferred to the authority of "
                                           "the area the child moves into, not to this one"})
    ending = PlanEnding.objects.filter(plan=plan).first()
    if ending is not None:
        raise ValidationError({"other_la": "This plan has ended" if ending.ends_on else
                               "The authority has decided to cease this plan: a plan being ceased is not "
                               "transferred"})
    if PlanTransfer.objects.filter(plan=plan, direction=TransferDirection.OUT, archived_on__isnull=True).exists():
        raise ValidationError({"other_la": "A transfer of this plan has already been recorded"})
    if other_la.valid_to is not None and move_on is not None and other_la.valid_to < move_on:
        raise ValidationError({"other_la": f"{other_la.name} no longer existed on the date of the move"})
    _issued, reviewed = _check_dates(plan=plan, move_on=move_on, old_la_aware_on=old_la_aware_on,
                                     transferred_on=transferred_on)
    transfer = PlanTransfer(plan=plan, direction=TransferDirection.OUT, other_la=other_la, move_on=move_on,
                            old_la_aware_on=old_la_aware_on, last_reviewed_on=reviewed,
                            transferred_on=transferred_on, notes=(notes or "").strip(), created_by=actor,
                            modified_by=actor)
    transfer.full_clean()
    _engine_check(transfer, "transferred_on" if transferred_on else "old_la_aware_on")
    transfer.save()
    limb, due = engine.send_due(move_on, old_la_aware_on, working_day_calendar())
    summary = f"Moving to {other_la.name} on {_fmt(move_on)}: the plan must be transferred by {_fmt(due)}"
    if transferred_on is not None:
        _end_plan(actor=actor, transfer=transfer, on=transferred_on)
        summary = f"Plan transferred to {other_la.name} on {_fmt(transferred_on)} (move {_fmt(move_on)})"
    audit_record(actor=actor, verb=Verb.CREATED, target=transfer, child=plan.child_id, summary=summary,
                 payload={"direction": "out", "other_la": other_la.code, "move_on": move_on,
                          "old_la_aware_on": old_la_aware_on, "transferred_on": transferred_on,
                          "send_limb": limb, "send_due": due})
    return transfer


@transaction.atomic
def plan_transfer_sent(*, actor, transfer: PlanTransfer, transferred_on: date | None) -> PlanTransfer:
    """Record the day the plan was sent to the new authority (reg 15(2)); the plan ends here on that day."""
    _require(actor, "record")
    if not PlanTransferPolicy.can(actor, "view", transfer):
        raise PermissionDenied("You cannot see this transfer.")
    transfer = PlanTransfer.objects.select_for_update().select_related("plan", "other_la").get(pk=transfer.pk)
    if transfer.direction != TransferDirection.OUT:
        raise ValidationError({"transferred_on": "Only a plan going out is sent from here"})
    if transfer.transferred_on is not None:
        raise ValidationError({"transferred_on": f"The plan was already transferred on "
                                                 f"{_fmt(transfer.transferred_on)}"})
    if transferred_on is None:
        raise ValidationError({"transferred_on": "Enter the date the plan was transferred"})
    ending = PlanEnding.objects.filter(plan=transfer.plan).first()
    if ending is not None:
        raise ValidationError({"transferred_on": "This plan has already ended"})
    _check_dates(plan=transfer.plan, move_on=transfer.move_on, old_la_aware_on=transfer.old_la_aware_on,
                 transferred_on=transferred_on)
    transfer.last_reviewed_on = last_reviewed_on(transfer.plan)
    transfer.transferred_on, transfer.modified_by = transferred_on, actor
    transfer.full_clean()
    _engine_check(transfer, "transferred_on")
    transfer.save()
    _end_plan(actor=actor, transfer=transfer, on=transferred_on)
    report = transfer_report(transfer)
    send = report["send_plan"]
    late = f", {send.days_late} day{'s' if send.days_late != 1 else ''} late" if send.days_late else ""
    audit_record(actor=actor, verb=Verb.UPDATED, target=transfer, child=transfer.plan.child_id,
                 summary=f"Plan transferred to {transfer.other_la.name} on {_fmt(transferred_on)}{late}",
                 payload={"transferred_on": transferred_on, "send_due": send.due, "status": str(send.status)})
    return transfer


# --------------------------------------------------------------------------------------------- transfer in


def _plan_in_force(child) -> Plan | None:
    """A plan of the child's that is in force today: issued (a final version) and not ended."""
    on = today()
    plans = (Plan.objects.filter(child=child, archived_on__isnull=True,
                                 versions__status=PlanStatus.FINAL, versions__archived_on__isnull=True)
             .exclude(ending__ends_on__lte=on).distinct())
    return plans.first()


def _past(value: date | None, field: str, what: str) -> date:
    if value is None:
        raise ValidationError({field: f"Enter {what}"})
    if value > today():
        raise ValidationError({field: f"{what[0].upper()}{what[1:]} must be today or in the past"})
    return value


@transaction.atomic
def plan_transfer_in(*, actor, child, other_la: LocalAuthority | None, move_on: date | None,
                     transferred_on: date | None, made_on: date | None, last_reviewed_on: date | None,
                     setting=None, setting_type: str = "", plan_document=None,
                     notes: str = "") -> PlanTransfer:
    """Record a plan transferred in from ``other_la`` when the child moved into this area (SEND Regs 2014
    reg 15), with this authority's duties: ``XFER-INFORM-6W`` (reg 15(4)) and ``XFER-REVIEW`` (reg 15(5)).

    In one transaction: the plan's case (``ehc.Assessment``, origin ``transferred_plan``), the ``Plan`` with
    version 1 final and issued on ``made_on`` (reg 15(3)(a): treated as made by this authority on the date the
    old authority made it), the old authority's plan as a document, and the :class:`PlanTransfer`. Refused,
    with nothing saved: no authority or this same authority, a child who already has a plan in force, a date
    in the future, ``made_on`` after ``last_reviewed_on`` or after ``transferred_on``, a review after the
    transfer, a transfer before the move, no setting or type of setting for section I, an upload that is not
    a PDF, Word document or image.
    """
    from wayfinder.ehc import services as ehc

    _require(actor, "record")
    if not ChildPolicy.can(actor, "view", child):
        raise PermissionDenied("You cannot see this child's record.")
    if other_la is None:
        raise ValidationError({"other_la": "Select the authority the plan was transferred from"})
    if other_la.code == settings.WAYFINDER_LA_CODE:
        raise ValidationError({"other_la": "Select another authority: a plan is transferred in from the authority "
                                           "of the area the child lived in, not from this one"})
    existing = _plan_in_force(child)
    if existing is not None:
        raise ValidationError({"other_la": f"{child.display_name} already has an EHC plan in force here "
                                           f"({existing.assessment.reference}): a second plan cannot be "
                                           "transferred in"})
    _past(move_on, "move_on", "the date the child or young person moved")
    _past(transferred_on, "transferred_on", "the date the plan was transferred")
    _past(made_on, "made_on", "the date the old authority made the plan")
    _past(last_reviewed_on, "last_reviewed_on", "the date the plan was made or last reviewed")
    if made_on > last_reviewed_on:
        raise ValidationError({"last_reviewed_on": f"The last review must be on or after the date the plan was "
                                                   f"made ({_fmt(made_on)}): enter the date it was made if it "
                                                   "has not been reviewed"})
    if made_on > transferred_on:
        raise ValidationError({"made_on": f"The plan must have been made before it was transferred "
                                          f"({_fmt(transferred_on)})"})
    if last_reviewed_on > transferred_on:
        raise ValidationError({"last_reviewed_on": f"The old authority's last review must be before the transfer "
                                                   f"({_fmt(transferred_on)}): it no longer maintained the plan "
                                                   "after it"})
    if transferred_on < move_on:
        raise ValidationError({"transferred_on": f"The date of transfer must be on or after the move "
                                                 f"({_fmt(move_on)}): the plan is transferred on the day of the "
                                                 "move or later (regulation 15(2))"})
    if other_la.valid_to is not None and other_la.valid_to < move_on:
        raise ValidationError({"other_la": f"{other_la.name} no longer existed on the date of the move"})
    if setting is None and not (setting_type or "").strip():
        raise ValidationError({"setting": "Select the setting named in section I of the plan, or enter the type "
                                          "of setting it names"})
    transfer = PlanTransfer(direction=TransferDirection.IN, other_la=other_la, move_on=move_on,
                            old_la_aware_on=move_on, last_reviewed_on=last_reviewed_on,
                            transferred_on=transferred_on, notes=(notes or "").strip(), created_by=actor,
                            modified_by=actor)
    transfer.full_clean(exclude=["plan"])
    _engine_check(transfer, "transferred_on")
    if plan_document is not None:
        ehc.assessment_document_check(upload=plan_document, field="plan_document")

    plan = ehc.transferred_plan_create(actor=actor, child=child, other_la=other_la, transferred_on=transferred_on,
                                       made_on=made_on, setting=setting, setting_type=setting_type,
                                       plan_document=plan_document)
    transfer.plan = plan
    transfer.full_clean()
    transfer.save()
    limb, review_due = review_due_after_transfer_in(transfer)
    inform_due = weeks_after(transferred_on, engine.INFORM_WEEKS)
    audit_record(actor=actor, verb=Verb.CREATED, target=transfer, child=child.pk,
                 summary=f"Plan transferred in from {other_la.name} on {_fmt(transferred_on)}: tell the family by "
                         f"{_fmt(inform_due)}, review by {_fmt(review_due)}",
                 payload={"direction": "in", "other_la": other_la.code, "move_on": move_on,
                          "transferred_on": transferred_on, "made_on": made_on,
                          "last_reviewed_on": last_reviewed_on, "inform_due": inform_due,
                          "review_due": review_due, "review_limb": limb})
    return transfer


@transaction.atomic
def plan_transfer_family_informed(*, actor, transfer: PlanTransfer, informed_on: date | None) -> PlanTransfer:
    """Record the day this authority told the parent or young person that the plan has been transferred,
    whether it will assess and when it will review (``XFER-INFORM-6W``, reg 15(4): within 6 weeks of the
    date of transfer)."""
    _require(actor, "record")
    if not PlanTransferPolicy.can(actor, "view", transfer):
        raise PermissionDenied("You cannot see this transfer.")
    transfer = PlanTransfer.objects.select_for_update().select_related("plan", "other_la").get(pk=transfer.pk)
    if transfer.direction != TransferDirection.IN or transfer.transferred_on is None:
        raise ValidationError({"informed_on": "Only a plan transferred in to this authority is told to the family "
                                              "from here"})
    if transfer.family_informed_on is not None:
        raise ValidationError({"informed_on": f"The family was already told on {_fmt(transfer.family_informed_on)}"})
    _past(informed_on, "informed_on", "the date the family was told")
    if informed_on < transfer.transferred_on:
        raise ValidationError({"informed_on": f"The family can be told only on or after the transfer "
                                              f"({_fmt(transfer.transferred_on)})"})
    transfer.family_informed_on, transfer.modified_by = informed_on, actor
    transfer.full_clean()
    _engine_check(transfer, "informed_on")
    transfer.save()
    inform = transfer_report(transfer)["inform_family"]
    late = f", {inform.days_late} day{'s' if inform.days_late != 1 else ''} late" if inform.days_late else ""
    audit_record(actor=actor, verb=Verb.UPDATED, target=transfer, child=transfer.plan.child_id,
                 summary=f"Family told the plan was transferred from {transfer.other_la.name} on "
                         f"{_fmt(informed_on)}{late}",
                 payload={"informed_on": informed_on, "inform_due": inform.due, "status": str(inform.status)})
    return transfer
