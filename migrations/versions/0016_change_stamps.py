"""change_stamps: one counter per network (and one for clients' credentials), bumped with
every change, so a feed or principal cache revalidates with one primary-key lookup

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-04 02:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.core.db.types import UTCDateTime

revision: str = "0016"
down_revision: str | None = "0014"
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


def downgrade() -> None:
    op.drop_table("change_stamps")
