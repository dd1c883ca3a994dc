"""A review taken through the pages as its users would (plain form posts, no JavaScript): the SENCO convenes it
and sends the report, the officer drafts the amendments and decides, the family comments, the officer issues
the amended plan (CAFA 2014 s44; SEND Regs 2014 regs 20–22)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent
from wayfinder.core.dates import today
from wayfinder.ehc.models import PlanStatus, PlanVersion, Representation
from wayfinder.people.tests.factories import CarerFactory, ChildCarerFactory, LocalityFactory, SettingFactory
from wayfinder.reviews.models import Review, ReviewEvent

from .factories import issued_plan

pytestmark = pytest.mark.django_db


def on(field: str, d: date) -> dict:
    return {f"{field}_day": d.day, f"{field}_month": d.month, f"{field}_year": d.year}


def ago(days: int) -> date:
    return today() - timedelta(days=days)


@pytest.fixture
def world():
    locality = LocalityFactory(name="High Peak")
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL, first_name="Olu", last_name="Adeyemi")
    school = SettingFactory(name="Brook Lane Primary School", locality=locality)
    plan = issued_plan(setting=school, issued_on=ago(360), caseworker=officer, legal_forename="Leo",
                       legal_surname="Marsh", locality=locality)
    parent = UserFactory(role=Role.PARENT)
    ChildCarerFactory(child=plan.child, carer=CarerFactory(user=parent, given_name="Jo", family_name="Marsh"),
                      parental_responsibility=True)
    return {"officer": officer, "plan": plan, "school": school, "parent": parent,
            "senco": UserFactory(role=Role.SENCO, setting=school)}


def as_user(client, sign_in, user):
    client.logout()
    return sign_in(client, user)


def ok(response):
    if response.status_code != 302:
        page = response.content.decode()
        start = page.find("govuk-error-summary")
        raise AssertionError(page[start:start + 1500] if start >= 0 else f"status {response.status_code}")
    return response


def test_a_review_goes_from_meeting_to_amended_plan_through_the_pages(client, sign_in, world):
    plan, senco, officer = world["plan"], world["senco"], world["officer"]
    c = as_user(client, sign_in, senco)
    listing = c.get(reverse("setting:reviews"))
    assert "Leo Marsh" in listing.content.decode()
    ok(c.post(reverse("setting:review-new", kwargs={"plan_pk": plan.pk}), {"kind": "annual"}))
    review = Review.objects.get(plan=plan)
    steps = {name: reverse(f"setting:review-{name}", kwargs={"pk": review.pk})
             for name in ("arrange", "invite", "advice", "circulate", "meeting", "report")}
    ok(c.post(steps["arrange"], {**on("meeting_on", ago(50)), "place": "Brook Lane meeting room"}))
    invite_page = c.get(steps["invite"]).content.decode()
    assert "Jo Marsh (Parent or carer)" in invite_page and "Olu Adeyemi" in invite_page
    ok(c.post(steps["invite"], {**on("sent_on", ago(70)), "known": ["0", "1", "2"],
                                "name_1": "Dr Amal Haddad", "kind_1": "health"}))
    ok(c.post(steps["advice"], {"source": "education", "from_name": "Class teacher", **on("received_on", ago(66)),
                                "advice": "Leo now retells a story using three linking words."}))
    ok(c.post(steps["circulate"], on("circulated_on", ago(65))))
    ok(c.post(steps["meeting"], on("held_on", ago(50))))
    ok(c.post(steps["report"], {"views": "Leo enjoys the lunch club.", "progress": "E1 partly met.",
                                "provision": "Therapy delivered weekly.", "recommendation": "amend",
                                "recommended_changes": "Add a writing outcome.", **on("sent_on", ago(40))}))
    detail = c.get(reverse("setting:review-detail", kwargs={"pk": review.pk})).content.decode()
    assert "/decide/" not in detail  # the decision is the authority's

    c = as_user(client, sign_in, officer)
    radar = c.get(reverse("staff:review-radar") + "?show=all").content.decode()
    assert "Leo Marsh" in radar and "Report sent" in radar
    assert c.get(reverse("staff:review-detail", kwargs={"pk": review.pk})).status_code == 200
    editor = c.post(reverse("staff:review-amend", kwargs={"pk": review.pk}))
    assert editor.url == reverse("staff:plan-edit", kwargs={"pk": plan.assessment_id})
    page = c.get(editor.url).content.decode()
    assert "Proposed amendments, version 2" in page and "Serve the draft" not in page
    draft = PlanVersion.objects.get(plan=plan, number=2)
    ok(c.post(reverse("staff:plan-section", kwargs={"pk": plan.assessment_id, "section": "a"}),
              {"text": "Leo loves trains and now wants to write his own stories.", "lock_version": draft.lock_version}))
    ok(c.post(reverse("staff:review-decide", kwargs={"pk": review.pk}), {
        "outcome": "amend", "reasons": "Leo's aspirations have changed; section A is updated.",
        **on("decided_on", ago(30))}))
    draft.refresh_from_db()
    assert draft.status == PlanStatus.SERVED

    c = as_user(client, sign_in, world["parent"])
    family = c.get(reverse("family:review", kwargs={"pk": review.pk})).content.decode()
    assert "Comment on the proposed changes" in family
    ok(c.post(reverse("family:comment", kwargs={"pk": plan.assessment_id, "number": draft.number}),
              {"comments": "Please keep the lunch club."}))
    assert Representation.objects.filter(version=draft).exists()

    c = as_user(client, sign_in, officer)
    officer_view = c.get(reverse("staff:review-detail", kwargs={"pk": review.pk})).content.decode()
    assert "Please keep the lunch club." in officer_view
    ok(c.post(reverse("staff:review-issue", kwargs={"pk": review.pk}), on("issued_on", ago(10))))
    draft.refresh_from_db()
    assert draft.status == PlanStatus.FINAL
    assert {e.event for e in ReviewEvent.objects.filter(review=review)} >= {
        "review_meeting_arranged", "review_invitations_sent", "review_advice_circulated", "review_meeting_held",
        "review_report_sent", "review_decision_sent", "amendment_proposals_sent", "final_amended_plan_issued"}
    assert AuditEvent.objects.filter(target_type="reviews.review", target_id=str(review.pk),
                                     verb="viewed").exists()


def test_a_decision_posted_with_no_outcome_shows_the_error_and_saves_nothing(client, sign_in, world):
    plan, officer = world["plan"], world["officer"]
    c = as_user(client, sign_in, officer)
    ok(c.post(reverse("staff:review-new", kwargs={"plan_pk": plan.pk}), {"kind": "annual"}))
    review = Review.objects.get(plan=plan)
    ok(c.post(reverse("staff:review-meeting", kwargs={"pk": review.pk}), on("held_on", ago(5))))
    response = c.post(reverse("staff:review-decide", kwargs={"pk": review.pk}),
                      {"reasons": "Fine", **on("decided_on", ago(1))})
    assert response.status_code == 200
    assert "Select the decision: maintain, amend or cease the plan" in response.content.decode()
    assert not ReviewEvent.objects.filter(event="review_decision_sent").exists()


def test_a_meeting_dated_before_the_plan_shows_the_error(client, sign_in, world):
    plan, officer = world["plan"], world["officer"]
    c = as_user(client, sign_in, officer)
    ok(c.post(reverse("staff:review-new", kwargs={"plan_pk": plan.pk}), {"kind": "annual"}))
    review = Review.objects.get(plan=plan)
    response = c.post(reverse("staff:review-meeting", kwargs={"pk": review.pk}), on("held_on", ago(400)))
    assert response.status_code == 200 and "cannot be before the date the plan was issued" in response.content.decode()
    assert not ReviewEvent.objects.exists()


def test_other_people_cannot_see_the_review(client, sign_in, world):
    plan, officer = world["plan"], world["officer"]
    c = as_user(client, sign_in, officer)
    ok(c.post(reverse("staff:review-new", kwargs={"plan_pk": plan.pk}), {"kind": "annual"}))
    review = Review.objects.get(plan=plan)
    outsiders = [
        ("family:review", UserFactory(role=Role.PARENT)),
        ("setting:review-detail", UserFactory(role=Role.SENCO, setting=SettingFactory())),
        ("staff:review-detail", UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.LOCALITY)),
    ]
    for name, user in outsiders:
        c = as_user(client, sign_in, user)
        assert c.get(reverse(name, kwargs={"pk": review.pk})).status_code == 404, name
    c = as_user(client, sign_in, outsiders[2][1])
    assert c.get(reverse("staff:plan-detail", kwargs={"plan_pk": plan.pk})).status_code == 404
    assert "Leo Marsh" not in c.get(reverse("staff:review-radar") + "?show=all").content.decode()


def test_the_radar_lists_overdue_plans_oldest_first_with_counts(client, sign_in, world):
    officer, school = world["officer"], world["school"]
    issued_plan(setting=school, issued_on=ago(500), caseworker=officer, legal_forename="Ada", legal_surname="Old",
                locality=world["plan"].child.locality)
    issued_plan(setting=school, issued_on=ago(380), caseworker=officer, legal_forename="Ben", legal_surname="Late",
                locality=world["plan"].child.locality)
    c = as_user(client, sign_in, officer)
    page = c.get(reverse("staff:review-radar")).content.decode()
    assert page.index("Ada Old") < page.index("Ben Late")
    assert "Leo Marsh" not in page  # due in 5 days, not overdue
    assert "2 of 3 plans overdue" in page


def test_the_officer_consults_a_school_and_it_answers_through_its_pages(client, sign_in, world):
    plan, officer = world["plan"], world["officer"]
    secondary = SettingFactory(name="Hope Valley College")
    head = UserFactory(role=Role.SENCO, setting=secondary)
    c = as_user(client, sign_in, officer)
    ok(c.post(reverse("staff:review-new", kwargs={"plan_pk": plan.pk}), {"kind": "annual"}))
    review = Review.objects.get(plan=plan)
    ok(c.post(reverse("staff:review-meeting", kwargs={"pk": review.pk}), on("held_on", ago(5))))
    ok(c.post(reverse("staff:review-consult", kwargs={"pk": review.pk}),
              {"setting": secondary.pk, **on("sent_on", ago(4))}))
    consultation = review.consultations.get()
    c = as_user(client, sign_in, head)
    listing = c.get(reverse("setting:reviews")).content.decode()
    assert "Asked to be named in a plan after a review" in listing and "Leo Marsh" in listing
    page = reverse("setting:review-consultation", kwargs={"pk": consultation.pk})
    assert "Speech and language therapy" in c.get(page).content.decode()
    ok(c.post(page, {"response": "agree", **on("responded_on", ago(1))}))
    consultation.refresh_from_db()
    assert consultation.response == "agree"
    c = as_user(client, sign_in, world["senco"])  # the current school was not consulted
    assert c.get(page).status_code == 404


def test_a_child_under_5_has_the_councils_earlier_review_date_on_the_radar(client, sign_in, world, settings):
    from wayfinder.statutory.calendar import period_of_months_beginning_with

    settings.WAYFINDER_UNDER5_REVIEW_MONTHS = 3
    issued_plan(setting=world["school"], issued_on=ago(40), caseworker=world["officer"], legal_forename="Tia",
                legal_surname="Young", date_of_birth=ago(3 * 365), locality=world["plan"].child.locality)
    c = as_user(client, sign_in, world["officer"])
    page = c.get(reverse("staff:review-radar") + "?show=due_soon").content.decode()
    due = period_of_months_beginning_with(ago(40), 3)
    assert "Tia Young" in page and f"Under 5: the council reviews by {due.day} {due:%b %Y}" in page
    assert "Leo Marsh" in page  # due within 3 months by the statutory 12 months


@pytest.mark.parametrize("outcome", ["maintain", "cease"])
def test_the_decision_letter_says_what_was_decided_and_how_to_appeal(client, sign_in, world, outcome):
    from wayfinder.reviews import services

    plan, officer = world["plan"], world["officer"]
    review = services.review_start(actor=officer, plan=plan)
    services.review_meeting_record(actor=officer, review=review, held_on=ago(20))
    services.review_decide(actor=officer, review=review, outcome=outcome, reasons="Needs now met at SEN support.",
                           decided_on=ago(10), cease_reason="2" if outcome == "cease" else "",
                           family_consulted_on=ago(15) if outcome == "cease" else None)
    c = as_user(client, sign_in, officer)
    letter = c.get(reverse("staff:review-letter", kwargs={"pk": review.pk})).content.decode()
    assert "Needs now met at SEN support." in letter and "Jo Marsh" in letter
    if outcome == "cease":
        assert "We intend to stop maintaining Leo" in letter and "within 2 months" in letter
        assert "regulation 31(2)" in letter
    else:
        assert "We will keep Leo" in letter and "If you disagree" not in letter
    c = as_user(client, sign_in, world["parent"])
    pdf = c.get(reverse("family:review-letter-pdf", kwargs={"pk": review.pk}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(verb="document_downloaded", target_id=str(review.pk)).exists()


def test_there_is_no_letter_before_the_decision(client, sign_in, world):
    from wayfinder.reviews import services

    review = services.review_start(actor=world["officer"], plan=world["plan"])
    c = as_user(client, sign_in, world["officer"])
    assert c.get(reverse("staff:review-letter", kwargs={"pk": review.pk})).status_code == 404
