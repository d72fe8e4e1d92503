"""The health vocabulary, loaded once from `data/lexicon.toml` into a token-phrase index.

Kept as data so that a reviewer (or a regulator reading a verdict) can see every word that can make
a text sensitive, and so that a term is added without touching code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from pixelhound.classify.normalise import phrase_tokens

CATEGORIES = (
    "sexual_health",
    "mental_health",
    "gender_identity",
    "reproductive_health",
    "cancer",
    "substance_use",
    "other_condition",
    "care_interaction",
)

Kind = Literal["topic", "weak", "neutral", "cue"]
# When two entries share the same tokens, the stronger meaning wins.
_RANK: dict[str, int] = {"neutral": 4, "cue": 3, "topic": 2, "weak": 1}


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon phrase: what it means and how to name it in evidence."""

    kind: Kind
    categories: tuple[str, ...]
    term: str
    context: str = ""  # for cues: recruitment, fundraising, corporate, staff, visitor, professional
    fragile: bool = False  # a short abbreviation or weak term: needs support in machine-made text


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Phrases indexed by their first token; each list is longest phrase first."""

    by_first: dict[str, tuple[tuple[tuple[str, ...], Entry], ...]]
    max_len: int
    size: int
    support: frozenset[str]


def _add(table: dict[tuple[str, ...], Entry], phrase: str, entry: Entry) -> None:
    key = phrase_tokens(phrase)
    if not key:
        return
    old = table.get(key)
    if old is None or _RANK[entry.kind] > _RANK[old.kind]:
        table[key] = entry
    elif old.kind == entry.kind and old.kind in ("topic", "weak"):
        merged = tuple(c for c in CATEGORIES if c in old.categories or c in entry.categories)
        table[key] = Entry(old.kind, merged, old.term, old.context)


def build(data: dict) -> Lexicon:
    """Index a parsed lexicon document (the TOML layout described in the data file)."""
    table: dict[tuple[str, ...], Entry] = {}
    for kind in ("topic", "weak"):
        for category, section in data.get(kind, {}).items():
            if category not in CATEGORIES:
                raise ValueError(f"lexicon: unknown category {category!r} in [{kind}]")
            for phrase in section.get("terms", []):
                _add(table, phrase, Entry(kind, (category,), phrase))
    for phrase, categories in data.get("multi", {}).items():
        unknown = set(categories) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"lexicon: unknown categories {sorted(unknown)} for {phrase!r}")
        _add(table, phrase, Entry("topic", tuple(c for c in CATEGORIES if c in categories), phrase))
    for name, (category, concept) in data.get("medicines", {}).items():
        if category not in CATEGORIES:
            raise ValueError(f"lexicon: unknown category {category!r} for medicine {name!r}")
        _add(table, name, Entry("topic", (category,), f"{name} ({concept})"))
    for phrase in data.get("neutral", {}).get("terms", []):
        _add(table, phrase, Entry("neutral", (), phrase))
    for context, section in data.get("cues", {}).items():
        for phrase in section.get("terms", []):
            _add(table, phrase, Entry("cue", (), phrase, context))
    listed = {phrase_tokens(p) for p in data.get("fragile", {}).get("terms", [])}
    for key, entry in list(table.items()):
        short = len(key) == 1 and ((len(key[0]) <= 3 and key[0].isalpha()) or key in listed)
        if (entry.kind == "weak" and len(key) == 1) or (entry.kind == "topic" and short):
            table[key] = Entry(entry.kind, entry.categories, entry.term, entry.context, True)
    support = frozenset(w for phrase in data.get("support", {}).get("terms", []) for w in phrase_tokens(phrase))
    grouped: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
    for key, entry in table.items():
        grouped.setdefault(key[0], []).append((key, entry))
    by_first = {
        first: tuple(sorted(items, key=lambda item: -len(item[0]))) for first, items in grouped.items()
    }
    return Lexicon(by_first=by_first, max_len=max(len(k) for k in table), size=len(table), support=support)


@cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon, parsed on first use."""
    raw = resources.files("pixelhound.classify").joinpath("data/lexicon.toml").read_bytes()
    return build(tomllib.loads(raw.decode("utf-8")))
