"""Who can open which assessment page (architecture principle 3): each list agrees with its detail page, a
case you may not see is 404, another audience's page is 403, and a draft not yet served is for staff only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent
from wayfinder.core.dates import today
from wayfinder.ehc import services
from wayfinder.ehc.policies import AdviceRequestPolicy, AssessmentPolicy, ConsultationPolicy, PlanVersionPolicy
from wayfinder.people.tests.factories import CarerFactory, ChildCarerFactory, ChildFactory, SettingFactory

from .factories import good_plan_content

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def ago(days: int):
    return today() - timedelta(days=days)


@pytest.fixture
def case():
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN)
    child = ChildFactory(caseworker=officer)
    parent = UserFactory(role=Role.PARENT)
    ChildCarerFactory(child=child, carer=CarerFactory(user=parent))
    consulted = SettingFactory()
    assessment = services.assessment_request_create(
        actor=officer, child=child, received_on=ago(100), request_source="1", requested_by="Parent",
        reasons="Speech delay", consent=True,
        evidence=[SimpleUploadedFile("evidence.pdf", PDF, content_type="application/pdf")])
    services.assessment_decide_whether_to_assess(actor=officer, assessment=assessment, outcome="assess",
                                                 decided_on=ago(90), reasons="Evidence of need")
    nurse = UserFactory(role=Role.HEALTH_PROFESSIONAL)
    advice = services.advice_request_send(actor=officer, assessment=assessment, source="health",
                                          requested_on=ago(89), professional=nurse)
    services.assessment_decide_whether_to_issue(actor=officer, assessment=assessment, outcome="issue",
                                                decided_on=ago(40), reasons="Needs a plan")
    version = services.current_version(assessment)
    services.plan_version_update(actor=officer, version=version, lock_version=version.lock_version,
                                 content=good_plan_content())
    return {"officer": officer, "parent": parent, "nurse": nurse, "assessment": assessment, "advice": advice,
            "version": services.current_version(assessment), "consulted": consulted,
            "senco": UserFactory(role=Role.SENCO, setting=consulted)}


def test_each_policy_list_agrees_with_its_detail_check_for_every_role(case):
    users = [case["officer"], case["parent"], case["nurse"], case["senco"],
             UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN), UserFactory(role=Role.PARENT),
             UserFactory(role=Role.STRATEGIC_LEAD, scope=Scope.ALL)]
    for policy, obj in ((AssessmentPolicy, case["assessment"]), (AdviceRequestPolicy, case["advice"]),
                        (PlanVersionPolicy, case["version"])):
        for user in users:
            assert policy.can(user, "view", obj) == policy.visible_to(user).filter(pk=obj.pk).exists()


def test_the_family_sees_the_case_but_not_an_unserved_draft(client, sign_in, case):
    c = sign_in(client, case["parent"])
    assessment = case["assessment"]
    assert c.get(reverse("family:assessment", kwargs={"pk": assessment.pk})).status_code == 200
    assert c.get(reverse("family:plan", kwargs={"pk": assessment.pk, "number": 1})).status_code == 404
    services.plan_draft_serve(actor=case["officer"], version=case["version"], served_on=ago(5))
    assert c.get(reverse("family:plan", kwargs={"pk": assessment.pk, "number": 1})).status_code == 200
    # Within the 15 days, the family's page offers the comment form.
    family_page = c.get(reverse("family:assessment", kwargs={"pk": assessment.pk})).content.decode()
    assert "Comment on the draft plan" in family_page
    assert c.get(reverse("staff:assessment-detail", kwargs={"pk": assessment.pk})).status_code == 403


def test_a_setting_sees_the_draft_only_once_it_is_consulted(client, sign_in, case):
    assessment, senco = case["assessment"], case["senco"]
    services.plan_draft_serve(actor=case["officer"], version=case["version"], served_on=ago(5))
    assert not ConsultationPolicy.visible_to(senco).exists()
    assert not PlanVersionPolicy.visible_to(senco).exists()
    consultation = services.consultation_send(actor=case["officer"], assessment=assessment,
                                              setting=case["consulted"], sent_on=ago(4))
    c = sign_in(client, senco)
    assert c.get(reverse("setting:consultation", kwargs={"consultation_pk": consultation.pk})).status_code == 200
    assert c.get(reverse("setting:plan", kwargs={"consultation_pk": consultation.pk, "number": 1})).status_code == 200
    # The child is not on the school's roll, so the record itself stays closed to it.
    assert c.get(reverse("setting:child-detail", kwargs={"pk": assessment.child_id})).status_code == 404


def test_the_professional_asked_sees_their_request_and_another_does_not(client, sign_in, case):
    advice = case["advice"]
    assert sign_in(client, case["nurse"]).get(
        reverse("staff:advice-respond", kwargs={"advice_pk": advice.pk})).status_code == 200
    client.logout()
    other = UserFactory(role=Role.HEALTH_PROFESSIONAL)
    assert sign_in(client, other).get(
        reverse("staff:advice-respond", kwargs={"advice_pk": advice.pk})).status_code == 404


def test_an_officer_outside_the_case_gets_404_for_its_letters_plan_and_documents(client, sign_in, case):
    assessment = case["assessment"]
    decision = assessment.decisions.first()
    document = assessment.documents.get()
    c = sign_in(client, UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN))
    for name, kwargs in (("staff:assessment-detail", {}), ("staff:letter", {"decision_pk": decision.pk}),
                         ("staff:plan-edit", {}), ("staff:assessment-document", {"document_pk": document.pk})):
        assert c.get(reverse(name, kwargs={"pk": assessment.pk, **kwargs})).status_code == 404, name


def test_downloading_a_document_is_authorised_and_logged(client, sign_in, case):
    assessment = case["assessment"]
    document = assessment.documents.get()
    response = sign_in(client, case["officer"]).get(
        reverse("staff:assessment-document", kwargs={"pk": assessment.pk, "document_pk": document.pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(verb="document_downloaded", target_id=str(document.pk)).exists()
