"""Medicine names from a maintained source: the data of the `drug-named-entity-recognition` package.

Why that package (see docs/benchmarks.md, "Medicine names"): MIT, on PyPI and maintained, it ships
its dictionary inside the wheel (1.5 MB: about 107,000 brand and generic names resolved to 20,000
medicines, from DrugBank's open vocabulary, MeSH, MedlinePlus, the NHS medicines A-Z and
Wikipedia), so nothing is fetched at run time. Its own entry point is not used: importing it
takes about 10 s and 375 MB (a fuzzy-matching index we do not need) and unpickles a cache file from
the user's home directory. Only its packaged dictionary is read, once, here.

Precision comes before size. The dictionary also holds laboratory chemicals, dyes, proteins, blood
groups and research codes ("s-23", "carbon black", "factor x"), and some of its synonyms are
scraping noise. So only **medicines a patient is given** are kept, those that MedlinePlus or the NHS
describe to patients (about 1,500), under their generic name, their brand names and their one-word
synonyms; a name that is also an ordinary word (the package's own stop words, and the lexicon's
`[medicine_exclusions]`) or too short to be sure of is dropped.

Which condition a medicine reveals is not in the package. It comes from the lexicon's
`[medicines]` table (a generic or brand name -> category, for the areas the label definitions
name: contraception, HIV, mental health, cancer, ...) and from the international nonproprietary
name stems of `[medicine_stems]` ("-tinib" is a cancer kinase inhibitor, "-tegravir" an HIV
integrase inhibitor); a brand resolves to its generic first. Any other medicine is
`other_condition`, its evidence naming it a medicine.
"""

from __future__ import annotations

import bz2
import hashlib
import importlib.util
import logging
import os
import pickle  # the package's own data format; it is trusted as much as its code
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import orjson

from pixelhound.settings import CLASSIFY_CACHE_FOLDER

log = logging.getLogger(__name__)

PACKAGE = "drug-named-entity-recognition"
_MODULE = "drug_named_entity_recognition"
_DATA_FILE = "drug_ner_dictionary.pkl.bz2"
# Bump when `_extract` changes what it keeps, so that old caches are not read.
EXTRACT_VERSION = 1
# A kept synonym is one plain word of at least this many letters: shorter ones ("ddi", "inh",
# "aza") are codes that collide with abbreviations and ids.
MIN_LETTERS = 5
_PLAIN_NAME = re.compile(r"[a-z][a-z\-' ]*[a-z]")


@dataclass(frozen=True, slots=True)
class Medicine:
    """One recognisable medicine name and the generic medicine it stands for."""

    name: str  # as matched: a generic, brand or synonym, lower case
    generic: str  # the package's canonical name, lower case
    brand: bool


def _data_path() -> Path | None:
    """Where the installed package keeps its dictionary, found without importing the package."""
    spec = importlib.util.find_spec(_MODULE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / _DATA_FILE
        if path.is_file():
            return path
    return None


def _stop_words(path: Path) -> frozenset[str]:
    """The package's own list of words that are not medicine names (English, firms, countries)."""
    try:
        source = (path.parent / "util.py").read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    start = source.find("stopwords = {")
    end = source.find("}", start)
    return frozenset(re.findall(r"'([^']+)'", source[start:end])) if start >= 0 else frozenset()


def _patient_facing(data: dict) -> bool:
    return "medline_plus_id" in data or "nhs_url" in data


def _keep(name: str, generic: str, brand: bool, excluded: frozenset[str]) -> bool:
    """A name safe to match on whole words: a real medicine's name, not a code or a common word."""
    if name in excluded or not _PLAIN_NAME.fullmatch(name):
        return False
    parts = re.split(r"[\- ]", name)
    if name == generic or brand:
        # "retin-a", "micro-k": a letter on its own matches too much once the hyphen is a space
        return len(name.replace(" ", "")) >= MIN_LETTERS and all(len(part) >= 3 for part in parts)
    # Synonyms: one plain word. A hyphenated synonym either holds a generic already matched
    # on its own ("apo-warfarin") or is a code ("t-stat", "hs-com").
    return len(parts) == 1 and len(name) >= MIN_LETTERS + 1


def _extract(path: Path) -> list[tuple[str, str, bool]]:
    """(name, generic, is brand) for every name of a patient medicine in the package's dictionary.

    Slow (seconds: the dictionary is an 8 MB bz2 pickle), hence the cache in `load`."""
    with bz2.open(path, "rb") as file:
        data = pickle.load(file)
    variants: dict[str, list[str]] = data["drug_variant_to_canonical"]
    canonical: dict[str, dict] = data["drug_canonical_to_data"]
    variant_data: dict[str, dict] = data.get("drug_variant_to_variant_data", {})
    rows: list[tuple[str, str, bool]] = []
    for name, generics in variants.items():
        generic = next((g for g in generics if _patient_facing(canonical.get(g, {}))), None)
        if generic is not None:
            rows.append((name, generic, bool(variant_data.get(name, {}).get("is_brand"))))
    return rows


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/pixelhound, else ~/.cache/pixelhound (the folder name is in settings)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / CLASSIFY_CACHE_FOLDER


def _cache_file(path: Path, cache_dir: Path) -> Path:
    """A cache name that changes with the dictionary file and with how it is read."""
    stat = path.stat()
    identity = f"{EXTRACT_VERSION}|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return cache_dir / f"medicines-{hashlib.sha256(identity.encode()).hexdigest()[:16]}.json"


def _read_cache(file: Path) -> list[tuple[str, str, bool]] | None:
    """The cached rows, or None when absent or not in the expected shape (never trusted blindly)."""
    try:
        rows = orjson.loads(file.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(rows, list) or not all(
        isinstance(row, list) and len(row) == 3 and isinstance(row[0], str) and isinstance(row[1], str)
        and isinstance(row[2], bool) for row in rows
    ):
        return None
    return [(name, generic, brand) for name, generic, brand in rows]


def _write_cache(file: Path, rows: list[tuple[str, str, bool]]) -> None:
    """Write atomically (parallel test workers share the cache); a cache that cannot be written is
    only a slower start next time."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=file.parent, delete=False, suffix=".tmp") as out:
            out.write(orjson.dumps(rows))
        os.replace(out.name, file)
    except OSError as error:
        log.debug("classifier: medicine cache not written: %s", error)


def load(excluded: frozenset[str] = frozenset(), cache_dir: Path | None = None) -> list[Medicine]:
    """The patient medicines of the installed package, or [] with a warning when it is missing.

    `excluded` are names never to treat as medicines (ordinary words, other meanings). The names
    read from the package are cached as JSON in `cache_dir` (default: `default_cache_dir()`).
    """
    path = _data_path()
    if path is None:
        log.warning("classifier: %s is not installed; only the lexicon's own medicine names are known",
                    PACKAGE)
        return []
    cache = _cache_file(path, cache_dir or default_cache_dir())
    rows = _read_cache(cache)
    if rows is None:
        try:
            rows = _extract(path)
        except (OSError, EOFError, KeyError, TypeError, ValueError, AttributeError,
                pickle.UnpicklingError) as error:
            log.warning("classifier: cannot read %s's dictionary (%s); only the lexicon's medicines "
                        "are known", PACKAGE, error)
            return []
        _write_cache(cache, rows)
    excluded = excluded | _stop_words(path)
    return [Medicine(name, generic, brand) for name, generic, brand in rows
            if _keep(name, generic, brand, excluded)]
