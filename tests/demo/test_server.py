"""The server itself over real TLS sockets: lifecycle, certificate, routing, log, shutdown."""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from types import SimpleNamespace

from cryptography import x509

from pixelhound.demo.hostile import NEVER_LOADS_HOLD_SECONDS
from pixelhound.demo.server import DemoInternet
from pixelhound.demo.trusts import OAKHOLLOW


def _request(internet: DemoInternet, host: str, path: str, method: str = "GET", body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    context = ssl.create_default_context(cafile=str(internet.certificate_path))
    context.check_hostname = False  # we connect to 127.0.0.1 and name the host in the header
    connection = http.client.HTTPSConnection("127.0.0.1", internet.port, context=context, timeout=5)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def _fake_emulators() -> SimpleNamespace:
    calls: list[tuple[str, str, str]] = []

    def tracker_response(method, host, path, headers, body):  # noqa: ANN001, ANN202
        calls.append((method, host, path))
        if path.startswith("/g/collect") or path.startswith("/tr"):
            return 204, [("Access-Control-Allow-Origin", "*")], b""
        return None

    return SimpleNamespace(
        TRACKER_HOSTS=frozenset({"www.facebook.com", "region1.google-analytics.com"}),
        tracker_response=tracker_response,
        snippet=lambda kind, account, **options: f"<!-- {kind} -->",
        calls=calls,
    )


def test_start_stop_and_fresh_certificate_each_time() -> None:
    fingerprints = []
    for _ in range(2):
        internet = DemoInternet().start()
        try:
            assert internet.port > 0
            assert internet.certificate_path is not None and internet.certificate_path.exists()
            certificate = x509.load_pem_x509_certificate(internet.certificate_path.read_bytes())
            names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            dns = set(names.get_values_for_type(x509.DNSName))
            assert set(internet.hosts) <= dns and "*.test" in dns
            fingerprints.append(certificate.fingerprint(certificate.signature_hash_algorithm))
            folder = internet.certificate_path.parent
        finally:
            internet.stop()
        assert not folder.exists()
    assert fingerprints[0] != fingerprints[1]


def test_resolver_rules_map_every_host_then_block_the_rest() -> None:
    with DemoInternet() as internet:
        rules = internet.resolver_rules().split(", ")
        assert rules[-1] == "MAP * ~NOTFOUND"
        assert rules[:-1] == [f"MAP {host} 127.0.0.1:{internet.port}" for host in internet.hosts]
        assert "https://www.fernmoor.nhs.test/" in internet.start_urls()
        assert len(internet.start_urls()) == len(internet.trusts)


def test_log_records_every_request_with_body_before_answering() -> None:
    with DemoInternet() as internet:
        status, _, _ = _request(internet, "www.fernmoor.nhs.test", "/forms/submit", "POST",
                                b"form_id=contact-form&email=pat%40example.test",
                                {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200
        status, _, _ = _request(internet, "unknown.example", "/anything?x=1")
        assert status == 404
        log = internet.log.snapshot()
        assert [(r.method, r.host, r.path) for r in log] == [
            ("POST", "www.fernmoor.nhs.test", "/forms/submit"),
            ("GET", "unknown.example", "/anything?x=1"),
        ]
        assert log[0].body == b"form_id=contact-form&email=pat%40example.test"
        assert log[0].header("content-type") == "application/x-www-form-urlencoded"


def test_routing_bare_domain_trackers_and_proxy() -> None:
    fake = _fake_emulators()
    with DemoInternet(emulators=fake) as internet:
        assert "www.facebook.com" in internet.hosts
        status, headers, _ = _request(internet, "fernmoor.nhs.test", "/jobs")
        assert status == 301 and headers["Location"] == "https://www.fernmoor.nhs.test/jobs"
        assert _request(internet, "www.facebook.com", "/tr/?id=1&ev=PageView")[0] == 204
        assert _request(internet, "www.facebook.com", "/not-a-tracker-path")[0] == 404
        assert _request(internet, OAKHOLLOW.proxy_host, "/g/collect?v=2&tid=G-DEMOOAKH01", "POST", b"")[0] == 204
        assert ("POST", "region1.google-analytics.com", "/g/collect?v=2&tid=G-DEMOOAKH01") in fake.calls
        _, _, page = _request(internet, "www.fernmoor.nhs.test", "/")
        assert b"<!-- meta_pixel -->" in page
        # the log keeps the host the browser really asked for
        assert any(r.host == OAKHOLLOW.proxy_host for r in internet.log)


def test_stop_does_not_hang_on_a_never_ending_response() -> None:
    internet = DemoInternet().start()
    received: list[bytes] = []

    def hang() -> None:
        context = ssl.create_default_context(cafile=str(internet.certificate_path))
        context.check_hostname = False
        with socket.create_connection(("127.0.0.1", internet.port), timeout=10) as raw:
            with context.wrap_socket(raw) as tls:
                tls.sendall(b"GET /never-loads HTTP/1.1\r\nHost: www.hostile.test\r\n\r\n")
                try:
                    while chunk := tls.recv(65536):
                        received.append(chunk)
                except OSError:
                    pass

    client = threading.Thread(target=hang, daemon=True)
    client.start()
    deadline = time.monotonic() + 5
    while b"keeps its connection open" not in b"".join(received) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert b"keeps its connection open" in b"".join(received)
    assert b"</html>" not in b"".join(received)
    started = time.monotonic()
    internet.stop()
    # A hang check, not a speed test: stop() must not wait out the page's hold.
    assert time.monotonic() - started < NEVER_LOADS_HOLD_SECONDS / 10
    client.join(timeout=30)
    assert not client.is_alive()


def test_chunked_request_bodies_are_logged_whole() -> None:
    with DemoInternet() as internet:
        context = ssl.create_default_context(cafile=str(internet.certificate_path))
        context.check_hostname = False
        with socket.create_connection(("127.0.0.1", internet.port), timeout=5) as raw, context.wrap_socket(raw) as tls:
            tls.sendall(b"POST /forms/submit HTTP/1.1\r\nHost: www.saltmere.nhs.test\r\nTransfer-Encoding: chunked\r\n"
                        b"Connection: close\r\n\r\n5\r\nform_\r\n10\r\nid=contact-form&\r\n0\r\n\r\n")
            reply = b""
            while chunk := tls.recv(65536):
                reply += chunk
        assert reply.startswith(b"HTTP/1.1 200")
        assert internet.log[0].body == b"form_id=contact-form&"
