"""Which requests the forms' interception takes (issue 14, third pass): a form's own target with any
query or fragment, nothing else. Playwright matches the pattern in its driver, so the page's other
requests never wait for Python while the forms are filled; the fleet and completeness tests hold
the interception end to end (the submissions intercepted, GA4's form events still sent)."""

from __future__ import annotations

from pixelhound.capture.journeys import _submission_pattern


def test_a_forms_target_is_taken_whatever_its_query_or_fragment() -> None:
    pattern = _submission_pattern({"https://www.fernmoor.nhs.test/refer-self", "https://a.test/book"})
    for url in ("https://www.fernmoor.nhs.test/refer-self", "https://www.fernmoor.nhs.test/refer-self?name=x#done",
                "https://a.test/book#top", "https://a.test/book?"):
        assert pattern.match(url), url


def test_nothing_else_is_taken() -> None:
    pattern = _submission_pattern({"https://www.fernmoor.nhs.test/refer-self", "https://a.test/b.k"})
    for url in ("https://www.fernmoor.nhs.test/refer-selfie", "https://www.fernmoor.nhs.test/",
                "https://a.test/book", "https://www.google-analytics.com/g/collect?dl=https://a.test/b.k",
                "https://evil.test/?https://a.test/b.k"):
        assert not pattern.match(url), url
