"""Consent scenarios: what is done about the cookie banner before the journeys run.

`no-interaction` leaves the banner alone: what trackers receive before any choice. The consent
issue adds `reject-all` and `accept-all` here as further Scenario classes; the scanner only calls
`after_load` and reads `name`, so nothing else changes when they arrive.
"""

from __future__ import annotations

from typing import Protocol

from playwright.async_api import Page

from pixelhound.capture.recorder import Recorder

NO_INTERACTION = "no-interaction"


class Scenario(Protocol):
    name: str

    async def after_load(self, page: Page, recorder: Recorder) -> None:
        """Called once a page has loaded, before the journeys."""


class NoInteraction:
    """The banner is left alone."""

    name = NO_INTERACTION

    async def after_load(self, page: Page, recorder: Recorder) -> None:
        return None


SCENARIOS: dict[str, type] = {NO_INTERACTION: NoInteraction}


def scenario_named(name: str) -> Scenario:
    try:
        return SCENARIOS[name]()
    except KeyError:
        raise ValueError(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}") from None
