"""The store's tests run on SQLite and on a real PostgreSQL server (tests/services.py starts it:
Debian's postgresql, a throw-away data directory, a free loopback port, stopped when the session ends).
Under CI (CI=true) a missing PostgreSQL fails the tests instead of skipping them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import PostgresServer, started_postgres


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    yield from started_postgres()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("postgres").new_database()
