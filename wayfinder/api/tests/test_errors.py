"""The exception handler on its own: every 400 in one shape, Django's exceptions translated."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions

from wayfinder.api.errors import exception_handler


def handle(exc):
    response = exception_handler(exc, {})
    return response.status_code, response.data


def test_a_model_validation_error_becomes_field_messages():
    exc = DjangoValidationError({"upn": ["Wrong check letter"], "__all__": ["Records disagree"]})
    assert handle(exc) == (400, {"errors": {"upn": ["Wrong check letter"], "non_field_errors": ["Records disagree"]}})


def test_a_validation_error_without_fields_is_a_non_field_error():
    expected = (400, {"errors": {"non_field_errors": ["Unknown fields: x"]}})
    assert handle(DjangoValidationError("Unknown fields: x")) == expected


def test_drf_validation_errors_and_parse_errors_share_the_shape():
    assert handle(exceptions.ValidationError({"sex": ["Not a choice"]})) == (400, {"errors": {"sex": ["Not a choice"]}})
    assert handle(exceptions.ParseError("JSON parse error")) == (
        400, {"errors": {"non_field_errors": ["JSON parse error"]}}
    )
    nested = exceptions.ValidationError({"carer": {"email": ["Enter an email"]}, "items": [{"x": ["bad"]}]})
    assert handle(nested) == (400, {"errors": {"carer.email": ["Enter an email"], "items.0.x": ["bad"]}})


def test_http404_never_passes_on_its_message():
    assert handle(Http404("No child found")) == (404, {"detail": "Not found."})


def test_django_permission_denied_is_a_403():
    assert handle(DjangoPermissionDenied("You do not have permission to change this record.")) == (
        403, {"detail": "You do not have permission to change this record."}
    )
    assert handle(DjangoPermissionDenied())[0] == 403
