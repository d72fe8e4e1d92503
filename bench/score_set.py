"""Score a labelled set whose rows name their site, as a recipient sees it: through the scan's path.

    python bench/score_set.py SET.jsonl              # scan-path score, then the text-only score
    python bench/score_set.py SET.jsonl --misses 0   # figures only

Each row: {"text", "kind": "url|title|button|search|form|event", "site_name", "site_url",
"site_title", "sensitive", "categories"}. Per site a HAR is built with the site's home page and,
for each text, the tracker request a real tracker would carry it in; `analyze`'s own pipeline
judges them (site context and field context included), and each text is scored by the verdict of
the disclosures carrying it (`pixelhound.classify.scan_score`). The text-only score of the same rows
(`classify_text` on the bare text) is printed after it, from the same run, for comparison.

Exit 0 when scored; 3 (the README's bad-input code) with one line for a set that cannot be read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pixelhound.classify import classify_text
from pixelhound.classify.evaluate import Scores, load_checked, score, table
from pixelhound.classify.scan_score import check_rows, score_through_scan
from pixelhound.settings import EXIT_BAD_INPUT


def _shown(scores: Scores, title: str, misses: int) -> str:
    """The table with at most `misses` misses listed (sensitivity first, then categories)."""
    misses_start = ("  false positive", "  false negative", "  other categories")
    lines = table(scores, title).splitlines()
    head = [line for line in lines if not line.startswith(misses_start)]
    listed = [line for line in lines if line.startswith(misses_start)]
    more = [f"  ... and {len(listed) - misses} more misses"] if len(listed) > misses else []
    return "\n".join(head + listed[:misses] + more)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set", type=Path, help="a JSONL set whose rows name their site")
    parser.add_argument("--misses", type=int, default=200, help="list at most this many misses per score")
    parser.add_argument("--site-category", default="", help="say what every site is instead of inferring it")
    args = parser.parse_args(argv)
    rows = load_checked(args.set, check_rows, "score_set")
    if rows is None:
        return EXIT_BAD_INPUT
    result = score_through_scan(rows, args.site_category)
    specialist = sorted(f"{site} ({', '.join(c.categories)})" for site, c in result.sites.items() if c.specialist)
    print(f"{len(result.sites)} sites, {len(specialist)} judged specialist services: {'; '.join(specialist) or 'none'}")
    print(_shown(result.scores, f"through the scan's path ({args.set.name})", args.misses))
    if result.not_measured:
        print(f"NOT MEASURED: {len(result.not_measured)} texts no disclosure carried (not scored):")
        for row in result.not_measured[: args.misses]:
            print(f"  {row['kind']}: {row['text']!r} ({row['site_url']})")
    print()
    print(_shown(score(rows, classify_text), f"text only, same rows ({args.set.name})", args.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
