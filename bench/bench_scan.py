"""Live-scan throughput and peak memory on the demo internet, against the floor of just loading the pages.

The demo internet (every fictional trust and tracker emulator, loopback only) runs in a child
process, so that this process's memory and CPU are the scanner's own. Then, at each concurrency:
  scan   pixelhound's full scan (scan_fleet over the demo trusts, the options `pixelhound demo`
         uses: canary identity, forms, site search, screenshots, HAR written), into a temporary folder
  no-net (with --no-net) the same scan without the network record (Chromium's NetLog, capture/collectors/network.py),
         so that the record's own cost is the ratio scan / no-net, measured in the same run
  floor  a bare Playwright loop over exactly the page URLs that scan visited, in the same set-up
         (a fresh profile per site via open_profile, the same launch switches and resolver rules,
         the same concurrency: sites in parallel, pages one after another), one tab per site and
         `page.goto(url, wait_until="load")` only: no recorder, no journeys, no evidence.
Both time everything from starting Playwright to the last browser closed. While each runs, a thread
samples every --interval seconds the PSS of the whole Chromium process tree under this process
(Linux; PSS shares each shared page out among the processes mapping it, so the sum is the tree's
real footprint), of Playwright's Node driver, and of this Python process, and keeps the peaks.

It prints pages per minute, peak memory and the ratios scan/floor at the same concurrency. The
ratio says what the scanner's work per page (settling, scrolling, clicks, forms, search, the
recorder, screenshots) costs over the least any browser-driven scan of those pages must pay.

    python bench/bench_scan.py [--trusts 7] [--max-pages 12] [--concurrency 1,2] [--repeat 1] [--no-net]

Then, per concurrency, where the scan's time went: seconds per phase of the visits (load, settle,
consent, scroll, clicks, forms, search, screenshot, html, dwell, leave, tab), as the scan's own
debug log gives them per page.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

import psutil

from pixelhound.assess.canary import CanaryIdentity
from pixelhound.capture.browser import BrowserOptions, browser_version, find_chromium, open_profile
from pixelhound.capture.scan import ScanOptions, Site, SiteScan, scan_fleet
from pixelhound.demo.trusts import TRUSTS
from pixelhound.settings import BROWSER_MODE, BROWSER_MODES, SCAN_PAGE_TIMEOUT

MIB = 1024 * 1024
PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
T = TypeVar("T")


# --- the demo internet, in its own process ------------------------------------------------------


def serve_demo(connection: Connection, trusts: int) -> None:
    """Child process: run the demo internet, send (sites, resolver rules), serve until told to stop."""
    from pixelhound.demo.server import DemoInternet

    with DemoInternet(TRUSTS[:trusts]) as internet:
        sites = [(trust.name, url) for trust, url in zip(internet.trusts, internet.start_urls())]
        connection.send((sites, internet.resolver_rules()))
        connection.recv()  # any message, or EOF when the parent dies, stops the server


class DemoProcess:
    """The demo internet in a child process: its request handling must not count as the scanner's."""

    def __init__(self, trusts: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._ours, theirs = context.Pipe()
        self._process = context.Process(target=serve_demo, args=(theirs, trusts), name="demo-internet", daemon=True)
        self.sites: list[Site] = []
        self.rules = ""

    def __enter__(self) -> DemoProcess:
        self._process.start()
        if not self._ours.poll(60):
            self._process.kill()
            raise RuntimeError("the demo internet did not start within 60 s")
        try:
            sites, self.rules = self._ours.recv()
        except EOFError:
            raise RuntimeError("the demo internet process failed to start (its traceback is above)") from None
        self.sites = [Site(name=name, url=url) for name, url in sites]
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._ours.send("stop")
        except OSError:
            pass
        self._process.join(10)
        if self._process.is_alive():
            self._process.kill()

    @property
    def pid(self) -> int | None:
        return self._process.pid


# --- memory sampling ----------------------------------------------------------------------------


@dataclass
class Peaks:
    """Peak memory seen during one run, in bytes, and how many processes the browser tree had."""

    browser_pss: int = 0
    driver_pss: int = 0
    python_pss: int = 0
    python_rss: int = 0
    browser_processes: int = 0
    samples: int = 0
    sampler_cpu: float = 0.0  # the sampler's own CPU seconds, taken out of this process's CPU figure


class MemorySampler(threading.Thread):
    """Samples this process's descendants (minus the demo server) every `interval` seconds."""

    def __init__(self, interval: float, exclude: set[int]) -> None:
        super().__init__(name="memory-sampler", daemon=True)
        self.interval = interval
        self.exclude = exclude
        self.peaks = Peaks()
        self._halt = threading.Event()
        self._me = psutil.Process()

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)
        self.sample()
        self.peaks.sampler_cpu = time.thread_time()

    def stop(self) -> Peaks:
        self._halt.set()
        self.join()
        return self.peaks

    def sample(self) -> None:
        browser = driver = count = 0
        for process in descendants(self.exclude):
            try:
                name = process.name()
                pss = process.memory_full_info().pss
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue  # processes come and go between listing and reading
            if name.startswith("chrom"):
                browser += pss
                count += 1
            elif name.startswith("node"):
                driver += pss
        own = self._me.memory_full_info()
        peaks = self.peaks
        peaks.browser_pss = max(peaks.browser_pss, browser)
        peaks.driver_pss = max(peaks.driver_pss, driver)
        peaks.python_pss = max(peaks.python_pss, own.pss)
        peaks.python_rss = max(peaks.python_rss, own.rss)
        peaks.browser_processes = max(peaks.browser_processes, count)
        peaks.samples += 1


def descendants(exclude: set[int]) -> list[psutil.Process]:
    """This process's descendants, leaving out `exclude` and everything under it."""
    found = []
    for child in psutil.Process().children():
        if child.pid in exclude:
            continue
        found.append(child)
        try:
            found += child.children(recursive=True)
        except psutil.NoSuchProcess:
            pass
    return found


def become_subreaper() -> bool:
    """Adopt orphaned descendants, so that their CPU time comes back to RUSAGE_CHILDREN.

    Chromium's crashpad handlers and zygotes outlive the browser process that started them; without
    this they are re-parented to init and their CPU time is lost to us (a third of the tree's, here).
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def reap_orphans() -> None:
    """Reap the adopted Chromium processes that have exited (never the driver: asyncio reaps it)."""
    for child in psutil.Process().children():
        try:
            if child.status() == psutil.STATUS_ZOMBIE and child.name().startswith("chrom"):
                os.waitpid(child.pid, os.WNOHANG)
        except (psutil.Error, ChildProcessError):
            pass


def wait_for_browsers_to_exit(exclude: set[int], limit: float = 15.0) -> int:
    """Wait until no Chromium is left from the last run, so the next run's figures are its own."""
    deadline = time.monotonic() + limit
    while True:
        reap_orphans()
        left = []
        for process in descendants(exclude):
            try:
                if process.name().startswith(("chrom", "node")) and process.status() != psutil.STATUS_ZOMBIE:
                    left.append(process)
            except psutil.Error:
                pass
        if not left or time.monotonic() > deadline:
            return len(left)
        time.sleep(0.1)


# --- the two modes ------------------------------------------------------------------------------


@dataclass
class Usage:
    """One run's wall time and CPU seconds: the browser tree (and driver), and this process."""

    seconds: float
    tree_cpu: float
    python_cpu: float
    peaks: Peaks
    load: float  # the machine's 1-minute load average at the end: others' work inflates `seconds`


@dataclass
class Run:
    """One timed run: what it visited, how long it took, its CPU and its memory peaks."""

    mode: str
    concurrency: int
    sites: int
    pages: int
    usage: Usage
    urls: dict[str, list[str]] = field(default_factory=dict)  # site name -> page URLs, in order
    errors: int = 0
    notes: list[str] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)  # seconds per phase, summed over the site scans


def say(text: str) -> None:
    print(text, flush=True)


async def full_scan(sites: list[Site], options: ScanOptions, verbose: bool) -> list[SiteScan]:
    """pixelhound's own scan, with a progress line as each site starts (every page with --verbose)."""
    started = time.perf_counter()
    seen: dict[str, int] = {}

    def progress(site: Site, scenario: str, repeat: int, url: str) -> None:
        seen[site.name] = seen.get(site.name, 0) + 1
        if verbose or seen[site.name] == 1:
            say(f"    {time.perf_counter() - started:6.1f}s  scan   {site.name[:32]:<32} page {seen[site.name]:>2}  {url}")

    return await scan_fleet(sites, options, progress)


async def floor_loop(urls: dict[str, list[str]], browser: BrowserOptions, concurrency: int,
                     timeout: float, verbose: bool) -> int:
    """The least a browser-driven scan of these pages can cost; returns how many loads failed."""
    from playwright.async_api import async_playwright

    started = time.perf_counter()
    semaphore = asyncio.Semaphore(max(1, concurrency))
    errors = 0
    async with async_playwright() as playwright:
        executable = find_chromium(browser.executable, playwright, browser.mode)
        version = browser_version(executable)

        async def one(name: str, pages: list[str]) -> None:
            nonlocal errors
            async with semaphore:
                profile = await open_profile(playwright, browser, executable, version)
                try:
                    tab = await profile.context.new_page()
                    for number, url in enumerate(pages, start=1):
                        if verbose or number == 1:
                            say(f"    {time.perf_counter() - started:6.1f}s  floor  {name[:32]:<32} page {number:>2}  {url}")
                        try:
                            await tab.goto(url, wait_until="load", timeout=timeout * 1000)
                        except Exception as error:  # noqa: BLE001 - counted, like the scan counts its errors
                            errors += 1
                            say(f"    floor: {url}: {str(error).splitlines()[0][:160]}")
                finally:
                    await profile.close()

        await asyncio.gather(*(one(name, pages) for name, pages in urls.items()))
    return errors


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def timed(work: Callable[[], Coroutine[Any, Any, T]], interval: float, exclude: set[int]) -> tuple[T, Usage]:
    """Run a coroutine factory under the memory sampler; its result and what it used.

    The tree's CPU comes from RUSAGE_CHILDREN: once Playwright's driver has exited and been reaped,
    it holds the driver's and every Chromium process's CPU time (each parent reaps its own children),
    which sampling could not give for renderers that come and go between samples."""
    left = wait_for_browsers_to_exit(exclude)
    if left:
        say(f"    note: {left} browser/driver processes from the previous run were still alive")
    sampler = MemorySampler(interval, exclude)
    children, own = cpu_seconds(resource.RUSAGE_CHILDREN), cpu_seconds(resource.RUSAGE_SELF)
    sampler.start()
    start = time.perf_counter()
    try:
        result = asyncio.run(work())
    finally:
        seconds = time.perf_counter() - start
        peaks = sampler.stop()
    left = wait_for_browsers_to_exit(exclude)
    if left:
        say(f"    note: {left} browser/driver processes outlived the run; their CPU time is not counted")
    usage = Usage(
        seconds=seconds,
        tree_cpu=cpu_seconds(resource.RUSAGE_CHILDREN) - children,
        python_cpu=cpu_seconds(resource.RUSAGE_SELF) - own - peaks.sampler_cpu,
        peaks=peaks,
        load=os.getloadavg()[0],
    )
    return result, usage


def run_scan(sites: list[Site], rules: str, concurrency: int, max_pages: int, interval: float,
             exclude: set[int], verbose: bool, network_record: bool = True, browser_mode: str = BROWSER_MODE) -> Run:
    """One full scan at `concurrency`, in a temporary run folder removed afterwards."""
    out = Path(tempfile.mkdtemp(prefix="pixelhound-bench-scan-"))
    options = ScanOptions(
        browser=BrowserOptions(resolver_rules=rules, insecure=True, mode=browser_mode),
        out_dir=out,
        max_pages=max_pages,
        concurrency=concurrency,
        identity=CanaryIdentity(),
        network_record=network_record,
    )
    try:
        scans, usage = timed(lambda: full_scan(sites, options, verbose), interval, exclude)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    run = Run("scan" if network_record else "no-net", concurrency, len(scans), sum(len(s.pages) for s in scans), usage)
    for scan in scans:
        run.urls[scan.site.name] = [page.url for page in scan.pages]
        for name, seconds in scan.phase_seconds.items():
            run.phases[name] = run.phases.get(name, 0.0) + seconds
        run.errors += sum(1 for page in scan.pages if page.error)
        if not scan.measured:
            run.notes.append(f"{scan.site.name}: NOT MEASURED ({scan.reason})")
        for warning in scan.warnings:
            run.notes.append(f"{scan.site.name}: {warning}")
        for page in scan.pages:
            if page.error:
                run.notes.append(f"{scan.site.name}: {page.url}: {page.error[:160]}")
    return run


def run_floor(urls: dict[str, list[str]], rules: str, concurrency: int, interval: float,
              exclude: set[int], verbose: bool, browser_mode: str = BROWSER_MODE) -> Run:
    """The bare loop over the scan's own page URLs, at the same concurrency, in the same browser."""
    browser = BrowserOptions(resolver_rules=rules, insecure=True, mode=browser_mode)
    errors, usage = timed(lambda: floor_loop(urls, browser, concurrency, SCAN_PAGE_TIMEOUT, verbose), interval, exclude)
    return Run("floor", concurrency, len(urls), sum(len(pages) for pages in urls.values()), usage,
               urls=urls, errors=errors)


# --- the table ----------------------------------------------------------------------------------


def ratio(value: float, floor: float | None) -> str:
    return f"{value / floor:.2f}" if floor else "1.00"


def row(run: Run, floor: Run | None) -> str:
    """One line of the table; ratios are to `floor` (a floor row is its own 1.00)."""
    usage, peaks = run.usage, run.usage.peaks
    base = floor.usage if floor else None
    cpu = usage.tree_cpu + usage.python_cpu
    per_minute = run.pages / usage.seconds * 60 if usage.seconds else 0.0
    return (
        f"{run.mode:<6} {run.concurrency:>4} {run.sites:>5} {run.pages:>5} {run.errors:>4} {usage.seconds:>7.1f} "
        f"{per_minute:>9.1f} {ratio(usage.seconds, base and base.seconds):>6} "
        f"{cpu:>7.1f} {ratio(cpu, base and base.tree_cpu + base.python_cpu):>6} {usage.tree_cpu:>8.1f} {usage.python_cpu:>6.1f} "
        f"{peaks.browser_pss / MIB:>11.0f} {peaks.browser_processes:>5} {ratio(peaks.browser_pss, base and base.peaks.browser_pss):>6} "
        f"{peaks.driver_pss / MIB:>10.0f} {peaks.python_pss / MIB:>10.0f} {peaks.python_rss / MIB:>10.0f} "
        f"{usage.load:>5.1f}"
    )


HEADER = (
    f"{'mode':<6} {'conc':>4} {'sites':>5} {'pages':>5} {'errs':>4} {'seconds':>7} "
    f"{'pages/min':>9} {'×floor':>6} "
    f"{'CPU s':>7} {'×floor':>6} {'tree CPU':>8} {'py CPU':>6} "
    f"{'browser MiB':>11} {'procs':>5} {'×floor':>6} "
    f"{'driver MiB':>10} {'py PSS MiB':>10} {'py RSS MiB':>10} {'load':>5}"
)


def phase_table(run: Run) -> list[str]:
    """Where the scan's time went, phase by phase (seconds summed over its site scans, which run
    side by side at concurrency above 1, so they add up to more than the wall time)."""
    total = sum(run.phases.values())
    lines = [f"per-phase times of scan at concurrency {run.concurrency} ({run.pages} pages; seconds summed over "
             f"{run.sites} site scans, {total:.1f} s in all):",
             f"  {'phase':<10} {'seconds':>8} {'per page':>8} {'share':>6}"]
    for name, seconds in sorted(run.phases.items(), key=lambda item: -item[1]):
        lines.append(f"  {name:<10} {seconds:>8.1f} {seconds / max(1, run.pages):>8.2f} {seconds / max(total, 1e-9):>6.0%}")
    return lines


def warm_up() -> None:
    """Pay this process's one-time costs before anything is timed (the classifier's lexicon and
    medicine names load on the first page plan: seconds that would otherwise go to whichever mode
    runs first)."""
    from pixelhound.classify.api import classify_text

    classify_text("warm up: sexual health clinic")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trusts", type=int, default=len(TRUSTS),
                        help=f"how many demo trusts to scan (1-{len(TRUSTS)}, default all {len(TRUSTS)})")
    parser.add_argument("--max-pages", type=int, default=12, help="pages per trust, as `pixelhound demo --max-pages`")
    parser.add_argument("--concurrency", default="1,2", help="comma-separated concurrencies to measure")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (best time kept)")
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between memory samples")
    parser.add_argument("--verbose", action="store_true", help="a progress line for every page, not every site")
    parser.add_argument("--browser-mode", default=BROWSER_MODE, choices=BROWSER_MODES,
                        help="the browser of the scan and of its floor alike (docs/capture.md, \"Browser mode\")")
    parser.add_argument("--no-net", action="store_true",
                        help="also run the scan without the network record (its cost: scan / no-net)")
    args = parser.parse_args()
    if not sys.platform.startswith("linux"):
        parser.error("PSS is read from /proc: this bench runs on Linux only")
    levels = [int(level) for level in args.concurrency.split(",") if level.strip()]
    if not 1 <= args.trusts <= len(TRUSTS) or args.max_pages < 1 or args.repeat < 1 or not levels or min(levels) < 1:
        parser.error(f"--trusts is 1-{len(TRUSTS)}; --max-pages, --repeat and each concurrency at least 1")
    if not become_subreaper():
        print("note: could not become a child subreaper; CPU of orphaned Chromium processes is not counted")

    print(f"Live scan vs bare page loads on the demo internet (loopback only); {psutil.cpu_count()} CPUs, "
          f"best of {args.repeat}", flush=True)
    warm_up()
    results: list[tuple[Run, Run | None, Run]] = []
    with DemoProcess(args.trusts) as demo:
        exclude = {demo.pid} if demo.pid else set()
        say(f"  demo internet up: {len(demo.sites)} trusts, max {args.max_pages} pages each")
        for concurrency in levels:
            best_scan: Run | None = None
            best_bare: Run | None = None
            best_floor: Run | None = None
            for attempt in range(1, args.repeat + 1):
                runs: dict[bool, Run] = {}
                # Alternate which mode goes first, so that a drift in the machine's load favours neither.
                for network_record in ((True, False) if attempt % 2 else (False, True)) if args.no_net else (True,):
                    mode = "scan  " if network_record else "no-net"
                    say(f"  {mode} concurrency {concurrency} (run {attempt}/{args.repeat})"
                        + ("" if network_record else ": the scan without the network record"))
                    runs[network_record] = run_scan(demo.sites, demo.rules, concurrency, args.max_pages, args.interval,
                                                    exclude, args.verbose, network_record=network_record,
                                                    browser_mode=args.browser_mode)
                    say(f"    done: {runs[network_record].pages} pages in {runs[network_record].usage.seconds:.1f}s")
                scan, bare = runs[True], runs.get(False)
                say(f"  floor concurrency {concurrency} (run {attempt}/{args.repeat})")
                floor = run_floor(scan.urls, demo.rules, concurrency, args.interval, exclude, args.verbose,
                                  args.browser_mode)
                say(f"    done: {floor.pages} pages in {floor.usage.seconds:.1f}s")
                if best_scan is None or scan.usage.seconds < best_scan.usage.seconds:
                    best_scan = scan
                if bare is not None and (best_bare is None or bare.usage.seconds < best_bare.usage.seconds):
                    best_bare = bare
                if best_floor is None or floor.usage.seconds < best_floor.usage.seconds:
                    best_floor = floor
            assert best_scan is not None and best_floor is not None
            results.append((best_scan, best_bare, best_floor))

    print()
    print(HEADER)
    print("-" * len(HEADER))
    for scan, bare, floor in results:
        print(row(floor, None))
        if bare is not None:
            print(row(bare, floor))
        print(row(scan, floor))
    for scan, bare, _ in results:
        if bare is None:
            continue
        cpu, bare_cpu = scan.usage.tree_cpu + scan.usage.python_cpu, bare.usage.tree_cpu + bare.usage.python_cpu
        print(f"network record at concurrency {scan.concurrency}: scan time ×{ratio(scan.usage.seconds, bare.usage.seconds)}, "
              f"CPU ×{ratio(cpu, bare_cpu)} (browser tree +{scan.usage.tree_cpu - bare.usage.tree_cpu:.1f} s, "
              f"this process +{scan.usage.python_cpu - bare.usage.python_cpu:.1f} s; scan over no-net, same pages)")
    print("seconds: from starting Playwright to the last browser closed. ×floor: over the floor row above it")
    print("(same pages, same concurrency). CPU s: user+system of Chromium, Playwright's driver and this")
    print("process together (tree CPU: Chromium and the driver; py CPU: this process). browser MiB: peak")
    print("PSS of all Chromium processes summed (procs: most at once).")
    print("driver: Playwright's Node process. py: this process; the demo internet runs in its own process.")
    print("floor: the scan's own page URLs, one tab per site, goto(wait_until='load') only. load: the")
    print(f"1-minute load average as the run ended ({psutil.cpu_count()} CPUs): above that, other work was slowing it.")
    for scan, _, _ in results:
        print()
        print("\n".join(phase_table(scan)))
    sampler = sum(run.usage.peaks.sampler_cpu for trio in results for run in trio if run is not None)
    wall = sum(run.usage.seconds for trio in results for run in trio if run is not None)
    print(f"The memory sampler itself used {sampler:.1f} CPU s ({sampler / wall:.0%} of one core), not counted above.")
    notes = [note for scan, _, _ in results for note in dict.fromkeys(scan.notes)]
    if notes:
        print("\nThe scan reported:")
        for note in dict.fromkeys(notes):
            print(f"  {note}")


if __name__ == "__main__":
    main()
