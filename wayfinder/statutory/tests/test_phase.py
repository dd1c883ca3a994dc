"""The phase transfer clock (SEND Regs 2014 reg 18) and the phase transfers ahead of a child (reg 2(1)).

Worked examples 9 and 10 are read from statutory-timescales.md §4: each computed date the document states
for a phase rule is checked against the engine, and each verdict below quotes the document's words.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from wayfinder.statutory.phase import (
    AT_RISK_BEFORE_DUE,
    CaseError,
    PhaseMove,
    PhaseTransferCase,
    Status,
    deadline_for,
    evaluate,
    parse_case,
    phase_moves,
)

from .worked import DOC_DATE, doc_date, quoted, worked_examples

#: The worked examples of §4 that this module checks.
WORKED_EXAMPLES = {9, 10}


def planned(when: str, kind: str, **extra) -> dict:
    return {"event": "transfer_planned", "date": when, "kind": kind, **extra}


def run(events: list[dict], as_of: str = "2027-12-01", **options):
    case, on = parse_case({"process": "phase_transfer", "as_of": as_of, "events": events})
    return evaluate(case, on, **options)


def review(events: list[dict], as_of: str = "2027-12-01", **options):
    return run(events, as_of, **options)["phase_transfer_review"]


def amended(when: str) -> dict:
    return {"event": "final_amended_plan_issued", "date": when}


# ------------------------------------------------------------------------------------------- the document

#: For each worked example, the transfer each rule id it gives a date for is computed from.
WORKED_CASES = {
    9: {"PHASE-SCHOOL-15FEB": planned("2026-09-01", "school_phase")},  # Year 6 -> Year 7, Sept 2026
    10: {"PHASE-POST16-31MAR": planned("2026-09-01", "secondary_to_post16"),  # Year 11 -> FE college
         "PHASE-POST16-5M": planned("2027-01-04", "post16_to_post16")},  # post-16 -> post-16, Mon 4 Jan 2027
}


def stated_dates(example: int) -> list[tuple[str, date]]:
    """``(rule id, date)`` from the Computed dates cell: the first weekday-named date after each rule id."""
    computed = worked_examples()[example][1].replace("**", "")
    return [(rule, doc_date(when)) for rule, when in re.findall(rf"`([A-Z0-9-]+)`[^`;]*?({DOC_DATE})", computed)]


def test_the_worked_examples_checked_here_are_phase_transfers():
    assert set(WORKED_CASES) == WORKED_EXAMPLES
    for example in WORKED_EXAMPLES:
        assert {rule for rule, _ in stated_dates(example)} == set(WORKED_CASES[example]), example


@pytest.mark.parametrize("example", sorted(WORKED_EXAMPLES))
def test_computed_dates_in_the_worked_example_are_the_engines_due_dates(example):
    for rule, when in stated_dates(example):
        step = review([WORKED_CASES[example][rule]], as_of="2026-01-01")
        assert (step.rule, step.due) == (rule, when), f"example {example}: {rule}"


def test_example_9_a_deadline_on_a_saturday_stands():
    quoted(9, "last day Sat 14 Feb 2026 (weekend: stands)")
    step = review([WORKED_CASES[9]["PHASE-SCHOOL-15FEB"]], as_of="2026-02-15")
    assert (step.due, step.status) == (date(2026, 2, 14), Status.OVERDUE)  # no roll-forward to Monday (§1.2)


def test_example_9_amended_plan_on_13_february_is_met():
    quoted(9, "amended plan Fri 13 Feb 2026 → met")
    assert review([WORKED_CASES[9]["PHASE-SCHOOL-15FEB"], amended("2026-02-13")]).status is Status.MET


def test_example_9_amended_plan_on_16_february_is_late_under_both_readings():
    quoted(9, 'Mon 16 Feb 2026 → late under both the strict and the "by" reading')
    events = [WORKED_CASES[9]["PHASE-SCHOOL-15FEB"], amended("2026-02-16")]
    strict, by = review(events), review(events, inclusive=True)
    assert (strict.status, strict.days_late) == (Status.LATE, 2)
    assert (by.status, by.days_late, by.due) == (Status.LATE, 1, date(2026, 2, 15))


def test_example_10_amended_plan_on_31_march_is_late_strictly_and_met_by_the_codes_reading():
    quoted(10, 'amended plan Tue 31 Mar 2026 → late (strict) / met ("by"): Q4 setting decides')
    transfer = WORKED_CASES[10]["PHASE-POST16-31MAR"]
    strict = review([transfer, amended("2026-03-31")])
    assert (strict.status, strict.days_late, strict.flags) == (Status.LATE, 1, ())
    by = review([{**transfer, "deadline_reading": "by"}, amended("2026-03-31")])
    assert (by.status, by.due, by.flags) == (Status.MET, date(2026, 3, 31), ("late_under_strict_reading",))
    assert review([transfer, amended("2026-03-31")], inclusive=True).status is Status.MET


def test_example_10_post16_to_post16_is_five_months_before_and_takes_no_reading():
    quoted(10, "`PHASE-POST16-5M` Tue 4 Aug 2026")
    transfer = WORKED_CASES[10]["PHASE-POST16-5M"]
    assert review([transfer], inclusive=True).due == date(2026, 8, 4)
    assert run([transfer], as_of="2026-01-01").facts["deadline_reading"] is None


# ------------------------------------------------------------------------------------------- deadlines


@pytest.mark.parametrize(
    ("kind", "inclusive", "expected"),
    [
        ("school_phase", False, ("PHASE-SCHOOL-15FEB", date(2026, 2, 14))),
        ("school_phase", True, ("PHASE-SCHOOL-15FEB", date(2026, 2, 15))),
        ("secondary_to_post16", False, ("PHASE-POST16-31MAR", date(2026, 3, 30))),
        ("secondary_to_post16", True, ("PHASE-POST16-31MAR", date(2026, 3, 31))),
        ("post16_to_post16", False, ("PHASE-POST16-5M", date(2026, 4, 1))),
        ("post16_to_post16", True, ("PHASE-POST16-5M", date(2026, 4, 1))),
    ],
)
def test_deadline_for_each_kind_and_reading(kind, inclusive, expected):
    assert deadline_for(kind, date(2026, 9, 1), inclusive=inclusive) == expected


def test_five_months_before_a_month_end_is_clamped():
    # reg 18(2) counted back with the corresponding-date rule, clamped to the month end (§1.2, Q12).
    assert deadline_for("post16_to_post16", date(2026, 7, 31)) == ("PHASE-POST16-5M", date(2026, 2, 28))
    assert deadline_for("post16_to_post16", date(2028, 7, 31)) == ("PHASE-POST16-5M", date(2028, 2, 29))


def test_the_deadline_is_in_the_calendar_year_of_the_transfer():
    assert deadline_for("school_phase", date(2027, 1, 4)) == ("PHASE-SCHOOL-15FEB", date(2027, 2, 14))
    step = review([planned("2027-01-04", "school_phase")], as_of="2026-12-01")
    assert step.flags == ("deadline_after_transfer",)


def test_an_unknown_kind_is_refused_by_deadline_for():
    with pytest.raises(ValueError, match="kind must be one of school_phase"):
        deadline_for("primary_to_secondary", date(2026, 9, 1))


@pytest.mark.parametrize(
    ("kind", "done", "strict", "by"),
    [
        ("school_phase", "2026-02-14", Status.MET, Status.MET),
        ("school_phase", "2026-02-15", Status.LATE, Status.MET),
        ("school_phase", "2026-02-16", Status.LATE, Status.LATE),
        ("secondary_to_post16", "2026-03-30", Status.MET, Status.MET),
        ("secondary_to_post16", "2026-03-31", Status.LATE, Status.MET),
        ("secondary_to_post16", "2026-04-01", Status.LATE, Status.LATE),
    ],
)
def test_the_15_february_and_31_march_boundaries(kind, done, strict, by):
    events = [planned("2026-09-01", kind), amended(done)]
    assert review(events).status is strict
    assert review(events, inclusive=True).status is by
    assert review([{**events[0], "deadline_reading": "by"}, events[1]]).status is by


def test_the_case_reading_overrides_the_authoritys_setting():
    events = [planned("2026-09-01", "school_phase", deadline_reading="strict"), amended("2026-02-15")]
    report = run(events, inclusive=True)
    assert report["phase_transfer_review"].status is Status.LATE
    assert report.facts["deadline_reading"] == "strict"
    assert report.as_dict()["deadline_reading"] == "strict"


def test_an_amended_plan_after_the_transfer_is_late_not_refused():
    step = review([planned("2026-09-01", "school_phase"), amended("2026-09-10")])
    assert (step.status, step.days_late) == (Status.LATE, 208)


def test_open_and_overdue_without_an_amended_plan():
    transfer = [planned("2026-09-01", "school_phase")]
    assert review(transfer, as_of="2026-02-14").status is Status.OPEN
    assert review(transfer, as_of="2026-02-15").status is Status.OVERDUE


def test_no_amended_plan_inside_six_weeks_of_the_deadline_is_at_risk():
    transfer = [planned("2026-09-01", "school_phase")]
    assert AT_RISK_BEFORE_DUE.days == 42
    assert run(transfer, as_of="2026-01-02").at_risk == ()  # 43 days to Sat 14 Feb 2026
    risks = run(transfer, as_of="2026-01-03").at_risk
    assert [(r.step, r.rule, r.due) for r in risks] == [
        ("phase_transfer_review", "PHASE-SCHOOL-15FEB", date(2026, 2, 14))
    ]
    assert run([*transfer, amended("2026-01-20")], as_of="2026-02-01").at_risk == ()
    assert run(transfer, as_of="2026-02-20").at_risk == ()  # overdue, not at risk


def test_the_review_meeting_is_reported_for_information():
    report = run([planned("2026-09-01", "school_phase"), {"event": "review_meeting_held", "date": "2026-01-12"},
                  amended("2026-02-10")])
    assert report.facts["review_meeting_held"] == "2026-01-12"
    assert report["phase_transfer_review"].status is Status.MET


def test_a_case_built_by_the_casework_app():
    case = PhaseTransferCase("secondary_to_post16", date(2026, 9, 1), amended_plan_issued=date(2026, 3, 31))
    assert evaluate(case, date(2026, 4, 1))["phase_transfer_review"].status is Status.LATE
    assert evaluate(case, date(2026, 4, 1), inclusive=True)["phase_transfer_review"].status is Status.MET


# ------------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([planned("2026-09-01", "primary_to_secondary")],
         'events[0].kind must be one of school_phase, secondary_to_post16, post16_to_post16, not "primary_'),
        ([{"event": "transfer_planned", "date": "2026-09-01"}], "events[0] (transfer_planned) is missing kind"),
        ([{"event": "transfer_planned", "kind": "school_phase"}], "events[0] (transfer_planned) is missing date"),
        ([amended("2026-01-10")], "events must include transfer_planned"),
        ([planned("2026-09-01", "school_phase"), planned("2026-09-02", "school_phase")],
         "events[1]: transfer_planned appears more than once"),
        ([planned("2026-09-01", "school_phase"), amended("2026-01-10"), amended("2026-01-11")],
         "events[2]: final_amended_plan_issued appears more than once"),
        ([planned("2026-09-01", "school_phase"), amended("2026-01-10"),
          {"event": "review_meeting_held", "date": "2026-01-20"}],
         "events[1] (final_amended_plan_issued) is dated 2026-01-10, before the review meeting on 2026-01-20 "
         "(events[2])"),
        ([planned("2026-09-01", "school_phase", deadline_reading="loose")], "events[0].deadline_reading must be one"),
        ([planned("2027-01-04", "post16_to_post16", deadline_reading="by")],
         "events[0].deadline_reading applies to the fixed dates of reg 18(1)"),
        ([planned("2026-09-31", "school_phase")], "events[0].date must be a real date"),
        ([planned("2026-09-01", "school_phase"), amended("2026-12-02")], "cannot have happened yet"),
        ([planned("2026-09-01", "school_phase", school="100001")], "does not take: school"),
    ],
)
def test_impossible_cases_are_refused_with_a_clear_message(events, message):
    with pytest.raises(CaseError, match=re.escape(message)):
        run(events, as_of="2026-12-01")


def test_a_planned_transfer_after_as_of_is_accepted():
    assert review([planned("2026-09-01", "school_phase")], as_of="2025-10-01").status is Status.OPEN


def test_a_case_of_another_process_is_refused():
    with pytest.raises(CaseError, match="process must be"):
        parse_case({"process": "ehc_needs_assessment", "as_of": "2026-01-01",
                    "events": [planned("2026-09-01", "school_phase")]})


# ------------------------------------------------------------------------------------------- phase moves


def moves(dob: str, phase: str, as_of: str, **options) -> list[PhaseMove]:
    return phase_moves(date.fromisoformat(dob), phase, date.fromisoformat(as_of), **options)


def summary(found: list[PhaseMove]) -> list[tuple]:
    return [(m.from_stage, m.to_stage, m.year_group, m.transfer_date.isoformat(), m.kind, m.rule,
             m.deadline.isoformat()) for m in found]


@pytest.mark.parametrize("dob", ["2014-09-01", "2015-08-31"])
def test_the_oldest_and_youngest_of_one_year_group_move_to_secondary_together(dob):
    # Born 1 Sep 2014 to 31 Aug 2015: Reception from Sept 2019, Year 7 from Sept 2026 (worked example 9).
    assert summary(moves(dob, "primary", "2025-10-01")) == [
        ("primary", "secondary", 7, "2026-09-01", "school_phase", "PHASE-SCHOOL-15FEB", "2026-02-14"),
        ("secondary", "post16", 12, "2031-09-01", "secondary_to_post16", "PHASE-POST16-31MAR", "2031-03-30"),
    ]


def test_a_child_born_on_31_august_is_a_year_ahead_of_one_born_on_1_september():
    assert moves("2014-08-31", "primary", "2025-06-01")[0].transfer_date == date(2025, 9, 1)
    assert moves("2014-09-01", "primary", "2025-06-01")[0].transfer_date == date(2026, 9, 1)


def test_a_child_past_the_settings_last_year_is_refused():
    with pytest.raises(ValueError, match="year group 7, which a primary setting does not teach"):
        moves("2014-08-31", "primary", "2025-10-01")


def test_early_years_to_reception_the_september_after_the_fourth_birthday():
    assert summary(moves("2021-08-31", "early_years", "2024-09-01")) == [
        ("early_years", "school", 0, "2025-09-01", "school_phase", "PHASE-SCHOOL-15FEB", "2025-02-14"),
    ]
    assert moves("2021-09-01", "early_years", "2024-09-01")[0].transfer_date == date(2026, 9, 1)


def test_a_summer_born_child_who_defers_reception_gives_their_year_group():
    with pytest.raises(ValueError, match="give year_group for a child out of cohort"):
        moves("2020-07-15", "early_years", "2024-10-01")
    assert summary(moves("2020-07-15", "early_years", "2024-10-01", year_group=-1)) == [
        ("early_years", "school", 0, "2025-09-01", "school_phase", "PHASE-SCHOOL-15FEB", "2025-02-14"),
    ]
    # Educated a year below their cohort in a primary school: Year 7 a year later than their age.
    assert moves("2014-08-31", "primary", "2025-10-01", year_group=6)[0].transfer_date == date(2026, 9, 1)


def test_infant_to_junior_to_secondary_to_post16():
    assert summary(moves("2018-03-15", "infant", "2024-10-01")) == [
        ("infant", "junior", 3, "2025-09-01", "school_phase", "PHASE-SCHOOL-15FEB", "2025-02-14"),
        ("junior", "secondary", 7, "2029-09-01", "school_phase", "PHASE-SCHOOL-15FEB", "2029-02-14"),
        ("secondary", "post16", 12, "2034-09-01", "secondary_to_post16", "PHASE-POST16-31MAR", "2034-03-30"),
    ]


def test_three_tier_areas_first_middle_and_upper_schools():
    assert [(m.to_stage, m.year_group) for m in moves("2018-03-15", "first", "2024-10-01")] == [
        ("middle", 5), ("secondary", 9), ("post16", 12),
    ]
    other = moves("2018-03-15", "first", "2024-10-01", last_years={"first": 3, "middle": 7})
    assert [(m.to_stage, m.year_group, m.transfer_date.year) for m in other] == [
        ("middle", 4, 2026), ("secondary", 8, 2030), ("post16", 12, 2034),
    ]


def test_the_by_reading_moves_the_deadlines_of_phase_moves():
    found = moves("2010-03-15", "secondary", "2025-10-01", inclusive=True)
    assert summary(found) == [
        ("secondary", "post16", 12, "2026-09-01", "secondary_to_post16", "PHASE-POST16-31MAR", "2026-03-31"),
    ]


def test_no_phase_move_ahead_in_a_sixth_form_or_post16():
    assert moves("2008-03-15", "secondary", "2024-10-01") == []  # Year 12 in a school sixth form
    assert moves("2008-03-15", "post16", "2024-10-01") == []


def test_the_move_at_the_start_of_an_academic_year_is_the_next_one():
    # On 1 September the child is already in the new year group: the next move is a year further on.
    assert moves("2014-09-01", "primary", "2026-08-31")[0].transfer_date == date(2026, 9, 1)
    assert moves("2015-09-01", "primary", "2026-09-01")[0].transfer_date == date(2027, 9, 1)


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        (("2014-09-01", "nursery", "2025-10-01"), {}, "setting_phase must be one of early_years"),
        (("2026-01-01", "early_years", "2025-10-01"), {}, "is after"),
        (("2014-09-01", "primary", "2025-10-01"), {"last_years": {"early_years": 0}}, "last_years can only"),
        (("2014-09-01", "secondary", "2025-10-01"), {"year_group": 14}, "year group 14"),
    ],
)
def test_bad_phase_move_questions_are_refused(args, options, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        moves(*args, **options)
