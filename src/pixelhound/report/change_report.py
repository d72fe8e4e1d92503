"""The diff and history documents (store/diff.py, store/history.py) as terminal text, JSON, CSV,
Markdown and self-contained HTML. The documents are plain dicts; every format reads the same keys.

Names of sites and companies come from websites and may be hostile: the terminal prints them with
markup off, Markdown escapes them, CSV neutralises formula prefixes, HTML autoescapes them.
"""

from __future__ import annotations

import csv
import io
import re

import orjson
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from pixelhound.report.console import terminal_line
from pixelhound.store.diff import summary_sentence

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|<>])")


def _md(text: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def _cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _recipient_line(recipient: dict) -> str:
    return (
        f"{recipient['status']:<14} {recipient['company'] or recipient['vendor']} ({recipient['vendor']}): "
        f"{recipient['old_disclosures']} -> {recipient['new_disclosures']} disclosures, "
        f"{recipient['old_health']} -> {recipient['new_health']} health-related"
    )


def _run_label(run: dict) -> str:
    return f"run {run['id']} ({run['started']}{', ' + run['folder'] if run['folder'] else ''})"


def diff_lines(document: dict) -> list[str]:
    """The diff as plain lines: the fleet summary first, then each site."""
    lines = [f"Changes from {_run_label(document['old'])} to {_run_label(document['new'])}", "", "Recipients across the fleet:"]
    lines += [f"  {summary_sentence(item)}" for item in document["summary"]] or ["  no recipients in either run"]
    for site in document["sites"]:
        lines += ["", f"{site['name']} [{site['site']}]: {site['old']} -> {site['new']}"]
        lines += [f"  {_recipient_line(r)}" for r in site["recipients"]]
        lines += [f"  {f['status']:<14} finding: {f['rule']}" for f in site["findings"]]
        if not site["recipients"] and not site["findings"]:
            lines.append("  no recipients and no findings in either run")
    return lines


def history_lines(document: dict) -> list[str]:
    lines: list[str] = []
    for site in document["sites"]:
        lines += [f"{site['name']} [{site['site']}]: {len(site['runs'])} runs"]
        for run in site["runs"]:
            companies = ", ".join(r["company"] or r["vendor"] for r in run["recipients"]) or "none"
            rules = ", ".join(f"{rule} x{count}" for rule, count in run["findings"].items()) or "none"
            lines.append(
                f"  {run['started']}  run {run['run']}  {run['scenarios_measured']}/{run['scenarios']} scenarios measured  "
                f"recipients: {companies}  health-related: {run['health_disclosures']}  findings: {rules}  "
                f"verdict: {run['verdict']}"
            )
        lines.append("")
    return lines or ["no sites in the store"]


def _text(lines: list[str]) -> bytes:
    """Plain text for a terminal: a hostile site name's escape sequences and controls removed."""
    return "".join(terminal_line(line) + "\n" for line in lines).encode("utf-8")


def _diff_csv(document: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["site", "name", "old", "new", "kind", "vendor", "company", "rule", "status",
                     "old_disclosures", "new_disclosures", "old_health", "new_health"])
    for site in document["sites"]:
        head = [site["site"], site["name"], site["old"], site["new"]]
        for r in site["recipients"]:
            writer.writerow([_cell(v) for v in [*head, "recipient", r["vendor"], r["company"], "", r["status"],
                                                r["old_disclosures"], r["new_disclosures"], r["old_health"], r["new_health"]]])
        for f in site["findings"]:
            writer.writerow([_cell(v) for v in [*head, "finding", "", "", f["rule"], f["status"], "", "", "", ""]])
    return out.getvalue().encode("utf-8")


def _history_csv(document: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["site", "name", "run", "started", "measurement", "scenarios_measured", "scenarios",
                     "recipients", "health_disclosures", "findings", "verdict", "folder"])
    for site in document["sites"]:
        for run in site["runs"]:
            companies = "; ".join(r["company"] or r["vendor"] for r in run["recipients"])
            rules = "; ".join(f"{rule}={count}" for rule, count in run["findings"].items())
            writer.writerow([_cell(v) for v in [site["site"], run["name"], run["run"], run["started"], run["measurement"],
                                                run["scenarios_measured"], run["scenarios"], companies,
                                                run["health_disclosures"], rules, run["verdict"], run["folder"]]])
    return out.getvalue().encode("utf-8")


def _diff_md(document: dict) -> bytes:
    lines = [f"# What changed: {_md(_run_label(document['old']))} to {_md(_run_label(document['new']))}", "",
             "## Recipients across the fleet", ""]
    lines += [f"- {_md(summary_sentence(item))}" for item in document["summary"]] or ["- no recipients in either run"]
    lines += ["", "## Per site", "", "| Site | Before | Now | Recipient or finding | Status |", "|---|---|---|---|---|"]
    for site in document["sites"]:
        head = f"| {_md(site['name'])} ({_md(site['site'])}) | {site['old']} | {site['new']} |"
        rows = [f"{head} {_md(r['company'] or r['vendor'])} | {r['status']} |" for r in site["recipients"]]
        rows += [f"{head} finding {_md(f['rule'])} | {f['status']} |" for f in site["findings"]]
        lines += rows or [f"{head} none | |"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _history_md(document: dict) -> bytes:
    lines = ["# History", ""]
    for site in document["sites"]:
        lines += [f"## {_md(site['name'])} ({_md(site['site'])})", "",
                  "| Date | Run | Scenarios measured | Recipients | Health-related | Findings | Verdict |",
                  "|---|---|---|---|---|---|---|"]
        for run in site["runs"]:
            companies = ", ".join(_md(r["company"] or r["vendor"]) for r in run["recipients"]) or "none"
            rules = ", ".join(f"{_md(rule)} ×{count}" for rule, count in run["findings"].items()) or "none"
            lines.append(f"| {run['started']} | {run['run']} | {run['scenarios_measured']} of {run['scenarios']} | "
                         f"{companies} | {run['health_disclosures']} | {rules} | {_md(run['verdict'])} |")
        lines.append("")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("pixelhound.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def change_html(document: dict, template: str) -> Markup:
    """A diff or history document through one of our templates (autoescaped)."""
    from pixelhound.report.html_report import CONTENT_SECURITY_POLICY

    html = _environment().get_template(template).render(
        doc=document, sentence=summary_sentence, run_label=_run_label, csp=Markup(CONTENT_SECURITY_POLICY)
    )
    return Markup(html)  # noqa: S704 - rendered by an autoescaping template


_DIFF_FORMATS = {"csv": _diff_csv, "md": _diff_md, "html": lambda d: str(change_html(d, "diff.html")).encode("utf-8"),
                 "terminal": lambda d: _text(diff_lines(d))}
_HISTORY_FORMATS = {"csv": _history_csv, "md": _history_md,
                    "html": lambda d: str(change_html(d, "history.html")).encode("utf-8"),
                    "terminal": lambda d: _text(history_lines(d))}


def _render(document: dict, output_format: str, formats: dict) -> bytes:
    if output_format == "json":
        return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"
    return formats[output_format](document)


def render_diff(document: dict, output_format: str) -> bytes:
    """The diff in a format: terminal (plain text), json, csv, md or html."""
    return _render(document, output_format, _DIFF_FORMATS)


def render_history(document: dict, output_format: str) -> bytes:
    """The history in a format: terminal (plain text), json, csv, md or html."""
    return _render(document, output_format, _HISTORY_FORMATS)
