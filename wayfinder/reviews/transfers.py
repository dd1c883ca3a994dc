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

**Transfer in is not recorded here.** A plan received from another authority needs a ``Plan`` row, and a
``Plan`` needs its own ``ehc.Assessment`` whose clock events the assessment engine reads as this authority's
request, decisions, draft and final plan: fabricating them shows 20-week clocks (and a premature-final flag)
on the assessment page, counts the plan as issued within 20 weeks in the timeliness measures, and makes
``ehc.selectors.sen2_items`` return the request as ``A`` instead of the ``H`` SEN2 wants for a transfer in.
See the report that came with this module for what would change.

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
from wayfinder.core.dates import today
from wayfinder.ehc.models import Plan, PlanStatus, PlanVersion
from wayfinder.people.calendars import working_day_calendar
from wayfinder.people.models import LocalAuthority
from wayfinder.people.policies import ChildPolicy
from wayfinder.statutory import transfer as engine
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
    "plan_transfer_out",
    "plan_transfer_sent",
    "plan_transfers",
    "transfer_report",
    "transfers_for",
]

#: What each step of ``plan_transfer`` is called on pages, and whose duty it is when the plan goes out.
STEP_LABELS = {
    "send_plan": "Transfer the plan to the new authority",
    "inform_family": "New authority tells the family the plan has been transferred",
    "new_authority_review": "New authority reviews the plan",
}
OUR_STEPS_OUT = {"send_plan"}
STATUS_LABELS = {"met": "Met", "late": "Late", "open": "Due", "overdue": "Overdue", "excused": "Exception applies",
                 "not_applicable": "Not needed"}
STATUS_COLOURS = {"met": "green", "late": "red", "open": "blue", "overdue": "red", "excused": "yellow",
                  "not_applicable": "grey"}


def _fmt(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


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


def last_reviewed_on(plan: Plan) -> date | None:
    """"The date on which the EHC plan was made or last reviewed" (reg 15(5)(a)): the last review decision
    sent (statutory-timescales Q6, the decision not the meeting), or the date the plan was first issued."""
    last = (ReviewEvent.objects.filter(review__plan=plan, review__archived_on__isnull=True,
                                       event=ReviewEventKind.DECISION_SENT).order_by("-date", "-pk").first())
    return last.date if last is not None else _first_issued_on(plan)


def engine_input(transfer: PlanTransfer, as_of: date) -> dict:
    """The ``wayfinder clocks`` input for ``"process": "plan_transfer"`` (docs/reference/clocks.md)."""
    events = [{"event": "last_reviewed", "date": transfer.last_reviewed_on.isoformat()},
              {"event": "old_la_aware", "date": transfer.old_la_aware_on.isoformat()},
              {"event": "move", "date": transfer.move_on.isoformat()}]
    if transfer.transferred_on:
        events.append({"event": "plan_transferred", "date": transfer.transferred_on.isoformat()})
    if transfer.family_informed_on:
        events.append({"event": "new_la_informed_family", "date": transfer.family_informed_on.isoformat()})
    return {"process": engine.PROCESS, "as_of": as_of.isoformat(), "events": events}


def transfer_report(transfer: PlanTransfer, as_of: date | None = None) -> ClockReport:
    """XFER-SEND, and once transferred XFER-INFORM-6W and XFER-REVIEW (reg 15(2), (4), (5)), on ``as_of``."""
    on = as_of or today()
    case, _ = engine.parse_case(engine_input(transfer, on))
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
    def at_risk(self) -> bool:
        steps = {r.step for r in self.report.at_risk}
        return any(d["deadline"].step in steps for d in self.ours)

    @property
    def overdue(self) -> bool:
        return any(d["deadline"].status is Status.OVERDUE for d in self.ours)


def _row(transfer: PlanTransfer, as_of: date) -> TransferRow:
    report = transfer_report(transfer, as_of)
    out = transfer.direction == TransferDirection.OUT
    rows = []
    for d in report.deadlines:
        ours = (d.step in OUR_STEPS_OUT) if out else (d.step not in OUR_STEPS_OUT)
        rows.append({"deadline": d, "label": STEP_LABELS.get(d.step, d.step), "ours": ours,
                     "status_label": STATUS_LABELS[str(d.status)], "colour": STATUS_COLOURS[str(d.status)]})
    return TransferRow(transfer, report, rows)


def _visible(user) -> QuerySet[PlanTransfer]:
    return PlanTransferPolicy.visible_to(user).select_related("plan__child", "plan__child__locality", "other_la")


def plan_transfers(user, plan: Plan, as_of: date | None = None) -> list[TransferRow]:
    """The transfers of one plan the user may see, newest move first, for ``reviews/parts/_transfers.html``
    (context variable ``transfers``: a list of :class:`TransferRow`)."""
    on = as_of or today()
    return [_row(t, on) for t in _visible(user).filter(plan=plan)]


def transfers_for(*, user, as_of: date | None = None, direction: str = "") -> list[TransferRow]:
    """Every transfer the user may see, those still to send first, then the newest move."""
    on = as_of or today()
    queryset = _visible(user)
    if direction in TransferDirection.values:
        queryset = queryset.filter(direction=direction)
    rows = [_row(t, on) for t in queryset]
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
