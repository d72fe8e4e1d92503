"""Every default in one place, so that a reader can see at a glance what the tool assumes."""

from __future__ import annotations

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

# Reports.
TERMINAL_TOP_ITEMS: Final = 5  # sensitive items listed per recipient in the terminal summary
TERMINAL_MAX_FINDINGS: Final = 20  # findings listed in the terminal; the reports hold them all

# Browser.
BROWSER_ENV: Final = "PIXELHOUND_CHROMIUM"
SYSTEM_CHROMIUM_NAMES: Final = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_VIEWPORT: Final = (1366, 768)  # the commonest desktop size
BROWSER_LOCALE: Final = "en-GB"
BROWSER_TIMEZONE: Final = "Europe/London"

# Live scans.
SCAN_MAX_PAGES: Final = 15
SCAN_CONCURRENCY: Final = 2  # sites at once; pages within a site are visited one after another
SCAN_DELAY_SECONDS: Final = 0.0  # politeness pause between page loads on one site
SCAN_PAGE_TIMEOUT: Final = 20.0  # seconds for a page to load
SCAN_SITE_TIMEOUT: Final = 240.0  # seconds for one site under one scenario
SCAN_SETTLE_SECONDS: Final = 0.6  # quiet time after a load or an action for beacons to leave
SCAN_RETRIES: Final = 1  # extra attempts for a page that failed to load
SCAN_MAX_CLICKS_PER_PAGE: Final = 3
SCAN_SEARCH_TERM: Final = "hiv test"
SCAN_DIALOG_LIMIT: Final = 20  # dialogs dismissed on one page before the page is given up
SCAN_POPUP_LIMIT: Final = 5
# V8 heap per renderer: ample for any real site, and a page that hoards memory (or crashes itself by
# doing so) takes 1 GiB, not the 4 GiB a default Chromium on a large machine allows, from a fleet scan.
SCAN_RENDERER_HEAP_MB: Final = 1024
CONSENT_CONFIRM_SECONDS: Final = 4.0  # longest wait for a banner to close and its CMP to record the choice

# Live capture: collectors and the network record (issue 9).
SCAN_NETWORK_RECORD: Final = True  # keep Chromium's NetLog as the record of every request sent
NETLOG_CAPTURE_MODE: Final = "Everything"  # headers with cookies, and the bytes sent (bodies of HTTP/1.1)
SCAN_NETWORK_QUIET_SECONDS: Final = 0.3  # after a page is left: this long with nothing starting or in flight
SCAN_NETWORK_QUIET_TIMEOUT: Final = 5.0  # the longest wait for that quiet
SCAN_EVIDENCE_TIMEOUT_SECONDS: Final = 5.0  # for a page's screenshot, and for its HTML
