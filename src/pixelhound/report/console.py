"""The one way text reaches a terminal: a Rich Console that cannot be steered by what it prints.

Titles, URLs, payload values, header values and file names come from websites and from files
written by someone who may want the tool to fail. Printed raw, an escape sequence in them clears
the screen, retitles the window, plants an OSC 8 hyperlink or writes the clipboard (OSC 52); Rich
markup in them (`[link=...]`, `[bold red]`) restyles the output. So every console pixelhound
prints to is a SafeConsole: markup and emoji codes are off unless a caller asks for them with text
of its own, and every string and every segment of content is stripped of escape sequences and control characters
just before it is written. Rich's own styling (our colours) and its control segments (cursor
movement for progress bars) are not content, and pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from pixelhound.report.common import clean


def terminal_text(value: object) -> str:
    """Text safe to show in a terminal: no escape sequences, no control characters (tab and
    newline kept), no bidirectional overrides, no lone surrogates."""
    return clean(value, keep_newlines=True).replace("\r", " ")


def terminal_line(value: object) -> str:
    """terminal_text on one line: a hostile newline cannot forge a line of our own."""
    return terminal_text(value).replace("\n", " ")


class SafeConsole(Console):
    """A Console whose every content segment passes through terminal_text (see the module's doc)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("emoji", False)
        kwargs.setdefault("highlight", False)
        super().__init__(**kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        # Before Rich builds its Text, which drops BEL and so would leave an OSC unterminated.
        return super().render_str(terminal_text(text), **kwargs)

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or not segment.text:
                yield segment
            else:
                yield Segment(terminal_text(segment.text), segment.style, segment.control)
