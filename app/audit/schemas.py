import uuid
from datetime import datetime

from pydantic import Field

from app.core.schemas import PublicModel


class AuditEntryPublic(PublicModel):
    seq: int = Field(description="Position in the chain: commit order, without gaps")
    id: uuid.UUID
    occurred_at: datetime
    actor: str = Field(examples=["client:0193f1d2-7c1e-7a4b-9d2e-1f0a2b3c4d5e"])
    actor_client_id: uuid.UUID | None
    role: str | None
    ip: str | None
    user_agent: str | None
    request_id: str | None
    action: str = Field(examples=["update"])
    resource_type: str = Field(examples=["event"])
    resource_id: str | None
    subject: str | None = Field(description="The resource's path in this API")
    network_id: uuid.UUID | None
    fields: list[str] = Field(description="Names of the fields the change set (never values)")
    prev_hash: str
    hash: str = Field(description="SHA-256 of this entry's canonical JSON and prev_hash")
