"""The directory editor's pages (namespace ``staff``, under /staff/local-offer/): the dashboard, listings,
providers' changes waiting for review, stale listings and reminders, organisations and their provider
accounts, and the guide and pathway pages with preview and publishing history.

For directory editors (and system administrators) only: other staff get 403. Views are thin: reads
here and in ``services``' read helpers, changes through ``services``. The directory holds no personal
data about children or families, so views of it are not access-logged; changes are audited by the services.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wayfinder.audit.models import AuditEvent
from wayfinder.core.dates import today
from wayfinder.web.views_staff import staff_required

from . import selectors, services, vocab
from .forms import (
    InviteForm,
    ListingForm,
    OrganisationForm,
    PageForm,
    ReasonForm,
    ServiceFilterForm,
    add_service_errors,
)
from .models import (
    ChangeStatus,
    ListingChange,
    Organisation,
    Page,
    PageKind,
    PageRevision,
    ProviderInvitation,
    Service,
    TaxonomyTerm,
)
from .policies import is_editor

PAGE_SIZE = 50
DUE_SOON_DAYS = 14


def editor_required(view: Callable) -> Callable:
    """Staff who are directory editors or system administrators; other staff get 403."""

    @staff_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_editor(request.user):
            raise PermissionDenied("These pages are for Local Offer directory editors.")
        return view(request, *args, **kwargs)

    return wrapped


def _history(target_type: str, target_id) -> list[AuditEvent]:
    """The audit trail of one row, newest first: what the detail pages show as its history."""
    return list(AuditEvent.objects.filter(target_type=target_type, target_id=str(target_id))
                .exclude(kind="access").order_by("-seq")[:200])


# ------------------------------------------------------------------------------------------- markdown


def _fallback_markdown(text: str) -> SafeString:
    """Paragraphs of escaped text (used only if ``directory.content.render_markdown`` is missing)."""
    paragraphs = [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n") if part.strip()]
    return mark_safe("".join(  # noqa: S308 - every paragraph is escaped
        f'<p class="govuk-body">{escape(part).replace(chr(10), "<br>")}</p>' for part in paragraphs))


def render_markdown(text: str, *, min_heading: int = 2) -> SafeString:
    """The page's Markdown as the public sees it, with ``directory.content.render_markdown`` (the renderer
    the public pages use; it escapes any HTML typed in the source)."""
    try:
        from .content import render_markdown as render
    except ImportError:  # pragma: no cover - content.py is part of the app
        return _fallback_markdown(text)
    return render(text or "", min_heading=min_heading)


# --------------------------------------------------------------------------------------------- dashboard


def _due_split(on):
    due = services.listings_needing_confirmation(on=on, days_before=DUE_SOON_DAYS)
    stale = [s for s in due if s.is_stale(on)]
    soon = [s for s in due if not s.is_stale(on)]
    return stale, soon


@editor_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    on = today()
    pending = (ListingChange.objects.filter(status=ChangeStatus.PENDING)
               .select_related("service", "service__organisation", "submitted_by").order_by("created_on", "pk"))
    stale, soon = _due_split(on)
    imports = Service.objects.filter(published=False, archived_on__isnull=True).exclude(source="")
    return render(request, "directory/staff/home.html", {
        "pending": pending[:10], "pending_count": pending.count(),
        "stale": stale[:10], "stale_count": len(stale), "soon_count": len(soon),
        "imports_count": imports.count(), "published_count": selectors.public_services().count(),
        "on": on,
    })


# ---------------------------------------------------------------------------------------------- listings


def _listings(filters: dict) -> list[Service] | object:
    qs = (Service.objects.select_related("organisation")
          .annotate(has_pending=Exists(ListingChange.objects.filter(service_id=OuterRef("pk"),
                                                                    status=ChangeStatus.PENDING))))
    published = filters.get("published") or ""
    if published == "archived":
        qs = qs.filter(archived_on__isnull=False)
    else:
        qs = qs.filter(archived_on__isnull=True)
        if published == "yes":
            qs = qs.filter(published=True)
        elif published == "no":
            qs = qs.filter(published=False)
    if filters.get("q"):
        q = filters["q"].strip()
        qs = qs.filter(Q(name__icontains=q) | Q(organisation__name__icontains=q))
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("organisation"):
        qs = qs.filter(organisation_id=filters["organisation"])
    qs = qs.order_by("name", "pk")
    if filters.get("stale"):
        on = today()
        return [s for s in qs if s.published and s.is_stale(on)]
    return qs


@editor_required
@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    form = ServiceFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else ServiceFilterForm().filters()
    page = Paginator(_listings(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page"})
    return render(request, "directory/staff/services.html", {
        "form": form if form.is_bound else ServiceFilterForm(), "page": page, "query": query, "on": today()})


def _organisations():
    return Organisation.objects.filter(archived_on__isnull=True).order_by("name")


def _listing_form_page(request: HttpRequest, *, service: Service | None) -> HttpResponse:
    if service is None:
        initial = {"organisation": request.GET.get("organisation", "")}
    else:
        initial = ListingForm.initial_for(services.listing_values(service))
    form = ListingForm(request.POST or None, initial=initial, organisations=_organisations())
    if request.method == "POST" and form.is_valid():
        try:
            if service is None:
                saved = services.service_create(actor=request.user, data=form.service_data())
            else:
                saved = services.service_update(actor=request.user, service=service, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{saved.name} is {'added and ' if service is None else ''}published")
            return redirect("staff:directory-service", pk=saved.pk)
    pending = service.changes.filter(status=ChangeStatus.PENDING).first() if service else None
    return render(request, "directory/staff/service_form.html", {"form": form, "service": service,
                                                                   "pending": pending})


@editor_required
@require_http_methods(["GET", "POST"])
def service_new(request: HttpRequest) -> HttpResponse:
    return _listing_form_page(request, service=None)


@editor_required
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, pk) -> HttpResponse:
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    if service.is_archived:
        messages.info(request, "This listing is archived, so it cannot be changed")
        return redirect("staff:directory-service", pk=service.pk)
    return _listing_form_page(request, service=service)


@editor_required
@require_GET
def service_detail(request: HttpRequest, pk) -> HttpResponse:
    service = get_object_or_404(Service.objects.select_related("organisation", "archived_by"), pk=pk)
    on = today()
    return render(request, "directory/staff/service_detail.html", {
        "service": service,
        "rows": services.listing_summary(services.listing_values(service)),
        "pending": service.changes.filter(status=ChangeStatus.PENDING).select_related("submitted_by").first(),
        "changes": service.changes.exclude(status=ChangeStatus.PENDING).select_related("submitted_by", "decided_by")
        .order_by("-created_on")[:10],
        "reminders": service.reminders.all()[:10],
        "history": _history(Service._meta.label_lower, service.pk),
        "is_stale": service.is_stale(on),
        "is_public": selectors.public_services().filter(pk=service.pk).exists(),
        "on": on,
    })


@editor_required
@require_http_methods(["GET", "POST"])
def service_archive(request: HttpRequest, pk) -> HttpResponse:
    service = get_object_or_404(Service, pk=pk)
    form = ReasonForm(request.POST or None, label="Why is it being taken out of the Local Offer?",
                      help_text="For example, “The service closed in March” or “A duplicate of another listing”. "
                                "The provider sees this if they have a change waiting.",
                      required_message="Enter why the listing is being archived")
    if request.method == "POST" and form.is_valid():
        try:
            services.service_archive(actor=request.user, service=service, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{service.name} is archived: the public can no longer see it")
            return redirect("staff:directory-service", pk=service.pk)
    return render(request, "directory/staff/service_archive.html", {"form": form, "service": service})


@editor_required
@require_POST
def service_confirm(request: HttpRequest, pk) -> HttpResponse:
    service = get_object_or_404(Service, pk=pk)
    try:
        service = services.service_confirm(actor=request.user, service=service)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{service.name} is confirmed as correct until "
                                  f"{service.confirm_by.day} {service.confirm_by:%B %Y}")
    return redirect("staff:directory-service", pk=service.pk)


# --------------------------------------------------------------------------------------- changes for review


@editor_required
@require_GET
def change_list(request: HttpRequest) -> HttpResponse:
    pending = (ListingChange.objects.filter(status=ChangeStatus.PENDING)
               .select_related("service", "service__organisation", "submitted_by").order_by("created_on", "pk"))
    decided = (ListingChange.objects.exclude(status=ChangeStatus.PENDING)
               .select_related("service", "submitted_by", "decided_by").order_by("-decided_on", "-pk")[:20])
    return render(request, "directory/staff/changes.html", {"pending": pending, "decided": decided})


def _change_rows(change: ListingChange) -> list[dict]:
    if change.is_new:
        return [{"label": row["label"], "now": "", "proposed": row["value"]}
                for row in services.listing_summary(change.data)]
    return services.listing_changes(services.listing_values(change.service), change.data)


@editor_required
@require_http_methods(["GET", "POST"])
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(ListingChange.objects.select_related(
        "service", "service__organisation", "submitted_by", "decided_by"), pk=pk)
    reject_form = ReasonForm(request.POST if request.POST.get("action") == "reject" else None,
                             label="Why is it not accepted?",
                             help_text="The provider sees this, so say what they need to change",
                             required_message="Enter why the change is not accepted: the provider will see this")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "approve":
            try:
                service = services.change_approve(actor=request.user, change=change)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("staff:directory-change", pk=change.pk)
            messages.success(request, f"Approved: {service.name} is published with the changes")
            return redirect("staff:directory-changes")
        if action == "reject" and reject_form.is_valid():
            try:
                services.change_reject(actor=request.user, change=change, reason=reject_form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(reject_form, error)
            else:
                messages.success(request, f"Not accepted: {change.service.name}. The provider can see why")
                return redirect("staff:directory-changes")
        elif action not in ("approve", "reject"):
            raise Http404("No such action")
    current = services.listing_values(change.service)
    return render(request, "directory/staff/change_detail.html", {
        "change": change, "service": change.service, "rows": _change_rows(change), "form": reject_form,
        "moved_on": bool(change.base) and change.base != current and change.status == ChangeStatus.PENDING,
    })


# ------------------------------------------------------------------------------------ staleness and reminders


@editor_required
@require_http_methods(["GET", "POST"])
def stale(request: HttpRequest) -> HttpResponse:
    on = today()
    if request.method == "POST":
        report = services.reminders_report(on=on, days_before=DUE_SOON_DAYS, actor=request.user,
                                           base_url=request.build_absolute_uri("/"))
        text = (f"Sent {report.emails} email{'s' if report.emails != 1 else ''} about {report.reminded} "
                f"listing{'s' if report.reminded != 1 else ''}")
        if report.recently_reminded:
            text += f"; {report.recently_reminded} reminded in the last {services.REMIND_EVERY_DAYS} days were skipped"
        if report.no_address:
            text += f"; {len(report.no_address)} have no email address to send to"
        if report.failed:
            text += f"; {len(report.failed)} could not be sent"
        messages.success(request, text)
        return redirect("staff:directory-stale")
    stale_rows, soon = _due_split(on)
    reminded = services.last_reminded([*stale_rows, *soon])
    rows = sorted(stale_rows, key=lambda s: (s.confirm_by, s.name))
    return render(request, "directory/staff/stale.html", {
        "stale": [{"service": s, "overdue": (on - s.confirm_by).days, "reminded": reminded.get(s.pk)} for s in rows],
        "soon": [{"service": s, "in_days": (s.confirm_by - on).days, "reminded": reminded.get(s.pk)} for s in soon],
        "on": on, "remind_every": services.REMIND_EVERY_DAYS, "due_days": DUE_SOON_DAYS,
        "recent_cutoff": on - timedelta(days=services.REMIND_EVERY_DAYS),
    })


# ------------------------------------------------------------------------------------------- organisations


@editor_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "").strip()[:100]
    accounts = Q(provider_invitations__invitation__accepted_by__isnull=False,
                 provider_invitations__archived_on__isnull=True)
    orgs = Organisation.objects.filter(archived_on__isnull=True).annotate(
        listing_count=Count("services", filter=Q(services__archived_on__isnull=True), distinct=True),
        account_count=Count("provider_invitations", filter=accounts, distinct=True)).order_by("name")
    if q:
        orgs = orgs.filter(name__icontains=q)
    page = Paginator(orgs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directory/staff/organisations.html", {"page": page, "q": q,
                                                                    "query": urlencode({"q": q} if q else {})})


@editor_required
@require_GET
def organisation_detail(request: HttpRequest, pk) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    memberships = (ProviderInvitation.objects.filter(organisation=organisation)
                   .select_related("invitation", "invitation__accepted_by", "created_by").order_by("-created_on"))
    return render(request, "directory/staff/organisation_detail.html", {
        "organisation": organisation,
        "services": organisation.services.filter(archived_on__isnull=True).order_by("name"),
        "accounts": [m for m in memberships if m.invitation.accepted_by_id],
        "invitations": [m for m in memberships if not m.invitation.accepted_by_id],
        "history": _history(Organisation._meta.label_lower, organisation.pk)[:50],
        "on": today(),
    })


def _organisation_form_page(request: HttpRequest, organisation: Organisation | None) -> HttpResponse:
    initial = {}
    if organisation is not None:
        initial = {name: getattr(organisation, name) for name in services.ORGANISATION_FIELDS}
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if organisation is None:
                saved = services.organisation_create(actor=request.user, data=form.cleaned_data)
            else:
                saved = services.organisation_update(actor=request.user, organisation=organisation,
                                                     data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{saved.name} is saved")
            return redirect("staff:directory-organisation", pk=saved.pk)
    return render(request, "directory/staff/organisation_form.html", {"form": form, "organisation": organisation})


@editor_required
@require_http_methods(["GET", "POST"])
def organisation_new(request: HttpRequest) -> HttpResponse:
    return _organisation_form_page(request, None)


@editor_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk) -> HttpResponse:
    return _organisation_form_page(request, get_object_or_404(Organisation, pk=pk, archived_on__isnull=True))


@editor_required
@require_http_methods(["GET", "POST"])
@never_cache
def provider_invite(request: HttpRequest, pk) -> HttpResponse:
    """Invite someone to keep an organisation's listings up to date. The link is shown once (and emailed):
    only a hash of its token is kept."""
    organisation = get_object_or_404(Organisation, pk=pk, archived_on__isnull=True)
    form = InviteForm(request.POST or None, initial={"email": organisation.email} if request.method == "GET" else None)
    if request.method == "POST" and form.is_valid():
        try:
            token = services.provider_invite(actor=request.user, organisation=organisation,
                                             email=form.cleaned_data["email"],
                                             base_url=request.build_absolute_uri("/"))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            link = request.build_absolute_uri(reverse("accounts:accept-invitation", kwargs={"token": token}))
            return render(request, "directory/staff/provider_invited.html", {
                "organisation": organisation, "invitation": services.invitation_of_token(token), "link": link})
    return render(request, "directory/staff/provider_invite.html", {"form": form, "organisation": organisation})


# ------------------------------------------------------------------------------------------ content pages


def _page_state(page: Page) -> dict:
    latest, published = page.latest_revision(), page.published_revision()
    if published is None:
        state, colour = "Draft: not published", "grey"
    elif latest is not None and latest.pk != published.pk and latest.published_on is None:
        state, colour = "Published, with a newer draft", "yellow"
    else:
        state, colour = "Published", "green"
    return {"page": page, "latest": latest, "published": published, "state": state, "colour": colour}


@editor_required
@require_GET
def page_list(request: HttpRequest) -> HttpResponse:
    groups = []
    pages = list(Page.objects.filter(archived_on__isnull=True).select_related("need"))
    for kind, label in PageKind.choices:
        rows = [_page_state(page) for page in pages if page.kind == kind]
        groups.append({"kind": kind, "label": label, "rows": rows})
    return render(request, "directory/staff/pages.html", {"groups": groups})


def _public_page_url(page: Page) -> str:
    """Where the public reads the page (the public pages' addresses), or "" if there is none."""
    try:
        if page.kind == PageKind.PATHWAY:
            return reverse("localoffer:pathway", kwargs={"slug": page.slug})
        if page.kind == PageKind.GUIDE:
            return reverse("localoffer:guide", kwargs={"slug": page.slug})
        return reverse("localoffer:carers")
    except NoReverseMatch:
        return ""


@editor_required
@require_GET
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(Page, slug=slug)
    revisions = list(page.revisions.select_related("created_by", "published_by").order_by("-created_on", "-pk"))
    return render(request, "directory/staff/page_detail.html", {
        **_page_state(page), "revisions": revisions, "public_url": _public_page_url(page),
        "history": _history(Page._meta.label_lower, page.pk)[:50]})


def _step_services(page: Page) -> dict[str, list[Service]]:
    """For a pathway's preview: a few published services at each level for its area of need."""
    if page.kind != PageKind.PATHWAY or page.need_id is None:
        return {}
    need_ids = [page.need_id, *TaxonomyTerm.objects.filter(parent_id=page.need_id).values_list("pk", flat=True)]
    found = {}
    for level in services.PATHWAY_LEVELS:
        term = TaxonomyTerm.objects.filter(taxonomy__code=vocab.LEVEL, code=level).first()
        if term is None:
            continue
        found[level] = list(selectors.public_services().filter(terms__in=need_ids).filter(terms=term)
                            .distinct().order_by("name")[:6])
    return found


def _preview(revision: PageRevision) -> dict:
    page = revision.page
    by_level = _step_services(page)
    return {
        "revision": revision,
        "body_html": render_markdown(revision.body, min_heading=3),
        "while_you_wait_html": render_markdown(revision.while_you_wait, min_heading=4),
        "steps": [{"level": step.get("level"), "title": step.get("title", ""),
                   "body_html": render_markdown(step.get("body", ""), min_heading=4),
                   "next_html": render_markdown(step.get("next", ""), min_heading=5),
                   "services": by_level.get(step.get("level"), [])} for step in revision.steps or []],
    }


@editor_required
@require_http_methods(["GET", "POST"])
def page_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit a page: "Preview" saves the words as a new draft revision and shows it as the public would see
    it, without publishing; "Publish" publishes the revision that was previewed."""
    page = get_object_or_404(Page.objects.select_related("need"), slug=slug)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "publish":
        revision = get_object_or_404(PageRevision, pk=request.POST.get("revision") or 0, page=page)
        try:
            services.page_publish(actor=request.user, revision=revision)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(f"{reverse('staff:directory-page-edit', kwargs={'slug': page.slug})}?"
                            f"{urlencode({'preview': revision.pk})}")
        messages.success(request, f"Published: {revision.title}")
        return redirect("staff:directory-page", slug=page.slug)
    if action not in (None, "preview"):
        raise Http404("No such action")

    preview = None
    if request.method == "GET" and request.GET.get("preview", "").isdigit():
        preview = page.revisions.filter(pk=int(request.GET["preview"])).first()
    shown = preview or page.latest_revision()
    form = PageForm(request.POST or None, initial=PageForm.initial_for(shown), kind=page.kind)
    if action == "preview" and form.is_valid():
        try:
            revision = services.page_revision_save(actor=request.user, page=page, **form.content())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            url = reverse("staff:directory-page-edit", kwargs={"slug": page.slug})
            return redirect(f"{url}?{urlencode({'preview': revision.pk})}#preview")
    return render(request, "directory/staff/page_form.html", {
        "form": form, "page": page, "new": False, "preview": _preview(preview) if preview else None,
        "published": page.published_revision()})


@editor_required
@require_http_methods(["GET", "POST"])
def page_new(request: HttpRequest) -> HttpResponse:
    form = PageForm(request.POST or None, new=True, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        need = TaxonomyTerm.objects.filter(pk=data["need"]).first() if data.get("need") else None
        try:
            page = services.page_create(actor=request.user, slug=data["slug"], kind=data["kind"], need=need,
                                        **form.content())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The page is saved as a draft. Check the preview, then publish it")
            url = reverse("staff:directory-page-edit", kwargs={"slug": page.slug})
            return redirect(f"{url}?{urlencode({'preview': page.latest_revision().pk})}#preview")
    return render(request, "directory/staff/page_form.html", {"form": form, "page": None, "new": True,
                                                                "preview": None, "published": None})


staff_urls = [
    path("local-offer/", home, name="directory-home"),
    path("local-offer/services/", service_list, name="directory-services"),
    path("local-offer/services/new/", service_new, name="directory-service-new"),
    path("local-offer/services/<uuid:pk>/", service_detail, name="directory-service"),
    path("local-offer/services/<uuid:pk>/edit/", service_edit, name="directory-service-edit"),
    path("local-offer/services/<uuid:pk>/archive/", service_archive, name="directory-service-archive"),
    path("local-offer/services/<uuid:pk>/confirm/", service_confirm, name="directory-service-confirm"),
    path("local-offer/changes/", change_list, name="directory-changes"),
    path("local-offer/changes/<int:pk>/", change_detail, name="directory-change"),
    path("local-offer/stale/", stale, name="directory-stale"),
    path("local-offer/organisations/", organisation_list, name="directory-organisations"),
    path("local-offer/organisations/new/", organisation_new, name="directory-organisation-new"),
    path("local-offer/organisations/<uuid:pk>/", organisation_detail, name="directory-organisation"),
    path("local-offer/organisations/<uuid:pk>/edit/", organisation_edit, name="directory-organisation-edit"),
    path("local-offer/organisations/<uuid:pk>/invite/", provider_invite, name="directory-provider-invite"),
    path("local-offer/pages/", page_list, name="directory-pages"),
    path("local-offer/pages/new/", page_new, name="directory-page-new"),
    path("local-offer/pages/<slug:slug>/", page_detail, name="directory-page"),
    path("local-offer/pages/<slug:slug>/edit/", page_edit, name="directory-page-edit"),
]
