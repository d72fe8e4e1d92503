"""Consent findings from captures stamped with the consent state they left under."""

from __future__ import annotations

from pixelhound.analysis import Analyzer
from pixelhound.capture.har import cookies_from_header
from pixelhound.model import AFTER_ACCEPT, AFTER_REJECT, BEFORE_CHOICE, Capture, Page, SourceSummary

SITE = "https://www.example-trust.nhs.uk/"
PIXEL = "https://www.facebook.com/tr/?id=1&ev=PageView&dl=https%3A%2F%2Fwww.example-trust.nhs.uk%2Fservices%2Fhiv-prep"
GA4 = "https://region1.google-analytics.com/g/collect?v=2&tid=G-X1&cid=1.2&en=page_view&dl=https%3A%2F%2Fwww.example-trust.nhs.uk%2Fvisiting"


def scan(scenario: str, states: list[tuple[str, str]], cookies_sent: dict[str, str] | None = None):  # noqa: ANN201
    analyzer = Analyzer()
    captures = [Capture(index=0, url=SITE, page_id="p1", site="www.example-trust.nhs.uk", scenario=scenario, consent=states[0][1])]
    for index, (url, state) in enumerate(states, start=1):
        capture = Capture(index=index, url=url, page_id="p1", site="www.example-trust.nhs.uk", scenario=scenario, consent=state,
                          source=f"run/{scenario}.har")
        if cookies_sent and url == SITE:
            capture.request_headers = [("Cookie", "; ".join(f"{k}={v}" for k, v in cookies_sent.items()))]
        captures.append(capture)
    for capture in captures:
        capture.cookies_sent = cookies_from_header(capture.request_headers, capture.url)
    analyzer.add_captures(captures, {"p1": Page(id="p1", url=SITE)})
    analyzer.sources.append(SourceSummary(path=f"run/{scenario}.har", site=SITE, site_name="www.example-trust.nhs.uk", scenario=scenario))
    return analyzer


def rules_of(analysis) -> dict[str, list]:  # noqa: ANN001
    out: dict[str, list] = {}
    for finding in analysis.findings:
        out.setdefault(finding.rule, []).append(finding)
    return out


def test_tracking_before_any_choice() -> None:
    result = scan("no-interaction", [(PIXEL, BEFORE_CHOICE), (GA4, BEFORE_CHOICE)]).result()
    found = rules_of(result)["tracking-before-consent"]
    by_vendor = {f.vendor: f for f in found}
    assert by_vendor["meta"].severity == "high" and "1 health-related" in by_vendor["meta"].summary
    assert by_vendor["google"].severity == "medium" and "before any cookie choice" in by_vendor["google"].summary


def test_tracking_after_rejection_new_and_persisting() -> None:
    result = scan("reject-all", [(PIXEL, BEFORE_CHOICE), (PIXEL, AFTER_REJECT), (GA4, AFTER_REJECT)]).result()
    found = {f.vendor: f for f in rules_of(result)["tracking-after-rejection"]}
    assert "went on receiving" in found["meta"].summary and found["meta"].severity == "high"
    assert "started receiving" in found["google"].summary


def test_after_accept_is_not_a_consent_finding() -> None:
    result = scan("accept-all", [(PIXEL, AFTER_ACCEPT)]).result()
    assert not {"tracking-before-consent", "tracking-after-rejection"} & set(rules_of(result))


def test_tracking_cookies_before_consent_and_after_rejection() -> None:
    before = scan("no-interaction", [(SITE, BEFORE_CHOICE)], cookies_sent={"_ga": "GA1.1.1.2", "_fbp": "fb.1.2.3", "session": "x"}).result()
    found = rules_of(before)["cookie-before-consent"]
    assert {f.vendor for f in found} == {"google", "meta"}
    after = scan("reject-all", [(SITE, AFTER_REJECT)], cookies_sent={"_fbp": "fb.1.2.3"}).result()
    (finding,) = rules_of(after)["cookie-after-rejection"]
    assert finding.severity == "high" and "_fbp" in finding.summary


def test_unverified_scenario_is_a_finding_not_clean() -> None:
    analyzer = scan("reject-all", [(SITE, BEFORE_CHOICE)])
    analyzer.sources[0].consent_verified = False
    analyzer.sources[0].consent_detail = "no banner found"
    (finding,) = rules_of(analyzer.result())["consent-unverified"]
    assert "unverified" in finding.summary and "no banner found" in finding.summary
