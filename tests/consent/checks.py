"""What the consent oracle tests read from an analysis: who received consent-requiring data in one
scenario and consent state, and which vendors one rule named for one input."""

from __future__ import annotations

from pixelhound.assess.consent import NEEDS_CONSENT
from pixelhound.demo.trusts import Trust
from pixelhound.model import Analysis, SourceSummary


def rule_vendors(analysis: Analysis, source: SourceSummary, rule: str) -> set[str]:
    return {f.vendor for f in analysis.findings if f.rule == rule and f.source == source.path}


def tracked(analysis: Analysis, trust: Trust, scenario: str, consent: str) -> set[str]:
    """Vendors that received consent-requiring data from the trust in one scenario and state."""
    return {
        d.vendor for d in analysis.disclosures
        if d.site == trust.name and d.scenario == scenario and d.consent == consent and d.category in NEEDS_CONSENT
    }
