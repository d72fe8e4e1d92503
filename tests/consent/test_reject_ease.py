"""Reject as easy as accept, per demo banner, read from the first layer in real Chromium on loopback;
the GPC signal reaching an iframe; and the reject-ease figures and the new findings in every report.

One browser for the module: reading a first layer touches nothing, so one profile serves every
banner (each page is a fresh document with no consent record).
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections.abc import Iterator

import pytest
from playwright.async_api import BrowserContext, async_playwright
from rich.console import Console

from pixelhound.assess.ease import RULE_REJECT_HARDER, reject_harder_findings
from pixelhound.assess.registry import judge
from pixelhound.capture.browser import BrowserNotFound, find_chromium
from pixelhound.capture.collectors import Visits
from pixelhound.capture.consent import BannerOutcome, ConsentOperator
from pixelhound.capture.consent.fallback import FallbackStrategy
from pixelhound.capture.scenarios import SCENARIOS, Gpc
from pixelhound.demo.banners import KINDS, REPORTED_NAMES
from pixelhound.model import (
    ACCEPT_ALL,
    ALL_SCENARIOS,
    GPC,
    KNOWN_SCENARIOS,
    REJECT_ALL,
    WITHDRAW,
    WITHDRAWAL_CONFIRMED,
    WITHDRAWAL_NO_CONTROL,
    Analysis,
    ConsentEase,
    SourceSummary,
)
from pixelhound.report.html_report import render_html
from pixelhound.report.json_report import render_json
from pixelhound.report.markdown_report import render_markdown
from pixelhound.report.terminal import render_terminal

from consent.test_banners import HOST, port  # noqa: F401 - the loopback banner server (a fixture)

# What each demo banner's first layer shows: (accept, reject), as the imitations label them.
FIRST_LAYER = {
    "onetrust": ("Accept All Cookies", "Reject All"),
    "cookiebot": ("Allow all", "Deny"),
    "civic": ("Accept", "Reject"),
    "nhsuk": ("I'm OK with analytics cookies", "Do not use analytics cookies"),
    "cookieyes": ("Accept All", "Reject All"),
    "silktide": ("Accept all", "Reject non-essential"),
    "generic": ("Accept all cookies", "Reject all"),
    "shadow-generic": ("Accept all", "Necessary cookies only"),
    "iframe-generic": ("I accept", "Reject non-essential"),
}
SETTINGS_ONLY = {"settings-only": ("generic-buttons", "Manage cookies"), "onetrust-settings-only": ("onetrust", "Cookies Settings")}


# Withdrawals tried after an accept: one that holds, one whose reject records nothing, one with no way back.
WITHDRAWALS = ("civic", "onetrust?broken", "nhsuk")


async def _withdraw_each(context: BrowserContext) -> dict[str, BannerOutcome]:
    """Accept, reload, withdraw, on each banner in turn (their records are different cookies)."""
    operator = ConsentOperator(None)  # the fallback: what a withdrawal uses whatever operated the accept
    page = await context.new_page()
    outcomes = {}
    for path in WITHDRAWALS:
        await page.goto(f"http://{HOST}/{path}")
        accepted = await operator.operate(page, "accept")
        assert accepted.confirmed, accepted
        await page.reload()
        outcomes[path] = await operator.withdraw(page)
    return outcomes


async def _survey_all(port: int) -> tuple[dict[str, ConsentEase | None], Gpc]:  # noqa: F811
    async with async_playwright() as pw:
        try:
            executable = find_chromium(playwright=pw)
        except BrowserNotFound as exc:
            pytest.skip(str(exc))
        with tempfile.TemporaryDirectory(prefix="pixelhound-ease-") as profile:
            context = await pw.chromium.launch_persistent_context(
                profile, executable_path=executable, headless=True,
                args=["--no-sandbox", f"--host-resolver-rules=MAP {HOST} 127.0.0.1:{port}, MAP * ~NOTFOUND"],
            )
            try:
                gpc = Gpc()
                await gpc.attach(context, Visits())
                page = context.pages[0] if context.pages else await context.new_page()
                strategy = FallbackStrategy()
                found: dict[str, ConsentEase | None] = {}
                for path in (*KINDS, *SETTINGS_ONLY, "none"):
                    await page.goto(f"http://{HOST}/{path}")
                    found[path] = await strategy.survey(page)
                    await gpc.after_load(page, Visits())  # every frame of every page must see the signal
                # A page script that takes the signal away is seen as a frame without it.
                await page.evaluate("Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', "
                                    "{get: () => undefined, configurable: true})")
                clobbered = Gpc()
                await clobbered.after_load(page, Visits())
                found["clobbered"] = clobbered  # type: ignore[assignment]
                found["withdrawals"] = await _withdraw_each(context)  # type: ignore[assignment]
            finally:
                await context.close()
    return found, gpc


@pytest.fixture(scope="module")
def surveyed(port: int) -> tuple[dict[str, ConsentEase | None], Gpc]:  # noqa: F811
    return asyncio.run(_survey_all(port))


@pytest.mark.parametrize("kind", KINDS)
def test_every_demo_banner_offers_reject_beside_accept(surveyed: tuple[dict, Gpc], kind: str) -> None:
    ease = surveyed[0][kind]
    assert ease is not None
    assert ease.banner == REPORTED_NAMES[kind]
    assert (ease.accept_label, ease.reject_label) == FIRST_LAYER[kind]
    assert (ease.accept_clicks, ease.reject_clicks) == (1, 1)
    assert ease.reject_on_first_layer and not ease.reject_harder


@pytest.mark.parametrize("path", SETTINGS_ONLY)
def test_reject_only_through_settings_is_harder(surveyed: tuple[dict, Gpc], path: str) -> None:
    ease = surveyed[0][path]
    banner, settings = SETTINGS_ONLY[path]
    assert ease is not None and ease.banner == banner
    assert ease.accept_clicks == 1 and ease.reject_clicks == 0 and ease.settings_label == settings
    assert ease.reject_harder


def test_a_withdrawal_is_proven_from_the_record(surveyed: tuple[dict, Gpc]) -> None:
    outcomes: dict[str, BannerOutcome] = surveyed[0]["withdrawals"]
    held = outcomes["civic"]
    assert held.found and held.confirmed and held.via == "Cookie Control", held
    assert "CookieControl cookie records reject" in held.detail
    broken = outcomes["onetrust?broken"]  # the preference centre's Reject All records nothing
    assert broken.found and not broken.confirmed and broken.via == "Open Preferences", broken
    assert "records accept" in broken.detail  # the record still says what it said before
    none = outcomes["nhsuk"]
    assert not none.found and not none.confirmed and none.via == ""


def test_every_scenario_can_be_asked_for() -> None:
    assert tuple(SCENARIOS) == KNOWN_SCENARIOS
    assert set(KNOWN_SCENARIOS) - set(ALL_SCENARIOS) == {WITHDRAW, GPC}  # asked for, never by default


def test_no_banner_no_reading(surveyed: tuple[dict, Gpc]) -> None:
    assert surveyed[0]["none"] is None


def test_the_gpc_signal_reaches_every_frame(surveyed: tuple[dict, Gpc]) -> None:
    gpc = surveyed[1]
    assert gpc.held, gpc.detail
    assert gpc.frames_seen > len(KINDS) + len(SETTINGS_ONLY)  # the iframe banner's frame counted too
    assert "true in all" in gpc.detail


def test_a_frame_without_the_signal_leaves_gpc_unverified(surveyed: tuple[dict, Gpc]) -> None:
    clobbered: Gpc = surveyed[0]["clobbered"]
    assert clobbered.frames_seen == 1 and not clobbered.held
    assert "missing in 1 of 1 frames" in clobbered.detail


def _ease(accept: str, reject: str, settings: str = "", **withdraw: object) -> ConsentEase:
    return ConsentEase(banner="onetrust", accept_label=accept, reject_label=reject, settings_label=settings,
                       accept_clicks=1 if accept else 0, reject_clicks=1 if reject else 0, **withdraw)


def _analysis() -> Analysis:
    harder = _ease("Accept All Cookies", "", "Cookies <b>Settings</b>")
    fair = _ease("Accept", "Reject")
    sources = [
        SourceSummary(path="a-reject.har", site="https://a.test/", site_name="Harder Trust", scenario=REJECT_ALL,
                      banner="onetrust", consent_verified=False, consent_detail="no one-click reject", consent_ease=harder),
        SourceSummary(path="a-accept.har", site="https://a.test/", site_name="Harder Trust", scenario=ACCEPT_ALL,
                      banner="onetrust", consent_detail="clicked", consent_ease=harder),
        SourceSummary(path="b-withdraw.har", site="https://b.test/", site_name="Fair Trust", scenario=WITHDRAW,
                      banner="civic-cookie-control", consent_detail="records reject",
                      consent_ease=_ease("Accept", "Reject", withdrawal=WITHDRAWAL_CONFIRMED,
                                         withdraw_control="Cookie Control", withdraw_clicks=2)),
        SourceSummary(path="c-withdraw.har", site="https://c.test/", site_name="Stuck Trust", scenario=WITHDRAW,
                      banner="generic-buttons", consent_verified=False, consent_detail="no control",
                      consent_ease=_ease("Accept all", "Reject all", withdrawal=WITHDRAWAL_NO_CONTROL)),
        SourceSummary(path="b-reject.har", site="https://b.test/", site_name="Fair Trust", scenario=REJECT_ALL,
                      banner="civic-cookie-control", consent_ease=fair),
    ]
    analysis = Analysis(tool_version="test", generated="2026-01-01T00:00:00Z", sources=sources)
    analysis.findings = judge(analysis)
    return analysis


def test_reject_harder_is_one_finding_per_site() -> None:
    analysis = _analysis()
    findings = [f for f in analysis.findings if f.rule == RULE_REJECT_HARDER]
    assert [f.source for f in findings] == ["a-reject.har"]  # the reject-all reading, once for the site
    assert "not on the first layer" in findings[0].summary and "1 click" in findings[0].summary
    assert reject_harder_findings(Analysis(tool_version="t", generated="", sources=analysis.sources[2:])) == []
    assert [f.source for f in analysis.findings if f.rule == "no-way-to-withdraw"] == ["c-withdraw.har"]
    # The trust with no way to withdraw is said once (above), not also as an unverified scenario.
    assert [f.source for f in analysis.findings if f.rule == "consent-unverified"] == ["a-reject.har"]


def test_every_report_shows_the_banners() -> None:
    analysis = _analysis()
    console = Console(record=True, width=250, color_system=None)
    render_terminal(analysis, console)
    text = console.export_text()
    assert "Cookie banners" in text
    assert "reject: not on the first layer (only 'Cookies <b>Settings</b>'" in text
    assert "withdrawn through 'Cookie Control' in 2 clicks, confirmed" in text and "no way to withdraw found" in text
    markdown = render_markdown(analysis).decode()
    assert "## Cookie banners" in markdown
    assert "not on the first layer" in markdown and "**no way to withdraw found**" in markdown
    assert "<b>" not in markdown  # the site's words only inside code spans
    html = render_html(analysis).decode()
    assert 'id="banners"' in html and "Cookie Control" in html and "<b>Settings</b>" not in html
    document = json.loads(render_json(analysis))
    eases = [s["consent_ease"] for s in document["sources"]]
    assert eases[0]["reject_clicks"] == 0 and eases[2]["withdrawal"] == WITHDRAWAL_CONFIRMED
