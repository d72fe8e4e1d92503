"""The HTML report's view model: plain dataclasses that hold every figure and fragment, so that the
templates only lay things out."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from pixelhound.model import Page



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
    """A finding as shown: the judgement, what to do, and up to HTML_MAX_DISCLOSURES_PER_FINDING requests."""

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
    seen_in: str = ""  # with --repeat N: "seen in 1 of 2 runs"


@dataclass
class SiteView:
    """One site (all its consent scenarios): its fleet-table figures and its findings."""

    key: str
    name: str
    slug: str
    url: str
    scenarios: list[str]
    not_measured: list[tuple[str, str]]  # (scenario label, reason)
    partial: list[tuple[str, str, str]]  # (scenario label, state flag, reason): partly measured or incomplete
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
