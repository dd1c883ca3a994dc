"""Staff pages for reviews (/staff/reviews/…, /staff/plans/…), and the review steps settings share.

Thin views: read through ``selectors`` and the policies, change through ``services``, and write an access
event for every view of a plan or a review. The steps a setting convenes (arrange, invite, advice, meeting,
report) are the same functions for staff and settings, with the URL namespace passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wayfinder.audit.services import record_access
from wayfinder.core.dates import today
from wayfinder.ehc import services as ehc
from wayfinder.ehc.clocks import STATUS_COLOURS, STATUS_LABELS
from wayfinder.ehc.forms import ConsultForm
from wayfinder.ehc.views_staff import submitted
from wayfinder.people.models import Locality
from wayfinder.statutory import phase as phase_engine
from wayfinder.web.views_staff import staff_required

from . import forms, selectors, services
from .clocks import report_for, step_label
from .models import ReviewEventKind, ReviewKind, ReviewOutcome
from .policies import DisagreementPolicy, PlanTransferPolicy, ReviewPolicy

RADAR_PAGE = 100


def deadline_rows(report) -> list[dict]:
    return [{"deadline": d, "label": step_label(d.step), "status_label": STATUS_LABELS[str(d.status)],
             "colour": STATUS_COLOURS[str(d.status)]} for d in report.deadlines]


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


# --------------------------------------------------------------------------------------------- radar


@staff_required
@require_GET
def radar(request: HttpRequest) -> HttpResponse:
    """Every plan by its next review date; overdue plans first, oldest first, counted by locality, officer and
    setting (CAFA s44; reg 20(10); reg 22(3))."""
    if not ReviewPolicy.can(request.user, "view_radar"):
        raise PermissionDenied("The review radar is for casework staff.")
    show = request.GET.get("show") if request.GET.get("show") in selectors.SHOW else "overdue"
    locality, caseworker = _int(request.GET.get("locality")), _int(request.GET.get("caseworker"))
    result = selectors.radar(user=request.user, locality_id=locality, caseworker_id=caseworker, show=show)
    page = Paginator(result.rows, RADAR_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reviews/staff/radar.html", {
        "radar": result, "page": page, "show": show, "shows": selectors.SHOW.items(), "locality": locality,
        "caseworker": caseworker, "query": query.urlencode(),
        "kind_counts": [(label, result.by_kind[kind]) for kind, label in selectors.OVERDUE.items()],
        "localities": Locality.objects.filter(archived_on__isnull=True).order_by("name"),
    })


# --------------------------------------------------------------------------------------------- plan


def plan_panels(user, plan) -> dict:
    """The context of the panels the plan page shows from the other parts of this app: provision delivered,
    disagreements and transfers, each from its own selector."""
    from . import delivery, disagreements, transfers

    return {"disagreements": disagreements.plan_disagreements(user, plan),
            "transfers": transfers.plan_transfers(user, plan),
            "delivery_history": delivery.plan_delivery_history(plan, limit=3),
            "can_record": PlanTransferPolicy.can(user, "record"),
            "can_disagree": DisagreementPolicy.can(user, "create")}


@staff_required
@require_GET
def plan_detail(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """A plan in force: its version, its reviews, and when the next one is due."""
    plan = selectors.plan_for(user=request.user, pk=plan_pk)
    record_access(actor=request.user, target=plan, child=plan.child, summary=f"Opened the plan ({plan})")
    in_force = ehc.version_in_force(plan)
    reviews = list(selectors.plan_reviews(user=request.user, plan=plan))
    current = next((r for r in reviews if not services.is_finished(r)), None)
    ending = services.live_ending(plan)
    try:
        anchor = services.anchor_for(plan)
    except ValidationError:
        anchor = None
    # 12 months from the anchor (CAFA s44), or XFER-REVIEW for a plan transferred in not yet reviewed here
    # (SEND Regs 2014 reg 15(5)).
    next_due, due_rule, due_limb = selectors.next_review_due(plan, anchor[0]) if anchor else (None, "", "")
    from .transfers import transfer_in_of

    return render(request, "reviews/staff/plan_detail.html", {
        "plan": plan, "child": plan.child, "in_force": in_force, "named": services.named_setting(in_force),
        "reviews": reviews, "current": current, "anchor": anchor,
        "next_due": next_due, "due_rule": due_rule, "due_limb": due_limb, "transfer_in": transfer_in_of(plan),
        "ending": ending, "amendment": ehc.open_amendment(plan),
        "can_start": ReviewPolicy.can(request.user, "start") and current is None
        and ending is None and in_force is not None,
        **plan_panels(request.user, plan),
    })


@staff_required
@require_http_methods(["GET", "POST"])
def review_new(request: HttpRequest, plan_pk: int) -> HttpResponse:
    return start_page(request, plan_pk, "staff")


def start_page(request: HttpRequest, plan_pk: int, ns: str) -> HttpResponse:
    plan = selectors.plan_for(user=request.user, pk=plan_pk)
    initial = {"kind": request.GET["kind"]} if request.GET.get("kind") in ReviewKind.values else None
    form = forms.StartForm(request.POST or None, initial=initial)
    review = submitted(request, form, lambda data: services.review_start(actor=request.user, plan=plan, **data),
                       lambda r: f"{r.get_kind_display()} started")
    if review:
        return redirect(f"{ns}:review-detail", pk=review.pk)
    return render(request, "reviews/form.html", {
        "form": form, "child": plan.child, "title": "Start a review", "button": "Start the review",
        "back": reverse(f"{ns}:plan-detail" if ns == "staff" else f"{ns}:reviews", **(
            {"kwargs": {"plan_pk": plan.pk}} if ns == "staff" else {})),
        "intro": "An annual review must be completed (the decision sent) within 12 months of the plan's issue or "
                 "the last review's decision. Hold an interim or emergency review earlier when things change."})


# --------------------------------------------------------------------------------------------- the review


def _links(review, ns: str, user) -> dict[str, str]:
    names = ["arrange", "invite", "advice", "circulate", "meeting", "report"]
    if ns == "staff":
        names += ["decide", "amend", "consult", "issue", "not-amend"]
    return {name.replace("-", "_"): reverse(f"{ns}:review-{name}", kwargs={"pk": review.pk}) for name in names}


def _steps(review, report, ns: str, user) -> list[dict]:
    """The review as a task list, in the order of the law, each with its status and where to do it."""
    events = {e.event: e for e in review.events.all()}
    links = _links(review, ns, user)
    convene = ReviewPolicy.can(user, "convene", review)
    decide = ns == "staff" and ReviewPolicy.can(user, "decide", review)
    held = ReviewEventKind.MEETING_HELD in events
    decided = ReviewEventKind.DECISION_SENT in events
    finished = services.is_finished(review)

    def step(label, done, url, allowed, when=None, hint=""):
        return {"label": label, "done": done, "url": url if allowed and not finished else None, "when": when,
                "hint": hint}

    advice = review.advice.filter(archived_on__isnull=True).count()
    steps = [
        step("Arrange the meeting", review.meeting_on is not None, links["arrange"], convene and not held,
             review.meeting_on, review.meeting_place),
        step("Invite people, with 2 weeks' notice", ReviewEventKind.INVITATIONS_SENT in events, links["invite"],
             convene and review.meeting_on is not None and not held,
             getattr(events.get(ReviewEventKind.INVITATIONS_SENT), "date", None),
             f"{review.invitations.count()} invited"),
        step("Gather advice", advice > 0, links["advice"], convene and not held, None, f"{advice} received"),
        step("Circulate the advice, 2 weeks before", ReviewEventKind.ADVICE_CIRCULATED in events,
             links["circulate"], convene and advice > 0 and ReviewEventKind.ADVICE_CIRCULATED not in events,
             getattr(events.get(ReviewEventKind.ADVICE_CIRCULATED), "date", None)),
        step("Record the meeting", held, links["meeting"], convene and not held,
             getattr(events.get(ReviewEventKind.MEETING_HELD), "date", None)),
        step("Send the report, within 2 weeks", ReviewEventKind.REPORT_SENT in events, links["report"],
             convene and held and ReviewEventKind.REPORT_SENT not in events,
             getattr(events.get(ReviewEventKind.REPORT_SENT), "date", None)),
    ]
    if ns == "staff":
        amendment = services.amendment_of(review)
        steps.append(step("Draft the proposed amendments (if amending)", amendment is not None, links["amend"],
                          decide and held and not decided, None,
                          f"Version {amendment.number}" if amendment else ""))
        consulted = review.consultations.filter(archived_on__isnull=True).count()
        steps.append(step("Consult a new school or college (if naming one)", consulted > 0, links["consult"],
                          decide and held, None, f"{consulted} consulted" if consulted else ""))
        steps.append(step("Send the decision, within 4 weeks", decided, links["decide"],
                          decide and held and not decided, review.decided_on,
                          review.get_outcome_display() if review.outcome else ""))
        if review.outcome == ReviewOutcome.AMEND:
            steps.append(step("Issue the amended plan, within 8 weeks", ReviewEventKind.FINAL_AMENDED_PLAN in events,
                              links["issue"], decide,
                              getattr(events.get(ReviewEventKind.FINAL_AMENDED_PLAN), "date", None)))
    return steps


def _transfer_review(review) -> dict | None:
    """For the first review after a plan was transferred in: the transfer and XFER-REVIEW's date (reg 15(5))."""
    from .transfers import review_due_after_transfer_in, transfer_in_of

    came_in = transfer_in_of(review.plan)
    if came_in is None or not came_in.transferred_on or review.anchor_on != came_in.last_reviewed_on:
        return None
    return {"transfer": came_in, "due": review_due_after_transfer_in(came_in)[1]}


def detail_page(request: HttpRequest, pk: int, ns: str) -> HttpResponse:
    review = selectors.review_for(user=request.user, pk=pk)
    record_access(actor=request.user, target=review, child=review.child, summary=f"Opened the review ({review})")
    report = report_for(review)
    amendment = services.amendment_of(review)
    return render(request, "reviews/review_detail.html", {
        "transfer_review": _transfer_review(review),
        "review": review, "child": review.child, "ns": ns, "report": report, "deadlines": deadline_rows(report),
        "steps": _steps(review, report, ns, request.user), "finished": services.is_finished(review),
        "invitations": review.invitations.filter(archived_on__isnull=True),
        "advice": review.advice.filter(archived_on__isnull=True),
        "consultations": [(c, services.consultation_due(c)) for c in
                          review.consultations.filter(archived_on__isnull=True).select_related("setting")],
        "review_report": getattr(review, "report", None), "amendment": amendment,
        "changes": ehc.amendment_changes(amendment) if amendment else [],
        "representations": amendment.representations.all() if amendment else [],
        "representations_end": services.representations_end(review),
        "ending": getattr(review, "ending", None), "facts": report.facts,
        "reminders": [{"date": date.fromisoformat(r["date"]), "months": months}
                      for r, months in zip(report.facts.get("reminders", []), (3, 6), strict=False)],
        "phase_deadline": (phase_engine.deadline_for(review.transfer_kind, review.transfer_on)
                           if review.transfer_kind and review.transfer_on else None),
        "devon_due": (date.fromisoformat(report.facts["amend_devon"]["due"]) if report.facts.get("amend_devon")
                      else None),
        "back": (reverse("staff:plan-detail", kwargs={"plan_pk": review.plan_id}) if ns == "staff"
                 else reverse(f"{ns}:reviews")),
        "editor": reverse("staff:plan-edit", kwargs={"pk": review.plan.assessment_id}) if ns == "staff" else None,
    })


@staff_required
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return detail_page(request, pk, "staff")


def step_page(request: HttpRequest, pk: int, ns: str, *, form_class, action: Callable, success: str, title: str,
              button: str, intro: str = "", form_kwargs: Callable | None = None) -> HttpResponse:
    """One step of a review: a form whose valid data goes to ``action(review, data)`` (a service call)."""
    review = selectors.review_for(user=request.user, pk=pk)
    extra = form_kwargs(review) if form_kwargs else {}
    form = form_class(request.POST or None, **extra)
    if submitted(request, form, lambda data: action(review, form, data), success) is not None:
        return redirect(f"{ns}:review-detail", pk=review.pk)
    return render(request, "reviews/form.html", {
        "form": form, "child": review.child, "review": review, "title": title, "button": button, "intro": intro,
        "back": reverse(f"{ns}:review-detail", kwargs={"pk": review.pk})})


def _guard(request, review, action: str) -> None:
    if not ReviewPolicy.can(request.user, action, review):
        raise PermissionDenied("You cannot do this.")


def arrange(request, pk, ns):
    def act(review, form, data):
        _guard(request, review, "convene")
        return services.review_arrange(actor=request.user, review=review, **data)
    return step_page(request, pk, ns, form_class=forms.ArrangeForm, action=act, success="Meeting arranged",
                     title="Arrange the review meeting", button="Save",
                     intro="Invitations must go out, and advice be circulated, at least 2 weeks before the meeting "
                           "(reg 20(3)-(4)).")


def invite(request, pk, ns):
    def act(review, form, data):
        return services.review_invite(actor=request.user, review=review, invitees=form.invitees(),
                                      sent_on=data["sent_on"])
    return step_page(request, pk, ns, form_class=forms.InviteForm, action=act, success="Invitations recorded",
                     title="Invite people to the meeting", button="Record the invitations",
                     form_kwargs=lambda review: {"candidates": services.invitation_candidates(review)})


def advice(request, pk, ns):
    def act(review, form, data):
        return services.review_advice_add(actor=request.user, review=review, **data)
    return step_page(request, pk, ns, form_class=forms.AdviceForm, action=act, success="Advice added",
                     title="Add advice for the review", button="Add the advice",
                     intro="Ask the school or setting, health and social care for their advice and information "
                           "about the child (reg 20(4)).")


def circulate(request, pk, ns):
    def act(review, form, data):
        return services.review_advice_circulate(actor=request.user, review=review, **data)
    return step_page(request, pk, ns, form_class=forms.CirculateForm, action=act, success="Advice circulated",
                     title="Circulate the advice", button="Record it",
                     intro="Send the advice to everyone invited, at least 2 weeks before the meeting.")


def meeting(request, pk, ns):
    def act(review, form, data):
        return services.review_meeting_record(actor=request.user, review=review, **data)
    return step_page(request, pk, ns, form_class=forms.MeetingForm, action=act, success="Meeting recorded",
                     title="Record the review meeting", button="Record the meeting")


def report(request, pk, ns):
    def act(review, form, data):
        return services.review_report_send(actor=request.user, review=review, **data)
    return step_page(request, pk, ns, form_class=forms.ReportForm, action=act, success="Report sent",
                     title="Send the review report", button="Send the report",
                     intro="The report goes to the authority and everyone invited within 2 weeks of the meeting, "
                           "with the meeting's recommendation (reg 20(7)).")


@staff_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    def act(review, form, data):
        return services.review_decide(actor=request.user, review=review, **data)
    return step_page(request, pk, "staff", form_class=forms.DecisionForm, action=act, success="Decision sent",
                     title="Send the authority's decision", button="Send the decision",
                     intro="Within 4 weeks of the meeting. To amend, draft the proposed amendments first: they go "
                           "with this decision. To cease, the family and the head or principal must have been "
                           "consulted; the notice gives the right of appeal and the plan is kept until the appeal "
                           "period has passed (CAFA s45).")


@staff_required
@require_POST
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    """Start (or go back to) the proposed amendments, in the plan editor."""
    review = selectors.review_for(user=request.user, pk=pk)
    try:
        services.review_amendment_start(actor=request.user, review=review)
    except ValidationError as error:
        from django.contrib import messages

        messages.error(request, " ".join(error.messages))
        return redirect("staff:review-detail", pk=review.pk)
    return redirect("staff:plan-edit", pk=review.plan.assessment_id)


@staff_required
@require_http_methods(["GET", "POST"])
def consult(request: HttpRequest, pk: int) -> HttpResponse:
    def act(review, form, data):
        return services.review_consultation_send(actor=request.user, review=review, **data)
    return step_page(request, pk, "staff", form_class=ConsultForm, action=act, success="Setting consulted",
                     title="Consult a school or college on being named", button="Record the consultation",
                     intro="Before naming a new school or college in section I (a phase transfer, or a change of "
                           "placement), consult it: it should answer within 15 days (CAFA 2014 sections 39 and 40).")


@staff_required
@require_http_methods(["GET", "POST"])
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    def act(review, form, data):
        return services.review_amendment_issue(actor=request.user, review=review, **data)
    return step_page(request, pk, "staff", form_class=forms.IssueForm, action=act, success="Amended plan issued",
                     title="Issue the amended plan", button="Issue the amended plan")


@staff_required
@require_http_methods(["GET", "POST"])
def not_amend(request: HttpRequest, pk: int) -> HttpResponse:
    def act(review, form, data):
        return services.review_not_to_amend(actor=request.user, review=review, **data)
    return step_page(request, pk, "staff", form_class=forms.NotAmendForm, action=act,
                     success="Decision not to amend recorded", title="Decide not to amend the plan",
                     button="Record the decision",
                     intro="After the family's comments the authority may decide not to amend after all; it must "
                           "tell them, with reasons, within 8 weeks of the proposals (reg 22(4)).")


@staff_required
@require_GET
def letter(request: HttpRequest, pk: int, pdf: bool = False) -> HttpResponse:
    review = selectors.review_for(user=request.user, pk=pk)
    if not review.decided_on:
        raise Http404("No decision has been sent yet")
    from .documents import letter_response

    return letter_response(request, review, pdf=pdf, back=reverse("staff:review-detail", kwargs={"pk": pk}),
                           pdf_url=reverse("staff:review-letter-pdf", kwargs={"pk": pk}))


def _shared(step: Callable, ns: str, decorator) -> Callable:
    @decorator
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return step(request, pk, ns)
    view.__name__ = f"{ns}_{step.__name__}"
    return view


SHARED_STEPS = (("arrange", arrange), ("invite", invite), ("advice", advice), ("circulate", circulate),
                ("meeting", meeting), ("report", report))


def step_urls(ns: str, decorator) -> list:
    return [path(f"reviews/<int:pk>/{name}/", _shared(step, ns, decorator), name=f"review-{name}")
            for name, step in SHARED_STEPS]


staff_urls = [
    path("reviews/", radar, name="review-radar"),
    path("plans/<int:plan_pk>/", plan_detail, name="plan-detail"),
    path("plans/<int:plan_pk>/reviews/new/", review_new, name="review-new"),
    path("reviews/<int:pk>/", review_detail, name="review-detail"),
    *step_urls("staff", staff_required),
    path("reviews/<int:pk>/decide/", decide, name="review-decide"),
    path("reviews/<int:pk>/amend/", amend, name="review-amend"),
    path("reviews/<int:pk>/consult/", consult, name="review-consult"),
    path("reviews/<int:pk>/letter/", letter, name="review-letter"),
    path("reviews/<int:pk>/letter/pdf/", letter, {"pdf": True}, name="review-letter-pdf"),
    path("reviews/<int:pk>/issue/", issue, name="review-issue"),
    path("reviews/<int:pk>/not-amend/", not_amend, name="review-not-amend"),
]

__all__ = ["staff_urls", "step_urls", "detail_page", "start_page", "deadline_rows", "today"]
