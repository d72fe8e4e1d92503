"""Each result's visit number and device: `scan --repeat N` stores one result per visit of a site x
scenario (its number 1..N; 0 when the scan did not repeat), and `scan --device` says what browser
the site saw (desktop or mobile; "" for a HAR). Rows stored before keep 0 and "".

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases: a batch (copy-and-swap) of `results` on SQLite would drop the
# old table, and with it, through ON DELETE CASCADE, every recipient recorded.
def upgrade() -> None:
    op.add_column("results", sa.Column("repeat", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("results", sa.Column("device", sa.String(16), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("results", "device")
    op.drop_column("results", "repeat")
