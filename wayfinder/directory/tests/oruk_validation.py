"""Validating the Open Referral UK API's responses against the standard's own JSON Schemas, read in place
from ``settings.WAYFINDER_SHARED_STANDARDS / "oruk-uk-profile"`` (never copied into the repository).

:func:`validate_all_endpoints` walks every endpoint over whatever is in the database — the first page of
each list and each detail on it — and returns the problems it found (an empty list means every response
validates). The ORUK tests use it over their fixture; the demo-data step can use it over the demo data.

The schemas declare no ``$schema``; they are validated as JSON Schema Draft 2020-12, each registered under
the address the standard publishes it at (``oruk.SCHEMA_BASE``) so their relative ``$ref``\\ s resolve. Formats
are checked: ``uuid`` and ``email`` by ``jsonschema``; ``date-time`` and ``uri`` by the small checkers
below (``jsonschema`` checks those only with optional packages).
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from wayfinder.directory.oruk import SCHEMA_BASE

PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}

#: (list URL name, list item schema, detail URL name, detail schema), as ``openapi30.json`` pairs them
#: (its ``/service_at_locations/{id}`` names the service schema; we return a service at a location).
ENDPOINTS = (
    ("oruk:service-list", "compiled/service_list.json", "oruk:service-detail", "compiled/service.json"),
    ("oruk:service-at-location-list", "compiled/service_at_location_list.json", "oruk:service-at-location-detail",
     "compiled/service_at_location.json"),
    ("oruk:taxonomy-list", "taxonomy.json", "oruk:taxonomy-detail", "taxonomy.json"),
    ("oruk:taxonomy-term-list", "taxonomy_term.json", "oruk:taxonomy-term-detail", "taxonomy_term.json"),
)


def standard_dir() -> Path:
    return Path(settings.WAYFINDER_SHARED_STANDARDS) / "oruk-uk-profile"


def load(relative: str) -> Any:
    return json.loads((standard_dir() / relative).read_text(encoding="utf-8"))


@cache
def registry() -> Registry:
    """Every schema of the standard under its published address."""
    resources = []
    root = standard_dir() / "schema"
    for path in sorted(root.rglob("*.json")):
        relative = path.relative_to(root).as_posix()
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources.append((f"{SCHEMA_BASE}{relative}", resource))
    return Registry().with_resources(resources)


def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True  # formats only constrain strings
    if "T" not in value.upper():
        return False
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return False
    return parsed.tzinfo is not None  # RFC 3339 date-times carry an offset (or Z)


def _uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme in {"mailto", "tel", "urn"}) and " " not in value


FORMAT_CHECKER = FormatChecker()
FORMAT_CHECKER.checks("date-time")(_date_time)
FORMAT_CHECKER.checks("uri")(_uri)


@cache
def validator(relative: str) -> Draft202012Validator:
    """A validator for one of the standard's schemas, e.g. ``"compiled/service.json"``."""
    return Draft202012Validator({"$ref": f"{SCHEMA_BASE}{relative}"}, registry=registry(),
                                format_checker=FORMAT_CHECKER)


@cache
def page_validator() -> Draft202012Validator:
    """The Page envelope of the profile's ``openapi30.json`` (``components.schemas.Page``)."""
    return Draft202012Validator(load("openapi30.json")["components"]["schemas"]["Page"], format_checker=FORMAT_CHECKER)


def errors_of(instance: Any, relative: str, where: str = "") -> list[str]:
    """Every way ``instance`` breaks the schema, as ``"where $.path: message"``."""
    return [f"{where} {error.json_path}: {error.message}".strip()
            for error in sorted(validator(relative).iter_errors(instance), key=lambda e: list(e.path))]


def page_errors(page: Any, item_schema: str, where: str = "") -> list[str]:
    problems = [f"{where} {error.json_path}: {error.message}".strip() for error in page_validator().iter_errors(page)]
    if not isinstance(page, dict):
        return problems or [f"{where}: not a JSON object"]
    if missing := PAGE_KEYS - set(page):
        problems.append(f"{where}: the page has no {', '.join(sorted(missing))}")
    contents = page.get("contents")
    if not isinstance(contents, list):
        return [*problems, f"{where}: contents is not a list"]
    if page.get("size") != len(contents):
        problems.append(f"{where}: size {page.get('size')} but {len(contents)} items")
    if page.get("empty") is not (not contents):
        problems.append(f"{where}: empty is {page.get('empty')} with {len(contents)} items")
    for index, item in enumerate(contents):
        problems += errors_of(item, item_schema, f"{where} contents[{index}]")
    return problems


def _get(client, url: str, problems: list[str]) -> Any:
    response = client.get(url)
    if response.status_code != 200:
        problems.append(f"{url}: status {response.status_code}")
    if response.get("Access-Control-Allow-Origin") != "*":
        problems.append(f"{url}: no Access-Control-Allow-Origin: *")
    if not response.get("Content-Type", "").startswith("application/json"):
        problems.append(f"{url}: Content-Type {response.get('Content-Type')}")
        return None
    return response.json()


def validate_all_endpoints(client) -> list[str]:
    """Walk every ORUK endpoint with a Django test ``client`` over the data in the database and return the
    problems: a status other than 200, a missing CORS header, or a response the standard's schemas refuse."""
    problems: list[str] = []
    root_url = reverse("oruk:root")
    meta = _get(client, root_url, problems)
    if isinstance(meta, dict):
        for key in ("version", "profile", "openapi_url"):
            if not isinstance(meta.get(key), str) or not meta[key]:
                problems.append(f"{root_url}: no {key}")
        for key in ("profile", "openapi_url"):
            if key in meta and not _uri(meta[key]):
                problems.append(f"{root_url}: {key} is not a URL")
    description = _get(client, reverse("oruk:openapi"), problems)
    if isinstance(description, dict):
        from drf_spectacular.validation import validate_schema
        from jsonschema import ValidationError

        try:
            validate_schema(description)
        except ValidationError as error:
            problems.append(f"{reverse('oruk:openapi')}: not valid OpenAPI 3.0: {error.message}")
    for list_name, item_schema, detail_name, detail_schema in ENDPOINTS:
        url = reverse(list_name)
        page = _get(client, url, problems)
        problems += page_errors(page, item_schema, url)
        for item in page.get("contents") or [] if isinstance(page, dict) else []:
            if not isinstance(item, dict) or not item.get("id"):
                continue  # already reported by page_errors
            detail_url = reverse(detail_name, kwargs={"id": item.get("id", "")})
            detail = _get(client, detail_url, problems)
            problems += errors_of(detail, detail_schema, detail_url)
            if isinstance(detail, dict) and detail.get("id") != item.get("id"):
                problems.append(f"{detail_url}: id {detail.get('id')} is not the one asked for")
    return problems
