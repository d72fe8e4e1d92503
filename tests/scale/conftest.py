"""One real redis-server and one real PostgreSQL per test module (tests/services.py), and a way to
start `pixelhound worker` processes against them (each in its own session, so a test can SIGKILL a
worker with everything it started, as a machine that dies would)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import PostgresServer, RedisServer, started_postgres, started_redis

# A site taken by a worker that vanished goes to another after this many seconds (the setting is an
# hour: a real site can take that long). Each demo site here takes a few seconds.
VISIBILITY_SECONDS = "30"

# The broker is run as on a rented network: TLS with a certificate the workers must verify, and a
# password, which every process is given by $PIXELHOUND_QUEUE_PASSWORD, never on its command line.
BROKER_PASSWORD = uuid.uuid4().hex


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    yield from started_redis(BROKER_PASSWORD)


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    yield from started_postgres()


def pixelhound_env() -> dict[str, str]:
    return {**os.environ, "PIXELHOUND_VISIBILITY_TIMEOUT": VISIBILITY_SECONDS, "PYTHONUNBUFFERED": "1",
            "PIXELHOUND_QUEUE_PASSWORD": BROKER_PASSWORD}


class Workers:
    """`pixelhound worker` processes, stopped (and their logs kept) when the module ends."""

    def __init__(self, queue: str, db: str, folder: Path) -> None:
        self.queue = queue
        self.db = db  # the store the workers record a detached run in
        self.folder = folder
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, concurrency: int = 1) -> subprocess.Popen[bytes]:
        log = open(self.folder / f"worker-{len(self.processes)}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [sys.executable, "-m", "pixelhound.cli", "worker", "--queue", self.queue, "--db", self.db,
             "--concurrency", str(concurrency)],
            stdout=log, stderr=subprocess.STDOUT, env=pixelhound_env(), start_new_session=True,
        )
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL the worker and every process of its session, at once."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.folder.glob("worker-*.log")))
