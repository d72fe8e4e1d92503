"""A medicine given in more than one area, on a specialist service's site: the service's use.

Letrozole is a breast-cancer medicine and, at a fertility clinic, the tablet that induces
ovulation; testosterone gel at a gender service is hormone therapy. On such a site the service's
area is why the visitor looks the medicine up, so the medicine's own area is not added beside it
(the lexicon's `[medicine_uses]` lists each medicine's other areas; one with a single use, such as
sertraline at a fertility clinic, keeps its own).
"""

from __future__ import annotations

from collections.abc import Iterable

from pixelhound.classify.lexicon import default_lexicon
from pixelhound.model import Evidence, Sensitivity


def _medicine(term: str) -> str:
    """The medicine an evidence term names ("letrozole (breast cancer hormone therapy)" -> letrozole)."""
    return term.split(" (", 1)[0].strip().lower()


def as_service_use(sensitivity: Sensitivity, site_areas: Iterable[str]) -> None:
    """Re-file under the site's area each medicine also given in it; drop a category only such
    medicines gave."""
    areas = set(site_areas)
    uses = default_lexicon().medicine_uses
    evidence: list[Evidence] = []
    changed = False
    for found in sensitivity.evidence:
        shared = sorted(uses.get(_medicine(found.term), frozenset()) & areas)
        if shared and found.category not in areas:
            evidence.append(Evidence(category=shared[0], term=found.term, text=found.text, field=found.field,
                                     strength=found.strength))
            changed = True
        else:
            evidence.append(found)
    if not changed:
        return
    sensitivity.evidence = evidence
    given = {e.category for e in evidence}
    sensitivity.categories = [c for c in sensitivity.categories if c in given or c in areas]
