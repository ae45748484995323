"""The API's own documentation: Swagger UI and ReDoc from packaged assets (no CDN: municipal
networks often block them), and an OpenAPI description that tools such as Postman and Swagger
UI's Authorize button understand (OAuth2 client credentials, a real server URL)."""

import uuid
from importlib.resources import files
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from app.apidocs.examples import (
    OPERATION_RESPONSES,
    PARAMETERS,
    REQUESTS,
    RESPONSES,
    WHEEL_PARAMETERS,
)
from app.apidocs.operations import OPERATIONS, TAGS

ASSETS = "/docs/assets"
TOKEN_PATH = "/v1/auth/token"  # noqa: S105 - a path, not a secret
OAUTH2 = "OAuth2ClientCredentials"
BEARER = "HTTPBearer"


def install(app: FastAPI) -> None:
    """Serve /docs, /redoc and their assets, and send / to the docs."""
    assets = files("fastapi_offline") / "static"
    app.mount(ASSETS, StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/", include_in_schema=False, tags=["docs"])
    async def root() -> RedirectResponse:
        # Relative, so the redirect never reflects a Host header.
        return RedirectResponse("docs", status_code=302)

    @app.get("/docs", include_in_schema=False, tags=["docs"])
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Vuosikello API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
            swagger_ui_parameters={"persistAuthorization": True, "displayOperationId": True},
        )

    @app.get("/redoc", include_in_schema=False, tags=["docs"])
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url="/openapi.json",
            title="Vuosikello API",
            redoc_js_url=f"{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS}/favicon.png",
            with_google_fonts=False,
        )


def describe_access(schema: dict[str, Any], public_url: str) -> dict[str, Any]:
    """Add the server URL and the OAuth2 client-credentials scheme beside bearer tokens."""
    base = public_url.rstrip("/")
    schema["servers"] = [{"url": base, "description": "This Vuosikello service"}]
    schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes[OAUTH2] = {
        "type": "oauth2",
        "description": "An API client's id and secret (`vuosikello clients create`); Postman "
        "and Swagger UI's Authorize button fetch and renew the token themselves.",
        "flows": {"clientCredentials": {"tokenUrl": f"{base}{TOKEN_PATH}", "scopes": {}}},
    }
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            security = operation.get("security")
            if security and {BEARER: []} in security and {OAUTH2: []} not in security:
                operation["security"] = [{OAUTH2: []}, *security]
    return schema


OPTIONAL_HEADERS = {
    "Idempotency-Key": "Optional. A unique value per intended POST (a UUID): a retry with the "
    "same key within 24 hours gets the first response again instead of a second object. "
    "Never reuse a key for a different request.",
    "If-Match": "Optional. The `ETag` from your last read of this object: the change is made "
    "only if nobody changed it since (else 412). Leave it out, or send `*`, to change "
    "whatever is current.",
}


def describe_operations(schema: dict[str, Any]) -> dict[str, Any]:
    """Summaries, descriptions, tags and examples from the central tables (operations.py)."""
    schema["tags"] = [{"name": name, "description": text} for name, text in TAGS]
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            documented = OPERATIONS.get(operation.get("operationId", ""))
            if documented:
                operation["summary"], operation["description"] = documented
            _examples(operation)
    return schema


def _examples(operation: dict[str, Any]) -> None:
    wheel = operation.get("operationId", "").startswith("wheel-")
    for parameter in operation.get("parameters", []):
        name = parameter["name"]
        if wheel and name in WHEEL_PARAMETERS:
            parameter["example"] = WHEEL_PARAMETERS[name]
        elif name in PARAMETERS:
            parameter["example"] = PARAMETERS[name]
        if name == "Idempotency-Key":
            # One per operation, so that tools which send the example never share a key
            # between two different requests (a shared key is refused for 24 hours).
            key = uuid.uuid5(uuid.NAMESPACE_URL, operation.get("operationId", ""))
            parameter["example"] = str(key)
        if name in OPTIONAL_HEADERS:
            parameter["description"] = OPTIONAL_HEADERS[name]
    body = REQUESTS.get(operation.get("operationId", ""))
    content = operation.get("requestBody", {}).get("content", {})
    if body is not None:
        for media_type, described in content.items():
            if media_type != "multipart/form-data":
                described["example"] = body
    for code, response in operation.get("responses", {}).items():
        for described in response.get("content", {}).values():
            name = described.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
            if name in RESPONSES:
                described["example"] = RESPONSES[name]
            elif code.startswith("2") and operation.get("operationId") in OPERATION_RESPONSES:
                described["example"] = OPERATION_RESPONSES[operation["operationId"]]
