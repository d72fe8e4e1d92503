"""Analyses to render: the six real captures, the synthetic leaky HAR, and hostile ones whose
page titles, button texts and search terms try to inject formulas, HTML and Markdown."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from harbuilder import entry, har, write
from pixelhound.analysis import analyze_hars
from pixelhound.model import (
    Analysis,
    Disclosure,
    Evidence,
    Field,
    Finding,
    Identifier,
    Presence,
    Sensitivity,
    SourceSummary,
)

REALWORLD = Path(__file__).resolve().parent.parent / "data" / "realworld"

FORMULA = '=HYPERLINK("http://evil")'
SCRIPT = "<script>alert(1)</script>"
MARKDOWN = "| x | ![a](http://evil/a.png) [b](javascript:alert(1))"
HOSTILE = (FORMULA, SCRIPT, MARKDOWN)
TRUST_PAGE = "https://www.example-trust.nhs.uk/services/sexual-health/hiv-prep"


@pytest.fixture(scope="session")
def realworld_analysis() -> Analysis:
    return analyze_hars(sorted(REALWORLD.glob("*/requests.har")))


@pytest.fixture(scope="session")
def leaky_analysis(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    """tests/test_cli.py's leaky HAR: a Meta Pixel sends a sexual-health page with a hashed email."""
    page = TRUST_PAGE + "?q=hiv+test"
    pixel = (
        "https://www.facebook.com/tr/?id=1234567890&ev=PageView&dl="
        "https%3A%2F%2Fwww.example-trust.nhs.uk%2Fservices%2Fsexual-health%2Fhiv-prep%3Fq%3Dhiv%2Btest"
        "&fbp=fb.1.1700000000000.111&ud[em]=" + "a" * 64
    )
    path = write(tmp_path_factory.mktemp("leaky") / "leaky.har", har([entry(page), entry(pixel)]))
    return analyze_hars([path])


@pytest.fixture(scope="session")
def hostile_analysis(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    """Through the real pipeline: a Meta Pixel button click whose event name, title, button text and
    search term are injection attempts (each also health-related, so that every report shows it)."""
    pixel = (
        "https://www.facebook.com/tr/?id=1&ev=" + quote(FORMULA, safe="")
        + "&dl=" + quote(TRUST_PAGE, safe="")
        + "&dt=" + quote(FORMULA + " HIV clinic", safe="")
        + "&cd[buttonText]=" + quote(SCRIPT + " HIV test", safe="")
        + "&cd[search]=" + quote(MARKDOWN + " hiv", safe="")
        + "&fbp=fb.1.1700000000000.111"
    )
    path = write(tmp_path_factory.mktemp("hostile") / "hostile.har", har([entry(TRUST_PAGE), entry(pixel)]))
    return analyze_hars([path])


@pytest.fixture
def crafted_analysis() -> Analysis:
    """Built by hand: hostile text in every place a website can reach, control characters, an
    input that could not be measured, a canary finding with no disclosure, a rule no report knows."""
    bad = "\x00\x1b[31m\u202eevil\x7f"
    fields = [
        Field("page_title", FORMULA, "dt"),
        Field("button_text", SCRIPT + bad, "cd[buttonText]"),
        Field("search_term", MARKDOWN + "\n# heading\r\n```", "q"),
    ]
    evidence = [Evidence("sexual_health", "hiv", f.value, f.source) for f in fields]
    disclosure = Disclosure(
        id="d1",
        capture_index=3,
        vendor="evil.example",
        company="<img src=x onerror=alert(1)> [Evil](http://evil)",
        product="@SUM(1+1)",
        category="advertising",
        request_url="https://evil.example/c?x=" + quote(MARKDOWN),
        event=FORMULA,
        account="+cmd|' /C calc'!A0",
        page_url="https://www.example-trust.nhs.uk/hiv?`x`|y|<b>",
        fields=fields,
        identifiers=[Identifier("hashed_email", "b" * 64, "ud[em]")],
        sensitivity=Sensitivity(True, ["sexual_health"], evidence),
        time="-1",
        source="runs/hostile/capture.har",
        site="[Trust](http://evil) " + bad,
        scenario="reject-all",
        action="\tclick",
    )
    return Analysis(
        tool_version="0.1.0",
        generated="2026-11-01T10:00:00Z",
        sources=[
            SourceSummary(path="runs/hostile/capture.har", site="https://www.example-trust.nhs.uk/", entries=4,
                          site_name="[Trust](http://evil) " + bad, scenario="reject-all"),
            SourceSummary(path="runs/down/capture.har", site="https://down.example/", site_name="Down trust",
                          scenario="accept-all", measured=False, reason=SCRIPT + " bot wall"),
        ],
        disclosures=[disclosure],
        presences=[Presence("hotjar", "Hotjar Ltd", "Hotjar", "session_recording", "https://static.hotjar.com/c.js", 1,
                            TRUST_PAGE, "runs/hostile/capture.har")],
        findings=[
            Finding("f1", "health-data-disclosed", "high", "evil.example", disclosure.company,
                    f"{disclosure.company} received 1 health-related disclosure ({MARKDOWN})", ["d1"], [3],
                    ["sexual_health"], "Remove it.", "runs/hostile/capture.har"),
            Finding("f2", "canary-disclosed", "high", "evil.example", disclosure.company,
                    f"received the email typed into a form, as SHA-256 in {MARKDOWN}", [], [3, 4], [],
                    "Stop it.", "runs/hostile/capture.har"),
            Finding("f3", "brand-new-rule", "medium", "evil.example", disclosure.company, "A rule no report knows.",
                    ["d1"], [3], [], "", "runs/hostile/capture.har"),
            Finding("f4", "session-recorder", "low", "hotjar", "Hotjar Ltd", "Hotjar Ltd's session recorder ran on 1 page",
                    [], [1], [], "Remove it.", "runs/hostile/capture.har"),
        ],
    )


@pytest.fixture(scope="session")
def clean_analysis(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    """A page that sent nothing to anyone: every report must still say what was checked."""
    path = write(tmp_path_factory.mktemp("clean") / "clean.har", har([entry("https://www.example-trust.nhs.uk/")]))
    return analyze_hars([path])
