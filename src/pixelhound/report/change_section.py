"""The run report's "what changed since the previous run" section, for its first screen.

The store writes the change into the run folder (store/api.py, RunFolder.change_file) when it knows an
earlier run of the same sites; this section only lays that document out, so a report rendered
again later (`pixelhound report RUN`) shows the same change without a database.
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import TemplateError
from markupsafe import Markup

def change_section(run_dir: Path | None) -> Markup:
    """The section's HTML, or nothing when the folder holds no (readable) change document."""
    from pixelhound.report.change_report import change_html

    from pixelhound.store.run_folder import RunFolder

    path = RunFolder(run_dir).change_file if run_dir is not None else None
    if path is None or not path.is_file():
        return Markup("")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return change_html(document, "_change_section.html")
    except (OSError, ValueError, TypeError, KeyError, AttributeError, TemplateError, RecursionError):
        return Markup('<p class="st-not-measured" role="alert">The change since the previous run (change.json) could not be read.</p>')
