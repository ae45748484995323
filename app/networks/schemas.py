from dataclasses import dataclass

from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import InputModel, LongText, Name, ResourcePublic


class NetworkBase(InputModel):
    name: Name
    description: LongText | None = None


class NetworkCreate(NetworkBase):
    pass


class NetworkUpdate(InputModel):
    name: Name | None = None
    description: LongText | None = None


class NetworkPublic(ResourcePublic):
    name: str
    description: str | None


@dataclass
class NetworkQuery:
    """The query string of `GET /v1/networks`."""

    q: str | None = None
    limit: LimitParam = DEFAULT_LIMIT
    cursor: CursorParam = None
