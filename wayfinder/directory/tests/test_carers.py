"""The carers' one-stop shop's rules: the answer-time promise in working days, overdue and escalation derived
from dates, who may see questions and requests, the services' checks, and the escalation run."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from wayfinder.accounts.models import Role
from wayfinder.accounts.tests.factories import TeamFactory, UserFactory
from wayfinder.audit.models import AuditEvent, Verb
from wayfinder.core.dates import today
from wayfinder.directory import carers
from wayfinder.directory.models import (
    CarerAssessmentKind,
    CarerAssessmentRequest,
    CarerAssessmentStage,
    CarerAssessmentStep,
    CarerRelationship,
    Question,
)
from wayfinder.people.calendars import working_day_calendar

from .factories import ServiceFactory, term

pytestmark = pytest.mark.django_db


def ask(on: date | None = None, **overrides) -> tuple[Question, str]:
    fields = {"name": "Jo Marsh", "email": "jo@example.org", "phone": "", "relationship":
              CarerRelationship.PARENT_CARER, "topic": term("breaks-respite", "category"),
              "question": "Can my son have a short break in the summer holidays?", "on": on}
    return carers.question_ask(**{**fields, **overrides})


def aware(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 10))


def request_assessment(on: date | None = None, **overrides) -> tuple[CarerAssessmentRequest, str]:
    fields = {"kind": CarerAssessmentKind.PARENT_CARER, "name": "Sam Patel", "email": "", "phone": "07700 900982",
              "postcode": "de4 3ag", "cared_for": "My daughter, who is 12 and has cerebral palsy",
              "caring_role": "Lifting, personal care and nights.", "on": on}
    return carers.carer_assessment_request_create(**{**fields, **overrides})


@pytest.fixture
def team():
    return carers.ask_us_team()


@pytest.fixture
def member(team):
    return UserFactory(role=Role.SOCIAL_CARE, team=team, first_name="Rob", last_name="Fearn")


@pytest.fixture
def manager(team):
    return UserFactory(role=Role.TEAM_MANAGER, team=team, first_name="Ann", last_name="Oduya",
                       email="ann.oduya@example.gov.uk")


# ------------------------------------------------------------------------------------------- the promise


def test_the_bank_holidays_over_christmas_2026_are_the_ones_the_example_assumes():
    calendar = working_day_calendar()
    assert calendar.is_bank_holiday(date(2026, 12, 25))
    assert calendar.is_bank_holiday(date(2026, 12, 28))  # Boxing Day is a Saturday: substitute on Monday
    assert calendar.is_bank_holiday(date(2027, 1, 1))
    assert not calendar.is_working_day(date(2026, 12, 26))


def test_the_answer_by_date_skips_weekends_and_bank_holidays():
    question, _ = ask(on=date(2026, 12, 24))  # Thursday
    # Not counting the day it arrived: Tue 29, Wed 30, Thu 31 Dec, Mon 4, Tue 5 Jan.
    assert carers.answer_by(question) == date(2027, 1, 5)
    assert carers.in_words(carers.answer_by(question)) == "Tuesday 5 January 2027"


def test_the_answer_by_date_is_five_working_days_after_an_ordinary_thursday():
    question, _ = ask(on=date(2026, 12, 3))
    assert carers.in_words(carers.answer_by(question)) == "Thursday 10 December 2026"


def test_a_question_sent_at_the_weekend_is_answered_by_the_friday_after():
    question, _ = ask(on=date(2026, 12, 5))  # Saturday
    assert carers.answer_by(question) == date(2026, 12, 11)


@override_settings(WAYFINDER_ASK_US_DAYS=2)
def test_the_promise_comes_from_the_setting():
    question, _ = ask(on=date(2026, 12, 3))
    assert carers.answer_by(question) == date(2026, 12, 7)


def test_overdue_and_the_escalation_level_follow_the_date():
    question, _ = ask(on=date(2026, 12, 3))  # answer by Thursday 10 December
    assert carers.escalation_level(question, date(2026, 12, 10)) == 0
    assert not carers.is_overdue(question, date(2026, 12, 10))
    assert carers.is_overdue(question, date(2026, 12, 11))
    assert carers.escalation_level(question, date(2026, 12, 11)) == 1
    assert carers.question_clock(question, date(2026, 12, 11)).overdue_words == "1 working day overdue"
    assert carers.escalation_level(question, date(2026, 12, 15)) == 1  # Fri, Mon, Tue: 3 working days
    assert carers.question_clock(question, date(2026, 12, 16)).days_overdue == 4
    assert carers.escalation_level(question, date(2026, 12, 16)) == 2


def test_a_question_due_on_friday_is_overdue_on_saturday_though_no_working_day_has_passed():
    question, _ = ask(on=date(2026, 12, 4))  # answer by Friday 11 December
    clock = carers.question_clock(question, date(2026, 12, 12))
    assert clock.overdue and clock.days_overdue == 0 and clock.level == 1
    assert clock.overdue_words == "Overdue"


def test_an_answered_question_is_never_overdue_but_remembers_if_it_was_late(member):
    question, _ = ask(on=today() - timedelta(days=30))
    carers.question_answer(actor=member, question=question, answer="Yes: ask the short breaks team.")
    clock = carers.question_clock(question)
    assert not clock.overdue and clock.level == 0
    assert clock.late


# ------------------------------------------------------------------------------------------- asking


def test_asking_stores_only_a_hash_of_the_private_link_token(team):
    question, token = ask()
    assert question.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = Question.objects.filter(pk=question.pk).values().get()
    assert token not in {str(v) for v in stored.values()}
    assert carers.question_for_token(token) == question
    assert carers.question_for_token(token + "x") is None
    assert carers.question_for_token("") is None


def test_asking_gives_an_unambiguous_reference_and_the_team_owns_it(team):
    references = {ask()[0].reference for _ in range(5)}
    assert len(references) == 5
    for reference in references:
        assert re.fullmatch(r"Q-[ACDEFGHJKMNPQRTWXY34679]{6}", reference)
    question = Question.objects.get(reference=next(iter(references)))
    assert question.team == team and question.received_on == today()
    event = AuditEvent.objects.get(verb=Verb.CREATED, target_type="directory.question", target_id=str(question.pk))
    assert event.actor is None and question.reference in event.target_label
    assert "short break" not in event.summary + str(event.payload)  # the question's words stay out of the trail


def test_the_ask_us_team_is_made_once_with_the_configured_name(settings):
    first = carers.ask_us_team()
    assert carers.ask_us_team() == first
    assert first.name == settings.WAYFINDER_ASK_US_TEAM and first.kind == "other"


@pytest.mark.parametrize(("overrides", "field"), [
    ({"email": "", "phone": ""}, "email"),
    ({"email": "", "phone": "call me"}, "phone"),
    ({"name": "  "}, "name"),
    ({"question": ""}, "question"),
    ({"question": "x" * 5001}, "question"),
    ({"topic": "asd"}, "topic"),
])
def test_a_question_without_what_it_needs_is_refused_and_nothing_is_stored(overrides, field):
    if overrides.get("topic") == "asd":
        overrides = {"topic": term("asd", "need")}
    with pytest.raises(ValidationError) as error:
        ask(**overrides)
    assert field in error.value.message_dict
    assert not Question.objects.exists()
    assert not AuditEvent.objects.filter(target_type="directory.question").exists()


@pytest.mark.parametrize("phone", ["01632 960 001", "07700 900982", "+44 808 157 0192", "(01629) 580000"])
def test_uk_and_international_phone_numbers_are_accepted(phone):
    assert carers.clean_phone(phone) == phone


# ------------------------------------------------------------------------------------------- who may see


def test_only_the_ask_us_team_and_directory_editors_see_questions(team, member, manager):
    question, _ = ask()
    other_team = TeamFactory(name="SEN North")
    editor = UserFactory(role=Role.DIRECTORY_EDITOR)
    allowed = [member, manager, editor]
    refused = [UserFactory(role=Role.TEAM_MANAGER, team=other_team), UserFactory(role=Role.CASEWORK_OFFICER),
               UserFactory(role=Role.PARENT, team=team), UserFactory(role=Role.SOCIAL_CARE, team=team, is_active=False),
               UserFactory(role=Role.STRATEGIC_LEAD)]
    for user in allowed:
        assert list(carers.QuestionPolicy.visible_to(user)) == [question], user.role
        assert carers.QuestionPolicy.can(user, "list")
        assert carers.QuestionPolicy.can(user, "view", question)
        assert carers.QuestionPolicy.can(user, "answer", question)
    for user in refused:
        assert not carers.QuestionPolicy.visible_to(user).exists(), user.role
        assert not carers.QuestionPolicy.can(user, "list")
        assert not carers.QuestionPolicy.can(user, "view", question)
        assert not carers.QuestionPolicy.can(user, "answer", question)
    assert not carers.QuestionPolicy.can(member, "delete", question)


def test_a_member_sees_only_their_own_teams_questions_and_an_editor_sees_all(member):
    question, _ = ask()
    elsewhere = Question.objects.create(reference="Q-OTHER1", token_hash="0" * 64, name="A", email="a@example.org",
                                        relationship=CarerRelationship.ADULT_CARER, question="?",
                                        team=TeamFactory(name="Another team"), received_on=today())
    assert list(carers.QuestionPolicy.visible_to(member)) == [question]
    assert not carers.QuestionPolicy.can(member, "view", elsewhere)
    editor = UserFactory(role=Role.DIRECTORY_EDITOR)
    assert set(carers.QuestionPolicy.visible_to(editor)) == {question, elsewhere}


def test_assessment_requests_follow_the_same_rule(member):
    row, _ = request_assessment()
    assert carers.CarerAssessmentPolicy.can(member, "record_step", row)
    outsider = UserFactory(role=Role.CASEWORK_OFFICER)
    assert not carers.CarerAssessmentPolicy.visible_to(outsider).exists()
    assert not carers.CarerAssessmentPolicy.can(outsider, "record_step", row)
    assert not carers.CarerAssessmentPolicy.can(member, "answer", row)


# ------------------------------------------------------------------------------------------- staff actions


def test_opening_a_question_marks_it_read_once_and_logs_every_view(member):
    question, _ = ask()
    carers.question_open(actor=member, question=question)
    question.refresh_from_db()
    first = question.read_on
    assert first is not None
    carers.question_open(actor=member, question=question)
    question.refresh_from_db()
    assert question.read_on == first
    views = AuditEvent.objects.filter(verb=Verb.VIEWED, target_id=str(question.pk), actor=member)
    assert views.count() == 2 and all(e.kind == "access" for e in views)
    assert AuditEvent.objects.filter(verb=Verb.UPDATED, target_id=str(question.pk)).count() == 1


def test_someone_outside_the_team_cannot_open_assign_or_answer(member):
    question, _ = ask()
    outsider = UserFactory(role=Role.CASEWORK_OFFICER)
    with pytest.raises(PermissionDenied):
        carers.question_open(actor=outsider, question=question)
    with pytest.raises(PermissionDenied):
        carers.question_assign(actor=outsider, question=question, owner=outsider)
    with pytest.raises(PermissionDenied):
        carers.question_answer(actor=outsider, question=question, answer="No.")
    question.refresh_from_db()
    assert question.read_on is None and question.owner is None and not question.answer


def test_a_question_is_given_to_a_team_member_or_taken_but_not_given_to_an_outsider(member, manager):
    question, _ = ask()
    carers.question_assign(actor=manager, question=question, owner=member)
    assert Question.objects.get(pk=question.pk).owner == member
    carers.question_assign(actor=manager, question=question, owner=manager)
    assert Question.objects.get(pk=question.pk).owner == manager
    with pytest.raises(ValidationError):
        carers.question_assign(actor=manager, question=question, owner=UserFactory(role=Role.CASEWORK_OFFICER))
    assert Question.objects.get(pk=question.pk).owner == manager
    assert AuditEvent.objects.filter(verb=Verb.UPDATED, target_id=str(question.pk)).count() == 2


def test_answering_records_who_and_when_and_emails_the_answer(member):
    question, _ = ask()
    carers.question_answer(actor=member, question=question, answer="  Yes. Phone the short breaks team.  ")
    question.refresh_from_db()
    assert question.answer == "Yes. Phone the short breaks team."
    assert question.answered_by == member and question.owner == member and question.answered_on
    assert question.read_on is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jo@example.org"]
    assert "Phone the short breaks team" in mail.outbox[0].body and question.reference in mail.outbox[0].subject
    event = AuditEvent.objects.get(verb=Verb.ANSWERED, target_id=str(question.pk))
    assert event.actor == member and event.payload["late"] is False


def test_a_blank_answer_or_a_second_answer_changes_nothing(member):
    question, _ = ask(email="", phone="01632 960001")
    with pytest.raises(ValidationError):
        carers.question_answer(actor=member, question=question, answer="   ")
    assert not Question.objects.get(pk=question.pk).answered_on
    carers.question_answer(actor=member, question=question, answer="First answer.")
    assert mail.outbox == []  # no email address given: the answer is on the private page
    with pytest.raises(ValidationError):
        carers.question_answer(actor=member, question=Question.objects.get(pk=question.pk), answer="Second.")
    assert Question.objects.get(pk=question.pk).answer == "First answer."


def test_response_times_count_on_time_and_late_for_the_last_three_months(member):
    on = date(2026, 12, 21)
    on_time, _ = ask(on=date(2026, 12, 14))
    late_answer, _ = ask(on=date(2026, 11, 2))
    waiting_late, _ = ask(on=date(2026, 12, 1))
    ask(on=date(2026, 12, 18))  # waiting, not yet due
    ask(on=date(2026, 8, 1))  # too old to count
    Question.objects.filter(pk=on_time.pk).update(answered_on=aware(2026, 12, 15), answer="A", answered_by=member)
    Question.objects.filter(pk=late_answer.pk).update(answered_on=aware(2026, 11, 20), answer="B", answered_by=member)
    times = carers.response_times(user=member, on=on)
    assert (times.answered_on_time, times.answered_late, times.waiting_on_time, times.waiting_late) == (1, 1, 1, 1)
    assert times.percent_answered_on_time == 50
    assert waiting_late.pk in {q.question.pk for q in carers.question_rows(user=member, on=on)}


def test_the_list_puts_the_most_overdue_first_and_filters(member, manager):
    newer, _ = ask(on=today() - timedelta(days=2))
    oldest, _ = ask(on=today() - timedelta(days=20))
    answered, _ = ask(on=today() - timedelta(days=10))
    carers.question_answer(actor=manager, question=answered, answer="Done.")
    carers.question_assign(actor=member, question=newer, owner=member)
    assert [r.question for r in carers.question_rows(user=member)] == [oldest, newer]
    assert [r.question for r in carers.question_rows(user=member, show="mine")] == [newer]
    assert [r.question for r in carers.question_rows(user=member, show="unassigned")] == [oldest]
    assert [r.question for r in carers.question_rows(user=member, show="answered")] == [answered]
    assert carers.question_rows(user=member)[0].clock.overdue


# ------------------------------------------------------------------------------------------- escalation


def test_the_escalation_run_emails_the_managers_once_per_level(team, manager, member):
    late, _ = ask(on=date(2026, 12, 3))  # answer by Thursday 10 December
    ask(on=date(2026, 12, 9))  # not due until 16 December
    answered, _ = ask(on=date(2026, 12, 1))
    carers.question_answer(actor=member, question=answered, answer="Answered.")
    mail.outbox.clear()
    UserFactory(role=Role.TEAM_MANAGER, team=TeamFactory(name="Elsewhere"), email="not.me@example.gov.uk")

    call_command("directory_escalate", "--date", "2026-12-11", stdout=StringIO())
    assert [m.to for m in mail.outbox] == [["ann.oduya@example.gov.uk"]]
    assert late.reference in mail.outbox[0].body and "team manager" in mail.outbox[0].body
    escalations = AuditEvent.objects.filter(verb=Verb.ESCALATED)
    assert [(e.target_id, e.payload["level"]) for e in escalations] == [(str(late.pk), 1)]

    call_command("directory_escalate", "--date", "2026-12-14", stdout=StringIO())
    assert len(mail.outbox) == 1 and escalations.count() == 1  # the same level again: nothing new

    call_command("directory_escalate", "--date", "2026-12-16", stdout=StringIO())
    assert len(mail.outbox) == 2 and "service manager" in mail.outbox[1].body
    assert sorted(e.payload["level"] for e in escalations.filter(target_id=str(late.pk))) == [1, 2]
    report = carers.escalations_send(on=date(2026, 12, 16))
    assert report.count(2) == 1 and report.count(2, new=True) == 0 and len(mail.outbox) == 2


def test_the_escalation_run_reports_by_level(team, manager):
    ask(on=date(2026, 12, 3))
    request_assessment(on=date(2026, 11, 2))  # contact by 16 November: well overdue
    out = StringIO()
    call_command("directory_escalate", "--date", "2026-12-11", stdout=out)
    text = out.getvalue()
    assert "escalated to the team manager: 1 (1 new)" in text
    assert "escalated to the service manager: 1 (1 new)" in text
    assert "carer's assessment request" in text and "Emailed ann.oduya@example.gov.uk" in text


def test_a_bad_date_for_the_escalation_run_is_refused():
    with pytest.raises(CommandError):
        call_command("directory_escalate", "--date", "11/12/2026")


# ------------------------------------------------------------------------------------------- assessments


def test_a_request_starts_received_with_a_contact_by_date_and_a_hashed_token(team):
    row, token = request_assessment(on=date(2026, 12, 3))
    assert re.fullmatch(r"CA-[ACDEFGHJKMNPQRTWXY34679]{6}", row.reference)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert carers.request_for_token(token) == row and row.postcode == "DE4 3AG"
    assert [(s.stage, s.on) for s in row.steps.all()] == [(CarerAssessmentStage.RECEIVED, date(2026, 12, 3))]
    assert carers.contact_by(row) == date(2026, 12, 17)  # 10 working days
    assert "17 December 2026" in carers.next_step_words(row)


def test_a_request_with_a_bad_postcode_or_no_way_to_reply_is_refused():
    with pytest.raises(ValidationError) as error:
        request_assessment(postcode="DE4 3XC9", phone="")
    assert {"postcode", "email"} <= set(error.value.message_dict)
    assert not CarerAssessmentRequest.objects.exists() and not CarerAssessmentStep.objects.exists()


def test_steps_are_added_in_date_order_and_the_first_contact_stops_the_clock(member):
    row, _ = request_assessment(on=today() - timedelta(days=30))
    assert carers.request_clock(row).overdue
    carers.carer_assessment_step_add(actor=member, request=row, stage=CarerAssessmentStage.CONTACTED,
                                     on=today() - timedelta(days=3), note="We phoned you.")
    row = CarerAssessmentRequest.objects.get(pk=row.pk)
    clock = carers.request_clock(row)
    assert not clock.overdue and clock.done_on == today() - timedelta(days=3) and clock.late
    assert carers.current_step(row).stage == CarerAssessmentStage.CONTACTED


@pytest.mark.parametrize(("stage", "days_ago", "field"), [
    (CarerAssessmentStage.BOOKED, -1, "on"),  # tomorrow
    (CarerAssessmentStage.BOOKED, 10, "on"),  # before the last step
    (CarerAssessmentStage.RECEIVED, 1, "stage"),
    ("visited", 1, "stage"),
])
def test_a_step_in_the_future_before_the_last_or_of_no_stage_changes_nothing(member, stage, days_ago, field):
    row, _ = request_assessment(on=today() - timedelta(days=20))
    carers.carer_assessment_step_add(actor=member, request=row, stage=CarerAssessmentStage.CONTACTED,
                                     on=today() - timedelta(days=5))
    with pytest.raises(ValidationError) as error:
        carers.carer_assessment_step_add(actor=member, request=row, stage=stage,
                                         on=today() - timedelta(days=days_ago))
    assert field in error.value.message_dict
    assert row.steps.count() == 2


def test_nothing_is_added_after_a_request_is_closed_and_outsiders_add_nothing(member):
    row, _ = request_assessment(on=today() - timedelta(days=5))
    with pytest.raises(PermissionDenied):
        carers.carer_assessment_step_add(actor=UserFactory(role=Role.CASEWORK_OFFICER), request=row,
                                         stage=CarerAssessmentStage.CONTACTED, on=today())
    carers.carer_assessment_step_add(actor=member, request=row, stage=CarerAssessmentStage.CLOSED, on=today(),
                                     note="You told us you no longer need it.")
    with pytest.raises(ValidationError):
        carers.carer_assessment_step_add(actor=member, request=row, stage=CarerAssessmentStage.BOOKED, on=today())
    assert row.steps.count() == 2


# ------------------------------------------------------------------------------------------- the section


def test_each_carers_category_lists_up_to_five_public_services():
    breaks = term("breaks-respite", "category")
    for n in range(7):
        ServiceFactory(name=f"Break scheme {n}", terms=[breaks])
    ServiceFactory(name="Hidden break scheme", terms=[breaks], published=False)
    sections = carers.carers_sections()
    assert [s.term.code for s in sections] == list(carers.vocab.CARERS_CATEGORIES)
    first = sections[0]
    assert first.total == 7 and len(first.services) == 5
    assert "Hidden break scheme" not in {s.name for s in first.services}
    assert all(s.sentence for s in sections)
