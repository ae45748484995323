"""ETags from row versions, and the If-Match precondition for updates."""

import re
from typing import Annotated, Protocol

from fastapi import Header, Response

from app.core.errors import PreconditionFailed

# What etag_of issues: a quoted row version.
ISSUED = re.compile(r'"\d{1,18}"')


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
        description="Optional. The ETag from your last read of this resource: the update "
        "happens only if nobody changed it since (otherwise 412). Leave it out to update "
        "regardless.",
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
    if not all(ISSUED.fullmatch(tag) for tag in candidates):
        # A placeholder (`<string>`) or a tag from elsewhere: say so, rather than "changed".
        raise PreconditionFailed(
            f"If-Match must be an ETag this API issued, such as {current} from the ETag header "
            "of a GET; leave the header out to update without the check",
            current_etag=current,
        )
    raise PreconditionFailed(
        "The resource has changed since you read it; fetch it again and retry",
        current_etag=current,
    )
