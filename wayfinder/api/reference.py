"""The API reference page: the OpenAPI description rendered as a GOV.UK page on the server.

Swagger UI draws the description with JavaScript and fails WCAG 2.2 AA (no page language, targets
too small, controls without names), so it is not served; this page reads the same description that
``/api/schema/`` serves (drf-spectacular's generator, so the two cannot disagree) and works without
JavaScript. See docs/adr/0005-api-reference-without-swagger-ui.md.
"""

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
_REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    required: bool
    type: str
    description: str


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    body: str  # the schema name of the body ("" when none)


@dataclass(frozen=True)
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter]
    request_body: str
    responses: list[Response]


@dataclass(frozen=True)
class Property:
    name: str
    type: str
    notes: str  # "Required." in what you send, "Read-only." in what you get back, then the description


@dataclass
class SchemaDoc:
    name: str
    description: str = ""
    properties: list[Property] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)  # (code, meaning) of a code list


def _ref_name(schema: dict[str, Any]) -> str:
    ref = schema.get("$ref", "")
    return ref[len(_REF_PREFIX):] if ref.startswith(_REF_PREFIX) else ""


def _type_of(schema: dict[str, Any]) -> str:
    """A short, readable type: ``integer``, ``string (date)``, ``list of Child``, ``SexEnum``."""
    if name := _ref_name(schema):
        return name
    if "oneOf" in schema or "allOf" in schema:
        options = [_type_of(option) for option in schema.get("oneOf", schema.get("allOf", []))]
        return " or ".join(option for option in options if option) or "value"
    kind = schema.get("type", "")
    if kind == "array":
        return f"list of {_type_of(schema.get('items', {}))}"
    if fmt := schema.get("format"):
        kind = f"{kind} ({fmt})"
    if schema.get("nullable"):
        kind = f"{kind}, or null"
    return kind or "value"


def _body_name(content: dict[str, Any]) -> str:
    schema = (content or {}).get("application/json", {}).get("schema", {})
    return _ref_name(schema) or (_type_of(schema) if schema else "")


def _operations(schema: dict[str, Any]) -> dict[str, list[Operation]]:
    """Operations grouped by their tag (the resource: children, carers, settings)."""
    groups: dict[str, list[Operation]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = [
                Parameter(p["name"], p["in"], bool(p.get("required")), _type_of(p.get("schema", {})),
                          p.get("description", ""))
                for p in operation.get("parameters", [])
            ]
            responses = [
                Response(status, response.get("description", ""), _body_name(response.get("content", {})))
                for status, response in sorted(operation.get("responses", {}).items())
            ]
            tag = (operation.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append(Operation(
                anchor=operation.get("operationId", f"{method}-{path}"),
                method=method.upper(),
                path=path,
                summary=operation.get("summary", ""),
                description=operation.get("description", ""),
                parameters=parameters,
                request_body=_body_name(operation.get("requestBody", {}).get("content", {})),
                responses=responses,
            ))
    return groups


def _choices(body: dict[str, Any]) -> list[tuple[str, str]]:
    """A code list's values with their meanings, which drf-spectacular writes into the description as
    lines of the form ``* `M` - Male``."""
    meanings = {}
    for line in body.get("description", "").splitlines():
        code, separator, meaning = line.removeprefix("* ").partition(" - ")
        if separator:
            meanings[code.strip("`")] = meaning
    return [(str(code), meanings.get(str(code), "")) for code in body["enum"] if code not in ("", None)]


def _schemas(schema: dict[str, Any]) -> list[SchemaDoc]:
    docs = []
    for name, body in sorted(schema.get("components", {}).get("schemas", {}).items()):
        if "enum" in body:
            docs.append(SchemaDoc(name=name, choices=_choices(body)))
            continue
        doc = SchemaDoc(name=name, description=body.get("description", ""))
        # Request bodies are their own components (COMPONENT_SPLIT_REQUEST): "required" means "send it".
        sent = name.endswith("Request")
        required = set(body.get("required", []))
        for prop, spec in body.get("properties", {}).items():
            notes = [
                "Required." if sent and prop in required else "",
                "Read-only." if spec.get("readOnly") else "",
                spec.get("description", "") or spec.get("title", ""),
            ]
            doc.properties.append(Property(prop, _type_of(spec), " ".join(note for note in notes if note)))
        docs.append(doc)
    return docs


@cache
def reference() -> dict[str, Any]:
    """The description, generated once per process (it changes only when the code does)."""
    schema = SchemaGenerator(api_version="v1").get_schema(request=None, public=True)
    return {
        "info": schema.get("info", {}),
        "groups": sorted(_operations(schema).items()),
        "schemas": _schemas(schema),
    }


@require_safe
@login_required
def api_reference(request):
    return render(request, "api/reference.html", reference())
