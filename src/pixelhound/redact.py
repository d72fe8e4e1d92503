"""A copy of a run folder fit to publish: what could identify a person or a browser is masked in
every file, what proves a leak is kept, and the copy has a manifest of its own that names the
original's.

Masked, wherever it occurs and in every form a file may hold it (plain, URL-encoded, base64,
JSON- and HTML-escaped): the canary identity (its values as typed and as normalised), cookie
values, IP addresses, Authorization headers, and any value the user lists. Cookie values shorter
than REDACT_MIN_SEARCHED_CHARS are masked only where they stand as cookies. Kept: hashes of canary
values (a SHA-256 of the email sent to Meta is the proof of the leak, and shows no value), and
screenshots (pictures are not searched; they show the fictional canary at most, typed into forms;
docs/sealing.md). Not copied: the original's seals (they cannot verify on other bytes).

The original must verify first: the copy's manifest records the original manifest's SHA-256 as
its provenance, and that claim is only worth making for evidence that is intact.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import ipaddress
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, quote_plus

from pixelhound.assess.canary import base64_forms, canary_needles, needles_in, trie_pattern
from pixelhound.evidence import ManifestError, read_manifest, sha256_file, verify, write_manifest
from pixelhound.model import CanaryIdentity
from pixelhound.settings import REDACT_MASK, REDACT_MIN_SEARCHED_CHARS
from pixelhound.store.run_folder import HAR_FILE, RunFolder, RunFolderError

_PICTURES = (".png", ".jpg", ".jpeg", ".webp")
_GZIP = ".gz"
_JSON = (".json", ".har", ".sarif", ".json.gz")
_SECRET_HEADERS = ("authorization", "proxy-authorization")
# An IPv4 address, not a version number ("Chrome/131.0.0.0": a word and a slash before it).
_IPV4 = re.compile(r"(?<![\w.-])(?<![A-Za-z]/)(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.-])")
_IPV6 = re.compile(r"(?<![\w:.-])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:-])")


class RedactError(Exception):
    """The run folder cannot be copied as asked (it is not one, or not intact); one line."""


class RedactOutputError(RedactError):
    """The copy cannot be written where asked; one line."""


@dataclass
class Redaction:
    """What a redacted copy holds: counts of masked values by kind, the proofs kept, by file."""

    out: Path
    original_manifest_sha256: str
    files: int = 0
    masked: Counter[str] = field(default_factory=Counter)  # kind -> distinct values masked
    proofs: dict[str, list[str]] = field(default_factory=dict)  # file -> "form: hash" kept


# --- what to mask


def _identity(folder: RunFolder) -> CanaryIdentity:
    recorded = (folder.read_run() or {}).get("identity")
    try:
        return CanaryIdentity(**recorded) if isinstance(recorded, dict) else CanaryIdentity()
    except TypeError:
        return CanaryIdentity()


def _encodings(value: str) -> Iterator[str]:
    """Every form a file may carry a value in."""
    yield value
    yield quote(value, safe="")
    yield quote_plus(value, safe="")
    yield json.dumps(value)[1:-1]
    yield html.escape(value)
    for _, text in base64_forms(value.encode("utf-8"), "base64"):
        yield text


def _har_entries(document: object) -> list[dict]:
    log = document.get("log") if isinstance(document, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    return _dicts(entries)


def _messages(entry: dict) -> Iterator[dict]:
    for part in ("request", "response"):
        if isinstance(entry.get(part), dict):
            yield entry[part]


def _dicts(value: object) -> list[dict]:
    """The objects of a HAR list (headers, cookies); anything else in a malformed HAR is skipped."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _cookie_pairs(header: str, name: str) -> list[tuple[str, str]]:
    """(name, value) of a Cookie header's cookies, or of a Set-Cookie's one cookie."""
    parts = header.split(";") if name == "cookie" else header.split(";")[:1]
    pairs = [part.strip().partition("=") for part in parts]
    return [(key, value) for key, sep, value in pairs if sep]


def _secrets_of_har(document: object) -> Iterator[tuple[str, str]]:
    """(kind, value): cookie values, Authorization credentials, server IP addresses."""
    for entry in _har_entries(document):
        address = entry.get("serverIPAddress")
        if isinstance(address, str) and address.strip("[]"):
            yield "IP address", address.strip("[]")
        for message in _messages(entry):
            for cookie in _dicts(message.get("cookies")):
                if isinstance(cookie.get("value"), str) and cookie["value"]:
                    yield "cookie value", cookie["value"]
            for header in _dicts(message.get("headers")):
                name, value = str(header.get("name", "")).lower(), header.get("value")
                if not isinstance(value, str) or not value:
                    continue
                if name in ("cookie", "set-cookie"):
                    for _, cookie_value in _cookie_pairs(value, name):
                        if cookie_value:
                            yield "cookie value", cookie_value
                elif name in _SECRET_HEADERS:
                    yield "authorization", value
                    scheme, _, credentials = value.partition(" ")
                    if credentials.strip():
                        yield "authorization", credentials.strip()


def _addresses(text: str) -> Iterator[str]:
    yield from _IPV4.findall(text)
    for candidate in _IPV6.findall(text):
        if candidate.count(":") >= 2 and candidate.strip(":"):
            try:
                ipaddress.IPv6Address(candidate)
            except ValueError:
                continue
            yield candidate


class _Masker:
    """One pass over a text masks every form of every secret (longest first); canary hashes are
    never secrets, so a proof of a leak is never masked."""

    def __init__(self, secrets: dict[str, str], keep: set[str]) -> None:
        forms = {form for value in secrets for form in _encodings(value) if form}
        forms = {form for form in forms if form.lower() not in keep and form != REDACT_MASK}
        self._pattern = re.compile(trie_pattern(forms)) if forms else None

    def mask(self, text: str) -> str:
        return self._pattern.sub(REDACT_MASK, text) if self._pattern is not None else text


def _mask_har_structure(document: object) -> None:
    """Cookie and credential fields masked where they stand, whatever their length."""
    for entry in _har_entries(document):
        if isinstance(entry.get("serverIPAddress"), str) and entry["serverIPAddress"]:
            entry["serverIPAddress"] = REDACT_MASK
        for message in _messages(entry):
            for cookie in _dicts(message.get("cookies")):
                if cookie.get("value"):
                    cookie["value"] = REDACT_MASK
            for header in _dicts(message.get("headers")):
                name, value = str(header.get("name", "")).lower(), header.get("value")
                if not isinstance(value, str) or not value:
                    continue
                if name == "cookie":
                    header["value"] = "; ".join(f"{key}={REDACT_MASK}" for key, _ in _cookie_pairs(value, name))
                elif name == "set-cookie":
                    cookie_name, _, attributes = value.partition(";")
                    key = cookie_name.partition("=")[0].strip()
                    header["value"] = f"{key}={REDACT_MASK}" + (f";{attributes}" if attributes else "")
                elif name in _SECRET_HEADERS:
                    header["value"] = REDACT_MASK


# --- reading and writing files as text, losslessly


def _read_evidence(run_dir: Path, name: str, recorded: str) -> bytes:
    """A file's bytes, checked against the manifest as they are read: a copy is only ever made of
    bytes that verify, even if the original changes while it is copied."""
    try:
        data = (run_dir / name).read_bytes()
    except OSError as error:
        raise RedactError(f"cannot read {name} in {run_dir}: {error.strerror or error}") from None
    if hashlib.sha256(data).hexdigest() != recorded:
        raise RedactError(f"{run_dir}: {name} changed while it was being copied; nothing is published from it")
    return data


def _as_text(name: str, data: bytes) -> str:
    if name.endswith(_GZIP):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise RedactError(f"cannot open {name}: {error}") from None
    return data.decode("utf-8", errors="surrogateescape")


def _as_bytes(name: str, text: str) -> bytes:
    data = text.encode("utf-8", errors="surrogateescape")
    return gzip.compress(data, mtime=0) if name.endswith(_GZIP) else data


def _is_har(name: str) -> bool:
    return name.endswith(".har") or Path(name).name == HAR_FILE


def _is_picture(name: str) -> bool:
    return name.lower().endswith(_PICTURES)


# --- the copy


def redact_run(run_dir: Path, out: Path, listed: Iterable[str] = ()) -> Redaction:
    """Write the redacted copy of `run_dir` into `out` (new or empty) and its manifest. Two passes
    over the files (find what to mask, then write), so no run is ever held in memory whole."""
    recorded = _intact_manifest(run_dir)
    copy = RunFolder(out)
    try:
        copy.check_new()
    except RunFolderError as error:
        raise RedactOutputError(str(error)) from None
    identity = _identity(RunFolder(run_dir))
    needles = canary_needles(identity)
    secrets = _secrets(run_dir, recorded, needles, listed)
    masker = _Masker(secrets, keep={n.text.lower() for n in needles if n.is_digest})
    result = Redaction(out=out, original_manifest_sha256=sha256_file(RunFolder(run_dir).manifest))
    result.masked.update(Counter(secrets.values()))
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, expected in sorted(recorded.items()):
            data = _read_evidence(run_dir, name, expected)
            if not _is_picture(name):
                text = _masked(name, _as_text(name, data), masker)
                proofs = [f"{n.form}: {n.text}" for n in needles_in(text, identity, digests_only=True)]
                if proofs:
                    result.proofs[name] = proofs
                data = _as_bytes(name, text)
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(data)
            result.files += 1
        copy.redaction_note.write_text(_note(run_dir, result), encoding="utf-8")
        write_manifest(out, provenance={
            "redacted_copy_of": {"manifest_sha256": result.original_manifest_sha256, "files": len(recorded)},
            "masked": dict(sorted(result.masked.items())),
        })
    except OSError as error:
        raise RedactOutputError(f"cannot write the copy into {out}: {error.strerror or error}") from None
    return result


def _intact_manifest(run_dir: Path) -> dict[str, str]:
    """The manifest of a run folder that verifies (RedactError otherwise)."""
    if RunFolder(run_dir).read_run() is None:
        raise RedactError(f"{run_dir}: not a pixelhound run folder (no readable run.json)")
    try:
        check = verify(run_dir)
        recorded = read_manifest(run_dir)
    except ManifestError as error:
        raise RedactError(str(error)) from None
    if not check.intact:
        raise RedactError(f"{run_dir}: does not match its manifest (pixelhound verify {run_dir}); "
                          "a copy of evidence that is not intact is not made")
    return recorded


def _secrets(run_dir: Path, recorded: dict[str, str], needles: list, listed: Iterable[str]) -> dict[str, str]:
    """Every value to mask, by kind: the canary's unhashed forms, the listed values, and what the
    files hold: cookie values and credentials (HARs), IP addresses (anywhere)."""
    secrets: dict[str, str] = {n.text: "canary identity" for n in needles if not n.is_digest}
    for value in listed:
        secrets.setdefault(value.strip(), "listed by you")
    for name, expected in sorted(recorded.items()):
        if _is_picture(name):
            continue
        text = _as_text(name, _read_evidence(run_dir, name, expected))
        if _is_har(name):
            try:
                for kind, value in _secrets_of_har(json.loads(text)):
                    if kind != "cookie value" or len(value) >= REDACT_MIN_SEARCHED_CHARS:
                        secrets.setdefault(value, kind)
            except (ValueError, RecursionError):
                pass  # not JSON: masked as text like any other file
        for address in _addresses(text):
            secrets.setdefault(address, "IP address")
    return secrets


def _masked(name: str, text: str, masker: _Masker) -> str:
    """A file's text masked. JSON (HARs, reports, NetLogs) is masked value by value, so that a
    secret written as a JSON number becomes the string "REDACTED" and the file stays JSON; other
    text, and JSON that does not parse, is masked as text."""
    if not name.endswith(_JSON):
        return masker.mask(text)
    try:
        document = json.loads(text)
        if _is_har(name):
            _mask_har_structure(document)
        return json.dumps(_mask_json(document, masker), ensure_ascii=False,
                          indent=None if name.endswith(_GZIP) else 2)
    except (ValueError, RecursionError):
        return masker.mask(text)


def _mask_json(value: object, masker: _Masker) -> object:
    if isinstance(value, str):
        return masker.mask(value)
    if isinstance(value, list):
        return [_mask_json(item, masker) for item in value]
    if isinstance(value, dict):
        return {masker.mask(key): _mask_json(item, masker) for key, item in value.items()}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        written = json.dumps(value)
        return REDACT_MASK if masker.mask(written) != written else value
    return value


def _note(run_dir: Path, result: Redaction) -> str:
    """The copy's README: what it is, what was masked, what was kept and why."""
    lines = [
        "# A redacted copy of a pixelhound run folder",
        "",
        f"Made from the run folder `{run_dir.name}`, whose manifest.json had SHA-256 "
        f"`{result.original_manifest_sha256}` (also recorded in this copy's manifest.json, under provenance).",
        "The original is the evidence; this copy is for publishing. `pixelhound verify` checks this copy against",
        "its own manifest; a signature or timestamp of the original does not verify on it (sign the copy anew).",
        "",
        f"Every `{REDACT_MASK}` stands for a masked value, in plain, URL-encoded, base64, JSON- and HTML-escaped forms:",
        "",
    ]
    lines += [f"- {kind}: {count} distinct value(s) or spelling(s), each in every encoding"
              for kind, count in sorted(result.masked.items())]
    lines += [
        "",
        "Kept on purpose:",
        "",
        "- Screenshots, unchanged: pictures are not searched. They show pages as the browser showed them, and at",
        "  most the scanner's fictional test identity typed into forms; no cookie value or IP address is drawn on them.",
        "- Hashes of the test identity that prove a leak (for example the SHA-256 of the email address that a",
        "  tracker received): a hash shows no value, and it is the proof. Kept here:",
        "",
    ]
    if result.proofs:
        for name, proofs in sorted(result.proofs.items()):
            lines += [f"  - `{name}`:"] + [f"    - {proof}" for proof in dict.fromkeys(proofs)]
    else:
        lines.append("  - none found in this run")
    return "\n".join(lines) + "\n"

