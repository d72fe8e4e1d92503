"""Alembic's entry point, run programmatically by `pixelhound.store.engine.upgrade` (never by hand):
the caller hands over an open connection, so one engine and one set of pragmas serve everything."""

from __future__ import annotations

from alembic import context

from pixelhound.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
