"""The store's tables as the code queries them (SQLAlchemy Core).

The database indexes the evidence, it does not replace it: each run points at its run folder and the
SHA-256 of that folder's manifest, so any figure here can be traced back to files anyone can verify.
The tables are created and changed only by the Alembic revisions in `migrations/versions/`; this
module must describe the head revision (tests/store checks that the two agree).
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

metadata = MetaData()

# One invocation of scan or analyze (or one run folder imported). `uid` is the SHA-256 of the run's
# JSON report, so importing the same folder twice finds the run already there.
runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(64), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),  # "scan" or "analyze"
    Column("tool_version", String(32), nullable=False, default=""),
    Column("browser", String(64), nullable=False, default=""),
    Column("started", String(32), nullable=False, default=""),
    Column("finished", String(32), nullable=False, default=""),
    Column("generated", String(32), nullable=False, default=""),
    Column("status", String(16), nullable=False),  # the worst measurement state of its results
    Column("settings", JSON, nullable=False),  # run.json's options, as the run recorded them
    Column("folder", Text, nullable=False, default=""),  # absolute path of the run folder ("" none)
    Column("manifest_sha256", String(64), nullable=False, default=""),
    Column("recorded", String(32), nullable=False),  # when the store learnt of the run
)

# A site across runs: `key` is stable (registrable domain of the start URL, or the fleet file's key);
# `name` and `url` are the latest seen. Each result keeps the name and URL of its own run.
sites = Table(
    "sites",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(255), nullable=False, unique=True),
    Column("name", Text, nullable=False, default=""),
    Column("url", Text, nullable=False, default=""),
)

# One site under one consent scenario in one run: how far it was measured and what it amounted to.
results = Table(
    "results",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    Column("scenario", String(32), nullable=False, default=""),  # "" for a HAR file
    Column("name", Text, nullable=False, default=""),
    Column("url", Text, nullable=False, default=""),
    Column("source", Text, nullable=False, default=""),  # the HAR in the run folder (or the HAR analysed)
    Column("measurement", String(16), nullable=False),  # one of model.MEASUREMENT_STATES
    Column("reason", Text, nullable=False, default=""),
    Column("banner", String(64), nullable=False, default=""),
    Column("banner_method", String(16), nullable=False, default=""),
    Column("consent_verified", Boolean, nullable=False, default=True),
    Column("pages", Integer, nullable=False, default=0),
    Column("requests", Integer, nullable=False, default=0),
    Column("unread_entries", Integer, nullable=False, default=0),
    Column("unrecovered", Integer, nullable=False, default=0),
    Column("disclosures", Integer, nullable=False, default=0),
    Column("health_disclosures", Integer, nullable=False, default=0),
    Column("findings", Integer, nullable=False, default=0),
    # Revision 0003: the visit (1..N) of a scan with --repeat N (0: not repeated), and the device it was made as.
    Column("repeat", Integer, nullable=False, default=0, server_default="0"),
    Column("device", String(16), nullable=False, default="", server_default=""),
    UniqueConstraint("run_id", "site_id", "scenario", "source", name="uq_results_run_site_scenario"),
)

# Who received what from one site under one scenario.
recipients = Table(
    "recipients",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("result_id", Integer, ForeignKey("results.id", ondelete="CASCADE"), nullable=False),
    Column("vendor", String(128), nullable=False),
    Column("company", Text, nullable=False, default=""),
    Column("products", JSON, nullable=False),  # ["Meta Pixel", ...]
    Column("accounts", JSON, nullable=False),  # pixel ids, measurement ids, ...
    Column("disclosures", Integer, nullable=False, default=0),
    Column("health_disclosures", Integer, nullable=False, default=0),
    Column("health_categories", JSON, nullable=False),
    Column("identifiers", JSON, nullable=False),  # identifier kinds (hashed email, cookie ids, ...)
    UniqueConstraint("result_id", "vendor", name="uq_recipients_result_vendor"),
)

# Every finding of a run, tied to its site and scenario when its evidence names them.
findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=True),
    Column("scenario", String(32), nullable=False, default=""),
    Column("finding_id", String(32), nullable=False, default=""),
    Column("rule", String(64), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("vendor", String(128), nullable=False, default=""),
    Column("company", Text, nullable=False, default=""),
    Column("summary", Text, nullable=False, default=""),
)

# Revision 0002: what history (one site across runs) and diff (two runs) look up.
Index("ix_results_site", results.c.site_id, results.c.run_id)
Index("ix_results_run", results.c.run_id)
Index("ix_recipients_result", recipients.c.result_id)
Index("ix_findings_run", findings.c.run_id, findings.c.site_id)
Index("ix_runs_folder", runs.c.folder)
