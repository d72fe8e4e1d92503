"""The terminal summary: per recipient, what left the browser and how sensitive it was.

Everything that came from a website is printed as plain Text, never as Rich markup, so a hostile
page title cannot restyle or hide the output.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pixelhound.repeats import REPEATS_NOTE, STABLE, VARIES, seen_in_by_finding, stability
from pixelhound.report.common import device_line, shorten
from pixelhound.model import GPC, Analysis, Finding, severity_rank
from pixelhound.report.banners import banner_lines
from pixelhound.report.console import terminal_line
from pixelhound.report.summary import recipients
from pixelhound.report.verdict import no_recipient_verdict, not_fully_measured, recipient_verdicts
from pixelhound.settings import TERMINAL_MAX_FINDINGS

_SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}


def _plain(value: str, limit: int = 90) -> Text:
    """Outside text on one line, cut at `limit`, with no escape sequence or control left in it."""
    return Text(shorten(" ".join(terminal_line(value).split()), limit))


def render_terminal(analysis: Analysis, console: Console) -> None:
    """Print the summary, the recipients table and the findings."""
    readable = [s for s in analysis.sources if not s.error]
    captures = sum(s.entries for s in readable)
    people = recipients(analysis)
    scanned = any(s.scenario for s in analysis.sources)
    what = (
        f"scanned {len({s.site for s in analysis.sources})} site(s)"
        if scanned
        else f"analysed {len(readable)} of {len(analysis.sources)} file(s)"
    )
    console.print(
        Text.assemble(
            ("pixelhound ", "bold"),
            f"{what}: {captures} requests, {len(analysis.disclosures)} disclosures to "
            f"{len(people)} recipients, {len(analysis.findings)} findings",
        )
    )
    if device_line(analysis):
        console.print(Text(device_line(analysis), style="dim"))
    for verdict in not_fully_measured(analysis):
        source = verdict.source
        scenario = f"{source.scenario}, run {source.repeat}" if source.repeat else source.scenario
        where = f"{source.site_name or source.site} [{scenario}]" if source.scenario else (source.path or source.site)
        console.print(_plain(f"  {verdict.flag} {where}: {verdict.reason}", 2000), style="bold yellow")
    for source in analysis.sources:
        if source.warnings:
            where = source.site_name or source.path
            console.print(_plain(f"  {where}: {len(source.warnings)} warning(s); first: {source.warnings[0]}", 2000), style="yellow")
    render_banners(analysis, console)
    if not people:
        console.print(_plain(no_recipient_verdict(analysis), 2000))
        render_stability(analysis, console)
        return
    notable = [p for p in people if p.health_disclosures or p.identifiers or p.worst_severity]
    quiet = [p for p in people if p not in notable]
    table = Table(title="Who received what", expand=True, show_lines=True)
    table.add_column("Recipient and events", ratio=3)
    table.add_column("Req.", justify="right")
    table.add_column("Health", justify="right")
    table.add_column("Tied to", ratio=2)
    table.add_column("Most sensitive things received", ratio=4)
    for person in notable:
        cell = _plain(person.company, 200)
        cell.stylize(_SEVERITY_STYLE.get(person.worst_severity, "bold"))
        named = [p for p in person.products if "." not in p or " " in p]
        if named:
            cell.append("\n" + terminal_line(", ".join(named)), style="dim")
        if person.events:
            cell.append("\n")
            cell.append(_plain(", ".join(f"{e} ×{n}" for e, n in list(person.events.items())[:4]), 100))
        sensitive = Text()
        for item in person.top_sensitive:
            sensitive.append(f"{terminal_line(item.field)}: ", style="bold")
            sensitive.append(_plain(item.value, 70))
            sensitive.append(f" [{', '.join(item.categories)}]\n", style="magenta")
        health = f"{person.health_disclosures}/{person.disclosures}"
        table.add_row(cell, str(person.requests), health, _plain("; ".join(person.identifiers), 200), sensitive)
    if notable:
        console.print(table)
    if quiet:
        names = ", ".join(p.company for p in quiet)
        console.print(_plain(
            f"{len(quiet)} other third parties received {sum(p.requests for p in quiet)} requests "
            f"with no health data or identifiers found: {names}", 2000))
    for verdict in recipient_verdicts(analysis, people):
        if verdict.health:
            console.print(_plain(verdict.sentence, 400), style=_SEVERITY_STYLE.get(verdict.severity, "bold"))
    render_stability(analysis, console)
    if analysis.findings:
        render_findings(analysis, console)


def render_stability(analysis: Analysis, console: Console) -> None:
    """For a scan with --repeat N: per site x scenario, its one-line stability verdict."""
    repeated = stability(analysis)
    if not repeated:
        return
    console.print(Text("Repeat visits", style="bold underline"))
    console.print(Text(REPEATS_NOTE, style="dim"))
    for item in repeated:
        style = "bold yellow" if item.verdict == VARIES else ("bold" if item.verdict == STABLE else "yellow")
        console.print(_plain(f"  {item.line()}", 2000), style=style)
def render_banners(analysis: Analysis, console: Console) -> None:
    """One line per site x scenario that met a cookie banner: proven or not, reject beside accept."""
    lines = banner_lines(analysis)
    if not lines:
        return
    console.print(Text("Cookie banners", style="bold underline"))
    for line in lines:
        what = "signal in every frame" if line.scenario == GPC else "choice proven"
        said = [line.banner, what if line.verified else f"NOT {what}"]
        said += [part for part in (line.ease, line.withdrawal) if part]
        text = _plain(f"  {line.site} [{line.scenario}]: " + "; ".join(said), 400)
        console.print(text, style="yellow" if line.reject_harder or not line.verified else "")


def render_findings(analysis: Analysis, console: Console) -> None:
    """Counts per rule, then the most severe findings (at most TERMINAL_MAX_FINDINGS lines): the
    full list is in the reports, where it can be read with its evidence."""
    counts = Counter((f.rule, f.severity) for f in analysis.findings)
    console.print(Text("Findings", style="bold underline"))
    summary = Text("  ")
    for (rule, severity), count in sorted(counts.items(), key=lambda item: (-severity_rank(item[0][1]), item[0][0])):
        summary.append(f"{rule} ×{count}", style=_SEVERITY_STYLE[severity])
        summary.append("   ")
    console.print(summary)
    # The same finding under several consent scenarios is one line naming the scenarios.
    scenario_of = {s.path: s.scenario for s in analysis.sources if s.scenario}
    site_of = {s.path: s.site for s in analysis.sources}
    # With --repeat N, the same finding of each run is one line saying in how many runs it was seen.
    seen_in = seen_in_by_finding(analysis)
    merged: dict[tuple[str, str, str, str], tuple[Finding, list[str]]] = {}
    for finding in analysis.findings:
        key = (finding.rule, finding.vendor, site_of.get(finding.source, finding.source), finding.summary[:60])
        first, scenarios = merged.setdefault(key, (finding, []))
        scenario = scenario_of.get(finding.source, "")
        if finding.id in seen_in:
            scenario = f"{scenario}: {seen_in[finding.id].phrase()}"
        if scenario and scenario not in scenarios:
            scenarios.append(scenario)
    lines = list(merged.values())
    for finding, scenarios in lines[:TERMINAL_MAX_FINDINGS]:
        line = Text(f"  {finding.severity.upper():<6} ", style=_SEVERITY_STYLE[finding.severity])
        line.append(_plain(finding.summary, 180))
        line.append(f"  ({', '.join([finding.rule, *scenarios])})", style="dim")
        console.print(line)
    if len(lines) > TERMINAL_MAX_FINDINGS:
        console.print(Text(f"  … and {len(lines) - TERMINAL_MAX_FINDINGS} more in the reports (report.html, report.md)", style="dim"))
