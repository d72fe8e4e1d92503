"""`pixelhound monitor`: one round (--once, for cron, systemd timers and Kubernetes CronJobs) or a
round every interval (--every), which survives failed rounds and stops cleanly on SIGINT/SIGTERM."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from rich.console import Console

from pixelhound.monitor.rounds import MonitorConfig, RoundError, RoundResult, next_start, report_failure, run_round
from pixelhound.monitor.schedule import Stopper, stoppable
from pixelhound.settings import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK
from pixelhound.store.engine import describe, store_url


def _say(err: Console, text: str) -> None:
    err.print(f"pixelhound: monitor: {text}", markup=False)


def _summarise(result: RoundResult, config: MonitorConfig, err: Console) -> None:
    if result.signal:
        _say(err, f"round stopped by a signal; {result.folder} is marked interrupted (not a round: not stored, "
                  f"not compared; it can be finished with: pixelhound scan --resume {result.folder})")
        return
    where = f"run {result.run_id} in {describe(store_url(config.db))}"
    if result.baseline:
        _say(err, f"first round: baseline recorded as {where}; no alerts (nothing to compare with yet)")
    else:
        kinds = Counter(alert["change"] for alert in result.alerts)
        detail = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items())) or "nothing that needs an alert"
        _say(err, f"round stored as {where}, compared with run {result.previous_id}: {len(result.alerts)} alert(s) ({detail})")
        for alert in result.alerts:
            err.print(f"  ALERT {alert['change']}: {alert['text']}", markup=False)
    for failure in result.delivery.undelivered:
        _say(err, f"alert {failure.alert['id']} not delivered to {failure.target}: {failure.reason} "
                  f"(kept in {config.out / 'monitor.log'})")
    _say(err, f"report {result.folder / 'report.html'}")


def monitor_once(config: MonitorConfig, console: Console, err: Console) -> int:
    """One round: 1 when it alerted, 0 when not; a failure's own code; 128+N when stopped by signal N."""
    with stoppable() as stopper:
        try:
            result = run_round(config, console, stopper)
        except RoundError as error:
            err.print(f"pixelhound: error: {error}", markup=False)
            return error.code
    _summarise(result, config, err)
    if result.signal:
        return 128 + result.signal
    return EXIT_FINDINGS if result.alerts else EXIT_OK


def monitor_every(config: MonitorConfig, interval: float, console: Console, err: Console) -> int:
    """Rounds until SIGINT/SIGTERM, then 0: being stopped is how a service ends (a round cut short
    keeps its run folder, marked interrupted, and is not a round)."""
    last_round: int | None = None
    number = 0
    with stoppable() as stopper:
        while not stopper.stopped:
            number += 1
            started = time.monotonic()
            _say(err, f"round {number} starting")
            result = _guarded_round(config, console, err, stopper, last_round)
            if result is not None:
                _summarise(result, config, err)
                last_round = result.run_id or last_round
                if result.signal:
                    _say(err, f"stopped{_by(stopper)} during round {number}; every finished round is stored")
                    return EXIT_OK
            if stopper.stopped:
                break
            wake = next_start(started, interval)
            at = datetime.now(UTC) + timedelta(seconds=max(0.0, wake - time.monotonic()))
            _say(err, f"round {number} done; next round at {at:%Y-%m-%d %H:%M:%S} UTC")
            if stopper.sleep(wake - time.monotonic()):
                break
        _say(err, f"stopped{_by(stopper)} between rounds; every finished round is stored")
    return EXIT_OK


def _by(stopper: Stopper) -> str:
    import signal

    return f" by {signal.Signals(stopper.signal).name}" if stopper.signal else ""


def _guarded_round(config: MonitorConfig, console: Console, err: Console, stopper: Stopper,
                   last_round: int | None) -> RoundResult | None:
    """A round whose failure (even a bug) is said, logged and alerted, and does not end the monitor."""
    try:
        return run_round(config, console, stopper)
    except RoundError as error:
        message = str(error)
    except Exception as error:  # noqa: BLE001 - a monitor must outlive one bad round
        message = f"internal error: {type(error).__name__}: {error} (exit code {EXIT_INTERNAL} under --once)"
    stopper.install()
    err.print(f"pixelhound: error: round failed: {message}", markup=False)
    delivery = report_failure(config, message, last_round, stopper)
    for failure in delivery.undelivered:
        _say(err, f"the round-failed alert was not delivered to {failure.target}: {failure.reason}")
    return None
