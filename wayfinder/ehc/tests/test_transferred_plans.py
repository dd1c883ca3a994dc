"""A plan transferred in from another authority (SEND Regs 2014 reg 15): its case is an ``Assessment`` with
origin ``transferred_plan`` that was assessed by the old authority, so it has no assessment clocks here, is not
on any caseload, refuses every assessment step, and gives SEN2 ``TransferLA`` instead of the request and
assessment modules. The plan itself is treated as made here on the date the old authority made it (reg 15(3)(a))
and is changed by amendment after a review."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.ehc import selectors, services
from wayfinder.ehc.clocks import report_for
from wayfinder.ehc.models import AdviceSource, Assessment, ClockEvent, Decision
from wayfinder.people.models import LocalAuthority
from wayfinder.people.tests.factories import CarerFactory, ChildCarerFactory, ChildFactory, SettingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL)


@pytest.fixture
def manager():
    return UserFactory(role=Role.TEAM_MANAGER, scope=Scope.ALL)


@pytest.fixture
def notts():
    return LocalAuthority.objects.create(code="891", gss_code="E10000024", name="Nottinghamshire")


@pytest.fixture
def school():
    return SettingFactory(name="Hill Top Primary", urn="112233")


@pytest.fixture
def transferred(officer, notts, school):
    child = ChildFactory(primary_need="ASD", secondary_need="SLCN", caseworker=officer)
    plan = services.transferred_plan_create(actor=officer, child=child, other_la=notts,
                                            transferred_on=date(2025, 9, 1), made_on=date(2024, 3, 1),
                                            setting=school)
    return plan.assessment


def test_a_transferred_plan_has_no_clock_events_and_no_assessment_clocks(transferred):
    assert transferred.origin == "transferred_plan" and transferred.is_transferred_plan
    assert not ClockEvent.objects.filter(assessment=transferred).exists()
    report = report_for(transferred, date(2025, 10, 1))
    assert report.deadlines == () and report.next_deadline is None and report.get("final_plan") is None
    assert not report.week20_exception and report.within_20_weeks is None


def test_a_transferred_plan_is_not_on_the_caseload_or_the_team_workload(officer, manager, transferred):
    assert selectors.caseload(user=officer) == []
    assert selectors.caseload(user=manager, mine=False) == []
    assert selectors.team_workload(user=manager) == []


def test_a_transferred_plan_is_not_an_assessment_in_progress(officer, transferred):
    again = services.assessment_request_create(
        actor=officer, child=transferred.child, received_on=date(2025, 10, 1), request_source="1",
        requested_by="Parent", reasons="A re-assessment is asked for", consent=True)
    assert again.origin == "request"


def test_every_assessment_step_refuses_a_transferred_plan(officer, manager, transferred, school):
    version = transferred.plan.versions.get()
    message = "This plan was transferred from Nottinghamshire: it was assessed there"
    steps = [
        lambda: services.assessment_decide_whether_to_assess(actor=officer, assessment=transferred, outcome="assess",
                                                             decided_on=date(2025, 9, 10), reasons="Needs"),
        lambda: services.assessment_decide_whether_to_issue(actor=officer, assessment=transferred, outcome="issue",
                                                            decided_on=date(2025, 9, 10), reasons="Needs"),
        lambda: services.advice_request_send(actor=officer, assessment=transferred, source=AdviceSource.EDUCATION,
                                             requested_on=date(2025, 9, 10), setting=school),
        lambda: services.exception_record(actor=manager, assessment=transferred, kind="personal_circumstances",
                                          start=date(2025, 9, 10), end=date(2025, 9, 20), reason="Illness"),
        lambda: services.consultation_send(actor=officer, assessment=transferred, setting=school,
                                           sent_on=date(2025, 9, 10)),
        lambda: services.plan_draft_serve(actor=officer, version=version, served_on=date(2025, 9, 10)),
        lambda: services.plan_finalise(actor=officer, version=version, issued_on=date(2025, 9, 10)),
        lambda: services.assessment_withdraw(actor=officer, assessment=transferred, withdrawn_on=date(2025, 9, 10),
                                             reason="Moved"),
    ]
    for step in steps:
        with pytest.raises(ValidationError, match=message):
            step()
    assert not ClockEvent.objects.filter(assessment=transferred).exists()
    assert not Decision.objects.exists()
    transferred.refresh_from_db()
    assert transferred.withdrawn_reason == ""


def test_the_plan_editor_and_amendments_keep_working_on_a_transferred_plan(officer, transferred):
    plan = transferred.plan
    draft = services.plan_amendment_start(actor=officer, plan=plan)
    content = {**draft.content, "g": "Speech and language therapy, weekly"}
    updated = services.plan_version_update(actor=officer, version=draft, lock_version=draft.lock_version,
                                           content=content)
    assert updated.content["g"] == "Speech and language therapy, weekly"


def test_the_transferred_plan_names_the_setting_and_the_childs_needs(transferred, school):
    content = transferred.plan.versions.get().content
    assert content["placement"]["setting_id"] == school.pk
    assert [(n["sen_type"], n["rank"]) for n in content["needs"]] == [("ASD", 1), ("SLCN", 2)]
    assert "regulation 15(3)(a)" in content["a"]


def test_sen2_gives_transfer_la_and_the_named_plan_not_the_request(transferred):
    # data-standards §1.3: TransferLA (format U: the old authority's 3-digit DfE code); StartDate the date the
    # plan was made (reg 15(3)(a)); no module 2 or 3 items.
    assert selectors.sen2_items(transferred) == {
        "TransferLA": "891", "StartDate": "2024-03-01", "PlanDetail": [{"PlacementRank": 1, "URN": "112233"}],
        "SENneed": [{"SENtype": "ASD", "SENtypeRank": 1}, {"SENtype": "SLCN", "SENtypeRank": 2}]}


def test_the_staff_page_shows_the_transfer_panel_and_no_clocks(client, sign_in, officer, transferred):
    sign_in(client, officer)
    page = client.get(reverse("staff:assessment-detail", kwargs={"pk": transferred.pk})).content.decode()
    assert "A plan transferred from Nottinghamshire" in page
    assert "1 September 2025" in page and "1 March 2024" in page and "regulation 15(3)(a)" in page
    assert reverse("staff:plan-detail", kwargs={"plan_pk": transferred.plan.pk}) in page
    assert "Legal deadlines" not in page and "Decide whether to assess" not in page
    assert reverse("staff:assessment-advice-new", kwargs={"pk": transferred.pk}) not in page
    child_page = client.get(reverse("staff:child-detail", kwargs={"pk": transferred.child_id})).content.decode()
    assert "plan transferred from Nottinghamshire" in child_page


def test_the_assessment_step_pages_are_refused_for_a_transferred_plan(client, sign_in, officer, transferred):
    sign_in(client, officer)
    for name in ("staff:assessment-decide-assess", "staff:assessment-decide-issue", "staff:assessment-advice-new",
                 "staff:assessment-withdraw", "staff:assessment-consult", "staff:plan-serve", "staff:plan-finalise"):
        assert client.get(reverse(name, kwargs={"pk": transferred.pk})).status_code == 403, name
    assert client.get(reverse("staff:plan-edit", kwargs={"pk": transferred.pk})).status_code == 200


def test_the_family_page_shows_the_transfer_and_no_assessment_dates(client, sign_in, transferred):
    parent = UserFactory(role=Role.PARENT)
    ChildCarerFactory(child=transferred.child, carer=CarerFactory(user=parent), parental_responsibility=True)
    sign_in(client, parent)
    page = client.get(reverse("family:assessment", kwargs={"pk": transferred.pk})).content.decode()
    assert "transferred to us from Nottinghamshire on 1 September 2025" in page
    assert "The dates the law sets" not in page and "(20 weeks)" not in page
    assert reverse("family:child-detail", kwargs={"pk": transferred.child_id}) in page


def test_nothing_is_saved_when_the_transferred_plan_cannot_be_made(officer, notts):
    child = ChildFactory()
    with pytest.raises(ValidationError) as error:
        services.transferred_plan_create(actor=officer, child=child, other_la=notts, transferred_on=date(2025, 9, 1),
                                         made_on=date(2024, 3, 1))
    assert "setting" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.transferred_plan_create(actor=officer, child=child, other_la=notts, transferred_on=date(2025, 9, 1),
                                         made_on=date(2025, 9, 2), setting_type="Special school")
    assert "made_on" in error.value.message_dict
    assert not Assessment.objects.exists()
