"""The one response shape every part of the demo internet returns to the server."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

# A body the server cannot send in one piece: it is handed the socket's writer and the server's
# stop event, writes what it likes and returns when done (the connection is then closed).
Streamer = Callable[[BinaryIO, threading.Event], None]


@dataclass
class Response:
    """Status, headers and body; `stream` replaces `body` for pages that never finish."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    stream: Streamer | None = None


def html(body: str, status: int = 200) -> Response:
    """An HTML page that no cache keeps (every visit must reach the server's log)."""
    return Response(
        status,
        [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
        body.encode("utf-8"),
    )


def text(body: str, status: int = 200, content_type: str = "text/plain; charset=utf-8") -> Response:
    """A plain-text (or XML) response."""
    return Response(status, [("Content-Type", content_type), ("Cache-Control", "no-store")], body.encode("utf-8"))


def redirect(location: str, status: int = 302) -> Response:
    """A redirect that no cache keeps."""
    return Response(status, [("Location", location), ("Cache-Control", "no-store"), ("Content-Type", "text/plain")], b"")


def not_found(message: str = "Not found") -> Response:
    """The answer for any host or path the demo internet does not serve."""
    return text(message + "\n", 404)
