"""The HTML report: one self-contained file a board, a newsroom or a regulator can open offline.

Why it is built this way:
- Everything a website or tracker said (titles, button text, URLs, payload values, even vendor
  names of unknown hosts) reaches the page only through Jinja2 autoescaping or `markupsafe.escape`;
  the only `Markup` made here wraps our own tags around escaped text (highlights, nothing else).
- The file carries a Content-Security-Policy that allows no script, no network and no forms, and
  it needs none: interactivity is `<details>`, charts are inline SVG, screenshots are `data:` URIs.
- The view model (plain dataclasses below) does all counting, so the templates only lay things out.
"""

from __future__ import annotations

import base64
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from pixelhound.knowledge.identifiers import label_for
from pixelhound.model import ACCEPT_ALL, ALL_SCENARIOS, NO_INTERACTION, REJECT_ALL, Analysis, Disclosure, Finding, Page, SourceSummary
from pixelhound.report.change_section import change_section
from pixelhound.report.summary import recipients

# The report needs no script, no network and no forms: say so to the browser.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)

# Finding rules from the consent checks; their figures appear only when such findings exist.
RULE_BEFORE_CONSENT = "tracking-before-consent"
RULE_UNDISCLOSED = "undisclosed-recipient"

SCENARIO_ORDER = ALL_SCENARIOS
SCENARIO_LABELS = {
    NO_INTERACTION: "No interaction (banner ignored)",
    REJECT_ALL: "Reject all",
    ACCEPT_ALL: "Accept all",
}
CATEGORY_LABELS = {
    "sexual_health": "sexual health",
    "mental_health": "mental health",
    "gender_identity": "gender identity",
    "reproductive_health": "reproductive health",
    "cancer": "cancer",
    "substance_use": "substance use",
    "other_condition": "other health condition",
    "care_interaction": "contact with care services",
}
FIELD_LABELS = {
    "page_url": "page URL",
    "page_title": "page title",
    "referrer": "referrer",
    "event": "event",
    "button_text": "button text",
    "link_url": "link URL",
    "search_term": "search term",
    "form_field": "form field",
    "custom_data": "custom data",
    "page_metadata": "page metadata",
    "parameter": "parameter",
}
_SEVERITY_RANK = {"high": 3, "medium": 2, "low": 1}

MAX_DISCLOSURES_PER_FINDING = 10
MAX_SCREENSHOTS = 12
MAX_SCREENSHOT_BYTES = 3 * 1024 * 1024  # a viewport PNG is far smaller; a bigger file is not embedded
MAX_CHART_ROWS = 15
BAR_WIDTH = 520  # pixels of the longest bar in the 900-wide bar chart
MATRIX_COLUMN = 150  # pixels per column of a matrix chart
MAX_VALUE_CHARS = 360  # a longer value shows an excerpt around the first sensitive word
MAX_RAW_URL_CHARS = 2000
MAX_THIRD_PARTIES_SHOWN = 25
MAX_COOKIE_ROWS = 400
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------- safe text helpers


@lru_cache(maxsize=4096)
def _term_pattern(term: str, bounded: bool) -> re.Pattern[str] | None:
    """A pattern for one evidence term that also matches `sexual-health`, `sexual_health`, `sexualHealth`."""
    words = re.findall(r"[^\W_]+", term.lower())
    if not words:
        return None
    body = r"[\W_]{0,3}".join(re.escape(w) for w in words)
    if bounded:
        body = rf"(?<![^\W_]){body}(?![^\W_])"
    return re.compile(body, re.IGNORECASE)


def _terms_regex(text: str, terms: Iterable[str]) -> re.Pattern[str] | None:
    """One alternation of the terms found in `text`, longest first; whole words where they occur so."""
    parts: list[str] = []
    for term in sorted(set(terms), key=len, reverse=True):
        for bounded in (True, False):
            pattern = _term_pattern(term, bounded)
            if pattern is not None and pattern.search(text):
                parts.append(pattern.pattern)
                break
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def highlight(text: str, terms: Iterable[str], limit: int = 0) -> Markup:
    """`text` escaped, with each evidence term wrapped in <mark>; cut to an excerpt around the
    first match when longer than `limit`. Only our own <mark> tags are markup."""
    regex = _terms_regex(text, terms)
    start, end = 0, len(text)
    if limit and len(text) > limit:
        first = regex.search(text) if regex else None
        centre = first.start() if first else 0
        start = max(0, centre - limit // 3)
        end = min(len(text), start + limit)
    out = Markup("…") if start else Markup("")
    position = start
    if regex is not None:
        for match in regex.finditer(text, start, end):
            if match.end() > end:
                break
            out += escape(text[position : match.start()])
            out += Markup("<mark>%s</mark>") % match.group(0)  # `%` escapes the argument
            position = match.end()
    out += escape(text[position:end])
    if end < len(text):
        out += Markup("…")
    return out


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "site"


def _plural(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _with_article(label: str) -> str:
    if label.startswith(("site's", "visitor's")):
        return "the " + label
    return ("an " if label[:1].lower() in "aeiou" else "a ") + label


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category.replace("_", " "))


def _when(iso: str) -> str:
    return iso.replace("T", " ").replace("Z", " UTC") if iso else ""


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _page_key(url: str) -> str:
    return url.split("#", 1)[0].rstrip("/")


# ---------------------------------------------------------------- the view model


@dataclass
class Shot:
    """An embedded screenshot, shown once; later references point at its anchor."""

    anchor: str
    data_uri: str
    title: str
    url: str


@dataclass
class FieldRow:
    """One decoded field: its plain name, the raw parameter it came from, the marked-up value."""

    label: str
    source: str
    value: Markup
    full: Markup | None
    sensitive: bool


@dataclass
class DisclosureView:
    """One request behind a finding, with everything a reader needs to check it."""

    id: str
    product: str
    event: str
    time: str
    page_url: str
    action: str
    scenario: str
    method: str
    transport: str
    categories: list[str]
    terms: list[str]
    fields: list[FieldRow]
    identifiers: list[tuple[str, str, str]]  # (label, raw parameter, value)
    request_url: str
    request_url_cut: bool
    shot: Shot | None
    shot_first: bool  # this is where the screenshot is shown (else a link to it)
    open: bool


@dataclass
class FindingView:
    """A finding as shown: the judgement, what to do, and up to MAX_DISCLOSURES_PER_FINDING requests."""

    id: str
    rule: str
    severity: str
    company: str
    summary: str
    categories: list[str]
    recommendation: str
    disclosures: list[DisclosureView]
    hidden: int
    requests: int
    scripts: list[str]


@dataclass
class SiteView:
    """One site (all its consent scenarios): its fleet-table figures and its findings."""

    key: str
    name: str
    slug: str
    url: str
    scenarios: list[str]
    not_measured: list[tuple[str, str]]  # (scenario label, reason)
    errors: list[str]
    pages: list[Page]
    warnings: int
    recipients: int
    health: int
    before_consent: int | None
    undisclosed: int | None
    worst: str
    findings: list[FindingView] = field(default_factory=list)


@dataclass
class Verdict:
    """One plain-English sentence per company that received health-related data."""

    company: str
    severity: str
    sentence: str
    told: list[tuple[str, str, Markup, str]]  # (field label, raw parameter, highlighted excerpt, categories)


@dataclass
class Bar:
    """One recipient's row in the bar chart."""

    label: str
    full: str
    health: int
    other: int
    y: int
    health_width: float
    other_width: float


@dataclass
class Matrix:
    """A recipient × column (scenario or site) grid of disclosure counts."""

    title: str
    columns: list[str]
    rows: list[tuple[str, str, list[tuple[int, int, str, str]]]]  # (label, full, cells of (total, health, fill, ink))
    width: int
    height: int
    caption: str


# ---------------------------------------------------------------- building it


class _Builder:
    """Turns one Analysis into the figures and fragments the template lays out."""

    def __init__(self, analysis: Analysis, run_dir: Path | None) -> None:
        self.analysis = analysis
        self.run_dir = run_dir.resolve() if run_dir is not None else None
        self.people = recipients(analysis)
        self.by_id = {d.id: d for d in analysis.disclosures}
        self.site_of_source: dict[str, str] = {}
        self.scenario_of_source = {s.path: s.scenario for s in analysis.sources}
        self.sources_of_site: dict[str, list[SourceSummary]] = defaultdict(list)
        for source in analysis.sources:
            key = self._site_key(source)
            self.site_of_source[source.path] = key
            self.sources_of_site[key].append(source)
        self.pages: dict[tuple[str, str], Page] = {}
        for source in analysis.sources:
            for page in source.pages:
                if page.url:
                    self.pages.setdefault((source.path, _page_key(page.url)), page)
        self.shots: dict[str, Shot] = {}
        self.shot_shown: set[str] = set()
        rules = {f.rule for f in analysis.findings}
        self.consent_known = RULE_BEFORE_CONSENT in rules
        self.notice_known = RULE_UNDISCLOSED in rules
        self.before_ids: dict[str, set[str]] = defaultdict(set)
        self.undisclosed: dict[str, set[str]] = defaultdict(set)  # site key -> vendors
        for finding in analysis.findings:
            if finding.rule == RULE_BEFORE_CONSENT:
                self.before_ids[finding.vendor].update(finding.disclosures)
            if finding.rule == RULE_UNDISCLOSED:
                self.undisclosed[self.site_of_source.get(finding.source, finding.source)].add(finding.vendor)

    @staticmethod
    def _site_key(source: SourceSummary) -> str:
        return source.site_name or _host(source.site) or Path(source.path).parent.name or source.path or "input"

    def site_of(self, disclosure: Disclosure) -> str:
        return self.site_of_source.get(disclosure.source) or disclosure.site or disclosure.source

    def scenario_of(self, disclosure: Disclosure) -> str:
        return disclosure.scenario or self.scenario_of_source.get(disclosure.source, "")

    # -- screenshots

    def _screenshot(self, page: Page) -> Shot | None:
        """The page's screenshot as a data: URI: only a real PNG inside the run folder, at most
        MAX_SCREENSHOTS of them, so a report stays small enough to e-mail."""
        if self.run_dir is None or not page.screenshot:
            return None
        if page.screenshot in self.shots:
            return self.shots[page.screenshot]
        if len(self.shots) >= MAX_SCREENSHOTS:
            return None
        try:
            path = (self.run_dir / page.screenshot).resolve()
            if not path.is_relative_to(self.run_dir) or not path.is_file():
                return None
            if path.stat().st_size > MAX_SCREENSHOT_BYTES:
                return None
            data = path.read_bytes()
        except (OSError, ValueError):
            return None
        if not data.startswith(PNG_MAGIC):
            return None
        shot = Shot(
            anchor=f"shot-{len(self.shots) + 1}",
            data_uri="data:image/png;base64," + base64.b64encode(data).decode("ascii"),
            title=page.title,
            url=page.url,
        )
        self.shots[page.screenshot] = shot
        return shot

    # -- disclosures and findings

    def disclosure_view(self, disclosure: Disclosure, open_: bool) -> DisclosureView:
        terms = [e.term for e in disclosure.sensitivity.evidence if e.term]
        evidence_fields = {e.field for e in disclosure.sensitivity.evidence}
        rows = []
        for item in disclosure.fields:
            long = len(item.value) > MAX_VALUE_CHARS
            rows.append(
                FieldRow(
                    label=FIELD_LABELS.get(item.name, item.name.replace("_", " ")),
                    source=item.source,
                    value=highlight(item.value, terms, MAX_VALUE_CHARS),
                    full=highlight(item.value, terms) if long else None,
                    sensitive=item.source in evidence_fields,
                )
            )
        rows.sort(key=lambda r: not r.sensitive)
        identifiers = [
            (i.label or label_for(i.kind), i.source, _cut(i.value, 90))
            for i in disclosure.identifiers
            if i.kind != "ip_address"
        ]
        page = self.pages.get((disclosure.source, _page_key(disclosure.page_url)))
        shot = self._screenshot(page) if page is not None else None
        first = shot is not None and shot.anchor not in self.shot_shown
        if shot is not None:
            self.shot_shown.add(shot.anchor)
        return DisclosureView(
            id=disclosure.id,
            product=disclosure.product,
            event=disclosure.event,
            time=_when(disclosure.time),
            page_url=disclosure.page_url,
            action=disclosure.action,
            scenario=SCENARIO_LABELS.get(self.scenario_of(disclosure), self.scenario_of(disclosure)),
            method=disclosure.method,
            transport=disclosure.transport,
            categories=[category_label(c) for c in disclosure.sensitivity.categories],
            terms=sorted(set(terms)),
            fields=rows,
            identifiers=identifiers,
            request_url=disclosure.request_url[:MAX_RAW_URL_CHARS],
            request_url_cut=len(disclosure.request_url) > MAX_RAW_URL_CHARS,
            shot=shot,
            shot_first=first,
            open=open_,
        )

    def finding_view(self, finding: Finding) -> FindingView:
        chosen = [self.by_id[i] for i in finding.disclosures if i in self.by_id]
        chosen.sort(key=lambda d: (not d.sensitivity.sensitive, d.time, d.id))
        shown = chosen[:MAX_DISCLOSURES_PER_FINDING]
        scripts: list[str] = []
        if not finding.disclosures:
            scripts = sorted({
                p.url for p in self.analysis.presences
                if p.vendor == finding.vendor and p.source == finding.source
            })[:5]
        return FindingView(
            id=finding.id,
            rule=finding.rule,
            severity=finding.severity,
            company=finding.company,
            summary=finding.summary,
            categories=[category_label(c) for c in finding.categories],
            recommendation=finding.recommendation,
            disclosures=[
                self.disclosure_view(d, open_=n == 0 and d.sensitivity.sensitive) for n, d in enumerate(shown)
            ],
            hidden=len(chosen) - len(shown),
            requests=len(finding.captures),
            scripts=scripts,
        )

    # -- sites

    def sites(self) -> list[SiteView]:
        views = []
        slugs: Counter[str] = Counter()
        findings_by_site: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.analysis.findings:
            findings_by_site[self.site_of_source.get(finding.source, finding.source)].append(finding)
        disclosures_by_site: dict[str, list[Disclosure]] = defaultdict(list)
        for disclosure in self.analysis.disclosures:
            disclosures_by_site[self.site_of(disclosure)].append(disclosure)
        keys = list(self.sources_of_site) + [k for k in findings_by_site if k not in self.sources_of_site]
        for key in keys:
            sources = self.sources_of_site.get(key, [])
            slug = _slug(key)
            slugs[slug] += 1
            if slugs[slug] > 1:
                slug = f"{slug}-{slugs[slug]}"
            disclosures = disclosures_by_site.get(key, [])
            findings = findings_by_site.get(key, [])
            measured = [s for s in sources if s.measured and not s.error]
            scenarios = sorted({s.scenario for s in sources if s.scenario}, key=_scenario_rank)
            before: int | None = None
            if self.consent_known and measured:
                before = len({
                    d for f in findings if f.rule == RULE_BEFORE_CONSENT for d in f.disclosures
                }) or sum(len(f.captures) for f in findings if f.rule == RULE_BEFORE_CONSENT and not f.disclosures)
            undisclosed = len(self.undisclosed.get(key, ())) if self.notice_known and measured else None
            pages: list[Page] = []
            seen: set[str] = set()
            for source in sources:
                for page in source.pages:
                    if page.url not in seen:
                        seen.add(page.url)
                        pages.append(page)
            views.append(
                SiteView(
                    key=key,
                    name=key,
                    slug=f"site-{slug}",
                    url=next((s.site for s in sources if s.site), ""),
                    scenarios=[SCENARIO_LABELS.get(s, s) for s in scenarios],
                    not_measured=[
                        (SCENARIO_LABELS.get(s.scenario, s.scenario), s.reason or "no reason recorded")
                        for s in sources if not s.measured
                    ],
                    errors=[s.error for s in sources if s.error],
                    pages=pages,
                    warnings=sum(len(s.warnings) for s in sources),
                    recipients=len({d.vendor for d in disclosures}),
                    health=sum(d.sensitivity.sensitive for d in disclosures),
                    before_consent=before,
                    undisclosed=undisclosed,
                    worst=max((f.severity for f in findings), key=lambda s: _SEVERITY_RANK.get(s, 0), default=""),
                    findings=[self.finding_view(f) for f in findings],
                )
            )
        return views

    # -- first screen

    def verdicts(self) -> list[Verdict]:
        multi_site = len(self.sources_of_site) > 1
        out = []
        for person in self.people:
            if not person.health_disclosures:
                continue
            health = [d for d in self.analysis.disclosures if d.vendor == person.vendor and d.sensitivity.sensitive]
            pages = len({d.page_url for d in health if d.page_url}) or 1
            sites = len({self.site_of(d) for d in health})
            sentence = (
                f"{person.company} received {_plural(len(health), 'health-related disclosure')} "
                f"({', '.join(category_label(c) for c in person.health_categories)}) "
                f"from {_plural(pages, 'page')}"
            )
            if multi_site:
                names = sorted({self.site_of(d) for d in health})
                sentence += f" on {_plural(sites, 'site')}" + (f" ({_join(names)})" if len(names) <= 3 else "")
            before = len({d.id for d in health} & self.before_ids.get(person.vendor, set()))
            if before:
                sentence += (
                    f", {before} of them before any cookie choice" if before < len(health)
                    else ", all of them before any cookie choice" if before > 1
                    else ", before any cookie choice"
                )
            kinds: list[str] = []
            for disclosure in health:
                for identifier in disclosure.identifiers:
                    if identifier.kind != "ip_address" and identifier.kind not in kinds:
                        kinds.append(identifier.kind)
            if kinds:
                sentence += ", tied to " + _join([_with_article(label_for(k)) for k in kinds[:3]])
            if any(person.vendor in vendors for vendors in self.undisclosed.values()):
                sentence += f"; {person.company} is not named in the privacy notice"
            told = []
            for item in person.top_sensitive[:3]:
                terms = [
                    e.term for d in health for e in d.sensitivity.evidence if e.field == item.source and e.term
                ]
                told.append((
                    FIELD_LABELS.get(item.field, item.field.replace("_", " ")),
                    item.source,
                    highlight(item.value, terms, 160),
                    ", ".join(category_label(c) for c in item.categories),
                ))
            out.append(Verdict(person.company, person.worst_severity, sentence + ".", told))
        return out

    def identifier_lines(self) -> list[str]:
        """Companies without health data that still received something that follows a person."""
        personal = ("email", "phone", "hashed_email", "hashed_phone", "hashed_name", "hashed_birth_date",
                    "hashed_gender", "hashed_location", "hashed_identity", "external_id", "user_id", "fb_login")
        lines = []
        rest = []
        for person in self.people:
            if person.health_disclosures or not person.identifiers:
                continue
            kinds = {
                i.kind for d in self.analysis.disclosures if d.vendor == person.vendor for i in d.identifiers
            }
            strong = [label_for(k) for k in personal if k in kinds]
            if strong:
                where = ""
                if len(self.sources_of_site) > 1:
                    names = sorted({
                        self.site_of(d) for d in self.analysis.disclosures
                        if d.vendor == person.vendor and any(i.kind in personal for i in d.identifiers)
                    })
                    where = f" on {_join(names)}" if len(names) <= 3 else f" on {len(names)} sites"
                lines.append(f"{person.company} received {_join([_with_article(s) for s in strong])}{where}.")
            else:
                rest.append(person.company)
        if rest:
            shown = _join(rest[:6] + ([f"{len(rest) - 6} more"] if len(rest) > 6 else []))
            lines.append(
                f"{_plural(len(rest), 'other company', 'other companies')} received browser or advertising "
                f"ids that recognise the visitor again: {shown}."
            )
        return lines

    # -- charts

    def bar_chart(self) -> list[Bar]:
        people = sorted(self.people, key=lambda p: (-p.health_disclosures, -p.disclosures, p.company))
        people = people[:MAX_CHART_ROWS]
        top = max((p.disclosures for p in people), default=1) or 1
        bars = []
        for row, person in enumerate(people):
            other = person.disclosures - person.health_disclosures
            bars.append(Bar(
                label=_cut(person.company, 34),
                full=person.company,
                health=person.health_disclosures,
                other=other,
                y=row * 26,
                health_width=round(BAR_WIDTH * person.health_disclosures / top, 1),
                other_width=round(BAR_WIDTH * other / top, 1),
            ))
        return bars

    def _matrix(
        self, title: str, columns: list[str], labels: dict[str, str], column_of: Callable[[Disclosure], str], caption: str
    ) -> Matrix | None:
        counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for disclosure in self.analysis.disclosures:
            column = column_of(disclosure)
            if column in columns:
                cell = counts[(disclosure.vendor, column)]
                cell[0] += 1
                cell[1] += disclosure.sensitivity.sensitive
        people = [p for p in sorted(self.people, key=lambda p: (-p.health_disclosures, -p.disclosures, p.company))]
        people = people[:MAX_CHART_ROWS]
        if not people:
            return None
        top = max((c[0] for c in counts.values()), default=1) or 1
        rows = []
        for person in people:
            cells = []
            for column in columns:
                total, health = counts.get((person.vendor, column), [0, 0])
                fill = _cell_fill(total, health, top)
                cells.append((total, health, fill, _ink(fill)))
            rows.append((_cut(person.company, 30), person.company, cells))
        return Matrix(
            title=title,
            columns=[_cut(labels.get(c, c).removeprefix("www."), 19) for c in columns],
            rows=rows,
            width=230 + MATRIX_COLUMN * len(columns),
            height=40 + 26 * len(rows),
            caption=caption,
        )

    def scenario_matrix(self) -> Matrix | None:
        present = {self.scenario_of(d) for d in self.analysis.disclosures} | {
            s.scenario for s in self.analysis.sources
        }
        columns = [s for s in SCENARIO_ORDER if s in present] + sorted(s for s in present if s and s not in SCENARIO_ORDER)
        if not columns:
            return None
        return self._matrix(
            "Disclosures per recipient under each consent choice",
            columns,
            {NO_INTERACTION: "No interaction", REJECT_ALL: "Reject all", ACCEPT_ALL: "Accept all"},
            self.scenario_of,
            "Each cell: disclosures that company received under that cookie-banner choice; red = some were health-related.",
        )

    def site_matrix(self) -> Matrix | None:
        columns = list(self.sources_of_site)
        if len(columns) < 2 or len(columns) > 12:
            return None
        return self._matrix(
            "Disclosures per recipient on each site",
            columns,
            {},
            self.site_of,
            "Each cell: disclosures that company received on that site; red = some were health-related.",
        )

    def category_table(self) -> tuple[list[str], list[tuple[str, list[tuple[int, str, str]]]]]:
        counts: dict[tuple[str, str], int] = Counter()
        categories: list[str] = []
        for disclosure in self.analysis.disclosures:
            for category in disclosure.sensitivity.categories:
                counts[(disclosure.vendor, category)] += 1
                if category not in categories:
                    categories.append(category)
        order = list(CATEGORY_LABELS)
        categories.sort(key=lambda c: order.index(c) if c in order else len(order))
        top = max(counts.values(), default=1)
        rows = []
        for person in self.people:
            if person.health_disclosures:
                cells = []
                for category in categories:
                    fill = _heat(counts.get((person.vendor, category), 0), top)
                    cells.append((counts.get((person.vendor, category), 0), fill, _ink(fill)))
                rows.append((person.company, cells))
        return [category_label(c) for c in categories], rows


def _scenario_rank(scenario: str) -> int:
    return SCENARIO_ORDER.index(scenario) if scenario in SCENARIO_ORDER else len(SCENARIO_ORDER)


def _heat(count: int, top: int) -> str:
    """A red of strength proportional to the count (white for none)."""
    if not count:
        return "#ffffff"
    strength = 0.35 + 0.65 * count / top
    mix = lambda full: round(255 - (255 - full) * strength)  # noqa: E731
    return f"#{mix(0xb3):02x}{mix(0x26):02x}{mix(0x1e):02x}"


def _cell_fill(total: int, health: int, top: int) -> str:
    if health:
        return _heat(top if health * 2 >= total else max(1, top // 2), top)
    if not total:
        return "#ffffff"
    strength = 0.15 + 0.6 * total / top
    grey = round(255 - (255 - 0x60) * strength)
    return f"#{grey:02x}{grey:02x}{min(255, grey + 12):02x}"


def _ink(fill: str) -> str:
    """Dark or white text, whichever reads on that fill."""
    red, green, blue = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if 0.299 * red + 0.587 * green + 0.114 * blue < 150 else "#1b1f24"


def _cookie_rows(analysis: Analysis) -> tuple[list[tuple[str, str, str, int, str]], int]:
    """Distinct cookies (domain, name, how), third-party first; the value cut, as it is an id."""
    grouped: dict[tuple[str, str, str, bool], list[str]] = defaultdict(list)
    for cookie in analysis.cookies:
        domain = cookie.domain or _host(cookie.request_url)
        grouped[(domain, cookie.name, cookie.how, cookie.third_party)].append(cookie.value)
    rows = sorted(grouped.items(), key=lambda kv: (not kv[0][3], kv[0][0], kv[0][1], kv[0][2]))
    out = [
        (domain, name, ("third-party " if third else "first-party ") + how, len(values), _cut(values[-1], 40))
        for (domain, name, how, third), values in rows
    ]
    return out[:MAX_COOKIE_ROWS], len(out)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("pixelhound.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "svg"), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["plural"] = _plural
    return environment


def render_html(analysis: Analysis, run_dir: Path | None = None) -> bytes:
    """The whole report as one UTF-8 HTML document; `run_dir` lets it embed page screenshots."""
    builder = _Builder(analysis, run_dir)
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
        "more_recipients": max(0, len(builder.people) - MAX_CHART_ROWS),
        "scenario_matrix": builder.scenario_matrix(),
        "site_matrix": builder.site_matrix(),
        "categories": categories,
        "category_rows": category_rows,
        "people": builder.people,
        "third_parties": third_parties,
        "third_parties_shown": MAX_THIRD_PARTIES_SHOWN,
        "cookies": cookies,
        "cookie_total": cookie_total,
        "max_disclosures": MAX_DISCLOSURES_PER_FINDING,
        "screenshots_embedded": len(builder.shots),
        "category_label": category_label,
        "scenario_labels": SCENARIO_LABELS,
        "change": change_section(run_dir),  # the store's "what changed since the previous run"
    }
    html = _environment().get_template("report.html").render(**context)
    return html.encode("utf-8")


__all__ = ["CONTENT_SECURITY_POLICY", "highlight", "render_html"]
