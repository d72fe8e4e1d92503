"""The cookie banners met, for every report: per site and scenario, which banner, whether the
choice (and a withdrawal) was proven, and whether rejecting was as easy as accepting. One home for
these lines so that the terminal, Markdown and HTML reports say the same thing."""

from __future__ import annotations

from dataclasses import dataclass

from pixelhound.model import GPC, Analysis, ConsentEase
from pixelhound.wording import ease_clause, withdrawal_clause


@dataclass(frozen=True)
class BannerLine:
    site: str
    scenario: str
    banner: str  # "" when none was found
    verified: bool
    ease: str  # accept and reject from the first layer ("" when no banner was read)
    reject_harder: bool
    withdrawal: str  # the withdraw scenario's outcome ("" otherwise)
    detail: str  # the scan's own line: what was clicked and what the consent record said
    first_layer: ConsentEase | None  # the figures behind `ease` and `withdrawal` (labels are the site's words)


def banner_lines(analysis: Analysis) -> list[BannerLine]:
    """One line per scanned site x scenario that operated a banner or sent the GPC signal."""
    lines = []
    for source in analysis.sources:
        ease = source.consent_ease
        if not source.scenario or (not source.banner and ease is None and not source.consent_detail):
            continue
        if source.scenario == GPC:
            banner = "left alone (GPC signal sent)"
        else:
            banner = source.banner or (ease.banner if ease else "") or "none found"
        lines.append(BannerLine(
            site=source.site_name or source.site, scenario=source.scenario, banner=banner,
            verified=source.consent_verified,
            ease=ease_clause(ease) if ease and (ease.accept_clicks or ease.reject_clicks or ease.settings_label) else "",
            reject_harder=bool(ease and ease.reject_harder),
            withdrawal=withdrawal_clause(ease) if ease else "",
            detail=source.consent_detail,
            first_layer=ease,
        ))
    return lines
