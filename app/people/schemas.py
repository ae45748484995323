import uuid
from dataclasses import dataclass
from datetime import datetime

from pydantic import EmailStr, Field

from app.core.pagination import DEFAULT_LIMIT, CursorParam, LimitParam
from app.core.schemas import InputModel, Name, ResourcePublic
from app.people.models import Language

Title = Field(None, max_length=200, examples=["Hyvinvointikoordinaattori"])


class PersonCreate(InputModel):
    partner_id: uuid.UUID
    name: Name
    email: EmailStr | None = None
    title: str | None = Title
    language: Language = Language.fi


class PersonUpdate(InputModel):
    partner_id: uuid.UUID | None = None
    name: Name | None = None
    email: EmailStr | None = None
    title: str | None = Title
    language: Language | None = None


class PersonPublic(ResourcePublic):
    partner_id: uuid.UUID
    network_id: uuid.UUID
    name: str
    email: str | None
    title: str | None
    language: Language
    erased_at: datetime | None = Field(
        None, description="Set when the person was erased: the row is then a pseudonym"
    )


@dataclass
class PersonQuery:
    """The query string of `GET /v1/people`."""

    network_id: uuid.UUID | None = None
    partner_id: uuid.UUID | None = None
    q: str | None = None
    limit: LimitParam = DEFAULT_LIMIT
    cursor: CursorParam = None
