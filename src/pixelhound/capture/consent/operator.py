"""The consent operator a scan uses: one browser context's banners, operated by autoconsent first and
the fallback second, the outcome proven (outcome.py) rather than assumed."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from playwright.async_api import BrowserContext, Page

from pixelhound.capture.activity import watcher
from pixelhound.capture.consent.autoconsent import AutoconsentStrategy
from pixelhound.capture.consent.fallback import FallbackStrategy
from pixelhound.capture.consent.outcome import ACTIONS, BannerOutcome
from pixelhound.capture.consent.revisit import open_revisit
from pixelhound.settings import (
    CONSENT_BANNER_SECONDS,
    CONSENT_NO_BANNER_AFTER_LOAD_SECONDS,
    CONSENT_NO_BANNER_QUIET_SECONDS,
    CONSENT_WITHDRAW_SECONDS,
)


class ConsentOperator:
    """Operates the cookie banner of pages in one browser context (one site × scenario)."""

    def __init__(self, bundle: Path | None | str = "auto", *, grace: float = 3.0) -> None:
        """`bundle`: the autoconsent bundle, "auto" to find it, or None for the fallback only.

        `grace`: the least time autoconsent may look for a popup before the fallback searches
        anyway (it searches sooner once autoconsent's first detection pass found no CMP).
        """
        self.autoconsent = AutoconsentStrategy(bundle)
        self.fallback = FallbackStrategy()
        self.grace = grace

    @property
    def autoconsent_available(self) -> bool:
        return self.autoconsent.available

    @property
    def attached(self) -> bool:
        return self.autoconsent.attached

    async def attach(self, context: BrowserContext) -> None:
        """Let autoconsent into every future page and frame of the context (if it is installed)."""
        await self.autoconsent.attach(context)


    async def operate(self, page: Page, action: str, timeout: float = CONSENT_BANNER_SECONDS) -> BannerOutcome:
        """Reject or accept the banner on `page`; autoconsent first, then the fallback. A page that
        shows none is searched until its network says no banner is coming (`_no_banner_coming`),
        at most `timeout` seconds."""
        if action not in ACTIONS:
            raise ValueError(f"action must be one of {ACTIONS}, not {action!r}")
        start = time.monotonic()
        deadline = start + timeout
        use_ac = self.autoconsent_available and self.attached
        if use_ac:
            await self.autoconsent.ensure_injected(page)
        grace = max(self.grace, timeout * 0.6) if use_ac else 0.0
        ac_outcome: BannerOutcome | None = None
        tried_ac = False
        last_fallback: BannerOutcome | None = None
        why_none = ""
        while True:
            if use_ac and not tried_ac:
                hit = self.autoconsent.popup_frame(page)
                if hit:
                    tried_ac = True
                    ease = await self.fallback.survey(page)  # the first layer, before it is touched
                    ac_outcome = await self.autoconsent.run(page, hit[0], hit[1], action, deadline)
                    ac_outcome.ease = ease
                    if ac_outcome.confirmed:
                        return ac_outcome
            waited = time.monotonic() - start
            if not use_ac or tried_ac or waited >= grace or self.autoconsent.settled(page):
                outcome = await self.fallback.run(page, action, deadline)
                if outcome.found:
                    if ac_outcome:
                        outcome.detail += f"; autoconsent tried first: {ac_outcome.detail}"
                        outcome.ease = ac_outcome.ease or outcome.ease
                    return outcome
                last_fallback = outcome
                if ac_outcome:  # autoconsent acted; the banner is gone but the choice was not proven
                    return ac_outcome
                if why_none := _no_banner_coming(page):
                    break
            if time.monotonic() >= deadline:
                why_none = f"within {timeout:g} s"
                break
            await asyncio.sleep(0.2)
        if ac_outcome:
            return ac_outcome
        note = "autoconsent found no popup; " if use_ac else ("autoconsent not installed; " if not self.autoconsent.bundle else "")
        detail = note + (last_fallback.detail if last_fallback else "no cookie banner found") + f" ({why_none})"
        return BannerOutcome(action, found=False, method="none", detail=detail)


    async def withdraw(self, page: Page, timeout: float = CONSENT_WITHDRAW_SECONDS) -> BannerOutcome:
        """Withdraw a given consent as a visitor can: the site's own revisit control or settings
        link, then "reject all" in the layer it opens, proven from the CMP's record like a reject.

        `found` False: the page offers no way back to the choice (no control was found)."""
        deadline = time.monotonic() + timeout
        control = await open_revisit(page, deadline)
        if control is None:
            return BannerOutcome("reject", False, method="none",
                                 detail="no revisit control or cookie-settings link found on the page")
        while True:  # the layer may take a moment to open
            outcome = await self.fallback.run(page, "reject", deadline)
            if outcome.found or time.monotonic() >= deadline:
                break
            await asyncio.sleep(0.2)
        if not outcome.found:
            outcome.found = True  # a control was there: what it opened could not be operated
            outcome.detail = "nothing to reject in the layer it opened"
        outcome.banner = outcome.banner or control.cmp
        outcome.detail = f"withdrew through {control.label!r}, then {outcome.detail}"
        outcome.via = control.label
        outcome.ease = None  # what this layer offers is not the banner's first layer
        return outcome


def _no_banner_coming(page: Page) -> str:
    """Why no banner will come now that none is shown ('' while one still may): the page loaded long
    enough ago, and its network has been quiet for a while, so no CMP script or configuration is
    on its way. A page that is not watched (activity.py) is searched until the bound."""
    activity = watcher(page)
    since_load = activity.seconds_since_load() if activity is not None else None
    if activity is None or since_load is None or since_load < CONSENT_NO_BANNER_AFTER_LOAD_SECONDS:
        return ""
    if not activity.idle_for(CONSENT_NO_BANNER_QUIET_SECONDS):
        return ""
    return (f"none shown {CONSENT_NO_BANNER_AFTER_LOAD_SECONDS:g} s or more after the page's load, "
            f"its network quiet for {CONSENT_NO_BANNER_QUIET_SECONDS:g} s")
