"""Scoring site and field cases (sets F, H, J, L, N and the issue's own `site_context_set.jsonl`).

A site row is judged by `infer_context` on what the site says about itself, a field row by
`classify_fields` with its decoder's technical parameters: the verdicts the analysis itself reaches,
so the tests and bench/score_context_set.py report the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pixelhound.classify.evaluate import Counts
from pixelhound.classify.lexicon import CATEGORIES
from pixelhound.classify.site_context import SelfDescription, infer_context
from pixelhound.decode.enrich import classify_fields
from pixelhound.decode.registry import DECODERS, technical_parameters
from pixelhound.model import Field

KINDS = ("site", "field")
_NEEDS = {"site": ("site",), "field": ("name", "value", "source", "decoder")}


class ContextSetError(ValueError):
    """A set whose rows this scorer cannot judge; the message is one line naming the row."""


@dataclass
class ContextScores:
    """Per kind (site, field) the binary counts, per (kind, category) the labelled recall, and the misses."""

    kinds: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    categories: dict[tuple[str, str], Counts] = field(default_factory=dict)
    # (row, judged sensitive, judged categories): a wrong verdict or a labelled category missed
    misses: list[tuple[Mapping[str, Any], bool, list[str]]] = field(default_factory=list)


def context_verdict(row: Mapping[str, Any]) -> tuple[bool, list[str]]:
    """Sensitive or not, and the categories, of one site or field row."""
    if row["kind"] == "site":
        context = infer_context([SelfDescription(place, text) for place, text in row["site"]])
        return context.specialist, list(context.categories)
    item = Field(row["name"], row["value"], row["source"])
    found = classify_fields([item], technical_parameters(row["decoder"]))
    return found.sensitive, list(found.categories)


def check_context_rows(rows: Sequence[Mapping[str, Any]]) -> None:
    """Refuse, in one line, a row this scorer cannot judge (other kinds are skipped by `score_context`)."""
    for number, row in enumerate(rows, 1):
        if not isinstance(row, Mapping):
            raise ContextSetError(f"row {number}: not a JSON object")
        kind = row.get("kind")
        if kind not in KINDS:
            continue
        missing = [key for key in ("sensitive", "categories", *_NEEDS.get(kind, ())) if key not in row]
        if missing:
            raise ContextSetError(f"row {number}: missing {', '.join(missing)}")
        unknown = set(row["categories"]) - set(CATEGORIES)
        if unknown:
            raise ContextSetError(f"row {number}: unknown categories {sorted(unknown)}")
        if kind == "field" and row["decoder"] not in DECODERS:
            raise ContextSetError(f"row {number}: unknown decoder {row['decoder']!r}")


def score_context(rows: Iterable[Mapping[str, Any]]) -> ContextScores:
    """Judge every site and field row and count agreement with its labels."""
    scores = ContextScores()
    for row in rows:
        if row.get("kind") not in KINDS:
            continue
        sensitive, categories = context_verdict(row)
        kind, gold = row["kind"], bool(row["sensitive"])
        scores.kinds[kind].add(sensitive, gold)
        for category in row["categories"]:
            scores.categories.setdefault((kind, category), Counts()).add(category in categories, True)
        if sensitive != gold or (gold and not set(row["categories"]) <= set(categories)):
            scores.misses.append((row, sensitive, categories))
    return scores
