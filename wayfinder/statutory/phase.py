"""The clock of a phase transfer review, derived from dated events, and the phase transfers ahead of a child.

Implements ``statutory-timescales.md`` §2.4 (with §1.2 and Q4) for one planned transfer between phases:

==========================  ======================  ========================================================
step                        rule                    law
==========================  ======================  ========================================================
``phase_transfer_review``   ``PHASE-SCHOOL-15FEB``  SEND Regs 2014 reg 18(1)(b): review and amend the plan
                                                    "before 15 February in the calendar year of the
                                                    transfer" (any transfer between phases except
                                                    secondary school to a post-16 institution)
``phase_transfer_review``   ``PHASE-POST16-31MAR``  reg 18(1)(a): before 31 March in the calendar year of
                                                    the transfer, secondary school to a post-16 institution
``phase_transfer_review``   ``PHASE-POST16-5M``     reg 18(2): one post-16 institution to another "at any
                                                    other time": at least five months before the transfer
==========================  ======================  ========================================================

"Before 15 February" excludes the date itself, so by default the last compliant day is 14 February (and
30 March); the Code of Practice says "by" (15 February, 31 March). Q4 makes the reading a setting: strict
by default, ``inclusive=True`` (or ``"deadline_reading": "by"`` on the case) for the Code's reading. The
deadline is the date by which the finalised amended plan naming the new school or institution must exist
(reg 18 says "review and amend"). No exception applies to these limits (§3.1 principle 5), and a due date
on a weekend stands (§1.2, worked example 9).

:func:`phase_moves` finds the transfers ahead of a child from the date of birth (reg 2(1), "transfer between
phases of education"), for the casework app to find the cohort due a phase transfer review.

Everything here is pure: :func:`evaluate` takes a :class:`PhaseTransferCase` (parsed from the JSON of
``wayfinder clocks`` by :func:`parse_case`, or built by the casework app) and a date, and returns a
:class:`ClockReport`. Nothing is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .calendar import months_before, national_curriculum_year
from .clock import CaseError, ClockReport, Deadline, EventReader, Risk, Status, choice, iso_date, report_as_json
from .clock import clock as _clock

__all__ = [
    "AT_RISK_BEFORE_DUE",
    "DEADLINE_READINGS",
    "PROCESS",
    "SETTING_PHASES",
    "TRANSFER_KINDS",
    "CaseError",
    "ClockReport",
    "Deadline",
    "PhaseMove",
    "PhaseTransferCase",
    "Risk",
    "Status",
    "deadline_for",
    "evaluate",
    "parse_case",
    "phase_moves",
    "report_as_json",
]

PROCESS = "phase_transfer"
STEP = "phase_transfer_review"

#: The kinds of transfer, each with its own limit in reg 18.
TRANSFER_KINDS = ("school_phase", "secondary_to_post16", "post16_to_post16")
#: The readings of "before 15 February / 31 March" (Q4): ``strict`` (14 Feb / 30 Mar) or the Code's ``by``.
DEADLINE_READINGS = ("strict", "by")
#: At risk (derived): no amended plan with under 6 weeks to the deadline. Six weeks leave room for the
#: amendment notice and the 15 days of representations of reg 22(2) before the deadline.
AT_RISK_BEFORE_DUE = timedelta(weeks=6)

#: Fixed-date rules of reg 18(1): kind -> (rule id, month, day named by "before <day> <month>").
_FIXED_DATE_RULES = {
    "school_phase": ("PHASE-SCHOOL-15FEB", 2, 15),  # reg 18(1)(b)
    "secondary_to_post16": ("PHASE-POST16-31MAR", 3, 31),  # reg 18(1)(a)
}
_POST16_RULE = "PHASE-POST16-5M"  # reg 18(2)
_POST16_MONTHS = 5


def deadline_for(kind: str, transfer_date: date, *, inclusive: bool = False) -> tuple[str, date]:
    """``(rule id, last compliant day)`` for reviewing and amending the plan before a transfer (reg 18).

    - ``school_phase``: ``PHASE-SCHOOL-15FEB``, reg 18(1)(b), "before 15 February in the calendar year of
      the transfer": 14 February of the transfer's year (15 February with ``inclusive``, the CoP's "by");
    - ``secondary_to_post16``: ``PHASE-POST16-31MAR``, reg 18(1)(a), "before 31 March": 30 March
      (31 March with ``inclusive``);
    - ``post16_to_post16``: ``PHASE-POST16-5M``, reg 18(2), "at least five months before that transfer
      takes place": ``transfer_date − 5 months``, clamped to the month end (§1.2, Q12). ``inclusive`` does
      not apply.

    Raises :class:`ValueError` for an unknown kind.
    """
    if kind in _FIXED_DATE_RULES:
        rule, month, day = _FIXED_DATE_RULES[kind]
        # "Before" excludes the named day itself (§1.2); the CoP's "by" includes it (Q4).
        return rule, date(transfer_date.year, month, day if inclusive else day - 1)
    if kind == "post16_to_post16":
        return _POST16_RULE, months_before(transfer_date, _POST16_MONTHS)
    raise ValueError(f"kind must be one of {', '.join(TRANSFER_KINDS)}, not {kind!r}")


# --------------------------------------------------------------------------------------------- the case


@dataclass(frozen=True)
class PhaseTransferCase:
    """One planned transfer between phases (reg 2(1)) and the acts that answer reg 18.

    ``deadline_reading`` is this case's reading of "before" (``"strict"`` or ``"by"``), or ``None`` to use
    the setting passed to :func:`evaluate`.
    """

    kind: str
    transfer_date: date
    amended_plan_issued: date | None = None
    review_meeting_held: date | None = None
    deadline_reading: str | None = None


# --------------------------------------------------------------------------------------------- the engine


def evaluate(case: PhaseTransferCase, as_of: date, *, inclusive: bool = False) -> ClockReport:
    """The phase transfer deadline of one case as it stands on ``as_of``, and whether it is at risk.

    ``inclusive`` is the authority's setting for Q4 (``phase_deadline_inclusive``): ``False`` reads
    "before 15 February" strictly (last day 14 February), ``True`` as the Code of Practice's "by". A
    ``deadline_reading`` on the case overrides it.
    """
    reading = case.deadline_reading or ("by" if inclusive else "strict")
    by_reading = reading == "by" and case.kind in _FIXED_DATE_RULES
    rule, due = deadline_for(case.kind, case.transfer_date, inclusive=by_reading)
    done = case.amended_plan_issued
    flags: list[str] = []
    if by_reading and done is not None and done == due:
        # Met only because of the CoP's "by": late under reg 18(1)'s "before" (worked example 10).
        flags.append("late_under_strict_reading")
    if due >= case.transfer_date:
        # reg 18(1) counts from the calendar year, so a transfer early in the year has its deadline after it.
        flags.append("deadline_after_transfer")
    # PHASE-SCHOOL-15FEB, PHASE-POST16-31MAR (reg 18(1)), PHASE-POST16-5M (reg 18(2)): no exception (§3.1).
    deadlines = (_clock(STEP, rule, due, done, as_of, flags=tuple(flags)),)
    facts = {
        "transfer_kind": case.kind,
        "transfer_date": case.transfer_date.isoformat(),
        "deadline_reading": reading if case.kind in _FIXED_DATE_RULES else None,
        "review_meeting_held": case.review_meeting_held.isoformat() if case.review_meeting_held else None,
    }
    return ClockReport(as_of=as_of, deadlines=deadlines, at_risk=tuple(_risks(deadlines[0], as_of)),
                       process=PROCESS, facts=facts)


def _risks(review: Deadline, as_of: date) -> Iterable[Risk]:
    """At risk (derived, :data:`AT_RISK_BEFORE_DUE`): no amended plan from 6 weeks before the deadline."""
    if review.status is Status.OPEN and as_of >= review.due - AT_RISK_BEFORE_DUE:
        yield Risk(review.step, review.rule, review.due,
                   "No amended plan naming the new school or institution, and the deadline is within 6 weeks")


# --------------------------------------------------------------------------------------------- phase moves

#: Setting phases a child can be in, each with the last year group before the phase transfer (Reception = 0,
#: early years before it) and the phase the child moves on to. Three-tier areas vary the first and middle
#: years: pass ``last_years`` to :func:`phase_moves`. ``school`` (after early years: the kind of school is not
#: known) and ``post16`` end the chain.
SETTING_PHASES: Mapping[str, tuple[int, str]] = {
    "early_years": (-1, "school"),  # relevant early years education -> school (Reception)
    "infant": (2, "junior"),  # infant -> junior (Year 3)
    "junior": (6, "secondary"),  # primary (junior) -> secondary (Year 7)
    "primary": (6, "secondary"),  # primary -> secondary (Year 7)
    "first": (4, "middle"),  # primary (first, lower) -> middle (Year 5)
    "middle": (8, "secondary"),  # middle -> secondary (upper, Year 9)
    "secondary": (11, "post16"),  # secondary school -> post-16 institution (Year 12)
    "all_through": (11, "post16"),  # an all-through school: its next phase transfer is after Year 11
}
#: A secondary or all-through school may have a sixth form (Years 12 and 13): no phase transfer is ahead.
_SIXTH_FORM_LAST_YEAR = 13
_TERMINAL_PHASES = ("school", "post16")


@dataclass(frozen=True)
class PhaseMove:
    """One transfer between phases ahead of a child (reg 2(1)), and its reg 18 deadline.

    ``transfer_date`` is 1 September of the year the child starts ``year_group`` in ``to_stage`` (the term's
    actual first day does not change the calendar year, so it does not change the deadline).
    """

    kind: str
    transfer_date: date
    from_stage: str
    to_stage: str
    year_group: int
    rule: str
    deadline: date


def _academic_year_start(on: date) -> int:
    """The calendar year in which the academic year containing ``on`` began (on 1 September)."""
    return on.year if on.month >= 9 else on.year - 1


def _reception_year(date_of_birth: date) -> int:
    """The calendar year whose September a child in their normal cohort starts Reception.

    ``national_curriculum_year`` is 0 or 1 on 1 September of the fifth calendar year after birth.
    """
    probe = date(date_of_birth.year + 5, 9, 1)
    return probe.year - national_curriculum_year(date_of_birth, probe)


def phase_moves(date_of_birth: date, setting_phase: str, as_of: date, *, year_group: int | None = None,
                last_years: Mapping[str, int] | None = None, inclusive: bool = False) -> list[PhaseMove]:
    """The transfers between phases still ahead of a child in ``setting_phase`` on ``as_of``, in order.

    The year group is fixed by age on 31 August (:func:`wayfinder.statutory.calendar.national_curriculum_year`):
    Reception starts in the September after the fourth birthday and every later year group in September.
    For a child educated out of their cohort (a summer-born child who started Reception a year late, say),
    pass their ``year_group`` on ``as_of`` (Reception = 0, the year before it -1). ``setting_phase`` is a key
    of :data:`SETTING_PHASES`; ``last_years`` overrides the last year group of any phase (for example
    ``{"first": 3, "middle": 7}`` in a three-tier area whose middle schools take Years 4 to 7).

    The chain follows each phase to the next: infant -> junior -> secondary -> post-16. It stops at
    ``school`` after early years (whether that is an infant, primary or first school is not known until the
    child has a place) and at ``post16``. Moves between post-16 institutions (``PHASE-POST16-5M``) have no
    fixed date: the casework records the proposed date. Each move carries its reg 18(1) deadline
    (:func:`deadline_for`); a Year 11 move is listed even if the child may stay in the school's sixth form.
    Raises :class:`ValueError` if the setting phase is unknown or does not fit the year group.
    """
    lasts = {phase: last for phase, (last, _next) in SETTING_PHASES.items()}
    for phase, last in (last_years or {}).items():
        if phase not in SETTING_PHASES or phase == "early_years":
            raise ValueError(f"last_years can only change school phases ({', '.join(list(SETTING_PHASES)[1:])}), "
                             f"not {phase!r}")
        lasts[phase] = last
    if setting_phase == "post16":
        return []
    if setting_phase not in SETTING_PHASES:
        known = ", ".join([*SETTING_PHASES, "post16"])
        raise ValueError(f"setting_phase must be one of {known}, not {setting_phase!r}")
    if date_of_birth > as_of:
        raise ValueError(f"The date of birth {date_of_birth} is after {as_of}")
    if year_group is None:
        year_group = _academic_year_start(as_of) - _reception_year(date_of_birth)
    _check_year_group(setting_phase, year_group, lasts[setting_phase], as_of)
    # The child starts year group n in September of this calendar year + n.
    reception_year = _academic_year_start(as_of) - year_group
    moves: list[PhaseMove] = []
    phase, current = setting_phase, year_group
    while phase not in _TERMINAL_PHASES:
        last, to_stage = lasts[phase], SETTING_PHASES[phase][1]
        if current > last:  # a sixth form of a secondary or all-through school: no transfer ahead
            break
        entering = last + 1
        transfer = date(reception_year + entering, 9, 1)
        kind = "secondary_to_post16" if to_stage == "post16" else "school_phase"
        rule, deadline = deadline_for(kind, transfer, inclusive=inclusive)
        moves.append(PhaseMove(kind, transfer, phase, to_stage, entering, rule, deadline))
        phase, current = to_stage, entering
    return moves


def _check_year_group(phase: str, year_group: int, last: int, as_of: date) -> None:
    if phase == "early_years":
        if year_group >= 0:
            raise ValueError(
                f"On {as_of} a child of this age is in year group {year_group} (Reception = 0), not in early "
                "years: give year_group for a child out of cohort (for example -1 for a summer-born child who "
                "starts Reception a year late)"
            )
        return
    upper = _SIXTH_FORM_LAST_YEAR if phase in ("secondary", "all_through") else last
    if not 0 <= year_group <= upper:
        article = "an" if phase[0] in "aeiou" else "a"
        raise ValueError(f"On {as_of} the child is in year group {year_group}, which {article} {phase} setting does "
                         f"not teach (its years end with year {upper}); give the child's year_group if out of cohort")


# --------------------------------------------------------------------------------------------- JSON input

_EVENT_FIELDS: dict[str, tuple[set[str], set[str]]] = {
    # event: (required fields, optional fields)
    "transfer_planned": ({"date", "kind"}, {"deadline_reading"}),
    "review_meeting_held": ({"date"}, set()),
    "final_amended_plan_issued": ({"date"}, set()),
}
_ONCE = ("review_meeting_held", "final_amended_plan_issued")
#: ``transfer_planned`` is dated with the date of the move, which is usually after ``as_of``: the reader
#: does not check it against ``as_of``, and :func:`parse_case` reads its date itself.
_READER = EventReader(PROCESS, _EVENT_FIELDS, once=_ONCE, undated=("transfer_planned",))


def parse_case(data: Any) -> tuple[PhaseTransferCase, date]:
    """Read the ``wayfinder clocks`` input for ``phase_transfer`` into a case and its ``as_of`` date.

    Raises :class:`CaseError` for anything that cannot be a real case: unknown events, fields or kinds,
    bad dates, a missing or repeated ``transfer_planned``, repeated one-off events, events (other than the
    planned transfer) after ``as_of``, or an amended plan issued before the review meeting.
    """
    as_of, timeline, undated = _READER.read(data)
    if not undated:
        raise CaseError("events must include transfer_planned: the deadline runs from the date of the transfer")
    if len(undated) > 1:
        raise CaseError(f"{undated[1].where}: transfer_planned appears more than once")
    planned = undated[0]
    where = planned.where
    transfer_date = iso_date(planned.data["date"], f"{where}.date")
    kind = choice(planned.data["kind"], TRANSFER_KINDS, f"{where}.kind")
    reading = None
    if "deadline_reading" in planned.data:
        reading = choice(planned.data["deadline_reading"], DEADLINE_READINGS, f"{where}.deadline_reading")
        if kind not in _FIXED_DATE_RULES:
            raise CaseError(f"{where}.deadline_reading applies to the fixed dates of reg 18(1) (school_phase, "
                            f"secondary_to_post16), not to {kind}: reg 18(2) counts 5 months")
    seen = {e.name: e for e in timeline}
    meeting, amended = seen.get("review_meeting_held"), seen.get("final_amended_plan_issued")
    if meeting and amended and amended.when < meeting.when:
        raise CaseError(f"{amended.where} (final_amended_plan_issued) is dated {amended.when}, before the review "
                        f"meeting on {meeting.when} ({meeting.where}): reg 18 amends the plan after the review")
    case = PhaseTransferCase(
        kind=kind,
        transfer_date=transfer_date,
        amended_plan_issued=amended.when if amended else None,
        review_meeting_held=meeting.when if meeting else None,
        deadline_reading=reading,
    )
    return case, as_of
