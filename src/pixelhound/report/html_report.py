"""The HTML report: one self-contained file a board, a newsroom or a regulator can open offline.

Why it is built this way:
- Everything a website or tracker said (titles, button text, URLs, payload values, even vendor
  names of unknown hosts) reaches the page only through Jinja2 autoescaping or `markupsafe.escape`;
  the only `Markup` made here wraps our own tags around escaped text (highlights, nothing else).
- The file carries a Content-Security-Policy that allows no script, no network and no forms, and
  it needs none: interactivity is `<details>`, charts are inline SVG, screenshots are `data:` URIs.
- The view model (report/html/views.py) does all counting, so the templates only lay things out;
  the builder is split by section in report/html/ (evidence, sites, first screen, charts).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from pixelhound.links import host
from pixelhound.model import Analysis
from pixelhound.repeats import REPEATS_NOTE, stability
from pixelhound.report.change_section import change_section
from pixelhound.report.common import device_line
from pixelhound.report.html.charts import ChartSection
from pixelhound.report.html.first_screen import FirstScreenSection
from pixelhound.report.html.sites import SiteSection
from pixelhound.report.banners import banner_lines
from pixelhound.report.html.text import SCENARIO_LABELS, cut, highlight
from pixelhound.settings import (
    HTML_MAX_CHART_ROWS,
    HTML_MAX_COOKIE_ROWS,
    HTML_MAX_DISCLOSURES_PER_FINDING,
    HTML_MAX_THIRD_PARTIES_SHOWN,
)
from pixelhound.wording import category_label, plural

# The report needs no script, no network and no forms: say so to the browser.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)


class HtmlReportBuilder(SiteSection, FirstScreenSection, ChartSection):
    """Turns one Analysis into the figures and fragments the template lays out, section by section."""


def _cookie_rows(analysis: Analysis) -> tuple[list[tuple[str, str, str, int, str]], int]:
    """Distinct cookies (domain, name, how), third-party first; the value cut, as it is an id."""
    grouped: dict[tuple[str, str, str, bool], list[str]] = defaultdict(list)
    for cookie in analysis.cookies:
        domain = cookie.domain or host(cookie.request_url)
        grouped[(domain, cookie.name, cookie.how, cookie.third_party)].append(cookie.value)
    rows = sorted(grouped.items(), key=lambda kv: (not kv[0][3], kv[0][0], kv[0][1], kv[0][2]))
    out = [
        (domain, name, ("third-party " if third else "first-party ") + how, len(values), cut(values[-1], 40))
        for (domain, name, how, third), values in rows
    ]
    return out[:HTML_MAX_COOKIE_ROWS], len(out)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("pixelhound.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "svg"), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["plural"] = plural
    return environment


def render_html(analysis: Analysis, run_dir: Path | None = None) -> bytes:
    """The whole report as one UTF-8 HTML document; `run_dir` lets it embed page screenshots."""
    builder = HtmlReportBuilder(analysis, run_dir)
    sites = builder.sites()
    severities = Counter(f.severity for f in analysis.findings)
    readable = [s for s in analysis.sources if not s.error]
    third_parties = analysis.third_parties
    cookies, cookie_total = _cookie_rows(analysis)
    categories, category_rows = builder.category_table()
    context = {
        "csp": Markup(CONTENT_SECURITY_POLICY),  # our own constant, written as is
        "analysis": analysis,
        "sites": sites,
        "multi_site": len(sites) > 1,
        "verdicts": builder.verdicts(),
        "identifier_lines": builder.identifier_lines(),
        "not_measured": [(site, scenario, reason) for site in sites for scenario, reason in site.not_measured],
        "unreadable": [(site, error) for site in sites for error in site.errors],
        "partial": [(site, *entry) for site in sites for entry in site.partial],
        "counts": {
            "sites": len(sites),
            "pages": sum(len(site.pages) for site in sites),
            "requests": sum(s.entries for s in readable),
            "recipients": len(builder.people),
            "disclosures": len(analysis.disclosures),
            "health": sum(d.sensitivity.sensitive for d in analysis.disclosures),
            "findings": len(analysis.findings),
            "high": severities.get("high", 0),
            "medium": severities.get("medium", 0),
            "low": severities.get("low", 0),
        },
        "consent_known": builder.consent_known,
        "notice_known": builder.notice_known,
        "bars": builder.bar_chart(),
        "more_recipients": max(0, len(builder.people) - HTML_MAX_CHART_ROWS),
        "scenario_matrix": builder.scenario_matrix(),
        "site_matrix": builder.site_matrix(),
        "categories": categories,
        "category_rows": category_rows,
        "people": builder.people,
        "third_parties": third_parties,
        "third_parties_shown": HTML_MAX_THIRD_PARTIES_SHOWN,
        "cookies": cookies,
        "cookie_total": cookie_total,
        "max_disclosures": HTML_MAX_DISCLOSURES_PER_FINDING,
        "screenshots_embedded": len(builder.shots),
        "category_label": category_label,
        "scenario_labels": SCENARIO_LABELS,
        "banners": banner_lines(analysis),
        "change": change_section(run_dir),  # the store's "what changed since the previous run"
        "device": device_line(analysis),
        "stability": stability(analysis),  # with --repeat N: per site x scenario, how stable the result is
        "repeats_note": REPEATS_NOTE,
    }
    html = _environment().get_template("report.html").render(**context)
    return html.encode("utf-8")


__all__ = ["CONTENT_SECURITY_POLICY", "highlight", "render_html"]
