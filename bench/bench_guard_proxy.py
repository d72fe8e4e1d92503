"""What the private-target guard's resolving proxy costs a scan, and that it loses nothing.

Demo trusts are scanned twice in the same run, one after the other (the order alternates with
--repeat), one scenario each:
  guarded    as a real guarded scan: each trust's own hosts mapped with --resolve, every tracker
             host left to "DNS", so every tracker request goes through the resolving proxy. The
             machine is offline, so the proxy's resolver answers each demo host with a public
             documentation-free address and its connector routes that address to the demo server
             (the one thing swapped in: what --resolve does for the browser, done for the proxy).
  unguarded  the demo's own resolver rules (every host mapped, `MAP * ~NOTFOUND`): no proxy.
It prints wall seconds of each and the ratio guarded / unguarded, and per mode the completeness
(request units the demo server received that are in the evidence, as tests/scan/test_completeness.py
counts them), requests seen by the network record and unrecovered ones.

    python bench/bench_guard_proxy.py [--trusts 0,8] [--max-pages 2] [--repeat 1]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pixelhound.capture.browser as browser
from pixelhound.capture.resolving_proxy import ResolvingProxy
from pixelhound.capture.scan import ScanOptions, Site, SiteScan, scan_fleet
from pixelhound.demo.server import DemoInternet
from pixelhound.demo.trusts import TRUSTS
from pixelhound.scan_setup import build_options, policy_for, prepare_fleet

ROUTED_ADDRESS = "93.184.215.14"  # a global address: the guard lets it through


def units(method: str, host: str, path: str, body: bytes) -> list[tuple[str, str, str, bytes]]:
    """A request as comparable units: one per body line (the completeness test's measure)."""
    return [(method, host, path, line) for line in [line for line in body.split(b"\n") if line] or [b""]]


def completeness(internet: DemoInternet, scans: list[SiteScan]) -> tuple[int, int]:
    received = Counter(u for r in internet.log.snapshot() for u in units(r.method, r.host, r.path, r.body))
    evidence: Counter[tuple[str, str, str, bytes]] = Counter()
    for capture in (c for scan in scans for c in scan.captures if not c.intercepted):
        split = urlsplit(capture.url)
        path = (split.path or "/") + (f"?{split.query}" if split.query else "")
        evidence.update(units(capture.method, (split.hostname or "").lower(), path, capture.body or b""))
    missing = received - evidence
    return sum(received.values()) - sum(missing.values()), sum(received.values())


def options_for(mode: str, internet: DemoInternet, sites: list[Site], out: Path, max_pages: int) -> tuple[list[Site], ScanOptions]:
    common = {"insecure": True, "scenarios": ("no-interaction",), "max_pages": max_pages}
    if mode == "unguarded":
        options = build_options(out, **common)
        return sites, replace(options, browser=replace(options.browser, resolver_rules=internet.resolver_rules()))
    first_party = [host for trust in internet.trusts for host in trust.first_party_hosts]
    options = build_options(out, resolve=[f"{host}=127.0.0.1:{internet.port}" for host in first_party], **common)
    return prepare_fleet(sites, options, policy_for(options, allow_private=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trusts", default="0,8", help="indexes into the demo's trusts (8: GA4 held until pagehide)")
    parser.add_argument("--max-pages", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    trusts = tuple(TRUSTS[int(i)] for i in args.trusts.split(","))
    with DemoInternet(trusts=trusts, hostile_site=False) as internet, tempfile.TemporaryDirectory() as folder:
        served = set(internet.hosts)

        async def to_demo(_address: str, _port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
            return await asyncio.open_connection("127.0.0.1", internet.port)

        class RoutedProxy(ResolvingProxy):
            def __init__(self) -> None:
                super().__init__(resolver=lambda host: [ROUTED_ADDRESS] if host in served else [], connect=to_demo)

        browser.ResolvingProxy = RoutedProxy  # type: ignore[misc]  # open_profile's proxy, routed to the demo
        sites = [Site(trust.name, trust.start_url) for trust in trusts]
        seconds: dict[str, list[float]] = {"guarded": [], "unguarded": []}
        for round_number in range(args.repeat):
            modes = ("guarded", "unguarded") if round_number % 2 == 0 else ("unguarded", "guarded")
            for mode in modes:
                targets, options = options_for(mode, internet, sites, Path(folder) / f"{mode}-{round_number}", args.max_pages)
                internet.log.clear()
                started = time.monotonic()
                scans = asyncio.run(scan_fleet(targets, options))
                seconds[mode].append(time.monotonic() - started)
                found, received = completeness(internet, scans)
                print(f"{mode:9} round {round_number + 1}: {seconds[mode][-1]:6.1f} s; completeness {found}/{received} units; "
                      f"network record {sum(s.network_requests for s in scans)}, unrecovered {sum(s.unrecovered for s in scans)}, "
                      f"refused {sum(s.guard_refused for s in scans)}; measured {[s.measured for s in scans]}")
        guarded, unguarded = sum(seconds["guarded"]), sum(seconds["unguarded"])
        print(f"guarded / unguarded wall time: {guarded / unguarded:.2f} ({guarded:.1f} s / {unguarded:.1f} s)")


if __name__ == "__main__":
    sys.exit(main())
