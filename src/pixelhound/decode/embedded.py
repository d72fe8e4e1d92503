"""Values that are themselves structured data (JSON inside a parameter, page metadata collected by
a pixel), turned into fields one leaf at a time.

Shared by the vendor decoders so that a button's inner text, a form's input names or a page's Open
Graph title come out under the same field names whichever pixel sent them, each leaf keeping the
path it had on the wire.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pixelhound.decode.draft import Draft
from pixelhound.decode.request import flatten_json, maybe_json
from pixelhound.model import PAGE_METADATA, PAGE_TITLE
from pixelhound.settings import MAX_JSON_DEPTH

# Decides the field name of one leaf from its key (last path component) and its text.
FieldNamer = Callable[[str, str], str]

_INDEX_SUFFIX = re.compile(r"(\[\d+\])+$")

# Keys under which page metadata (Open Graph, <meta>, JSON-LD, microdata) carries the page title.
TITLE_KEYS = frozenset({"title", "og:title", "twitter:title", "pagetitle", "page_title"})


def join_source(prefix: str, path: str) -> str:
    """`cd[buttonFeatures]` + `innerText` -> `cd[buttonFeatures].innerText`; list paths keep brackets."""
    if not path:
        return prefix
    if not prefix:
        return path
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


def leaf_key(path: str) -> str:
    """The key a leaf sits under: `a.b[0].innerText` -> `innerText`, `classList[2]` -> `classList`."""
    return _INDEX_SUFFIX.sub("", path).rsplit(".", 1)[-1]


def scalar_text(value: Any) -> str | None:
    """A scalar, or a list of scalars joined by commas, as text; None for anything nested."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        return ",".join(str(item) for item in value)
    return None


def add_leaves(draft: Draft, data: Any, prefix: str, namer: FieldNamer) -> None:
    """Add every leaf of `data` as a field named by `namer`, sourced `prefix.path`."""
    for path, text in flatten_json(data, max_depth=MAX_JSON_DEPTH):
        draft.add(namer(leaf_key(path), text), text, join_source(prefix, path))


def metadata_name(key: str, _text: str) -> str:
    """Page metadata leaves are PAGE_METADATA, except the page's title."""
    return PAGE_TITLE if key.lower() in TITLE_KEYS else PAGE_METADATA


def add_page_metadata(draft: Draft, data: Any, prefix: str) -> None:
    """Open Graph, <meta>, JSON-LD or microdata the pixel read off the page."""
    add_leaves(draft, data, prefix, metadata_name)


def parse_embedded(value: Any) -> Any:
    """A value that may be JSON text (`"{\\"og:title\\": ...}"`): parsed when it is, else None."""
    if isinstance(value, (dict, list)):
        return value
    if isinstance(value, str):
        return maybe_json(value)
    return None
