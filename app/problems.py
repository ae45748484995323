"""The one handler that renders every error as RFC 9457 problem+json."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import Conflict, VuosikelloError, problem_for_status

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
        message = str(error.get("msg", "is not valid"))
        message = message.removeprefix("Value error, ")
        errors.append(
            {"field": field, "location": location, "message": message, "type": error.get("type")}
        )
    return errors


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
            problem_for_status(422, detail) if not errors else _invalid(detail, errors), request
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        error = problem_for_status(exc.status_code, str(exc.detail) if exc.detail else None)
        error.headers.update(exc.headers or {})
        return render(error, request)

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        # Constraint names only: the statement and its parameters may hold personal data.
        logger.info("integrity error on %s %s", request.method, request.url.path)
        return render(Conflict("The change conflicts with existing data"), request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return render(VuosikelloError("An unexpected error occurred; it has been logged"), request)


def _invalid(detail: str, errors: list[dict[str, Any]]) -> VuosikelloError:
    from app.errors import ValidationFailed

    return ValidationFailed(detail, errors=errors)
