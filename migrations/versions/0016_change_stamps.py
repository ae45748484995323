"""change_stamps: one counter per network (and one for clients' credentials), bumped with
every change, so a feed or principal cache revalidates with one primary-key lookup;
audit_chain_head: the audit chain's head, locked and read in one UPDATE ... RETURNING

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 02:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.core.db.types import UTCDateTime

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change_stamps",
        sa.Column("scope_id", sa.Uuid(), nullable=False),
        sa.Column("stamp", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope_id", name=op.f("pk_change_stamps")),
    )

    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    # The head of the chain as it stands (the genesis hash when it is empty).
    op.execute(
        "INSERT INTO audit_chain_head (id, seq, hash) "
        "SELECT 1, COALESCE(MAX(seq), 0), COALESCE((SELECT hash FROM audit_log "
        "ORDER BY seq DESC LIMIT 1), '" + "0" * 64 + "') FROM audit_log"
    )


def downgrade() -> None:
    op.drop_table("audit_chain_head")
    op.drop_table("change_stamps")
