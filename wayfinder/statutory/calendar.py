"""Calendars and date arithmetic for the statutory clocks.

Implements ``statutory-timescales.md``:

- §1.2 (counting): each legal form of words has its own function, so that "within 6 weeks of",
  "beginning with", "working days … beginning with" and "working days of" are never confused;
- §1.3 and Q1 (working days): Monday to Friday, excluding England and Wales bank holidays;
- §3.2 (closure exception, reg 5(4)(a), 10(4)(a)–(b), 13(3), 27(3)(a)–(b)): the closure window test.

Due dates are never rolled forward here: a SEND Regs due date on a weekend or bank holiday stands
(§1.2). Roll-forward for Tribunal acts (HESC r12(2)) is
:meth:`WorkingDayCalendar.next_working_day_on_or_after`.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import holidays
from dateutil.relativedelta import relativedelta

ONE_DAY = timedelta(days=1)
SATURDAY = 5

__all__ = [
    "CLOSURE_MIN_DAYS",
    "CLOSURE_WINDOW_OFFSET",
    "ClosureCalendar",
    "ClosurePeriod",
    "ClosureWindow",
    "WorkingDayCalendar",
    "closure_window",
    "closure_window_for",
    "days_after",
    "days_beginning_with",
    "is_in_closure_window",
    "months_after",
    "months_before",
    "period_of_months_beginning_with",
    "weeks_after",
    "weeks_before",
]


def _fmt(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _require_at_least(n: int, minimum: int, what: str) -> None:
    if n < minimum:
        raise ValueError(f"{what} must be at least {minimum}, not {n}")


# --------------------------------------------------------------------------------------------- working days


@functools.cache
def _england_bank_holidays(year: int) -> frozenset[date]:
    """Weekday bank holidays in England for one year, as gov.uk publishes them (substitute days included).

    The ``holidays`` package also lists the nominal date when it falls at a weekend (e.g. Sat 26 Dec 2026,
    "Boxing Day"); that day is not a working day anyway, so only Monday–Friday dates are kept.
    """
    return frozenset(
        d for d in holidays.country_holidays("GB", subdiv="ENG", years=year) if d.weekday() < SATURDAY
    )


class WorkingDayCalendar:
    """Working days for the working-day clocks (spec §1.2, Q1): Monday–Friday, not a bank holiday.

    "Working day" is not defined in the SEND Regs (reg 2(1)); the default follows the Banking and Financial
    Dealings Act 1971 set for England and Wales (Christmas Day and Good Friday included). Bank holidays come
    from ``holidays.country_holidays("GB", subdiv="ENG")``; because special bank holidays are proclaimed,
    configuration can add days (``extra_holidays``) and withdraw days (``cancelled_holidays``).
    """

    def __init__(self, extra_holidays: Iterable[date] = (), cancelled_holidays: Iterable[date] = ()) -> None:
        self._extra = frozenset(extra_holidays)
        self._cancelled = frozenset(cancelled_holidays)
        for d in sorted(self._extra):
            if d.weekday() >= SATURDAY:
                raise ValueError(
                    f"Extra bank holiday {_fmt(d)} falls at a weekend; bank holidays are weekdays"
                )
        clashes = sorted(self._extra & self._cancelled)
        if clashes:
            raise ValueError(f"{_fmt(clashes[0])} is given both as an extra and as a cancelled bank holiday")
        for d in sorted(self._cancelled):
            if d not in _england_bank_holidays(d.year):
                raise ValueError(f"Cannot cancel {_fmt(d)}: it is not a bank holiday in England")
        self._by_year: dict[int, frozenset[date]] = {}

    def __repr__(self) -> str:
        return (
            f"WorkingDayCalendar(extra_holidays={sorted(self._extra)!r}, "
            f"cancelled_holidays={sorted(self._cancelled)!r})"
        )

    def _holidays_in(self, year: int) -> frozenset[date]:
        if year not in self._by_year:
            base = _england_bank_holidays(year) - self._cancelled
            self._by_year[year] = base | {d for d in self._extra if d.year == year}
        return self._by_year[year]

    def bank_holidays(self, year: int) -> tuple[date, ...]:
        """The bank holidays (all on weekdays) used for ``year``, in date order."""
        return tuple(sorted(self._holidays_in(year)))

    def is_bank_holiday(self, d: date) -> bool:
        """Whether ``d`` is a (weekday) bank holiday in England and Wales (spec §1.3)."""
        return d in self._holidays_in(d.year)

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day: Monday–Friday and not a bank holiday (spec §1.2, Q1)."""
        return d.weekday() < SATURDAY and not self.is_bank_holiday(d)

    def add_working_days(self, d: date, n: int) -> date:
        """Move ``n`` working days from ``d``, not counting ``d`` itself; ``n`` may be negative.

        ``n == 0`` returns ``d`` unchanged, working day or not. This is the arithmetic primitive; statutory
        clocks should call :meth:`nth_working_day_after` or :meth:`nth_working_day_beginning_with`, which
        name the legal form of words.
        """
        step = ONE_DAY if n > 0 else -ONE_DAY
        remaining = abs(n)
        current = d
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        return current

    def nth_working_day_after(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d``; day ``d`` is not counted (spec §1.2).

        Legal form: "within N working days of being informed", e.g. ``MED-CERT-NO-3WD``,
        ``MED-HEALTH-NOTIFY-3WD``, ``MED-CERT-LATE-3WD``, ``MED-CERT-AFTER-3WD`` (3 working days).
        """
        _require_at_least(n, 1, "The number of working days")
        return self.add_working_days(d, n)

    def nth_working_day_beginning_with(self, d: date, n: int) -> date:
        """The ``n``-th working day counting ``d`` as day 1 if ``d`` is a working day (spec §1.2).

        Legal form: "within 15 working days beginning with the day on which it did become aware"
        (reg 15(2), ``XFER-SEND``). If ``d`` is not a working day, the next working day is day 1.
        """
        _require_at_least(n, 1, "The number of working days")
        return self.add_working_days(d - ONE_DAY, n)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if ``end`` is earlier).

        Matches the "day D not counted" convention: ``working_days_between(d, nth_working_day_after(d, n))``
        is ``n``.
        """
        if end < start:
            return -self.working_days_between(end, start)
        full_weeks, rest = divmod((end - start).days, 7)
        weekdays = 5 * full_weeks
        first_of_rest = start + timedelta(days=7 * full_weeks + 1)
        weekdays += sum((first_of_rest + timedelta(days=i)).weekday() < SATURDAY for i in range(rest))
        bank = sum(
            start < h <= end for year in range(start.year, end.year + 1) for h in self._holidays_in(year)
        )
        return weekdays - bank

    def last_working_day_on_or_before(self, d: date) -> date:
        """``d`` if it is a working day, else the latest working day before it.

        Advisory only: the UI's "last working day before due" (spec §1.2). SEND Regs due dates stand.
        """
        while not self.is_working_day(d):
            d -= ONE_DAY
        return d

    def next_working_day_on_or_after(self, d: date) -> date:
        """``d`` if it is a working day, else the first working day after it.

        HESC Rules r12(2) (``TRIB-APPEAL``): an act whose time ends on a non-working day is in time if done
        on the next working day. Never apply to SEND Regs clocks (spec §1.2).
        """
        while not self.is_working_day(d):
            d += ONE_DAY
        return d


# --------------------------------------------------------------------------------------------- calendar days


def weeks_after(d: date, n: int) -> date:
    """``D + 7N``: the last compliant day for "within N weeks of" the event on ``d`` (spec §1.2).

    Legal form: "as soon as practicable and in any event within 6 weeks of receiving a request" (reg 5(1),
    ``ASSESS-DECISION``); likewise reg 8 (``ASSESS-ADVICE-6W``), reg 10(1), reg 13(2), reg 15(4),
    reg 20–22, reg 27(2), reg 42, reg 44–45. The day of the event is not counted; the period ends on the
    same weekday N weeks later.
    """
    _require_at_least(n, 0, "The number of weeks")
    return d + timedelta(weeks=n)


def weeks_before(d: date, n: int) -> date:
    """``D − 7N``: the latest date for "at least N weeks before" / "at least N weeks' notice" of ``d``.

    Legal form: "at least two weeks' notice" and "at least two weeks in advance of the review meeting"
    (reg 20(3),(4), reg 21(3),(4); ``REVIEW-NOTICE-2W``, ``REVIEW-ADVICE-2W``). Not "clear days" (Q5).
    """
    _require_at_least(n, 0, "The number of weeks")
    return d - timedelta(weeks=n)


def days_after(d: date, n: int) -> date:
    """``D + N``: the last compliant day for "within N days" of the event on ``d`` (spec §1.2).

    Legal form: "within 15 days" (reg 25(1), ``REASSESS-DECISION-15D``); "within 30 days"
    (``MED-HOLD-30D``). Calendar days; the day of the event is not counted.
    """
    _require_at_least(n, 0, "The number of days")
    return d + timedelta(days=n)


def days_beginning_with(d: date, n: int) -> date:
    """``D + N − 1``: the last day of "at least N days, beginning with the day on which" ``d`` (spec §1.2).

    Legal form: "at least 15 days, beginning with the day on which the draft plan was served"
    (reg 13(1)(a), ``PLAN-REPS-15D``; reg 22(2)(c), ``AMEND-REPS-15D``). Day ``d`` is day 1, so the window's
    last day is ``D + 14`` for 15 days and the next act may happen from ``D + 15``. Calendar days.
    """
    _require_at_least(n, 1, "The number of days")
    return d + timedelta(days=n - 1)


def months_after(d: date, n: int) -> date:
    """``D + N calendar months`` by the corresponding-date rule (spec §1.2, Q12).

    Legal form: "within 2 months after written notice … was sent" (reg 33, ``MED-CONTACT-2M``; HESC
    r20(1)(c), ``TRIB-APPEAL``). If the corresponding date does not exist, the last day of that month
    (31 Aug + 2 months = 31 Oct; 31 Dec + 2 months = 28 or 29 Feb).
    """
    _require_at_least(n, 0, "The number of months")
    return d + relativedelta(months=n)


def period_of_months_beginning_with(d: date, n: int) -> date:
    """``D + N months − 1 day``: the last day of "the period of N months beginning with" ``d`` (spec §1.2).

    Legal form: "the period of 12 months beginning with the date …" (reg 15(5), ``XFER-REVIEW``);
    "within the period of 12 months starting with the date on which the plan was first made" (CAFA
    s44(1), ``REVIEW-FIRST-12M``, ``REVIEW-NEXT-12M``). Day ``d`` is day 1. Computed as
    ``months_after(d, n) - 1 day``, so when the corresponding date is clamped to a month end the period
    ends the day before that month end (see Q12).
    """
    _require_at_least(n, 1, "The number of months")
    return months_after(d, n) - ONE_DAY


def months_before(d: date, n: int) -> date:
    """``D − N calendar months``, clamped to the month end: the latest date "at least N months before" ``d``.

    Legal form: "at least five months before that transfer takes place" (reg 18(2),
    ``PHASE-POST16-5M``), counted backwards from the transfer date (spec §1.2).
    """
    _require_at_least(n, 0, "The number of months")
    return d - relativedelta(months=n)


# --------------------------------------------------------------------------------------------- closures

#: "closed for a continuous period of not less than 4 weeks" (reg 5(4)(a), 10(4)(a)–(b), 27(3)(a)–(b)).
CLOSURE_MIN_DAYS = 28
#: The window begins one week before the first closed day and ends one week before re-opening (§3.2).
CLOSURE_WINDOW_OFFSET = timedelta(weeks=1)


@dataclass(frozen=True, order=True)
class ClosurePeriod:
    """Days on which a school, post-16 institution or early-years provider is closed.

    ``start`` is the first closed day and ``end`` the last closed day, both inclusive; the institution
    re-opens on ``end + 1 day``. A holiday entered from term dates should include the weekends inside it.
    """

    start: date
    end: date
    label: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            name = f"Closure period {self.label!r}" if self.label else "A closure period"
            raise ValueError(
                f"{name} ends on {_fmt(self.end)}, before it starts on {_fmt(self.start)}: "
                "the end date must be on or after the start date"
            )

    @property
    def reopens(self) -> date:
        """The day the institution re-opens (``R`` in spec §3.2)."""
        return self.end + ONE_DAY

    @property
    def days(self) -> int:
        """Number of calendar days closed (``R − C`` in spec §3.2)."""
        return (self.end - self.start).days + 1

    def __contains__(self, d: object) -> bool:
        return isinstance(d, date) and self.start <= d <= self.end

    def overlaps(self, start: date, end: date) -> bool:
        """Whether any day from ``start`` to ``end`` inclusive is in this period."""
        return self.start <= end and start <= self.end


def _continuous_runs(periods: Iterable[ClosurePeriod]) -> tuple[ClosurePeriod, ...]:
    """Join overlapping or back-to-back periods (sorted input) into continuous closures."""
    runs: list[ClosurePeriod] = []
    for p in periods:
        if runs and p.start <= runs[-1].reopens:
            last = runs[-1]
            label = last.label
            if p.label and p.label not in label.split(" + "):
                label = f"{label} + {p.label}" if label else p.label
            runs[-1] = ClosurePeriod(last.start, max(last.end, p.end), label)
        else:
            runs.append(p)
    return tuple(runs)


class ClosureCalendar:
    """An institution's closure periods (term-date holidays, INSET and other closures).

    A local authority's default term-date calendar can be overridden per institution with
    :meth:`merged_with`: an academy with its own term dates replaces the default; an institution with extra
    closure days adds them. Spec §3.2: use the institution's own term dates, not the LA's.
    """

    def __init__(self, periods: Iterable[ClosurePeriod] = ()) -> None:
        self._periods = tuple(sorted(set(periods)))
        self._runs = _continuous_runs(self._periods)
        self._run_starts = [r.start for r in self._runs]

    @property
    def periods(self) -> tuple[ClosurePeriod, ...]:
        """The periods as given (duplicates removed), in date order."""
        return self._periods

    def __iter__(self) -> Iterator[ClosurePeriod]:
        return iter(self._periods)

    def __len__(self) -> int:
        return len(self._periods)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ClosureCalendar) and self._periods == other._periods

    def __hash__(self) -> int:
        return hash(self._periods)

    def __repr__(self) -> str:
        return f"ClosureCalendar({list(self._periods)!r})"

    def continuous_closures(self) -> tuple[ClosurePeriod, ...]:
        """The closures with overlapping or back-to-back periods joined, in date order.

        "Closed for a continuous period" (reg 10(4)(a)) is judged on these, so an extra closure day next to
        a holiday lengthens that holiday.
        """
        return self._runs

    def continuous_closure_containing(self, d: date) -> ClosurePeriod | None:
        """The continuous closure that includes ``d``, or ``None`` if the institution is open on ``d``."""
        i = bisect.bisect_right(self._run_starts, d) - 1
        if i >= 0 and d in self._runs[i]:
            return self._runs[i]
        return None

    def is_closed(self, d: date) -> bool:
        """Whether the institution is closed on ``d``."""
        return self.continuous_closure_containing(d) is not None

    def periods_overlapping(self, start: date, end: date) -> tuple[ClosurePeriod, ...]:
        """The periods (as given) with at least one day from ``start`` to ``end`` inclusive."""
        _check_span(start, end)
        return tuple(p for p in self._periods if p.overlaps(start, end))

    def closed_days_between(self, start: date, end: date) -> int:
        """How many days from ``start`` to ``end`` inclusive the institution is closed."""
        _check_span(start, end)
        return sum(
            (min(r.end, end) - max(r.start, start)).days + 1 for r in self._runs if r.overlaps(start, end)
        )

    def merged_with(
        self, override: ClosureCalendar, mode: Literal["replace", "add"] = "replace"
    ) -> ClosureCalendar:
        """This (default) calendar overridden by an institution's own calendar.

        ``"replace"``: the institution's periods only (an academy with its own term dates; the LA default is
        ignored entirely, so the override must cover every year of interest). ``"add"``: the default periods
        plus the institution's extra closures.
        """
        if mode == "replace":
            return ClosureCalendar(override.periods)
        if mode == "add":
            return ClosureCalendar(self._periods + override.periods)
        raise ValueError(f"mode must be 'replace' or 'add', not {mode!r}")


def _check_span(start: date, end: date) -> None:
    if end < start:
        raise ValueError(f"The span ends on {_fmt(end)}, before it starts on {_fmt(start)}")


@dataclass(frozen=True)
class ClosureWindow:
    """The window for the closure exception around one continuous closure of at least 4 weeks (spec §3.2).

    Reg 10(4)(a): advice requested "during a period beginning one week before any date on which that school
    or institution was closed for a continuous period of not less than 4 weeks from that date and ending one
    week before the date on which it re-opens". Window: ``C − 7`` to ``R − 7`` inclusive.
    """

    closure: ClosurePeriod

    def __post_init__(self) -> None:
        if self.closure.days < CLOSURE_MIN_DAYS:
            raise ValueError(
                f"A closure of {self.closure.days} days is shorter than 4 weeks and has no closure window"
            )

    @property
    def start(self) -> date:
        """One week before the first closed day (``C − 7``)."""
        return self.closure.start - CLOSURE_WINDOW_OFFSET

    @property
    def end(self) -> date:
        """One week before the institution re-opens (``R − 7``)."""
        return self.closure.reopens - CLOSURE_WINDOW_OFFSET

    def __contains__(self, d: object) -> bool:
        return isinstance(d, date) and self.start <= d <= self.end


def closure_window(closure: ClosurePeriod) -> ClosureWindow | None:
    """The closure window for one continuous closure, or ``None`` if it is shorter than 4 weeks.

    Spec §3.2, reg 5(4)(a), 10(4)(a)–(b), 13(3), 27(3)(a)–(b): the closure qualifies only if
    ``R − C ≥ 28`` days; half-terms never do.
    """
    return ClosureWindow(closure) if closure.days >= CLOSURE_MIN_DAYS else None


def closure_window_for(calendar: ClosureCalendar, request_date: date) -> ClosureWindow | None:
    """The closure window containing the date the LA requested advice, or ``None`` (spec §3.2).

    Implements the dated condition of the closure limbs reg 5(4)(a), 10(4)(a) (school or post-16
    institution), 10(4)(b) (early-years provider), 13(3) (importing 10(4)) and 27(3)(a)–(b): the institution
    was closed for a continuous period ``C``..``R − 1`` with ``R − C ≥ 28`` and
    ``C − 7 ≤ request_date ≤ R − 7``. ``calendar`` must be the calendar of the institution whose head,
    principal or SEN lead was asked (Q14); causation remains a human judgement (§3.1).
    """
    for run in calendar.continuous_closures():
        if run.start - CLOSURE_WINDOW_OFFSET > request_date:
            break
        window = closure_window(run)
        if window is not None and request_date in window:
            return window
    return None


def is_in_closure_window(calendar: ClosureCalendar, request_date: date) -> bool:
    """Whether advice requested on ``request_date`` falls in a closure window (spec §3.2; reg 10(4)(a)–(b)).

    See :func:`closure_window_for`, which also returns the closure and window found.
    """
    return closure_window_for(calendar, request_date) is not None


# --------------------------------------------------------------------------------------------- year groups


def national_curriculum_year(date_of_birth: date, on: date) -> int | None:
    """The National Curriculum year group on ``on`` (Reception = 0), for a child in their normal cohort.

    A child starts Reception in the September after their fourth birthday; the cohort runs from 1 September
    to 31 August. ``None`` before Reception (early years).
    """
    academic_year_start = on.year if on.month >= 9 else on.year - 1
    cohort = date_of_birth.year + (1 if date_of_birth.month >= 9 else 0)
    year = academic_year_start - cohort - 4
    return year if year >= 0 else None
