"""The EHC needs assessment clocks (SEND Regs 2014 regs 5, 8, 10, 13) against statutory-timescales.md.

The worked examples are read from the document itself (§4): each computed date the document states for an
assessment rule is checked against the engine, and each verdict below quotes the document's words, so a
change to the document that the engine does not follow fails here.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from wayfinder.statutory.assessment import CaseError, Status, evaluate, parse_case

from .worked import DOC_DATE, doc_date, quoted, worked_examples

#: Which engine step reports each rule id the document gives a date for.
RULE_STEP = {
    "ASSESS-DECISION": "decision_whether_to_assess",
    "ASSESS-ADVICE-6W": "advice_health",
    "ASSESS-NO-PLAN-16W": "decision_not_to_issue",
    "PLAN-FINAL-20W": "final_plan",
    "PLAN-DRAFT-LATEST": "draft_plan_latest",
    "PLAN-REPS-15D": "draft_comments_window",
}
WORKED_EXAMPLES = {1, 2, 3, 4, 5, 21}


def run(events: list[dict], as_of: str = "2026-12-01"):
    case, on = parse_case({"process": "ehc_needs_assessment", "as_of": as_of, "events": events})
    return evaluate(case, on)


def to_final(request: str, final: str, *, draft: str | None = None, extra: list[dict] = ()) -> list[dict]:
    """A complete history from request to final plan; the draft is served 16 days before the final."""
    r, f = date.fromisoformat(request), date.fromisoformat(final)
    draft = draft or (f.fromordinal(f.toordinal() - 16)).isoformat()
    return [
        {"event": "request_received", "date": request},
        {"event": "decision_to_assess", "date": r.fromordinal(r.toordinal() + 30).isoformat(), "outcome": "assess"},
        *extra,
        {"event": "decision_to_issue", "date": r.fromordinal(r.toordinal() + 90).isoformat(), "outcome": "issue"},
        {"event": "draft_plan_served", "date": draft},
        {"event": "final_plan_issued", "date": final},
    ]


# ------------------------------------------------------------------------------------------- the document


ASSESSMENT_EXAMPLES = {
    1: [{"event": "request_received", "date": "2024-09-02"}],
    2: [{"event": "request_received", "date": "2025-06-02"}],
    3: [{"event": "request_received", "date": "2025-06-02"}],
    4: [{"event": "request_received", "date": "2024-06-03"},
        {"event": "decision_to_assess", "date": "2024-07-01", "outcome": "assess"},
        {"event": "decision_to_issue", "date": "2024-09-16", "outcome": "issue"},
        {"event": "draft_plan_served", "date": "2024-10-01"}],
    5: [{"event": "request_received", "date": "2024-09-02"},
        {"event": "decision_to_assess", "date": "2024-10-08", "outcome": "assess"},
        {"event": "advice_requested", "date": "2024-10-09", "from": "health"}],
    21: [{"event": "request_received", "date": "2024-10-05"}],
}


@pytest.mark.parametrize("example", sorted(ASSESSMENT_EXAMPLES))
def test_computed_dates_in_the_worked_example_are_the_engines_due_dates(example):
    computed = worked_examples()[example][1].replace("**", "")
    stated = re.findall(rf"`([A-Z0-9-]+)`(?: last day)? ({DOC_DATE})", computed)
    report = run(ASSESSMENT_EXAMPLES[example], as_of="2026-01-01")
    assert stated or example == 3
    for rule, when in stated:
        assert report[RULE_STEP[rule]].due == doc_date(when), f"example {example}: {rule}"
        assert report[RULE_STEP[rule]].rule == rule


def test_example_1_decision_a_day_after_six_weeks_is_late_by_one():
    quoted(1, "decision sent Tue 15 Oct 2024 → late by 1")
    report = run([{"event": "request_received", "date": "2024-09-02"},
                  {"event": "decision_to_assess", "date": "2024-10-15", "outcome": "assess"}])
    decision = report["decision_whether_to_assess"]
    assert (decision.status, decision.days_late) == (Status.LATE, 1)


def test_example_1_final_plan_on_17_january_is_met_and_on_21_january_is_late_by_one():
    quoted(1, "Final plan Fri 17 Jan 2025 → met; Tue 21 Jan 2025 → late by 1")
    on_time = run(to_final("2024-09-02", "2025-01-17"))
    assert on_time["final_plan"].status is Status.MET
    assert on_time.within_20_weeks is True
    late = run(to_final("2024-09-02", "2025-01-21"))
    assert (late["final_plan"].status, late["final_plan"].days_late) == (Status.LATE, 1)
    assert late.within_20_weeks is False and late.week20_exception is False


SUMMER_CLOSURE = [{"start": "2025-07-23", "end": "2025-09-02"}]


def test_example_2_advice_asked_of_the_head_inside_the_summer_window_disapplies_the_limit():
    quoted(2, "Final plan Mon 3 Nov 2025 → `limit_disapplied:reg10(4)(a)`")
    advice = [{"event": "advice_requested", "date": "2025-07-18", "from": "education",
               "institution_closures": SUMMER_CLOSURE}]
    report = run(to_final("2025-06-02", "2025-11-03", extra=advice))
    final = report["final_plan"]
    assert final.due == date(2025, 10, 20)  # unchanged: an exception never moves a due date (§3.1)
    assert (final.status, final.exception) == (Status.EXCUSED, "reg10(4)(a)")
    # DfE measures (§3.3): not within 20 weeks including exceptions; dropped from the excluding measure.
    assert report.within_20_weeks is False and report.week20_exception is True


def test_example_3_advice_asked_before_the_window_opens_gives_no_exception():
    quoted(3, "not in the window: no closure exception. Final plan 3 Nov 2025 → late by 14")
    advice = [{"event": "advice_requested", "date": "2025-07-14", "from": "education",
               "institution_closures": SUMMER_CLOSURE}]
    final = run(to_final("2025-06-02", "2025-11-03", extra=advice))["final_plan"]
    assert (final.status, final.exception, final.days_late) == (Status.LATE, None, 14)


def test_example_4_final_plan_inside_the_fifteen_day_window_is_premature():
    quoted(4, "final issued Tue 15 Oct 2024 → premature (breach of reg 13(1)(a))")
    history = ASSESSMENT_EXAMPLES[4]
    early = run([*history, {"event": "final_plan_issued", "date": "2024-10-15"}])["draft_comments_window"]
    assert (early.status, early.flags) == (Status.LATE, ("premature_final",))
    quoted(4, "earliest finalisation Wed 16 Oct 2024")
    on_time = run([*history, {"event": "final_plan_issued", "date": "2024-10-16"}])["draft_comments_window"]
    assert (on_time.status, on_time.flags) == (Status.MET, ())


def test_example_5_missed_appointment_inside_the_six_weeks_disapplies_the_advice_limit():
    quoted(5, "appointment inside the 6 weeks → `reg8(2)(c)` recordable")
    received = {"event": "advice_received", "date": "2024-11-22", "from": "health"}
    missed = {"event": "exception", "kind": "missed_appointment", "start": "2024-10-31", "from": "health"}
    with_exception = run([*ASSESSMENT_EXAMPLES[5], received, missed])["advice_health"]
    assert (with_exception.status, with_exception.exception) == (Status.EXCUSED, "reg8(2)(c)")
    quoted(5, "Without it, advice on Fri 22 Nov 2024 → late by 2")
    without = run([*ASSESSMENT_EXAMPLES[5], received])["advice_health"]
    assert (without.status, without.days_late, without.exception) == (Status.LATE, 2, None)


def test_example_21_a_due_date_on_a_saturday_stands():
    quoted(21, "`ASSESS-DECISION` Sat 16 Nov 2024 (stands)")
    due = run(ASSESSMENT_EXAMPLES[21], as_of="2024-11-18")["decision_whether_to_assess"]
    assert due.due == date(2024, 11, 16)
    assert due.status is Status.OVERDUE  # no roll-forward to Monday under the SEND Regs (§1.2)


# ------------------------------------------------------------------------------------------- rules


def test_an_open_decision_at_week_five_is_at_risk_and_after_week_six_is_overdue():
    request = [{"event": "request_received", "date": "2025-01-06"}]
    assert run(request, as_of="2025-02-09").at_risk == ()
    week5 = run(request, as_of="2025-02-10")
    assert [r.step for r in week5.at_risk] == ["decision_whether_to_assess"]
    assert week5["decision_whether_to_assess"].status is Status.OPEN
    assert run(request, as_of="2025-02-18")["decision_whether_to_assess"].status is Status.OVERDUE


def test_advice_still_open_inside_six_weeks_of_the_twenty_week_date_is_at_risk():
    history = [{"event": "request_received", "date": "2025-01-06"},
               {"event": "decision_to_assess", "date": "2025-02-10", "outcome": "assess"},
               {"event": "advice_requested", "date": "2025-04-28", "from": "social_care"}]
    # 20-week date Mon 26 May 2025; six weeks before is Mon 14 Apr 2025.
    risks = run(history, as_of="2025-04-28").at_risk
    assert ("advice_social_care", "Advice still awaited with less than 6 weeks to the 20-week date") in [
        (r.step, r.reason) for r in risks
    ]


def test_a_refusal_to_assess_makes_the_later_steps_not_applicable():
    report = run([{"event": "request_received", "date": "2025-01-06"},
                  {"event": "decision_to_assess", "date": "2025-02-03", "outcome": "not_assess"}])
    assert report["decision_whether_to_assess"].status is Status.MET
    assert {report[s].status for s in ("decision_not_to_issue", "draft_plan_latest", "final_plan")} == {
        Status.NOT_APPLICABLE
    }
    assert report.next_deadline is None and report.at_risk == ()


def test_a_decision_not_to_issue_after_sixteen_weeks_is_late_and_no_plan_is_owed():
    report = run([{"event": "request_received", "date": "2025-01-06"},
                  {"event": "decision_to_assess", "date": "2025-02-03", "outcome": "assess"},
                  {"event": "decision_to_issue", "date": "2025-04-29", "outcome": "not_issue"}])
    assert (report["decision_not_to_issue"].status, report["decision_not_to_issue"].days_late) == (Status.LATE, 1)
    assert report["final_plan"].status is Status.NOT_APPLICABLE


def test_absence_of_four_weeks_excuses_the_twenty_week_limit_but_three_weeks_does_not():
    def final(end: str):
        absence = {"event": "exception", "kind": "absence_from_area", "start": "2025-03-01", "end": end}
        return run(to_final("2025-01-06", "2025-06-09", extra=[absence]))["final_plan"]

    assert (final("2025-03-28").status, final("2025-03-28").exception) == (Status.EXCUSED, "reg10(4)(d)")
    assert (final("2025-03-27").status, final("2025-03-27").exception) == (Status.LATE, None)


def test_an_advice_exception_affects_only_that_bodys_clock():
    history = [{"event": "request_received", "date": "2025-01-06"},
               {"event": "decision_to_assess", "date": "2025-02-03", "outcome": "assess"},
               {"event": "advice_requested", "date": "2025-02-04", "from": "health"},
               {"event": "advice_requested", "date": "2025-02-04", "from": "psychology"},
               {"event": "exception", "kind": "personal_circumstances", "start": "2025-02-10", "end": "2025-02-20",
                "from": "health", "note": "Parent in hospital"}]
    report = run(history, as_of="2025-03-31")
    assert (report["advice_health"].status, report["advice_health"].exception) == (Status.EXCUSED, "reg8(2)(a)")
    assert report["advice_psychology"].status is Status.OVERDUE
    assert report["final_plan"].exception is None


def test_early_years_closure_counts_for_the_twenty_weeks_but_not_for_the_six_week_decision():
    advice = {"event": "advice_requested", "date": "2025-01-20", "from": "education", "institution": "early_years",
              "institution_closures": [{"start": "2025-01-27", "end": "2025-03-02"}]}
    report = run([{"event": "request_received", "date": "2025-01-06"}, advice], as_of="2025-03-01")
    assert report["decision_whether_to_assess"].exception is None  # reg 5(4)(a) names schools and post-16 only
    assert report["final_plan"].exception == "reg10(4)(b)"


def test_withdrawal_ends_the_clocks_still_running():
    report = run([{"event": "request_received", "date": "2025-01-06"},
                  {"event": "decision_to_assess", "date": "2025-02-03", "outcome": "assess"},
                  {"event": "withdrawn", "date": "2025-03-03"}])
    assert report["final_plan"].status is Status.NOT_APPLICABLE
    assert report.next_deadline is None and report.at_risk == ()


def test_consultation_response_after_fifteen_days_is_reported_late():
    history = [*to_final("2025-01-06", "2025-05-20")[:4],
               {"event": "consultation_sent", "date": "2025-05-01", "setting": "100001"},
               {"event": "consultation_response", "date": "2025-05-19", "setting": "100001"}]
    step = run(history, as_of="2025-05-19")["consultation_100001"]
    assert (step.rule, step.due, step.status) == ("PLAN-CONSULT-15D", date(2025, 5, 16), Status.LATE)


def test_the_nearest_open_deadline_orders_a_caseload():
    report = run([{"event": "request_received", "date": "2025-01-06"},
                  {"event": "decision_to_assess", "date": "2025-02-03", "outcome": "assess"},
                  {"event": "advice_requested", "date": "2025-02-04", "from": "health"}], as_of="2025-02-10")
    assert (report.next_deadline.step, report.next_deadline.due) == ("advice_health", date(2025, 3, 18))


# ------------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([{"event": "decision_to_assess", "date": "2025-01-01", "outcome": "assess"}], "must include request_received"),
        ([{"event": "request_received", "date": "2025-01-06"},
          {"event": "decision_to_assess", "date": "2025-01-03", "outcome": "assess"}], "before the request"),
        ([{"event": "request_received", "date": "2025-01-06"}, {"event": "meeting", "date": "2025-01-07"}],
         'unknown event "meeting"'),
        ([{"event": "request_received", "date": "2025-02-30"}], "real date"),
        ([{"event": "request_received", "date": "06/01/2025"}], "YYYY-MM-DD"),
        ([{"event": "request_received", "date": "2027-01-06"}], "cannot have happened yet"),
        ([{"event": "request_received", "date": "2025-01-06"}, {"event": "request_received", "date": "2025-01-07"}],
         "more than once"),
        ([{"event": "request_received", "date": "2025-01-06"},
          {"event": "decision_to_assess", "date": "2025-01-07", "outcome": "maybe"}], "must be one of assess"),
        ([{"event": "request_received", "date": "2025-01-06"},
          {"event": "advice_received", "date": "2025-02-07", "from": "health"}], "no advice request"),
        ([{"event": "request_received", "date": "2025-01-06"}, {"event": "final_plan_issued", "date": "2025-05-01"}],
         "needs a draft"),
        ([{"event": "request_received", "date": "2025-01-06"},
          {"event": "exception", "kind": "missed_appointment", "start": "2025-02-01"}], "needs from"),
        ([{"event": "request_received", "date": "2025-01-06", "by": "someone"}], "does not take: by"),
        ([{"event": "request_received", "date": "2025-01-06"},
          {"event": "advice_requested", "date": "2025-01-07", "from": "health",
           "institution_closures": [{"start": "2025-02-01", "end": "2025-03-01"}]}], "apply only to advice"),
        ([{"event": "request_received", "date": "2025-01-06"}, {"event": "withdrawn", "date": "2025-01-10"},
          {"event": "decision_to_assess", "date": "2025-01-11", "outcome": "assess"}], "after the case was withdrawn"),
    ],
)
def test_impossible_cases_are_refused_with_a_clear_message(events, message):
    with pytest.raises(CaseError, match=re.escape(message)):
        run(events, as_of="2026-01-01")


def test_a_case_that_is_not_an_assessment_is_refused():
    with pytest.raises(CaseError, match="process must be"):
        parse_case({"process": "annual_review", "as_of": "2025-01-01", "events": []})
