"""OpenAPI description: every operation documents the API's error responses (see ``errors.py``)."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from .errors import ErrorResponseSerializer, ValidationErrorResponseSerializer
from .versioning import VERSIONS

FORBIDDEN = OpenApiResponse(
    ErrorResponseSerializer,
    description="Not signed in, two-factor authentication not completed, or not allowed to do this to a "
    "record you can see.",
)
NOT_FOUND = OpenApiResponse(
    ErrorResponseSerializer,
    description="No such record, or one you may not see (the two are never distinguished); or no such page.",
)
BAD_REQUEST = OpenApiResponse(
    ValidationErrorResponseSerializer,
    description="Input not accepted; field-level messages. Nothing was changed.",
)


class ApiAutoSchema(AutoSchema):
    def _validates_input(self) -> bool:
        """Writes, and lists whose view sets ``validates_query = True`` (a query parameter is checked)."""
        if self.method in ("POST", "PUT", "PATCH"):
            return True
        return getattr(self.view, "validates_query", False) and getattr(self.view, "action", "list") == "list"

    def get_tags(self) -> list[str]:
        """Group operations by resource (``children``, ``carers``…), not by the version segment."""
        segments = [part for part in self.path.split("/") if part and not part.startswith("{")]
        resources = [part for part in segments if part not in ("api", *VERSIONS)]
        return resources[:1] or super().get_tags()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        extra = {"403": FORBIDDEN}
        if "{" in self.path or self._is_list_view():  # a record by id, or a page number
            extra["404"] = NOT_FOUND
        if self._validates_input():
            extra["400"] = BAD_REQUEST
        for code, response in extra.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return dict(sorted(responses.items()))
