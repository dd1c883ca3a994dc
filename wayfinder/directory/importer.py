"""Importing another publisher's Open Referral UK feed — a neighbouring council's Local Offer, the NHS
directory — into the directory (issue 6, item 4), as ``wayfinder manage directory_import SOURCE``.

``import_feed(source, ...)`` reads the feed, checks every service, then writes all or nothing in one
transaction (architecture principle 8: "imports validate everything first and then write all or nothing")
and returns an :class:`ImportReport`: created, updated, unchanged and skipped services (with the reason for
each skip), problems that stopped the import (naming the row), and warnings about values it left out.

``SOURCE`` is an ORUK API base address (``https://…``: pages through ``/services?page=N&per_page=…`` and
fetches ``/services/{id}`` for each) or a local JSON file holding one full service, a page of services (the
Page envelope) or a JSON array of full services.

Rules:

* **Identity.** Rows are keyed by the feed's ids, so running the same import again changes nothing: the
  feed's UUIDs become ours (ORUK identifiers stay the same when a feed is copied between publishers); an id
  that is not a UUID gets a UUID 5 of the feed and that id. A service already in the directory that did not
  come from this feed (our own listing, or another feed's) is never overwritten: it is skipped.
* **What the feed says is what we keep.** A related list that is present in the feed (``schedules``,
  ``cost_options``, ``contacts``, ``service_at_locations``, ``attributes``, ``languages``,
  ``service_areas``) replaces ours — rows no longer in it are archived, never deleted; a list the feed leaves
  out (a page of services carries only one-to-one fields) leaves ours alone.
* **Review.** New services are unpublished unless ``publish`` — a directory editor reviews them first
  (issue 6: "nothing … is public before review"). An update keeps the listing's published state.
* **Taxonomy terms** we do not know are *created*, under the taxonomy the feed names (by its
  ``taxonomy_id`` when we have it, otherwise a new taxonomy named after the feed's ``taxonomy``), and listed
  in the report. A term the feed gives only by id, with no name, is left out with a warning.
* **Ages.** The Local Offer covers 0 to 25 (CAFA 2014 s30(1)). A negative, non-numeric or absurd age, or a
  minimum above the maximum, is an error; a service only for people over 25 is skipped; a maximum above 25
  is stored as 25.
* **Who did it.** One ``imported`` audit event per service, organisation, taxonomy and term created or
  changed, written with ``audit_record_many`` in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wayfinder.audit.models import Verb
from wayfinder.audit.services import PendingEvent, audit_record_many
from wayfinder.core.dates import today
from wayfinder.people.models import Locality

from . import postcodes
from .models import (
    ACCESSIBILITY_FEATURES,
    MAX_AGE,
    Contact,
    CostOption,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from .oruk import EXTRA_LANGUAGES
from .vocab import stable_id

#: Namespace of the UUIDs we give rows whose feed id is not a UUID.
IMPORT_NAMESPACE = stable_id("import")
DEFAULT_TIMEOUT = 30
DEFAULT_PER_PAGE = 100
#: A feed longer than this many pages is a mistake (a server ignoring ``page``), not a directory.
MAX_PAGES = 1000
#: The largest response we read (bytes).
MAX_RESPONSE = 50 * 1024 * 1024
#: Ages beyond a human lifetime are errors, not data.
ABSURD_AGE = 120

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_TIME = re.compile(r"^(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?")
_FEATURE_CODES = {words.casefold(): code for code, words in ACCESSIBILITY_FEATURES} | {
    code: code for code, _ in ACCESSIBILITY_FEATURES}
_LANGUAGE_CODES = {info["name"].casefold(): code for code, info in LANG_INFO.items()
                   if len(code) == 2 and "name" in info} | {
    name.casefold(): code for code, name in EXTRA_LANGUAGES.items()}
_valid_url = URLValidator(schemes=["http", "https"])
_valid_email = EmailValidator()


class FeedError(Exception):
    """The feed could not be read at all (network, file or format); ``str()`` says what and where."""


class _HTTPStatusError(FeedError):
    def __init__(self, url: str, status: int):
        self.status = status
        super().__init__(f"{url} answered HTTP {status}")


# ---------------------------------------------------------------------------------------------------- report


@dataclass
class Outcome:
    """What happened to one service of the feed."""

    row: int
    feed_id: str
    name: str
    action: str  # created | updated | unchanged | skipped
    reason: str = ""  # why it was skipped
    changes: list[str] = field(default_factory=list)  # what changed, when updated

    @property
    def label(self) -> str:
        return f"row {self.row} ({self.name or 'no name'}, id {self.feed_id or 'none'})"


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    publish: bool = False
    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # any error means nothing was written
    warnings: list[str] = field(default_factory=list)
    organisations_created: int = 0
    organisations_updated: int = 0
    taxonomies_created: list[str] = field(default_factory=list)
    terms_created: list[str] = field(default_factory=list)

    def _with(self, action: str) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.action == action]

    @property
    def created(self) -> list[Outcome]:
        return self._with("created")

    @property
    def updated(self) -> list[Outcome]:
        return self._with("updated")

    @property
    def unchanged(self) -> list[Outcome]:
        return self._with("unchanged")

    @property
    def skipped(self) -> list[Outcome]:
        return self._with("skipped")

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def saved(self) -> bool:
        return self.ok and not self.dry_run

    def lines(self) -> list[str]:
        """The report as text, for the command and for a downloadable file."""
        out = [f"Open Referral import from {self.source}"]
        if self.errors:
            out.append(f"Nothing was imported: {len(self.errors)} problem{'s' if len(self.errors) != 1 else ''} "
                       "must be fixed in the feed first.")
            out += [f"  ERROR {error}" for error in self.errors]
        elif self.dry_run:
            out.append("Dry run: this is what would happen; nothing was saved.")
        out.append(f"Services: {len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} "
                   f"unchanged, {len(self.skipped)} skipped.")
        out.append(f"Organisations: {self.organisations_created} created, {self.organisations_updated} updated.")
        if self.taxonomies_created:
            out.append(f"Taxonomies created: {', '.join(self.taxonomies_created)}.")
        if self.terms_created:
            out.append(f"Taxonomy terms created: {', '.join(self.terms_created)}.")
        if self.ok and self.created:
            out.append("New services are published: check them in the directory." if self.publish else
                       "New services are not published: a directory editor reviews and publishes them.")
        for title, outcomes in (("Created", self.created), ("Updated", self.updated), ("Skipped", self.skipped)):
            if outcomes:
                out.append(f"{title}:")
                for outcome in outcomes:
                    detail = (f": {outcome.reason}" if outcome.reason else
                              f" ({', '.join(outcome.changes)})" if outcome.changes else "")
                    out.append(f"  {outcome.label}{detail}")
        if self.warnings:
            out.append("Warnings:")
            out += [f"  {warning}" for warning in self.warnings]
        return out


# ---------------------------------------------------------------------------------------------- reading feeds


@dataclass
class FeedItem:
    row: int
    data: Any
    problem: str = ""  # the service could not be fetched: it is skipped with this reason


def _get_json(url: str, timeout: float) -> Any:
    # http(s) only: read_feed checks the scheme before anything is fetched.
    headers = {"Accept": "application/json", "User-Agent": "Wayfinder Local Offer directory import"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(MAX_RESPONSE + 1)
    except urllib.error.HTTPError as error:
        raise _HTTPStatusError(url, error.code) from None
    except urllib.error.URLError as error:
        raise FeedError(f"Could not fetch {url}: {error.reason}") from None
    except TimeoutError:
        raise FeedError(f"Could not fetch {url}: no answer within {timeout:g} seconds") from None
    except OSError as error:
        raise FeedError(f"Could not fetch {url}: {error}") from None
    if len(body) > MAX_RESPONSE:
        raise FeedError(f"{url} answered with more than {MAX_RESPONSE // (1024 * 1024)} MB")
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FeedError(f"{url} did not answer with JSON: {error}") from None


def _read_api(base: str, *, timeout: float, per_page: int) -> list[FeedItem]:
    ids: list[str] = []
    page = 1
    while True:
        url = f"{base}/services?page={page}&per_page={per_page}"
        try:
            data = _get_json(url, timeout)
        except _HTTPStatusError as error:
            raise FeedError(f"{error}: is {base} an Open Referral API?") from None
        if not isinstance(data, dict) or not isinstance(data.get("contents"), list):
            raise FeedError(f"{url} is not a page of services (no \"contents\" list): is {base} an Open Referral "
                            "API base address?")
        for item in data["contents"]:
            feed_id = str(item.get("id", "")).strip() if isinstance(item, dict) else ""
            if feed_id and feed_id not in ids:
                ids.append(feed_id)
        total_pages = data.get("total_pages")
        if (not data["contents"] or data.get("last_page") is True
                or (isinstance(total_pages, int) and page >= total_pages)):
            break
        page += 1
        if page > MAX_PAGES:
            raise FeedError(f"{base} gave more than {MAX_PAGES} pages; stopping")
    items = []
    for row, feed_id in enumerate(ids, start=1):
        url = f"{base}/services/{quote(feed_id, safe='')}"
        try:
            items.append(FeedItem(row, _get_json(url, timeout)))
        except _HTTPStatusError as error:
            if 400 <= error.status < 500:
                items.append(FeedItem(row, {"id": feed_id}, problem=f"listed, but {error}"))
            else:
                raise
    return items


def _read_file(path: Path) -> list[FeedItem]:
    if not path.is_file():
        raise FeedError(f"{path} is not a file")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FeedError(f"{path} is not JSON: {error}") from None
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        services = data["contents"]
    elif isinstance(data, dict):
        services = [data]
    elif isinstance(data, list):
        services = data
    else:
        raise FeedError(f"{path} holds neither a service, a page of services nor a list of services")
    return [FeedItem(row, item) for row, item in enumerate(services, start=1)]


def read_feed(source: str, *, timeout: float = DEFAULT_TIMEOUT, per_page: int = DEFAULT_PER_PAGE
              ) -> tuple[str, list[FeedItem]]:
    """``(the feed's name as stored in source fields, its services)``; :class:`FeedError` if unreadable."""
    if re.match(r"^https?://", source, re.IGNORECASE):
        base = source.strip().rstrip("/")
        if not urlsplit(base).netloc:
            raise FeedError(f"{source} is not a web address")
        return base, _read_api(base, timeout=timeout, per_page=per_page)
    if "://" in source:
        raise FeedError(f"{source}: give an http or https address, or a file")
    path = Path(source).expanduser().resolve()
    return path.as_uri(), _read_file(path)


# ------------------------------------------------------------------------------------------------- checking


def _feed_uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None


def _derived(source: str, *parts: Any) -> uuid.UUID:
    return uuid.uuid5(IMPORT_NAMESPACE, "|".join([source, *(str(part) for part in parts)]))


def _pk(source: str, kind: str, feed_id: Any) -> uuid.UUID:
    return _feed_uuid(feed_id) or _derived(source, kind, feed_id)


class _Row:
    """Collects what is wrong (``errors``) and what was left out (``warnings``) about one service."""

    def __init__(self, row: int, data: dict, report: ImportReport):
        self.row, self.report = row, report
        self.feed_id = str(data.get("id", "") or "").strip()
        name = data.get("name")
        self.name = name.strip() if isinstance(name, str) else ""
        self.errors: list[str] = []

    @property
    def label(self) -> str:
        return f"row {self.row} ({self.name or 'no name'}, id {self.feed_id or 'none'})"

    def error(self, message: str) -> None:
        self.errors.append(f"{self.label}: {message}")

    def warn(self, message: str) -> None:
        self.report.warnings.append(f"{self.label}: {message}")

    def text(self, value: Any, what: str, max_length: int | None = None) -> str:
        if value is None:
            return ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.warn(f"{what} is not text; left out")
            return ""
        value = value.strip()
        if max_length and len(value) > max_length:
            self.warn(f"{what} is longer than {max_length} characters; cut short")
            value = value[:max_length - 1].rstrip() + "…"
        return value

    def checked(self, value: Any, what: str, validator: Callable, max_length: int) -> str:
        value = self.text(value, what)
        if not value:
            return ""
        try:
            validator(value)
        except ValidationError:
            self.warn(f"{what} {value!r} is not valid; left out")
            return ""
        if len(value) > max_length:
            self.warn(f"{what} is longer than {max_length} characters; left out")
            return ""
        return value

    def url(self, value: Any, what: str, max_length: int = 200) -> str:
        return self.checked(value, what, _valid_url, max_length)

    def email(self, value: Any, what: str) -> str:
        return self.checked(value, what, _valid_email, 254)

    def phone(self, phones: Any, what: str) -> str:
        if not isinstance(phones, list):
            return ""
        for phone in phones:
            number = self.text(phone.get("number"), f"{what} phone number") if isinstance(phone, dict) else ""
            if number and len(number) <= 40:
                return number
            if number:
                self.warn(f"{what} phone number {number!r} is too long; left out")
        return ""

    def items(self, data: dict, key: str) -> list[dict] | None:
        """A related list the feed gives (``None`` if it leaves it out); entries that are not objects are
        warned about and dropped."""
        if key not in data or data[key] is None:
            return None
        value = data[key]
        if not isinstance(value, list):
            self.warn(f"{key} is not a list; left as it was")
            return None
        good = [item for item in value if isinstance(item, dict)]
        if len(good) < len(value):
            self.warn(f"{len(value) - len(good)} of {key} are not objects; left out")
        return good


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return None
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _ages(row: _Row, data: dict) -> tuple[int, int] | str | None:
    """``(minimum, maximum)`` in whole years, a skip reason, or ``None`` after recording an error."""
    ages: dict[str, Decimal] = {}
    for name in ("minimum_age", "maximum_age"):
        raw = data.get(name)
        if raw is None or raw == "":
            continue
        number = _number(raw)
        if number is None:
            row.error(f"{name} {raw!r} is not a number")
        elif number < 0:
            row.error(f"{name} {raw} is negative")
        elif number > ABSURD_AGE:
            row.error(f"{name} {raw} is not a real age")
        else:
            ages[name] = number
    if row.errors:
        return None
    low, high = ages.get("minimum_age", Decimal(0)), ages.get("maximum_age")
    if high is not None and low > high:
        row.error(f"minimum_age {low} is more than maximum_age {high}")
        return None
    if low > MAX_AGE:
        return f"it is for people aged {low} and over; the Local Offer covers 0 to {MAX_AGE}"
    if high is not None and high > MAX_AGE:
        row.warn(f"maximum_age {high} is stored as {MAX_AGE}, the oldest age the Local Offer covers")
        high = Decimal(MAX_AGE)
    minimum = int(math.floor(low))
    maximum = int(math.floor(high)) if high is not None else MAX_AGE
    if minimum != low or (high is not None and maximum != high):
        row.warn("ages are stored in whole years")
    return minimum, maximum


def _date(row: _Row, value: Any, what: str) -> date | None:
    if not value:
        return None
    try:
        parsed = date.fromisoformat(str(value)[:10])
    except ValueError:
        row.warn(f"{what} {value!r} is not a date; left out")
        return None
    if parsed > today():
        row.warn(f"{what} {parsed} is in the future; left out")
        return None
    return parsed


def _time_of_day(row: _Row, value: Any, what: str) -> time | None:
    if value in (None, ""):
        return None
    match = _TIME.match(str(value).strip())
    if not match:
        row.warn(f"{what} {value!r} is not a time; left out")
        return None
    return time(int(match["h"]), int(match["m"]), int(match["s"] or 0))


def _coordinate(row: _Row, value: Any, what: str, limit: int) -> Decimal | None:
    if value in (None, ""):
        return None
    number = _number(value)
    if number is None or not -limit <= number <= limit:
        row.warn(f"{what} {value!r} is not a {what} (−{limit} to {limit}); left out")
        return None
    return number.quantize(Decimal("0.000001"))


def _postcode(value: str) -> str:
    try:
        full, district = postcodes.tidy(value)
    except postcodes.PostcodeError:
        return value if len(value) <= 10 else ""
    return full or district


@dataclass
class _Plan:
    """A checked service, ready to write: model field values and related lists (``None`` = leave as is)."""

    row: _Row
    pk: uuid.UUID
    values: dict[str, Any]
    organisation: dict[str, Any]
    assured: date | None
    terms: list[dict] | None
    areas: list[str] | None
    links: list[dict] | None
    schedules: list[dict] | None
    cost_options: list[dict] | None
    contacts: list[dict] | None


def _organisation(row: _Row, data: dict, source: str) -> dict[str, Any] | None:
    org = data.get("organization")
    if not isinstance(org, dict):
        return None
    name = row.text(org.get("name"), "organization name")
    if not name:
        return None
    if len(name) > 250:
        row.error("organization name is longer than 250 characters")
        return None
    charity = ""
    for identifier in org.get("organization_identifiers") or []:
        if isinstance(identifier, dict) and identifier.get("identifier_scheme") == "GB-CHC":
            charity = row.text(identifier.get("identifier"), "charity number", 20)
    feed_id = org.get("id") or data.get("organization_id") or name
    return {"pk": _pk(source, "organisation", feed_id), "name": name,
            "description": row.text(org.get("description"), "organization description") or name,
            "email": row.email(org.get("email"), "organization email"),
            "website": row.url(org.get("website"), "organization website"),
            "charity_number": charity}


def _terms(row: _Row, data: dict, source: str) -> list[dict] | None:
    attributes = row.items(data, "attributes")
    if attributes is None:
        return None
    terms = []
    for attribute in attributes:
        nested = attribute.get("taxonomy_term") if isinstance(attribute.get("taxonomy_term"), dict) else {}
        feed_id = attribute.get("taxonomy_term_id") or nested.get("id")
        name = row.text(nested.get("name") or nested.get("term"), "taxonomy term name", 200)
        if not feed_id and not name:
            row.warn("an attribute has no taxonomy term; left out")
            continue
        taxonomy_name = row.text(nested.get("taxonomy"), "taxonomy", 200)
        pk = _pk(source, "term", feed_id or f"{taxonomy_name}:{name}")
        terms.append({"pk": pk, "feed_id": str(feed_id or ""), "name": name,
                      "description": row.text(nested.get("description"), "taxonomy term description") or name,
                      "code": row.text(nested.get("term"), "taxonomy term code") or name,
                      "term_uri": row.url(nested.get("term_uri"), "term_uri"),
                      "parent": _feed_uuid(nested.get("parent_id")),
                      "taxonomy_id": nested.get("taxonomy_id"), "taxonomy": taxonomy_name})
    return terms


def _areas(row: _Row, data: dict) -> list[str] | None:
    areas = row.items(data, "service_areas")
    if areas is None:
        return None
    return [name for area in areas
            if (name := row.text(area.get("name") or area.get("service_area"), "service area name"))]


def _languages(row: _Row, data: dict) -> list[str] | None:
    languages = row.items(data, "languages")
    if languages is None:
        return None
    codes = []
    for language in languages:
        code = str(language.get("code") or "").strip().lower()[:2]
        name = str(language.get("name") or "").strip()
        code = code if re.fullmatch(r"[a-z]{2}", code) else _LANGUAGE_CODES.get(name.casefold(), "")
        if not code:
            if name or language.get("code"):
                row.warn(f"language {name or language.get('code')!r} is not an ISO 639-1 language; left out")
            continue
        if code not in codes:
            codes.append(code)
    return codes


def _accessibility(row: _Row, items: list[dict]) -> tuple[list[str], str]:
    codes, notes = [], []
    for item in items:
        words = row.text(item.get("description") or item.get("accessibility") or item.get("details"),
                         "accessibility")
        code = _FEATURE_CODES.get(words.casefold())
        if code and code not in codes:
            codes.append(code)
        elif words and not code:
            notes.append(words)
    return codes, "\n".join(notes)


def _location(row: _Row, data: dict, source: str) -> dict[str, Any] | None:
    kind = data.get("location_type")
    if kind not in Location.Kind.values:
        if kind:
            row.warn(f"location_type {kind!r} is not physical, postal or virtual; taken as physical")
        kind = Location.Kind.PHYSICAL
    addresses = [a for a in data.get("addresses") or [] if isinstance(a, dict)]
    address = next((a for a in addresses if a.get("address_type") == "physical"), addresses[0] if addresses else {})
    name = row.text(data.get("name"), "location name", 250) or row.text(address.get("address_1"), "address", 250) \
        or "Venue"
    postcode = _postcode(row.text(address.get("postal_code"), "postcode"))
    accessibility, notes = _accessibility(row, [a for a in data.get("accessibility") or [] if isinstance(a, dict)])
    values = {
        "kind": kind, "name": name, "description": row.text(data.get("description"), "location description"),
        "address_1": row.text(address.get("address_1"), "address", 250),
        "city": row.text(address.get("city"), "city", 100),
        "region": row.text(address.get("region") or address.get("state_province"), "region", 100),
        "postcode": postcode,
        "latitude": _coordinate(row, data.get("latitude"), "latitude", 90),
        "longitude": _coordinate(row, data.get("longitude"), "longitude", 180),
        "accessibility": accessibility, "accessibility_notes": notes,
    }
    if values["latitude"] is None or values["longitude"] is None:
        values["latitude"] = values["longitude"] = None
        if postcode and kind != Location.Kind.VIRTUAL:
            try:
                place = postcodes.locate(postcode)
            except postcodes.PostcodeError:
                pass
            else:
                values["latitude"] = Decimal(str(place.latitude)).quantize(Decimal("0.000001"))
                values["longitude"] = Decimal(str(place.longitude)).quantize(Decimal("0.000001"))
    return {"pk": _pk(source, "location", data.get("id") or f"{name}|{postcode}"), "values": values}


def _schedule(row: _Row, data: dict, feed_link_id: Any = None) -> dict[str, Any]:
    days = [day.strip().upper() for day in str(data.get("byday") or "").split(",") if day.strip()]
    description = row.text(data.get("description"), "schedule description", 500)
    if str(data.get("freq") or "WEEKLY").upper() == "MONTHLY":
        rule = ", ".join(days) or str(data.get("bymonthday") or "")
        description = description or row.text(f"Monthly: {rule}", "schedule description", 500)
        days = []
    if bad := [day for day in days if day not in _DAYS]:
        row.warn(f"schedule days {', '.join(bad)} are not iCalendar days; left out")
    return {"feed_id": data.get("id"), "link": data.get("service_at_location_id") or feed_link_id,
            "values": {"byday": ",".join(day for day in _DAYS if day in days),
                       "opens_at": _time_of_day(row, data.get("opens_at"), "opens_at"),
                       "closes_at": _time_of_day(row, data.get("closes_at"), "closes_at"),
                       "description": description}}


def _cost_option(row: _Row, data: dict) -> dict[str, Any]:
    amount = None
    if data.get("amount") not in (None, ""):
        amount = _number(data["amount"])
        if amount is None or amount < 0 or amount >= 10_000_000:
            row.warn(f"cost amount {data['amount']!r} is not a price; left out")
            amount = None
        else:
            amount = amount.quantize(Decimal("0.01"))
    description = row.text(data.get("amount_description"), "cost description", 250)
    return {"feed_id": data.get("id"),
            "values": {"option": row.text(data.get("option"), "cost option", 250) or description[:250] or "Cost",
                       "amount": amount, "amount_description": description}}


def _contact(row: _Row, data: dict) -> dict[str, Any]:
    title = row.text(data.get("title"), "contact title", 200)
    return {"feed_id": data.get("id"),
            "values": {"name": row.text(data.get("name"), "contact name", 200) or title or "Contact", "title": title,
                       "email": row.email(data.get("email"), "contact email"),
                       "phone": row.phone(data.get("phones"), "contact")}}


def _is_free(fees: str, cost_options: list[dict] | None) -> bool:
    if cost_options:
        return all(option["values"]["amount"] == 0 for option in cost_options)
    return not fees or fees.strip().casefold() in {"free", "none", "no charge", "£0", "0"}


def _plan(item: FeedItem, source: str, report: ImportReport, seen: set[str]) -> _Plan | Outcome | list[str]:
    """Check one service: a :class:`_Plan` to write, an :class:`Outcome` (skipped), or its errors."""
    data = item.data
    if not isinstance(data, dict):
        return [f"row {item.row}: is not a JSON object"]
    row = _Row(item.row, data, report)
    if item.problem:
        return Outcome(item.row, row.feed_id, row.name, "skipped", item.problem)
    if not row.feed_id:
        row.error("has no id")
    elif row.feed_id in seen:
        row.error("has the same id as an earlier service")
    seen.add(row.feed_id)
    if not row.name:
        row.error("has no name")
    elif len(row.name) > 250:
        row.error("name is longer than 250 characters")
    status = data.get("status")
    if status not in ServiceStatus.values:
        row.error(f"status {status!r} is not one of {', '.join(ServiceStatus.values)}")
    ages = _ages(row, data)
    if row.errors:
        return row.errors
    if isinstance(ages, str):
        return Outcome(item.row, row.feed_id, row.name, "skipped", ages)
    organisation = _organisation(row, data, source)
    if row.errors:
        return row.errors
    if organisation is None:
        return Outcome(item.row, row.feed_id, row.name, "skipped",
                       "no organization with a name: the directory needs to know who provides it")
    links = None
    if (raw_links := row.items(data, "service_at_locations")) is not None:
        links = []
        for link in raw_links:
            if not isinstance(link.get("location"), dict):
                row.warn("a service_at_location has no location; left out")
                continue
            links.append({"feed_id": link.get("id"), "location": _location(row, link["location"], source),
                          "schedules": [_schedule(row, s, link.get("id")) for s in link.get("schedules") or []
                                        if isinstance(s, dict)]})
    schedules = row.items(data, "schedules")
    schedules = None if schedules is None else [_schedule(row, s) for s in schedules]
    if at_venues := [s for link in links or [] for s in link["schedules"]]:
        schedules = (schedules or []) + at_venues
    cost_options = row.items(data, "cost_options")
    cost_options = None if cost_options is None else [_cost_option(row, c) for c in cost_options]
    contacts = row.items(data, "contacts")
    contacts = None if contacts is None else [_contact(row, c) for c in contacts]
    fees = row.text(data.get("fees"), "fees", 500)
    description = row.text(data.get("description"), "description")
    if not description:
        row.warn("has no description; its name is used until an editor writes one")
    values = {
        "name": row.name, "description": description or row.name, "status": status,
        "url": row.url(data.get("url"), "url"), "email": row.email(data.get("email"), "email"),
        "phone": row.phone(data.get("phones"), "service"),
        "fees": fees, "is_free": _is_free(fees, cost_options),
        "minimum_age": ages[0], "maximum_age": ages[1],
        "alert": row.text(data.get("alert"), "alert", 500),
        "eligibility": row.text(data.get("eligibility_description"), "eligibility_description"),
        "how_to_access": row.text(data.get("application_process"), "application_process"),
    }
    if (languages := _languages(row, data)) is not None:
        values["languages"] = languages
    plan = _Plan(row=row, pk=_pk(source, "service", row.feed_id), values=values, organisation=organisation,
                 assured=_date(row, data.get("assured_date"), "assured_date"), terms=_terms(row, data, source),
                 areas=_areas(row, data), links=links, schedules=schedules, cost_options=cost_options,
                 contacts=contacts)
    return plan


def _skip_reason(plan: _Plan, source: str) -> str:
    """Why a checked service must not be written here, or ``""`` (reads only)."""
    existing = Service.objects.filter(pk=plan.pk).first()
    if existing is not None:
        if existing.source != source:
            return (f"a service with this id is already in the directory "
                    f"({'from ' + existing.source if existing.source else 'added here'}); it is not overwritten")
        if existing.archived_on is not None:
            day = timezone.localdate(existing.archived_on)
            return f"an editor archived it here on {day.day} {day:%B %Y}"
    elif plan.values["status"] == ServiceStatus.DEFUNCT:
        return "it is closed (defunct) in the feed"
    org = Organisation.objects.filter(pk=plan.organisation["pk"]).first()
    if org is not None and org.archived_on is not None:
        return f"its organisation {org.name} is archived here"
    return ""


# -------------------------------------------------------------------------------------------------- writing


class _Writer:
    def __init__(self, source: str, report: ImportReport, *, actor, publish: bool):
        self.source, self.report, self.actor, self.publish = source, report, actor, publish
        self.now = timezone.now()
        self.events: list[PendingEvent] = []
        self.organisations_done: set[uuid.UUID] = set()
        self.taxonomies: dict[str, Taxonomy] = {}
        self.localities = list(Locality.objects.filter(archived_on__isnull=True))

    # -- helpers

    def _event(self, obj, summary: str, payload: dict | None = None) -> None:
        self.events.append(PendingEvent(actor=self.actor, verb=Verb.IMPORTED, target_type=obj._meta.label_lower,
                                        target_id=str(obj.pk), target_label=str(obj)[:300], summary=summary,
                                        payload={"source": self.source, **(payload or {})}))

    def _save(self, obj, values: dict[str, Any]) -> list[str]:
        """Set ``values`` on ``obj`` and save it if anything changed (or it is new); the changed names."""
        adding = obj._state.adding
        changed = list(values) if adding else [name for name, value in values.items() if getattr(obj, name) != value]
        for name in changed:
            setattr(obj, name, values[name])
        if obj.archived_on is not None and not adding:
            obj.archived_on, obj.archived_by, obj.archived_reason = None, None, ""
            changed.append("restored")
        if adding or changed:
            if adding:
                obj.created_on, obj.created_by = self.now, self.actor
            obj.modified_on, obj.modified_by = self.now, self.actor
            obj.full_clean()
            obj.save()
        return changed

    def _archive_others(self, rows, keep: set[uuid.UUID], what: str) -> list[str]:
        gone = list(rows.filter(archived_on__isnull=True).exclude(pk__in=keep))
        for obj in gone:
            obj.archived_on, obj.archived_by = self.now, self.actor
            obj.archived_reason = f"No longer in the Open Referral feed {self.source}"[:500]
            obj.modified_on, obj.modified_by = self.now, self.actor
            obj.save()
        return [f"{what} removed ({len(gone)})"] if gone else []

    def _child_pk(self, model, service: Service, kind: str, feed_id: Any, index: int) -> uuid.UUID:
        """The feed's id for a related row, unless another service already has a row with that id."""
        candidate = _feed_uuid(feed_id)
        if candidate is not None:
            owner = model.objects.filter(pk=candidate).values_list("service_id", flat=True).first()
            if owner is None or owner == service.pk:
                return candidate
        return _derived(self.source, service.pk, kind, feed_id if feed_id not in (None, "") else f"#{index}")

    # -- organisations, taxonomies, terms

    def organisation(self, values: dict[str, Any]) -> Organisation:
        pk = values["pk"]
        org = Organisation.objects.filter(pk=pk).first()
        fields = {k: v for k, v in values.items() if k != "pk"}
        if org is not None and (org.source != self.source or pk in self.organisations_done):
            return org  # another source's organisation is linked to, never changed; ours once per run
        self.organisations_done.add(pk)
        if org is None:
            org = Organisation(pk=pk, source=self.source)
            self._save(org, fields)
            self.report.organisations_created += 1
            self._event(org, f"Imported the organisation {org.name} from {self.source}")
        elif changed := self._save(org, fields):
            self.report.organisations_updated += 1
            self._event(org, f"Updated the organisation {org.name} from {self.source}", {"changed": changed})
        return org

    def _taxonomy_for(self, term: dict[str, Any]) -> Taxonomy:
        known = _feed_uuid(term["taxonomy_id"])
        if known is not None and (found := Taxonomy.objects.filter(pk=known).first()):
            return found
        name = term["taxonomy"] or f"Terms from {urlsplit(self.source).netloc or 'an imported feed'}"
        pk = _pk(self.source, "taxonomy", term["taxonomy_id"] or name)
        if str(pk) in self.taxonomies:
            return self.taxonomies[str(pk)]
        taxonomy = Taxonomy.objects.filter(pk=pk).first()
        if taxonomy is None:
            base = slugify(name)[:43] or "imported"
            code, n = base, 1
            while Taxonomy.objects.filter(code=code).exists():
                n += 1
                code = f"{base}-{n}"
            taxonomy = Taxonomy(pk=pk, code=code)
            self._save(taxonomy, {"name": name[:200],
                                  "description": f"Terms from the Open Referral feed {self.source}."[:2000]})
            self.report.taxonomies_created.append(taxonomy.name)
            self._event(taxonomy, f"Created the taxonomy {taxonomy.name} for terms from {self.source}")
        self.taxonomies[str(pk)] = taxonomy
        return taxonomy

    def term(self, row: _Row, term: dict[str, Any]) -> TaxonomyTerm | None:
        candidates = [pk for pk in (_feed_uuid(term["feed_id"]), term["pk"]) if pk is not None]
        found = TaxonomyTerm.objects.filter(pk__in=candidates).first()
        if found is not None:
            return found
        if not term["name"]:
            row.warn(f"taxonomy term {term['feed_id']} is not known here and the feed gives no name; left out")
            return None
        taxonomy = self._taxonomy_for(term)
        base = slugify(term["code"])[:74] or "term"
        code, n = base, 1
        while TaxonomyTerm.objects.filter(taxonomy=taxonomy, code=code).exists():
            n += 1
            code = f"{base}-{n}"
        parent = TaxonomyTerm.objects.filter(pk=term["parent"]).first() if term["parent"] else None
        obj = TaxonomyTerm(pk=term["pk"], taxonomy=taxonomy, code=code)
        self._save(obj, {"name": term["name"], "description": term["description"], "term_uri": term["term_uri"],
                         "parent": parent})
        self.report.terms_created.append(f"{obj.name} ({taxonomy.name})")
        self._event(obj, f"Created the taxonomy term {obj.name} in {taxonomy.name} from {self.source}")
        return obj

    # -- a service and what belongs to it

    def _location(self, service: Service, planned: dict[str, Any]) -> tuple[Location, list[str]]:
        """The venue and what changed about it. A venue that is not only this feed's is linked to, never
        changed."""
        location = Location.objects.filter(pk=planned["pk"]).first()
        values = dict(planned["values"])
        if location is None:
            location = Location(pk=planned["pk"], organisation=service.organisation)
        elif ServiceAtLocation.objects.filter(location=location).exclude(service__source=self.source).exists() or (
                not location.service_at_locations.exists()
                and (location.organisation is None or location.organisation.source != self.source)):
            return location, []
        district = values["postcode"].split(" ")[0] if values["postcode"] else ""
        values["locality"] = next((loc for loc in self.localities if district and district in
                                   {str(d).strip().upper() for d in loc.postcode_districts or []}), None)
        return location, self._save(location, values)

    def _links(self, service: Service, plan: _Plan) -> tuple[list[str], dict[str, ServiceAtLocation]]:
        changes: list[str] = []
        by_feed_id: dict[str, ServiceAtLocation] = {}
        keep: set[uuid.UUID] = set()
        for index, planned in enumerate(plan.links):
            location, location_changes = self._location(service, planned["location"])
            link = ServiceAtLocation.objects.filter(service=service, location=location).first()
            if link is None:
                pk = self._child_pk(ServiceAtLocation, service, "service_at_location", planned["feed_id"], index)
                link = ServiceAtLocation.objects.filter(pk=pk).first() or ServiceAtLocation(pk=pk, service=service)
            if (self._save(link, {"location": location}) or location_changes) and "venues" not in changes:
                changes.append("venues")
            keep.add(link.pk)
            if planned["feed_id"] not in (None, ""):
                by_feed_id[str(planned["feed_id"])] = link
        changes += self._archive_others(service.service_at_locations.all(), keep, "venues")
        return changes, by_feed_id

    def _children(self, service: Service, model, kind: str, planned: list[dict], what: str,
                  extra: Callable[[dict], dict] | None = None) -> list[str]:
        keep: set[uuid.UUID] = set()
        changed = False
        for index, item in enumerate(planned):
            pk = self._child_pk(model, service, kind, item["feed_id"], index)
            obj = model.objects.filter(pk=pk).first() or model(pk=pk, service=service)
            values = dict(item["values"], **(extra(item) if extra else {}))
            if self._save(obj, values):
                changed = True
            keep.add(pk)
        changes = [what] if changed else []
        return changes + self._archive_others(model.objects.filter(service=service), keep, what)

    def service(self, plan: _Plan) -> Outcome:
        row = plan.row
        organisation = self.organisation(plan.organisation)
        service = Service.objects.filter(pk=plan.pk).first()
        adding = service is None
        values = dict(plan.values, organisation=organisation)
        if adding:
            service = Service(pk=plan.pk, source=self.source, published=self.publish,
                              last_confirmed_on=plan.assured or today())
        elif plan.assured:
            values["last_confirmed_on"] = plan.assured
        if self.publish and not service.published:
            values["published"] = True
        changes = self._save(service, values)
        own_fields_changed = bool(changes)
        if plan.terms is not None:
            wanted = {t.pk for t in (self.term(row, term) for term in plan.terms) if t is not None}
            if set(service.terms.values_list("pk", flat=True)) != wanted:
                service.terms.set(wanted)
                changes.append("terms")
        if plan.areas is not None:
            by_name = {loc.name.casefold(): loc for loc in self.localities}
            matched = {by_name[name.casefold()].pk for name in plan.areas if name.casefold() in by_name}
            if unmatched := [name for name in plan.areas if name.casefold() not in by_name]:
                row.warn(f"service areas {', '.join(repr(name[:80]) for name in unmatched)} are not localities here"
                         + ("; it counts as county-wide until an editor sets its areas" if not matched else ""))
            if set(service.localities.values_list("pk", flat=True)) != matched:
                service.localities.set(matched)
                changes.append("service areas")
        links: dict[str, ServiceAtLocation] = {}
        if plan.links is not None:
            link_changes, links = self._links(service, plan)
            changes += link_changes
        if plan.schedules is not None:
            def schedule_link(item):
                link = links.get(str(item["link"])) if item["link"] not in (None, "") else None
                return {"service_at_location": link}

            changes += self._children(service, Schedule, "schedule", plan.schedules, "schedules", schedule_link)
        if plan.cost_options is not None:
            changes += self._children(service, CostOption, "cost_option", plan.cost_options, "cost options")
        if plan.contacts is not None:
            changes += self._children(service, Contact, "contact", plan.contacts, "contacts")
        if changes and not adding and not own_fields_changed:  # only related rows changed: the listing did too
            service.modified_on, service.modified_by = self.now, self.actor
            service.save(update_fields=["modified_on", "modified_by"])
        action = "created" if adding else "updated" if changes else "unchanged"
        if action != "unchanged":
            self._event(service, f"{'Imported' if adding else 'Updated'} the listing {service.name} from "
                                 f"{self.source}" + ("" if adding or service.published else " (not published)"),
                        {"feed_id": row.feed_id, "action": action, "changed": [] if adding else changes})
        return Outcome(row.row, row.feed_id, row.name, action, changes=[] if adding else changes)


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


def import_feed(source: str, *, publish: bool = False, dry_run: bool = False, actor=None,
                timeout: float = DEFAULT_TIMEOUT, per_page: int = DEFAULT_PER_PAGE) -> ImportReport:
    """Import an Open Referral UK feed (an API base address or a JSON file), all or nothing.

    :class:`FeedError` if the feed cannot be read; otherwise the report, whose ``errors`` (if any) say which
    rows stopped the import — then nothing was written. ``dry_run`` does the whole import and rolls it back."""
    name, items = read_feed(source, timeout=timeout, per_page=per_page)
    report = ImportReport(source=name, dry_run=dry_run, publish=publish)
    plans: list[_Plan] = []
    seen: set[str] = set()
    for item in items:
        checked = _plan(item, name, report, seen)
        if isinstance(checked, list):
            report.errors += checked
        elif isinstance(checked, Outcome):
            report.outcomes.append(checked)
        else:
            plans.append(checked)
    if report.errors:
        report.outcomes = [o for o in report.outcomes if o.action == "skipped"]
        return report
    with transaction.atomic():
        writer = _Writer(name, report, actor=actor, publish=publish)
        for plan in plans:
            if reason := _skip_reason(plan, name):
                report.outcomes.append(Outcome(plan.row.row, plan.row.feed_id, plan.row.name, "skipped", reason))
                continue
            try:
                with transaction.atomic():
                    report.outcomes.append(writer.service(plan))
            except ValidationError as error:
                report.errors.append(f"{plan.row.label}: {_validation_message(error)}")
        report.outcomes.sort(key=lambda outcome: outcome.row)
        if not report.errors:
            writer.events.append(PendingEvent(
                actor=actor, verb=Verb.IMPORTED, target_type="directory.import",
                target_id=hashlib.sha256(name.encode()).hexdigest()[:16],  # the same for every import of a feed
                target_label=name[:300], summary=(f"Imported the Open Referral feed {name}: "
                                                  f"{len(report.created)} created, {len(report.updated)} updated, "
                                                  f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped"),
                payload={"source": name, "publish": publish, "created": len(report.created),
                         "updated": len(report.updated), "unchanged": len(report.unchanged),
                         "skipped": [(o.feed_id, o.reason) for o in report.skipped]}))
            audit_record_many(writer.events)
        if report.errors or dry_run:
            transaction.set_rollback(True)
    if report.errors:
        report.outcomes = [o for o in report.outcomes if o.action == "skipped"]
        report.organisations_created = report.organisations_updated = 0
        report.taxonomies_created, report.terms_created = [], []
    return report
