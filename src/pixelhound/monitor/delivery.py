"""Getting alerts out: POSTed to webhooks (retried with backoff) and piped to commands.

Delivery never fails a round: an alert that could not be delivered is reported back to the caller,
which logs it (with the whole alert) so that nothing found is lost. A command gets one alert per
run, as one JSON document on its standard input; nothing from a scanned site ever reaches its
command line.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from pixelhound import __version__
from pixelhound.settings import (
    MONITOR_COMMAND_TIMEOUT_SECONDS,
    MONITOR_WEBHOOK_ATTEMPTS,
    MONITOR_WEBHOOK_BACKOFF_SECONDS,
    MONITOR_WEBHOOK_TIMEOUT_SECONDS,
)


@dataclass(frozen=True)
class DeliveryOptions:
    webhooks: tuple[str, ...] = ()
    commands: tuple[str, ...] = ()
    attempts: int = MONITOR_WEBHOOK_ATTEMPTS
    backoff: float = MONITOR_WEBHOOK_BACKOFF_SECONDS  # before the first retry, doubled before each next one
    timeout: float = MONITOR_WEBHOOK_TIMEOUT_SECONDS
    command_timeout: float = MONITOR_COMMAND_TIMEOUT_SECONDS


@dataclass
class Undelivered:
    """One alert that one target did not take."""

    target: str
    reason: str
    alert: dict


@dataclass
class Delivery:
    delivered: int = 0
    undelivered: list[Undelivered] = field(default_factory=list)


def _post_once(url: str, body: bytes, timeout: float) -> str:
    """"" when the webhook took it (2xx), else why not."""
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": f"pixelhound/{__version__}",
    })
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) checked by the CLI
            response.read(65536)
            return ""
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return str(getattr(error, "reason", error))


def post_alert(url: str, alert: dict, options: DeliveryOptions, stop: threading.Event | None = None) -> str:
    """POST one alert, retrying; "" when delivered, else the last failure. A stop request ends the waits."""
    body = json.dumps(alert).encode("utf-8")
    wait, reason = options.backoff, ""
    for attempt in range(options.attempts):
        if attempt:
            if stop is not None and stop.wait(wait):
                return f"{reason}; stopped before retrying"
            wait *= 2
        reason = _post_once(url, body, options.timeout)
        if not reason:
            return ""
    return f"{reason} (after {options.attempts} attempts)"


def pipe_alert(command: str, alert: dict, timeout: float) -> str:
    """Run the command with the alert on its standard input; "" when it exits 0, else why not."""
    try:
        result = subprocess.run(shlex.split(command), input=json.dumps(alert).encode("utf-8"),
                                capture_output=True, timeout=timeout, check=False)
    except (OSError, ValueError) as error:
        return f"cannot run: {error}"
    except subprocess.TimeoutExpired:
        return f"did not finish within {timeout:g}s"
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return f"exit {result.returncode} {detail[0][:200]}".strip()
    return ""


def shown(url: str) -> str:
    """A webhook as it may be printed and logged: scheme, host and port only. A chat webhook's path
    is its password (whoever knows it can post), so it never reaches a log."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    return f"{parts.scheme}://{host}{f':{parts.port}' if parts.port else ''}/..."


def check_command(command: str) -> None:
    """ValueError unless `command` splits into a program and its arguments."""
    try:
        if not shlex.split(command):
            raise ValueError("nothing to run")
    except ValueError as error:
        raise ValueError(f"--alert-command {command!r}: {error}") from None


def deliver(alerts: list[dict], options: DeliveryOptions, stop: threading.Event | None = None) -> Delivery:
    """Every alert to every webhook and command."""
    outcome = Delivery()
    for alert in alerts:
        for url in options.webhooks:
            reason = post_alert(url, alert, options, stop)
            _count(outcome, shown(url), reason, alert)
        for command in options.commands:
            _count(outcome, command, pipe_alert(command, alert, options.command_timeout), alert)
    return outcome


def _count(outcome: Delivery, target: str, reason: str, alert: dict) -> None:
    if reason:
        outcome.undelivered.append(Undelivered(target, reason, alert))
    else:
        outcome.delivered += 1
