"""The command line: commands only, no logic. See README for exit codes."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from pixelhound.report.console import SafeConsole, terminal_line

from pixelhound import __version__
from pixelhound.model import ALL_SCENARIOS, KNOWN_SCENARIOS, MEASURED, SEVERITIES
from pixelhound.settings import (
    BROWSER_MODE,
    BROWSER_MODES,
    DASHBOARD_HOST,
    DASHBOARD_PORT,
    DASHBOARD_TOKEN_ENV,
    DEMO_BROWSER_MODE,
    DEMO_CONCURRENCY,
    DEMO_MAX_PAGES,
    DEMO_MAX_PAGES_LIMIT,
    DEMO_OUT_DIR,
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_USAGE,
    MONITOR_DASHBOARD_URL,
    MONITOR_WEBHOOK_ATTEMPTS,
    MONITOR_WEBHOOK_BACKOFF_SECONDS,
    SCAN_CONCURRENCY,
    SCAN_CONCURRENCY_LIMIT,
    SCAN_DELAY_SECONDS,
    SCAN_DEVICE,
    SCAN_MAX_PAGES,
    SCAN_MAX_PAGES_LIMIT,
    SCAN_PAGE_TIMEOUT,
    SCAN_REPEAT,
    SCAN_REPEAT_LIMIT,
    SCAN_SEARCH_TERM,
    SCAN_SITE_TIMEOUT,
    SCALE_WORKER_CONCURRENCY,
    TARGETS_ALLOW_PRIVATE_ENV,
    CREDENTIALS_REDACTED,
    DEVICES,
)

app = typer.Typer(
    name="pixelhound",
    help=(
        "Find out what health websites leak to ad-tech trackers, and prove it.\n\n"
        f"Exit codes: {EXIT_OK} success; {EXIT_FINDINGS} findings at or above --fail-on, or anything not "
        f"measured in full; {EXIT_USAGE} bad command line; {EXIT_BAD_INPUT} an input could not be read; "
        f"{EXIT_OUTPUT} the output could not be written; {EXIT_INTERNAL} internal error."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err = SafeConsole(stderr=True, soft_wrap=True)


class OutputFormat(str, Enum):
    terminal = "terminal"
    json = "json"
    html = "html"
    csv = "csv"
    md = "md"
    sarif = "sarif"
    junit = "junit"


Severity = Enum("Severity", {name: name for name in SEVERITIES}, type=str)  # --fail-on's choices: model.SEVERITIES
SCENARIOS_DEFAULT = ",".join(ALL_SCENARIOS)
Device = Enum("Device", {name: name for name in DEVICES}, type=str)  # --device's choices: settings.DEVICES

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", help="The store: a database URL (sqlite:///FILE, postgresql+psycopg://...) or a file; "
                 "default $PIXELHOUND_DB, else ~/.local/share/pixelhound/pixelhound.db."),
]


QueueOption = Annotated[
    Optional[str],
    typer.Option("--queue", help="Scan on Celery workers through this Redis broker (redis://HOST:PORT/N, rediss:// for TLS; password: $PIXELHOUND_QUEUE_PASSWORD); "
                 "--out must then be on a filesystem every worker shares. See docs/scaling.md."),
]


# The options scan and monitor share (built by scan_setup.build_options): declared once, so they mean the same.
MaxPagesOption = Annotated[int, typer.Option("--max-pages", min=1, max=SCAN_MAX_PAGES_LIMIT, help="Pages per site.")]
ConcurrencyOption = Annotated[int, typer.Option("--concurrency", min=1, max=SCAN_CONCURRENCY_LIMIT, help="Sites scanned at once.")]
PageTimeoutOption = Annotated[float, typer.Option("--page-timeout", min=1, help="Seconds for a page to load.")]
SiteTimeoutOption = Annotated[float, typer.Option("--site-timeout", min=5, help="Seconds for one site and scenario.")]
SCENARIOS_HELP = f"Consent scenarios, comma-separated, from: {', '.join(KNOWN_SCENARIOS)}."
ScenariosOption = Annotated[str, typer.Option("--scenarios", help=SCENARIOS_HELP)]
RepeatOption = Annotated[int, typer.Option(
    "--repeat", min=1, max=SCAN_REPEAT_LIMIT,
    help="Visit each site x scenario this many times, each in a fresh profile; the reports say in how many runs "
    "each recipient and finding was seen, and how stable the result is.")]
DeviceOption = Annotated[Device, typer.Option(
    "--device", help="Scan as a desktop Chrome, or as an Android Chrome phone (mobile: its screen, touch, "
    "user agent and client hints); sites often load other tags on mobile.")]
NoFormsOption = Annotated[bool, typer.Option("--no-forms", help="Do not fill forms.")]
ResolveOption = Annotated[Optional[list[str]], typer.Option("--resolve", help="HOST=IP:PORT, like curl's (repeatable); a host mapped so may be private.")]
InsecureOption = Annotated[bool, typer.Option("--insecure", help="Ignore TLS certificate errors.")]
BrowserOption = Annotated[Optional[str], typer.Option("--browser", help="Path to a Chromium executable.")]
BrowserMode = Enum("BrowserMode", {name: name for name in BROWSER_MODES}, type=str)  # settings.BROWSER_MODES
BrowserModeOption = Annotated[BrowserMode, typer.Option(
    "--browser-mode", help="full: the Chromium people use (headless). shell: Chromium's headless shell, about "
    "half the CPU a page, but sites can tell it is headless; for sweeps limited by CPU (docs/capture.md).")]
AllowPrivateOption = Annotated[bool, typer.Option(
    "--allow-private", help=f"Scan targets on loopback, private or link-local addresses (refused otherwise; also ${TARGETS_ALLOW_PRIVATE_ENV}=1).")]
SiteCategoryOption = Annotated[
    Optional[str],
    typer.Option("--site-category", help="What the site is, instead of inferring it from its own words: a "
                 "health category (sexual_health, mental_health, ...) makes every disclosure health data of "
                 "that category at site strength; none judges its pages one by one. For scan, the URLs given (a "
                 "fleet file has its own category column); for analyze, every HAR."),
]


class ChangeFormat(str, Enum):
    terminal = "terminal"
    json = "json"
    csv = "csv"
    md = "md"
    html = "html"


def _fail(code: int, message: str) -> None:
    err.print(f"pixelhound: error: {message}", markup=False)
    raise typer.Exit(code)


def _site_category(given: str | None) -> str:
    """--site-category checked and normalised ("" when not given); a category we do not know is one line, exit 2."""
    from pixelhound.classify.site_context import SiteCategoryError, check_category

    if given is None:
        return ""
    try:
        return check_category(given)
    except SiteCategoryError as error:
        _fail(EXIT_USAGE, str(error))
    return ""


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        _fail(EXIT_OUTPUT, f"cannot write {path}: {error.strerror or error}")


def _version(value: bool) -> None:
    if value:
        print(f"pixelhound {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """pixelhound."""


@app.command()
def analyze(
    hars: Annotated[list[Path], typer.Argument(help="HAR files (DevTools, Playwright, proxies; .har or .har.gz).")],
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="terminal (a summary), json (everything), html, csv, md, sarif or junit."),
    ] = OutputFormat.terminal,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    fail_on: Annotated[
        Optional[Severity], typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe.")
    ] = None,
    vendors: Annotated[
        Optional[Path], typer.Option("--vendors", help="An extra vendor knowledge file (TOML, our format).")
    ] = None,
    site_category: SiteCategoryOption = None,
    db: DbOption = None,
) -> None:
    """Decode what every tracker was told in captured HAR files, and judge it."""
    from pixelhound.analysis import Analyzer
    from pixelhound.knowledge.vendors import default_knowledge, load_vendors

    category = _site_category(site_category)

    knowledge = default_knowledge()
    if vendors is not None:
        try:
            knowledge = load_vendors(vendors)
        except (OSError, ValueError, KeyError, RecursionError) as error:
            _fail(EXIT_BAD_INPUT, f"cannot read vendor file {vendors}: {type(error).__name__}: {error}")
    analyzer = Analyzer(knowledge=knowledge, site_category=category)
    for path in hars:
        summary = analyzer.add_har(path)
        if summary.error:
            err.print(f"pixelhound: error: {summary.error}", markup=False)
    analysis = analyzer.result()
    _emit(analysis, output_format, output, None)
    _store_analysis(analysis, db)
    if any(s.error for s in analysis.sources):
        raise typer.Exit(EXIT_BAD_INPUT)
    _exit_for(analysis, fail_on)


@app.command()
def report(
    run: Annotated[Path, typer.Argument(help="A run folder (or its report.json) from scan, demo or analyze.")],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="terminal, json, html, csv, md, sarif or junit.")
    ] = OutputFormat.html,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (else standard output).")] = None,
    fail_on: Annotated[
        Optional[Severity], typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe.")
    ] = None,
) -> None:
    """Render any format again from a stored run, without scanning again."""
    from pixelhound.report.formats import FORMATS
    from pixelhound.report.json_report import ReportError, load_json
    from pixelhound.store.run_folder import RunFolder

    source = RunFolder(run).report(FORMATS["json"][0]) if run.is_dir() else run
    try:
        analysis = load_json(source)
    except ReportError as error:
        _fail(EXIT_BAD_INPUT, str(error))
    _emit(analysis, output_format, output, source.parent)
    _exit_for(analysis, fail_on)


@app.command()
def classify(
    texts: Annotated[Optional[list[str]], typer.Argument(help="Texts to classify.", show_default=False)] = None,
    file: Annotated[Optional[Path], typer.Option("--file", help="One text per line ('-' for standard input).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per input line.")] = False,
    site: Annotated[Optional[str], typer.Option(
        "--site", help="Judge each text as sent from this site (its name or start URL): a specialist "
        "service's category is added at site strength.")] = None,
) -> None:
    """Does this text reveal someone's health? The verdict, its categories and the evidence."""
    from pixelhound.classify.command import run_classify

    if not texts and file is None:
        _fail(EXIT_USAGE, "nothing to classify: give texts or --file FILE")
    raise typer.Exit(run_classify(list(texts or []), file, as_json, site))


@app.command()
def scan(
    urls: Annotated[Optional[list[str]], typer.Argument(help="Start URLs of the sites to scan.", show_default=False)] = None,
    sites: Annotated[Optional[Path], typer.Option("--sites", help="A CSV fleet file: name,url per line.")] = None,
    out: Annotated[
        Optional[Path],
        typer.Option("--out", help="A new or empty run folder (default: pixelhound-run-DATE-TIME here)."),
    ] = None,
    resume: Annotated[
        Optional[Path],
        typer.Option("--resume", help="Continue an interrupted run in this run folder (its sites and options)."),
    ] = None,
    max_pages: MaxPagesOption = SCAN_MAX_PAGES,
    concurrency: ConcurrencyOption = SCAN_CONCURRENCY,
    delay: Annotated[
        float, typer.Option("--delay", min=0, help="Seconds between page loads on one site.")
    ] = SCAN_DELAY_SECONDS,
    page_timeout: PageTimeoutOption = SCAN_PAGE_TIMEOUT,
    site_timeout: SiteTimeoutOption = SCAN_SITE_TIMEOUT,
    search_term: Annotated[
        str, typer.Option("--search-term", help="Probe term for the site's own search.")
    ] = SCAN_SEARCH_TERM,
    canary_email: Annotated[Optional[str], typer.Option("--canary-email", help="Fictional email typed into forms.")] = None,
    canary_name: Annotated[Optional[str], typer.Option("--canary-name", help='Fictional "First Last" name.')] = None,
    canary_phone: Annotated[Optional[str], typer.Option("--canary-phone", help="Fictional phone number.")] = None,
    canary_postcode: Annotated[Optional[str], typer.Option("--canary-postcode", help="Fictional postcode.")] = None,
    no_forms: NoFormsOption = False,
    submit_forms: Annotated[bool, typer.Option("--submit-forms", help="Let form submissions reach the site.")] = False,
    resolve: ResolveOption = None,
    insecure: InsecureOption = False,
    browser: BrowserOption = None,
    browser_mode: BrowserModeOption = BrowserMode(BROWSER_MODE),
    fail_on: Annotated[Optional[Severity], typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe.")] = None,
    scenarios: ScenariosOption = SCENARIOS_DEFAULT,
    repeat: RepeatOption = SCAN_REPEAT,
    device: DeviceOption = Device(SCAN_DEVICE),
    allow_private: AllowPrivateOption = False,
    site_category: SiteCategoryOption = None,
    db: DbOption = None,
    queue: QueueOption = None,
    detach: Annotated[bool, typer.Option("--detach", help="With --queue: enqueue the sites and return at once.")] = False,
    sign_key: Annotated[Optional[Path], typer.Option("--sign-key", help="Sign the run's manifest with this Ed25519 key (pixelhound keygen).")] = None,
) -> None:
    """Drive a real Chromium through health websites like a patient would, and report what leaked."""
    from pixelhound.run import FleetError, load_fleet, resumed_run, sites_from_urls, unique_sites
    from pixelhound.scan_setup import build_options, operator_allows_private, policy_for, prepare_fleet
    from pixelhound.store.run_folder import RunFolder, RunFolderError
    from pixelhound.targets import PrivateTarget

    signer = _signer(sign_key, detach)  # a key that cannot sign is refused before minutes of scanning
    if resume is not None:
        if urls or sites is not None or out is not None:
            _fail(EXIT_USAGE, "--resume continues a recorded run: give no URLs, --sites or --out with it")
        try:
            recorded_sites, recorded_options = resumed_run(RunFolder(resume), browser)
        except RunFolderError as error:
            _fail(EXIT_BAD_INPUT, str(error))
        if queue is not None:
            _queued(recorded_sites, recorded_options, queue, resume, db, fail_on, resume=True, detach=detach, signer=signer)
        outcome = _run(recorded_sites, recorded_options, resume=True)
        if not outcome.not_scanned:
            _store_run(resume, db)
        if signer is not None:
            _sign_run(resume, signer)
        _finish(outcome, resume, fail_on)
        return
    category = _site_category(site_category)
    try:
        targets = [replace(site, category=category) for site in sites_from_urls([str(u) for u in urls or []])]
        if sites is not None:
            targets += load_fleet(sites)
        options = build_options(
            out or _default_run_folder(), resolve=resolve or (), insecure=insecure, browser=browser,
            scenarios=_scenarios(scenarios), max_pages=max_pages, concurrency=concurrency, delay=delay,
            page_timeout=page_timeout, site_timeout=site_timeout, search_term=search_term, submit_forms=submit_forms,
            identity=None if no_forms else _identity(canary_email, canary_name, canary_phone, canary_postcode),
            repeat=repeat, device=device.value, browser_mode=browser_mode.value,
        )
        if targets:  # every target is checked before anything is written or fetched
            targets, options = prepare_fleet(targets, options, policy_for(options, operator_allows_private(allow_private)))
    except PrivateTarget as refused:
        for line in refused.lines[:-1]:
            err.print(f"pixelhound: error: {line}", markup=False)
        _fail(EXIT_BAD_INPUT, refused.lines[-1])
    except (FleetError, ValueError) as error:
        _fail(EXIT_BAD_INPUT, str(error))
    if not targets:
        _fail(EXIT_USAGE, "nothing to scan: give start URLs or --sites FILE")
    targets, warnings = unique_sites(targets)
    if options.credentials:
        warnings.append(f"the credentials in {len(options.credentials)} start URL(s) are used to log in and never written "
                        "down: the evidence shows them as " + CREDENTIALS_REDACTED + ", and --resume or queue workers "
                        "scan without them")
    for warning in warnings:
        err.print(f"pixelhound: warning: {warning}", markup=False)
    if detach and queue is None:
        _fail(EXIT_USAGE, "--detach returns while workers scan: it needs --queue")
    out = options.out_dir
    if queue is not None and _is_queued_run(out):  # a restarted coordinator: pick the run up where it stands
        try:
            recorded_sites, recorded_options = resumed_run(RunFolder(out), browser)
        except RunFolderError as error:
            _fail(EXIT_BAD_INPUT, str(error))
        _queued(recorded_sites, recorded_options, queue, out, db, fail_on, resume=True, detach=detach, signer=signer)
    _check_new_folder(out)
    if queue is not None:
        _queued(targets, options, queue, out, db, fail_on, resume=False, detach=detach, signer=signer)
    outcome = _run(targets, options)
    if not outcome.not_scanned:  # an interrupted run is stored once it is resumed and complete
        _store_run(out, db)
    if signer is not None:  # last: the store may have re-sealed the manifest with the change since the last run
        _sign_run(out, signer)
    _finish(outcome, out, fail_on)


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="The folder for the two run folders (week-1, week-2) and the demo's store.")] = Path(DEMO_OUT_DIR),
    max_pages: Annotated[
        int, typer.Option("--max-pages", min=1, max=DEMO_MAX_PAGES_LIMIT, help="Pages per trust and scenario.")
    ] = DEMO_MAX_PAGES,
    browser: BrowserOption = None,
    browser_mode: Annotated[Optional[BrowserMode], typer.Option(
        "--browser-mode", help=f"As scan's (default here: {DEMO_BROWSER_MODE}, or full where no headless shell is "
        "installed).")] = None,
    scenarios: ScenariosOption = SCENARIOS_DEFAULT,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=SCAN_CONCURRENCY_LIMIT, help="Trusts scanned at once.")
    ] = DEMO_CONCURRENCY,
    db: Annotated[Optional[str], typer.Option("--db", help="The store (default: a fresh OUT/pixelhound.db).")] = None,
) -> None:
    """Scan the offline demo's fictional trusts, again "a week later", and show what changed.

    A week later most trusts with the Meta Pixel have removed it, one trust added a tracker and one
    is down; the second scan skips reject-all to keep the demo short. The demo drives Chromium's
    headless shell (its sites are ours and none looks for one); --browser-mode full, the browser
    live scans use by default, gives the same findings in about half again the time."""
    from pixelhound.capture.browser import BrowserNotFound, BrowserOptions, find_headless_shell
    from pixelhound.capture.scan import ScanOptions, Site
    from pixelhound.demo.server import DemoInternet
    from pixelhound.demo.week_later import STATES
    from pixelhound.settings import DEMO_LATER_SCENARIOS, STORE_FILE_NAME

    try:
        chosen = _scenarios(scenarios)
    except ValueError as error:
        _fail(EXIT_BAD_INPUT, str(error))
    mode = browser_mode.value if browser_mode is not None else DEMO_BROWSER_MODE
    if browser_mode is None and browser is None and mode == "shell":
        try:
            find_headless_shell()
        except BrowserNotFound:
            err.print("pixelhound: demo: no headless shell installed: the demo uses the full browser", markup=False)
            mode = "full"
    _replace_previous_demo(out, [state.folder for state in STATES], STORE_FILE_NAME)
    if db is None:
        db = str(out / STORE_FILE_NAME)  # the demo's own store starts empty: its diff is this demo's
    folders = []
    later = tuple(s for s in chosen if s in DEMO_LATER_SCENARIOS) or chosen
    for state, state_scenarios in zip(STATES, (chosen, later)):
        folder = out / state.folder
        err.print(f"pixelhound: demo: scanning {state.name} ({', '.join(state_scenarios)}) into {folder}"
                  f" in {'the headless shell' if mode == 'shell' else 'the full browser'}", markup=False)
        with DemoInternet(trusts=state.served()) as internet:
            sites = [Site(name=trust.name, url=trust.start_url) for trust in state.trusts]
            options = ScanOptions(
                browser=BrowserOptions(executable=browser, resolver_rules=internet.resolver_rules(), insecure=True,
                                       mode=mode),
                out_dir=folder,
                max_pages=max_pages,
                concurrency=concurrency,
                identity=_identity(None, None, None, None),
                scenarios=state_scenarios,
            )
            outcome = _run(sites, options, command="demo")
        if outcome.not_scanned:
            _finish(outcome, folder, None)  # says what was not scanned and exits
        analysis = outcome.analysis
        _store_run(folder, db)
        folders.append(folder)
    from pixelhound.report.terminal import render_terminal

    render_terminal(analysis, _console())
    _print_change(["diff", str(folders[0]), str(folders[1])], db)
    err.print(
        f"pixelhound: reports {folders[0] / 'report.html'} and {folders[1] / 'report.html'} (the second opens with "
        f"what changed); the history of every trust: pixelhound history --db {db}",
        markup=False,
    )
    err.print(f"pixelhound: open the dashboard over the demo's store: pixelhound serve --db {db}", markup=False)
    raise typer.Exit(EXIT_OK)


@app.command(name="import")
def import_runs(
    run_dirs: Annotated[list[Path], typer.Argument(help="Run folders written by scan or demo (before the store existed, or elsewhere).")],
    db: DbOption = None,
) -> None:
    """Bring finished run folders into the store; importing one twice changes nothing."""
    from pixelhound.store.api import import_folder
    from pixelhound.store.engine import StoreError
    from pixelhound.store.run_folder import RunFolderError

    failed = False
    for folder in run_dirs:
        try:
            recorded = import_folder(folder, db)
        except (RunFolderError, StoreError) as error:
            err.print(f"pixelhound: error: {error}", markup=False)
            failed = True
            continue
        state = "already in the store as" if recorded.already else "imported as"
        print(terminal_line(f"{folder}: {state} run {recorded.run_id}"))
    raise typer.Exit(EXIT_BAD_INPUT if failed else EXIT_OK)


@app.command()
def history(
    sites: Annotated[Optional[list[str]], typer.Argument(help="Site keys (registrable domains) or names; all when none.", show_default=False)] = None,
    db: DbOption = None,
    output_format: Annotated[ChangeFormat, typer.Option("--format", "-f", help="terminal, json, csv, md or html.")] = ChangeFormat.terminal,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (else standard output).")] = None,
) -> None:
    """Per site, every run: date, scenarios measured, recipients, health-related disclosures, findings, verdict."""
    _print_change(["history", *(sites or [])], db, output_format, output)
    raise typer.Exit(EXIT_OK)


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="The earlier run: a run id (see history) or a run folder.")],
    new: Annotated[str, typer.Argument(help="The later run: a run id or a run folder.")],
    db: DbOption = None,
    output_format: Annotated[ChangeFormat, typer.Option("--format", "-f", help="terminal, json, csv, md or html.")] = ChangeFormat.terminal,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (else standard output).")] = None,
) -> None:
    """What changed between two runs, per site and per recipient company.

    Each recipient is removed, added, still-present or not-measured; each finding rule fixed, new or
    persisting."""
    _print_change(["diff", old, new], db, output_format, output)
    raise typer.Exit(EXIT_OK)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help=f"Address to listen on; anything but {DASHBOARD_HOST} needs a token.")] = DASHBOARD_HOST,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port (0: any free port).")] = DASHBOARD_PORT,
    token_file: Annotated[Optional[Path], typer.Option("--token-file", help=f"A file holding the access token (else ${DASHBOARD_TOKEN_ENV}); every request must then carry it.")] = None,
) -> None:
    """The dashboard: the fleet's league table, each site's timeline, runs, findings with their evidence,
    diffs and recipients, over the store, in a browser (docs/dashboard.md). Read-only."""
    from pixelhound.dashboard.server import ServeError
    from pixelhound.dashboard.server import serve as serve_dashboard

    try:
        serve_dashboard(db, host, port, token_file, EXIT_USAGE, EXIT_BAD_INPUT,
                        lambda line: err.print(f"pixelhound: {line}", markup=False))
    except ServeError as error:
        _fail(error.code, str(error))
    raise typer.Exit(EXIT_OK)


def _print_change(what: list[str], db: str | None, output_format: ChangeFormat = ChangeFormat.terminal,
                  output: Path | None = None) -> None:
    """Answer a diff (["diff", OLD, NEW]) or history (["history", SITE...]) from the store and print or write it."""
    from pixelhound.report.change_report import render_diff, render_history
    from pixelhound.store import api
    from pixelhound.store.engine import StoreError

    try:
        if what[0] == "diff":
            document = render_diff(api.diff(what[1], what[2], db), output_format.value)
        else:
            document = render_history(api.history(what[1:], db), output_format.value)
    except StoreError as error:
        _fail(EXIT_BAD_INPUT, str(error))
    if output is None:
        sys.stdout.buffer.write(document)
        sys.stdout.flush()
        return
    _write(output, document)
    err.print(f"pixelhound: wrote {output}", markup=False)


def _is_queued_run(folder: Path) -> bool:
    from pixelhound.scale.coordinator import is_queued_run

    return is_queued_run(folder)


def _queued(sites, options, queue: str, out: Path, db: str | None, fail_on: Severity | None,  # noqa: ANN001
            *, resume: bool, detach: bool, signer=None) -> None:  # noqa: ANN001
    """A run on the Celery workers: enqueue (or pick up), follow, then store and report as scan does."""
    from pixelhound.scale.app import QueueError
    from pixelhound.scale.coordinator import run_queued
    from pixelhound.store.engine import describe
    from pixelhound.store.run_folder import RunFolder, RunFolderError

    settings = RunFolder(out).read_run() if resume else None
    if settings and settings.get("status") == "finished":
        err.print(f"pixelhound: {out}: this run is finished; its report: {RunFolder(out).report('report.html')}", markup=False)
        raise typer.Exit(EXIT_OK)
    try:
        outcome = run_queued(sites, options, queue, _console(), resume=resume, detach=detach)
    except QueueError as error:
        _fail(EXIT_OUTPUT, str(error))
    except RunFolderError as error:
        _fail(EXIT_BAD_INPUT if resume else EXIT_OUTPUT, str(error))
    again = f"pixelhound scan --resume {out} --queue {describe(queue)}"
    if outcome.result is None:
        cause = "detached" if detach else "stopped following"
        err.print(f"pixelhound: {cause}: the workers carry on with {out}; progress: pixelhound status {out}; "
                  f"reports once every site is done: {again}", markup=False)
        raise typer.Exit(128 + outcome.signal if outcome.signal else EXIT_OK)
    _store_run(out, db)
    if signer is not None:
        _sign_run(out, signer)
    _finish(outcome.result, out, fail_on)


def _signer(sign_key: Path | None, detach: bool):  # noqa: ANN202
    """scan --sign-key's key, loaded now; None without it."""
    from pixelhound.seal import SealError
    from pixelhound.seal.signature import load_private_key

    if sign_key is None:
        return None
    if detach:
        _fail(EXIT_USAGE, "--sign-key signs the finished run, which --detach does not wait for: "
              "sign it once finished with: pixelhound sign RUN_DIR --key KEYFILE")
    try:
        return load_private_key(sign_key)
    except SealError as error:
        _fail(EXIT_BAD_INPUT, str(error))


def _store_run(folder: Path, db: str | None) -> None:
    """Record a run folder just written; a store that fails costs the store's copy, not the run."""
    from pixelhound.store.api import record_scan
    from pixelhound.store.engine import StoreError, describe, store_url
    from pixelhound.store.run_folder import RunFolderError

    try:
        recorded, change = record_scan(folder, db)
    except (StoreError, RunFolderError) as error:
        _fail(EXIT_OUTPUT, f"{error} (the run folder {folder} is complete; bring it in later with: pixelhound import {folder})")
    since = f"; change since run {change['old']['id']} in its report" if change else ""
    err.print(f"pixelhound: stored as run {recorded.run_id} in {describe(store_url(db))}{since}", markup=False)


def _store_analysis(analysis, db: str | None) -> None:  # noqa: ANN001
    from pixelhound.store.api import record_analysis
    from pixelhound.store.engine import StoreError

    try:
        record_analysis(analysis, db)
    except StoreError as error:
        _fail(EXIT_OUTPUT, f"{error} (the report itself was written)")


@app.command()
def monitor(
    sites: Annotated[Path, typer.Option("--sites", help="The CSV fleet file (as for scan), read again each round.")],
    out: Annotated[Path, typer.Option("--out", help="The monitor's folder: each round's run folder goes in it, and monitor.log.")],
    every: Annotated[Optional[str], typer.Option("--every", help="Run a round every interval (7d, 12h, 1h30m, 90s) until stopped.")] = None,
    once: Annotated[bool, typer.Option("--once", help="Run one round and exit: 1 when it alerted, 0 when not.")] = False,
    alert_webhook: Annotated[Optional[list[str]], typer.Option("--alert-webhook", help="POST each alert (JSON) to this URL; repeatable.")] = None,
    alert_command: Annotated[Optional[list[str]], typer.Option("--alert-command", help="Run this command once per alert, the alert (JSON) on its standard input; repeatable.")] = None,
    dashboard_url: Annotated[str, typer.Option("--dashboard-url", help="Base URL of `pixelhound serve`, for the links in alerts.")] = MONITOR_DASHBOARD_URL,
    alert_attempts: Annotated[int, typer.Option("--alert-attempts", min=1, max=20, help="Tries per alert and webhook.")] = MONITOR_WEBHOOK_ATTEMPTS,
    alert_backoff: Annotated[float, typer.Option("--alert-backoff", min=0, help="Seconds before the first retry, doubled before each next.")] = MONITOR_WEBHOOK_BACKOFF_SECONDS,
    db: DbOption = None,
    max_pages: MaxPagesOption = SCAN_MAX_PAGES,
    concurrency: ConcurrencyOption = SCAN_CONCURRENCY,
    page_timeout: PageTimeoutOption = SCAN_PAGE_TIMEOUT,
    site_timeout: SiteTimeoutOption = SCAN_SITE_TIMEOUT,
    scenarios: ScenariosOption = SCENARIOS_DEFAULT,
    repeat: RepeatOption = SCAN_REPEAT,
    device: DeviceOption = Device(SCAN_DEVICE),
    no_forms: NoFormsOption = False,
    resolve: ResolveOption = None,
    insecure: InsecureOption = False,
    browser: BrowserOption = None,
    browser_mode: BrowserModeOption = BrowserMode(BROWSER_MODE),
    allow_private: AllowPrivateOption = False,
) -> None:
    """Scan a fleet round after round, store each round, and alert on what changed since the round before.

    Alerts: a new recipient on a site, a removed recipient back again, a new health-data finding,
    new tracking before consent or after rejection, a site that could no longer be measured. The
    first round records the baseline and alerts on nothing. See docs/monitoring.md."""
    from urllib.parse import urlsplit

    from pixelhound.monitor.alerts import Links
    from pixelhound.monitor.command import monitor_every, monitor_once
    from pixelhound.monitor.delivery import DeliveryOptions, check_command
    from pixelhound.monitor.rounds import MonitorConfig, RoundError, new_round_folder, read_fleet
    from pixelhound.monitor.schedule import parse_interval
    from pixelhound.scan_setup import build_options, operator_allows_private, policy_for
    from pixelhound.store.run_folder import RunFolder, RunFolderError

    if once == (every is not None):
        _fail(EXIT_USAGE, "give exactly one of --once (one round) and --every INTERVAL (a round every interval)")
    for url in [*(alert_webhook or []), dashboard_url]:
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            _fail(EXIT_USAGE, f"{url!r} is not an http(s) URL")
    try:
        for command in alert_command or []:
            check_command(command)
        interval = parse_interval(every) if every is not None else 0.0
        options = build_options(
            out, resolve=resolve or (), insecure=insecure, browser=browser, scenarios=_scenarios(scenarios),
            max_pages=max_pages, concurrency=concurrency, page_timeout=page_timeout, site_timeout=site_timeout,
            identity=None if no_forms else _identity(None, None, None, None), repeat=repeat, device=device.value,
            browser_mode=browser_mode.value,
        )
    except ValueError as error:
        _fail(EXIT_USAGE, str(error))
    policy = policy_for(options, operator_allows_private(allow_private))
    try:  # each round reads the fleet again and checks it again; a fleet refused now is refused at once
        read_fleet(sites, policy, lambda warning: err.print(f"pixelhound: warning: {warning}", markup=False))
    except RoundError as error:
        _fail(error.code, str(error))
    # a monitor folder that can never hold a round is refused now, not at every round
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        _fail(EXIT_OUTPUT, f"--out {out}: exists and is not a folder")
    _check_new_folder(new_round_folder(out))
    config = MonitorConfig(
        fleet=sites,
        scan=options, policy=policy,
        out=out, db=db, links=Links(dashboard_url),
        delivery=DeliveryOptions(webhooks=tuple(alert_webhook or ()), commands=tuple(alert_command or ()),
                                 attempts=alert_attempts, backoff=alert_backoff),
    )
    if once:
        raise typer.Exit(monitor_once(config, _console(), err))
    raise typer.Exit(monitor_every(config, interval, _console(), err))


@app.command()
def worker(
    queue: Annotated[str, typer.Option("--queue", help="The Redis broker the coordinator enqueues on (redis://HOST:PORT/N, rediss:// for TLS; password: $PIXELHOUND_QUEUE_PASSWORD).")],
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=SCAN_CONCURRENCY_LIMIT, help="Sites scanned at once (each its own Chromium).")
    ] = SCALE_WORKER_CONCURRENCY,
    browser: Annotated[Optional[str], typer.Option("--browser", help="Path to a Chromium executable.")] = None,
    db: Annotated[Optional[str], typer.Option(
        "--db", help="The store in which this worker records a detached run (scan --detach) when it records "
        "the run's last site; without it such a run is finished by scan --resume DIR --queue URL.")] = None,
    allow_private: AllowPrivateOption = False,
) -> None:
    """Scan sites from the queue until stopped (SIGTERM: the sites in hand are finished first)."""
    from pixelhound.scale import worker_task
    from pixelhound.scale.app import QueueError, check_broker, configure
    from pixelhound.settings import BROWSER_ENV, SCALE_QUEUE_NAME
    from pixelhound.store.engine import StoreError, open_engine

    if browser:
        os.environ[BROWSER_ENV] = browser
    if allow_private:  # the worker's children read the operator's choice from their environment
        os.environ[TARGETS_ALLOW_PRIVATE_ENV] = "1"
    if db is not None:
        try:
            open_engine(db).dispose()  # reachable and at the current schema before any site is taken
        except StoreError as error:
            _fail(EXIT_OUTPUT, str(error))
        worker_task.finishing_store = db
    celery_app = configure(queue)
    try:
        check_broker(queue)
    except QueueError as error:
        _fail(EXIT_OUTPUT, str(error))
    celery_app.worker_main([
        "worker", f"--concurrency={concurrency}", "--pool=prefork", "--loglevel=INFO", f"--queues={SCALE_QUEUE_NAME}",
        f"--hostname=pixelhound-{os.getpid()}@%h", "--without-gossip", "--without-mingle",
    ])


@app.command()
def status(run_dir: Annotated[Path, typer.Argument(help="The run folder of a run started with --queue.")]) -> None:
    """How far a queued run has come: sites done / running / queued / failed."""
    from pixelhound.scale.status import RunFolderError, run_status

    try:
        result = run_status(run_dir)
    except RunFolderError as error:
        _fail(EXIT_BAD_INPUT, str(error).replace("--resume ", ""))
    out = SafeConsole(soft_wrap=True)
    counts = result.counts
    out.print(f"{run_dir}: {result.run_status}; {sum(counts.values())} sites: " +
              ", ".join(f"{counts[state]} {state}" for state in counts), markup=False)
    for name, worker_name in result.running:
        out.print(f"RUNNING  {name} on {worker_name}", markup=False)
    for name, reason in result.failed:
        out.print(f"FAILED   {name}: {reason}", markup=False)
    raise typer.Exit(EXIT_OK)


@app.command()
def verify(
    run_dir: Annotated[Path, typer.Argument(help="A run folder written by scan or demo, or a redacted copy.")],
    pubkey: Annotated[Optional[Path], typer.Option("--pubkey", help="Check manifest.sig under this Ed25519 public key (KEYFILE.pub).")] = None,
    tsa_cert: Annotated[Optional[Path], typer.Option("--tsa-cert", help="Check the timestamp (manifest.tsr) against this TSA or CA certificate (PEM or DER).")] = None,
) -> None:
    """Check a run folder against its manifest: any file added, removed or altered is reported.

    With --pubkey the manifest's signature must verify; a stored timestamp is always checked
    (against --tsa-cert when given). A missing or bad seal that was asked for exits 1."""
    from pixelhound.evidence import ManifestError, read_provenance
    from pixelhound.evidence import verify as verify_folder
    from pixelhound.seal import SealError
    from pixelhound.seal.checks import check_seals
    from pixelhound.seal.signature import load_public_key
    from pixelhound.seal.timestamp import load_trust_anchors
    from pixelhound.store.run_folder import RunFolder

    try:
        result = verify_folder(run_dir)
    except ManifestError as error:
        _fail(EXIT_BAD_INPUT, str(error))
    out = SafeConsole(soft_wrap=True)
    for label, names in (("ADDED", result.added), ("REMOVED", result.removed), ("ALTERED", result.altered),
                         ("NOT FILE", result.special)):
        for name in names:
            out.print(f"{label:<8} {name}", markup=False)
    origin = read_provenance(run_dir).get("redacted_copy_of")
    if isinstance(origin, dict):
        out.print(f"redacted copy of a run folder whose manifest.json had SHA-256 {origin.get('manifest_sha256')} "
                  f"(what was masked and kept: {RunFolder(run_dir).redaction_note.name})", markup=False)
    try:
        seals = check_seals(run_dir, load_public_key(pubkey) if pubkey is not None else None,
                            load_trust_anchors(tsa_cert) if tsa_cert is not None else None)
    except SealError as error:
        _fail(EXIT_BAD_INPUT, str(error))
    for check in seals:
        out.print(check.line, markup=False)
    failed = sum(not check.ok for check in seals)
    if result.intact:
        but = f", but {failed} seal check(s) failed (above)" if failed else ""
        out.print(f"intact: {result.checked} files match the manifest{but}", markup=False)
        raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)
    out.print(
        f"NOT INTACT: {len(result.added)} added, {len(result.removed)} removed, {len(result.altered)} altered, "
        f"{len(result.special)} not regular files, never followed or read (of {result.checked} in the manifest)",
        markup=False,
    )
    raise typer.Exit(EXIT_FINDINGS)


@app.command()
def keygen(key_file: Annotated[Path, typer.Argument(help="The private key to write (KEYFILE.pub gets the public key).")]) -> None:
    """Make an Ed25519 key pair to sign run folders with (the private key unencrypted, mode 0600: keep it safe)."""
    from pixelhound.seal import SealError
    from pixelhound.seal.signature import generate_keys

    try:
        public_file, print_ = generate_keys(key_file)
    except SealError as error:
        _fail(EXIT_OUTPUT, str(error))
    err.print(f"pixelhound: wrote {key_file} (private, keep it safe) and {public_file} (public, {print_}): "
              f"give the public key to whoever checks your evidence", markup=False)


@app.command()
def sign(
    run_dir: Annotated[Path, typer.Argument(help="A run folder with its manifest.")],
    key: Annotated[Path, typer.Option("--key", help="The Ed25519 private key (pixelhound keygen).")],
) -> None:
    """Sign a run folder's manifest (manifest.sig, detached); verify with: pixelhound verify RUN_DIR --pubkey KEYFILE.pub."""
    from pixelhound.seal import SealError
    from pixelhound.seal.signature import load_private_key

    try:
        signer = load_private_key(key)
    except SealError as error:
        _fail(EXIT_BAD_INPUT, str(error))
    _sign_run(run_dir, signer)


def _sign_run(run_dir: Path, signer) -> None:  # noqa: ANN001
    """Sign a run folder's manifest as it now stands (sign, and scan --sign-key once the run is written)."""
    from pixelhound.seal import SealError
    from pixelhound.seal.signature import fingerprint, sign_manifest
    from pixelhound.store.run_folder import RunFolder

    manifest = RunFolder(run_dir).manifest
    if manifest.is_symlink() or not manifest.is_file():
        _fail(EXIT_BAD_INPUT, f"{run_dir}: no manifest.json to sign (not a pixelhound run folder?)")
    try:
        path = sign_manifest(run_dir, signer)
    except SealError as error:
        _fail(EXIT_OUTPUT, str(error))
    err.print(f"pixelhound: signed {path} (key {fingerprint(signer.public_key())})", markup=False)


@app.command()
def stamp(
    run_dir: Annotated[Path, typer.Argument(help="A run folder with its manifest.")],
    tsa: Annotated[str, typer.Option("--tsa", help="The time-stamping authority's URL (RFC 3161 over HTTP).")],
    tsa_cert: Annotated[Optional[Path], typer.Option("--tsa-cert", help="The TSA's (or its CA's) certificate, PEM or DER, to check the reply against.")] = None,
) -> None:
    """Obtain an RFC 3161 timestamp over the manifest's hash, check it, and store it (manifest.tsq, manifest.tsr)."""
    from pixelhound.seal import SealError
    from pixelhound.seal.timestamp import describe, load_trust_anchors, stamp_manifest

    try:
        checked = stamp_manifest(run_dir, tsa, load_trust_anchors(tsa_cert) if tsa_cert is not None else None)
    except SealError as error:
        _fail(EXIT_BAD_INPUT, str(error))
    err.print(f"pixelhound: {describe(checked)}", markup=False)


@app.command()
def redact(
    run_dir: Annotated[Path, typer.Argument(help="A run folder that verifies against its manifest.")],
    out: Annotated[Path, typer.Option("--out", help="A new or empty folder for the copy.")],
    mask: Annotated[Optional[list[str]], typer.Option("--mask", help="Also mask this value everywhere (repeatable).")] = None,
) -> None:
    """Write a copy fit to publish: the canary identity, cookie values, IP addresses, Authorization
    headers and every --mask value masked in every file; leak-proving hashes and screenshots kept;
    a new manifest that names the original's (REDACTED.md in the copy says what was done)."""
    from pixelhound.redact import RedactError, RedactOutputError, redact_run
    from pixelhound.settings import REDACT_MIN_LISTED_CHARS

    short = [value for value in mask or [] if len(value.strip()) < REDACT_MIN_LISTED_CHARS]
    if short:
        _fail(EXIT_USAGE, f"--mask {short[0]!r}: give values of {REDACT_MIN_LISTED_CHARS} characters or more "
              "(a shorter one would be masked in every word)")
    try:
        result = redact_run(run_dir, out, mask or [])
    except RedactOutputError as error:
        _fail(EXIT_OUTPUT, str(error))
    except RedactError as error:
        _fail(EXIT_BAD_INPUT, str(error))
    masked = ", ".join(f"{count} {kind}" for kind, count in sorted(result.masked.items()))
    err.print(f"pixelhound: wrote the redacted copy {out} ({result.files} files; masked: {masked}; "
              f"{sum(len(p) for p in result.proofs.values())} leak-proving hashes kept); check it with: pixelhound verify {out}",
              markup=False)


def _scenarios(text: str) -> tuple[str, ...]:
    """`a,b` -> ("a", "b"), each a known scenario (ValueError naming the unknown one)."""
    from pixelhound.capture.scenarios import SCENARIOS

    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [name for name in chosen if name not in SCENARIOS]
    if unknown or not chosen:
        raise ValueError(f"--scenarios {text!r}: choose from {', '.join(SCENARIOS)}")
    return chosen


def _identity(email: str | None, name: str | None, phone: str | None, postcode: str | None):  # noqa: ANN202
    from pixelhound.assess.canary import CanaryIdentity

    return CanaryIdentity.from_options(email, name, phone, postcode)


def _default_run_folder() -> Path:
    """A new folder for a run without --out, named by the time (never an existing one)."""
    from datetime import datetime, UTC

    from pixelhound.settings import RUN_FOLDER_DEFAULT_PREFIX

    return Path(RUN_FOLDER_DEFAULT_PREFIX + datetime.now(UTC).strftime("%Y%m%d-%H%M%S"))


def _replace_previous_demo(out: Path, run_folders: list[str], store_name: str) -> None:
    """The demo writes into the same folder each time (its run folders and its own store): a previous
    demo's folder is emptied; any other folder that is not empty is refused, like scan's --out."""
    import shutil

    from pixelhound.store.run_folder import RunFolder, RunFolderError

    ours = {*run_folders, store_name, store_name + "-wal", store_name + "-shm"}
    if out.is_dir() and not out.is_symlink():
        entries = list(out.iterdir())
        previous_demo = entries and {entry.name for entry in entries} <= ours and all(
            (RunFolder(entry).read_run() or {}).get("command") == "demo"
            for entry in entries if entry.name in run_folders and not entry.is_symlink()
        )
        if previous_demo and not any(entry.is_symlink() for entry in entries):
            for entry in entries:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    _check_new_folder(out)


def _check_new_folder(folder: Path) -> None:
    """A run folder to write must be new or empty (RunFolder.check_new) and in a place this user
    can write: refused now with exit 4, not as an internal error once the scan has begun."""
    from pixelhound.store.run_folder import RunFolder, RunFolderError

    try:
        RunFolder(folder).check_new()
    except RunFolderError as error:
        _fail(EXIT_OUTPUT, str(error))
    folder = folder.expanduser().absolute()
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        _fail(EXIT_OUTPUT, f"--out {folder}: {existing} is not a folder this user can write in")


def _run(sites, options, resume: bool = False, command: str = "scan"):  # noqa: ANN001, ANN202
    from pixelhound.capture.browser import BrowserNotFound
    from pixelhound.run import run_scan
    from pixelhound.store.run_folder import RunFolderError

    try:
        return run_scan(sites, options, _console(), resume=resume, command=command)
    except BrowserNotFound as error:
        _fail(EXIT_BAD_INPUT, str(error))
    except RunFolderError as error:
        _fail(EXIT_BAD_INPUT if resume else EXIT_OUTPUT, str(error))
    except OSError as error:  # the run folder could not be created or written
        _fail(EXIT_OUTPUT, f"cannot write the run folder {options.out_dir}: {error.strerror or error}")


def _finish(outcome, out: Path, fail_on: Severity | None) -> None:  # noqa: ANN001
    from pixelhound.report.terminal import render_terminal
    from pixelhound.store.run_folder import RunFolder

    render_terminal(outcome.analysis, _console())
    err.print(
        f"pixelhound: report {RunFolder(out).report('report.html')} (also .json, .csv, .md, .sarif, .junit.xml); "
        f"evidence in {RunFolder(out).sites}/; check it with: pixelhound verify {out}",
        markup=False,
    )
    if outcome.not_scanned:
        import signal as signals

        cause = f"by {signals.Signals(outcome.signal).name}" if outcome.signal else "before it finished"
        err.print(
            f"pixelhound: interrupted {cause}: {len(outcome.not_scanned)} site x scenario scan(s) not done "
            f"(listed as not scanned in the report; what was measured is saved and in the manifest); "
            f"continue with: pixelhound scan --resume {out}",
            markup=False,
        )
        raise typer.Exit(128 + outcome.signal if outcome.signal else EXIT_FINDINGS)
    _exit_for(outcome.analysis, fail_on)


def _exit_for(analysis, fail_on: Severity | None) -> None:  # noqa: ANN001
    """Exit 1 when a finding reaches the --fail-on severity, or when anything asked to be judged
    could not be fully (not measured, partly measured, incomplete, a consent scenario unverified):
    a gate must not pass on what was never seen. Else 0."""
    if fail_on is not None:
        if any(SEVERITIES.index(f.severity) >= SEVERITIES.index(fail_on.value) for f in analysis.findings):
            raise typer.Exit(EXIT_FINDINGS)
        unsure = [s for s in analysis.sources if s.measurement() != MEASURED or not s.consent_verified]
        if unsure:
            states = sorted({s.measurement() if s.measurement() != MEASURED else "consent unverified" for s in unsure})
            err.print(f"pixelhound: {len(unsure)} source(s) could not be measured in full or verified "
                      f"({', '.join(states)}): --fail-on does not pass what was never seen", markup=False)
            raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


def _emit(analysis, output_format: OutputFormat, output: Path | None, run_dir: Path | None) -> None:  # noqa: ANN001
    """The report in the chosen format, to a file (with the terminal summary) or to standard output."""
    from pixelhound.report.formats import render
    from pixelhound.report.terminal import render_terminal

    if output_format is OutputFormat.terminal:
        if output is None:
            render_terminal(analysis, _console())
            return
        console = SafeConsole(record=True, width=160, file=open(os.devnull, "w"))  # noqa: SIM115
        render_terminal(analysis, console)
        _write(output, console.export_text().encode("utf-8"))
        err.print(f"pixelhound: wrote {output}", markup=False)
        return
    document = render(analysis, output_format.value, run_dir)
    if output is None:
        sys.stdout.buffer.write(document)
        sys.stdout.flush()
        return
    _write(output, document)
    render_terminal(analysis, _console())
    err.print(f"pixelhound: wrote {output}", markup=False)


def _console() -> SafeConsole:
    """Standard output, at least wide enough for the recipients table."""
    console = SafeConsole()
    if console.width < 120:
        console = SafeConsole(width=120)
    return console


def main() -> None:
    """Entry point: run the app; an unexpected error is one line, not a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("pixelhound: interrupted", markup=False)
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the last line of defence for the user
        if os.environ.get("PIXELHOUND_DEBUG"):
            raise
        err.print(
            f"pixelhound: internal error: {type(error).__name__}: {error} "
            "(set PIXELHOUND_DEBUG=1 for details)",
            markup=False,
        )
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
