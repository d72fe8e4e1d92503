"""The scanner's own actions on a page (a click, typing into a field), either done or accounted for.

An action can fail for two reasons that must never be confused. The page may not offer it: the
element is hidden, disabled, or covered by a cookie banner, so a visitor could not do it either,
and what the site then sends is the site as it is. Or the machine was too slow for the action's
time limit (a loaded machine: Playwright's checks that the element is visible and stable run
late, or a pulsing button is never "stable"): a visitor could have done it, the scan did not, and
whatever the action would have made the trackers send is missing. So an action that runs out of
time is looked at: if the page offers it (checked here as a visitor meets it: displayed, enabled,
on top at its centre), it is done once more without Playwright's own waiting (`force`) and with
a longer limit; if that fails too it is a shortfall, which makes the scan partly measured (never
clean) rather than silently poorer.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Awaitable, Callable

from playwright.async_api import Page
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from pixelhound.settings import SCAN_ACTION_RETRY_TIMEOUT_SECONDS

# Whether the element the selector names is there for a visitor to use: attached, displayed,
# enabled, editable (for typing), a choice to make (for a list), and, for a click, the topmost
# element at its centre once scrolled into view (not under a banner or an overlay).
_OFFERED = """([selector, kind]) => {
  const el = document.querySelector(selector);
  if (!el || !el.isConnected || el.disabled) return false;
  const style = getComputedStyle(el);
  if (style.display === "none" || style.visibility === "hidden") return false;
  if (kind === "type" && (el.readOnly || el.isContentEditable === false && !("value" in el))) return false;
  if (kind === "choose" && !(el.options && el.options.length > 1)) return false;
  el.scrollIntoView({block: "center", inline: "center"});
  const box = el.getBoundingClientRect();
  if (box.width < 1 || box.height < 1) return false;
  if (kind !== "click") return true;
  const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return !!top && (top === el || el.contains(top));
}"""


class Outcome(enum.Enum):
    DONE = "done"
    NOT_OFFERED = "not offered"  # the page does not let anyone do it now: not a gap in the measurement
    FAILED = "failed"  # the page offered it and the scan could not do it: a shortfall


async def offered(page: Page, selector: str, kind: str) -> bool | None:
    """`kind`: "click", "type" or "choose". False when the page cannot be asked (gone, hostile);
    None when it does not answer within the retry's limit (a frozen page: it did offer something)."""
    try:
        return bool(await asyncio.wait_for(page.evaluate(_OFFERED, [selector, kind]), SCAN_ACTION_RETRY_TIMEOUT_SECONDS))
    except asyncio.TimeoutError:
        return None
    except Exception:  # noqa: BLE001 - a page that navigated away or refuses evaluation offers nothing
        return False


Action = Callable[[float, bool], Awaitable[object]]  # (time limit in ms, force) -> done


async def perform(page: Page, selector: str, kind: str, action: Action, first_limit: float) -> tuple[Outcome, str]:
    """Run `action(timeout_ms, force)` on the element `selector` names; (outcome, why it failed or "").

    Only running out of time is looked at again: any other error (the element is not what the
    action needs) is the page's own, as before."""
    try:
        await action(first_limit * 1000, False)
        return Outcome.DONE, ""
    except PlaywrightTimeoutError:
        pass
    except Exception:  # noqa: BLE001
        return Outcome.NOT_OFFERED, ""
    answer = await offered(page, selector, kind)
    if answer is None:
        return Outcome.FAILED, f"the page did not answer for {SCAN_ACTION_RETRY_TIMEOUT_SECONDS:.0f} s"
    if not answer:
        return Outcome.NOT_OFFERED, ""
    try:
        await action(SCAN_ACTION_RETRY_TIMEOUT_SECONDS * 1000, True)
        return Outcome.DONE, ""
    except Exception as error:  # noqa: BLE001
        first_line = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
        return Outcome.FAILED, first_line
