"""The clocks of a review of an EHC plan and the amendment that follows it, derived from dated events.

Implements ``statutory-timescales.md`` §2.3 and §2.5 for one review:

============================  ======================  ========================================================
step                          rule                    law
============================  ======================  ========================================================
``review_notice``             ``REVIEW-NOTICE-2W``    SEND Regs 2014 reg 20(3) / 21(3): at least two weeks'
                                                      notice of the meeting (latest ``M − 14``, Q5)
``review_advice``             ``REVIEW-ADVICE-2W``    reg 20(4) / 21(4): advice obtained and circulated at
                                                      least two weeks before the meeting
``review_meeting``            ``REVIEW-MEETING-LATEST`` derived: the latest meeting that leaves the 4 weeks for
                                                      the decision inside the 12 months (advisory)
``review_report``             ``REVIEW-REPORT-2W``    reg 20 / 21(7): the report within 2 weeks of the meeting
``review_decision``           ``REVIEW-DECISION-4W``  reg 20, Code of Practice 9.176: maintain, amend or cease
                                                      within 4 weeks of the meeting
``annual_review``             ``REVIEW-FIRST-12M`` /  CAFA s44(1)(a)/(b): reviewed within the 12 months starting
                              ``REVIEW-NEXT-12M``     with the plan's date or the last review (Q6: the review
                                                      is complete when the decision is sent)
``amendment_proposals``       ``AMEND-NOTICE``        reg 22(2)(a) with R (L, M & P) v Devon CC [2022]: the
                                                      proposed amendments go with the 4-week decision
``amendment_representations`` ``AMEND-REPS-15D``      reg 22(2)(c): at least 15 days beginning with the day the
                                                      notice was served; flags ``premature_final``
``final_amended_plan``        ``AMEND-FINAL-8W`` /    reg 22(3): within 8 weeks of the day the proposals were
                              ``AMEND-NOT-8W``        sent; reg 22(4): a decision not to amend, likewise
============================  ======================  ========================================================

``AMEND-DEVON`` (the final amended plan within 12 weeks of the meeting) is reported as a fact beside the
deadlines, ``devon_12w_exceeded``, not as a deadline that can be late (§2.5, Q7): when the proposals went
late the breach is of ``REVIEW-DECISION-4W``, and reg 22(3) still counts from the actual sending date.
``REVIEW-UNDER5`` reminders (+3 and +6 months for a child under 5) are advisory and never late: they are
reported as ``reminders``.

No exception provision applies to reviews or amendments (§3.1 principle 5). Everything here is pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from .calendar import days_beginning_with, months_after, period_of_months_beginning_with, weeks_after, weeks_before
from .clock import CaseError, ClockReport, Deadline, EventReader, Risk, Status, choice, clock, iso_date

__all__ = ["OUTCOMES", "PROCESS", "ReviewCase", "evaluate", "parse_case", "review_due"]

PROCESS = "annual_review"
OUTCOMES = ("maintain", "amend", "cease")
#: A review "within the 12 months" (CAFA s44(1)); the period of months starting with the anchor date.
REVIEW_MONTHS = 12
#: Under-fives: the authority should consider reviewing every 3 to 6 months (Code of Practice ch. 9).
UNDER5_REMINDER_MONTHS = (3, 6)
UNDER5_AGE = 5
#: At-risk thresholds (derived): how early the engine warns before a date.
MEETING_AT_RISK_BEFORE_DUE = timedelta(weeks=8)
NOTICE_AT_RISK_BEFORE_DUE = timedelta(weeks=1)
DECISION_AT_RISK_BEFORE_DUE = timedelta(weeks=1)
FINAL_AT_RISK_BEFORE_DUE = timedelta(weeks=2)


@dataclass(frozen=True)
class ReviewCase:
    """One review of a plan: the date its 12 months run from, and what has happened since.

    ``first`` is true when the anchor is the date the plan was first made (``REVIEW-FIRST-12M``), false when
    it is the previous review's decision (``REVIEW-NEXT-12M``, Q6). ``meeting_arranged_for`` is the date a
    meeting has been fixed for, before it is held.
    """

    anchor: date
    first: bool
    date_of_birth: date | None = None
    meeting_arranged_for: date | None = None
    invitations_sent: date | None = None
    advice_circulated: date | None = None
    meeting_held: date | None = None
    report_sent: date | None = None
    decision_sent: date | None = None
    outcome: str | None = None
    proposals_sent: date | None = None
    final_amended_plan: date | None = None
    decision_not_to_amend: date | None = None
    plan_ended: date | None = None

    @property
    def meeting(self) -> date | None:
        """The meeting date the notice and advice count back from: held, or else arranged."""
        return self.meeting_held or self.meeting_arranged_for


def review_due(anchor: date) -> date:
    """The last day of the 12 months starting with ``anchor`` (CAFA s44(1); ``D + 12 months − 1 day``)."""
    return period_of_months_beginning_with(anchor, REVIEW_MONTHS)


# --------------------------------------------------------------------------------------------- the engine


def evaluate(case: ReviewCase, as_of: date) -> ClockReport:
    """Every deadline of one review, and its amendment, as they stand on ``as_of``."""
    stopped = case.plan_ended
    deadlines: list[Deadline] = []
    period_end = review_due(case.anchor)
    meeting = case.meeting

    # REVIEW-NOTICE-2W, REVIEW-ADVICE-2W, reg 20(3)-(4) / 21(3)-(4): counted back from the meeting date.
    if meeting is not None:
        latest = weeks_before(meeting, 2)
        deadlines.append(clock("review_notice", "REVIEW-NOTICE-2W", latest, case.invitations_sent, as_of,
                               stopped=stopped or case.meeting_held))
        deadlines.append(clock("review_advice", "REVIEW-ADVICE-2W", latest, case.advice_circulated, as_of,
                               stopped=stopped or case.meeting_held))

    # REVIEW-MEETING-LATEST (derived, advisory): the meeting by the 12-month date less the 4 weeks for a decision.
    deadlines.append(clock("review_meeting", "REVIEW-MEETING-LATEST", period_end - timedelta(weeks=4),
                           case.meeting_held, as_of, stopped=stopped))

    if case.meeting_held is not None:
        m = case.meeting_held
        # REVIEW-REPORT-2W, reg 21(7) (and the reg 20 equivalent): the report within 2 weeks of the meeting.
        deadlines.append(clock("review_report", "REVIEW-REPORT-2W", weeks_after(m, 2), case.report_sent, as_of,
                               stopped=stopped))
        # REVIEW-DECISION-4W, reg 20 / Code of Practice 9.176: the decision within 4 weeks of the meeting.
        deadlines.append(clock("review_decision", "REVIEW-DECISION-4W", weeks_after(m, 4), case.decision_sent,
                               as_of, stopped=stopped))

    # REVIEW-FIRST-12M / REVIEW-NEXT-12M, CAFA s44(1): the review (its decision, Q6) within the 12 months.
    rule = "REVIEW-FIRST-12M" if case.first else "REVIEW-NEXT-12M"
    deadlines.append(clock("annual_review", rule, period_end, case.decision_sent, as_of, stopped=stopped))

    facts: dict[str, Any] = {}
    amending = case.outcome == "amend" or case.proposals_sent is not None
    if amending and case.meeting_held is not None:
        deadlines.extend(_amendment(case, as_of, stopped))
        facts.update(_devon(case, as_of))
    reminders = list(_under5_reminders(case))
    if reminders:
        facts["reminders"] = reminders

    report = ClockReport(as_of=as_of, deadlines=tuple(deadlines), process=PROCESS, facts=facts)
    return ClockReport(as_of=as_of, deadlines=report.deadlines, at_risk=tuple(_risks(case, report, as_of)),
                       process=PROCESS, facts=facts)


def _amendment(case: ReviewCase, as_of: date, stopped: date | None) -> Iterable[Deadline]:
    m = case.meeting_held
    assert m is not None
    # AMEND-NOTICE, reg 22(2)(a), with Devon: the proposals go with the 4-week decision.
    yield clock("amendment_proposals", "AMEND-NOTICE", weeks_after(m, 4), case.proposals_sent, as_of,
                stopped=stopped)
    sent = case.proposals_sent
    if sent is None:
        return
    # AMEND-REPS-15D, reg 22(2)(c): at least 15 days beginning with the day the notice was served.
    window_end = days_beginning_with(sent, 15)
    ended_by = case.final_amended_plan
    if ended_by is not None and ended_by <= window_end:
        yield Deadline("amendment_representations", "AMEND-REPS-15D", window_end, ended_by, Status.LATE, None,
                       ("premature_final",))
    elif ended_by is not None:
        yield Deadline("amendment_representations", "AMEND-REPS-15D", window_end, ended_by, Status.MET)
    elif stopped is not None and stopped <= window_end:
        yield Deadline("amendment_representations", "AMEND-REPS-15D", window_end, None, Status.NOT_APPLICABLE)
    else:
        yield Deadline("amendment_representations", "AMEND-REPS-15D", window_end, None,
                       Status.OPEN if as_of <= window_end else Status.MET)
    # AMEND-FINAL-8W, reg 22(3): within 8 weeks of the day the copy and notice were sent (the actual date).
    # AMEND-NOT-8W, reg 22(4): a decision not to amend after all, with reasons, in the same 8 weeks.
    due = weeks_after(sent, 8)
    if case.decision_not_to_amend is not None:
        yield clock("final_amended_plan", "AMEND-NOT-8W", due, case.decision_not_to_amend, as_of, stopped=stopped)
    else:
        yield clock("final_amended_plan", "AMEND-FINAL-8W", due, case.final_amended_plan, as_of, stopped=stopped)


def _devon(case: ReviewCase, as_of: date) -> dict[str, Any]:
    """``AMEND-DEVON``: a final amended plan within 12 weeks of the meeting where the proposals went on time."""
    assert case.meeting_held is not None
    due = weeks_after(case.meeting_held, 12)
    done = case.final_amended_plan
    if done is not None:
        over = max((done - due).days, 0)
    elif case.decision_not_to_amend is not None or case.plan_ended is not None:
        over = 0
    else:
        over = max((as_of - due).days, 0)
    return {"amend_devon": {"rule": "AMEND-DEVON", "due": due.isoformat(), "days_over": over},
            "devon_12w_exceeded": over > 0}


def _under5_reminders(case: ReviewCase) -> Iterable[dict[str, str]]:
    """``REVIEW-UNDER5`` (advisory): consider a review at +3 and +6 months for a child under 5 at the anchor."""
    if case.date_of_birth is None or relativedelta(case.anchor, case.date_of_birth).years >= UNDER5_AGE:
        return
    for months in UNDER5_REMINDER_MONTHS:
        yield {"rule": "REVIEW-UNDER5", "date": months_after(case.anchor, months).isoformat(),
               "reason": f"The child was under {UNDER5_AGE}: consider a review {months} months on"}


def _risks(case: ReviewCase, report: ClockReport, as_of: date) -> Iterable[Risk]:
    if case.plan_ended is not None:
        return
    annual = report["annual_review"]
    if (case.meeting is None and annual.status is Status.OPEN
            and as_of >= annual.due - MEETING_AT_RISK_BEFORE_DUE):
        yield Risk(annual.step, annual.rule, annual.due,
                   "No review meeting arranged with less than 8 weeks to the review date")
    notice = report.get("review_notice")
    if notice and notice.status is Status.OPEN and as_of >= notice.due - NOTICE_AT_RISK_BEFORE_DUE:
        yield Risk(notice.step, notice.rule, notice.due, "Invitations to the meeting must go out within a week")
    advice = report.get("review_advice")
    if advice and advice.status is Status.OPEN and as_of >= advice.due - NOTICE_AT_RISK_BEFORE_DUE:
        yield Risk(advice.step, advice.rule, advice.due, "Advice must be circulated within a week")
    decision = report.get("review_decision")
    if decision and decision.status is Status.OPEN and as_of >= decision.due - DECISION_AT_RISK_BEFORE_DUE:
        yield Risk(decision.step, decision.rule, decision.due, "The review decision is due within a week")
    final = report.get("final_amended_plan")
    if final and final.status is Status.OPEN and as_of >= final.due - FINAL_AT_RISK_BEFORE_DUE:
        yield Risk(final.step, final.rule, final.due, "The final amended plan is due within 2 weeks")


# --------------------------------------------------------------------------------------------- JSON input

_EVENT_FIELDS: dict[str, tuple[set[str], set[str]]] = {
    # In the order the process runs: events on the same day are read in this order.
    "plan_issued": ({"date"}, {"date_of_birth"}),
    "review_meeting_arranged": ({"date", "meeting_date"}, set()),
    "review_invitations_sent": ({"date"}, set()),
    "review_advice_circulated": ({"date"}, set()),
    "review_meeting_held": ({"date"}, set()),
    "review_report_sent": ({"date"}, set()),
    "review_decision_sent": ({"date", "outcome"}, {"date_of_birth"}),
    "amendment_proposals_sent": ({"date"}, set()),
    "final_amended_plan_issued": ({"date"}, set()),
    "decision_not_to_amend": ({"date"}, set()),
    "plan_ended": ({"date"}, set()),
}
_ONCE = ("plan_issued", "review_invitations_sent", "review_advice_circulated", "review_meeting_held",
         "review_report_sent", "amendment_proposals_sent", "final_amended_plan_issued", "decision_not_to_amend",
         "plan_ended")
_READER = EventReader(PROCESS, _EVENT_FIELDS, once=_ONCE)


def parse_case(data: Any) -> tuple[ReviewCase, date]:
    """Read the ``wayfinder clocks`` input for ``"process": "annual_review"`` (``docs/reference/clocks.md``).

    The review's 12 months run from ``plan_issued`` or, without it, from the first ``review_decision_sent``
    (the previous review). A second ``review_decision_sent`` is this review's decision. Raises
    :class:`CaseError` for input that cannot be a real review, naming the event.
    """
    as_of, events, _ = _READER.read(data)
    anchor: date | None = None
    first = False
    born: date | None = None
    values: dict[str, Any] = {}
    decisions = [e for e in events if e.name == "review_decision_sent"]
    plan = next((e for e in events if e.name == "plan_issued"), None)
    if plan is not None:
        anchor, first = plan.when, True
        if decisions and decisions[0].when < plan.when:
            raise CaseError(f"{decisions[0].where}: a review decision on {decisions[0].when} is before the plan "
                            f"was issued on {plan.when}; give the previous review's decision or plan_issued, not both")
        current = decisions
    elif decisions:
        anchor, first = decisions[0].when, False
        choice(decisions[0].data["outcome"], OUTCOMES, f"{decisions[0].where}.outcome")
        if decisions[0].data["outcome"] == "cease":
            raise CaseError(f"{decisions[0].where}: the previous review decided to cease the plan, so there is "
                            "no later review")
        current = decisions[1:]
    else:
        raise CaseError("events must include plan_issued or the previous review_decision_sent: the 12 months of "
                        "a review run from one of them (CAFA s44(1))")
    if len(current) > 1:
        raise CaseError(f"{current[1].where}: one review has one decision; start a new review from the decision "
                        f"of {current[0].when}")
    anchor_event = plan if plan is not None else decisions[0]
    if "date_of_birth" in anchor_event.data:
        born = iso_date(anchor_event.data["date_of_birth"], f"{anchor_event.where}.date_of_birth")
        if born > anchor:
            raise CaseError(f"{anchor_event.where}.date_of_birth {born} is after the plan's date {anchor}")
    for e in events:
        if e is anchor_event:
            continue
        if e.when < anchor:
            raise CaseError(f"{e.where} ({e.name}) is dated {e.when}, before the date the review's 12 months "
                            f"run from, {anchor}")
        if e.name == "review_meeting_arranged":
            meeting = iso_date(e.data["meeting_date"], f"{e.where}.meeting_date")
            if meeting < e.when:
                raise CaseError(f"{e.where}: a meeting arranged on {e.when} cannot be for an earlier date, {meeting}")
            values["meeting_arranged_for"] = meeting
        elif e.name == "review_decision_sent":
            values["outcome"] = choice(e.data["outcome"], OUTCOMES, f"{e.where}.outcome")
            values["decision_sent"] = e.when
            if "date_of_birth" in e.data:
                raise CaseError(f"{e.where}: date_of_birth goes on the event the 12 months run from")
        else:
            values[_FIELD[e.name]] = e.when
    case = ReviewCase(anchor=anchor, first=first, date_of_birth=born, **values)
    _check_order(case, {e.name: e for e in events})
    return case, as_of


_FIELD = {
    "review_invitations_sent": "invitations_sent",
    "review_advice_circulated": "advice_circulated",
    "review_meeting_held": "meeting_held",
    "review_report_sent": "report_sent",
    "amendment_proposals_sent": "proposals_sent",
    "final_amended_plan_issued": "final_amended_plan",
    "decision_not_to_amend": "decision_not_to_amend",
    "plan_ended": "plan_ended",
}


def _check_order(case: ReviewCase, by_name: dict) -> None:
    """Impossible orders: each step needs the one before it, on or after its date."""
    def where(name: str) -> str:
        event = by_name.get(name)
        return f"{event.where} ({name})" if event is not None else name

    m = case.meeting_held
    for name, when in (("review_report_sent", case.report_sent), ("amendment_proposals_sent", case.proposals_sent)):
        if when is not None and (m is None or when < m):
            raise CaseError(f"{where(name)} on {when} needs the review meeting held before it")
    if case.decision_sent is not None and (m is None or case.decision_sent < m):
        raise CaseError(f"{where('review_decision_sent')} on {case.decision_sent}: a review decision follows "
                        "the review meeting (reg 20)")
    if case.proposals_sent is not None and case.outcome not in (None, "amend"):
        raise CaseError(f"{where('amendment_proposals_sent')}: the review decided to {case.outcome} the plan, so "
                        "there are no proposed amendments")
    ends = (("final_amended_plan_issued", case.final_amended_plan), ("decision_not_to_amend",
                                                                      case.decision_not_to_amend))
    for name, when in ends:
        if when is not None and (case.proposals_sent is None or when < case.proposals_sent):
            raise CaseError(f"{where(name)} on {when} needs the proposed amendments sent before it (reg 22(2))")
    if case.final_amended_plan is not None and case.decision_not_to_amend is not None:
        raise CaseError(f"{where('decision_not_to_amend')}: the amended plan was already issued")
    if case.plan_ended is not None:
        for name, field_name in _FIELD.items():
            when = getattr(case, field_name)
            if name != "plan_ended" and when is not None and when > case.plan_ended:
                raise CaseError(f"{where(name)} on {when} is after the plan ended on {case.plan_ended}")
