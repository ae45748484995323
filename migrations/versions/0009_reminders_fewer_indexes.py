"""reminders: the unique key leads with source_id and replaces the source_id index

Materialising a horizon inserts ~100,000 reminder rows; each index costs every one of them.
The unique key (source_type, source_id, recurrence_id, rule_key) is reordered to lead with
source_id, so it also serves queries by source id alone, and ix_reminders_source_id goes.

Revision ID: 0009
Revises: 0005
Create Date: 2026-11-23 02:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KEY = "uq_reminders_source_type_source_id_recurrence_id_rule_key"
NEW_KEY = "uq_reminders_source_id_source_type_recurrence_id_rule_key"


def upgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index("ix_reminders_source_id")
        batch_op.drop_constraint(OLD_KEY, type_="unique")
        batch_op.create_unique_constraint(
            NEW_KEY, ["source_id", "source_type", "recurrence_id", "rule_key"]
        )


def downgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_constraint(NEW_KEY, type_="unique")
        batch_op.create_unique_constraint(
            OLD_KEY, ["source_type", "source_id", "recurrence_id", "rule_key"]
        )
        batch_op.create_index("ix_reminders_source_id", ["source_id"], unique=False)
