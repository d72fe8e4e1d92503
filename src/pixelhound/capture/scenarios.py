"""Consent scenarios: what is done about the cookie banner before the journeys run.

- `no-interaction`: the banner is left alone; everything that leaves is before any choice.
- `reject-all` / `accept-all`: on the first page the banner is found and operated (autoconsent,
  then pixelhound's fallback), the page is reloaded, and every later request is after that
  choice. A banner that could not be operated leaves the scenario unverified, never clean.

The scanner calls `attach` once per browser profile (before any page opens) and `after_load` after
each page load; it reads `name` and `outcome`.
"""

from __future__ import annotations

import contextlib
from typing import Protocol

from playwright.async_api import BrowserContext, Page

from pixelhound.capture.consent import BannerOutcome, ConsentOperator
from pixelhound.capture.collectors import Visits
from pixelhound.model import (
    ACCEPT_ALL,
    AFTER_ACCEPT,
    AFTER_REJECT,
    BEFORE_CHOICE,
    NO_INTERACTION,
    REJECT_ALL,
)

class Scenario(Protocol):
    name: str
    outcome: BannerOutcome | None

    async def attach(self, context: BrowserContext, visits: Visits) -> None:
        """Called for each new browser profile, before any page opens."""

    async def after_load(self, page: Page, visits: Visits) -> None:
        """Called once a page has loaded, before the journeys."""


class NoInteraction:
    """The banner is left alone: every request leaves before any choice."""

    name = NO_INTERACTION
    outcome: BannerOutcome | None = None

    async def attach(self, context: BrowserContext, visits: Visits) -> None:
        visits.change(consent=BEFORE_CHOICE)

    async def after_load(self, page: Page, visits: Visits) -> None:
        return None


class _Choice:
    """Operate the banner once, on the first page that has one, then reload so that the page runs
    as it does for a visitor who has chosen."""

    name = ""
    action = ""
    after = ""

    def __init__(self) -> None:
        self.outcome: BannerOutcome | None = None
        self.operator = ConsentOperator()

    async def attach(self, context: BrowserContext, visits: Visits) -> None:
        await self.operator.attach(context)
        visits.change(consent=BEFORE_CHOICE if self.outcome is None else self._state_after())

    def _state_after(self) -> str:
        # After a choice that demonstrably took effect; else what followed is not "after a choice".
        return self.after if self.outcome is not None and self.outcome.confirmed else ""

    async def after_load(self, page: Page, visits: Visits) -> None:
        if self.outcome is not None:
            return
        visits.change(action=f"consent: {self.action}")
        try:
            self.outcome = await self.operator.operate(page, self.action)
        except Exception as error:  # noqa: BLE001 - a hostile banner must not stop the scan
            self.outcome = BannerOutcome(action=self.action, found=False, detail=f"banner operation failed: {type(error).__name__}")
        visits.change(consent=self._state_after())
        if self.outcome.confirmed:
            visits.change(action=f"reload after {self.action}")
            with contextlib.suppress(Exception):
                await page.reload(wait_until="load", timeout=20000)
        visits.change(action="load")


class RejectAll(_Choice):
    name = REJECT_ALL
    action = "reject"
    after = AFTER_REJECT


class AcceptAll(_Choice):
    name = ACCEPT_ALL
    action = "accept"
    after = AFTER_ACCEPT


SCENARIOS: dict[str, type] = {NO_INTERACTION: NoInteraction, REJECT_ALL: RejectAll, ACCEPT_ALL: AcceptAll}


def scenario_named(name: str) -> Scenario:
    try:
        return SCENARIOS[name]()
    except KeyError:
        raise ValueError(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}") from None
