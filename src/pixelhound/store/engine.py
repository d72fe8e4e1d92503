"""Opening the store: which database, with which settings, migrated to the current schema.

SQLite is the default because it needs nothing set up; it is made safe for two writers at once
(two scans finishing together) by WAL, a generous busy timeout and write transactions that take
the write lock when they begin (`BEGIN IMMEDIATE`), so a writer waits its turn instead of failing
half-way. PostgreSQL is chosen by URL (`postgresql+psycopg://...`) for shared or distributed use.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from pixelhound.settings import STORE_DATA_DIR, STORE_ENV, STORE_FILE_NAME, STORE_SQLITE_BUSY_SECONDS


class StoreError(Exception):
    """The store cannot be opened, read or written; the message is one line."""


def default_store_path() -> Path:
    """$XDG_DATA_HOME/pixelhound/pixelhound.db, else ~/.local/share/pixelhound/pixelhound.db."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / STORE_DATA_DIR / STORE_FILE_NAME


def store_url(given: str | None = None) -> str:
    """The database URL: --db, else $PIXELHOUND_DB, else the default file. A plain path is a SQLite file."""
    text = given or os.environ.get(STORE_ENV) or str(default_store_path())
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def describe(url: str) -> str:
    """The URL as it may be printed: the password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_engine(url: str) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": STORE_SQLITE_BUSY_SECONDS})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None  # SQLAlchemy's begin event below issues BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(STORE_SQLITE_BUSY_SECONDS * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe under WAL; a crash loses at most the last commit
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection) -> None:  # noqa: ANN001
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _sqlite_holds_store(database: str) -> bool:
    """The SQLite file exists and holds a store, asked read-only (opening it for the engine would
    already write to it: WAL mode)."""
    if not Path(database).is_file():
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"{Path(database).resolve().as_uri()}?mode=ro", uri=True)) as connection:
            return connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone() is not None
    except sqlite3.Error:
        return True  # not ours to judge here: opening it says what is wrong in one line


def _alembic_config(connection) -> Config:  # noqa: ANN001
    config = Config()
    config.set_main_option("script_location", str(resources.files("pixelhound.store") / "migrations"))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest schema revision this version of pixelhound ships."""
    return ScriptDirectory.from_config(_alembic_config(None)).get_current_head() or ""


def current_revision(engine: Engine) -> str:
    """The revision the database is at ("" for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() or ""


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to `revision` (an empty database is created from nothing)."""
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)


def open_engine(given: str | None = None, *, migrate: bool = True, must_exist: bool = False) -> Engine:
    """An engine on the chosen store, upgraded to the current schema (StoreError with one line).
    `must_exist` is for the commands that only read (serve, history, diff of run ids): a store that
    does not exist, or a database that holds none, is refused instead of created."""
    url = store_url(given)
    missing = StoreError(f"store {describe(url)}: no such store (nothing has been recorded there)")
    try:
        if make_url(url).get_backend_name() == "sqlite":
            database = make_url(url).database
            if must_exist and not _sqlite_holds_store(database or ""):
                raise missing
            engine = _sqlite_engine(url)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        if must_exist and not current_revision(engine):
            engine.dispose()
            raise missing
        if migrate:
            upgrade(engine)
    except (SQLAlchemyError, OSError, ImportError, ValueError) as error:
        raise StoreError(f"store {describe(url)}: {first_line(error)}") from None
    return engine


def first_line(error: BaseException) -> str:
    """A database error as one line (drivers add SQL and hints on further lines)."""
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__
