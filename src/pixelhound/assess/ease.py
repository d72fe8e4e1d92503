"""Reject as easy as accept: the finding when a cookie banner's first layer offers "accept" but no
"reject all" (rejecting then takes at least one more click, through the settings layer). The ICO
expects both choices with equal prominence on the first layer."""

from __future__ import annotations

from pixelhound.assess.rule import Rule, RunContext
from pixelhound.model import REJECT_ALL, Analysis, Finding
from pixelhound.wording import ease_clause

RULE_REJECT_HARDER = "reject-harder-than-accept"

RECOMMEND_EASE = (
    "Put a 'Reject all' button on the banner's first layer, beside 'Accept all' and as prominent: the "
    "ICO expects refusing to be as easy as accepting, in the same number of clicks."
)


def reject_harder_findings(analysis: Analysis) -> list[Finding]:
    """One finding per site whose banner made rejecting harder than accepting (the reject-all
    scenario's reading first, as that scenario tried to reject)."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for source in sorted(analysis.sources, key=lambda s: s.scenario != REJECT_ALL):
        ease = source.consent_ease
        site = source.site_name or source.site
        if ease is None or site in seen or not ease.reject_harder:
            continue
        seen.add(site)
        findings.append(Finding(
            id="", rule=RULE_REJECT_HARDER, severity="medium", vendor="", company="",
            summary=f"{site}: rejecting cookies is harder than accepting on the {ease.banner or 'cookie'} banner "
            f"({ease_clause(ease)})",
            recommendation=RECOMMEND_EASE, source=source.path,
        ))
    return findings


class RejectHarderThanAccept(Rule):
    id = RULE_REJECT_HARDER
    name = "RejectHarderThanAccept"
    severity = "medium"
    title = "Rejecting cookies takes more clicks than accepting them."
    why = (
        "The cookie banner's first layer offers 'accept' in one click but no 'reject all' there: refusing "
        "means finding the settings layer. The ICO's cookie sweeps test exactly this: reject must be as "
        "easy as accept."
    )
    advice = RECOMMEND_EASE

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        return reject_harder_findings(analysis)
