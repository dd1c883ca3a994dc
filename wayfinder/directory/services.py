"""Changes to the Local Offer directory: listings, providers' proposed changes and their review, keeping
listings fresh (reconfirmation and reminders), provider invitations, and the guide and pathway pages.

The council must publish its Local Offer and keep it under review (Children and Families Act 2014 s30(1)
and (9); SEND Regulations 2014 regs 53 and 56), with the information Schedule 2 lists: who a service is
for (ages, needs, eligibility), how to get it, where and when it runs, what it costs, and how to contact it.

House style: each service is ``<entity>_<action>`` with keyword-only arguments, authorises the actor,
validates everything before writing (bad input raises ``ValidationError`` with field keys and plain-English
messages and changes nothing) and writes its audit event in the same transaction.

A listing's editable values travel as one flat, JSON-friendly dict whose keys are :data:`LISTING_FIELDS`
(the listing form's fields). It is what a provider's :class:`~wayfinder.directory.models.ListingChange`
stores, what ``listing_values`` reads back from a service, and what ``listing_clean`` checks.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import EmailValidator, URLValidator, validate_slug
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wayfinder.accounts.models import Invitation, Role, User
from wayfinder.audit.models import Verb
from wayfinder.audit.services import PendingEvent, audit_record, audit_record_many, diff
from wayfinder.core.checks import require
from wayfinder.core.dates import today
from wayfinder.people import identifiers
from wayfinder.people.models import Locality

from . import postcodes, vocab
from .models import (
    ACCESSIBILITY_FEATURES,
    MAX_AGE,
    AccessRoute,
    ChangeStatus,
    ListingChange,
    Location,
    Organisation,
    Page,
    PageKind,
    PageRevision,
    PlanRequirement,
    ProviderInvitation,
    ReconfirmReminder,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from .policies import ListingChangePolicy, OrganisationPolicy, PagePolicy, ServicePolicy, provider_organisations

# ------------------------------------------------------------------------------------------ the listing's fields

#: The fields of the listing form, in the order the form and the review table show them.
LISTING_FIELDS: tuple[str, ...] = (
    "name", "description", "organisation", "url", "email", "phone", "status", "is_free", "fees",
    "minimum_age", "maximum_age", "eligibility", "plan_requirement", "diagnosis_required", "access_routes",
    "how_to_access", "languages", "localities", "needs", "headings", "levels", "categories", "alert",
    "location_name", "location_address_1", "location_city", "location_postcode", "location_accessibility",
    "location_notes", "schedule_days", "schedule_opens_at", "schedule_closes_at", "schedule_description",
)

#: Listing field -> the built-in taxonomy its term ids come from.
TERM_FIELDS: dict[str, str] = {"needs": vocab.NEED, "headings": vocab.LOCAL_OFFER, "levels": vocab.LEVEL,
                               "categories": vocab.CATEGORY}
LIST_FIELDS = {"access_routes", "languages", "localities", *TERM_FIELDS, "location_accessibility", "schedule_days"}
BOOL_FIELDS = {"is_free", "diagnosis_required"}
INT_FIELDS = {"minimum_age", "maximum_age"}
TIME_FIELDS = {"schedule_opens_at", "schedule_closes_at"}

#: Fields copied straight onto the Service row.
SERVICE_FIELDS = ("name", "description", "url", "email", "phone", "status", "is_free", "fees", "minimum_age",
                  "maximum_age", "eligibility", "plan_requirement", "diagnosis_required", "access_routes",
                  "how_to_access", "languages", "alert")
#: Listing field -> Location field.
LOCATION_FIELDS = {"location_name": "name", "location_address_1": "address_1", "location_city": "city",
                   "location_postcode": "postcode", "location_accessibility": "accessibility",
                   "location_notes": "accessibility_notes"}
#: Listing field -> Schedule field.
SCHEDULE_FIELDS = {"schedule_days": "byday", "schedule_opens_at": "opens_at", "schedule_closes_at": "closes_at",
                   "schedule_description": "description"}

#: iCalendar day codes (ORUK ``schedule.byday``) in week order.
DAYS: tuple[tuple[str, str], ...] = (("MO", "Monday"), ("TU", "Tuesday"), ("WE", "Wednesday"), ("TH", "Thursday"),
                                     ("FR", "Friday"), ("SA", "Saturday"), ("SU", "Sunday"))
_DAY_ORDER = {code: i for i, (code, _) in enumerate(DAYS)}

#: Languages offered as checkboxes (ISO 639-1 codes); other two-letter codes already on a listing are kept.
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en", "English"), ("pl", "Polish"), ("ur", "Urdu"), ("pa", "Punjabi"), ("ro", "Romanian"), ("ar", "Arabic"),
    ("bn", "Bengali"), ("gu", "Gujarati"), ("zh", "Chinese"), ("uk", "Ukrainian"), ("cy", "Welsh"),
)
_LANGUAGE_NAMES = dict(LANGUAGES)

FIELD_LABELS: dict[str, str] = {
    "name": "Name of the service", "description": "Description", "organisation": "Organisation",
    "url": "Website", "email": "Email address", "phone": "Phone number", "status": "Is it running?",
    "is_free": "Is it free?", "fees": "What it costs", "minimum_age": "Youngest age", "maximum_age": "Oldest age",
    "eligibility": "Who it is for", "plan_requirement": "EHC plan needed?",
    "diagnosis_required": "Diagnosis needed?", "access_routes": "How families get to it",
    "how_to_access": "How to get it", "languages": "Languages", "localities": "Areas it serves",
    "needs": "Areas of need", "headings": "Local Offer headings", "levels": "Level of support",
    "categories": "Kind of service", "alert": "Notice at the top of the listing",
    "location_name": "Place", "location_address_1": "Address", "location_city": "Town or city",
    "location_postcode": "Postcode", "location_accessibility": "Accessibility of the place",
    "location_notes": "More about access to the place", "schedule_days": "Days it runs",
    "schedule_opens_at": "Opens at", "schedule_closes_at": "Closes at", "schedule_description": "When it runs",
}

_LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
_TIME = re.compile(r"^(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>am|pm)?$")
_PHONE = re.compile(r"^[0-9+()\-\s]+$")


def _empty_listing() -> dict[str, Any]:
    values: dict[str, Any] = dict.fromkeys(LISTING_FIELDS, "")
    values.update({name: [] for name in LIST_FIELDS})
    values.update({"is_free": True, "diagnosis_required": False, "minimum_age": 0, "maximum_age": MAX_AGE,
                   "status": ServiceStatus.ACTIVE.value, "plan_requirement": PlanRequirement.ANY.value})
    return values


def _sorted_list(name: str, items: Iterable[str]) -> list[str]:
    unique = {str(item).strip() for item in items if str(item).strip()}
    if name == "schedule_days":
        return sorted(unique, key=lambda code: (_DAY_ORDER.get(code, 99), code))
    return sorted(unique)


def _hhmm(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def main_location_link(service: Service) -> ServiceAtLocation | None:
    """The listing's location (the form edits one): its first live service-at-location."""
    return (service.service_at_locations.filter(archived_on__isnull=True).select_related("location")
            .order_by("created_on", "pk").first())


def main_schedule(service: Service) -> Schedule | None:
    """The listing's opening times (the form edits one row): its first live schedule."""
    return service.schedules.filter(archived_on__isnull=True).order_by("created_on", "pk").first()


def listing_values(service: Service) -> dict[str, Any]:
    """A service's current values in the listing form's shape (the ``base`` of a proposed change)."""
    values = _empty_listing()
    for name in SERVICE_FIELDS:
        values[name] = getattr(service, name)
    values["access_routes"] = _sorted_list("access_routes", service.access_routes or [])
    values["languages"] = _sorted_list("languages", service.languages or [])
    values["organisation"] = str(service.organisation_id) if service.organisation_id else ""
    if service.pk:
        values["localities"] = _sorted_list("localities", service.localities.values_list("code", flat=True))
        by_taxonomy = defaultdict(list)
        for term_id, taxonomy in service.terms.values_list("pk", "taxonomy__code"):
            by_taxonomy[taxonomy].append(str(term_id))
        for name, taxonomy in TERM_FIELDS.items():
            values[name] = _sorted_list(name, by_taxonomy[taxonomy])
        link = main_location_link(service)
        if link is not None:
            location = link.location
            for name, attr in LOCATION_FIELDS.items():
                values[name] = getattr(location, attr) or ([] if name in LIST_FIELDS else "")
            values["location_accessibility"] = _sorted_list("location_accessibility", location.accessibility or [])
        schedule = main_schedule(service)
        if schedule is not None:
            values["schedule_days"] = _sorted_list("schedule_days", (schedule.byday or "").split(","))
            values["schedule_opens_at"] = _hhmm(schedule.opens_at)
            values["schedule_closes_at"] = _hhmm(schedule.closes_at)
            values["schedule_description"] = schedule.description
    return values


# ------------------------------------------------------------------------------------------ checking a listing


def _parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"true", "yes", "on", "1"}


def _parse_time(value: Any) -> str:
    """``"HH:MM"`` from a time or what someone typed (9:30, 09.30, 2pm, 14:00); ``ValueError`` if not a time."""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    text = str(value or "").strip().lower().replace(" ", "")
    if not text:
        return ""
    match = _TIME.fullmatch(text)
    if not match:
        raise ValueError(text)
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if match["ampm"] == "pm" else 0)
    elif match["m"] is None:
        raise ValueError(text)  # "9" alone could be morning or evening
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(text)
    return f"{hour:02d}:{minute:02d}"


def _normalise(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Tidy what was submitted into the listing shape: text stripped, lists sorted, ages as numbers, times
    as HH:MM. Returns the values and any errors found on the way."""
    values, errors = _empty_listing(), defaultdict(list)
    for name in LISTING_FIELDS:
        if name not in data:
            continue
        raw = data[name]
        if name in LIST_FIELDS:
            if raw in (None, ""):
                items = []
            elif isinstance(raw, str):
                items = [part for part in re.split(r"[,\s]+", raw) if part]
            else:
                items = [str(getattr(item, "pk", item)) for item in raw]
            values[name] = _sorted_list(name, items)
        elif name in BOOL_FIELDS:
            values[name] = _parse_bool(raw)
        elif name in INT_FIELDS:
            if raw in (None, ""):
                errors[name].append(f"Enter the {FIELD_LABELS[name].lower()}, in years, from 0 to {MAX_AGE}")
                continue
            try:
                values[name] = int(str(raw).strip())
            except ValueError:
                errors[name].append(f"Enter the {FIELD_LABELS[name].lower()} as a whole number of years, like 5")
        elif name in TIME_FIELDS:
            try:
                values[name] = _parse_time(raw)
            except ValueError:
                which = "opening" if name == "schedule_opens_at" else "closing"
                errors[name].append(f"Enter the {which} time as a time of day, like 9:30am or 14:00")
        elif name == "organisation":
            values[name] = str(getattr(raw, "pk", raw) or "").strip()
        else:
            values[name] = str(raw if raw is not None else "").strip()
    if values["url"] and "://" not in values["url"]:
        values["url"] = f"https://{values['url']}"
    values["email"] = values["email"].lower() if values["email"] else ""
    return values, errors


def _max_lengths(values: dict[str, Any], errors: dict[str, list[str]]) -> None:
    for name in SERVICE_FIELDS:
        limit = getattr(Service._meta.get_field(name), "max_length", None)
        if limit and isinstance(values[name], str) and len(values[name]) > limit:
            errors[name].append(f"{FIELD_LABELS[name]} must be {limit} characters or fewer")
    for name, attr in {**LOCATION_FIELDS, **SCHEDULE_FIELDS}.items():
        model = Location if name in LOCATION_FIELDS else Schedule
        limit = getattr(model._meta.get_field(attr), "max_length", None)
        if limit and isinstance(values[name], str) and len(values[name]) > limit:
            errors[name].append(f"{FIELD_LABELS[name]} must be {limit} characters or fewer")


def _check_terms(values: dict[str, Any], errors: dict[str, list[str]]) -> None:
    for name, taxonomy in TERM_FIELDS.items():
        wanted = values[name]
        if not wanted:
            continue
        try:
            known = {str(pk) for pk in TaxonomyTerm.objects.filter(
                taxonomy__code=taxonomy, archived_on__isnull=True, pk__in=wanted).values_list("pk", flat=True)}
        except ValidationError:  # not UUIDs at all
            known = set()
        if set(wanted) - known:
            errors[name].append(f"Select {FIELD_LABELS[name].lower()} from the list")  # noqa: S608 - not SQL
    if not values["needs"] and not values["headings"] and "needs" not in errors and "headings" not in errors:
        errors["needs"].append("Select at least one area of need or Local Offer heading, so families can find it")


def _locality_for_district(district: str) -> Locality | None:
    for locality in Locality.objects.filter(archived_on__isnull=True):
        if district in (locality.postcode_districts or []):
            return locality
    return None


def listing_clean(data: Mapping[str, Any], *, organisation: Organisation | None = None) -> dict[str, Any]:
    """Check a listing (the form's values) and return it tidied, or raise ``ValidationError`` listing every
    problem against the field it is about. ``organisation`` fixes the organisation (a provider's own);
    otherwise ``data["organisation"]`` must name one. Writes nothing."""
    values, errors = _normalise(data)

    if organisation is not None:
        values["organisation"] = str(organisation.pk)
    elif not values["organisation"]:
        errors["organisation"].append("Select the organisation that runs the service")
    else:
        try:
            found = Organisation.objects.filter(pk=values["organisation"], archived_on__isnull=True).exists()
        except ValidationError:
            found = False
        if not found:
            errors["organisation"].append("Select the organisation that runs the service from the list")

    if not values["name"]:
        errors["name"].append("Enter the name of the service")
    if not values["description"]:
        errors["description"].append("Enter a description of the service: what it does and who it helps")
    if values["status"] not in ServiceStatus.values:
        errors["status"].append("Select whether the service is running")
    if values["plan_requirement"] not in PlanRequirement.values:
        errors["plan_requirement"].append("Select whether families need an EHC plan to use the service")
    if set(values["access_routes"]) - set(AccessRoute.values):
        errors["access_routes"].append("Select how families get to the service from the list")
    if set(values["location_accessibility"]) - {code for code, _ in ACCESSIBILITY_FEATURES}:
        errors["location_accessibility"].append("Select the accessibility of the place from the list")
    if set(values["schedule_days"]) - set(_DAY_ORDER):
        errors["schedule_days"].append("Select the days it runs from the list")

    # Ages: the Local Offer covers 0 to 25 (CAFA 2014 s30(1)).
    for name in ("minimum_age", "maximum_age"):
        if name not in errors and not 0 <= values[name] <= MAX_AGE:
            errors[name].append(f"The {FIELD_LABELS[name].lower()} must be between 0 and {MAX_AGE}")
    ages_given = not errors.get("minimum_age") and not errors.get("maximum_age")
    if ages_given and values["minimum_age"] > values["maximum_age"]:
        errors["maximum_age"].append("The oldest age must be the same as or more than the youngest age")

    # Costs must be described (SEND Regulations 2014 Schedule 2 para 16 asks for "any charges").
    if not values["is_free"] and not values["fees"]:
        errors["fees"].append("Enter what it costs, or select that it is free")

    # At least one way to contact the service (Schedule 2 para 2: contact details).
    if not (values["email"] or values["phone"] or values["url"]):
        errors["email"].append("Enter at least one way to contact the service: an email address, phone number "
                               "or website")
    if values["email"]:
        try:
            EmailValidator()(values["email"])
        except ValidationError:
            errors["email"].append("Enter an email address in the correct format, like name@example.com")
    if values["url"]:
        try:
            URLValidator(schemes=["http", "https"])(values["url"])
        except ValidationError:
            errors["url"].append("Enter a web address in the correct format, like https://www.example.org")
    if values["phone"] and (not _PHONE.fullmatch(values["phone"]) or sum(c.isdigit() for c in values["phone"]) < 3):
        errors["phone"].append("Enter a phone number using numbers only, like 01629 000000")
    bad_languages = [code for code in values["languages"] if not _LANGUAGE_CODE.fullmatch(code)]
    if bad_languages:
        errors["languages"].append("Select the languages from the list")

    if values["localities"]:
        known = set(Locality.objects.filter(code__in=values["localities"], archived_on__isnull=True)
                    .values_list("code", flat=True))
        if set(values["localities"]) - known:
            errors["localities"].append("Select the areas it serves from the list")
    _check_terms(values, errors)

    # One location: a name is needed once any of its details is given; the postcode must be a real one.
    details = [values[name] for name in LOCATION_FIELDS if name != "location_name"]
    if any(details) and not values["location_name"]:
        errors["location_name"].append("Enter the name of the place, like Matlock Library, or remove its details")
    if values["location_postcode"]:
        try:
            values["location_postcode"] = identifiers.normalise_postcode(values["location_postcode"])
        except identifiers.IdentifierError as error:
            errors["location_postcode"].append(f"Enter a real postcode, like DE4 3AG. {error.message}")

    # One row of opening times.
    opens, closes = values["schedule_opens_at"], values["schedule_closes_at"]
    if (opens or closes) and not values["schedule_days"] and "schedule_days" not in errors:
        errors["schedule_days"].append("Select the days it runs, or remove the opening times")
    if opens and closes and "schedule_opens_at" not in errors and "schedule_closes_at" not in errors \
            and closes <= opens:
        errors["schedule_closes_at"].append("The closing time must be after the opening time")

    _max_lengths(values, errors)
    if errors:
        raise ValidationError({name: messages for name, messages in errors.items() if messages})
    return values


# ------------------------------------------------------------------------------------- showing a listing's values


@dataclass
class _Lookups:
    terms: dict[str, str] = field(default_factory=dict)
    localities: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, str] = field(default_factory=dict)


def _lookups(*listings: Mapping[str, Any]) -> _Lookups:
    term_ids, codes, orgs = set(), set(), set()
    for values in listings:
        for name in TERM_FIELDS:
            term_ids.update(values.get(name) or [])
        codes.update(values.get("localities") or [])
        if values.get("organisation"):
            orgs.add(values["organisation"])
    found = _Lookups()
    try:
        found.terms = {str(pk): name for pk, name in TaxonomyTerm.objects.filter(pk__in=term_ids)
                       .values_list("pk", "name")}
        found.organisations = {str(pk): name for pk, name in Organisation.objects.filter(pk__in=orgs)
                               .values_list("pk", "name")}
    except ValidationError:  # pragma: no cover - ids were checked when stored
        pass
    found.localities = dict(Locality.objects.filter(code__in=codes).values_list("code", "name"))
    return found


def _display(name: str, value: Any, lookups: _Lookups) -> str:
    """A listing value in words, as the editor's review table shows it."""
    if name in BOOL_FIELDS:
        return "Yes" if value else "No"
    if name in INT_FIELDS:
        return f"{value}"
    if name == "organisation":
        return lookups.organisations.get(value, value or "")
    if name == "status":
        return ServiceStatus(value).label if value in ServiceStatus.values else str(value)
    if name == "plan_requirement":
        return PlanRequirement(value).label if value in PlanRequirement.values else str(value)
    labels: dict[str, str] = {}
    if name == "access_routes":
        labels = dict(AccessRoute.choices)
    elif name == "languages":
        labels = _LANGUAGE_NAMES
    elif name == "localities":
        labels = lookups.localities
    elif name in TERM_FIELDS:
        labels = lookups.terms
    elif name == "location_accessibility":
        labels = dict(ACCESSIBILITY_FEATURES)
    elif name == "schedule_days":
        labels = dict(DAYS)
    if name in LIST_FIELDS:
        return ", ".join(labels.get(item, item) for item in value or [])
    return str(value or "")


def listing_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, str]]:
    """The fields whose values differ, each as ``{"field", "label", "now", "proposed"}`` in words, in the
    form's order (the editor's "now / proposed" table)."""
    lookups = _lookups(before, after)
    empty = _empty_listing()
    rows = []
    for name in LISTING_FIELDS:
        old, new = before.get(name, empty[name]), after.get(name, empty[name])
        if old == new:
            continue
        rows.append({"field": name, "label": FIELD_LABELS[name], "now": _display(name, old, lookups),
                     "proposed": _display(name, new, lookups)})
    return rows


def listing_summary(values: Mapping[str, Any]) -> list[dict[str, str]]:
    """Every field that has a value, in words (a listing's detail page)."""
    lookups = _lookups(values)
    return [{"field": name, "label": FIELD_LABELS[name], "value": _display(name, values[name], lookups)}
            for name in LISTING_FIELDS if values.get(name) not in ("", None, [])]


# ------------------------------------------------------------------------------------------ writing a listing


def _touch(obj, actor, now: datetime) -> None:
    if obj._state.adding:
        obj.created_by, obj.created_on = actor, now
    obj.modified_by, obj.modified_on = actor, now


def _coordinates(postcode: str) -> tuple[Decimal | None, Decimal | None, str]:
    """Latitude and longitude of a postcode's centroid (its district's when the full postcode is not loaded),
    and its district; blank when we do not know where it is."""
    if not postcode:
        return None, None, ""
    try:
        place = postcodes.locate(postcode)
    except postcodes.PostcodeError:
        return None, None, postcode.split(" ")[0]
    quantum = Decimal("0.000001")
    return (Decimal(str(place.latitude)).quantize(quantum), Decimal(str(place.longitude)).quantize(quantum),
            place.district)


def _apply_location(service: Service, values: dict[str, Any], *, actor, now: datetime) -> None:
    link = main_location_link(service)
    if not values["location_name"]:
        if link is not None:
            link.archived_on, link.archived_by, link.archived_reason = now, actor, "Removed from the listing"
            _touch(link, actor, now)
            link.save()
        return
    wanted = {attr: values[name] for name, attr in LOCATION_FIELDS.items()}
    location = link.location if link is not None else None
    if location is not None and any(getattr(location, attr) != value for attr, value in wanted.items()):
        shared = location.service_at_locations.filter(archived_on__isnull=True).exclude(pk=link.pk).exists()
        if shared:  # another listing uses the place: give this listing its own copy rather than change theirs
            location = None
    moved = location is None or location.postcode != wanted["postcode"] or location.latitude is None
    if location is None:
        location = Location(organisation=service.organisation)
    for attr, value in wanted.items():
        setattr(location, attr, value)
    location.kind = (Location.Kind.PHYSICAL if values["location_address_1"] or values["location_postcode"]
                     or values["location_city"] else Location.Kind.VIRTUAL)
    if moved:
        location.latitude, location.longitude, district = _coordinates(values["location_postcode"])
        location.locality = _locality_for_district(district) if district else None
    _touch(location, actor, now)
    location.full_clean()
    location.save()
    if link is None:
        link = ServiceAtLocation(service=service, location=location)
        _touch(link, actor, now)
        link.full_clean()
        link.save()
    elif link.location_id != location.pk:
        link.location = location
        _touch(link, actor, now)
        link.save()


def _apply_schedule(service: Service, values: dict[str, Any], *, actor, now: datetime) -> None:
    schedule = main_schedule(service)
    wanted = any(values[name] for name in SCHEDULE_FIELDS)
    if not wanted:
        if schedule is not None:
            schedule.archived_on, schedule.archived_by = now, actor
            schedule.archived_reason = "Removed from the listing"
            _touch(schedule, actor, now)
            schedule.save()
        return
    if schedule is None:
        schedule = Schedule(service=service)
    schedule.byday = ",".join(values["schedule_days"])
    schedule.opens_at = time.fromisoformat(values["schedule_opens_at"]) if values["schedule_opens_at"] else None
    schedule.closes_at = time.fromisoformat(values["schedule_closes_at"]) if values["schedule_closes_at"] else None
    schedule.description = values["schedule_description"]
    _touch(schedule, actor, now)
    schedule.full_clean()
    schedule.save()


def _apply(service: Service, values: dict[str, Any], *, actor, now: datetime) -> Service:
    """Write checked listing values to a service, its terms, localities, location and opening times."""
    service.organisation = Organisation.objects.get(pk=values["organisation"])
    for name in SERVICE_FIELDS:
        setattr(service, name, values[name])
    _touch(service, actor, now)
    service.full_clean()
    service.save()
    service.localities.set(Locality.objects.filter(code__in=values["localities"]))
    other_vocabularies = list(service.terms.exclude(taxonomy__code__in=TERM_FIELDS.values()))
    wanted = [term_id for name in TERM_FIELDS for term_id in values[name]]
    service.terms.set([*other_vocabularies, *TaxonomyTerm.objects.filter(pk__in=wanted)])
    _apply_location(service, values, actor=actor, now=now)
    _apply_schedule(service, values, actor=actor, now=now)
    return service


def _mark_confirmed(service: Service) -> None:
    service.published = True
    service.last_confirmed_on = today()
    service.confirm_every_days = settings.WAYFINDER_LISTING_CONFIRM_DAYS


@transaction.atomic
def service_create(*, actor, data: Mapping[str, Any]) -> Service:
    """A directory editor adds a listing: it is published at once and counts as confirmed today."""
    require(ServicePolicy, actor, "create", message="Only directory editors can add listings.")
    values = listing_clean(data)
    now = timezone.now()
    service = Service()
    _mark_confirmed(service)
    _apply(service, values, actor=actor, now=now)
    audit_record(actor=actor, verb=Verb.CREATED, target=service,
                 summary=f"Added and published the listing {service.name}", payload={"values": values})
    return service


@transaction.atomic
def service_update(*, actor, service: Service, data: Mapping[str, Any]) -> Service:
    """A directory editor changes a listing: the change is public at once and the listing counts as
    confirmed today."""
    require(ServicePolicy, actor, "change", service, message="Only directory editors can change listings directly.")
    service = Service.objects.select_for_update().get(pk=service.pk)
    if service.is_archived:
        raise ValidationError("This listing is archived and cannot be changed")
    before = listing_values(service)
    values = listing_clean(data)
    _mark_confirmed(service)
    _apply(service, values, actor=actor, now=timezone.now())
    audit_record(actor=actor, verb=Verb.UPDATED, target=service, summary=f"Changed and published {service.name}",
                 payload={"changes": diff(before, values)})
    return service


@transaction.atomic
def service_confirm(*, actor, service: Service) -> Service:
    """The provider or an editor says the listing is still correct: nothing changes but its confirmed date,
    so there is nothing to review (keeping the Local Offer under review, CAFA 2014 s30(9))."""
    require(ServicePolicy, actor, "confirm", service, message="You cannot confirm this listing.")
    service = Service.objects.select_for_update().get(pk=service.pk)
    if service.is_archived or not service.published:
        raise ValidationError("Only a published listing can be confirmed as still correct")
    before = service.last_confirmed_on
    service.last_confirmed_on = today()
    _touch(service, actor, timezone.now())
    service.full_clean()
    service.save(update_fields=["last_confirmed_on", "modified_on", "modified_by"])
    audit_record(actor=actor, verb=Verb.CONFIRMED, target=service,
                 summary=f"Confirmed {service.name} is still correct",
                 payload={"last_confirmed_on": {"from": before, "to": service.last_confirmed_on}})
    return service


@transaction.atomic
def service_archive(*, actor, service: Service, reason: str) -> Service:
    """A directory editor takes a listing out of the Local Offer (archived, never deleted). A change waiting
    for review is closed, with the reason, so the provider sees why."""
    require(ServicePolicy, actor, "archive", service, message="Only directory editors can archive listings.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the listing is being archived"})
    if len(reason) > 500:
        raise ValidationError({"reason": "The reason must be 500 characters or fewer"})
    service = Service.objects.select_for_update().get(pk=service.pk)
    if service.is_archived:
        raise ValidationError("This listing is already archived")
    now = timezone.now()
    service.archived_on, service.archived_by, service.archived_reason = now, actor, reason
    _touch(service, actor, now)
    service.save()
    for change in service.changes.filter(status=ChangeStatus.PENDING):
        change.status, change.decided_by, change.decided_on = ChangeStatus.REJECTED, actor, now
        change.reason = f"The listing was taken out of the Local Offer: {reason}"
        _touch(change, actor, now)
        change.save()
    audit_record(actor=actor, verb=Verb.ARCHIVED, target=service, summary=f"Archived {service.name}: {reason}",
                 payload={"reason": reason})
    return service


# -------------------------------------------------------------------------------------- organisations


ORGANISATION_FIELDS = ("name", "description", "email", "website", "phone", "charity_number")


def _organisation_values(data: Mapping[str, Any]) -> dict[str, str]:
    values = {name: str(data.get(name) or "").strip() for name in ORGANISATION_FIELDS}
    if values["website"] and "://" not in values["website"]:
        values["website"] = f"https://{values['website']}"
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = "Enter the name of the organisation"
    if not values["description"]:
        errors["description"] = "Enter a description of the organisation"
    if values["email"]:
        try:
            EmailValidator()(values["email"])
        except ValidationError:
            errors["email"] = "Enter an email address in the correct format, like name@example.com"
    if values["website"]:
        try:
            URLValidator(schemes=["http", "https"])(values["website"])
        except ValidationError:
            errors["website"] = "Enter a web address in the correct format, like https://www.example.org"
    for name in ORGANISATION_FIELDS:
        limit = getattr(Organisation._meta.get_field(name), "max_length", None)
        if limit and len(values[name]) > limit and name not in errors:
            errors[name] = f"This must be {limit} characters or fewer"
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def organisation_create(*, actor, data: Mapping[str, Any]) -> Organisation:
    require(OrganisationPolicy, actor, "create", message="Only directory editors can add organisations.")
    values = _organisation_values(data)
    organisation = Organisation(**values)
    _touch(organisation, actor, timezone.now())
    organisation.full_clean()
    organisation.save()
    audit_record(actor=actor, verb=Verb.CREATED, target=organisation,
                 summary=f"Added the organisation {organisation.name}", payload=values)
    return organisation


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, data: Mapping[str, Any]) -> Organisation:
    require(OrganisationPolicy, actor, "change", organisation,
            message="Only directory editors can change organisations.")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    values = _organisation_values(data)
    before = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    for name, value in values.items():
        setattr(organisation, name, value)
    _touch(organisation, actor, timezone.now())
    organisation.full_clean()
    organisation.save()
    audit_record(actor=actor, verb=Verb.UPDATED, target=organisation,
                 summary=f"Changed the organisation {organisation.name}", payload={"changes": diff(before, values)})
    return organisation


def _absolute(base_url: str, path: str) -> str:
    return f"{base_url.rstrip('/')}{path}" if base_url else path


@transaction.atomic
def provider_invite(*, actor, organisation: Organisation, email: str, base_url: str = "") -> str:
    """Invite someone to update an organisation's listings: an ``accounts`` invitation for the provider role,
    linked to the organisation, and an email with the link. Returns the link's one-time token (only its hash
    is stored). ``base_url`` (``https://host``) makes the emailed link absolute."""
    from wayfinder.accounts.services import invitation_create

    require(OrganisationPolicy, actor, "invite_provider", organisation,
            message="Only directory editors can invite providers.")
    email = (email or "").strip()
    if not email:
        raise ValidationError({"email": "Enter the email address of the person to invite"})
    try:
        EmailValidator()(email)
    except ValidationError:
        raise ValidationError({"email": "Enter an email address in the correct format, like name@example.com"}) \
            from None
    invitation, token = invitation_create(actor=actor, email=email, role=Role.DIRECTORY_PROVIDER)
    membership = ProviderInvitation(invitation=invitation, organisation=organisation)
    _touch(membership, actor, timezone.now())
    membership.full_clean()
    membership.save()
    audit_record(actor=actor, verb=Verb.INVITED, target=organisation,
                 summary=f"Invited {invitation.email} to keep {organisation.name}'s listings up to date",
                 payload={"invitation": invitation.pk, "email": invitation.email})
    link = _absolute(base_url, reverse("accounts:accept-invitation", kwargs={"token": token}))
    expires = timezone.localdate(invitation.expires_on)
    body = (f"{_actor_name(actor)} has invited you to keep {organisation.name}'s listings in the "
            f"{settings.WAYFINDER_LA_NAME} Local Offer up to date.\n\n"
            f"Make your account with this link (it works once, until {expires.day} {expires:%B %Y}):\n{link}\n\n"
            "Changes you make are published after a Local Offer editor has checked them.\n")
    transaction.on_commit(lambda: send_mail(f"Keep {organisation.name}'s Local Offer listings up to date", body,
                                            None, [invitation.email]))
    return token


def _actor_name(actor) -> str:
    return (actor.get_full_name() or actor.get_username()) if actor is not None else settings.WAYFINDER_SERVICE_NAME


# ------------------------------------------------------------------------------- providers' proposed changes


@transaction.atomic
def change_propose(*, actor, service: Service | None = None, organisation: Organisation | None = None,
                   data: Mapping[str, Any]) -> ListingChange:
    """A provider proposes a new listing (``organisation``) or a change to one of theirs (``service``). It is
    held for an editor's review; the public listing does not change. A second proposal while one is waiting
    replaces the waiting one's values."""
    if service is not None:
        require(ServicePolicy, actor, "propose", service, message="You cannot change this listing.")
        service = Service.objects.select_for_update().get(pk=service.pk)
        if service.is_archived:
            raise ValidationError("This listing has been taken out of the Local Offer")
        organisation = service.organisation
    else:
        if organisation is None or not provider_organisations(actor).filter(pk=organisation.pk).exists():
            raise PermissionDenied("You cannot add listings for this organisation.")
    values = listing_clean(data, organisation=organisation)
    now = timezone.now()

    if service is None:  # a new listing: an unpublished shell owned by the organisation holds its place
        service = Service(organisation=organisation, name=values["name"], description=values["description"],
                          published=False, confirm_every_days=settings.WAYFINDER_LISTING_CONFIRM_DAYS)
        _touch(service, actor, now)
        service.full_clean()
        service.save()
        base: dict[str, Any] = {}
        is_new = True
    else:
        base = listing_values(service)
        is_new = not service.published
        if base == values and service.published:
            raise ValidationError("You have not changed anything. If the listing is still correct, confirm it "
                                  "from your listings page instead")
        if is_new and (service.name, service.description) != (values["name"], values["description"]):
            service.name, service.description = values["name"], values["description"]
            _touch(service, actor, now)
            service.full_clean()
            service.save(update_fields=["name", "description", "modified_on", "modified_by"])
        if is_new:
            base = {}

    change = service.changes.select_for_update().filter(status=ChangeStatus.PENDING).first()
    replaced = change is not None
    if change is None:
        change = ListingChange(service=service, is_new=is_new)
    change.data, change.base, change.submitted_by = values, base, actor
    _touch(change, actor, now)
    change.full_clean()
    change.save()
    audit_record(
        actor=actor, verb=Verb.SUBMITTED, target=service,
        summary=("Updated the change waiting for review" if replaced
                 else "Proposed a new listing" if is_new else "Proposed a change to the listing"),
        payload={"change": change.pk, "is_new": is_new, "changes": diff(base, values) if not is_new else {}},
    )
    return change


def _locked_pending(change: ListingChange) -> ListingChange:
    change = ListingChange.objects.select_for_update().select_related("service", "submitted_by").get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise ValidationError(f"This change has already been dealt with: {change.get_status_display().lower()}")
    return change


def _tell_submitter(change: ListingChange, subject: str, body: str) -> None:
    address = change.submitted_by.email if change.submitted_by_id else ""
    if address:
        transaction.on_commit(lambda: send_mail(subject, body, None, [address]))


@transaction.atomic
def change_approve(*, actor, change: ListingChange) -> Service:
    """A directory editor accepts a provider's proposal: its values become the public listing, which is
    published and counts as confirmed today."""
    require(ListingChangePolicy, actor, "approve", change, message="Only directory editors can approve changes.")
    change = _locked_pending(change)
    service = Service.objects.select_for_update().get(pk=change.service_id)
    if service.is_archived:
        raise ValidationError("The listing has been archived, so the change cannot be published")
    before = listing_values(service)
    values = listing_clean(change.data, organisation=service.organisation)
    now = timezone.now()
    _mark_confirmed(service)
    _apply(service, values, actor=actor, now=now)
    change.status, change.decided_by, change.decided_on = ChangeStatus.APPROVED, actor, now
    _touch(change, actor, now)
    change.save()
    audit_record(actor=actor, verb=Verb.APPROVED, target=service,
                 summary=f"Approved and published the {'new listing' if change.is_new else 'change'} from "
                         f"{change.submitted_by}",
                 payload={"change": change.pk, "changes": diff(before, values)})
    _tell_submitter(change, f"Your listing is published: {service.name}",
                    f"A Local Offer editor has approved your {'new listing' if change.is_new else 'changes to'} "
                    f"{service.name}. The public listing now shows them.\n")
    return service


@transaction.atomic
def change_reject(*, actor, change: ListingChange, reason: str) -> ListingChange:
    """A directory editor does not accept a proposal; the reason is shown to the provider. The public listing
    stays as it was."""
    require(ListingChangePolicy, actor, "reject", change, message="Only directory editors can reject changes.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the change is not accepted: the provider will see this"})
    change = _locked_pending(change)
    now = timezone.now()
    change.status, change.decided_by, change.decided_on, change.reason = ChangeStatus.REJECTED, actor, now, reason
    _touch(change, actor, now)
    change.full_clean()
    change.save()
    audit_record(actor=actor, verb=Verb.REJECTED, target=change.service,
                 summary=f"Did not accept the change from {change.submitted_by}: {reason}"[:500],
                 payload={"change": change.pk, "reason": reason})
    _tell_submitter(change, f"Your change was not accepted: {change.service.name}",
                    f"A Local Offer editor did not accept your change to {change.service.name}.\n\n"
                    f"Why: {reason}\n\nYou can change it and send it again from your listings page.\n")
    return change


@transaction.atomic
def change_withdraw(*, actor, change: ListingChange) -> ListingChange:
    """The provider takes back a proposal still waiting for review. Withdrawing a new listing that was never
    published also archives its placeholder."""
    require(ListingChangePolicy, actor, "withdraw", change, message="You cannot withdraw this change.")
    change = _locked_pending(change)
    now = timezone.now()
    change.status, change.decided_by, change.decided_on = ChangeStatus.WITHDRAWN, actor, now
    _touch(change, actor, now)
    change.save()
    service = change.service
    if change.is_new and not service.published and not service.is_archived:
        service.archived_on, service.archived_by = now, actor
        service.archived_reason = "New listing withdrawn by the provider before review"
        _touch(service, actor, now)
        service.save()
    audit_record(actor=actor, verb=Verb.UPDATED, target=service,
                 summary="Withdrew the " + ("new listing" if change.is_new else "change") + " before review",
                 payload={"change": change.pk, "status": ChangeStatus.WITHDRAWN})
    return change


# ---------------------------------------------------------------------------- staleness and reconfirmation


def listing_due(service: Service, *, on: date, days_before: int) -> bool:
    """Whether a listing should be confirmed now: its confirm-by date is past or within ``days_before``."""
    return service.confirm_by <= on + timedelta(days=days_before)


def listings_needing_confirmation(*, on: date, days_before: int = 0) -> list[Service]:
    """Published listings whose confirm-by date is past or within ``days_before`` days, most overdue first."""
    from .selectors import public_services

    listings = public_services().order_by("last_confirmed_on", "name")
    due = [s for s in listings if listing_due(s, on=on, days_before=days_before)]
    return sorted(due, key=lambda s: (s.confirm_by, s.name))


def provider_accounts(organisation: Organisation) -> list[User]:
    """The active accounts that accepted an invitation to speak for an organisation."""
    return list(User.objects.filter(
        pk__in=ProviderInvitation.objects.filter(organisation=organisation, archived_on__isnull=True,
                                                 invitation__accepted_by__isnull=False)
        .values("invitation__accepted_by"), is_active=True, role=Role.DIRECTORY_PROVIDER).order_by("pk"))


def reminder_recipients(service: Service) -> list[str]:
    """Who is asked to confirm a listing: its organisation's provider accounts, or failing those the
    service's or the organisation's email address."""
    accounts = [user.email for user in provider_accounts(service.organisation) if user.email]
    if accounts:
        return sorted(set(accounts))
    fallback = service.email or service.organisation.email
    return [fallback] if fallback else []


@dataclass
class ReminderReport:
    due: int = 0  # listings due or overdue
    reminded: int = 0  # listings a reminder was sent for
    emails: int = 0  # emails sent
    recently_reminded: int = 0  # due, but reminded in the last REMIND_EVERY_DAYS days
    no_address: list[Service] = field(default_factory=list)  # due, but nobody to send it to
    failed: list[str] = field(default_factory=list)  # addresses the email could not be sent to

    def as_dict(self) -> dict[str, int]:
        return {"due": self.due, "reminded": self.reminded, "emails": self.emails,
                "recently_reminded": self.recently_reminded, "no_address": len(self.no_address),
                "failed": len(self.failed)}


#: A listing is not reminded again within this many days.
REMIND_EVERY_DAYS = 14


def _reminder_text(services: list[Service], *, link: str) -> tuple[str, str]:
    if len(services) == 1:
        subject = f"Please check your Local Offer listing: {services[0].name}"
    else:
        subject = f"Please check your {len(services)} Local Offer listings"
    lines = [f"Families use the {settings.WAYFINDER_LA_NAME} Local Offer to find support. Please check that "
             f"{'this listing is' if len(services) == 1 else 'these listings are'} still correct.", ""]
    for service in services:
        confirmed, by = service.last_confirmed_on, service.confirm_by
        lines.append(f"- {service.name} ({service.organisation.name}): last confirmed {confirmed.day} "
                     f"{confirmed:%B %Y}; please confirm by {by.day} {by:%B %Y}.")
    lines += ["", f"Confirm or update {'it' if len(services) == 1 else 'them'} here: {link}", "",
              "If nothing has changed, choose \"Confirm it is still correct\": that takes a moment. Listings that "
              "are not confirmed are marked as possibly out of date for families."]
    return subject, "\n".join(lines) + "\n"


def reminders_send(*, on: date, days_before: int = 14, actor=None, base_url: str = "") -> dict[str, int]:
    """Ask providers to confirm listings that are due (confirm-by within ``days_before`` days) or overdue and
    were not reminded in the last 14 days: one email per address listing all its due listings, with the link
    to their listings page; each reminder is stored as a :class:`ReconfirmReminder` (the reconfirmation
    schedule keeps the Local Offer under review, CAFA 2014 s30(9)). Returns the counts of
    :class:`ReminderReport`; :func:`reminders_report` returns the report itself."""
    return reminders_report(on=on, days_before=days_before, actor=actor, base_url=base_url).as_dict()


def reminders_report(*, on: date, days_before: int = 14, actor=None, base_url: str = "") -> ReminderReport:
    report = ReminderReport()
    due = listings_needing_confirmation(on=on, days_before=days_before)
    report.due = len(due)
    recent = set(ReconfirmReminder.objects.filter(service__in=due, sent_on__gt=on - timedelta(days=REMIND_EVERY_DAYS))
                 .values_list("service_id", flat=True))
    by_address: dict[str, list[Service]] = defaultdict(list)
    for service in due:
        if service.pk in recent:
            report.recently_reminded += 1
            continue
        addresses = reminder_recipients(service)
        if not addresses:
            report.no_address.append(service)
        for address in addresses:
            by_address[address].append(service)
    link = _absolute(base_url, reverse("provider:home"))
    reminded: set = set()
    for address, services in sorted(by_address.items()):
        subject, body = _reminder_text(services, link=link)
        try:
            send_mail(subject, body, None, [address])
        except Exception:  # one bad address must not stop the others; it is reported
            report.failed.append(address)
            continue
        report.emails += 1
        with transaction.atomic():
            ReconfirmReminder.objects.bulk_create([
                ReconfirmReminder(service=s, sent_on=on, sent_to=address, created_by=actor, modified_by=actor)
                for s in services])
            audit_record_many([
                PendingEvent(actor=actor, verb=Verb.REMINDED, target_type=Service._meta.label_lower,
                             target_id=str(s.pk), target_label=s.name,
                             summary=f"Asked {address} to confirm the listing (confirm by "
                                     f"{s.confirm_by:%d/%m/%Y})",
                             payload={"sent_to": address, "confirm_by": s.confirm_by})
                for s in services])
        reminded.update(s.pk for s in services)
    report.reminded = len(reminded)
    return report


def last_reminded(services: Iterable[Service]) -> dict[Any, date]:
    """The latest reminder date of each listing that has had one."""
    found: dict[Any, date] = {}
    for service_id, sent_on in ReconfirmReminder.objects.filter(service__in=list(services)).values_list(
            "service_id", "sent_on"):
        if service_id not in found or sent_on > found[service_id]:
            found[service_id] = sent_on
    return found


# ------------------------------------------------------------------------------------- guide and pathway pages

#: The levels a pathway's steps go through, in order (SEND Code of Practice 6.15 and 6.44: universal,
#: targeted and specialist support; the "graduated approach").
PATHWAY_LEVELS: tuple[str, ...] = ("universal", "targeted", "specialist")
STEP_PARTS = ("title", "body", "next")
#: Short names that would clash with the editor's own addresses (/pages/new/).
RESERVED_SLUGS = {"new"}


def _steps(steps: Any) -> list[dict[str, str]]:
    """A pathway's steps in order, one per level, each with title, body and next (missing ones blank)."""
    given = {}
    for step in steps or []:
        if isinstance(step, Mapping) and step.get("level") in PATHWAY_LEVELS:
            given[step["level"]] = step
    return [{"level": level, **{part: str((given.get(level) or {}).get(part) or "").strip() for part in STEP_PARTS}}
            for level in PATHWAY_LEVELS]


def _revision_values(*, page: Page, title: str, summary: str, body: str, steps: Any, while_you_wait: str,
                     co_produced_with: str) -> dict[str, Any]:
    values = {"title": (title or "").strip(), "summary": (summary or "").strip(), "body": (body or "").strip(),
              "while_you_wait": (while_you_wait or "").strip(), "co_produced_with": (co_produced_with or "").strip(),
              "steps": _steps(steps) if page.kind == PageKind.PATHWAY else []}
    errors: dict[str, str] = {}
    if not values["title"]:
        errors["title"] = "Enter the page's title"
    elif len(values["title"]) > 200:
        errors["title"] = "The title must be 200 characters or fewer"
    if not values["summary"]:
        errors["summary"] = "Enter a summary: one or two sentences shown under the title and in lists"
    elif len(values["summary"]) > 500:
        errors["summary"] = "The summary must be 500 characters or fewer"
    if len(values["co_produced_with"]) > 500:
        errors["co_produced_with"] = "This must be 500 characters or fewer"
    if page.kind == PageKind.PATHWAY:
        # A pathway shows the continuum from universal to targeted to specialist support (issue 6; CoP 6.15).
        for step in values["steps"]:
            if not step["title"]:
                errors[f"{step['level']}_title"] = f"Enter a title for the {step['level']} support step"
            elif len(step["title"]) > 200:
                errors[f"{step['level']}_title"] = "The step's title must be 200 characters or fewer"
    elif not values["body"]:
        errors["body"] = "Enter the words of the page"
    if errors:
        raise ValidationError(errors)
    return values


def _same_words(revision: PageRevision | None, values: Mapping[str, Any]) -> bool:
    return revision is not None and all(getattr(revision, name) == value for name, value in values.items())


@transaction.atomic
def page_create(*, actor, slug: str, kind: str, title: str, summary: str, need: TaxonomyTerm | None = None,
                position: int = 0, body: str = "", steps: Any = None, while_you_wait: str = "",
                co_produced_with: str = "") -> Page:
    """A content editor starts a page (a pathway for an area of need, a guide or a carers' page) with its
    first draft revision. Nothing is public until a revision is published."""
    require(PagePolicy, actor, "create", message="Only content editors can add pages.")
    slug = (slug or "").strip().lower()
    errors: dict[str, str] = {}
    if not slug:
        errors["slug"] = "Enter the page's short name for its web address, like autism-pathway"
    elif slug in RESERVED_SLUGS:
        errors["slug"] = f"“{slug}” cannot be a page's short name: choose another"
    else:
        try:
            validate_slug(slug)
        except ValidationError:
            errors["slug"] = "The short name can only have lower case letters, numbers and hyphens, like autism-pathway"
        else:
            if len(slug) > 80:
                errors["slug"] = "The short name must be 80 characters or fewer"
            elif Page.objects.filter(slug=slug).exists():
                errors["slug"] = "There is already a page with this short name: choose another"
    if kind not in PageKind.values:
        errors["kind"] = "Select what kind of page it is"
    elif kind == PageKind.PATHWAY:
        if need is None or need.taxonomy.code != vocab.NEED or need.parent_id is not None:
            errors["need"] = "Select the broad area of need the pathway is about"
    else:
        need = None
    page = Page(slug=slug, kind=kind if kind in PageKind.values else PageKind.GUIDE, need=need, position=position)
    try:
        values = _revision_values(page=page, title=title, summary=summary, body=body, steps=steps,
                                  while_you_wait=while_you_wait, co_produced_with=co_produced_with)
    except ValidationError as error:
        errors.update({name: messages[0] for name, messages in error.message_dict.items() if name not in errors})
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    _touch(page, actor, now)
    page.full_clean()
    page.save()
    revision = PageRevision(page=page, **values)
    _touch(revision, actor, now)
    revision.full_clean()
    revision.save()
    audit_record(actor=actor, verb=Verb.CREATED, target=page, target_label=values["title"],
                 summary=f"Started the page {values['title']} (a draft)", payload={"revision": revision.pk,
                                                                                   "kind": kind})
    return page


@transaction.atomic
def page_revision_save(*, actor, page: Page, title: str, summary: str, body: str = "", steps: Any = None,
                       while_you_wait: str = "", co_produced_with: str = "") -> PageRevision:
    """Save the page's words as a new draft revision (revisions are append-only; the public page does not
    change until one is published). Saving the same words as the latest draft again returns that draft."""
    require(PagePolicy, actor, "change", page, message="Only content editors can change pages.")
    page = Page.objects.select_for_update().get(pk=page.pk)
    values = _revision_values(page=page, title=title, summary=summary, body=body, steps=steps,
                              while_you_wait=while_you_wait, co_produced_with=co_produced_with)
    latest = page.latest_revision()
    if _same_words(latest, values) and latest.published_on is None:
        return latest
    revision = PageRevision(page=page, **values)
    _touch(revision, actor, timezone.now())
    revision.full_clean()
    revision.save()
    audit_record(actor=actor, verb=Verb.UPDATED, target=page, target_label=values["title"],
                 summary=f"Saved a draft of {values['title']}", payload={"revision": revision.pk})
    return revision


@transaction.atomic
def page_publish(*, actor, revision: PageRevision) -> PageRevision:
    """Publish a revision: the public page shows it from now on (the latest published revision wins)."""
    require(PagePolicy, actor, "publish", revision.page, message="Only content editors can publish pages.")
    revision = PageRevision.objects.select_for_update().select_related("page").get(pk=revision.pk)
    if revision.published_on is not None:
        raise ValidationError("This version is already published")
    revision.published_on, revision.published_by = timezone.now(), actor
    _touch(revision, actor, revision.published_on)
    revision.save(update_fields=["published_on", "published_by", "modified_on", "modified_by"])
    audit_record(actor=actor, verb=Verb.PUBLISHED, target=revision.page, target_label=revision.title,
                 summary=f"Published {revision.title}", payload={"revision": revision.pk})
    return revision


def invitation_of_token(token: str) -> Invitation | None:
    from wayfinder.accounts.services import invitation_for_token

    return invitation_for_token(token)
