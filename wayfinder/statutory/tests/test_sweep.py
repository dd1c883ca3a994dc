"""The columnar sweep computes exactly what the engine computes (SEND Regs 2014 regs 5, 8, 10, 13).

``sweep.sweep`` re-implements ``assessment.evaluate`` for a whole caseload at once; these properties draw
batches of cases (the event histories of ``test_assessment_properties.histories`` with exceptions, closures
of schools, colleges and early years providers, repeated advice requests, consultations and withdrawals
added, and raw engine objects that no parser has checked) and require the sweep's rows to be the engine's
report, deadline for deadline and risk for risk, in the engine's order. A grid of cases puts dates on every
threshold of the rules (the 4-week absence and closure, the closure window's edges, the at-risk weeks, the
15-day window) and runs on both of polars' engines.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from wayfinder.statutory.assessment import (
    ADVICE_SOURCES,
    INSTITUTION_KINDS,
    AdviceRequest,
    AssessmentCase,
    Consultation,
    ExceptionKind,
    ExceptionRecord,
    Status,
    evaluate,
    parse_case,
)
from wayfinder.statutory.calendar import ClosurePeriod
from wayfinder.statutory.sweep import frames_from_cases, reports_from_sweep, sweep

from .test_assessment_properties import exceptions as exception_events
from .test_assessment_properties import histories

EQUIVALENCE = settings(max_examples=100, deadline=None)
EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "reference" / "clocks-example.json"


def iso(d: date) -> str:
    return d.isoformat()


def days(n: int) -> timedelta:
    return timedelta(days=n)


def assert_sweep_is_the_engine(cases: list[AssessmentCase], as_of: date, engine: str | None = None) -> None:
    frames = frames_from_cases(enumerate(cases))
    deadlines, at_risk = sweep(*frames, as_of, engine=engine)
    got = reports_from_sweep(deadlines, at_risk, as_of)
    for i, case in enumerate(cases):
        expected = evaluate(case, as_of)
        ours, theirs = got[i].as_dict(), expected.as_dict()
        differ = [(a, b) for key in ("deadlines", "at_risk") for a, b in zip(ours[key], theirs[key], strict=False)
                  if a != b]
        assert ours == theirs, f"on {as_of}, case {i} {case}: sweep != engine in {differ or ours}"
        assert got[i] == expected


# --------------------------------------------------------------------------------------------- strategies


def _shift(event: dict, by: timedelta) -> dict:
    out = dict(event)
    for key in ("date", "start", "end"):
        if key in out:
            out[key] = iso(date.fromisoformat(out[key]) + by)
    if "institution_closures" in out:
        out["institution_closures"] = [_shift(p, by) for p in out["institution_closures"]]
    return out


@st.composite
def closure_calendars(draw, asked: date):
    """Closures of the institution asked for educational advice, around the date it was asked: holidays of a
    few days to ~7 weeks, some back to back or overlapping (joined into one continuous closure), any order."""
    periods = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        if periods and draw(st.booleans()):
            last_end = date.fromisoformat(periods[-1]["end"])
            start = last_end + days(draw(st.integers(min_value=-3, max_value=2)))
        else:
            start = asked + days(draw(st.integers(min_value=-50, max_value=14)))
        end = start + days(draw(st.sampled_from([0, 4, 13, 20, 26, 27, 28, 34, 45])))
        periods.append({"start": iso(start), "end": iso(end)})
    return draw(st.permutations(periods))


@st.composite
def rich_histories(draw, as_of: date):
    """A valid case ending on ``as_of``: ``histories()`` moved in time, with institutions and their
    closures, repeated advice requests, consultations, recorded exceptions and perhaps a withdrawal."""
    base = draw(histories())
    request = date.fromisoformat(next(e["date"] for e in base["events"] if e["event"] == "request_received"))
    latest = max(date.fromisoformat(e["date"]) for e in base["events"])
    # Usually as far along as histories() left it; sometimes on a day when a threshold of the rules falls.
    age = draw(st.one_of(st.just((date.fromisoformat(base["as_of"]) - request).days), st.sampled_from(AGES)))
    by = as_of - request - days(max(age, (latest - request).days))
    events = [_shift(e, by) for e in base["events"]]
    on = {e["event"]: e for e in events}
    request = date.fromisoformat(on["request_received"]["date"])
    gap = st.integers(min_value=0, max_value=50)

    for event in [e for e in events if e["event"] == "advice_requested"]:
        asked = date.fromisoformat(event["date"])
        if draw(st.booleans()):
            event["institution"] = draw(st.sampled_from(INSTITUTION_KINDS))
        if event["from"] == "education":
            closures = draw(closure_calendars(asked))
            if closures:
                event["institution_closures"] = closures
    decision = on.get("decision_to_assess")
    if decision and decision["outcome"] == "assess" and draw(st.booleans()):
        asked = date.fromisoformat(decision["date"]) + days(draw(gap))
        if asked <= as_of:  # a second request to a body already asked, or a first one
            event = {"event": "advice_requested", "date": iso(asked), "from": draw(st.sampled_from(ADVICE_SOURCES))}
            if event["from"] == "education" and draw(st.booleans()):
                event["institution"] = draw(st.sampled_from(INSTITUTION_KINDS))
                event["institution_closures"] = draw(closure_calendars(asked))
            events.append(event)
    issue = on.get("decision_to_issue")
    if issue and issue["outcome"] == "issue":
        for n in range(draw(st.integers(min_value=0, max_value=2))):
            sent = date.fromisoformat(issue["date"]) + days(draw(gap))
            if sent > as_of:
                break
            setting = f"10{n}{draw(st.integers(min_value=0, max_value=9))}"
            events.append({"event": "consultation_sent", "date": iso(sent), "setting": setting})
            answered = sent + days(draw(st.integers(min_value=0, max_value=30)))
            if answered <= as_of and draw(st.booleans()):
                events.append({"event": "consultation_response", "date": iso(answered), "setting": setting})
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        record = draw(exception_events(request))
        if record["start"] <= iso(as_of):
            events.append(record)
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        latest = max(date.fromisoformat(e["date"]) for e in events if "date" in e)
        withdrawn = latest + days(draw(gap))
        if withdrawn <= as_of:
            events.append({"event": "withdrawn", "date": iso(withdrawn)})
    return parse_case({"process": "ehc_needs_assessment", "as_of": iso(as_of), "events": events})[0]


#: Days after the request on which a threshold of the rules falls (at risk from, due on, the day after).
AGES = [34, 35, 36, 41, 42, 43, 97, 98, 99, 111, 112, 113, 124, 125, 126, 139, 140, 141]


#: (first closed day, length − 1) of closures of 27–34 days, relative to the day advice was asked, that put
#: that day on an edge of the closure window (C − 7 .. R − 7, calendar.ClosureWindow), or a day outside it.
WINDOW_EDGES = st.sampled_from([26, 27, 33]).flatmap(
    lambda n: st.sampled_from([(7, n), (8, n), (6 - n, n), (5 - n, n)]))


def _dates(around: date, before: int = 200, after: int = 250):
    return st.integers(min_value=-before, max_value=after).map(lambda n: around + days(n))


@st.composite
def raw_cases(draw, as_of: date):
    """Engine objects as a caller might build them without ``parse_case``: any order of dates, outcomes
    without dates, advice without step names (so repeated sources share one), closures on any advice."""
    request = as_of - days(draw(st.one_of(st.integers(min_value=0, max_value=300), st.sampled_from(AGES))))
    maybe = st.one_of(st.none(), _dates(request, 0, 300))
    flag = st.sampled_from([None, True, False])
    advice = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        asked = draw(st.one_of(_dates(request, 10, 150), st.sampled_from(AGES[:6]).map(lambda n: as_of - days(n))))
        closures = tuple(ClosurePeriod(asked + days(s), asked + days(s + n)) for s, n in draw(st.lists(
            st.one_of(st.tuples(st.integers(min_value=-50, max_value=20), st.integers(min_value=0, max_value=45)),
                      WINDOW_EDGES), max_size=3)))
        advice.append(AdviceRequest(
            draw(st.sampled_from(ADVICE_SOURCES[:3])), asked, draw(st.one_of(st.none(), _dates(asked, 0, 80))),
            closures, draw(st.sampled_from([*INSTITUTION_KINDS, "home"])),
            draw(st.sampled_from(["", "", "advice_named"])),
        ))
    records = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        if advice and draw(st.booleans()):  # about one advice request: inside its 6 weeks or near them
            asked = draw(st.sampled_from(advice))
            start, source = asked.requested + days(draw(st.integers(-30, 45))), asked.source
        else:
            start, source = draw(_dates(request, 40, 160)), draw(st.sampled_from(["", "", "", *ADVICE_SOURCES[:3]]))
        end = start + days(draw(st.sampled_from([0, 26, 27, 28, 50])))  # 27 and 28 days: either side of 4 weeks
        records.append(ExceptionRecord(draw(st.sampled_from(list(ExceptionKind))), start, end, source))
    consultations = tuple(
        Consultation(f"s{n}", sent, draw(st.one_of(st.none(), _dates(sent, 0, 30))))
        for n, sent in enumerate(draw(st.lists(_dates(request, 0, 200), max_size=2)))
    )
    # The reg 13(1)(a) window's last day on the day of the sweep, or the final plan on it, now and then.
    draft = draw(st.one_of(maybe, st.sampled_from([13, 14, 15]).map(lambda n: as_of - days(n))))
    final = draw(st.one_of(maybe, st.sampled_from([13, 14, 15]).map(lambda n: draft and draft + days(n))))
    return AssessmentCase(
        request_received=request, decision_to_assess=draw(maybe), assess=draw(flag), advice=tuple(advice),
        decision_to_issue=draw(maybe), issue=draw(flag), consultations=consultations,
        draft_served=draft, final_issued=final, withdrawn=draw(st.one_of(st.none(), maybe)),
        exceptions=tuple(records),
    )


AS_OF = st.dates(min_value=date(2016, 1, 1), max_value=date(2030, 12, 31))


# --------------------------------------------------------------------------------------------- properties


#: sweep() picks polars' in-memory engine for small frames; a national sweep runs on the streaming one.
ENGINES = st.sampled_from(["in-memory", "streaming"])


@EQUIVALENCE
@given(st.data())
def test_the_sweep_reports_every_valid_case_exactly_as_the_engine_does(data):
    as_of = data.draw(AS_OF)
    cases = data.draw(st.lists(rich_histories(as_of), min_size=1, max_size=5))
    assert_sweep_is_the_engine(cases, as_of, data.draw(ENGINES))


@settings(EQUIVALENCE, max_examples=60)
@given(st.data())
def test_the_sweep_agrees_with_the_engine_on_engine_objects_no_parser_has_checked(data):
    as_of = data.draw(AS_OF)
    cases = data.draw(st.lists(raw_cases(as_of), min_size=1, max_size=4))
    assert_sweep_is_the_engine(cases, as_of, data.draw(ENGINES))


@settings(EQUIVALENCE, max_examples=20)
@given(st.data())
def test_without_a_step_column_advice_steps_are_named_as_parse_case_names_them(data):
    as_of = data.draw(AS_OF)
    cases = data.draw(st.lists(rich_histories(as_of), min_size=1, max_size=5))
    frames = frames_from_cases(enumerate(cases))
    named = sweep(*frames, as_of)
    unnamed = sweep(*frames._replace(advice=frames.advice.drop("step")), as_of)
    for with_step, without in zip(named, unnamed, strict=True):
        assert with_step.sort("case_id", "pos").equals(without.sort("case_id", "pos"))


# --------------------------------------------------------------------------------------------- examples


def test_the_reference_example_gives_the_engines_report():
    case, as_of = parse_case(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    frames = frames_from_cases([("example", case)])
    report = reports_from_sweep(*sweep(*frames, as_of), as_of)["example"]
    assert report == evaluate(case, as_of)
    assert report["final_plan"].exception == "reg10(4)(a)"


def _closed_school(kind: str, *periods: tuple[str, str]) -> AssessmentCase:
    closures = tuple(ClosurePeriod(date.fromisoformat(s), date.fromisoformat(e)) for s, e in periods)
    return AssessmentCase(
        request_received=date(2025, 6, 2), decision_to_assess=date(2025, 7, 10), assess=True,
        advice=(AdviceRequest("education", date(2025, 7, 10), None, closures, kind, "advice_education"),),
    )


def test_two_back_to_back_closures_of_under_four_weeks_make_one_continuous_closure():
    # 14 + 21 days: neither period is 4 weeks alone; joined they are (reg 10(4)(a) "a continuous period").
    case = _closed_school("school", ("2025-07-28", "2025-08-17"), ("2025-07-14", "2025-07-27"))
    deadlines, _ = sweep(*frames_from_cases([(1, case)]), date(2025, 9, 1))
    final = deadlines.filter(pl.col("step") == "final_plan").row(0, named=True)
    assert final["exception"] == "reg10(4)(a)" == evaluate(case, date(2025, 9, 1))["final_plan"].exception


def test_an_early_years_closure_is_a_reg10_limb_but_not_a_reg5_one():
    case = _closed_school("early_years", ("2025-07-14", "2025-08-31"))
    deadlines, _ = sweep(*frames_from_cases([(1, case)]), date(2025, 9, 1))
    limbs = dict(deadlines.select("step", "exception").iter_rows())
    assert limbs["decision_whether_to_assess"] is None
    assert limbs["final_plan"] == limbs["draft_plan_latest"] == "reg10(4)(b)"
    assert_sweep_is_the_engine([case], date(2025, 9, 1))


def test_a_second_request_to_the_same_body_is_numbered_like_the_parser_numbers_it():
    case, as_of = parse_case({"process": "ehc_needs_assessment", "as_of": "2025-09-01", "events": [
        {"event": "request_received", "date": "2025-06-02"},
        {"event": "decision_to_assess", "date": "2025-07-01", "outcome": "assess"},
        {"event": "advice_requested", "date": "2025-07-02", "from": "other"},
        {"event": "advice_requested", "date": "2025-07-20", "from": "other"},
    ]})
    frames = frames_from_cases([(1, case)])
    deadlines, _ = sweep(*frames._replace(advice=frames.advice.drop("step")), as_of)
    steps = deadlines.sort("pos")["step"].to_list()
    assert steps[1:3] == ["advice_other", "advice_other_2"]
    assert_sweep_is_the_engine([case], as_of)


def test_a_final_plan_issued_inside_the_comments_window_is_late_and_flagged_premature():
    case = AssessmentCase(date(2025, 1, 6), date(2025, 2, 3), True, (), date(2025, 4, 1), True, (),
                          draft_served=date(2025, 4, 10), final_issued=date(2025, 4, 20))
    deadlines, _ = sweep(*frames_from_cases([(1, case)]), date(2025, 6, 1))
    window = deadlines.filter(pl.col("step") == "draft_comments_window").row(0, named=True)
    assert (window["status"], window["premature_final"]) == (Status.LATE.value, True)
    assert_sweep_is_the_engine([case], date(2025, 6, 1))


def test_an_empty_caseload_has_no_deadlines_and_nothing_at_risk():
    deadlines, at_risk = sweep(*frames_from_cases([]), date(2025, 1, 1))
    assert (deadlines.height, at_risk.height) == (0, 0)


def test_the_first_institution_asked_decides_between_the_school_and_the_early_years_limb():
    summer = (ClosurePeriod(date(2025, 7, 14), date(2025, 8, 31)),)
    case = AssessmentCase(
        request_received=date(2025, 6, 2), decision_to_assess=date(2025, 7, 1), assess=True,
        advice=(AdviceRequest("education", date(2025, 7, 20), None, summer, "post16", "advice_education"),
                AdviceRequest("other", date(2025, 7, 10), None, summer, "early_years", "advice_other")),
    )
    deadlines, _ = sweep(*frames_from_cases([(1, case)]), date(2025, 9, 1))
    limbs = dict(deadlines.select("step", "exception").iter_rows())
    assert limbs["final_plan"] == "reg10(4)(a)"  # the college, asked first in the case's order
    assert_sweep_is_the_engine([case], date(2025, 9, 1))
    flipped = AssessmentCase(**{**case.__dict__, "advice": case.advice[::-1]})
    assert_sweep_is_the_engine([flipped], date(2025, 9, 1))


def _grid(as_of: date) -> list[AssessmentCase]:
    """Cases whose dates fall on, just before and just after every threshold of the rules on ``as_of``."""
    health = "health"
    cases = []
    for age in range(0, 170):
        r = as_of - days(age)

        def on_or_before(d: date) -> date | None:
            return d if d <= as_of else None

        decided = on_or_before(r + days(20))
        cases.append(AssessmentCase(r))
        if decided is None:
            continue
        asked = tuple(
            AdviceRequest(health, d, None, (), "school", f"advice_{health}_{i}" if i else "")
            for i, d in enumerate(x for x in (r + days(22), as_of - days(35), as_of - days(36),
                                              as_of - days(42), as_of - days(43)) if decided <= x <= as_of)
        )
        cases.append(AssessmentCase(r, decided, True, asked))
        cases.append(AssessmentCase(r, decided, False))
        cases.append(AssessmentCase(r, decided, True, asked, withdrawn=as_of))
        to_issue = on_or_before(r + days(60))
        if to_issue:
            cases.append(AssessmentCase(r, decided, True, asked, to_issue, True))
            cases.append(AssessmentCase(r, decided, True, asked, to_issue, False))
            for back in (13, 14, 15):
                draft = max(to_issue, as_of - days(back))
                cases.append(AssessmentCase(r, decided, True, asked, to_issue, True, draft_served=draft))
                for gap in (14, 15):
                    final = on_or_before(draft + days(gap))
                    cases.append(AssessmentCase(r, decided, True, asked, to_issue, True, draft_served=draft,
                                                final_issued=final, withdrawn=None if final else draft))
    r = as_of - days(150)
    for length in (26, 27, 28, 29):
        for kind in ExceptionKind:
            for source in ("", health):
                for offset in (-length, 1 - length, 0, 22, 42, 43, 64, 65, 112, 113, 140, 141):
                    record = ExceptionRecord(kind, r + days(offset), r + days(offset + length - 1), source)
                    cases.append(AssessmentCase(r, r + days(20), True,
                                                (AdviceRequest(health, r + days(22)),), exceptions=(record,)))
    for n in (26, 27, 33):
        for first, last in ((7, n), (8, n), (6 - n, n), (5 - n, n)):
            for kind in (*INSTITUTION_KINDS, "home"):
                for asked_on in (30, 42, 43, 112, 113, 140, 141):
                    asked = r + days(asked_on)
                    closure = ClosurePeriod(asked + days(first), asked + days(first + last))
                    cases.append(AssessmentCase(r, r + days(20), True,
                                                (AdviceRequest("education", asked, None, (closure,), kind),)))
    return cases


def test_on_every_threshold_day_the_sweep_reports_what_the_engine_reports():
    as_of = date(2025, 6, 30)
    cases = _grid(as_of)
    assert len(cases) > 2_000
    for engine in ("in-memory", "streaming"):
        assert_sweep_is_the_engine(cases, as_of, engine)
