"""www.hostile.test: pages that try to wreck a crawler. A fleet scan must survive every one.

Each page's behaviour is real (a genuine redirect loop, a genuinely unfinished response, a real V8
out-of-memory), so a test proves the scanner copes with the thing itself, not with a simulation.
"""

from __future__ import annotations

import threading
from typing import BinaryIO
from urllib.parse import urlsplit

from pixelhound.demo.responses import Response, html, not_found, redirect
from pixelhound.demo.site import environment

NEVER_LOADS_HOLD_SECONDS = 300.0  # how long /never-loads keeps its connection open (or until stop)

PAGES: tuple[tuple[str, str], ...] = (
    ("/redirect-loop", "A redirect loop"),
    ("/never-loads", "A page that never finishes loading"),
    ("/alert-storm", "An alert() storm"),
    ("/popups", "A page that opens popups"),
    ("/crash", "A page that crashes the renderer"),
    ("/bot-challenge", "A bot wall: HTTP 403 and a 'verify you are human' page instead of the site"),
    ("/hostile-content", "A page whose title, buttons and links carry script, with the Meta Pixel on it"),
)
HOSTILE_PIXEL = "3030303030303030"  # invented
# Pages whose one call to action is awkward to press (not in PAGES: tests/scan/test_shortfalls.py
# scans them, not the hostile fleet): one that pulses for ever, one under a layer nothing gets through,
# and one that freezes the page when the pointer reaches it.
AWKWARD_PAGES: dict[str, dict[str, object]] = {
    "/moving-button": {"title": "A button that never stops moving", "moving": True},
    "/covered-button": {"title": "A button under a layer", "covered": True},
    "/freezing-button": {"title": "A button that freezes the page", "freezing": True},
}


def _never_loads(write: BinaryIO, stop: threading.Event) -> None:
    """Send the start of a page, then hold the connection open without finishing it."""
    write.write(b"<!DOCTYPE html><html><head><title>Never loads - Hostile test site</title></head>"
                b"<body><h1>Never loads</h1><p>This page keeps its connection open")
    write.flush()
    stop.wait(NEVER_LOADS_HOLD_SECONDS)


def render(method: str, target: str) -> Response:
    """The response of www.hostile.test to one request."""
    path = urlsplit(target).path or "/"
    if path == "/":
        return html(environment().get_template("hostile/index.html").render(pages=PAGES))
    if path == "/redirect-loop":
        return redirect("/redirect-loop", 302)
    if path == "/never-loads":
        return Response(
            200,
            [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store"), ("Connection", "close")],
            stream=_never_loads,
        )
    if path == "/hostile-content":
        from pixelhound.demo.trackers import snippet

        page = environment().get_template("hostile/hostile_content.html")
        return html(page.render(tracker=snippet("meta_pixel", HOSTILE_PIXEL)))
    if path in AWKWARD_PAGES:
        from pixelhound.demo.trackers import snippet

        page = environment().get_template("hostile/awkward_button.html")
        return html(page.render(tracker=snippet("meta_pixel", HOSTILE_PIXEL), **{"moving": False, "covered": False, "freezing": False, **AWKWARD_PAGES[path]}))
    if path == "/bot-challenge":
        return html(environment().get_template("hostile/bot_challenge.html").render(), status=403)
    if path in ("/alert-storm", "/popups", "/crash", "/popups/child"):
        name = path.strip("/").replace("/", "_").replace("-", "_")
        return html(environment().get_template(f"hostile/{name}.html").render())
    return not_found()
