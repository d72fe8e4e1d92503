"""Figures for docs/blacklight-comparison.md: what pixelhound decodes in the six real captures,
against what Blacklight reported for the same visits.

    python tools/compare_blacklight.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from pixelhound.analysis import analyze_hars

REALWORLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "realworld"


def main() -> None:
    for folder in sorted(p for p in REALWORLD.iterdir() if (p / "requests.har").exists()):
        reports = json.loads((folder / "blacklight-inspection.json").read_text())["reports"]
        entries = json.loads((folder / "requests.har").read_text())["log"]["entries"]
        har_hosts = {urlsplit(e["request"]["url"]).hostname for e in entries}
        analysis = analyze_hars([folder / "requests.har"])
        bl_hosts = {urlsplit(t["url"]).hostname for t in reports["third_party_trackers"]}
        print(f"## {folder.name}")
        print(f"- HAR entries: {len(entries)}; Blacklight tracker requests: {len(reports['third_party_trackers'])} "
              f"on {len(bl_hosts)} hosts, {len(bl_hosts - har_hosts)} of them absent from the HAR")
        print(f"- Blacklight Meta Pixel events: {len(reports['fb_pixel_events'])}; "
              f"pixelhound Meta disclosures: {sum(1 for d in analysis.disclosures if d.vendor == 'meta')}")
        products = Counter(d.product for d in analysis.disclosures if d.category != "unknown")
        print(f"- pixelhound disclosures: {len(analysis.disclosures)} to {len({d.vendor for d in analysis.disclosures})} recipients; "
              f"by named product: {dict(products.most_common(12))}")
        posts = [d for d in analysis.disclosures if d.method == "POST" and d.transport != "query"]
        print(f"- POST bodies decoded: {len(posts)} ({dict(Counter(d.product for d in posts))})")
        kinds = Counter(i.kind for d in analysis.disclosures for i in d.identifiers if i.kind != "ip_address")
        print(f"- identifiers found: {dict(kinds)}")
        titles = {f.value for d in analysis.disclosures for f in d.fields if f.name == "page_title"}
        print(f"- page titles sent to third parties: {len(titles)} distinct")
        events = Counter(d.event for d in analysis.disclosures if d.event and d.vendor != "meta")
        print(f"- non-Meta events decoded: {dict(events.most_common(10))}")
        print(f"- findings: {[f'{f.severity} {f.rule} {f.company}' for f in analysis.findings][:12]}")
        print()


if __name__ == "__main__":
    main()
