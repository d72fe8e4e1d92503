"""Credentials in URLs (`http://alice:S3cretPass@site/`): used to log in, never written down (issue 17).

A start URL's userinfo is split off where the URL enters (`split_credentials`): the site keeps the
URL without it, the browser gets the user name and password as HTTP credentials for that origin
only, so no page, tracker or HAR ever sees the credentialed URL. What the browser derives from them
(an `Authorization: Basic ...` header) is then blotted out of the evidence (`Secrets.scrub`) before it
is written. `redact_url` is the one function for any URL that becomes a name, a message or a file.
"""

from __future__ import annotations

import base64
import gzip
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import msgspec

from pixelhound.model import Capture
from pixelhound.settings import CREDENTIALS_REDACTED, HAR_GZIP_MAGIC

Credentials = tuple[str, str, str]  # (user name, password, origin they are for)


def _without_userinfo(url: str) -> tuple[str, str, str]:
    """(URL without userinfo, raw user, raw password); the URL unchanged when it has none."""
    try:
        split = urlsplit(url)
    except ValueError:
        return url, "", ""
    if "@" not in split.netloc:
        return url, "", ""
    userinfo, _, hostport = split.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    return urlunsplit(split._replace(netloc=hostport)), user, password


def redact_url(url: str) -> str:
    """The URL without its user name and password, for anything that is shown, named or written."""
    return _without_userinfo(url)[0]


def split_credentials(url: str) -> tuple[str, Credentials | None]:
    """(the URL without userinfo, (user, password, origin)) or (url, None) when it carries none."""
    clean, user, password = _without_userinfo(url)
    if clean == url:
        return url, None
    split = urlsplit(clean)
    return clean, (unquote(user), unquote(password), f"{split.scheme}://{split.netloc}")


def without_userinfo(capture: Capture) -> Capture:
    """A capture whose URLs carry no user name or password (a HAR from a proxy may keep them)."""
    url, frame_url = redact_url(capture.url), redact_url(capture.frame_url)
    if (url, frame_url) == (capture.url, capture.frame_url):
        return capture
    return msgspec.structs.replace(capture, url=url, frame_url=frame_url)


@dataclass(frozen=True)
class Secrets:
    """Every form in which a site's credentials could reach a file: plain, URL-encoded, and the
    base64 of `user:password` a Basic Authorization header carries."""

    forms: tuple[str, ...] = ()

    @classmethod
    def of(cls, credentials: Credentials | None) -> Secrets:
        if credentials is None:
            return cls()
        user, password, _origin = credentials
        pair = f"{user}:{password}"
        forms = {pair, quote(pair, safe=""), quote(pair, safe=":"), base64.b64encode(pair.encode()).decode("ascii")}
        if password:
            forms |= {password, quote(password, safe="")}
        return cls(tuple(sorted((form for form in forms if form), key=len, reverse=True)))

    def __bool__(self) -> bool:
        return bool(self.forms)

    def scrub(self, text: str) -> str:
        for form in self.forms:
            text = text.replace(form, CREDENTIALS_REDACTED)
        return text

    def scrub_bytes(self, data: bytes) -> bytes:
        for form in self.forms:
            data = data.replace(form.encode("utf-8"), CREDENTIALS_REDACTED.encode("ascii"))
        return data

    def scrub_captures(self, captures: list[Capture]) -> list[Capture]:
        """The captures with the secrets blotted out of URLs and request headers (the browser's
        `Authorization: Basic ...` for the site), as the reports and the store will see them."""
        if not self:
            return captures
        return [msgspec.structs.replace(
            capture, url=self.scrub(capture.url), frame_url=self.scrub(capture.frame_url),
            request_headers=[(name, self.scrub(value)) for name, value in capture.request_headers],
        ) for capture in captures]

    def scrub_folder(self, folder: Path) -> int:
        """Blot the secrets out of every file under `folder` (the HAR, page HTML, a gzipped network
        record); the number of files changed. Screenshots show what the page showed, never the URL."""
        changed = 0
        for path in sorted(folder.rglob("*")):
            if path.is_symlink() or not path.is_file():
                continue
            data = path.read_bytes()
            packed = data[:2] == HAR_GZIP_MAGIC
            plain = gzip.decompress(data) if packed else data
            scrubbed = self.scrub_bytes(plain)
            if scrubbed != plain:
                path.write_bytes(gzip.compress(scrubbed, mtime=0) if packed else scrubbed)
                changed += 1
        return changed
