"""The server's record of every request it received: the ground truth of what the browser sent."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class LoggedRequest:
    """One request exactly as it arrived (path includes the query string)."""

    time: float
    method: str
    host: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def url(self) -> str:
        return f"https://{self.host}{self.path}"

    def header(self, name: str) -> str:
        """First header of that name (case-insensitive), or ''."""
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), "")


class RequestLog:
    """A thread-safe, append-only list of `LoggedRequest` that tests can wait on."""

    def __init__(self) -> None:
        self._items: list[LoggedRequest] = []
        self._changed = threading.Condition()

    def append(self, item: LoggedRequest) -> None:
        with self._changed:
            self._items.append(item)
            self._changed.notify_all()

    def snapshot(self) -> list[LoggedRequest]:
        """A copy, safe to iterate while requests keep arriving."""
        with self._changed:
            return list(self._items)

    def clear(self) -> None:
        with self._changed:
            self._items.clear()

    def wait_for(
        self, predicate: Callable[[LoggedRequest], bool], timeout: float = 5.0, since: int = 0
    ) -> LoggedRequest | None:
        """The first request at index >= `since` matching `predicate`, waiting up to `timeout` s.

        Trackers send beacons after the page is done, so a test waits rather than sleeps."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = next((r for r in self._items[since:] if predicate(r)), None)
                remaining = deadline - time.monotonic()
                if found is not None or remaining <= 0:
                    return found
                self._changed.wait(remaining)

    def __len__(self) -> int:
        with self._changed:
            return len(self._items)

    def __iter__(self) -> Iterator[LoggedRequest]:
        return iter(self.snapshot())

    def __getitem__(self, index: int) -> LoggedRequest:
        with self._changed:
            return self._items[index]
