"""A demo page whose title, button text and links carry script, scanned for real, reported in HTML,
and the report opened in real Chromium: it shows the attack strings as text and runs none of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from pixelhound.analysis import analyze_scans
from pixelhound.capture.scan import Site
from pixelhound.demo.server import DemoInternet
from pixelhound.report.html_report import render_html

from .conftest import CHROMIUM, run_fleet

HOSTILE_PAGE = "https://www.hostile.test/hostile-content"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("hostile-report")
    with DemoInternet() as internet:
        fleet = run_fleet(internet, [Site("Hostile content", HOSTILE_PAGE)], out, 120, max_pages=1, search_term="")
    analysis = analyze_scans(fleet.scans, None, out)
    path = out / "report.html"
    path.write_bytes(render_html(analysis, out))
    return path, analysis


def test_the_attack_strings_reached_the_analysis(report: tuple[Path, object]) -> None:
    """The scan really carried the hostile text to Meta, so the report below has it to escape."""
    _, analysis = report
    values = " ".join(f.value for d in analysis.disclosures if d.vendor == "meta" for f in d.fields)
    assert "<script>window.__pwned=1</script>" in values  # the page title, in cd[pageFeatures] / Microdata
    assert '<img src=x onerror="window.__pwned=1">' in values  # the button text of an automatic click event
    assert "javascript:window.__pwned=1" in values  # the link's destination


def test_report_runs_no_script_and_sends_nothing(report: tuple[Path, object]) -> None:
    path, _ = report
    html = path.read_text("utf-8")
    assert "Content-Security-Policy" in html and "<script" not in html.split("</title>", 1)[1].replace("&lt;script", "")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND"]
        )
        page = browser.new_page()
        requests: list[str] = []
        errors: list[str] = []
        dialogs: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(path.as_uri())
        for link in [link for link in page.locator("a").all() if link.is_visible()][:30]:
            link.click()
        for details in page.locator("details").all()[:30]:
            details.evaluate("d => d.open = true")
        assert page.evaluate("window.__pwned") is None
        assert not dialogs and not errors
        assert all(url.startswith(("file:", "data:")) for url in requests), requests
        text = page.inner_text("body")
        assert "window.__pwned=1" in text  # shown, as text
        browser.close()
