"""CPU seconds of single page operations (screenshot kinds, HTML, a new tab), repeated on one demo page.

A whole-scan A/B (bench_cpu.py) has a run-to-run noise of about ±4 % on a shared machine, more than
one small cut saves. Repeating one operation many times on a page that stays open measures it
precisely: the CPU of every process under this one (Chromium's tree, Playwright's driver, this
Python) is read from /proc before and after, with the processes still alive, so nothing is lost.

    python bench/bench_page_ops.py [--repeat 30] [--trust 0]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cpu import descendants, own_cpu  # noqa: E402 - the same /proc readings as the whole-scan bench

from playwright.async_api import Page, async_playwright  # noqa: E402

from pixelhound.capture.browser import BrowserOptions, browser_version, find_chromium, open_profile  # noqa: E402


# The events Playwright's dispatch_event sends (bubbling, cancelable, composed), in one call.
_CHANGE_AND_BLUR = """(el) => {
  const init = {bubbles: true, cancelable: true, composed: true};
  el.dispatchEvent(new Event('change', init));
  el.dispatchEvent(new FocusEvent('blur', init));
}"""


def tree_cpu() -> float:
    """CPU seconds of this process and every live process under it."""
    return sum(own_cpu(pid) or 0.0 for pid in [os.getpid(), *descendants(os.getpid())])


async def measure(name: str, operation: Callable[[], Awaitable[object]], repeat: int) -> None:
    await operation()  # the first call pays one-time costs (a CDP session, a code path's warm-up)
    cpu, started = tree_cpu(), time.perf_counter()
    for _ in range(repeat):
        await operation()
    cpu, wall = tree_cpu() - cpu, time.perf_counter() - started
    print(f"  {name:<34} {cpu / repeat * 1000:7.1f} ms CPU  {wall / repeat * 1000:7.1f} ms wall  per call", flush=True)


async def run(repeat: int, trust: int) -> None:
    from pixelhound.demo.server import DemoInternet
    from pixelhound.demo.trusts import TRUSTS

    with DemoInternet(TRUSTS[trust:trust + 1]) as internet, tempfile.TemporaryDirectory() as folder:
        url = internet.start_urls()[0]
        async with async_playwright() as playwright:
            executable = find_chromium(None, playwright)
            profile = await open_profile(playwright, BrowserOptions(resolver_rules=internet.resolver_rules(), insecure=True),
                                         executable, browser_version(executable))
            try:
                page: Page = await profile.context.new_page()
                await page.goto(url, wait_until="load")
                session = await profile.context.new_cdp_session(page)
                shot = Path(folder) / "shot.png"

                async def cdp_shot(**params: object) -> None:
                    reply = await session.send("Page.captureScreenshot", params)
                    shot.write_bytes(base64.b64decode(reply["data"]))

                async def new_tab() -> None:
                    tab = await profile.context.new_page()
                    await tab.goto(url, wait_until="load")
                    await tab.close()

                print(f"{url}: {repeat} calls each, load {os.getloadavg()[0]:.1f}")
                await measure("page.screenshot() PNG", lambda: page.screenshot(path=str(shot)), repeat)
                await measure("CDP PNG", lambda: cdp_shot(format="png"), repeat)
                await measure("CDP PNG optimizeForSpeed", lambda: cdp_shot(format="png", optimizeForSpeed=True), repeat)
                await measure("CDP JPEG 90", lambda: cdp_shot(format="jpeg", quality=90), repeat)
                await measure("CDP WebP lossless", lambda: cdp_shot(format="webp", quality=100), repeat)
                await measure("page.content()", page.content, repeat)
                await measure("evaluate outerHTML", lambda: page.evaluate("() => document.documentElement.outerHTML"), repeat)
                field = page.locator("input:not([type=hidden])").first
                if await field.count():  # a filled field's events: two driver calls, or one
                    async def two_calls() -> None:
                        await field.dispatch_event("change")
                        await field.dispatch_event("blur")

                    await measure("field change + blur, 2 dispatch_event", two_calls, repeat)
                    await measure("field change + blur, 1 evaluate", lambda: field.evaluate(_CHANGE_AND_BLUR), repeat)
                    await measure("field fill", lambda: field.fill("canary"), repeat)
                await measure("new tab, load, close", new_tab, max(3, repeat // 5))
            finally:
                await profile.close()
    print(f"load {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--trust", type=int, default=0, help="which demo trust's start page")
    args = parser.parse_args()
    asyncio.run(run(args.repeat, args.trust))


if __name__ == "__main__":
    main()
