"""Scoring a classifier on a labelled set: shared by the tests and the benchmark so both report the
same numbers the same way.

A labelled row is a mapping with `text`, `sensitive` (bool) and `categories` (list of ids); extra
keys (`kind`, `region`, `split`) are used for grouping only.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from pixelhound.classify.lexicon import CATEGORIES
from pixelhound.model import Sensitivity


@dataclass
class Counts:
    """True/false positives and negatives, with precision and recall that treat 0/0 as 1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, predicted: bool, actual: bool) -> None:
        if predicted and actual:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif actual:
            self.fn += 1
        else:
            self.tn += 1


@dataclass
class Scores:
    """Binary scores overall, per category (one-vs-rest) and per input kind, plus the errors."""

    rows: int = 0
    binary: Counts = field(default_factory=Counts)
    categories: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in CATEGORIES})
    kinds: dict[str, Counts] = field(default_factory=dict)
    errors: list[tuple[str, Mapping[str, Any], Sensitivity]] = field(default_factory=list)
    # rows judged sensitive, as labelled, but with other categories than the labels'
    category_errors: list[tuple[Mapping[str, Any], Sensitivity]] = field(default_factory=list)


def load_rows(path: Path) -> list[dict[str, Any]]:
    """The labelled rows of a JSONL file (blank lines skipped)."""
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


# What reading a labelled set can raise: unreadable, not JSON, not rows, or refused by a checker.
SET_ERRORS = (OSError, ValueError, TypeError, KeyError)


def load_checked(path: Path, check: Callable[[Sequence[Mapping[str, Any]]], None],
                 tool: str) -> list[dict[str, Any]] | None:
    """The rows of a set the scorer `check` accepts; None, after one line on stderr, for any other
    (the benchmarks' scorers then exit with the README's bad-input code)."""
    try:
        rows = load_rows(path)
        check(rows)
    except SET_ERRORS as error:
        print(f"{tool}: cannot score {path}: {error}", file=sys.stderr)
        return None
    return rows


def score(
    rows: Iterable[Mapping[str, Any]], classify: Callable[[str], Sensitivity]
) -> Scores:
    """Run `classify` over the rows and count agreement with the labels."""
    return score_verdicts((row, classify(row["text"])) for row in rows)


def score_verdicts(judged: Iterable[tuple[Mapping[str, Any], Sensitivity]]) -> Scores:
    """Count agreement with the labels of verdicts reached any way (on the bare text, or on the
    disclosures that carried it through a scan's analysis: `scan_score`)."""
    result = Scores()
    for row, verdict in judged:
        actual = bool(row["sensitive"])
        result.rows += 1
        result.binary.add(verdict.sensitive, actual)
        result.kinds.setdefault(row.get("kind", "?"), Counts()).add(verdict.sensitive, actual)
        for category in CATEGORIES:
            result.categories[category].add(category in verdict.categories, category in row["categories"])
        if verdict.sensitive != actual:
            result.errors.append(("false positive" if verdict.sensitive else "false negative", row, verdict))
        elif set(verdict.categories) != set(row["categories"]):
            result.category_errors.append((row, verdict))
    return result


def table(scores: Scores, title: str) -> str:
    """A plain-text table of the scores, for test output and the benchmark."""
    b = scores.binary
    lines = [
        f"{title}: {scores.rows} texts  binary precision {b.precision:.3f}  recall {b.recall:.3f}  "
        f"f1 {b.f1:.3f}  (tp {b.tp} fp {b.fp} fn {b.fn} tn {b.tn})",
        f"  {'category':<22}{'support':>8}{'recall':>9}{'precision':>11}",
    ]
    for category, c in scores.categories.items():
        lines.append(f"  {category:<22}{c.tp + c.fn:>8}{c.recall:>9.3f}{c.precision:>11.3f}")
    lines.append(f"  {'input kind':<22}{'texts':>8}{'recall':>9}{'precision':>11}")
    for kind, c in sorted(scores.kinds.items()):
        lines.append(f"  {kind:<22}{c.tp + c.fp + c.fn + c.tn:>8}{c.recall:>9.3f}{c.precision:>11.3f}")
    for what, row, verdict in scores.errors:
        lines.append(f"  {what}: {row['text']!r} -> {verdict.categories}")
    for row, verdict in scores.category_errors:
        lines.append(f"  other categories: {row['text']!r} -> {verdict.categories}, labelled {row['categories']}")
    return "\n".join(lines)
