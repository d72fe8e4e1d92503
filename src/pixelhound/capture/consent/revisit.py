"""Finding the way back to a cookie choice once the banner has gone: the consent tool's own revisit
control (Civic's `#ccc-icon`, OneTrust's floating button or "Cookie settings" link, Cookiebot's
renew link, ...) or a plain "Cookie settings" / "Manage cookies" link, as a visitor would use it
to withdraw consent. Only what a visitor can see and click counts: calling a CMP's JavaScript API
(`Cookiebot.renew()`) is no way a visitor has, so a site offering only that offers no way back."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from playwright.async_api import Error as PlaywrightError, Page

from pixelhound.capture.consent.cmps import GENERIC_PHRASES, KNOWN_CMPS
from pixelhound.capture.consent.scripts import REVISIT_JS
from pixelhound.settings import CONSENT_LABEL_CHARS, CONSENT_REVISIT_SEARCH_SECONDS


@dataclass(frozen=True)
class RevisitControl:
    """The control that reopened the choice: its label as shown and the consent tool it belongs to
    ("" when it is a generic link)."""

    label: str
    cmp: str = ""


def _arg() -> dict[str, object]:
    return {
        "specs": [{"name": spec.name, "revisit": list(spec.revisit)} for spec in KNOWN_CMPS if spec.revisit],
        "phrases": list(GENERIC_PHRASES["revisit"]),
    }


async def open_revisit(page: Page, deadline: float) -> RevisitControl | None:
    """Find the page's revisit control (waiting briefly for a CMP that adds it late) and click it;
    None when the page offers none."""
    limit = min(deadline, time.monotonic() + CONSENT_REVISIT_SEARCH_SECONDS)
    arg = _arg()
    while True:
        try:
            handle = await page.main_frame.evaluate_handle(REVISIT_JS, arg)
            if await handle.evaluate("h => h !== null"):
                meta = await (await handle.get_property("meta")).json_value()
                element = (await handle.get_property("control")).as_element()
                if element is not None:
                    await _click(element, deadline)
                    return RevisitControl(str(meta.get("label") or "")[:CONSENT_LABEL_CHARS], str(meta.get("cmp") or ""))
            await handle.dispose()
        except PlaywrightError:
            pass  # the page navigated: look again in the new document
        if time.monotonic() >= limit:
            return None
        await asyncio.sleep(0.2)


async def _click(element: object, deadline: float) -> None:
    try:
        await element.click(timeout=max(0.5, min(3.0, deadline - time.monotonic())) * 1000)  # type: ignore[attr-defined]
    except PlaywrightError:  # covered or animating: a DOM click still reaches the handler
        await element.evaluate("e => e.click()")  # type: ignore[attr-defined]
