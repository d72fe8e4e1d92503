"""`run_classify`, the body of `pixelhound classify`, called directly."""

from __future__ import annotations

from pathlib import Path

import orjson

from pixelhound.classify.command import run_classify


def test_json_lines(tmp_path: Path, capsys) -> None:
    file = tmp_path / "texts.txt"
    file.write_bytes(b"Order a repeat prescription\nparking\n\xff\xfe chlamydia test\n")
    code = run_classify(["/services/camhs/"], file, as_json=True)
    captured = capsys.readouterr()
    assert code == 0 and captured.err == ""
    lines = [orjson.loads(line) for line in captured.out.splitlines()]
    assert [line["sensitive"] for line in lines] == [True, True, False, True]
    assert lines[0]["categories"] == ["mental_health"]
    assert lines[1]["evidence"][0]["term"] == "repeat prescription"
    assert set(lines[2]) == {"text", "sensitive", "categories", "evidence"}
    assert "\ufffd" in lines[3]["text"]


def test_table_output(capsys) -> None:
    assert run_classify(["HIV PrEP", "[bold]Home[/]"], None, as_json=False) == 0
    out = capsys.readouterr().out
    assert "sexual_health" in out and "[bold]Home[/]" in out


def test_unreadable_file(tmp_path: Path, capsys) -> None:
    code = run_classify([], tmp_path / "missing.txt", as_json=True)
    captured = capsys.readouterr()
    assert code == 3
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1 and "cannot read" in captured.err
    assert run_classify([], tmp_path, as_json=False) == 3  # a directory


def test_lone_surrogate_argument(capsys) -> None:
    assert run_classify(["\udcff mental health"], None, as_json=True) == 0
    assert orjson.loads(capsys.readouterr().out)["categories"] == ["mental_health"]
