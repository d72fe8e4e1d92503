"""Small lookups the decoder tests share: a field or identifier by its wire source, and the real
captures the vendor knowledge routes to one decoder."""

from __future__ import annotations

from functools import lru_cache

from conftest import REALWORLD, REALWORLD_SITES
from pixelhound.capture.har import open_har
from pixelhound.decode.draft import Draft
from pixelhound.decode.request import ParsedRequest
from pixelhound.knowledge.vendors import default_knowledge
from pixelhound.model import Capture, Field, Identifier


def field(draft: Draft, source: str) -> Field:
    """The one field taken from `source`; fails the test if there is none or several."""
    found = [f for f in draft.fields if f.source == source]
    assert len(found) == 1, f"{len(found)} fields from {source!r}: {[f.source for f in draft.fields]}"
    return found[0]


def values(draft: Draft, name: str) -> list[str]:
    """Every value recorded under one field name, in order."""
    return [f.value for f in draft.fields if f.name == name]


def identifier(draft: Draft, source: str) -> Identifier:
    found = [i for i in draft.identifiers if i.source == source]
    assert len(found) == 1, f"{len(found)} identifiers from {source!r}: {draft.identifiers}"
    return found[0]


@lru_cache(maxsize=None)
def _captures(site: str) -> tuple[Capture, ...]:
    return tuple(open_har(REALWORLD / site / "requests.har").captures())


def routed_captures(decoder: str) -> list[tuple[str, Capture]]:
    """(site, capture) for every real capture whose endpoint names `decoder`."""
    knowledge = default_knowledge()
    out = []
    for site in REALWORLD_SITES:
        for capture in _captures(site):
            req = ParsedRequest(capture)
            match = knowledge.endpoint_for(req.host, req.path, req.query_names)
            if match is not None and match[1].decoder == decoder:
                out.append((site, capture))
    return out
