"""Pages of the carers' one-stop shop (the logic is in ``carers``).

Public (``localoffer:``, no sign-in): the carers' section, the "ask us" form and the private page of a
question, the carer's assessment request form and the private page of a request. A private page is found by
the token in its address (only its hash is stored); a wrong token is 404, and every view is logged.

Staff (``staff:``, under /staff/local-offer/carers/): the team's questions by answer-by date with the
response-time measure, a question (opening it marks it read), taking or giving ownership and answering; the
assessment requests by stage and recording their next step. Who may see them is ``carers.QuestionPolicy`` and
``carers.CarerAssessmentPolicy``: lists are 403 and records 404 for anyone else.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wayfinder.people.forms import add_service_errors
from wayfinder.web.forms import GovukDateField
from wayfinder.web.views_staff import staff_required

from . import carers
from .models import CarerAssessmentKind, CarerAssessmentStage, CarerRelationship

#: Session key holding the pk of the question or request just sent, so its private page shows the confirmation.
JUST_SENT = "carers_just_sent"
OTHER_TOPIC = "other"

EMAIL_ERRORS = {"invalid": "Enter an email address in the correct format, like name@example.com"}


def _no_maxlength(form: forms.Form, *names: str) -> None:
    """GOV.UK: long text is checked on the server with a message, not cut off silently by the browser."""
    for name in names:
        form.fields[name].widget.attrs.pop("maxlength", None)


class _ReplyMixin(forms.Form):
    name = forms.CharField(label="Your name", max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
                           error_messages={"required": "Enter your name",
                                           "max_length": "Your name must be 200 characters or fewer"})
    email = forms.EmailField(label="Email address", required=False, max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}), error_messages=EMAIL_ERRORS)
    phone = forms.CharField(label="Phone number", required=False, max_length=40,
                            help_text="For international numbers include the country code",
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel",
                                                          "class": "govuk-input--width-20"}),
                            error_messages={"max_length": carers.PHONE_MESSAGE})

    def clean_phone(self) -> str:
        try:
            return carers.clean_phone(self.cleaned_data.get("phone", ""))
        except ValidationError as error:
            raise ValidationError(error.message_dict["phone"]) from None

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and "email" not in self.errors \
                and "phone" not in self.errors:
            self.add_error("email", carers.REPLY_MESSAGE)
        return data

    @property
    def reply_errors(self) -> bool:
        return bool(self["email"].errors or self["phone"].errors)


class AskForm(_ReplyMixin):
    relationship = forms.ChoiceField(label="Which of these describes you?", choices=CarerRelationship.choices,
                                     widget=forms.RadioSelect,
                                     error_messages={"required": "Select which of these describes you"})
    topic = forms.ChoiceField(label="What is your question about? (optional)", required=False,
                              error_messages={"invalid_choice": "Select a topic from the list"})
    question = forms.CharField(
        label="Your question", max_length=carers.QUESTION_MAX, widget=forms.Textarea(attrs={"rows": "8"}),
        help_text="Tell us what you would like to know and anything that would help us answer, such as your "
                  "child's age or where you live. You can write up to 5,000 characters.",
        error_messages={"required": "Enter your question",
                        "max_length": f"Your question must be {carers.QUESTION_MAX:,} characters or fewer"})

    field_order = ["name", "email", "phone", "relationship", "topic", "question"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.terms = {t.code: t for t in carers.carers_terms()}
        self.fields["topic"].choices = [("", "Choose a topic"), *((c, t.name) for c, t in self.terms.items()),
                                        (OTHER_TOPIC, "Something else")]
        _no_maxlength(self, "question")

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {"name": data["name"], "email": data["email"], "phone": data["phone"],
                "relationship": data["relationship"], "topic": self.terms.get(data["topic"]),
                "question": data["question"]}


class AssessmentRequestForm(_ReplyMixin):
    kind = forms.ChoiceField(label="Which assessment are you asking for?", choices=CarerAssessmentKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select which assessment you are asking for"})
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=10,
                               help_text="So we know which local team to ask",
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code",
                                                             "class": "govuk-input--width-10"}),
                               error_messages={"max_length": "Enter a real postcode, like DE4 3AG"})
    cared_for = forms.CharField(
        label="Who do you care for?", max_length=500,
        help_text="For example, “my son, who is 9 and autistic” or “my mum, who has dementia”",
        error_messages={"required": "Enter who you care for",
                        "max_length": "Who you care for must be 500 characters or fewer"})
    caring_role = forms.CharField(
        label="What does your caring involve, and what would help?", max_length=carers.CARING_ROLE_MAX,
        widget=forms.Textarea(attrs={"rows": "8"}),
        help_text="For example, the help you give each day and night, how it affects your health, work or "
                  "family, and what would make a difference. You can write up to 5,000 characters.",
        error_messages={"required": "Enter what your caring involves and what would help",
                        "max_length": f"What your caring involves must be {carers.CARING_ROLE_MAX:,} characters "
                                      "or fewer"})

    field_order = ["kind", "name", "email", "phone", "postcode", "cared_for", "caring_role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_maxlength(self, "caring_role")

    def kind_options(self) -> list[dict]:
        return [{"option": option, "hint": carers.KIND_HINTS[CarerAssessmentKind(option.data["value"])]}
                for option in self["kind"]]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {key: data[key] for key in ("kind", "name", "email", "phone", "postcode", "cared_for", "caring_role")}


def _submit(form: forms.Form, action):
    """Run a service on a valid form; its ``ValidationError`` goes onto the form and nothing is returned."""
    if not form.is_valid():
        return None
    try:
        return action()
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def _private(response: HttpResponse) -> HttpResponse:
    """A page found by a secret link: never cached, never indexed."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# ---------------------------------------------------------------------------------------------- public pages


def _reverse(name: str, fallback: str, **kwargs) -> str:
    """A page of the public Local Offer (another module's), or where it would be under this tree's mount."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return reverse("localoffer:carers").removesuffix("carers/") + fallback


def _local_offer_home() -> str:
    return _reverse("localoffer:home", "")


def _sections() -> list[dict]:
    """The carers' categories, each service with the address of its listing."""
    return [{"section": section, "services": [
        {"service": service, "href": _reverse("localoffer:service", f"services/{service.pk}/", pk=service.pk)}
        for service in section.services]} for section in carers.carers_sections()]


@require_GET
def carers_home(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/carers/section.html", {
        "sections": _sections(), "services_base": _reverse("localoffer:search", "services/"),
        "local_offer_home": _local_offer_home(),
        "days": settings.WAYFINDER_ASK_US_DAYS,
        "contact_days": settings.WAYFINDER_CARER_ASSESSMENT_CONTACT_DAYS,
        "team_name": settings.WAYFINDER_ASK_US_TEAM})


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    form = AskForm(request.POST or None)
    if request.method == "POST":
        result = _submit(form, lambda: carers.question_ask(**form.service_fields()))
        if result is not None:
            question, token = result
            link = request.build_absolute_uri(reverse("localoffer:ask-status", kwargs={"token": token}))
            carers.question_send_link(question=question, link=link)
            request.session[JUST_SENT] = f"question:{question.pk}"
            return redirect("localoffer:ask-status", token=token)
    return render(request, "directory/carers/ask.html", {
        "form": form, "local_offer_home": _local_offer_home(), "days": settings.WAYFINDER_ASK_US_DAYS,
        "team_name": settings.WAYFINDER_ASK_US_TEAM})


def _just_sent(request: HttpRequest, key: str) -> bool:
    if request.session.get(JUST_SENT) == key:
        del request.session[JUST_SENT]
        return True
    return False


@never_cache
@require_GET
def ask_status(request: HttpRequest, token: str) -> HttpResponse:
    question = carers.question_for_token(token)
    if question is None:
        raise Http404("No such question")
    carers.question_viewed_by_asker(question=question)
    return _private(render(request, "directory/carers/ask_status.html", {
        "question": question, "clock": carers.question_clock(question),
        "answered_on": carers.answered_date(question),
        "just_sent": _just_sent(request, f"question:{question.pk}"),
        "link": request.build_absolute_uri(),
        "days": settings.WAYFINDER_ASK_US_DAYS}))


@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest) -> HttpResponse:
    form = AssessmentRequestForm(request.POST or None)
    if request.method == "POST":
        result = _submit(form, lambda: carers.carer_assessment_request_create(**form.service_fields()))
        if result is not None:
            row, token = result
            link = request.build_absolute_uri(reverse("localoffer:carer-assessment-status", kwargs={"token": token}))
            carers.request_send_link(request=row, link=link)
            request.session[JUST_SENT] = f"request:{row.pk}"
            return redirect("localoffer:carer-assessment-status", token=token)
    return render(request, "directory/carers/assessment.html", {
        "form": form, "local_offer_home": _local_offer_home(),
        "contact_days": settings.WAYFINDER_CARER_ASSESSMENT_CONTACT_DAYS})


def _timeline(row) -> list[dict]:
    return [{"step": step, "label": step.get_stage_display()} for step in carers.steps_of(row)]


@never_cache
@require_GET
def assessment_status(request: HttpRequest, token: str) -> HttpResponse:
    row = carers.request_for_token(token)
    if row is None:
        raise Http404("No such request")
    carers.request_viewed_by_carer(request=row)
    step = carers.current_step(row)
    return _private(render(request, "directory/carers/assessment_status.html", {
        "row": row, "kind": row.get_kind_display().split(" (")[0], "clock": carers.request_clock(row),
        "steps": _timeline(row), "current": step, "next_step": carers.next_step_words(row),
        "just_sent": _just_sent(request, f"request:{row.pk}"), "link": request.build_absolute_uri()}))


# ----------------------------------------------------------------------------------------------- staff pages


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer", max_length=carers.ANSWER_MAX, widget=forms.Textarea(attrs={"rows": "12"}),
        help_text="Write in plain English. The person who asked sees this on their private page and, if they gave "
                  "an email address, gets it by email.",
        error_messages={"required": "Enter the answer",
                        "max_length": f"The answer must be {carers.ANSWER_MAX:,} characters or fewer"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_maxlength(self, "answer")


class AssignForm(forms.Form):
    """Who owns a question: someone in its team, or the person using the page ("Take ownership")."""

    owner = forms.TypedChoiceField(label="Give it to", coerce=int, empty_value=None,
                                   error_messages={"required": "Select who will answer it",
                                                   "invalid_choice": "Select someone in the team"})

    def __init__(self, *args, question, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {u.pk: u for u in carers.assignable_users(question)}
        self.people.setdefault(actor.pk, actor)
        self.fields["owner"].choices = [("", "Choose someone"),
                                        *((pk, u.get_full_name() or u.username) for pk, u in self.people.items())]

    def chosen(self):
        return self.people[self.cleaned_data["owner"]]


class StepForm(forms.Form):
    stage = forms.ChoiceField(label="What has happened?", widget=forms.RadioSelect,
                              choices=[c for c in CarerAssessmentStage.choices
                                       if c[0] != CarerAssessmentStage.RECEIVED],
                              error_messages={"required": "Select what has happened"})
    on = GovukDateField(label="Date", help_text="For example, 27 3 2026", error_label="Date of this step")
    note = forms.CharField(label="Note for the carer (optional)", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": "4"}),
                           help_text="The carer sees this on their private page, for example the date and time "
                                     "of the visit.",
                           error_messages={"max_length": "The note must be 2,000 characters or fewer"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_maxlength(self, "note")


def _require_list(policy, user) -> None:
    if not policy.can(user, "list"):
        raise PermissionDenied("These pages are for the Local Offer and carers' information team.")


@staff_required
@require_GET
def staff_questions(request: HttpRequest) -> HttpResponse:
    _require_list(carers.QuestionPolicy, request.user)
    show = request.GET.get("show", "")
    show = show if show in carers.QUESTION_FILTERS else ""
    return render(request, "directory/carers/staff_questions.html", {
        "rows": carers.question_rows(user=request.user, show=show), "show": show,
        "filters": carers.QUESTION_FILTERS.items(), "times": carers.response_times(user=request.user),
        "days": settings.WAYFINDER_ASK_US_DAYS})


def _question_or_404(request: HttpRequest, pk: int):
    return carers.QuestionPolicy.get_or_404(request.user, pk=pk)


def _question_page(request: HttpRequest, question, *, form=None):
    """The question with its forms; ``form`` is the one just posted, shown with its errors."""
    answer_form = form if isinstance(form, AnswerForm) else AnswerForm()
    assign_form = form if isinstance(form, AssignForm) else AssignForm(question=question, actor=request.user)
    return render(request, "directory/carers/staff_question.html", {
        "question": question, "clock": carers.question_clock(question),
        "answered_on": carers.answered_date(question),
        "answer_form": answer_form, "assign_form": assign_form, "form": form,
        "can_answer": carers.QuestionPolicy.can(request.user, "answer", question),
    })


@staff_required
@require_GET
def staff_question(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question_or_404(request, pk)
    carers.question_open(actor=request.user, question=question)
    return _question_page(request, question)


@staff_required
@require_POST
def staff_question_assign(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question_or_404(request, pk)
    form = AssignForm(request.POST, question=question, actor=request.user)
    if _submit(form, lambda: carers.question_assign(actor=request.user, question=question,
                                                    owner=form.chosen())) is not None:
        owner = question.owner
        who = "You now own" if owner.pk == request.user.pk else f"{owner.get_full_name() or owner.username} now owns"
        messages.success(request, f"{who} question {question.reference}")
        return redirect("staff:carers-question", pk=question.pk)
    question.refresh_from_db()
    return _question_page(request, question, form=form)


@staff_required
@require_POST
def staff_question_answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question_or_404(request, pk)
    form = AnswerForm(request.POST)
    if _submit(form, lambda: carers.question_answer(actor=request.user, question=question,
                                                    answer=form.cleaned_data["answer"])) is not None:
        messages.success(request, f"Question {question.reference} answered"
                         + (": the answer has been emailed" if question.email else ""))
        return redirect("staff:carers-question", pk=question.pk)
    question.refresh_from_db()
    return _question_page(request, question, form=form)


@staff_required
@require_GET
def staff_assessments(request: HttpRequest) -> HttpResponse:
    _require_list(carers.CarerAssessmentPolicy, request.user)
    stage = request.GET.get("stage", "")
    stage = stage if stage in CarerAssessmentStage.values else ""
    rows = carers.request_rows(user=request.user, stage=stage)
    groups = []
    for value, label in CarerAssessmentStage.choices:
        in_stage = [r for r in rows if r.stage == value]
        if in_stage:
            groups.append({"stage": value, "label": label, "rows": in_stage})
    return render(request, "directory/carers/staff_assessments.html", {
        "groups": groups, "total": len(rows), "stage": stage, "stages": CarerAssessmentStage.choices,
        "contact_days": settings.WAYFINDER_CARER_ASSESSMENT_CONTACT_DAYS})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    row = carers.request_with_steps(user=request.user, pk=pk)
    form = StepForm(request.POST or None)
    if request.method == "POST":
        step = _submit(form, lambda: carers.carer_assessment_step_add(
            actor=request.user, request=row, stage=form.cleaned_data["stage"], on=form.cleaned_data["on"],
            note=form.cleaned_data["note"]))
        if step is not None:
            messages.success(request, f"{row.reference}: “{step.get_stage_display()}” recorded")
            return redirect("staff:carers-assessment", pk=row.pk)
        row = carers.request_with_steps(user=request.user, pk=pk)
    else:
        carers.request_opened(actor=request.user, request=row)
    current = carers.current_step(row)
    return render(request, "directory/carers/staff_assessment.html", {
        "row": row, "clock": carers.request_clock(row), "steps": _timeline(row), "current": current,
        "closed": current is not None and current.stage == CarerAssessmentStage.CLOSED,
        "next_step": carers.next_step_words(row), "form": form,
        "can_record": carers.CarerAssessmentPolicy.can(request.user, "record_step", row)})


public_urls = [
    path("carers/", carers_home, name="carers"),
    path("carers/ask/", ask, name="ask"),
    path("carers/ask/<str:token>/", ask_status, name="ask-status"),
    path("carers/assessment/", assessment, name="carer-assessment"),
    path("carers/assessment/<str:token>/", assessment_status, name="carer-assessment-status"),
]

staff_urls = [
    path("local-offer/carers/questions/", staff_questions, name="carers-questions"),
    path("local-offer/carers/questions/<int:pk>/", staff_question, name="carers-question"),
    path("local-offer/carers/questions/<int:pk>/owner/", staff_question_assign, name="carers-question-assign"),
    path("local-offer/carers/questions/<int:pk>/answer/", staff_question_answer, name="carers-question-answer"),
    path("local-offer/carers/assessments/", staff_assessments, name="carers-assessments"),
    path("local-offer/carers/assessments/<int:pk>/", staff_assessment, name="carers-assessment"),
]
