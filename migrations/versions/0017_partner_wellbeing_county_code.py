"""partner_wellbeing_county_code: a wellbeing county partner carries Sotkanet's
HYVINVOINTIALUE code ("19"), the region the network's indicators follow for it. A wellbeing
county that had a municipality code (which never matched a HYVINVOINTIALUE code) gets it as
its wellbeing county code when it is one ("019" → "19").

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 19:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The codes as they stood when this migration was written (app/kernel/wellbeing_counties.py).
CODES = frozenset([str(n) for n in range(1, 22)] + ["90", "91"])


def upgrade() -> None:
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "wellbeing_county_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True
            )
        )
    partners = sa.table(
        "partners",
        sa.column("id", sa.Uuid()),
        sa.column("kind", sa.String()),
        sa.column("municipality_code", sa.String()),
        sa.column("wellbeing_county_code", sa.String()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(partners.c.id, partners.c.municipality_code).where(
            partners.c.kind == "wellbeing_county", partners.c.municipality_code.is_not(None)
        )
    ).all()
    for partner_id, code in rows:
        moved = code.lstrip("0")
        if moved in CODES:
            bind.execute(
                partners.update()
                .where(partners.c.id == partner_id)
                .values(wellbeing_county_code=moved, municipality_code=None)
            )


def downgrade() -> None:
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.drop_column("wellbeing_county_code")
