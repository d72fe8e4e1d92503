"""Regenerate the published JSON Schema of the JSON report from the model, or check it is current.

    python tools/make_schema.py            # writes schema/pixelhound-report.schema.json
    python tools/make_schema.py --check    # exit 1 when the checked-in schema is stale

Run it after changing any Struct the JSON report encodes (pixelhound.model, report/summary.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from pixelhound.report.schema import schema_text

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "pixelhound-report.schema.json"


def main(argv: list[str]) -> int:
    text = schema_text()
    if "--check" in argv:
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if current != text:
            print(f"{SCHEMA_PATH} is stale: run python tools/make_schema.py", file=sys.stderr)
            return 1
        return 0
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
