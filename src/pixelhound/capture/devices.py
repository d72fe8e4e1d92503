"""What browser the sites see: a default desktop Chrome, or a current Android Chrome phone.

Sites load other tags on phones (a TikTok or Snapchat pixel for mobile campaigns, a different tag
manager container), so a scan can be made as either. The phone is Playwright's device descriptor
(MOBILE_DESCRIPTOR: viewport, device scale factor, is_mobile, has_touch) with the user agent an
Android Chrome of the browser's own version sends; from that user agent and is_mobile, Playwright
sets the user-agent metadata of every page and frame (Emulation.setUserAgentOverride), so
the client hints say `Sec-CH-UA-Mobile: ?1` and `Sec-CH-UA-Platform: "Android"`.
"""

from __future__ import annotations

from typing import Any

from playwright.async_api import Playwright

from pixelhound.settings import BROWSER_VIEWPORT, DEVICE_MOBILE, MOBILE_DESCRIPTOR, MOBILE_USER_AGENT


def desktop_user_agent(browser_version: str) -> str:
    """The user agent a default desktop Chrome of this version sends (never `HeadlessChrome`)."""
    return (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{_major(browser_version)}.0.0.0 Safari/537.36"
    )


def _major(browser_version: str) -> str:
    return browser_version.split(".", 1)[0] or "130"


def device_context_options(playwright: Playwright, device: str, browser_version: str) -> dict[str, Any]:
    """The browser context's options that make it `device` (user agent, viewport and, for a phone,
    scale factor, touch and is_mobile)."""
    if device != DEVICE_MOBILE:
        return {"user_agent": desktop_user_agent(browser_version),
                "viewport": {"width": BROWSER_VIEWPORT[0], "height": BROWSER_VIEWPORT[1]}}
    descriptor = playwright.devices[MOBILE_DESCRIPTOR]
    return {
        "user_agent": MOBILE_USER_AGENT.format(major=_major(browser_version)),
        "viewport": dict(descriptor["viewport"]),
        "screen": dict(descriptor.get("screen") or descriptor["viewport"]),
        "device_scale_factor": descriptor["device_scale_factor"],
        "is_mobile": descriptor["is_mobile"],
        "has_touch": descriptor["has_touch"],
    }
