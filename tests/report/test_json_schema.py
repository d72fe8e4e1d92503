"""The published JSON Schema: current with the model, and every JSON report validates against it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from pixelhound.model import Analysis
from pixelhound.report.json_report import render_json
from pixelhound.report.schema import DESCRIPTIONS, report_schema, schema_text

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "schema" / "pixelhound-report.schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_checked_in_schema_is_current() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(), "run: python tools/make_schema.py"


def test_make_schema_check_mode() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "make_schema.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_schema_is_documented() -> None:
    schema = report_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    definitions = schema["$defs"]
    for name, described in DESCRIPTIONS.items():
        assert definitions[name]["description"], name
        for prop in described:
            assert definitions[name]["properties"][prop]["description"]
    for definition in definitions.values():  # render_json writes every key
        assert definition["required"] == list(definition["properties"])


@pytest.mark.parametrize("name", ["realworld_analysis", "leaky_analysis", "hostile_analysis", "clean_analysis"])
def test_reports_validate(name: str, request: pytest.FixtureRequest, validator: jsonschema.Draft202012Validator) -> None:
    analysis: Analysis = request.getfixturevalue(name)
    document = json.loads(render_json(analysis))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert not errors, errors[:5]


def test_schema_rejects_what_consumers_must_not_see(leaky_analysis: Analysis, validator: jsonschema.Draft202012Validator) -> None:
    document = json.loads(render_json(leaky_analysis))
    assert validator.is_valid(document)
    missing = {k: v for k, v in document.items() if k != "findings"}
    assert not validator.is_valid(missing)
    wrong = json.loads(json.dumps(document))
    wrong["findings"][0]["severity"] = "critical"
    assert not validator.is_valid(wrong)
    wrong = json.loads(json.dumps(document))
    del wrong["disclosures"][0]["sensitivity"]["categories"]
    assert not validator.is_valid(wrong)
