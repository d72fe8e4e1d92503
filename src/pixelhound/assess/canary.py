"""Canary detection: proof, not inference, that a tracker received what was typed into a form.

The live scanner types a fictional identity (the canary) into a site's forms. Afterwards every
third-party request is searched for every canary value in each form a tracker might send it:
plain, URL-encoded, base64, lower/upper-case, and MD5/SHA-1/SHA-256 of each normalisation the ad
platforms apply before hashing. A hit is hard evidence: the value cannot have come from anywhere
but the form. Each hit names the recipient, the canary field, the form it travelled in and, where
the payload can be parsed, the parameter that carried it (`udff[em]`, `pd.em`, `req[0].t.u_hem`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, quote_plus, unquote_plus

from pixelhound.decode.request import ParsedRequest, flatten_json, maybe_json, parse_query, safe_split
from pixelhound.assess.rule import NotApplicable, Rule, RunContext
from pixelhound.knowledge.vendors import default_knowledge, registrable_domain, site_domain
from pixelhound.model import Analysis, CanaryIdentity, Capture, Finding
from pixelhound.settings import (
    CANARY_MIN_EMBEDDED_BASE64_CHARS,
    CANARY_MIN_NEEDLE_CHARS,
    MAX_JSON_DEPTH,
)

RULE_CANARY = "canary-disclosed"

FIELD_LABELS: dict[str, str] = {
    "email": "email address",
    "phone": "phone number",
    "first_name": "first name",
    "last_name": "last name",
    "full_name": "full name",
    "postcode": "postcode",
}

RECOMMEND_CANARY = (
    "Turn off automatic advanced matching (Meta's automatic matching, TikTok's and Snap's automatic "
    "form matching, Pinterest's enhanced match, LinkedIn's and Google's user-provided data) and do not "
    "let trackers read form fields: keep advertising and analytics tags off pages with forms. Hashing "
    "does not anonymise: the platform matches the hash to its own users."
)

_DIGEST_FORMS = ("SHA-", "MD5", "Snap u_hem")  # how _hash_forms names what it yields
_HEX_DIGEST = re.compile(r"(?:FFF)?[0-9a-fA-F]{32,}")


@dataclass(frozen=True, slots=True)
class Needle:
    """One text to look for, and what it would mean: which canary field, in which form."""

    field: str
    form: str
    text: str

    @property
    def is_digest(self) -> bool:
        """A hash of a value (hex or base64): it proves a leak without showing the value, so a
        redacted copy keeps it (redact.py)."""
        return self.form.startswith(_DIGEST_FORMS)

    @property
    def is_hex(self) -> bool:
        """Hex digests are matched ignoring case (senders differ); everything else exactly."""
        return ("SHA-" in self.form or "MD5" in self.form) and bool(_HEX_DIGEST.fullmatch(self.text))


@dataclass(frozen=True, slots=True)
class _Variant:
    """One way of writing a value (as typed, normalised, E.164 ...), with whom it serves."""

    label: str  # "" for the value as typed
    value: str
    platforms: str = ""  # who hashes this normalisation, e.g. "Meta/Snap"


# --- the variants of each field: how people type it and how each platform normalises it ---

_ALL_PLATFORMS = "Meta/Google/TikTok/Snap/Pinterest/LinkedIn"


def _email_variants(email: str) -> list[_Variant]:
    return [_Variant("normalised email", email.strip().lower(), _ALL_PLATFORMS), _Variant("", email)]


def _phone_variants(phone: str, country_code: str) -> list[_Variant]:
    """National numbers (leading 0) are given their country code; an international one keeps its own."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+") or digits.startswith("00"):
        international = digits[2:] if digits.startswith("00") else digits
        national = "0" + international[len(country_code):] if international.startswith(country_code) else ""
    else:
        national = digits
        international = country_code + digits.lstrip("0")
    spaced = f"+{country_code} {phone.strip()[1:]}" if phone.strip().startswith("0") else ""
    return [
        _Variant("phone digits with country code", international, "Meta/Snap/Pinterest"),
        _Variant("phone in E.164", "+" + international, "Google/TikTok"),
        _Variant("phone digits only", national),
        _Variant("phone without trunk 0", national.lstrip("0")),
        _Variant("phone in international format", spaced),
        _Variant("", phone),
    ]


def _name_variants(what: str, name: str) -> list[_Variant]:
    lowered = name.strip().lower()
    return [
        _Variant(f"normalised {what}", lowered, "Meta/Google/TikTok/Snap"),
        _Variant(f"{what} letters only", re.sub(r"[\W\d_]", "", lowered)),
        _Variant("", name),
    ]


def _postcode_variants(postcode: str) -> list[_Variant]:
    compact = re.sub(r"\s", "", postcode.strip())
    outward_sector = compact[:-2] if len(compact) > 4 else ""  # Meta's UK form: "M1 1AE" -> "m11"
    return [
        _Variant("normalised postcode", compact.lower(), "Meta"),
        _Variant("postcode lower-case", postcode.strip().lower()),
        _Variant("postcode without spaces", compact.upper()),
        _Variant("postcode area, district and sector", outward_sector.lower(), "Meta (UK)"),
        _Variant("", postcode),
    ]


def _field_variants(identity: CanaryIdentity) -> list[tuple[str, list[_Variant]]]:
    return [
        ("email", _email_variants(identity.email)),
        ("phone", _phone_variants(identity.phone, identity.country_code)),
        ("first_name", _name_variants("first name", identity.first_name)),
        ("last_name", _name_variants("last name", identity.last_name)),
        ("full_name", _name_variants("full name", identity.full_name)),
        ("postcode", _postcode_variants(identity.postcode)),
    ]


# --- encodings of one variant ---


def _named(form: str, variant: _Variant) -> str:
    return f"{form}, {variant.label}" if variant.label else form


def _text_forms(value: str) -> Iterator[tuple[str, str]]:
    """(form, text) for the ways a page or script may carry a value unhashed."""
    for case, cased in (("plain", value), ("lower-case", value.lower()), ("upper-case", value.upper())):
        yield case, cased
        encoded = "URL-encoded" if case == "plain" else f"URL-encoded, {case}"
        yield encoded, quote(cased, safe="")
        yield encoded, quote_plus(cased, safe="")
    yield from base64_forms(value.encode("utf-8"), "base64")


def base64_forms(data: bytes, form: str) -> Iterator[tuple[str, str]]:
    """Standard and URL-safe, with and without padding, and the fragments that stand for the value
    when it sits inside a longer base64 text (one per alignment of its first byte)."""
    for alphabet, encode in (("", base64.b64encode), (" (URL-safe)", base64.urlsafe_b64encode)):
        full = encode(data).decode("ascii")
        yield form + alphabet, full
        yield form + alphabet, full.rstrip("=")
        for shift in (1, 2):
            shifted = encode(b"\0" * shift + data).decode("ascii")
            start, end = -(-8 * shift // 6), 8 * (shift + len(data)) // 6
            fragment = shifted[start:end]
            if len(fragment) >= CANARY_MIN_EMBEDDED_BASE64_CHARS:
                yield f"{form}{alphabet} inside longer text", fragment


def _hash_forms(value: str, variant: _Variant, field: str) -> Iterator[tuple[str, str]]:
    """MD5, SHA-1 and SHA-256 as hex (both cases); SHA-256 also as base64 (Google's user-provided
    data) and, for email and phone, with Snap's "FFF" prefix (`u_hem`)."""
    label = variant.label or f"{FIELD_LABELS[field]} as typed"
    data = value.encode("utf-8")
    for name, algorithm in (("SHA-256", hashlib.sha256), ("SHA-1", hashlib.sha1), ("MD5", hashlib.md5)):
        digest = algorithm(data)
        platforms = f" ({variant.platforms})" if variant.platforms and name == "SHA-256" else ""
        yield f"{name} of {label}{platforms}", digest.hexdigest()
        yield f"{name} of {label}, upper-case hex", digest.hexdigest().upper()
    raw = hashlib.sha256(data).digest()
    yield from base64_forms(raw, f"SHA-256 of {label}, base64")
    if field in ("email", "phone"):
        yield f"Snap u_hem style (FFF + SHA-256 of {label})", "FFF" + hashlib.sha256(data).hexdigest()


def canary_needles(identity: CanaryIdentity) -> list[Needle]:
    """Every text whose presence in a request proves a canary value reached its recipient.
    Texts shorter than CANARY_MIN_NEEDLE_CHARS are dropped, and so are the encodings of values that short
    (their base64 is as likely to turn up by chance); a hash of any value is kept. Each text is kept
    once, under its first (most specific) description."""
    needles: dict[str, Needle] = {}

    def add(field: str, form: str, text: str) -> None:
        if len(text) >= CANARY_MIN_NEEDLE_CHARS and text not in needles:
            needles[text] = Needle(field, form, text)

    for field, variants in _field_variants(identity):
        typed = [v for v in variants if not v.label] + [v for v in variants if v.label]
        for variant in (v for v in typed if len(v.value) >= CANARY_MIN_NEEDLE_CHARS):
            for form, text in _text_forms(variant.value):
                add(field, _named(form, variant), text)
        for variant in variants:
            if variant.value:
                for form, text in _hash_forms(variant.value, variant, field):
                    add(field, form, text)
    return list(needles.values())


# --- matching ---


def trie_pattern(words: Iterable[str]) -> str:
    """One regex for many literals, as a trie (`ab(?:c|d)`): the regex engine then tests a position
    against one branch per distinct next character instead of against every word. A word that is a
    prefix of another makes the rest optional and greedy, so the longest word wins."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node(trie)


def _trie_node(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _trie_node(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


_HEX_RUN = re.compile(r"(?<![0-9a-fA-F])[0-9a-fA-F]{32,}")


class _Matcher:
    """Finds needles fast. Text needles (case-sensitive) through one trie regex, leftmost-longest,
    so the email wins over the name inside it. Hex digests (either case) by taking each run of 32 or
    more hex digits and testing it against every digest: runs are few, digests many."""

    def __init__(self, needles: list[Needle]) -> None:
        self._exact = {n.text: n for n in needles if not n.is_hex}
        self._hex: dict[str, Needle] = {}
        for needle in needles:
            if needle.is_hex:
                self._hex.setdefault(needle.text.lower(), needle)
        self._upper = {n.text: n for n in needles if n.is_hex and n.text != n.text.lower()}
        self._pattern = re.compile(trie_pattern(self._exact)) if self._exact else None

    def find(self, text: str) -> list[Needle]:
        """The distinct needles in `text`, in order of appearance."""
        if not text:
            return []
        found: dict[str, Needle] = {}
        if self._pattern is not None:
            for match in self._pattern.finditer(text):
                needle = self._exact[match.group(0)]
                found.setdefault(needle.text, needle)
        for run in _HEX_RUN.findall(text):
            for needle in self._digests(run):
                found.setdefault(needle.text, needle)
        return list(found.values())

    def _digests(self, run: str) -> list[Needle]:
        """Digests in one hex run; one inside another found (SHA-256 in FFF+SHA-256) is dropped.
        An all-upper-case occurrence is reported under its upper-case form."""
        lowered = run.lower()
        keys = [key for key in self._hex if key in lowered]
        keys = [key for key in keys if not any(key != other and key in other for other in keys)]
        result = []
        for key in keys:
            at = lowered.index(key)
            upper = self._upper.get(run[at : at + len(key)])
            result.append(upper or self._hex[key])
        return result


@lru_cache(maxsize=8)
def _matcher_for(identity: CanaryIdentity) -> _Matcher:
    """Built once per identity: a scan calls find_canaries once per site."""
    return _Matcher(canary_needles(identity))


@lru_cache(maxsize=8)
def _digest_matcher_for(identity: CanaryIdentity) -> _Matcher:
    return _Matcher([n for n in canary_needles(identity) if n.is_digest])


def needles_in(text: str, identity: CanaryIdentity, digests_only: bool = False) -> list[Needle]:
    """The canary texts (values, encodings, hashes; or only the hashes) that occur in any text,
    e.g. a file's."""
    return (_digest_matcher_for(identity) if digests_only else _matcher_for(identity)).find(text)


@dataclass(frozen=True, slots=True)
class CanaryHit:
    """One canary value found in one third-party request."""

    capture_index: int
    request_url: str
    host: str
    vendor: str
    company: str
    field: str
    form: str
    where: str  # "url", "body" or "header:<name>"
    parameter: str  # name or JSON path that carried it; "" when it could not be told
    text: str  # the needle that matched


@dataclass(frozen=True, slots=True)
class _Location:
    """One part of a request: texts to search whole, and named parts to tell the parameter by."""

    where: str
    texts: tuple[str, ...]
    units: Callable[[], list[tuple[str, str]]]


def _expand(name: str, value: str) -> list[tuple[str, str]]:
    """A parameter, or the leaves of its value when that is JSON (`pd={"em":..}` -> `pd.em`)."""
    parsed = maybe_json(value)
    leaves = flatten_json(parsed, name, max_depth=MAX_JSON_DEPTH) if parsed is not None else []
    return leaves or [(name, value)]


def _expand_all(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [unit for name, value in pairs for unit in _expand(name, value)]


def _url_units(url: str) -> list[tuple[str, str]]:
    split = safe_split(url)
    if split is None:
        return [("", url)]
    return [("(path)", split.path), *_expand_all(parse_query(split.query))]


def _body_units(req: ParsedRequest) -> list[tuple[str, str]]:
    if req.body_json is not None:
        leaves = flatten_json(req.body_json, max_depth=MAX_JSON_DEPTH)
        return _expand_all(leaves)
    pairs = req.body_params or [pair for line in req.body_lines for pair in line]
    return _expand_all(pairs)


def _header_units(name: str, value: str) -> list[tuple[str, str]]:
    lowered = name.lower()
    if lowered == "cookie":
        cookies = (part.strip().partition("=") for part in value.split(";"))
        return [(f"cookie {key}", item) for key, _, item in cookies]
    if value.startswith(("http://", "https://")):
        return _url_units(value)
    return [("", value)]


def _texts(raw: str) -> tuple[str, ...]:
    """The text as sent and, when it has any percent or plus, percent-decoded."""
    if "%" not in raw and "+" not in raw:
        return (raw,)
    return raw, unquote_plus(raw)


def _locations(req: ParsedRequest) -> Iterator[_Location]:
    url = req.capture.url
    yield _Location("url", _texts(url), lambda: _url_units(url))
    if req.body_bytes:
        body = req.body_text
        texts = _texts(body)
        if req.body_json is not None and "\\" in body:  # JSON escapes (\u0040, \/) hide plain text
            texts += ("\n".join(v for _, v in flatten_json(req.body_json, max_depth=MAX_JSON_DEPTH)),)
        yield _Location("body", texts, lambda: _body_units(req))
    for name, value in req.capture.request_headers:
        if not name.startswith(":") and value:
            yield _Location(f"header:{name.lower()}", _texts(value), lambda n=name, v=value: _header_units(n, v))


def _search(location: _Location, matcher: _Matcher) -> list[tuple[Needle, str]]:
    """(needle, parameter) pairs: the whole texts say whether to look closer, the named parts say
    where. A value found raw is not reported again in its decoded form; a whole-text match is kept
    only for a field no part had, and not when it lies inside a part's match (the name in the email)."""
    whole: list[Needle] = []
    for text in location.texts:
        fields = {n.field for n in whole}
        whole += [n for n in matcher.find(text) if n.field not in fields]
    if not whole:
        return []
    hits: list[tuple[Needle, str]] = []
    for name, value in location.units():
        raw = matcher.find(value)
        hits += [(n, name) for n in raw]
        if "%" in value or "+" in value:
            seen = {n.field for n in raw}
            hits += [(n, name) for n in matcher.find(unquote_plus(value)) if n.field not in seen]
    named = {n.field for n, _ in hits}
    texts = [n.text.lower() for n, _ in hits]
    hits += [(n, "") for n in whole if n.field not in named and not any(n.text.lower() in t for t in texts)]
    return hits


def _recipient(host: str) -> tuple[str, str]:
    """(vendor id, company); an unknown host is named by its registrable domain."""
    vendor = default_knowledge().vendor_for_host(host)
    if vendor is not None:
        return vendor.id, vendor.company
    domain = registrable_domain(host)
    return domain, domain


def _is_searched(req: ParsedRequest, site_domain: str) -> bool:
    """Third-party http(s) requests only; with no site domain known, every request is searched."""
    if req.split is None or req.split.scheme not in ("http", "https") or not req.host:
        return False
    return not site_domain or registrable_domain(req.host) != site_domain


def find_canaries(captures: Iterable[Capture], identity: CanaryIdentity, site_domain: str) -> list[CanaryHit]:
    """Every canary value in every third-party request: URL, body (gunzipped) and headers."""
    matcher = _matcher_for(identity)
    site = registrable_domain(site_domain) if site_domain else ""
    hits: dict[tuple[int, str, str, str, str], CanaryHit] = {}
    for capture in captures:
        req = ParsedRequest(capture)
        if not _is_searched(req, site):
            continue
        for location in _locations(req):
            for needle, parameter in _search(location, matcher):
                key = (capture.index, location.where, needle.field, needle.form, parameter)
                if key not in hits:
                    vendor, company = _recipient(req.host)
                    hits[key] = CanaryHit(
                        capture_index=capture.index,
                        request_url=capture.url,
                        host=req.host,
                        vendor=vendor,
                        company=company,
                        field=needle.field,
                        form=needle.form,
                        where=location.where,
                        parameter=parameter,
                        text=needle.text,
                    )
    return list(hits.values())


# --- findings ---

_MAX_FORMS_SHOWN = 4


def _how(group: list[CanaryHit]) -> str:
    """"SHA-256 of normalised email (...) in udff[em]; plain in email", at most a few, in order seen."""
    shown: list[str] = []
    for hit in group:
        place = hit.parameter or f"the {hit.where.replace(':', ' ')}"
        text = f"{hit.form} in {place}"
        if text not in shown:
            shown.append(text)
    more = len(shown) - _MAX_FORMS_SHOWN
    return "; ".join(shown[:_MAX_FORMS_SHOWN]) + (f"; and {more} more" if more > 0 else "")


def _summary(group: list[CanaryHit]) -> str:
    first = group[0]
    requests = len({h.capture_index for h in group})
    count = f", in {requests} requests" if requests > 1 else ""
    label = FIELD_LABELS.get(first.field, first.field)
    return f"{first.company} received the {label} typed into a form, as {_how(group)}{count}"


def canary_findings(hits: list[CanaryHit], source: str) -> list[Finding]:
    """One high-severity finding per recipient and canary field: typed personal data reached an
    ad-tech or analytics company."""
    groups: dict[tuple[str, str], list[CanaryHit]] = {}
    for hit in hits:
        groups.setdefault((hit.vendor, hit.field), []).append(hit)
    return [
        Finding(
            id="",
            rule=RULE_CANARY,
            severity="high",
            vendor=group[0].vendor,
            company=group[0].company,
            summary=_summary(group),
            captures=sorted({h.capture_index for h in group}),
            recommendation=RECOMMEND_CANARY,
            source=source,
        )
        for group in groups.values()
    ]


class CanaryDisclosed(Rule):
    """Live scans with a canary identity only: a HAR import typed nothing into any form."""

    id = RULE_CANARY
    name = "CanaryDisclosed"
    severity = "high"
    title = "What was typed into a form reached a third party."
    why = (
        "The scanner typed a fictional identity (the canary) into the site's forms, and a third party "
        "received one of its values: plain, encoded or hashed. This is proof, not inference: the value "
        "could only have come from the form."
    )
    advice = (
        "Turn off automatic advanced matching and do not let trackers read form fields: keep advertising "
        "and analytics tags off pages with forms. Hashing does not anonymise: the platform matches the "
        "hash to its own users."
    )

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        if context.identity is None:
            raise NotApplicable("no canary identity was typed into forms")
        findings: list[Finding] = []
        for scan in context.scans:
            sent = [capture for capture in scan.captures if not capture.intercepted]
            hits = find_canaries(sent, context.identity, site_domain(scan.site.url))
            findings += canary_findings(hits, str(scan.har_path or ""))
        return findings
