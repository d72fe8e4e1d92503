"""Strategy two, pixelhound's own: the banners common on UK health sites (OneTrust, Cookiebot, Civic
Cookie Control, NHS.UK, CookieYes, Silktide) by their public element ids and classes, then generic
"Reject all" / "Accept all" buttons, searched in every frame and in open shadow roots. Used when
autoconsent is absent, finds nothing, or its choice does not hold."""

from __future__ import annotations

import time
from typing import Any

from playwright.async_api import Error as PlaywrightError, Frame, Page

from pixelhound.capture.consent.cmps import GENERIC_PHRASES, KNOWN_CMPS, SPECS
from pixelhound.capture.consent.outcome import BannerOutcome, confirm_known, wait_gone
from pixelhound.capture.consent.scripts import SCAN_JS
from pixelhound.model import ConsentEase
from pixelhound.settings import CONSENT_LABEL_CHARS


def scan_arg(action: str) -> dict[str, Any]:
    """SCAN_JS's argument: every known CMP's selectors and the generic phrases, for `action`."""
    return {
        "action": action,
        "specs": [
            {"name": s.name, "container": s.container, "reject": list(s.reject),
             "accept": list(s.accept), "settings": list(s.settings)}
            for s in KNOWN_CMPS
        ],
        "phrases": {k: list(v) for k, v in GENERIC_PHRASES.items()},
    }


def ease_from(action: str, info: dict[str, Any]) -> ConsentEase:
    """The first layer as SCAN_JS read it while looking for `action`'s control."""
    def label(key: str) -> str:
        return str(info.get(key) or "")[:CONSENT_LABEL_CHARS]

    mine, other = label("text"), label("other")
    accept, reject = (mine, other) if action == "accept" else (other, mine)
    return ConsentEase(banner=label("banner"), accept_label=accept, reject_label=reject, settings_label=label("settings"),
                       accept_clicks=1 if accept else 0, reject_clicks=1 if reject else 0)


class FallbackStrategy:
    """Finds a known consent tool's banner, else generic consent buttons, in any frame; operates it."""


    async def _find(self, page: Page, action: str) -> list[tuple[Frame, Any, dict[str, Any]]]:
        """(frame, SCAN_JS handle, meta) of each frame showing a banner, main frame first, up to the
        first known CMP's."""
        arg = scan_arg(action)
        hits: list[tuple[Frame, Any, dict[str, Any]]] = []
        for frame in page.frames:  # main frame first, then its descendants
            try:
                handle = await frame.evaluate_handle(SCAN_JS, arg)
                info = None
                if await handle.evaluate("h => h !== null"):
                    info = await (await handle.get_property("meta")).json_value()
            except PlaywrightError:
                continue
            if info:
                hits.append((frame, handle, info))
                if info.get("banner") != "generic-buttons":
                    break
            else:
                await handle.dispose()
        return hits

    async def survey(self, page: Page) -> ConsentEase | None:
        """What the banner's first layer offers now (None when no banner is shown), touching nothing."""
        hits = await self._find(page, "reject")
        for _frame, handle, _info in hits:
            await handle.dispose()
        known = [h for h in hits if h[2].get("banner") != "generic-buttons"]
        return ease_from("reject", (known or hits)[0][2]) if hits else None

    async def run(self, page: Page, action: str, deadline: float) -> BannerOutcome:
        """Find a known CMP's banner, else generic consent buttons, in any frame; operate it."""
        hits = await self._find(page, action)
        if not hits:
            return BannerOutcome(action, False, "", "none", False, "no cookie banner found")
        known = [h for h in hits if h[2].get("banner") != "generic-buttons"]
        frame, handle, info = (known or hits)[0]
        banner = str(info.get("banner"))
        ease = ease_from(action, info)
        container = (await handle.get_property("container")).as_element()
        control = (await handle.get_property("control")).as_element()
        if control is None:
            return BannerOutcome(action, True, banner, "fallback", False, self._no_control_detail(action, info), ease)
        text = str(info.get("text") or "")
        try:
            await control.click(timeout=max(0.5, min(3.0, deadline - time.monotonic())) * 1000)
        except PlaywrightError:
            try:  # covered or animating: a DOM click still reaches the CMP's handler
                await control.evaluate("e => e.click()")
            except PlaywrightError as exc:
                return BannerOutcome(action, True, banner, "fallback", False,
                                     f"could not click {text!r}: {exc.message.splitlines()[0]}", ease)
        spec = SPECS.get(banner)
        if spec:
            confirmed, why = await confirm_known(frame, spec, action, container, deadline)
        else:
            gone = await wait_gone(frame, container, deadline)
            confirmed = gone
            why = "banner closed (no known consent record to check)" if gone else "banner still shown after the click"
        where = "" if frame.parent_frame is None else f" in frame {frame.url[:60]}"
        return BannerOutcome(action, True, banner, "fallback", confirmed, f"clicked {text!r}{where}: {why}", ease)


    @staticmethod
    def _no_control_detail(action: str, info: dict[str, Any]) -> str:
        """Say honestly why a found banner was not operated."""
        opposite = "accept" if action == "reject" else "reject"
        offers = [f"{opposite} {info['other']!r}"] if info.get("other") else []
        offers += [f"settings {info['settings']!r}"] if info.get("settings") else []
        if action == "reject" and info.get("settings"):
            lead = "no one-click reject: rejecting is only possible through the settings path; not operated"
        else:
            lead = f"no {action} control found; not operated"
        return lead + (f" (banner offers {', '.join(offers)})" if offers else "")
