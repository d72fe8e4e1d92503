"""The dashboard in real Chromium over two real scans of the demo (the first state, then "a week
later"): what a DPO clicks through on Monday morning. The browser maps every host but the
dashboard's loopback address to nowhere, and every request it makes is recorded."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, sync_playwright

from scan.conftest import CHROMIUM
from .conftest import HOSTILE_NAME, DemoStore, Server

FERNMOOR, SALTMERE, LINDENBROOK, HOSTILE = "fernmoor.nhs.test", "saltmere.nhs.test", "lindenbrook.nhs.test", "hostile.test"


@pytest.fixture(scope="module")
def browser_page(dashboard: Server) -> Iterator[tuple[Page, list[str]]]:
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
        )
        page = browser.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.on("dialog", lambda dialog: dialog.dismiss())
        yield page, requests
        browser.close()


def _league(page: Page) -> list[str]:
    return page.locator("tr.site-row").evaluate_all("rows => rows.map(r => r.dataset.site)")


def test_league_table_lists_the_trusts_worst_first(browser_page: tuple[Page, list[str]], dashboard: Server) -> None:
    page, _ = browser_page
    page.goto(dashboard.url)
    order = _league(page)
    assert sorted(order) == sorted([FERNMOOR, SALTMERE, LINDENBROOK, HOSTILE])
    # Health-related data to Meta on the hostile page first; then Saltmere, which added Google Analytics a
    # week later; then Lindenbrook, down and so not clean; last Fernmoor, which removed its pixel.
    assert order == [HOSTILE, SALTMERE, LINDENBROOK, FERNMOOR]
    down = page.locator(f"tr[data-site='{LINDENBROOK}']")
    assert "not measured" in down.inner_text() and "clean" not in down.inner_text()
    assert "clean" in page.locator(f"tr[data-site='{FERNMOOR}']").inner_text()
    page.select_option("select[name=company]", "google")
    page.click("form.filters button")
    assert _league(page) == [SALTMERE]


def test_clicking_a_trust_shows_both_runs_on_its_timeline(browser_page: tuple[Page, list[str]], dashboard: Server) -> None:
    page, _ = browser_page
    page.goto(dashboard.url)
    page.click(f"tr[data-site='{FERNMOOR}'] a.site-link")
    page.wait_for_url(f"**/sites/{FERNMOOR}")
    assert page.locator("svg g.run-column").evaluate_all("gs => gs.map(g => g.dataset.run)") == ["1", "2"]
    runs = page.locator("tr.site-run")
    assert runs.count() == 2
    assert "Meta Platforms" in runs.nth(1).inner_text()  # run 1 (the table lists the latest first)
    assert "none seen" in runs.nth(0).inner_text()  # a week later, the pixel is gone


def test_clicking_a_finding_shows_its_screenshot_and_decoded_request(
    browser_page: tuple[Page, list[str]], dashboard: Server, demo_store: DemoStore
) -> None:
    page, _ = browser_page
    page.goto(dashboard.url)
    page.click(f"tr[data-site='{HOSTILE}'] a.site-link")
    page.wait_for_url(f"**/sites/{HOSTILE}")
    page.locator("table.findings tr", has_text="health-data-disclosed").locator("a.finding-link").click()
    page.wait_for_url("**/runs/2/findings/*")
    screenshot = page.locator("img.evidence-screenshot").first
    assert screenshot.evaluate("img => img.complete && img.naturalWidth > 0")
    request = page.locator("section.request").first
    decoded = request.locator("table.fields").inner_text()
    assert "page_title" in decoded and "HIV clinic" in decoded
    assert request.locator("pre.raw-request").inner_text().startswith("GET https://www.facebook.com/tr/")
    manifest = json.loads((demo_store.folders[1] / "manifest.json").read_text())["files"]
    shown = screenshot.get_attribute("src").split("/evidence/", 1)[1]
    assert manifest[shown] in request.locator("p.sha").first.inner_text()


def test_a_site_name_and_page_title_holding_markup_render_as_text(
    browser_page: tuple[Page, list[str]], dashboard: Server
) -> None:
    page, _ = browser_page
    page.goto(dashboard.url)
    assert page.locator(f"tr[data-site='{HOSTILE}'] a.site-link").inner_text() == HOSTILE_NAME
    page.click(f"tr[data-site='{HOSTILE}'] a.site-link")
    page.locator("a.finding-link").first.click()
    page.wait_for_url("**/findings/*")
    for url in (page.url, dashboard.url):
        page.goto(url)
        assert page.locator("img[src=x]").count() == 0 and page.locator("main script").count() == 0
        assert page.evaluate("window.__pwned") is None
    page.goto(dashboard.url + "runs/2/findings/f1")
    titles = page.locator("q.page-title").all_inner_texts()
    assert titles and all("<script>window.__pwned=1</script>" in title for title in titles)


def test_no_request_leaves_for_anywhere_but_the_dashboard(browser_page: tuple[Page, list[str]], dashboard: Server) -> None:
    page, requests = browser_page
    for path in ("recipients", "diff", "runs", "runs/2"):
        page.goto(dashboard.url + path)
        assert page.locator("h1").count() == 1
    assert len(requests) > 10
    assert all(url.startswith(dashboard.url) for url in requests), [u for u in requests if not u.startswith(dashboard.url)]


def test_without_a_token_only_a_loopback_host_name_is_answered(dashboard: Server) -> None:
    """A page elsewhere that rebinds its own name to 127.0.0.1 cannot read the dashboard."""
    parts = urlsplit(dashboard.url)
    for host, status in ((f"evil.example:{parts.port}", 421), (f"127.0.0.1:{parts.port}", 200), (f"localhost:{parts.port}", 200)):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        connection.request("GET", "/api/runs", headers={"Host": host})
        assert connection.getresponse().status == status, host
        connection.close()
