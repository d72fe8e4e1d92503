"""The added cost of the three consent scenarios against one, per site.

Each demo trust is scanned on its own (concurrency 1), first under `no-interaction` only, then under
`no-interaction`, `reject-all` and `accept-all`, with the same page budget; the table gives seconds
and CPU seconds (browser tree + this process) per site for both, and their ratio. Three scenarios
cost about three scans plus the banner work (autoconsent detection, the fallback, the reload);
the ratio above 3 is that extra.

    python bench/bench_scenarios.py [--trusts 3] [--max-pages 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scan import DemoProcess, become_subreaper, full_scan, say, timed  # noqa: E402

from pixelhound.capture.browser import BrowserOptions  # noqa: E402
from pixelhound.capture.scan import ScanOptions, Site  # noqa: E402
from pixelhound.capture.scenarios import ALL_SCENARIOS, NO_INTERACTION  # noqa: E402


def measure(site: Site, rules: str, scenarios: tuple[str, ...], max_pages: int, exclude: set[int]) -> tuple[float, float, int]:
    """(seconds, CPU seconds, pages) for one site under these scenarios."""
    out = Path(tempfile.mkdtemp(prefix="pixelhound-bench-scenarios-"))
    options = ScanOptions(
        browser=BrowserOptions(resolver_rules=rules, insecure=True),
        out_dir=out,
        max_pages=max_pages,
        concurrency=1,
        scenarios=scenarios,
    )
    try:
        scans, usage = timed(lambda: full_scan([site], options, False), 0.5, exclude)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return usage.seconds, usage.tree_cpu + usage.python_cpu, sum(len(scan.pages) for scan in scans)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trusts", type=int, default=3, help="demo trusts to scan (those with banners come first)")
    parser.add_argument("--max-pages", type=int, default=5, help="pages per site and scenario")
    args = parser.parse_args()
    become_subreaper()
    with DemoProcess(trusts=8) as demo:
        exclude = {os.getpid(), demo.pid or 0}
        sites = demo.sites[: args.trusts]
        print(f"Consent scenarios: cost of three against one, per site ({args.max_pages} pages per scenario, concurrency 1)")
        header = f"{'site':<44} {'1 scen. s':>9} {'3 scen. s':>9} {'×time':>6} {'1 CPU s':>8} {'3 CPU s':>8} {'×CPU':>6} {'pages 1/3':>10}"
        print(header)
        print("-" * len(header))
        for site in sites:
            say(f"  {site.name}")
            one = measure(site, demo.rules, (NO_INTERACTION,), args.max_pages, exclude)
            three = measure(site, demo.rules, ALL_SCENARIOS, args.max_pages, exclude)
            print(
                f"{site.name[:44]:<44} {one[0]:>9.1f} {three[0]:>9.1f} {three[0] / one[0]:>6.2f} "
                f"{one[1]:>8.1f} {three[1]:>8.1f} {three[1] / one[1]:>6.2f} {one[2]:>4}/{three[2]:<5}"
            )


if __name__ == "__main__":
    main()
