"""Reading runs back out of the store as plain objects that diff and history compare.

Each query loads a whole run (or one site's whole past) in three statements, so a diff of two
1,000-site runs or a 52-run history stays well under a second on SQLite (bench/bench_store.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import ColumnElement, Connection, func, select

from pixelhound.model import INCOMPLETE, MEASURED, MEASUREMENT_STATES, NOT_MEASURED, PARTLY_MEASURED
from pixelhound.store.engine import StoreError
from pixelhound.store.schema import findings, recipients, results, runs, sites


@dataclass
class RecipientView:
    """One recipient of one site under one scenario."""

    vendor: str
    company: str
    disclosures: int
    health: int
    accounts: list[str] = field(default_factory=list)


@dataclass
class ScenarioView:
    measurement: str
    reason: str = ""
    recipients: dict[str, RecipientView] = field(default_factory=dict)


@dataclass
class SiteView:
    """One site in one run: its scenarios and the rules of its findings (rule -> scenarios)."""

    key: str
    name: str
    url: str
    scenarios: dict[str, ScenarioView] = field(default_factory=dict)
    findings: dict[str, list[str]] = field(default_factory=dict)

    def measurement(self) -> str:
        """The site as a whole: measured only if every scenario was; not measured if none was."""
        states = [s.measurement for s in self.scenarios.values()]
        if not states or all(s == NOT_MEASURED for s in states):
            return NOT_MEASURED
        if all(s == MEASURED for s in states):
            return MEASURED
        return INCOMPLETE if INCOMPLETE in states and NOT_MEASURED not in states else PARTLY_MEASURED


@dataclass
class RunView:
    """A run's identity and, when loaded, its sites by key."""

    id: int
    started: str
    folder: str
    kind: str = "scan"
    status: str = ""
    sites: dict[str, SiteView] = field(default_factory=dict)

    def header(self) -> dict:
        return {"id": self.id, "started": self.started, "folder": self.folder}


def _run_header(connection: Connection, run_id: int) -> RunView:
    row = connection.execute(
        select(runs.c.id, runs.c.started, runs.c.folder, runs.c.kind, runs.c.status).where(runs.c.id == run_id)
    ).first()
    if row is None:
        raise StoreError(f"no run {run_id} in the store (see: pixelhound history)")
    return RunView(id=row.id, started=row.started, folder=row.folder, kind=row.kind, status=row.status)


def find_run(connection: Connection, reference: str) -> int:
    """A run id from what a user typed: a number, or a run folder the store knows (its latest run)."""
    if reference.isdigit():
        return _run_header(connection, int(reference)).id
    folder = str(Path(reference).expanduser().resolve())
    run_id = connection.execute(
        select(func.max(runs.c.id)).where(runs.c.folder == folder)
    ).scalar()
    if run_id is None:
        raise StoreError(f"{reference}: not a run id, nor a run folder in the store (bring it in with: pixelhound import {reference})")
    return int(run_id)


def load_run(connection: Connection, run_id: int) -> RunView:
    """A run with every site, scenario, recipient and finding rule."""
    run = _run_header(connection, run_id)
    by_result: dict[int, ScenarioView] = {}
    query = (
        select(results.c.id, results.c.scenario, results.c.measurement, results.c.reason, results.c.name,
               results.c.url, sites.c.key)
        .join(sites, sites.c.id == results.c.site_id)
        .where(results.c.run_id == run_id)
    )
    for row in connection.execute(query):
        site = run.sites.setdefault(row.key, SiteView(key=row.key, name=row.name, url=row.url))
        view = ScenarioView(measurement=row.measurement, reason=row.reason)
        site.scenarios[row.scenario] = _merge(site.scenarios.get(row.scenario), view)
        by_result[row.id] = site.scenarios[row.scenario]
    _add_recipients(connection, results.c.run_id == run_id, by_result)
    finding_query = (
        select(findings.c.rule, findings.c.scenario, sites.c.key)
        .join(sites, sites.c.id == findings.c.site_id)
        .where(findings.c.run_id == run_id)
    )
    for row in connection.execute(finding_query):
        if row.key in run.sites:
            run.sites[row.key].findings.setdefault(row.rule, []).append(row.scenario)
    return run


def _merge(existing: ScenarioView | None, new: ScenarioView) -> ScenarioView:
    """Two inputs for one site and scenario (two HAR files of one site): the less trusted state."""
    if existing is None:
        return new
    if MEASUREMENT_STATES.index(new.measurement) > MEASUREMENT_STATES.index(existing.measurement):
        existing.measurement, existing.reason = new.measurement, new.reason
    return existing


def _add_recipients(connection: Connection, condition: ColumnElement[bool], by_result: dict[int, ScenarioView]) -> None:
    """Attach the recipients of the results matching `condition` to their scenario views."""
    query = (
        select(recipients.c.result_id, recipients.c.vendor, recipients.c.company, recipients.c.disclosures,
               recipients.c.health_disclosures, recipients.c.accounts)
        .join(results, results.c.id == recipients.c.result_id)
        .where(condition)
    )
    for row in connection.execute(query):
        scenario = by_result[row.result_id]
        known = scenario.recipients.get(row.vendor)
        if known is None:
            scenario.recipients[row.vendor] = RecipientView(
                row.vendor, row.company, row.disclosures, row.health_disclosures, list(row.accounts or [])
            )
        else:
            known.disclosures += row.disclosures
            known.health += row.health_disclosures


def site_runs(connection: Connection, key: str) -> list[RunView]:
    """Every run that measured (or tried to measure) the site, oldest first, with only that site."""
    site_id = connection.execute(select(sites.c.id).where(sites.c.key == key)).scalar()
    if site_id is None:
        return []
    by_run: dict[int, RunView] = {}
    by_result: dict[int, ScenarioView] = {}
    query = (
        select(results.c.id, results.c.run_id, results.c.scenario, results.c.measurement, results.c.reason,
               results.c.name, results.c.url, runs.c.started, runs.c.folder, runs.c.kind, runs.c.status)
        .join(runs, runs.c.id == results.c.run_id)
        .where(results.c.site_id == site_id)
    )
    for row in connection.execute(query):
        run = by_run.setdefault(row.run_id, RunView(row.run_id, row.started, row.folder, row.kind, row.status))
        site = run.sites.setdefault(key, SiteView(key=key, name=row.name, url=row.url))
        site.scenarios[row.scenario] = _merge(site.scenarios.get(row.scenario), ScenarioView(row.measurement, row.reason))
        by_result[row.id] = site.scenarios[row.scenario]
    _add_recipients(connection, results.c.site_id == site_id, by_result)
    for row in connection.execute(
        select(findings.c.run_id, findings.c.rule, findings.c.scenario).where(findings.c.site_id == site_id)
    ):
        if row.run_id in by_run:
            by_run[row.run_id].sites[key].findings.setdefault(row.rule, []).append(row.scenario)
    return sorted(by_run.values(), key=lambda r: (r.started, r.id))


def resolve_sites(connection: Connection, wanted: list[str]) -> list[tuple[str, str]]:
    """(key, name) of the sites asked for by key or name (case-insensitive); all sites when none are."""
    if not wanted:
        return [tuple(row) for row in connection.execute(select(sites.c.key, sites.c.name).order_by(sites.c.name, sites.c.key))]
    chosen: list[tuple[str, str]] = []
    for text in wanted:
        lowered = text.strip().lower()
        query = select(sites.c.key, sites.c.name).where((sites.c.key == lowered) | (func.lower(sites.c.name) == lowered))
        match = [tuple(row) for row in connection.execute(query)]
        if not match:
            raise StoreError(f"no site {text!r} in the store (give a site key such as a domain, or a site's name)")
        chosen += [row for row in match if row not in chosen]
    return chosen


def previous_run(connection: Connection, run_id: int) -> int | None:
    """The latest earlier run that measured any of the same sites, for "what changed since then"."""
    site_ids = select(results.c.site_id).where(results.c.run_id == run_id).scalar_subquery()
    started = select(runs.c.started).where(runs.c.id == run_id).scalar_subquery()
    query = (
        select(runs.c.id)
        .join(results, results.c.run_id == runs.c.id)
        .where(results.c.site_id.in_(site_ids), runs.c.id != run_id, runs.c.started <= started)
        .order_by(runs.c.started.desc(), runs.c.id.desc())
        .limit(1)
    )
    found = connection.execute(query).scalar()
    return int(found) if found is not None else None


# -- What the dashboard's pages read (issue 12): the fleet's latest state, runs, findings, reach.


@dataclass
class SiteState:
    """A site as its latest run left it, and as the run before that did (None if it had none)."""

    key: str
    run: RunView
    site: SiteView
    previous_run: RunView | None = None
    previous: SiteView | None = None


def site_run_ids(connection: Connection) -> dict[str, list[int]]:
    """Per site key, the runs that measured (or tried to measure) it, oldest first."""
    query = (
        select(sites.c.key, runs.c.id, runs.c.started)
        .join(results, results.c.site_id == sites.c.id)
        .join(runs, runs.c.id == results.c.run_id)
        .distinct()
        .order_by(runs.c.started, runs.c.id)
    )
    found: dict[str, list[int]] = {}
    for row in connection.execute(query):
        found.setdefault(row.key, []).append(row.id)
    return found


def latest_states(connection: Connection) -> list[SiteState]:
    """Every site's latest run and the one before, loading each run once (a fleet scanned together
    is two loads, however many sites it has)."""
    loaded: dict[int, RunView] = {}

    def run(run_id: int) -> RunView:
        if run_id not in loaded:
            loaded[run_id] = load_run(connection, run_id)
        return loaded[run_id]

    states = []
    for key, run_ids in site_run_ids(connection).items():
        latest = run(run_ids[-1])
        earlier = run(run_ids[-2]) if len(run_ids) > 1 else None
        states.append(SiteState(key, latest, latest.sites[key], earlier, earlier.sites.get(key) if earlier else None))
    return states


def list_runs(connection: Connection) -> list[dict]:
    """Every run, newest first, with how many sites it covered and how many findings it made."""
    site_counts = dict(connection.execute(
        select(results.c.run_id, func.count(func.distinct(results.c.site_id))).group_by(results.c.run_id)
    ).all())
    finding_counts = dict(connection.execute(
        select(findings.c.run_id, func.count()).group_by(findings.c.run_id)
    ).all())
    query = select(runs.c.id, runs.c.kind, runs.c.started, runs.c.finished, runs.c.status, runs.c.folder,
                   runs.c.manifest_sha256, runs.c.tool_version).order_by(runs.c.started.desc(), runs.c.id.desc())
    return [
        {**row._asdict(), "sites": site_counts.get(row.id, 0), "findings": finding_counts.get(row.id, 0)}
        for row in connection.execute(query)
    ]


def run_findings(connection: Connection, run_id: int, key: str | None = None) -> list[dict]:
    """The findings of a run (of one site of it when `key` is given), as the store recorded them."""
    query = (
        select(findings.c.finding_id, findings.c.rule, findings.c.severity, findings.c.vendor, findings.c.company,
               findings.c.summary, findings.c.scenario, sites.c.key.label("site"))
        .outerjoin(sites, sites.c.id == findings.c.site_id)
        .where(findings.c.run_id == run_id)
        .order_by(findings.c.id)
    )
    if key is not None:
        query = query.where(sites.c.key == key)
    return [row._asdict() for row in connection.execute(query)]


def run_header(connection: Connection, run_id: int) -> dict:
    """One run's row (StoreError when the store has no such run)."""
    row = connection.execute(select(runs).where(runs.c.id == run_id)).first()
    if row is None:
        raise StoreError(f"no run {run_id} in the store")
    return row._asdict()


def recipients_across_sites(states: list[SiteState]) -> list[dict]:
    """Which companies receive data from how many sites (each site as its latest run saw it),
    most sites first; `measured` is how many sites could have shown it at all."""
    measured = sum(state.site.measurement() != NOT_MEASURED for state in states)
    reach: dict[str, dict] = {}
    for state in states:
        for scenario in state.site.scenarios.values():
            for recipient in scenario.recipients.values():
                entry = reach.setdefault(recipient.vendor, {
                    "vendor": recipient.vendor, "company": recipient.company, "sites": set(), "health_sites": set(),
                    "disclosures": 0, "health": 0, "accounts": set(),
                })
                entry["sites"].add(state.key)
                if recipient.health:
                    entry["health_sites"].add(state.key)
                entry["disclosures"] += recipient.disclosures
                entry["health"] += recipient.health
                entry["accounts"].update(recipient.accounts)
    rows = [
        {**entry, "sites": sorted(entry["sites"]), "health_sites": sorted(entry["health_sites"]),
         "accounts": sorted(entry["accounts"]), "measured_sites": measured}
        for entry in reach.values()
    ]
    return sorted(rows, key=lambda r: (-len(r["health_sites"]), -len(r["sites"]), r["company"].lower(), r["vendor"]))


def shared_accounts(states: list[SiteState]) -> list[dict]:
    """Account ids (pixel ids, measurement ids) seen on more than one site: one owner, several sites."""
    seen: dict[tuple[str, str], dict] = {}
    for state in states:
        for scenario in state.site.scenarios.values():
            for recipient in scenario.recipients.values():
                for account in recipient.accounts:
                    entry = seen.setdefault((recipient.vendor, account), {
                        "vendor": recipient.vendor, "company": recipient.company, "account": account, "sites": set(),
                    })
                    entry["sites"].add(state.key)
    shared = [{**entry, "sites": sorted(entry["sites"])} for entry in seen.values() if len(entry["sites"]) > 1]
    return sorted(shared, key=lambda e: (-len(e["sites"]), e["vendor"], e["account"]))
