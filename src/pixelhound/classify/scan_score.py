"""Scoring a labelled set as a recipient sees it: through the scan's own path.

The text-only score (`evaluate.score`) judges "/results" alone; a tracker receives it in a page URL
from a sexual-health clinic's site, and "flag=oncology_nav" in a field that names a flag. So each
row of such a set also names the site its text came from (`site_name`, `site_url`, `site_title`),
and is scored as follows:
- per site, one HAR is built with the site's home page (its title and name in the HTML), so that
  the site's context (issue 18) is inferred exactly as `analyze` infers it from a HAR;
- each text rides in the tracker request, and the field, a real tracker would use for its kind
  (`CARRIERS`): a page URL in a Meta PageView's and a GA4 page_view's `dl`, a title in GA4's `dt`,
  a button text in Meta's `cd[buttonText]`, a search in GA4's `ep.search_term`, a form label in
  Meta's `cd[formFeatures]`, an event's value in Meta's custom data (`cd[name]=value` when the
  text is one "name=value" parameter);
- the HARs go through `analyze`'s own pipeline (`analysis.analyze_hars`: decoding, field context,
  classification, site context), and each text is judged by the verdict of the disclosures that
  carried it: sensitive when any was, with the union of their categories.
A text whose requests produced no disclosure was not measured: it is counted apart and shown, never
scored as a clean negative.
"""

from __future__ import annotations

import html
import json
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin

from pixelhound.classify.evaluate import Scores, score_verdicts
from pixelhound.classify.lexicon import CATEGORIES
from pixelhound.har_builder import entry, har, write
from pixelhound.model import Sensitivity, SiteContext

KINDS = ("url", "title", "button", "search", "form", "event")
SITE_KEYS = ("site_name", "site_url", "site_title")

# The fictional accounts the built requests report to (a pixel id, a GA4 measurement id).
_META = "https://www.facebook.com/tr/"
_META_PIXEL = "100000000000001"
_GA4 = "https://region1.google-analytics.com/g/collect"
_GA4_ID = "G-SCORESET01"
_PAIR = re.compile(r"^([A-Za-z_][A-Za-z0-9_.-]{0,63})=([^&=]*)$")  # one "name=value" parameter
_HOST_ONLY = re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#]|$)")
_GIF = {
    "status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [],
    "content": {"size": 0, "mimeType": "image/gif", "text": ""}, "redirectURL": "", "headersSize": -1, "bodySize": 0,
}


class ScoreSetError(ValueError):
    """A set that cannot be scored this way; the message is one line naming the row."""


@dataclass
class ScanScore:
    """The scores, the texts no disclosure carried, and what each site was judged to be."""

    scores: Scores
    not_measured: list[Mapping[str, Any]] = field(default_factory=list)
    sites: dict[str, SiteContext] = field(default_factory=dict)


def page_url(text: str, site_url: str) -> str:
    """A URL text as a tracker receives it: absolute (a path joins the site's address; a bare
    host gains https://)."""
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return text
    if text.startswith("/"):
        return urljoin(site_url, text)
    return f"https://{text}" if _HOST_ONLY.match(text) else text


def _meta(number: int, site_url: str, event: str, **params: str) -> str:
    return _META + "?" + urlencode(
        {"id": _META_PIXEL, "ev": event, "dl": site_url, "rl": "", "if": "false", "ts": str(1_790_000_000_000 + number),
         **params})


def _ga4(number: int, site_url: str, event: str, **params: str) -> str:
    return _GA4 + "?" + urlencode(
        {"v": "2", "tid": _GA4_ID, "cid": "1111111111.1790000000", "_s": str(number), "en": event, "dl": site_url,
         **params})


def _url(number: int, text: str, site_url: str) -> list[str]:
    address = page_url(text, site_url)
    return [_meta(number, address, "PageView"), _ga4(number, address, "page_view")]


def _title(number: int, text: str, site_url: str) -> list[str]:
    return [_ga4(number, site_url, "page_view", dt=text)]


def _button(number: int, text: str, site_url: str) -> list[str]:
    return [_meta(number, site_url, "SubscribedButtonClick", **{"cd[buttonText]": text})]


def _search(number: int, text: str, site_url: str) -> list[str]:
    return [_ga4(number, site_url, "view_search_results", **{"ep.search_term": text})]


def _form(number: int, text: str, site_url: str) -> list[str]:
    features = [{"id": "", "name": "", "tag": "input", "placeholder": text, "inputType": "text"}]
    return [_meta(number, site_url, "SubscribedButtonClick", **{"cd[formFeatures]": json.dumps(features)})]


def _event(number: int, text: str, site_url: str) -> list[str]:
    """A custom data value; one written as a parameter ("quiz_result=high_risk") rides as that
    parameter, as the site's code would have sent it, so that its name counts as it would."""
    pair = _PAIR.match(text.strip())
    name, value = (pair.group(1), pair.group(2)) if pair else ("content_name", text)
    return [_meta(number, site_url, "Lead", **{f"cd[{name}]": value})]


# Each kind of text, and the tracker requests that carry it (one number makes each request unique).
CARRIERS: dict[str, Callable[[int, str, str], list[str]]] = {
    "url": _url, "title": _title, "button": _button, "search": _search, "form": _form, "event": _event,
}


def check_rows(rows: Sequence[Mapping[str, Any]]) -> None:
    """Refuse, in one line, a row this scorer cannot place (no site, an unknown kind or label)."""
    for number, row in enumerate(rows, 1):
        missing = [key for key in ("text", "kind", "site_url", "sensitive", "categories") if key not in row]
        if missing:
            raise ScoreSetError(f"row {number}: missing {', '.join(missing)}")
        if row["kind"] not in CARRIERS:
            raise ScoreSetError(f"row {number}: kind {row['kind']!r} is not one of {', '.join(KINDS)}")
        if not str(row["site_url"]).startswith(("http://", "https://")):
            raise ScoreSetError(f"row {number}: site_url {row['site_url']!r} is not an http(s) URL")
        unknown = set(row["categories"]) - set(CATEGORIES)
        if unknown:
            raise ScoreSetError(f"row {number}: unknown categories {sorted(unknown)}")


def home_page(name: str, title: str) -> str:
    """The HTML of a site's home page that says what the site says about itself: its title and name."""
    return (f"<!doctype html><html><head><title>{html.escape(title)}</title>"
            f'<meta property="og:site_name" content="{html.escape(name, quote=True)}"></head>'
            f"<body><h1>{html.escape(name)}</h1></body></html>")


def site_har(rows: Sequence[tuple[int, Mapping[str, Any]]], path: Path) -> dict[str, int]:
    """Write one site's HAR (its home page, then each text's requests); return request URL -> row."""
    site = rows[0][1]
    site_url = str(site["site_url"])
    title = str(site.get("site_title") or "")
    response = dict(_GIF, content={"size": 0, "mimeType": "text/html; charset=utf-8",
                                   "text": home_page(str(site.get("site_name") or ""), title)})
    entries = [entry(site_url, response=response)]
    carried: dict[str, int] = {}
    for index, row in rows:
        for url in CARRIERS[row["kind"]](index, str(row["text"]), site_url):
            entries.append(entry(url, response=_GIF))
            carried[url] = index
    pages = [{"id": "page_1", "title": title or site_url, "startedDateTime": "2026-11-30T10:00:00.000Z",
              "pageTimings": {}}]
    write(path, har(entries, pages=pages, creator="pixelhound scan_score"))
    return carried


def _merge(into: Sensitivity, verdict: Sensitivity) -> None:
    wanted = set(into.categories) | set(verdict.categories)
    into.categories = [c for c in CATEGORIES if c in wanted]
    into.evidence = [*into.evidence, *verdict.evidence]
    into.sensitive = into.sensitive or verdict.sensitive


def score_through_scan(rows: Sequence[Mapping[str, Any]], site_category: str = "") -> ScanScore:
    """Score the rows by the verdicts `analyze` reaches on the requests carrying them (see above)."""
    from pixelhound.analysis import analyze_hars  # the whole pipeline: imported only when scoring

    check_rows(rows)
    by_site: dict[str, list[tuple[int, Mapping[str, Any]]]] = {}
    for index, row in enumerate(rows):
        by_site.setdefault(str(row["site_url"]), []).append((index, row))
    carried: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="pixelhound-score-") as folder:
        paths = []
        for number, site_rows in enumerate(by_site.values()):
            path = Path(folder) / f"site-{number:04d}.har"
            carried.update(site_har(site_rows, path))
            paths.append(path)
        analysis = analyze_hars(paths, site_category=site_category)
    verdicts = [Sensitivity() for _ in rows]
    measured = [False] * len(rows)
    for disclosure in analysis.disclosures:
        index = carried.get(disclosure.request_url)
        if index is not None:
            measured[index] = True
            _merge(verdicts[index], disclosure.sensitivity)
    judged = [(row, verdicts[i]) for i, row in enumerate(rows) if measured[i]]
    sites = {source.site: source.site_context for source in analysis.sources if source.site_context is not None}
    return ScanScore(score_verdicts(judged), [row for i, row in enumerate(rows) if not measured[i]], sites)
