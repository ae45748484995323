import uuid

from pydantic import BaseModel, Field

from app.auth.models import Role
from app.core.schemas import InputModel, Name, ResourcePublic


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
    role: Role = Field(
        description="For an OpenID Connect subject: the role its latest access token named"
    )
    disabled: bool
    network_ids: list[uuid.UUID] = Field(
        description="Empty for an OpenID Connect subject: its networks come from its token"
    )
    oidc_subject: str | None = Field(
        None,
        description="`<issuer>|<sub>` when this client is an external OpenID Connect subject, "
        "created on its first request; such a client has no secret",
    )


class ClientCreated(ClientPublic):
    client_id: uuid.UUID
    client_secret: str = Field(description="Shown only in this response; store it safely")


class ClientSecretRotated(ClientCreated):
    """The client with its new secret; the old secret and its tokens no longer work."""
