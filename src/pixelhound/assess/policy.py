"""Privacy-notice check: does the notice name every company that received data, and does it promise
what the site does not do?

In the 2023 NHS case most privacy notices never named Facebook although the Meta Pixel received
patients' data. This module finds a site's privacy and cookie notices among its links, extracts their
text (trafilatura over HTML the scanner already fetched: nothing is fetched here), looks for each
recipient by the names a notice may use for it, and spots promises ("we will never share your health
information for marketing") that the captured traffic contradicts. Pure functions over plain data;
the scanner fetches, this judges.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import msgspec

from pixelhound.capture.crawl import Link, normalise, same_site
from pixelhound.knowledge.vendors import Vendor, default_knowledge, registrable_domain
from pixelhound.assess.rule import NotApplicable, Rule, RunContext
from pixelhound.model import NO_INTERACTION, REJECT_ALL, Analysis, Disclosure, Finding, NoticeMention
from pixelhound.wording import plural
from pixelhound.settings import NOTICE_MAX_LINKS, NOTICE_MAX_SENTENCE

RULE_UNDISCLOSED = "undisclosed-recipient"
RULE_CONTRADICTED = "notice-contradicted"

ADVERTISING = frozenset({"advertising", "marketing"})
# Scenarios in which the visitor had not agreed to anything (a consent-qualified promise binds there).
NO_CONSENT_SCENARIOS = frozenset({NO_INTERACTION, REJECT_ALL})

# Where notices usually live, for the caller to try when no link names one (UK health sites first).
COMMON_NOTICE_PATHS: tuple[str, ...] = (
    "/privacy-notice",
    "/privacy-policy",
    "/privacy",
    "/cookies",
    "/cookie-policy",
    "/about-us/privacy-notice",
    "/about-us/privacy",
    "/about-us/cookies",
    "/your-information",
    "/about-us/your-information",
    "/how-we-use-your-information",
    "/patients-and-visitors/your-information",
    "/data-protection",
    "/privacy-statement",
    "/cookie-notice",
    "/gdpr",
)

RECOMMEND_UNDISCLOSED = (
    "Name this company in the privacy notice (what it receives, from which pages, why and on what "
    "lawful basis), or remove its tracker. Patients cannot object to a recipient they are never told of."
)
RECOMMEND_NO_NOTICE = (
    "Publish a privacy notice and a cookie notice, linked from every page, that name every company "
    "receiving visitors' data; until then every recipient is undisclosed."
)
RECOMMEND_CONTRADICTED = (
    "The notice promises what the site does not do. Stop sending health-related data to advertising "
    "and marketing trackers (remove them from health pages), or correct the notice: a promise that is "
    "not kept misleads patients."
)

_log = logging.getLogger(__name__)


# ------------------------------------------------------------------------------------------------
# Finding the notices
# ------------------------------------------------------------------------------------------------

# (rank, pattern) over a link's text and the words of its path; lowest rank first.
_NOTICE_KINDS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(r"\bprivacy (?:and cookies? )?(?:notice|policy|statement)s?\b")),
    (1, re.compile(r"\bcookies? (?:notice|policy|statement)s?\b")),
    (2, re.compile(r"\bprivacy\b|\bcookies?\b")),
    (3, re.compile(r"\bhow we use (?:your )?(?:personal )?(?:information|data)\b|\bfair processing\b")),
    (4, re.compile(r"\bdata protection\b|\byour (?:personal )?(?:information|data)\b|\bgdpr\b")),
)
# Cookie links that open a settings panel rather than a notice.
_SETTINGS = re.compile(r"\b(?:settings|preferences|manage|consent|change)\b")


def _link_words(link: Link, url: str) -> str:
    """The link's text and path as plain lower-case words ('/about-us/privacy-notice' -> 'about us privacy notice')."""
    path = re.sub(r"[/_\-.+%]+", " ", urlsplit(url).path)
    return re.sub(r"\s+", " ", f"{link.text} {path}".lower()).strip()


def _notice_rank(words: str) -> int | None:
    """How likely a link is a notice (0 best), or None when it is not one."""
    for rank, pattern in _NOTICE_KINDS:
        if pattern.search(words):
            if rank == 2 and _SETTINGS.search(words):
                return 9  # a cookie or privacy settings panel: a last resort
            return rank
    return None


def notice_links(links: list[Link], site_url: str) -> list[str]:
    """Same-site links that lead to a privacy or cookie notice, best first, at most four.

    Ranked so the privacy notice and the cookie policy come before pages that only mention personal
    data; a notice hosted on another site (a national NHS page, a PDF) is not the site's own."""
    site_domain = registrable_domain(urlsplit(site_url).hostname or "")
    ranked: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for order, link in enumerate(links):
        url = normalise(link.url, site_url)
        key = url.rstrip("/")
        if not url or key in seen or not same_site(url, site_domain):
            continue
        rank = _notice_rank(_link_words(link, url))
        if rank is not None:
            seen.add(key)
            ranked.append((rank, order, url))
    ranked.sort()
    return [url for _, _, url in ranked[:NOTICE_MAX_LINKS]]


def common_notice_urls(site_url: str) -> list[str]:
    """`COMMON_NOTICE_PATHS` made absolute on the site's origin, for when no link names a notice."""
    split = urlsplit(site_url)
    origin = f"{split.scheme or 'https'}://{split.netloc}"
    return [urljoin(origin, path) for path in COMMON_NOTICE_PATHS]


# ------------------------------------------------------------------------------------------------
# Extracting the text
# ------------------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "li", "ul", "ol", "tr", "table", "br", "h1", "h2", "h3", "h4",
    "h5", "h6", "dd", "dt", "blockquote", "pre", "main", "td", "th",
})
_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object"})
_BOILERPLATE_TAGS = frozenset({"nav", "header", "footer", "aside", "button"})


class _TextParser(HTMLParser):
    """Tag stripper that keeps two texts: everything visible, and the same without page furniture."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.all: list[str] = []
        self.main: list[str] = []
        self.items: list[str] = []  # the text of each list item outside page furniture
        self._open_items: list[list[str]] = []
        self._invisible = 0
        self._boilerplate = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.plural(tag, 1)
        self._newline(tag)
        if tag == "li":
            self._open_items.append([])

    def handle_endtag(self, tag: str) -> None:
        self.plural(tag, -1)
        self._newline(tag)
        if tag == "li" and self._open_items:
            item = " ".join("".join(self._open_items.pop()).split())
            if item:
                self.items.append(item)

    def handle_data(self, data: str) -> None:
        if self._invisible:
            return
        self.all.append(data)
        if not self._boilerplate:
            self.main.append(data)
            for item in self._open_items:
                item.append(data)

    def plural(self, tag: str, step: int) -> None:
        if tag in _INVISIBLE_TAGS:
            self._invisible = max(0, self._invisible + step)
        elif tag in _BOILERPLATE_TAGS:
            self._boilerplate = max(0, self._boilerplate + step)

    def _newline(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.all.append("\n")
            self.main.append("\n")


def _tidy(text: str) -> str:
    """One space between words, one line per block, no empty lines."""
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def stripped_text(html: str) -> str:
    """Visible text by plain tag stripping, without navigation, header and footer where that leaves
    any text: the fallback when trafilatura finds no main content (tiny or odd pages)."""
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient, but a notice check must never crash a scan
        pass
    main = _tidy("".join(parser.main))
    return main or _tidy("".join(parser.all))


def _trafilatura_text(html: str, url: str) -> str:
    """Main text by trafilatura from the HTML string. The URL only labels the document (trafilatura's
    `url` argument is metadata); nothing is downloaded."""
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a dependency, but degrade rather than fail a scan
        _log.warning("trafilatura is not installed: privacy notices are read by plain tag stripping")
        return ""
    try:
        text = trafilatura.extract(
            html,
            url=url or None,
            include_comments=False,
            include_tables=True,  # cookie tables name the providers ("_ga | Google Analytics")
            include_links=False,
            include_images=False,
            favor_recall=True,  # a notice is long; losing a paragraph loses a named recipient
            with_metadata=False,
            deduplicate=False,
        )
    except Exception as error:  # noqa: BLE001 - garbage HTML must not stop the check
        _log.debug("trafilatura failed on %s: %s", url, error)
        return ""
    return _tidy(text or "")


def notice_text(html: str, url: str = "") -> str:
    """The readable text of a notice page: trafilatura's main text, else plain tag stripping; '' for
    nothing readable. Never raises and never touches the network."""
    if not isinstance(html, str) or not html.strip():
        return ""
    html = html.replace("\x00", "")
    text = _trafilatura_text(html, url)
    if not text:
        return stripped_text(html)
    # trafilatura drops short list items ("<li>Facebook</li>" under "we share information with:"),
    # which is how many notices list their recipients: add back every list item it left out.
    missing = [item for item in _list_items(html) if item not in text]
    return "\n".join([text, *missing]) if missing else text


def _list_items(html: str) -> list[str]:
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - see stripped_text
        pass
    return list(dict.fromkeys(parser.items))


# ------------------------------------------------------------------------------------------------
# Sentences
# ------------------------------------------------------------------------------------------------

class Sentence(msgspec.Struct, frozen=True):
    """One sentence (or list item, or table row) of a notice, and which notice it came from."""

    text: str
    url: str


_BULLET = re.compile(r"^(?:[-*•·▪‣–]|\d{1,2}[.)])\s+")
_TABLE_RULE = re.compile(r"^\|?[\s|:\-]+\|?$")
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"\b(?:inc|ltd|co|corp|e\.g|i\.e|etc|no|nos|dr|mr|mrs|ms|st|vs|approx|incl|plc|dept|tel|ref)\.$",
    re.IGNORECASE,
)
_INITIAL = re.compile(r"(?<![\w.])(?:[A-Z]\.)+$")  # "S.A.", "U.K.", "J." (capitals only)


def _split_line(line: str) -> list[str]:
    """A line cut into sentences, not after 'Inc.', 'e.g.' or an initial."""
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(line):
        head = line[start : match.start() + 1]
        if _ABBREVIATION.search(head) or _INITIAL.search(head):
            continue
        parts.append(line[start : match.end()].strip())
        start = match.end()
    parts.append(line[start:].strip())
    return [part for part in parts if part]


def _table_row(line: str) -> str:
    """'| _ga | Google Analytics | 2 years |' -> '_ga | Google Analytics | 2 years'."""
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return " | ".join(cell for cell in cells if cell)


def sentences(text: str, url: str = "") -> list[Sentence]:
    """A notice as sentences. A list item keeps the line that introduced it ('We share information
    with: Google Analytics'), so the sentence shown still says what the list is about."""
    found: list[Sentence] = []
    intro = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _TABLE_RULE.match(line):
            continue
        if line.startswith("|"):
            found.append(Sentence(_table_row(line), url))
            continue
        if _BULLET.match(line):
            item = _BULLET.sub("", line)
            found.append(Sentence(f"{intro} {item}".strip() if intro else item, url))
            continue
        intro = line if line.endswith(":") and len(line) <= 160 else ""
        found += [Sentence(part, url) for part in _split_line(line)]
    return found


# ------------------------------------------------------------------------------------------------
# Names
# ------------------------------------------------------------------------------------------------

# Aliases that are ordinary words or places: matched only in another form ("Basis Technologies").
_NEVER_ALONE = frozenset({"x", "text", "basis", "civic", "mountain", "arbor", "centro", "zync"})
# Aliases that are also English words: matched only capitalised as a name ("Meta", not "meta tags").
_PROPER_ONLY = frozenset({
    "meta", "segment", "heap", "drift", "sentry", "amplitude", "clarity", "moat", "oath", "pandora",
    "unruly", "sharpen", "intercom", "oracle", "amazon", "snap", "zeta", "genesys", "telaria", "arbor",
    "viant", "comcast", "nielsen", "experian", "twilio", "plyr", "throtle", "criteo", "teads", "lijit",
    "cybot", "osano", "termly", "zendesk", "quora", "reddit", "spotify", "nextdoor", "optimizely",
    "siteimprove", "akamai", "medallia", "invoca",
})
# Words after "Meta" that make it HTML vocabulary, not the company.
_NOT_META = r"(?![\s\-]*(?:tags?|data|descriptions?|keywords?|elements?|information)\b)"
# Extra names for vendors whose own short name is too ambiguous to match alone.
_EXTRA_NAMES: dict[str, tuple[str, ...]] = {"x": ("X Corp", "X (formerly Twitter)", "X (Twitter)")}
_LEGAL_SUFFIX = re.compile(
    r",?\s+(?:inc|llc|ltd|limited|corp|corporation|plc|gmbh|sas|s\.a|a/s|aps|ab|b\.v|s\.r\.o|s\.r\.l|"
    r"pte\.? ltd|holdings|co)\.?$",
    re.IGNORECASE,
)


def _company_names(company: str) -> list[str]:
    """'Meta Platforms, Inc.' -> ['Meta Platforms, Inc', 'Meta Platforms']; 'X Corp.' -> ['X Corp']."""
    bare = re.sub(r"\s*\([^)]*\)", "", company).strip().rstrip(".")
    names = [bare]
    short = bare
    while True:
        shorter = _LEGAL_SUFFIX.sub("", short).strip().rstrip(",")
        if shorter == short or not shorter:
            break
        short = shorter
        names.append(short)
    return names


def _name_pattern(name: str) -> re.Pattern[str] | None:
    """A whole-word pattern for one name, or None when the name is too ambiguous to match alone."""
    folded = name.strip().lower()
    if len(folded) <= 2 or folded in _NEVER_ALONE:
        return None
    body = r"\s+".join(re.escape(word) for word in name.split())
    if folded == "meta":
        body += _NOT_META
    case_sensitive = (
        folded in _PROPER_ONLY
        or (name.isupper() and len(name) <= 5)
        or any(len(word) == 1 for word in name.split())  # "X Ads" but not "box x ads"
    )
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<!\w){body}(?!\w)", flags)


def vendor_names(vendor: Vendor) -> list[str]:
    """Every name a notice may use for a vendor, most specific first."""
    candidates = [*vendor.aliases, *_company_names(vendor.company), *_EXTRA_NAMES.get(vendor.id, ())]
    unique = list(dict.fromkeys(name.strip() for name in candidates if name.strip()))
    return sorted(unique, key=len, reverse=True)


def _patterns(vendor: Vendor) -> list[tuple[str, str, re.Pattern[str]]]:
    """(name, a lower-case word it must contain, pattern): the word skips most sentences cheaply."""
    found = []
    for name in vendor_names(vendor):
        pattern = _name_pattern(name)
        if pattern is not None:
            found.append((name, max(name.lower().split(), key=len), pattern))
    return found


# Words that make a sentence explain a recipient rather than merely mention it.
_CONTEXT = re.compile(
    r"third[- ]part|share|cookie|analytic|advertis|marketing|pixel|track|process|social media|"
    r"provider|service|supplier|partner|transfer|collect",
    re.IGNORECASE,
)


def _excerpt(text: str, start: int, end: int) -> str:
    """The sentence, or a window of at most NOTICE_MAX_SENTENCE characters around the name in it."""
    if len(text) <= NOTICE_MAX_SENTENCE:
        return text
    room = NOTICE_MAX_SENTENCE - 2 - (end - start)
    left = max(0, start - room // 2)
    right = min(len(text), left + NOTICE_MAX_SENTENCE - 2)
    left = max(0, right - (NOTICE_MAX_SENTENCE - 2))
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")


class Mention(msgspec.Struct):
    """Whether the notices name one recipient, and the sentence that does."""

    vendor: str
    company: str
    category: str
    named: bool
    sentence: str = ""
    url: str = ""
    name: str = ""  # the alias or company name that matched


def _score(sentence: str, name: str) -> tuple[int, int]:
    """Prefer sentences that explain the recipient and use a specific name over bare list items."""
    explained = 4 if _CONTEXT.search(sentence) else 0
    sized = 2 if 40 <= len(sentence) <= NOTICE_MAX_SENTENCE else (1 if len(sentence) > NOTICE_MAX_SENTENCE else 0)
    return explained + sized, len(name)


def find_mention(vendor: Vendor, found: Iterable[Sentence]) -> Mention:
    """The best sentence naming a vendor by any of its names, or named=False."""
    patterns = _patterns(vendor)
    best: tuple[tuple[int, int], Sentence, str, re.Match[str]] | None = None
    for sentence in found:
        lowered = sentence.text.lower()
        for name, needle, pattern in patterns:
            if needle not in lowered:
                continue
            match = pattern.search(sentence.text)
            if match is None:
                continue
            score = _score(sentence.text, name)
            if best is None or score > best[0]:
                best = (score, sentence, name, match)
            break  # names are most specific first: the first that matches speaks for this sentence
    if best is None:
        return Mention(vendor.id, vendor.company, vendor.category, named=False)
    _, sentence, name, match = best
    return Mention(
        vendor.id,
        vendor.company,
        vendor.category,
        named=True,
        sentence=_excerpt(sentence.text, match.start(), match.end()),
        url=sentence.url,
        name=name,
    )


# ------------------------------------------------------------------------------------------------
# Promises
# ------------------------------------------------------------------------------------------------

class Promise(msgspec.Struct):
    """A sentence promising data is not shared or used for marketing, or no advertising cookies."""

    category: str  # "no-marketing", "no-sharing" or "no-advertising-cookies"
    sentence: str
    url: str
    health: bool = False  # the promise is about health, medical or patient information
    consent: bool = False  # "... without your consent": binds only where consent was not given
    qualifier: str = ""  # "unless required by law", "without your consent", ...


_NEGATION = re.compile(
    r"\b(?:(?:will|shall|do|does|would|can|could|must|is|are|may|should)\s+(?:not|never)(?!\s+only)"
    r"|won't|don't|doesn't|cannot|can't|isn't|aren't|never(?!\s+the\s?less)"
    r"|under no circumstances(?:\s+(?:will|do|would|shall)\s+we)?|at no (?:time|point)(?:\s+(?:will|do|would|shall)\s+we)?)\b"
)
# A negation about the reader's choices is an instruction, not a promise ("if you do not want us to
# share ...", "you can't opt out", "you do not have to").
_NOT_A_PROMISE_AFTER = re.compile(
    r"^\s*(?:want|wish|agree|consent|like|object|opt|need|have to|be able|require|mind)\b"
)
_READER_BEFORE = re.compile(r"\b(?:you|if|unless|should|whether|where|when)\s*$")
_VERB = re.compile(
    r"^\s*(?:\w+\s+){0,3}?(?:be\s+|been\s+|ever\s+)?"
    r"(?P<verb>use[ds]?|using|share[ds]?|sharing|sell|sells|sold|selling|disclosed?|pass(?:ed)?|"
    r"give|given|provide[ds]?|transfer(?:red)?|rent(?:ed)?|trade[ds]?|make\s+\w+\s+available|made\s+available|"
    r"send|sent|receive[ds]?|process(?:ed)?|set|place[ds]?|store[ds]?|allow|permit)\b"
)
_SALE = re.compile(r"^(?:sell|sells|sold|selling|rent(?:ed)?|trade[ds]?)$")
_MARKETING = re.compile(r"\b(?:marketing|advertis\w*|adverts?|ads|sales purposes|commercial purposes)\b")
_RECIPIENTS = re.compile(
    r"\bthird[- ]part(?:y|ies)\b|\bother (?:organi[sz]ations|companies|businesses)\b|\banyone\b|\banybody\b|"
    r"\boutside (?:the|our|of)\b|\bexternal\b|\badvertis\w+\b|\bcommercial\b|\bsocial media\b"
)
_COOKIE = re.compile(r"\bcookies?\b|\btracking technolog\w*|\bpixels?\b")
# Cookie words that make "we do not use ... cookies" a promise about advertising trackers.
_AD_COOKIE = re.compile(r"\b(?:marketing|advertis\w*|ads|targeting|targeted|tracking|third[- ]party)\b")
_NO_COOKIES_AT_ALL = re.compile(
    r"^\s*(?:use|set|place|store)\s+(?:any\s+)?cookies(?:\s+(?:on|in)\s+(?:this|our)\s+(?:website|site))?"
    r"(?:\s+at\s+all)?\s*[.!]?\s*$"
)
_DATA = re.compile(r"\b(?:information|data|details|records|it|them|anything)\b")
_HEALTH = re.compile(r"\b(?:health|medical|clinical|patients?|care|treatment|conditions?|diagnos\w+)\b")
_CLAUSE_END = re.compile(
    r";|\bbut\b|\bhowever\b|\bwhereas\b|\balthough\b|\bwhile\b|,?\s+and\s+(?:we|our|they|it|may|will)\b"
)
_QUALIFIER = re.compile(
    r"\b(?:without (?:first )?(?:obtaining )?(?:your )?(?:explicit |express |prior )?"
    r"(?:consent|permission|agreement)|unless\b[^,.;]*|except\b[^,.;]*|other than\b[^,.;]*)"
)
# Any of these in a promise makes it conditional on the visitor's choice.
_CONSENT = re.compile(r"\b(?:consent|permission|agreement|agree|opt(?:ed)?[- ]in|accept(?:ed)?)\b")


def _normalise_quotes(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").lower()


def _promise_category(head: str, clause: str, verb: str) -> str | None:
    """What a negated clause promises, if anything. `head` is the clause before the negation (its
    subject: "your health information", "third parties"), `clause` the rest from the verb on."""
    if _COOKIE.search(clause) and (_AD_COOKIE.search(clause) or _NO_COOKIES_AT_ALL.match(clause)):
        return "no-advertising-cookies"
    whole = f"{head} {clause}"
    if _MARKETING.search(clause) and _DATA.search(whole):
        return "no-marketing"
    if _SALE.match(verb):
        return "no-sharing"  # "we do not sell your data": no company receives it for value
    if not _DATA.search(whole):
        return None
    sharing = not verb.startswith(("use", "process", "set", "place", "store", "allow", "permit"))
    if sharing and _RECIPIENTS.search(whole):
        return "no-sharing"
    return None


def _clause_head(before: str) -> str:
    """The part of the sentence before a negation that belongs to the same clause."""
    cuts = list(_CLAUSE_END.finditer(before))
    return before[cuts[-1].end() :] if cuts else before


def _promise_in(sentence: Sentence) -> Promise | None:
    """The promise a sentence makes, judged clause by clause from each negation onwards."""
    lowered = _normalise_quotes(sentence.text)
    for negation in _NEGATION.finditer(lowered):
        head = _clause_head(lowered[: negation.start()])
        rest = lowered[negation.end() :]
        if _NOT_A_PROMISE_AFTER.match(rest):
            continue
        verb = _VERB.match(rest)
        if verb is None:
            continue
        if _READER_BEFORE.search(head) and not re.match(r"\s*be\b", rest):
            continue  # "you do not ..." is the reader's action; "... about you will not be shared" is ours
        end = _CLAUSE_END.search(rest, verb.end())
        clause = rest[verb.start("verb") : end.start() if end else len(rest)]
        category = _promise_category(head, clause, verb.group("verb"))
        if category is None:
            continue
        qualifier = _QUALIFIER.search(clause)
        qualifier_text = qualifier.group(0).strip() if qualifier else ""
        return Promise(
            category=category,
            sentence=_excerpt(sentence.text, 0, 0),
            url=sentence.url,
            health=bool(_HEALTH.search(lowered)),
            consent=bool(_CONSENT.search(lowered)),  # "without your consent", "where you do not agree"
            qualifier=qualifier_text,
        )
    return None


def find_promises(found: Iterable[Sentence]) -> list[Promise]:
    """Every distinct promise in the notices, in reading order."""
    promises: list[Promise] = []
    seen: set[tuple[str, str]] = set()
    for sentence in found:
        promise = _promise_in(sentence)
        if promise is not None and (promise.category, promise.sentence) not in seen:
            seen.add((promise.category, promise.sentence))
            promises.append(promise)
    return promises


# ------------------------------------------------------------------------------------------------
# The check
# ------------------------------------------------------------------------------------------------

class NoticeCheck(msgspec.Struct):
    """What the notices say: per recipient, the sentence naming it or that none does; and promises."""

    notices: list[str] = []  # URLs of the notices that had text
    mentions: list[Mention] = []
    promises: list[Promise] = []
    sentences: list[Sentence] = []

    @property
    def found(self) -> bool:
        """True when at least one notice with readable text was found."""
        return bool(self.notices)

    def mention(self, vendor: Vendor) -> Mention:
        """The mention of a vendor, checked now if check_notice was not told of it."""
        for mention in self.mentions:
            if mention.vendor == vendor.id:
                return mention
        mention = find_mention(vendor, self.sentences)
        self.mentions.append(mention)
        return mention


def check_notice(texts: dict[str, str], recipients: list[Vendor]) -> NoticeCheck:
    """Read the notices ({url: text}) for every recipient's names and for promises."""
    notices = [url for url, text in texts.items() if text and text.strip()]
    found = [s for url in notices for s in sentences(texts[url], url)]
    unique = list({vendor.id: vendor for vendor in recipients}.values())
    return NoticeCheck(
        notices=notices,
        mentions=[find_mention(vendor, found) for vendor in unique],
        promises=find_promises(found),
        sentences=found,
    )


def recipients(disclosures: Iterable[Disclosure]) -> list[Vendor]:
    """The vendors behind some disclosures, from the bundled knowledge where known; an unknown
    recipient (a generic third party) becomes a vendor named only by its company or domain."""
    known = default_knowledge().vendors
    vendors: dict[str, Vendor] = {}
    for disclosure in disclosures:
        if disclosure.vendor not in vendors:
            vendors[disclosure.vendor] = known.get(disclosure.vendor) or _ad_hoc_vendor(disclosure)
    return list(vendors.values())


def _ad_hoc_vendor(disclosure: Disclosure) -> Vendor:
    return Vendor(
        id=disclosure.vendor,
        company=disclosure.company or disclosure.vendor,
        category=disclosure.category,
        domains=(),
        aliases=tuple(n for n in (disclosure.company, disclosure.vendor) if n),
    )


# ------------------------------------------------------------------------------------------------
# Findings
# ------------------------------------------------------------------------------------------------


def _for_site(disclosures: Iterable[Disclosure], site: str) -> list[Disclosure]:
    """The disclosures of this site (a HAR import's disclosures name no site and all count)."""
    return [d for d in disclosures if not site or not d.site or d.site == site]


def _by_vendor(disclosures: list[Disclosure]) -> dict[str, list[Disclosure]]:
    groups: dict[str, list[Disclosure]] = defaultdict(list)
    for disclosure in disclosures:
        groups[disclosure.vendor].append(disclosure)
    return groups


def _categories(group: list[Disclosure]) -> list[str]:
    categories: list[str] = []
    for disclosure in group:
        categories += [c for c in disclosure.sensitivity.categories if c not in categories]
    return categories


def _is_advertiser(mention: Mention, group: list[Disclosure]) -> bool:
    """An advertising or marketing company, or a product of one that reached this site."""
    return mention.category in ADVERTISING or any(d.category in ADVERTISING for d in group)


def _where(check: NoticeCheck) -> str:
    if len(check.notices) == 1:
        return f"the privacy notice ({check.notices[0]})"
    return f"the privacy notices ({', '.join(check.notices)})"


def _undisclosed(check: NoticeCheck, mention: Mention, group: list[Disclosure], source: str, site: str) -> Finding:
    sensitive = [d for d in group if d.sensitivity.sensitive]
    received = plural(len(group), "disclosure")
    if sensitive:
        received += f", {len(sensitive)} health-related"
    on_site = f" on {site}" if site else ""
    if check.found:
        summary = f"{mention.company} received data{on_site} ({received}) but is not named in {_where(check)}"
    else:
        summary = f"{mention.company} received data{on_site} ({received}) but no privacy notice was found"
    return Finding(
        id="",
        rule=RULE_UNDISCLOSED,
        severity="high" if sensitive or _is_advertiser(mention, group) else "medium",
        vendor=mention.vendor,
        company=mention.company,
        summary=summary,
        disclosures=[d.id for d in group],
        captures=sorted({d.capture_index for d in group}),
        categories=_categories(sensitive),
        recommendation=RECOMMEND_UNDISCLOSED if check.found else RECOMMEND_NO_NOTICE,
        source=source,
    )


def undisclosed_findings(check: NoticeCheck, disclosures: list[Disclosure], source: str, site: str = "") -> list[Finding]:
    """One finding per recipient that received data but that no notice names (or no notice exists)."""
    groups = _by_vendor(_for_site(disclosures, site))
    vendors = {vendor.id: vendor for vendor in recipients(disclosures)}
    findings = []
    for vendor_id, group in groups.items():
        mention = check.mention(vendors[vendor_id])
        if not mention.named:
            findings.append(_undisclosed(check, mention, group, source, site))
    return findings


def _breaks(promise: Promise, mention: Mention, disclosure: Disclosure) -> bool:
    """Whether one disclosure breaks a promise.

    Marketing and advertising-cookie promises are judged by the product that received the data (the
    Meta Pixel, Google Ads; not Google Analytics); a no-sharing promise by the company (any data given
    to an advertising company). Data must be health-related except for the cookie promise, and a
    consent-qualified promise binds only where the visitor gave no consent."""
    if promise.consent and disclosure.scenario not in NO_CONSENT_SCENARIOS:
        return False
    product_ads = disclosure.category in ADVERTISING
    if promise.category == "no-advertising-cookies":
        return product_ads
    if promise.category == "no-marketing":
        return product_ads and disclosure.sensitivity.sensitive
    return (product_ads or mention.category in ADVERTISING) and disclosure.sensitivity.sensitive


def _contradicting(promise: Promise, check: NoticeCheck, groups: dict[str, list[Disclosure]]) -> dict[str, list[Disclosure]]:
    """The recipients whose disclosures break a promise, with the disclosures that do."""
    vendors = {vendor.id: vendor for vendor in recipients(d for g in groups.values() for d in g)}
    breaking: dict[str, list[Disclosure]] = {}
    for vendor_id, group in groups.items():
        mention = check.mention(vendors[vendor_id])
        relevant = [d for d in group if _breaks(promise, mention, d)]
        if relevant:
            breaking[vendor_id] = relevant
    return breaking


def _contradicted(promise: Promise, breaking: dict[str, list[Disclosure]], check: NoticeCheck, source: str, site: str) -> Finding:
    companies = [next(m.company for m in check.mentions if m.vendor == v) for v in breaking]
    flat = [d for group in breaking.values() for d in group]
    what = "data" if promise.category == "no-advertising-cookies" else "health-related data"
    when = " without consent" if promise.consent else ""
    on_site = f" on {site}" if site else ""
    summary = (
        f"The notice ({promise.url}) promises \"{promise.sentence}\" but {' and '.join(companies)} "
        f"received {what}{on_site}{when} ({plural(len(flat), 'disclosure')})"
    )
    return Finding(
        id="",
        rule=RULE_CONTRADICTED,
        severity="high",
        vendor=",".join(breaking),
        company=", ".join(companies),
        summary=summary,
        disclosures=[d.id for d in flat],
        captures=sorted({d.capture_index for d in flat}),
        categories=_categories(flat),
        recommendation=RECOMMEND_CONTRADICTED,
        source=source,
    )


def contradiction_findings(check: NoticeCheck, disclosures: list[Disclosure], source: str, site: str = "") -> list[Finding]:
    """One finding per promise the captured traffic breaks."""
    groups = _by_vendor(_for_site(disclosures, site))
    findings = []
    for promise in check.promises:
        breaking = _contradicting(promise, check, groups)
        if breaking:
            findings.append(_contradicted(promise, breaking, check, source, site))
    return findings


def policy_findings(check: NoticeCheck, disclosures: list[Disclosure], source: str, site: str = "") -> list[Finding]:
    """Problems only: undisclosed recipients and broken promises (ids left for the caller to number).
    A recipient that is named makes no finding; its sentence stays in `check.mentions` for reports."""
    return [
        *undisclosed_findings(check, disclosures, source, site),
        *contradiction_findings(check, disclosures, source, site),
    ]



# ------------------------------------------------------------------------------------------------
# Reading each scanned site's notices, and the rules
# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SiteNotices:
    """One scanned site's notices as read, and the input its findings are filed under."""

    site: str  # the site's name
    check: NoticeCheck
    disclosures: list[Disclosure]
    source: str


def read_site_notices(analysis: Analysis, scans: Sequence, run_dir: Path | None) -> list[SiteNotices]:  # Sequence[SiteScan]
    """Read each measured site's privacy and cookie notices (pages the scan saved in the run folder)
    for every company that received data; each source of the site records the notices read and the
    mentions found, for the reports."""
    by_site: dict[str, list] = {}
    for scan in scans:
        if scan.measured:
            by_site.setdefault(scan.site.url, []).append(scan)
    read: list[SiteNotices] = []
    for site_url, site_scans in by_site.items():
        pages = {page.url: page for scan in site_scans for page in scan.pages if page.html}
        links = [Link(url, page.title) for url, page in pages.items()]
        texts: dict[str, str] = {}
        for url in notice_links(links, site_url):
            if run_dir is not None and (run_dir / pages[url].html).is_file():
                texts[url] = notice_text((run_dir / pages[url].html).read_text("utf-8", errors="replace"), url)
        site_name = site_scans[0].site.name
        disclosures = [d for d in analysis.disclosures if d.site == site_name]
        check = check_notice(texts, recipients(disclosures))
        mentions = [NoticeMention(vendor=m.vendor, company=m.company, named=m.named, sentence=m.sentence, url=m.url)
                    for m in check.mentions]
        for source in analysis.sources:
            if source.site == site_url:
                source.notice_urls, source.notice_mentions = list(check.notices), mentions
        read.append(SiteNotices(site_name, check, disclosures, str(site_scans[0].har_path or "")))
    return read


def _notices(context: RunContext) -> Sequence[SiteNotices]:
    if not context.notices:
        raise NotApplicable("no site's notices were read (a HAR import, or no site measured)")
    return context.notices


class UndisclosedRecipient(Rule):
    id = RULE_UNDISCLOSED
    name = "UndisclosedRecipient"
    severity = "high"
    title = "A company received data but the privacy notice does not name it."
    why = (
        "A company received visitors' data from the site, but none of the site's privacy or cookie notices "
        "names it (or no notice was found). Patients cannot object to a recipient they are never told of. "
        "Severity is high when health-related data reached it or it is in advertising."
    )
    advice = RECOMMEND_UNDISCLOSED

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        findings: list[Finding] = []
        for site in _notices(context):
            findings += undisclosed_findings(site.check, site.disclosures, site.source, site.site)
        return findings


class NoticeContradicted(Rule):
    id = RULE_CONTRADICTED
    name = "NoticeContradicted"
    severity = "high"
    title = "The privacy notice promises what the site does not do."
    why = (
        "A notice promises that data is not shared, not used for marketing or that no advertising cookies "
        "are set, and the captured traffic shows an advertising or marketing company receiving "
        "health-related data (or, for the cookie promise, any data)."
    )
    advice = RECOMMEND_CONTRADICTED

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        findings: list[Finding] = []
        for site in _notices(context):
            findings += contradiction_findings(site.check, site.disclosures, site.source, site.site)
        return findings
