"""Markdown for issues and tickets: a verdict per recipient, the findings table, the key evidence.

A ticket renders whatever Markdown and HTML it is given, and every page title, URL, button text
and parameter here came from a website that may be hostile. So website-sourced values are shown
only inside code spans (no links, images, HTML, mentions, autolinks or maths render there), and
every other text has its Markdown punctuation backslash-escaped and `& < >` written as entities.
"""

from __future__ import annotations

import re
from collections import Counter

from pixelhound.knowledge.identifiers import label_for
from pixelhound.model import (
    NOT_MEASURED,
    SEVERITIES,
    WITHDRAWAL_CONFIRMED,
    WITHDRAWAL_NO_CONTROL,
    Analysis,
    ConsentEase,
    Disclosure,
    Finding,
    severity_rank,
    worst_severity,
)
from pixelhound.report.common import (
    Index,
    clean,
    device_line,
    excerpt,
    identifier_kinds,
    sensitive_fields,
    shorten,
    site_evidence_lines,
)
from pixelhound.repeats import RECIPIENT, REPEATS_NOTE, SeenIn, seen_in_by_finding, stability
from pixelhound.report.banners import banner_lines
from pixelhound.report.summary import recipients
from pixelhound.report.verdict import no_recipient_verdict, not_fully_measured, recipient_verdicts
from pixelhound.wording import plural
from pixelhound.settings import MARKDOWN_EVIDENCE_DISCLOSURES, MARKDOWN_QUIET_NAMES, MARKDOWN_VALUE_CHARS


_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:@^=])")
_BACKTICKS = re.compile(r"`+")


def md_text(value: object) -> str:
    """Plain text that renders as itself: one line, punctuation escaped, no HTML, no autolinks."""
    text = _PUNCTUATION.sub(r"\\\1", clean(value))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_code(value: object, limit: int = MARKDOWN_VALUE_CHARS, in_table: bool = False) -> str:
    """A code span: the value shown verbatim (cut to `limit`) and never interpreted."""
    text = shorten(clean(value), limit)
    if not text:
        return "(none)"
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    if in_table:
        text = text.replace("|", "\\|")  # GFM splits table cells at pipes even inside code
    return f"{fence} {text} {fence}"  # one space each side is stripped by the renderer



def _header(analysis: Analysis, index: Index) -> list[str]:
    severities = Counter(f.severity for f in analysis.findings)
    readable = [s for s in analysis.sources if not s.error]
    counts = ", ".join(f"{severities.get(s, 0)} {s}" for s in reversed(SEVERITIES))
    top = worst_severity(f.severity for f in analysis.findings)
    verdict = f"**Worst finding: {top.upper()}**" if top else "**No findings**"
    lines = [
        "# pixelhound report",
        "",
        f"{verdict} — {plural(len(analysis.findings), 'finding')} ({counts}).",
        "",
        md_text(
            f"pixelhound {analysis.tool_version}, {analysis.generated}: {plural(len(readable), 'input')} read, "
            f"{plural(sum(s.entries for s in readable), 'request')}, "
            f"{plural(len(analysis.disclosures), 'disclosure')} to {plural(len(recipients(analysis)), 'recipient')}."
        ),
    ]
    if device_line(analysis):
        lines += ["", md_text(device_line(analysis) + ".")]
    missing = not_fully_measured(analysis)
    problems = [verdict for verdict in missing if verdict.state == NOT_MEASURED]
    if problems:
        lines += ["", "**Not measured** (no verdict on these, clean or otherwise):", ""]
        for verdict in problems:
            lines.append(f"- {md_code(index.label(verdict.source.path))}: {md_code(verdict.reason)}")
    partial = [verdict for verdict in missing if verdict.state != NOT_MEASURED]
    if partial:
        lines += ["", "**Partly measured or incomplete** (findings stand; no verdict on what is missing):", ""]
        for verdict in partial:
            lines.append(f"- {md_code(index.label(verdict.source.path))}: {verdict.flag}: {md_text(verdict.reason)}")
    return lines


def _stability(analysis: Analysis) -> list[str]:
    """Per repeated site x scenario: its stability line, then what was seen in some runs only."""
    lines = ["## Repeat visits: how stable the result is", "",
             md_text(REPEATS_NOTE), ""]
    for item in stability(analysis):
        lines.append(f"- {md_text(item.line())}")
        for seen in item.seen:
            if seen.kind != RECIPIENT:
                label = f"{seen.company}: {seen.kind} {seen.what}: {seen.phrase()}"
                lines.append(f"  - {md_text(label)}")
    return lines


def _verdicts(analysis: Analysis) -> list[str]:
    lines = ["## Verdict per recipient", ""]
    quiet = []
    verdicts = recipient_verdicts(analysis)
    for verdict in verdicts:
        if not verdict.severity:
            quiet.append(verdict.person.company)
            continue
        lines.append(f"- **{verdict.severity.upper()}** {md_text(verdict.sentence)} Figures: {md_text(verdict.figures)}")
    named = {v.person.vendor for v in verdicts}
    for vendor, finding in _worst_finding_of_unnamed(analysis, named).items():  # recorders, canaries
        rules = list(dict.fromkeys(f.rule for f in analysis.findings if f.vendor == vendor))
        line = f"rules: {', '.join(rules)}; {finding.summary}"
        lines.append(f"- **{finding.severity.upper()}** {md_text(finding.company)}: {md_text(line)}")
    if quiet:
        names = ", ".join(sorted(quiet)[:MARKDOWN_QUIET_NAMES])
        names += f" and {len(quiet) - MARKDOWN_QUIET_NAMES} more" if len(quiet) > MARKDOWN_QUIET_NAMES else ""
        lines.append(f"- No finding for {plural(len(quiet), 'other recipient')}: {md_text(names)}")
    if len(lines) == 2:
        lines.append(no_recipient_verdict(analysis))
    return lines


def _worst_finding_of_unnamed(analysis: Analysis, named: set[str]) -> dict[str, Finding]:
    """Recipients known only from findings (session recorders, canaries): each one's worst finding."""
    worst: dict[str, Finding] = {}
    for finding in analysis.findings:
        if finding.vendor in named:
            continue
        current = worst.get(finding.vendor)
        if current is None or severity_rank(finding.severity) > severity_rank(current.severity):
            worst[finding.vendor] = finding
    return worst


def _table(analysis: Analysis, index: Index) -> list[str]:
    lines = [
        "## Findings",
        "",
        "| # | Severity | Rule | Recipient | Input | Summary | Disclosures |",
        "|---|---|---|---|---|---|---:|",
    ]
    for finding in analysis.findings:
        cells = [
            md_text(finding.id),
            finding.severity.upper(),
            md_code(finding.rule, in_table=True),
            md_text(finding.company),
            md_code(index.label(finding.source), 80, in_table=True),
            md_text(finding.summary),
            str(len(finding.disclosures)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _choice_cell(clicks: int, label: str) -> str:
    """A choice as the first layer offered it; the label is the site's words, so a code span."""
    return f"{plural(clicks, 'click')} {md_code(label, 60, in_table=True)}" if clicks else "not on the first layer"


def _withdrawal_cell(ease: ConsentEase | None) -> str:
    if ease is None or not ease.withdrawal:
        return ""
    said = {WITHDRAWAL_CONFIRMED: f"confirmed, {plural(ease.withdraw_clicks, 'click')}",
            WITHDRAWAL_NO_CONTROL: "**no way to withdraw found**"}.get(ease.withdrawal, "**not confirmed**")
    return said + (f" via {md_code(ease.withdraw_control, 60, in_table=True)}" if ease.withdraw_control else "")


def _banners(analysis: Analysis) -> list[str]:
    """The cookie banners met: proven or not, and reject beside accept."""
    rows = banner_lines(analysis)
    if not rows:
        return []
    lines = [
        "## Cookie banners",
        "",
        "| Site | Scenario | Banner | Proven | Accept | Reject | Reject as easy | Withdrawal |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ease = row.first_layer
        read = ease is not None and bool(row.ease)
        cells = [
            md_text(row.site), md_code(row.scenario, in_table=True), md_code(row.banner, 60, in_table=True),
            "yes" if row.verified else "**no**",
            _choice_cell(ease.accept_clicks, ease.accept_label) if read else "",
            _choice_cell(ease.reject_clicks, ease.reject_label) if read else "",
            ("**no**" if row.reject_harder else "yes") if read else "",
            _withdrawal_cell(ease),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def _disclosure(disclosure: Disclosure) -> list[str]:
    head = f"- {md_text(disclosure.id)}: {md_text(disclosure.product)}"
    head += f" event {md_code(disclosure.event, 80)}" if disclosure.event else ""
    head += f" on {md_code(disclosure.page_url)}" if disclosure.page_url else ""
    lines = [head]
    for item in sensitive_fields(disclosure):
        topics = ", ".join(c.replace("_", " ") for c in item.categories)
        value = md_code(excerpt(item.value, item.terms, MARKDOWN_VALUE_CHARS), MARKDOWN_VALUE_CHARS)
        lines.append(f"  - {md_text(item.name)}: {value} from {md_code(item.source, 80)} ({md_text(topics)})")
    lines += [f"  - {md_text(line)}" for line in site_evidence_lines(disclosure, MARKDOWN_VALUE_CHARS)]
    kinds = identifier_kinds(disclosure)
    if kinds:
        lines.append(f"  - tied to: {md_text(', '.join(label_for(k) for k in kinds))}")
    return lines


def _evidence(finding: Finding, index: Index, limit: int, seen_in: dict[str, SeenIn]) -> list[str]:
    lines = [
        f"### {md_text(finding.id)} · {finding.severity.upper()} · {md_text(finding.company)}"
        f" · {md_code(finding.rule)}",
        "",
        md_text(finding.summary),
        "",
        f"Input: {md_code(index.label(finding.source))}" + (f" ({seen.phrase()})" if (seen := seen_in.get(finding.id)) else ""),
        "",
    ]
    behind = sorted(index.of_finding(finding), key=lambda d: not d.sensitivity.sensitive)
    for disclosure in behind[:limit]:
        lines += _disclosure(disclosure)
    if len(behind) > limit:
        lines.append(f"- and {plural(len(behind) - limit, 'more disclosure')} (see the JSON or CSV report)")
    if not behind and finding.captures:
        shown = ", ".join(str(c) for c in finding.captures[: limit * 4])
        lines.append(f"- requests (HAR entry numbers): {md_text(shown)}")
    if finding.recommendation:
        lines += ["", f"**What to do:** {md_text(finding.recommendation)}"]
    return lines + [""]


def render_markdown(analysis: Analysis, evidence_disclosures: int = MARKDOWN_EVIDENCE_DISCLOSURES) -> bytes:
    """The whole document; only code spans and escaped text carry what websites sent."""
    index = Index.of(analysis)
    lines = _header(analysis, index) + [""] + _verdicts(analysis) + [""]
    if stability(analysis):
        lines += _stability(analysis) + [""]
    lines += _banners(analysis)
    if analysis.findings:
        lines += _table(analysis, index) + ["", "## Evidence", ""]
        seen_in = seen_in_by_finding(analysis)
        for finding in analysis.findings:
            lines += _evidence(finding, index, evidence_disclosures, seen_in)
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")
