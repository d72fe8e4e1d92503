"""The rule registry: every rule is a thing with its own words, run once, numbered once, and every
output takes its ids and text from it."""

from __future__ import annotations

import json

import pytest

from pixelhound.assess.canary import CanaryDisclosed
from pixelhound.assess.notice.findings import NoticeContradicted, UndisclosedRecipient
from pixelhound.assess.registry import judge, rule_for, rule_ids, rules
from pixelhound.assess.rule import NotApplicable, Rule, RunContext
from pixelhound.model import SEVERITIES, Analysis, Finding
from pixelhound.report.junit_report import render_junit
from pixelhound.report.sarif_report import render_sarif
from pixelhound.report.schema import report_schema
from pixelhound.settings import RULES


def test_every_rule_named_in_settings_is_built_once_in_order() -> None:
    assert [f"{type(r).__module__}.{type(r).__name__}" for r in rules()] == list(RULES)
    assert len(set(rule_ids())) == len(RULES) == 17


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.id)
def test_every_rule_has_its_own_words(rule: Rule) -> None:
    assert rule.severity in SEVERITIES
    assert rule.name and rule.name[0].isupper() and " " not in rule.name
    for text in (rule.title, rule.why, rule.advice):
        assert len(text) > 30 and text.endswith(".")
    assert rule_for(rule.id) is rule


def test_sarif_describes_the_notice_rules_from_their_own_text(leaky_analysis: Analysis) -> None:
    """The two notice rules used to fall back to text made from their id."""
    log = json.loads(render_sarif(leaky_analysis))
    descriptors = {d["id"]: d for d in log["runs"][0]["tool"]["driver"]["rules"]}
    assert list(descriptors)[: len(rules())] == list(rule_ids())
    for rule in (UndisclosedRecipient(), NoticeContradicted()):
        descriptor = descriptors[rule.id]
        assert descriptor["shortDescription"]["text"] == rule.title
        assert descriptor["fullDescription"]["text"] == rule.why
        assert descriptor["help"]["text"] == rule.advice
        assert "pixelhound rule" not in descriptor["shortDescription"]["text"]


def test_sarif_keeps_a_stored_reports_unknown_rule(leaky_analysis: Analysis) -> None:
    stored = Analysis(tool_version="0", generated="2026-01-01T00:00:00Z", sources=leaky_analysis.sources,
                      findings=[Finding(id="f1", rule="rule-of-the-future", severity="low", vendor="v", company="C",
                                        summary="s", source=leaky_analysis.sources[0].path)])
    log = json.loads(render_sarif(stored))
    descriptor = log["runs"][0]["tool"]["driver"]["rules"][-1]
    assert descriptor["id"] == "rule-of-the-future" and descriptor["name"] == "RuleOfTheFuture"
    assert log["runs"][0]["results"][0]["ruleIndex"] == len(rules())


def test_the_schema_enumerates_the_registrys_rules() -> None:
    rule_property = report_schema()["$defs"]["Finding"]["properties"]["rule"]
    assert rule_property["enum"] == list(rule_ids())


def test_rules_that_need_a_live_scan_do_not_apply_to_a_har(leaky_analysis: Analysis) -> None:
    for rule in (CanaryDisclosed(), UndisclosedRecipient(), NoticeContradicted()):
        with pytest.raises(NotApplicable):
            rule.check(leaky_analysis, RunContext())


def test_judging_again_gives_the_same_numbered_findings(leaky_analysis: Analysis) -> None:
    again = judge(leaky_analysis)
    assert [(f.id, f.rule, f.severity, f.summary) for f in again] == [
        (f.id, f.rule, f.severity, f.summary) for f in leaky_analysis.findings
    ]
    assert [f.id for f in again] == [f"f{n}" for n in range(1, len(again) + 1)]
    ranks = [SEVERITIES.index(f.severity) for f in again]
    assert ranks == sorted(ranks, reverse=True)


def test_a_rule_returning_another_rules_findings_is_a_bug(leaky_analysis: Analysis, monkeypatch: pytest.MonkeyPatch) -> None:
    class Stray(Rule):
        id = "stray"
        def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
            return [Finding(id="", rule="health-data-disclosed", severity="low", vendor="", company="", summary="")]

    monkeypatch.setattr("pixelhound.assess.registry.rules", lambda: (Stray(),))
    with pytest.raises(ValueError, match="stray"):
        judge(leaky_analysis)


def test_junit_lists_the_registrys_per_recipient_rules_as_checked(leaky_analysis: Analysis) -> None:
    xml = render_junit(leaky_analysis).decode()
    for rule in rules():
        if rule.checked_per:
            assert f'classname="{rule.id}"' in xml
