"""Our OpenAPI 3.0 description of the Open Referral UK API at ``/api/openreferral/`` (served as
``/api/openreferral/openapi.json``, beside the app's own description at ``/api/schema/``).

Written by hand for these endpoints: every path and query parameter of the UK profile's ``openapi30.json``
is here (a test compares them), with what we add — ``postcode`` and ``proximity`` on ``/services`` too,
``taxonomy_id`` on ``/taxonomy_terms``, the ranges we enforce, and the 400/404/405 JSON errors. Response bodies
``$ref`` the standard's published schemas, as the profile does. The profile's ``/service_at_locations/{id}``
points at the *service* schema; we return, and point at, ``compiled/service_at_location.json``.
"""

from __future__ import annotations

import copy
from typing import Any

from .oruk import DEFAULT_PER_PAGE, HSDS_VERSION, MAX_PER_PAGE, MAX_PROXIMITY_M, MAX_QUERY_AGE, SCHEMA_BASE


def _schema(path: str) -> dict[str, str]:
    return {"$ref": f"{SCHEMA_BASE}{path}"}


def _param(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/parameters/{name}"}


ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "405": {"$ref": "#/components/responses/MethodNotAllowed"},
}


def _json_response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _page_of(item: dict[str, str]) -> dict[str, Any]:
    return {"allOf": [{"$ref": "#/components/schemas/Page"},
                      {"type": "object", "properties": {"contents": {"type": "array", "items": item}}}]}


def _list(operation_id: str, summary: str, item: dict[str, str], parameters: list[str]) -> dict[str, Any]:
    return {"get": {
        "operationId": operation_id, "summary": summary, "description": summary,
        "parameters": [_param(name) for name in parameters],
        "responses": {"200": _json_response(summary, _page_of(item)), **ERRORS},
    }}


def _detail(operation_id: str, what: str, schema: dict[str, str]) -> dict[str, Any]:
    return {
        "parameters": [{"in": "path", "name": "id", "required": True, "description": f"The id of the {what}.",
                        "schema": {"type": "string", "format": "uuid"}}],
        "get": {
            "operationId": operation_id, "summary": f"The {what} with this id, with its related data.",
            "description": f"The {what} with this id, with its related data. An unknown id is a 404.",
            "responses": {"200": _json_response(f"The {what}.", schema),
                          "404": {"$ref": "#/components/responses/NotFound"},
                          "405": {"$ref": "#/components/responses/MethodNotAllowed"}},
        },
    }


SERVICE_FILTERS = ["search", "page", "per_page", "taxonomy_term_id", "taxonomy_id", "minimum_age", "maximum_age",
                   "start_time", "end_time", "day", "postcode", "proximity"]

_TIME_PATTERN = r"^([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"

PARAMETERS: dict[str, dict[str, Any]] = {
    "search": {"description": "Words that must all appear in the service's name or description or its "
                              "organisation's name (any case).", "schema": {"type": "string"}},
    "page": {"description": "Page number, from 1. A page beyond the last, when there are results, is a 400.",
             "schema": {"type": "integer", "minimum": 1, "default": 1}},
    "per_page": {"description": f"Results on a page, 1 to {MAX_PER_PAGE}.",
                 "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE}},
    "taxonomy_term_id": {"description": "Only services tagged with this taxonomy term (an unknown id is a 400).",
                         "schema": {"type": "string", "format": "uuid"}},
    "taxonomy_id": {"description": "Only services (or, on /taxonomy_terms, terms) with a term of this taxonomy "
                                   "(an unknown id is a 400).", "schema": {"type": "string", "format": "uuid"}},
    "minimum_age": {"description": "Only services whose minimum age is at least this many years.",
                    "schema": {"type": "number", "minimum": 0, "maximum": MAX_QUERY_AGE}},
    "maximum_age": {"description": "Only services whose maximum age is at or below this many years.",
                    "schema": {"type": "number", "minimum": 0, "maximum": MAX_QUERY_AGE}},
    "start_time": {"description": "Only services with a schedule opening at or after this time (HH:MM or "
                                  "HH:MM:SS, 24-hour clock).",
                   "schema": {"type": "string", "format": "time", "pattern": _TIME_PATTERN}},
    "end_time": {"description": "Only services with a schedule closing at or before this time (HH:MM or "
                                "HH:MM:SS).", "schema": {"type": "string", "format": "time", "pattern": _TIME_PATTERN}},
    "day": {"description": "Only services with a schedule on this day: an iCalendar day code (MO…SU) or a day "
                           "name. With start_time and end_time, the same schedule must match all three.",
            "schema": {"type": "string", "example": "MO"}},
    "postcode": {"description": "A full postcode or postcode district. Services that serve particular localities "
                               "are only returned if the postcode's district is in one of them; county-wide services "
                               "always are. An invalid or unknown postcode is a 400.", "schema": {"type": "string"}},
    "proximity": {"description": "With postcode: only services with a venue within this many metres of the "
                                "postcode's centroid (services with no physical venue are left out).",
                  "schema": {"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": MAX_PROXIMITY_M}},
}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "detail"],
    "properties": {
        "error": {"type": "string", "description": "What kind of error, in words."},
        "detail": {"type": "object", "additionalProperties": {"type": "string"},
                   "description": "For each bad parameter (or id, path, method), what is wrong with it."},
    },
}

PAGE_SCHEMA = {
    "type": "object",
    "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty",
                 "contents"],
    "properties": {
        "total_items": {"type": "integer", "description": "Count of total results."},
        "total_pages": {"type": "integer", "description": "Count of total pages (0 when there are no results)."},
        "page_number": {"type": "integer", "description": "Current page number, from 1."},
        "size": {"type": "integer", "description": "Number of results on this page."},
        "first_page": {"type": "boolean", "description": "Is this page the first page."},
        "last_page": {"type": "boolean", "description": "Is this page the last page."},
        "empty": {"type": "boolean", "description": "Is this page empty."},
        "contents": {"type": "array", "items": {}},
    },
}


def _error_response(description: str) -> dict[str, Any]:
    return _json_response(description, {"$ref": "#/components/schemas/Error"})


DESCRIPTION: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {
        "title": "Local Offer directory: Open Referral UK API",
        "version": HSDS_VERSION,
        "description": (
            "The Local Offer (Children and Families Act 2014 s30) as Open Referral UK, HSDS 3.0 UK profile. "
            "Public and read-only: no keys, GET only, and every response has Access-Control-Allow-Origin: *. "
            "Only published listings appear. Errors are JSON: {\"error\": ..., \"detail\": {parameter: message}}."),
    },
    "paths": {
        "/": {"get": {
            "operationId": "getAPIMetaInformation",
            "summary": "Retrieve information about this API and its relationship with HSDS.",
            "description": "Retrieve information about this API and its relationship with HSDS.",
            "responses": {"200": _json_response("Information about this API.", {
                "type": "object", "required": ["version", "profile", "openapi_url"],
                "properties": {"version": {"type": "string", "description": "HSDS version of this API."},
                               "profile": {"type": "string", "format": "uri",
                                           "description": "URL of the HSDS profile of this API."},
                               "openapi_url": {"type": "string", "format": "uri",
                                               "description": "URL of this OpenAPI description."}}}),
                "405": {"$ref": "#/components/responses/MethodNotAllowed"}},
        }},
        "/openapi.json": {"get": {
            "operationId": "getOpenAPIDescription", "summary": "This OpenAPI description.",
            "description": "This OpenAPI description.",
            "responses": {"200": _json_response("An OpenAPI 3.0 description.", {"type": "object"}),
                          "405": {"$ref": "#/components/responses/MethodNotAllowed"}},
        }},
        "/services": _list("getPaginatedListOfServices", "A page of services with their one-to-one fields.",
                           _schema("compiled/service_list.json"), SERVICE_FILTERS),
        "/services/{id}": _detail("getFullyNestedServiceById", "service", _schema("compiled/service.json")),
        "/service_at_locations": _list(
            "getPaginatedListOfServiceAtLocation", "A page of services at locations with their one-to-one fields.",
            _schema("compiled/service_at_location_list.json"), SERVICE_FILTERS),
        "/service_at_locations/{id}": _detail("getServiceAtLocationWithNestedDataById", "service at a location",
                                              _schema("compiled/service_at_location.json")),
        "/taxonomies": _list("getPaginatedListOfTaxonomies", "A page of taxonomies.", _schema("taxonomy.json"),
                             ["page", "per_page"]),
        "/taxonomies/{id}": _detail("getTaxonomyById", "taxonomy", _schema("taxonomy.json")),
        "/taxonomy_terms": _list("getPaginatedListOfTaxonomyTerms", "A page of taxonomy terms.",
                                 _schema("taxonomy_term.json"), ["page", "per_page", "taxonomy_id"]),
        "/taxonomy_terms/{id}": _detail("getTaxonomyTermById", "taxonomy term", _schema("taxonomy_term.json")),
    },
    "components": {
        "schemas": {"Page": PAGE_SCHEMA, "Error": ERROR_SCHEMA},
        "parameters": {name: {"name": name, "in": "query", "required": False, **spec}
                       for name, spec in PARAMETERS.items()},
        "responses": {
            "BadRequest": _error_response("A query parameter is not valid; detail says which and why."),
            "NotFound": _error_response("There is nothing with this id (or at this address)."),
            "MethodNotAllowed": _error_response("The API is read-only: use GET."),
        },
    },
}


def openapi_description(base_url: str | None = None) -> dict[str, Any]:
    """The description, with ``servers`` set to where this API is when ``base_url`` is given."""
    description = copy.deepcopy(DESCRIPTION)
    if base_url:
        description["servers"] = [{"url": base_url.rstrip("/"), "description": "This directory"}]
    return description
