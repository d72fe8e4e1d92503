"""Real servers the tests start for themselves from Debian's packages: a throw-away PostgreSQL
(initdb/pg_ctl) and a throw-away Redis (redis-server), each in a temporary folder on a free loopback
port, stopped when their fixture ends. Under CI (CI=true) a missing server fails the tests instead
of skipping them: CI must never pass by not running them."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def missing(message: str) -> None:
    """Skip, or under CI fail: a server the suite needs is not installed."""
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(message)
    pytest.skip(message)


# -- PostgreSQL

def _pg_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(versions[-1]).parent if versions else None


def _as_owner(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the `postgres` user then."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


class PostgresServer:
    """A PostgreSQL cluster in a temporary folder, reachable on 127.0.0.1:port with a password (as a
    database on another machine is), which its URLs carry."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="pixelhound-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.password = uuid.uuid4().hex
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    def run(self, *args: str) -> None:
        subprocess.run(_as_owner([str(self.bin_dir / args[0]), *args[1:]]), check=True, capture_output=True, timeout=300)

    def start(self) -> None:
        password_file = self.folder / "password"
        password_file.write_text(self.password, encoding="ascii")
        if os.geteuid() == 0:
            shutil.chown(password_file, "postgres", "postgres")
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
                 f"--pwfile={password_file}", "-E", "UTF8", "--no-sync")
        password_file.unlink()
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "-t", "120", "start")

    def stop(self) -> None:
        try:
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres:{self.password}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        engine = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)


def started_postgres() -> Iterator[PostgresServer]:
    """The body of a PostgreSQL fixture (any scope): started, yielded, stopped."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        missing("PostgreSQL is not installed (Debian: apt-get install postgresql; ./dev setup does it)")
    yield from _running(PostgresServer(bin_dir), "PostgreSQL")


# -- Redis

class RedisServer:
    """A redis-server with nothing kept on disk (`--save '' --appendonly no`), in a temporary folder.
    With a password, as a broker on a rented network is run: TLS only (a certificate from a throw-away
    CA, whose file `ca_file` names) and the password required."""

    def __init__(self, binary: str, password: str | None = None) -> None:
        self.binary = binary
        self.folder = Path(tempfile.mkdtemp(prefix="pixelhound-redis-"))
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.password = password
        self.ca_file: Path | None = None

    def _secure_arguments(self) -> list[str]:
        if self.password is None:
            return ["--port", str(self.port)]
        import trustme

        authority = trustme.CA()
        certificate = authority.issue_cert("127.0.0.1")
        certificate.private_key_and_cert_chain_pem.write_to_path(str(self.folder / "server.pem"))
        self.ca_file = self.folder / "ca.pem"
        authority.cert_pem.write_to_path(str(self.ca_file))
        server = str(self.folder / "server.pem")
        return ["--port", "0", "--tls-port", str(self.port), "--tls-cert-file", server, "--tls-key-file", server,
                "--tls-ca-cert-file", str(self.ca_file), "--tls-auth-clients", "no", "--requirepass", self.password]

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", *self._secure_arguments(), "--dir", str(self.folder),
             "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--logfile", str(self.folder / "log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.wait_ready(60)

    def client(self):  # noqa: ANN201 - redis.Redis
        import redis

        if self.password is None:
            return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=10)
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=10, password=self.password,
                           ssl=True, ssl_ca_certs=str(self.ca_file))

    def wait_ready(self, seconds: float) -> None:
        """Until the server answers PING (RuntimeError if it exits; the last error after `seconds`)."""
        import redis

        deadline = time.monotonic() + seconds
        while True:
            try:
                with self.client() as client:
                    client.ping()
                return
            except redis.ConnectionError:
                if self.process is not None and self.process.poll() is not None:
                    raise RuntimeError(f"redis-server exited with {self.process.returncode}") from None
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: int = 0) -> str:
        """The broker's URL without its password (which goes by $PIXELHOUND_QUEUE_PASSWORD)."""
        if self.password is None:
            return f"redis://127.0.0.1:{self.port}/{database}"
        return f"rediss://127.0.0.1:{self.port}/{database}?ssl_ca_certs={self.ca_file}"


def started_redis(password: str | None = None) -> Iterator[RedisServer]:
    """The body of a Redis fixture (any scope): started, yielded, stopped."""
    binary = shutil.which("redis-server") or ("/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None)
    if binary is None:
        missing("redis-server is not installed (Debian: apt-get install redis-server; ./dev setup does it)")
    yield from _running(RedisServer(binary, password), "redis-server")


def _running(server: PostgresServer | RedisServer, name: str) -> Iterator[PostgresServer | RedisServer]:
    """Start the server, yield it, stop it; a server that does not start fails the test with its log."""
    try:
        server.start()
    except Exception as error:  # noqa: BLE001 - any failure to start is reported with the server's log
        log = server.folder / "log"
        detail = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
        server.stop()
        pytest.fail(f"{name} did not start: {error} {getattr(error, 'stderr', b'')!r} {detail}")
    yield server
    server.stop()
