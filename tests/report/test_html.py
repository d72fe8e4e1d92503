"""The HTML report, opened in real Chromium: the verdict reads right, the charts are there, and a
report of a hostile site runs none of its code and sends nothing anywhere."""

from __future__ import annotations

import os
import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from harbuilder import entry, har, write
from pixelhound.analysis import analyze_hars
from pixelhound.model import (
    Analysis,
    Cookie,
    Disclosure,
    Evidence,
    Field,
    Finding,
    Identifier,
    Page,
    Sensitivity,
    SourceSummary,
    ThirdParty,
)
from pixelhound.report.html_report import CONTENT_SECURITY_POLICY, highlight, render_html

REALWORLD = Path(__file__).resolve().parents[1] / "data" / "realworld"
CHROMIUM = os.environ.get("PIXELHOUND_CHROMIUM", "/usr/bin/chromium")
VIEWPORT = {"width": 1366, "height": 768}

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
JS = "javascript:window.__pwned=1"
EXTERNAL = "http://evil.example/beacon.png"
SVG = '"><svg onload="window.__pwned=1"><a href="javascript:window.__pwned=1">x</a>'
STYLE = "</style><script>window.__pwned=1</script><style>"
HOSTILE = (SCRIPT, IMG, JS, EXTERNAL, SVG, STYLE)


# ---------------------------------------------------------------- inputs


def leaky_har(folder: Path) -> Path:
    """A trust page whose Meta Pixel sends a sexual-health page URL with a hashed email."""
    page = "https://www.example-trust.nhs.uk/services/sexual-health/hiv-prep?q=hiv+test"
    pixel = (
        "https://www.facebook.com/tr/?id=1234567890&ev=PageView&dl="
        "https%3A%2F%2Fwww.example-trust.nhs.uk%2Fservices%2Fsexual-health%2Fhiv-prep%3Fq%3Dhiv%2Btest"
        "&fbp=fb.1.1700000000000.111&ud[em]=" + "a" * 64
    )
    return write(folder / "leaky.har", har([entry(page), entry(pixel)]))


def png(width: int = 8, height: int = 6) -> bytes:
    """A real, tiny PNG (red), so that no image library is needed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xcc\x22\x22" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def hostile_analysis() -> Analysis:
    """Every string a website or tracker controls is an attack; two sites, consent scenarios,
    a not-measured scenario, consent findings, cookies and third parties."""
    payload = " ".join(HOSTILE)
    page_url = "https://www.hostile.test/sexual-health/" + SCRIPT
    sources = []
    disclosures = []
    findings = []
    for number, (site, scenario) in enumerate(
        [(f"Hostile Trust {SCRIPT}", "no-interaction"), (f"Hostile Trust {SCRIPT}", "accept-all"), (f"Other {IMG}", "reject-all")]
    ):
        path = f"run/sites/{number}/capture.har{IMG}"
        sources.append(
            SourceSummary(
                path=path,
                site=JS,
                entries=3,
                site_name=site,
                scenario=scenario,
                measured=number != 2,
                reason=f"the site is down {IMG}" if number == 2 else "",
                warnings=[payload],
                pages=[
                    Page(
                        id="p1",
                        title=payload,
                        url=page_url,
                        screenshot="../../../../etc/passwd",
                        actions=[f"click: {IMG}", f"search: {SCRIPT}"],
                        error=SVG,
                    )
                ],
            )
        )
        disclosure = Disclosure(
            id=f"d{number + 1}",
            capture_index=number,
            vendor=f"evil{IMG}",
            company=f"Evil Ads {SCRIPT}",
            product=f"Pixel {SVG}",
            category="advertising",
            request_url=EXTERNAL + "?x=" + payload,
            event=f"Click {IMG}",
            page_url=page_url,
            fields=[
                Field(name="button_text", value=f"Book sexual health test {SCRIPT} {IMG}", source=f"cd[{SVG}]"),
                Field(name="link_url", value=JS, source="href"),
                Field(name=f"custom_{SCRIPT}", value=EXTERNAL, source=STYLE),
                Field(name="page_title", value=payload, source="dt"),
            ],
            identifiers=[Identifier(kind="fbp", value=payload, source=SVG, label=f"Facebook {IMG}")],
            sensitivity=Sensitivity(
                sensitive=True,
                categories=["sexual_health", f"cat{SCRIPT}"],
                evidence=[
                    Evidence(category="sexual_health", term="sexual health", text=payload, field=f"cd[{SVG}]"),
                    Evidence(category="sexual_health", term="onerror", text=payload, field="dt"),
                    Evidence(category="sexual_health", term="script", text=payload, field="dt"),
                ],
            ),
            time=f"2026-11-01T10:00:0{number}Z",
            source=path,
            site=site,
            scenario=scenario,
            action=f"click: {IMG}",
        )
        disclosures.append(disclosure)
        for rule in ("health-data-disclosed", "tracking-before-consent", "undisclosed-recipient"):
            findings.append(
                Finding(
                    id=f"f{len(findings) + 1}",
                    rule=rule,
                    severity="high",
                    vendor=disclosure.vendor,
                    company=disclosure.company,
                    summary=f"{disclosure.company} received {payload}",
                    disclosures=[disclosure.id],
                    captures=[number],
                    categories=["sexual_health"],
                    recommendation=f"Remove {IMG}",
                    source=path,
                )
            )
    return Analysis(
        tool_version="test",
        generated="2026-11-01T10:00:00Z",
        sources=sources,
        disclosures=disclosures,
        third_parties=[ThirdParty(host=f"evil.example{SCRIPT}", domain=EXTERNAL, company=IMG, category=SVG, requests=3)],
        cookies=[Cookie(name=SCRIPT, value=IMG, domain=JS, third_party=True, request_url=EXTERNAL)],
        findings=findings,
    )


# ---------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--host-resolver-rules=MAP * ~NOTFOUND"],
        )
        yield instance
        instance.close()


class Opened:
    """A report opened in Chromium, with everything the page tried to do."""

    def __init__(self, browser: object, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.context = browser.new_context(viewport=VIEWPORT)  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.popups: list[object] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self.console.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.errors.append("dialog"), dialog.dismiss()))
        self.context.on("page", lambda page: self.popups.append(page))
        self.page.goto(self.url, wait_until="load")
        # Open every <details> and scroll to the end so that anything lazy would have run.
        self.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        self.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        self.page.wait_for_timeout(300)
        self.page.evaluate("window.scrollTo(0, 0)")

    def close(self) -> None:
        self.context.close()


def open_report(browser: object, html: bytes, path: Path) -> Opened:
    path.write_bytes(html)
    return Opened(browser, path)


# ---------------------------------------------------------------- the real captures


@pytest.fixture(scope="module")
def realworld_html() -> bytes:
    return render_html(analyze_hars(sorted(REALWORLD.glob("*/requests.har"))))


@pytest.mark.realworld
def test_realworld_report_first_screen(browser: object, realworld_html: bytes, tmp_path: Path) -> None:
    opened = open_report(browser, realworld_html, tmp_path / "realworld.html")
    try:
        page = opened.page
        verdict = page.locator("#verdict")
        box = verdict.bounding_box()
        assert box is not None and box["y"] < VIEWPORT["height"] / 3, "the verdict opens the first screen"
        text = verdict.inner_text()
        # These home-page visits carry no special-category health data (see docs/blacklight-comparison.md):
        # the verdict says so in words rather than staying silent.
        assert "No company received health-related data in what was measured" in text
        # Identifier recipients are named too.
        for words in ("Snap Inc. received a hashed email address", "Pinterest, Inc. received a hashed email address",
                      "Meta Platforms, Inc.", "Google LLC"):
            assert words in text
        # Fleet overview: six sites, each linking to its own section.
        links = page.locator("#fleet tbody tr a")
        assert links.count() == 6
        for index in range(6):
            target = links.nth(index).get_attribute("href")
            assert target and target.startswith("#site-")
            assert page.locator(target).count() == 1
        # Charts are inline SVG with accessible titles.
        assert page.locator("#charts svg").count() >= 2
        assert page.locator("#charts svg > title").count() >= 2
        assert page.locator("#findings article.finding").count() == realworld_html.count(b'<article class="finding')
        page.screenshot(path=str(tmp_path / "realworld-first-screen.png"))
        assert opened.requests == [opened.url]
        assert not opened.errors and not opened.console
    finally:
        opened.close()


def test_realworld_report_is_self_contained(realworld_html: bytes) -> None:
    text = realworld_html.decode("utf-8")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">' in text
    assert "<script" not in text.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", text), "nothing loads from the network"
    assert "@import" not in text and "url(http" not in text
    assert "@font-face" not in text


# ---------------------------------------------------------------- a leaky page


@pytest.fixture
def leaky(tmp_path: Path) -> Analysis:
    return analyze_hars([leaky_har(tmp_path)])


def test_leaky_verdict_and_evidence(browser: object, leaky: Analysis, tmp_path: Path) -> None:
    html = render_html(leaky)
    opened = open_report(browser, html, tmp_path / "leaky.html")
    try:
        page = opened.page
        verdict = page.locator("#verdict").inner_text()
        assert (
            "Meta Platforms, Inc. received 1 health-related disclosure (sexual health) from 1 page, "
            "tied to a Facebook browser id (_fbp cookie) and a hashed email address." in verdict
        )
        assert "hiv test" in verdict
        # The evidence: decoded fields with raw parameter names, marked words, identifiers, raw request.
        finding = page.locator("article.finding").first
        assert "HIGH" in finding.inner_text()
        assert finding.locator("tr.sensitive code", has_text="dl").count() >= 1
        assert finding.locator("mark", has_text="sexual-health").count() >= 1
        assert "ud[em]" in finding.inner_text() and "hashed email address" in finding.inner_text()
        assert "https://www.facebook.com/tr/?id=1234567890" in finding.locator("details.raw pre").first.inner_text()
        assert "What to do" in finding.inner_text()
        assert page.locator("#charts svg").count() >= 1
        assert "sexual health" in page.locator("#charts table.heat").inner_text()
        assert opened.requests == [opened.url] and not opened.console and not opened.errors
    finally:
        opened.close()


def test_consent_figures_and_scenario_matrix(leaky: Analysis) -> None:
    """Before-consent and privacy-notice facts appear once their findings exist."""
    meta = next(d for d in leaky.disclosures if d.vendor == "meta")
    meta.scenario = "no-interaction"
    leaky.sources[0].scenario = "no-interaction"
    for rule in ("tracking-before-consent", "undisclosed-recipient"):
        leaky.findings.append(
            Finding(id=f"f{len(leaky.findings) + 1}", rule=rule, severity="high", vendor="meta",
                    company=meta.company, summary=rule, disclosures=[meta.id], source=meta.source)
        )
    text = render_html(leaky).decode("utf-8")
    assert "from 1 page, before any cookie choice, tied to" in text
    assert "Meta Platforms, Inc. is not named in the privacy notice" in text
    assert "Disclosures per recipient under each consent choice" in text
    assert "No interaction (banner ignored)" in text and "Accept all" not in text


def test_not_measured_is_never_clean(tmp_path: Path) -> None:
    clean = write(tmp_path / "clean.har", har([entry("https://www.example-trust.nhs.uk/")]))
    analysis = analyze_hars([clean])
    analysis.sources.append(SourceSummary(path="down", site="https://down.example/", site_name="Down Trust",
                                          scenario="reject-all", measured=False, reason="the site redirects forever"))
    text = render_html(analysis).decode("utf-8")
    verdict = text[text.index('id="verdict"'): text.index("</section>", text.index('id="verdict"'))]
    assert "NOT MEASURED" in verdict and "Down Trust" in verdict and "the site redirects forever" in verdict
    assert "some sites or scenarios were NOT MEASURED" in verdict


# ---------------------------------------------------------------- screenshots


def test_screenshots_embedded_only_from_inside_the_run_folder(leaky: Analysis, tmp_path: Path) -> None:
    run = tmp_path / "run"
    (run / "shots").mkdir(parents=True)
    (run / "shots" / "01.png").write_bytes(png())
    (run / "shots" / "fake.png").write_bytes(b"<svg onload=alert(1)>")
    (tmp_path / "outside.png").write_bytes(png())
    page = Page(id="p1", url=next(d.page_url for d in leaky.disclosures if d.vendor == "meta"), title="HIV PrEP",
                screenshot="shots/01.png")
    leaky.sources[0].pages = [page]
    text = render_html(leaky, run).decode("utf-8")
    assert text.count('src="data:image/png;base64,') == 1
    assert "Screenshot of the page HIV PrEP" in text
    for path in ("shots/fake.png", "../outside.png", str(tmp_path / "outside.png"), "shots/missing.png"):
        page.screenshot = path
        assert "data:image/png" not in render_html(leaky, run).decode("utf-8"), path
    page.screenshot = "shots/01.png"
    assert "data:image/png" not in render_html(leaky).decode("utf-8"), "no run folder, no screenshots"


# ---------------------------------------------------------------- hostile input


def test_highlight_escapes_and_marks() -> None:
    marked = highlight(f"Sexual-Health {SCRIPT} sexual health", ["sexual health", "script"])
    assert "<script>" not in marked and "&lt;<mark>script</mark>&gt;" in marked
    assert str(marked).count("<mark>") == 4  # Sexual-Health, sexual health, and `script` in both tags
    assert str(highlight("a" * 1000 + " hiv " + "b" * 1000, ["hiv"], 100)).count("<mark>hiv</mark>") == 1
    assert str(highlight("preparation", ["prep"])) == "<mark>prep</mark>aration"  # only when no whole word exists
    assert str(highlight("PrEP and preparation", ["prep"])) == "<mark>PrEP</mark> and preparation"


def test_hostile_report_runs_nothing_and_sends_nothing(browser: object, tmp_path: Path) -> None:
    html = render_html(hostile_analysis(), tmp_path)
    text = html.decode("utf-8")
    assert "<script" not in text and "<img src=x" not in text and "<svg onload" not in text
    assert 'onerror="' not in text and 'onload="' not in text and 'href="javascript:' not in text
    opened = open_report(browser, html, tmp_path / "hostile.html")
    try:
        page = opened.page
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert not opened.errors and not opened.console and not opened.popups
        assert all(url == opened.url or url.startswith("data:") for url in opened.requests), opened.requests
        assert page.locator("script").count() == 0
        assert page.evaluate(
            "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))"
            ".filter(n => n.startsWith('on')).length"
        ) == 0
        hrefs = page.evaluate("[...document.querySelectorAll('[href]')].map(e => e.getAttribute('href'))")
        assert hrefs and all(h.startswith("#") for h in hrefs), hrefs
        assert all(s.startswith("data:") for s in page.evaluate("[...document.images].map(i => i.src)"))
        csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert csp == CONTENT_SECURITY_POLICY and "script-src" not in csp and "default-src 'none'" in csp
        # The hostile words are shown to the reader, as text.
        body = page.locator("body").inner_text()
        for attack in (SCRIPT, IMG, JS):
            assert attack in body
        assert "NOT MEASURED" in page.locator("#verdict").inner_text()
        assert "before any cookie choice" in page.locator("#verdict").inner_text()
        # Clicking every in-page link still runs nothing and loads nothing.
        for link in page.locator("a[href^='#']").all()[:20]:
            link.click()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert all(url == opened.url or url.startswith("data:") for url in opened.requests), opened.requests
    finally:
        opened.close()
