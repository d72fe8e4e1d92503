"""The privacy-notice check: finding notices, reading them, naming recipients, broken promises."""

from __future__ import annotations

import socket

import pytest

from pixelhound.assess.notice.check import NoticeCheck, check_notice, recipients
from pixelhound.assess.notice.findings import RECOMMEND_NO_NOTICE, RULE_CONTRADICTED, RULE_UNDISCLOSED, policy_findings
from pixelhound.assess.notice.names import find_mention, vendor_names
from pixelhound.assess.notice.promises import find_promises
from pixelhound.assess.notice.text import Sentence, notice_text, sentences, stripped_text
from pixelhound.links import Link, notice_links
from pixelhound.knowledge.vendors import Vendor, default_knowledge
from pixelhound.model import Disclosure, Evidence, Field, Sensitivity

SITE = "https://www.example-community.nhs.uk/"
NOTICE_URL = "https://www.example-community.nhs.uk/about-us/privacy-notice"
COOKIE_URL = "https://www.example-community.nhs.uk/cookies"

# A UK NHS trust notice in the usual shape: names Google Analytics (in prose and a cookie table),
# never Facebook or Meta, although the site runs the Meta Pixel.
TRUST_NOTICE = """Privacy notice
This privacy notice explains how Example Community Health NHS Trust collects, uses and protects your personal information. The Trust is the data controller for the information we hold about you.
How we use your information
We use your information to provide you with direct care, e.g. to book appointments and send letters to your GP.
We share information with:
- NHS England
- your GP practice
- other NHS organisations involved in your care
Cookies and analytics
We use Google Analytics to collect information about how visitors use this website, such as the pages they visit. Google Analytics sets cookies in your browser. We use this information to improve the website.
| Cookie | Provider | Purpose | Expires |
|---|---|---|---|
| _ga | Google Analytics | Distinguishes users | 2 years |
| _gid | Google Analytics | Distinguishes users | 24 hours |
Your rights
You have the right to access the information we hold about you. Contact our Data Protection Officer at dpo@example-community.nhs.uk."""

META_NOTICE = """Cookies on our website
We use marketing cookies from Meta (Facebook) to measure how well our recruitment adverts work. These cookies are only set if you accept them.
We also use Google Analytics."""

PROMISE_NOTICE = """How we protect your information
Your information is held securely on NHS systems. We will never share your health information with third parties for marketing purposes.
If you do not want us to share your information with researchers, you can opt out at any time."""

SHARING_NOTICE = """Who we share your data with
We may share your data with third parties such as Google, who provide services to us. We do not use your information to make automated decisions."""

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Privacy notice - Example Community Health NHS Trust</title>
<script>window.fbq && fbq('init', '123456789'); /* Facebook */</script>
<style>.nav { color: blue }</style></head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header><nav><ul>
  <li><a href="/">Home</a></li><li><a href="/services">Our services</a></li>
  <li><a href="/sexual-health">Sexual health</a></li><li><a href="/contact">Contact us</a></li>
</ul></nav></header>
<div class="cookie-banner"><p>We use cookies to make this site work.</p><button>Accept all cookies</button>
<button>Reject all</button></div>
<main id="main"><article>
<h1>Privacy notice</h1>
<p>This privacy notice explains how Example Community Health NHS Trust collects, uses and protects your
personal information. The Trust is the data controller for the information we hold about you.</p>
<h2>Cookies and analytics</h2>
<p>We use Google Analytics to collect information about how visitors use this website, such as the pages
they visit. We use this information to improve the website.</p>
<table><tr><th>Cookie</th><th>Provider</th><th>Purpose</th></tr>
<tr><td>_ga</td><td>Google Analytics</td><td>Distinguishes users</td></tr></table>
<p>We will never share your health information with third parties for marketing purposes.</p>
<h2>Your rights</h2>
<p>You have the right to access the information we hold about you, and to ask us to correct it.
Contact our Data Protection Officer if you have any questions about how we use your data.</p>
</article></main>
<footer>
  <p>Follow us on <a href="https://www.facebook.com/examplecommunity">Facebook</a>,
  <a href="https://www.instagram.com/examplecommunity">Instagram</a> and
  <a href="https://x.com/examplecommunity">X (Twitter)</a>.</p>
  <ul><li><a href="/about-us/privacy-notice">Privacy notice</a></li><li><a href="/cookies">Cookies</a></li>
  <li><a href="/accessibility">Accessibility</a></li></ul>
  <p>&copy; Example Community Health NHS Trust</p>
</footer>
</body></html>"""


def vendor(vendor_id: str) -> Vendor:
    return default_knowledge().vendors[vendor_id]


def disclosure(
    index: int,
    vendor_id: str,
    *,
    category: str = "",
    sensitive: bool = False,
    scenario: str = "",
    site: str = "",
) -> Disclosure:
    """A disclosure as a decoder makes one: a health page URL when `sensitive`."""
    known = vendor(vendor_id)
    page = SITE + ("sexual-health/hiv-testing" if sensitive else "visiting-us")
    sensitivity = (
        Sensitivity(True, ["sexual_health"], [Evidence("sexual_health", "hiv", page, "page_url")])
        if sensitive
        else Sensitivity()
    )
    return Disclosure(
        id=f"d{index}",
        capture_index=index,
        vendor=vendor_id,
        company=known.company,
        product=known.endpoints[0].product if known.endpoints else vendor_id,
        category=category or known.category,
        request_url=f"https://tracker.example/{index}",
        page_url=page,
        fields=[Field("page_url", page, "dl")],
        sensitivity=sensitivity,
        scenario=scenario,
        site=site,
    )


# ---------------------------------------------------------------------------- finding the notices


def test_notice_links_rank_privacy_and_cookie_notices_first() -> None:
    links = [
        Link("/", "Home"),
        Link("/sexual-health", "Sexual health"),
        Link("/data-protection", "Data protection"),
        Link("/your-information", "How we use your information"),
        Link("#", "Cookie settings"),
        Link("/cookie-preferences", "Manage cookies"),
        Link("https://www.nhs.uk/our-policies/privacy-policy/", "NHS.UK privacy policy"),
        Link("/documents/privacy-notice.pdf", "Privacy notice (PDF)"),
        Link("/cookies", "Cookies"),
        Link("/about-us/privacy-notice", "Privacy notice"),
        Link("/about-us/privacy-notice/", "Privacy notice"),
        Link("/gdpr", "GDPR"),
    ]
    assert notice_links(links, SITE) == [
        NOTICE_URL,
        COOKIE_URL,
        SITE + "your-information",
        SITE + "data-protection",
    ]


def test_notice_links_read_the_path_when_the_text_says_nothing() -> None:
    links = [Link("/legal/privacy-policy", "Read more"), Link("/info/fair-processing", "")]
    assert notice_links(links, SITE) == [SITE + "legal/privacy-policy", SITE + "info/fair-processing"]


def test_no_notice_links() -> None:
    assert notice_links([Link("/", "Home"), Link("/contact", "Contact us")], SITE) == []


# ---------------------------------------------------------------------------- reading the notices


def test_notice_text_keeps_the_notice_and_drops_navigation_and_footer() -> None:
    text = notice_text(PAGE, NOTICE_URL)
    assert "We use Google Analytics to collect information" in text
    assert "Google Analytics | Distinguishes users" in text  # the cookie table survives
    assert "We will never share your health information" in text
    assert "Follow us on" not in text and "fbq" not in text and "Our services" not in text


def test_footer_social_links_do_not_count_as_naming_the_company() -> None:
    check = check_notice({NOTICE_URL: notice_text(PAGE, NOTICE_URL)}, [vendor("meta"), vendor("google"), vendor("x")])
    named = {m.vendor: m.named for m in check.mentions}
    assert named == {"meta": False, "google": True, "x": False}


def test_notice_text_falls_back_to_tag_stripping_when_trafilatura_finds_nothing() -> None:
    # trafilatura returns None for a lone short paragraph: the plain stripper still reads it.
    assert notice_text("<p>We use Google Analytics.</p>", COOKIE_URL) == "We use Google Analytics."


def test_stripped_text_drops_page_furniture_unless_nothing_else_is_left() -> None:
    html = (
        "<html><head><title>T</title><script>fbq('init')</script></head><body><nav>Home</nav>"
        "<form><p>We use Google&nbsp;Analytics &amp; Hotjar.</p><button>Accept</button></form>"
        "<footer>Facebook</footer></body></html>"
    )
    assert stripped_text(html) == "We use Google Analytics & Hotjar."
    assert stripped_text("<nav>Only navigation</nav>") == "Only navigation"


@pytest.mark.parametrize(
    "garbage",
    ["", "   ", "\x00\x01\x02<<<>>>", "<html><body><div><p>unclosed <b>tags", "<!-- only a comment",
     "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "<script>while(true){}</script>", "<" * 5000],
)
def test_notice_text_never_raises_on_garbage(garbage: str) -> None:
    assert isinstance(notice_text(garbage, NOTICE_URL), str)


def test_notice_text_does_not_touch_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("notice_text tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert "Google Analytics" in notice_text(PAGE, NOTICE_URL)


def test_sentences_keep_list_context_and_table_rows() -> None:
    found = [s.text for s in sentences(TRUST_NOTICE, NOTICE_URL)]
    assert "We share information with: NHS England" in found
    assert "_ga | Google Analytics | Distinguishes users | 2 years" in found
    assert "We use your information to provide you with direct care, e.g. to book appointments and send letters to your GP." in found
    assert not any(s.startswith("|") or set(s) <= set("|-: ") for s in found)


# ---------------------------------------------------------------------------- naming recipients


def test_trust_notice_names_google_analytics_but_not_facebook() -> None:
    check = check_notice({NOTICE_URL: TRUST_NOTICE}, [vendor("meta"), vendor("google")])
    google, meta = sorted(check.mentions, key=lambda m: m.vendor)
    assert google.named and google.url == NOTICE_URL and google.name == "Google Analytics"
    assert google.sentence.startswith("We use Google Analytics to collect information")
    assert not meta.named and meta.sentence == "" and meta.url == ""
    assert check.found and check.notices == [NOTICE_URL]


def test_meta_in_brackets_with_facebook_is_named() -> None:
    check = check_notice({COOKIE_URL: META_NOTICE}, [vendor("meta")])
    (meta,) = check.mentions
    assert meta.named and meta.url == COOKIE_URL
    assert meta.sentence.startswith("We use marketing cookies from Meta (Facebook)")


def mention(vendor_id: str, text: str) -> bool:
    return find_mention(vendor(vendor_id), sentences(text, NOTICE_URL)).named


@pytest.mark.parametrize(
    ("vendor_id", "text", "named"),
    [
        ("meta", "We record the metadata of each request for security.", False),
        ("meta", "Meta tags and meta descriptions help search engines list our pages.", False),
        ("meta", "Meta-data about documents is kept for seven years.", False),
        ("meta", "We use the Meta Pixel on our recruitment pages.", True),
        ("meta", "Meta may use this information to show you adverts.", True),
        ("meta", "Data is shared with Meta Platforms, Inc. for advertising.", True),
        ("meta", "Our Instagram page is run by the communications team.", True),
        ("x", "An x-ray or X-ray uses a small dose of radiation. Box X of the form must be ticked.", False),
        ("x", "Ask for Form X at reception.", False),
        ("x", "We post news on Twitter.", True),
        ("x", "We post news on X (Twitter).", True),
        ("x", "Advertising on X (formerly Twitter) uses a pixel.", True),
        ("x", "Data is sent to X Corp. in the United States.", True),
        ("google", "Our adverts are measured by DoubleClick.", True),
        ("google", "We use google analytics.", True),
        ("google", "Googlebot and other crawlers index the site.", False),
        ("basis", "The legal basis for processing is Article 6(1)(e). Basis of processing: public task.", False),
        ("basis", "Basis Technologies (formerly Centro) places our adverts.", True),
        ("livechat", "Text messages remind you of appointments.", False),
        ("segment", "Each segment of the service is audited.", False),
        ("segment", "Events are sent to Segment, a customer data platform.", True),
        ("microsoft", "We use Microsoft Clarity to see how pages are used.", True),
    ],
)
def test_alias_edge_cases(vendor_id: str, text: str, named: bool) -> None:
    assert mention(vendor_id, text) is named


def test_names_include_aliases_and_the_company_without_its_legal_suffix() -> None:
    names = vendor_names(vendor("meta"))
    assert {"Facebook", "Meta", "Instagram", "Meta Platforms", "Meta Platforms, Inc"} <= set(names)
    assert "X Corp" in vendor_names(vendor("x"))


def test_best_sentence_explains_the_recipient_and_is_short() -> None:
    text = "Google.\n" + "Padding words here. " * 5 + (
        "We use Google Analytics cookies to understand how pages are used. " + "And so on " * 40
    )
    found = find_mention(vendor("google"), sentences(text, NOTICE_URL))
    assert found.sentence == "We use Google Analytics cookies to understand how pages are used."
    long_text = "We share data with " + "partner, " * 60 + "and Facebook for advertising " + "etc " * 60
    long = find_mention(vendor("meta"), sentences(long_text, NOTICE_URL))
    assert long.named and len(long.sentence) <= 300 and "Facebook" in long.sentence


def test_sharing_with_google_names_google_and_is_no_promise() -> None:
    check = check_notice({NOTICE_URL: SHARING_NOTICE}, [vendor("google")])
    assert check.mentions[0].named and "such as Google" in check.mentions[0].sentence
    assert check.promises == []


def test_no_notice_text_means_nothing_is_named() -> None:
    check = check_notice({NOTICE_URL: "", COOKIE_URL: "   "}, [vendor("meta")])
    assert not check.found and check.notices == [] and not check.mentions[0].named


# ---------------------------------------------------------------------------- promises


def promise_categories(text: str) -> list[str]:
    return [p.category for p in find_promises(sentences(text, NOTICE_URL))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We will never share your health information with third parties for marketing purposes.", ["no-marketing"]),
        ("We will never share your information with third parties for marketing.", ["no-marketing"]),
        ("Your medical records will not be used for marketing or advertising.", ["no-marketing"]),
        ("Your information is not used for marketing.", ["no-marketing"]),
        ("We do not sell your personal data.", ["no-selling"]),
        ("Under no circumstances will we sell your information to third parties.", ["no-selling"]),
        ("We will not share your information with third parties unless we are required to by law.", ["no-sharing"]),
        ("Information we hold about you will not be shared with third parties without your consent.", ["no-sharing"]),
        ("We do not use cookies for advertising.", ["no-advertising-cookies"]),
        ("We don’t use advertising or marketing cookies on this website.", ["no-advertising-cookies"]),
        ("We do not use any cookies.", ["no-advertising-cookies"]),
        ("We do not allow third-party advertising cookies on this website.", ["no-advertising-cookies"]),
        ("We do not give your personal information to third parties.", ["no-sharing"]),
        ("The Trust does not sell or share your data with third parties for marketing purposes.", ["no-marketing"]),
        ("We share data with the NHS, but we do not share your information with advertisers.", ["no-marketing"]),
        # Not promises: permission to share, the reader's choices, other topics, "not only".
        ("We may share your data with third parties such as Google.", []),
        ("We may share information with third parties for marketing purposes.", []),
        ("If you do not want us to share your information with third parties for marketing, you can opt out.", []),
        ("You do not have to give us your data for marketing.", []),
        ("We will not be able to provide care if you do not give us accurate information.", []),
        ("We not only share data with NHS England but also with third parties.", []),
        ("We do not store your data outside the UK.", []),
        ("We do not use your information to make automated decisions.", []),
        ("Please do not share your password with anyone.", []),
        ("We never use analytics cookies without your consent.", []),
        ("If you do not accept cookies, some features may not work.", []),
        ("If you do not give consent, we will not set analytics cookies.", []),
        ("Cookies are not used to identify you personally.", []),
        ("Third parties do not always tell us how they use data for marketing. We share it with them.", []),
    ],
)
def test_promises_and_negations(text: str, expected: list[str]) -> None:
    assert promise_categories(text) == expected


def test_promise_records_health_and_a_consent_qualifier() -> None:
    (health,) = find_promises(sentences(PROMISE_NOTICE, NOTICE_URL))
    assert health.health and not health.consent and health.url == NOTICE_URL
    assert health.sentence == "We will never share your health information with third parties for marketing purposes."
    (qualified,) = find_promises([Sentence("We will not share your data with third parties without your consent.", NOTICE_URL)])
    assert qualified.consent and qualified.qualifier == "without your consent"
    (condition,) = find_promises([Sentence("Where you do not give us permission we will not share your data with other organisations.", NOTICE_URL)])
    assert condition.category == "no-sharing" and condition.consent
    (law,) = find_promises([Sentence("We will not share your information with third parties unless required by law.", NOTICE_URL)])
    assert not law.consent and law.qualifier == "unless required by law"


# ---------------------------------------------------------------------------- findings


def test_unnamed_meta_with_health_data_is_a_high_undisclosed_recipient() -> None:
    disclosures = [disclosure(1, "meta", sensitive=True), disclosure(2, "meta"), disclosure(3, "google", category="analytics")]
    check = check_notice({NOTICE_URL: TRUST_NOTICE}, recipients(disclosures))
    findings = policy_findings(check, disclosures, source="scan:example", site=SITE)
    (finding,) = findings
    assert finding.rule == RULE_UNDISCLOSED and finding.severity == "high" and finding.id == ""
    assert finding.vendor == "meta" and finding.company == "Meta Platforms, Inc."
    assert finding.summary == (
        f"Meta Platforms, Inc. received data on {SITE} (2 disclosures, 1 health-related) "
        f"but is not named in the privacy notice ({NOTICE_URL})"
    )
    assert finding.disclosures == ["d1", "d2"] and finding.captures == [1, 2]
    assert finding.categories == ["sexual_health"] and finding.source == "scan:example"
    assert "privacy notice" in finding.recommendation


def test_named_recipient_makes_no_finding() -> None:
    disclosures = [disclosure(1, "meta", sensitive=True)]
    check = check_notice({COOKIE_URL: META_NOTICE}, recipients(disclosures))
    assert policy_findings(check, disclosures, source="s", site=SITE) == []


def test_unnamed_analytics_recipient_without_health_data_is_medium() -> None:
    disclosures = [disclosure(1, "siteimprove")]
    check = check_notice({NOTICE_URL: TRUST_NOTICE}, recipients(disclosures))
    (finding,) = policy_findings(check, disclosures, source="s", site=SITE)
    assert finding.severity == "medium" and finding.company == "Siteimprove A/S"


def test_no_notice_found_is_said_and_never_a_pass() -> None:
    disclosures = [disclosure(1, "meta"), disclosure(2, "google", category="analytics")]
    check = check_notice({}, recipients(disclosures))
    findings = policy_findings(check, disclosures, source="s", site=SITE)
    assert {f.vendor for f in findings} == {"meta", "google"}
    assert all(f.summary.endswith("but no privacy notice was found") for f in findings)
    assert all(f.recommendation == RECOMMEND_NO_NOTICE and f.severity == "high" for f in findings)


def test_recipient_left_out_of_the_check_is_still_judged() -> None:
    disclosures = [disclosure(1, "meta", sensitive=True)]
    check = check_notice({NOTICE_URL: TRUST_NOTICE}, [])
    (finding,) = policy_findings(check, disclosures, source="s", site=SITE)
    assert finding.rule == RULE_UNDISCLOSED and finding.vendor == "meta"


def test_unknown_recipient_is_looked_for_by_its_domain() -> None:
    unknown = Disclosure(
        id="d9", capture_index=9, vendor="unknown-adtech.example", company="unknown-adtech.example",
        product="", category="unknown", request_url="https://collect.unknown-adtech.example/px",
    )
    named = check_notice({NOTICE_URL: "We send statistics to unknown-adtech.example for analysis."}, recipients([unknown]))
    assert policy_findings(named, [unknown], source="s") == []
    silent = check_notice({NOTICE_URL: TRUST_NOTICE}, recipients([unknown]))
    (finding,) = policy_findings(silent, [unknown], source="s")
    assert finding.severity == "medium" and "unknown-adtech.example received data (1 disclosure)" in finding.summary


def test_contradicted_no_marketing_promise_quotes_the_sentence() -> None:
    disclosures = [disclosure(1, "meta", sensitive=True), disclosure(2, "meta")]
    check = check_notice({NOTICE_URL: PROMISE_NOTICE + "\nWe use Facebook to advertise our vacancies."}, recipients(disclosures))
    findings = policy_findings(check, disclosures, source="s", site=SITE)
    (finding,) = findings  # Meta is named, so the only problem is the broken promise
    assert finding.rule == RULE_CONTRADICTED and finding.severity == "high"
    assert '"We will never share your health information with third parties for marketing purposes."' in finding.summary
    assert "Meta Platforms, Inc. received health-related data" in finding.summary
    assert finding.disclosures == ["d1"] and finding.captures == [1] and finding.vendor == "meta"


def test_promise_kept_when_no_advertiser_received_health_data() -> None:
    disclosures = [disclosure(1, "meta"), disclosure(2, "siteimprove", sensitive=True)]
    check = check_notice({NOTICE_URL: PROMISE_NOTICE + " Facebook. Siteimprove."}, recipients(disclosures))
    assert [f for f in policy_findings(check, disclosures, source="s") if f.rule == RULE_CONTRADICTED] == []


def test_marketing_promise_is_judged_by_product_and_sharing_promise_by_company() -> None:
    # Google Analytics (an analytics product of an advertising company) received a health page.
    disclosures = [disclosure(1, "google", category="analytics", sensitive=True)]
    marketing = check_notice({NOTICE_URL: PROMISE_NOTICE + " Google Analytics."}, recipients(disclosures))
    assert policy_findings(marketing, disclosures, source="s") == []
    sharing_text = "We will not share your health information with third parties. We use Google Analytics."
    sharing = check_notice({NOTICE_URL: sharing_text}, recipients(disclosures))
    (finding,) = policy_findings(sharing, disclosures, source="s")
    assert finding.rule == RULE_CONTRADICTED and finding.vendor == "google" and finding.categories == ["sexual_health"]


def test_consent_qualified_promise_binds_only_without_consent() -> None:
    text = "We will not share your health information with third parties for marketing without your consent. Facebook."
    accepted = [disclosure(1, "meta", sensitive=True, scenario="accept-all")]
    check = check_notice({NOTICE_URL: text}, recipients(accepted))
    assert policy_findings(check, accepted, source="s") == []
    rejected = [*accepted, disclosure(2, "meta", sensitive=True, scenario="reject-all")]
    (finding,) = policy_findings(check, rejected, source="s")
    assert finding.rule == RULE_CONTRADICTED and finding.disclosures == ["d2"] and "without consent" in finding.summary


def test_no_advertising_cookies_promise_broken_by_any_advertiser() -> None:
    disclosures = [disclosure(1, "meta"), disclosure(2, "tiktok")]
    text = "We do not use cookies for advertising. We use Facebook and TikTok pixels to measure campaigns."
    check = check_notice({COOKIE_URL: text}, recipients(disclosures))
    (finding,) = policy_findings(check, disclosures, source="s")
    assert finding.rule == RULE_CONTRADICTED and finding.vendor == "meta,tiktok"
    assert "Meta Platforms, Inc. and TikTok Inc. (ByteDance) received data" in finding.summary
    analytics_only = [disclosure(3, "google", category="analytics")]
    assert policy_findings(check_notice({COOKIE_URL: text + " Google."}, recipients(analytics_only)), analytics_only, source="s") == []


def test_findings_only_for_this_sites_disclosures() -> None:
    other = "https://www.other-trust.nhs.uk/"
    disclosures = [disclosure(1, "meta", site=SITE), disclosure(2, "tiktok", site=other)]
    check = check_notice({NOTICE_URL: TRUST_NOTICE}, recipients(disclosures))
    assert [f.vendor for f in policy_findings(check, disclosures, source="s", site=SITE)] == ["meta"]


def test_check_encodes_for_reports() -> None:
    import msgspec

    check = check_notice({NOTICE_URL: TRUST_NOTICE}, [vendor("google")])
    decoded = msgspec.json.decode(msgspec.json.encode(check), type=NoticeCheck)
    assert decoded.mentions[0].sentence == check.mentions[0].sentence
