"""The offline pipeline: capture records -> decode -> classify -> assess, into one Analysis.

A HAR file and (later) a live scan both feed Captures in here; from this point on the code is
shared. Captures are streamed: only the small decoded facts are kept, never the bodies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path
from urllib.parse import urlsplit
from typing import TYPE_CHECKING

from pixelhound import __version__
from pixelhound.assess.registry import judge
from pixelhound.assess.rule import RunContext
from pixelhound.capture.har import HarDocument, HarError, open_har, path_text
from pixelhound.classify.roles import role_texts
from pixelhound.classify.site_context import (
    SelfDescription,
    apply_context,
    har_home_html,
    page_descriptions,
    site_context,
)
from pixelhound.credentials import redact_url, without_userinfo
from pixelhound.decode.enrich import finish, generic_endpoint, unknown_vendor
from pixelhound.decode.registry import decoder_for, technical_parameters
from pixelhound.decode.request import ParsedRequest
from pixelhound.knowledge.vendors import VendorKnowledge, default_knowledge, is_third_party, registrable_domain, site_domain
from pixelhound.model import (
    Analysis,
    Capture,
    Cookie,
    Disclosure,
    Page,
    Presence,
    SiteContext,
    SourceSummary,
    ThirdParty,
)

if TYPE_CHECKING:
    from pixelhound.assess.canary import CanaryIdentity
    from pixelhound.capture.scan import SiteScan


@dataclass
class _PageContext:
    """What we know of the page a capture belongs to: its URL and the site's registrable domain."""

    url: str = ""
    domain: str = ""


@dataclass
class Analyzer:
    """Accumulates disclosures from any number of capture sources, then judges them."""

    knowledge: VendorKnowledge = field(default_factory=default_knowledge)
    sources: list[SourceSummary] = field(default_factory=list)
    disclosures: list[Disclosure] = field(default_factory=list)
    presences: list[Presence] = field(default_factory=list)
    cookies: list[Cookie] = field(default_factory=list)
    site_category: str = ""  # --site-category for every input ("" = infer each site's context)
    _third_parties: dict[str, ThirdParty] = field(default_factory=dict)
    _site_contexts: dict[str, SiteContext] = field(default_factory=dict)

    def add_har(self, path: Path) -> SourceSummary:
        """Analyse one HAR file. A file that cannot be read at all is recorded with its error."""
        try:
            document = open_har(path)
        except HarError as error:
            summary = SourceSummary(path=path_text(path), error=str(error))
            self.sources.append(summary)
            return summary
        return self._add_document(document)

    def _add_document(self, document: HarDocument) -> SourceSummary:
        summary = SourceSummary(path=path_text(document.path), entries=document.entry_count)
        pages = {page.id: page for page in document.pages}
        first_disclosure = len(self.disclosures)
        names: list[str] = []  # the site's name, when pixelhound exported the HAR (`_pixelhound.site`)

        def noting_the_name(captures: Iterable[Capture]) -> Iterable[Capture]:
            for capture in captures:
                if not names and capture.site:
                    names.append(capture.site)
                yield capture

        first_url = self.add_captures(noting_the_name(document.captures()), pages)
        summary.pages = list(pages.values())
        summary.warnings = list(document.warnings)
        summary.unread_entries = document.unread_entries
        summary.site = next((p.url for p in summary.pages if p.url), first_url)
        first = next((p for p in summary.pages if p.url), None)
        summary.site_context = self.context_of_site(
            summary.site,
            lambda: page_descriptions(
                first.title if first else "", summary.site, har_home_html(document.path, summary.site),
                _given_name(names[0] if names else "", summary.site),
            ),
        )
        self.apply_site_context(first_disclosure, summary.site_context)
        self.sources.append(summary)
        return summary

    def context_of_site(self, site: str, descriptions: Callable[[], list[SelfDescription]],
                        given: str = "") -> SiteContext:
        """A site's context, decided once per site (its first input) from what it says about itself;
        a category given for the site, or for the whole analysis, overrides the inference."""
        context = self._site_contexts.get(site)
        if context is None:
            context = site_context(descriptions(), given or self.site_category)
            self._site_contexts[site] = context
        return context

    def apply_site_context(self, first_disclosure: int, context: SiteContext) -> None:
        """Every disclosure from `first_disclosure` on (one input's) carries a specialist site's category."""
        for disclosure in self.disclosures[first_disclosure:]:
            apply_context(disclosure.sensitivity, context, role_texts(disclosure.fields))

    def add_captures(self, captures: Iterable[Capture], pages: dict[str, Page] | None = None) -> str:
        """Decode a stream of captures; `pages` (by id) gains URLs learnt from the documents. The
        first page URL learnt is returned: the site, for a capture without HAR pages."""
        pages = pages if pages is not None else {}
        for page in pages.values():  # URLs become names and report lines: never with credentials
            page.url, page.title = redact_url(page.url), redact_url(page.title)  # DevTools titles a page by its URL
        contexts: dict[str, _PageContext] = {}
        first_url = ""
        for capture in map(without_userinfo, captures):
            context = contexts.setdefault(capture.page_id, _PageContext())
            if not context.url:
                page = pages.get(capture.page_id)
                context.url = page.url if page is not None and page.url else self._site_url(capture)
                context.domain = site_domain(context.url)
                if page is not None and not page.url:
                    page.url = context.url
                first_url = first_url or context.url
            self._add_capture(capture, context)
        return first_url

    def _site_url(self, capture: Capture) -> str:
        """The URL of the page a request belongs to, read from its first request that is not to a
        known vendor: '' for a tracker's call (a HAR may start with one), which must never name the site."""
        host = ParsedRequest(capture).host
        return capture.url if host and self.knowledge.vendor_for_host(host) is None else ""

    def _add_capture(self, capture: Capture, context: _PageContext) -> None:
        req = ParsedRequest(capture)
        if not req.host or capture.intercepted:
            return
        domain = registrable_domain(req.host)
        # Before the page's own document is seen, only a known vendor's host is known to be a third party.
        third_party = (is_third_party(req.host, context.domain) if context.domain
                       else self.knowledge.vendor_for_host(req.host) is not None)
        self._record_cookies(capture, third_party)
        match = self.knowledge.endpoint_for(req.host, req.path, req.query_names)
        if third_party:
            self._count_host(req.host, domain)
        if match is None:
            if not third_party:
                return
            vendor = self.knowledge.vendor_for_host(req.host) or unknown_vendor(domain)
            endpoint = generic_endpoint(vendor, req.host)
        else:
            vendor, endpoint = match
        if endpoint.kind == "loader":
            self.presences.append(
                Presence(
                    vendor=vendor.id,
                    company=vendor.company,
                    product=endpoint.product,
                    category=endpoint.category,
                    url=capture.url,
                    capture_index=capture.index,
                    page_url=context.url,
                    source=capture.source,
                    site=capture.site,
                    scenario=capture.scenario,
                    consent=capture.consent,
                )
            )
            return
        for draft in decoder_for(endpoint.decoder)(req):
            if not draft.page_url and not any(f.name == "page_url" for f in draft.fields):
                draft.page_url = context.url
            self.disclosures.append(
                finish(
                    draft,
                    req,
                    vendor,
                    endpoint.product,
                    endpoint.category,
                    f"d{len(self.disclosures) + 1}",
                    first_party_proxy=not third_party,
                    site_domain=context.domain,
                    technical=technical_parameters(endpoint.decoder),
                )
            )

    def _count_host(self, host: str, domain: str) -> None:
        entry = self._third_parties.get(host)
        if entry is None:
            vendor = self.knowledge.vendor_for_host(host)
            entry = ThirdParty(
                host=host,
                domain=domain,
                vendor=vendor.id if vendor else "",
                company=vendor.company if vendor else "",
                category=vendor.category if vendor else "unknown",
            )
            self._third_parties[host] = entry
        entry.requests += 1

    def _record_cookies(self, capture: Capture, third_party: bool) -> None:
        for cookie in (*capture.cookies_sent, *capture.cookies_set):
            cookie.third_party = third_party
            cookie.site, cookie.scenario, cookie.consent = capture.site, capture.scenario, capture.consent
            self.cookies.append(cookie)

    def unjudged(self) -> Analysis:
        """Everything decoded so far, before any rule has run."""
        return Analysis(
            tool_version=__version__,
            generated=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            sources=self.sources,
            disclosures=self.disclosures,
            presences=self.presences,
            third_parties=sorted(self._third_parties.values(), key=lambda t: (-t.requests, t.host)),
            cookies=self.cookies,
        )

    def result(self, context: RunContext | None = None) -> Analysis:
        """Everything found so far, judged by every rule (assess/registry.py) once."""
        analysis = self.unjudged()
        analysis.findings = judge(analysis, context)
        return analysis


def _scan_descriptions(scan: SiteScan, run_dir: Path | None) -> list[SelfDescription]:
    """What a scanned site says about itself: its fleet name, and its start page's title and HTML."""
    first = next((page for page in scan.pages if not page.error), None)
    html = ""
    if first is not None and first.html and run_dir is not None:
        try:
            html = (run_dir / first.html).read_text(encoding="utf-8", errors="replace")
        except OSError:
            html = ""
    return page_descriptions(first.title if first else "", scan.site.url, html, _given_name(scan.site.name, scan.site.url))


def _given_name(name: str, url: str) -> str:
    """The name a site was given (fleet file), unless it is only the URL's host (a bare URL was scanned)."""
    return "" if name == (urlsplit(url).hostname or "") else name


def analyze_scans(
    scans: Sequence[SiteScan], identity: CanaryIdentity | None = None, run_dir: Path | None = None
) -> Analysis:
    """The Analysis of live scans: the same pipeline as for HAR files, plus each site's
    measured / not-measured status, its context (a specialist service?), its privacy notices read,
    and the canary typed into forms."""
    from pixelhound.assess.notice.check import read_site_notices

    analyzer = Analyzer()
    for scan in scans:
        pages = {page.id: page for page in scan.pages}
        first_disclosure, first_cookie = len(analyzer.disclosures), len(analyzer.cookies)
        analyzer.add_captures(scan.captures, pages)
        context = analyzer.context_of_site(
            scan.site.url, lambda scan=scan: _scan_descriptions(scan, run_dir), scan.site.category
        )
        analyzer.apply_site_context(first_disclosure, context)
        domain = site_domain(scan.site.url)
        for cookie in scan.cookies_stored:
            cookie.third_party = registrable_domain(cookie.domain.lstrip(".")) != domain
        analyzer.cookies += scan.cookies_stored
        for cookie in analyzer.cookies[first_cookie:]:
            cookie.repeat = scan.repeat
        # A page's error that cut its measurement short is already one of the scan's shortfalls.
        page_errors = [f"{page.url}: {page.error}" for page in scan.pages if page.error]
        warnings = list(scan.warnings) + [error for error in page_errors if error not in scan.shortfalls]
        analyzer.sources.append(
            SourceSummary(
                path=str(scan.har_path or ""),
                site=scan.site.url,
                entries=len(scan.captures),
                pages=scan.pages,
                warnings=warnings,
                site_name=scan.site.name,
                scenario=scan.scenario,
                measured=scan.measured,
                reason=scan.reason,
                started=scan.started,
                finished=scan.finished,
                storage_writes=scan.storage_writes,
                banner=scan.banner,
                banner_method=scan.banner_method,
                consent_verified=scan.consent_verified,
                consent_detail=scan.consent_detail,
                consent_ease=scan.consent_ease,
                network_requests=scan.network_requests,
                evidence_requests=scan.evidence_requests,
                unrecovered=scan.unrecovered,
                unread_entries=scan.guard_refused,  # requests the private-target guard refused: partly measured
                shortfalls=scan.shortfalls,
                site_context=context,
                repeat=scan.repeat,
                device=scan.device,
            )
        )
    analysis = analyzer.unjudged()
    notices = read_site_notices(analysis, scans, run_dir)
    analysis.findings = judge(analysis, RunContext(scans=scans, identity=identity, notices=notices, run_dir=run_dir))
    return analysis


def analyze_hars(
    paths: Iterable[Path], knowledge: VendorKnowledge | None = None, site_category: str = ""
) -> Analysis:
    """Analyse HAR files into one Analysis; unreadable files are listed with their error.
    `site_category` (--site-category) says what every input's site is instead of inferring it."""
    analyzer = Analyzer(knowledge=knowledge or default_knowledge(), site_category=site_category)
    for path in paths:
        analyzer.add_har(path)
    return analyzer.result()
