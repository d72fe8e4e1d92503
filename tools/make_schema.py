"""Regenerate the published JSON Schema of the JSON report from the model, or check it is current.

    python tools/make_schema.py            # writes schema/pixelhound-report.schema.json and -diff.schema.json
    python tools/make_schema.py --check    # exit 1 when a checked-in schema is stale

Run it after changing any Struct the JSON report encodes (pixelhound.model, report/summary.py) or the
diff document's shape (report/change_schema.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from pixelhound.report.change_schema import diff_schema_text
from pixelhound.report.schema import schema_text

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "pixelhound-report.schema.json"
DIFF_SCHEMA_PATH = SCHEMA_PATH.with_name("pixelhound-diff.schema.json")


def main(argv: list[str]) -> int:
    stale = 0
    for path, text in ((SCHEMA_PATH, schema_text()), (DIFF_SCHEMA_PATH, diff_schema_text())):
        if "--check" in argv:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                print(f"{path} is stale: run python tools/make_schema.py", file=sys.stderr)
                stale = 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return stale


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
