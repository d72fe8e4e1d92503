"""Any other third party: list every parameter it was sent, and recognise the common shapes
(page URLs, referrers, titles, identifiers) by name and value."""

from __future__ import annotations

import re
from urllib.parse import unquote

from pixelhound.decode.draft import Draft
from pixelhound.decode.request import ParsedRequest, flatten_json
from pixelhound.knowledge.identifiers import EMAIL_PATTERN, PARAMETER_KINDS
from pixelhound.model import PAGE_TITLE, PARAMETER, REFERRER

_URL_NAMES = {"url", "u", "dl", "loc", "location", "page", "page_url", "pageurl", "href", "landing_url",
              "landingurl", "pe", "purl", "current_url", "tw_document_href", "p", "document_location"}
_REFERRER_NAMES = {"ref", "referrer", "referer", "rl", "dr", "r", "document_referrer", "pf"}
_TITLE_NAMES = {"title", "dt", "tl", "tiba", "page_title", "pagetitle", "t", "pagename", "page_name"}


def _looks_like_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def describe_pair(draft: Draft, name: str, value: str, source: str) -> None:
    """Add one raw pair to a draft under the most telling field name it can have."""
    short = name.rsplit(".", 1)[-1].lower()
    if _looks_like_url(value) and short in _URL_NAMES:
        draft.add_page(value, source)
    elif _looks_like_url(value) and short in _REFERRER_NAMES:
        draft.add(REFERRER, value, source)
    elif short in _TITLE_NAMES and not _looks_like_url(value) and any(c.isalpha() for c in value) and " " in value.strip():
        draft.add(PAGE_TITLE, value, source)
    else:
        draft.add(PARAMETER, value, source)
    kind = PARAMETER_KINDS.get(short)
    if kind is not None:
        draft.identify(kind, value, source)
    elif "@" in value:
        match = EMAIL_PATTERN.search(value)
        if match:
            draft.identify("email", match.group(0), source)


def path_parameters(path: str) -> list[tuple[str, str]]:
    """`name=value` pairs carried in the path itself (`/ibs:dpid=903&dpuuid=..`, `/activity;src=1;`)."""
    pairs = []
    for segment in path.split("/"):
        if "=" not in segment:
            continue
        for part in re.split(r"[;&]", segment):
            name, sep, value = part.partition("=")
            if sep:
                pairs.append((unquote(name.rsplit(":", 1)[-1]), unquote(value)))
    return pairs


def bare_query_components(req: ParsedRequest) -> set[str]:
    """Query components without `=`, decoded, as parse_qsl names them."""
    query = req.split.query if req.split else ""
    return {unquote(part.replace("+", " ")) for part in query.split("&") if part and "=" not in part}


_STATIC_ASSET = re.compile(r"\.(css|js|mjs|woff2?|ttf|otf|eot|png|jpe?g|gif|svg|webp|ico)$", re.IGNORECASE)
_CACHE_BUSTERS = frozenset({"ver", "v", "version", "cb", "_", "t", "ts", "rev", "hash", "h", "build", "m", "display"})


def only_cache_busting(req: ParsedRequest) -> bool:
    """A static file fetched with nothing but a version or cache-buster (`style.css?ver=7.3.1`)
    tells its host nothing beyond the request itself; listing it would bury the real leaks."""
    if req.body_bytes or not _STATIC_ASSET.search(req.path):
        return False
    return all(name.lower() in _CACHE_BUSTERS and len(value) <= 40 for name, value in req.query)


def decode(req: ParsedRequest) -> list[Draft]:
    """One draft listing every parameter; none when the request carries no data at all."""
    if only_cache_busting(req):
        return []
    draft = Draft()
    for name, value in path_parameters(req.path):
        describe_pair(draft, name, value, f"path:{name}")
    bare = bare_query_components(req)
    for name, value, _transport in req.params():
        if name in bare:
            # A query component with no `=` (`/getuid?https://partner/...`) is data too.
            describe_pair(draft, "query", name, "query")
            continue
        describe_pair(draft, name, value, name)
    if req.body_json is not None:
        for path, value in flatten_json(req.body_json):
            describe_pair(draft, path, value, f"body.{path}")
    elif not req.body_params and req.body_lines:
        for number, line in enumerate(req.body_lines):
            for name, value in line:
                describe_pair(draft, name, value, f"body[{number}].{name}")
    elif req.body_bytes and not req.body_params:
        draft.add(PARAMETER, req.body_text, "body")
    if not draft.fields:
        return []
    return [draft]

# Field kinds (decode/fields.py): parameters that are this tag's machinery, never read as health:
# nothing known: every parameter is read as text unless its name marks a setting
# and its value is a bare word (decode/fields.py).
TECHNICAL_PARAMETERS: frozenset[str] = frozenset({})
