"""The clocks of an EHC needs assessment, derived from dated events.

Implements ``statutory-timescales.md`` §2.1, §2.2 and §3 for one case:

============================  =====================  ==========================================================
step                          rule                   law
============================  =====================  ==========================================================
``decision_whether_to_assess`` ``ASSESS-DECISION``   SEND Regs 2014 reg 5(1): within 6 weeks of the request;
                                                     exceptions reg 5(4)(a)–(c)
``advice_<from>``             ``ASSESS-ADVICE-6W``   reg 8(1): within 6 weeks of the body receiving the LA's
                                                     request; exceptions reg 8(2)(a)–(c)
``decision_not_to_issue``     ``ASSESS-NO-PLAN-16W`` reg 10(1): within 16 weeks of the request; exceptions
                                                     reg 10(4)(a)–(d)
``consultation_<setting>``    ``PLAN-CONSULT-15D``   CAFA s39–40, Code of Practice 9.83: the institution
                                                     should respond within 15 days (guidance, never "late" in
                                                     law: reported ``late`` so that it is visible)
``draft_plan_latest``         ``PLAN-DRAFT-LATEST``  derived (§2.2): the latest draft that leaves a full 15-day
                                                     window before the 20-week date (advisory)
``draft_comments_window``     ``PLAN-REPS-15D``      reg 13(1)(a): at least 15 days beginning with the day the
                                                     draft was served; no final plan before ``D + 15``
``final_plan``                ``PLAN-FINAL-20W``     reg 13(2): within 20 weeks of the request; exceptions
                                                     reg 13(3), importing reg 10(4)(a)–(d)
============================  =====================  ==========================================================

Principles (§3.1): there are no pauses in the law. An exception *disapplies* a limit; it never moves a
due date. The engine checks the dated conditions of each limb (closure windows, the length of an absence,
overlap with the clock's period); whether the circumstance made compliance impractical is a human
judgement recorded with the exception in casework.

Everything here is pure: :func:`evaluate` takes an :class:`AssessmentCase` (parsed from the JSON of
``wayfinder clocks`` by :func:`parse_case`, or built by the casework app from its records) and a date, and
returns a :class:`ClockReport`. Nothing is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from .calendar import ClosureCalendar, ClosurePeriod, closure_window_for, days_beginning_with, weeks_after
from .clock import (
    CaseError,
    ClockReport,
    Deadline,
    EventReader,
    Risk,
    Status,
    choice,
    iso_date,
    report_as_json,
)
from .clock import clock as _clock
from .clock import not_applicable as _not_applicable

__all__ = [
    "ADVICE_SOURCES",
    "AdviceRequest",
    "AssessmentCase",
    "CaseError",
    "ClockReport",
    "Consultation",
    "Deadline",
    "ExceptionKind",
    "ExceptionRecord",
    "Risk",
    "Status",
    "evaluate",
    "parse_case",
    "report_as_json",
]

PROCESS = "ehc_needs_assessment"
ADVICE_SOURCES = ("education", "health", "social_care", "psychology", "other")
INSTITUTION_KINDS = ("school", "post16", "early_years")

#: An absence from the area must be "a continuous period of not less than 4 weeks" (reg 5(4), 8(2)(b), 10(4)(d)).
ABSENCE_MIN_DAYS = 28
#: At-risk thresholds (derived, §2): how early the engine warns before a statutory date.
DECISION_AT_RISK_WEEK = 5
ADVICE_AT_RISK_BEFORE_FINAL = timedelta(weeks=6)
ADVICE_AT_RISK_BEFORE_DUE = timedelta(weeks=1)
ISSUE_DECISION_AT_RISK_WEEK = 14
DRAFT_AT_RISK_BEFORE_LATEST = timedelta(weeks=2)
FINAL_AT_RISK_BEFORE_DUE = timedelta(weeks=2)


class ExceptionKind(StrEnum):
    PERSONAL_CIRCUMSTANCES = "personal_circumstances"
    ABSENCE_FROM_AREA = "absence_from_area"
    MISSED_APPOINTMENT = "missed_appointment"


# --------------------------------------------------------------------------------------------- the case


@dataclass(frozen=True)
class AdviceRequest:
    """Advice asked of a body under reg 6(1) and reg 8; ``requested`` stands for the body's receipt (§2.1)."""

    source: str
    requested: date
    received: date | None = None
    closures: tuple[ClosurePeriod, ...] = ()
    institution: str = "school"
    step: str = ""


@dataclass(frozen=True)
class Consultation:
    """The LA's consultation with a setting on naming it in section I (CAFA s39(2), s40(2))."""

    setting: str
    sent: date
    responded: date | None = None


@dataclass(frozen=True)
class ExceptionRecord:
    """A recorded exception (§3.1 principle 2): its kind, the dates of the circumstance and, for reg 8(2),
    the advice source it affects. ``start``/``end`` are the first and last days (inclusive); for a missed
    appointment both are the appointment date."""

    kind: ExceptionKind
    start: date
    end: date
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class AssessmentCase:
    request_received: date
    decision_to_assess: date | None = None
    assess: bool | None = None
    advice: tuple[AdviceRequest, ...] = ()
    decision_to_issue: date | None = None
    issue: bool | None = None
    consultations: tuple[Consultation, ...] = ()
    draft_served: date | None = None
    final_issued: date | None = None
    withdrawn: date | None = None
    exceptions: tuple[ExceptionRecord, ...] = ()


# --------------------------------------------------------------------------------------------- the report


# --------------------------------------------------------------------------------------------- exceptions


def _closure_limb(case: AssessmentCase, until: date, limbs: Mapping[str, str]) -> str | None:
    """The closure limb that applies, if LA advice was asked of an institution in its closure window (§3.2).

    ``limbs`` maps the institution kind to the limb, e.g. ``{"school": "reg5(4)(a)", "post16": ...}``;
    kinds absent from it are not listed by that regulation (early years is not in reg 5(4)). The request
    must fall on or before ``until`` (the clock's due date), or it could not have made compliance
    impractical.
    """
    for advice in case.advice:
        limb = limbs.get(advice.institution)
        if (limb and advice.closures and advice.requested <= until
                and closure_window_for(ClosureCalendar(advice.closures), advice.requested) is not None):
            return limb
    return None


def _overlaps(record: ExceptionRecord, start: date, end: date) -> bool:
    return record.start <= end and start <= record.end


def _absence_long_enough(record: ExceptionRecord) -> bool:
    return (record.end - record.start).days + 1 >= ABSENCE_MIN_DAYS


def _la_exception(case: AssessmentCase, start: date, due: date, *, closure: Mapping[str, str],
                  personal: str, absence: str) -> str | None:
    """The first limb of an LA clock's exception list that the dated evidence satisfies, or ``None``."""
    limb = _closure_limb(case, due, closure)
    if limb:
        return limb
    for record in case.exceptions:
        if record.source or not _overlaps(record, start, due):
            continue
        if record.kind is ExceptionKind.PERSONAL_CIRCUMSTANCES:
            return personal
        if record.kind is ExceptionKind.ABSENCE_FROM_AREA and _absence_long_enough(record):
            return absence
    return None


def _reg5_exception(case: AssessmentCase, due: date) -> str | None:
    """Reg 5(4): (a) school or post-16 closure window; (b) exceptional personal circumstances; (c) absence."""
    return _la_exception(
        case, case.request_received, due,
        closure={"school": "reg5(4)(a)", "post16": "reg5(4)(a)"},
        personal="reg5(4)(b)", absence="reg5(4)(c)",
    )


def _reg10_exception(case: AssessmentCase, due: date) -> str | None:
    """Reg 10(4), imported by reg 13(3): (a) school or post-16 closure; (b) early-years closure;
    (c) exceptional personal circumstances; (d) absence from the area of at least 4 weeks."""
    return _la_exception(
        case, case.request_received, due,
        closure={"school": "reg10(4)(a)", "post16": "reg10(4)(a)", "early_years": "reg10(4)(b)"},
        personal="reg10(4)(c)", absence="reg10(4)(d)",
    )


def _reg8_exception(case: AssessmentCase, advice: AdviceRequest, due: date) -> str | None:
    """Reg 8(2), for one body's advice: (a) exceptional circumstances during the 6 weeks; (b) absence of at
    least 4 weeks during the 6 weeks; (c) a missed appointment made by the body during the 6 weeks."""
    for record in case.exceptions:
        if record.source != advice.source or not _overlaps(record, advice.requested, due):
            continue
        if record.kind is ExceptionKind.PERSONAL_CIRCUMSTANCES:
            return "reg8(2)(a)"
        if record.kind is ExceptionKind.ABSENCE_FROM_AREA and _absence_long_enough(record):
            return "reg8(2)(b)"
        if record.kind is ExceptionKind.MISSED_APPOINTMENT and advice.requested <= record.start <= due:
            return "reg8(2)(c)"
    return None


# --------------------------------------------------------------------------------------------- statuses


# --------------------------------------------------------------------------------------------- the engine


def evaluate(case: AssessmentCase, as_of: date) -> ClockReport:
    """Every deadline of one EHC needs assessment as it stands on ``as_of``, and what is at risk."""
    request = case.request_received
    stopped = case.withdrawn
    deadlines: list[Deadline] = []

    # ASSESS-DECISION, reg 5(1): "within 6 weeks of receiving a request" -> D + 42.
    decision_due = weeks_after(request, 6)
    deadlines.append(_clock("decision_whether_to_assess", "ASSESS-DECISION", decision_due,
                            case.decision_to_assess, as_of, _reg5_exception(case, decision_due), stopped))
    refused = case.assess is False

    # ASSESS-ADVICE-6W, reg 8(1): within 6 weeks of the body receiving the LA's request.
    for advice in case.advice:
        due = weeks_after(advice.requested, 6)
        deadlines.append(_clock(advice.step or f"advice_{advice.source}", "ASSESS-ADVICE-6W", due,
                                advice.received, as_of, _reg8_exception(case, advice, due), stopped))

    # ASSESS-NO-PLAN-16W, reg 10(1): a decision *not* to issue, within 16 weeks of the request.
    no_plan_due = weeks_after(request, 16)
    no_plan_exception = _reg10_exception(case, no_plan_due)
    if refused or case.issue is True:
        deadlines.append(_not_applicable("decision_not_to_issue", "ASSESS-NO-PLAN-16W", no_plan_due))
    else:
        deadlines.append(_clock("decision_not_to_issue", "ASSESS-NO-PLAN-16W", no_plan_due,
                                case.decision_to_issue, as_of, no_plan_exception, stopped))

    # PLAN-FINAL-20W, reg 13(2): within 20 weeks of the request; reg 13(3) imports reg 10(4).
    final_due = weeks_after(request, 20)
    final_exception = _reg10_exception(case, final_due)
    no_plan = refused or case.issue is False

    # PLAN-CONSULT-15D, CAFA s39/s40 and Code of Practice 9.83 (guidance): 15 days to respond.
    for consultation in case.consultations:
        deadlines.append(_clock(f"consultation_{consultation.setting}", "PLAN-CONSULT-15D",
                                consultation.sent + timedelta(days=15), consultation.responded, as_of, None,
                                stopped or case.final_issued))

    # PLAN-DRAFT-LATEST (derived, advisory): F - 15 leaves the full reg 13(1)(a) window before F.
    draft_latest = final_due - timedelta(days=15)
    if no_plan:
        deadlines.append(_not_applicable("draft_plan_latest", "PLAN-DRAFT-LATEST", draft_latest))
    else:
        deadlines.append(_clock("draft_plan_latest", "PLAN-DRAFT-LATEST", draft_latest, case.draft_served, as_of,
                                final_exception, stopped))

    # PLAN-REPS-15D, reg 13(1)(a): at least 15 days beginning with the day the draft was served.
    if case.draft_served is not None:
        window_end = days_beginning_with(case.draft_served, 15)
        deadlines.append(_draft_window(window_end, case.final_issued, as_of, stopped))

    # PLAN-FINAL-20W.
    if no_plan:
        deadlines.append(_not_applicable("final_plan", "PLAN-FINAL-20W", final_due))
    else:
        deadlines.append(_clock("final_plan", "PLAN-FINAL-20W", final_due, case.final_issued, as_of,
                                final_exception, stopped))

    report = ClockReport(as_of=as_of, deadlines=tuple(deadlines), process=PROCESS)
    return ClockReport(as_of=as_of, deadlines=report.deadlines, at_risk=tuple(_risks(case, report, as_of)),
                       process=PROCESS)


def _draft_window(window_end: date, final: date | None, as_of: date, stopped: date | None) -> Deadline:
    """``PLAN-REPS-15D``: ``due`` is the window's last day; ``done`` the day the final plan ended it.

    A final plan issued on or before the last day breaches reg 13(1)(a): ``late`` with the flag
    ``premature_final`` (Q8: early finalisation is not allowed by default).
    """
    step, rule = "draft_comments_window", "PLAN-REPS-15D"
    if final is not None:
        if final <= window_end:
            return Deadline(step, rule, window_end, final, Status.LATE, None, ("premature_final",))
        return Deadline(step, rule, window_end, final, Status.MET)
    if stopped is not None and stopped <= window_end:
        return Deadline(step, rule, window_end, None, Status.NOT_APPLICABLE)
    return Deadline(step, rule, window_end, None, Status.OPEN if as_of <= window_end else Status.MET)


def _risks(case: AssessmentCase, report: ClockReport, as_of: date) -> Iterable[Risk]:
    """Cases at risk before they are late (derived thresholds, documented in ``docs/reference/clocks.md``)."""
    if case.withdrawn is not None:
        return
    decision = report["decision_whether_to_assess"]
    if decision.status is Status.OPEN and as_of >= weeks_after(case.request_received, DECISION_AT_RISK_WEEK):
        yield Risk(decision.step, decision.rule, decision.due,
                   f"No decision on whether to assess by week {DECISION_AT_RISK_WEEK}")
    final = report["final_plan"]
    for d in report.deadlines:
        if d.rule != "ASSESS-ADVICE-6W" or d.done is not None or d.status is Status.NOT_APPLICABLE:
            continue
        # Late advice is already visible as overdue; it is also a risk to the plan while the plan is open.
        if final.status is Status.OPEN and as_of >= final.due - ADVICE_AT_RISK_BEFORE_FINAL:
            yield Risk(d.step, d.rule, d.due, "Advice still awaited with less than 6 weeks to the 20-week date")
        elif d.status is Status.OPEN and as_of >= d.due - ADVICE_AT_RISK_BEFORE_DUE:
            yield Risk(d.step, d.rule, d.due, "Advice due within a week")
    no_plan = report["decision_not_to_issue"]
    if (no_plan.status is Status.OPEN and case.decision_to_assess is not None
            and as_of >= weeks_after(case.request_received, ISSUE_DECISION_AT_RISK_WEEK)):
        yield Risk(no_plan.step, no_plan.rule, no_plan.due,
                   f"No decision on whether to issue a plan by week {ISSUE_DECISION_AT_RISK_WEEK}")
    draft = report["draft_plan_latest"]
    if draft.status is Status.OPEN and as_of >= draft.due - DRAFT_AT_RISK_BEFORE_LATEST:
        yield Risk(draft.step, draft.rule, draft.due,
                   "No draft plan yet: serve it by this date to leave the full 15 days before the 20-week date")
    elif (draft.status in (Status.OVERDUE, Status.EXCUSED) and case.draft_served is None
          and final.status is Status.OPEN):
        yield Risk(final.step, final.rule, final.due,
                   "The draft is not served, so the 15-day window cannot end before the 20-week date")
    if final.status is Status.OPEN and as_of >= final.due - FINAL_AT_RISK_BEFORE_DUE:
        yield Risk(final.step, final.rule, final.due, "The final plan is due within 2 weeks")


# --------------------------------------------------------------------------------------------- JSON input

_EVENT_FIELDS: dict[str, tuple[set[str], set[str]]] = {
    # event: (required fields, optional fields)
    "request_received": ({"date"}, set()),
    "decision_to_assess": ({"date", "outcome"}, set()),
    "advice_requested": ({"date", "from"}, {"institution_closures", "institution"}),
    "advice_received": ({"date", "from"}, set()),
    "decision_to_issue": ({"date", "outcome"}, set()),
    "consultation_sent": ({"date", "setting"}, set()),
    "consultation_response": ({"date", "setting"}, set()),
    "draft_plan_served": ({"date"}, set()),
    "final_plan_issued": ({"date"}, set()),
    "exception": ({"kind", "start"}, {"end", "from", "note"}),
    "withdrawn": ({"date"}, set()),
}
_SOURCE_RANK = {source: i for i, source in enumerate(ADVICE_SOURCES)}
_ONCE = ("request_received", "decision_to_assess", "decision_to_issue", "draft_plan_served",
         "final_plan_issued", "withdrawn")


def _closures(value: Any, where: str) -> tuple[ClosurePeriod, ...]:
    if not isinstance(value, list):
        raise CaseError(f"{where}.institution_closures must be a list of {{\"start\", \"end\"}} objects")
    periods = []
    for j, item in enumerate(value):
        here = f"{where}.institution_closures[{j}]"
        if not isinstance(item, dict) or set(item) != {"start", "end"}:
            raise CaseError(f"{here} must be an object with exactly start and end")
        start, end = iso_date(item["start"], f"{here}.start"), iso_date(item["end"], f"{here}.end")
        if end < start:
            raise CaseError(f"{here} ends on {end} before it starts on {start}")
        periods.append(ClosurePeriod(start, end))
    return tuple(periods)


class _Reader(EventReader):
    def tiebreak(self, event: Mapping[str, Any]) -> tuple[Any, ...]:
        source = event.get("from")
        return _SOURCE_RANK.get(source, 0) if isinstance(source, str) else 0, str(event.get("setting", ""))


_READER = _Reader(PROCESS, _EVENT_FIELDS, once=_ONCE, undated=("exception",))


def parse_case(data: Any) -> tuple[AssessmentCase, date]:
    """Read the ``wayfinder clocks`` input (``docs/reference/clocks.md``) into a case and its ``as_of`` date.

    Raises :class:`CaseError` for anything that cannot be a real case: unknown events or fields, bad dates,
    repeated one-off events, impossible orders (a decision before the request), events after ``as_of``.
    """
    as_of, timeline, undated = _READER.read(data)
    exceptions = [_exception(e.data, e.where, as_of) for e in undated]
    seen: dict[str, date] = {}
    values: dict[str, Any] = {}
    advice: list[dict[str, Any]] = []
    consultations: dict[str, dict[str, Any]] = {}
    dated: list[tuple[date, str]] = []

    for e in timeline:
        when, where, name, event = e.when, e.where, e.name, e.data
        dated.append((when, where))
        if name in _ONCE:
            seen[name] = when
        if name in ("decision_to_assess", "decision_to_issue"):
            allowed = ("assess", "not_assess") if name == "decision_to_assess" else ("issue", "not_issue")
            values[name] = choice(event["outcome"], allowed, f"{where}.outcome")
        elif name == "advice_requested":
            source = choice(event["from"], ADVICE_SOURCES, f"{where}.from")
            closures = _closures(event.get("institution_closures", []), where)
            institution = choice(event.get("institution", "school"), INSTITUTION_KINDS, f"{where}.institution")
            if closures and source != "education":
                raise CaseError(f"{where}: institution_closures apply only to advice asked of a school, college "
                                f"or early years provider (from: education), not from: {source}")
            advice.append({"source": source, "requested": when, "received": None, "closures": closures,
                           "institution": institution, "where": where})
        elif name == "advice_received":
            source = choice(event["from"], ADVICE_SOURCES, f"{where}.from")
            open_requests = [a for a in advice if a["source"] == source and a["received"] is None]
            if not open_requests:
                raise CaseError(f"{where}: advice received from {source} on {when} with no advice request from "
                                f"{source} still open on that date")
            open_requests[0]["received"] = when
        elif name in ("consultation_sent", "consultation_response"):
            setting = event["setting"]
            if not isinstance(setting, str) or not setting.strip():
                raise CaseError(f"{where}.setting must name the setting (for example its URN)")
            if name == "consultation_sent":
                if setting in consultations:
                    raise CaseError(f"{where}: setting {setting} was already consulted")
                consultations[setting] = {"sent": when, "responded": None}
            else:
                if setting not in consultations:
                    raise CaseError(f"{where}: a response from {setting}, which was not consulted before it")
                if consultations[setting]["responded"] is not None or when < consultations[setting]["sent"]:
                    raise CaseError(f"{where}: the response from {setting} must come once, after the consultation")
                consultations[setting]["responded"] = when

    case = _assemble(seen, values, advice, consultations, exceptions)
    _check_order(case, seen, dated)
    return case, as_of


def read_exception(event: Mapping[str, Any], where: str, as_of: date, kinds: Iterable[ExceptionKind] = ExceptionKind,
                   ) -> tuple[ExceptionKind, date, date, str]:
    """The kind, first and last day, and note of an ``exception`` event (§3.1 principle 2), checked."""
    kind = ExceptionKind(choice(event["kind"], [k.value for k in kinds], f"{where}.kind"))
    start = iso_date(event["start"], f"{where}.start")
    end = iso_date(event["end"], f"{where}.end") if "end" in event else start
    if end < start:
        raise CaseError(f"{where}: the exception ends on {end}, before it starts on {start}")
    if start > as_of:
        raise CaseError(f"{where}: the exception starts on {start}, after as_of {as_of}")
    note = event.get("note", "")
    if not isinstance(note, str):
        raise CaseError(f"{where}.note must be text")
    return kind, start, end, note


def _exception(event: Mapping[str, Any], where: str, as_of: date) -> ExceptionRecord:
    kind, start, end, note = read_exception(event, where, as_of)
    source = choice(event["from"], ADVICE_SOURCES, f"{where}.from") if "from" in event else ""
    if kind is ExceptionKind.MISSED_APPOINTMENT and not source:
        raise CaseError(f"{where}: a missed appointment (reg 8(2)(c)) needs from: the body whose appointment it was")
    return ExceptionRecord(kind, start, end, source, note)


def _assemble(seen, values, advice, consultations, exceptions) -> AssessmentCase:
    if "request_received" not in seen:
        raise CaseError("events must include request_received: every clock runs from it")
    counts: dict[str, int] = {}
    requests = []
    for a in advice:
        counts[a["source"]] = counts.get(a["source"], 0) + 1
        n = counts[a["source"]]
        step = f"advice_{a['source']}" + (f"_{n}" if n > 1 else "")
        requests.append(AdviceRequest(a["source"], a["requested"], a["received"], a["closures"], a["institution"],
                                      step))
    return AssessmentCase(
        request_received=seen["request_received"],
        decision_to_assess=seen.get("decision_to_assess"),
        assess=None if "decision_to_assess" not in values else values["decision_to_assess"] == "assess",
        advice=tuple(requests),
        decision_to_issue=seen.get("decision_to_issue"),
        issue=None if "decision_to_issue" not in values else values["decision_to_issue"] == "issue",
        consultations=tuple(Consultation(s, c["sent"], c["responded"]) for s, c in consultations.items()),
        draft_served=seen.get("draft_plan_served"),
        final_issued=seen.get("final_plan_issued"),
        withdrawn=seen.get("withdrawn"),
        exceptions=tuple(exceptions),
    )


def _check_order(case: AssessmentCase, seen: Mapping[str, date], dated: list[tuple[date, str]]) -> None:
    """Impossible orders: each step needs the one before it, on or after its date."""
    request = case.request_received
    for when, where in dated:
        if when < request:
            raise CaseError(f"{where} is dated {when}, before the request was received on {request}")
        if case.withdrawn is not None and when > case.withdrawn:
            raise CaseError(f"{where} is dated {when}, after the case was withdrawn on {case.withdrawn}")
    chain = [
        ("decision_to_issue", "decision_to_assess", "a decision whether to issue a plan needs a decision to assess"),
        ("draft_plan_served", "decision_to_issue", "a draft plan needs a decision to issue"),
        ("final_plan_issued", "draft_plan_served", "a final plan needs a draft served first (reg 13(1))"),
    ]
    for later, earlier, message in chain:
        if later in seen:
            if earlier not in seen:
                raise CaseError(f"{later} on {seen[later]}: {message}")
            if seen[later] < seen[earlier]:
                raise CaseError(f"{later} on {seen[later]} is before {earlier} on {seen[earlier]}")
    if case.assess is False:
        for name in ("decision_to_issue",):
            if name in seen:
                raise CaseError(f"{name}: the authority decided not to assess, so there is no plan decision")
        if case.advice and any(a.requested > case.decision_to_assess for a in case.advice):
            raise CaseError("advice_requested after a decision not to assess: there is no assessment to advise on")
    if case.issue is False:
        for name in ("draft_plan_served", "final_plan_issued"):
            if name in seen:
                raise CaseError(f"{name}: the authority decided not to issue a plan")
    if case.consultations and case.issue is not True:
        raise CaseError("consultation_sent: settings are consulted on a draft plan, after a decision to issue")
    for c in case.consultations:
        if case.decision_to_issue and c.sent < case.decision_to_issue:
            raise CaseError(f"consultation with {c.setting} on {c.sent} is before the decision to issue")
