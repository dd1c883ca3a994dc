"""Disagreements as casework: mediation, Tribunal appeals and compliance with orders (CAFA 2014 ss51–55, s45;
SEND Regulations 2014 regs 32–45; Tribunal Procedure (HESC) Rules 2008 r12, r20).

The engine's own rules are tested in ``wayfinder/statutory/tests``; these tests check the casework around it:
events are stored as the engine reads them and re-validated as a whole history, bad input saves nothing and
names its field, every change is audited, the clocks on the pages are the engine's, ``cease_appeal_state``
in each state, who can see what, and the pages without JavaScript.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent
from wayfinder.core.dates import today
from wayfinder.people.tests.factories import CarerFactory, ChildCarerFactory, InvolvementFactory
from wayfinder.reviews import demo_disagreements
from wayfinder.reviews import disagreements as dis
from wayfinder.reviews.models import Disagreement, DisagreementEvent
from wayfinder.reviews.policies import DisagreementPolicy
from wayfinder.statutory import disagreement as engine

from .factories import issued_plan

pytestmark = pytest.mark.django_db


def ago(days: int) -> date:
    return today() - timedelta(days=days)


def on(field: str, d: date) -> dict:
    return {f"{field}_day": d.day, f"{field}_month": d.month, f"{field}_year": d.year}


@pytest.fixture
def world():
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN, first_name="Olu", last_name="Adeyemi")
    plan = issued_plan(issued_on=date(2024, 11, 1), caseworker=officer, legal_forename="Leo", legal_surname="Marsh")
    parent = UserFactory(role=Role.PARENT)
    ChildCarerFactory(child=plan.child, carer=CarerFactory(user=parent), parental_responsibility=True)
    return {"officer": officer, "plan": plan, "child": plan.child, "parent": parent}


def open_about(world, *, letter: date, subject: str = "contents", **kwargs) -> Disagreement:
    return dis.disagreement_open(actor=world["officer"], child=world["child"], subject=subject, plan=world["plan"],
                                 summary="Section F does not specify the therapy", decision_letter_on=letter,
                                 **kwargs)


def record(world, disagreement, event, when, **fields):
    return dis.disagreement_record(actor=world["officer"], disagreement=disagreement, event=event, date=when,
                                   **fields)


def counts(disagreement) -> tuple[int, int]:
    return (DisagreementEvent.objects.filter(disagreement=disagreement).count(), AuditEvent.objects.count())


# --------------------------------------------------------------------------------------------- services


def test_opening_a_disagreement_stores_the_decision_letter_event_for_the_engine_and_audits_it(world):
    d = open_about(world, letter=date(2025, 3, 3), note="Letter sent by post and email")
    event = d.events.get()
    assert event.as_engine_event() == {"event": "decision_letter_sent", "date": "2025-03-03",
                                       "appeal_kind": "standard"}
    assert d.caseworker == world["officer"] and d.reference.startswith("DIS-")
    audit = AuditEvent.objects.filter(target_type="reviews.disagreement", target_id=str(d.pk)).get()
    assert audit.verb == "created" and audit.child_id == world["child"].pk


def test_a_section_i_disagreement_needs_no_certificate_to_appeal(world):
    """CAFA 2014 s55(3): an appeal only about the school named in section I needs no mediation certificate."""
    d = open_about(world, letter=date(2025, 3, 3), subject="section_i")
    assert d.events.get().data == {"appeal_kind": "section_i_only"}
    record(world, d, "appeal_registered", date(2025, 4, 1), issues_appealed="Section I")
    report = dis.report_for(d, date(2025, 4, 2))
    assert report["mediation_contact"].status == "not_applicable"
    assert report["appeal_deadline"].status == "met"


def test_opening_refuses_bad_input_and_saves_nothing(world):
    before = (Disagreement.objects.count(), AuditEvent.objects.count())
    cases = [({"letter": today() + timedelta(days=1)}, "decision_letter_on"),
             ({"letter": date(2025, 3, 3), "subject": "nonsense"}, "subject"),
             ({"letter": date(2025, 3, 3), "appeal_kind": "section_i_only"}, "appeal_kind")]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as error:
            open_about(world, **kwargs)
        assert field in error.value.message_dict
    other = issued_plan(issued_on=date(2024, 1, 5))
    with pytest.raises(ValidationError) as error:
        dis.disagreement_open(actor=world["officer"], child=world["child"], subject="contents", plan=other,
                              summary="x", decision_letter_on=date(2025, 3, 3))
    assert "plan" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        dis.disagreement_open(actor=world["officer"], child=world["child"], subject="cease", summary="x",
                              decision_letter_on=date(2025, 3, 3))
    assert "plan" in error.value.message_dict
    assert (Disagreement.objects.count(), AuditEvent.objects.count()) == before


def test_each_event_is_stored_as_the_engine_reads_it_and_audited(world):
    d = open_about(world, letter=date(2025, 3, 3))
    record(world, d, "mediation_adviser_contacted", date(2025, 4, 14))
    row = record(world, d, "mediation_requested", date(2025, 4, 16), issues="mixed", note="Wants health there")
    assert row.as_engine_event() == {"event": "mediation_requested", "date": "2025-04-16", "issues": "mixed"}
    assert row.recorded_by == world["officer"] and row.note == "Wants health there"
    held = record(world, d, "mediation_held", date(2025, 5, 14), mediation_outcome="not_agreed")
    assert held.data == {} and held.note.startswith("Outcome: No agreement")
    audit = AuditEvent.objects.filter(target_type="reviews.disagreementevent", target_id=str(held.pk)).get()
    assert audit.child_id == world["child"].pk and audit.payload["mediation_outcome"] == "not_agreed"


def test_an_appeal_registered_before_the_decision_letter_is_refused_and_nothing_is_saved(world):
    """HESC r20(1)(c): the time to appeal runs from the decision letter; nothing can come before it."""
    d = open_about(world, letter=date(2025, 3, 3), subject="section_i")
    before = counts(d)
    with pytest.raises(ValidationError) as error:
        record(world, d, "appeal_registered", date(2025, 2, 1), issues_appealed="Section I")
    assert "before the decision letter was sent on 3 March 2025" in error.value.message_dict["date"][0]
    assert counts(d) == before
    d.refresh_from_db()
    assert d.issues == ""


def test_a_certificate_with_no_contact_with_the_mediation_adviser_is_refused(world):
    """SEND Regs 2014 regs 33–34: a certificate follows contact with the mediation adviser."""
    d = open_about(world, letter=date(2025, 3, 3))
    before = counts(d)
    with pytest.raises(ValidationError) as error:
        record(world, d, "mediation_certificate_issued", date(2025, 4, 20))
    assert "before any contact with the mediation adviser" in error.value.message_dict["date"][0]
    assert counts(d) == before


def test_an_appeal_without_the_certificate_it_needs_is_refused(world):
    """CAFA 2014 s55: an appeal other than on section I only needs a mediation certificate first."""
    d = open_about(world, letter=date(2025, 3, 3))
    before = counts(d)
    with pytest.raises(ValidationError) as error:
        record(world, d, "appeal_registered", date(2025, 4, 20), issues_appealed="Section F")
    assert "needs a mediation certificate first" in error.value.message_dict["date"][0]
    assert counts(d) == before


def _to_appeal(world, *, letter=date(2025, 3, 3)) -> Disagreement:
    d = open_about(world, letter=letter)
    record(world, d, "mediation_declined", letter + timedelta(days=20))
    record(world, d, "mediation_certificate_issued", letter + timedelta(days=22))
    record(world, d, "appeal_registered", letter + timedelta(days=40), issues_appealed="Sections B and F")
    return d


def test_an_order_of_an_unknown_kind_is_refused_against_the_kind_field(world):
    """Reg 44(2): the order's kind says what the authority must do; an unknown one has no clock."""
    d = _to_appeal(world)
    d.refresh_from_db()
    assert d.issues == "Sections B and F"
    before = counts(d)
    with pytest.raises(ValidationError) as error:
        record(world, d, "tribunal_order", date(2025, 9, 1), kind="dismissed")
    assert "must be one of assess, make_plan" in error.value.message_dict["kind"][0]
    assert counts(d) == before


def test_repeated_events_compliance_without_an_order_and_missing_fields_are_refused(world):
    d = open_about(world, letter=date(2025, 3, 3))
    record(world, d, "mediation_adviser_contacted", date(2025, 3, 10))
    with pytest.raises(ValidationError) as error:
        record(world, d, "mediation_adviser_contacted", date(2025, 3, 11))
    assert "already recorded" in error.value.message_dict["event"][0]
    with pytest.raises(ValidationError) as error:
        record(world, d, "amended_plan_issued", date(2025, 3, 12))
    assert "no tribunal_order, unopposed_notice" in error.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as error:
        record(world, d, "mediation_held", date(2025, 3, 12))
    assert "mediation_outcome" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record(world, d, "mediation_agreement", date(2025, 3, 12), appealable=True)
    assert "needs kind" in error.value.message_dict["kind"][0]
    with pytest.raises(ValidationError) as error:
        record(world, d, "tribunal_order", date(2025, 3, 12), kind="amend", colour="blue")
    assert "colour" in error.value.message_dict
    assert d.events.count() == 2


def test_the_clocks_on_the_documented_worked_case(world):
    """docs/reference/clocks.md, process ``disagreement``: letter 3 March 2025, mixed issues, a late notice to
    the ICB, mediation 14 May, certificate 16 May; on 10 June the appeal deadline (1 month after the
    certificate, HESC r20(1)(c)) is within 2 weeks."""
    d = open_about(world, letter=date(2025, 3, 3))
    for event, when, fields in (("mediation_adviser_contacted", date(2025, 4, 14), {}),
                                ("mediation_requested", date(2025, 4, 16), {"issues": "mixed"}),
                                ("commissioning_body_notified", date(2025, 4, 24), {}),
                                ("mediation_held", date(2025, 5, 14), {"mediation_outcome": "not_agreed"}),
                                ("mediation_certificate_issued", date(2025, 5, 16), {})):
        record(world, d, event, when, **fields)
    report = dis.report_for(d, date(2025, 6, 10))
    got = {x.step: (x.due, str(x.status)) for x in report.deadlines}
    assert got == {"mediation_contact": (date(2025, 5, 3), "met"), "health_notice": (date(2025, 4, 23), "late"),
                   "mediation_meeting": (date(2025, 5, 16), "met"),
                   "mediation_certificate": (date(2025, 5, 19), "met"),
                   "appeal_deadline": (date(2025, 6, 16), "open")}
    assert [r.step for r in report.at_risk] == ["appeal_deadline"]
    # The adapter is exactly the engine's input.
    assert report == engine.evaluate(engine.parse_case(dis.engine_input(d, date(2025, 6, 10)))[0],
                                     date(2025, 6, 10))


def test_compliance_with_an_order_is_a_deadline_and_blocks_closing_until_met(world):
    """Reg 44(2)(e): an order to amend, the amended plan within 5 weeks of the order."""
    d = _to_appeal(world)
    record(world, d, "hearing_set", date(2025, 6, 1), hearing_on=date(2025, 8, 20))
    d.refresh_from_db()
    assert d.hearing_on == date(2025, 8, 20)
    record(world, d, "tribunal_order", date(2025, 9, 1), kind="amend", sent=date(2025, 9, 3))
    report = dis.report_for(d, date(2025, 10, 20))
    assert (report["amended_plan"].due, report["amended_plan"].status) == (date(2025, 10, 6), "overdue")
    assert [x.step for x in dis.compliance_owed(report)] == ["amended_plan"]
    with pytest.raises(ValidationError) as error:
        dis.disagreement_close(actor=world["officer"], disagreement=d, outcome="Done")
    assert "6 October 2025" in error.value.message_dict["outcome"][0]
    record(world, d, "amended_plan_issued", date(2025, 10, 1))
    assert dis.report_for(d, date(2025, 10, 20))["amended_plan"].status == "met"
    dis.disagreement_close(actor=world["officer"], disagreement=d, outcome="Amended as ordered")
    with pytest.raises(ValidationError):
        record(world, d, "final_plan_issued", date(2025, 10, 2))
    assert dis.stage_of(d) == "Closed"


def test_mediation_agreements_have_the_clocks_of_reg_42(world):
    """Reg 42(3): a non-appealable agreement within 2 weeks; reg 42(2): an appealable one has the reg 44 limits,
    as if it were an order (here: make a plan, the draft within 5 weeks)."""
    d = open_about(world, letter=date(2025, 3, 3))
    record(world, d, "mediation_adviser_contacted", date(2025, 3, 10))
    record(world, d, "mediation_requested", date(2025, 3, 12))
    record(world, d, "mediation_held", date(2025, 4, 1), mediation_outcome="agreed")
    record(world, d, "mediation_agreement", date(2025, 4, 1), appealable=False, la_party=False)
    report = dis.report_for(d, date(2025, 4, 20))
    assert (report["agreement_action"].due, report["agreement_action"].status) == (date(2025, 4, 15), "overdue")
    assert report["agreement_notice"].due == date(2025, 4, 8)
    assert "Carried out" not in dis.stage_of(d, report)

    other = open_about(world, letter=date(2025, 3, 3), subject="refusal_to_issue")
    record(world, other, "mediation_adviser_contacted", date(2025, 3, 10))
    record(world, other, "mediation_requested", date(2025, 3, 12))
    record(world, other, "mediation_held", date(2025, 4, 1), mediation_outcome="agreed")
    record(world, other, "mediation_agreement", date(2025, 4, 1), appealable=True, kind="make_plan")
    report = dis.report_for(other, date(2025, 4, 20))
    assert report["draft_plan"].due == date(2025, 5, 6) and report["draft_plan"].rule == "MED-AGREE-APPEALABLE"
    assert dis.stage_of(other, report) == "Mediation agreement: complying"


def test_a_hearing_date_needs_a_registered_appeal(world):
    d = open_about(world, letter=date(2025, 3, 3))
    with pytest.raises(ValidationError) as error:
        record(world, d, "hearing_set", date(2025, 4, 1), hearing_on=date(2025, 9, 1))
    assert "hearing_on" in error.value.message_dict


def test_only_caseworkers_who_can_see_the_child_record_disagreements(world):
    d = open_about(world, letter=date(2025, 3, 3))
    with pytest.raises(PermissionDenied):
        dis.disagreement_record(actor=world["parent"], disagreement=d, event="mediation_adviser_contacted",
                                date=date(2025, 3, 5))
    stranger = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN)
    with pytest.raises(PermissionDenied):
        dis.disagreement_open(actor=stranger, child=world["child"], subject="contents", plan=world["plan"],
                              summary="x", decision_letter_on=date(2025, 3, 3))


# --------------------------------------------------------------------------------------------- cease appeals


def test_cease_appeal_deadline_uses_the_engine_and_its_august_roll_forward():
    """HESC r20(1)(c) then r12(3)(a): time ending Wed 13 Aug 2025 runs to Mon 1 Sep 2025."""
    assert dis.cease_appeal_deadline(date(2025, 6, 13)) == date(2025, 9, 1)
    assert dis.cease_appeal_deadline(date(2025, 3, 24)) == engine.appeal_deadline(date(2025, 3, 24))


def test_cease_appeal_state_with_no_disagreement(world):
    plan = world["plan"]
    assert dis.cease_appeal_state(plan, date(2025, 7, 1)) == ("none", None)
    assert dis.cease_appeal_state(plan, date(2025, 7, 1), notice_on=date(2025, 6, 13)) == ("possible",
                                                                                          date(2025, 9, 1))
    assert dis.cease_appeal_state(plan, date(2025, 9, 2), notice_on=date(2025, 6, 13)) == ("none", date(2025, 9, 1))


def test_cease_appeal_state_is_possible_up_to_and_including_the_deadline_day(world):
    """CAFA 2014 s45 (CEASE-HOLD): the plan is kept until the time to appeal has passed with no appeal."""
    d = open_about(world, letter=date(2025, 6, 13), subject="cease")
    plan = world["plan"]
    assert dis.cease_appeal_state(plan, date(2025, 6, 12)) == ("none", None)  # before the letter
    assert dis.cease_appeal_state(plan, date(2025, 9, 1)) == ("possible", date(2025, 9, 1))
    assert dis.cease_appeal_state(plan, date(2025, 9, 2)) == ("none", date(2025, 9, 1))
    # The disagreement's own appeal deadline and the notice-date function agree.
    assert dis.report_for(d, date(2025, 7, 1))["appeal_deadline"].due == dis.cease_appeal_deadline(date(2025, 6, 13))


def test_cease_appeal_state_waits_for_a_certificate_and_then_runs_and_is_determined(world):
    d = open_about(world, letter=date(2025, 3, 3), subject="cease")
    plan = world["plan"]
    record(world, d, "mediation_adviser_contacted", date(2025, 4, 28))
    # The adviser was contacted: the certificate is awaited, so the deadline can only move later.
    assert dis.cease_appeal_state(plan, date(2025, 5, 5)) == ("possible", date(2025, 5, 6))
    assert dis.cease_appeal_state(plan, date(2025, 5, 20)) == ("possible", None)
    record(world, d, "mediation_declined", date(2025, 5, 19))
    record(world, d, "mediation_certificate_issued", date(2025, 5, 21))
    assert dis.cease_appeal_state(plan, date(2025, 6, 1)) == ("possible", date(2025, 6, 23))
    record(world, d, "appeal_registered", date(2025, 6, 20), issues_appealed="Ceasing the plan")
    assert dis.cease_appeal_state(plan, date(2025, 6, 20)) == ("running", None)
    record(world, d, "hearing_set", date(2025, 7, 1), hearing_on=date(2025, 10, 1))
    assert dis.cease_appeal_state(plan, date(2025, 7, 2)) == ("running", date(2025, 10, 1))
    record(world, d, "tribunal_order", date(2025, 10, 8), kind="continue")
    assert dis.cease_appeal_state(plan, date(2025, 10, 7))[0] == "running"
    assert dis.cease_appeal_state(plan, date(2025, 10, 8)) == ("determined", date(2025, 10, 8))
    assert dis.report_for(d, date(2025, 10, 9)).facts["continue_to_maintain"]["rule"] == "TRIB-ORDER-CONTINUE"


def test_a_closed_cease_appeal_without_an_order_is_determined(world):
    d = _to_appeal(world)
    d.subject = "cease"
    d.save()
    dis.disagreement_close(actor=world["officer"], disagreement=d, outcome="Appeal withdrawn")
    assert dis.cease_appeal_state(world["plan"])[0] == "determined"


# --------------------------------------------------------------------------------------------- selectors


def test_the_open_list_puts_the_nearest_deadline_first_and_filters_by_subject(world):
    officer = world["officer"]
    late = _to_appeal(world, letter=ago(200))
    record(world, late, "tribunal_order", ago(60), kind="amend")  # 5 weeks passed: overdue
    fresh = open_about(world, letter=ago(10))
    closed = open_about(world, letter=ago(30), subject="section_i")
    dis.disagreement_close(actor=officer, disagreement=closed, outcome="Resolved")
    rows = dis.open_disagreements(user=officer)
    assert [r.disagreement for r in rows] == [late, fresh]
    assert rows[0].overdue and rows[0].status_label == "Overdue" and rows[0].colour == "red"
    assert not rows[1].overdue and rows[1].next.step == "mediation_contact"
    assert [r.disagreement for r in dis.open_disagreements(user=officer, subject="section_i")] == []
    assert {r.disagreement for r in dis.child_disagreements(officer, world["child"])} == {late, fresh, closed}
    assert len(dis.plan_disagreements(officer, world["plan"])) == 3
    assert dis.open_disagreements(user=UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN)) == []


def test_the_panel_renders_a_plans_disagreements(world):
    d = open_about(world, letter=ago(10))
    html = render_to_string("reviews/parts/_disagreements.html",
                            {"disagreements": dis.plan_disagreements(world["officer"], world["plan"])})
    assert reverse("staff:disagreement-detail", kwargs={"pk": d.pk}) in html
    assert "Family contacts the mediation adviser" in html
    family = render_to_string("reviews/parts/_disagreements.html", {
        "disagreements": dis.plan_disagreements(world["parent"], world["plan"]), "audience": "family"})
    assert reverse("family:disagreements", kwargs={"child_pk": world["child"].pk}) in family
    assert "Last day to contact the mediation adviser" in family


# --------------------------------------------------------------------------------------------- access


def test_the_policy_list_agrees_with_its_detail_check_for_every_role(world):
    d = open_about(world, letter=ago(10))
    setting = world["child"].enrolments.first().setting
    users = [world["officer"], world["parent"], UserFactory(role=Role.PARENT),
             UserFactory(role=Role.SENCO, setting=setting), UserFactory(role=Role.EDUCATIONAL_PSYCHOLOGIST),
             UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN), UserFactory(role=Role.TEAM_MANAGER,
                                                                                   scope=Scope.ALL)]
    for user in users:
        assert DisagreementPolicy.can(user, "view", d) == DisagreementPolicy.visible_to(user).filter(pk=d.pk).exists()


def test_another_family_gets_404_and_their_own_family_sees_no_internal_notes(client, sign_in, world):
    d = open_about(world, letter=ago(10), note="Internal: parent angry on the phone")
    url = reverse("family:disagreements", kwargs={"child_pk": world["child"].pk})
    assert sign_in(client, UserFactory(role=Role.PARENT)).get(url).status_code == 404
    client.logout()
    page = sign_in(client, world["parent"]).get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Internal" not in text and "parent angry" not in text
    assert d.get_subject_display() in text
    assert "first contact the mediation adviser by" in text
    assert "information, advice and support service" in text and "Tribunal" in text and "Mediation adviser" in text
    assert AuditEvent.objects.filter(verb="viewed", child_id=world["child"].pk,
                                     summary__contains="disagreements").exists()


def test_a_senco_of_the_childs_school_never_sees_a_disagreement(client, sign_in, world):
    d = open_about(world, letter=ago(10))
    senco = UserFactory(role=Role.SENCO, setting=world["child"].enrolments.first().setting)
    with pytest.raises(Http404):
        DisagreementPolicy.get_or_404(senco, pk=d.pk)
    c = sign_in(client, senco)
    assert c.get(reverse("staff:disagreement-detail", kwargs={"pk": d.pk})).status_code == 403
    assert c.get(reverse("family:disagreements", kwargs={"child_pk": world["child"].pk})).status_code == 403


def test_an_involved_professional_and_an_officer_out_of_scope_get_404(client, sign_in, world):
    d = open_about(world, letter=ago(10))
    psychologist = UserFactory(role=Role.EDUCATIONAL_PSYCHOLOGIST)
    InvolvementFactory(child=world["child"], user=psychologist)
    stranger = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN)
    urls = [reverse("staff:disagreement-detail", kwargs={"pk": d.pk}),
            reverse("staff:disagreement-event", kwargs={"pk": d.pk, "event": "mediation_adviser_contacted"}),
            reverse("staff:disagreement-close", kwargs={"pk": d.pk})]
    c = sign_in(client, psychologist)
    assert c.get(urls[0]).status_code == 404
    client.logout()
    c = sign_in(client, stranger)
    for url in [*urls, reverse("staff:disagreement-new", kwargs={"child_pk": world["child"].pk})]:
        assert c.get(url).status_code == 404, url
    assert world["child"].display_name not in c.get(reverse("staff:disagreement-list")).content.decode()


# --------------------------------------------------------------------------------------------- pages


def test_a_disagreement_goes_from_letter_to_appeal_through_the_pages(client, sign_in, world):
    c = sign_in(client, world["officer"])
    letter = ago(60)
    response = c.post(reverse("staff:disagreement-new", kwargs={"child_pk": world["child"].pk}), {
        "subject": "contents", "summary": "Not enough therapy in section F", **on("decision_letter_on", letter),
        "plan": world["plan"].pk})
    d = Disagreement.objects.get(child=world["child"])
    assert response.status_code == 302 and response.url == reverse("staff:disagreement-detail", kwargs={"pk": d.pk})
    page = c.get(response.url).content.decode()
    assert "MED-CONTACT-2M" in page and "TRIB-APPEAL" in page and "Mediation adviser contacted" in page
    assert AuditEvent.objects.filter(verb="viewed", target_id=str(d.pk), target_type="reviews.disagreement").exists()

    def event_url(name):
        return reverse("staff:disagreement-event", kwargs={"pk": d.pk, "event": name})

    assert c.get(event_url("not_an_event")).status_code == 404

    # A certificate with no contact: the field error is on the page and nothing is saved.
    response = c.post(event_url("mediation_certificate_issued"), on("date", ago(30)))
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text and "before any contact with the mediation adviser" in text
    assert d.events.count() == 1
    # Missing answers get field-level messages.
    text = c.post(event_url("mediation_held"), {"note": ""}).content.decode()
    assert "Enter the date mediation was held" in text and "Select what happened at mediation" in text

    assert c.post(event_url("mediation_declined"), on("date", ago(40))).status_code == 302
    assert c.post(event_url("mediation_certificate_issued"), on("date", ago(38))).status_code == 302
    response = c.post(event_url("appeal_registered"), {**on("date", ago(20)), "issues_appealed": "Section F",
                                                        "time": "16:30"})
    assert response.status_code == 302
    assert d.events.get(event="appeal_registered").data == {"time": "16:30"}
    response = c.post(event_url("hearing_set"), {**on("date", ago(5)), **on("hearing_on", today() + timedelta(30))})
    assert response.status_code == 302
    page = c.get(reverse("staff:disagreement-detail", kwargs={"pk": d.pk})).content.decode()
    assert "Appeal registered: hearing" in page and "Tribunal order" in page
    assert "Section F" in page

    # The Tribunal orders an amendment: compliance shows as a deadline.
    assert c.post(event_url("tribunal_order"), {**on("date", ago(2)), "kind": "amend"}).status_code == 302
    page = c.get(reverse("staff:disagreement-detail", kwargs={"pk": d.pk})).content.decode()
    assert "Complying with the Tribunal&#x27;s order" in page and "TRIB-ORDER-AMEND" in page
    assert "Amended plan issued" in page
    # Closing is refused while the amended plan is owed.
    response = c.post(reverse("staff:disagreement-close", kwargs={"pk": d.pk}), {"outcome": "Done"})
    assert response.status_code == 200 and "We still have to meet a deadline" in response.content.decode()


def test_the_list_page_filters_by_subject_and_highlights_overdue_steps(client, sign_in, world):
    late = _to_appeal(world, letter=ago(200))
    record(world, late, "tribunal_order", ago(60), kind="amend")
    c = sign_in(client, world["officer"])
    page = c.get(reverse("staff:disagreement-list")).content.decode()
    assert "1 disagreement with an overdue step" in page and "govuk-tag--red" in page
    assert world["child"].display_name in page
    page = c.get(reverse("staff:disagreement-list") + "?subject=cease").content.decode()
    assert "There are no open disagreements about this" in page


def test_a_parent_cannot_use_the_staff_pages(client, sign_in, world):
    d = open_about(world, letter=ago(10))
    c = sign_in(client, world["parent"])
    assert c.get(reverse("staff:disagreement-detail", kwargs={"pk": d.pk})).status_code == 403


# --------------------------------------------------------------------------------------------- demo


class _Rollback(Exception):
    pass


def _demo_run(seed: int, on: date) -> tuple[int, list]:
    try:
        with transaction.atomic():
            count = demo_disagreements.write(on=on, rng=random.Random(seed))
            story = [(d.plan_id, d.subject, d.hearing_on, d.outcome,
                      [(e.event, e.date, e.data) for e in d.events.all()]) for d in Disagreement.objects.order_by("pk")]
            for d in Disagreement.objects.all():
                dis.case_for(d, on)  # the engine accepts every history
            raise _Rollback
    except _Rollback:
        return count, story


def test_the_demo_writes_disagreements_in_every_state_the_engine_accepts_deterministically(world):
    for i in range(7):
        issued_plan(issued_on=date(2024, 1 + i, 10))
    on = date(2026, 3, 2)
    count, story = _demo_run(3, on)
    assert count == 7 and len(story) == 7
    assert _demo_run(3, on) == (count, story)
    stages = set()
    count = demo_disagreements.write(on=on, rng=random.Random(3))
    for d in Disagreement.objects.all():
        report = dis.report_for(d, on)
        stages.add(dis.stage_of(d, report))
    assert {"Mediation requested", "Certificate issued: the family may appeal", "Appeal registered",
            "Tribunal order: complying", "Appeal not opposed: complying", "Closed"} <= stages
    assert any(s.startswith("Appeal registered: hearing") for s in stages)
    overdue = [d for d in Disagreement.objects.all() if dis.report_for(d, on).get("amended_plan")
               and dis.report_for(d, on)["amended_plan"].status == "overdue"]
    assert len(overdue) == 1
