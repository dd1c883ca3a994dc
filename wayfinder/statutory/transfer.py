"""The clocks of transferring an EHC plan between local authorities, derived from dated events.

Implements ``statutory-timescales.md`` §2.8 (with §1.2) for a child or young person with a plan who moves
from the area of the authority maintaining it (the old authority) into another (the new authority):

=========================  ==================  ==============================================================
step                       rule                law
=========================  ==================  ==============================================================
``send_plan``              ``XFER-SEND``       SEND Regs 2014 reg 15(2): the old authority transfers the plan
                                               (a) on the day of the move, or (b) where it was not aware of
                                               the move at least 15 working days before it, within 15 working
                                               days beginning with the day on which it became aware
``inform_family``          ``XFER-INFORM-6W``  reg 15(4): the new authority tells the parent or young person,
                                               within 6 weeks of the date of transfer, that the plan has been
                                               transferred, whether it will assess and when it will review
``new_authority_review``   ``XFER-REVIEW``     reg 15(5): the new authority reviews the plan (CAFA s44) before
                                               the later of (a) the end of 12 months beginning with the date
                                               the plan was made or last reviewed and (b) the end of 3 months
                                               beginning with the date of transfer
=========================  ==================  ==============================================================

Reg 15(3)(a) (``XFER-STATUS``): the transferred plan is treated as made by the new authority on the date the
old authority made it; it has no clock. No exception applies to these limits (§3.1 principle 5), and a due
date on a weekend or bank holiday stands (§1.2). Working days are those of
:class:`~wayfinder.statutory.calendar.WorkingDayCalendar` (Q1), which :func:`evaluate` takes as a setting.

Everything here is pure: :func:`evaluate` takes a :class:`PlanTransferCase` (parsed from the JSON of
``wayfinder clocks`` by :func:`parse_case`, or built by the casework app) and a date, and returns a
:class:`ClockReport`. Nothing is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .calendar import WorkingDayCalendar, period_of_months_beginning_with, weeks_after
from .clock import CaseError, ClockReport, Deadline, EventReader, Risk, Status, choice, iso_date, report_as_json
from .clock import clock as _clock
from .review import OUTCOMES

__all__ = [
    "AWARE_WORKING_DAYS",
    "OUTCOMES",
    "PROCESS",
    "CaseError",
    "ClockReport",
    "Deadline",
    "PlanTransferCase",
    "Risk",
    "Status",
    "evaluate",
    "new_authority_review_due",
    "parse_case",
    "report_as_json",
    "send_due",
]

PROCESS = "plan_transfer"
#: The new authority's decision after its review, as in ``annual_review``'s ``review_decision_sent``.

#: reg 15(2): "at least 15 working days prior to the move" / "within 15 working days beginning with the day".
AWARE_WORKING_DAYS = 15
#: reg 15(4): within 6 weeks of the date of transfer.
INFORM_WEEKS = 6
#: reg 15(5)(a): 12 months beginning with the date the plan was made or last reviewed; (b) 3 months
#: beginning with the date of transfer.
REVIEW_MONTHS_FROM_LAST_REVIEW = 12
REVIEW_MONTHS_FROM_TRANSFER = 3
#: At-risk thresholds (derived): how early the engine warns before each due date.
SEND_AT_RISK_BEFORE_DUE = timedelta(weeks=1)
INFORM_AT_RISK_BEFORE_DUE = timedelta(weeks=2)
#: A review needs 2 weeks' notice of the meeting (reg 20(3), 21(3)) and up to 4 weeks for the decision after
#: it (``REVIEW-DECISION-4W``): warn 8 weeks before the review is due.
REVIEW_AT_RISK_BEFORE_DUE = timedelta(weeks=8)


# --------------------------------------------------------------------------------------------- the case


@dataclass(frozen=True)
class PlanTransferCase:
    """One move between authorities (reg 15(1)) and the acts that answer reg 15(2), (4) and (5).

    ``review_decision_sent`` is the new authority's notice of its decision after its review, and
    ``review_outcome`` that decision (:data:`OUTCOMES`). As for ``REVIEW-NEXT-12M`` (Q6 default, CoP 9.169),
    the review is complete when the decision is sent.
    """

    move: date
    old_la_aware: date
    last_reviewed: date
    plan_transferred: date | None = None
    family_informed: date | None = None
    review_decision_sent: date | None = None
    review_outcome: str | None = None


# --------------------------------------------------------------------------------------------- the engine


def send_due(move: date, aware: date, calendar: WorkingDayCalendar | None = None) -> tuple[str, date]:
    """``(limb, last day)`` for the old authority to transfer the plan (``XFER-SEND``, reg 15(2)).

    ``reg15(2)(a)``: on the day of the move, when the authority was aware of it at least 15 working days
    before it; otherwise ``reg15(2)(b)``: the 15th working day beginning with the day it became aware (that
    day is day 1 if it is a working day, §1.2). "At least 15 working days prior to the move" counts the
    working days from the day of awareness up to the day before the move; there are at least 15 exactly
    when the 15th working day beginning with the day of awareness falls before the move.
    """
    cal = calendar or WorkingDayCalendar()
    fifteenth = cal.nth_working_day_beginning_with(aware, AWARE_WORKING_DAYS)
    if fifteenth < move:
        return "reg15(2)(a)", move
    return "reg15(2)(b)", fifteenth


def new_authority_review_due(last_reviewed: date, transferred: date) -> tuple[str, date, dict[str, date]]:
    """``(limb, last day, both periods' last days)`` for the new authority's review (``XFER-REVIEW``, reg 15(5)).

    The later of ``reg15(5)(a)``, the end of 12 months beginning with the date the plan was made or last
    reviewed, and ``reg15(5)(b)``, the end of 3 months beginning with the date of transfer; (a) when they are
    the same day.
    """
    ends = {
        "reg15(5)(a)": period_of_months_beginning_with(last_reviewed, REVIEW_MONTHS_FROM_LAST_REVIEW),
        "reg15(5)(b)": period_of_months_beginning_with(transferred, REVIEW_MONTHS_FROM_TRANSFER),
    }
    limb = max(ends, key=lambda name: (ends[name], name == "reg15(5)(a)"))
    return limb, ends[limb], ends


def _working_days_aware_before(aware: date, move: date, cal: WorkingDayCalendar) -> int:
    """Working days from the day of awareness (counted if a working day) to the day before the move; 0 if the
    authority became aware on or after the day of the move."""
    if aware >= move:
        return 0
    # working_days_between counts the days after ``aware`` up to and including ``move``.
    return cal.working_days_between(aware, move) + cal.is_working_day(aware) - cal.is_working_day(move)


def evaluate(case: PlanTransferCase, as_of: date, *, calendar: WorkingDayCalendar | None = None) -> ClockReport:
    """Every deadline of one transfer between authorities as it stands on ``as_of``, and what is at risk.

    The new authority's clocks (``inform_family``, ``new_authority_review``) run from the actual date of
    transfer (worked example 16), so they are reported once the plan has been transferred.
    """
    cal = calendar or WorkingDayCalendar()
    transferred = case.plan_transferred
    deadlines: list[Deadline] = []

    # XFER-SEND, reg 15(2)(a)-(b).
    send_limb, send_due_date = send_due(case.move, case.old_la_aware, cal)
    flags = ("transferred_before_move",) if transferred is not None and transferred < case.move else ()
    deadlines.append(_clock("send_plan", "XFER-SEND", send_due_date, transferred, as_of, flags=flags))
    facts: dict[str, Any] = {
        "send_limb": send_limb,
        "working_days_aware_before_move": _working_days_aware_before(case.old_la_aware, case.move, cal),
    }

    if transferred is not None:
        # XFER-INFORM-6W, reg 15(4): "within 6 weeks of the date of transfer" -> D + 42.
        deadlines.append(_clock("inform_family", "XFER-INFORM-6W", weeks_after(transferred, INFORM_WEEKS),
                                case.family_informed, as_of))
        # XFER-REVIEW, reg 15(5)(a)-(b): the later of the two periods' last days.
        review_limb, review_due, ends = new_authority_review_due(case.last_reviewed, transferred)
        deadlines.append(_clock("new_authority_review", "XFER-REVIEW", review_due, case.review_decision_sent,
                                as_of))
        facts["review_limb"] = review_limb
        facts["review_period_ends"] = {limb: end.isoformat() for limb, end in ends.items()}
        facts["review_outcome"] = case.review_outcome

    report = ClockReport(as_of=as_of, deadlines=tuple(deadlines), process=PROCESS, facts=facts)
    return ClockReport(as_of=as_of, deadlines=report.deadlines, at_risk=tuple(_risks(report, as_of)),
                       process=PROCESS, facts=facts)


_RISKS = (
    ("send_plan", SEND_AT_RISK_BEFORE_DUE, "The old authority must transfer the plan within a week"),
    ("inform_family", INFORM_AT_RISK_BEFORE_DUE, "The parent or young person must be told within 2 weeks"),
    ("new_authority_review", REVIEW_AT_RISK_BEFORE_DUE,
     "The new authority's review is due within 8 weeks: the meeting needs 2 weeks' notice"),
)


def _risks(report: ClockReport, as_of: date) -> Iterable[Risk]:
    """Steps open with less than their warning period to go (derived thresholds, documented above)."""
    for step, warning, reason in _RISKS:
        d = report.get(step)
        if d is not None and d.status is Status.OPEN and as_of >= d.due - warning:
            yield Risk(d.step, d.rule, d.due, reason)


# --------------------------------------------------------------------------------------------- JSON input

_EVENT_FIELDS: dict[str, tuple[set[str], set[str]]] = {
    # event: (required fields, optional fields), in the order the process runs
    "last_reviewed": ({"date"}, set()),
    "old_la_aware": ({"date"}, set()),
    "move": ({"date"}, set()),
    "plan_transferred": ({"date"}, set()),
    "new_la_informed_family": ({"date"}, set()),
    "review_decision_sent": ({"date", "outcome"}, set()),
}
_ONCE = ("last_reviewed", "old_la_aware", "plan_transferred", "new_la_informed_family", "review_decision_sent")
_REQUIRED = {
    "move": "the old authority's deadline is the day of the move (reg 15(2)(a))",
    "old_la_aware": "the deadline depends on when the old authority became aware of the move (reg 15(2)(b))",
    "last_reviewed": "the new authority's review runs from the date the plan was made or last reviewed "
                     "(reg 15(5)(a))",
}
#: ``move`` may be a planned move, after ``as_of`` (the old authority's deadline is known before it): the
#: reader does not check it against ``as_of``, and :func:`parse_case` reads its date itself.
_READER = EventReader(PROCESS, _EVENT_FIELDS, once=_ONCE, undated=("move",))


def parse_case(data: Any) -> tuple[PlanTransferCase, date]:
    """Read the ``wayfinder clocks`` input for ``plan_transfer`` into a case and its ``as_of`` date.

    Raises :class:`CaseError` for anything that cannot be a real case: unknown events or fields, bad dates,
    a missing ``move``, ``old_la_aware`` or ``last_reviewed``, repeated events, events (other than the move)
    after ``as_of``, a transfer before the old authority knew of the move, a review by the old authority
    after it transferred the plan, or an act of the new authority before the plan reached it.
    """
    as_of, timeline, undated = _READER.read(data)
    if len(undated) > 1:
        raise CaseError(f"{undated[1].where}: move appears more than once")
    seen = {e.name: e for e in timeline}
    for name, why in _REQUIRED.items():
        if name not in seen and not (name == "move" and undated):
            raise CaseError(f"events must include {name}: {why}")
    move_date = iso_date(undated[0].data["date"], f"{undated[0].where}.date")
    aware, reviewed = seen["old_la_aware"], seen["last_reviewed"]
    transferred = seen.get("plan_transferred")
    if transferred is not None:
        if transferred.when < aware.when:
            raise CaseError(f"{transferred.where} (plan_transferred) is dated {transferred.when}, before the old "
                            f"authority became aware of the move on {aware.when} ({aware.where})")
        if reviewed.when > transferred.when:
            raise CaseError(f"{reviewed.where} (last_reviewed) is dated {reviewed.when}, after the plan was "
                            f"transferred on {transferred.when}: the old authority no longer maintained it")
    for name in ("new_la_informed_family", "review_decision_sent"):
        event = seen.get(name)
        if event is None:
            continue
        if transferred is None:
            raise CaseError(f"{event.where} ({name}) is an act of the new authority, but the plan has not been "
                            "transferred: give plan_transferred")
        if event.when < transferred.when:
            raise CaseError(f"{event.where} ({name}) is dated {event.when}, before the plan was transferred on "
                            f"{transferred.when} ({transferred.where})")
    decision = seen.get("review_decision_sent")
    outcome = choice(decision.data["outcome"], OUTCOMES, f"{decision.where}.outcome") if decision else None
    case = PlanTransferCase(
        move=move_date,
        old_la_aware=aware.when,
        last_reviewed=reviewed.when,
        plan_transferred=transferred.when if transferred else None,
        family_informed=seen["new_la_informed_family"].when if "new_la_informed_family" in seen else None,
        review_decision_sent=decision.when if decision else None,
        review_outcome=outcome,
    )
    return case, as_of
