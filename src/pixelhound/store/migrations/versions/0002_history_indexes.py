"""Indexes for what history (one site across runs) and diff (two runs) look up; bench/bench_store.py
measures the difference on a store of 1,000 sites x 52 runs.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_results_site", "results", ["site_id", "run_id"]),
    ("ix_results_run", "results", ["run_id"]),
    ("ix_recipients_result", "recipients", ["result_id"]),
    ("ix_findings_run", "findings", ["run_id", "site_id"]),
    ("ix_runs_folder", "runs", ["folder"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
