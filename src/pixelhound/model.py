"""The vocabulary every stage shares: captures in, disclosures and findings out.

Plain data only (msgspec Structs: cheap to create, encode straight to JSON). Field and identifier
names used by decoders are listed here so that every vendor speaks the same language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import msgspec

from pixelhound.settings import (
    CANARY_COUNTRY_CODE,
    CANARY_EMAIL,
    CANARY_FIRST_NAME,
    CANARY_LAST_NAME,
    CANARY_PHONE,
    CANARY_POSTCODE,
)

# Normalised field names a decoder may emit (Field.name). A report groups and highlights by these.
PAGE_URL: Final = "page_url"
PAGE_TITLE: Final = "page_title"
REFERRER: Final = "referrer"
EVENT: Final = "event"
BUTTON_TEXT: Final = "button_text"
LINK_URL: Final = "link_url"
SEARCH_TERM: Final = "search_term"
FORM_FIELD: Final = "form_field"
CUSTOM_DATA: Final = "custom_data"
PAGE_METADATA: Final = "page_metadata"
PARAMETER: Final = "parameter"


# How a withdrawal went (ConsentEase.withdrawal).
WITHDRAWAL_CONFIRMED: Final = "confirmed"
WITHDRAWAL_UNCONFIRMED: Final = "unconfirmed"
WITHDRAWAL_NO_CONTROL: Final = "no-control"
WITHDRAWAL_STATES: Final = (WITHDRAWAL_CONFIRMED, WITHDRAWAL_UNCONFIRMED, WITHDRAWAL_NO_CONTROL)

# When a request left, relative to the visitor's cookie choice.
BEFORE_CHOICE: Final = "before-choice"
AFTER_REJECT: Final = "after-reject"
AFTER_ACCEPT: Final = "after-accept"
AFTER_WITHDRAWAL: Final = "after-withdrawal"  # consent given, then withdrawn through the site's own control
CONSENT_STATES: Final = (BEFORE_CHOICE, AFTER_REJECT, AFTER_ACCEPT, AFTER_WITHDRAWAL)

# The consent scenarios a site is scanned under (capture/scenarios.py runs them).
NO_INTERACTION: Final = "no-interaction"
REJECT_ALL: Final = "reject-all"
ACCEPT_ALL: Final = "accept-all"
ALL_SCENARIOS: Final = (NO_INTERACTION, REJECT_ALL, ACCEPT_ALL)  # the default set
WITHDRAW: Final = "withdraw"  # accept, browse, withdraw through the site's own control, browse again
GPC: Final = "gpc"  # the banner left alone while the browser sends the Global Privacy Control signal
EXTRA_SCENARIOS: Final = (WITHDRAW, GPC)  # run only when asked for (--scenarios)
KNOWN_SCENARIOS: Final = ALL_SCENARIOS + EXTRA_SCENARIOS

# Where a live capture came from: the page sessions (Playwright/CDP) or the network-level record
# (Chromium's NetLog), which adds what the page sessions missed. "" for imported HARs.
PAGE_RECORD: Final = "page"
NETWORK_RECORD: Final = "network"

# Recipient categories whose business is advertising: their receiving health data weighs most.
ADVERTISING_CATEGORIES: Final = frozenset({"advertising", "marketing"})

# Severity order, lowest first: the one definition every rule, sort and report uses.
SEVERITIES: Final = ("low", "medium", "high")

# How completely an input was measured. Only MEASURED with no findings may be called clean; every
# other state is shown as itself in every report and fails `--fail-on` at any threshold.
MEASURED: Final = "measured"
PARTLY_MEASURED: Final = "partly-measured"  # some entries could not be read, or the scan could not do all it set out to
INCOMPLETE: Final = "incomplete"  # requests the network record saw are missing from the evidence
NOT_MEASURED: Final = "not-measured"  # nothing usable: down, no page loaded, unreadable input
MEASUREMENT_STATES: Final = (MEASURED, PARTLY_MEASURED, INCOMPLETE, NOT_MEASURED)  # best first


def severity_rank(severity: str) -> int:
    """0 for low up to 2 for high; -1 for none ("") or a severity this version does not know."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else -1


def worst_severity(severities: Iterable[str]) -> str:
    """The most severe of these, or "" when there are none."""
    return max(severities, key=severity_rank, default="")


def worst_measurement(states: Iterable[str]) -> str:
    """The least trustworthy of these measurement states (MEASURED when there are none)."""
    return max(states, key=MEASUREMENT_STATES.index, default=MEASURED)


@dataclass(frozen=True, slots=True)
class CanaryIdentity:
    """The fictional person the scanner types into forms; every default is unmistakably invented."""

    email: str = CANARY_EMAIL
    first_name: str = CANARY_FIRST_NAME
    last_name: str = CANARY_LAST_NAME
    phone: str = CANARY_PHONE
    postcode: str = CANARY_POSTCODE
    country_code: str = CANARY_COUNTRY_CODE  # dialling code, for the E.164 forms of a national number

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @classmethod
    def from_options(
        cls, email: str | None = None, name: str | None = None, phone: str | None = None, postcode: str | None = None
    ) -> CanaryIdentity:
        """From the CLI's --canary-* options: blanks take the default; "First Last" is split at the
        first space, so "Mary Ann Smith" keeps "Ann Smith" as the last name."""
        first, last = CANARY_FIRST_NAME, CANARY_LAST_NAME
        if name and name.strip():
            first, _, last = name.strip().partition(" ")
            last = last.strip()
        return cls(
            email=_or_default(email, CANARY_EMAIL),
            first_name=first,
            last_name=last,
            phone=_or_default(phone, CANARY_PHONE),
            postcode=_or_default(postcode, CANARY_POSTCODE),
        )


def _or_default(value: str | None, default: str) -> str:
    return value.strip() if value and value.strip() else default


class Cookie(msgspec.Struct):
    """A cookie seen on the wire: sent with a request or set by a response."""

    name: str
    value: str
    domain: str = ""
    path: str = ""
    how: str = "sent"  # "sent" (Cookie header / HAR request cookie) or "set" (Set-Cookie)
    third_party: bool = False
    request_url: str = ""
    site: str = ""
    scenario: str = ""
    consent: str = ""
    repeat: int = 0  # the visit of N it was seen in, when the run repeats (SourceSummary.repeat)


class Page(msgspec.Struct):
    """A page as the capture knows it (HAR `pages`, or a live visit)."""

    id: str
    title: str = ""
    url: str = ""
    started: str = ""
    finished: str = ""
    status: int = 0
    screenshot: str = ""
    html: str = ""
    actions: list[str] = []
    error: str = ""


class Capture(msgspec.Struct, omit_defaults=True):
    """One request as the browser sent it, with the response facts that matter as evidence."""

    index: int
    url: str
    method: str = "GET"
    request_headers: list[tuple[str, str]] = []
    body: bytes | None = None
    body_mime: str = ""
    resource_type: str = ""
    initiator: str = ""
    page_id: str = ""
    started: str = ""
    status: int = 0
    response_headers: list[tuple[str, str]] = []
    response_mime: str = ""
    cookies_sent: list[Cookie] = []
    cookies_set: list[Cookie] = []
    server_ip: str = ""
    source: str = ""
    # Live-scan context (kept through HAR export and import as `_pixelhound` entry fields).
    site: str = ""
    scenario: str = ""
    action: str = ""
    frame_url: str = ""
    intercepted: bool = False  # stopped by pixelhound before it left (a form submission): not sent
    consent: str = ""  # "before-choice", "after-reject" or "after-accept" (CONSENT_STATES); "" unknown
    record: str = ""  # PAGE_RECORD or NETWORK_RECORD for a live scan; "" for an imported HAR

    def header(self, name: str) -> str:
        """First request header of that name (case-insensitive), or ''."""
        lowered = name.lower()
        for key, value in self.request_headers:
            if key.lower() == lowered:
                return value
        return ""


class Field(msgspec.Struct):
    """One thing a recipient was told, and the raw parameter it came from."""

    name: str
    value: str
    source: str


class Identifier(msgspec.Struct):
    """Something that ties a disclosure to a person or browser."""

    kind: str
    value: str
    source: str
    label: str = ""


# How a health category reached a disclosure, weakest first. TEXT: a human-readable field of the
# disclosure names it (a page path, a title, a button). SITE: the field says nothing itself, but the
# site is a specialist service in that category, so any visit to it tells the recipient as much
# ("a visit to the website of a sexual health clinic"): weaker, because it is an inference about
# the visitor rather than words the visitor saw or typed.
SITE_STRENGTH: Final = "site"
TEXT_STRENGTH: Final = "text"
STRENGTHS: Final = (SITE_STRENGTH, TEXT_STRENGTH)


class Evidence(msgspec.Struct):
    """Why a text was judged health-related: the category and the words or concept that decided."""

    category: str
    term: str
    text: str = ""
    field: str = ""
    strength: str = TEXT_STRENGTH  # one of STRENGTHS


class SiteContext(msgspec.Struct):
    """What a site says about itself, decided once per site: is it a specialist service in a health
    category? `evidence` keeps which text said so and where (field "site:title", "site:name", ...)."""

    kind: str = "unknown"  # "specialist", "general" or "unknown" (nothing said enough)
    categories: list[str] = []
    service: str = ""  # how reports name it: "sexual health clinic"
    decided_by: str = ""  # "inferred" from the site's own words, or "user" (--site-category, fleet file)
    reason: str = ""  # one line a reader can check
    evidence: list[Evidence] = []
    # The care the site says it provides ("GP practice", "pharmacy", "sexual health clinic"); "" when
    # it says none (a bank, a shop): there, "Book a consultation" is no contact with care.
    provider: str = ""

    @property
    def specialist(self) -> bool:
        return self.kind == "specialist" and bool(self.categories)


class Sensitivity(msgspec.Struct):
    """The classifier's verdict on a text or on a whole disclosure."""

    sensitive: bool = False
    categories: list[str] = []
    evidence: list[Evidence] = []
    # On a specialist service's site: why its category was given at site strength, or withheld from
    # a page whose own text names another role (a job seeker, a donor): classify/roles.py.
    site_basis: str = ""


class Disclosure(msgspec.Struct):
    """What one request told one recipient."""

    id: str
    capture_index: int
    vendor: str
    company: str
    product: str
    category: str
    request_url: str
    method: str = "GET"
    event: str = ""
    account: str = ""
    page_url: str = ""
    transport: str = ""
    fields: list[Field] = []
    identifiers: list[Identifier] = []
    sensitivity: Sensitivity = msgspec.field(default_factory=Sensitivity)
    first_party_proxy: bool = False
    time: str = ""
    source: str = ""
    site: str = ""
    scenario: str = ""
    action: str = ""
    consent: str = ""


def health_categories(disclosures: Iterable[Disclosure]) -> list[str]:
    """The health categories of these disclosures, each once, in the order first seen."""
    categories: list[str] = []
    for disclosure in disclosures:
        categories += [c for c in disclosure.sensitivity.categories if c not in categories]
    return categories


class Presence(msgspec.Struct):
    """A tracker seen without a payload of its own: a script or container download."""

    vendor: str
    company: str
    product: str
    category: str
    url: str
    capture_index: int
    page_url: str = ""
    source: str = ""
    site: str = ""
    scenario: str = ""
    consent: str = ""


class ThirdParty(msgspec.Struct):
    """A third-party host the browser contacted, and who runs it where known."""

    host: str
    domain: str
    vendor: str = ""
    company: str = ""
    category: str = ""
    requests: int = 0


class Finding(msgspec.Struct):
    """A judged problem, with the evidence behind it and what to do about it."""

    id: str
    rule: str
    severity: str
    vendor: str
    company: str
    summary: str
    disclosures: list[str] = []
    captures: list[int] = []
    categories: list[str] = []
    recommendation: str = ""
    source: str = ""


class StorageWrite(msgspec.Struct):
    """A localStorage or sessionStorage write made by a page or one of its scripts."""

    origin: str
    key: str
    value: str
    area: str = "localStorage"
    page_url: str = ""


class NoticeMention(msgspec.Struct):
    """Whether the site's privacy notice names a recipient, with the sentence that does."""

    vendor: str
    company: str
    named: bool
    sentence: str = ""
    url: str = ""


class ConsentEase(msgspec.Struct):
    """Is rejecting as easy as accepting? What the banner's first layer offered when it was met.

    A click count of 0 means the choice is not on the first layer: it takes at least two clicks
    (through the settings layer), or cannot be made at all."""

    banner: str = ""
    accept_label: str = ""  # the first layer's accept control, as shown ("" none)
    reject_label: str = ""  # the first layer's reject-all control, as shown ("" none)
    settings_label: str = ""  # the first layer's settings control, as shown ("" none)
    accept_clicks: int = 0
    reject_clicks: int = 0
    # The withdraw scenario: "confirmed", "unconfirmed" (the layer could not be operated or the CMP's
    # record did not change), "no-control" (no way back to the choice was found), or "" (not tried:
    # the accept before it did not hold).
    withdrawal: str = ""
    withdraw_control: str = ""  # the revisit control or settings link used ("" none)
    withdraw_clicks: int = 0  # clicks from the page to the withdrawal (the control, then reject); 0 not done

    @property
    def reject_on_first_layer(self) -> bool:
        return bool(self.reject_label)

    @property
    def reject_harder(self) -> bool:
        """Reject is harder than accept: more clicks, or not on the first layer while accept is."""
        if not self.accept_clicks:
            return False
        return not self.reject_clicks or self.reject_clicks > self.accept_clicks


class SourceSummary(msgspec.Struct):
    """One input: a HAR file, or one site scanned under one consent scenario."""

    path: str
    site: str = ""
    entries: int = 0
    pages: list[Page] = []
    warnings: list[str] = []
    error: str = ""
    site_name: str = ""
    scenario: str = ""
    measured: bool = True  # False: the site could not be measured (down, loops, bot wall): never "clean"
    reason: str = ""
    started: str = ""
    finished: str = ""
    storage_writes: list[StorageWrite] = []
    banner: str = ""  # the cookie banner found ("" none), for reject-all / accept-all scenarios
    banner_method: str = ""  # "autoconsent", "fallback" or "none"
    consent_verified: bool = True  # False: the banner could not be operated: the scenario is unverified
    consent_detail: str = ""
    consent_ease: ConsentEase | None = None  # the banner's first layer, when a scenario met one
    notice_urls: list[str] = []  # the privacy and cookie notices read for this site
    notice_mentions: list[NoticeMention] = []
    unread_entries: int = 0  # HAR entries (or records) that could not be read at all
    shortfalls: list[str] = []  # what a live scan set out to do and could not (a time limit, an action)
    network_requests: int = -1  # requests the network-level record saw (-1: no network record)
    evidence_requests: int = 0  # requests in the evidence (page-level record plus recovered ones)
    unrecovered: int = 0  # requests the network record saw that could not be put in the evidence
    site_context: SiteContext = msgspec.field(default_factory=SiteContext)
    repeat: int = 0  # which visit of N this is (1..N) when the scan repeats (--repeat); 0 when it does not
    device: str = ""  # the browser a live scan visited as (desktop, mobile); "" for a HAR

    def measurement(self) -> str:
        """One of MEASUREMENT_STATES: how far this input's verdict can be trusted."""
        if not self.measured or self.error:
            return NOT_MEASURED
        if self.unrecovered:
            return INCOMPLETE
        if self.unread_entries or self.shortfalls:
            return PARTLY_MEASURED
        return MEASURED


class Analysis(msgspec.Struct):
    """Everything one analysis found; the single object every report renders."""

    tool_version: str
    generated: str
    sources: list[SourceSummary] = []
    disclosures: list[Disclosure] = []
    presences: list[Presence] = []
    third_parties: list[ThirdParty] = []
    cookies: list[Cookie] = []
    findings: list[Finding] = []

    def measured_sources(self) -> list[SourceSummary]:
        """The inputs read and measured: only these can support a verdict, clean or otherwise."""
        return [s for s in self.sources if s.measured and not s.error]
