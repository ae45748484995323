"""outbox: commit positions instead of pg_snapshot_xmin

On PostgreSQL each writing transaction stamps its notifications with the next number of the
one-row outbox_position table just before it commits (app/notifications/outbox.py). The
counter starts above every transaction id already stored, so positions continue the order of
the rows and cursors already handed out.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_position",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_position")),
    )
    op.execute(
        "INSERT INTO outbox_position (id, value) "
        "SELECT 1, COALESCE(MAX(txid), 0) FROM notifications"
    )
    # Webhook cursors stay valid: they point at stored (txid, seq) pairs below the counter.


def downgrade() -> None:
    op.drop_table("outbox_position")
