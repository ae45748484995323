import uuid

from pydantic import BaseModel, Field

from app.auth.models import Role
from app.common.schemas import InputModel, Name, ResourcePublic


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int = Field(description="Lifetime in seconds")


class ClientCreate(InputModel):
    name: Name
    role: Role
    network_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=100, description="Networks the client may act in"
    )


class ClientUpdate(InputModel):
    name: Name | None = None
    disabled: bool | None = None
    network_ids: list[uuid.UUID] | None = Field(None, max_length=100)


class ClientPublic(ResourcePublic):
    name: str
    role: Role
    disabled: bool
    network_ids: list[uuid.UUID]


class ClientCreated(ClientPublic):
    client_id: uuid.UUID
    client_secret: str = Field(description="Shown only in this response; store it safely")
