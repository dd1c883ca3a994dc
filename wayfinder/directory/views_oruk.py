"""The Open Referral UK 3.0 read API at ``/api/openreferral/`` (namespace ``oruk``).

Open to anyone, with no keys (UK profile compliance, "Openness"), read-only (GET, HEAD and OPTIONS; anything
else is a 405), and every response — errors too — carries ``Access-Control-Allow-Origin: *`` (compliance,
"Security"). Each address works with and without a trailing slash. Rows and filters come from
:mod:`wayfinder.directory.oruk`; the OpenAPI description is :mod:`wayfinder.directory.oruk_openapi`.

URL names: ``oruk:root``, ``oruk:openapi``, ``oruk:service-list``, ``oruk:service-detail``,
``oruk:service-at-location-list``, ``oruk:service-at-location-detail``, ``oruk:taxonomy-list``,
``oruk:taxonomy-detail``, ``oruk:taxonomy-term-list``, ``oruk:taxonomy-term-detail`` (details take ``id``).
"""

from __future__ import annotations

import logging
import uuid
from functools import wraps

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import re_path, reverse
from django.views.decorators.csrf import csrf_exempt

from . import oruk, oruk_openapi

logger = logging.getLogger("django.request")

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")


class NotFound(Exception):
    def __init__(self, what: str, value: str, name: str = "id"):
        self.detail = {name: f"There is no {what} with {name} {value}"}
        super().__init__(self.detail[name])


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def error_response(status: int, error: str, detail: dict[str, str]) -> JsonResponse:
    """The API's one error shape: ``{"error": "...", "detail": {"<parameter>": "<what is wrong>"}}``."""
    return _json({"error": error, "detail": detail}, status=status)


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def oruk_endpoint(view):
    """Read-only, open to all, CORS on every response, errors as JSON. Never needs a session or CSRF token."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ALLOWED_METHODS:
            response = error_response(405, "Method not allowed", {
                "method": f"This API is read-only: {request.method} is not allowed; use GET."})
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return _cors(response)
        if request.method == "OPTIONS":  # a CORS preflight
            response = HttpResponse(status=204)
            response["Allow"] = response["Access-Control-Allow-Methods"] = ", ".join(ALLOWED_METHODS)
            response["Access-Control-Allow-Headers"] = "Accept, Content-Type"
            response["Access-Control-Max-Age"] = "86400"
            return _cors(response)
        try:
            response = view(request, *args, **kwargs)
        except oruk.ParameterError as error:
            response = error_response(400, "Invalid query parameters", error.errors)
        except NotFound as error:
            response = error_response(404, "Not found", error.detail)
        except Exception:
            if settings.DEBUG:
                raise
            logger.exception("Open Referral API error at %s", request.path)
            response = error_response(500, "Server error", {"request": "Something went wrong. Try again later."})
        return _cors(response)

    return wrapped


def _uuid_or_404(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound(what, value) from None


def _one(queryset, value: str, what: str):
    row = queryset.filter(pk=_uuid_or_404(value, what)).first()
    if row is None:
        raise NotFound(what, value)
    return row


@oruk_endpoint
def root(request):
    """What this API is (``getAPIMetaInformation``)."""
    return _json({"version": oruk.HSDS_VERSION, "profile": oruk.PROFILE_URL,
                  "openapi_url": request.build_absolute_uri(reverse("oruk:openapi"))})


@oruk_endpoint
def openapi(request):
    return _json(oruk_openapi.openapi_description(request.build_absolute_uri(reverse("oruk:root"))))


@oruk_endpoint
def service_list(request):
    query = oruk.parse_query(request.GET, allowed=oruk.SERVICE_PARAMETERS)
    services = oruk.filter_services(oruk.services_for_list(), query)
    return _json(oruk.page_of(services, query, oruk.service_list_item))


@oruk_endpoint
def service_detail(request, id):
    return _json(oruk.service_full(_one(oruk.services_in_full(), id, "service")))


@oruk_endpoint
def service_at_location_list(request):
    query = oruk.parse_query(request.GET, allowed=oruk.SERVICE_PARAMETERS)
    links = oruk.filter_service_at_locations(oruk.public_service_at_locations(), query)
    return _json(oruk.page_of(links, query, oruk.service_at_location_list_item))


@oruk_endpoint
def service_at_location_detail(request, id):
    return _json(oruk.service_at_location_full(_one(oruk.service_at_locations_in_full(), id,
                                                    "service at a location")))


@oruk_endpoint
def taxonomy_list(request):
    query = oruk.parse_query(request.GET, allowed=oruk.TAXONOMY_PARAMETERS)
    return _json(oruk.page_of(oruk.taxonomies(), query, oruk.taxonomy_item))


@oruk_endpoint
def taxonomy_detail(request, id):
    taxonomy = _one(oruk.taxonomies(), id, "taxonomy")
    return _json(oruk.taxonomy_item(taxonomy, oruk.taxonomy_terms().filter(taxonomy=taxonomy)))


@oruk_endpoint
def taxonomy_term_list(request):
    query = oruk.parse_query(request.GET, allowed=oruk.TAXONOMY_TERM_PARAMETERS)
    terms = oruk.taxonomy_terms()
    if query.taxonomy is not None:
        terms = terms.filter(taxonomy=query.taxonomy)
    return _json(oruk.page_of(terms, query, oruk.taxonomy_term_item))


@oruk_endpoint
def taxonomy_term_detail(request, id):
    return _json(oruk.taxonomy_term_item(_one(oruk.taxonomy_terms(), id, "taxonomy term")))


@oruk_endpoint
def not_found(request, path=""):
    raise NotFound("endpoint", f"/{path}", name="path")


_ID = r"(?P<id>[^/]+)"

oruk_urls = [
    re_path(r"^$", root, name="root"),
    re_path(r"^openapi\.json/?$", openapi, name="openapi"),
    re_path(r"^services/?$", service_list, name="service-list"),
    re_path(rf"^services/{_ID}/?$", service_detail, name="service-detail"),
    re_path(r"^service_at_locations/?$", service_at_location_list, name="service-at-location-list"),
    re_path(rf"^service_at_locations/{_ID}/?$", service_at_location_detail, name="service-at-location-detail"),
    re_path(r"^taxonomies/?$", taxonomy_list, name="taxonomy-list"),
    re_path(rf"^taxonomies/{_ID}/?$", taxonomy_detail, name="taxonomy-detail"),
    re_path(r"^taxonomy_terms/?$", taxonomy_term_list, name="taxonomy-term-list"),
    re_path(rf"^taxonomy_terms/{_ID}/?$", taxonomy_term_detail, name="taxonomy-term-detail"),
    re_path(r"^(?P<path>.*)$", not_found, name="not-found"),
]
