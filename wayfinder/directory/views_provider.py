"""Pages for organisations listed in the Local Offer (namespace ``provider``, mounted at /provider/).

A provider account speaks for the organisations whose invitation it accepted. It sees those organisations'
listings, proposes new listings and changes (held for an editor's review: nothing a provider submits is
public before review), withdraws a proposal, and confirms that a listing is still correct. Another
organisation's listing is 404; other audiences get 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wayfinder.accounts.models import Audience
from wayfinder.core.dates import today
from wayfinder.web.views_staff import audience_required

from . import services
from .forms import ListingForm, add_service_errors
from .models import ChangeStatus, ListingChange
from .policies import ListingChangePolicy, ServicePolicy, provider_organisations

provider_required = audience_required(Audience.PROVIDER)

SENT_FOR_REVIEW = ("Your changes have been sent for review; the public listing will change when an editor "
                   "approves them")
NEW_SENT_FOR_REVIEW = ("Your new listing has been sent for review; it will be public when an editor approves it")
DUE_SOON_DAYS = 14


def _rows(user) -> list[dict]:
    """The provider's listings with what is happening to each: its pending change, or the latest decision on
    a change that was not accepted."""
    on = today()
    listings = list(ServicePolicy.visible_to(user).select_related("organisation").order_by("organisation__name",
                                                                                          "name"))
    changes: dict = {}
    for change in ListingChange.objects.filter(service__in=listings).order_by("created_on", "pk"):
        changes.setdefault(change.service_id, []).append(change)
    rows = []
    for service in listings:
        history = changes.get(service.pk, [])
        pending = next((c for c in history if c.status == ChangeStatus.PENDING), None)
        latest = history[-1] if history else None
        rows.append({
            "service": service,
            "pending": pending,
            "rejected": latest if latest is not None and latest.status == ChangeStatus.REJECTED else None,
            "is_stale": service.published and service.is_stale(on),
            "due_soon": service.published and not service.is_stale(on)
            and services.listing_due(service, on=on, days_before=DUE_SOON_DAYS),
        })
    return rows


@provider_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    organisations = list(provider_organisations(request.user))
    rows = _rows(request.user)
    groups = [{"organisation": org, "rows": [r for r in rows if r["service"].organisation_id == org.pk]}
              for org in organisations]
    return render(request, "directory/provider/home.html", {"groups": groups, "organisations": organisations,
                                                            "on": today()})


@provider_required
@require_http_methods(["GET", "POST"])
def service_new(request: HttpRequest) -> HttpResponse:
    organisations = list(provider_organisations(request.user))
    if not organisations:
        return render(request, "directory/provider/no_organisation.html", status=403)
    single = organisations[0] if len(organisations) == 1 else None
    form = ListingForm(request.POST or None, organisations=None if single else organisations,
                       fixed_organisation=single)
    if request.method == "POST" and form.is_valid():
        organisation = single or next(o for o in organisations if str(o.pk) == form.cleaned_data["organisation"])
        try:
            services.change_propose(actor=request.user, organisation=organisation, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, NEW_SENT_FOR_REVIEW)
            return redirect("provider:home")
    return render(request, "directory/provider/service_form.html", {"form": form, "service": None,
                                                                    "pending": None, "organisation": single})


@provider_required
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, pk) -> HttpResponse:
    service = ServicePolicy.get_or_404(request.user, pk=pk)
    pending = service.changes.filter(status=ChangeStatus.PENDING).first()
    values = pending.data if pending is not None else services.listing_values(service)
    form = ListingForm(request.POST or None, initial=ListingForm.initial_for(values),
                       fixed_organisation=service.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_propose(actor=request.user, service=service, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, SENT_FOR_REVIEW if service.published else NEW_SENT_FOR_REVIEW)
            return redirect("provider:home")
    return render(request, "directory/provider/service_form.html", {
        "form": form, "service": service, "pending": pending, "organisation": service.organisation})


@provider_required
@require_POST
def service_confirm(request: HttpRequest, pk) -> HttpResponse:
    service = ServicePolicy.get_or_404(request.user, pk=pk)
    try:
        service = services.service_confirm(actor=request.user, service=service)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        by = service.confirm_by
        messages.success(request, f"Thank you. {service.name} is confirmed as correct. We will ask you again by "
                                  f"{by.day} {by:%B %Y}")
    return redirect("provider:home")


@provider_required
@require_POST
def change_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    change = ListingChangePolicy.get_or_404(request.user, pk=pk)
    try:
        services.change_withdraw(actor=request.user, change=change)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Withdrawn: your {'new listing' if change.is_new else 'change'} for "
                                  f"{change.service.name} will not be reviewed")
    return redirect("provider:home")


provider_urls = [
    path("", home, name="home"),
    path("services/new/", service_new, name="service-new"),
    path("services/<uuid:pk>/edit/", service_edit, name="service-edit"),
    path("services/<uuid:pk>/confirm/", service_confirm, name="service-confirm"),
    path("changes/<int:pk>/withdraw/", change_withdraw, name="change-withdraw"),
]
