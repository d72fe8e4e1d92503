"""What a rule is: one judged problem a reader can act on, with its words and its check.

A rule is one small class (see docs/architecture.md, "Adding a rule"): its id, its usual severity,
the text every report shows (title, why it matters, what to do) and a `check` over the analysis and
the run context that returns its findings, or raises NotApplicable when the run cannot support it
(no canary was typed, no notice was read). The registry (assess/registry.py) builds the rules named
in settings.RULES in order, runs each once and numbers the findings once; every output takes ids
and text from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from pixelhound.model import Analysis, Finding

if TYPE_CHECKING:  # the context only carries these; importing them here would pull in capture
    from pixelhound.assess.canary import CanaryIdentity
    from pixelhound.assess.notice.check import SiteNotices
    from pixelhound.capture.scan import SiteScan

# How JUnit lists what a rule checked when it found nothing (report/junit_report.py).
PER_RECIPIENT = "recipient"  # one test case per company that received data
PER_SESSION_RECORDER = "session-recorder"  # one test case per session recorder seen
ONLY_FINDINGS = ""  # no passing case: the rule's findings only


class NotApplicable(Exception):
    """Raised by a rule's check when this run cannot support it: the rule is skipped, not passed."""


@dataclass(frozen=True)
class RunContext:
    """What a run offers beyond the decoded analysis: the live scans, the canary typed into forms,
    and the privacy notices read. A HAR import has none of these."""

    scans: Sequence[SiteScan] = ()
    identity: CanaryIdentity | None = None
    notices: Sequence[SiteNotices] = ()
    run_dir: Path | None = None


class Rule:
    """One rule. Subclasses set the class attributes and implement `check`."""

    id: ClassVar[str]
    name: ClassVar[str]  # PascalCase, as SARIF viewers show it
    severity: ClassVar[str]  # the usual severity (model.SEVERITIES); a finding may carry another
    title: ClassVar[str]  # one sentence: what happened
    why: ClassVar[str]  # why it matters, and how severity is decided
    advice: ClassVar[str]  # what to do
    checked_per: ClassVar[str] = ONLY_FINDINGS
    # For PER_SESSION_RECORDER rules: a rule whose finding about the same recipient makes this one moot.
    yields_to: ClassVar[str] = ""

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        """This rule's findings, ids left empty (the registry numbers them)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<rule {self.id}>"
