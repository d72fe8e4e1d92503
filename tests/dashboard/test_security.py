"""The dashboard's safety through real HTTP on loopback: another address than 127.0.0.1 needs a
token; with one, nothing answers without it; evidence URLs cannot reach outside a run's manifest.
The store holds one small run folder written as a scan writes it (no browser needed here)."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pixelhound.settings import DASHBOARD_TOKEN_ENV, EXIT_BAD_INPUT, EXIT_USAGE
from pixelhound.store.api import import_folder
from tests.store.helpers import make_analysis, write_run_folder

from .conftest import free_port, start_server, stop, wait_listening

TOKEN = "a-test-token-0123456789abcdef"
HOST = "127.0.0.2"  # loopback, but not the default address
SITE = "clinic.test"
PAGES = ("/", f"/sites/{SITE}", "/runs", "/runs/1", "/diff?old=1&new=1", "/recipients", "/fleet.csv",
         "/api/sites", f"/api/sites/{SITE}", "/api/runs", "/api/runs/1", "/api/diff?old=1&new=1", "/api/recipients",
         "/api/openapi.json", "/runs/1/evidence/report.json")


@dataclass
class Store:
    db: str
    folder: Path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    root = tmp_path_factory.mktemp("dashboard-security")
    analysis = make_analysis({"Clinic <b>Trust</b>": {"url": f"https://www.{SITE}/", "scenarios": {
        "no-interaction": {"vendors": {"meta": 2}, "rules": ["health-data-disclosed"]}}}}, "2026-01-05T09:00:00Z")
    folder = write_run_folder(root / "run", analysis)
    db = f"sqlite:///{root / 'store.db'}"
    import_folder(folder, db)
    return Store(db, folder)


@pytest.fixture(scope="module")
def server(store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    token_file = tmp_path_factory.mktemp("token") / "token"
    token_file.write_text(TOKEN + "\n")
    process = start_server("--db", store.db, "--host", HOST, "--port", str(free_port(HOST)), "--token-file", str(token_file))
    try:
        yield wait_listening(process)
    finally:
        stop(process)


def _get(base: str, target: str, headers: dict[str, str] | None = None, method: str = "GET",
         body: str | None = None) -> http.client.HTTPResponse:
    """One request with the target sent exactly as written (no client-side normalising of `..`)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    connection.request(method, target, body=body, headers=headers or {})
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def _bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_another_address_without_a_token_is_refused(store: Store) -> None:
    env = {key: value for key, value in os.environ.items() if key != DASHBOARD_TOKEN_ENV}
    result = subprocess.run(
        [sys.executable, "-m", "pixelhound.cli", "serve", "--db", store.db, "--host", HOST, "--port", str(free_port(HOST))],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert result.returncode == EXIT_USAGE
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"--host {HOST}" in lines[0] and "token" in lines[0], result.stderr


def test_a_store_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pixelhound.cli", "serve", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none",
         "--port", "0"], capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == EXIT_BAD_INPUT
    assert len(result.stderr.strip().splitlines()) == 1 and "store" in result.stderr, result.stderr


def test_every_page_and_api_needs_the_token(server: str) -> None:
    for target in PAGES:
        assert _get(server, target).status == 401, target
        assert _get(server, target, _bearer("a-wrong-token-0123456789")).status == 401, target
        answer = _get(server, target, _bearer())
        assert answer.status == 200, (target, answer.body[:300])
        assert answer.getheader("Content-Security-Policy"), target
    schema = json.loads(_get(server, "/api/openapi.json", _bearer()).body)
    assert {"/api/sites", "/api/sites/{key}", "/api/runs", "/api/runs/{run_id}", "/api/diff",
            "/api/recipients"} <= set(schema["paths"])
    page = _get(server, "/", _bearer())
    assert "script-src" not in page.getheader("Content-Security-Policy")  # default-src 'none' forbids script
    assert b"Clinic &lt;b&gt;Trust&lt;/b&gt;" in page.body


def test_the_login_form_sets_an_httponly_samesite_cookie(server: str) -> None:
    wrong = _get(server, "/login", {"Content-Type": "application/x-www-form-urlencoded"}, "POST", "token=nope")
    assert wrong.status == 401
    login = _get(server, "/login", {"Content-Type": "application/x-www-form-urlencoded"}, "POST", f"token={TOKEN}")
    assert login.status == 303
    cookie = login.getheader("Set-Cookie")
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    assert _get(server, "/api/runs", {"Cookie": cookie.split(";", 1)[0]}).status == 200


def test_evidence_urls_reach_only_the_manifest(server: str, store: Store, tmp_path: Path) -> None:
    manifest = json.loads((store.folder / "manifest.json").read_text())["files"]
    sealed = _get(server, "/runs/1/evidence/report.json", _bearer())
    assert sealed.status == 200 and sealed.getheader("X-Evidence-SHA256") == manifest["report.json"]
    secret = tmp_path / "secret.txt"
    secret.write_text("not evidence")
    (store.folder / "outside").symlink_to(secret)
    # A manifest entry replaced by a symlink to a file with the very same bytes: refused all the same.
    original = (store.folder / "report.md").read_bytes()
    copy = tmp_path / "report.md"
    copy.write_bytes(original)
    (store.folder / "report.md").unlink()
    (store.folder / "report.md").symlink_to(copy)
    try:
        for target in ("/runs/1/evidence/../../../../etc/passwd", "/runs/1/evidence/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                       "/runs/1/evidence/..%2f..%2f..%2fetc%2fpasswd", "/runs/1/evidence//etc/passwd",
                       "/runs/1/evidence/%2Fetc%2Fpasswd", f"/runs/1/evidence/{secret}", "/runs/1/evidence/outside",
                       "/runs/1/evidence/report.md", "/runs/1/evidence/sites/../report.json"):
            answer = _get(server, target, _bearer())
            assert answer.status in (400, 404), (target, answer.status)
            assert b"root:" not in answer.body and b"not evidence" not in answer.body and original not in answer.body
    finally:
        (store.folder / "report.md").unlink()
        (store.folder / "report.md").write_bytes(original)
        (store.folder / "outside").unlink()
