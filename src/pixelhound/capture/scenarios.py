"""Consent scenarios: what is done about the cookie banner before (and between) the journeys.

- `no-interaction`: the banner is left alone; everything that leaves is before any choice.
- `reject-all` / `accept-all`: on the first page the banner is found and operated (autoconsent,
  then pixelhound's fallback), the page is reloaded, and every later request is after that
  choice. A banner that could not be operated leaves the scenario unverified, never clean.
- `withdraw`: accept-all, the planned pages browsed, then consent withdrawn through the site's own
  revisit control or settings link ("reject all" in the layer it opens, proven from the CMP's
  record) and the same pages browsed again: every request after it is `after-withdrawal`.
- `gpc`: the banner is left alone while the browser sends the Global Privacy Control signal
  (`Sec-GPC: 1` on every request, `navigator.globalPrivacyControl` true in every frame).

Every scenario that operates a banner keeps what its first layer offered (`ease`): is rejecting as
easy as accepting.

The scanner calls `attach` once per browser profile (before any page opens), `after_load` after
each page load, and `next_pass` before browsing the planned pages again while `passes` asks for
more; it reads `name`, `operates`, `outcome`, `ease` and `detail`.
"""

from __future__ import annotations

import contextlib
from typing import Protocol

import msgspec

from playwright.async_api import BrowserContext, Error as PlaywrightError, Page

from pixelhound.capture.consent import BannerOutcome, ConsentOperator
from pixelhound.capture.consent.scripts import GPC_JS
from pixelhound.capture.collectors import Visits
from pixelhound.model import (
    ACCEPT_ALL,
    AFTER_ACCEPT,
    AFTER_REJECT,
    AFTER_WITHDRAWAL,
    BEFORE_CHOICE,
    GPC,
    NO_INTERACTION,
    REJECT_ALL,
    WITHDRAW,
    WITHDRAWAL_CONFIRMED,
    WITHDRAWAL_NO_CONTROL,
    WITHDRAWAL_UNCONFIRMED,
    ConsentEase,
)
from pixelhound.settings import GPC_HEADER


class Scenario(Protocol):
    name: str
    operates: bool  # whether the scenario operates the banner (its outcome is then the proof)
    outcome: BannerOutcome | None

    @property
    def passes(self) -> int:
        """How many times the planned pages are browsed (known once the first pass is done)."""

    @property
    def ease(self) -> ConsentEase | None:
        """What the banner's first layer offered, once met."""

    @property
    def detail(self) -> str:
        """One line on what the scenario did beside operating the banner ("" nothing)."""

    @property
    def held(self) -> bool:
        """Whether that held (the GPC signal reached every frame; the withdrawal was confirmed)."""

    async def attach(self, context: BrowserContext, visits: Visits) -> None:
        """Called for each new browser profile, before any page opens."""

    async def after_load(self, page: Page, visits: Visits) -> None:
        """Called once a page has loaded, before the journeys."""

    def next_pass(self, visits: Visits) -> None:
        """Called before the planned pages are browsed again."""


class NoInteraction:
    """The banner is left alone: every request leaves before any choice."""

    name = NO_INTERACTION
    operates = False
    outcome: BannerOutcome | None = None
    passes = 1
    ease: ConsentEase | None = None
    detail = ""
    held = True

    async def attach(self, context: BrowserContext, visits: Visits) -> None:
        visits.change(consent=BEFORE_CHOICE)

    async def after_load(self, page: Page, visits: Visits) -> None:
        return None

    def next_pass(self, visits: Visits) -> None:
        return None


class Gpc(NoInteraction):
    """The banner left alone, the Global Privacy Control signal sent: what does the site do with it?

    The signal is checked, not assumed: every frame of every page must see it, or the scenario is
    unverified (`held`)."""

    name = GPC

    def __init__(self) -> None:
        self.frames_seen = 0
        self.frames_without: list[str] = []

    async def attach(self, context: BrowserContext, visits: Visits) -> None:
        await context.set_extra_http_headers(dict([GPC_HEADER]))
        await context.add_init_script(script=GPC_JS)
        visits.change(consent=BEFORE_CHOICE)

    async def after_load(self, page: Page, visits: Visits) -> None:
        for frame in page.frames:
            try:
                signal = await frame.evaluate("() => navigator.globalPrivacyControl")
            except PlaywrightError:
                continue  # the frame went away: it can be counted neither way
            self.frames_seen += 1
            if signal is not True:
                self.frames_without.append(frame.url[:80])

    @property
    def held(self) -> bool:  # type: ignore[override]
        """The signal reached every frame checked (and at least one was)."""
        return self.frames_seen > 0 and not self.frames_without

    @property
    def detail(self) -> str:  # type: ignore[override]
        header = f"{GPC_HEADER[0]}: {GPC_HEADER[1]} sent with every request"
        if not self.frames_seen:
            return f"{header}; no page loaded, so the signal in the page was never checked"
        if self.frames_without:
            return (f"{header}; navigator.globalPrivacyControl missing in {len(self.frames_without)} of "
                    f"{self.frames_seen} frames (first: {self.frames_without[0]})")
        return f"{header}; navigator.globalPrivacyControl true in all {self.frames_seen} frames checked"


class _Choice:
    """Operate the banner once, on the first page that has one, then reload so that the page runs
    as it does for a visitor who has chosen."""

    name = ""
    action = ""
    after = ""
    operates = True
    passes = 1
    detail = ""
    held = True

    def __init__(self) -> None:
        self.outcome: BannerOutcome | None = None
        self.operator = ConsentOperator()

    @property
    def ease(self) -> ConsentEase | None:
        return self.outcome.ease if self.outcome is not None else None

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
            await _reload(page, visits, self.action)
        visits.change(action="load")

    def next_pass(self, visits: Visits) -> None:
        return None


async def _reload(page: Page, visits: Visits, after: str) -> None:
    """Reload so that the page runs as it does for a visitor who has made that choice."""
    visits.change(action=f"reload after {after}")
    with contextlib.suppress(Exception):
        await page.reload(wait_until="load", timeout=20000)


class RejectAll(_Choice):
    name = REJECT_ALL
    action = "reject"
    after = AFTER_REJECT


class AcceptAll(_Choice):
    name = ACCEPT_ALL
    action = "accept"
    after = AFTER_ACCEPT


class Withdraw(AcceptAll):
    """Accept, browse; then withdraw through the site's own control and browse the same pages again."""

    name = WITHDRAW

    def __init__(self) -> None:
        super().__init__()
        self.withdrawal: BannerOutcome | None = None
        self._due = False

    @property
    def passes(self) -> int:  # type: ignore[override]
        # Withdrawing needs a consent that held; otherwise the first pass is all there is.
        return 2 if self._accepted else 1

    def next_pass(self, visits: Visits) -> None:
        self._due = self.withdrawal is None

    def _state_after(self) -> str:
        if self.withdrawal is None:
            return super()._state_after()
        return AFTER_WITHDRAWAL if self.withdrawal.confirmed else ""

    @property
    def state(self) -> str:
        """How the withdrawal went (model WITHDRAWAL_*), "" when it was not tried."""
        if self.withdrawal is None:
            return ""
        if not self.withdrawal.found:
            return WITHDRAWAL_NO_CONTROL
        return WITHDRAWAL_CONFIRMED if self.withdrawal.confirmed else WITHDRAWAL_UNCONFIRMED

    @property
    def ease(self) -> ConsentEase | None:  # type: ignore[override]
        first = super().ease
        if self.withdrawal is None:
            return first
        first = first or ConsentEase()
        return msgspec.structs.replace(
            first, banner=first.banner or self.withdrawal.banner, withdrawal=self.state,
            withdraw_control=self.withdrawal.via,
            withdraw_clicks=2 if self.withdrawal.confirmed else 0,  # the control, then "reject all"
        )

    @property
    def detail(self) -> str:  # type: ignore[override]
        if self.withdrawal is None:
            return "withdrawal: not reached (the scan ended before the pages were browsed again)" if self._accepted else ""
        return f"withdrawal: {self.withdrawal.detail}"

    @property
    def held(self) -> bool:  # type: ignore[override]
        return self.state == WITHDRAWAL_CONFIRMED or not self._accepted

    @property
    def _accepted(self) -> bool:
        return self.outcome is not None and self.outcome.confirmed

    async def after_load(self, page: Page, visits: Visits) -> None:
        if not self._due:
            await super().after_load(page, visits)
            return
        self._due = False
        visits.change(action="consent: withdraw")
        try:
            self.withdrawal = await self.operator.withdraw(page)
        except Exception as error:  # noqa: BLE001 - a hostile page must not stop the scan
            self.withdrawal = BannerOutcome("reject", True, detail=f"withdrawal failed: {type(error).__name__}")
        visits.change(consent=self._state_after())
        if self.withdrawal.confirmed:
            await _reload(page, visits, "withdrawal")
        visits.change(action="load")


SCENARIOS: dict[str, type] = {
    NO_INTERACTION: NoInteraction, REJECT_ALL: RejectAll, ACCEPT_ALL: AcceptAll, WITHDRAW: Withdraw, GPC: Gpc,
}


def scenario_named(name: str) -> Scenario:
    try:
        return SCENARIOS[name]()
    except KeyError:
        raise ValueError(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}") from None
