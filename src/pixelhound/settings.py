"""Every default in one place, so that a reader can see at a glance what the tool assumes.

The rule, kept since the start (Scrapy's default_settings.py is the model): any value a user, an
operator or a future engineer might want to change (a limit, a budget, a threshold, a time-out, a
name the environment supplies, a default the command line offers) is defined here, once, and read
from here; the CLI's option defaults come from here. Facts of a format or protocol (SARIF's version,
a parameter name, the report's Content-Security-Policy) stay with the code that speaks them.
Sections follow the pipeline; settings added for new work go in their own section at the end.
"""

from __future__ import annotations

import os
from typing import Final

# Exit codes, documented in the README and `pixelhound --help`.
EXIT_OK: Final = 0
EXIT_FINDINGS: Final = 1  # --fail-on threshold met
EXIT_USAGE: Final = 2  # bad command line (Typer's own code)
EXIT_BAD_INPUT: Final = 3  # an input could not be read or is not what it claims to be
EXIT_OUTPUT: Final = 4  # the output could not be written
EXIT_INTERNAL: Final = 70  # a bug: reported in one line (PIXELHOUND_DEBUG=1 shows the traceback)

# HAR import.
HAR_MAX_BODY_BYTES: Final = 4 * 1024 * 1024  # a request body larger than this is cut for decoding
HAR_GZIP_MAGIC: Final = b"\x1f\x8b"

# Decoding.
MAX_JSON_DEPTH: Final = 12  # nested payload JSON is flattened no deeper than this
MAX_FIELD_CHARS: Final = 4000  # a decoded value longer than this is cut in the output
URL_SEARCH_PARAMETERS: Final = (
    "q",
    "query",
    "search",
    "searchterm",
    "search_term",
    "search_query",
    "keys",
    "keyword",
    "keywords",
    "term",
    "s",
    "k",
    "text",
    "find",
)

# Classification.
CLASSIFY_CACHE_SIZE: Final = 65536
# The folder (under $XDG_CACHE_HOME, else ~/.cache) where the medicine names read once from the
# drug-named-entity-recognition package are cached: reading its dictionary costs seconds.
CLASSIFY_CACHE_FOLDER: Final = "pixelhound"
# A word this long ending in a condition suffix ("-itis", "-ectomy") is a medical term; shorter
# ones are too often ordinary words.
CLASSIFY_MEDICAL_WORD_LETTERS: Final = 7
# Misspelt health words in short plain texts (classify/spelling.py): a word of this many letters
# or more that English does not know (wordfreq Zipf frequency below CLASSIFY_SPELLING_KNOWN_ZIPF)
# and is one edit from a lexicon word, or two edits from CLASSIFY_SPELLING_LONG_LETTERS letters on.
CLASSIFY_SPELLING_MIN_LETTERS: Final = 7
CLASSIFY_SPELLING_LONG_LETTERS: Final = 9
CLASSIFY_SPELLING_KNOWN_ZIPF: Final = 1.0

# Classification: static assets (issue 16, fourth pass). A URL path ending in one of these file
# types names a stylesheet, script or font, not a page a visitor read ("theme-oncology.css"): its
# path is no evidence, only what its query string carries is.
CLASSIFY_ASSET_EXTENSIONS: Final = ("css", "js", "mjs", "map", "woff", "woff2", "ttf", "otf", "eot")

# Classification: common misspellings (issue 16, fifth pass). People misspell health words so often
# that English frequency lists know the misspelling ("referal", "replacment", "perscription"): a
# word English knows is still read as a misspelling of a lexicon word one slip away (a letter added,
# dropped, changed, or two swapped) when it is at least CLASSIFY_SPELLING_RARER_BY Zipf points rarer
# than that word (about a hundred times), unless it is itself a word English uses (Zipf
# CLASSIFY_SPELLING_COMMON_ZIPF or more: "ontology", "digression" stay).
CLASSIFY_SPELLING_RARER_BY: Final = 2.0
CLASSIFY_SPELLING_COMMON_ZIPF: Final = 2.0

# The canary: a fictional person typed into forms. Fictional by construction: example.com is
# reserved (RFC 2606), 07700 900000-900999 is Ofcom's drama range, "ZZ" is no UK postcode area. The
# names are invented words: a common name ("Alex") or a real word ("Canary", as in Canary Wharf, or
# Meta's `r=canary` release channel) would be found in page URLs and titles that never came from a form.
CANARY_EMAIL: Final = "pixela.canaryhound@example.com"
CANARY_FIRST_NAME: Final = "Pixela"
CANARY_LAST_NAME: Final = "Canaryhound"
CANARY_PHONE: Final = "07700 900461"
CANARY_POSTCODE: Final = "ZZ9 9ZZ"
CANARY_COUNTRY_CODE: Final = "44"  # dialling code, for the E.164 forms of a national number
CANARY_MIN_NEEDLE_CHARS: Final = 6  # shorter texts turn up by chance in ids and payloads
CANARY_MIN_EMBEDDED_BASE64_CHARS: Final = 10  # a base64 fragment looks random, so it must be longer to be proof

# Privacy notices.
NOTICE_MAX_LINKS: Final = 4  # notice pages read per site, best-ranked first
NOTICE_MAX_SENTENCE: Final = 300  # characters of a notice sentence quoted in a report

# Rules, in the order reports list them (assess/registry.py builds and runs them; a rule is one
# class, see docs/architecture.md). Findings are sorted by severity whatever this order.
RULES: Final = (
    "pixelhound.assess.rules.HealthDataDisclosed",
    "pixelhound.assess.rules.IdentifierDisclosed",
    "pixelhound.assess.rules.SessionRecorderOnHealthPage",
    "pixelhound.assess.rules.SessionRecorder",
    "pixelhound.assess.canary.CanaryDisclosed",
    "pixelhound.assess.consent.TrackingBeforeConsent",
    "pixelhound.assess.consent.TrackingAfterRejection",
    "pixelhound.assess.consent.CookieBeforeConsent",
    "pixelhound.assess.consent.CookieAfterRejection",
    "pixelhound.assess.consent.ConsentUnverified",
    "pixelhound.assess.withdrawal.TrackingAfterWithdrawal",
    "pixelhound.assess.withdrawal.CookiesKeptAfterWithdrawal",
    "pixelhound.assess.withdrawal.NoWayToWithdraw",
    "pixelhound.assess.gpc.TrackingDespiteGpc",
    "pixelhound.assess.ease.RejectHarderThanAccept",
    "pixelhound.assess.notice.findings.UndisclosedRecipient",
    "pixelhound.assess.notice.findings.NoticeContradicted",
)

# Reports.
TERMINAL_TOP_ITEMS: Final = 5  # sensitive items listed per recipient in the terminal summary
TERMINAL_MAX_FINDINGS: Final = 20  # findings listed in the terminal; the reports hold them all
MARKDOWN_EVIDENCE_DISCLOSURES: Final = 5  # disclosures shown under each finding; the JSON report has them all
MARKDOWN_VALUE_CHARS: Final = 300  # a value longer than this is cut in a ticket
MARKDOWN_QUIET_NAMES: Final = 40  # recipients without findings named in the one closing line
JUNIT_EVIDENCE_DISCLOSURES: Final = 10  # disclosures listed in a failure's text; the JSON report has them all
SARIF_MAX_PAGE_LOCATIONS: Final = 25  # pages listed per result; `properties.pages_total` counts them all
# Excel refuses cells over 32,767 characters and then misreads the rows after; a page of payload is
# no use in a spreadsheet anyway (the JSON report keeps it whole).
CSV_MAX_CELL_CHARS: Final = 32_000
HTML_MAX_DISCLOSURES_PER_FINDING: Final = 10
HTML_MAX_SCREENSHOTS: Final = 12  # embedded screenshots, so that a report stays small enough to e-mail
HTML_MAX_SCREENSHOT_BYTES: Final = 3 * 1024 * 1024  # a viewport PNG is far smaller; a bigger file is not embedded
HTML_MAX_CHART_ROWS: Final = 15
HTML_MAX_VALUE_CHARS: Final = 360  # a longer value shows an excerpt around the first sensitive word
HTML_MAX_RAW_URL_CHARS: Final = 2000
HTML_MAX_THIRD_PARTIES_SHOWN: Final = 25
HTML_MAX_COOKIE_ROWS: Final = 400

# Browser.
BROWSER_ENV: Final = "PIXELHOUND_CHROMIUM"
SYSTEM_CHROMIUM_NAMES: Final = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_VIEWPORT: Final = (1366, 768)  # the commonest desktop size
BROWSER_LOCALE: Final = "en-GB"
BROWSER_TIMEZONE: Final = "Europe/London"
# Which Chromium build drives the pages (issue 14). "full": the browser people use, headless; the
# default, because a site and its trackers see the same browser a visitor has (bar
# navigator.webdriver). "shell": Chromium's headless shell, the same engine without the browser's
# own layer, about half the CPU a page visit (docs/capture.md, "Browser mode"), but a site can tell:
# it announces "HeadlessChrome" in its client hints and has no plugins and no window.chrome. For
# sweeps where CPU is what limits; a tracker that hides from headless browsers is missed there.
BROWSER_MODES: Final = ("full", "shell")
BROWSER_MODE: Final = "full"
HEADLESS_SHELL_PATHS: Final = ("/usr/lib/chromium/chromium-headless-shell",)  # Debian's, not its /usr/bin wrapper
HEADLESS_SHELL_NAMES: Final = ("chromium-headless-shell", "chrome-headless-shell")

# Live scans (the `scan` command's defaults).
SCAN_MAX_PAGES_LIMIT: Final = 500  # the most pages per site the command line accepts
SCAN_CONCURRENCY_LIMIT: Final = 16  # the most sites at once the command line accepts
SCAN_MAX_PAGES: Final = 15
SCAN_DELAY_SECONDS: Final = 0.0  # politeness pause between page loads on one site
SCAN_PAGE_TIMEOUT: Final = 20.0  # seconds for a page to load
SCAN_SITE_TIMEOUT: Final = 240.0  # seconds for one site under one scenario
SCAN_RETRIES: Final = 1  # extra attempts for a page that failed to load
SCAN_MAX_CLICKS_PER_PAGE: Final = 3
SCAN_SEARCH_TERM: Final = "hiv test"
SCAN_POPUP_LIMIT: Final = 5
# V8 heap per renderer: ample for any real site, and a page that hoards memory (or crashes itself by
# doing so) takes 1 GiB, not the 4 GiB a default Chromium on a large machine allows, from a fleet scan.
SCAN_RENDERER_HEAP_MB: Final = 1024
CONSENT_CONFIRM_SECONDS: Final = 4.0  # longest wait for a banner to close and its CMP to record the choice
# A page without a cookie banner (most US hospitals' sites): a banner is a CMP script's work, shown
# once its script and its configuration have come over the network, so a page that shows none
# CONSENT_NO_BANNER_AFTER_LOAD_SECONDS after its load, with nothing in flight or starting for
# CONSENT_NO_BANNER_QUIET_SECONDS, has none (a banner on a timer alone is shown by then); a page
# whose network is never quiet is searched for the whole CONSENT_BANNER_SECONDS.
CONSENT_BANNER_SECONDS: Final = 8.0  # the longest search for a banner (and its operation)
CONSENT_NO_BANNER_AFTER_LOAD_SECONDS: Final = 3.0
CONSENT_NO_BANNER_QUIET_SECONDS: Final = 1.0
AUTOCONSENT_ENV: Final = "PIXELHOUND_AUTOCONSENT"  # path of the autoconsent bundle, or 0/off to use only the fallback

# Consent scenarios (issue 15): withdrawal, Global Privacy Control, reject as easy as accept.
CONSENT_WITHDRAW_SECONDS: Final = 8.0  # longest withdrawal: find the revisit control, reject in what it opens
CONSENT_REVISIT_SEARCH_SECONDS: Final = 4.0  # of which, the longest search for the control (a page without one waits this long)
CONSENT_LABEL_CHARS: Final = 80  # of a banner control's text kept as evidence (a hostile page may make it huge)
GPC_HEADER: Final = ("Sec-GPC", "1")  # sent with every request in the gpc scenario (GPC spec, section 3)

# The offline demo (the `demo` command's defaults).
DEMO_OUT_DIR: Final = "out/demo"
DEMO_MAX_PAGES: Final = 10  # pages per trust and scenario
DEMO_MAX_PAGES_LIMIT: Final = 100
DEMO_CONCURRENCY: Final = 6  # trusts scanned at once
# The demo's sites are ours and none looks for a headless browser, so the demo drives the headless
# shell (every finding the same as the full browser's, in about two thirds of the time:
# docs/capture.md, "Browser mode"); `demo --browser-mode full` shows the browser live scans use.
DEMO_BROWSER_MODE: Final = "shell"

# Run folders, interruption and resumption (issue 9: the run folder is never damaged).
RUN_FOLDER_TOOL: Final = "pixelhound"  # run.json's "tool": what marks a folder as a pixelhound run
RUN_FOLDER_DEFAULT_PREFIX: Final = "pixelhound-run-"  # `scan` without --out: a new folder named by the time
SCAN_INTERRUPT_GRACE_SECONDS: Final = 10.0  # after SIGINT/SIGTERM: how long abandoned scans get to close their browsers
PROFILE_PREFIX: Final = "pixelhound-profile-"  # temporary browser profiles; a killed run's are removed by the next
PROFILE_OWNER_FILE: Final = "pixelhound-owner.pid"  # in each profile: the process using it
NETLOG_PREFIX: Final = "pixelhound-netlog-"  # temporary NetLog folders (cookies, bodies): owner-marked like profiles
SCRATCH_PREFIXES: Final = (PROFILE_PREFIX, NETLOG_PREFIX)  # every owner-marked temporary folder
SCRATCH_ORPHAN_STOP_SECONDS: Final = 10.0  # for a killed run's leftover browser to die before its folders go

# The store (issue 11): the database that remembers every run, for history and diff.
STORE_ENV: Final = "PIXELHOUND_DB"  # a database URL (or a file path) used when --db is not given
STORE_FILE_NAME: Final = "pixelhound.db"
# The default store: $XDG_DATA_HOME/pixelhound/pixelhound.db, else ~/.local/share/pixelhound/pixelhound.db.
STORE_DATA_DIR: Final = "pixelhound"
STORE_SQLITE_BUSY_SECONDS: Final = 60.0  # how long a writer waits for another to finish before failing
# The demo scans "a week later" without reject-all, to stay near five minutes on two cores; the diff
# then says not-measured, never fixed, for what only the reject-all scenario showed.
DEMO_LATER_SCENARIOS: Final = ("no-interaction", "accept-all")

# Live capture: collectors and the network record (issue 9).
SCAN_NETWORK_RECORD: Final = True  # keep Chromium's NetLog as the record of every request sent
NETLOG_CAPTURE_MODE: Final = "Everything"  # headers with cookies, and the bytes sent (bodies of HTTP/1.1)
# Chromium's own requests in the NetLog, by traffic annotation (never made by a page): the signed-in
# account list (accounts.google.com/ListAccounts), the component updater, and autofill's crowdsourcing
# query (content-autofill.googleapis.com, sent when a page has a form; also switched off at launch, as
# it made a page with a form look like a Google recipient). Left out of the evidence.
NETLOG_BROWSER_OWN_ANNOTATIONS: Final = frozenset({35565745, 54845618, 88863520})
# After a page is left: this long with nothing starting or in flight. Every request a closing page
# sent was on the wire before its tab's close returned (28 of them, 2-87 ms before, at load 1-22:
# docs/benchmarks.md), so the window is a margin after that, not a wait for late beacons.
SCAN_NETWORK_QUIET_SECONDS: Final = 0.1
SCAN_NETWORK_QUIET_TIMEOUT: Final = 5.0  # the longest wait for that quiet
SCAN_EVIDENCE_TIMEOUT_SECONDS: Final = 5.0  # for a page's screenshot, and for its HTML

# The dashboard (issue 12): `pixelhound serve`, a web view of the store.
DASHBOARD_HOST: Final = "127.0.0.1"  # loopback only; another address needs a token
DASHBOARD_PORT: Final = 8765
DASHBOARD_TOKEN_ENV: Final = "PIXELHOUND_TOKEN"  # the access token, when --token-file is not given
DASHBOARD_COOKIE: Final = "pixelhound_token"  # set by the login form (HttpOnly, SameSite=Strict)
DASHBOARD_MIN_TOKEN_CHARS: Final = 16  # a shorter token is refused: it could be guessed
DASHBOARD_RUNS_CACHED: Final = 8  # run folders' analyses kept in memory for the run and finding pages
DASHBOARD_MAX_RAW_BODY_CHARS: Final = 20_000  # a raw request body longer than this is cut on the finding page

# Continuous monitoring (issue 12: `pixelhound monitor`).
MONITOR_ROUND_PREFIX: Final = "round-"  # each round's run folder under --out: round-YYYYMMDDTHHMMSSZ
MONITOR_LOG_FILE: Final = "monitor.log"  # under --out: one JSON line per round and per undelivered alert
MONITOR_DASHBOARD_URL: Final = f"http://{DASHBOARD_HOST}:{DASHBOARD_PORT}"  # `pixelhound serve`'s default address, for alert links
MONITOR_WEBHOOK_ATTEMPTS: Final = 4  # tries per alert and webhook before it is logged as undelivered
MONITOR_WEBHOOK_BACKOFF_SECONDS: Final = 2.0  # wait before the first retry; doubled before each next one
MONITOR_WEBHOOK_TIMEOUT_SECONDS: Final = 15.0  # for one POST, connection and answer
MONITOR_COMMAND_TIMEOUT_SECONDS: Final = 60.0  # for one run of --alert-command
# The finding rules whose appearance on a site is an alert, by the alert's `change`.
MONITOR_FINDING_CHANGES: Final = {
    "health-data-disclosed": "new-health-finding",
    "session-recorder-on-health-page": "new-health-finding",
    "tracking-before-consent": "tracking-before-consent",
    "tracking-after-rejection": "tracking-after-rejection",
    "tracking-after-withdrawal": "tracking-after-withdrawal",  # issue 15's consent scenarios
    "tracking-despite-gpc": "tracking-despite-gpc",
}

# Scale-out on Celery with a Redis broker (issue 13): one task per site, its scenarios inside it.
SCALE_MAX_ATTEMPTS: Final = 3  # a site whose scan failed (or whose worker died) this often is recorded not measured
SCALE_VISIBILITY_TIMEOUT: Final = 3600  # seconds before a site taken by a worker that vanished is given to another
SCALE_VISIBILITY_ENV: Final = "PIXELHOUND_VISIBILITY_TIMEOUT"  # overrides it (seconds), for every process of a run
SCALE_TASK_GRACE_SECONDS: Final = 120.0  # a task's soft time limit: its scenarios' site time limits plus this
SCALE_HARD_LIMIT_EXTRA_SECONDS: Final = 60.0  # the hard limit (the worker's child is killed) comes this much later
SCALE_RETRY_DELAY_SECONDS: Final = 5.0  # before a failed site is tried again
SCALE_POLL_SECONDS: Final = 1.0  # how often the coordinator looks at the run folder for finished sites
SCALE_STALE_CHECK_SECONDS: Final = 60.0  # how often it looks for sites whose attempt outlived its hard limit
SCALE_MAX_TASKS_PER_CHILD: Final = 50  # a worker's child process is replaced after this many sites (leaks stay bounded)
SCALE_BROKER_RETRIES: Final = 2  # connection attempts to the broker before the command gives up with one line
SCALE_QUEUE_NAME: Final = "pixelhound-sites"
SCALE_WORKER_CONCURRENCY: Final = 1  # sites a worker scans at once (each its own Chromium): about one per two cores
SCALE_BROKER_PASSWORD_ENV: Final = "PIXELHOUND_QUEUE_PASSWORD"  # the broker's password when --queue has none (kept out of `ps`)
SCALE_BROKER_TLS_VERIFY: Final = "required"  # a rediss:// broker's certificate is checked unless its URL says ssl_cert_reqs=...

# Scan targets (issue 17): the private-target guard (targets.py) and credentials in URLs (credentials.py).
# Names that are this machine whatever DNS says (Chromium answers *.localhost itself).
TARGETS_LOOPBACK_NAMES: Final = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
# Seconds to wait for DNS when deciding whether a target's name is private (unanswered: the name is
# kept unresolved for the browser too, and the scan says "not measured").
TARGETS_RESOLVE_TIMEOUT_SECONDS: Final = 10.0
TARGETS_RESOLVE_WORKERS: Final = 32  # names of a fleet looked up at once before a scan starts
# The operator's switch for the monitor and the queue's workers (they take fleets from others):
# set to 1 to let them scan private addresses, like `--allow-private` on the command line.
TARGETS_ALLOW_PRIVATE_ENV: Final = "PIXELHOUND_ALLOW_PRIVATE"
# Where the browser of a scan without --allow-private may never connect (a redirect or a page's request
# to one of these addresses fails as unresolvable): IANA's IPv4 special-purpose blocks that are not
# global, and IPv6 patterns in Chromium's resolver-rule syntax (`:` in a pattern keeps it off names).
TARGETS_BLOCKED_IPV4: Final = (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
    "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3",
)
TARGETS_BLOCKED_IPV6_PATTERNS: Final = ("::1", "::", "::ffff:*", "fc*:*", "fd*:*", "fe8*:*", "fe9*:*", "fea*:*", "feb*:*", "ff*:*")
# The guard's resolving proxy (capture/resolving_proxy.py): a guarded scan that leaves names to DNS
# sends its requests through it, so that a name answered privately is refused, not fetched.
TARGETS_PROXY_HOST: Final = "pixelhound-guard-proxy.invalid"  # the browser's name for it (mapped to loopback)
TARGETS_PROXY_HEAD_BYTES: Final = 256 * 1024  # a request or response head longer than this is dropped
TARGETS_PROXY_CONNECT_TIMEOUT_SECONDS: Final = 30.0  # a server that does not accept by then: failed
TARGETS_PROXY_PIPE_CHUNK_BYTES: Final = 64 * 1024
# What stands in the evidence where a URL's credentials (or the Authorization they became) were.
CREDENTIALS_REDACTED: Final = "[credentials-redacted]"
# Sealed and shareable evidence (issue 15): signing, RFC 3161 timestamps, redacted copies (seal/, redact.py).
SEAL_PUBLIC_KEY_SUFFIX: Final = ".pub"  # keygen KEYFILE writes the public half to KEYFILE.pub
SEAL_TSA_TIMEOUT_SECONDS: Final = 30.0  # for the time-stamping authority's reply
SEAL_TSA_MAX_REPLY_BYTES: Final = 1024 * 1024  # a reply larger than this is refused (a real one is a few KB)
SEAL_TSA_HASH: Final = "sha256"  # the hash of the manifest sent to the TSA
SEAL_TSA_NONCE_BITS: Final = 64  # the request's random nonce (the reply must echo it)
SEAL_OPENSSL: Final = "openssl"  # checks a TSA's signature and certificate chain (`openssl ts -verify`)
SEAL_OPENSSL_TIMEOUT_SECONDS: Final = 60.0
REDACT_MASK: Final = "REDACTED"  # what every masked value becomes (letters only: valid in JSON, URLs, base64, HTML)
# A cookie value shorter than this is masked where it stands (Cookie and Set-Cookie headers, a HAR's
# cookie lists) but not searched for everywhere else: "1" or "true" would erase every digit and word.
REDACT_MIN_SEARCHED_CHARS: Final = 6
REDACT_MIN_LISTED_CHARS: Final = 3  # a shorter --mask value ("a") would erase the copy, not a secret
# Input bounds (issue 17): what a hostile input may cost before it is refused. An input past a bound
# is refused with one line and counted as not measured (an entry: unread, so its source is partly
# measured); the other inputs of the same command go on. Compressed data is expanded in steps and
# refused at the bound, never expanded whole. JSON nesting is bounded by the parsers themselves
# (msgspec stops at Python's recursion limit, about 1,000 levels; orjson at 1,024): deeper input is
# refused the same way, never a RecursionError.
INPUT_MAX_HAR_BYTES: Final = 200 * 1024 * 1024  # a HAR file, after gunzip
INPUT_MAX_REPORT_BYTES: Final = 200 * 1024 * 1024  # a report.json given to `pixelhound report`
INPUT_MAX_STRING_CHARS: Final = 1024 * 1024  # one URL, header value or page title; an entry holding a longer one is unread
INPUT_READ_CHUNK_BYTES: Final = 1024 * 1024  # the step in which files are read and compressed data expanded
# Context (issue 18): which fields are text, and what a specialist site's own words say about it.
# Words in a parameter's name that mark it as a setting: with a bare-word value (`optin=disabled`,
# `exp=pregnant_v2`, `features=blind,deaf`) it is never classified as health (decode/fields.py).
FIELD_FLAG_WORDS: Final = frozenset({
    "opt", "optin", "optout", "opted", "flag", "flags", "ff", "feature", "features", "toggle", "toggles",
    "exp", "experiment", "experiments", "variant", "variants", "variation", "ab", "abtest", "split",
    "bucket", "cohort", "mode", "enabled", "disabled", "enable", "disable",
    "consent", "gdpr", "ccpa", "gpc", "dnt", "npa", "class", "classes", "classname", "classlist",
    "css", "style", "theme", "setting", "settings", "config", "option", "options", "version",
    "component", "template", "widget", "layout", "banner", "popup", "modal", "show", "hide", "nav", "menu",
    "accessibility",
})
# Not "status" or "state": `patient_status`, `hiv_status` hold the visitor's own status. A value that
# is one of these words is a switch's position in any parameter: never read itself, only the
# parameter's name is (`account_status=disabled` says nothing, `is_pregnant=true` says pregnancy).
FIELD_SETTING_VALUES: Final = frozenset({
    "enabled", "disabled", "on", "off", "true", "false", "yes", "no", "granted", "denied", "allowed",
    "blocked", "active", "inactive", "none", "null", "undefined", "default",
})
# A site that names itself one of these is general (many departments): its pages are judged one by one.
SITE_GENERAL_WORDS: Final = (
    "hospital", "hospitals", "nhs trust", "foundation trust", "health board", "health system",
    "integrated care", "infirmary", "university hospitals", "medical center", "medical centre",
    "gp surgery", "gp practice", "health and care", "healthcare trust", "health authority",
    "general hospital", "district hospital", "community hospital", "children's hospital", "teaching hospital",
    "medical practice", "family practice", "family medicine", "group practice",
    "urgent care", "urgent treatment centre", "urgent treatment center", "walk-in centre", "walk-in center",
    "nhs 111",
)
# Of those, the ones a specialist trust may also carry ("The Royal Marsden NHS Foundation Trust - the
# UK's leading cancer centre"): beside them a part naming a kind of service speaks for the site.
# Beside any other ("Kingsmere General Hospital - home of the Kingsmere Cancer Centre") none does.
SITE_TRUST_WORDS: Final = ("nhs trust", "foundation trust", "healthcare trust")
# A site calling itself only a "hospital" may be a specialist one ("Elmhurst Hospital": private
# treatment for depression and addiction): its description decides, unless it names general care.
SITE_BARE_HOSPITAL_WORDS: Final = ("hospital",)
SITE_GENERAL_CARE_WORDS: Final = (
    "emergency", "a&e", "accident and emergency", "urgent care", "surgical", "surgery", "acute",
    "specialty care", "community health", "general medicine", "community services",
)
# Words a specialist site calls itself by, for the report's sentence ("a sexual health clinic"), and
# which make its description speak for it ("BetFree Support": "help for anyone affected by problem
# gambling"). A plural counts ("at health centers across Kansas").
SITE_SERVICE_WORDS: Final = (
    "clinic", "crisis line", "helpline", "lifeline", "charity", "centre", "center", "service", "hospice", "support",
)
# Words naming what kind of organisation a site is that the classifier reads, on a page, as a
# fundraising context ("Donate to our charity"); in a site's own name or strapline ("the charity for
# people living with type 1 diabetes") they say what it is, so they are set aside before its words
# are classified.
SITE_ORGANISATION_WORDS: Final = ("charity", "charities", "foundation")
# A site that names itself one of these is another kind of organisation than a health service the
# visitor uses: a law firm, a school, a supplier to clinicians, a retailer of goods that treat no
# condition, a newspaper, an awareness campaign (and "<name> Day 2027", matched in site_context.py).
SITE_NOT_SERVICE_WORDS: Final = (
    "solicitors", "lawyers", "attorneys", "law firm", "university", "faculty", "medical school",
    "school of medicine", "college", "skincare", "cosmetics", "makeup", "e-liquids", "e-liquid",
    "newspaper", "magazine", "courier", "gazette", "herald", "chronicle", "tribune", "awareness", "campaign",
    "spa", "day spa",
)
# A site that says it sells to these ("implants and instruments for surgeons", "test strips for
# pharmacies and clinicians") is a supplier to care, not a service its visitors use; one naming a
# kind of service ("mental health support for doctors") is a service whose patients are clinicians.
SITE_CLINICIAN_WORDS: Final = (
    "surgeons", "clinicians", "doctors", "nurses", "pharmacists", "pharmacies", "practitioners", "professionals",
)
# Categories that say nothing about the visitor when a site names them ("contact with care" is any
# health website's business).
SITE_NOT_SPECIALIST_CATEGORIES: Final = frozenset({"care_interaction"})
SITE_CATEGORY_NONE: Final = "none"  # --site-category none: not a specialist site, whatever it says
SITE_CONTEXT_HTML_CHARS: Final = 400_000  # of a home page's HTML read for its title, meta tags and headings
SITE_CONTEXT_HEADINGS: Final = 2  # the first <h1> headings of the home page read as backing
SITE_CONTEXT_TEXT_CHARS: Final = 300  # of each text a site says about itself, kept as evidence
# Role pages (issues 16 and 18, sixth pass): a specialist site's page whose own text names another
# role than a client's (jobs, fundraising, press: classify/roles.py) carries no site-strength category.
ROLE_TEXT_CHARS: Final = 2_000  # of each page text read for the words naming a role
# Field context (same pass): a parameter naming a CSS class list is a stylesheet hook whatever its
# value ("icon icon-heart stroke-2"); one naming a page element's id holds an id when its value is one
# bare word ("button_id=btn-book-appointment"), not a product's or a condition's id ("content_ids").
FIELD_CLASS_LIST_WORDS: Final = frozenset({"class", "classes", "classname", "classlist"})
FIELD_ELEMENT_WORDS: Final = frozenset({"button", "btn", "element", "elem", "cta", "dom", "div", "link", "icon",
                                        "click", "tile", "card", "tab"})  # tenth pass: `click_id`, `tile_id`
# The scanner's actions (capture/actions.py). A click or a field that runs out of time while the
# page offers it (a loaded machine) is tried once more with the longer limit; failing again, it is a
# shortfall: the scan is partly measured, never clean. (A hidden or covered element is the page's own.)
SCAN_CLICK_TIMEOUT_SECONDS: Final = 2.0  # a call to action or a form's submit control
SCAN_TYPE_TIMEOUT_SECONDS: Final = 1.0  # typing into a field or choosing in a list
SCAN_ACTION_RETRY_TIMEOUT_SECONDS: Final = 10.0
# The sitemap, read once per site to plan its pages: a read that fails twice (each bounded by this)
# is a shortfall, since the pages only it lists are then missing from the plan.
SCAN_SITEMAP_TIMEOUT_SECONDS: Final = 15.0
SHORTFALLS_NAMED: Final = 3  # of a partly measured scan's shortfalls, named in its reason (the rest counted)
# Scan speed (issue 14): wait for what the page does, not the clock; use the machine's cores.
SCAN_QUIET_SECONDS: Final = 0.15  # after a load or an action: nothing in flight and nothing starting for this long
SCAN_SETTLE_MAX_SECONDS: Final = 3.0  # the longest wait for that quiet (a page that never goes quiet)
SCAN_QUIET_POLL_SECONDS: Final = 0.05  # how often a source that is read, not told (the NetLog file), is looked at
# CDP request types whose end is never waited for (their start still counts as activity): nothing
# on the page can read a beacon's or a CSP report's answer, and Chromium often never reports their
# end to the page session, so a settle after one waited the whole SCAN_SETTLE_MAX_SECONDS.
SCAN_UNANSWERED_REQUEST_TYPES: Final = frozenset({"Ping", "CSPViolationReport"})
# The least time a page stays open after its load: trackers fire automatic events on timers no
# request announces (Meta's Microdata event 500 ms after load), so a page is never left sooner.
SCAN_PAGE_DWELL_SECONDS: Final = 0.6
# Site x scenario scans at once, each its own Chromium (its own profile and NetLog): the rule is
# SCAN_SCANS_PER_CORE per usable core, no more than the physical memory holds at
# SCAN_BROWSER_MEMORY_MIB each (a scan's browser peaks near 450 MiB PSS: docs/benchmarks.md), at
# least 1 and at most SCAN_CONCURRENCY_LIMIT. `--concurrency` overrides it.
SCAN_SCANS_PER_CORE: Final = 1
SCAN_BROWSER_MEMORY_MIB: Final = 600


def machine_concurrency(cores: int | None = None, memory_mib: int | None = None) -> int:
    """The rule above, for this machine (or for the cores and memory given)."""
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if memory_mib is None:
        try:
            memory_mib = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)
        except (OSError, ValueError, AttributeError):
            memory_mib = SCAN_BROWSER_MEMORY_MIB * cores
    by_memory = max(1, memory_mib // SCAN_BROWSER_MEMORY_MIB)
    return max(1, min(cores * SCAN_SCANS_PER_CORE, by_memory, SCAN_CONCURRENCY_LIMIT))


SCAN_CONCURRENCY: Final = machine_concurrency()  # the default of `scan --concurrency`


# Scan CPU per page visit (issue 14, third pass; docs/benchmarks.md has each change's measurement).
# The screenshot's PNG compressed for speed (Page.captureScreenshot optimizeForSpeed): the same
# pixels, a larger file, less than half the CPU of Playwright's page.screenshot() (capture/screenshot.py).
SCAN_SCREENSHOT_FAST_PNG: Final = True


# Repeats and devices (issue 15, items 4 and 7): `scan --repeat N` and `scan --device mobile`.
# Third parties change on about half of repeat visits (measurement research): N fresh-profile visits
# of each site x scenario say which recipients are seen every time and which only sometimes.
SCAN_REPEAT: Final = 1  # visits of each site x scenario; 1 = one visit, laid out as always
SCAN_REPEAT_LIMIT: Final = 10  # the most the command line accepts (each repeat is a full scan)
REPEAT_FOLDER_PREFIX: Final = "repeat-"  # sites/SITE/SCENARIO/repeat-K/ when N > 1
# The devices a scan can be: desktop (a default desktop Chrome, as ever) or mobile (a current Android
# Chrome, from Playwright's device descriptor named here; the user agent keeps the browser's own
# version, reduced as Chrome's is, and client hints say Android and mobile).
DEVICE_DESKTOP: Final = "desktop"
DEVICE_MOBILE: Final = "mobile"
DEVICES: Final = (DEVICE_DESKTOP, DEVICE_MOBILE)
SCAN_DEVICE: Final = DEVICE_DESKTOP
MOBILE_DESCRIPTOR: Final = "Pixel 7"  # its screen, scale factor, touch and is_mobile; not its user agent
# The user agent an Android Chrome sends today (reduced: "Android 10; K" whatever the phone), with the
# browser's own major version. Playwright derives the client hints from it (platform Android, mobile ?1).
MOBILE_USER_AGENT: Final = ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
                            "Chrome/{major}.0.0.0 Mobile Safari/537.36")

# Classifier and site context, seventh pass (issues 16 and 18, sets I and J).
# A hospital or trust of one area of care (a mental health trust, an eye hospital) is a specialist
# service of it (docs/classifier-labels.md), unless what it says of itself adds these services.
SITE_MANY_SERVICES_WORDS: Final = (
    "community services", "community health services", "community health", "acute services",
    "acute hospital", "acute and community", "physical health services", "emergency department",
    "a&e", "accident and emergency", "general medicine", "community nhs trust", "community healthcare",
)
# A description naming at most this many health areas centres on them ("Supporting people living
# with HIV"; "birth control and pregnancy care"); a general provider's lists many.
SITE_DESCRIPTION_MAX_AREAS: Final = 2
# Sellers to the same people, who name a condition or a life stage but provide no care: maternity
# wear, prams, surgical instruments, insurance cover.
SITE_SELLER_WORDS: Final = (
    "maternity wear", "nursing wear", "maternity clothes", "maternity clothing", "maternity fashion",
    "prams", "pushchairs", "strollers", "car seats", "nursery furniture", "instruments", "equipment supplier",
    "manufacturer", "manufacturers", "insurance", "insurer", "mutual", "maternity cover", "inc.",
    # issue 16, ninth pass: charity shops, health plans (an insurer's benefits), mobility-aid sellers
    "charity shops", "shops", "preloved", "health plan", "health plans", "stairlifts", "stairlift",
    "riser recliners", "riser recliner", "mobility aids", "mobility shop", "mobility products",
)
# A description selling things ("intimate products, shipped in plain packaging", "a biopharmaceutical
# company with medicines in oncology") names a market, not a service, however few areas it names.
SITE_PRODUCT_WORDS: Final = ("products", "shop", "store", "shipped", "company", "companies", "devices", "device")
# A visitor's service action without a health word ("Book a consultation") is care on a site that
# provides care (classify/provider_care.py): in a text of at most this many words (a button, a label).
PROVIDER_ACTION_MAX_WORDS: Final = 8
# Words by which a site that is neither a specialist service nor a hospital, trust or practice says
# it provides care itself (its name or strapline: "RxHaven Pharmacy", "See a Doctor Online 24/7").
SITE_PROVIDER_WORDS: Final = (
    "pharmacy", "pharmacies", "chemist", "chemists", "dentist", "dentists", "dental", "dental care",
    "opticians", "optician", "optometrist", "optometry", "eye care", "eye tests", "online doctor",
    "see a doctor", "doctor online", "doctors online", "telehealth", "telemedicine", "primary care",
    "clinic", "clinics", "physiotherapy", "physio", "walk-in", "care home", "home care", "adult social care",
    # issue 16, nineteenth pass: a place of care by its kind ("Family Choice Health Centers", "Lakeside Medical
    # Center", "Clearwater Recovery Centers": a visitor's acts there are contact with care)
    "health center", "health centers", "health centre", "health centres", "medical center", "medical centers",
    "medical centre", "medical centres", "medical practice", "medical group", "family medicine", "urgent care",
    "recovery center", "recovery centers", "recovery centre", "treatment center", "treatment centers", "rehab",
)
# A misspelt medicine name is among the most telling things a search holds ("viagara", "adderal"):
# a medicine word is a correction target from this many letters (the typed word still needs
# CLASSIFY_SPELLING_MIN_LETTERS), and a known variant one slip from it counts when this many Zipf
# points rarer (ten times) rather than CLASSIFY_SPELLING_RARER_BY.
CLASSIFY_SPELLING_MEDICINE_MIN_LETTERS: Final = 6
CLASSIFY_SPELLING_MEDICINE_RARER_BY: Final = 1.0
# A section of a site that provides no care as a whole which does (a council's adult social care
# pages), named by a page's own URL path.
SITE_CARE_SECTION_WORDS: Final = ("adult social care", "adult care", "social care", "care and support for adults")
# Classifier, eighth pass (issues 16 and 18): a marketing campaign's name is the site's message to
# everyone it targets (`utm_campaign=menopause_awareness_oct`), not something about the visitor; a
# parameter whose name holds one of these words with a bare-word value is not classified.
FIELD_CAMPAIGN_WORDS: Final = frozenset({"campaign", "utmcampaign", "campaignname", "campaignid"})
# A host label of this many letters or more that names no service by the lexicon's `[site_names]`
# is split into words by English word frequency ("gicwaitinglist" -> gic waiting list); a piece
# counts as a word from this Zipf frequency (wordfreq's scale: 3 is about once per million words).
SITE_HOST_SPLIT_MIN_LETTERS: Final = 6
SITE_HOST_WORD_MIN_ZIPF: Final = 3.0
# Words a service's host may add to its area's term and still name only that service ("prepnow").
SITE_HOST_FILLER_WORDS: Final = frozenset({
    "now", "my", "the", "get", "go", "online", "hub", "info", "help", "free", "list", "uk", "direct",
    "today", "here", "for", "you", "your", "and", "our", "we", "us", "together", "network",
})
# Classifier and site context, ninth pass (issues 16 and 18, sets M and N).
# A visitor's form answer on a care provider's site is their own contact with care: a question and
# its answer ("Do you have diabetes? Yes"), or an intake form's label and its value ("Current
# medications: ..."). The labels an intake form asks by; a question begins with one of these words.
FORM_ANSWER_LABELS: Final = (
    "symptoms", "symptom", "main symptom", "current medications", "current medication", "medications",
    "medication", "medication requested", "medicines", "current medicines", "reason for referral",
    "reason for visit", "reason for appointment", "reason for your visit", "reason for contact",
    "diagnosis", "diagnoses", "substances used", "substance used", "substance s used", "drug of choice",
    "pronouns", "first day of your last period", "last menstrual period", "allergies", "medical history",
    "medical conditions", "existing conditions", "conditions", "presenting complaint", "gender identity",
)
FORM_QUESTION_WORDS: Final = (
    "do", "does", "did", "are", "is", "was", "were", "have", "has", "had", "how", "when", "what",
    "which", "can", "could", "will", "would",
)
FORM_ANSWER_MAX_CHARS: Final = 200  # a longer text is a page's copy, not one answer, button or title
# A field read by its parameter's name (ninth pass, decode/enrich.py): a name of at most this many
# characters (a longer one is a blob, not a name); a search box's name (URL_SEARCH_PARAMETERS) of at
# least this many letters is read as typed whichever tracker sends it ("q", "s", "k" may be anything).
FIELD_KEY_MAX_CHARS: Final = 64
FIELD_SEARCH_KEY_MIN_LETTERS: Final = 4
# A host label ending in one of these service abbreviations after a place's or a brand's name
# ("lowfieldgic": a gender identity clinic) names that service, unless its last letters make an
# English word ("magic", "allergic": wordfreq's Zipf scale, SITE_HOST_WORD_MIN_ZIPF).
SITE_HOST_SERVICE_ENDINGS: Final = {"gic": "gender_identity", "sarc": "sexual_health"}
SITE_HOST_ENDING_MIN_PREFIX: Final = 3  # letters of a name before the abbreviation
# A hospital's department that names itself first on its own site ("Early Pregnancy Assessment Unit |
# Greyfield Teaching Hospitals") by one of these words, or a service word (SITE_SERVICE_WORDS).
SITE_UNIT_WORDS: Final = ("unit", "units", "suite")
# A clinic's code in a portal's or booking system's event (`clinic=RHEUM-04`) names its specialty by
# the abbreviation NHS and US systems use: read in a parameter named by one of these words.
FIELD_CLINIC_KEY_WORDS: Final = frozenset({"clinic", "specialty", "speciality", "department", "dept", "clinictype"})
FIELD_SPECIALTY_CODES: Final = {
    "rheum": "rheumatology", "cardio": "cardiology", "cardi": "cardiology", "derm": "dermatology",
    "ortho": "orthopaedic clinic", "neuro": "neurology", "gastro": "gastroenterology", "onc": "oncology",
    "uro": "urology", "urol": "urology", "ent": "ear nose and throat", "gyn": "gynaecology",
    "gynae": "gynaecology", "obs": "obstetrics", "diab": "diabetes", "resp": "respiratory",
    "renal": "renal", "haem": "haematology", "heme": "hematology", "endo": "endocrinology",
    "ophth": "ophthalmology", "audio": "audiology", "psych": "psychiatry", "gum": "genitourinary medicine",
    "hiv": "hiv", "fert": "fertility", "ivf": "ivf", "antenatal": "antenatal",
}

# Classifier, tenth pass (issues 16 and 18, sets O and P): a parameter naming the site's own section
# or content group holds the site's taxonomy; a bare identifier there (`page_section=SERVICES_MENTAL_HEALTH`,
# `content_group=condition-a-z`) is the site's code, not words (decode/fields.py). Human text in it
# ("Cancer services > Breast cancer") and a path ("sexual-health/hiv-testing") are still read.
FIELD_SECTION_KEY_WORDS: Final = frozenset({"section", "group", "contentgroup", "pagesection", "sitesection"})
# A site whose name or title says it is a health reference (an A-Z of conditions) informs everyone,
# and one whose description says its products are sold in shops ("available at supermarkets and
# pharmacies") is a brand, not a service the visitor uses, whatever area they name (classify/site_refusals.py).
SITE_REFERENCE_WORDS: Final = (
    "conditions a-z", "conditions a–z", "health a-z", "health a–z", "a-z of conditions",
    "a–z of conditions", "health encyclopedia", "health encyclopaedia", "medical encyclopedia",
    "medical encyclopaedia",
)
SITE_RETAIL_WORDS: Final = (
    "available at supermarkets", "available in supermarkets", "available from supermarkets", "sold in supermarkets",
    "sold at supermarkets", "in supermarkets and pharmacies", "at supermarkets and pharmacies", "stockists",
    "where to buy",
)
# A seller of period products names no service: a menstrual-cup shop sells goods, it gives no care (docs/context.md).
SITE_PERIOD_PRODUCT_WORDS: Final = (
    "menstrual cups", "menstrual cup", "period pants", "period underwear", "reusable pads", "sanitary pads", "tampons",
)
# A hospital calling itself only that, whose title's strapline names the treatment it gives in one or
# two areas ("private mental health and addiction treatment"), is that area's hospital (classify/specialist.py).
SITE_TREATMENT_WORDS: Final = ("treatment", "treatments", "care", "rehabilitation", "therapy", "therapies")

# Classifier, eleventh pass (issues 16 and 18, sets Q and R).
# Cue contexts (the lexicon's [cues.*]) that cancel only care_interaction near them, never a
# condition: a council's other bills ("Council Tax - pay your bill") are no care, but a council tax
# discount for a severe mental impairment still names one.
CLASSIFY_CARE_ONLY_CUE_CONTEXTS: Final = frozenset({"other_bills"})
# Field context (decode/fields.py): a site's event name is what the visitor did (`en=crisis_chat_started`,
# `ev=ivf_consult_booked`), read as its words, unlike an enum naming a page's type. Parameters named so:
FIELD_EVENT_NAME_KEYS: Final = frozenset({"en", "ev", "event", "eventname", "eventaction"})
# A parameter, or a label inside a value (`feature=symptom_checker_result:possible_uti`), naming the
# visitor's own result is read as words even beside a flag's name: `tags.triage_outcome=urgent_gp_within_24h`.
FIELD_OUTCOME_WORDS: Final = frozenset({"result", "results", "outcome", "outcomes", "triage", "disposition"})
# An identifier that begins or ends with one of these is a page element's id whatever its parameter
# is called (`elid=btn-symptoms-accordion-toggle`): page furniture, not what the visitor read.
FIELD_ELEMENT_VALUE_WORDS: Final = frozenset({
    "btn", "button", "toggle", "accordion", "dropdown", "nav", "menu", "icon", "tab", "tile", "card", "cta",
    "modal", "chevron",
})
# Sites (classify/site_names.py): a host label "<name><area term><one of these>" names that area's
# service ("kentivfclinic", "floridarehabcenters"); a one-word place or brand is all it may add.
SITE_HOST_SERVICE_KIND_WORDS: Final = frozenset({
    "clinic", "clinics", "centre", "centres", "center", "centers", "service", "services",
})
# Sites (classify/site_refusals.py): a research institute, a seller of sex products or of glasses,
# and a general wellbeing service name no service for a condition (docs/classifier-labels.md).
SITE_NOT_SERVICE_WORDS_ELEVENTH: Final = (
    "research institute", "institute for cancer research", "institute of cancer research",
    "lube", "lubricant", "lubricants", "sex toys", "glasses", "spectacles", "eyewear",
    "health and wellbeing service", "wellbeing service", "healthy lifestyle service", "healthy lifestyles service",
)

# Classifier and site context, twelfth pass (issues 16 and 18, sets S and T).
# A page describing how a service or a visit goes ("what to expect", "how it works": the lexicon's
# [cues.describing]) cancels only the care near it, as CLASSIFY_CARE_ONLY_CUE_CONTEXTS do.
CLASSIFY_CARE_ONLY_CUE_CONTEXTS_TWELFTH: Final = frozenset({"describing"})
# Sites (classify/site_words.py): a county's health and human services and NHS 111 online are general
# doors to many services, like SITE_GENERAL_WORDS.
SITE_GENERAL_WORDS_TWELFTH: Final = (
    "health and human services", "111 online", "nhs 111 online",
)
# Sites (classify/site_refusals.py): a registry of gifts for a baby and a biomedical research institute
# name no service for a condition, as SITE_NOT_SERVICE_WORDS_ELEVENTH's do.
SITE_NOT_SERVICE_WORDS_TWELFTH: Final = (
    "registry", "registries", "gift list", "biomedical research", "medical research institute",
    "institute for medical research", "institute of medical research", "basic science",
)
# Sites (classify/specialist.py): "residential rehab for addiction ..." is a hospital's treatment, as
# SITE_TREATMENT_WORDS are.
SITE_TREATMENT_WORDS_TWELFTH: Final = ("rehab", "residential rehab", "detox")
# Sites (classify/specialist.py): a part of a general provider's name saying it hosts a service ("NHS
# Foundation Trust - home of the Harbourside Cancer Centre") names a department, not the whole site.
# Sites (classify/site_words.py): a medical center calling itself only that is read as a bare hospital
# is (SITE_BARE_HOSPITAL_WORDS): "Hope Women's Medical Center – Abortion Care" is that area's clinic.
SITE_BARE_HOSPITAL_WORDS_TWELFTH: Final = ("medical center", "medical centre")
SITE_HOSTED_WORDS: Final = ("home of", "home to", "proud home of", "host of", "hosts")
# Sites (classify/site_names.py): a host label ending in IVF after a place's or a brand's name
# ("northwoodivf") names a fertility clinic, as SITE_HOST_SERVICE_ENDINGS' abbreviations do.
SITE_HOST_SERVICE_ENDINGS_TWELFTH: Final = {"ivf": "reproductive_health"}
# Sites (classify/site_words.py): a site offering someone to talk to in its own name or description
# ("Need to talk? Call or text us for free support") is a listening line, a mental health service.
# Read only in what a site says about itself: on a page, "Need to talk to our sales team?" is nothing.
SITE_LISTENING_WORDS: Final = ("need to talk", "somebody to talk to", "talk to someone")
# Spelling (classify/spelling.py): a shorter typed word, of this many letters up to
# CLASSIFY_SPELLING_MIN_LETTERS, is read as its one-slip misspelling only right beside a word of the
# lexicon's [support] ("lupis specialist", "herpis test"): alone it may be a name or a brand.
CLASSIFY_SPELLING_SHORT_LETTERS: Final = 5

# Classifier and site context, thirteenth pass (issues 16 and 18, sets U and V).
# Sites (classify/site_refusals.py): a maker of devices, a biotech or drug company, a wellbeing app of
# meditation and sleep, a campaign against a condition's stigma name no service the visitor uses
# (the labels doc: "a shop, a maker or an insurer ... is not a health service; a campaign ... is not either").
SITE_NOT_SERVICE_WORDS_THIRTEENTH: Final = (
    "devices", "medical devices", "biotech", "biotechnology", "biotechnology company", "biopharmaceutical",
    "biopharma", "clinical-stage", "pharmaceutical company", "drug developer",
    "meditation", "meditations", "guided meditations", "sleep stories", "relaxation app",
    "stigma", "end stigma", "take the pledge",
    "journal", "journal of", "aesthetics", "aesthetic clinic", "fillers", "first aid courses",
    "courses for workplaces",
)
# Sites (classify/site_refusals.py): a service saying how it is paid for ("online therapy, covered by
# insurance") is no insurer: these phrases are read past before SITE_SELLER_WORDS' "insurance".
SITE_PAID_BY_INSURANCE_WORDS: Final = (
    "covered by insurance", "covered by your insurance", "insurance accepted", "we accept insurance",
    "accepts insurance", "accepting insurance", "in-network with", "in network with", "most insurance plans",
    "insurance and self-pay", "insurance or self-pay",
)
# Sites (classify/site_words.py): a line offering support by text message in its own words ("Free 24/7
# text support | Whatever you're going through, you can text us") is a listening line, as
# SITE_LISTENING_WORDS' offers to talk are; not "24/7 text support" alone, which a business offers its customers.
SITE_LISTENING_WORDS_THIRTEENTH: Final = (
    "confidential text support", "you can text us", "text us anytime", "text us any time",
    "whatever you're going through", "whatever you are going through",
)
# Fields (decode/fields.py): an element id framed by page furniture (FIELD_ELEMENT_VALUE_WORDS) also
# by a hero banner or a promo slot ("hero_banner_mental_health_week_2026"): the site's layout.
FIELD_ELEMENT_VALUE_WORDS_THIRTEENTH: Final = frozenset({"hero", "banner", "promo", "carousel", "slider"})
# Fields (decode/fields.py): a form field's placeholder that gives an example ("e.g. fluoxetine 20mg")
# is the site's words, not the visitor's answer: never classified. A placeholder that asks ("Reason
# for visit") is the field's label, which Meta's formFeatures carries only so: still read.
FIELD_EXAMPLE_KEYS: Final = frozenset({"placeholder"})
FIELD_EXAMPLE_PREFIXES: Final = ("e.g.", "e.g ", "eg.", "eg ", "eg:", "for example", "example:", "such as", "ex:", "ex.")
# Sites (classify/site_refusals.py): a site whose name is a hashtag ("#CheckInOnThem") is a campaign.
SITE_HASHTAG_NAME: Final = r"^\s*#[A-Za-z]\w{3,}"

# ---------------------------------------------------------------------------------------------------
# Classifier, fourteenth pass (issues 16 and 18; sets W and X)
# ---------------------------------------------------------------------------------------------------
# More of an intake or a request form's labels whose answer, on a care provider's site, is the visitor's
# own contact with that care ("Date of last period: 02/11/2026", "I am contacting about: myself").
FORM_ANSWER_LABELS_FOURTEENTH: Final = (
    "date of last period", "last period", "treatment requested", "treatment needed", "symptoms started",
    "when did your symptoms start", "i am contacting about", "contacting about", "your clinic",
    "chosen clinic", "type of claim", "equipment needed", "name you would like us to use", "preferred name",
)
# Sites (classify/site_refusals.py): a seller of things for babies ("Organic baby clothes and toys"), a
# maker of hospital equipment ("Infusion pumps and vital signs monitoring"; not a patient's insulin pump)
# and a publisher of health information ("Trusted information on conditions, treatments and
# medicines"): no health service.
SITE_SELLER_WORDS_FOURTEENTH: Final = (
    "baby clothes", "baby clothing", "baby toys", "infusion pumps", "vital signs monitoring",
    "patient monitoring", "monitoring systems",
)
SITE_REFERENCE_WORDS_FOURTEENTH: Final = (
    "trusted information on", "information on conditions", "information about conditions",
    "trusted health information", "health information you can trust",
)
# Sites (classify/site_words.py): a treatment a centre gives names its kind of service, as "clinic"
# does ("Chemotherapy and immunotherapy infusions close to home").
SITE_SERVICE_WORDS_FOURTEENTH: Final = ("infusion", "infusion center", "infusion centre")
# Sites (classify/specialist.py): a specialist's own description listing at most this many areas, one
# of them its name's, adds the others to its categories (a clinic for abortion, contraception and
# gender-affirming hormones); one listing more is a general provider's list of departments.
SITE_DESCRIPTION_LISTED_MAX_AREAS: Final = 3
# Fields (decode/fields.py): a value of several space-separated class names, one of them written as a
# stylesheet's modifier or hook ("card card--maternity js-lazy"), is a CSS class list whatever its
# parameter is called (`cls=`): never read as words.
FIELD_CLASS_NAME_MARKS: Final = ("--", "__")
FIELD_CLASS_NAME_PREFIXES: Final = ("js-", "is-", "has-", "u-", "l-")

# Classifier and site context, fifteenth pass (issues 16 and 18, sets Y and Z).
# Sites (classify/site_names.py): a host's labels that are the registry's, not the site's name
# ("www", "co", "uk", "nhs"); the rest is split into words and judged as the site's name.
SITE_HOST_SUFFIX_LABELS: Final = frozenset({
    "www", "co", "uk", "org", "com", "net", "nhs", "gov", "ac", "us", "io", "info", "int", "edu", "ie",
    "de", "fr", "eu", "au", "ca", "nz", "ltd", "plc", "scot", "wales", "cymru",
})
# Sites (classify/specialist.py): a host's words name a service only when they end as a service's
# name does ("oakwoodrecovery-rehab", "transcarepartners", "gidskids-service"), or in its area's term.
SITE_HOST_SERVICE_WORDS: Final = frozenset({
    "care", "partners", "rehab", "recovery", "service", "services", "clinic", "clinics", "treatment",
    "support", "team", "line", "helpline",
})
# Sites (classify/site_words.py): a student nightline and an anonymous listening service are
# listening lines, as SITE_LISTENING_WORDS' offers to talk are.
SITE_LISTENING_WORDS_FIFTEENTH: Final = (
    "nightline", "anonymous listening", "listening service", "confidential listening",
)
# Sites (classify/site_refusals.py): one charity shop sells as SITE_SELLER_WORDS' "charity shops" do.
SITE_SELLER_WORDS_FIFTEENTH: Final = ("charity shop", "shop preloved", "donate goods")
# Classifier (classify/pronouns.py): stated pronouns beside a gender-affirming hormone make it
# gender identity ("they/them - currently on testosterone").
CLASSIFY_PRONOUN_WORDS: Final = frozenset({"pronouns", "pronoun"})
CLASSIFY_PRONOUN_PAIRS: Final = frozenset({
    ("they", "them"), ("she", "her"), ("he", "him"), ("ze", "zir"), ("ze", "hir"), ("xe", "xem"),
    ("she", "they"), ("he", "they"), ("they", "she"), ("they", "he"),
})
# Fields (decode/fields.py): a parameter named for an experiment whose value is an arm's label and
# the copy under test ("ab_test=variant_b: Worried about your drinking?") is the site's, not the visitor's.
FIELD_EXPERIMENT_WORDS: Final = frozenset({
    "exp", "experiment", "experiments", "variant", "variants", "variation", "ab", "abtest", "split", "bucket",
})
# Classifier (lexicon [cues.opening]): when a door opens ("flu jab saturday") cancels only a routine
# service asked for by name ([typed.care_interaction]), never an act ("book an appointment for Saturday").
CLASSIFY_TYPED_ONLY_CUE_CONTEXTS: Final = frozenset({"opening"})
# Classifier (classify/provider_care.py): more of an intake form's labels whose answer, on a care
# provider's site, is the visitor's own contact with care ("Medication name: ...", "Sex of partners: ...").
FORM_ANSWER_LABELS_FIFTEENTH: Final = (
    "medication name", "name of medication", "medicine name", "sex of partners", "sex of partner",
    "gender of partners", "gender of partner", "type of cancer", "cancer type", "injury",
    "substance s of concern", "substances of concern", "substance of concern",
)
# Fields (decode/fields.py): an identifier naming what the visitor did ("cta_click:leaflet_download_...")
# is an event of theirs, read as words, even when it begins with page furniture (FIELD_ELEMENT_VALUE_WORDS).
FIELD_VISITOR_ACT_WORDS: Final = frozenset({"click", "clicked", "download", "downloaded", "tap", "tapped", "submit", "submitted"})

# Classifier and site context, seventeenth pass (issues 16 and 18, sets AC and AD).
# Sites (classify/site_refusals.py): an animal's health, a bed shop, a gym's studio, a maker and a clothes
# shop name no service for a person's condition, as SITE_NOT_SERVICE_WORDS' do.
SITE_NOT_SERVICE_WORDS_SEVENTEENTH: Final = (
    "veterinary", "vet", "vets", "for cats and dogs", "pets", "mattress", "mattresses", "pilates",
    "reformer classes", "manufacturing", "design and manufacturing", "postpartum clothing",
)
# Sites (classify/site_refusals.py, issue 16, twentieth pass): software sold to clinics, a recipe site, a shop of
# clothes for pregnancy and nursing name no service the visitor uses, as SITE_NOT_SERVICE_WORDS' do (the labels
# doc: "a shop, a maker ... is not a health service"; "healthy recipes" are general wellbeing).
SITE_NOT_SERVICE_WORDS_TWENTIETH: Final = (
    "practice management software", "practice management", "clinic software", "software",
    "dresses", "nursing tops", "bump-friendly", "bump friendly", "maternity dresses",
)
# ... and a recipe site, only where the same text names no condition ("Healthy weeknight recipes, keto and
# gluten-free"; "Low-sugar recipes for people with diabetes" is for one condition's people).
SITE_RECIPE_WORDS_TWENTIETH: Final = ("recipes", "recipe", "weeknight meals", "meal ideas")
# Sites (classify/specialist.py): a hospital's trauma centre is emergency care, a general hospital's.
SITE_GENERAL_CARE_WORDS_SEVENTEENTH: Final = ("trauma center", "trauma centre")
# Sites (classify/specialist.py): the routine services of a general door (the labels doc's "a pharmacy's
# or an optician's routine services such as a flu jab or a sight test", a dentist's check-ups): a site
# whose name calls it a pharmacy, a dentist or an optician (SITE_PROVIDER_WORDS) and whose description
# lists one of these is that general provider, whatever one area its list also names.
SITE_ROUTINE_SERVICE_WORDS: Final = (
    "flu jab", "flu jabs", "flu vaccination", "flu vaccinations", "flu shots", "travel vaccines",
    "travel vaccinations", "travel clinic", "nhs prescriptions", "check-ups", "check ups", "checkups",
    "hygienist", "eye tests", "eye test", "sight tests", "sight test", "eye examinations",
)
# Sites (classify/specialist.py): a name's first part of at most this many words, each a health word, is a
# department's specialty ("Oncology and Haematology – St Aldhelm's Hospital"): the department's own site.
SITE_DEPARTMENT_MAX_WORDS: Final = 3
# Classifier (classify/provider_care.py, issue 16, eighteenth pass): a registration form's fields that
# name no health ("Date of birth: 14/03/1987", "NHS number: ...") and the health questions a form asks
# of the visitor by their verb ("Do you take any nitrates? No"): on a care provider's site, sending
# them is the labels doc's "the visitor's own forms to a service" whatever the answer; elsewhere
# (a gym's joining form) they are nothing.
FORM_REGISTRATION_LABELS_EIGHTEENTH: Final = (
    "date of birth", "dob", "d o b", "nhs number", "previous gp", "previous doctor", "previous practice",
    "registered gp", "current gp", "gp name", "insurance member id", "member id", "medicare number",
    "medicaid number", "medicaid id", "insurance provider", "insurance carrier", "next of kin",
    "emergency contact", "preferred pharmacy", "ethnicity", "sex at birth", "height", "weight",
)
# Issue 16, twentieth pass: a care provider's means test (a hospital's financial assistance, a clinic's sliding
# scale: "Household size: 4", "Annual household income: ..."): on a care provider's site the visitor's own
# application for help with their care; on a council's or a bank's site nothing (`classify/provider_care.py`).
FORM_MEANS_TEST_LABELS_TWENTIETH: Final = (
    "household size", "number in household", "people in household", "number of people in household",
    "household income", "annual household income", "monthly household income", "annual income", "monthly income",
    "gross income",
)
FORM_HEALTH_QUESTION_VERBS_EIGHTEENTH: Final = (
    "take", "taking", "taken", "use", "using", "used", "suffer", "suffered", "diagnosed", "experienced",
    "experiencing", "allergic", "smoke", "drink", "pregnant", "breastfeeding",
)
