"""Tests for the statutory calendars: the worked examples of statutory-timescales.md §4 and properties."""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wayfinder.statutory.calendar import (
    CLOSURE_MIN_DAYS,
    ClosureCalendar,
    ClosurePeriod,
    ClosureWindow,
    WorkingDayCalendar,
    closure_window,
    closure_window_for,
    days_after,
    days_beginning_with,
    is_in_closure_window,
    months_after,
    months_before,
    period_of_months_beginning_with,
    weeks_after,
    weeks_before,
)

CAL = WorkingDayCalendar()
ONE_DAY = timedelta(days=1)
PROPERTY = settings(max_examples=150, deadline=None)

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
working_day_counts = st.integers(min_value=1, max_value=300)


def d(text: str) -> date:
    return date.fromisoformat(text)


# --------------------------------------------------------------------------------------------- bank holidays

# statutory-timescales.md §1.3, copied exactly.
SPEC_BANK_HOLIDAYS = {
    2024: ["2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26",
           "2024-12-25", "2024-12-26"],
    2025: ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25",
           "2025-12-25", "2025-12-26"],
    2026: ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
           "2026-12-25", "2026-12-28"],
    2027: ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30",
           "2027-12-27", "2027-12-28"],
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(SPEC_BANK_HOLIDAYS))
def test_bank_holidays_match_spec_table(year):
    assert CAL.bank_holidays(year) == tuple(d(x) for x in SPEC_BANK_HOLIDAYS[year])


@pytest.mark.parametrize(
    "day",
    ["2026-12-28", "2027-12-27", "2027-12-28"],  # substitute days for Boxing Day / Christmas at weekends
)
def test_substitute_days_are_bank_holidays_not_working_days(day):
    assert CAL.is_bank_holiday(d(day))
    assert not CAL.is_working_day(d(day))


def test_weekend_christmas_is_not_listed_as_a_bank_holiday():
    assert not CAL.is_bank_holiday(d("2026-12-26"))  # Saturday: the holiday moves to Monday 28th
    assert not CAL.is_working_day(d("2026-12-26"))


@pytest.mark.parametrize(
    "day",
    ["2020-05-08", "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"],  # moved and proclaimed days
)
def test_special_bank_holidays_are_included(day):
    assert CAL.is_bank_holiday(d(day))


def test_moved_early_may_bank_holiday_2020_is_a_working_day():
    assert CAL.is_working_day(d("2020-05-04"))


def test_extra_and_cancelled_holidays():
    cal = WorkingDayCalendar(extra_holidays=[d("2025-06-02")], cancelled_holidays=[d("2025-05-26")])
    assert not cal.is_working_day(d("2025-06-02"))
    assert cal.is_working_day(d("2025-05-26"))
    assert d("2025-06-02") in cal.bank_holidays(2025)
    assert d("2025-05-26") not in cal.bank_holidays(2025)
    assert cal.nth_working_day_after(d("2025-05-30"), 1) == d("2025-06-03")


def test_extra_holiday_at_weekend_is_rejected():
    with pytest.raises(ValueError, match="Sat 7 Jun 2025 falls at a weekend"):
        WorkingDayCalendar(extra_holidays=[d("2025-06-07")])


def test_cancelling_a_day_that_is_not_a_bank_holiday_is_rejected():
    with pytest.raises(ValueError, match="Cannot cancel Tue 27 May 2025"):
        WorkingDayCalendar(cancelled_holidays=[d("2025-05-27")])


def test_day_both_extra_and_cancelled_is_rejected():
    with pytest.raises(ValueError, match="both as an extra and as a cancelled"):
        WorkingDayCalendar(extra_holidays=[d("2025-05-26")], cancelled_holidays=[d("2025-05-26")])


# --------------------------------------------------------------------------------------------- working days


def test_example_16_xfer_send_15_working_days_beginning_with_awareness():
    # Old LA became aware Mon 16 Dec 2024; 25-26 Dec and 1 Jan are excluded (reg 15(2)).
    assert CAL.nth_working_day_beginning_with(d("2024-12-16"), 15) == d("2025-01-08")
    # "12 working days before the move" on Mon 6 Jan 2025: 16 Dec .. 3 Jan, day of awareness counted.
    assert CAL.working_days_between(d("2024-12-15"), d("2025-01-05")) == 12


def test_example_11_mediation_certificate_skips_easter():
    # Adviser informed Thu 17 Apr 2025; Good Friday and Easter Monday not counted.
    assert CAL.nth_working_day_after(d("2025-04-17"), 3) == d("2025-04-24")


def test_example_12_mediation_certificate_skips_spring_bank_holiday():
    assert CAL.nth_working_day_after(d("2025-05-22"), 3) == d("2025-05-28")


def test_example_11_r12_2_roll_forward_over_weekend_and_bank_holiday():
    assert CAL.next_working_day_on_or_after(d("2025-05-24")) == d("2025-05-27")


@pytest.mark.parametrize(
    ("end_of_closed_days", "first_working_day_after"),
    [("2025-01-01", "2025-01-02"), ("2025-08-31", "2025-09-01")],  # examples 14 and 13, HESC r12(3)(a)
)
def test_first_working_day_after_r12_3_dates(end_of_closed_days, first_working_day_after):
    assert CAL.nth_working_day_after(d(end_of_closed_days), 1) == d(first_working_day_after)


def test_beginning_with_counts_a_working_start_day_as_day_one():
    assert CAL.nth_working_day_beginning_with(d("2025-05-22"), 1) == d("2025-05-22")
    assert CAL.nth_working_day_after(d("2025-05-22"), 1) == d("2025-05-23")


def test_beginning_with_on_a_non_working_day_starts_at_the_next_working_day():
    assert CAL.nth_working_day_beginning_with(d("2025-05-24"), 1) == d("2025-05-27")
    assert CAL.nth_working_day_beginning_with(d("2025-05-24"), 2) == d("2025-05-28")


def test_last_working_day_on_or_before():
    assert CAL.last_working_day_on_or_before(d("2025-05-26")) == d("2025-05-23")  # AMEND-FINAL-8W, ex. 6
    assert CAL.last_working_day_on_or_before(d("2025-05-23")) == d("2025-05-23")


def test_add_working_days_backwards_and_zero():
    assert CAL.add_working_days(d("2025-04-22"), -1) == d("2025-04-17")
    assert CAL.add_working_days(d("2025-04-19"), 0) == d("2025-04-19")


@pytest.mark.parametrize("method", ["nth_working_day_after", "nth_working_day_beginning_with"])
@pytest.mark.parametrize("n", [0, -3])
def test_nth_working_day_needs_a_positive_count(method, n):
    with pytest.raises(ValueError, match="at least 1"):
        getattr(CAL, method)(d("2025-01-06"), n)


@PROPERTY
@given(dates, working_day_counts)
def test_nth_working_day_results_are_working_days(day, n):
    after = CAL.nth_working_day_after(day, n)
    beginning = CAL.nth_working_day_beginning_with(day, n)
    assert CAL.is_working_day(after)
    assert CAL.is_working_day(beginning)
    assert day < after
    assert day <= beginning <= after


@PROPERTY
@given(dates, working_day_counts)
def test_working_days_between_is_consistent_with_counting(day, n):
    assert CAL.working_days_between(day, CAL.nth_working_day_after(day, n)) == n
    assert CAL.working_days_between(day - ONE_DAY, CAL.nth_working_day_beginning_with(day, n)) == n
    assert CAL.working_days_between(day, CAL.add_working_days(day, n)) == n


@PROPERTY
@given(dates, working_day_counts)
def test_the_two_conventions_differ_by_the_start_day_only(day, n):
    if CAL.is_working_day(day):
        expected = day if n == 1 else CAL.nth_working_day_after(day, n - 1)
    else:
        expected = CAL.nth_working_day_after(day, n)
    assert CAL.nth_working_day_beginning_with(day, n) == expected


@PROPERTY
@given(dates, working_day_counts)
def test_add_working_days_backwards_undoes_forwards(day, n):
    assert CAL.add_working_days(CAL.add_working_days(day, n), -n) == CAL.last_working_day_on_or_before(day)


@PROPERTY
@given(dates, st.integers(min_value=-120, max_value=120))
def test_working_days_between_matches_a_day_by_day_count(start, offset):
    end = start + timedelta(days=offset)
    low, high = sorted((start, end))
    count = sum(CAL.is_working_day(low + timedelta(days=i)) for i in range(1, (high - low).days + 1))
    assert CAL.working_days_between(start, end) == (count if end >= start else -count)
    assert CAL.working_days_between(end, start) == -CAL.working_days_between(start, end)


@PROPERTY
@given(dates)
def test_nearest_working_days(day):
    before = CAL.last_working_day_on_or_before(day)
    after = CAL.next_working_day_on_or_after(day)
    assert CAL.is_working_day(before) and CAL.is_working_day(after)
    assert before <= day <= after
    assert CAL.working_days_between(before, after) == (0 if before == after else 1)


# --------------------------------------------------------------------------------------------- calendar days

CALENDAR_DAY_EXAMPLES = [
    # (example, rule id, function, event date, n, expected due date)
    (1, "ASSESS-DECISION", weeks_after, "2024-09-02", 6, "2024-10-14"),
    (1, "ASSESS-NO-PLAN-16W", weeks_after, "2024-09-02", 16, "2024-12-23"),
    (1, "PLAN-FINAL-20W", weeks_after, "2024-09-02", 20, "2025-01-20"),
    (2, "ASSESS-NO-PLAN-16W", weeks_after, "2025-06-02", 16, "2025-09-22"),
    (2, "PLAN-FINAL-20W", weeks_after, "2025-06-02", 20, "2025-10-20"),
    (4, "PLAN-REPS-15D", days_beginning_with, "2024-10-01", 15, "2024-10-15"),
    (4, "PLAN-REPS-15D earliest final", days_after, "2024-10-01", 15, "2024-10-16"),
    (5, "ASSESS-ADVICE-6W", weeks_after, "2024-10-09", 6, "2024-11-20"),
    (6, "REVIEW-NOTICE-2W", weeks_before, "2025-03-05", 2, "2025-02-19"),
    (6, "REVIEW-REPORT-2W", weeks_after, "2025-03-05", 2, "2025-03-19"),
    (6, "REVIEW-DECISION-4W", weeks_after, "2025-03-05", 4, "2025-04-02"),
    (6, "AMEND-REPS-15D", days_beginning_with, "2025-03-31", 15, "2025-04-14"),
    (6, "AMEND-FINAL-8W (bank holiday stands)", weeks_after, "2025-03-31", 8, "2025-05-26"),
    (6, "AMEND-DEVON", weeks_after, "2025-03-05", 12, "2025-05-28"),
    (7, "AMEND-FINAL-8W", weeks_after, "2025-04-11", 8, "2025-06-06"),
    (8, "REVIEW-FIRST-12M", period_of_months_beginning_with, "2025-01-20", 12, "2026-01-19"),
    (8, "REVIEW-UNDER5 3m", months_after, "2025-01-20", 3, "2025-04-20"),
    (8, "REVIEW-UNDER5 6m", months_after, "2025-01-20", 6, "2025-07-20"),
    (10, "PHASE-POST16-5M", months_before, "2027-01-04", 5, "2026-08-04"),
    (11, "MED-CONTACT-2M", months_after, "2025-03-03", 2, "2025-05-03"),
    (11, "TRIB-APPEAL 1 month from certificate", months_after, "2025-04-24", 1, "2025-05-24"),
    (13, "TRIB-APPEAL 2 months", months_after, "2025-06-13", 2, "2025-08-13"),
    (14, "TRIB-APPEAL 2 months", months_after, "2024-10-01", 2, "2024-12-01"),
    (14, "TRIB-APPEAL 1 month", months_after, "2024-11-29", 1, "2024-12-29"),
    (15, "XFER-INFORM-6W", weeks_after, "2025-01-06", 6, "2025-02-17"),
    (15, "XFER-REVIEW (a) 12 months", period_of_months_beginning_with, "2024-07-10", 12, "2025-07-09"),
    (15, "XFER-REVIEW (b) 3 months", period_of_months_beginning_with, "2025-01-06", 3, "2025-04-05"),
    (17, "REASSESS-DECISION-15D", days_after, "2025-02-03", 15, "2025-02-18"),
    (17, "REASSESS-FINAL-14W", weeks_after, "2025-02-13", 14, "2025-05-22"),
    (18, "TRIB-ORDER-PLAN draft", weeks_after, "2025-11-03", 5, "2025-12-08"),
    (18, "TRIB-ORDER-PLAN final", weeks_after, "2025-11-03", 11, "2026-01-19"),
    (18, "TRIB-ORDER-ASSESS notify", weeks_after, "2025-11-03", 2, "2025-11-17"),
    (18, "TRIB-ORDER-ASSESS no plan", weeks_after, "2025-11-03", 10, "2026-01-12"),
    (18, "TRIB-ORDER-ASSESS final", weeks_after, "2025-11-03", 14, "2026-02-09"),
    (19, "TRIB-UNOPPOSED tell parent", weeks_after, "2025-10-01", 2, "2025-10-15"),
    (19, "TRIB-UNOPPOSED no plan", weeks_after, "2025-10-01", 10, "2025-12-10"),
    (19, "TRIB-UNOPPOSED final", weeks_after, "2025-10-01", 14, "2026-01-07"),
    (20, "MED-AGREE-OTHER-2W", weeks_after, "2025-12-23", 2, "2026-01-06"),
    (20, "MED-AGREE-NOTIFY-1W", weeks_after, "2025-12-23", 1, "2025-12-30"),
    (21, "ASSESS-DECISION (Saturday stands)", weeks_after, "2024-10-05", 6, "2024-11-16"),
    ("Q12", "month end", months_after, "2025-08-31", 2, "2025-10-31"),
    ("Q12", "month end", months_after, "2024-12-31", 2, "2025-02-28"),
    ("Q12", "leap year", months_after, "2023-12-31", 2, "2024-02-29"),
]


@pytest.mark.parametrize(
    ("example", "rule", "function", "event", "n", "expected"),
    CALENDAR_DAY_EXAMPLES,
    ids=[f"ex{e[0]}-{e[1]}" for e in CALENDAR_DAY_EXAMPLES],
)
def test_worked_examples_calendar_days(example, rule, function, event, n, expected):
    assert function(d(event), n) == d(expected)


def test_example_1_plan_draft_latest_is_fifteen_days_before_final():
    assert weeks_after(d("2024-09-02"), 20) - timedelta(days=15) == d("2025-01-05")


@pytest.mark.parametrize("function", [weeks_after, weeks_before, days_after, months_after, months_before])
def test_negative_counts_are_rejected(function):
    with pytest.raises(ValueError, match="at least 0"):
        function(d("2025-01-01"), -1)


@pytest.mark.parametrize("function", [days_beginning_with, period_of_months_beginning_with])
def test_beginning_with_needs_at_least_one(function):
    with pytest.raises(ValueError, match="at least 1"):
        function(d("2025-01-01"), 0)


@PROPERTY
@given(dates, st.integers(min_value=0, max_value=104))
def test_weeks_after_and_before_are_whole_weeks(day, n):
    assert weeks_after(day, n) - day == timedelta(days=7 * n)
    assert day - weeks_before(day, n) == timedelta(days=7 * n)
    assert weeks_after(day, n).weekday() == day.weekday()


@PROPERTY
@given(dates, st.integers(min_value=1, max_value=400))
def test_days_beginning_with_counts_the_event_day(day, n):
    assert days_beginning_with(day, n) == days_after(day, n - 1)
    assert (days_beginning_with(day, n) - day).days + 1 == n


@PROPERTY
@given(dates, st.integers(min_value=0, max_value=36))
def test_months_after_uses_corresponding_date_clamped_to_month_end(day, n):
    result = months_after(day, n)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == n
    month_length = stdlib_calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, month_length)


@PROPERTY
@given(dates, st.integers(min_value=1, max_value=36))
def test_period_of_months_beginning_with_ends_day_before_months_after(day, n):
    assert period_of_months_beginning_with(day, n) == months_after(day, n) - ONE_DAY


@PROPERTY
@given(dates, st.integers(min_value=0, max_value=36))
def test_months_before_mirrors_months_after(day, n):
    result = months_before(day, n)
    assert (day.year * 12 + day.month) - (result.year * 12 + result.month) == n
    assert months_before(months_after(day, n), n) <= day
    if day.day <= 28:
        assert months_before(months_after(day, n), n) == day


# --------------------------------------------------------------------------------------------- closures

# Example 2: first closed day Wed 23 Jul 2025, re-opens Wed 3 Sep 2025 (42 days).
SUMMER_2025 = ClosurePeriod(d("2025-07-23"), d("2025-09-02"), "Summer 2025")
SCHOOL = ClosureCalendar([SUMMER_2025, ClosurePeriod(d("2025-10-25"), d("2025-11-02"), "Autumn half-term")])


def test_closure_period_basics():
    assert SUMMER_2025.reopens == d("2025-09-03")
    assert SUMMER_2025.days == 42
    assert d("2025-07-23") in SUMMER_2025 and d("2025-09-02") in SUMMER_2025
    assert d("2025-09-03") not in SUMMER_2025


def test_closure_period_end_before_start_is_rejected_with_clear_message():
    with pytest.raises(ValueError) as excinfo:
        ClosurePeriod(d("2025-09-02"), d("2025-07-23"), "Summer 2025")
    assert str(excinfo.value) == (
        "Closure period 'Summer 2025' ends on Wed 23 Jul 2025, before it starts on Tue 2 Sep 2025: "
        "the end date must be on or after the start date"
    )


def test_one_day_closure_is_allowed():
    assert ClosurePeriod(d("2025-09-03"), d("2025-09-03"), "INSET").days == 1


def test_example_2_request_inside_window():
    window = closure_window_for(SCHOOL, d("2025-07-18"))
    assert window is not None
    assert (window.start, window.end) == (d("2025-07-16"), d("2025-08-27"))
    assert window.closure == SUMMER_2025
    assert is_in_closure_window(SCHOOL, d("2025-07-18"))


def test_example_3_request_before_window():
    assert closure_window_for(SCHOOL, d("2025-07-14")) is None
    assert not is_in_closure_window(SCHOOL, d("2025-07-14"))


@pytest.mark.parametrize(
    ("request_date", "inside"),
    [("2025-07-15", False), ("2025-07-16", True), ("2025-08-27", True), ("2025-08-28", False)],
)
def test_closure_window_edges_are_inclusive(request_date, inside):
    assert is_in_closure_window(SCHOOL, d(request_date)) is inside


def test_half_term_never_qualifies():
    assert closure_window(ClosurePeriod(d("2025-10-25"), d("2025-11-02"))) is None
    assert not is_in_closure_window(SCHOOL, d("2025-10-24"))


@pytest.mark.parametrize(("days", "qualifies"), [(CLOSURE_MIN_DAYS - 1, False), (CLOSURE_MIN_DAYS, True)])
def test_four_week_threshold(days, qualifies):
    closure = ClosurePeriod(d("2025-07-23"), d("2025-07-23") + timedelta(days=days - 1))
    assert (closure_window(closure) is not None) is qualifies


def test_closure_window_rejects_short_closure():
    with pytest.raises(ValueError, match="shorter than 4 weeks"):
        ClosureWindow(ClosurePeriod(d("2025-10-25"), d("2025-11-02")))


def test_back_to_back_periods_form_one_continuous_closure():
    cal = ClosureCalendar(
        [
            ClosurePeriod(d("2025-07-23"), d("2025-08-12"), "Summer"),
            ClosurePeriod(d("2025-08-13"), d("2025-08-19"), "Works"),
        ]
    )
    (run,) = cal.continuous_closures()
    assert (run.start, run.end, run.label) == (d("2025-07-23"), d("2025-08-19"), "Summer + Works")
    assert run.days == 28
    assert is_in_closure_window(cal, d("2025-08-12"))


def test_is_closed_and_spans():
    assert SCHOOL.is_closed(d("2025-08-01"))
    assert not SCHOOL.is_closed(d("2025-09-03"))
    assert SCHOOL.periods_overlapping(d("2025-09-01"), d("2025-10-25")) == SCHOOL.periods
    assert SCHOOL.periods_overlapping(d("2025-09-03"), d("2025-10-24")) == ()
    assert SCHOOL.closed_days_between(d("2025-09-01"), d("2025-10-26")) == 4
    assert SCHOOL.closed_days_between(d("2025-01-01"), d("2025-12-31")) == 42 + 9


def test_span_end_before_start_is_rejected():
    with pytest.raises(ValueError, match="before it starts"):
        SCHOOL.closed_days_between(d("2025-09-01"), d("2025-08-01"))


LA_DEFAULT = ClosureCalendar([SUMMER_2025])
ACADEMY = ClosureCalendar([ClosurePeriod(d("2025-07-19"), d("2025-08-31"), "Academy summer")])
EXTRA_INSET = ClosureCalendar([ClosurePeriod(d("2025-09-03"), d("2025-09-03"), "INSET day")])


def test_academy_term_dates_replace_la_default():
    merged = LA_DEFAULT.merged_with(ACADEMY, mode="replace")
    assert merged == ACADEMY
    assert not merged.is_closed(d("2025-09-02"))
    # Academy re-opens Mon 1 Sep: its window ends Mon 25 Aug, earlier than the LA default's.
    assert not is_in_closure_window(merged, d("2025-08-26"))
    assert is_in_closure_window(LA_DEFAULT, d("2025-08-26"))


def test_extra_closure_days_add_to_la_default():
    merged = LA_DEFAULT.merged_with(EXTRA_INSET, mode="add")
    assert merged.is_closed(d("2025-09-03"))
    (run,) = merged.continuous_closures()
    assert run.reopens == d("2025-09-04")
    assert closure_window_for(merged, d("2025-08-28")) is not None


def test_unknown_merge_mode_is_rejected():
    with pytest.raises(ValueError, match="mode must be 'replace' or 'add'"):
        LA_DEFAULT.merged_with(ACADEMY, mode="union")  # type: ignore[arg-type]


YEAR_START = date(2025, 1, 1)
day_in_2025 = st.integers(min_value=0, max_value=364).map(lambda i: YEAR_START + timedelta(days=i))


@st.composite
def closure_periods(draw):
    start = draw(day_in_2025)
    length = draw(st.integers(min_value=1, max_value=60))
    return ClosurePeriod(start, start + timedelta(days=length - 1), draw(st.sampled_from(["", "A", "B"])))


closure_calendars = st.lists(closure_periods(), max_size=6).map(ClosureCalendar)


def _closed_brute_force(calendar: ClosureCalendar, day: date) -> bool:
    return any(p.start <= day <= p.end for p in calendar.periods)


@PROPERTY
@given(closure_calendars, closure_calendars, day_in_2025)
def test_merge_replace_ignores_default_and_add_is_union(default, override, day):
    replaced = default.merged_with(override, mode="replace")
    added = default.merged_with(override, mode="add")
    assert replaced.is_closed(day) == _closed_brute_force(override, day)
    assert added.is_closed(day) == (_closed_brute_force(default, day) or _closed_brute_force(override, day))
    assert is_in_closure_window(replaced, day) == is_in_closure_window(override, day)


@PROPERTY
@given(closure_calendars, day_in_2025, st.integers(min_value=0, max_value=90))
def test_closed_days_between_matches_day_by_day_count(calendar, start, length):
    end = start + timedelta(days=length)
    expected = sum(_closed_brute_force(calendar, start + timedelta(days=i)) for i in range(length + 1))
    assert calendar.closed_days_between(start, end) == expected
    overlapping = calendar.periods_overlapping(start, end)
    assert (expected > 0) == bool(overlapping)


@PROPERTY
@given(closure_calendars, day_in_2025)
def test_closure_window_matches_the_spec_test(calendar, request_date):
    """§3.2: some continuous closure C..R-1 with R − C ≥ 28 and C − 7 ≤ request ≤ R − 7."""
    closed = {p.start + timedelta(days=i) for p in calendar.periods for i in range(p.days)}
    expected = False
    for c in closed:
        if c - ONE_DAY in closed:
            continue  # not the first day of a continuous closure
        r = c
        while r in closed:
            r += ONE_DAY
        if (r - c).days >= 28 and c - timedelta(days=7) <= request_date <= r - timedelta(days=7):
            expected = True
    assert is_in_closure_window(calendar, request_date) is expected


@PROPERTY
@given(day_in_2025, st.integers(min_value=1, max_value=400))
def test_closure_period_end_before_start_always_raises(start, gap):
    with pytest.raises(ValueError, match="before it starts"):
        ClosurePeriod(start, start - timedelta(days=gap), "x")
