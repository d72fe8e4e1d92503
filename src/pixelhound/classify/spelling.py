"""Misspelt health words in what people type: "chlamidya", "sertaline", "knee replacment".

A site search is typed by a worried person, often on a phone, and misspelt; the tracker receives
it as typed. A word is read as a misspelling of a lexicon word only when all of these hold, so that
ordinary words, names and ids never are:
- it is in a short plain text (a search, a title) or in a URL's search value ("?q=dermatoligist"):
  the caller decides;
- it has at least CLASSIFY_SPELLING_MIN_LETTERS letters and is no lexicon word;
- a word of the lexicon's topic phrases with the same first letter is within one edit of it (two
  from CLASSIFY_SPELLING_LONG_LETTERS letters on), measured with `rapidfuzz`;
- English does not know it (the `wordfreq` frequency lists: "ontology" is a word, not a misspelt
  "oncology"), or knows it only as a rare variant of the word meant: a misspelling common enough to
  be counted ("referal", "perscription") is still a hundred times rarer than its word.
The corrected words are matched again, so a word of a phrase counts only inside its phrase
("replacment" is no health on its own; "knee replacment" is a knee replacement). The verdict names
what was meant: "knee replacment (spelling of knee replacement)".
"""

from __future__ import annotations

import logging
import re
from functools import cache, lru_cache

from pixelhound.classify.lexicon import MEDICINE, Lexicon, default_lexicon
from pixelhound.classify.normalise import normalise_token, split_words
from pixelhound.settings import (
    CLASSIFY_CACHE_SIZE,
    CLASSIFY_SPELLING_COMMON_ZIPF,
    CLASSIFY_SPELLING_KNOWN_ZIPF,
    CLASSIFY_SPELLING_LONG_LETTERS,
    CLASSIFY_SPELLING_MEDICINE_RARER_BY,
    CLASSIFY_SPELLING_MIN_LETTERS,
    CLASSIFY_SPELLING_RARER_BY,
    CLASSIFY_SPELLING_SHORT_LETTERS,
    URL_SEARCH_PARAMETERS,
)

log = logging.getLogger(__name__)

# The value of a site search's parameter in a URL ("?q=dermatoligist+near+me"): typed by the visitor.
_SEARCH_VALUE = re.compile(
    r"[?&](?:" + "|".join(re.escape(name) for name in URL_SEARCH_PARAMETERS) + r")=([^&#]+)", re.IGNORECASE
)


@cache
def _tools() -> tuple | None:
    """(zipf_frequency, extractOne, Levenshtein distance, OSA distance), or None when a library is missing."""
    try:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA, Levenshtein
        from wordfreq import zipf_frequency
    except ImportError as error:  # the layer is optional: say once that it is off
        log.warning("classifier: misspelt words are not recognised (%s)", error)
        return None
    return zipf_frequency, process.extractOne, Levenshtein.distance, OSA.distance


def word_frequency(word: str) -> float | None:
    """How common a word is in English (wordfreq's Zipf scale), or None when wordfreq is missing."""
    return _zipf(word) if _tools() is not None else None


@lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def _zipf(word: str) -> float:
    """How common a word is in English (a lookup costs microseconds; the same words recur)."""
    return _tools()[0](word, "en")


@lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def meant(word: str, written: str) -> str | None:
    """The lexicon word that `word` (canonical; `written` as typed) misspells, or None.

    A word English does not know may be one edit from the word meant (two when long); a word it
    knows only as a rare variant must be one slip away (a letter added, dropped, changed, or two
    swapped: "referal", "perscription"), so that rare real words ("digression", "apportion") stay."""
    tools = _tools()
    lexicon = default_lexicon()
    bucket = lexicon.spellable.get(word[:1])
    if len(word) < CLASSIFY_SPELLING_MIN_LETTERS:  # a shorter word, beside a support word (`corrections`)
        bucket = lexicon.spellable_short.get(word[:1], []) + (bucket or [])
    if tools is None or not bucket or written.lower() in lexicon.real_words:
        return None
    own = _zipf(written)
    if own >= CLASSIFY_SPELLING_COMMON_ZIPF:
        return None
    _zipf_frequency, extract_one, levenshtein, one_slip = tools
    if own < CLASSIFY_SPELLING_KNOWN_ZIPF:
        edits = 2 if len(word) >= CLASSIFY_SPELLING_LONG_LETTERS else 1
        best = extract_one(word, bucket, scorer=levenshtein, score_cutoff=edits)
    else:
        best = extract_one(word, bucket, scorer=one_slip, score_cutoff=1)
        rarer_by = CLASSIFY_SPELLING_MEDICINE_RARER_BY if best is not None and _medicine(best[0]) else CLASSIFY_SPELLING_RARER_BY
        if best is not None and own > _zipf(best[0]) - rarer_by:
            return None
    return None if best is None else best[0]


def _medicine(word: str) -> bool:
    """Is the lexicon word a medicine's name ("adderall")?"""
    return any(len(key) == 1 and entry.context == MEDICINE for key, entry in default_lexicon().by_first.get(word, ()))


def corrections(words: list[str], raw: list[str], lexicon: Lexicon, where: range | None = None) -> dict[int, str]:
    """The lexicon word meant by each misspelt word (by index), among the words at `where` (all by
    default)."""
    found: dict[int, str] = {}
    known = lexicon.by_first
    for index in where if where is not None else range(len(words)):
        word = words[index]
        if (short := _shorthand(words, index, lexicon)) is not None:
            found[index] = short
            continue
        if word in known or not word.isalpha() or len(word) < CLASSIFY_SPELLING_SHORT_LETTERS:
            continue
        if len(word) < CLASSIFY_SPELLING_MIN_LETTERS and not _beside_support(words, index, lexicon):
            continue
        correct = meant(word, raw[index])
        if correct is not None:
            found[index] = correct
    return found


def _shorthand(words: list[str], index: int, lexicon: Lexicon) -> str | None:
    """The care word a typed shorthand stands for ("presc": prescription), or None (issue 16,
    seventeenth pass): `beside` ones only right beside a support word or a care service's first word
    ("gp apt"), or before "me" ("nr me")."""
    word = words[index]
    if word in lexicon.shorthand:
        return lexicon.shorthand[word]
    meant_word = lexicon.shorthand_beside.get(word)
    if meant_word is None:
        return None
    if meant_word == "near":
        return meant_word if index + 1 < len(words) and words[index + 1] == "me" else None
    near = [words[i] for i in (index - 1, index + 1) if 0 <= i < len(words)]
    return meant_word if any(w in lexicon.support or w in lexicon.care_services for w in near) else None


def _beside_support(words: list[str], index: int, lexicon: Lexicon) -> bool:
    """Is the word at `index` right beside a word that vouches for a health term ("specialist", "test")?"""
    return any(0 <= near < len(words) and words[near] in lexicon.support for near in (index - 1, index + 1))


def search_words(words: list[str], rest: str) -> range | None:
    """Where, among a URL's words, the value of its site-search parameter stands (None: no search).

    `rest` is the decoded text without hosts; the value's words are found as a run in `words`."""
    match = _SEARCH_VALUE.search(rest)
    if match is None:
        return None
    wanted = [normalise_token(w) for w in split_words(match.group(1).replace("+", " "))]
    size = len(wanted)
    if not size:
        return None
    for start in range(len(words) - size + 1):
        if words[start : start + size] == wanted:
            return range(start, start + size)
    return None
