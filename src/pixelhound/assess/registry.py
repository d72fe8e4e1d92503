"""The one place findings are decided: every rule named in settings.RULES, built once, run once
over an analysis, its findings numbered once.

Modelled on Scrapy's item pipelines: an ordered list of dotted paths in the settings, each built
into a component; a component that cannot work in this run says so (NotApplicable) and is skipped.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module

from pixelhound.assess.rule import NotApplicable, Rule, RunContext
from pixelhound.model import Analysis, Finding, severity_rank
from pixelhound.settings import RULES as RULE_PATHS


def _load(path: str) -> Rule:
    module_name, _, class_name = path.rpartition(".")
    rule_class = getattr(import_module(module_name), class_name)
    return rule_class()


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """Every rule, in the order settings.RULES lists them (reports list them in this order)."""
    built = tuple(_load(path) for path in RULE_PATHS)
    ids = [rule.id for rule in built]
    duplicates = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
    if duplicates:
        raise ValueError(f"settings.RULES names rule ids more than once: {', '.join(duplicates)}")
    return built


def rule_ids() -> tuple[str, ...]:
    return tuple(rule.id for rule in rules())


def rule_for(rule_id: str) -> Rule | None:
    """The rule of that id, or None (a stored report may carry a rule this version no longer has)."""
    return next((rule for rule in rules() if rule.id == rule_id), None)


def checked_per(kind: str) -> list[Rule]:
    """The rules JUnit lists one test case for per `kind` (rule.PER_RECIPIENT, ...), in order."""
    return [rule for rule in rules() if rule.checked_per == kind]


def judge(analysis: Analysis, context: RunContext | None = None) -> list[Finding]:
    """Every rule once over the analysis, most severe first, numbered f1, f2, ..."""
    context = context or RunContext()
    findings: list[Finding] = []
    for rule in rules():
        try:
            found = rule.check(analysis, context)
        except NotApplicable:
            continue
        strays = {f.rule for f in found} - {rule.id}
        if strays:
            raise ValueError(f"{rule!r} returned findings of other rules: {', '.join(sorted(strays))}")
        findings += found
    return number_findings(findings)


def number_findings(findings: list[Finding]) -> list[Finding]:
    """Sort most severe first and number f1, f2, ... (in place, and returned)."""
    findings.sort(key=lambda f: (-severity_rank(f.severity), f.source, f.rule, f.company))
    for number, finding in enumerate(findings, start=1):
        finding.id = f"f{number}"
    return findings
