"""Finding help in the Local Offer: the public search (CAFA 2014 s30(1) and SEND Regulations 2014 reg 53 and
Schedule 2 — what is available, for whom and how to get it; SEND Code of Practice 4.3 and 4.13: the Local
Offer must be accessible and easy to navigate, "worked well if you knew what you were looking for" is the
failure the 2019 review named).

``search(params)`` takes the query string of ``/local-offer/services/`` (or any mapping of the same names),
validates it with :class:`SearchForm` into :class:`Criteria`, and returns a :class:`SearchResult`: every
matching public listing (only :func:`~wayfinder.directory.selectors.public_services`) with its distance from
the postcode and the reasons it matches, built from the filters actually used, and the page asked for.

Filters combine (AND). Most run in the database; what depends on JSON lists (access routes, venue features)
or on distance runs in Python over the candidates, which are prefetched with their terms, localities and
locations, so a search is a fixed handful of queries however many listings match.

* ``need`` — a broad area of need (CoP 6.28–6.35) matches listings tagged with it or any SEN type under it;
  an SEN type matches listings tagged with that type.
* ``age`` — whole years 0 to 25 (CAFA 2014 s30(1)): ``minimum_age <= age <= maximum_age``.
* ``locality`` — listings serving that locality, and county-wide ones (no localities).
* ``postcode`` and ``within`` (miles, default 10) — listings with a venue within that distance of the
  postcode's centroid, nearest first; listings delivered online or by phone (a virtual location) are kept,
  after the ones near you, because distance does not stop a family using them.
* ``heading``, ``category``, ``level`` — a Local Offer heading, service category, level of support.
* ``no_diagnosis``, ``no_plan`` (most support does not need an EHC plan, CoP 6.15), ``free``,
  ``self_referral``, and ``access`` — venue accessibility features, all of them at one venue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django import forms
from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q

from wayfinder.people.models import Locality

from . import postcodes, vocab
from .content import ages_words, join_words
from .models import (
    ACCESSIBILITY_FEATURES,
    MAX_AGE,
    AccessRoute,
    Location,
    PlanRequirement,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from .selectors import public_services, terms_of

PER_PAGE = 20
#: The most a printed list shows (a list longer than this is not one a family prints).
PRINT_LIMIT = 200
WITHIN_MILES = (1, 3, 5, 10, 20)
DEFAULT_WITHIN = 10
FEATURE_NAMES = dict(ACCESSIBILITY_FEATURES)
_FLAGS = ("no_diagnosis", "no_plan", "free", "self_referral")
_CODE_FIELDS = ("need", "heading", "category", "level", "locality")
#: Words too common to narrow a search ("autism support near DE4" is about autism).
_STOP_WORDS = {"a", "about", "an", "and", "are", "at", "by", "can", "for", "from", "in", "is", "it", "me", "my",
               "near", "of", "on", "or", "our", "the", "to", "we", "what", "who", "with", "your", "help", "support",
               "services", "service"}


def search_words(text: str) -> list[str]:
    """The words of a search that narrow it: lower case, without common words, a plural ``s`` dropped
    ("groups" finds "group" and "groups"), each once. A search of only common words ("help") keeps them."""
    words, common = [], []
    for raw in re.findall(r"[\w’'-]+", (text or "").casefold()):
        whole = word = raw.strip("’'-")
        if len(word) < 2:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        found = common if whole in _STOP_WORDS else words
        if word not in found:
            found.append(word)
    return (words or common)[:10]


# ------------------------------------------------------------------------------------------------ criteria


@dataclass(frozen=True)
class Criteria:
    """A validated search. Empty values mean "any"."""

    q: str = ""
    need: TaxonomyTerm | None = None
    age: int | None = None
    locality: Locality | None = None
    place: postcodes.Place | None = None
    within: int = DEFAULT_WITHIN
    heading: TaxonomyTerm | None = None
    category: TaxonomyTerm | None = None
    level: TaxonomyTerm | None = None
    no_diagnosis: bool = False
    no_plan: bool = False
    free: bool = False
    self_referral: bool = False
    access: tuple[str, ...] = ()

    @property
    def words(self) -> list[str]:
        return search_words(self.q)

    @cached_property
    def need_ids(self) -> frozenset:
        """The need term and, for a broad area, the SEN types under it."""
        if self.need is None:
            return frozenset()
        children = getattr(self.need, "child_terms", None)
        if children is None:
            children = self.need.children.filter(archived_on__isnull=True) if self.need.parent_id is None else []
        return frozenset({self.need.pk, *(child.pk for child in children)})

    def params(self) -> list[tuple[str, str]]:
        """This search as query-string pairs, tidied (codes lower case, the postcode as we read it)."""
        pairs: list[tuple[str, str]] = []
        if self.q.strip():
            pairs.append(("q", self.q.strip()))
        if self.need is not None:
            pairs.append(("need", self.need.code))
        if self.age is not None:
            pairs.append(("age", str(self.age)))
        if self.locality is not None:
            pairs.append(("locality", self.locality.code))
        if self.place is not None:
            pairs += [("postcode", self.place.query), ("within", str(self.within))]
        for name in ("heading", "category", "level"):
            term = getattr(self, name)
            if term is not None:
                pairs.append((name, term.code))
        pairs += [(name, "1") for name in _FLAGS if getattr(self, name)]
        pairs += [("access", code) for code in self.access]
        return pairs

    def query(self, *, without: tuple[str, str | None] | None = None, **extra: str) -> str:
        """The query string of this search, optionally without one filter (``("access", "step_free")``, or
        ``("postcode", None)`` for every value) and with extra pairs (``page="2"``)."""
        pairs = self.params()
        if without is not None:
            name, value = without
            if name == "postcode":
                pairs = [(k, v) for k, v in pairs if k not in {"postcode", "within"}]
            elif value is None:
                pairs = [(k, v) for k, v in pairs if k != name]
            else:
                pairs = [(k, v) for k, v in pairs if (k, v) != (name, value)]
        pairs += [(k, v) for k, v in extra.items() if v]
        return urlencode(pairs)

    def filters(self) -> list[ActiveFilter]:
        """The filters in use, in words, each with the search without it (for "remove" links)."""
        found: list[ActiveFilter] = []

        def add(label: str, name: str, value: str | None = None) -> None:
            found.append(ActiveFilter(label, self.query(without=(name, value))))

        if self.q.strip():
            add(f"Words: {self.q.strip()}", "q")
        if self.need is not None:
            add(f"Area of need: {self.need.name}", "need")
        if self.age is not None:
            add(f"Age: {self.age}", "age")
        if self.locality is not None:
            add(f"Area: {self.locality.name}", "locality")
        if self.place is not None:
            add(f"Within {self.within} mile{'s' if self.within != 1 else ''} of {self.place.query}", "postcode")
        if self.heading is not None:
            add(f"Local Offer section: {self.heading.name}", "heading")
        if self.category is not None:
            add(f"Kind of service: {self.category.name}", "category")
        if self.level is not None:
            add(f"Level of support: {self.level.name}", "level")
        for name, label in (("no_diagnosis", "No diagnosis needed"), ("no_plan", "No EHC plan needed"),
                            ("free", "Free"), ("self_referral", "You can contact them yourself")):
            if getattr(self, name):
                add(label, name)
        for code in self.access:
            add(FEATURE_NAMES[code], "access", code)
        return found

    @property
    def is_empty(self) -> bool:
        return not self.params()


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    remove_query: str


# -------------------------------------------------------------------------------------------------- the form


def _flag() -> forms.CheckboxInput:
    # value="1" so a ticked box reads "no_diagnosis=1" in the address, as the search writes it.
    return forms.CheckboxInput(attrs={"value": "1"})


def _select() -> forms.Select:
    # Full width of its column, so a long option never pushes the page wider than a 320px phone (WCAG 1.4.10).
    return forms.Select(attrs={"class": "govuk-!-width-full"})


class SearchForm(forms.Form):
    """The search's fields with GOV.UK error messages. Codes are read case-insensitively; an unknown code
    is an error, never silently ignored (issue 6, "Bad input")."""

    q = forms.CharField(label="Words to search for", required=False, max_length=200,
                        help_text="For example “sleep”, “speech and language” or the name of a service",
                        error_messages={"max_length": "Words to search for must be 200 characters or fewer"})
    need = forms.ChoiceField(label="Area of need", required=False, widget=_select(),
                             error_messages={"invalid_choice": "Select an area of need from the list"})
    age = forms.CharField(label="Age of the child or young person", required=False, max_length=10,
                          help_text=f"In whole years, from 0 to {MAX_AGE}",
                          error_messages={"max_length": "Enter the age as a whole number of years, like 9"},
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3",
                                                        "spellcheck": "false"}))
    locality = forms.ChoiceField(label="Area of the county", required=False, widget=_select(),
                                 error_messages={"invalid_choice": "Select an area of the county from the list"})
    postcode = forms.CharField(label="Postcode", required=False, max_length=40,
                               help_text="A full postcode, like DE4 3AG, or the first part, like DE4",
                               error_messages={"max_length": "Enter a real postcode, like DE4 3AG or DE4"},
                               widget=forms.TextInput(attrs={"class": "govuk-input--width-10",
                                                             "autocomplete": "postal-code", "spellcheck": "false"}))
    within = forms.TypedChoiceField(
        label="Distance from the postcode", required=False, coerce=int, empty_value=None, widget=_select(),
        choices=[(str(n), f"Within {n} mile{'s' if n != 1 else ''}") for n in WITHIN_MILES],
        initial=str(DEFAULT_WITHIN), error_messages={"invalid_choice": "Select a distance from the list"})
    heading = forms.ChoiceField(label="Local Offer section", required=False, widget=_select(),
                                error_messages={"invalid_choice": "Select a Local Offer section from the list"})
    category = forms.ChoiceField(label="Kind of service", required=False, widget=_select(),
                                 error_messages={"invalid_choice": "Select a kind of service from the list"})
    level = forms.ChoiceField(label="Level of support", required=False, widget=_select(),
                              error_messages={"invalid_choice": "Select a level of support from the list"})
    no_diagnosis = forms.BooleanField(label="No diagnosis needed", required=False, widget=_flag())
    no_plan = forms.BooleanField(label="No EHC plan needed", required=False, widget=_flag())
    free = forms.BooleanField(label="Free", required=False, widget=_flag())
    self_referral = forms.BooleanField(label="You can contact them yourself", required=False, widget=_flag())
    access = forms.MultipleChoiceField(
        label="Venue accessibility", required=False, choices=ACCESSIBILITY_FEATURES,
        help_text="Only show places with all of these",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        error_messages={"invalid_choice": "Select venue accessibility features from the list"})

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for name in _CODE_FIELDS:
                if name in data:
                    data[name] = str(data.get(name) or "").strip().lower()
            if not hasattr(data, "getlist") and isinstance(data.get("access"), str):
                data["access"] = [data["access"]]  # a plain dict with one feature, as a query string would give
            if not str(data.get("within") or "").strip():
                data["within"] = str(DEFAULT_WITHIN)  # what the search uses, so the page shows it selected
        super().__init__(data, *args, **kwargs)
        needs = list(terms_of(vocab.NEED).order_by("position"))
        self._needs = {t.code: t for t in needs}
        broad = [t for t in needs if t.parent_id is None]
        need_choices: list = [("", "Any area of need")]
        for area in broad:
            types = [t for t in needs if t.parent_id == area.pk]
            area.child_terms = types
            everything = area.name.lower() if area.name.lower().endswith("needs") else f"{area.name.lower()} needs"
            need_choices.append((area.name, [(area.code, f"All {everything}"),
                                             *((t.code, t.name) for t in types)]))
        self.fields["need"].choices = need_choices
        self._terms = {}
        for name, taxonomy, blank in (("heading", vocab.LOCAL_OFFER, "Any section"),
                                      ("category", vocab.CATEGORY, "Any kind of service"),
                                      ("level", vocab.LEVEL, "Any level of support")):
            terms = list(terms_of(taxonomy).order_by("position"))
            self._terms[name] = {t.code: t for t in terms}
            self.fields[name].choices = [("", blank), *((t.code, t.name) for t in terms)]
        localities = list(Locality.objects.filter(archived_on__isnull=True).order_by("name"))
        self._localities = {loc.code: loc for loc in localities}
        self.fields["locality"].choices = [("", "Anywhere in the county"),
                                           *((loc.code, loc.name) for loc in localities)]

    def clean_age(self) -> int | None:
        text = (self.cleaned_data.get("age") or "").strip()
        if not text:
            return None
        if not re.fullmatch(r"-?\d+", text):
            raise forms.ValidationError("Enter the age as a whole number of years, like 9")
        age = int(text)
        if not 0 <= age <= MAX_AGE:
            raise forms.ValidationError(f"Enter an age from 0 to {MAX_AGE}: the Local Offer is for children and "
                                        f"young people up to {MAX_AGE}")
        return age

    def clean_postcode(self) -> postcodes.Place | None:
        text = (self.cleaned_data.get("postcode") or "").strip()
        if not text:
            return None
        try:
            return postcodes.locate(text)
        except postcodes.PostcodeError as error:
            raise forms.ValidationError(str(error)) from None

    def criteria(self) -> Criteria:
        """The validated search (call after ``is_valid()``)."""
        data = self.cleaned_data
        return Criteria(
            q=(data.get("q") or "").strip(),
            need=self._needs.get(data.get("need") or ""),
            age=data.get("age"),
            locality=self._localities.get(data.get("locality") or ""),
            place=data.get("postcode"),
            within=data.get("within") or DEFAULT_WITHIN,
            heading=self._terms["heading"].get(data.get("heading") or ""),
            category=self._terms["category"].get(data.get("category") or ""),
            level=self._terms["level"].get(data.get("level") or ""),
            no_diagnosis=bool(data.get("no_diagnosis")),
            no_plan=bool(data.get("no_plan")),
            free=bool(data.get("free")),
            self_referral=bool(data.get("self_referral")),
            access=tuple(code for code, _ in ACCESSIBILITY_FEATURES if code in (data.get("access") or ())),
        )


# --------------------------------------------------------------------------------------------------- results


@dataclass
class Match:
    """One listing that matches, with why."""

    service: Service
    reasons: list[str]
    nearest: Location | None = None  # the venue nearest the postcode, or the first venue
    distance_miles: float | None = None
    online: bool = False  # delivered online or by phone (a virtual location)
    locations: list[Location] = field(default_factory=list)

    @property
    def stale(self) -> bool:
        return self.service.is_stale()

    @property
    def ages(self) -> str:
        return ages_words(self.service.minimum_age, self.service.maximum_age)

    @property
    def distance_words(self) -> str:
        return "" if self.distance_miles is None else miles_words(self.distance_miles)


@dataclass
class SearchResult:
    form: SearchForm
    criteria: Criteria | None
    matches: list[Match] = field(default_factory=list)
    page: Page | None = None

    @property
    def is_valid(self) -> bool:
        return self.criteria is not None and not self.form.errors

    @property
    def total(self) -> int:
        return len(self.matches)

    @property
    def shown(self) -> list[Match]:
        return list(self.page.object_list) if self.page is not None else self.matches


def _tagged(term_ids) -> Q:
    through = Service.terms.through
    return Q(Exists(through.objects.filter(service_id=OuterRef("pk"), taxonomyterm_id__in=list(term_ids))))


def _candidates(criteria: Criteria):
    services = public_services()
    if criteria.need is not None:
        services = services.filter(_tagged(criteria.need_ids))
    for term in (criteria.heading, criteria.category, criteria.level):
        if term is not None:
            services = services.filter(_tagged([term.pk]))
    if criteria.age is not None:
        services = services.filter(minimum_age__lte=criteria.age, maximum_age__gte=criteria.age)
    if criteria.locality is not None:
        through = Service.localities.through
        serves = Exists(through.objects.filter(service_id=OuterRef("pk"), locality_id=criteria.locality.pk))
        anywhere = ~Exists(through.objects.filter(service_id=OuterRef("pk")))
        services = services.filter(Q(serves) | Q(anywhere))
    if criteria.no_diagnosis:
        services = services.filter(diagnosis_required=False)
    if criteria.no_plan:
        services = services.filter(plan_requirement=PlanRequirement.ANY)
    if criteria.free:
        services = services.filter(is_free=True)
    through = Service.terms.through
    for word in criteria.words:
        named = Exists(through.objects.filter(service_id=OuterRef("pk"), taxonomyterm__name__icontains=word))
        services = services.filter(Q(name__icontains=word) | Q(description__icontains=word)
                                   | Q(eligibility__icontains=word) | Q(organisation__name__icontains=word)
                                   | Q(named))
    return services.prefetch_related(
        Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy").order_by("position", "name")),
        "localities",
        Prefetch("service_at_locations", queryset=ServiceAtLocation.objects.select_related("location")
                 .filter(location__archived_on__isnull=True).order_by("location__name")),
    ).order_by("name", "pk")


def _word_reason(service: Service, word: str) -> str:
    for label, text in (("the name", service.name), ("the description", service.description),
                        ("who it is for", service.eligibility),
                        ("the organisation’s name", service.organisation.name)):
        if word in (text or "").casefold():
            return f"Matches “{word}” in {label}"
    for term in service.terms.all():
        if word in term.name.casefold():
            return f"Matches “{word}”: listed under {term.name}"
    return f"Matches “{word}”"


def _distance_miles(place: postcodes.Place, location: Location) -> float | None:
    if location.latitude is None or location.longitude is None:
        return None
    return postcodes.miles(postcodes.distance_m(place.latitude, place.longitude, float(location.latitude),
                                                float(location.longitude)))


def miles_words(distance: float) -> str:
    text = f"{distance:.1f}"
    return f"{text} mile" if text == "1.0" else f"{text} miles"


def _match(service: Service, criteria: Criteria) -> Match | None:
    """``service`` as a match for ``criteria`` with its reasons, or ``None`` if a filter that runs in Python rules
    it out (the database has applied the others)."""
    if criteria.self_referral and AccessRoute.SELF_REFERRAL not in (service.access_routes or []):
        return None
    locations = [sal.location for sal in service.service_at_locations.all()]
    venues = [loc for loc in locations if loc.kind == Location.Kind.PHYSICAL]
    online = any(loc.kind == Location.Kind.VIRTUAL for loc in locations)
    if criteria.access:
        # Venue accessibility is about a place you go to: only venues with every feature asked for count.
        wanted = set(criteria.access)
        venues = [loc for loc in venues if wanted <= set(loc.accessibility or [])]
        online = False
        if not venues:
            return None
    nearest, distance = (venues[0] if venues else None), None
    where_reason = ""
    if criteria.place is not None:
        measured = sorted(((d, loc.name, loc) for loc in venues
                           if (d := _distance_miles(criteria.place, loc)) is not None), key=lambda row: row[:2])
        if measured and measured[0][0] <= criteria.within:
            distance, _, nearest = measured[0]
            where_reason = f"{miles_words(distance)} from {criteria.place.query}"
        elif online:
            nearest = None
            where_reason = "Online or by phone, so you do not need to travel"
        else:
            return None

    reasons: list[str] = []
    terms = list(service.terms.all())
    if criteria.need is not None:
        reasons.append(f"Area of need: {', '.join(t.name for t in terms if t.pk in criteria.need_ids)}")
    if criteria.age is not None:
        reasons.append(f"For ages {service.minimum_age} to {service.maximum_age} — includes {criteria.age}")
    if criteria.locality is not None:
        reasons.append(f"Covers {criteria.locality.name}" if service.localities.all() else "Covers the whole county")
    if where_reason:
        reasons.append(where_reason)
    for label, term in (("Local Offer section", criteria.heading), ("Kind of service", criteria.category),
                        ("Level of support", criteria.level)):
        if term is not None:
            reasons.append(f"{label}: {term.name}")
    for name, label in (("no_diagnosis", "No diagnosis needed"), ("no_plan", "No EHC plan needed"),
                        ("free", "Free"), ("self_referral", "You can contact them yourself")):
        if getattr(criteria, name):
            reasons.append(label)
    if criteria.access and nearest is not None:
        reasons.append(f"{join_words(FEATURE_NAMES[c] for c in criteria.access)} at {nearest.name}")
    for word in criteria.words:
        reasons.append(_word_reason(service, word))
    return Match(service=service, reasons=reasons, nearest=nearest, distance_miles=distance,
                 online=online and nearest is None, locations=locations)


def find(criteria: Criteria) -> list[Match]:
    """Every public listing matching ``criteria``: nearest first when there is a postcode, listings whose name
    has the words first when there are words, then by name."""
    matches = [m for m in (_match(s, criteria) for s in _candidates(criteria)) if m is not None]
    if criteria.place is not None:
        matches.sort(key=lambda m: (m.distance_miles is None, m.distance_miles or 0, m.service.name.casefold()))
    elif criteria.words:
        words = criteria.words
        matches.sort(key=lambda m: (-sum(w in m.service.name.casefold() for w in words), m.service.name.casefold()))
    return matches


def search(params, *, per_page: int = PER_PAGE, paginate: bool = True) -> SearchResult:
    """Validate ``params`` (a ``QueryDict`` or dict of the search's parameters, plus ``page``) and run it.
    An invalid search has errors on its form and no matches (a page number out of range keeps its criteria, so
    the page can offer the first page). ``paginate=False`` gives every match, for the printed list."""
    form = SearchForm(params)
    if not form.is_valid():
        return SearchResult(form=form, criteria=None)
    criteria = form.criteria()
    raw = str(params.get("page") or "1").strip() if paginate else "1"
    if not raw.isdigit() or int(raw) < 1:
        form.add_error(None, "The page number must be a whole number, like 2")
        return SearchResult(form=form, criteria=criteria)
    matches = find(criteria)
    if not paginate:
        return SearchResult(form=form, criteria=criteria, matches=matches)
    paginator = Paginator(matches, per_page)
    try:
        page = paginator.page(int(raw))
    except EmptyPage:
        pages = paginator.num_pages
        form.add_error(None, f"There is no page {int(raw)} of these results: they fit on {pages} "
                             f"page{'s' if pages != 1 else ''}")
        return SearchResult(form=form, criteria=criteria)
    return SearchResult(form=form, criteria=criteria, matches=matches, page=page)
