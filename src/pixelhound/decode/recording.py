"""Helpers for session recorders (Hotjar, Clarity), whose uploads are often binary or compressed.

A recorder on a health page sees what the visitor reads and types, so it must be reported even
when its payload cannot be read: these helpers say plainly what was sent and why it stays opaque.
"""

from __future__ import annotations

from typing import Final

from pixelhound.decode.draft import Draft
from pixelhound.decode.request import ParsedRequest
from pixelhound.model import PARAMETER
from pixelhound.settings import HAR_GZIP_MAGIC

NOTE_SOURCE: Final = "body"
_MIN_PRINTABLE: Final = 0.95


def readable_text(data: bytes) -> str | None:
    """The body as text when it is text (UTF-8, almost all printable); None for binary."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text:
        return None
    printable = sum(1 for char in text if char.isprintable() or char in "\r\n\t")
    return text if printable / len(text) >= _MIN_PRINTABLE else None


def note_payload(draft: Draft, req: ParsedRequest, what: str) -> None:
    """Add one field saying the recording payload was sent but could not be read, and its size."""
    raw = req.capture.body or b""
    if not raw:
        reason = "not captured (the capture holds no request body)"
        size = "size unknown"
    elif raw[:2] == HAR_GZIP_MAGIC and req.body_bytes[:2] == HAR_GZIP_MAGIC:
        reason = "gzip that could not be decompressed"
        size = f"{len(raw)} bytes"
    else:
        reason = "encoded or binary, not decodable"
        size = f"{len(raw)} bytes"
        if len(req.body_bytes) != len(raw):
            size += f", {len(req.body_bytes)} decompressed"
    draft.add(PARAMETER, f"{what} payload {reason}; {size}", NOTE_SOURCE)
