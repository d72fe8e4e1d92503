"""The first schema: runs, sites, site x scenario results, recipients, findings.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("tool_version", sa.String(32), nullable=False),
        sa.Column("browser", sa.String(64), nullable=False),
        sa.Column("started", sa.String(32), nullable=False),
        sa.Column("finished", sa.String(32), nullable=False),
        sa.Column("generated", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("folder", sa.Text, nullable=False),
        sa.Column("manifest_sha256", sa.String(64), nullable=False),
        sa.Column("recorded", sa.String(32), nullable=False),
    )
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(255), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
    )
    op.create_table(
        "results",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("site_id", sa.Integer, sa.ForeignKey("sites.id"), nullable=False),
        sa.Column("scenario", sa.String(32), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("measurement", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("banner", sa.String(64), nullable=False),
        sa.Column("banner_method", sa.String(16), nullable=False),
        sa.Column("consent_verified", sa.Boolean, nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("requests", sa.Integer, nullable=False),
        sa.Column("unread_entries", sa.Integer, nullable=False),
        sa.Column("unrecovered", sa.Integer, nullable=False),
        sa.Column("disclosures", sa.Integer, nullable=False),
        sa.Column("health_disclosures", sa.Integer, nullable=False),
        sa.Column("findings", sa.Integer, nullable=False),
        sa.UniqueConstraint("run_id", "site_id", "scenario", "source", name="uq_results_run_site_scenario"),
    )
    op.create_table(
        "recipients",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("result_id", sa.Integer, sa.ForeignKey("results.id", ondelete="CASCADE"), nullable=False),
        sa.Column("vendor", sa.String(128), nullable=False),
        sa.Column("company", sa.Text, nullable=False),
        sa.Column("products", sa.JSON, nullable=False),
        sa.Column("accounts", sa.JSON, nullable=False),
        sa.Column("disclosures", sa.Integer, nullable=False),
        sa.Column("health_disclosures", sa.Integer, nullable=False),
        sa.Column("health_categories", sa.JSON, nullable=False),
        sa.Column("identifiers", sa.JSON, nullable=False),
        sa.UniqueConstraint("result_id", "vendor", name="uq_recipients_result_vendor"),
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("site_id", sa.Integer, sa.ForeignKey("sites.id"), nullable=True),
        sa.Column("scenario", sa.String(32), nullable=False),
        sa.Column("finding_id", sa.String(32), nullable=False),
        sa.Column("rule", sa.String(64), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("vendor", sa.String(128), nullable=False),
        sa.Column("company", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("findings", "recipients", "results", "sites", "runs"):
        op.drop_table(table)
