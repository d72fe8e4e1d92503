"""The trust definitions are a usable oracle: complete, consistent with the pages they describe."""

from __future__ import annotations

import re

import pytest

from pixelhound.demo import content, site
from pixelhound.demo.trusts import HOSTILE_HOST, TRUSTS, Trust

VENDORS = {"meta", "google", "tiktok", "linkedin", "hotjar"}
KINDS = {"meta_pixel", "ga4", "tiktok", "linkedin", "hotjar"}
FIELDS = {"page_url", "page_title", "referrer", "event", "button_text", "link_url", "search_term",
          "form_field", "custom_data", "page_metadata", "parameter"}


def _html(trust: Trust, path: str) -> str:
    response = site.render(trust, "GET", path, b"", lambda kind, account, **o: f"<!-- {kind} {account} -->")
    assert response.status == 200, path
    return response.body.decode()


def test_six_tracked_trusts_one_clean_and_distinct_names() -> None:
    tracked = [t for t in TRUSTS if t.trackers]
    clean = [t for t in TRUSTS if not t.trackers]
    assert len(tracked) >= 6 and len(clean) >= 1
    hosts = [h for t in TRUSTS for h in t.first_party_hosts]
    assert len(hosts) == len(set(hosts))
    assert HOSTILE_HOST not in hosts
    assert all(h.endswith(".test") for h in hosts)
    assert len({t.name for t in TRUSTS}) == len(TRUSTS)


@pytest.mark.parametrize("trust", TRUSTS, ids=lambda t: t.slug)
def test_oracle_is_well_formed(trust: Trust) -> None:
    paths = set(trust.page_paths())
    for tracker in trust.trackers:
        assert tracker.kind in KINDS
    for leak in trust.expected:
        assert leak.vendor in VENDORS
        assert leak.path in paths
        assert re.fullmatch(r"load|leave|click:.+|search:.+|form:[a-z-]+", leak.action), leak.action
        assert not leak.field or leak.field in FIELDS
        assert any(t.applies_to(leak.path) for t in trust.trackers), "a leak needs a tracker on its page"
    for path in trust.expected_clean_paths:
        assert path in paths
        assert not trust.trackers_on(path), f"{path} is meant to be clean but embeds a tracker"
    if not trust.trackers:
        assert not trust.expected and set(trust.expected_clean_paths) == paths


@pytest.mark.parametrize("trust", TRUSTS, ids=lambda t: t.slug)
def test_every_oracle_action_is_possible_on_its_page(trust: Trust) -> None:
    for leak in trust.expected:
        page = _html(trust, leak.path)
        kind, _, argument = leak.action.partition(":")
        if kind == "click":
            assert re.search(rf"<(a|button)\b[^>]*>{re.escape(argument)}</(a|button)>", page), leak.action
            assert page.count(f">{argument}<") == 1, f"{leak.action} is ambiguous on {leak.path}"
        elif kind == "form":
            assert f'<form class="site-form" id="{argument}" action="/forms/submit" method="post">' in page
        elif kind == "search":
            assert 'id="search-field" name="q"' in page


def test_jobs_only_trust_embeds_its_pixel_only_on_jobs() -> None:
    harrowmere = next(t for t in TRUSTS if t.slug == "harrowmere")
    assert "meta_pixel" in _html(harrowmere, "/jobs/oncology-nurse")
    assert "meta_pixel" not in _html(harrowmere, "/conditions/cancer")
    assert "/conditions/hiv-and-prep" in harrowmere.expected_clean_paths
    assert "/jobs" not in harrowmere.expected_clean_paths


def test_proxy_trust_passes_its_transport_url() -> None:
    oakhollow = next(t for t in TRUSTS if t.proxy_host)
    seen: list[dict[str, str]] = []

    def snippet(kind: str, account: str, **options: str) -> str:
        seen.append(options)
        return ""

    site.render(oakhollow, "GET", "/", b"", snippet)
    assert seen == [{"transport_url": f"https://{oakhollow.proxy_host}"}]
    assert all(leak.host == oakhollow.proxy_host for leak in oakhollow.expected)


def test_declared_categories_match_the_classifier() -> None:
    """The oracle's health categories are what pixelhound's classifier finds in the page's words."""
    classify = pytest.importorskip("pixelhound.classify.api").classify_text
    for service in content.SERVICES:
        if service.category:
            assert service.category in classify(f"{service.title} {service.path}").categories, service.slug
    for vacancy in content.VACANCIES:
        verdict = classify(f"{vacancy.title} https://www.harrowmere.nhs.test{vacancy.path}")
        assert not verdict.sensitive, vacancy.slug
