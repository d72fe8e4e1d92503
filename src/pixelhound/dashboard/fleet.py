"""The fleet's league table: one row per site as its latest run left it, worst first.

"Worst" is health-related data given to companies first, then findings, then recipients of any
data. A site not measured in full is never ranked as clean: among sites with the same evidence it
comes before those measured in full, and every cell that depends on a scenario that was not
measured says so instead of "no".
"""

from __future__ import annotations

from pixelhound.assess.consent import RULE_AFTER_REJECTION, RULE_BEFORE_CONSENT
from pixelhound.assess.notice.findings import RULE_UNDISCLOSED
from pixelhound.model import ALL_SCENARIOS, MEASURED, MEASUREMENT_STATES, NO_INTERACTION, NOT_MEASURED, REJECT_ALL
from pixelhound.store.diff import ADDED, FIXED, NEW, NOT_MEASURED_STATUS, REMOVED, site_diff
from pixelhound.store.history import verdict
from pixelhound.store.query import SiteState, SiteView

# Columns the table can be sorted by (name -> how a row sorts); "rank" is the worst-first order.
SORTS = ("rank", "name", "health", "recipients", "findings", "measurement", "last_run")
NOT_SCANNED = "not scanned"


def _scenario_answer(site: SiteView, scenario: str, rule: str) -> str:
    """"yes" / "no" for a consent rule, or why it cannot be said (the scenario not measured)."""
    state = site.scenarios.get(scenario)
    if state is None:
        return NOT_SCANNED
    if rule in site.findings and scenario in site.findings[rule]:
        return "yes"
    if state.measurement == NOT_MEASURED:
        return NOT_MEASURED
    return "no" if state.measurement == MEASURED else f"none seen ({state.measurement})"


def _notice_answer(site: SiteView, kind: str, recipients: int) -> str:
    """Whether the privacy notice names every recipient (only live scans read notices)."""
    if kind != "scan":
        return "not checked"
    if site.measurement() == NOT_MEASURED:
        return NOT_MEASURED
    if RULE_UNDISCLOSED in site.findings:
        return "no"
    return "yes" if recipients else "no recipients"


def _change(state: SiteState) -> dict:
    """The change since the run before: recipients removed/added, findings fixed/new, unknowns."""
    if state.previous_run is None:
        return {"since_run": None, "text": "first run"}
    entry = site_diff(state.key, state.previous, state.site)
    statuses = [r["status"] for r in entry["recipients"]]
    rules = [f["status"] for f in entry["findings"]]
    counts = {
        "removed": statuses.count(REMOVED), "added": statuses.count(ADDED),
        "fixed": rules.count(FIXED), "new": rules.count(NEW),
        "not_measured": statuses.count(NOT_MEASURED_STATUS) + rules.count(NOT_MEASURED_STATUS),
    }
    words = [f"{count} {name.replace('_', ' ')}" for name, count in counts.items() if count]
    return {"since_run": state.previous_run.id, **counts, "text": ", ".join(words) or "no change"}


def league_row(state: SiteState) -> dict:
    """One row of the league table (also the JSON API's and the CSV export's row)."""
    site = state.site
    companies: dict[str, dict] = {}
    for scenario in site.scenarios.values():
        for recipient in scenario.recipients.values():
            entry = companies.setdefault(recipient.vendor, {"vendor": recipient.vendor, "company": recipient.company,
                                                            "disclosures": 0, "health": 0})
            entry["disclosures"] += recipient.disclosures
            entry["health"] += recipient.health
    health_companies = sorted((c for c in companies.values() if c["health"]), key=lambda c: (-c["health"], c["company"]))
    return {
        "site": state.key,
        "name": site.name,
        "url": site.url,
        "measurement": site.measurement(),
        "scenarios": {name: s.measurement for name, s in sorted(site.scenarios.items())},
        # Consent scenarios this run did not scan at all: what they would have shown is unknown.
        "not_scanned": [name for name in ALL_SCENARIOS if name not in site.scenarios] if state.run.kind == "scan" else [],
        "health_recipients": health_companies,
        "recipients": sorted(companies.values(), key=lambda c: (-c["health"], -c["disclosures"], c["company"])),
        "health_disclosures": sum(c["health"] for c in companies.values()),
        "tracking_before_consent": _scenario_answer(site, NO_INTERACTION, RULE_BEFORE_CONSENT),
        "tracking_after_rejection": _scenario_answer(site, REJECT_ALL, RULE_AFTER_REJECTION),
        "notice_names_all": _notice_answer(site, state.run.kind, len(companies)),
        "findings": {rule: len(scenarios) for rule, scenarios in sorted(site.findings.items())},
        "verdict": verdict(site),
        "last_run": {"id": state.run.id, "started": state.run.started},
        "change": _change(state),
    }


def _rank(row: dict) -> tuple:
    return (
        -len(row["health_recipients"]), -row["health_disclosures"], -sum(row["findings"].values()),
        -len(row["recipients"]), -_unmeasured(row), row["name"].lower(), row["site"],
    )


def _unmeasured(row: dict) -> int:
    """A tie-break: sorted worst first, a site measured less comes before one measured in full."""
    return MEASUREMENT_STATES.index(row["measurement"])


_SORT_KEYS = {
    "rank": _rank,
    "name": lambda row: (row["name"].lower(), row["site"]),
    "health": lambda row: (row["health_disclosures"], len(row["health_recipients"]), _unmeasured(row)),
    "recipients": lambda row: (len(row["recipients"]), _unmeasured(row)),
    "findings": lambda row: (sum(row["findings"].values()), _unmeasured(row)),
    "measurement": lambda row: MEASUREMENT_STATES.index(row["measurement"]),
    "last_run": lambda row: (row["last_run"]["started"], row["last_run"]["id"]),
}


def league_table(states: list[SiteState], company: str = "", rule: str = "", sort: str = "rank",
                 descending: bool = False) -> list[dict]:
    """The rows, filtered by recipient company (vendor id or name) and by finding rule, then sorted
    (worst first by default; every other column ascending unless `descending`)."""
    rows = [league_row(state) for state in states]
    if company:
        wanted = company.lower()
        rows = [r for r in rows if any(wanted in (c["vendor"].lower(), c["company"].lower()) for c in r["recipients"])]
    if rule:
        rows = [r for r in rows if rule in r["findings"]]
    return sorted(rows, key=_SORT_KEYS.get(sort, _rank), reverse=descending)


def filter_choices(states: list[SiteState]) -> tuple[list[tuple[str, str]], list[str]]:
    """The companies ((vendor, name)) and rules the fleet's latest runs contain, for the filters."""
    companies = {r.vendor: r.company for s in states for sc in s.site.scenarios.values() for r in sc.recipients.values()}
    rules = {rule for s in states for rule in s.site.findings}
    return sorted(companies.items(), key=lambda c: (c[1] or c[0]).lower()), sorted(rules)


CSV_COLUMNS = ("site", "name", "url", "measurement", "verdict", "health_recipients", "recipients",
               "health_disclosures", "tracking_before_consent", "tracking_after_rejection", "notice_names_all",
               "findings", "last_run", "last_run_started", "change")


def csv_row(row: dict) -> list[object]:
    """A row flattened for the CSV export (companies and rules joined with "; ")."""
    return [
        row["site"], row["name"], row["url"], row["measurement"], row["verdict"],
        "; ".join(c["company"] or c["vendor"] for c in row["health_recipients"]),
        "; ".join(c["company"] or c["vendor"] for c in row["recipients"]),
        row["health_disclosures"], row["tracking_before_consent"], row["tracking_after_rejection"],
        row["notice_names_all"], "; ".join(f"{rule} x{n}" for rule, n in row["findings"].items()),
        row["last_run"]["id"], row["last_run"]["started"], row["change"]["text"],
    ]
