"""The disagreement clocks (mediation, the Tribunal appeal deadline, orders, unopposed appeals, mediation
agreements: SEND Regs 2014 regs 33-45, HESC Rules r12 and r20) against statutory-timescales.md.

The worked examples are read from the document itself (§4): each computed date the document states is checked
against the engine, and each verdict below quotes the document's words, so a change to the document that the
engine does not follow fails here.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wayfinder.statutory.calendar import WorkingDayCalendar, months_after
from wayfinder.statutory.disagreement import (
    CaseError,
    Status,
    appeal_deadline,
    appeal_time_ends,
    evaluate,
    hesc_r12_roll_forward,
    parse_case,
    report_as_json,
)

from .worked import DOC_DATE, TIMESCALES, doc_date, quoted, worked_examples

#: The worked examples of §4 this module checks (test_worked_examples.py checks every one is claimed once).
WORKED_EXAMPLES = {11, 12, 13, 14, 18, 19, 20}

CAL = WorkingDayCalendar()
PROPERTY = settings(max_examples=200, deadline=None)


def run(events: list[dict], as_of: str = "2026-12-01", **options):
    case, on = parse_case({"process": "disagreement", "as_of": as_of, "events": events})
    return evaluate(case, on, **options)


def computed(example: int) -> str:
    return worked_examples()[example][1].replace("**", "")


def stated_rules(example: int) -> dict[str, date]:
    """``RULE-ID Day dd Mon yyyy`` pairs of the example's "Computed dates" cell."""
    return {rule: doc_date(when) for rule, when in re.findall(rf"`([A-Z0-9-]+)` ({DOC_DATE})", computed(example))}


def stated_appeal_deadline(example: int) -> date:
    """The appeal deadline is the last date the document puts in bold in the "Computed dates" cell."""
    return doc_date(re.findall(rf"\*\*({DOC_DATE})\*\*", worked_examples()[example][1])[-1])


def stated(example: int, pattern: str) -> date:
    """One date the example's "Computed dates" cell states after ``pattern`` (a regex)."""
    found = re.search(rf"{pattern} ({DOC_DATE})", computed(example))
    assert found, f"worked example {example} no longer states {pattern!r}"
    return doc_date(found.group(1))


def iso(d: date) -> str:
    return d.isoformat()


# ------------------------------------------------------------------------------------------- worked examples

EXAMPLE_11 = [{"event": "decision_letter_sent", "date": "2025-03-03"},
              {"event": "mediation_declined", "date": "2025-04-17"}]


def test_example_11_contact_certificate_and_appeal_deadline_are_the_documents_dates():
    quoted(11, "Parent tells the mediation adviser on Thu 17 Apr 2025 that they decline mediation")
    quoted(11, "LA decision letter sent Mon 3 Mar 2025")
    report = run(EXAMPLE_11, as_of="2025-04-17")
    rules = stated_rules(11)
    assert report["mediation_contact"].due == rules["MED-CONTACT-2M"]
    assert report["mediation_certificate"].rule == "MED-CERT-NO-3WD"
    assert report["mediation_certificate"].due == rules["MED-CERT-NO-3WD"]  # Good Friday, Easter Monday skipped
    quoted(11, "(contact on 17 Apr: met)")
    assert report["mediation_contact"].status is Status.MET  # declining to the adviser is contacting them


def test_example_11_appeal_deadline_is_the_later_limb_rolled_past_the_weekend_and_the_bank_holiday():
    rules = stated_rules(11)
    on_time_certificate = [*EXAMPLE_11,
                           {"event": "mediation_certificate_issued", "date": iso(rules["MED-CERT-NO-3WD"])}]
    report = run(on_time_certificate, as_of="2025-05-01")
    workings = report.facts["tribunal_appeal"]
    assert date.fromisoformat(workings["two_months_after_letter"]) == stated(11, "2 months →")
    assert date.fromisoformat(workings["one_month_after_certificate"]) == stated(11, "1 month from certificate →")
    assert workings["time_ends"] == workings["one_month_after_certificate"]  # "(later)"
    quoted(11, "r12(2) → Mon 26 May is a bank holiday")
    assert workings["moved_by"] == "r12(2)"
    assert report["appeal_deadline"].due == stated_appeal_deadline(11) == date(2025, 5, 27)


def test_example_11_certificate_a_day_late_and_the_appeal_received_on_the_deadline():
    quoted(11, "certificate Fri 25 Apr 2025 → late by 1")
    quoted(11, "Appeal received Tue 27 May 2025 → in time")
    report = run([*EXAMPLE_11, {"event": "mediation_certificate_issued", "date": "2025-04-25"},
                  {"event": "appeal_registered", "date": "2025-05-27"}])
    certificate = report["mediation_certificate"]
    assert (certificate.status, certificate.days_late) == (Status.LATE, 1)
    # 1 month from the actual issue (Sun 25 May) rolls to the same Tuesday.
    assert report["appeal_deadline"].due == stated_appeal_deadline(11)
    assert report["appeal_deadline"].status is Status.MET


def test_example_12_certificate_skips_the_spring_bank_holiday():
    quoted(12, "Same, but the parent declines on Thu 22 May 2025")
    quoted(12, "(Mon 26 May bank holiday skipped)")
    report = run([{"event": "decision_letter_sent", "date": "2025-03-03"},
                  {"event": "mediation_declined", "date": "2025-05-22"}], as_of="2025-05-22")
    certificate = report["mediation_certificate"]
    assert (certificate.rule, certificate.due) == ("MED-CERT-NO-3WD", stated_rules(12)["MED-CERT-NO-3WD"])
    # Declining to the adviser is the contact: on 22 May it is after the 2 months that ended Sat 3 May (reg 33).
    contact = report["mediation_contact"]
    assert (contact.due, contact.status, contact.days_late) == (date(2025, 5, 3), Status.LATE, 19)


EXAMPLE_13 = [{"event": "decision_letter_sent", "date": "2025-06-13", "appeal_kind": "section_i_only"}]


def test_example_13_section_i_appeal_needs_no_certificate_and_time_ending_in_august_moves_to_september():
    quoted(13, "Section-I-only appeal (no certificate needed); decision letter sent Fri 13 Jun 2025")
    report = run(EXAMPLE_13, as_of="2025-06-20")
    assert date.fromisoformat(report.facts["tribunal_appeal"]["time_ends"]) == stated(13, "2 months →")
    quoted(13, "in August → r12(3)(a)")
    assert report.facts["tribunal_appeal"]["moved_by"] == "r12(3)(a)"
    assert report["appeal_deadline"].due == stated_appeal_deadline(13) == date(2025, 9, 1)
    assert report["mediation_contact"].status is Status.NOT_APPLICABLE
    assert report.get("mediation_certificate") is None


@pytest.mark.parametrize(("received", "status"), [("2025-08-29", Status.MET), ("2025-09-01", Status.MET),
                                                  ("2025-09-02", Status.LATE)])
def test_example_13_appeals_received_up_to_1_september_are_in_time_and_on_2_september_out_of_time(received, status):
    quoted(13, "appeal received Fri 29 Aug 2025 or Mon 1 Sep 2025 → in time; Tue 2 Sep 2025 → out of time")
    report = run([*EXAMPLE_13, {"event": "appeal_registered", "date": received}])
    assert report["appeal_deadline"].status is status


def test_example_14_later_limb_inside_christmas_moves_to_the_first_working_day_after_new_year():
    quoted(14, "Decision letter sent Tue 1 Oct 2024; certificate issued Fri 29 Nov 2024")
    quoted(14, "(later, inside 25 Dec–1 Jan) → Thu 2 Jan 2025")
    quoted(14, "matches IPSEA's worked answer")
    report = run([{"event": "decision_letter_sent", "date": "2024-10-01"},
                  {"event": "mediation_adviser_contacted", "date": "2024-11-25"},
                  {"event": "mediation_declined", "date": "2024-11-27"},
                  {"event": "mediation_certificate_issued", "date": "2024-11-29"}], as_of="2024-12-01")
    workings = report.facts["tribunal_appeal"]
    assert date.fromisoformat(workings["two_months_after_letter"]) == stated(14, "2 months")
    assert date.fromisoformat(workings["one_month_after_certificate"]) == stated(14, "1 month")
    assert report["appeal_deadline"].due == stated_appeal_deadline(14) == date(2025, 1, 2)
    assert workings["moved_by"] == "r12(3)(a)"


ORDER_18 = "2025-11-03"


@pytest.mark.parametrize(
    ("kind", "step", "pattern", "rule"),
    [
        ("make_plan", "draft_plan", "make and maintain: draft", "TRIB-ORDER-PLAN"),
        ("make_plan", "final_plan", rf"make and maintain: draft {DOC_DATE}, final", "TRIB-ORDER-PLAN"),
        ("assess", "assessment_notice", "Assess: notify", "TRIB-ORDER-ASSESS"),
        ("assess", "decision_not_to_issue", "no-plan decision", "TRIB-ORDER-ASSESS"),
        ("assess", "final_plan", rf"no-plan decision {DOC_DATE}, final", "TRIB-ORDER-ASSESS"),
        ("section_i", "amended_plan", "Section I only:", "TRIB-ORDER-SECTION-I"),
    ],
)
def test_example_18_order_clocks(kind, step, pattern, rule):
    quoted(18, "Tribunal order dated Mon 3 Nov 2025")
    report = run([{"event": "tribunal_order", "date": ORDER_18, "kind": kind}], as_of="2025-11-04")
    assert (report[step].rule, report[step].due) == (rule, stated(18, pattern))
    assert report[step].status is Status.OPEN


def test_example_18_an_order_to_amend_gives_five_weeks():
    report = run([{"event": "tribunal_order", "date": ORDER_18, "kind": "amend"}], as_of="2025-11-04")
    assert (report["amended_plan"].rule, report["amended_plan"].due) == ("TRIB-ORDER-AMEND", date(2025, 12, 8))


def test_example_18_q9_if_the_order_was_sent_out_later_the_start_date_can_move():
    quoted(18, "Q9: if the order was sent out later, the start date moves")
    order = [{"event": "tribunal_order", "date": ORDER_18, "kind": "section_i", "sent": "2025-11-05"}]
    default = run(order, as_of="2025-11-06")
    assert default["amended_plan"].due == stated(18, "Section I only:")  # default: the date of the order
    assert default.facts["order_dates"] == {"made": "2025-11-03", "sent": "2025-11-05", "counted_from": "2025-11-03"}
    sent = run(order, as_of="2025-11-06", order_start="sent")
    assert sent["amended_plan"].due == date(2025, 11, 19)
    assert sent.facts["order_dates"]["counted_from"] == "2025-11-05"


def test_example_18_order_clocks_are_met_late_or_excused_by_the_authoritys_acts():
    history = [{"event": "tribunal_order", "date": ORDER_18, "kind": "make_plan"},
               {"event": "draft_plan_issued", "date": "2025-12-09"},
               {"event": "final_plan_issued", "date": "2026-01-19"}]
    report = run(history)
    assert (report["draft_plan"].status, report["draft_plan"].days_late) == (Status.LATE, 1)
    assert report["final_plan"].status is Status.MET
    absence = {"event": "exception", "kind": "absence_from_area", "start": "2025-11-20", "end": "2025-12-03"}
    excused = run([*history, absence])["draft_plan"]
    assert (excused.status, excused.exception, excused.due) == (Status.EXCUSED, "reg44(absence_from_area)",
                                                                 date(2025, 12, 8))
    short = dict(absence, end="2025-12-02")  # 13 days: under the 2 weeks of reg 44
    assert run([*history, short])["draft_plan"].status is Status.LATE


def test_example_19_unopposed_appeal_against_refusal_to_assess():
    quoted(19, "Unopposed appeal against refusal to assess; LA notified the Tribunal Wed 1 Oct 2025")
    report = run([{"event": "unopposed_notice", "date": "2025-10-01", "kind": "refusal_to_assess"}],
                 as_of="2025-10-02")
    assert report["assessment_notice"].due == stated(19, "tell parent")
    assert report["decision_not_to_issue"].due == stated(19, "no-plan decision")
    assert report["final_plan"].due == stated(19, "final plan")
    assert {d.rule for d in report.deadlines} == {"TRIB-UNOPPOSED-ASSESS"}


def test_example_19_a_decision_to_issue_ends_the_no_plan_clock_and_not_to_issue_ends_the_plan_clock():
    start = [{"event": "unopposed_notice", "date": "2025-10-01", "kind": "refusal_to_assess"},
             {"event": "assessment_decision_notified", "date": "2025-10-14"}]
    issue = run([*start, {"event": "decision_to_issue", "date": "2025-11-20", "outcome": "issue"}], "2026-01-08")
    assert issue["assessment_notice"].status is Status.MET
    assert issue["decision_not_to_issue"].status is Status.NOT_APPLICABLE
    assert issue["final_plan"].status is Status.OVERDUE
    no_plan = run([*start, {"event": "decision_to_issue", "date": "2025-12-11", "outcome": "not_issue"}], "2026-01-08")
    assert (no_plan["decision_not_to_issue"].status, no_plan["decision_not_to_issue"].days_late) == (Status.LATE, 1)
    assert no_plan["final_plan"].status is Status.NOT_APPLICABLE


EXAMPLE_20 = [{"event": "mediation_agreement", "date": "2025-12-23", "appealable": False, "la_party": False}]


def test_example_20_mediation_agreement_on_a_non_appealable_matter_has_no_christmas_extension():
    quoted(20, "Mediation agreement on a non-appealable matter, Tue 23 Dec 2025")
    quoted(20, "no Christmas extension: SEND Regs clock")
    report = run(EXAMPLE_20, as_of="2025-12-24")
    rules = stated_rules(20)
    assert (report["agreement_action"].rule, report["agreement_action"].due) == (
        "MED-AGREE-OTHER-2W", rules["MED-AGREE-OTHER-2W"])
    assert (report["agreement_notice"].rule, report["agreement_notice"].due) == (
        "MED-AGREE-NOTIFY-1W", rules["MED-AGREE-NOTIFY-1W"])
    late = run([*EXAMPLE_20, {"event": "agreement_carried_out", "date": "2026-01-07"},
                {"event": "la_informed_of_agreement", "date": "2025-12-30"}])
    assert (late["agreement_action"].status, late["agreement_action"].days_late) == (Status.LATE, 1)
    assert late["agreement_notice"].status is Status.MET


@pytest.mark.parametrize("example", sorted(WORKED_EXAMPLES))
def test_every_rule_the_worked_example_gives_a_date_for_is_an_engine_rule(example):
    engine_rules = {"MED-CONTACT-2M", "MED-CERT-NO-3WD", "MED-AGREE-OTHER-2W", "MED-AGREE-NOTIFY-1W"}
    assert set(stated_rules(example)) <= engine_rules


# ------------------------------------------------------------------------------------------- rules


LETTER = {"event": "decision_letter_sent", "date": "2025-01-10"}


def test_mediation_is_held_within_30_days_of_the_parents_request_and_then_certified():
    history = [LETTER, {"event": "mediation_adviser_contacted", "date": "2025-01-20"},
               {"event": "mediation_requested", "date": "2025-01-22"}]
    report = run(history, as_of="2025-02-15")
    meeting = report["mediation_meeting"]
    assert (meeting.rule, meeting.due, meeting.status) == ("MED-HOLD-30D", date(2025, 2, 21), Status.OPEN)
    assert ("mediation_meeting", "Mediation not held with under a week of the 30 days left") in [
        (r.step, r.reason) for r in report.at_risk]
    appeal = report["appeal_deadline"]
    assert appeal.status is Status.OPEN and appeal.flags == ("awaiting_certificate",)
    held = run([*history, {"event": "mediation_held", "date": "2025-02-21", "concluded": "2025-02-28"},
                {"event": "mediation_certificate_issued", "date": "2025-03-05"}], as_of="2025-03-20")
    assert held["mediation_meeting"].status is Status.MET
    certificate = held["mediation_certificate"]
    assert (certificate.rule, certificate.due, certificate.status) == (
        "MED-CERT-AFTER-3WD", date(2025, 3, 5), Status.MET)
    # 1 month from Wed 5 Mar 2025 is Sat 5 Apr, later than Thu 10 Mar (2 months): rolled to Mon 7 Apr.
    assert held["appeal_deadline"].due == date(2025, 4, 7)
    assert held["appeal_deadline"].flags == ()


def test_a_certificate_still_owed_keeps_the_appeal_open_after_two_months():
    history = [LETTER, {"event": "mediation_adviser_contacted", "date": "2025-03-01"},
               {"event": "mediation_requested", "date": "2025-03-03"}]
    appeal = run(history, as_of="2025-04-01")["appeal_deadline"]
    assert appeal.due == date(2025, 3, 10) and appeal.status is Status.OPEN
    no_contact = run([LETTER], as_of="2025-04-01")
    assert no_contact["appeal_deadline"].status is Status.OVERDUE
    assert no_contact["mediation_contact"].status is Status.OVERDUE


def test_health_only_mediation_runs_from_the_authoritys_notice_to_the_commissioning_body():
    history = [LETTER, {"event": "mediation_adviser_contacted", "date": "2025-01-20"},
               {"event": "mediation_requested", "date": "2025-01-23", "issues": "health_only"}]
    waiting = run(history, as_of="2025-01-24")
    assert waiting["health_notice"].due == date(2025, 1, 28)  # Thu 23 Jan + 3 working days
    assert waiting.get("mediation_meeting") is None  # Q11: the 30 days start with the LA's notice to the ICB
    notified = run([*history, {"event": "commissioning_body_notified", "date": "2025-01-29"}], as_of="2025-01-30")
    assert (notified["health_notice"].status, notified["health_notice"].days_late) == (Status.LATE, 1)
    assert notified["mediation_meeting"].due == date(2025, 2, 28)
    mixed = run([*history[:2], {"event": "mediation_requested", "date": "2025-01-23", "issues": "mixed"}],
                as_of="2025-01-24")
    assert mixed["mediation_meeting"].due == date(2025, 2, 22) and mixed.get("health_notice") is not None


def test_mediation_that_cannot_be_held_in_30_days_gets_the_deemed_certificate():
    report = run([LETTER, {"event": "mediation_adviser_contacted", "date": "2025-01-20"},
                  {"event": "mediation_requested", "date": "2025-01-22"},
                  {"event": "mediation_not_possible", "date": "2025-02-07"}], as_of="2025-02-12")
    certificate = report["mediation_certificate"]
    assert (certificate.rule, certificate.due, certificate.status) == (
        "MED-CERT-LATE-3WD", date(2025, 2, 12), Status.OPEN)
    assert report["mediation_meeting"].flags == ("not_possible_in_30_days",)
    assert ("mediation_certificate", "Due today (3 working days)") in [(r.step, r.reason) for r in report.at_risk]


def test_the_contact_limit_is_a_send_regs_date_that_stands_on_a_weekend():
    report = run([{"event": "decision_letter_sent", "date": "2025-03-03"}], as_of="2025-04-25")
    assert report["mediation_contact"].due == date(2025, 5, 3)  # Saturday: no HESC r12 roll-forward
    # Two weeks before: contact the adviser; and the appeal's own deadline (Sat 3 May -> Tue 6 May) is near.
    assert [(r.step, r.due) for r in report.at_risk] == [("mediation_contact", date(2025, 5, 3)),
                                                         ("appeal_deadline", date(2025, 5, 6))]


def test_an_appeal_received_after_5pm_on_the_last_day_is_out_of_time():
    history = [*EXAMPLE_13, {"event": "appeal_registered", "date": "2025-09-01", "time": "17:01"}]
    late = run(history)["appeal_deadline"]
    assert (late.status, late.flags) == (Status.LATE, ("after_5pm",))
    assert run([*EXAMPLE_13, {"event": "appeal_registered", "date": "2025-09-01", "time": "17:00"}])[
        "appeal_deadline"].status is Status.MET
    assert run([*EXAMPLE_13, {"event": "appeal_registered", "date": "2025-08-29", "time": "23:00"}])[
        "appeal_deadline"].status is Status.MET


def test_an_extension_of_time_is_recorded_but_the_appeal_stays_out_of_time():
    appeal = run([*EXAMPLE_13, {"event": "appeal_registered", "date": "2025-09-10", "extension_granted": True}])[
        "appeal_deadline"]
    assert (appeal.status, appeal.flags, appeal.days_late) == (Status.LATE, ("extension_granted",), 9)


def test_the_appeal_deadline_warns_two_weeks_ahead():
    assert run(EXAMPLE_13, as_of="2025-08-17").at_risk == ()
    risks = run(EXAMPLE_13, as_of="2025-08-18").at_risk
    assert [(r.step, r.due) for r in risks] == [("appeal_deadline", date(2025, 9, 1))]


def test_unopposed_appeal_kinds_map_to_the_reg_45_limits():
    def due(kind: str) -> dict[str, tuple[str, date]]:
        report = run([{"event": "unopposed_notice", "date": "2025-10-01", "kind": kind}], as_of="2025-10-02")
        return {d.step: (d.rule, d.due) for d in report.deadlines}

    assert due("refusal_to_issue") == {"draft_plan": ("TRIB-UNOPPOSED-PLAN", date(2025, 11, 5)),
                                       "final_plan": ("TRIB-UNOPPOSED-PLAN", date(2025, 12, 17))}
    assert due("contents") == {"amended_plan": ("TRIB-UNOPPOSED-AMEND", date(2025, 11, 5))}
    assert due("section_i") == {"amended_plan": ("TRIB-UNOPPOSED-SECTION-I", date(2025, 10, 15))}
    cease = run([{"event": "unopposed_notice", "date": "2025-10-01", "kind": "cease"}], as_of="2025-10-02")
    assert cease.deadlines == ()
    assert cease.facts["continue_to_maintain"] == {"rule": "TRIB-UNOPPOSED-CEASE", "from": "2025-10-01"}


def test_an_unopposed_appeal_takes_the_reg_45_personal_circumstances_exception():
    report = run([{"event": "unopposed_notice", "date": "2025-10-01", "kind": "section_i"},
                  {"event": "exception", "kind": "personal_circumstances", "start": "2025-10-10",
                   "note": "Parent in hospital"}])
    assert (report["amended_plan"].status, report["amended_plan"].exception) == (
        Status.EXCUSED, "reg45(personal_circumstances)")


def test_an_appealable_mediation_agreement_runs_the_order_limits_without_exceptions():
    history = [LETTER, {"event": "mediation_adviser_contacted", "date": "2025-01-20"},
               {"event": "mediation_requested", "date": "2025-01-22"},
               {"event": "mediation_held", "date": "2025-02-10"},
               {"event": "mediation_agreement", "date": "2025-02-10", "appealable": True, "kind": "amend"}]
    report = run(history, as_of="2025-02-11")
    assert (report["amended_plan"].rule, report["amended_plan"].due) == ("MED-AGREE-APPEALABLE", date(2025, 3, 17))
    with pytest.raises(CaseError, match=re.escape("mediation, appeal and mediation agreement clocks have none")):
        run([*history, {"event": "exception", "kind": "personal_circumstances", "start": "2025-02-11"}],
            as_of="2025-02-11")


def test_a_different_timescale_agreed_in_writing_replaces_the_two_weeks():
    report = run([dict(EXAMPLE_20[0], la_party=True, agreed_by="2026-01-31")], as_of="2026-01-10")
    action = report["agreement_action"]
    assert (action.due, action.status, action.flags) == (date(2026, 1, 31), Status.OPEN, ("agreed_timescale",))
    assert report.get("agreement_notice") is None  # the authority was a party: reg 42(4) does not apply


def test_a_continue_order_reports_the_duty_and_no_deadline():
    report = run([{"event": "tribunal_order", "date": ORDER_18, "kind": "continue"}], as_of="2025-11-04")
    assert report.deadlines == ()
    assert report.facts["continue_to_maintain"] == {"rule": "TRIB-ORDER-CONTINUE", "from": ORDER_18}


def test_the_json_output_carries_the_appeal_workings():
    out = json.loads(report_as_json(run(EXAMPLE_13, as_of="2025-06-20")))
    assert out["process"] == "disagreement"
    assert out["tribunal_appeal"] == {"rule": "TRIB-APPEAL", "two_months_after_letter": "2025-08-13",
                                      "one_month_after_certificate": None, "time_ends": "2025-08-13",
                                      "moved_by": "r12(3)(a)", "deadline": "2025-09-01"}


# ------------------------------------------------------------------------------------------- bad input

CONTACT = {"event": "mediation_adviser_contacted", "date": "2025-01-20"}
REQUESTED = {"event": "mediation_requested", "date": "2025-01-22"}


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([LETTER, {"event": "mediation_meeting", "date": "2025-01-20"}],
         'events[1] has an unknown event "mediation_meeting"'),
        ([dict(LETTER, by="post")], "events[0] (decision_letter_sent) has fields this event does not take: by"),
        ([dict(LETTER, appeal_kind="full")], "events[0].appeal_kind must be one of standard, section_i_only"),
        ([{"event": "decision_letter_sent", "date": "2025-02-30"}], "events[0].date must be a real date"),
        ([{"event": "decision_letter_sent", "date": "2027-01-10"}], "cannot have happened yet"),
        ([LETTER, dict(LETTER, date="2025-01-11")], "events[1]: decision_letter_sent appears more than once"),
        ([LETTER, {"event": "mediation_certificate_issued", "date": "2025-01-15"}],
         "events[1] (mediation_certificate_issued) is dated 2025-01-15, before any contact with the mediation adviser"),
        ([LETTER, CONTACT, {"event": "mediation_certificate_issued", "date": "2025-01-15"}],
         "before any contact with the mediation adviser"),
        ([LETTER, CONTACT, {"event": "mediation_certificate_issued", "date": "2025-01-21"}],
         "events[2] (mediation_certificate_issued): a certificate follows mediation_declined"),
        ([LETTER, CONTACT, REQUESTED, {"event": "mediation_held", "date": "2025-01-21"}],
         "events[3] (mediation_held) is dated 2025-01-21, before mediation was requested on 2025-01-22"),
        ([LETTER, CONTACT, {"event": "mediation_held", "date": "2025-01-25"}],
         "events[2] (mediation_held): mediation is held only after it was requested"),
        ([LETTER, REQUESTED], "events[1] (mediation_requested): the parent contacts the mediation adviser before"),
        ([LETTER, {"event": "appeal_registered", "date": "2025-01-05"}],
         "events[1] (appeal_registered) is dated 2025-01-05, before the decision letter was sent on 2025-01-10"),
        ([{"event": "mediation_declined", "date": "2025-01-05"}],
         "events[0] (mediation_declined): the mediation and appeal clocks run from the decision letter"),
        ([LETTER, {"event": "appeal_registered", "date": "2025-02-05"}],
         "events[1] (appeal_registered): an appeal other than on section I only needs a mediation certificate"),
        ([LETTER, {"event": "mediation_declined", "date": "2025-01-20"}, REQUESTED],
         "events[2] (mediation_requested): the parent declined mediation on 2025-01-20 (events[1])"),
        ([LETTER, CONTACT, dict(REQUESTED, issues="dental")], "events[2].issues must be one of education, mixed"),
        ([LETTER, CONTACT, REQUESTED, {"event": "commissioning_body_notified", "date": "2025-01-23"}],
         "the mediation issues include no health care"),
        ([LETTER, CONTACT, dict(REQUESTED, issues="health_only"), {"event": "mediation_held", "date": "2025-02-01"}],
         "events[3] (mediation_held): health-only mediation is arranged by the commissioning body"),
        ([LETTER, CONTACT, REQUESTED, {"event": "mediation_held", "date": "2025-02-01", "concluded": "2025-01-30"}],
         "events[3] (mediation_held): the mediation concluded on 2025-01-30, before it was held on 2025-02-01"),
        ([*EXAMPLE_13, {"event": "appeal_registered", "date": "2025-08-01", "time": "5pm"}],
         "events[1].time must be the time of receipt as HH:MM"),
        ([*EXAMPLE_13, {"event": "appeal_registered", "date": "2025-08-01", "extension_granted": "yes"}],
         "events[1].extension_granted must be true or false"),
        ([{"event": "tribunal_order", "date": "2025-11-03", "kind": "dismiss"}],
         "events[0].kind must be one of assess, make_plan, amend, section_i, continue"),
        ([{"event": "tribunal_order", "date": "2025-11-03", "kind": "assess", "sent": "2025-11-01"}],
         "events[0] (tribunal_order): sent out on 2025-11-01, before the order was made on 2025-11-03"),
        ([*EXAMPLE_13, {"event": "appeal_registered", "date": "2025-08-01"},
          {"event": "tribunal_order", "date": "2025-07-30", "kind": "section_i"}],
         "events[2] (tribunal_order) is dated 2025-07-30, before the appeal was registered on 2025-08-01"),
        ([{"event": "tribunal_order", "date": "2025-11-03", "kind": "assess"},
          {"event": "unopposed_notice", "date": "2025-10-01", "kind": "refusal_to_assess"}],
         "events[0] (tribunal_order): the appeal was not opposed"),
        ([{"event": "draft_plan_issued", "date": "2025-11-03"}],
         "events[0] (draft_plan_issued): there is no tribunal_order, unopposed_notice or appealable"),
        ([{"event": "tribunal_order", "date": "2025-11-03", "kind": "amend"},
          {"event": "draft_plan_issued", "date": "2025-11-10"}],
         "events[1] (draft_plan_issued): a tribunal_order of kind amend does not call for it"),
        ([{"event": "tribunal_order", "date": "2025-11-03", "kind": "make_plan"},
          {"event": "draft_plan_issued", "date": "2025-11-01"}],
         "events[1] (draft_plan_issued) is dated 2025-11-01, before the tribunal_order on 2025-11-03"),
        ([{"event": "tribunal_order", "date": "2025-11-03", "kind": "make_plan"},
          {"event": "final_plan_issued", "date": "2025-12-01"}],
         "events[1] (final_plan_issued): a final plan needs a draft issued first"),
        ([{"event": "unopposed_notice", "date": "2025-10-01", "kind": "refusal_to_assess"},
          {"event": "decision_to_issue", "date": "2025-11-01", "outcome": "not_issue"},
          {"event": "draft_plan_issued", "date": "2025-11-10"}],
         "events[2] (draft_plan_issued): the authority decided not to issue a plan (events[1])"),
        ([{"event": "tribunal_order", "date": "2025-11-03", "kind": "assess"},
          {"event": "exception", "kind": "missed_appointment", "start": "2025-11-05"}],
         "events[1].kind must be one of personal_circumstances, absence_from_area"),
        ([*EXAMPLE_13, {"event": "exception", "kind": "personal_circumstances", "start": "2025-07-01"}],
         "events[1] (exception): only the clocks of a tribunal_order or an unopposed_notice have exceptions"),
        ([{"event": "mediation_agreement", "date": "2025-12-23", "appealable": True}],
         "events[0] (mediation_agreement): an appealable agreement needs kind"),
        ([{"event": "mediation_agreement", "date": "2025-12-23", "appealable": "no"}],
         "events[0].appealable must be true or false"),
        ([{"event": "mediation_agreement", "date": "2025-12-23", "appealable": False},
          {"event": "la_informed_of_agreement", "date": "2025-12-24"}],
         "events[1] (la_informed_of_agreement): the authority was a party to the agreement"),
        ([{"event": "agreement_carried_out", "date": "2025-12-24"}],
         "events[0] (agreement_carried_out): there is no mediation_agreement"),
        ([LETTER, CONTACT, REQUESTED, {"event": "mediation_agreement", "date": "2025-02-01", "appealable": False}],
         "events[3] (mediation_agreement): an agreement comes out of mediation; record mediation_held"),
    ],
)
def test_impossible_cases_are_refused_with_a_one_line_message_naming_the_event(events, message):
    with pytest.raises(CaseError, match=re.escape(message)) as error:
        run(events, as_of="2026-01-01")
    assert "\n" not in str(error.value)


def test_a_case_that_is_not_a_disagreement_is_refused():
    with pytest.raises(CaseError, match="process must be"):
        parse_case({"process": "ehc_needs_assessment", "as_of": "2025-01-01", "events": [LETTER]})


# ------------------------------------------------------------------------------------------- properties

letters = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
offsets = st.integers(min_value=0, max_value=120).map(lambda n: timedelta(days=n))


def _in_christmas_days(d: date) -> bool:
    return (d.month, d.day) >= (12, 25) or (d.month, d.day) == (1, 1)


@PROPERTY
@given(letters, st.none() | offsets)
def test_the_appeal_deadline_follows_r20_and_r12(letter, certificate_after):
    certificate = letter + certificate_after if certificate_after is not None else None
    ends = appeal_time_ends(letter, certificate)
    due = appeal_deadline(letter, certificate, CAL)
    assert CAL.is_working_day(due)
    assert due >= ends >= months_after(letter, 2)
    if certificate is not None:
        assert due >= months_after(certificate, 1)
    if ends.month == 8:  # r12(3)(a): the first working day after 31 August
        assert due == CAL.nth_working_day_after(date(ends.year, 8, 31), 1)
    elif _in_christmas_days(ends):  # r12(3)(a): the first working day after 1 January
        assert due == CAL.nth_working_day_after(date(ends.year + (ends.month == 12), 1, 1), 1)
    else:  # r12(2)
        assert due == CAL.next_working_day_on_or_after(ends)
    # Never in August or 25 Dec-1 Jan, unless r12(2) carried time ending on a run of non-working days into them.
    if due.month == 8 or _in_christmas_days(due):
        assert ends.month != 8 and not _in_christmas_days(ends)
        assert all(not CAL.is_working_day(ends + timedelta(days=i)) for i in range((due - ends).days))


@PROPERTY
@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)))
def test_r12_roll_forward_never_moves_a_date_back_and_lands_on_a_working_day(ends):
    due, moved_by = hesc_r12_roll_forward(ends, CAL)
    assert due >= ends and CAL.is_working_day(due)
    assert (moved_by is None) == (due == ends)


@st.composite
def mediation_cases(draw):
    """A valid mediation history, as far along as the draw goes, in a shuffled order."""
    letter = draw(letters)
    events = [{"event": "decision_letter_sent", "date": iso(letter)}]
    contact = letter + draw(offsets)
    route = draw(st.sampled_from(["none", "declined", "held", "not_possible"]))
    last = contact
    if route == "declined":
        events.append({"event": "mediation_declined", "date": iso(contact)})
    else:
        events.append({"event": "mediation_adviser_contacted", "date": iso(contact)})
        if route != "none":
            last = contact + draw(offsets)
            events.append({"event": "mediation_requested", "date": iso(last)})
            last += draw(offsets)
            events.append({"event": "mediation_held" if route == "held" else "mediation_not_possible",
                           "date": iso(last)})
    if route != "none" and draw(st.booleans()):
        last += draw(st.integers(min_value=0, max_value=10).map(lambda n: timedelta(days=n)))
        events.append({"event": "mediation_certificate_issued", "date": iso(last)})
        if draw(st.booleans()):
            last += draw(offsets)
            events.append({"event": "appeal_registered", "date": iso(last)})
    as_of = last + draw(offsets)
    return {"process": "disagreement", "as_of": iso(as_of), "events": list(draw(st.permutations(events)))}


def output(case: dict) -> dict:
    parsed, as_of = parse_case(case)
    return evaluate(parsed, as_of).as_dict()


@PROPERTY
@given(mediation_cases(), st.randoms())
def test_the_order_events_are_listed_in_does_not_change_the_clocks(case, rnd):
    shuffled = dict(case, events=rnd.sample(case["events"], len(case["events"])))
    assert output(shuffled) == output(case)


@PROPERTY
@given(mediation_cases())
def test_an_act_on_or_before_its_due_date_is_met_and_after_it_is_late(case):
    out = output(case)
    for d in out["deadlines"]:
        if d["done"] is not None:
            assert (d["status"] == "met") == (d["done"] <= d["due"])
        assert d["exception"] is None  # §3.1(5): no exception applies to mediation or the appeal deadline
    letter = date.fromisoformat(next(e["date"] for e in case["events"] if e["event"] == "decision_letter_sent"))
    appeal = next(d for d in out["deadlines"] if d["step"] == "appeal_deadline")
    assert date.fromisoformat(appeal["due"]) >= months_after(letter, 2)


@PROPERTY
@given(mediation_cases())
def test_every_rule_reported_is_a_rule_of_the_timescales_document(case):
    rules = set(re.findall(r"`([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)`", TIMESCALES.read_text(encoding="utf-8")))
    assert {d["rule"] for d in output(case)["deadlines"]} <= rules


def test_the_concrete_unopposed_rule_ids_are_instances_of_the_documents_family():
    assert "`TRIB-UNOPPOSED-*`" in TIMESCALES.read_text(encoding="utf-8")
    from wayfinder.statutory.disagreement import UNOPPOSED_KINDS

    assert all(rule.startswith("TRIB-UNOPPOSED-") for _kind, rule in UNOPPOSED_KINDS.values())
