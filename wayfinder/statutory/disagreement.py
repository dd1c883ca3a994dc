"""The clocks of a disagreement: mediation, the Tribunal appeal deadline, orders, unopposed appeals and
mediation agreements, derived from dated events.

Implements ``statutory-timescales.md`` §2.9, §2.10 and §1.2 (with HESC Rules r12) for one disagreement with
a local authority (LA) decision:

============================  ==========================  =====================================================
step                          rule                        law
============================  ==========================  =====================================================
``mediation_contact``         ``MED-CONTACT-2M``          SEND Regs 2014 reg 33: the parent or young person
                                                          contacts the mediation adviser within 2 months after
                                                          written notice of the decision was sent (no
                                                          roll-forward)
``health_notice``             ``MED-HEALTH-NOTIFY-3WD``   the LA tells each commissioning body the mediation
                                                          issues, where they include health care, within 3
                                                          working days of the parent telling it (S, IPSEA)
``mediation_meeting``         ``MED-HOLD-30D``            mediation takes place within 30 days of the parent
                                                          telling the LA (health-only issues: of the LA's
                                                          notice to the commissioning body; Q11)
``mediation_certificate``     ``MED-CERT-NO-3WD``         reg 34: certificate within 3 working days of the
                              ``MED-CERT-LATE-3WD``       adviser being told mediation is declined; (S) of the
                              ``MED-CERT-AFTER-3WD``      LA telling the adviser mediation cannot be held in 30
                                                          days; (S, believed reg 39) of mediation concluding
``appeal_deadline``           ``TRIB-APPEAL``             HESC r20(1)(c): the later of 2 months after the
                                                          decision letter was sent and 1 month from the
                                                          certificate's issue; then r12(3)(a) and r12(2)
``agreement_action``          ``MED-AGREE-OTHER-2W``      reg 42(3): a mediation agreement on matters that
                                                          cannot be appealed is carried out within 2 weeks
``agreement_notice``          ``MED-AGREE-NOTIFY-1W``     reg 42(4): the commissioning body tells the LA of the
                                                          agreement within 1 week (when the LA was not a party)
``assessment_notice``,        ``TRIB-ORDER-*``,           reg 44(2) (orders), reg 45 (unopposed appeals), reg
``decision_not_to_issue``,    ``TRIB-UNOPPOSED-*``,       42(2) (appealable mediation agreements, "as if" an
``draft_plan``,               ``MED-AGREE-APPEALABLE``    order): the LA's acts within 2, 5, 10, 11 or 14 weeks
``final_plan``,                                           of the order, the LA's notice to the Tribunal or the
``amended_plan``                                          agreement (:data:`DIRECTIVE_STEPS`)
============================  ==========================  =====================================================

Counting (§1.2): months by the corresponding-date rule, clamped to the month end (Q12); "working days" with
day D not counted; weeks as ``D + 7N``. Only the Tribunal appeal deadline rolls forward (HESC r12); every
SEND Regs due date stands on a weekend or bank holiday, including the order clocks of regs 44–45.

Exceptions (§3.1 principle 5): the mediation and appeal clocks have none, and neither do mediation
agreements (reg 42(5) lets the parties agree another timescale in writing instead). Order and unopposed-appeal
clocks take the reg 44/45 list as far as the specification has it: exceptional personal circumstances during
the period, and an absence from the area of at least 2 continuous weeks during the period. An exception
disapplies a limit; it never moves a due date.

Everything here is pure: :func:`evaluate` takes a :class:`DisagreementCase` (parsed from the JSON of
``wayfinder clocks`` by :func:`parse_case`, or built by the casework app) and a date, and returns a
:class:`ClockReport`. Nothing is stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum
from typing import Any, Literal

from .assessment import ExceptionKind, ExceptionRecord, read_exception
from .calendar import WorkingDayCalendar, days_after, months_after, weeks_after
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
    status_of,
)
from .clock import clock as _clock
from .clock import not_applicable as _not_applicable

__all__ = [
    "DIRECTIVE_STEPS",
    "PROCESS",
    "AppealKind",
    "CaseError",
    "ClockReport",
    "Deadline",
    "Directive",
    "DisagreementCase",
    "ExceptionKind",
    "ExceptionRecord",
    "MediationAgreement",
    "MediationIssues",
    "Risk",
    "Status",
    "appeal_deadline",
    "appeal_time_ends",
    "evaluate",
    "hesc_r12_roll_forward",
    "parse_case",
    "report_as_json",
]

PROCESS = "disagreement"

#: reg 33 (``MED-CONTACT-2M``) and HESC r20(1)(c) (``TRIB-APPEAL``): 2 months after the notice was sent.
CONTACT_MONTHS = 2
APPEAL_MONTHS_AFTER_LETTER = 2
#: HESC r20(1)(c): 1 month from the date of issue of the mediation certificate.
APPEAL_MONTHS_AFTER_CERTIFICATE = 1
#: reg 34 and the other certificate and notice limits: 3 working days, day D not counted.
CERTIFICATE_WORKING_DAYS = 3
#: ``MED-HOLD-30D``: within 30 (calendar) days.
MEDIATION_DAYS = 30
#: HESC r12(1): an act due on a day must be done by 5pm on that day.
TRIBUNAL_CUT_OFF = time(17, 0)
#: Regs 44/45: an absence from the area must be "a continuous period of not less than 2 weeks" (§3.2).
ABSENCE_MIN_DAYS = 14

#: At-risk thresholds (derived): how early the engine warns before a due date.
APPEAL_AT_RISK_BEFORE_DUE = timedelta(weeks=2)
CONTACT_AT_RISK_BEFORE_DUE = timedelta(weeks=2)
MEDIATION_AT_RISK_BEFORE_DUE = timedelta(weeks=1)
SHORT_AT_RISK_BEFORE_DUE = timedelta(weeks=1)
LONG_AT_RISK_BEFORE_DUE = timedelta(weeks=2)
#: A limit of this many weeks or more is warned about 2 weeks ahead; shorter ones a week ahead.
LONG_LIMIT_WEEKS = 10


class AppealKind(StrEnum):
    #: Any appeal that needs a mediation certificate (CAFA s55).
    STANDARD = "standard"
    #: An appeal only about the school or institution named in section I (or that none is named): no
    #: mediation adviser contact or certificate is needed (CAFA s55(3)).
    SECTION_I_ONLY = "section_i_only"


class MediationIssues(StrEnum):
    #: Education and/or social care: the LA arranges mediation, 30 days from the parent's notice.
    EDUCATION = "education"
    #: Health care as well as education or social care: the LA also notifies the commissioning body.
    MIXED = "mixed"
    #: Health care only: the commissioning body arranges it, 30 days from the LA's notice to it (Q11).
    HEALTH_ONLY = "health_only"


#: What the LA must do after a Tribunal order (reg 44(2)), an unopposed appeal (reg 45) or an appealable
#: mediation agreement (reg 42(2)), by the normalised kind: ``(step, weeks after the start, the act)``.
DIRECTIVE_STEPS: dict[str, tuple[tuple[str, int, str], ...]] = {
    # reg 44(2)(b), reg 45: notify within 2 weeks; no-plan decision within 10; final plan within 14.
    "assess": (("assessment_notice", 2, "assessment_decision_notified"),
               ("decision_not_to_issue", 10, "decision_to_issue"),
               ("final_plan", 14, "final_plan_issued")),
    # reg 44(2)(c), reg 45: draft within 5 weeks; final within 11.
    "make_plan": (("draft_plan", 5, "draft_plan_issued"), ("final_plan", 11, "final_plan_issued")),
    # reg 44(2)(e), reg 45(3)–(4): the amended plan within 5 weeks.
    "amend": (("amended_plan", 5, "amended_plan_issued"),),
    # reg 44(2)(f), reg 45: section I only, within 2 weeks.
    "section_i": (("amended_plan", 2, "amended_plan_issued"),),
    # continue to maintain the plan: immediately, no act to time (reported as a fact).
    "continue": (),
}
#: ``tribunal_order.kind`` -> rule id (§2.10).
ORDER_RULES = {
    "assess": "TRIB-ORDER-ASSESS",
    "make_plan": "TRIB-ORDER-PLAN",
    "amend": "TRIB-ORDER-AMEND",
    "section_i": "TRIB-ORDER-SECTION-I",
    "continue": "TRIB-ORDER-CONTINUE",
}
#: ``unopposed_notice.kind`` -> (normalised kind, rule id), reg 45 (§2.10 ``TRIB-UNOPPOSED-*``).
UNOPPOSED_KINDS = {
    "refusal_to_assess": ("assess", "TRIB-UNOPPOSED-ASSESS"),
    "refusal_to_issue": ("make_plan", "TRIB-UNOPPOSED-PLAN"),
    "contents": ("amend", "TRIB-UNOPPOSED-AMEND"),
    "section_i": ("section_i", "TRIB-UNOPPOSED-SECTION-I"),
    "cease": ("continue", "TRIB-UNOPPOSED-CEASE"),
}
AGREEMENT_RULE = "MED-AGREE-APPEALABLE"

OrderStart = Literal["made", "sent"]


# --------------------------------------------------------------------------------------------- the case


@dataclass(frozen=True)
class Directive:
    """What the LA must now do: a Tribunal order, its notice not opposing an appeal, or an appealable
    mediation agreement. ``kind`` is normalised to a key of :data:`DIRECTIVE_STEPS`; ``given_kind`` is the
    kind as the input named it; ``sent`` is the date the Tribunal sent the order out (Q9)."""

    source: Literal["tribunal_order", "unopposed_notice", "mediation_agreement"]
    made: date
    kind: str
    rule: str
    given_kind: str = ""
    sent: date | None = None

    @property
    def reg(self) -> str:
        """The regulation whose exceptions apply (``""``: none, for mediation agreements)."""
        return {"tribunal_order": "reg44", "unopposed_notice": "reg45"}.get(self.source, "")


@dataclass(frozen=True)
class MediationAgreement:
    """A written mediation agreement (reg 42). ``agreed_by`` is a different timescale the parties agreed in
    writing (reg 42(5)) for carrying out a non-appealable agreement."""

    made: date
    appealable: bool
    la_party: bool = True
    agreed_by: date | None = None
    carried_out: date | None = None
    la_informed: date | None = None


@dataclass(frozen=True)
class DisagreementCase:
    decision_letter_sent: date | None = None
    appeal_kind: AppealKind = AppealKind.STANDARD
    adviser_contacted: date | None = None
    mediation_declined: date | None = None
    mediation_requested: date | None = None
    mediation_issues: MediationIssues = MediationIssues.EDUCATION
    commissioning_body_notified: date | None = None
    mediation_not_possible: date | None = None
    mediation_held: date | None = None
    mediation_concluded: date | None = None
    certificate_issued: date | None = None
    appeal_registered: date | None = None
    appeal_time: time | None = None
    extension_granted: bool = False
    directive: Directive | None = None
    agreement: MediationAgreement | None = None
    #: The authority's acts after a directive: ``(event name, date)`` pairs (see :data:`DIRECTIVE_STEPS`).
    acts: tuple[tuple[str, date], ...] = ()
    issue: bool | None = None
    exceptions: tuple[ExceptionRecord, ...] = ()

    @property
    def contacted(self) -> date | None:
        """When the parent first contacted the mediation adviser: telling the adviser they decline is contact."""
        dates = [d for d in (self.adviser_contacted, self.mediation_declined) if d is not None]
        return min(dates) if dates else None

    @property
    def needs_certificate(self) -> bool:
        return self.appeal_kind is AppealKind.STANDARD

    def act(self, name: str) -> date | None:
        return dict(self.acts).get(name)


# --------------------------------------------------------------------------------------------- Tribunal dates


def _in_christmas_days(d: date) -> bool:
    return (d.month == 12 and d.day >= 25) or (d.month == 1 and d.day == 1)


def hesc_r12_roll_forward(time_ends: date, calendar: WorkingDayCalendar | None = None) -> tuple[date, str | None]:
    """The last day an application notice is in time when the time for it ends on ``time_ends``, and the
    paragraph that moved it (``None`` if none did).

    HESC Rules r12(3)(a), special educational needs cases: if the time for starting proceedings under rule 20
    ends on a day from 25 December to 1 January inclusive, or on any day in August, the notice is in time on
    the first working day after 1 January or 31 August. Otherwise r12(2): if the time ends on a day other
    than a working day, the act is in time on the next working day.

    r12(3)(a) is tested on the day the time *ends*. Time ending on a non-working day just before 25 December
    or at the end of July is carried by r12(2) to the next working day, which can fall inside those periods
    (for example Sat 31 Jul 2027 → Mon 2 Aug 2027): this is the strict reading, and the earlier date.
    """
    cal = calendar or WorkingDayCalendar()
    if _in_christmas_days(time_ends):
        new_year = date(time_ends.year + (time_ends.month == 12), 1, 1)
        return cal.nth_working_day_after(new_year, 1), "r12(3)(a)"
    if time_ends.month == 8:
        return cal.nth_working_day_after(date(time_ends.year, 8, 31), 1), "r12(3)(a)"
    rolled = cal.next_working_day_on_or_after(time_ends)
    return rolled, ("r12(2)" if rolled != time_ends else None)


def appeal_time_ends(letter_sent: date, certificate_issued: date | None = None) -> date:
    """HESC r20(1)(c) (``TRIB-APPEAL``): the later of 2 months after the decision letter was sent and 1 month
    from the date of issue of the mediation certificate, by the corresponding-date rule (§1.2, Q12)."""
    ends = months_after(letter_sent, APPEAL_MONTHS_AFTER_LETTER)
    if certificate_issued is not None:
        ends = max(ends, months_after(certificate_issued, APPEAL_MONTHS_AFTER_CERTIFICATE))
    return ends


def appeal_deadline(letter_sent: date, certificate_issued: date | None = None,
                    calendar: WorkingDayCalendar | None = None) -> date:
    """``TRIB-APPEAL``: the last day the Tribunal may receive the application notice (r20(1)(c), then r12)."""
    return hesc_r12_roll_forward(appeal_time_ends(letter_sent, certificate_issued), calendar)[0]


# --------------------------------------------------------------------------------------------- exceptions


def _directive_exception(case: DisagreementCase, start: date, due: date) -> str | None:
    """Regs 44/45 (§2.10 ``TRIB-ORDER-EXCEPTIONS``, §3.2): the LA need not comply where impractical because of
    exceptional personal circumstances during the period, or an absence from the area of at least 2
    continuous weeks during the period. The limb is named ``reg44(<kind>)`` or ``reg45(<kind>)``: the
    paragraph letters were not seen (Q10)."""
    reg = case.directive.reg if case.directive else ""
    if not reg:
        return None
    for record in case.exceptions:
        if not (record.start <= due and start <= record.end):
            continue
        if record.kind is ExceptionKind.PERSONAL_CIRCUMSTANCES:
            return f"{reg}({record.kind})"
        if record.kind is ExceptionKind.ABSENCE_FROM_AREA and (record.end - record.start).days + 1 >= ABSENCE_MIN_DAYS:
            return f"{reg}({record.kind})"
    return None


# --------------------------------------------------------------------------------------------- the engine


def evaluate(case: DisagreementCase, as_of: date, *, calendar: WorkingDayCalendar | None = None,
             order_start: OrderStart = "made") -> ClockReport:
    """Every deadline of one disagreement as it stands on ``as_of``, and what is at risk.

    ``calendar`` gives the working days (Q1). ``order_start`` is Q9: the order clocks run from the date of the
    order (``"made"``, the default, reg 44) or from the day the Tribunal sent it out (``"sent"``, HMCTS SEND18)
    where that date is recorded.
    """
    cal = calendar or WorkingDayCalendar()
    deadlines: list[Deadline] = []
    facts: dict[str, Any] = {}
    if case.decision_letter_sent is not None:
        deadlines.extend(_mediation(case, as_of, cal))
        appeal, workings = _appeal(case, as_of, cal)
        deadlines.append(appeal)
        facts["tribunal_appeal"] = workings
    if case.agreement is not None and not case.agreement.appealable:
        deadlines.extend(_agreement(case.agreement, as_of))
    if case.directive is not None:
        deadlines.extend(_directive(case, as_of, order_start, facts))
    report = ClockReport(as_of=as_of, deadlines=tuple(deadlines), process=PROCESS, facts=facts)
    return ClockReport(as_of=as_of, deadlines=report.deadlines, at_risk=tuple(_risks(case, report, as_of)),
                       process=PROCESS, facts=facts)


def _mediation(case: DisagreementCase, as_of: date, cal: WorkingDayCalendar) -> Iterable[Deadline]:
    letter = case.decision_letter_sent
    assert letter is not None

    # MED-CONTACT-2M, reg 33: "within 2 months after written notice ... was sent"; a SEND Regs date, so a
    # weekend date stands (no HESC r12 roll-forward). Not needed for a section-I-only appeal (CAFA s55(3)).
    contact_due = months_after(letter, CONTACT_MONTHS)
    if case.needs_certificate or case.contacted is not None:
        yield _clock("mediation_contact", "MED-CONTACT-2M", contact_due, case.contacted, as_of)
    else:
        yield _not_applicable("mediation_contact", "MED-CONTACT-2M", contact_due)

    requested = case.mediation_requested
    if requested is not None and case.mediation_issues is not MediationIssues.EDUCATION:
        # MED-HEALTH-NOTIFY-3WD (S, IPSEA): the LA tells the commissioning body within 3 working days.
        yield _clock("health_notice", "MED-HEALTH-NOTIFY-3WD",
                     cal.nth_working_day_after(requested, CERTIFICATE_WORKING_DAYS),
                     case.commissioning_body_notified, as_of)

    # MED-HOLD-30D (S; believed regs 36-37): within 30 days of the parent's notice to the LA or, for health-only
    # issues, of the LA's notice to the commissioning body (Q11: both events are kept).
    hold_start = (case.commissioning_body_notified if case.mediation_issues is MediationIssues.HEALTH_ONLY
                  else requested)
    if hold_start is not None:
        flags = ("not_possible_in_30_days",) if case.mediation_not_possible is not None else ()
        yield _clock("mediation_meeting", "MED-HOLD-30D", days_after(hold_start, MEDIATION_DAYS),
                     case.mediation_held, as_of, flags=flags)

    route = _certificate_route(case)
    if route is not None:
        rule, start = route
        yield _clock("mediation_certificate", rule, cal.nth_working_day_after(start, CERTIFICATE_WORKING_DAYS),
                     case.certificate_issued, as_of)


def _certificate_route(case: DisagreementCase) -> tuple[str, date] | None:
    """Which certificate is owed, and from when (3 working days, day D not counted, §1.2):

    - ``MED-CERT-NO-3WD``, reg 34: the adviser was told the parent does not wish to pursue mediation;
    - ``MED-CERT-LATE-3WD`` (S, IPSEA): the LA told the adviser mediation cannot be held within 30 days;
    - ``MED-CERT-AFTER-3WD`` (S, believed reg 39): the mediation concluded.
    """
    if case.mediation_declined is not None:
        return "MED-CERT-NO-3WD", case.mediation_declined
    if case.mediation_not_possible is not None:
        return "MED-CERT-LATE-3WD", case.mediation_not_possible
    if case.mediation_concluded is not None:
        return "MED-CERT-AFTER-3WD", case.mediation_concluded
    return None


def _appeal(case: DisagreementCase, as_of: date, cal: WorkingDayCalendar) -> tuple[Deadline, dict[str, Any]]:
    """``TRIB-APPEAL``: HESC r20(1)(c), then r12(3)(a) or r12(2); the appeal is in time if the Tribunal receives
    it on or before the deadline, by 5pm (r12(1), Q13) when a receipt time is recorded.

    Until a certificate that is owed has been issued the deadline can only move later (the 1-month limb will
    end after the certificate), so the step stays ``open`` with the flag ``awaiting_certificate``.
    """
    letter = case.decision_letter_sent
    assert letter is not None
    cert = case.certificate_issued
    ends = appeal_time_ends(letter, cert)
    due, moved_by = hesc_r12_roll_forward(ends, cal)
    workings: dict[str, Any] = {
        "rule": "TRIB-APPEAL",
        "two_months_after_letter": months_after(letter, APPEAL_MONTHS_AFTER_LETTER).isoformat(),
        "one_month_after_certificate": (
            months_after(cert, APPEAL_MONTHS_AFTER_CERTIFICATE).isoformat() if cert else None),
        "time_ends": ends.isoformat(),
        "moved_by": moved_by,
        "deadline": due.isoformat(),
    }
    flags: list[str] = []
    done = case.appeal_registered
    if done is not None:
        after_cut_off = done == due and case.appeal_time is not None and case.appeal_time > TRIBUNAL_CUT_OFF
        if after_cut_off:
            flags.append("after_5pm")
        if case.extension_granted:
            flags.append("extension_granted")
        in_time = done <= due and not after_cut_off
        status = Status.MET if in_time else Status.LATE
    elif case.needs_certificate and cert is None and (case.contacted is not None or _certificate_route(case)):
        flags.append("awaiting_certificate")
        status = Status.OPEN
    else:
        status = status_of(due, None, as_of)
    return Deadline("appeal_deadline", "TRIB-APPEAL", due, done, status, None, tuple(flags)), workings


def _agreement(agreement: MediationAgreement, as_of: date) -> Iterable[Deadline]:
    """Reg 42(3)-(4): a mediation agreement on matters that cannot be appealed. No exceptions; reg 42(5) lets
    the parties agree another timescale in writing (``agreed_by``), which replaces the 2 weeks."""
    # MED-AGREE-OTHER-2W, reg 42(3): within 2 weeks of the agreement (a SEND Regs date: no Christmas extension).
    due = agreement.agreed_by or weeks_after(agreement.made, 2)
    flags = ("agreed_timescale",) if agreement.agreed_by else ()
    yield _clock("agreement_action", "MED-AGREE-OTHER-2W", due, agreement.carried_out, as_of, flags=flags)
    # MED-AGREE-NOTIFY-1W, reg 42(4): the commissioning body informs the LA within 1 week, if the LA was not a party.
    if not agreement.la_party:
        yield _clock("agreement_notice", "MED-AGREE-NOTIFY-1W", weeks_after(agreement.made, 1),
                     agreement.la_informed, as_of)


def _directive(case: DisagreementCase, as_of: date, order_start: OrderStart,
               facts: dict[str, Any]) -> Iterable[Deadline]:
    """The LA's acts after an order (reg 44(2)), an unopposed appeal (reg 45) or an appealable mediation
    agreement (reg 42(2): the reg 44 limits, as if it were an order), in weeks from the start (``D + 7N``)."""
    directive = case.directive
    assert directive is not None
    start = directive.made
    if directive.source == "tribunal_order":
        # Q9: reg 44 counts from the order being made; HMCTS SEND18 from the day the order is sent out.
        if order_start == "sent" and directive.sent is not None:
            start = directive.sent
        facts["order_dates"] = {"made": directive.made.isoformat(),
                                "sent": directive.sent.isoformat() if directive.sent else None,
                                "counted_from": start.isoformat()}
    if directive.kind == "continue":
        # TRIB-ORDER-CONTINUE / TRIB-UNOPPOSED-CEASE: continue to maintain the plan, immediately.
        facts["continue_to_maintain"] = {"rule": directive.rule, "from": start.isoformat()}
    no_plan = case.issue is False
    for step, weeks, act in DIRECTIVE_STEPS[directive.kind]:
        due = weeks_after(start, weeks)
        exception = _directive_exception(case, start, due)
        # As in the first assessment: a decision to issue ends the no-plan clock; not to issue, the plan clock.
        not_owed = (step == "decision_not_to_issue" and case.issue is True) or (step == "final_plan" and no_plan)
        if not_owed:
            yield _not_applicable(step, directive.rule, due, exception)
        else:
            yield _clock(step, directive.rule, due, case.act(act), as_of, exception)


def _risks(case: DisagreementCase, report: ClockReport, as_of: date) -> Iterable[Risk]:
    """Steps not yet late that need action now (derived thresholds, documented in ``docs/reference/clocks.md``)."""
    for d in report.deadlines:
        if d.status is not Status.OPEN:
            continue
        if d.step == "appeal_deadline":
            if as_of >= d.due - APPEAL_AT_RISK_BEFORE_DUE and as_of <= d.due and "awaiting_certificate" not in d.flags:
                yield Risk(d.step, d.rule, d.due, "The appeal deadline is within 2 weeks and no appeal is registered")
        elif d.step == "mediation_contact":
            if case.appeal_registered is None and as_of >= d.due - CONTACT_AT_RISK_BEFORE_DUE:
                yield Risk(d.step, d.rule, d.due,
                           "The mediation adviser must be contacted within 2 weeks to keep the right of appeal")
        elif d.step == "mediation_meeting":
            if as_of >= d.due - MEDIATION_AT_RISK_BEFORE_DUE:
                yield Risk(d.step, d.rule, d.due, "Mediation not held with under a week of the 30 days left")
        elif d.step in ("mediation_certificate", "health_notice"):
            if as_of >= d.due:
                yield Risk(d.step, d.rule, d.due, "Due today (3 working days)")
        elif d.step == "agreement_action":
            if as_of >= d.due - SHORT_AT_RISK_BEFORE_DUE:
                yield Risk(d.step, d.rule, d.due, "The mediation agreement must be carried out within a week")
        elif case.directive is not None and d.rule == case.directive.rule:
            weeks = {s: w for s, w, _act in DIRECTIVE_STEPS[case.directive.kind]}[d.step]
            ahead = LONG_AT_RISK_BEFORE_DUE if weeks >= LONG_LIMIT_WEEKS else SHORT_AT_RISK_BEFORE_DUE
            if as_of >= d.due - ahead:
                yield Risk(d.step, d.rule, d.due, f"Due within {ahead.days // 7} week{'s' * (ahead.days > 7)} "
                                                  f"({weeks}-week limit)")


# --------------------------------------------------------------------------------------------- JSON input

_EVENT_FIELDS: dict[str, tuple[set[str], set[str]]] = {
    # event: (required fields, optional fields), in the order the process runs (orders events on one day).
    "decision_letter_sent": ({"date"}, {"appeal_kind"}),
    "mediation_adviser_contacted": ({"date"}, set()),
    "mediation_declined": ({"date"}, set()),
    "mediation_requested": ({"date"}, {"issues"}),
    "commissioning_body_notified": ({"date"}, set()),
    "mediation_not_possible": ({"date"}, set()),
    "mediation_held": ({"date"}, {"concluded"}),
    "mediation_certificate_issued": ({"date"}, set()),
    "mediation_agreement": ({"date", "appealable"}, {"kind", "la_party", "agreed_by"}),
    "agreement_carried_out": ({"date"}, set()),
    "la_informed_of_agreement": ({"date"}, set()),
    "appeal_registered": ({"date"}, {"time", "extension_granted"}),
    "unopposed_notice": ({"date", "kind"}, set()),
    "tribunal_order": ({"date", "kind"}, {"sent"}),
    "assessment_decision_notified": ({"date"}, set()),
    "decision_to_issue": ({"date", "outcome"}, set()),
    "draft_plan_issued": ({"date"}, set()),
    "final_plan_issued": ({"date"}, set()),
    "amended_plan_issued": ({"date"}, set()),
    "exception": ({"kind", "start"}, {"end", "note"}),
}
_ONCE = tuple(name for name in _EVENT_FIELDS if name != "exception")
_READER = EventReader(PROCESS, _EVENT_FIELDS, once=_ONCE, undated=("exception",))
#: Events that need the decision letter: their clocks run from it.
_AFTER_LETTER = ("mediation_adviser_contacted", "mediation_declined", "mediation_requested",
                 "commissioning_body_notified", "mediation_not_possible", "mediation_held",
                 "mediation_certificate_issued", "appeal_registered")
#: The LA's acts that meet a directive's clocks, and the directive kinds that call for each.
_ACTS = {
    "assessment_decision_notified": ("assess",),
    "decision_to_issue": ("assess",),
    "draft_plan_issued": ("assess", "make_plan"),
    "final_plan_issued": ("assess", "make_plan"),
    "amended_plan_issued": ("amend", "section_i"),
}
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise CaseError(f"{where} must be true or false, not {json.dumps(value)}")
    return value


def parse_case(data: Any) -> tuple[DisagreementCase, date]:
    """Read the ``wayfinder clocks`` input (``docs/reference/clocks.md``) into a case and its ``as_of`` date.

    Raises :class:`CaseError` for anything that cannot be a real case: unknown events or fields, bad dates,
    repeated one-off events, events after ``as_of``, impossible orders (a certificate before any contact with
    the mediation adviser, mediation held before it was requested, an appeal before the decision letter).
    """
    as_of, timeline, undated = _READER.read(data)
    at: dict[str, tuple[date, str]] = {e.name: (e.when, e.where) for e in timeline}
    events = {e.name: e.data for e in timeline}
    fields: dict[str, Any] = {}

    if "decision_letter_sent" in events:
        where = at["decision_letter_sent"][1]
        fields["appeal_kind"] = AppealKind(choice(events["decision_letter_sent"].get("appeal_kind", "standard"),
                                                  [k.value for k in AppealKind], f"{where}.appeal_kind"))
    if "mediation_requested" in events:
        where = at["mediation_requested"][1]
        fields["mediation_issues"] = MediationIssues(choice(events["mediation_requested"].get("issues", "education"),
                                                            [k.value for k in MediationIssues], f"{where}.issues"))
    if "mediation_held" in events:
        held, where = at["mediation_held"]
        concluded = held
        if "concluded" in events["mediation_held"]:
            concluded = iso_date(events["mediation_held"]["concluded"], f"{where}.concluded")
            if concluded < held:
                raise CaseError(f"{where} (mediation_held): the mediation concluded on {concluded}, before it was "
                                f"held on {held}")
            if concluded > as_of:
                raise CaseError(f"{where} (mediation_held): concluded on {concluded}, after as_of {as_of}: it "
                                "cannot have happened yet")
        fields["mediation_concluded"] = concluded
    if "appeal_registered" in events:
        event, where = events["appeal_registered"], at["appeal_registered"][1]
        if "time" in event:
            match = _TIME.fullmatch(event["time"]) if isinstance(event["time"], str) else None
            if not match:
                raise CaseError(f"{where}.time must be the time of receipt as HH:MM (24-hour, UK time), "
                                f"not {json.dumps(event['time'])}")
            fields["appeal_time"] = time(int(match[1]), int(match[2]))
        fields["extension_granted"] = _bool(event.get("extension_granted", False), f"{where}.extension_granted")
    if "decision_to_issue" in events:
        where = at["decision_to_issue"][1]
        fields["issue"] = choice(events["decision_to_issue"]["outcome"], ("issue", "not_issue"),
                                 f"{where}.outcome") == "issue"

    agreement, agreement_directive = _read_agreement(events, at)
    directive = _read_directive(events, at, as_of) or agreement_directive
    case = DisagreementCase(
        decision_letter_sent=at.get("decision_letter_sent", (None,))[0],
        adviser_contacted=at.get("mediation_adviser_contacted", (None,))[0],
        mediation_declined=at.get("mediation_declined", (None,))[0],
        mediation_requested=at.get("mediation_requested", (None,))[0],
        commissioning_body_notified=at.get("commissioning_body_notified", (None,))[0],
        mediation_not_possible=at.get("mediation_not_possible", (None,))[0],
        mediation_held=at.get("mediation_held", (None,))[0],
        certificate_issued=at.get("mediation_certificate_issued", (None,))[0],
        appeal_registered=at.get("appeal_registered", (None,))[0],
        directive=directive,
        agreement=agreement,
        acts=tuple((name, at[name][0]) for name in _ACTS if name in at),
        exceptions=tuple(_exception(e.data, e.where, as_of) for e in undated),
        **fields,
    )
    _check_order(case, at, undated)
    return case, as_of


def _read_agreement(events: Mapping[str, Mapping[str, Any]], at: Mapping[str, tuple[date, str]]
                    ) -> tuple[MediationAgreement | None, Directive | None]:
    if "mediation_agreement" not in events:
        return None, None
    event = events["mediation_agreement"]
    made, where = at["mediation_agreement"]
    appealable = _bool(event["appealable"], f"{where}.appealable")
    la_party = _bool(event.get("la_party", True), f"{where}.la_party")
    agreed_by = iso_date(event["agreed_by"], f"{where}.agreed_by") if "agreed_by" in event else None
    if appealable:
        if "kind" not in event:
            raise CaseError(f"{where} (mediation_agreement): an appealable agreement needs kind (what the authority "
                            f"agreed to do: {', '.join(ORDER_RULES)}), as for a tribunal_order (reg 42(2))")
        if not la_party:
            raise CaseError(f"{where} (mediation_agreement): an appealable agreement is with the authority whose "
                            "decision it settles (la_party must be true)")
        if agreed_by is not None:
            raise CaseError(f"{where} (mediation_agreement): agreed_by is modelled only for an agreement on matters "
                            "that cannot be appealed (reg 42(3), (5))")
        kind = choice(event["kind"], ORDER_RULES, f"{where}.kind")
        directive = Directive("mediation_agreement", made, kind, AGREEMENT_RULE, kind)
    else:
        if "kind" in event:
            raise CaseError(f"{where} (mediation_agreement): kind is for an appealable agreement only; this one "
                            "has appealable: false")
        directive = None
    if agreed_by is not None and agreed_by < made:
        raise CaseError(f"{where} (mediation_agreement): agreed_by {agreed_by} is before the agreement on {made}")
    agreement = MediationAgreement(made, appealable, la_party, agreed_by,
                                   at.get("agreement_carried_out", (None,))[0],
                                   at.get("la_informed_of_agreement", (None,))[0])
    return agreement, directive


def _read_directive(events: Mapping[str, Mapping[str, Any]], at: Mapping[str, tuple[date, str]],
                    as_of: date) -> Directive | None:
    if "tribunal_order" in events and "unopposed_notice" in events:
        raise CaseError(f"{at['tribunal_order'][1]} (tribunal_order): the appeal was not opposed "
                        f"({at['unopposed_notice'][1]}), so it is treated as decided and there is no order as well")
    if "tribunal_order" in events:
        event = events["tribunal_order"]
        made, where = at["tribunal_order"]
        kind = choice(event["kind"], ORDER_RULES, f"{where}.kind")
        sent = iso_date(event["sent"], f"{where}.sent") if "sent" in event else None
        if sent is not None and sent < made:
            raise CaseError(f"{where} (tribunal_order): sent out on {sent}, before the order was made on {made}")
        if sent is not None and sent > as_of:
            raise CaseError(f"{where} (tribunal_order): sent out on {sent}, after as_of {as_of}: it cannot have "
                            "happened yet")
        return Directive("tribunal_order", made, kind, ORDER_RULES[kind], kind, sent)
    if "unopposed_notice" in events:
        made, where = at["unopposed_notice"]
        given = choice(events["unopposed_notice"]["kind"], UNOPPOSED_KINDS, f"{where}.kind")
        kind, rule = UNOPPOSED_KINDS[given]
        return Directive("unopposed_notice", made, kind, rule, given)
    return None


def _exception(event: Mapping[str, Any], where: str, as_of: date) -> ExceptionRecord:
    allowed = (ExceptionKind.PERSONAL_CIRCUMSTANCES, ExceptionKind.ABSENCE_FROM_AREA)
    kind, start, end, note = read_exception(event, where, as_of, allowed)
    return ExceptionRecord(kind, start, end, "", note)


def _check_order(case: DisagreementCase, at: Mapping[str, tuple[date, str]], undated: list[Any]) -> None:
    """Impossible orders: each step needs the one it follows, on or after its date. Messages name the event."""

    def when(name: str) -> date | None:
        return at[name][0] if name in at else None

    def need(later: str, earlier: str, missing: str, before: str) -> None:
        """``later`` needs ``earlier`` on or before its date."""
        if later not in at:
            return
        d, where = at[later]
        if earlier not in at:
            raise CaseError(f"{where} ({later}): {missing}")
        if d < at[earlier][0]:
            raise CaseError(f"{where} ({later}) is dated {d}, before {before} on {at[earlier][0]}")

    letter = case.decision_letter_sent
    for name in _AFTER_LETTER:
        if name not in at:
            continue
        d, where = at[name]
        if letter is None:
            raise CaseError(f"{where} ({name}): the mediation and appeal clocks run from the decision letter; "
                            "record decision_letter_sent")
        if d < letter:
            raise CaseError(f"{where} ({name}) is dated {d}, before the decision letter was sent on {letter}")

    # Mediation (§2.9). Telling the adviser that mediation is declined is contact with the adviser (reg 33).
    if "mediation_adviser_contacted" in at:
        need("mediation_declined", "mediation_adviser_contacted", "", "the parent contacted the mediation adviser")
    if "mediation_declined" in at:
        declined, declined_at = at["mediation_declined"]
        for name in ("mediation_requested", "commissioning_body_notified", "mediation_not_possible", "mediation_held"):
            if name in at:
                raise CaseError(f"{at[name][1]} ({name}): the parent declined mediation on {declined} ({declined_at}); "
                                "record one way the mediation went")
    need("mediation_requested", "mediation_adviser_contacted",
         "the parent contacts the mediation adviser before asking for mediation (reg 33); record "
         "mediation_adviser_contacted", "the parent contacted the mediation adviser")
    need("commissioning_body_notified", "mediation_requested",
         "the authority notifies the commissioning body after the parent asked for mediation; record "
         "mediation_requested", "mediation was requested")
    if "commissioning_body_notified" in at and case.mediation_issues is MediationIssues.EDUCATION:
        raise CaseError(f"{at['commissioning_body_notified'][1]} (commissioning_body_notified): the mediation "
                        "issues include no health care; give mediation_requested issues: mixed or health_only")
    need("mediation_held", "mediation_requested", "mediation is held only after it was requested; record "
         "mediation_requested", "mediation was requested")
    need("mediation_not_possible", "mediation_requested", "mediation can be found impossible to hold only after "
         "it was requested; record mediation_requested", "mediation was requested")
    if case.mediation_issues is MediationIssues.HEALTH_ONLY:
        need("mediation_held", "commissioning_body_notified", "health-only mediation is arranged by the commissioning "
             "body after the authority's notice; record commissioning_body_notified",
             "the commissioning body was notified")
    if "mediation_held" in at and "mediation_not_possible" in at:
        raise CaseError(f"{at['mediation_held'][1]} (mediation_held): the authority said on "
                        f"{at['mediation_not_possible'][0]} ({at['mediation_not_possible'][1]}) that mediation could "
                        "not be held within 30 days; record one way the mediation went")
    if "mediation_certificate_issued" in at:
        cert, where = at["mediation_certificate_issued"]
        contact = case.contacted
        if contact is None or cert < contact:
            raise CaseError(f"{where} (mediation_certificate_issued) is dated {cert}, before any contact with the "
                            "mediation adviser")
        route = _certificate_route(case)
        if route is None:
            raise CaseError(f"{where} (mediation_certificate_issued): a certificate follows mediation_declined, "
                            "mediation_held or mediation_not_possible; record which")
        if cert < route[1]:
            raise CaseError(f"{where} (mediation_certificate_issued) is dated {cert}, before the event it certifies "
                            f"on {route[1]} ({route[0]})")

    # The appeal (§2.10): CAFA s55, a certificate first unless the appeal is on section I only.
    if "appeal_registered" in at and case.needs_certificate:
        appeal, where = at["appeal_registered"]
        if case.certificate_issued is None or case.certificate_issued > appeal:
            raise CaseError(f"{where} (appeal_registered): an appeal other than on section I only needs a mediation "
                            f"certificate first (CAFA s55), and none was issued by {appeal}; or give "
                            "decision_letter_sent appeal_kind: section_i_only")
    if "appeal_registered" in at:
        for name in ("tribunal_order", "unopposed_notice"):
            need(name, "appeal_registered", "", "the appeal was registered")

    # Mediation agreements (reg 42).
    if "mediation_agreement" in at and ("mediation_requested" in at or "mediation_held" in at):
        need("mediation_agreement", "mediation_held", "an agreement comes out of mediation; record mediation_held",
             "mediation was held")
    for name in ("agreement_carried_out", "la_informed_of_agreement"):
        if name not in at:
            continue
        d, where = at[name]
        agreement = case.agreement
        if agreement is None:
            raise CaseError(f"{where} ({name}): there is no mediation_agreement")
        if agreement.appealable:
            raise CaseError(f"{where} ({name}): applies only to an agreement on matters that cannot be appealed; "
                            "an appealable agreement is met by the plan events")
        if name == "la_informed_of_agreement" and agreement.la_party:
            raise CaseError(f"{where} ({name}): the authority was a party to the agreement (la_party), so no "
                            "commissioning body has to inform it (reg 42(4))")
        if d < agreement.made:
            raise CaseError(f"{where} ({name}) is dated {d}, before the mediation agreement on {agreement.made}")
    if case.directive is not None and case.directive.source == "mediation_agreement":
        for name in ("tribunal_order", "unopposed_notice"):
            if name in at:
                raise CaseError(f"{at[name][1]} ({name}): the appealable mediation agreement "
                                f"({at['mediation_agreement'][1]}) already says what the authority must do; record "
                                "a second disagreement as another case")

    # The authority's acts after a directive (reg 44(2), reg 45, reg 42(2)).
    directive = case.directive
    for name, kinds in _ACTS.items():
        if name not in at:
            continue
        d, where = at[name]
        if directive is None:
            raise CaseError(f"{where} ({name}): there is no tribunal_order, unopposed_notice or appealable "
                            "mediation_agreement for it to comply with")
        if d < directive.made:
            raise CaseError(f"{where} ({name}) is dated {d}, before the {directive.source} on {directive.made}")
        if directive.kind not in kinds:
            raise CaseError(f"{where} ({name}): a {directive.source} of kind {directive.given_kind} does not call "
                            "for it")
    if "assessment_decision_notified" in at:
        need("decision_to_issue", "assessment_decision_notified", "", "the authority said it would assess")
    if directive is not None and directive.kind == "assess":
        need("draft_plan_issued", "decision_to_issue", "a draft plan needs a decision to issue first; record "
             "decision_to_issue", "the decision to issue")
    need("final_plan_issued", "draft_plan_issued", "a final plan needs a draft issued first (reg 13(1)); record "
         "draft_plan_issued", "the draft plan was issued")
    if case.issue is False:
        for name in ("draft_plan_issued", "final_plan_issued"):
            if name in at:
                raise CaseError(f"{at[name][1]} ({name}): the authority decided not to issue a plan "
                                f"({at['decision_to_issue'][1]})")

    # Exceptions (§3.1 principle 5): only the reg 44/45 clocks have any.
    if undated and (directive is None or not directive.reg):
        raise CaseError(f"{undated[0].where} (exception): only the clocks of a tribunal_order or an "
                        "unopposed_notice have exceptions (regs 44-45); mediation, appeal and mediation agreement "
                        "clocks have none (§3.1(5))")
