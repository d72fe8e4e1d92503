"""Operating cookie banners: reject all or accept all, and prove the choice took effect.

Two strategies, each its own class, tried in order by the operator (operator.py):

1. DuckDuckGo's autoconsent, hosted from Python (autoconsent.py);
2. our own fallback for the banners common on UK health sites, then generic buttons (fallback.py).

Banner data (cmps.py) and the JavaScript run in the page (scripts.py) are kept apart from both.

Either way the outcome is checked, not assumed: the banner must be gone and, for a known CMP, its
consent record (cookie or localStorage) must say what we chose. A banner that cannot be operated —
or whose reject leaves no rejection on record — is reported unconfirmed, so the scenario is
reported as unverified, never as clean.
"""

from pixelhound.capture.consent.autoconsent import autoconsent_bundle
from pixelhound.capture.consent.operator import ConsentOperator
from pixelhound.capture.consent.outcome import ACTIONS, BannerOutcome

__all__ = ["ACTIONS", "BannerOutcome", "ConsentOperator", "autoconsent_bundle"]
