"""The demo internet "a week later": the story a fleet re-scan exists to tell.

After the first scan was published, two of the three trusts with the Meta Pixel removed it
(Fernmoor, and Brackenfield with its consent-gated pixel; Harrowmere keeps its pixel on the jobs
pages), the clean trust Saltmere added Google Analytics, and Lindenbrook's website is down (so
nothing about it may be called removed).

`EXPECTED_CHANGE` is the oracle of what `pixelhound diff` must say per trust and recipient when
both states are scanned with the same scenarios, including accept-all (Brackenfield's pixel only
ever fired after an accept); it is written out by hand, not computed, so that the diff code is
checked against a statement rather than against itself. A trust added to the demo later and not
named there is unchanged: nothing of it may be removed or added.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pixelhound.demo.content import page_paths
from pixelhound.demo.trusts import TRUSTS, Tracker, Trust, _consent


@dataclass(frozen=True)
class DemoState:
    """One state of the demo internet: the trusts as they are then, and those that are down."""

    name: str
    folder: str  # the run folder's name under the demo's --out
    trusts: tuple[Trust, ...]
    down: frozenset[str] = frozenset()  # slugs of trusts whose site does not answer at all

    def served(self) -> tuple[Trust, ...]:
        """The trusts the demo internet serves (a down trust's hosts resolve to nowhere)."""
        return tuple(t for t in self.trusts if t.slug not in self.down)


def _without_trackers(trust: Trust) -> Trust:
    return replace(trust, trackers=(), expected=(), expected_clean_paths=tuple(page_paths()),
                   consent_expected=_consent(frozenset()), undisclosed=frozenset(),
                   setup=f"A week later: removed its trackers ({trust.setup})")


def _with_analytics(trust: Trust) -> Trust:
    return replace(trust, trackers=(*trust.trackers, Tracker("ga4", "G-DEMOSALT01")), expected_clean_paths=(),
                   consent_expected=_consent(frozenset({"google"})), undisclosed=frozenset({"google"}),
                   setup="A week later: added Google Analytics on every page, regardless of the banner")


_CHANGES = {"fernmoor": _without_trackers, "brackenfield": _without_trackers, "saltmere": _with_analytics}

FIRST_WEEK = DemoState("the first scan", "week-1", TRUSTS)
A_WEEK_LATER = DemoState(
    "a week later", "week-2", tuple(_CHANGES.get(t.slug, lambda t: t)(t) for t in TRUSTS), frozenset({"lindenbrook"})
)
STATES = (FIRST_WEEK, A_WEEK_LATER)

# slug -> vendor -> the diff's status for that recipient (scans of both states, same scenarios).
EXPECTED_CHANGE: dict[str, dict[str, str]] = {
    "fernmoor": {"meta": "removed"},
    "brackenfield": {"meta": "removed"},
    "saltmere": {"google": "added"},
    "lindenbrook": {"tiktok": "not-measured", "linkedin": "not-measured"},
    "ashcombe-vale": {"google": "still-present"},
    "kestrel-bay": {"hotjar": "still-present"},
    "oakhollow": {"google": "still-present"},
    # Its pixel is on the jobs pages only, which a demo scan of ten pages per trust does not reach
    # (the page planner visits health pages first): no recipient in either run.
    "harrowmere": {},
    # The specialist clinic keeps its pixel: every page view is still a visit to a sexual health clinic.
    "willowmead": {"meta": "still-present"},
}
# slug -> the site's measurement in the second state when it differs from "measured".
EXPECTED_STATE_LATER: dict[str, str] = {"lindenbrook": "not-measured"}
