"""A notice page's readable text, and that text cut into sentences (list items and table rows kept
whole), for the name and promise searches."""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

import msgspec

from pixelhound.settings import NOTICE_MAX_SENTENCE

_log = logging.getLogger(__name__)

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


def excerpt_around(text: str, start: int, end: int) -> str:
    """The sentence, or a window of at most NOTICE_MAX_SENTENCE characters around the name in it."""
    if len(text) <= NOTICE_MAX_SENTENCE:
        return text
    room = NOTICE_MAX_SENTENCE - 2 - (end - start)
    left = max(0, start - room // 2)
    right = min(len(text), left + NOTICE_MAX_SENTENCE - 2)
    left = max(0, right - (NOTICE_MAX_SENTENCE - 2))
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")
