"""The browsable page of the API, drawn on the server from its own OpenAPI schema: no
script, no third-party assets, in the site's template (so its styles and chrome)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

from .endpoints import api


def _parameters(operation: dict, components: dict) -> list[dict]:
    rows = []
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if "$ref" in schema:
            schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
        choices = schema.get("enum") or [v for s in schema.get("anyOf", []) for v in s.get("enum", [])]
        if not choices:
            for s in schema.get("anyOf", []):
                if "$ref" in s:
                    choices = components.get(s["$ref"].rsplit("/", 1)[-1], {}).get("enum", [])
        rows.append(
            {
                "name": parameter["name"],
                "where": {"path": "đường dẫn", "query": "tham số"}.get(parameter["in"], parameter["in"]),
                "required": parameter.get("required", False),
                "description": parameter.get("description") or schema.get("description", ""),
                "choices": ", ".join(str(c) for c in choices),
            }
        )
    return rows


def docs(request):
    schema = api.get_openapi_schema(path_prefix=reverse("api:api-root"))
    components = schema.get("components", {}).get("schemas", {})
    operations = [
        {
            "path": path,
            "method": method.upper(),
            "summary": op.get("summary", ""),
            "group": (op.get("tags") or [""])[0],
            "parameters": _parameters(op, components),
        }
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
    ]
    return render(
        request,
        "api/docs.html",
        {
            "info": schema["info"],
            "operations": operations,
            "schema_url": reverse("api:openapi-json"),
            "limit": settings.API_REQUESTS_PER_MINUTE,
        },
    )
