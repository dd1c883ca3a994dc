"""The carers' one-stop shop: the carers' section of the Local Offer, "ask us" questions with an answer-time
promise, and requests for a carer's assessment (issue 6, part 5).

The law behind it:

* the council must give information and advice, including to carers, about care and support and how to get
  it (Care Act 2014 s4), and advice and information about matters relating to SEN and disability to children,
  young people and their parents (Children and Families Act 2014 s32); the Local Offer must say how to get
  information, advice and support (SEND Regulations 2014 Schedule 2 para 14). "Ask us" is how a carer asks
  once and a named team finds the answer;
* carer's assessments: an adult carer (Care Act 2014 s10), a parent carer of a disabled child (Children
  Act 1989 s17ZD) and a young carer (Children Act 1989 s17ZA) may each ask the council to assess their needs.

The answer-time promise (``WAYFINDER_ASK_US_DAYS`` working days) and the contact-by promise for assessment
requests (``WAYFINDER_CARER_ASSESSMENT_CONTACT_DAYS``) are the council's own service standards, not statutory
time limits. Both dates, whether something is overdue and how far it has been escalated are *derived* from the
dates stored (architecture principle 1): nothing here is a counter. Working days are the statutory calendar's
(Monday to Friday except England and Wales bank holidays, ``WorkingDayCalendar``); "within N working days of"
receiving it does not count the day it was received (the ``nth_working_day_after`` form of words).

The person asking has no account: they follow their question or request through a private link whose token is
shown once; only its SHA-256 hash is stored, as for ``accounts.Invitation``.

Layout: policy (who may see and act), derived clocks, selectors (reads), services (changes, each with its
audit event in the same transaction), and the escalation run behind ``wayfinder manage directory_escalate``.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from wayfinder.accounts.models import ROLE_AUDIENCE, Audience, Role, Team, TeamKind, User
from wayfinder.accounts.policies import Policy
from wayfinder.audit.models import AuditEvent, Verb
from wayfinder.audit.services import audit_record, diff, snapshot
from wayfinder.core.checks import long_date, past_date, require, required_text
from wayfinder.core.dates import today
from wayfinder.people import identifiers
from wayfinder.people.calendars import working_day_calendar

from . import vocab
from .models import (
    CarerAssessmentKind,
    CarerAssessmentRequest,
    CarerAssessmentStage,
    CarerAssessmentStep,
    Question,
    TaxonomyTerm,
)
from .selectors import public_services

logger = logging.getLogger(__name__)

#: Longest question, answer and "what caring involves" the forms accept.
QUESTION_MAX = 5000
ANSWER_MAX = 10000
CARING_ROLE_MAX = 5000

#: Working days overdue after which an item goes from the team manager to the service manager.
SERVICE_MANAGER_AFTER_DAYS = 3

#: References use letters and digits that cannot be mistaken for each other when read out or written down
#: (no 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V).
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
REFERENCE_LENGTH = 6

#: The escalation levels, in words for staff and for the person who asked.
LEVEL_WORDS = {
    0: "On time",
    1: "Overdue: escalated to the team manager",
    2: "Overdue by more than 3 working days: escalated to the service manager",
}

#: The carers' categories (``vocab.CARERS_CATEGORIES``) with the sentence the carers' page shows for each.
CATEGORY_SENTENCES = {
    "breaks-respite": "Time off from caring: short breaks for disabled children and young people, sitting "
                      "services, day opportunities and holidays, so you can rest, work or spend time with others.",
    "peer-support": "Groups where you meet other carers and parents who understand, share what has worked and "
                    "get support from people who have been there.",
    "benefits": "Help to check what you are entitled to and to fill in the forms: Carer's Allowance, Disability "
                "Living Allowance, Personal Independence Payment, Universal Credit and help with costs.",
    "carers-assessment": "If you are 18 or over and look after another adult, you can ask the council to assess "
                         "what support you need to keep caring and look after yourself (Care Act 2014, "
                         "section 10).",
    "parent-carer-assessment": "If you look after a disabled child, you can ask the council to assess your own "
                               "needs as a parent carer, not only your child's (Children Act 1989, section 17ZD).",
    "young-carers": "If you are under 18 and look after someone in your family, you can get support, time out "
                    "with other young carers and a young carer's needs assessment (Children Act 1989, "
                    "section 17ZA).",
}

#: What each kind of assessment is, shown as the hint under each choice on the request form.
KIND_HINTS = {
    CarerAssessmentKind.CARER: "For adults (18 or over) who look after another adult, such as a partner, parent "
                               "or friend. The council must assess you if you appear to need support.",
    CarerAssessmentKind.PARENT_CARER: "For parents and others with parental responsibility who look after a "
                                      "disabled child or young person under 18.",
    CarerAssessmentKind.YOUNG_CARER: "For children and young people under 18 who look after someone in their "
                                     "family, such as a parent, brother or sister.",
}

#: What the carer can expect next, by the request's current stage.
NEXT_STEP = {
    CarerAssessmentStage.RECEIVED: "Someone from the team will contact you by {contact_by} to arrange your "
                                   "assessment.",
    CarerAssessmentStage.CONTACTED: "We will agree a date and a way to do your assessment with you: at home, "
                                    "somewhere else, by phone or by video.",
    CarerAssessmentStage.BOOKED: "Your assessment takes place. Afterwards we send you a support plan that says "
                                 "what help you will get.",
    CarerAssessmentStage.COMPLETED: "Your support plan has been sent. Contact us if things change and you need "
                                    "to be assessed again.",
    CarerAssessmentStage.CLOSED: "",
}

_PHONE_UK = re.compile(r"(?:\+44|0)\d{9,10}")
_PHONE_INTERNATIONAL = re.compile(r"\+\d{8,15}")
PHONE_MESSAGE = "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
REPLY_MESSAGE = "Enter an email address or a phone number, so we can reply"


def in_words(d: date) -> str:
    """``Thursday 10 December 2026``: a date with its day, as the promise is written."""
    return f"{d:%A} {long_date(d)}"


def clean_phone(value: str, field_name: str = "phone") -> str:
    """A phone number tidied of surrounding space, or a ``ValidationError`` if it cannot be a phone number."""
    value = (value or "").strip()
    if not value:
        return ""
    compact = re.sub(r"[\s\-().]", "", value)
    if not (_PHONE_UK.fullmatch(compact) or _PHONE_INTERNATIONAL.fullmatch(compact)):
        raise ValidationError({field_name: PHONE_MESSAGE})
    return value


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _new_reference(model: type[models.Model], prefix: str) -> str:
    for _ in range(100):
        reference = f"{prefix}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if not model.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("Could not find an unused reference")  # pragma: no cover - 23^6 references


def ask_us_team() -> Team:
    """The team that owns questions and assessment requests (``WAYFINDER_ASK_US_TEAM``), made on first use."""
    team, _ = Team.objects.get_or_create(name=settings.WAYFINDER_ASK_US_TEAM, defaults={"kind": TeamKind.OTHER})
    return team


def carers_terms() -> list[TaxonomyTerm]:
    """The carers' category terms, in the order the carers' page shows them."""
    terms = {t.code: t for t in TaxonomyTerm.objects.filter(
        taxonomy__code=vocab.CATEGORY, code__in=vocab.CARERS_CATEGORIES, archived_on__isnull=True)}
    return [terms[code] for code in vocab.CARERS_CATEGORIES if code in terms]


# ------------------------------------------------------------------------------------------------ policy


def _active_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.audience == Audience.STAFF)


def works_on_carers(user) -> bool:
    """Whether a user works on questions and assessment requests at all: directory editors, and members of the
    ask-us team (its team managers among them). Everyone else is refused."""
    if not _active_staff(user):
        return False
    if user.role == Role.DIRECTORY_EDITOR:
        return True
    return bool(user.team_id) and user.team.name == settings.WAYFINDER_ASK_US_TEAM


class _CarersPolicy(Policy):
    """Questions and requests carry personal data about carers and the people they care for: only the team
    that owns them and the directory editors see them (deny by default, architecture principle 3). Editors see
    every team's; a member sees their own team's. ``can(user, "view", obj)`` is membership of ``visible_to``."""

    #: actions any of these users may take on what they can see
    actions_for_workers: frozenset[str] = frozenset()

    @classmethod
    def visible_to(cls, user) -> QuerySet:
        rows = cls.model.objects.filter(archived_on__isnull=True)
        if not works_on_carers(user):
            return rows.none()
        if user.role == Role.DIRECTORY_EDITOR:
            return rows
        return rows.filter(team_id=user.team_id)

    @classmethod
    def can(cls, user, action: str, obj=None) -> bool:
        if not works_on_carers(user):
            return False
        if action not in {"view", "list"} | cls.actions_for_workers:
            return False
        if obj is None:
            return True
        return cls.visible_to(user).filter(pk=obj.pk).exists()


class QuestionPolicy(_CarersPolicy):
    model = Question
    actions_for_workers = frozenset({"assign", "answer"})


class CarerAssessmentPolicy(_CarersPolicy):
    model = CarerAssessmentRequest
    actions_for_workers = frozenset({"record_step"})


def assignable_users(question: Question) -> QuerySet[User]:
    """Who a question can be given to: active staff in the team that owns it."""
    return User.objects.filter(team_id=question.team_id, is_active=True).exclude(
        role__in=list(ROLE_AUDIENCE)).order_by("first_name", "last_name",
                                                                                  "username")


# ------------------------------------------------------------------------------------------ derived clocks


def _level(due: date, on: date, done: bool) -> tuple[bool, int, int]:
    """(overdue, working days overdue, escalation level) of something due on ``due``, as on ``on``."""
    if done or on <= due:
        return False, 0, 0
    days = max(working_day_calendar().working_days_between(due, on), 0)
    return True, days, 2 if days > SERVICE_MANAGER_AFTER_DAYS else 1


def answer_by(question: Question) -> date:
    """The promised answer date: ``WAYFINDER_ASK_US_DAYS`` working days after the day it was received."""
    return working_day_calendar().nth_working_day_after(question.received_on, settings.WAYFINDER_ASK_US_DAYS)


def contact_by(request: CarerAssessmentRequest) -> date:
    """The promised first contact: ``WAYFINDER_CARER_ASSESSMENT_CONTACT_DAYS`` working days after receipt."""
    return working_day_calendar().nth_working_day_after(
        request.received_on, settings.WAYFINDER_CARER_ASSESSMENT_CONTACT_DAYS)


def answered_date(question: Question) -> date | None:
    return timezone.localdate(question.answered_on) if question.answered_on else None


def is_overdue(question: Question, on: date | None = None) -> bool:
    """Unanswered after its answer-by date."""
    return question_clock(question, on).overdue


def escalation_level(question: Question, on: date | None = None) -> int:
    """0 on time; 1 overdue (the team manager); 2 more than 3 working days overdue (the service manager)."""
    return question_clock(question, on).level


@dataclass(frozen=True)
class Clock:
    """Where a question or request stands against its promise on a day."""

    due: date
    on: date
    done_on: date | None  # answered, or first contact made
    overdue: bool
    days_overdue: int
    level: int

    @property
    def due_words(self) -> str:
        return in_words(self.due)

    @property
    def late(self) -> bool:
        """Done after the promised date, or not done and past it."""
        return self.done_on > self.due if self.done_on else self.overdue

    @property
    def level_words(self) -> str:
        return LEVEL_WORDS[self.level]

    @property
    def overdue_words(self) -> str:
        if not self.overdue:
            return ""
        if not self.days_overdue:
            return "Overdue"
        return f"{self.days_overdue} working day{'s' if self.days_overdue != 1 else ''} overdue"


def question_clock(question: Question, on: date | None = None) -> Clock:
    on = on or today()
    due = answer_by(question)
    done = answered_date(question)
    overdue, days, level = _level(due, on, done is not None)
    return Clock(due=due, on=on, done_on=done, overdue=overdue, days_overdue=days, level=level)


def _contacted_on(request: CarerAssessmentRequest) -> date | None:
    """The date of the first step after "received": when the team first got back to the carer."""
    later = [s.on for s in request.steps.all() if s.stage != CarerAssessmentStage.RECEIVED]
    return min(later) if later else None


def request_clock(request: CarerAssessmentRequest, on: date | None = None) -> Clock:
    on = on or today()
    due = contact_by(request)
    done = _contacted_on(request)
    overdue, days, level = _level(due, on, done is not None)
    return Clock(due=due, on=on, done_on=done, overdue=overdue, days_overdue=days, level=level)


def steps_of(request: CarerAssessmentRequest) -> list[CarerAssessmentStep]:
    return sorted(request.steps.all(), key=lambda s: (s.on, s.pk))


def current_step(request: CarerAssessmentRequest) -> CarerAssessmentStep | None:
    steps = steps_of(request)
    return steps[-1] if steps else None


def next_step_words(request: CarerAssessmentRequest) -> str:
    step = current_step(request)
    stage = step.stage if step else CarerAssessmentStage.RECEIVED
    return NEXT_STEP[CarerAssessmentStage(stage)].format(contact_by=in_words(contact_by(request)))


# ------------------------------------------------------------------------------------------------ selectors


@dataclass(frozen=True)
class CategorySection:
    term: TaxonomyTerm
    sentence: str
    services: list
    total: int


def carers_sections(limit: int = 5) -> list[CategorySection]:
    """The carers' section: each category with up to ``limit`` public services tagged with it."""
    sections = []
    for term in carers_terms():
        services = public_services().filter(terms=term).order_by("name")
        sections.append(CategorySection(term=term, sentence=CATEGORY_SENTENCES.get(term.code, term.description),
                                        services=list(services[:limit]), total=services.count()))
    return sections


def question_for_token(token: str) -> Question | None:
    if not token:
        return None
    return (Question.objects.select_related("team", "owner", "topic")
            .filter(token_hash=hash_token(token), archived_on__isnull=True).first())


def request_for_token(token: str) -> CarerAssessmentRequest | None:
    if not token:
        return None
    return (CarerAssessmentRequest.objects.select_related("team").prefetch_related("steps")
            .filter(token_hash=hash_token(token), archived_on__isnull=True).first())


QUESTION_FILTERS = {
    "": "Waiting for an answer",
    "mine": "Mine, waiting for an answer",
    "unassigned": "Nobody owns it yet",
    "answered": "Answered",
}


@dataclass(frozen=True)
class QuestionRow:
    question: Question
    clock: Clock


def question_rows(*, user, show: str = "", on: date | None = None) -> list[QuestionRow]:
    """The questions a user may see: unanswered ones by answer-by date (so the most overdue come first), or
    the answered ones newest first. ``show`` is a key of ``QUESTION_FILTERS``."""
    on = on or today()
    questions = QuestionPolicy.visible_to(user).select_related("owner", "topic", "team")
    if show == "answered":
        questions = questions.filter(answered_on__isnull=False).order_by("-answered_on", "-pk")
    else:
        questions = questions.filter(answered_on__isnull=True)
        if show == "mine":
            questions = questions.filter(owner=user)
        elif show == "unassigned":
            questions = questions.filter(owner__isnull=True)
        # The answer-by date only moves forward with the received date, so this is answer-by order.
        questions = questions.order_by("received_on", "pk")
    return [QuestionRow(q, question_clock(q, on)) for q in questions]


@dataclass(frozen=True)
class ResponseTimes:
    """How the promise was kept for questions received from ``since`` to ``on``."""

    since: date
    on: date
    answered_on_time: int
    answered_late: int
    waiting_on_time: int
    waiting_late: int

    @property
    def on_time(self) -> int:
        return self.answered_on_time + self.waiting_on_time

    @property
    def late(self) -> int:
        return self.answered_late + self.waiting_late

    @property
    def total(self) -> int:
        return self.on_time + self.late

    @property
    def percent_answered_on_time(self) -> int | None:
        answered = self.answered_on_time + self.answered_late
        return round(100 * self.answered_on_time / answered) if answered else None


def response_times(*, user, on: date | None = None, months: int = 3) -> ResponseTimes:
    on = on or today()
    since = on - relativedelta(months=months)
    counts = {"answered_on_time": 0, "answered_late": 0, "waiting_on_time": 0, "waiting_late": 0}
    for question in QuestionPolicy.visible_to(user).filter(received_on__gte=since, received_on__lte=on):
        clock = question_clock(question, on)
        state = "answered" if clock.done_on else "waiting"
        counts[f"{state}_{'late' if clock.late else 'on_time'}"] += 1
    return ResponseTimes(since=since, on=on, **counts)


@dataclass(frozen=True)
class RequestRow:
    request: CarerAssessmentRequest
    clock: Clock
    stage: str
    stage_label: str
    last_on: date | None


OPEN_STAGES = (CarerAssessmentStage.RECEIVED, CarerAssessmentStage.CONTACTED, CarerAssessmentStage.BOOKED)


def _steps_prefetch() -> Prefetch:
    return Prefetch("steps", queryset=CarerAssessmentStep.objects.order_by("on", "pk"))


def request_rows(*, user, stage: str = "", on: date | None = None) -> list[RequestRow]:
    """Requests a user may see, oldest first; ``stage`` keeps those whose current stage is it ("" = still
    open: received, contacted or booked)."""
    on = on or today()
    rows = []
    requests = CarerAssessmentPolicy.visible_to(user).prefetch_related(_steps_prefetch()).order_by("received_on",
                                                                                                  "pk")
    for request in requests:
        step = current_step(request)
        current = step.stage if step else CarerAssessmentStage.RECEIVED
        if (stage and current != stage) or (not stage and current not in OPEN_STAGES):
            continue
        rows.append(RequestRow(request=request, clock=request_clock(request, on), stage=current,
                               stage_label=CarerAssessmentStage(current).label, last_on=step.on if step else None))
    return rows


def request_with_steps(*, user, pk: int) -> CarerAssessmentRequest:
    """One request the user may see (404 otherwise), with its steps."""
    queryset = CarerAssessmentPolicy.visible_to(user).select_related("team").prefetch_related(_steps_prefetch())
    try:
        return queryset.get(pk=pk)
    except CarerAssessmentRequest.DoesNotExist as error:
        raise Http404("No such request") from error


# ------------------------------------------------------------------------------------------------ services


def _email(*, to: str, subject: str, template: str, context: dict) -> bool:
    """Send one email; a failure is logged, never lost silently, and never undoes the change it reports."""
    if not to:
        return False
    body = render_to_string(template, {"service_name": settings.WAYFINDER_SERVICE_NAME,
                                       "team_name": settings.WAYFINDER_ASK_US_TEAM, **context})
    try:
        send_mail(subject, body, None, [to])
    except Exception:  # noqa: BLE001 - mail servers fail in many ways; the page already shows the same thing
        logger.exception("Could not send '%s' email", subject)
        return False
    return True


def _reply_errors(email: str, phone: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        clean_phone(phone)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if not (email or "").strip() and not (phone or "").strip():
        errors["email"] = REPLY_MESSAGE
    return errors


def question_ask(*, name: str, email: str = "", phone: str = "", relationship: str, topic: TaxonomyTerm | None,
                 question: str, on: date | None = None) -> tuple[Question, str]:
    """Record an "ask us" question for the ask-us team. Returns the question and the one-time token for its
    private link (``localoffer:ask-status``): only the token's hash is stored, so show or send it now."""
    errors = _reply_errors(email, phone)
    if topic is not None and topic.code not in vocab.CARERS_CATEGORIES:
        errors["topic"] = "Select a topic from the list"
    if errors:
        raise ValidationError(errors)
    token = _new_token()
    with transaction.atomic():
        row = Question(
            reference=_new_reference(Question, "Q"),
            token_hash=hash_token(token),
            name=required_text(name, "name", "Enter your name"),
            email=(email or "").strip(),
            phone=clean_phone(phone),
            relationship=relationship,
            topic=topic,
            question=required_text(question, "question", "Enter your question"),
            team=ask_us_team(),
            received_on=on or today(),
        )
        if len(row.question) > QUESTION_MAX:
            raise ValidationError({"question": f"Your question must be {QUESTION_MAX:,} characters or fewer"})
        row.full_clean()
        row.save()
        audit_record(actor=None, verb=Verb.CREATED, target=row, target_label=f"Question {row.reference}",
                     summary=f"Question {row.reference} received through the ask us form for {row.team}",
                     payload={"reference": row.reference, "relationship": row.relationship,
                              "topic": topic.code if topic else None, "team": row.team.name,
                              "received_on": row.received_on, "answer_by": answer_by(row)})
    return row, token


def question_send_link(*, question: Question, link: str) -> bool:
    """Email the private link to the person who asked (if they gave an email address)."""
    return _email(to=question.email, subject=f"Your question {question.reference}",
                  template="directory/carers/email_question_link.txt",
                  context={"question": question, "link": link, "answer_by": in_words(answer_by(question))})


def question_viewed_by_asker(*, question: Question) -> None:
    """Log a view of the question through its private link: the holder of the link has no account."""
    audit_record(actor=None, verb=Verb.VIEWED, target=question, target_label=f"Question {question.reference}",
                 summary=f"Question {question.reference} viewed through the private link by the person who asked")


def question_open(*, actor, question: Question) -> Question:
    """A staff member opens a question: log the view, and the first opening marks it read (the person who
    asked sees when)."""
    require(QuestionPolicy, actor, "view", question, message="You cannot see this question.")
    with transaction.atomic():
        audit_record(actor=actor, verb=Verb.VIEWED, target=question, target_label=f"Question {question.reference}",
                     summary=f"Opened question {question.reference}")
        if question.read_on is None:
            question.read_on = timezone.now()
            question.modified_by = actor
            question.modified_on = question.read_on
            question.save(update_fields=["read_on", "modified_by", "modified_on"])
            audit_record(actor=actor, verb=Verb.UPDATED, target=question,
                         target_label=f"Question {question.reference}",
                         summary=f"Question {question.reference} read for the first time",
                         payload={"read_on": question.read_on})
    return question


def question_assign(*, actor, question: Question, owner: User) -> Question:
    """Give a question a named owner: the actor takes it, or gives it to a member of its team."""
    require(QuestionPolicy, actor, "assign", question, message="You cannot change who owns this question.")
    if question.answered_on is not None:
        raise ValidationError({"owner": "This question has already been answered"})
    if owner is None or (owner.pk != actor.pk and not assignable_users(question).filter(pk=owner.pk).exists()):
        raise ValidationError({"owner": f"Select someone in {question.team}"})
    with transaction.atomic():
        before = snapshot(question, ["owner_id"])
        question.owner = owner
        question.modified_by = actor
        question.modified_on = timezone.now()
        question.full_clean()
        question.save(update_fields=["owner", "modified_by", "modified_on"])
        took = owner.pk == actor.pk
        audit_record(actor=actor, verb=Verb.UPDATED, target=question, target_label=f"Question {question.reference}",
                     summary=(f"Took ownership of question {question.reference}" if took else
                              f"Gave question {question.reference} to {owner.get_full_name() or owner.username}"),
                     payload=diff(before, snapshot(question, ["owner_id"])))
    return question


def question_answer(*, actor, question: Question, answer: str) -> Question:
    """Answer a question: the answer shows on the private page and, if they gave an email address, is emailed
    to the person who asked. Whoever answers becomes its owner if nobody was."""
    require(QuestionPolicy, actor, "answer", question, message="You cannot answer this question.")
    if question.answered_on is not None:
        raise ValidationError({"answer": "This question has already been answered"})
    text = required_text(answer, "answer", "Enter the answer")
    if len(text) > ANSWER_MAX:
        raise ValidationError({"answer": f"The answer must be {ANSWER_MAX:,} characters or fewer"})
    now = timezone.now()
    with transaction.atomic():
        question.answer = text
        question.answered_on = now
        question.answered_by = actor
        question.owner = question.owner or actor
        question.read_on = question.read_on or now
        question.modified_by = actor
        question.modified_on = now
        question.full_clean()
        question.save()
        clock = question_clock(question, timezone.localdate(now))
        audit_record(actor=actor, verb=Verb.ANSWERED, target=question, target_label=f"Question {question.reference}",
                     summary=f"Answered question {question.reference} "
                             f"({'late' if clock.late else 'on time'}: answer by {long_date(clock.due)})",
                     payload={"answer_by": clock.due, "answered_on": now, "late": clock.late,
                              "owner": question.owner_id})
    _email(to=question.email, subject=f"Answer to your question {question.reference}",
           template="directory/carers/email_question_answer.txt",
           context={"question": question, "answered_by": actor.get_full_name() or actor.username})
    return question


def carer_assessment_request_create(
        *, kind: str, name: str, email: str = "", phone: str = "", postcode: str = "", cared_for: str,
        caring_role: str, on: date | None = None) -> tuple[CarerAssessmentRequest, str]:
    """Record a request for a carer's assessment (Care Act 2014 s10; Children Act 1989 ss17ZA, 17ZD) with its
    first step, "request received". Returns the request and the one-time token for its private link."""
    errors = _reply_errors(email, phone)
    tidy_postcode = ""
    if (postcode or "").strip():
        try:
            tidy_postcode = identifiers.normalise_postcode(postcode)
        except identifiers.IdentifierError as error:
            errors["postcode"] = f"Enter a real postcode, like DE4 3AG. {error}"
    if errors:
        raise ValidationError(errors)
    received = on or today()
    token = _new_token()
    with transaction.atomic():
        request = CarerAssessmentRequest(
            reference=_new_reference(CarerAssessmentRequest, "CA"),
            token_hash=hash_token(token),
            kind=kind,
            name=required_text(name, "name", "Enter your name"),
            email=(email or "").strip(),
            phone=clean_phone(phone),
            postcode=tidy_postcode,
            cared_for=required_text(cared_for, "cared_for", "Enter who you care for"),
            caring_role=required_text(caring_role, "caring_role", "Enter what your caring involves and what would "
                                                                  "help"),
            team=ask_us_team(),
            received_on=received,
        )
        if len(request.caring_role) > CARING_ROLE_MAX:
            raise ValidationError({"caring_role": f"What your caring involves must be {CARING_ROLE_MAX:,} "
                                                  "characters or fewer"})
        request.full_clean()
        request.save()
        step = CarerAssessmentStep(request=request, stage=CarerAssessmentStage.RECEIVED, on=received)
        step.full_clean()
        step.save()
        audit_record(actor=None, verb=Verb.CREATED, target=request, target_label=f"Carer's assessment request "
                     f"{request.reference}",
                     summary=f"{request.get_kind_display().split(' (')[0]} requested ({request.reference})",
                     payload={"reference": request.reference, "kind": request.kind, "team": request.team.name,
                              "received_on": received, "contact_by": contact_by(request)})
    return request, token


def request_send_link(*, request: CarerAssessmentRequest, link: str) -> bool:
    return _email(to=request.email, subject=f"Your request for an assessment {request.reference}",
                  template="directory/carers/email_request_link.txt",
                  context={"request": request, "link": link, "contact_by": in_words(contact_by(request)),
                           "kind": request.get_kind_display().split(" (")[0]})


def request_viewed_by_carer(*, request: CarerAssessmentRequest) -> None:
    audit_record(actor=None, verb=Verb.VIEWED, target=request,
                 target_label=f"Carer's assessment request {request.reference}",
                 summary=f"Request {request.reference} viewed through the private link by the carer")


def request_opened(*, actor, request: CarerAssessmentRequest) -> None:
    require(CarerAssessmentPolicy, actor, "view", request, message="You cannot see this request.")
    audit_record(actor=actor, verb=Verb.VIEWED, target=request,
                 target_label=f"Carer's assessment request {request.reference}",
                 summary=f"Opened carer's assessment request {request.reference}")


def carer_assessment_step_add(*, actor, request: CarerAssessmentRequest, stage: str, on: date | None,
                              note: str = "") -> CarerAssessmentStep:
    """Record the next step of a request. Steps are only ever added, never changed, so the carer's timeline is
    the history (architecture principle 1): the date cannot be in the future or before the last step."""
    require(CarerAssessmentPolicy, actor, "record_step", request, message="You cannot record steps on this request.")
    steps = list(CarerAssessmentStep.objects.filter(request=request).order_by("on", "pk"))
    last = steps[-1] if steps else None
    if last is not None and last.stage == CarerAssessmentStage.CLOSED:
        raise ValidationError({"stage": "This request is closed: a new request is needed"})
    if stage not in CarerAssessmentStage.values or stage == CarerAssessmentStage.RECEIVED:
        raise ValidationError({"stage": "Select the step"})
    past_date(on, "on", "of this step", not_before=last.on if last else request.received_on,
              not_before_what=(f"the date of the last step, “{last.get_stage_display()}”" if last
                               else "the date the request was received"))
    with transaction.atomic():
        step = CarerAssessmentStep(request=request, stage=stage, on=on, note=(note or "").strip(),
                                   created_by=actor, modified_by=actor)
        step.full_clean()
        step.save()
        audit_record(actor=actor, verb=Verb.UPDATED, target=request,
                     target_label=f"Carer's assessment request {request.reference}",
                     summary=f"{request.reference}: {step.get_stage_display()} on {long_date(on)}",
                     payload={"stage": stage, "on": on, "note": bool(step.note)})
    return step


# ---------------------------------------------------------------------------------------------- escalation


@dataclass
class Escalation:
    kind: str  # "question" or "request"
    obj: models.Model
    clock: Clock
    new: bool  # not escalated at this level before


@dataclass
class EscalationReport:
    on: date
    items: list[Escalation] = field(default_factory=list)
    emailed: list[str] = field(default_factory=list)

    def count(self, level: int, *, new: bool | None = None) -> int:
        return sum(1 for i in self.items if i.clock.level == level and (new is None or i.new == new))


def _already_escalated(target_type: str, pk, level: int) -> bool:
    return AuditEvent.objects.filter(verb=Verb.ESCALATED, target_type=target_type, target_id=str(pk),
                                     payload__level=level).exists()


def team_managers(team: Team) -> QuerySet[User]:
    return User.objects.filter(role=Role.TEAM_MANAGER, team=team, is_active=True).exclude(email="")


def escalations_send(*, on: date | None = None) -> EscalationReport:
    """Find overdue questions and assessment requests, record each escalation once per level (an ``ESCALATED``
    audit event is the record, so running this twice a day never repeats one) and email the ask-us team's
    managers the list of new ones. Run daily: ``wayfinder manage directory_escalate``."""
    on = on or today()
    report = EscalationReport(on=on)
    team = ask_us_team()
    questions = Question.objects.filter(team=team, answered_on__isnull=True, archived_on__isnull=True,
                                        received_on__lte=on).order_by("received_on", "pk")
    for question in questions:
        clock = question_clock(question, on)
        if clock.level:
            new = not _already_escalated("directory.question", question.pk, clock.level)
            report.items.append(Escalation("question", question, clock, new))
    requests = (CarerAssessmentRequest.objects.filter(team=team, archived_on__isnull=True, received_on__lte=on)
                .prefetch_related(_steps_prefetch()).order_by("received_on", "pk"))
    for request in requests:
        clock = request_clock(request, on)
        if clock.level:
            new = not _already_escalated("directory.carerassessmentrequest", request.pk, clock.level)
            report.items.append(Escalation("request", request, clock, new))
    fresh = [i for i in report.items if i.new]
    if not fresh:
        return report
    managers = list(team_managers(team))
    names = ", ".join(m.get_full_name() or m.username for m in managers) or "nobody (the team has no manager)"
    with transaction.atomic():
        for item in fresh:
            is_question = item.kind == "question"
            label = (f"Question {item.obj.reference}" if is_question
                     else f"Carer's assessment request {item.obj.reference}")
            what = "answer" if is_question else "first contact"
            audit_record(actor=None, verb=Verb.ESCALATED, target=item.obj, target_label=label,
                         summary=f"{label} is {item.clock.overdue_words.lower()} ({what} due "
                                 f"{long_date(item.clock.due)}): {LEVEL_WORDS[item.clock.level].split(': ')[1]}; "
                                 f"emailed {names}",
                         payload={"level": item.clock.level, "due": item.clock.due, "on": on,
                                  "days_overdue": item.clock.days_overdue,
                                  "emailed": [m.username for m in managers]})
    for manager in managers:
        sent = _email(to=manager.email, subject=f"Overdue carers' questions and requests: {len(fresh)} to escalate",
                      template="directory/carers/email_escalation.txt",
                      context={"manager": manager, "items": fresh, "on": on, "level_words": LEVEL_WORDS})
        if sent:
            report.emailed.append(manager.email)
    return report


__all__ = [
    "CarerAssessmentPolicy", "Clock", "QuestionPolicy", "answer_by", "ask_us_team",
    "carer_assessment_request_create", "carer_assessment_step_add", "carers_sections", "contact_by",
    "escalation_level", "escalations_send", "is_overdue", "question_answer", "question_ask", "question_assign",
    "question_clock", "question_open", "request_clock", "response_times",
]
