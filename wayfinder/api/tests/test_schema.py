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


def test_the_reference_page_asks_a_visitor_to_sign_in(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


def test_the_reference_page_describes_every_operation_from_the_schema_without_script(client, sign_in):
    from wayfinder.accounts.tests.factories import UserFactory

    sign_in(client, UserFactory(role="casework_officer"))
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert f"{method.upper()} {path}" in html
            assert f'id="{operation["operationId"]}"' in html
    # Field descriptions and code lists come from the same description.
    assert "Unique Pupil Number: 13 characters, check letter first." in html
    assert "<code>M</code>" in html and "Male" in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert reverse("api:schema") in html
