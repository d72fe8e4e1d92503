"""Misspelt health words in what people type: "chlamidya", "sertaline", "finastride".

A site search is typed by a worried person, often on a phone, and misspelt; the tracker receives
it as typed. A word counts as a misspelling of a lexicon word only when all of these hold, so that
ordinary words, names and ids never do:
- the text is short and plain (a search, a title: the caller decides) and no health term was found;
- the word has at least CLASSIFY_SPELLING_MIN_LETTERS letters and English does not know it (the
  `wordfreq` frequency lists: "ontology" is a word, not a misspelt "oncology");
- one single-word topic term of the lexicon with the same first letter is within one edit of it
  (two from nine letters on), measured with `rapidfuzz`.
The verdict names the word meant: "chlamidya (spelling of chlamydia)".
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache

from pixelhound.classify.lexicon import Entry, Lexicon
from pixelhound.settings import (
    CLASSIFY_CACHE_SIZE,
    CLASSIFY_SPELLING_KNOWN_ZIPF,
    CLASSIFY_SPELLING_LONG_LETTERS,
    CLASSIFY_SPELLING_MIN_LETTERS,
)

log = logging.getLogger(__name__)


@cache
def _tools() -> tuple | None:
    """(zipf_frequency, extractOne, Levenshtein distance), or None when a library is missing."""
    try:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein
        from wordfreq import zipf_frequency
    except ImportError as error:  # the layer is optional: say once that it is off
        log.warning("classifier: misspelt words are not recognised (%s)", error)
        return None
    return zipf_frequency, process.extractOne, Levenshtein.distance


@lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def _known(word: str) -> bool:
    """A word of English (a frequency lookup costs microseconds; the same words recur)."""
    return _tools()[0](word, "en") >= CLASSIFY_SPELLING_KNOWN_ZIPF


def corrections(words: list[str], raw: list[str], lexicon: Lexicon) -> list[tuple[int, int, Entry]]:
    """A topic match for each word that is a misspelling of one lexicon word, else nothing."""
    found: list[tuple[int, int, Entry]] = []
    for index, word in enumerate(words):
        if len(word) < CLASSIFY_SPELLING_MIN_LETTERS or not word.isalpha() or word in lexicon.by_first:
            continue
        bucket = lexicon.spellable.get(word[0])
        tools = _tools()
        if not bucket or tools is None or _known(raw[index]):
            continue
        _zipf, extract_one, distance = tools
        edits = 2 if len(word) >= CLASSIFY_SPELLING_LONG_LETTERS else 1
        best = extract_one(word, bucket[0], scorer=distance, score_cutoff=edits)
        if best is None:
            continue
        entry = bucket[1][best[2]]
        found.append((index, index + 1, Entry("topic", entry.categories,
                                             f"{raw[index]} (spelling of {entry.term})", entry.context)))
    return found
