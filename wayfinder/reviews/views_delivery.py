"""Pages for provision delivered (CAFA 2014 s42; SEND Code of Practice 9.69), one list per audience.

* Setting (``setting:``): the plans to confirm for last term, and a plan's form: one radio group and a
  reason for each line of provision. The reason box is always shown with a hint, so the page works the
  same without JavaScript.
* Staff (``staff:``): the officer's gaps, the measure by setting and by locality (a table with its
  definition), and a plan's delivery history.
* Family (``family:``): what the setting says it provided for their child, term by term, in plain words.

Thin views: reads through the selectors in ``delivery``, the change through ``delivery_confirm``; every page
showing one child's plan writes an access event. A plan the user may not see is 404.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from wayfinder.accounts.models import Audience
from wayfinder.audit.services import record_access
from wayfinder.ehc.views_staff import submitted
from wayfinder.web.views_staff import audience_required, staff_required

from . import delivery
from .models import Delivery
from .policies import DeliveryPolicy

setting_required = audience_required(Audience.SETTING)
family_required = audience_required(Audience.FAMILY)

REASON_HINT = ("Needed if it was partly delivered or not delivered: say what happened and for how long, for "
               "example “speech and language therapist post vacant from October, 6 of 12 sessions given”.")


def _term(request: HttpRequest, slug: str | None = None) -> delivery.TermRef:
    """The term named in the URL or ``?term=``, or last term; 404 for something that is not a term."""
    slug = slug if slug is not None else request.GET.get("term", "")
    if not slug:
        return delivery.last_ended_term()
    try:
        return delivery.TermRef.from_slug(slug)
    except ValueError as error:
        raise Http404("No such term") from error


# --------------------------------------------------------------------------------------------- the form


class DeliveryForm(forms.Form):
    """One radio group (``status_<ref>``) and one reason (``reason_<ref>``) for each line of the plan."""

    def __init__(self, *args, lines: list[delivery.Line], **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"status_{line.ref}"] = forms.ChoiceField(
                label=f"Was {line.ref} delivered?", choices=Delivery.choices, widget=forms.RadioSelect,
                help_text=line.detail,
                error_messages={"required": f"Select whether {line.ref} was delivered, partly delivered or not "
                                            f"delivered"})
            self.fields[f"reason_{line.ref}"] = forms.CharField(
                label=f"Reason for {line.ref} (if partly or not delivered)", required=False,
                max_length=delivery.REASON_MAX, help_text=REASON_HINT,
                widget=forms.Textarea(attrs={"rows": "3"}),
                error_messages={"max_length": f"The reason for {line.ref} must be {delivery.REASON_MAX} "
                                              f"characters or fewer"})

    def clean(self):
        # The service checks this too; asking here as well shows every error on the first submission.
        data = super().clean()
        for line in self.lines:
            status = data.get(f"status_{line.ref}")
            if status in delivery.GAP_STATUSES and not (data.get(f"reason_{line.ref}") or "").strip():
                self.add_error(f"reason_{line.ref}", f"Enter why {line.ref} was {Delivery(status).label.lower()}, "
                                                     f"for example a staff vacancy or absence")
        return data

    def line_fields(self) -> list[dict]:
        return [{"line": line, "status": self[f"status_{line.ref}"], "reason": self[f"reason_{line.ref}"]}
                for line in self.lines]

    def confirmations(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {line.ref: (data[f"status_{line.ref}"], data.get(f"reason_{line.ref}", ""))
                for line in self.lines}


# --------------------------------------------------------------------------------------------- settings


@setting_required
@require_GET
def setting_due(request: HttpRequest) -> HttpResponse:
    """"Confirm provision delivered": the plans naming this setting due confirmation for last term."""
    if not DeliveryPolicy.can(request.user, "confirm"):
        raise PermissionDenied("You cannot confirm provision.")
    term = _term(request)
    rows = delivery.plans_due_confirmation(user=request.user, term=term)
    return render(request, "reviews/delivery/setting_due.html", {
        "term": term, "rows": rows, "terms": delivery.recent_terms(), "setting": request.user.setting,
        "remaining": sum(1 for r in rows if not r.done)})


def _confirmable_plan(request: HttpRequest, plan_pk: int):
    for plan in DeliveryPolicy.confirmable_plans(request.user):
        if plan.pk == plan_pk:
            return plan
    raise Http404("No such plan")


@setting_required
@require_http_methods(["GET", "POST"])
def setting_confirm(request: HttpRequest, plan_pk: int, term_slug: str) -> HttpResponse:
    plan = _confirmable_plan(request, plan_pk)
    term = _term(request, term_slug)
    version, lines = delivery.lines_to_confirm(plan, term)
    if version is None:
        raise Http404("The plan was not in force that term")
    current = delivery.current_confirmations(plan, term)
    if request.method == "GET":
        record_access(actor=request.user, target=plan, child=plan.child,
                      summary=f"Opened provision delivered for the {term.label} ({plan})")
    initial = {}
    for ref, row in current.items():
        initial[f"status_{ref}"] = row.status
        initial[f"reason_{ref}"] = row.reason
    form = DeliveryForm(request.POST or None, lines=lines, initial=initial)
    if submitted(request, form, lambda data: delivery.delivery_confirm(
            actor=request.user, plan=plan, academic_year=term.academic_year, term=term.term,
            lines=form.confirmations()),
            lambda rows: _thanks(plan, term, rows)):
        return redirect(f"{reverse('setting:delivery-due')}?term={term.slug}")
    return render(request, "reviews/delivery/setting_confirm.html", {
        "form": form, "plan": plan, "child": plan.child, "term": term, "version": version,
        "lines": form.line_fields(), "already": bool(current)})


def _thanks(plan, term: delivery.TermRef, rows) -> str:
    gaps = sum(1 for r in rows if r.status != Delivery.DELIVERED)
    message = f"Thank you. Provision for {plan.child.display_name} confirmed for the {term.label}"
    if gaps:
        message += f": {gaps} gap{'s' if gaps != 1 else ''} sent to the caseworker"
    return message


# --------------------------------------------------------------------------------------------- staff


@staff_required
@require_GET
def staff_gaps(request: HttpRequest) -> HttpResponse:
    """The officer's gaps: lines partly or not delivered last term in their caseload's plans."""
    if not DeliveryPolicy.can(request.user, "view_gaps"):
        raise PermissionDenied("Gaps in provision are for casework staff.")
    term = _term(request)
    mine = request.GET.get("whose", "mine") != "all"
    return render(request, "reviews/delivery/staff_gaps.html", {
        "term": term, "terms": delivery.recent_terms(), "mine": mine,
        "gaps": delivery.officer_gaps(user=request.user, mine=mine, term=term)})


@staff_required
@require_GET
def staff_measure(request: HttpRequest) -> HttpResponse:
    """Share of plan provision confirmed delivered, by setting and by locality, with its definition."""
    if not DeliveryPolicy.can(request.user, "view_measures"):
        raise PermissionDenied("Measures are for casework staff and strategic leads.")
    term = _term(request)
    tables = delivery.delivery_measure(term)
    return render(request, "reviews/delivery/staff_measure.html", {
        "term": term, "terms": delivery.recent_terms(), "definition": delivery.MEASURE_DEFINITION,
        "by_setting": tables["setting"], "by_locality": tables["locality"]})


def _visible_plan(request: HttpRequest, plan_pk: int):
    plan = DeliveryPolicy.plans_visible_to(request.user).filter(pk=plan_pk).select_related("child").first()
    if plan is None:
        raise Http404("No such plan")
    return plan


def _history_page(request: HttpRequest, plan_pk: int, template: str) -> HttpResponse:
    plan = _visible_plan(request, plan_pk)
    record_access(actor=request.user, target=plan, child=plan.child,
                  summary=f"Read the provision delivered history ({plan})")
    return render(request, template, {"plan": plan, "child": plan.child,
                                      "delivery_history": delivery.plan_delivery_history(plan)})


@staff_required
@require_GET
def staff_history(request: HttpRequest, plan_pk: int) -> HttpResponse:
    return _history_page(request, plan_pk, "reviews/delivery/staff_history.html")


# --------------------------------------------------------------------------------------------- families


@family_required
@require_GET
def family_history(request: HttpRequest, plan_pk: int) -> HttpResponse:
    return _history_page(request, plan_pk, "reviews/delivery/family_history.html")


staff_urls = [
    path("delivery/gaps/", staff_gaps, name="delivery-gaps"),
    path("delivery/measure/", staff_measure, name="delivery-measure"),
    path("plans/<int:plan_pk>/delivery/", staff_history, name="delivery-history"),
]
setting_urls = [
    path("delivery/", setting_due, name="delivery-due"),
    path("delivery/plans/<int:plan_pk>/<str:term_slug>/", setting_confirm, name="delivery-confirm"),
]
family_urls = [
    path("plans/<int:plan_pk>/delivery/", family_history, name="delivery-history"),
]
