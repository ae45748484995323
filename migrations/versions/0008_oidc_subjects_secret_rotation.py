"""clients: external OpenID Connect subjects and secret rotation

Revision ID: 0008
Revises: 0005
Create Date: 2026-11-23 01:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0008'
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secret_version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('oidc_subject', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_clients_oidc_subject'), ['oidc_subject'])


def downgrade() -> None:
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_clients_oidc_subject'), type_='unique')
        batch_op.drop_column('oidc_subject')
        batch_op.drop_column('secret_version')
