"""One finding with the evidence behind it: each request decoded, the raw request as the HAR holds
it, the screenshot of the page it left from, and the SHA-256 the run's manifest gives each file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pixelhound.capture.har import HarError, open_har
from pixelhound.dashboard.evidence import EvidenceRefused, manifest_of, read_evidence
from pixelhound.model import Analysis, Capture, Disclosure, Finding, Page
from pixelhound.report.html.text import page_key
from pixelhound.settings import DASHBOARD_MAX_RAW_BODY_CHARS, HTML_MAX_DISCLOSURES_PER_FINDING
from pixelhound.store.run_folder import SITES, RunFolder


@dataclass
class RawRequest:
    method: str
    url: str
    headers: list[tuple[str, str]]
    body: str


@dataclass
class RequestEvidence:
    """One request behind a finding."""

    disclosure: Disclosure
    har: str = ""  # the HAR's name in the run folder ("" when the run folder does not list it)
    har_sha256: str = ""
    page: Page | None = None
    screenshot: str = ""
    screenshot_sha256: str = ""
    raw: RawRequest | None = None
    problem: str = ""  # why the raw request could not be shown


@dataclass
class FindingEvidence:
    finding: Finding
    requests: list[RequestEvidence] = field(default_factory=list)
    more: int = 0  # requests behind the finding not shown


def _raw(capture: Capture) -> RawRequest:
    body = ""
    if capture.body:
        body = capture.body.decode("utf-8", errors="replace")
        if len(body) > DASHBOARD_MAX_RAW_BODY_CHARS:
            body = body[:DASHBOARD_MAX_RAW_BODY_CHARS] + f"… ({len(body) - DASHBOARD_MAX_RAW_BODY_CHARS} more characters)"
    return RawRequest(capture.method, capture.url, list(capture.request_headers), body)


def _page(analysis: Analysis, disclosure: Disclosure) -> Page | None:
    """The page the request left from (by its URL, in the same input), preferring one with a screenshot."""
    wanted = page_key(disclosure.page_url)
    pages = [p for s in analysis.sources if s.path == disclosure.source for p in s.pages if page_key(p.url) == wanted]
    return next((p for p in pages if p.screenshot), pages[0] if pages else None)


def _captures(folder: str, har: str, indices: set[int]) -> dict[int, Capture]:
    """The HAR entries at these indices, read only after the HAR is checked against the manifest."""
    read_evidence(folder, har)  # raises EvidenceRefused unless it is the sealed file
    path = RunFolder(Path(folder)).inside(har)
    if path is None:
        raise EvidenceRefused(404, "the HAR is not a regular file in the run folder")
    return {c.index: c for c in open_har(path).captures() if c.index in indices}


def _manifest_name(source: str, manifest: dict[str, str]) -> str:
    """The manifest's name for a HAR the report names by absolute path (the folder may have moved
    since: the name is then found from the run folder's `sites/` on); "" when it lists none."""
    if source in manifest:
        return source
    parts = PurePosixPath(source).parts
    for start in range(len(parts) - 1, -1, -1):
        if parts[start] == SITES:
            name = "/".join(parts[start:])
            if name in manifest:
                return name
    return ""


def finding_evidence(analysis: Analysis, folder: str, finding_id: str) -> FindingEvidence | None:
    finding = next((f for f in analysis.findings if f.id == finding_id), None)
    if finding is None:
        return None
    wanted = set(finding.disclosures)
    disclosures = [d for d in analysis.disclosures if d.id in wanted]
    shown = disclosures[:HTML_MAX_DISCLOSURES_PER_FINDING]
    manifest = manifest_of(folder)
    result = FindingEvidence(finding, more=len(disclosures) - len(shown))
    by_har: dict[str, list[RequestEvidence]] = {}
    for disclosure in shown:
        evidence = RequestEvidence(disclosure)
        har = _manifest_name(disclosure.source, manifest)
        if har:
            evidence.har, evidence.har_sha256 = har, manifest[har]
            by_har.setdefault(har, []).append(evidence)
        else:
            evidence.problem = "the run folder's manifest does not list this request's HAR"
        evidence.page = _page(analysis, disclosure)
        if evidence.page and evidence.page.screenshot in manifest:
            evidence.screenshot = evidence.page.screenshot
            evidence.screenshot_sha256 = manifest[evidence.screenshot]
        result.requests.append(evidence)
    for har, items in by_har.items():
        try:
            captures = _captures(folder, har, {e.disclosure.capture_index for e in items})
        except (EvidenceRefused, HarError) as error:
            for evidence in items:
                evidence.problem = str(error)
            continue
        for evidence in items:
            capture = captures.get(evidence.disclosure.capture_index)
            if capture is None:
                evidence.problem = f"entry {evidence.disclosure.capture_index} is not in the HAR"
            else:
                evidence.raw = _raw(capture)
    return result
