"""Markdown for tickets: verdicts, a findings table and evidence; website text never renders as
links, images or HTML. Checked by rendering with markdown-it-py (CommonMark plus GFM tables)."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from pixelhound.model import Analysis
from pixelhound.report.markdown_report import md_code, md_text, render_markdown

from .conftest import MARKDOWN

_RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def html(analysis: Analysis) -> str:
    return _RENDERER.render(render_markdown(analysis).decode("utf-8"))


def outside_code(markdown: str) -> str:
    """The Markdown source without its code spans (which render verbatim and never link)."""
    return re.sub(r"(`+) .*? \1", "", markdown)


def test_leaky_document(leaky_analysis: Analysis) -> None:
    text = render_markdown(leaky_analysis).decode("utf-8")
    assert text.startswith("# pixelhound report\n")
    assert "**Worst finding: HIGH** — 2 findings (2 high, 0 medium, 0 low)." in text
    verdicts = [line for line in text.splitlines() if line.startswith("- **HIGH** Meta Platforms")]
    assert len(verdicts) == 1 and "sexual health" in verdicts[0]
    rendered = html(leaky_analysis)
    assert rendered.count("<tr>") == 1 + len(leaky_analysis.findings)  # header + one row per finding
    assert "<code>hiv test</code>" in rendered  # the sensitive search term, as evidence
    assert "What to do:" in rendered


def test_realworld_table_and_evidence(realworld_analysis: Analysis) -> None:
    rendered = html(realworld_analysis)
    rows = re.findall(r"<tr>(.*?)</tr>", rendered, flags=re.S)
    assert len(rows) == 1 + len(realworld_analysis.findings)
    assert all(row.count("<td") == 7 for row in rows[1:])
    assert rendered.count("<h3>") == len(realworld_analysis.findings)
    assert "Hotjar Ltd (Contentsquare)" in rendered  # a recipient known only from a finding


@pytest.mark.parametrize("name", ["hostile_analysis", "crafted_analysis"])
def test_hostile_text_cannot_inject(name: str, request: pytest.FixtureRequest) -> None:
    analysis: Analysis = request.getfixturevalue(name)
    rendered = html(analysis)
    for tag in ("<a ", "<img", "<script", "<b>", "<pre"):
        assert tag not in rendered, tag
    assert rendered.count("<h1") == 1  # the report's own title, and no heading from a payload
    source = outside_code(render_markdown(analysis).decode("utf-8"))
    for autolinked in ("http://", "https://", "www.", "javascript:"):  # GFM autolinks these in text
        assert autolinked not in source, autolinked
    assert not re.search(r"(?<!\\)@", source)  # nor an email address
    rows = re.findall(r"<tr>(.*?)</tr>", rendered, flags=re.S)
    assert all(row.count("<td") == 7 for row in rows[1:])  # pipes did not add cells
    assert "&lt;script&gt;" in rendered  # shown, as text


def test_crafted_shows_what_was_not_measured(crafted_analysis: Analysis) -> None:
    text = render_markdown(crafted_analysis).decode("utf-8")
    assert "**Not measured**" in text and "Down trust [accept-all]" in text
    assert "\x00" not in text and "\x1b" not in text and "\u202e" not in text


def test_escapers() -> None:
    assert _RENDERER.renderInline(md_text(MARKDOWN)) == "| x | ![a](http://evil/a.png) [b](javascript:alert(1))"
    assert _RENDERER.renderInline(md_text("<b>&amp;</b>")) == "&lt;b&gt;&amp;amp;&lt;/b&gt;"
    assert _RENDERER.renderInline(md_code("a ``b`` c")) == "<code>a ``b`` c</code>"
    assert _RENDERER.renderInline(md_code("`x`")) == "<code>`x`</code>"
    assert md_code("a|b", in_table=True) == "` a\\|b `"
    assert md_code("line\n# heading") == "` line # heading `"


def test_clean_capture(clean_analysis: Analysis) -> None:
    text = render_markdown(clean_analysis).decode("utf-8")
    assert "**No findings** — 0 findings" in text
    assert "No data was sent to any third party" in text
    assert "## Findings" not in text
