"""The demo's fictional NHS trusts, each with its own tracker set-up and its own test oracle.

How tests use this: a test scans a trust's `start_url` (or runs the journey named by an
`ExpectedLeak.action` on `ExpectedLeak.path`), decodes the captures, and then checks that

* every `ExpectedLeak` in `trust.expected` is matched by at least one disclosure: same vendor id,
  made on that page after that action, carrying the named field / identifier kind / category; and
* no request to any host other than the trust's own hosts (`trust.first_party_hosts`) is sent while
  loading any path in `trust.expected_clean_paths` (the jobs-only trust's health pages, the Hotjar
  trust's non-condition pages, every page of the clean trust).

The server's own log (`DemoInternet.log`) is the ground truth for what the browser sent; this module
is the ground truth for what *should* have been sent. Organisations, domains, account ids and people
are invented; account ids are built so they cannot be mistaken for real ones.

Actions: "load" (open the page), "leave" (open the page, read it and leave it: for what a tracker
holds until pagehide, which rides on whatever leaves the page, the scanner's own leaving or one of
its clicks), "click:<visible button text>", "search:<term>" (type into the site
search box in the header and submit), "form:<form id>" (fill the form with test data and submit).

Consent (the cookie-banner oracle): `Trust.banner` names the imitation banner shown on every page
(`pixelhound.demo.banners`; None = no banner at all), `banner_reject_works=False` makes its reject
control record nothing, and `trackers_need_consent=True` makes the trust load its trackers only once
the visitor has accepted (the compliant set-up). `Trust.consent_expected` states, per consent
scenario ("no-interaction", "reject-all", "accept-all"), what a scan must report: whether the choice
could be verified, which vendors receive data before any choice and which after it.
`Trust.undisclosed` is the set of vendor ids that receive data but are not named in the privacy or
cookie notice (the `undisclosed-recipient` findings). Both describe a scan whose pages include the
pages the trust's trackers are on and its privacy notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pixelhound.demo.content import HOME_TESTING, SEARCH_PROBE, Service, page_paths
from pixelhound.settings import DEVICE_MOBILE


@dataclass(frozen=True)
class Tracker:
    """One tracker embedded in a trust's pages via `pixelhound.demo.trackers.snippet`."""

    kind: str  # "meta_pixel", "ga4", "tiktok", "linkedin", "hotjar"
    account: str  # pixel id / measurement id / partner id / site id (all invented)
    paths: tuple[str, ...] = ()  # path prefixes it is on; () = every page
    options: tuple[tuple[str, str], ...] = ()  # extra keyword options for snippet()
    device: str = ""  # "mobile": the page loads it only in a phone's browser (touch pointer, mobile UA); "" any
    # Embedded for every other new visitor only (a server-side count of visitors, told apart by a
    # first-party cookie): a tracker seen in some repeat visits. For tests of `scan --repeat`; no demo
    # trust has one, so the demo's results stay the same run after run.
    every_other_visitor: bool = False

    def applies_to(self, path: str) -> bool:
        """Whether this tracker is embedded on the page at `path` ("/" means the home page only)."""
        if not self.paths:
            return True
        return any(path == p or (p != "/" and path.startswith(p.rstrip("/") + "/")) for p in self.paths)


@dataclass(frozen=True)
class ExpectedLeak:
    """One thing the oracle says must reach a vendor. Empty criteria are not checked."""

    vendor: str  # pixelhound vendor id: "meta", "google", "tiktok", "linkedin", "hotjar"
    path: str  # page the journey is on ("/search" for searches)
    action: str = "load"
    field: str = ""  # a normalised field name (pixelhound.model): "page_url", "button_text", ...
    contains: str = ""  # case-insensitive substring of that field's value
    equals: str = ""  # exact value of that field (e.g. the search term)
    category: str = ""  # a health category the disclosure must be judged to reveal
    identifier: str = ""  # an identifier kind that must be present, e.g. "hashed_email"
    host: str = ""  # the request's host when it is not the vendor's own (first-party proxy)
    sensitive: bool | None = None  # expected overall verdict (False marks a hard negative)
    strength: str = ""  # the strength the category must be judged at ("site": the site is the health data)
    note: str = ""


@dataclass(frozen=True)
class ScenarioExpectation:
    """What one consent scenario must show for a trust.

    `verified`: the banner was operated and the choice confirmed (False: no banner, or a choice that
    could not be confirmed; the scan then reports `consent-unverified` and nothing as "after").
    `before`: vendor ids that receive consent-requiring data before any choice (judged in
    no-interaction: `tracking-before-consent`). `after`: vendor ids that receive such data after the
    confirmed choice (after a rejection: `tracking-after-rejection`; after an accept: no finding).
    """

    verified: bool = True
    before: frozenset[str] = frozenset()
    after: frozenset[str] = frozenset()


@dataclass(frozen=True)
class WithdrawExpectation:
    """What the `withdraw` scenario must show for a trust (accept, browse, withdraw, browse again).

    `withdrawal`: "confirmed" (the site's revisit control reopened the choice and the CMP's record
    changed to reject) or "no-control" (no way back to the choice: `no-way-to-withdraw`). `after`:
    vendor ids receiving consent-requiring data after the withdrawal (`tracking-after-withdrawal`).
    `kept`: vendor ids whose cookies, in use under the consent, outlive it (`cookies-kept-after-withdrawal`).
    """

    withdrawal: str
    after: frozenset[str] = frozenset()
    kept: frozenset[str] = frozenset()


def _consent(vendors: frozenset[str], *, verified: bool = True, gated: bool = False,
             reject_obeyed: bool = False) -> dict[str, ScenarioExpectation]:
    """The three scenarios for a trust whose trackers send to `vendors`.

    Ungated trackers send before any choice; a choice that cannot be verified has no "after"; a
    gated trust sends only after accept; `reject_obeyed` only matters for gated trusts."""
    none: frozenset[str] = frozenset()
    before = none if gated else vendors
    return {
        "no-interaction": ScenarioExpectation(True, before, none),
        "reject-all": ScenarioExpectation(verified, before, none if not verified or gated or reject_obeyed else vendors),
        "accept-all": ScenarioExpectation(verified, before, vendors if verified else none),
    }


@dataclass(frozen=True)
class Trust:
    """A fictional trust: who it is, which trackers it embeds, and what must (not) leak."""

    slug: str
    name: str
    domain: str  # registrable part, e.g. "fernmoor.nhs.test"; the site is www.<domain>
    setup: str  # one line: what the tracker set-up is meant to show
    trackers: tuple[Tracker, ...] = ()
    expected: tuple[ExpectedLeak, ...] = ()
    expected_clean_paths: tuple[str, ...] = ()
    proxy_host: str = ""  # a first-party analytics proxy (server-side GA4), if any
    phone: str = "01632 960 000"
    accent: str = "#005eb8"
    # For the consent issue: which banner the site shows (None = no banner) and the recipients its
    # privacy notice names (vendor display names as a reader would see them).
    banner: str | None = None
    privacy_recipients: tuple[str, ...] = ()
    privacy_notice_extra: tuple[str, ...] = ()  # additional paragraphs for the privacy notice
    banner_reject_works: bool = True  # False: the banner's reject hides it but records nothing
    trackers_need_consent: bool = False  # True: trackers load only once consent allows their purpose
    # The consent oracle: scenario name -> ScenarioExpectation (see the module docstring).
    consent_expected: dict[str, ScenarioExpectation] = field(default_factory=dict, hash=False)
    undisclosed: frozenset[str] = frozenset()  # vendor ids the notice check must report as unnamed
    # Issue 15: the withdraw and gpc oracles (None: not stated for this trust). `honours_gpc` makes
    # the site leave out its trackers when the page request carries `Sec-GPC: 1`; `gpc_expected`
    # is the vendor ids that still track under the signal (`tracking-despite-gpc`).
    withdraw_expected: WithdrawExpectation | None = None
    honours_gpc: bool = False
    gpc_expected: frozenset[str] | None = None
    extra_services: tuple[Service, ...] = ()  # pages only this trust has (under /conditions/)
    # A small site of its own instead of the shared catalogue: (path, title) of its only pages, each
    # rendered from `about` paragraphs; every other path is "not found". Cheap to scan.
    small_site: tuple[tuple[str, str], ...] = ()
    about: tuple[str, ...] = ()  # the small site's paragraphs about itself
    description: str = ""  # the home page's meta description ("" = the shared catalogue's wording)
    # What a scan as a phone (`scan --device mobile`) finds besides `expected`: leaks of trackers the
    # site loads on mobile only (Tracker.device); a desktop scan must not find them.
    expected_mobile: tuple[ExpectedLeak, ...] = ()

    @property
    def counts_visitors(self) -> bool:
        """Whether the site tells visitors apart (a tracker for every other visitor needs it)."""
        return any(t.every_other_visitor for t in self.trackers)

    @property
    def host(self) -> str:
        return f"www.{self.domain}"

    @property
    def start_url(self) -> str:
        return f"https://{self.host}/"

    @property
    def first_party_hosts(self) -> tuple[str, ...]:
        """Hosts the trust itself runs (its site, bare domain, analytics proxy)."""
        return tuple(h for h in (self.host, self.domain, self.proxy_host) if h)

    def page_paths(self) -> list[str]:
        """Every page this trust's site serves with GET: the shared catalogue and its own pages, or
        its small site's pages."""
        if self.small_site:
            return [path for path, _title in self.small_site]
        return page_paths() + [s.path for s in self.extra_services]

    def trackers_on(self, path: str) -> list[Tracker]:
        """The trackers embedded on the page at `path`."""
        return [t for t in self.trackers if t.applies_to(path)]


def _paths_outside(*prefixes: str) -> tuple[str, ...]:
    """Every catalogue page not under one of the prefixes."""
    def under(path: str) -> bool:
        return any(path == p or path.startswith(p + "/") for p in prefixes)
    return tuple(p for p in page_paths() if not under(p))


_SEARCH = f"search:{SEARCH_PROBE}"
_HIV = "/conditions/hiv-and-prep"
_GENDER = "/conditions/gender-identity-service"
_CRISIS = "/conditions/mental-health-crisis"
_EATING = "/conditions/eating-disorders"
_MATERNITY = "/conditions/maternity"

FERNMOOR = Trust(
    slug="fernmoor",
    name="Fernmoor Community Health NHS Trust",
    domain="fernmoor.nhs.test",
    setup="Meta Pixel on every page with automatic button-click events and automatic form matching",
    trackers=(Tracker("meta_pixel", "1010101010101010"),),
    expected=(
        ExpectedLeak("meta", _HIV, field="page_url", contains="hiv-and-prep", category="sexual_health"),
        ExpectedLeak("meta", "/", field="page_url", contains="fernmoor.nhs.test/", sensitive=False,
                     note="hard negative: a general trust's home page view is no health data"),
        ExpectedLeak("meta", _HIV, "click:Book a PrEP appointment", field="button_text",
                     contains="prep appointment", category="sexual_health"),
        ExpectedLeak("meta", _GENDER, "click:Refer yourself to the gender identity service",
                     field="button_text", contains="gender identity", category="gender_identity"),
        ExpectedLeak("meta", "/appointments", "click:Book an appointment", field="button_text",
                     contains="book an appointment", category="care_interaction"),
        ExpectedLeak("meta", "/repeat-prescriptions", "click:Order a repeat prescription",
                     field="button_text", contains="repeat prescription", category="care_interaction"),
        ExpectedLeak("meta", "/repeat-prescriptions", "form:repeat-prescription-form",
                     identifier="hashed_email", note="automatic matching hashes the email field"),
        ExpectedLeak("meta", "/search", _SEARCH, field="page_url", contains="q=hiv",
                     category="sexual_health"),
    ),
    phone="01632 960 100",
    accent="#005eb8",
    # OneTrust banner whose reject is recorded, but the pixel is hard-coded and ignores it; the
    # privacy notice names nobody. So it ignores a withdrawal through OneTrust's floating button too
    # (and keeps the _fbp cookie it set), and ignores the GPC signal.
    banner="onetrust",
    privacy_recipients=(),
    consent_expected=_consent(frozenset({"meta"})),
    undisclosed=frozenset({"meta"}),
    withdraw_expected=WithdrawExpectation("confirmed", after=frozenset({"meta"}), kept=frozenset({"meta"})),
    gpc_expected=frozenset({"meta"}),
)

ASHCOMBE = Trust(
    slug="ashcombe-vale",
    name="Ashcombe Vale Hospitals NHS Foundation Trust",
    domain="ashcombe-vale.nhs.test",
    setup="GA4 with enhanced measurement: page views, scrolls, site-search terms, form interactions",
    trackers=(Tracker("ga4", "G-DEMOASHC01"),),
    expected=(
        ExpectedLeak("google", _EATING, field="page_title", contains="eating disorders",
                     category="mental_health"),
        ExpectedLeak("google", _CRISIS, field="page_url", contains="mental-health-crisis",
                     category="mental_health"),
        ExpectedLeak("google", "/search", _SEARCH, field="search_term", equals=SEARCH_PROBE,
                     category="sexual_health", note="enhanced measurement view_search_results"),
        ExpectedLeak("google", "/referral", "form:referral-form", field="event", equals="form_start"),
        ExpectedLeak("google", "/referral", "form:referral-form", field="event", equals="form_submit"),
    ),
    phone="01632 960 200",
    accent="#007f3b",
    # Cookiebot dialog; GA4 loads regardless of the choice, but not for a browser that sends the
    # Global Privacy Control signal (the site leaves the tag out). The notice names Google Analytics.
    banner="cookiebot",
    privacy_recipients=("Google Analytics",),
    consent_expected=_consent(frozenset({"google"})),
    honours_gpc=True,
    gpc_expected=frozenset(),
)

LINDENBROOK = Trust(
    slug="lindenbrook",
    name="Lindenbrook University Hospitals NHS Trust",
    domain="lindenbrook.nhs.test",
    setup="TikTok Pixel and LinkedIn Insight Tag on every page",
    trackers=(Tracker("tiktok", "CDEMOLINDENBROOK0001"), Tracker("linkedin", "9000001")),
    expected=(
        ExpectedLeak("tiktok", _HIV, field="page_url", contains="hiv-and-prep", category="sexual_health"),
        ExpectedLeak("tiktok", _MATERNITY, field="page_url", contains="maternity",
                     category="reproductive_health"),
        ExpectedLeak("linkedin", _GENDER, field="page_url", contains="gender-identity-service",
                     category="gender_identity"),
        ExpectedLeak("linkedin", "/search", _SEARCH, field="page_url", contains="q=hiv",
                     category="sexual_health"),
    ),
    phone="01632 960 300",
    accent="#330072",
    # No cookie banner at all: everything is before any choice, and the choice scenarios cannot be
    # verified. The notice names TikTok but not LinkedIn.
    banner=None,
    privacy_recipients=("TikTok",),
    consent_expected=_consent(frozenset({"tiktok", "linkedin"}), verified=False),
    undisclosed=frozenset({"linkedin"}),
)

KESTREL_BAY = Trust(
    slug="kestrel-bay",
    name="Kestrel Bay Mental Health NHS Foundation Trust",
    domain="kestrel-bay.nhs.test",
    setup="Hotjar-style session recorder on the conditions and services pages only",
    trackers=(Tracker("hotjar", "9000002", paths=("/conditions",)),),
    expected=(
        ExpectedLeak("hotjar", _EATING, field="page_url", contains="eating-disorders", category="mental_health"),
        ExpectedLeak("hotjar", _CRISIS, field="page_url", contains="mental-health-crisis",
                     category="mental_health"),
    ),
    expected_clean_paths=_paths_outside("/conditions"),
    phone="01632 960 400",
    accent="#00a499",
    # Silktide consent manager (localStorage record); the recorder ignores it. Notice names Hotjar.
    banner="silktide",
    privacy_recipients=("Hotjar",),
    consent_expected=_consent(frozenset({"hotjar"})),
)

HARROWMERE = Trust(
    slug="harrowmere",
    name="Harrowmere General Hospital NHS Trust",
    domain="harrowmere.nhs.test",
    setup="Meta Pixel on the jobs pages only: vacancies leak, health pages must not",
    trackers=(Tracker("meta_pixel", "2020202020202020", paths=("/jobs",)),),
    expected=(
        ExpectedLeak("meta", "/jobs", field="page_url", contains="/jobs", sensitive=False),
        ExpectedLeak("meta", "/jobs/oncology-nurse", field="page_url", contains="oncology-nurse",
                     sensitive=False, note="hard negative: a vacancy is not the visitor's health"),
    ),
    expected_clean_paths=_paths_outside("/jobs"),
    phone="01632 960 500",
    accent="#8a1538",
    # CookieYes banner; the jobs pixel ignores it. The notice names Facebook (Meta's old name).
    banner="cookieyes",
    privacy_recipients=("Facebook",),
    consent_expected=_consent(frozenset({"meta"})),
)

OAKHOLLOW = Trust(
    slug="oakhollow",
    name="Oakhollow Healthcare NHS Trust",
    domain="oakhollow.nhs.test",
    setup="GA4 through a server-side proxy on the trust's own subdomain (first-party host, recipient Google)",
    trackers=(Tracker("ga4", "G-DEMOOAKH01", options=(("transport_url", "https://metrics.oakhollow.nhs.test"),)),),
    proxy_host="metrics.oakhollow.nhs.test",
    expected=(
        ExpectedLeak("google", _CRISIS, field="page_url", contains="mental-health-crisis",
                     category="mental_health", host="metrics.oakhollow.nhs.test"),
        ExpectedLeak("google", _HIV, field="page_title", contains="hiv and prep", category="sexual_health",
                     host="metrics.oakhollow.nhs.test"),
        ExpectedLeak("google", "/search", _SEARCH, field="search_term", equals=SEARCH_PROBE,
                     category="sexual_health", host="metrics.oakhollow.nhs.test"),
    ),
    phone="01632 960 600",
    accent="#ed8b00",
    # A generic banner whose "Reject all" only hides it (records nothing): tracking goes on after
    # the rejection. A generic banner has no known record, so closing it is all the proof there is
    # and the rejection counts as confirmed. The notice names Google.
    banner="generic",
    banner_reject_works=False,
    privacy_recipients=("Google",),
    consent_expected=_consent(frozenset({"google"})),
    # Once accepted, the banner is gone and nothing on the page reopens it: no way to withdraw.
    withdraw_expected=WithdrawExpectation("no-control"),
)

SALTMERE = Trust(
    slug="saltmere",
    name="Saltmere Community NHS Trust",
    domain="saltmere.nhs.test",
    setup="Clean: no third parties at all",
    expected_clean_paths=tuple(page_paths()),
    phone="01632 960 700",
    accent="#425563",
    # A banner inside an iframe although there is nothing to consent to: every choice is verified
    # and nothing is sent either way.
    banner="iframe-generic",
    consent_expected=_consent(frozenset()),
)

BRACKENFIELD = Trust(
    slug="brackenfield",
    name="Brackenfield and District NHS Foundation Trust",
    domain="brackenfield.nhs.test",
    setup="Compliant: Civic Cookie Control banner; the Meta Pixel loads only after the visitor accepts",
    trackers=(Tracker("meta_pixel", "3030303030303030"),),
    # Nothing reaches Meta before a choice or after a rejection: see consent_expected. (Not
    # expected_clean_paths: those mean "no tracker on the page", and here the pixel is on every page.)
    phone="01632 960 800",
    accent="#006747",
    banner="civic",
    trackers_need_consent=True,
    privacy_recipients=("Meta (Facebook), for advertising, only if you accept marketing cookies",),
    consent_expected=_consent(frozenset({"meta"}), gated=True),
    # Withdrawing through Cookie Control's icon stops the pixel and deletes its _fbp/_fbc cookies.
    withdraw_expected=WithdrawExpectation("confirmed"),
)

_HOME_TESTING = HOME_TESTING.path

WRENFORD = Trust(
    slug="wrenford",
    name="Wrenford Sexual Health and Community NHS Trust",
    domain="wrenford.nhs.test",
    setup="GA4 sending as the genuine gtag.js does: scroll, engagement and form events held until pagehide; "
          "outbound-click and file-download events",
    trackers=(Tracker("ga4", "G-DEMOWREN01", options=(("flush_on", "pagehide"),)),),
    extra_services=(HOME_TESTING,),
    expected=(
        ExpectedLeak("google", _HOME_TESTING, field="page_url", contains="hiv-home-testing", category="sexual_health"),
        ExpectedLeak("google", _HOME_TESTING, "click:Order a free HIV self-test kit", field="link_url",
                     contains="freetesting.test/hiv/order-kit", note="outbound click, sent because the click was not cancelled"),
        ExpectedLeak("google", _HOME_TESTING, "click:Download the PrEP leaflet (PDF)", field="event",
                     equals="file_download"),
        ExpectedLeak("google", "/", "leave", field="event", equals="scroll",
                     note="held until pagehide (on a page with clicks it rides in the click's batch instead)"),
        ExpectedLeak("google", _HOME_TESTING, "leave", field="event", equals="user_engagement",
                     note="sent on pagehide"),
        ExpectedLeak("google", "/referral", "form:referral-form", field="event", equals="form_start",
                     note="held until the intercepted submission navigates away"),
        ExpectedLeak("google", "/referral", "form:referral-form", field="event", equals="form_submit"),
    ),
    phone="01632 960 900",
    accent="#7c2855",
    # No banner: everything is before any choice and the choice scenarios cannot be verified.
    banner=None,
    privacy_recipients=("Google Analytics",),
    consent_expected=_consent(frozenset({"google"}), verified=False),
)

WILLOWMEAD = Trust(
    slug="willowmead",
    name="Willowmead Sexual Health and HIV Clinic",
    domain="willowmead.nhs.test",
    setup="A specialist sexual-health and HIV clinic with a Meta Pixel on its home and about-us pages: "
          "the page views name no condition, but a visit to this site is itself sexual-health data; "
          "on phones only, a TikTok pixel too (a mobile campaign)",
    trackers=(Tracker("meta_pixel", "4040404040404040", paths=("/", "/about-us")),
              Tracker("tiktok", "CDEMOWILLOWMEAD00001", device=DEVICE_MOBILE)),
    small_site=(("/", "Home"), ("/about-us", "About us"), ("/privacy-notice", "Privacy notice")),
    description="Confidential sexual health and HIV clinic: testing, treatment, PrEP and contraception.",
    about=(
        "We are a small team of nurses and doctors in the centre of Willowmead.",
        "Walk in on weekdays, or call us to arrange a time.",
    ),
    expected=(
        ExpectedLeak("meta", "/", field="page_url", category="sexual_health", strength="site",
                     note="the home page view: the site is a sexual health clinic"),
        ExpectedLeak("meta", "/about-us", field="page_url", contains="about-us", category="sexual_health",
                     strength="site", note="a page naming no condition, on a specialist site"),
    ),
    # A TikTok pixel for a mobile campaign, loaded only on phones: only `scan --device mobile` finds it.
    expected_mobile=(
        ExpectedLeak("tiktok", "/", field="page_url", category="sexual_health", strength="site",
                     note="mobile only: the page loads it when the pointer is coarse and the user agent mobile"),
    ),
    phone="01632 961 000",
    accent="#a00054",
    # No banner: the pixel sends before any choice, and the choice scenarios cannot be verified.
    # The notice names Facebook (Meta's old name).
    banner=None,
    privacy_recipients=("Facebook",),
    consent_expected=_consent(frozenset({"meta"}), verified=False),
)

TRUSTS: tuple[Trust, ...] = (
    FERNMOOR, ASHCOMBE, LINDENBROOK, KESTREL_BAY, HARROWMERE, OAKHOLLOW, SALTMERE, BRACKENFIELD, WRENFORD,
    WILLOWMEAD,
)

HOSTILE_HOST = "www.hostile.test"


def trust_for_host(host: str, trusts: tuple[Trust, ...] = TRUSTS) -> Trust | None:
    """The trust that serves `host` (its site, bare domain or proxy)."""
    return next((t for t in trusts if host in t.first_party_hosts), None)

