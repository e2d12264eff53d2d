"""passage department mentions and surprise candidates

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Store department mentions and candidate surprise edges on each passage."""
    with op.batch_alter_table("passage", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mentions", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("surprises", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    """Drop the department columns."""
    with op.batch_alter_table("passage", schema=None) as batch_op:
        batch_op.drop_column("surprises")
        batch_op.drop_column("mentions")
