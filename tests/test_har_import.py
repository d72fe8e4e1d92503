"""HAR import across exporters' shapes, and bad input that must fail cleanly."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from harbuilder import b64, entry, har, write
from pixelhound.capture.har import HarError, open_har

SITE = "https://www.example-trust.nhs.uk/"


def captures(path: Path) -> list:
    return list(open_har(path).captures())


def test_chrome_devtools_shape(tmp_path: Path) -> None:
    document = har([
        entry(SITE, extra={"_resourceType": "document", "_initiator": {"type": "other"}}),
        entry(
            "https://www.facebook.com/tr/",
            "POST",
            post={"mimeType": "application/x-www-form-urlencoded", "text": "id=1&ev=PageView"},
            extra={"_resourceType": "ping", "_initiator": {"type": "script", "stack": {"callFrames": [{"url": "https://connect.facebook.net/en_US/fbevents.js"}]}}},
            headers=[{"name": "Cookie", "value": "fr=abc; datr=xyz"}],
        ),
    ])
    first, beacon = captures(write(tmp_path / "c.har", document))
    assert first.resource_type == "document"
    assert beacon.method == "POST"
    assert beacon.body == b"id=1&ev=PageView"
    assert beacon.initiator == "https://connect.facebook.net/en_US/fbevents.js"
    assert [(c.name, c.value) for c in beacon.cookies_sent] == [("fr", "abc"), ("datr", "xyz")]


def test_firefox_params_without_text(tmp_path: Path) -> None:
    document = har([entry(
        "https://www.facebook.com/tr/",
        "POST",
        post={"mimeType": "application/x-www-form-urlencoded", "params": [{"name": "cd[buttonText]", "value": "Book an appointment"}, {"name": "id", "value": "42"}]},
    )])
    (capture,) = captures(write(tmp_path / "f.har", document))
    assert capture.body == b"cd%5BbuttonText%5D=Book+an+appointment&id=42"


def test_base64_body_and_invalid_base64(tmp_path: Path) -> None:
    good = entry("https://t.example/p", "POST", post={"mimeType": "application/octet-stream", "text": b64(b"\x1f\x8bdata"), "encoding": "base64"})
    bad = entry("https://t.example/q", "POST", post={"mimeType": "text/plain", "text": "%%%not base64", "encoding": "base64"})
    document = open_har(write(tmp_path / "b.har", har([good, bad])))
    first, second = list(document.captures())
    assert first.body == b"\x1f\x8bdata"
    assert second.body == b"%%%not base64"
    assert any("entry 1" in w and "base64" in w for w in document.warnings)


def test_missing_optional_fields_and_several_pages(tmp_path: Path) -> None:
    minimal = {"request": {"url": "https://b.example/x?y=1"}}
    pages = [{"id": "p1", "title": "Sexual health clinic | Example Trust"}, {"id": "p2", "title": "https://www.example-trust.nhs.uk/jobs"}]
    document = open_har(write(tmp_path / "m.har", har([entry(SITE, pageref="p1"), minimal, entry(SITE + "jobs", pageref="p2")], pages=pages)))
    assert [p.id for p in document.pages] == ["p1", "p2"]
    assert document.pages[1].url == "https://www.example-trust.nhs.uk/jobs"
    caps = list(document.captures())
    assert len(caps) == 3 and caps[1].method == "GET" and caps[1].status == 0


def test_gzipped_har(tmp_path: Path) -> None:
    path = write(tmp_path / "g.har.gz", har([entry(SITE)]), gzipped=True)
    assert [c.url for c in captures(path)] == [SITE]


def test_malformed_entry_is_a_warning_and_the_rest_is_read(tmp_path: Path) -> None:
    document = har([entry(SITE), {"request": "not an object"}, {"nothing": 1}, entry("http://[::1")])
    opened = open_har(write(tmp_path / "bad.har", document))
    caps = list(opened.captures())
    assert [c.url for c in caps] == [SITE, "http://[::1"]
    assert len(opened.warnings) == 2 and opened.warnings[0].startswith("entry 1:")


def test_set_cookie_headers_are_read(tmp_path: Path) -> None:
    response = {"status": 200, "headers": [{"name": "set-cookie", "value": "fr=1; Domain=.facebook.com; Path=/\ndatr=2; Path=/"}], "content": {"mimeType": "image/gif"}}
    (capture,) = captures(write(tmp_path / "s.har", har([entry("https://www.facebook.com/tr/", response=response)])))
    assert [(c.name, c.domain, c.how) for c in capture.cookies_set] == [("fr", ".facebook.com", "set"), ("datr", "", "set")]


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b'{"log": {"entries": [{"request": {"url": "https://a', "truncated"),
        (b'{"hello": "world"}', "not a HAR"),
        (b'[1, 2, 3]', "not a HAR"),
        (b"\x00\x01\x02\xff\xfe binary \x00\x00" * 20, "binary"),
        (gzip.compress(b"", mtime=0)[:5], "gzip"),
    ],
)
def test_bad_files_raise_one_line_errors(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "input.har"
    path.write_bytes(content)
    with pytest.raises(HarError) as raised:
        open_har(path)
    message = str(raised.value)
    assert expected in message and "\n" not in message and str(path) in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(HarError, match="no such file"):
        open_har(tmp_path / "absent.har")
