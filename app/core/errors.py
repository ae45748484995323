"""One error hierarchy, rendered as RFC 9457 problem+json by one handler."""

from http import HTTPStatus
from typing import Any

PROBLEM_BASE = "https://vuosikello.fi/problems/"


class VuosikelloError(Exception):
    """Base of every error the API reports on purpose."""

    status: int = 500
    slug: str = "internal-error"
    title: str = "Internal server error"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra

    @property
    def type(self) -> str:
        return PROBLEM_BASE + self.slug

    def to_problem(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": self.type,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        if self.errors is not None:
            body["errors"] = self.errors
        body.update(self.extra)
        return body


class BadRequest(VuosikelloError):
    status, slug, title = 400, "bad-request", "Bad request"


class Unauthorized(VuosikelloError):
    status, slug, title = 401, "unauthorized", "Authentication required"
    scheme = "Bearer"

    def __init__(
        self, detail: str | None = None, *, error: str | None = "invalid_token", **kw: Any
    ):
        # No error code when no credentials were sent at all (RFC 6750 §3.1). OAuth clients
        # read `error` from the body (RFC 6749 §5.2), so it goes there too.
        challenge = f'{self.scheme} realm="vuosikello"'
        if error:
            challenge += f', error="{error}"'
            kw["error"] = error
        super().__init__(detail, headers={"WWW-Authenticate": challenge}, **kw)


class InvalidClient(Unauthorized):
    """The token endpoint's client authentication failed: it speaks HTTP Basic, not Bearer."""

    scheme = "Basic"

    def __init__(self, detail: str | None = None, **kw: Any):
        super().__init__(detail, error="invalid_client", **kw)


class Forbidden(VuosikelloError):
    status, slug, title = 403, "forbidden", "Forbidden"


class NotFound(VuosikelloError):
    status, slug, title = 404, "not-found", "Not found"


class MethodNotAllowed(VuosikelloError):
    status, slug, title = 405, "method-not-allowed", "Method not allowed"


class Conflict(VuosikelloError):
    status, slug, title = 409, "conflict", "Conflict"


class PreconditionFailed(VuosikelloError):
    status, slug, title = 412, "precondition-failed", "Precondition failed"


class PayloadTooLarge(VuosikelloError):
    status, slug, title = 413, "payload-too-large", "Payload too large"


class UnsupportedMediaType(VuosikelloError):
    status, slug, title = 415, "unsupported-media-type", "Unsupported media type"


class ValidationFailed(VuosikelloError):
    status, slug, title = 422, "validation-error", "Request is not valid"

    @classmethod
    def field(cls, field: str, message: str, *, location: str = "body") -> "ValidationFailed":
        """One invalid field, reported the same way as schema validation errors."""
        return cls(
            f"{field}: {message}",
            errors=[{"field": field, "location": location, "message": message}],
        )


class TooManyRequests(VuosikelloError):
    status, slug, title = 429, "too-many-requests", "Too many requests"


def problem_for_status(status: int, detail: str | None = None) -> VuosikelloError:
    """Map a bare HTTP status (from routing or Starlette) onto the hierarchy."""
    for cls in (
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        MethodNotAllowed,
        Conflict,
        PreconditionFailed,
        PayloadTooLarge,
        UnsupportedMediaType,
        ValidationFailed,
        TooManyRequests,
    ):
        if cls.status == status:
            return cls(detail)
    error = VuosikelloError(detail)
    error.status = status
    error.title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    error.slug = error.title.lower().replace(" ", "-")
    return error


class Gone(VuosikelloError):
    status, slug, title = 410, "gone", "Gone"


class NotReady(VuosikelloError):
    status = 503
    slug = "not-ready"
    title = "Not ready"
