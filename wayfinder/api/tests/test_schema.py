import pytest
from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/children/", "/api/v1/children/{id}/", "/api/v1/children/{id}/carers/",
    "/api/v1/children/{id}/chronology/", "/api/v1/carers/", "/api/v1/carers/{id}/", "/api/v1/settings/",
    "/api/v1/settings/{id}/",
]


def test_the_schema_endpoint_serves_valid_openapi_describing_every_endpoint(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert sorted(schema["paths"]) == sorted(PATHS)


def test_the_schema_documents_the_error_shapes(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    create = schema["paths"]["/api/v1/children/"]["post"]["responses"]
    assert create["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/ValidationErrorResponse")
    retrieve = schema["paths"]["/api/v1/children/{id}/"]["get"]["responses"]
    assert retrieve["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")
    assert "errors" in schema["components"]["schemas"]["ValidationErrorResponse"]["properties"]


def test_the_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_swagger_ui_is_served_from_our_own_static_files(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist" in html
    assert "cdn" not in html.lower()
    assert reverse("api:schema") in html
