"""Writing one run into the store: a run row, its sites, site x scenario results, recipients, findings.

A run is identified by the SHA-256 of its JSON report, so recording the same run again (a second
`pixelhound import` of a folder, or an import of a folder a scan already recorded) changes nothing.
All rows of a run go in one transaction: the store never holds half a run.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePath

from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from pixelhound.knowledge.identifiers import label_for
from pixelhound.knowledge.vendors import site_domain
from pixelhound.model import MEASUREMENT_STATES, Disclosure, SourceSummary
from pixelhound.report.verdict import measurement_reason
from pixelhound.store.engine import StoreError, first_line
from pixelhound.store.reader import StoredRun
from pixelhound.store.schema import findings, recipients, results, runs, sites


@dataclass
class Recorded:
    """The outcome of recording one run: its id in the store, and whether it was already there."""

    run_id: int
    already: bool
    sites: int = 0
    results: int = 0


def site_key(url: str, given: str = "", path: str = "") -> str:
    """The stable key of a site across runs and renames: the fleet file's key when it gives one,
    else the registrable domain of the start URL (a HAR with no page URL: its file name)."""
    if given.strip():
        return given.strip().lower()
    return site_domain(url) or (f"file:{PurePath(path).name}" if path else "unknown")


def _fleet_keys(settings: dict) -> dict[tuple[str, str], str]:
    """(name, url) -> key, for the sites whose fleet file gave a key (run.json `sites`)."""
    keys = {}
    for entry in settings.get("sites") or []:
        if isinstance(entry, dict) and entry.get("key"):
            keys[(str(entry.get("name", "")), str(entry.get("url", "")))] = str(entry["key"])
    return keys


def _relative(path: str, folder: Path | None) -> str:
    """A source path as stored: relative to the run folder when it lies inside it (the report
    names it relative to where the scan ran, usually the folder's parent)."""
    if not path or folder is None:
        return path
    candidate = Path(path)
    absolute = candidate if candidate.is_absolute() else Path.cwd() / candidate
    try:
        return absolute.resolve().relative_to(folder).as_posix()
    except ValueError:
        return path


def _worst(states: list[str]) -> str:
    """The least trustworthy of several measurement states (NOT_MEASURED when there are none)."""
    return max(states, key=MEASUREMENT_STATES.index) if states else MEASUREMENT_STATES[-1]


@dataclass
class _Recipient:
    vendor: str
    company: str = ""
    products: set[str] = field(default_factory=set)
    accounts: set[str] = field(default_factory=set)
    disclosures: int = 0
    health: int = 0
    categories: list[str] = field(default_factory=list)
    identifiers: set[str] = field(default_factory=set)

    def add(self, disclosure: Disclosure) -> None:
        self.company = self.company or disclosure.company
        self.products.add(disclosure.product)
        if disclosure.account:
            self.accounts.add(disclosure.account)
        self.disclosures += 1
        if disclosure.sensitivity.sensitive:
            self.health += 1
            self.categories += [c for c in disclosure.sensitivity.categories if c not in self.categories]
        self.identifiers |= {label_for(i.kind) for i in disclosure.identifiers if i.kind != "ip_address"}

    def row(self, result_id: int) -> dict:
        return {
            "result_id": result_id, "vendor": self.vendor, "company": self.company,
            "products": sorted(self.products), "accounts": sorted(self.accounts),
            "disclosures": self.disclosures, "health_disclosures": self.health,
            "health_categories": self.categories, "identifiers": sorted(self.identifiers),
        }


def _insert_ignore(connection: Connection, table, rows: list[dict], conflict: list[str]) -> None:  # noqa: ANN001
    """INSERT ... ON CONFLICT DO NOTHING: two writers adding the same new site both succeed."""
    if not rows:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    connection.execute(dialect.insert(table).on_conflict_do_nothing(index_elements=conflict), rows)


def _site_ids(connection: Connection, wanted: dict[str, tuple[str, str]]) -> dict[str, int]:
    """key -> id for every key in `wanted` (key -> (name, url)), creating the missing sites and
    keeping each site's latest name and URL."""
    _insert_ignore(connection, sites, [{"key": k, "name": n, "url": u} for k, (n, u) in wanted.items()], ["key"])
    ids = {}
    keys = list(wanted)
    for start in range(0, len(keys), 500):
        query = select(sites.c.key, sites.c.id, sites.c.name, sites.c.url).where(sites.c.key.in_(keys[start:start + 500]))
        for key, site_id, name, url in connection.execute(query):
            ids[key] = site_id
            if (name, url) != wanted[key]:
                connection.execute(sites.update().where(sites.c.id == site_id).values(name=wanted[key][0], url=wanted[key][1]))
    return ids


def _run_row(run: StoredRun, kind: str, status: str) -> dict:
    settings = run.settings
    analysis = run.analysis
    return {
        "uid": run.report_sha256,
        "kind": kind,
        "tool_version": str(settings.get("tool_version") or analysis.tool_version),
        "browser": str(settings.get("browser") or ""),
        "started": str(settings.get("started") or analysis.generated),
        "finished": str(settings.get("finished") or analysis.generated),
        "generated": analysis.generated,
        "status": status,
        "settings": settings.get("options") or {},
        "folder": str(run.folder) if run.folder else "",
        "manifest_sha256": run.manifest_sha256,
        "recorded": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def record_run(engine: Engine, run: StoredRun, kind: str = "scan") -> Recorded:
    """Write one run (StoreError with one line); a run already in the store is left as it is,
    apart from its manifest hash and folder, which follow the folder."""
    try:
        with engine.begin() as connection:
            existing = connection.execute(select(runs.c.id).where(runs.c.uid == run.report_sha256)).scalar()
            if existing is not None:
                if run.folder is not None:
                    connection.execute(
                        runs.update().where(runs.c.id == existing)
                        .values(folder=str(run.folder), manifest_sha256=run.manifest_sha256)
                    )
                return Recorded(run_id=existing, already=True)
            return _insert_run(connection, run, kind)
    except IntegrityError:
        # Another writer recorded the same run between our check and our insert.
        with engine.connect() as connection:
            existing = connection.execute(select(runs.c.id).where(runs.c.uid == run.report_sha256)).scalar()
        if existing is None:
            raise StoreError("store: the run could not be recorded (a conflicting write)") from None
        return Recorded(run_id=existing, already=True)
    except SQLAlchemyError as error:
        raise StoreError(f"store: {first_line(error)}") from None


def _insert_run(connection: Connection, run: StoredRun, kind: str) -> Recorded:
    analysis = run.analysis
    keys = _fleet_keys(run.settings)
    sources: list[tuple[SourceSummary, str, str, str]] = []  # (source, site key, name in this run, stored path)
    wanted: dict[str, tuple[str, str]] = {}
    seen: set[tuple[str, str]] = set()
    for source in analysis.sources:
        if (source.path, source.scenario) in seen and source.path:
            continue  # the same HAR given twice
        seen.add((source.path, source.scenario))
        name = source.site_name or site_domain(source.site) or PurePath(source.path).name
        key = site_key(source.site, keys.get((source.site_name, source.site), ""), source.path)
        sources.append((source, key, name, _relative(source.path, run.folder)))
        wanted[key] = (name, source.site)
    status = _worst([s.measurement() for s in analysis.sources])
    run_id = connection.execute(runs.insert().values(**_run_row(run, kind, status))).inserted_primary_key[0]
    site_ids = _site_ids(connection, wanted)

    by_source: dict[str, list[Disclosure]] = defaultdict(list)
    for disclosure in analysis.disclosures:
        by_source[disclosure.source].append(disclosure)
    finding_count: dict[str, int] = defaultdict(int)
    for finding in analysis.findings:
        finding_count[finding.source] += 1

    result_rows = []
    for source, key, name, stored in sources:
        disclosed = by_source.get(source.path, [])
        result_rows.append({
            "run_id": run_id, "site_id": site_ids[key], "scenario": source.scenario,
            "name": name, "url": source.site,
            "source": stored, "measurement": source.measurement(),
            "reason": source.reason or source.error or measurement_reason(source), "banner": source.banner, "banner_method": source.banner_method,
            "consent_verified": source.consent_verified, "pages": len(source.pages), "requests": source.entries,
            "unread_entries": source.unread_entries, "unrecovered": source.unrecovered,
            "disclosures": len(disclosed), "health_disclosures": sum(d.sensitivity.sensitive for d in disclosed),
            "findings": finding_count.get(source.path, 0),
            "repeat": source.repeat, "device": source.device,
        })
    if result_rows:
        connection.execute(results.insert(), result_rows)
    result_ids = {
        (site_id, scenario, stored): result_id
        for result_id, site_id, scenario, stored in connection.execute(
            select(results.c.id, results.c.site_id, results.c.scenario, results.c.source).where(results.c.run_id == run_id)
        )
    }

    recipient_rows = []
    for source, key, _, stored in sources:
        grouped: dict[str, _Recipient] = {}
        for disclosure in by_source.get(source.path, []):
            grouped.setdefault(disclosure.vendor, _Recipient(disclosure.vendor)).add(disclosure)
        result_id = result_ids[(site_ids[key], source.scenario, stored)]
        recipient_rows += [recipient.row(result_id) for recipient in grouped.values()]
    if recipient_rows:
        connection.execute(recipients.insert(), recipient_rows)

    where = {source.path: (site_ids[key], source.scenario) for source, key, _, _ in sources}
    finding_rows = [
        {
            "run_id": run_id, "site_id": where.get(f.source, (None, ""))[0], "scenario": where.get(f.source, (None, ""))[1],
            "finding_id": f.id, "rule": f.rule, "severity": f.severity, "vendor": f.vendor, "company": f.company,
            "summary": f.summary,
        }
        for f in analysis.findings
    ]
    if finding_rows:
        connection.execute(findings.insert(), finding_rows)
    return Recorded(run_id=run_id, already=False, sites=len(site_ids), results=len(result_rows))
