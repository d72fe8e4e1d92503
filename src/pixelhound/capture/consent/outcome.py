"""What happened to a banner, and the proof both strategies share: the banner has gone and, for a
known consent tool, its own record says what we chose."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from playwright.async_api import Error as PlaywrightError, Frame

from pixelhound.capture.consent.cmps import CmpSpec
from pixelhound.capture.consent.scripts import GONE_JS, RECORD_JS, VISIBLE_SELECTOR_JS
from pixelhound.model import ConsentEase
from pixelhound.settings import CONSENT_CONFIRM_SECONDS

ACTIONS = ("reject", "accept")


@dataclass
class BannerOutcome:
    """What happened to the cookie banner under one consent scenario."""

    action: str  # "reject" | "accept"
    found: bool
    banner: str = ""  # "onetrust", "cookiebot", ..., "generic-buttons", or autoconsent's rule name
    method: str = "none"  # "autoconsent" | "fallback" | "none"
    confirmed: bool = False  # banner gone and, for a known CMP, its consent record says our choice
    detail: str = ""
    ease: ConsentEase | None = None  # what the banner's first layer offered, read before operating it
    via: str = ""  # a withdrawal: the revisit control or settings link that reopened the choice



async def wait_gone(frame: Frame, container: Any, deadline: float) -> bool:
    """The banner container (or the iframe holding it) has been removed or hidden."""
    limit = min(deadline, time.monotonic() + 3.0)
    while True:
        try:
            if frame.is_detached():
                return True
            if frame.parent_frame is not None:
                element = await frame.frame_element()
                if not await element.is_visible():
                    return True
            if container is None or await container.evaluate(GONE_JS):
                return True
        except PlaywrightError:
            return True  # the document went away with it (e.g. the page reloaded)
        if time.monotonic() >= limit:
            return False
        await asyncio.sleep(0.15)



async def confirm_known(
    frame: Frame, spec: CmpSpec, action: str, container: Any, deadline: float
) -> tuple[bool, str]:
    """Banner gone and the CMP's record says our choice (waiting briefly for both)."""
    limit = min(deadline, time.monotonic() + CONSENT_CONFIRM_SECONDS)
    verdict: str | None = None
    raw = ""
    gone = False
    while True:
        target = frame if not frame.is_detached() else frame.page.main_frame
        try:
            if container is not None:
                gone = await wait_gone(frame, container, time.monotonic())
            else:
                gone = not await target.evaluate(VISIBLE_SELECTOR_JS, [spec.container])
            rec = await target.evaluate(RECORD_JS, spec.name)
            verdict, raw = rec.get("verdict"), str(rec.get("raw") or "")
        except PlaywrightError:
            pass
        if gone and verdict == action:
            return True, f"banner closed; {spec.record} records {action} ({raw})"
        if time.monotonic() >= limit:
            break
        await asyncio.sleep(0.15)
    if not gone:
        return False, "banner still shown after the choice"
    if verdict is None:
        return False, f"banner closed but no {spec.record} records the choice"
    return False, f"banner closed but {spec.record} records {verdict}, not {action} ({raw})"
