"""Review and amendment clocks (CAFA s44, SEND Regs 2014 regs 20-22, Devon) against statutory-timescales.md."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wayfinder.statutory.clock import CaseError, Status
from wayfinder.statutory.processes import evaluate_input
from wayfinder.statutory.review import review_due

from .test_clocks_command import clocks
from .worked import DOC_DATE, doc_date, quoted, worked_examples

WORKED_EXAMPLES = {6, 7, 8}

#: Which step reports each rule the document gives a date for.
RULE_STEP = {
    "REVIEW-FIRST-12M": "annual_review",
    "AMEND-FINAL-8W": "final_amended_plan",
}


def run(events: list[dict], as_of: str = "2026-12-01"):
    return evaluate_input({"process": "annual_review", "as_of": as_of, "events": events})


def meeting_5_march(proposals: str, final: str | None = None) -> list[dict]:
    events = [
        {"event": "plan_issued", "date": "2024-03-20"},
        {"event": "review_meeting_arranged", "date": "2025-01-20", "meeting_date": "2025-03-05"},
        {"event": "review_invitations_sent", "date": "2025-02-10"},
        {"event": "review_advice_circulated", "date": "2025-02-19"},
        {"event": "review_meeting_held", "date": "2025-03-05"},
        {"event": "review_report_sent", "date": "2025-03-12"},
        {"event": "review_decision_sent", "date": proposals, "outcome": "amend"},
        {"event": "amendment_proposals_sent", "date": proposals},
    ]
    if final:
        events.append({"event": "final_amended_plan_issued", "date": final})
    return events


# ------------------------------------------------------------------------------------------- worked examples


def test_example_6_dates_of_a_review_meeting_on_5_march_2025():
    quoted(6, "notice of meeting and advice circulated by Wed 19 Feb 2025; report Wed 19 Mar 2025; decision and "
              "proposals Wed 2 Apr 2025; representations end Mon 14 Apr 2025")
    report = run(meeting_5_march("2025-03-31"), as_of="2025-04-01")
    assert report["review_notice"].due == report["review_advice"].due == date(2025, 2, 19)
    assert report["review_report"].due == date(2025, 3, 19)
    assert report["review_decision"].due == report["amendment_proposals"].due == date(2025, 4, 2)
    assert report["amendment_representations"].due == date(2025, 4, 14)
    computed = worked_examples()[6][1].replace("**", "")
    assert re.search(rf"`AMEND-FINAL-8W` ({DOC_DATE})", computed)
    assert report["final_amended_plan"].due == doc_date(re.search(rf"`AMEND-FINAL-8W` ({DOC_DATE})", computed)[1])
    assert report.facts["amend_devon"]["due"] == doc_date(
        re.search(rf"`AMEND-DEVON` ({DOC_DATE})", computed)[1]).isoformat()


def test_example_6_the_spring_bank_holiday_due_date_stands_and_a_day_later_is_late_by_one_inside_devon():
    quoted(6, "Mon 26 May 2025 (Spring bank holiday: date stands)")
    quoted(6, "Final amended plan Tue 27 May 2025 → late by 1 under reg 22(3), inside Devon 12 weeks")
    report = run(meeting_5_march("2025-03-31", "2025-05-27"))
    final = report["final_amended_plan"]
    assert (final.due, final.status, final.days_late, final.rule) == (date(2025, 5, 26), Status.LATE, 1,
                                                                     "AMEND-FINAL-8W")
    assert report["amendment_proposals"].status is Status.MET
    assert report.facts["devon_12w_exceeded"] is False


def test_example_7_late_proposals_breach_the_four_weeks_and_devon_but_not_reg_22_3():
    quoted(7, "decision and proposals late by 9; final plan met under reg 22(3); `devon_12w_exceeded` = true (7 days)")
    report = run(meeting_5_march("2025-04-11", "2025-06-04"))
    assert report["review_decision"].due == date(2025, 4, 2)
    assert (report["review_decision"].status, report["review_decision"].days_late) == (Status.LATE, 9)
    assert (report["amendment_proposals"].status, report["amendment_proposals"].days_late) == (Status.LATE, 9)
    final = report["final_amended_plan"]
    assert (final.due, final.status) == (date(2025, 6, 6), Status.MET)
    assert report.facts["devon_12w_exceeded"] is True
    assert report.facts["amend_devon"] == {"rule": "AMEND-DEVON", "due": "2025-05-28", "days_over": 7}
    assert report.as_dict()["devon_12w_exceeded"] is True


def test_example_8_first_review_period_and_under_five_reminders():
    quoted(8, "review decision Tue 20 Jan 2026 → late by 1. The under-5 reminders are advisory only")
    computed = worked_examples()[8][1].replace("**", "")
    first_end = doc_date(re.search(rf"`REVIEW-FIRST-12M` ends ({DOC_DATE})", computed)[1])
    reminders = [doc_date(d) for d in re.findall(DOC_DATE, computed.split("`REVIEW-UNDER5`")[1])]
    events = [{"event": "plan_issued", "date": "2025-01-20", "date_of_birth": "2021-11-02"},
              {"event": "review_meeting_held", "date": "2026-01-06"},
              {"event": "review_decision_sent", "date": "2026-01-20", "outcome": "maintain"}]
    report = run(events)
    annual = report["annual_review"]
    assert (annual.rule, annual.due, annual.status, annual.days_late) == ("REVIEW-FIRST-12M", first_end,
                                                                          Status.LATE, 1)
    assert [date.fromisoformat(r["date"]) for r in report.facts["reminders"]] == reminders
    assert all(r["rule"] == "REVIEW-UNDER5" for r in report.facts["reminders"])
    # Advisory: nothing in the deadlines is late because no review was held at 3 or 6 months.
    assert all(d.rule != "REVIEW-UNDER5" for d in report.deadlines)


def test_a_child_of_five_or_more_has_no_under_five_reminders():
    report = run([{"event": "plan_issued", "date": "2025-01-20", "date_of_birth": "2020-01-20"}])
    assert "reminders" not in report.facts


# ------------------------------------------------------------------------------------------- the periods


def test_next_review_runs_twelve_months_from_the_previous_decision():
    report = run([{"event": "review_decision_sent", "date": "2025-06-30", "outcome": "maintain"}],
                 as_of="2025-07-01")
    annual = report["annual_review"]
    assert (annual.rule, annual.due, annual.status) == ("REVIEW-NEXT-12M", date(2026, 6, 29), Status.OPEN)
    assert report["review_meeting"].due == date(2026, 6, 1)
    assert report.next_deadline.step == "review_meeting"


def test_a_review_not_held_in_twelve_months_is_overdue_and_at_risk_before():
    events = [{"event": "plan_issued", "date": "2025-01-20"}]
    assert run(events, as_of="2026-01-20")["annual_review"].status is Status.OVERDUE
    risky = run(events, as_of="2025-12-01")
    assert [r.reason for r in risky.at_risk] == [
        "No review meeting arranged with less than 8 weeks to the review date"]
    assert run(events, as_of="2025-11-01").at_risk == ()


def test_a_meeting_arranged_shows_notice_and_advice_due_two_weeks_before():
    events = [{"event": "plan_issued", "date": "2025-01-20"},
              {"event": "review_meeting_arranged", "date": "2025-10-01", "meeting_date": "2025-11-12"}]
    report = run(events, as_of="2025-10-25")
    assert report["review_notice"].due == date(2025, 10, 29)
    assert report["review_notice"].status is Status.OPEN
    assert {r.step for r in report.at_risk} == {"review_notice", "review_advice"}
    late = run(events, as_of="2025-11-05")
    assert late["review_notice"].status is Status.OVERDUE


def test_invitations_sent_thirteen_days_before_the_meeting_are_late():
    events = [{"event": "plan_issued", "date": "2025-01-20"},
              {"event": "review_invitations_sent", "date": "2025-10-30"},
              {"event": "review_meeting_held", "date": "2025-11-12"}]
    report = run(events, as_of="2025-11-13")
    assert (report["review_notice"].status, report["review_notice"].days_late) == (Status.LATE, 1)
    # Advice never circulated before the meeting: the meeting was held without it.
    assert report["review_advice"].status is Status.LATE


def test_an_amended_plan_inside_the_fifteen_days_is_premature():
    report = run(meeting_5_march("2025-03-31", "2025-04-14"))
    window = report["amendment_representations"]
    assert (window.status, window.flags) == (Status.LATE, ("premature_final",))
    assert run(meeting_5_march("2025-03-31", "2025-04-15"))["amendment_representations"].status is Status.MET


def test_a_decision_not_to_amend_meets_the_eight_weeks_under_reg_22_4():
    events = [*meeting_5_march("2025-03-31"), {"event": "decision_not_to_amend", "date": "2025-05-01"}]
    final = run(events)["final_amended_plan"]
    assert (final.rule, final.status) == ("AMEND-NOT-8W", Status.MET)


def test_the_plan_ending_stops_clocks_not_yet_due():
    events = [{"event": "plan_issued", "date": "2025-01-20"}, {"event": "plan_ended", "date": "2025-06-01"}]
    report = run(events)
    assert report["annual_review"].status is Status.NOT_APPLICABLE
    assert report.at_risk == () and report.next_deadline is None


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_the_review_period_is_twelve_months_starting_with_the_anchor(anchor):
    due = review_due(anchor)
    assert 364 <= (due - anchor).days <= 365
    assert due < anchor.replace(year=anchor.year + 1) if not (anchor.month == 2 and anchor.day == 29) else True


# ------------------------------------------------------------------------------------------- bad input

BAD = [
    ([{"event": "plan_issued", "date": "2025-01-20"}, {"event": "review_meeting_held", "date": "2025-01-10"}],
     "events[1] (review_meeting_held) is dated 2025-01-10, before the date the review's 12 months run from"),
    ([{"event": "plan_issued", "date": "2025-01-20"}, {"event": "review_meeting_held", "date": "2025-10-10"},
      {"event": "review_decision_sent", "date": "2025-10-20"}],
     "events[2] (review_decision_sent) is missing outcome"),
    ([{"event": "plan_issued", "date": "2025-01-20"}, {"event": "review_meeting_held", "date": "2025-10-10"},
      {"event": "review_decision_sent", "date": "2025-10-20", "outcome": "keep"}],
     "events[2].outcome must be one of maintain, amend, cease"),
    ([{"event": "plan_issued", "date": "2025-01-20"},
      {"event": "review_decision_sent", "date": "2025-10-20", "outcome": "maintain"}],
     "a review decision follows the review meeting"),
    ([{"event": "plan_issued", "date": "2025-01-20"}, {"event": "review_meeting_held", "date": "2025-10-10"},
      {"event": "review_decision_sent", "date": "2025-10-20", "outcome": "maintain"},
      {"event": "amendment_proposals_sent", "date": "2025-10-20"}],
     "the review decided to maintain the plan, so there are no proposed amendments"),
    ([{"event": "plan_issued", "date": "2025-01-20"}, {"event": "review_meeting_held", "date": "2025-10-10"},
      {"event": "final_amended_plan_issued", "date": "2025-11-20"}],
     "needs the proposed amendments sent before it (reg 22(2))"),
    ([{"event": "review_meeting_held", "date": "2025-10-10"}],
     "events must include plan_issued or the previous review_decision_sent"),
    ([{"event": "plan_issued", "date": "2025-01-20"}, {"event": "plan_issued", "date": "2025-02-20"}],
     "plan_issued appears more than once"),
    ([{"event": "plan_issued", "date": "2025-01-20"},
      {"event": "review_meeting_arranged", "date": "2025-03-01", "meeting_date": "2025-02-01"}],
     "a meeting arranged on 2025-03-01 cannot be for an earlier date"),
    ([{"event": "plan_issued", "date": "2027-01-20"}], "after as_of 2026-12-01"),
]


@pytest.mark.parametrize(("events", "message"), BAD)
def test_bad_input_is_refused_with_a_message_naming_it(events, message):
    with pytest.raises(CaseError, match=re.escape(message)):
        run(events)


def test_the_clocks_command_reads_an_annual_review(tmp_path, capsys, monkeypatch):
    path = tmp_path / "review.json"
    path.write_text(json.dumps({"process": "annual_review", "as_of": "2025-06-10",
                                "events": meeting_5_march("2025-04-11", "2025-06-04")}))
    code, stdout, stderr = clocks(capsys, monkeypatch, str(path))
    assert code == 0, stderr
    out = json.loads(stdout)
    assert out["process"] == "annual_review" and out["devon_12w_exceeded"] is True
    steps = {d["step"]: d for d in out["deadlines"]}
    assert steps["review_decision"] == {"step": "review_decision", "due": "2025-04-02", "done": "2025-04-11",
                                        "status": "late", "rule": "REVIEW-DECISION-4W", "exception": None}
