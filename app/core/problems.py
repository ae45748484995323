"""The one handler that renders every error as RFC 9457 problem+json."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.core.errors import (
    Conflict,
    PreconditionFailed,
    ValidationFailed,
    VuosikelloError,
    problem_for_status,
)

logger = logging.getLogger("vuosikello")

PROBLEM_JSON = "application/problem+json"


def _field_name(loc: tuple[Any, ...]) -> tuple[str, str]:
    """('body', 'partner_ids', 0) → ('partner_ids[0]', 'body')."""
    location = str(loc[0]) if loc else "body"
    name = ""
    for part in loc[1:]:
        if isinstance(part, int):
            name += f"[{part}]"
        elif not name:
            name = str(part)
        elif str(part).startswith(("function-", "function_")):
            continue
        else:
            name += f".{part}"
    return name or location, location


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    errors = []
    for error in exc.errors():
        field, location = _field_name(tuple(error.get("loc", ())))
        if error.get("type") == "json_invalid":
            # Its loc holds a character offset, not a field: the body as a whole is at fault.
            field, location = "body", "body"
        message = str(error.get("msg", "is not valid"))
        message = message.removeprefix("Value error, ")
        errors.append(
            {"field": field, "location": location, "message": message, "type": error.get("type")}
        )
    return errors


def _allowed_methods(request: Request) -> str:
    """Every method the path supports. Starlette names only the first matching route's, and
    FastAPI has one route per method, so its Allow header would be incomplete."""
    allowed = []
    for method in ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return ", ".join(allowed)


def _without_trailing_slash(request: Request) -> str | None:
    """The path without its trailing slash, when a route answers there (a relative path:
    nothing in the answer comes from the Host header)."""
    path = request.url.path
    if len(path) < 2 or not path.endswith("/"):
        return None
    scope = {**request.scope, "path": path.rstrip("/") or "/"}
    if any(route.matches(scope)[0] is not Match.NONE for route in request.app.router.routes):
        return str(scope["path"])
    return None


def render(error: VuosikelloError, request: Request) -> JSONResponse:
    return JSONResponse(
        error.to_problem(instance=request.url.path),
        status_code=error.status,
        headers=error.headers,
        media_type=PROBLEM_JSON,
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(VuosikelloError)
    async def _vuosikello(request: Request, exc: VuosikelloError) -> JSONResponse:
        return render(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(exc)
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
        return render(
            ValidationFailed(detail, errors=errors) if errors else problem_for_status(422, detail),
            request,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        error = problem_for_status(exc.status_code, str(exc.detail) if exc.detail else None)
        error.headers.update(exc.headers or {})
        if exc.status_code == 405:
            error.headers["Allow"] = _allowed_methods(request)
        elif exc.status_code == 404 and (without := _without_trailing_slash(request)):
            error = problem_for_status(404, f"No such path; without the trailing slash: {without}")
        return render(error, request)

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        # Constraint names only: the statement and its parameters may hold personal data.
        logger.info("integrity error on %s %s", request.method, request.url.path)
        return render(Conflict("The change conflicts with existing data"), request)

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, exc: StaleDataError) -> JSONResponse:
        # Another request changed the row between our read and our write.
        return render(
            PreconditionFailed("The resource was changed by another request; fetch it again"),
            request,
        )

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: DataError) -> JSONResponse:
        # A value the database cannot store or compare (e.g. NUL on PostgreSQL) is bad input,
        # not a server fault. The statement and its parameters stay out of the log.
        logger.info("data error on %s %s", request.method, request.url.path)
        return render(ValidationFailed("A value in the request cannot be stored"), request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return render(VuosikelloError("An unexpected error occurred; it has been logged"), request)


PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "The invalid fields (validation errors only)",
            "items": {
                "type": "object",
                "required": ["field", "location", "message"],
                "properties": {
                    "field": {"type": "string", "examples": ["partner_ids[0]"]},
                    "location": {"type": "string", "examples": ["body", "query", "path"]},
                    "message": {"type": "string"},
                    "type": {"type": ["string", "null"]},
                },
            },
        },
    },
    "additionalProperties": True,
}

_ERROR_DESCRIPTIONS = {
    "400": "The request body is not well-formed (for example, not JSON)",
    "401": "No valid access token",
    "403": "The client's role may not do this",
    "404": "Not found, or in a network the client may not see",
    "409": "Conflicts with existing data, or a request with the same `Idempotency-Key` is "
    "still being processed",
    "412": "`If-Match` does not match the current ETag",
    "413": "The request body is too large",
    "415": "The request body's media type is not one this operation accepts",
    "422": "The request is not valid; `errors` lists the offending fields (also: an "
    "`Idempotency-Key` reused for a different request)",
    "429": "Too many requests: wait `Retry-After` seconds (see `RateLimit`)",
}
_WRITES = {"post", "put", "patch", "delete"}


def _error_statuses(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    """The problem responses an operation can give, by the shape of the operation."""
    statuses = []
    if operation.get("operationId") == "auth-token":
        statuses += ["400", "401", "429"]
    if "requestBody" in operation:
        statuses += ["400", "413"]  # every body is capped (app/limits/middleware.py)
        media_types = set(operation["requestBody"].get("content", {}))
        if media_types - {"application/json", "application/x-www-form-urlencoded"}:
            statuses.append("415")  # read by hand, not by FastAPI
    if operation.get("security"):
        statuses += ["401", "403", "429"]  # rate-limited per client (app/limits)
    if "{" in path:
        statuses.append("404")
    if method in _WRITES and operation.get("security"):
        statuses.append("409")
    params = operation.get("parameters", [])
    if any(p.get("name") == "If-Match" and p.get("in") == "header" for p in params):
        statuses.append("412")
    if params or "requestBody" in operation:
        statuses.append("422")
    return sorted(set(statuses))


def document(openapi: dict[str, Any]) -> dict[str, Any]:
    """Declare every error an operation can give as `application/problem+json` (instead of
    FastAPI's default `HTTPValidationError`), so clients and schema checks see the truth."""
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    ref = {"$ref": "#/components/schemas/Problem"}
    for path, item in openapi.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            responses.pop("422", None)
            for status in _error_statuses(path, method, operation):
                responses.setdefault(status, {"description": _ERROR_DESCRIPTIONS[status]})
            for status, response in responses.items():
                if status.startswith(("4", "5")):  # also those a route declares itself
                    response["content"] = {PROBLEM_JSON: {"schema": ref}}
    return openapi
