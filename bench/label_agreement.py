"""How far two people who labelled the same evaluation set apart agree, in the classifier's own figures.

The second labeller's labels are read as a prediction of the first's: precision and recall for
"sensitive" (by kind of text) and per category. This is the ceiling a classifier can be expected
to reach on that set: where two careful readers of the same label definitions differ, the labels
themselves are uncertain.

    python bench/label_agreement.py tests/classify/independent_set_w.jsonl tests/classify/independent_set_w_second.jsonl
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def precision_recall(pairs: Iterable[tuple[bool, bool]]) -> tuple[float, float, int]:
    """(precision, recall, positives of the first) of the second's yes against the first's."""
    pairs = list(pairs)
    both = sum(1 for first, second in pairs if first and second)
    second_only = sum(1 for first, second in pairs if second and not first)
    first_only = sum(1 for first, second in pairs if first and not second)
    precision = both / (both + second_only) if both + second_only else 1.0
    recall = both / (both + first_only) if both + first_only else 1.0
    return precision, recall, both + first_only


def case_key(row: dict) -> tuple:
    """What a case is, apart from its labels (a site or field case's `text` is each labeller's own rendering)."""
    if row.get("kind") in ("site", "field"):
        return (row["kind"], json.dumps(row.get("site")), row.get("source"), row.get("value"))
    return ("text", row.get("text"), row.get("site_url"))


def same_cases(first: list[dict], second: list[dict]) -> bool:
    """Both files hold the same cases in the same order (a shifted file would compare wrong lines)."""
    return [case_key(row) for row in first] == [case_key(row) for row in second]


def report(first: list[dict], second: list[dict]) -> list[str]:
    lines = []
    kinds = sorted({row.get("kind", "text") for row in first})
    for kind in [*kinds, "all"]:
        rows = [(a, b) for a, b in zip(first, second) if kind == "all" or a.get("kind", "text") == kind]
        precision, recall, positives = precision_recall((a["sensitive"], b["sensitive"]) for a, b in rows)
        same = sum(a["sensitive"] == b["sensitive"] for a, b in rows) / len(rows)
        lines.append(f"{kind:8} {len(rows):4} cases  same answer {same:.3f}  precision {precision:.3f}  "
                     f"recall {recall:.3f}  ({positives} sensitive to the first)")
    for category in sorted({c for row in first + second for c in row["categories"]}):
        precision, recall, positives = precision_recall(
            (category in a["categories"], category in b["categories"]) for a, b in zip(first, second)
        )
        lines.append(f"  {category:20} precision {precision:.3f}  recall {recall:.3f}  ({positives} to the first)")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    args = parser.parse_args()
    first, second = read_rows(args.first), read_rows(args.second)
    if not same_cases(first, second):
        parser.error("the two files do not hold the same cases in the same order")
    print("\n".join(report(first, second)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
