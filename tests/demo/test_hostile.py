"""Each hostile page really does the hostile thing in real Chromium (so scanner tests mean something)."""

from __future__ import annotations

import time

import pytest

from pixelhound.demo.server import DemoInternet

HOSTILE = "https://www.hostile.test"


def test_hostile_home_links_every_page(internet: DemoInternet, page) -> None:
    page.goto(f"{HOSTILE}/")
    hrefs = page.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["/redirect-loop", "/never-loads", "/alert-storm", "/popups", "/crash", "/bot-challenge", "/hostile-content"]


def test_bot_challenge_is_a_403_wall(internet: DemoInternet, page) -> None:
    response = page.goto(f"{HOSTILE}/bot-challenge")
    assert response is not None and response.status == 403
    assert page.get_by_text("Verify you are human").is_visible()


def test_redirect_loop_really_loops(internet: DemoInternet, page) -> None:
    before = len(internet.log)
    with pytest.raises(Exception, match="ERR_TOO_MANY_REDIRECTS"):
        page.goto(f"{HOSTILE}/redirect-loop")
    hits = [r for r in internet.log.snapshot()[before:] if r.path == "/redirect-loop"]
    assert len(hits) >= 20


def test_never_loads_really_hangs(internet: DemoInternet, page) -> None:
    with pytest.raises(Exception, match="Timeout"):
        page.goto(f"{HOSTILE}/never-loads", wait_until="load", timeout=1500)
    assert internet.log.wait_for(lambda r: r.path == "/never-loads") is not None


def test_alert_storm_raises_dialogs_without_end(internet: DemoInternet, page) -> None:
    dialogs: list[str] = []

    def dismiss(dialog) -> None:  # noqa: ANN001
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto(f"{HOSTILE}/alert-storm")
    assert len(dialogs) >= 100  # the burst blocks the load event until every one is dismissed
    page.wait_for_timeout(500)
    assert len(dialogs) > 101  # and the interval keeps going


def test_popups_open_many_windows(internet: DemoInternet, page) -> None:
    popups: list[object] = []
    page.context.on("page", lambda popup: popups.append(popup))
    page.goto(f"{HOSTILE}/popups")
    deadline = time.monotonic() + 5
    while len(popups) < 15 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert len(popups) >= 15


def test_crash_really_crashes_the_renderer(internet: DemoInternet, page) -> None:
    crashed: list[float] = []
    page.on("crash", lambda _: crashed.append(time.monotonic()))
    started = time.monotonic()
    page.goto(f"{HOSTILE}/crash")
    while not crashed and time.monotonic() - started < 60:  # a hang guard; speed is not tested here
        try:
            page.wait_for_timeout(100)
        except Exception:  # every call on a crashed page raises "Page crashed"
            pass
    assert crashed, "the renderer did not crash within 60 s"
