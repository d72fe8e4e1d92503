"""Score a labelled set of site and field cases, as the analysis judges them.

    python bench/score_context_set.py SET.jsonl              # figures, then every miss
    python bench/score_context_set.py SET.jsonl --misses 0   # figures only

A "site" row lists what a site says about itself (`"site": [[place, text], ...]`) and is judged by
`infer_context` (specialist or not, and its categories); a "field" row is one tracker parameter
(`name`, `value`, `source`, `decoder`) judged by `classify_fields` with that decoder's technical
parameters (`pixelhound.classify.context_score`). Rows of other kinds are skipped. Precision and
recall per kind, and each labelled category's recall, are printed.

Exit 0 when scored; 3 (the README's bad-input code) with one line for a set that cannot be read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pixelhound.classify.context_score import check_context_rows, score_context
from pixelhound.classify.evaluate import load_checked
from pixelhound.settings import EXIT_BAD_INPUT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set", type=Path, help="a JSONL set of site and field rows")
    parser.add_argument("--misses", type=int, default=200, help="list at most this many misses")
    args = parser.parse_args(argv)
    rows = load_checked(args.set, check_context_rows, "score_context_set")
    if rows is None:
        return EXIT_BAD_INPUT
    scores = score_context(rows)
    for kind, c in scores.kinds.items():
        print(f"{kind}: n={c.tp + c.fp + c.fn + c.tn} precision {c.precision:.3f} recall {c.recall:.3f} "
              f"(tp {c.tp} fp {c.fp} fn {c.fn} tn {c.tn})")
    for (kind, category), c in sorted(scores.categories.items()):
        print(f"  {kind} {category}: recall {c.recall:.3f} ({c.tp}/{c.tp + c.fn})")
    print(f"{len(scores.misses)} misses")
    for row, sensitive, categories in scores.misses[: args.misses]:
        print(f"  {row['kind']}: {row['text']!r} judged {sensitive} {categories}, "
              f"labelled {row['sensitive']} {row['categories']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
