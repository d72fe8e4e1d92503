"""pixelhound: find out what health websites leak to ad-tech trackers, and prove it."""

__version__ = "0.1.0"
