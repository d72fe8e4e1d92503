"""Run folders for the store's tests, written the way a scan writes them (report.json through the
real JSON renderer, run.json, the manifest) from analyses stated site by site."""

from __future__ import annotations

import json
from pathlib import Path

from pixelhound.evidence import write_manifest
from pixelhound.model import Analysis, Disclosure, Finding, Sensitivity, SourceSummary
from pixelhound.report.formats import write_all

COMPANIES = {"meta": "Meta Platforms, Inc.", "google": "Google LLC", "tiktok": "TikTok Inc.", "hotjar": "Hotjar Ltd."}


def make_analysis(sites: dict[str, dict], generated: str) -> Analysis:
    """`sites`: name -> {"url": URL, "scenarios": {scenario: {"state": "measured"|"not-measured"|...,
    "vendors": {vendor: health_count}, "rules": [rule, ...]}}}."""
    analysis = Analysis(tool_version="test", generated=generated)
    for name, site in sites.items():
        for scenario, facts in site["scenarios"].items():
            path = f"sites/{name.lower().replace(' ', '-')}/{scenario}/capture.har"
            state = facts.get("state", "measured")
            analysis.sources.append(SourceSummary(
                path=path, site=site["url"], site_name=name, scenario=scenario, started=generated,
                measured=state != "not-measured", reason="site down" if state == "not-measured" else "",
                unread_entries=1 if state == "partly-measured" else 0, unrecovered=1 if state == "incomplete" else 0,
            ))
            for vendor, health in facts.get("vendors", {}).items():
                for number in range(max(1, health)):
                    analysis.disclosures.append(Disclosure(
                        id=f"d{len(analysis.disclosures) + 1}", capture_index=number, vendor=vendor,
                        company=COMPANIES.get(vendor, vendor), product=f"{vendor} pixel", category="advertising",
                        request_url=f"https://{vendor}.example/collect", account=f"{vendor}-1",
                        sensitivity=Sensitivity(sensitive=number < health, categories=["sexual_health"] if number < health else []),
                        source=path, site=name, scenario=scenario,
                    ))
            for rule in facts.get("rules", []):
                analysis.findings.append(Finding(
                    id=f"F{len(analysis.findings) + 1}", rule=rule, severity="high", vendor="meta",
                    company=COMPANIES["meta"], summary=f"{rule} on {name}", source=path,
                ))
    return analysis


def write_run_folder(folder: Path, analysis: Analysis, keys: dict[str, str] | None = None) -> Path:
    """A run folder as run.py writes it: run.json, every report, the manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {s.site_name: s.site for s in analysis.sources}
    settings = {
        "tool": "pixelhound", "tool_version": "test", "browser": "Chromium test",
        "started": analysis.generated, "finished": analysis.generated,
        "sites": [{"name": n, "url": u, "key": (keys or {}).get(n, "")} for n, u in names.items()],
        "options": {"scenarios": sorted({s.scenario for s in analysis.sources})},
    }
    (folder / "run.json").write_text(json.dumps(settings), encoding="utf-8")
    write_all(analysis, folder)
    write_manifest(folder)
    return folder
