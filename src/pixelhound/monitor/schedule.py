"""When rounds run, and how a running monitor is stopped: SIGINT or SIGTERM between rounds ends it
at once; during a round the scan notes the signal, writes what it measured, and the monitor stops."""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_UNITS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}
_INTERVAL = re.compile(r"(\d+)([wdhms])")


def parse_interval(text: str) -> float:
    """"7d", "12h", "1h30m", "45s" -> seconds (ValueError with a readable reason otherwise)."""
    cleaned = text.strip().lower()
    parts = _INTERVAL.findall(cleaned)
    if not cleaned or "".join(number + unit for number, unit in parts) != cleaned:
        raise ValueError(f"--every {text!r}: expected a duration such as 7d, 12h, 1h30m or 90s")
    seconds = sum(int(number) * _UNITS[unit] for number, unit in parts)
    if seconds <= 0:
        raise ValueError(f"--every {text!r}: the interval must be longer than nothing")
    return float(seconds)


class Stopper:
    """A stop request (SIGINT/SIGTERM) that sleeping, and waiting between webhook retries, give way to."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.signal: int | None = None

    def _on_signal(self, number: int, _frame: object) -> None:
        self.signal = self.signal or number
        self.event.set()

    def install(self) -> None:
        """(Again) take SIGINT and SIGTERM: a scan's own handling puts the defaults back when it ends."""
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, self._on_signal)

    def note(self, number: int | None) -> None:
        """A signal the scan received (and obeyed by stopping early)."""
        if number:
            self._on_signal(number, None)

    def sleep(self, seconds: float) -> bool:
        """Wait `seconds`; True when a stop was requested meanwhile (or before)."""
        return self.event.wait(max(0.0, seconds))

    @property
    def stopped(self) -> bool:
        return self.event.is_set()


@contextmanager
def stoppable() -> Iterator[Stopper]:
    """A Stopper holding SIGINT and SIGTERM for the block; the previous handlers afterwards."""
    previous = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    stopper = Stopper()
    stopper.install()
    try:
        yield stopper
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
