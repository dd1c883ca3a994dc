"""The public Local Offer at ``/local-offer/`` (namespace ``localoffer``): no sign-in, and signed-in people of
any audience see the same pages.

The Local Offer must say what is available, for whom and how to get it (CAFA 2014 s30; SEND Regulations 2014
reg 53 and Schedule 2), be easy to find and use (SEND Code of Practice 4.3, 4.13), and say what support there
is without an EHC plan (CoP 6.15; the 2024 inspection). These pages:

* ``home`` — the start page: a search box, the four broad areas of need with their pathways, the Local
  Offer headings (Schedule 2) and the guides;
* ``search`` — finding help (``search.search``), with reasons for each match, pagination and a printable,
  shareable list (``?print=1``);
* ``service`` — one listing in full; only ``public_services()``: anything else is 404;
* ``pathway`` — an area of need's continuum from universal to targeted to specialist support, with the
  services at each step and support while you wait;
* ``guides`` and ``guide`` — plain-English pages about the SEND system.

Nothing here is personal data, so no access events are written. Views are thin: the search is in
``search``, page words in ``content``.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_safe

from . import content, search, vocab
from .models import (
    ACCESSIBILITY_FEATURES,
    AccessRoute,
    PageKind,
    PlanRequirement,
    Schedule,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from .selectors import public_services, terms_of

#: The continuum a pathway page shows, in order (SEND Code of Practice 6.15 and 6.44: support for everyone,
#: extra help, then specialist help).
LEVELS = ("universal", "targeted", "specialist")
PATHWAY_SERVICES = 5
FEATURE_NAMES = dict(ACCESSIBILITY_FEATURES)
#: Languages Django does not name, by ISO 639 code (and British Sign Language, ISO 639-3 ``bfi``).
_LANGUAGES = {"so": "Somali", "gu": "Gujarati", "zh": "Chinese", "ps": "Pashto", "ti": "Tigrinya", "ku": "Kurdish",
              "am": "Amharic", "bfi": "British Sign Language", "bsl": "British Sign Language", "sgn": "Sign language",
              "tl": "Tagalog", "yo": "Yoruba", "ig": "Igbo", "sw": "Swahili", "ha": "Hausa"}


def carers_url() -> str:
    """The carers' one-stop shop (``views_carers``), or its address if that page is not there yet."""
    try:
        return reverse("localoffer:carers")
    except NoReverseMatch:
        return "/local-offer/carers/"


def language_name(code: str) -> str:
    code = (code or "").strip().lower()
    if code in _LANGUAGES:
        return _LANGUAGES[code]
    info = LANG_INFO.get(code) or {}
    return info.get("name") or code.upper()


def paragraphs(text: str) -> list[str]:
    """Plain text (a listing's description, how to get it) split into paragraphs at blank lines."""
    return [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n") if part.strip()]


def pagination_items(page, query: str) -> list[dict]:
    """The GOV.UK pagination component's numbered items: the first and last pages, the current page and
    its neighbours, and ellipses between."""
    last, current = page.paginator.num_pages, page.number
    numbers = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    items: list[dict] = []
    previous = 0
    for number in numbers:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "current": number == current, "href": _with_page(query, number)})
        previous = number
    return items


def _with_page(query: str, number: int) -> str:
    return "?" + "&".join(part for part in (query, f"page={number}") if part)


# ------------------------------------------------------------------------------------------------ pages


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    pathways = {p.page.need_id: p for p in content.published_pages(PageKind.PATHWAY) if p.page.need_id}
    areas = [{"term": term, "pathway": pathways.get(term.pk)}
             for term in terms_of(vocab.NEED).filter(parent__isnull=True).order_by("position")]
    return render(request, "directory/public/home.html", {
        "areas": areas,
        "headings": list(terms_of(vocab.LOCAL_OFFER).order_by("position")),
        "guides": content.published_pages(PageKind.GUIDE),
        "carers_url": carers_url(),
        # Free, impartial information, advice and support the council must arrange (CAFA 2014 s32; CoP 2.1).
        "sendiass": settings.WAYFINDER_SENDIASS,
    })


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    printing = request.GET.get("print") == "1"
    result = search.search(request.GET, paginate=not printing)
    criteria = result.criteria
    query = criteria.query() if criteria is not None else ""
    if printing and result.is_valid:
        return render(request, "directory/public/search_print.html", {
            "result": result,
            "criteria": criteria,
            "matches": result.matches[:search.PRINT_LIMIT],
            "truncated": result.total > search.PRINT_LIMIT,
            "print_limit": search.PRINT_LIMIT,
            "today": date.today(),
            "share_query": query,
            "share_url": request.build_absolute_uri(reverse("localoffer:search") + (f"?{query}" if query else "")),
        })
    return render(request, "directory/public/search.html", {
        "result": result,
        "form": result.form,
        "criteria": criteria,
        "query": query,
        "filters": criteria.filters() if criteria is not None else [],
        "pages": pagination_items(result.page, query) if result.page and result.page.has_other_pages() else [],
        "print_query": "&".join(part for part in (query, "print=1") if part),
        "council_email": settings.WAYFINDER_COUNCIL_EMAIL,
    })


def _schedule_rows(schedules) -> list[dict]:
    rows = []
    for schedule in schedules:
        where = schedule.service_at_location.location.name if schedule.service_at_location_id else ""
        words = content.schedule_words(schedule)
        note = schedule.description if words != schedule.description else ""
        rows.append({"words": words, "note": note, "where": where})
    return rows


@require_safe
def service_detail(request: HttpRequest, pk) -> HttpResponse:
    services = public_services().prefetch_related(
        Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy").order_by("position", "name")),
        "localities", "cost_options", "contacts",
        Prefetch("service_at_locations", queryset=ServiceAtLocation.objects.select_related("location")
                 .filter(location__archived_on__isnull=True).order_by("location__name")),
        Prefetch("schedules", queryset=Schedule.objects.filter(archived_on__isnull=True)
                 .select_related("service_at_location__location")),
    )
    service = get_object_or_404(services, pk=pk)
    by_taxonomy: dict[str, list[TaxonomyTerm]] = {}
    for term in service.terms.all():
        by_taxonomy.setdefault(term.taxonomy.code, []).append(term)
    routes = dict(AccessRoute.choices)
    listing_url = request.build_absolute_uri()
    subject = f"Local Offer listing: {service.name}"
    body = (f"I think something is wrong on this listing:\n{listing_url}\n\nWhat is wrong, and what it should say "
            "(if you know):\n")
    report = f"mailto:{settings.WAYFINDER_COUNCIL_EMAIL}?subject={quote(subject)}&body={quote(body)}"
    return render(request, "directory/public/service.html", {
        "service": service,
        "organisation": service.organisation,
        "description": paragraphs(service.description),
        "how_to_access": paragraphs(service.how_to_access),
        "eligibility": paragraphs(service.eligibility),
        "ages": content.ages_words(service.minimum_age, service.maximum_age),
        "needs": by_taxonomy.get(vocab.NEED, []),
        "headings": by_taxonomy.get(vocab.LOCAL_OFFER, []),
        "categories": by_taxonomy.get(vocab.CATEGORY, []),
        "levels": by_taxonomy.get(vocab.LEVEL, []),
        "plan_words": ("Only for children and young people with an EHC plan"
                       if service.plan_requirement == PlanRequirement.PLAN_ONLY else "You do not need an EHC plan"),
        "diagnosis_words": ("Only for children and young people with a diagnosis" if service.diagnosis_required
                            else "You do not need a diagnosis"),
        "routes": [routes[code] for code in service.access_routes or [] if code in routes],
        "schedules": _schedule_rows(service.schedules.all()),
        "locations": [{"location": sal.location,
                       "features": [FEATURE_NAMES[c] for c, _ in ACCESSIBILITY_FEATURES
                                    if c in (sal.location.accessibility or [])]}
                      for sal in service.service_at_locations.all()],
        "localities": list(service.localities.all()),
        "cost_options": list(service.cost_options.all()),
        "contacts": list(service.contacts.all()),
        "languages": [language_name(code) for code in service.languages or []],
        "stale": service.is_stale(),
        "not_running": service.status != ServiceStatus.ACTIVE,
        "report_url": report,
        "council_email": settings.WAYFINDER_COUNCIL_EMAIL,
    })


def _services_for(need: TaxonomyTerm, **terms: TaxonomyTerm) -> dict:
    criteria = search.Criteria(need=need, **terms)
    matches = search.find(criteria)
    return {"services": [m.service for m in matches[:PATHWAY_SERVICES]], "count": len(matches),
            "search_url": f"{reverse('localoffer:search')}?{criteria.query()}"}


@require_safe
def pathway(request: HttpRequest, slug: str) -> HttpResponse:
    found = content.public_page(slug, PageKind.PATHWAY)
    if found is None:
        raise Http404("No such pathway")
    page, revision = found.page, found.revision
    levels = {t.code: t for t in terms_of(vocab.LEVEL)}
    raw_steps = [step for step in (revision.steps or []) if isinstance(step, dict)]
    raw_steps.sort(key=lambda step: LEVELS.index(step.get("level")) if step.get("level") in LEVELS else len(LEVELS))
    steps = []
    for number, step in enumerate(raw_steps, start=1):
        level = levels.get(step.get("level") or "")
        steps.append({
            "number": number,
            "level": level,
            "title": step.get("title") or (level.name if level else f"Step {number}"),
            "body": content.render_markdown(step.get("body") or "", min_heading=4),
            "next": content.render_markdown(step.get("next") or "", min_heading=5),
            "listed": _services_for(page.need, level=level) if page.need and level else None,
            "what": f"{level.name.lower()} services for {page.need.name.lower()}" if page.need and level else "",
        })
    waiting = None
    wait_term = TaxonomyTerm.objects.filter(taxonomy__code=vocab.CATEGORY, code="while-you-wait").first()
    if page.need and wait_term:
        waiting = _services_for(page.need, category=wait_term)
    return render(request, "directory/public/pathway.html", {
        "page": page,
        "revision": revision,
        "body": content.render_markdown(revision.body),
        "steps": steps,
        "while_you_wait": content.render_markdown(revision.while_you_wait, min_heading=3),
        "waiting": waiting,
    })


@require_safe
def guides(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/public/guides.html", {
        "guides": content.published_pages(PageKind.GUIDE), "carers_url": carers_url()})


@require_safe
def guide(request: HttpRequest, slug: str) -> HttpResponse:
    found = content.public_page(slug, PageKind.GUIDE)
    if found is None:
        raise Http404("No such guide")
    return render(request, "directory/public/guide.html", {
        "page": found.page, "revision": found.revision, "body": content.render_markdown(found.revision.body)})


public_urls = [
    path("", home, name="home"),
    path("services/", search_page, name="search"),
    path("services/<uuid:pk>/", service_detail, name="service"),
    path("pathways/<slug:slug>/", pathway, name="pathway"),
    path("guides/", guides, name="guides"),
    path("guides/<slug:slug>/", guide, name="guide"),
]
