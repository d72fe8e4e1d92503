"""A site's past, run by run: what was measured, who received what, which findings, and the verdict."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from sqlalchemy import Connection, select

from pixelhound.model import MEASURED, NOT_MEASURED
from pixelhound.store.query import RunView, SiteView, resolve_sites, site_runs
from pixelhound.store.schema import runs


def verdict(site: SiteView) -> str:
    """One phrase for a board paper; never "clean" unless everything was measured and nothing found."""
    state = site.measurement()
    if state == NOT_MEASURED:
        return "NOT MEASURED"
    vendors = {v: r for s in site.scenarios.values() for v, r in s.recipients.items()}
    health = {v for s in site.scenarios.values() for v, r in s.recipients.items() if r.health}
    if health:
        text = f"health-related data to {len(health)} {'company' if len(health) == 1 else 'companies'}"
    elif vendors:
        text = f"data to {len(vendors)} {'company' if len(vendors) == 1 else 'companies'}, none health-related"
    elif site.findings:
        text = "findings, no recipients"
    else:
        text = "clean" if state == MEASURED else "nothing sent in what was measured"
    return text if state == MEASURED else f"{text} ({state})"


def _entry(run: RunView, site: SiteView) -> dict:
    companies: dict[str, dict] = {}
    for scenario in site.scenarios.values():
        for recipient in scenario.recipients.values():
            entry = companies.setdefault(
                recipient.vendor, {"vendor": recipient.vendor, "company": recipient.company, "disclosures": 0, "health": 0}
            )
            entry["disclosures"] += recipient.disclosures
            entry["health"] += recipient.health
    rules = Counter({rule: len(scenarios) for rule, scenarios in site.findings.items()})
    return {
        "run": run.id,
        "started": run.started,
        "folder": run.folder,
        "name": site.name,
        "measurement": site.measurement(),
        "scenarios_measured": sum(s.measurement != NOT_MEASURED for s in site.scenarios.values()),
        "scenarios": len(site.scenarios),
        "recipients": sorted(companies.values(), key=lambda c: (-c["health"], -c["disclosures"], c["company"])),
        "health_disclosures": sum(c["health"] for c in companies.values()),
        "findings": dict(sorted(rules.items())),
        "verdict": verdict(site),
    }


def history(connection: Connection, wanted: list[str]) -> dict:
    """The history document: per site (asked for by key or name; all when none), its runs oldest first."""
    document = []
    for key, name in resolve_sites(connection, wanted):
        timeline = [_entry(run, run.sites[key]) for run in site_runs(connection, key)]
        document.append({"site": key, "name": name, "runs": timeline})
    return {"sites": document}


def previous_run_in_folder(connection: Connection, run_id: int, parent: Path) -> int | None:
    """The latest run before `run_id` whose run folder lies directly in `parent`: for `monitor`,
    whose rounds all live in its --out folder, the previous round of the same fleet."""
    prefix = str(parent.expanduser().resolve()) + os.sep
    started = select(runs.c.started).where(runs.c.id == run_id).scalar_subquery()
    query = (
        select(runs.c.id, runs.c.folder)
        .where(runs.c.folder.startswith(prefix, autoescape=True), runs.c.id != run_id, runs.c.started <= started)
        .order_by(runs.c.started.desc(), runs.c.id.desc())
    )
    for row in connection.execute(query):
        if os.sep not in row.folder[len(prefix):]:
            return int(row.id)
    return None
