"""An assessment taken from request to issued plan through the pages, as the officer, the professionals, the
setting and the family would use them (no JavaScript: plain form posts)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent
from wayfinder.core.dates import today
from wayfinder.ehc.models import Assessment, PlanStatus
from wayfinder.people.tests.factories import CarerFactory, ChildCarerFactory, ChildFactory, SettingFactory

from .factories import good_plan_content

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def on(field: str, d: date) -> dict:
    return {f"{field}_day": d.day, f"{field}_month": d.month, f"{field}_year": d.year}


def ago(days: int) -> date:
    return today() - timedelta(days=days)


@pytest.fixture
def world(client, sign_in):
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL, first_name="Olu", last_name="Adeyemi")
    child = ChildFactory(legal_forename="Leo", legal_surname="Marsh", primary_need="SLCN", caseworker=officer)
    setting = SettingFactory(name="Brook Lane Primary School")
    parent_user = UserFactory(role=Role.PARENT)
    ChildCarerFactory(child=child, carer=CarerFactory(user=parent_user), parental_responsibility=True)
    return {"officer": officer, "child": child, "setting": setting, "parent": parent_user,
            "nurse": UserFactory(role=Role.HEALTH_PROFESSIONAL, first_name="Amal", last_name="Haddad"),
            "senco": UserFactory(role=Role.SENCO, setting=setting)}


def as_user(client, sign_in, user):
    client.logout()
    return sign_in(client, user)


def test_a_case_goes_from_request_to_issued_plan_through_the_pages(client, sign_in, world):
    officer, child, setting = world["officer"], world["child"], world["setting"]
    c = as_user(client, sign_in, officer)

    # The request, with evidence.
    response = c.post(reverse("staff:assessment-new", kwargs={"child_pk": child.pk}), {
        **on("received_on", ago(139)), "request_source": "1", "requested_by": "Jo Marsh, mother",
        "reasons": "Leo's speech is two years behind and school support has not closed the gap.", "consent": "on",
        "evidence": SimpleUploadedFile("school-report.pdf", PDF, content_type="application/pdf"),
    })
    assessment = Assessment.objects.get(child=child)
    assert response.status_code == 302
    assert response.url == reverse("staff:assessment-detail", kwargs={"pk": assessment.pk})
    page = c.get(response.url).content.decode()
    assert "Decide whether to assess" in page and "ASSESS-DECISION" in page

    # The caseload shows it, nearest deadline first.
    assert "Leo Marsh" in c.get(reverse("staff:caseload")).content.decode()

    # Decide to assess: the letter follows.
    response = c.post(reverse("staff:assessment-decide-assess", kwargs={"pk": assessment.pk}), {
        "outcome": "assess", **on("decided_on", ago(110)), "reasons": "The evidence shows needs that may need a plan."})
    assert response.status_code == 302
    letter = c.get(response.url).content.decode()
    assert "We will carry out an education, health and care needs assessment" in letter
    pdf = c.get(response.url + "pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    # Ask health and the school for advice; they answer through their own pages.
    for source, extra in (("health", {"professional": world["nurse"].pk}), ("education", {"setting": setting.pk})):
        response = c.post(reverse("staff:assessment-advice-new", kwargs={"pk": assessment.pk}),
                          {"source": source, **extra, **on("requested_on", ago(108))})
        assert response.status_code == 302, response.content.decode()
    nurse = as_user(client, sign_in, world["nurse"])
    listing = nurse.get(reverse("staff:advice-list")).content.decode()
    assert "Leo Marsh" in listing
    advice = assessment.advice_requests.get(source="health")
    response = nurse.post(reverse("staff:advice-respond", kwargs={"advice_pk": advice.pk}), {
        **on("received_on", ago(90)), "needs": "No health needs affecting learning."})
    assert response.status_code == 302
    senco = as_user(client, sign_in, world["senco"])
    school_advice = assessment.advice_requests.get(source="education")
    assert "Leo Marsh" in senco.get(reverse("setting:requests")).content.decode()
    response = senco.post(reverse("setting:advice", kwargs={"advice_pk": school_advice.pk}), {
        **on("received_on", ago(85)), "needs": "Expressive language well below age.",
        "upload": SimpleUploadedFile("advice.pdf", PDF, content_type="application/pdf")})
    assert response.status_code == 302

    # Decide to issue, write the draft, serve it.
    c = as_user(client, sign_in, officer)
    c.post(reverse("staff:assessment-decide-issue", kwargs={"pk": assessment.pk}), {
        "outcome": "issue", **on("decided_on", ago(60)), "reasons": "Needs cannot be met from ordinary resources."})
    version = assessment.plan.versions.get()
    content = good_plan_content(setting_id=setting.pk)
    response = c.post(reverse("staff:plan-section", kwargs={"pk": assessment.pk, "section": "a"}),
                      {"lock_version": version.lock_version, "text": content["a"]})
    assert response.status_code == 302
    version.refresh_from_db()
    for p in content["provision"]:  # one item at a time, as the page offers one empty item per save
        version.refresh_from_db()
        items = [*version.content["provision"], {**p, "need_refs": ["B1"]}]
        data = {"lock_version": version.lock_version}
        for i, item in enumerate(items, start=1):
            data.update({f"{i}_{k}": item[k] for k in ("what", "who", "frequency", "duration", "group_size",
                                                        "review", "need_refs")})
        response = c.post(reverse("staff:plan-section", kwargs={"pk": assessment.pk, "section": "provision"}), data)
        assert response.status_code == 302
    version.refresh_from_db()
    assert [p["what"] for p in version.content["provision"]] == [p["what"] for p in content["provision"]]
    serve = c.get(reverse("staff:plan-serve", kwargs={"pk": assessment.pk})).content.decode()
    assert "Section D" in serve  # the checks show what is still missing
    response = c.post(reverse("staff:plan-serve", kwargs={"pk": assessment.pk}), on("on", ago(40)))
    assert response.status_code == 302
    c.post(reverse("staff:assessment-consult", kwargs={"pk": assessment.pk}),
           {"setting": setting.pk, "family_preference": "on", **on("sent_on", ago(39))})

    # The family reads the draft and comments; the setting answers the consultation.
    parent = as_user(client, sign_in, world["parent"])
    family_page = parent.get(reverse("family:assessment", kwargs={"pk": assessment.pk})).content.decode()
    assert "Draft plan, version 1" in family_page and "Issue the final plan (20 weeks)" in family_page
    draft_page = parent.get(reverse("family:plan", kwargs={"pk": assessment.pk, "number": 1}))
    assert "Leo loves trains" in draft_page.content.decode()
    response = parent.post(reverse("family:comment", kwargs={"pk": assessment.pk, "number": 1}),
                           {"comments": "Please add help at lunchtimes.", "preferred_setting": setting.pk})
    assert response.status_code == 302
    senco = as_user(client, sign_in, world["senco"])
    consultation = assessment.consultations.get()
    assert "Read the draft plan" in senco.get(reverse("setting:consultation",
                                                      kwargs={"consultation_pk": consultation.pk})).content.decode()
    senco.post(reverse("setting:consultation", kwargs={"consultation_pk": consultation.pk}),
               {"response": "agree", **on("responded_on", ago(30))})

    # Name the setting and issue the final plan.
    c = as_user(client, sign_in, officer)
    version.refresh_from_db()
    c.post(reverse("staff:plan-section", kwargs={"pk": assessment.pk, "section": "placement"}),
           {"lock_version": version.lock_version, "setting": setting.pk, "setting_type": "Mainstream primary school"})
    response = c.post(reverse("staff:plan-finalise", kwargs={"pk": assessment.pk}), on("on", ago(20)))
    assert response.status_code == 302
    version.refresh_from_db()
    final = assessment.plan.versions.order_by("-number").first()
    # Naming the setting after the draft was served made version 2; version 1 is what the family received.
    assert (version.status, final.number, final.status) == (PlanStatus.SERVED, 2, PlanStatus.FINAL)
    changes = c.get(reverse("staff:plan-version", kwargs={"pk": assessment.pk, "number": 2})).content.decode()
    assert "What changed since version 1" in changes and "I: placement" in changes
    page = c.get(reverse("staff:assessment-detail", kwargs={"pk": assessment.pk})).content.decode()
    assert "PLAN-FINAL-20W" in page and "Met" in page
    plan_pdf = c.get(reverse("staff:plan-version-pdf", kwargs={"pk": assessment.pk, "number": 2}))
    assert plan_pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(child_id=child.pk, verb="document_downloaded").exists()


def test_a_decision_without_reasons_shows_an_error_and_saves_nothing(client, sign_in, world):
    c = as_user(client, sign_in, world["officer"])
    c.post(reverse("staff:assessment-new", kwargs={"child_pk": world["child"].pk}), {
        **on("received_on", ago(10)), "request_source": "2", "requested_by": "Brook Lane SENCO",
        "reasons": "Little progress after two years of SEN support.", "consent": "on"})
    assessment = Assessment.objects.get()
    response = c.post(reverse("staff:assessment-decide-assess", kwargs={"pk": assessment.pk}),
                      {"outcome": "not_assess", **on("decided_on", ago(1)), "reasons": ""})
    assert response.status_code == 200
    assert "Enter the reasons for the decision" in response.content.decode()
    assert not assessment.decisions.exists()


def test_a_date_in_the_future_is_refused_on_the_request_form(client, sign_in, world):
    c = as_user(client, sign_in, world["officer"])
    response = c.post(reverse("staff:assessment-new", kwargs={"child_pk": world["child"].pk}), {
        **on("received_on", today() + timedelta(days=3)), "request_source": "1", "requested_by": "Jo Marsh",
        "reasons": "Speech delay", "consent": "on"})
    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_refusal_letter_sets_out_appeal_rights_mediation_and_the_advice_service(client, sign_in, world):
    c = as_user(client, sign_in, world["officer"])
    c.post(reverse("staff:assessment-new", kwargs={"child_pk": world["child"].pk}), {
        **on("received_on", ago(20)), "request_source": "1", "requested_by": "Jo Marsh, mother",
        "reasons": "Worried about reading", "consent": "on"})
    assessment = Assessment.objects.get()
    response = c.post(reverse("staff:assessment-decide-assess", kwargs={"pk": assessment.pk}), {
        "outcome": "not_assess", **on("decided_on", ago(2)),
        "reasons": "School's SEN support is working: reading age rose 14 months in 6 months."})
    letter = c.get(response.url).content.decode()
    for words in ("right to appeal", "mediation adviser within 2 months", "SENDIASS", "regulations 5(3)"):
        assert words in letter


def test_a_family_cannot_see_another_familys_assessment_and_staff_in_another_area_cannot_either(
        client, sign_in, world):
    c = as_user(client, sign_in, world["officer"])
    c.post(reverse("staff:assessment-new", kwargs={"child_pk": world["child"].pk}), {
        **on("received_on", ago(20)), "request_source": "1", "requested_by": "Jo Marsh",
        "reasons": "Speech delay", "consent": "on"})
    assessment = Assessment.objects.get()
    stranger = as_user(client, sign_in, UserFactory(role=Role.PARENT))
    assert stranger.get(reverse("family:assessment", kwargs={"pk": assessment.pk})).status_code == 404
    other_officer = as_user(client, sign_in, UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN))
    assert other_officer.get(reverse("staff:assessment-detail", kwargs={"pk": assessment.pk})).status_code == 404
