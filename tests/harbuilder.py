"""The tests' HAR builder: it lives in the package (`pixelhound.har_builder`), which the classifier's
scorer also uses; the tests import it from here as before."""

from pixelhound.har_builder import b64, entry, har, write

__all__ = ["b64", "entry", "har", "write"]
