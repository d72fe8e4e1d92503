"""What must never be in a redacted copy, searched for independently of redact.py: every byte of
every file (gzip opened), for every canary value, cookie value and IP address of the original, in
plain, URL-encoded and base64 forms."""

from __future__ import annotations

import base64
import gzip
import json
import re
from pathlib import Path
from urllib.parse import quote, quote_plus

from pixelhound.assess.canary import canary_needles, trie_pattern
from pixelhound.model import CanaryIdentity
from pixelhound.settings import REDACT_MIN_SEARCHED_CHARS


def forms(value: str) -> set[str]:
    data = value.encode("utf-8")
    return {value, quote(value, safe=""), quote_plus(value, safe=""), base64.b64encode(data).decode(),
            base64.b64encode(data).decode().rstrip("="), base64.urlsafe_b64encode(data).decode().rstrip("=")}


def original_secrets(run_dir: Path, identity: CanaryIdentity) -> dict[str, str]:
    """form -> what it is: the canary's unhashed forms, and the HARs' cookie values and server IPs."""
    secrets = {n.text: f"canary {n.field} ({n.form})" for n in canary_needles(identity) if not n.is_digest}
    for har in run_dir.glob("sites/*/*/capture.har"):
        for entry in json.loads(har.read_text())["log"]["entries"]:
            if entry.get("serverIPAddress"):
                secrets.update({form: "IP address" for form in forms(entry["serverIPAddress"].strip("[]"))})
            for part in ("request", "response"):
                for cookie in entry[part].get("cookies", []):
                    if len(cookie["value"]) >= REDACT_MIN_SEARCHED_CHARS:
                        secrets.update({form: f"cookie {cookie['name']}" for form in forms(cookie["value"])})
    return secrets


def file_bytes(folder: Path) -> dict[str, bytes]:
    """Every file of a folder, gzip opened (and the gzip bytes as they are)."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found[path.relative_to(folder).as_posix()] = data
        if path.name.endswith(".gz"):
            found[path.relative_to(folder).as_posix() + " (opened)"] = gzip.decompress(data)
    return found


def leaks(folder: Path, secrets: dict[str, str]) -> list[str]:
    """`file: what` for every secret form found in any byte of the folder (one pass per file:
    the bytes read as Latin-1, one character per byte, and each form as its UTF-8 bytes)."""
    as_bytes = {form.encode("utf-8").decode("latin-1"): what for form, what in secrets.items()}
    pattern = re.compile(trie_pattern(as_bytes))
    found = []
    for name, data in file_bytes(folder).items():
        text = data.decode("latin-1")
        seen = {match.group(0) for match in pattern.finditer(text)}
        found += [f"{name}: {as_bytes[form]} {form!r}" for form in sorted(seen)]
    return found
