"""Health-sensitivity classification: does a text reveal someone's health, and which kind?

`classify_text` is the one entry point the pipeline uses; the implementation behind it may change.
"""

from pixelhound.classify.api import CATEGORIES, classify_text

__all__ = ["CATEGORIES", "classify_text"]
