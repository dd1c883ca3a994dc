"""The clocks of transferring a plan between local authorities (SEND Regs 2014 reg 15).

Worked examples 15 and 16 are read from statutory-timescales.md §4: each computed date the document states
for a transfer rule is checked against the engine, and each verdict below quotes the document's words.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from wayfinder.statutory.calendar import WorkingDayCalendar
from wayfinder.statutory.transfer import CaseError, PlanTransferCase, Status, evaluate, parse_case, send_due

from .worked import DOC_DATE, doc_date, quoted, worked_examples

#: The worked examples of §4 that this module checks.
WORKED_EXAMPLES = {15, 16}

#: Which step reports each rule id.
RULE_STEP = {"XFER-SEND": "send_plan", "XFER-INFORM-6W": "inform_family", "XFER-REVIEW": "new_authority_review"}


def ev(name: str, when: str) -> dict:
    return {"event": name, "date": when}


def run(events: list[dict], as_of: str = "2026-01-01", **options):
    case, on = parse_case({"process": "plan_transfer", "as_of": as_of, "events": events})
    return evaluate(case, on, **options)


#: Example 15: move Mon 6 Jan 2025; old LA told Fri 1 Nov 2024; plan last reviewed Wed 10 Jul 2024.
EXAMPLE_15 = [ev("move", "2025-01-06"), ev("old_la_aware", "2024-11-01"), ev("last_reviewed", "2024-07-10")]
#: Example 16: the same move, but the old LA only became aware Mon 16 Dec 2024.
EXAMPLE_16 = [ev("move", "2025-01-06"), ev("old_la_aware", "2024-12-16"), ev("last_reviewed", "2024-07-10")]
#: The histories each worked example's computed dates are checked on: example 15's plan is transferred on the
#: day of the move (its XFER-INFORM-6W date runs from 6 Jan 2025), example 16's not yet.
WORKED_CASES = {15: [*EXAMPLE_15, ev("plan_transferred", "2025-01-06")], 16: EXAMPLE_16}


# ------------------------------------------------------------------------------------------- the document


def stated_dates(example: int) -> list[tuple[str, date]]:
    """``(rule id, date)`` from the Computed dates cell: the date after the clause's last arrow, else its first."""
    computed = worked_examples()[example][1].replace("**", "")
    found = []
    for rule, clause in re.findall(r"`([A-Z0-9-]+)`([^`;]*)", computed):
        dates = re.findall(DOC_DATE, clause.rsplit("→", 1)[-1])
        if dates:
            found.append((rule, doc_date(dates[0])))
    return found


def test_the_worked_examples_checked_here_are_transfers_between_authorities():
    assert set(WORKED_CASES) == WORKED_EXAMPLES
    assert [rule for rule, _ in stated_dates(15)] == ["XFER-SEND", "XFER-INFORM-6W", "XFER-REVIEW"]
    assert [rule for rule, _ in stated_dates(16)] == ["XFER-SEND"]


@pytest.mark.parametrize("example", sorted(WORKED_EXAMPLES))
def test_computed_dates_in_the_worked_example_are_the_engines_due_dates(example):
    report = run(WORKED_CASES[example], as_of="2025-01-06")
    for rule, when in stated_dates(example):
        step = report[RULE_STEP[rule]]
        assert (step.rule, step.due) == (rule, when), f"example {example}: {rule}"


def test_example_15_old_authority_aware_in_time_transfers_on_the_day_of_the_move():
    quoted(15, "`XFER-SEND` Mon 6 Jan 2025")
    report = run(WORKED_CASES[15], as_of="2025-01-06")
    assert (report["send_plan"].status, report.facts["send_limb"]) == (Status.MET, "reg15(2)(a)")


def test_example_15_the_review_is_due_at_the_later_of_the_two_periods():
    quoted(15, "later of Wed 9 Jul 2025 (12 months) and Sat 5 Apr 2025 (3 months) → Wed 9 Jul 2025")
    report = run(WORKED_CASES[15], as_of="2025-01-06")
    assert report.facts["review_period_ends"] == {"reg15(5)(a)": "2025-07-09", "reg15(5)(b)": "2025-04-05"}
    assert report.facts["review_limb"] == "reg15(5)(a)"
    assert report["new_authority_review"].due == date(2025, 7, 9)


def test_example_16_old_authority_aware_late_has_fifteen_working_days():
    quoted(16, "old LA only became aware Mon 16 Dec 2024 (12 working days before the move)")
    report = run(EXAMPLE_16, as_of="2025-01-06")
    assert report.facts["working_days_aware_before_move"] == 12
    quoted(16, "15 working days beginning Mon 16 Dec 2024 (25–26 Dec and 1 Jan excluded) → Wed 8 Jan 2025")
    assert (report["send_plan"].due, report.facts["send_limb"]) == (date(2025, 1, 8), "reg15(2)(b)")
    assert report["send_plan"].status is Status.OPEN
    assert report.get("inform_family") is None  # the new authority's clocks wait for the actual transfer


def test_example_16_transfer_on_10_january_is_late_by_two_and_the_new_clocks_run_from_it():
    quoted(16, "transfer Fri 10 Jan 2025 → late by 2")
    report = run([*EXAMPLE_16, ev("plan_transferred", "2025-01-10")], as_of="2025-01-10")
    send = report["send_plan"]
    assert (send.status, send.days_late) == (Status.LATE, 2)
    quoted(16, "`XFER-INFORM-6W` runs from the actual transfer date")
    assert report["inform_family"].due == date(2025, 2, 21)  # Fri 10 Jan 2025 + 6 weeks


# ------------------------------------------------------------------------------------------- rules


def test_aware_exactly_fifteen_working_days_before_the_move_is_the_day_of_the_move():
    # Mon 16 Dec 2024 to Wed 8 Jan 2025 are 15 working days: aware at least 15 working days before Thu 9 Jan.
    assert send_due(date(2025, 1, 9), date(2024, 12, 16)) == ("reg15(2)(a)", date(2025, 1, 9))
    # Aware one working day later: only 14 before the move, so the 15th working day from awareness.
    assert send_due(date(2025, 1, 9), date(2024, 12, 17)) == ("reg15(2)(b)", date(2025, 1, 9))
    assert send_due(date(2025, 1, 8), date(2024, 12, 17)) == ("reg15(2)(b)", date(2025, 1, 9))


def test_awareness_on_a_weekend_counts_from_the_next_working_day():
    # Sat 14 Dec 2024: day 1 is Mon 16 Dec 2024, as in example 16.
    assert send_due(date(2025, 1, 6), date(2024, 12, 14)) == ("reg15(2)(b)", date(2025, 1, 8))


def test_awareness_after_the_move_counts_from_the_day_of_awareness():
    report = run([ev("move", "2025-03-03"), ev("old_la_aware", "2025-03-10"), ev("last_reviewed", "2024-11-20")],
                 as_of="2025-03-10")
    assert (report["send_plan"].due, report.facts["send_limb"]) == (date(2025, 3, 28), "reg15(2)(b)")
    assert report.facts["working_days_aware_before_move"] == 0


def test_configured_bank_holidays_change_the_working_days():
    cal = WorkingDayCalendar(extra_holidays=[date(2025, 1, 7)])
    assert run(EXAMPLE_16, as_of="2025-01-06", calendar=cal)["send_plan"].due == date(2025, 1, 9)


def test_the_three_month_period_wins_when_the_plan_was_reviewed_recently():
    report = run([ev("move", "2025-01-06"), ev("old_la_aware", "2024-11-01"), ev("last_reviewed", "2024-12-02"),
                  ev("plan_transferred", "2025-01-06")], as_of="2025-01-06")
    # 12 months beginning 2 Dec 2024 end Mon 1 Dec 2025; 3 months beginning 6 Jan 2025 end Sat 5 Apr 2025.
    assert report["new_authority_review"].due == date(2025, 12, 1)
    late = run([ev("move", "2025-01-06"), ev("old_la_aware", "2024-11-01"), ev("last_reviewed", "2024-03-01"),
                ev("plan_transferred", "2025-01-06")], as_of="2025-01-06")
    assert (late["new_authority_review"].due, late.facts["review_limb"]) == (date(2025, 4, 5), "reg15(5)(b)")


def test_acts_of_the_new_authority_meet_their_clocks():
    report = run([*WORKED_CASES[15], ev("new_la_informed_family", "2025-02-17"),
                  {**ev("review_decision_sent", "2025-07-10"), "outcome": "amend"}], as_of="2025-08-01")
    assert report["inform_family"].status is Status.MET
    assert (report["new_authority_review"].status, report["new_authority_review"].days_late) == (Status.LATE, 1)
    assert report.next_deadline is None
    assert report.facts["review_outcome"] == "amend"


def test_a_planned_move_after_as_of_gives_the_old_authority_its_deadline():
    report = run(EXAMPLE_15, as_of="2024-12-01")
    assert (report["send_plan"].due, report["send_plan"].status) == (date(2025, 1, 6), Status.OPEN)
    assert report.at_risk == ()
    risks = run(EXAMPLE_15, as_of="2024-12-30").at_risk
    assert [(r.step, r.due) for r in risks] == [("send_plan", date(2025, 1, 6))]
    assert run(EXAMPLE_15, as_of="2025-01-07")["send_plan"].status is Status.OVERDUE


def test_a_transfer_before_the_move_is_flagged():
    report = run([*EXAMPLE_15, ev("plan_transferred", "2024-12-20")], as_of="2025-01-10")
    assert (report["send_plan"].status, report["send_plan"].flags) == (Status.MET, ("transferred_before_move",))


def test_the_new_authoritys_clocks_are_at_risk_near_their_due_dates():
    transferred = WORKED_CASES[15]
    assert run(transferred, as_of="2025-02-02").at_risk == ()
    assert [r.step for r in run(transferred, as_of="2025-02-03").at_risk] == ["inform_family"]
    # Review due Wed 9 Jul 2025: at risk from Wed 14 May 2025 (8 weeks before).
    assert [r.step for r in run([*transferred, ev("new_la_informed_family", "2025-02-01")],
                                as_of="2025-05-14").at_risk] == ["new_authority_review"]


def test_a_case_built_by_the_casework_app():
    case = PlanTransferCase(move=date(2025, 1, 6), old_la_aware=date(2024, 12, 16), last_reviewed=date(2024, 7, 10),
                            plan_transferred=date(2025, 1, 8))
    report = evaluate(case, date(2025, 1, 8))
    assert report["send_plan"].status is Status.MET
    assert report.as_dict()["process"] == "plan_transfer"


# ------------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("events", "message"),
    [
        (EXAMPLE_15[1:], "events must include move"),
        ([EXAMPLE_15[0], EXAMPLE_15[2]], "events must include old_la_aware"),
        (EXAMPLE_15[:2], "events must include last_reviewed"),
        ([*EXAMPLE_15, ev("move", "2025-01-07")], "events[3]: move appears more than once"),
        ([*EXAMPLE_15, ev("old_la_aware", "2024-11-02")], "old_la_aware appears more than once"),
        ([*EXAMPLE_15, ev("plan_transferred", "2025-01-06"), ev("plan_transferred", "2025-01-07")],
         "events[4]: plan_transferred appears more than once"),
        ([*EXAMPLE_15, ev("plan_transferred", "2024-10-30")],
         "events[3] (plan_transferred) is dated 2024-10-30, before the old authority became aware of the move on "
         "2024-11-01 (events[1])"),
        ([EXAMPLE_15[0], EXAMPLE_15[1], ev("last_reviewed", "2025-01-08"), ev("plan_transferred", "2025-01-06")],
         "events[2] (last_reviewed) is dated 2025-01-08, after the plan was transferred on 2025-01-06"),
        ([*EXAMPLE_15, ev("new_la_informed_family", "2025-01-10")],
         "events[3] (new_la_informed_family) is an act of the new authority, but the plan has not been transferred"),
        ([*EXAMPLE_15, ev("plan_transferred", "2025-01-08"),
          {**ev("review_decision_sent", "2025-01-07"), "outcome": "maintain"}],
         "events[4] (review_decision_sent) is dated 2025-01-07, before the plan was transferred on 2025-01-08 "
         "(events[3])"),
        ([*EXAMPLE_15, ev("review_held", "2025-03-01")], 'events[3] has an unknown event "review_held"'),
        ([*WORKED_CASES[15], ev("review_decision_sent", "2025-03-01")],
         "events[4] (review_decision_sent) is missing outcome"),
        ([*WORKED_CASES[15], {**ev("review_decision_sent", "2025-03-01"), "outcome": "keep"}],
         'events[4].outcome must be one of maintain, amend, cease, not "keep"'),
        ([{"event": "move"}, *EXAMPLE_15[1:]], "events[0] (move) is missing date"),
        ([ev("move", "2025-02-29"), *EXAMPLE_15[1:]], "events[0].date must be a real date"),
        ([*EXAMPLE_15, ev("plan_transferred", "2026-02-01")], "cannot have happened yet"),
        ([*EXAMPLE_15, {"event": "plan_transferred", "date": "2025-01-06", "to": "Devon"}], "does not take: to"),
    ],
)
def test_impossible_cases_are_refused_with_a_clear_message(events, message):
    with pytest.raises(CaseError, match=re.escape(message)):
        run(events, as_of="2026-01-01")


def test_a_case_of_another_process_is_refused():
    with pytest.raises(CaseError, match="process must be"):
        parse_case({"process": "phase_transfer", "as_of": "2026-01-01", "events": EXAMPLE_15})
