"""ETags from row versions, and the If-Match precondition for updates."""

from typing import Annotated, Protocol

from fastapi import Header, Response

from app.core.errors import PreconditionFailed


class Versioned(Protocol):
    version: int


def etag_of(obj: Versioned) -> str:
    return f'"{obj.version}"'


def set_etag(response: Response, obj: Versioned) -> None:
    response.headers["ETag"] = etag_of(obj)


IfMatchHeader = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="ETag from a previous read; a stale one is refused with 412",
    ),
]


def check_if_match(if_match: str | None, obj: Versioned) -> None:
    """Refuse the update when the caller's copy is stale (strong comparison, RFC 9110 §13.1.1)."""
    if if_match is None:
        return
    current = etag_of(obj)
    candidates = [tag.strip() for tag in if_match.split(",")]
    if "*" in candidates or current in candidates:
        return
    raise PreconditionFailed(
        "The resource has changed since you read it; fetch it again and retry",
        current_etag=current,
    )
