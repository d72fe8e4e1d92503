"""What each rule checks, in words a CI user or a ticket reader needs: SARIF rule metadata and the
list of checks JUnit reports as passed.

The rule ids are the assess stage's; a rule that appears in findings but not here is still
reported, with a description made from its id.
"""

from __future__ import annotations

from dataclasses import dataclass

from pixelhound.assess.rules import (
    RECOMMEND_HEALTH,
    RECOMMEND_IDENTIFIER,
    RECOMMEND_RECORDER,
    RULE_HEALTH,
    RULE_IDENTIFIER,
    RULE_RECORDER,
    RULE_RECORDER_HEALTH,
)

from pixelhound.assess.consent import (
    RECOMMEND_CONSENT,
    RECOMMEND_REJECTION,
    RECOMMEND_UNVERIFIED,
    RULE_AFTER_REJECTION,
    RULE_BEFORE_CONSENT,
    RULE_COOKIE_AFTER_REJECTION,
    RULE_COOKIE_BEFORE_CONSENT,
    RULE_UNVERIFIED,
)

RULE_CANARY = "canary-disclosed"  # pixelhound.assess.canary.RULE_CANARY

SARIF_LEVEL = {"high": "error", "medium": "warning", "low": "note"}


@dataclass(frozen=True)
class RuleText:
    """One rule as a reader sees it."""

    id: str
    name: str  # PascalCase, as SARIF viewers show it
    short: str
    full: str
    help: str
    severity: str  # the usual severity; a finding may carry another


RULES: dict[str, RuleText] = {
    rule.id: rule
    for rule in (
        RuleText(
            RULE_HEALTH,
            "HealthDataDisclosed",
            "Health-related data was sent to a third party.",
            "A third party (advertising, analytics, session recording or another service) received page "
            "addresses, titles, button text, search terms or form data that reveal special-category health "
            "information about the visitor. Severity is high when the recipient is in advertising or session "
            "recording, or when the data is tied to an identifier.",
            RECOMMEND_HEALTH,
            "high",
        ),
        RuleText(
            RULE_IDENTIFIER,
            "IdentifierDisclosed",
            "Personal or browser identifiers were sent to a third party.",
            "A third party received identifiers that tie the visit to a person or browser: cookie ids, click "
            "ids, user ids, or personal data such as an email address or phone number, plain or hashed. "
            "Severity is high when personal data (hashed or not) was sent.",
            RECOMMEND_IDENTIFIER,
            "medium",
        ),
        RuleText(
            RULE_RECORDER_HEALTH,
            "SessionRecorderOnHealthPage",
            "A session recorder ran on a health page.",
            "A session-recording service ran on at least one page whose address or title is about health. "
            "Session recorders capture what a visitor reads, clicks and types.",
            RECOMMEND_RECORDER,
            "high",
        ),
        RuleText(
            RULE_RECORDER,
            "SessionRecorder",
            "A session recorder ran on the site.",
            "A session-recording service ran on pages of the site that were not judged health pages. "
            "Session recorders capture what a visitor reads, clicks and types.",
            RECOMMEND_RECORDER,
            "low",
        ),
        RuleText(
            RULE_CANARY,
            "CanaryDisclosed",
            "What was typed into a form reached a third party.",
            "The scanner typed a fictional identity (the canary) into the site's forms, and a third party "
            "received one of its values: plain, encoded or hashed. This is proof, not inference: the value "
            "could only have come from the form.",
            "Turn off automatic advanced matching and do not let trackers read form fields: keep advertising "
            "and analytics tags off pages with forms. Hashing does not anonymise: the platform matches the "
            "hash to its own users.",
            "high",
        ),
        RuleText(
            RULE_BEFORE_CONSENT,
            "TrackingBeforeConsent",
            "A tracker received data before the visitor made any cookie choice.",
            "With the cookie banner left alone, an advertising, analytics or session-recording service "
            "received data. UK PECR and GDPR require consent before non-essential tracking starts.",
            RECOMMEND_CONSENT,
            "high",
        ),
        RuleText(
            RULE_AFTER_REJECTION,
            "TrackingAfterRejection",
            "A tracker received data after the visitor rejected cookies.",
            "After 'reject all' was chosen on the site's own banner (and the page reloaded), a service that "
            "needs consent still received data: either it went on from before the choice, or it started anew.",
            RECOMMEND_REJECTION,
            "high",
        ),
        RuleText(
            RULE_COOKIE_BEFORE_CONSENT,
            "CookieBeforeConsent",
            "Tracking cookies were in use before any cookie choice.",
            "Cookies of an advertising, analytics or session-recording service were set or sent before the "
            "visitor made any choice on the cookie banner.",
            RECOMMEND_CONSENT,
            "medium",
        ),
        RuleText(
            RULE_COOKIE_AFTER_REJECTION,
            "CookieAfterRejection",
            "Tracking cookies were in use after the visitor rejected cookies.",
            "Cookies of an advertising, analytics or session-recording service were set or sent after the "
            "visitor chose 'reject all'.",
            RECOMMEND_REJECTION,
            "high",
        ),
        RuleText(
            RULE_UNVERIFIED,
            "ConsentUnverified",
            "The cookie banner could not be operated: the scenario is unverified.",
            "pixelhound could not find or operate the cookie banner for this scenario, so what trackers "
            "receive after a choice is unknown. An unverified scenario is never reported as clean.",
            RECOMMEND_UNVERIFIED,
            "medium",
        ),
    )
}

# Checks run on every analysis; the canary check runs only in live scans with a canary identity.
ALWAYS_CHECKED = (RULE_HEALTH, RULE_IDENTIFIER, RULE_RECORDER_HEALTH, RULE_RECORDER)


def rule_text(rule_id: str, severity: str = "medium") -> RuleText:
    """The catalogue entry, or a plain one for a rule the catalogue does not know yet."""
    known = RULES.get(rule_id)
    if known is not None:
        return known
    words = rule_id.replace("-", " ").replace("_", " ").strip() or "unnamed rule"
    name = "".join(w.capitalize() for w in words.split())
    text = f"pixelhound rule {rule_id}: {words}."
    return RuleText(rule_id, name, text, text, "See the finding's recommendation.", severity)
