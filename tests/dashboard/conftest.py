"""The dashboard's tests: a real `pixelhound serve` process on loopback over a store that holds two
real scans of a few demo trusts (the demo's first state, then "a week later"), one scenario each.

The scans are the expensive part, so one store is built per test session and shared."""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.console import Console

from pixelhound.capture.browser import BrowserOptions
from pixelhound.capture.scan import ScanOptions, Site
from pixelhound.demo.server import DemoInternet
from pixelhound.demo.week_later import STATES
from pixelhound.model import NO_INTERACTION
from pixelhound.run import run_scan
from pixelhound.store.api import record_scan

from scan.conftest import CHROMIUM, require_chromium

# Fernmoor loses its Meta Pixel, Saltmere gains Google Analytics, Lindenbrook is down a week later.
TRUSTS = ("fernmoor", "saltmere", "lindenbrook")
# A site whose name and page title carry markup: the dashboard must show both as text.
HOSTILE_NAME = 'Hostile <img src=x onerror="window.__pwned=1"> Trust'
HOSTILE_URL = "https://www.hostile.test/hostile-content"
SERVER_START_TIMEOUT = 120.0  # a hang guard only: the server says when it listens


@dataclass
class DemoStore:
    db: str
    folders: list[Path]


def _sites(state) -> list[Site]:  # noqa: ANN001
    chosen = [Site(name=t.name, url=t.start_url) for t in state.trusts if t.slug in TRUSTS]
    return [*chosen, Site(name=HOSTILE_NAME, url=HOSTILE_URL)]


def build_demo_store(out: Path) -> DemoStore:
    """Scan the chosen trusts in both demo states into two run folders, each recorded in one store."""
    require_chromium()
    db = f"sqlite:///{out / 'store.db'}"
    folders = []
    for state in STATES:
        folder = out / state.folder
        served = tuple(t for t in state.served() if t.slug in TRUSTS)
        with DemoInternet(trusts=served) as internet:
            options = ScanOptions(
                browser=BrowserOptions(executable=CHROMIUM, resolver_rules=internet.resolver_rules(), insecure=True),
                out_dir=folder, scenarios=(NO_INTERACTION,), max_pages=1, concurrency=4, search_term="",
            )
            run_scan(_sites(state), options, Console(file=io.StringIO()), command="demo")
        record_scan(folder, db)
        folders.append(folder)
    return DemoStore(db=db, folders=folders)


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> DemoStore:
    return build_demo_store(tmp_path_factory.mktemp("dashboard-demo"))


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    url: str


def start_server(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`pixelhound serve ARGS` in its own process (stderr to a pipe, for its one-line messages)."""
    return subprocess.Popen(
        [sys.executable, "-m", "pixelhound.cli", "serve", *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})},
    )


def wait_listening(process: subprocess.Popen) -> str:
    """The URL the server prints once its socket listens (the test fails if it exits first, or
    says nothing within the hang guard). Its stderr keeps being drained afterwards."""
    assert process.stderr is not None
    found: list[str] = []
    listening = threading.Event()

    def read() -> None:
        for line in process.stderr:
            match = re.search(r"dashboard on (http://\S+/)", line)
            if match and not found:
                found.append(match.group(1))
                listening.set()
        listening.set()  # the process ended

    threading.Thread(target=read, daemon=True).start()
    if not listening.wait(SERVER_START_TIMEOUT) or not found:
        stop(process)
        raise AssertionError(f"pixelhound serve did not listen (exit code {process.returncode})")
    return found[0]


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def dashboard(demo_store: DemoStore) -> Iterator[Server]:
    process = start_server("--db", demo_store.db, "--port", str(free_port()))
    try:
        yield Server(process, wait_listening(process))
    finally:
        stop(process)
