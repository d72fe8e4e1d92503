"""One site's notices read: per recipient the sentence naming it (or that none does), and the
promises made; for a live scan, from the notice pages saved in the run folder."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import msgspec

from pixelhound.assess.notice.names import Mention, find_mention
from pixelhound.assess.notice.promises import Promise, find_promises
from pixelhound.assess.notice.text import Sentence, notice_text, sentences
from pixelhound.knowledge.vendors import Vendor, default_knowledge
from pixelhound.links import Link, notice_links
from pixelhound.model import Analysis, Disclosure, NoticeMention
from pixelhound.store.run_folder import RunFolder

class NoticeCheck(msgspec.Struct):
    """What the notices say: per recipient, the sentence naming it or that none does; and promises."""

    notices: list[str] = []  # URLs of the notices that had text
    mentions: list[Mention] = []
    promises: list[Promise] = []
    sentences: list[Sentence] = []

    @property
    def found(self) -> bool:
        """True when at least one notice with readable text was found."""
        return bool(self.notices)

    def mention(self, vendor: Vendor) -> Mention:
        """The mention of a vendor, checked now if check_notice was not told of it."""
        for mention in self.mentions:
            if mention.vendor == vendor.id:
                return mention
        mention = find_mention(vendor, self.sentences)
        self.mentions.append(mention)
        return mention


def check_notice(texts: dict[str, str], recipients: list[Vendor]) -> NoticeCheck:
    """Read the notices ({url: text}) for every recipient's names and for promises."""
    notices = [url for url, text in texts.items() if text and text.strip()]
    found = [s for url in notices for s in sentences(texts[url], url)]
    unique = list({vendor.id: vendor for vendor in recipients}.values())
    return NoticeCheck(
        notices=notices,
        mentions=[find_mention(vendor, found) for vendor in unique],
        promises=find_promises(found),
        sentences=found,
    )


def recipients(disclosures: Iterable[Disclosure]) -> list[Vendor]:
    """The vendors behind some disclosures, from the bundled knowledge where known; an unknown
    recipient (a generic third party) becomes a vendor named only by its company or domain."""
    known = default_knowledge().vendors
    vendors: dict[str, Vendor] = {}
    for disclosure in disclosures:
        if disclosure.vendor not in vendors:
            vendors[disclosure.vendor] = known.get(disclosure.vendor) or _ad_hoc_vendor(disclosure)
    return list(vendors.values())


def _ad_hoc_vendor(disclosure: Disclosure) -> Vendor:
    return Vendor(
        id=disclosure.vendor,
        company=disclosure.company or disclosure.vendor,
        category=disclosure.category,
        domains=(),
        aliases=tuple(n for n in (disclosure.company, disclosure.vendor) if n),
    )


@dataclass(frozen=True)
class SiteNotices:
    """One scanned site's notices as read, and the input its findings are filed under."""

    site: str  # the site's name
    check: NoticeCheck
    disclosures: list[Disclosure]
    source: str


def read_site_notices(analysis: Analysis, scans: Sequence, run_dir: Path | None) -> list[SiteNotices]:  # Sequence[SiteScan]
    """Read each measured site's privacy and cookie notices (pages the scan saved in the run folder)
    for every company that received data; each source of the site records the notices read and the
    mentions found, for the reports."""
    by_site: dict[str, list] = {}
    for scan in scans:
        if scan.measured:
            by_site.setdefault(scan.site.url, []).append(scan)
    read: list[SiteNotices] = []
    for site_url, site_scans in by_site.items():
        pages = {page.url: page for scan in site_scans for page in scan.pages if page.html}
        links = [Link(url, page.title) for url, page in pages.items()]
        texts: dict[str, str] = {}
        for url in notice_links(links, site_url):
            saved = RunFolder(run_dir).inside(pages[url].html) if run_dir is not None else None
            if saved is not None:
                texts[url] = notice_text(saved.read_text("utf-8", errors="replace"), url)
        site_name = site_scans[0].site.name
        disclosures = [d for d in analysis.disclosures if d.site == site_name]
        check = check_notice(texts, recipients(disclosures))
        mentions = [NoticeMention(vendor=m.vendor, company=m.company, named=m.named, sentence=m.sentence, url=m.url)
                    for m in check.mentions]
        for source in analysis.sources:
            if source.site == site_url:
                source.notice_urls, source.notice_mentions = list(check.notices), mentions
        read.append(SiteNotices(site_name, check, disclosures, str(site_scans[0].har_path or "")))
    return read
