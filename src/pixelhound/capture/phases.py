"""Where a page's time goes: wall seconds per phase of a visit (load, settle, scroll, clicks, ...).

Each site x scenario scan runs in its own asyncio task and sets its own `PhaseTimes` in a context
variable, so any step of the visit (the journeys, a collector) can time itself with `phase(name)`
without being handed the timer. Phases are exclusive: a phase begun inside another (a settle
inside a click) pauses the outer one, so the per-phase seconds add up to the time measured. The
scanner logs each page's phases at debug level and keeps the totals for the bench.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from contextvars import ContextVar

log = logging.getLogger("pixelhound.scan")


class PhaseTimes:
    """Seconds per phase, for the current page and in total."""

    def __init__(self) -> None:
        self.page: dict[str, float] = {}
        self.total: dict[str, float] = {}
        self._stack: list[tuple[str, float]] = []

    def _add(self, name: str, seconds: float) -> None:
        self.page[name] = self.page.get(name, 0.0) + seconds
        self.total[name] = self.total.get(name, 0.0) + seconds

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        now = time.perf_counter()
        if self._stack:  # pause the enclosing phase
            outer, since = self._stack[-1]
            self._add(outer, now - since)
        self._stack.append((name, now))
        try:
            yield
        finally:
            now = time.perf_counter()
            _, since = self._stack.pop()
            self._add(name, now - since)
            if self._stack:  # resume it
                self._stack[-1] = (self._stack[-1][0], now)

    def end_page(self, label: str) -> dict[str, float]:
        """Log the page's phases (debug) and start counting the next page's."""
        done, self.page = self.page, {}
        if log.isEnabledFor(logging.DEBUG):
            parts = " ".join(f"{name}={seconds:.2f}" for name, seconds in done.items())
            log.debug("page phases %s: total=%.2f %s", label, sum(done.values()), parts)
        return done


_CURRENT: ContextVar[PhaseTimes | None] = ContextVar("pixelhound_phase_times", default=None)


def start_timing() -> PhaseTimes:
    """A new timer for this task (one site x scenario) and the tasks it starts."""
    times = PhaseTimes()
    _CURRENT.set(times)
    return times


@contextlib.contextmanager
def phase(name: str) -> Iterator[None]:
    """Time a step under `name` in the current scan's timer (nothing when none is running)."""
    times = _CURRENT.get()
    if times is None:
        yield
        return
    with times.phase(name):
        yield
