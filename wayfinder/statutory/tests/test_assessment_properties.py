"""Properties of the assessment clocks over generated event histories (statutory-timescales.md §1.2, §3.1)."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from wayfinder.statutory.assessment import ADVICE_SOURCES, Status, evaluate, parse_case, report_as_json

from .worked import TIMESCALES

PROPERTY = settings(max_examples=200, deadline=None)


def iso(d: date) -> str:
    return d.isoformat()


@st.composite
def histories(draw):
    """A valid case: a request, and as far along the process as the draw goes, in a shuffled order."""
    request = draw(st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)))
    gap = st.integers(min_value=0, max_value=70).map(lambda n: timedelta(days=n))
    events = [{"event": "request_received", "date": iso(request)}]
    last = request
    stage = draw(st.integers(min_value=0, max_value=5))
    if stage >= 1:
        last = request + draw(gap)
        outcome = "assess" if stage >= 2 or draw(st.booleans()) else "not_assess"
        events.append({"event": "decision_to_assess", "date": iso(last), "outcome": outcome})
        if outcome == "assess":
            for source in draw(st.lists(st.sampled_from(ADVICE_SOURCES), unique=True, max_size=4)):
                asked = last + draw(gap)
                events.append({"event": "advice_requested", "date": iso(asked), "from": source})
                if draw(st.booleans()):
                    events.append({"event": "advice_received", "date": iso(asked + draw(gap)), "from": source})
            if stage >= 3:
                last += draw(gap)
                issue = "issue" if stage >= 4 or draw(st.booleans()) else "not_issue"
                events.append({"event": "decision_to_issue", "date": iso(last), "outcome": issue})
                if issue == "issue" and stage >= 4:
                    last += draw(gap)
                    events.append({"event": "draft_plan_served", "date": iso(last)})
                    if stage >= 5:
                        last += draw(gap)
                        events.append({"event": "final_plan_issued", "date": iso(last)})
    latest = max(date.fromisoformat(e["date"]) for e in events)
    as_of = latest + draw(gap) + draw(gap)
    events = draw(st.permutations(events))
    return {"process": "ehc_needs_assessment", "as_of": iso(as_of), "events": list(events)}


@st.composite
def exceptions(draw, within: date):
    kind = draw(st.sampled_from(["personal_circumstances", "absence_from_area", "missed_appointment"]))
    start = within + timedelta(days=draw(st.integers(min_value=-30, max_value=150)))
    event = {"event": "exception", "kind": kind, "start": iso(start),
             "end": iso(start + timedelta(days=draw(st.integers(min_value=0, max_value=60))))}
    if kind == "missed_appointment" or draw(st.booleans()):
        event["from"] = draw(st.sampled_from(ADVICE_SOURCES))
    return event


def output(case: dict) -> dict:
    parsed, as_of = parse_case(case)
    return evaluate(parsed, as_of).as_dict()


@PROPERTY
@given(histories(), st.randoms())
def test_the_order_events_are_listed_in_does_not_change_the_clocks(case, rnd):
    shuffled = dict(case, events=rnd.sample(case["events"], len(case["events"])))
    assert output(shuffled) == output(case)


@PROPERTY
@given(st.data())
def test_recording_an_exception_never_moves_a_due_date_and_only_excuses_a_missed_limit(data):
    case = data.draw(histories())
    request = date.fromisoformat(next(e["date"] for e in case["events"] if e["event"] == "request_received"))
    exception = data.draw(exceptions(request))
    if exception["start"] > case["as_of"]:
        return
    before = output(case)["deadlines"]
    after = output(dict(case, events=[*case["events"], exception]))["deadlines"]
    assert [(d["step"], d["due"], d["done"]) for d in before] == [(d["step"], d["due"], d["done"]) for d in after]
    for was, now in zip(before, after, strict=True):
        if was["status"] != now["status"]:
            assert (was["status"], now["status"]) in {("late", "excused"), ("overdue", "excused")}


@PROPERTY
@given(histories())
def test_an_act_on_or_before_its_due_date_is_met_and_after_it_is_late_or_excused(case):
    for d in output(case)["deadlines"]:
        if d["done"] is None or d["rule"] == "PLAN-REPS-15D":
            continue
        assert (d["status"] == "met") == (d["done"] <= d["due"])
        if d["done"] > d["due"]:
            assert d["status"] in {"late", "excused"}


@PROPERTY
@given(histories(), st.integers(min_value=1, max_value=400))
def test_a_settled_step_stays_settled_as_time_passes(case, days):
    later = dict(case, as_of=iso(date.fromisoformat(case["as_of"]) + timedelta(days=days)))
    settled = {Status.MET, Status.LATE, Status.NOT_APPLICABLE}
    for was, now in zip(output(case)["deadlines"], output(later)["deadlines"], strict=True):
        if was["status"] in settled and was["rule"] != "PLAN-REPS-15D":
            assert now["status"] == was["status"]
        if was["status"] == "overdue":
            assert now["status"] == "overdue"


@PROPERTY
@given(histories())
def test_due_dates_follow_the_counting_rules_of_the_regulations(case):
    request = date.fromisoformat(next(e["date"] for e in case["events"] if e["event"] == "request_received"))
    due = {d["step"]: date.fromisoformat(d["due"]) for d in output(case)["deadlines"]}
    assert due["decision_whether_to_assess"] == request + timedelta(days=42)  # reg 5(1)
    assert due["decision_not_to_issue"] == request + timedelta(days=112)  # reg 10(1)
    assert due["final_plan"] == request + timedelta(days=140)  # reg 13(2)
    served = [e["date"] for e in case["events"] if e["event"] == "draft_plan_served"]
    if served:  # reg 13(1)(a): 15 days beginning with the day served
        assert due["draft_comments_window"] == date.fromisoformat(served[0]) + timedelta(days=14)


@PROPERTY
@given(histories())
def test_every_rule_reported_is_a_rule_of_the_timescales_document(case):
    rules = set(re.findall(r"`([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)`", TIMESCALES.read_text(encoding="utf-8")))
    report = json.loads(report_as_json(evaluate(*parse_case(case))))
    assert {d["rule"] for d in report["deadlines"]} <= rules
    assert {d["status"] for d in report["deadlines"]} <= {s.value for s in Status}
