"""A scan run from start to finish: sites in, run folder and Analysis out.

The run folder keeps the evidence: per site and scenario a HAR of every request, a screenshot and
the final HTML of every page; beside them the run's settings and the JSON report.

A run can be stopped (SIGINT/SIGTERM) or killed at any time and continued with `--resume`: run.json
is written before anything is scanned, and each site x scenario is recorded the moment it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import os
import signal
from collections.abc import Callable, Container, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pixelhound import __version__
from pixelhound.analysis import analyze_scans
from pixelhound.classify.site_context import SiteCategoryError, check_category
from pixelhound.capture.collectors import utc_now
from pixelhound.capture.browser import BrowserOptions
from pixelhound.capture.scratch import remove_abandoned
from pixelhound.capture.scan import ScanOptions, Site, SiteScan, scan_fleet, slug
from pixelhound.capture.scan_record import load_scan, save_scan
from pixelhound.credentials import Secrets, redact_url
from pixelhound.evidence import write_manifest
from pixelhound.model import Analysis
from pixelhound.report.console import terminal_line
from pixelhound.report.formats import write_all
from pixelhound.settings import BROWSER_MODE, BROWSER_MODES, RUN_FOLDER_TOOL, SCAN_DEVICE, SCAN_REPEAT
from pixelhound.store.run_folder import RunFolder, RunFolderError


class FleetError(Exception):
    """A fleet file that cannot be used; the message is one line."""


def _host_name(url: str) -> str:
    """A site's default name: its URL's host and port, never the credentials before them."""
    clean = redact_url(url)
    return clean.split("//", 1)[1].split("/", 1)[0] or clean


def _is_http_url(url: str) -> bool:
    """An http(s) URL that parses, with a host and a valid port: `http://[::1/` is not one."""
    if not url.startswith(("http://", "https://")):
        return False
    try:
        split = urlsplit(url)
        _ = split.port  # raises ValueError on a port that is not a number in range
    except ValueError:
        return False
    return bool(split.hostname)


def sites_from_urls(urls: list[str]) -> list[Site]:
    sites = []
    for url in urls:
        if not _is_http_url(url):
            raise FleetError(f"{redact_url(url)!r} is not an http(s) URL")
        sites.append(Site(name=_host_name(url), url=url))
    return sites


def load_fleet(path: Path) -> list[Site]:
    """A CSV of sites: `name,url` or `name,url,category` (a header row is optional; a lone URL
    column works too). A header naming a `key` column (e.g. `key,name,url,category`) gives each site
    a stable key across renames. `category` (a health category, or "none") says what the site is
    instead of inferring it from its own words (classify/site_context.py)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FleetError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise FleetError(f"{path}: cannot be read ({error})") from None
    sites = []
    columns: dict[str, int] = {}
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [cell.strip() for cell in row if cell.strip()]
        if not cells or cells[0].startswith("#"):
            continue
        if "key" in [c.lower() for c in row] and "url" in [c.lower() for c in row]:
            columns = {c.strip().lower(): i for i, c in enumerate(row)}
            continue
        if [c.lower() for c in cells[:3]] in (["name", "url"], ["url"], ["name", "url", "category"]):
            continue
        if columns:
            cells = [row[columns[c]].strip() if columns.get(c, len(row)) < len(row) else ""
                     for c in ("name", "url", "key", "category")]
        category = ""
        if not columns and len(cells) >= 3 and cells[1].startswith(("http://", "https://")):
            cells, category = cells[:2], cells[2]
        url = cells[1] if columns else cells[-1]
        if not _is_http_url(url):
            raise FleetError(f"{path}:{number}: {redact_url(url)!r} is not an http(s) URL")
        name = cells[0] if cells[0] and (columns or len(cells) > 1) else _host_name(url)
        category = cells[3] if columns else category
        try:
            category = check_category(category) if category else ""
        except SiteCategoryError as error:
            raise FleetError(f"{path}:{number}: {error}") from None
        sites.append(Site(name=name, url=url, key=cells[2] if columns else "", category=category))
    if not sites:
        raise FleetError(f"{path}: no sites in the file")
    return sites


NOT_SCANNED_REASON = "not scanned: the run was interrupted before this site and scenario were scanned"


@dataclass
class RunResult:
    """A run's Analysis, and whether a signal cut it short (then what was never scanned)."""

    analysis: Analysis
    signal: int | None = None
    not_scanned: list[tuple[str, str]] = field(default_factory=list)  # (site name, scenario)


def _url_key(url: str) -> str:
    """Two fleet rows with this key are the same site (scheme and host case, an empty path)."""
    split = urlsplit(url)
    return f"{split.scheme.lower()}://{split.netloc.lower()}{split.path or '/'}{'?' + split.query if split.query else ''}"


def unique_sites(sites: list[Site]) -> tuple[list[Site], list[str]]:
    """Each site once, with a name and a folder of its own: rows with the same URL are one site;
    a name or folder already taken gets a number. The warnings say what was changed."""
    seen_urls: dict[str, Site] = {}
    names: set[str] = set()
    folders: set[str] = set()
    result: list[Site] = []
    warnings: list[str] = []
    for site in sites:
        key = _url_key(site.url)
        if key in seen_urls:
            warnings.append(f"{site.name!r} ({site.url}) is the same site as {seen_urls[key].name!r}: scanned once")
            continue
        name, folder, number = site.name, slug(site.name), 1
        while name in names or folder in folders:
            number += 1
            name, folder = f"{site.name} ({number})", f"{slug(site.name)[:56]}-{number}"
        if number > 1:
            warnings.append(f"{site.name!r} ({site.url}) shares its name or folder with another site: "
                            f"named {name!r}, evidence in sites/{folder}/")
        unique = replace(site, name=name, folder=folder)
        seen_urls[key] = unique
        names.add(name)
        folders.add(folder)
        result.append(unique)
    return result, warnings


def _settings(sites: list[Site], options: ScanOptions, started: str, command: str) -> dict[str, object]:
    return {
        "tool": RUN_FOLDER_TOOL,
        "command": command,
        "tool_version": __version__,
        "browser": "",
        "status": "running",
        "started": started,
        "finished": "",
        "sites": [{"name": s.name, "url": s.url, "folder": s.folder_name, "key": s.key, "category": s.category}
                  for s in sites],
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
            "resolver_rules": options.browser.resolver_rules,
            "guard_rules": options.browser.guard_rules,
            "insecure": options.browser.insecure,
            "repeat": options.repeat,
            "device": options.browser.device,
            "browser_mode": options.browser.mode,
        },
    }


def resumed_run(folder: RunFolder, executable: str | None) -> tuple[list[Site], ScanOptions]:
    """The sites and options of the run recorded in `folder` (RunFolderError when unusable)."""
    from pixelhound.assess.canary import CanaryIdentity

    settings = folder.check_resumable()
    try:
        sites = [Site(name=str(s["name"]), url=str(s["url"]), folder=str(s["folder"]), key=str(s.get("key", "")),
                      category=str(s.get("category", ""))) for s in settings["sites"]]
        recorded = settings["options"]
        identity = recorded.get("identity")
        if recorded.get("browser_mode", BROWSER_MODE) not in BROWSER_MODES:
            raise ValueError(f"browser_mode {recorded.get('browser_mode')!r} is not one of {', '.join(BROWSER_MODES)}")
        options = ScanOptions(
            browser=BrowserOptions(
                executable=executable,
                resolve=tuple((str(host), str(target)) for host, target in recorded.get("resolve", [])),
                resolver_rules=str(recorded.get("resolver_rules", "")),
                guard_rules=str(recorded.get("guard_rules", "")),
                insecure=bool(recorded.get("insecure", False)),
                device=str(recorded.get("device", SCAN_DEVICE)),
                mode=str(recorded.get("browser_mode", BROWSER_MODE)),
            ),
            out_dir=folder.root,
            scenarios=tuple(str(name) for name in recorded["scenarios"]),
            max_pages=int(recorded["max_pages"]),
            concurrency=int(recorded["concurrency"]),
            delay=float(recorded["delay"]),
            page_timeout=float(recorded["page_timeout"]),
            site_timeout=float(recorded["site_timeout"]),
            search_term=str(recorded["search_term"]),
            submit_forms=bool(recorded["submit_forms"]),
            identity=CanaryIdentity(**identity) if identity else None,
            repeat=int(recorded.get("repeat", SCAN_REPEAT)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise RunFolderError(f"--resume {folder.root}: its run.json cannot be read back ({error})") from None
    return sites, options


async def _scan_until_stopped(sites: list[Site], options: ScanOptions, progress: Callable[[Site, str, int, str], None],
                              finished: Callable[[SiteScan], None], received: list[int],
                              skip: Container[ScanKey] = ()) -> list[SiteScan]:
    """scan_fleet, stopped gracefully by SIGINT or SIGTERM (the signal is noted in `received`)."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    def on_signal(number: int) -> None:
        received.append(number)
        stop.set()

    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, on_signal, number)
    if received:  # a signal came before the scan began: start nothing
        stop.set()
    try:
        return await scan_fleet(sites, options, progress, stop=stop, finished=finished, skip=skip)
    finally:
        for number in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(number)


@contextlib.contextmanager
def _signals_noted(received: list[int]) -> Iterator[None]:
    """While run.json, scan records, reports and the manifest are written, SIGINT and SIGTERM are
    noted, not obeyed: a second Ctrl-C never leaves the run folder half written."""
    numbers = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, lambda number, _frame: received.append(number)) for number in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


# A site x scenario's visit in a run: (site folder, scenario, repeat number or 0), SiteScan.repeat.
ScanKey = tuple[str, str, int]


def scan_key(scan: SiteScan) -> ScanKey:
    return (scan.site.folder_name, scan.scenario, scan.repeat)


def scan_keys(site: Site, options: ScanOptions) -> list[ScanKey]:
    """Every visit the run makes of this site: each scenario, each repeat."""
    return [(site.folder_name, scenario, repeat) for scenario in options.scenarios for repeat in options.repeats]


def load_done(folder: RunFolder, sites: list[Site], options: ScanOptions) -> dict[ScanKey, SiteScan]:
    """Every visit the run folder records as finished (RunFolderError when its evidence changed)."""
    done: dict[ScanKey, SiteScan] = {}
    for site in sites:
        for key in scan_keys(site, options):
            scan = load_scan(folder, site, key[1], key[2])
            if scan is not None:
                done[key] = scan
    return done


def open_run(sites: list[Site], options: ScanOptions, resume: bool,
              command: str) -> tuple[dict[str, object], dict[ScanKey, SiteScan], int]:
    """run.json written (a new run) or reopened (a resumed one, its finished scans read back and
    checked), the folder locked for this process; abandoned browser profiles and NetLogs of killed runs removed."""
    folder = RunFolder(options.out_dir)
    remove_abandoned()
    done: dict[ScanKey, SiteScan] = {}
    if resume:
        settings = folder.check_resumable()
        lock = folder.lock()
        done = load_done(folder, sites, options)
        settings["status"] = "running"
        settings.setdefault("resumed", []).append(utc_now())
    else:
        folder.create()
        lock = folder.lock()
        settings = _settings(sites, options, utc_now(), command)
    folder.write_run(settings)
    return settings, done, lock


def _with_not_scanned(sites: list[Site], options: ScanOptions,
                      done: dict[ScanKey, SiteScan]) -> tuple[list[SiteScan], list[tuple[str, str]]]:
    """Every visit of every site x scenario in fleet order; those never finished stand as not
    measured (a repeat that was not made counts as not measured, never as "not seen")."""
    scans: list[SiteScan] = []
    not_scanned: list[tuple[str, str]] = []
    for site in sites:
        for key in scan_keys(site, options):
            scan = done.get(key)
            if scan is None:
                if (site.name, key[1]) not in not_scanned:
                    not_scanned.append((site.name, key[1]))
                scan = SiteScan(site=site, scenario=key[1], measured=False, reason=NOT_SCANNED_REASON, repeat=key[2],
                                device=options.browser.device)
            scans.append(scan)
    return scans, not_scanned


def run_scan(sites: list[Site], options: ScanOptions, console: Console, resume: bool = False,
             command: str = "scan") -> RunResult:
    """Scan every site (those already finished in a resumed run are read back), analyse, and
    write the run folder: run.json first, each site x scenario as it ends, then the reports and
    the manifest, also when a signal stopped the run."""
    folder = RunFolder(options.out_dir)
    received: list[int] = []
    with _signals_noted(received):
        settings, done, lock = open_run(sites, options, resume, command)
    try:
        return _scan_and_write(sites, options, console, folder, settings, done, received)
    finally:
        os.close(lock)


def _scan_and_write(sites: list[Site], options: ScanOptions, console: Console, folder: RunFolder,
                    settings: dict[str, object], done: dict[ScanKey, SiteScan],
                    received: list[int]) -> RunResult:
    """The scan itself (what is not done yet), then the run folder's reports and manifest."""
    todo = [site for site in sites if any(key not in done for key in scan_keys(site, options))]
    with Progress(
        TextColumn("{task.fields[site]}", style="bold", markup=False), TextColumn("{task.fields[scenario]}", markup=False),
        BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[url]}", markup=False), TimeElapsedColumn(),
        console=console, transient=False,
    ) as progress:
        tasks = {
            key: progress.add_task("", total=options.max_pages, site=terminal_line(site.name)[:40],
                                   scenario=f"{key[1]} #{key[2]}" if key[2] else key[1], url="")
            for site in todo
            for key in scan_keys(site, options)
            if key not in done
        }

        def advance(site: Site, scenario: str, repeat: int, url: str) -> None:
            progress.update(tasks[(site.folder_name, scenario, repeat)], advance=1, url=terminal_line(url)[-60:])

        def finished(scan: SiteScan) -> None:
            secrets = Secrets.of(dict(options.credentials).get(scan.site.url))
            if secrets:  # before the scan is recorded with its files' hashes
                scan.captures = secrets.scrub_captures(scan.captures)
                secrets.scrub_folder(folder.scenario_dir(scan.site.folder_name, scan.scenario, scan.repeat))
            save_scan(folder, scan)
            done[scan_key(scan)] = scan
            progress.update(tasks[scan_key(scan)], completed=options.max_pages,
                            url="done" if scan.measured else "NOT MEASURED")

        try:
            if todo:
                asyncio.run(_scan_until_stopped(todo, options, advance, finished, received, skip=set(done)))
        finally:
            remove_abandoned(mine_too=True)
    return write_outcome(sites, options, folder, settings, done, received)


def write_outcome(sites: list[Site], options: ScanOptions, folder: RunFolder, settings: dict[str, object],
                  done: dict[ScanKey, SiteScan], received: list[int]) -> RunResult:
    """Analyse every finished site x scenario (the rest stand as not scanned) and write run.json's
    outcome, the reports and the manifest; shared by the in-process scan and the queue's coordinator."""
    with _signals_noted(received):
        scans, not_scanned = _with_not_scanned(sites, options, done)
        analysis = analyze_scans(scans, options.identity, options.out_dir)
        version = next((s.browser_version for s in scans if s.browser_version), "")
        settings["browser"] = f"Chromium {version}".strip()
        settings["finished"] = utc_now()
        settings["status"] = "interrupted" if not_scanned else "finished"
        settings["not_scanned"] = [{"site": name, "scenario": scenario} for name, scenario in not_scanned]
        settings["completeness"] = [  # per site x scenario: what the network record saw, what the evidence holds
            {"site": s.site_name, "scenario": s.scenario, **({"repeat": s.repeat} if s.repeat else {}),
             "network_requests": s.network_requests, "evidence_requests": s.evidence_requests,
             "unrecovered": s.unrecovered, "measurement": s.measurement()}
            for s in analysis.sources
        ]
        folder.write_run(settings)
        write_all(analysis, options.out_dir)
        write_manifest(options.out_dir)
    return RunResult(analysis=analysis, signal=received[0] if received else None, not_scanned=not_scanned)
