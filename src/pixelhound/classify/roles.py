"""A page whose own text says the visitor came in another role than a possible client.

On a specialist service's website every page carries the visit to that service (`site_context`),
because the people who read a crisis line's contact page or a clinic's opening times are, most of
them, its clients. Its jobs, volunteering, fundraising, board papers, press, training for
professionals and supplier pages are not: the recipient learns the visitor's role (a job seeker, a
donor, a journalist), not their health (docs/classifier-labels.md, "A page of a specialist
service's own website"). The page says so in its own words: its URL path, title, a button's or an
event's text, a search. A role page that also offers the reader help ("get support") or tells the
service's clients of a change ("service update") is the client's page too.

The words are the lexicon's `[role_pages]` section; the classifier's cues (`[cues.*]`) are the
same idea for a text's own health words, with a wider net ("about us", "parking") that a
specialist site's visit pages must not fall into.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from pixelhound.classify.lexicon import default_lexicon
from pixelhound.classify.normalise import tokens
from pixelhound.decode.fields import is_text, leaves, readable_text, setting_text
from pixelhound.model import (
    BUTTON_TEXT,
    CUSTOM_DATA,
    EVENT,
    FORM_FIELD,
    LINK_URL,
    PAGE_TITLE,
    PAGE_URL,
    SEARCH_TERM,
    Field,
)
from pixelhound.settings import CLASSIFY_CACHE_SIZE, ROLE_TEXT_CHARS

# The role that is no other role: a page offering the reader help is a client's page.
READER = "reader"
# The fields that name the page or what the visitor did on it; a URL by its path only (a query's
# campaign tag or a referrer says nothing of this page's role).
_ADDRESSES = frozenset({PAGE_URL, LINK_URL})
_ROLE_FIELDS = frozenset({PAGE_TITLE, BUTTON_TEXT, EVENT, SEARCH_TERM, CUSTOM_DATA, FORM_FIELD}) | _ADDRESSES


@dataclass(frozen=True, slots=True)
class PageRole:
    """The role a page's text names, and where: shown in the evidence of the disclosures it decides."""

    role: str  # a [role_pages] section: "recruitment", "fundraising", ...
    visitor: str  # how a report names the visitor in that role: "a job seeker"
    words: str  # the words that said so, as written
    text: str  # the text they were found in
    field: str  # the field it came from (its source: "dl", "dt", "cd[buttonText]")

    def because(self) -> str:
        """'its dt says "Jobs | Open Door" ("Jobs": a job seeker)'."""
        return f'its {self.field} says "{self.text[:120]}" ("{self.words}": {self.visitor})'


@lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def text_roles(text: str) -> tuple[tuple[str, str], ...]:
    """(role, words as written) for each role phrase in a text, left to right, longest first."""
    lexicon = default_lexicon()
    parsed = tokens(text[:ROLE_TEXT_CHARS])
    words, raw = parsed.words, parsed.raw
    found: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        for key, role in lexicon.role_words.get(words[i], ()):
            if tuple(words[i : i + len(key)]) == key:
                found.append((role, " ".join(raw[i : i + len(key)])))
                i += len(key) - 1
                break
        i += 1
    return tuple(found)


class RoleText(tuple):
    """(source, text), as every reader of a page's texts unpacks it, with the kind of field it came
    from (`kind`: FORM_FIELD, BUTTON_TEXT, ...): a form's label or a button's text is the visitor's
    own act on a care service where a title with the same words is not (issue 16, sixteenth pass)."""

    kind: str

    def __new__(cls, source: str, text: str, kind: str = "") -> RoleText:
        pair = super().__new__(cls, (source, text))
        pair.kind = kind
        return pair


def field_kind(pair: tuple[str, str]) -> str:
    """The kind of field a (source, text) pair came from, or "" when it does not say."""
    return getattr(pair, "kind", "")


def role_texts(fields: Sequence[Field]) -> Iterator[tuple[str, str]]:
    """(source, text) of each human-readable field that names the page or an act on it, as `RoleText`s;
    lazily, as only a specialist site's disclosures are read for them."""
    for item in fields:
        if item.name not in _ROLE_FIELDS:
            continue
        if item.name in _ADDRESSES:
            path = urlsplit(item.value).path if "//" in item.value else item.value
            if path.strip("/"):
                yield RoleText(item.source, path, item.name)
            continue
        yield from (RoleText(leaf.source, readable_text(leaf), leaf.name) for leaf in leaves(item)
                    if is_text(leaf) or setting_text(leaf.value))


def one_text(text: str) -> list[tuple[str, str]]:
    """A text given alone (`pixelhound classify --site`): a URL or path read by its path, else whole."""
    name = PAGE_URL if text.strip().startswith(("http://", "https://", "/")) else PAGE_TITLE
    return list(role_texts([Field(name, text.strip(), "text")]))


def page_role(texts: Iterable[tuple[str, str]], ignore: frozenset[str] = frozenset()) -> PageRole | None:
    """The first role the texts name, or None: when none does, or when one offers the reader help.
    `ignore`: texts that are the site's own words about itself (its home page's title), not the page's."""
    names = default_lexicon().role_names
    first: PageRole | None = None
    for source, text in texts:
        if text in ignore:
            continue
        for role, words in text_roles(text):
            if role == READER:
                return None
            if first is None:
                first = PageRole(role, names.get(role, role), words, text, source)
    return first
