"""What changed between two runs, per site and per recipient company, stated so it can be printed.

The rule that keeps a diff honest: absence is only evidence where something was fully measured.
A recipient seen before is `removed` only if every scenario it was seen in was measured again, in
full, and it was not seen; otherwise it is `not-measured` (a site that was down is never "fixed").
The same holds the other way for `added`, and for finding rules (`fixed` / `new` / `persisting`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pixelhound.model import MEASURED, NOT_MEASURED
from pixelhound.store.query import RunView, SiteView

REMOVED, ADDED, STILL_PRESENT, NOT_MEASURED_STATUS = "removed", "added", "still-present", NOT_MEASURED
FIXED, NEW, PERSISTING = "fixed", "new", "persisting"
RECIPIENT_STATUSES = (REMOVED, ADDED, STILL_PRESENT, NOT_MEASURED_STATUS)
FINDING_STATUSES = (FIXED, NEW, PERSISTING, NOT_MEASURED_STATUS)

_EMPTY = SiteView(key="", name="", url="")


def _where(site: SiteView, vendor: str) -> set[str]:
    """The scenarios in which `vendor` received something from the site."""
    return {name for name, scenario in site.scenarios.items() if vendor in scenario.recipients}


def _fully_measured(site: SiteView, scenarios: set[str]) -> bool:
    return bool(scenarios) and all(
        name in site.scenarios and site.scenarios[name].measurement == MEASURED for name in scenarios
    )


def _status(seen_old: set[str], seen_new: set[str], old: SiteView, new: SiteView, gone: str, came: str, kept: str) -> str:
    if seen_old and seen_new:
        return kept
    if seen_old:
        return gone if _fully_measured(new, seen_old) else NOT_MEASURED_STATUS
    return came if _fully_measured(old, seen_new) else NOT_MEASURED_STATUS


def _totals(site: SiteView, vendor: str) -> tuple[int, int, str]:
    disclosures = health = 0
    company = ""
    for scenario in site.scenarios.values():
        recipient = scenario.recipients.get(vendor)
        if recipient is not None:
            disclosures += recipient.disclosures
            health += recipient.health
            company = company or recipient.company
    return disclosures, health, company


def site_diff(key: str, old: SiteView | None, new: SiteView | None) -> dict:
    """One site's entry of the diff document."""
    old_view, new_view = old or _EMPTY, new or _EMPTY
    vendors = sorted({v for s in (*old_view.scenarios.values(), *new_view.scenarios.values()) for v in s.recipients})
    entries = []
    for vendor in vendors:
        old_count, old_health, old_company = _totals(old_view, vendor)
        new_count, new_health, new_company = _totals(new_view, vendor)
        status = _status(_where(old_view, vendor), _where(new_view, vendor), old_view, new_view, REMOVED, ADDED, STILL_PRESENT)
        entries.append({
            "vendor": vendor, "company": new_company or old_company, "status": status,
            "old_disclosures": old_count, "new_disclosures": new_count,
            "old_health": old_health, "new_health": new_health,
        })
    rules = sorted(set(old_view.findings) | set(new_view.findings))
    finding_entries = [
        {"rule": rule, "status": _status(set(old_view.findings.get(rule, [])), set(new_view.findings.get(rule, [])),
                                         old_view, new_view, FIXED, NEW, PERSISTING)}
        for rule in rules
    ]
    return {
        "site": key,
        "name": (new or old or _EMPTY).name,
        "old": old_view.measurement() if old else NOT_MEASURED,
        "new": new_view.measurement() if new else NOT_MEASURED,
        "recipients": entries,
        "findings": finding_entries,
    }


@dataclass
class _Tally:
    vendor: str
    company: str
    sites_old: int = 0
    sites_new: int = 0
    removed: int = 0
    added: int = 0
    not_measured: int = 0


def diff_runs(old: RunView, new: RunView) -> dict:
    """The diff document (schema: DiffReport in report/change_schema.py)."""
    keys = sorted(set(old.sites) | set(new.sites), key=lambda k: ((new.sites.get(k) or old.sites[k]).name.lower(), k))
    site_entries = [site_diff(key, old.sites.get(key), new.sites.get(key)) for key in keys]
    measured_old = sum(entry["old"] != NOT_MEASURED for entry in site_entries)
    measured_new = sum(entry["new"] != NOT_MEASURED for entry in site_entries)
    measured_both = sum(entry["old"] != NOT_MEASURED and entry["new"] != NOT_MEASURED for entry in site_entries)
    tallies: dict[str, _Tally] = {}
    for entry in site_entries:
        for recipient in entry["recipients"]:
            tally = tallies.setdefault(recipient["vendor"], _Tally(recipient["vendor"], recipient["company"]))
            tally.sites_old += recipient["old_disclosures"] > 0
            tally.sites_new += recipient["new_disclosures"] > 0
            tally.removed += recipient["status"] == REMOVED
            tally.added += recipient["status"] == ADDED
            tally.not_measured += recipient["status"] == NOT_MEASURED_STATUS
    summary = [
        {
            "vendor": t.vendor, "company": t.company, "sites_old": t.sites_old, "sites_new": t.sites_new,
            "removed": t.removed, "added": t.added, "measured_both": measured_both,
            "measured_old": measured_old, "measured_new": measured_new, "not_measured": t.not_measured,
        }
        for t in sorted(tallies.values(), key=lambda t: (-max(t.sites_old, t.sites_new), t.company.lower(), t.vendor))
    ]
    return {"old": old.header(), "new": new.header(), "sites": site_entries, "summary": summary}


def summary_sentence(item: dict) -> str:
    """"Meta Platforms, Inc.: on 20 of 20 measured sites before, 3 of 20 now (17 removed, 0 added)"."""
    text = (
        f"{item['company'] or item['vendor']}: on {item['sites_old']} of {item['measured_old']} measured sites before, "
        f"{item['sites_new']} of {item['measured_new']} now ({item['removed']} removed, {item['added']} added"
    )
    if item.get("not_measured"):
        text += f"; {item['not_measured']} not measured in both runs"
    return text + ")"
