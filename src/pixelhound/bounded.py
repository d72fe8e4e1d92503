"""Reading what a hostile input holds at a bounded cost: files and compressed data are expanded in
steps and refused as soon as they pass a bound, so a 2 MB gzip bomb costs at most the bound in
memory, never the 2 GiB it claims to hold. The bounds themselves live in settings.py."""

from __future__ import annotations

import stat
import zlib
from collections.abc import Iterator
from pathlib import Path

from pixelhound.settings import HAR_GZIP_MAGIC, INPUT_READ_CHUNK_BYTES

GZIP_OR_ZLIB = 47  # zlib's wbits: a gzip or a zlib header, whichever the data has
RAW_DEFLATE = -15  # no header at all (what some servers send as Content-Encoding: deflate)


class TooLarge(Exception):
    """The data expands past its bound; nothing past the bound was kept."""


class NotRegular(OSError):
    """A path that is not a regular file: reading it could block for ever or never end."""


class _Output:
    """Expanded data gathered up to a bound: past it, TooLarge, or with `cut` the data up to it."""

    def __init__(self, limit: int, cut: bool) -> None:
        self.limit, self.cut = limit, cut
        self.pieces: list[bytes] = []
        self.size = 0

    def full(self, piece: bytes) -> bool:
        """Take a piece; True when the bound is passed and `cut` says to stop there."""
        self.pieces.append(piece)
        self.size += len(piece)
        if self.size <= self.limit:
            return False
        if self.cut:
            return True
        raise TooLarge(f"expands to more than {self.limit} bytes")

    def joined(self) -> bytes:
        return b"".join(self.pieces)[: self.limit]


def inflate(chunks: Iterator[bytes], limit: int, wbits: int = GZIP_OR_ZLIB, cut: bool = False) -> bytes:
    """The decompressed data of `chunks` (gzip members may follow one another, as `gzip` allows).
    Past `limit` bytes: TooLarge, or with `cut` the first `limit` bytes. Data that is not
    compressed this way, or ends too soon, raises zlib.error."""
    output = _Output(limit, cut)
    decompressor = zlib.decompressobj(wbits)
    for chunk in chunks:
        data = chunk
        while data:
            if output.full(decompressor.decompress(data, min(INPUT_READ_CHUNK_BYTES, limit + 1 - output.size))):
                return output.joined()
            if decompressor.eof:
                data = decompressor.unused_data
                if data.strip(b"\x00") and data[:2] == HAR_GZIP_MAGIC:
                    decompressor = zlib.decompressobj(wbits)
                elif data.strip(b"\x00"):
                    raise zlib.error("data after the end of the compressed stream")
                else:
                    data = b""
            else:
                data = decompressor.unconsumed_tail
    if not decompressor.eof:
        raise zlib.error("the compressed data ends too soon")
    return output.joined()


def unbrotli(chunks: Iterator[bytes], limit: int, cut: bool = False) -> bytes:
    """The brotli-decompressed data of `chunks` (Content-Encoding: br), expanded in steps of
    INPUT_READ_CHUNK_BYTES as `inflate` does: past `limit` bytes TooLarge, or with `cut` the first
    `limit` bytes, never more than a step past the bound held. brotli.error for data that is not
    brotli or ends too soon."""
    import brotli

    output = _Output(limit, cut)
    decompressor = brotli.Decompressor()
    for chunk in chunks:
        piece = decompressor.process(chunk, output_buffer_limit=INPUT_READ_CHUNK_BYTES)
        while True:
            if output.full(piece):
                return output.joined()
            if not piece and decompressor.can_accept_more_data():
                break  # (it may say it can take more while output is still pending: drain first)
            piece = decompressor.process(b"", output_buffer_limit=INPUT_READ_CHUNK_BYTES)
    if not decompressor.is_finished():
        raise brotli.error("the compressed data ends too soon")
    return output.joined()


def file_chunks(path: Path) -> Iterator[bytes]:
    """The file's bytes, INPUT_READ_CHUNK_BYTES at a time."""
    with path.open("rb") as file:
        while chunk := file.read(INPUT_READ_CHUNK_BYTES):
            yield chunk


def read_file(path: Path, limit: int) -> bytes:
    """The file's bytes, gunzipped when gzipped; TooLarge past `limit` bytes (after gunzip), found
    before more than `limit` bytes are held. OSError as `open` raises it (NotRegular for a pipe,
    socket or device); zlib.error for bad gzip."""
    if not stat.S_ISREG(path.stat().st_mode) and not path.is_dir():
        raise NotRegular("is not a regular file (a pipe, socket or device would block or never end)")
    with path.open("rb") as file:
        head = file.read(2)
        if head != HAR_GZIP_MAGIC:
            size = path.stat().st_size
            if size > limit:
                raise TooLarge(f"is {size} bytes, more than {limit}")
            return head + file.read(limit + 1 - len(head))
    return inflate(file_chunks(path), limit)
