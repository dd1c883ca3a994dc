"""The directory as Open Referral UK (HSDS 3.0, UK profile) objects, and the API's query parameters.

The read API at ``/api/openreferral/`` (``views_oruk``) is a thin layer over this module:

* :func:`parse_query` turns a query string into :class:`Query` (filters and paging) or raises
  :class:`ParameterError` naming each bad parameter (issue 6, "Bad input": invalid postcodes, ages out of
  range, unknown taxonomy terms and out-of-range pages return a 400 with a JSON error);
* :func:`filter_services` / :func:`filter_service_at_locations` apply the filters to
  :func:`~wayfinder.directory.selectors.public_services` — the only set the API shows (published, not
  archived, not defunct; a provider's pending change is a ``ListingChange`` row and never read here);
* :func:`page_of` wraps results in the standard's Page envelope (``total_items``, ``total_pages``,
  ``page_number``, ``size`` — items on this page —, ``first_page``, ``last_page``, ``empty``, ``contents``);
* ``service_list_item``, ``service_full``, ``service_at_location_list_item``, ``service_at_location_full``,
  ``taxonomy_item``, ``taxonomy_term_item`` build the objects the standard's compiled schemas describe.

What each filter means, as ``openapi30.json`` of the UK profile defines it:

* ``search`` — every word appears in the service's name, description or its organisation's name;
* ``taxonomy_term_id`` — tagged with that term; ``taxonomy_id`` — tagged with any term of that taxonomy;
* ``minimum_age`` — services whose minimum age is at least the value; ``maximum_age`` — services whose
  maximum age is at or below the value (ages 0–25 are the Local Offer's range, CAFA 2014 s30(1); a query
  above 25 is allowed, it just finds nothing, but a negative or absurd age is refused);
* ``postcode`` — where a service has a service area (its localities), only services whose localities'
  postcode districts include the postcode's district; county-wide services (no localities) always cover it;
* ``proximity`` (with ``postcode``) — metres from the postcode's centroid to one of the service's venues;
  services with no physical venue with a position are left out;
* ``day`` (iCalendar ``MO``…``SU`` or a day name), ``start_time`` (a schedule opening at or after it),
  ``end_time`` (closing at or before it) — all three must hold for the same schedule;
* ``page`` (from 1) and ``per_page`` (default 50, at most 500).

Identifiers of objects we do not store as rows (addresses, service areas, attributes, languages…) are
UUID 5s of what they describe, so they stay the same from one request to the next.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf.locale import LANG_INFO
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from wayfinder.people.models import Locality

from . import postcodes
from .models import (
    ACCESSIBILITY_FEATURES,
    Contact,
    CostOption,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from .selectors import public_services
from .vocab import stable_id

HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
#: Where the standard publishes its schemas; our OpenAPI description ``$ref``s these, as the profile does.
SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
#: The oldest age a query may ask about: the Local Offer stops at 25, but asking about 40 is a fair question
#: (it finds nothing); an age beyond a human lifetime is a mistake.
MAX_QUERY_AGE = 120
#: The furthest ``proximity`` we accept, in metres (the length of Great Britain, near enough).
MAX_PROXIMITY_M = 1_500_000

DAYS: tuple[tuple[str, str], ...] = (("MO", "monday"), ("TU", "tuesday"), ("WE", "wednesday"), ("TH", "thursday"),
                                     ("FR", "friday"), ("SA", "saturday"), ("SU", "sunday"))
_DAY_CODES = {code: code for code, _ in DAYS} | {name: code for code, name in DAYS} | {
    name[:3]: code for code, name in DAYS}
_TIME = re.compile(r"^(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_INTEGER = re.compile(r"^\d+$")
_WORD = re.compile(r"\w+")
FEATURE_NAMES = dict(ACCESSIBILITY_FEATURES)
#: ISO 639-1 names Django does not carry, for languages councils commonly list.
EXTRA_LANGUAGES = {"gu": "Gujarati", "zh": "Chinese", "so": "Somali", "ti": "Tigrinya", "ku": "Kurdish",
                    "ps": "Pashto", "ne": "Nepali", "tl": "Tagalog", "am": "Amharic", "sq": "Albanian",
                    "yo": "Yoruba", "ig": "Igbo", "sw": "Swahili", "ta": "Tamil", "si": "Sinhala"}

#: The query parameters each list endpoint takes (others are ignored, as most ORUK clients expect).
SERVICE_PARAMETERS = ("search", "page", "per_page", "taxonomy_term_id", "taxonomy_id", "minimum_age", "maximum_age",
                      "start_time", "end_time", "day", "postcode", "proximity")
TAXONOMY_PARAMETERS = ("page", "per_page")
TAXONOMY_TERM_PARAMETERS = ("page", "per_page", "taxonomy_id")


class ParameterError(ValueError):
    """Bad query parameters: ``errors`` maps each parameter to what is wrong with it."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{name}: {message}" for name, message in self.errors.items()))


@dataclass(frozen=True)
class Query:
    """A checked query string: filters (``None`` when not given) and the page asked for."""

    words: tuple[str, ...] = ()
    term: TaxonomyTerm | None = None
    taxonomy: Taxonomy | None = None
    minimum_age: Decimal | None = None
    maximum_age: Decimal | None = None
    place: postcodes.Place | None = None
    proximity: Decimal | None = None
    day: str | None = None
    start_time: time | None = None
    end_time: time | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


# ------------------------------------------------------------------------------------------------ parameters


def _value(params: Mapping[str, Any], name: str) -> str | None:
    raw = params.get(name)
    if raw is None:
        return None
    raw = str(raw).strip()
    return raw or None


def _age(raw: str, name: str, errors: dict[str, str]) -> Decimal | None:
    if not _NUMBER.fullmatch(raw):
        errors[name] = (f"{name} must be an age in years from 0 to {MAX_QUERY_AGE}, like 9" if not raw.startswith("-")
                        else f"{name} cannot be negative")
        return None
    value = Decimal(raw)
    if value > MAX_QUERY_AGE:
        errors[name] = f"{name} must be an age in years from 0 to {MAX_QUERY_AGE}"
        return None
    return value


def _uuid_row(model, raw: str, name: str, what: str, errors: dict[str, str]):
    try:
        pk = uuid.UUID(raw)
    except ValueError:
        errors[name] = f"{name} must be the id of a {what} (a UUID)"
        return None
    row = model.objects.filter(pk=pk, archived_on__isnull=True).first()
    if row is None:
        errors[name] = f"There is no {what} with id {raw}"
    return row


def _time(raw: str, name: str, errors: dict[str, str]) -> time | None:
    match = _TIME.fullmatch(raw)
    if not match:
        errors[name] = f"{name} must be a time of day as HH:MM or HH:MM:SS (24-hour clock), like 09:30"
        return None
    return time(int(match["h"]), int(match["m"]), int(match["s"] or 0))


def _whole(raw: str, name: str, errors: dict[str, str], *, low: int, high: int | None = None) -> int | None:
    if not _INTEGER.fullmatch(raw) or int(raw) < low or (high is not None and int(raw) > high):
        errors[name] = (f"{name} must be a whole number from {low} to {high}" if high is not None
                        else f"{name} must be a whole number, {low} or more")
        return None
    return int(raw)


def parse_query(params: Mapping[str, Any], *, allowed: Iterable[str] = SERVICE_PARAMETERS) -> Query:
    """Check the query parameters an endpoint takes; :class:`ParameterError` lists every bad one.

    Parameters the endpoint does not take are ignored; an empty value counts as not given."""
    allowed = set(allowed)
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    get = {name: _value(params, name) for name in allowed}

    if get.get("search"):
        values["words"] = tuple(dict.fromkeys(word.casefold() for word in _WORD.findall(get["search"])))
    if get.get("taxonomy_term_id"):
        values["term"] = _uuid_row(TaxonomyTerm, get["taxonomy_term_id"], "taxonomy_term_id", "taxonomy term",
                                   errors)
    if get.get("taxonomy_id"):
        values["taxonomy"] = _uuid_row(Taxonomy, get["taxonomy_id"], "taxonomy_id", "taxonomy", errors)
    for name in ("minimum_age", "maximum_age"):
        if get.get(name):
            values[name] = _age(get[name], name, errors)
    if values.get("minimum_age") is not None and values.get("maximum_age") is not None \
            and values["minimum_age"] > values["maximum_age"]:
        errors["maximum_age"] = "maximum_age must be the same as or more than minimum_age"
    if get.get("postcode"):
        try:
            values["place"] = postcodes.locate(get["postcode"])
        except postcodes.PostcodeError as error:
            errors["postcode"] = str(error)
    if get.get("proximity"):
        raw = get["proximity"]
        try:
            proximity = Decimal(raw)
        except InvalidOperation:
            proximity = None
        if proximity is None or not proximity.is_finite() or proximity <= 0 or proximity > MAX_PROXIMITY_M:
            errors["proximity"] = f"proximity must be a distance in metres, more than 0 and up to {MAX_PROXIMITY_M:,}"
        elif not get.get("postcode"):
            errors["proximity"] = "proximity needs a postcode to measure from: add postcode, like postcode=DE4 3AG"
        else:
            values["proximity"] = proximity
    if get.get("day"):
        code = _DAY_CODES.get(get["day"].casefold()) or _DAY_CODES.get(get["day"].upper())
        if code is None:
            errors["day"] = "day must be an iCalendar day code (MO, TU, WE, TH, FR, SA, SU) or a day name, like Monday"
        values["day"] = code
    for name in ("start_time", "end_time"):
        if get.get(name):
            values[name] = _time(get[name], name, errors)
    if get.get("page"):
        values["page"] = _whole(get["page"], "page", errors, low=1)
    if get.get("per_page"):
        values["per_page"] = _whole(get["per_page"], "per_page", errors, low=1, high=MAX_PER_PAGE)
    if errors:
        raise ParameterError(errors)
    return Query(**{name: value for name, value in values.items() if value is not None})


# --------------------------------------------------------------------------------------------------- filters


def _localities_covering(district: str) -> list[int]:
    district = district.upper()
    return [locality.pk for locality in Locality.objects.only("pk", "postcode_districts")
            if district in {str(code).strip().upper() for code in (locality.postcode_districts or [])}]


def _venues_near(place: postcodes.Place, metres: Decimal) -> QuerySet[ServiceAtLocation]:
    """Links to physical venues with a position within ``metres`` of ``place`` (a bounding box in the database,
    then the exact great-circle distance)."""
    radius = float(metres)
    dlat = math.degrees(radius / postcodes.EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(place.latitude)), 0.01)
    links = (ServiceAtLocation.objects
             .filter(archived_on__isnull=True, location__archived_on__isnull=True,
                     location__latitude__isnull=False, location__longitude__isnull=False,
                     location__latitude__range=(place.latitude - dlat, place.latitude + dlat),
                     location__longitude__range=(place.longitude - dlon, place.longitude + dlon))
             .exclude(location__kind=Location.Kind.VIRTUAL)
             .values_list("pk", "location__latitude", "location__longitude"))
    near = [pk for pk, lat, lon in links
            if postcodes.distance_m(place.latitude, place.longitude, float(lat), float(lon)) <= radius]
    return ServiceAtLocation.objects.filter(pk__in=near)


def _schedule_filter(query: Query) -> Q | None:
    if not (query.day or query.start_time or query.end_time):
        return None
    q = Q(archived_on__isnull=True)
    if query.day:
        q &= Q(byday__icontains=query.day)
    if query.start_time:
        q &= Q(opens_at__gte=query.start_time)
    if query.end_time:
        q &= Q(closes_at__lte=query.end_time)
    return q


def _service_filters(services: QuerySet, query: Query, prefix: str = "") -> QuerySet:
    """The filters that are about the service, for a queryset of services (``prefix=""``) or of
    service-at-locations (``prefix="service__"``)."""
    ref = OuterRef("service_id" if prefix else "pk")
    for word in query.words:
        services = services.filter(Q(**{f"{prefix}name__icontains": word})
                                   | Q(**{f"{prefix}description__icontains": word})
                                   | Q(**{f"{prefix}organisation__name__icontains": word}))
    tagged = Service.terms.through.objects.filter(service_id=ref)
    if query.term is not None:
        services = services.filter(Exists(tagged.filter(taxonomyterm_id=query.term.pk)))
    if query.taxonomy is not None:
        services = services.filter(Exists(tagged.filter(taxonomyterm__taxonomy_id=query.taxonomy.pk)))
    if query.minimum_age is not None:
        services = services.filter(**{f"{prefix}minimum_age__gte": query.minimum_age})
    if query.maximum_age is not None:
        services = services.filter(**{f"{prefix}maximum_age__lte": query.maximum_age})
    if query.place is not None:
        areas = Service.localities.through.objects.filter(service_id=ref)
        services = services.filter(~Exists(areas)
                                   | Exists(areas.filter(locality_id__in=_localities_covering(query.place.district))))
    return services


def filter_services(services: QuerySet[Service], query: Query) -> QuerySet[Service]:
    services = _service_filters(services, query)
    if query.place is not None and query.proximity is not None:
        services = services.filter(pk__in=_venues_near(query.place, query.proximity).values("service_id"))
    when = _schedule_filter(query)
    if when is not None:
        services = services.filter(Exists(Schedule.objects.filter(when, service_id=OuterRef("pk"))))
    return services


def filter_service_at_locations(links: QuerySet[ServiceAtLocation], query: Query) -> QuerySet[ServiceAtLocation]:
    """Filters for service-at-locations: the service's filters, the venue's distance, and schedules of the
    service that are for this venue or for no venue in particular."""
    links = _service_filters(links, query, prefix="service__")
    if query.place is not None and query.proximity is not None:
        links = links.filter(pk__in=_venues_near(query.place, query.proximity).values("pk"))
    when = _schedule_filter(query)
    if when is not None:
        schedules = Schedule.objects.filter(when, service_id=OuterRef("service_id")).filter(
            Q(service_at_location__isnull=True) | Q(service_at_location_id=OuterRef("pk")))
        links = links.filter(Exists(schedules))
    return links


# ------------------------------------------------------------------------------------------------- querysets


def _live(model) -> QuerySet:
    return model.objects.filter(archived_on__isnull=True)


def _full_service_prefetches(prefix: str = "", *, with_locations: bool = True) -> list[Prefetch]:
    prefetches = [
        Prefetch(f"{prefix}schedules", queryset=_live(Schedule).order_by("byday", "opens_at", "pk"),
                 to_attr="oruk_schedules"),
        Prefetch(f"{prefix}localities", queryset=Locality.objects.order_by("name"), to_attr="oruk_localities"),
        Prefetch(f"{prefix}cost_options", queryset=_live(CostOption).order_by("option", "pk"),
                 to_attr="oruk_cost_options"),
        Prefetch(f"{prefix}contacts", queryset=_live(Contact).order_by("name", "pk"), to_attr="oruk_contacts"),
        Prefetch(f"{prefix}terms", queryset=_live(TaxonomyTerm).select_related("taxonomy"), to_attr="oruk_terms"),
    ]
    if with_locations:
        prefetches.append(Prefetch(f"{prefix}service_at_locations", queryset=public_links(),
                                   to_attr="oruk_links"))
    return prefetches


def public_links() -> QuerySet[ServiceAtLocation]:
    """Live links to live venues (without the service filter: use :func:`public_service_at_locations`)."""
    return (_live(ServiceAtLocation).filter(location__archived_on__isnull=True)
            .select_related("location").order_by("location__name", "pk"))


def services_for_list() -> QuerySet[Service]:
    return public_services().select_related("organisation").order_by("name", "pk")


def services_in_full() -> QuerySet[Service]:
    return public_services().select_related("organisation").prefetch_related(*_full_service_prefetches())


def public_service_at_locations() -> QuerySet[ServiceAtLocation]:
    return (public_links().filter(service__in=public_services())
            .select_related("service__organisation").order_by("service__name", "location__name", "pk"))


def service_at_locations_in_full() -> QuerySet[ServiceAtLocation]:
    return public_service_at_locations().prefetch_related(
        *_full_service_prefetches("service__", with_locations=False))


def taxonomies() -> QuerySet[Taxonomy]:
    return _live(Taxonomy).order_by("name", "pk")


def taxonomy_terms() -> QuerySet[TaxonomyTerm]:
    return (_live(TaxonomyTerm).filter(taxonomy__archived_on__isnull=True).select_related("taxonomy")
            .order_by("taxonomy__name", "position", "name", "pk"))


# ------------------------------------------------------------------------------------------------ pagination


def page_of(rows: QuerySet, query: Query, serialise: Callable[[Any], dict]) -> dict[str, Any]:
    """One page of ``rows`` in the Page envelope. A page beyond the last, when there are results, is a
    :class:`ParameterError`; with no results the (empty) page asked for is returned."""
    total = rows.count()
    total_pages = math.ceil(total / query.per_page)
    if total and query.page > total_pages:
        pages = "1 page" if total_pages == 1 else f"{total_pages} pages"
        raise ParameterError({"page": f"page must be from 1 to {total_pages} ({pages} of {query.per_page} results)"})
    start = (query.page - 1) * query.per_page
    contents = [serialise(row) for row in rows[start:start + query.per_page]] if total else []
    return {"total_items": total, "total_pages": total_pages, "page_number": query.page, "size": len(contents),
            "first_page": query.page == 1, "last_page": query.page >= total_pages, "empty": not contents,
            "contents": contents}


# ------------------------------------------------------------------------------------------------ the objects


def _put(obj: dict, key: str, value: Any) -> None:
    """Set an optional field only when it has a value: the schemas give formats (``uri``, ``email``) an
    empty string would break."""
    if value not in (None, "", [], {}):
        obj[key] = value


def _sid(*parts: Any) -> str:
    return str(stable_id("oruk", *(str(part) for part in parts)))


def iso_datetime(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _number(value: Decimal | int | None) -> float | int | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def language_name(code: str) -> str:
    return LANG_INFO.get(code, {}).get("name") or EXTRA_LANGUAGES.get(code) or code


def organization(org, *, full: bool = False) -> dict[str, Any]:
    obj = {"id": str(org.pk), "name": org.name, "description": org.description or org.name}
    _put(obj, "email", org.email)
    _put(obj, "website", org.website)
    if full and org.charity_number:
        obj["organization_identifiers"] = [{
            "id": _sid("organization-identifier", org.pk, "GB-CHC"), "organization_id": str(org.pk),
            "identifier_scheme": "GB-CHC", "identifier_type": "Charity number", "identifier": org.charity_number}]
    return obj


def _fees(service: Service) -> str:
    return service.fees or ("Free" if service.is_free else "")


def service_list_item(service: Service) -> dict[str, Any]:
    """A service with its one-to-one fields (``schema/compiled/service_list.json``)."""
    obj = {"id": str(service.pk), "organization_id": str(service.organisation_id), "name": service.name,
           "description": service.description, "status": service.status}
    _put(obj, "url", service.url)
    _put(obj, "email", service.email)
    _put(obj, "fees", _fees(service))
    obj["minimum_age"] = service.minimum_age
    obj["maximum_age"] = service.maximum_age
    obj["assured_date"] = service.last_confirmed_on.isoformat()
    _put(obj, "alert", service.alert)
    obj["last_modified"] = iso_datetime(service.modified_on)
    obj["organization"] = organization(service.organisation)
    return obj


def schedule(row: Schedule) -> dict[str, Any]:
    obj = {"id": str(row.pk), "service_id": str(row.service_id)}
    _put(obj, "service_at_location_id", str(row.service_at_location_id) if row.service_at_location_id else None)
    if row.byday:
        obj.update(freq="WEEKLY", interval=1, byday=row.byday)
    _put(obj, "opens_at", row.opens_at.isoformat(timespec="seconds") if row.opens_at else None)
    _put(obj, "closes_at", row.closes_at.isoformat(timespec="seconds") if row.closes_at else None)
    _put(obj, "description", row.description)
    return obj


def _address(location: Location) -> dict[str, Any]:
    return {"id": _sid("address", location.pk), "location_id": str(location.pk), "address_1": location.address_1,
            "city": location.city, "region": location.region, "state_province": location.region,
            "postal_code": location.postcode, "country": "GB",
            "address_type": "postal" if location.kind == Location.Kind.POSTAL else "physical"}


def _accessibility(location: Location) -> list[dict[str, Any]]:
    items = []
    for code in location.accessibility or []:
        words = FEATURE_NAMES.get(code, code)
        items.append({"id": _sid("accessibility", location.pk, code), "location_id": str(location.pk),
                      "description": words, "accessibility": words})
    if location.accessibility_notes:
        items.append({"id": _sid("accessibility", location.pk, "notes"), "location_id": str(location.pk),
                      "description": location.accessibility_notes, "details": location.accessibility_notes})
    return items


def location(row: Location, *, full: bool) -> dict[str, Any]:
    obj = {"id": str(row.pk), "location_type": row.kind, "name": row.name}
    _put(obj, "description", row.description)
    if row.latitude is not None and row.longitude is not None:
        obj["latitude"], obj["longitude"] = float(row.latitude), float(row.longitude)
    if full:
        has_address = row.kind != Location.Kind.VIRTUAL and (row.address_1 or row.postcode or row.city)
        obj["addresses"] = [_address(row)] if has_address else []
        obj["accessibility"] = _accessibility(row)
    return obj


def _service_area(service: Service, locality: Locality) -> dict[str, Any]:
    obj = {"id": _sid("service-area", service.pk, locality.code), "service_id": str(service.pk),
           "name": locality.name, "service_area": locality.name}
    districts = ", ".join(locality.postcode_districts or [])
    _put(obj, "extent", f"Postcode districts {districts}" if districts else "")
    return obj


def taxonomy_term_item(term: TaxonomyTerm) -> dict[str, Any]:
    """A taxonomy term (``schema/taxonomy_term.json``); ``term`` is its code, ``taxonomy`` its vocabulary's
    name."""
    obj = {"id": str(term.pk), "name": term.name, "description": term.description or term.name}
    _put(obj, "parent_id", str(term.parent_id) if term.parent_id else None)
    obj["taxonomy"] = term.taxonomy.name
    obj["taxonomy_id"] = str(term.taxonomy_id)
    _put(obj, "term_uri", term.term_uri)
    obj["term"] = term.code
    return obj


def taxonomy_item(taxonomy: Taxonomy, terms: Iterable[TaxonomyTerm] | None = None) -> dict[str, Any]:
    """A taxonomy (``schema/taxonomy.json``), with its terms when ``terms`` is given (the detail)."""
    obj = {"id": str(taxonomy.pk), "name": taxonomy.name, "description": taxonomy.description or taxonomy.name}
    _put(obj, "uri", taxonomy.uri)
    _put(obj, "version", taxonomy.version)
    if terms is not None:
        obj["taxonomy_terms"] = [taxonomy_term_item(term) for term in terms]
    return obj


def _attribute(service: Service, term: TaxonomyTerm) -> dict[str, Any]:
    return {"id": _sid("attribute", service.pk, term.pk), "link_id": str(service.pk), "link_type": "service",
            "taxonomy_term_id": str(term.pk), "taxonomy_term": taxonomy_term_item(term)}


def _contact(row: Contact) -> dict[str, Any]:
    obj = {"id": str(row.pk), "service_id": str(row.service_id), "name": row.name}
    _put(obj, "title", row.title)
    # HSDS 3.0 contact fields the UK profile leaves out but does not forbid.
    _put(obj, "email", row.email)
    if row.phone:
        obj["phones"] = [{"id": _sid("phone", row.pk), "contact_id": str(row.pk), "number": row.phone}]
    return obj


def _cost_options(service: Service) -> list[dict[str, Any]]:
    rows = [{"id": str(row.pk), "service_id": str(service.pk), "option": row.option} for row in
            service.oruk_cost_options]
    for obj, row in zip(rows, service.oruk_cost_options, strict=True):
        _put(obj, "amount", _number(row.amount))
        _put(obj, "amount_description", row.amount_description)
    if not rows and service.is_free:
        rows = [{"id": _sid("cost-option", service.pk, "free"), "service_id": str(service.pk), "option": "Free",
                 "amount": 0, "amount_description": "There is no charge for this service."}]
    elif not rows and service.fees:
        rows = [{"id": _sid("cost-option", service.pk, "fees"), "service_id": str(service.pk),
                 "option": service.fees[:250], "amount_description": service.fees}]
    return rows


def _languages(service: Service) -> list[dict[str, Any]]:
    # The UK profile keeps only the language's id; HSDS 3.0's ``name`` and ``code`` say which language it is.
    return [{"id": _sid("language", service.pk, code), "service_id": str(service.pk), "name": language_name(code),
             "code": code} for code in service.languages or []]


def _service_body(service: Service) -> dict[str, Any]:
    obj = service_list_item(service)
    obj["organization"] = organization(service.organisation, full=True)
    # HSDS 3.0 service fields the UK profile leaves out but does not forbid.
    _put(obj, "eligibility_description", service.eligibility)
    _put(obj, "application_process", service.how_to_access)
    if service.phone:
        obj["phones"] = [{"id": _sid("phone", service.pk), "service_id": str(service.pk), "number": service.phone}]
    obj["schedules"] = [schedule(row) for row in service.oruk_schedules]
    obj["service_areas"] = [_service_area(service, locality) for locality in service.oruk_localities]
    obj["languages"] = _languages(service)
    obj["cost_options"] = _cost_options(service)
    obj["contacts"] = [_contact(row) for row in service.oruk_contacts]
    obj["attributes"] = [_attribute(service, term) for term in sorted(
        service.oruk_terms, key=lambda t: (t.taxonomy.name, t.position, t.name))]
    return obj


def _link(link: ServiceAtLocation, *, full: bool) -> dict[str, Any]:
    return {"id": str(link.pk), "service_id": str(link.service_id), "location_id": str(link.location_id),
            "location": location(link.location, full=full)}


def service_full(service: Service) -> dict[str, Any]:
    """A fully nested service (``schema/compiled/service.json``); ``service`` comes from
    :func:`services_in_full` (prefetched)."""
    obj = _service_body(service)
    obj["service_at_locations"] = [_link(link, full=True) for link in service.oruk_links]
    return obj


def service_at_location_list_item(link: ServiceAtLocation) -> dict[str, Any]:
    """``schema/compiled/service_at_location_list.json``: the venue and the service's one-to-one fields."""
    obj = _link(link, full=False)
    obj["service"] = service_list_item(link.service)
    return obj


def service_at_location_full(link: ServiceAtLocation) -> dict[str, Any]:
    """``schema/compiled/service_at_location.json``: the venue in full and the service with its related data;
    ``link`` comes from :func:`service_at_locations_in_full`."""
    obj = _link(link, full=True)
    obj["service"] = _service_body(link.service)
    return obj
