"""The carers' one-stop shop through its pages, as people use them (plain form posts, no JavaScript): a carer
asks a question and follows it by its private link while the team reads, takes and answers it; a carer asks
for an assessment and sees each step the team records; who may see the staff pages; bad input changes nothing.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wayfinder.accounts.models import Role
from wayfinder.accounts.tests.factories import TeamFactory, UserFactory
from wayfinder.audit.models import AuditEvent, Verb
from wayfinder.core.dates import today
from wayfinder.directory import carers
from wayfinder.directory.models import CarerAssessmentRequest, Question

from .factories import ServiceFactory, term

pytestmark = pytest.mark.django_db

QUESTION = {"name": "Jo Marsh", "email": "jo@example.org", "phone": "", "relationship": "parent_carer",
            "topic": "benefits", "question": "Can I get Carer's Allowance if I work part time?"}
REQUEST = {"kind": "parent_carer", "name": "Sam Patel", "email": "sam@example.org", "phone": "",
           "postcode": "de4 3ag", "cared_for": "My daughter, who is 12", "caring_role": "Personal care at night."}


def on(field: str, d: date) -> dict:
    return {f"{field}_day": d.day, f"{field}_month": d.month, f"{field}_year": d.year}


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def as_user(client, sign_in, user):
    client.logout()
    return sign_in(client, user)


def token_from(response) -> str:
    return response["Location"].rstrip("/").rsplit("/", 1)[1]


@pytest.fixture
def team():
    return carers.ask_us_team()


@pytest.fixture
def member(team):
    return UserFactory(role=Role.SOCIAL_CARE, team=team, first_name="Rob", last_name="Fearn")


def test_the_carers_section_shows_each_category_its_services_and_the_promise(client):
    sitting = ServiceFactory(name="Peak Sitting Service", terms=[term("breaks-respite", "category")])
    ServiceFactory(name="Draft Respite", terms=[term("breaks-respite", "category")], published=False)
    page = text(client.get(reverse("localoffer:carers")))
    for name in ("Breaks and respite", "Peer support groups", "Benefits and entitlements", "Carer's assessments",
                 "Parent carer needs assessments", "Young carers"):
        assert name in page
    assert "Peak Sitting Service" in page and "Draft Respite" not in page
    assert 'href="/local-offer/services/?category=breaks-respite"' in page
    assert f'href="/local-offer/services/{sitting.pk}/"' in page
    assert reverse("localoffer:ask") in page and reverse("localoffer:carer-assessment") in page
    assert "We answer within 5 working days" in page
    assert page.count("<h1") == 1


def test_a_carer_asks_a_question_and_sees_it_read_owned_and_answered(client, sign_in, member):
    form = client.get(reverse("localoffer:ask"))
    assert "Ask us a question" in text(form) and 'name="relationship"' in text(form)
    response = client.post(reverse("localoffer:ask"), QUESTION)
    assert response.status_code == 302
    token = token_from(response)
    question = Question.objects.get()
    assert question.topic == term("benefits", "category") and question.token_hash != token
    status_url = reverse("localoffer:ask-status", kwargs={"token": token})
    assert response["Location"] == status_url

    confirmation = text(client.get(status_url))
    assert "Question sent" in confirmation and question.reference in confirmation
    assert f"by {carers.in_words(carers.answer_by(question))}" in confirmation
    assert f"http://testserver{status_url}" in confirmation
    assert len(mail.outbox) == 1 and f"http://testserver{status_url}" in mail.outbox[0].body

    later = text(client.get(status_url))
    assert "Question sent" not in later and "Not read yet" in later
    assert "Can I get Carer's Allowance if I work part time?" in later
    views = AuditEvent.objects.filter(verb=Verb.VIEWED, target_id=str(question.pk), actor__isnull=True)
    assert views.count() == 2 and "private link" in views.first().summary

    staff = as_user(client, sign_in, member)
    assert question.reference in text(staff.get(reverse("staff:carers-questions")))
    detail_url = reverse("staff:carers-question", kwargs={"pk": question.pk})
    assert "Can I get Carer" in text(staff.get(detail_url))
    staff.post(reverse("staff:carers-question-assign", kwargs={"pk": question.pk}), {"owner": member.pk})
    question.refresh_from_db()
    assert question.owner == member and question.read_on is not None

    client.logout()
    seen = text(client.get(status_url))
    assert "Local Offer and carers' information service — Rob Fearn" in seen
    assert f"Read on {carers.in_words(timezone.localdate(question.read_on))}" in seen

    staff = as_user(client, sign_in, member)
    answered = staff.post(reverse("staff:carers-question-answer", kwargs={"pk": question.pk}),
                          {"answer": "Yes, if you earn under the limit. Ring us for a benefits check."})
    assert answered.status_code == 302
    assert "Ring us for a benefits check" in mail.outbox[-1].body

    client.logout()
    final = text(client.get(status_url))
    assert "Our answer" in final and "Ring us for a benefits check" in final and "Answered" in final


def test_a_wrong_token_is_not_found(client, team):
    client.post(reverse("localoffer:ask"), QUESTION)
    client.post(reverse("localoffer:carer-assessment"), REQUEST)
    assert client.get(reverse("localoffer:ask-status", kwargs={"token": "not-the-token"})).status_code == 404
    assert client.get(reverse("localoffer:carer-assessment-status", kwargs={"token": "nope"})).status_code == 404


def test_an_overdue_question_tells_the_asker_it_has_been_escalated(client, team):
    question, token = carers.question_ask(name="Jo", email="jo@example.org", relationship="adult_carer", topic=None,
                                          question="Where can I get a break?", on=today() - timedelta(days=30))
    page = text(client.get(reverse("localoffer:ask-status", kwargs={"token": token})))
    assert "overdue" in page and "escalated to the service manager" in page


@pytest.mark.parametrize(("change", "message"), [
    ({"email": "", "phone": ""}, "Enter an email address or a phone number, so we can reply"),
    ({"email": "not-an-email"}, "Enter an email address in the correct format"),
    ({"phone": "ring me", "email": ""}, "Enter a phone number"),
    ({"relationship": ""}, "Select which of these describes you"),
    ({"question": ""}, "Enter your question"),
    ({"question": "x" * 5001}, "Your question must be 5,000 characters or fewer"),
    ({"topic": "asd"}, "Select a topic from the list"),
])
def test_a_question_with_bad_input_shows_the_error_summary_and_stores_nothing(client, change, message):
    response = client.post(reverse("localoffer:ask"), {**QUESTION, **change})
    page = text(response)
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page
    assert "<title>Error: Ask us a question" in page
    assert not Question.objects.exists() and mail.outbox == []


def test_a_carer_asks_for_an_assessment_and_sees_each_step(client, sign_in, member):
    form = text(client.get(reverse("localoffer:carer-assessment")))
    assert "Children Act 1989 s17ZD" in form and "govuk-radios__hint" in form
    response = client.post(reverse("localoffer:carer-assessment"), REQUEST)
    assert response.status_code == 302
    status_url = response["Location"]
    row = CarerAssessmentRequest.objects.get()
    assert row.postcode == "DE4 3AG"
    first = text(client.get(status_url))
    assert "Request sent" in first and row.reference in first
    assert f"by {carers.in_words(carers.contact_by(row))}" in first
    assert "Request received" in first
    assert status_url.endswith("/") and "/local-offer/carers/assessment/" in status_url

    staff = as_user(client, sign_in, member)
    assert row.reference in text(staff.get(reverse("staff:carers-assessments")))
    detail = reverse("staff:carers-assessment", kwargs={"pk": row.pk})
    assert "Personal care at night." in text(staff.get(detail))
    assert staff.post(detail, {"stage": "contacted", **on("on", today()),
                               "note": "We phoned you and will visit next week."}).status_code == 302
    assert staff.post(detail, {"stage": "booked", **on("on", today()),
                               "note": "Visit on Tuesday at 10am."}).status_code == 302

    client.logout()
    page = text(client.get(status_url))
    for words in ("Request received", "We have contacted you to arrange it", "We phoned you and will visit",
                  "Assessment booked", "Visit on Tuesday at 10am."):
        assert words in page
    assert "Your assessment takes place" in page  # the next expected step
    assert AuditEvent.objects.filter(verb=Verb.VIEWED, target_type="directory.carerassessmentrequest",
                                     actor__isnull=True).count() == 2


@pytest.mark.parametrize(("change", "message"), [
    ({"kind": ""}, "Select which assessment you are asking for"),
    ({"postcode": "DE4 3XC9"}, "Enter a real postcode"),
    ({"cared_for": ""}, "Enter who you care for"),
    ({"caring_role": ""}, "Enter what your caring involves and what would help"),
    ({"email": "", "phone": ""}, "Enter an email address or a phone number, so we can reply"),
])
def test_an_assessment_request_with_bad_input_stores_nothing(client, change, message):
    page = text(client.post(reverse("localoffer:carer-assessment"), {**REQUEST, **change}))
    assert "govuk-error-summary" in page and message in page and "<title>Error:" in page
    assert not CarerAssessmentRequest.objects.exists()


def test_a_bad_step_shows_the_error_and_adds_nothing(client, sign_in, member):
    row, _ = carers.carer_assessment_request_create(kind="carer", name="Pat", email="pat@example.org",
                                                    cared_for="My husband", caring_role="All day.",
                                                    on=today() - timedelta(days=3))
    staff = sign_in(client, member)
    detail = reverse("staff:carers-assessment", kwargs={"pk": row.pk})
    for data, message in [({"stage": "contacted", **on("on", today() + timedelta(days=1))},
                           "must be today or in the past"),
                          ({"stage": "contacted", **on("on", today() - timedelta(days=5))},
                           "on or after the date of the last step, “Request received”"),
                          ({**on("on", today())}, "Select what has happened"),
                          ({"stage": "contacted"}, "Enter date of this step")]:
        page = text(staff.post(detail, data))
        assert message in page and "govuk-error-summary" in page, message
        assert "<title>Error:" in page
    assert row.steps.count() == 1


def test_an_empty_answer_changes_nothing(client, sign_in, member):
    question, _ = carers.question_ask(name="Jo", email="jo@example.org", relationship="adult_carer", topic=None,
                                      question="Is there a carers' group in Buxton?")
    staff = sign_in(client, member)
    page = text(staff.post(reverse("staff:carers-question-answer", kwargs={"pk": question.pk}), {"answer": "  "}))
    assert "Enter the answer" in page and "<title>Error: Question" in page
    question.refresh_from_db()
    assert not question.answer and question.answered_on is None and mail.outbox == []
    bad_owner = text(staff.post(reverse("staff:carers-question-assign", kwargs={"pk": question.pk}),
                                {"owner": UserFactory(role=Role.CASEWORK_OFFICER).pk}))
    assert "Select someone in the team" in bad_owner
    assert Question.objects.get(pk=question.pk).owner is None


def test_only_the_team_and_editors_reach_the_staff_pages(client, sign_in, member, team):
    question, _ = carers.question_ask(name="Jo", email="jo@example.org", relationship="adult_carer", topic=None,
                                      question="?")
    row, _ = carers.carer_assessment_request_create(kind="carer", name="Pat", email="pat@example.org",
                                                    cared_for="My husband", caring_role="All day.")
    lists = [reverse("staff:carers-questions"), reverse("staff:carers-assessments")]
    details = [reverse("staff:carers-question", kwargs={"pk": question.pk}),
               reverse("staff:carers-assessment", kwargs={"pk": row.pk}),
               reverse("staff:carers-question", kwargs={"pk": question.pk + 1000})]
    posts = [reverse("staff:carers-question-answer", kwargs={"pk": question.pk}),
             reverse("staff:carers-question-assign", kwargs={"pk": question.pk})]

    assert client.get(lists[0]).status_code == 302  # signed out: sign in first

    for user in (UserFactory(role=Role.CASEWORK_OFFICER), UserFactory(role=Role.TEAM_MANAGER,
                                                                       team=TeamFactory(name="SEN South"))):
        c = as_user(client, sign_in, user)
        assert [c.get(url).status_code for url in lists] == [403, 403]
        assert [c.get(url).status_code for url in details] == [404, 404, 404]
        assert [c.post(url, {"answer": "x", "owner": user.pk}).status_code for url in posts] == [404, 404]
    parent = as_user(client, sign_in, UserFactory(role=Role.PARENT))
    assert parent.get(lists[0]).status_code == 403
    question.refresh_from_db()
    assert question.read_on is None and not question.answer and question.owner is None

    for user in (member, UserFactory(role=Role.DIRECTORY_EDITOR),
                 UserFactory(role=Role.TEAM_MANAGER, team=team)):
        c = as_user(client, sign_in, user)
        assert [c.get(url).status_code for url in lists + details[:2]] == [200, 200, 200, 200]


def test_the_staff_list_shows_overdue_questions_first_with_their_escalation(client, sign_in, member):
    late, _ = carers.question_ask(name="Late Asker", email="a@example.org", relationship="adult_carer", topic=None,
                                  question="?", on=today() - timedelta(days=30))
    fresh, _ = carers.question_ask(name="New Asker", email="b@example.org", relationship="young_carer",
                                   topic=term("young-carers", "category"), question="?")
    page = text(sign_in(client, member).get(reverse("staff:carers-questions")))
    assert page.index(late.reference) < page.index(fresh.reference)
    assert "working days overdue" in page and "Service manager" in page
    assert "Answered in time: the last 3 months" in page
    assert "Young carers" in page  # the young carer's question is listed with its topic
