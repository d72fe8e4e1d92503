"""`pixelhound monitor --every` as a service runs it: rounds one after another, a failed round
survived and alerted, and SIGTERM between rounds ending it cleanly. The fleet is one site that is
down (a closed loopback port), so that a round is as short as a real round can be."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pixelhound.settings import MONITOR_LOG_FILE, MONITOR_ROUND_PREFIX

from .conftest import CHROMIUM, require_chromium, write_fleet
from .receiver import WebhookReceiver

HANG_GUARD = 240.0  # seconds to wait for a line the monitor must print; a guard, not a speed test


class Monitor:
    """A `monitor --every` process whose standard error is read line by line as it comes."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "pixelhound.cli", "monitor", *args],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:  # type: ignore[union-attr]
            self.lines.put(line)
        self.lines.put("")

    def wait_for(self, text: str) -> None:
        while True:
            try:
                line = self.lines.get(timeout=HANG_GUARD)
            except queue.Empty:
                pytest.fail(f"no {text!r} within {HANG_GUARD:.0f}s; so far: {''.join(self.seen)[-3000:]}")
            self.seen.append(line)
            if not line:
                pytest.fail(f"the monitor ended before {text!r}: {''.join(self.seen)[-3000:]}")
            if text in line:
                return

    def stop(self, number: int = signal.SIGTERM) -> int:
        self.process.send_signal(number)
        code = self.process.wait(timeout=HANG_GUARD)
        self.seen += list(iter(self.lines.get, ""))
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _args(tmp_path: Path, db: str, *extra: str) -> list[str]:
    fleet = write_fleet(tmp_path / "fleet.csv", [("Down Trust", "https://www.down.test/")])
    return ["--sites", str(fleet), "--out", str(tmp_path / "monitor"), "--db", db, "--every", "1s",
            "--scenarios", "no-interaction", "--max-pages", "1", "--page-timeout", "5", "--site-timeout", "30",
            "--browser", CHROMIUM, "--resolve", "www.down.test=127.0.0.1:9", *extra]


def test_every_runs_round_after_round_and_stops_on_sigterm(tmp_path: Path) -> None:
    require_chromium()
    monitor = Monitor(*_args(tmp_path, f"sqlite:///{tmp_path / 'store.db'}"))
    try:
        monitor.wait_for("round 2 done")
        code = monitor.stop()
    finally:
        monitor.kill()
    text = "".join(monitor.seen)
    assert code == 0, text[-3000:]
    assert "first round: baseline recorded as run 1" in text
    assert "compared with run 1" in text
    assert "stopped by SIGTERM" in text  # between rounds, or during the next one: exit 0 either way
    rounds = sorted(p.name for p in (tmp_path / "monitor").iterdir() if p.name.startswith(MONITOR_ROUND_PREFIX))
    assert len(rounds) >= 2 and len(set(rounds)) == len(rounds)


def test_every_survives_a_failed_round_and_alerts_that_it_failed(tmp_path: Path) -> None:
    require_chromium()
    (tmp_path / "not-a-folder").write_text("a file where the store's folder should be", encoding="utf-8")
    with WebhookReceiver() as hook:
        monitor = Monitor(*_args(tmp_path, f"sqlite:///{tmp_path / 'not-a-folder' / 'store.db'}",
                                 "--alert-webhook", hook.url))
        try:
            monitor.wait_for("round failed")
            monitor.wait_for("round 2 starting")  # the monitor went on
            code = monitor.stop(signal.SIGINT)
        finally:
            monitor.kill()
    assert code == 0, "".join(monitor.seen)[-3000:]
    assert "stopped by SIGINT" in "".join(monitor.seen)
    assert hook.alerts and {alert["change"] for alert in hook.alerts} == {"round-failed"}
    assert all(alert["site"] is None and "store" in alert["error"] for alert in hook.alerts)
    log = [json.loads(line) for line in (tmp_path / "monitor" / MONITOR_LOG_FILE).read_text(encoding="utf-8").splitlines()]
    assert log[0]["status"] == "failed" and "store" in log[0]["error"]
