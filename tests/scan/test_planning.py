"""Page planning without a browser: which pages of a demo trust a scan of N pages visits."""

from __future__ import annotations

import re

from pixelhound.capture.crawl import plan_pages, template
from pixelhound.links import Link
from pixelhound.demo import site
from pixelhound.demo.trusts import FERNMOOR, TRUSTS, Trust

from .test_fleet import MAX_PAGES

BASE = f"https://{FERNMOOR.host}"


def start_page_links(trust: Trust = FERNMOOR) -> list[Link]:
    """What the scanner sees on a trust's home page (its links, with their text), then the sitemap."""
    base = f"https://{trust.host}"
    page = site.render(trust, "GET", "/", b"", lambda *args, **kwargs: "").body.decode()
    links = [Link(base + href if href.startswith("/") else href, re.sub(r"<[^>]+>", "", text).strip())
             for href, text in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', page, re.S)]
    return links + [Link(base + path) for path in trust.page_paths()]


def planned_paths(max_pages: int, searching: bool = True, trust: Trust = FERNMOOR) -> list[str]:
    base = f"https://{trust.host}"
    return [url.removeprefix(base) or "/" for url in plan_pages(base + "/", start_page_links(trust), max_pages, searching)]


def test_the_fleet_budget_reaches_every_page_an_oracle_names() -> None:
    for trust in TRUSTS:
        needed = {leak.path for leak in trust.expected if not leak.action.startswith("search:")}
        assert needed - set(planned_paths(MAX_PAGES, trust=trust)) == set(), trust.name


def test_specific_conditions_and_journeys_come_before_generic_pages() -> None:
    plan = planned_paths(12)
    assert plan[0] == "/" and len(plan) == 12
    assert {"/appointments", "/appointments/book", "/repeat-prescriptions", "/referral"} <= set(plan)
    assert plan.index("/conditions/cancer") < plan.index("/conditions")  # specific before the A-Z
    assert not {"/conditions/audiology", "/conditions/physiotherapy", "/conditions/minor-injuries"} & set(plan)
    assert set(planned_paths(16)) >= {"/conditions/gender-identity-service", "/conditions/hiv-and-prep"}


def test_part_of_the_budget_samples_each_kind_of_page() -> None:
    plan = planned_paths(20)
    kinds = {template(BASE + path) for path in plan}
    assert {"/jobs", "/jobs/*", "/news", "/news/*", "/privacy-notice", "/cookie-policy"} <= kinds
    assert sum(path.startswith("/conditions/") for path in plan) >= 7


def test_the_search_page_is_left_to_the_search_journey() -> None:
    assert "/search" not in planned_paths(29)
    assert "/search" in planned_paths(29, searching=False)
    assert len(set(planned_paths(29))) == len(planned_paths(29))


def test_the_demo_story_budget_reaches_every_changed_trusts_trackers() -> None:
    """tests/store/test_demo_story.py scans fewer pages than the demo: enough for the change it checks."""
    from pixelhound.demo.week_later import EXPECTED_CHANGE
    from store.test_demo_story import MAX_PAGES as STORY_PAGES

    for trust in TRUSTS:
        if not EXPECTED_CHANGE.get(trust.slug):
            continue
        plan = planned_paths(STORY_PAGES, trust=trust)
        for tracker in trust.trackers:
            assert any(tracker.applies_to(path) for path in plan), (trust.slug, tracker.kind, plan)


def test_the_consent_fleet_budget_reaches_each_trusts_notice_and_trackers() -> None:
    """tests/consent/test_demo_consent.py scans fewer pages than the demo: enough for its oracle."""
    from consent.test_demo_consent import MAX_PAGES as CONSENT_PAGES, START_PATHS

    for trust in TRUSTS:
        plan = planned_paths(CONSENT_PAGES, trust=trust)
        if trust.slug in START_PATHS:
            plan = [f"/{START_PATHS[trust.slug]}", *plan]
        assert "/privacy-notice" in plan, (trust.slug, plan)
        for tracker in trust.trackers:
            assert any(tracker.applies_to(path) for path in plan), (trust.slug, tracker.kind, plan)
