"""What of a round's change deserves to wake someone: the alerts, one JSON document each.

The change itself comes from store/diff.py (so an alert never calls anything removed or new that
was not fully measured); this module only picks from it what matters and adds what a diff of two
runs cannot know: whether an "added" recipient had been on the site in an earlier round. The
documents follow schema/pixelhound-alert.schema.json.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from sqlalchemy import Connection

from pixelhound import __version__
from pixelhound.capture.collectors import utc_now
from pixelhound.model import MEASUREMENT_STATES, NOT_MEASURED
from pixelhound.settings import MONITOR_FINDING_CHANGES
from pixelhound.store.diff import ADDED, NEW, site_diff
from pixelhound.store.query import RunView, SiteView, load_run, run_findings, site_runs

ALERT_VERSION = 1
NEW_RECIPIENT, RECIPIENT_BACK = "new-recipient", "recipient-back"
SITE_UNMEASURABLE, ROUND_FAILED = "site-unmeasurable", "round-failed"
CHANGES = (NEW_RECIPIENT, RECIPIENT_BACK, *dict.fromkeys(MONITOR_FINDING_CHANGES.values()), SITE_UNMEASURABLE, ROUND_FAILED)


@dataclass(frozen=True)
class Links:
    """Addresses in `pixelhound serve`'s dashboard (which need not be running when the alert is made)."""

    base: str

    def site(self, key: str) -> str:
        return f"{self.base.rstrip('/')}/sites/{quote(key, safe='')}"

    def run(self, run_id: int) -> str:
        return f"{self.base.rstrip('/')}/runs/{run_id}"

    def diff(self, old: int, new: int) -> str:
        return f"{self.base.rstrip('/')}/diff?{urlencode({'old': old, 'new': new})}"


def _alert(change: str, text: str, runs: tuple[int | None, int | None], links: Links, *, site: SiteView | None = None,
           recipient: dict | None = None, finding: dict | None = None, measurement: dict | None = None,
           previously_seen_run: int | None = None, folder: str = "", error: str = "") -> dict:
    previous, current = runs
    document = {
        "alert_version": ALERT_VERSION,
        "id": "",
        "change": change,
        "text": text,
        "site": {"key": site.key, "name": site.name, "url": site.url} if site else None,
        "recipient": recipient,
        "finding": finding,
        "measurement": measurement,
        "previously_seen_run": previously_seen_run,
        "runs": {"previous": previous, "current": current},
        "folder": folder,
        "error": error or None,
        "detected": utc_now(),
        "tool": f"pixelhound {__version__}",
        "dashboard": {
            "site": links.site(site.key) if site else None,
            "run": links.run(current) if current is not None else None,
            "diff": links.diff(previous, current) if previous is not None and current is not None else None,
        },
    }
    identity = [change, site.key if site else "", json.dumps(recipient, sort_keys=True), json.dumps(finding, sort_keys=True),
                previous, current, error]
    document["id"] = hashlib.sha256(json.dumps(identity).encode()).hexdigest()[:32]
    return document


def _recipient(entry: dict) -> dict:
    return {"vendor": entry["vendor"], "company": entry["company"], "disclosures": entry["new_disclosures"],
            "health_disclosures": entry["new_health"]}


def _last_seen(history: list[RunView], key: str, vendor: str, before: RunView) -> int | None:
    """The latest run before `before` in which `vendor` received anything from the site."""
    earlier = [run for run in history if (run.started, run.id) < (before.started, before.id)]
    for run in reversed(earlier):
        if any(vendor in scenario.recipients for scenario in run.sites[key].scenarios.values()):
            return run.id
    return None


def _worse(old: str, new: str) -> bool:
    return MEASUREMENT_STATES.index(new) > MEASUREMENT_STATES.index(old)


def _base(history: list[RunView], key: str, monitor: Path, before: RunView) -> RunView | None:
    """The latest round of this monitor before `before` that measured the site at all: what a site
    that was down (or new) in the previous round is compared with, so that a change made while it
    could not be seen is still alerted when it can."""
    for run in reversed(history):
        if (run.started, run.id) < (before.started, before.id) and Path(run.folder).parent == monitor \
                and run.sites[key].measurement() != NOT_MEASURED:
            return run
    return None


def round_alerts(connection: Connection, previous_id: int, current_id: int, links: Links,
                 monitor: Path | None = None) -> list[dict]:
    """Every alert of the round `current_id` against the round before it, in site order. With the
    monitor folder given, a site the previous round could not measure is compared with the latest
    round of that folder that did."""
    previous, current = load_run(connection, previous_id), load_run(connection, current_id)
    new_findings: dict[str, list[dict]] = {}
    for finding in run_findings(connection, current.id):
        new_findings.setdefault(finding["site"], []).append(finding)
    alerts: list[dict] = []
    for key in sorted(current.sites, key=lambda k: (current.sites[k].name.lower(), k)):
        site, before, base = current.sites[key], previous.sites.get(key), previous
        history = functools.cache(lambda key=key: site_runs(connection, key))  # only when needed: one query set per site
        if monitor is not None and site.measurement() != NOT_MEASURED and (before is None or before.measurement() == NOT_MEASURED):
            base = _base(history(), key, monitor.expanduser().resolve(), previous) or previous
            before = base.sites.get(key, before)
        if before is None:  # new to the fleet: this round is its baseline
            continue
        change = site_diff(key, before, site)
        context = _Context(site, (base.id, current.id), links, current.folder)
        alerts += _measurement_alerts(change, context)
        alerts += _recipient_alerts(change, context, lambda vendor, key=key, base=base: _last_seen(history(), key, vendor, base))
        alerts += _finding_alerts(change, context, new_findings.get(key, []))
    return alerts


@dataclass(frozen=True)
class _Context:
    """What every alert of one site in one round shares."""

    site: SiteView
    runs: tuple[int, int]
    links: Links
    folder: str

    def alert(self, change: str, text: str, **fields: object) -> dict:
        return _alert(change, text, self.runs, self.links, site=self.site, folder=self.folder, **fields)  # type: ignore[arg-type]


def _measurement_alerts(change: dict, context: _Context) -> list[dict]:
    old, new, name = change["old"], change["new"], context.site.name
    reason = "; ".join(sorted({s.reason for s in context.site.scenarios.values() if s.reason}))
    if new == NOT_MEASURED and old != NOT_MEASURED:
        reason = reason or "no page loaded"
        return [context.alert(SITE_UNMEASURABLE, f"{name}: could not be measured this round ({reason})",
                              measurement={"previous": old, "current": new, "reason": reason})]
    if old != NOT_MEASURED and new != NOT_MEASURED and _worse(old, new):
        why = f": {reason}" if reason else ""
        return [context.alert(SITE_UNMEASURABLE, f"{name}: only {new} this round (was {old}){why}",
                              measurement={"previous": old, "current": new, "reason": reason})]
    return []


def _recipient_alerts(change: dict, context: _Context, last_seen: Callable[[str], int | None]) -> list[dict]:
    alerts = []
    for entry in change["recipients"]:
        if entry["status"] != ADDED:
            continue
        seen = last_seen(entry["vendor"])
        who = entry["company"] or entry["vendor"]
        health = f", {entry['new_health']} of them health-related" if entry["new_health"] else ""
        if seen is None:
            text = f"{context.site.name}: new recipient {who} ({entry['new_disclosures']} disclosures{health})"
        else:
            text = f"{context.site.name}: {who} is back ({entry['new_disclosures']} disclosures{health}), last seen in run {seen}"
        alerts.append(context.alert(RECIPIENT_BACK if seen else NEW_RECIPIENT, text, recipient=_recipient(entry),
                                    previously_seen_run=seen))
    return alerts


def _finding_alerts(change: dict, context: _Context, findings: list[dict]) -> list[dict]:
    fresh = {entry["rule"] for entry in change["findings"] if entry["status"] == NEW}
    alerts = []
    for finding in _by_rule_and_vendor(findings, fresh):
        recipient = next((_recipient(e) for e in change["recipients"] if e["vendor"] == finding["vendor"]), None)
        name = context.site.name
        text = finding["summary"] if name in finding["summary"] else f"{name}: {finding['summary']}"
        alerts.append(context.alert(MONITOR_FINDING_CHANGES[finding["rule"]], text, recipient=recipient, finding=finding))
    return alerts


def _by_rule_and_vendor(findings: list[dict], fresh: set[str]) -> list[dict]:
    """The site's findings of alerting rules that are new this round, one per rule and recipient
    (a rule found under several scenarios is one alert naming them all)."""
    merged: dict[tuple[str, str], dict] = {}
    for finding in findings:
        if finding["rule"] not in MONITOR_FINDING_CHANGES or finding["rule"] not in fresh:
            continue
        entry = merged.setdefault((finding["rule"], finding["vendor"]), {
            "rule": finding["rule"], "severity": finding["severity"], "vendor": finding["vendor"],
            "company": finding["company"], "summary": finding["summary"] or finding["rule"], "scenarios": [],
        })
        if finding["scenario"] and finding["scenario"] not in entry["scenarios"]:
            entry["scenarios"].append(finding["scenario"])
    return list(merged.values())


def failed_round_alert(error: str, previous_id: int | None, folder: str, links: Links) -> dict:
    """The round did not complete: nothing was compared, so silence would mean nothing."""
    return _alert(ROUND_FAILED, f"monitoring round failed: {error}", (previous_id, None), links, folder=folder, error=error)
