"""A broker reached over TLS with a password, refused as a user would be told: a certificate that
cannot be verified and a wrong password are one line each and exit 4 (as for any broker that cannot be reached), the password never printed.
(The queue's own tests run every site through this broker, verified and with the right password.)"""

from __future__ import annotations

import subprocess
import sys

from tests.services import RedisServer

from .conftest import BROKER_PASSWORD, pixelhound_env


def worker(queue: str, password: str) -> subprocess.CompletedProcess[str]:
    """`pixelhound worker`, which checks its broker before it takes any site."""
    return subprocess.run([sys.executable, "-m", "pixelhound.cli", "worker", "--queue", queue],
                          capture_output=True, text=True, timeout=120,
                          env={**pixelhound_env(), "PIXELHOUND_QUEUE_PASSWORD": password})


def test_a_broker_whose_certificate_cannot_be_verified_is_refused(redis_server: RedisServer) -> None:
    unverifiable = redis_server.url(0).split("?", 1)[0]  # its CA is not among the machine's
    result = worker(unverifiable, BROKER_PASSWORD)
    assert result.returncode == 4, result.stderr[-2000:]  # EXIT_OUTPUT, as for a broker that cannot be reached
    [line] = result.stderr.strip().splitlines()
    assert "certificate verify failed" in line and BROKER_PASSWORD not in line


def test_a_wrong_broker_password_is_one_line_and_never_printed(redis_server: RedisServer) -> None:
    result = worker(redis_server.url(0).replace("rediss://", "rediss://:not-the-password@"), BROKER_PASSWORD)
    assert result.returncode == 4, result.stderr[-2000:]  # EXIT_OUTPUT, as for a broker that cannot be reached
    [line] = result.stderr.strip().splitlines()
    assert "password" in line and "not-the-password" not in line and BROKER_PASSWORD not in line


def test_the_broker_url_takes_the_password_from_the_environment_and_verifies_tls(monkeypatch) -> None:  # noqa: ANN001
    from pixelhound.scale.app import broker_url

    monkeypatch.setenv("PIXELHOUND_QUEUE_PASSWORD", "p@ss/word")
    assert broker_url("rediss://broker:6380/0") == "rediss://:p%40ss%2Fword@broker:6380/0?ssl_cert_reqs=required"
    assert broker_url("rediss://queue@broker:6380/0?ssl_ca_certs=/ca.pem") == \
        "rediss://queue:p%40ss%2Fword@broker:6380/0?ssl_ca_certs=%2Fca.pem&ssl_cert_reqs=required"
    assert broker_url("rediss://:given@broker:6380/0?ssl_cert_reqs=none") == "rediss://:given@broker:6380/0?ssl_cert_reqs=none"
    assert broker_url("redis://broker:6379/0") == "redis://:p%40ss%2Fword@broker:6379/0"


def test_a_broker_url_pixelhound_cannot_use_is_one_line_not_an_internal_error() -> None:
    for queue, said in (("ftp://broker/0", "give a Redis broker's URL"),
                        ("rediss://127.0.0.1:9/0?ssl_cert_reqs=bogus", "choose from required, optional, none")):
        result = worker(queue, BROKER_PASSWORD)
        assert result.returncode == 4, result.stderr[-2000:]
        [line] = result.stderr.strip().splitlines()
        assert said in line and "internal error" not in line, line
