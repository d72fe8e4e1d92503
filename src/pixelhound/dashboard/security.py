"""Who may read the dashboard, and what every response tells the browser.

The store holds what health websites leaked about their visitors' health: the dashboard is open
only on 127.0.0.1 unless a token is configured, and then every request must carry it (a Bearer
header, or the HttpOnly, SameSite=Strict cookie the login form sets). Without a token, requests
must also name a loopback host (a web page elsewhere cannot reach the dashboard by rebinding DNS).
Every page forbids script, framing and any network but the dashboard itself.
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path

from pixelhound.settings import DASHBOARD_COOKIE, DASHBOARD_HOST, DASHBOARD_MIN_TOKEN_CHARS, DASHBOARD_TOKEN_ENV

# Pages: no script at all, styles and images from the dashboard only, forms post only to it.
PAGE_POLICY = (
    "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
# Evidence files (a run's report, a website's own HTML): sandboxed, no script, no network.
EVIDENCE_POLICY = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'"
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
OPEN_PATHS = ("/login", "/static/dashboard.css", "/favicon.ico")  # reachable without the token (the login form and its style)


class TokenError(Exception):
    """The token cannot be used; the message is one line."""


def load_token(token_file: Path | None) -> str | None:
    """The token from --token-file, else $PIXELHOUND_TOKEN, else None (TokenError when unusable)."""
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise TokenError(f"--token-file {token_file}: cannot be read ({getattr(error, 'strerror', None) or error})") from None
        source = f"--token-file {token_file}"
    else:
        token = os.environ.get(DASHBOARD_TOKEN_ENV, "").strip()
        source = f"${DASHBOARD_TOKEN_ENV}"
        if not token:
            return None
    if len(token) < DASHBOARD_MIN_TOKEN_CHARS:
        raise TokenError(f"{source}: the token is shorter than {DASHBOARD_MIN_TOKEN_CHARS} characters")
    return token


def refuse_host(host: str, token: str | None) -> str | None:
    """Why the dashboard may not listen on `host` (None when it may)."""
    if host == DASHBOARD_HOST or token:
        return None
    return (f"--host {host}: the dashboard listens only on {DASHBOARD_HOST} unless a token is configured "
            f"(--token-file FILE or ${DASHBOARD_TOKEN_ENV})")


def presented_token(authorization: str, cookie: str) -> str:
    """The token a request carries: `Authorization: Bearer T`, else the login cookie."""
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return cookie


def token_matches(expected: str, presented: str) -> bool:
    return bool(presented) and hmac.compare_digest(expected.encode("utf-8"), presented.encode("utf-8"))


def loopback_host(host_header: str) -> bool:
    """Whether a Host header names the loopback address the dashboard listens on (any port)."""
    name = host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header
    return name.lower() in LOOPBACK_NAMES


def cookie_settings(secure: bool) -> dict:
    """How the login cookie is set: not readable by script, never sent by another site's page."""
    return {"key": DASHBOARD_COOKIE, "httponly": True, "samesite": "strict", "secure": secure, "path": "/"}
