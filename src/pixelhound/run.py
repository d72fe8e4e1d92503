"""A scan run from start to finish: sites in, run folder and Analysis out.

The run folder keeps the evidence: per site and scenario a HAR of every request, a screenshot and
the final HTML of every page; beside them the run's settings and the JSON report.
"""

from __future__ import annotations

import asyncio
import csv
import json
from dataclasses import asdict
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pixelhound import __version__
from pixelhound.analysis import analyze_scans
from pixelhound.capture.collectors import utc_now
from pixelhound.capture.scan import ScanOptions, Site, SiteScan, scan_fleet
from pixelhound.evidence import write_manifest
from pixelhound.model import Analysis
from pixelhound.report.formats import write_all


class FleetError(Exception):
    """A fleet file that cannot be used; the message is one line."""


def sites_from_urls(urls: list[str]) -> list[Site]:
    sites = []
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise FleetError(f"{url!r} is not an http(s) URL")
        sites.append(Site(name=url.split("//", 1)[1].split("/", 1)[0], url=url))
    return sites


def load_fleet(path: Path) -> list[Site]:
    """A CSV of sites: `name,url` (a header row is optional; a lone URL column works too)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FleetError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise FleetError(f"{path}: cannot be read ({error})") from None
    sites = []
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [cell.strip() for cell in row if cell.strip()]
        if not cells or cells[0].startswith("#") or [c.lower() for c in cells[:2]] in (["name", "url"], ["url"]):
            continue
        url = cells[-1]
        if not url.startswith(("http://", "https://")):
            raise FleetError(f"{path}:{number}: {url!r} is not an http(s) URL")
        name = cells[0] if len(cells) > 1 else url.split("//", 1)[1].split("/", 1)[0]
        sites.append(Site(name=name, url=url))
    if not sites:
        raise FleetError(f"{path}: no sites in the file")
    return sites


def run_scan(sites: list[Site], options: ScanOptions, console: Console) -> Analysis:
    """Scan every site, analyse, and write the run folder (HARs, screenshots, report.json, run.json)."""
    options.out_dir.mkdir(parents=True, exist_ok=True)
    started = utc_now()
    with Progress(
        TextColumn("[bold]{task.fields[site]}"), TextColumn("{task.fields[scenario]}"), BarColumn(),
        MofNCompleteColumn(), TextColumn("{task.fields[url]}"), TimeElapsedColumn(),
        console=console, transient=False,
    ) as progress:
        tasks = {
            (site.name, scenario): progress.add_task("", total=options.max_pages, site=site.name[:40], scenario=scenario, url="")
            for site in sites
            for scenario in options.scenarios
        }

        def advance(site: Site, scenario: str, url: str) -> None:
            task = tasks[(site.name, scenario)]
            progress.update(task, advance=1, url=url[-60:])

        scans: list[SiteScan] = asyncio.run(scan_fleet(sites, options, advance))
        for scan in scans:
            task = tasks[(scan.site.name, scan.scenario)]
            progress.update(task, completed=options.max_pages, url="done" if scan.measured else "NOT MEASURED")
    analysis = analyze_scans(scans, options.identity, options.out_dir)
    settings = {
        "tool": "pixelhound",
        "tool_version": __version__,
        "browser": f"Chromium {next((s.browser_version for s in scans if s.browser_version), '')}".strip(),
        "started": started,
        "finished": utc_now(),
        "sites": [{"name": s.name, "url": s.url} for s in sites],
        "options": {
            "scenarios": list(options.scenarios),
            "max_pages": options.max_pages,
            "concurrency": options.concurrency,
            "delay": options.delay,
            "page_timeout": options.page_timeout,
            "site_timeout": options.site_timeout,
            "search_term": options.search_term,
            "submit_forms": options.submit_forms,
            "identity": asdict(options.identity) if options.identity else None,
            "resolve": [list(pair) for pair in options.browser.resolve],
            "insecure": options.browser.insecure,
        },
    }
    settings["completeness"] = [  # per site x scenario: what the network record saw, what the evidence holds
        {"site": s.site_name, "scenario": s.scenario, "network_requests": s.network_requests,
         "evidence_requests": s.evidence_requests, "unrecovered": s.unrecovered, "measurement": s.measurement()}
        for s in analysis.sources
    ]
    (options.out_dir / "run.json").write_text(json.dumps(settings, indent=2), encoding="utf-8")
    write_all(analysis, options.out_dir)
    write_manifest(options.out_dir)
    return analysis
