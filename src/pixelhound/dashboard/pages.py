"""Each page's data, read from the store: one function per page, returning the plain document the
JSON API serves and the template lays out (so the two can never disagree)."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from threading import Lock

from sqlalchemy import Engine

from pixelhound.dashboard.finding import FindingEvidence, finding_evidence
from pixelhound.dashboard.fleet import SORTS, filter_choices, league_table
from pixelhound.model import NOT_MEASURED, Analysis
from pixelhound.settings import DASHBOARD_RUNS_CACHED
from pixelhound.store.diff import diff_runs
from pixelhound.store.engine import StoreError
from pixelhound.store.history import history, verdict
from pixelhound.store.query import (
    latest_states,
    list_runs,
    load_run,
    previous_run,
    recipients_across_sites,
    run_findings,
    run_header,
    shared_accounts,
)
from pixelhound.store.reader import read_run_folder
from pixelhound.store.run_folder import RunFolderError


class NotFound(Exception):
    """What a URL names is not in the store; the message is one line."""


class Pages:
    """The dashboard's reads of one store."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._analyses: OrderedDict[tuple[int, str], Analysis] = OrderedDict()
        self._lock = Lock()

    def fleet(self, company: str = "", rule: str = "", sort: str = "rank", descending: bool = False) -> dict:
        sort = sort if sort in SORTS else "rank"  # an unknown column (a hand-typed URL) sorts worst first
        with self.engine.connect() as connection:
            states = latest_states(connection)
        companies, rules = filter_choices(states)
        return {
            "sites": league_table(states, company, rule, sort, descending),
            "total": len(states),
            "filters": {"company": company, "rule": rule, "sort": sort, "descending": descending},
            "companies": [{"vendor": v, "company": c} for v, c in companies],
            "rules": rules,
        }

    def site(self, key: str) -> dict:
        with self.engine.connect() as connection:
            try:
                document = history(connection, [key])["sites"][0]
            except StoreError as error:
                raise NotFound(str(error)) from None
            latest = document["runs"][-1]["run"] if document["runs"] else None
            findings = run_findings(connection, latest, key) if latest is not None else []
        return {**document, "current_findings": findings, "latest_run": latest}

    def runs(self) -> dict:
        with self.engine.connect() as connection:
            return {"runs": list_runs(connection)}

    def run(self, run_id: int) -> dict:
        with self.engine.connect() as connection:
            try:
                header = run_header(connection, run_id)
                view = load_run(connection, run_id)
            except StoreError as error:
                raise NotFound(str(error)) from None
            findings = run_findings(connection, run_id)
            earlier = previous_run(connection, run_id)
        sites = [
            {"site": key, "name": site.name, "url": site.url, "measurement": site.measurement(), "verdict": verdict(site),
             "scenarios": {name: {"measurement": s.measurement, "reason": s.reason} for name, s in sorted(site.scenarios.items())},
             "recipients": sorted({r.company or r.vendor for s in site.scenarios.values() for r in s.recipients.values()})}
            for key, site in sorted(view.sites.items(), key=lambda kv: (kv[1].name.lower(), kv[0]))
        ]
        header.pop("settings", None)
        return {"run": header, "sites": sites, "findings": findings, "previous_run": earlier}

    def diff(self, old: int | None, new: int | None) -> dict:
        """The diff document of two runs; without both, the latest run against the one before it."""
        with self.engine.connect() as connection:
            if new is None or old is None:
                runs = list_runs(connection)
                if len(runs) < 2:
                    raise NotFound("the store holds fewer than two runs: nothing to compare")
                new = new if new is not None else runs[0]["id"]
                old = old if old is not None else (previous_run(connection, new) or runs[1]["id"])
            try:
                return diff_runs(load_run(connection, old), load_run(connection, new))
            except StoreError as error:
                raise NotFound(str(error)) from None

    def recipients(self) -> dict:
        with self.engine.connect() as connection:
            states = latest_states(connection)
        unmeasured = sorted(state.key for state in states if state.site.measurement() == NOT_MEASURED)
        return {"recipients": recipients_across_sites(states), "shared_accounts": shared_accounts(states),
                "sites": len(states), "not_measured_sites": unmeasured}

    def run_header(self, run_id: int) -> dict:
        with self.engine.connect() as connection:
            try:
                return run_header(connection, run_id)
            except StoreError as error:
                raise NotFound(str(error)) from None

    def finding(self, run_id: int, finding_id: str) -> tuple[dict, FindingEvidence]:
        """A finding of a run with the evidence behind it, from the run folder."""
        header, analysis = self.analysis(run_id)
        evidence = finding_evidence(analysis, header["folder"], finding_id)
        if evidence is None:
            raise NotFound(f"run {run_id} has no finding {finding_id!r}")
        return header, evidence

    def analysis(self, run_id: int) -> tuple[dict, Analysis]:
        """A run's header and its full analysis, read from its run folder (kept for the next pages)."""
        header = self.run_header(run_id)
        if not header["folder"]:
            raise NotFound(f"run {run_id} has no run folder (an analysis of HAR files): no evidence to show")
        cache_key = (run_id, header["manifest_sha256"])
        with self._lock:
            if cache_key in self._analyses:
                self._analyses.move_to_end(cache_key)
                return header, self._analyses[cache_key]
        try:
            analysis = read_run_folder(Path(header["folder"])).analysis
        except RunFolderError as error:
            raise NotFound(f"run {run_id}: {error}") from None
        with self._lock:
            self._analyses[cache_key] = analysis
            while len(self._analyses) > DASHBOARD_RUNS_CACHED:
                self._analyses.popitem(last=False)
        return header, analysis
