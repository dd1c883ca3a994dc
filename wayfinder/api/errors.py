"""One error shape for the whole API (architecture principle 8: bad input gets a clear message).

* **400** — always ``{"errors": {"<field>": ["message", ...], ...}}``. Problems that belong to no one
  field (a malformed JSON body, a rule across several fields) are listed under ``"non_field_errors"``.
  Django ``ValidationError`` raised by a model's ``full_clean()`` inside a service comes back in
  exactly the same shape as the serializer's own checks, so a client handles one format.
* **401/403/404/405/415/429** — ``{"detail": "message"}``, as Django REST framework does.
* Django's ``Http404`` is always ``{"detail": "Not found."}``: the text never says whether the record
  is missing or forbidden (a record you may not see is reported as not found).

``settings.REST_FRAMEWORK["EXCEPTION_HANDLER"]`` points at :func:`exception_handler`.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, serializers, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD_KEY = api_settings.NON_FIELD_ERRORS_KEY  # "non_field_errors"


def _messages(value: Any, key: str, into: dict[str, list[str]]) -> None:
    """Flatten DRF's nested error detail into ``{"field": [messages]}`` (nested fields as ``a.b``)."""
    if isinstance(value, Mapping):
        for sub_key, sub_value in value.items():
            name = NON_FIELD_KEY if sub_key in (NON_FIELD_ERRORS, NON_FIELD_KEY) else str(sub_key)
            _messages(sub_value, name if key == NON_FIELD_KEY else f"{key}.{name}", into)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                _messages(item, f"{key}.{index}", into)
            else:
                _messages(item, key, into)
    elif value is not None and str(value):
        into.setdefault(key, []).append(str(value))


def field_errors(detail: Any) -> dict[str, list[str]]:
    """Any DRF/Django error detail as ``{"field": ["message", ...]}``."""
    errors: dict[str, list[str]] = {}
    if isinstance(detail, Mapping):
        if set(detail) == {"detail"}:  # ParseError and friends: {"detail": "JSON parse error..."}
            _messages(detail["detail"], NON_FIELD_KEY, errors)
        else:
            for key, value in detail.items():
                name = NON_FIELD_KEY if key in (NON_FIELD_ERRORS, NON_FIELD_KEY) else str(key)
                _messages(value, name, errors)
    else:
        _messages(detail, NON_FIELD_KEY, errors)
    return errors or {NON_FIELD_KEY: ["The request was not valid."]}


def exception_handler(exc: Exception, context: dict) -> Any:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=serializers.as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()  # never pass on the text: it could say what exists
    elif isinstance(exc, DjangoPermissionDenied):
        message = str(exc.args[0]) if exc.args and isinstance(exc.args[0], str) else None
        exc = exceptions.PermissionDenied(message)
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == status.HTTP_400_BAD_REQUEST:
        response.data = {"errors": field_errors(response.data)}
    return response


def not_found(request, *args, **kwargs) -> JsonResponse:
    """JSON 404 for any address under /api/ that matches no endpoint."""
    return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=404)


# --------------------------------------------------------------------------- for the OpenAPI schema


class ValidationErrorResponseSerializer(serializers.Serializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text='Messages for each field that was not accepted, e.g. {"upn": ["Wrong check letter at '
        'character 1: check the UPN has been copied correctly."]}. Problems with the request as a whole '
        'are listed under "non_field_errors". Nothing was saved.',
    )


class ErrorResponseSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in plain English.")
