"""The scorer through the scan's own path (classify/scan_score.py, bench/score_set.py), on rows
written here: a general trust and a specialist sexual-health clinic, each text carried by the tracker
request a real tracker would use, judged by `analyze`'s pipeline."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import orjson
import pytest

from pixelhound.classify import classify_text
from pixelhound.classify.evaluate import load_rows, score
from pixelhound.classify.scan_score import ScanScore, ScoreSetError, check_rows, page_url, score_through_scan

HERE = Path(__file__).parent
ROWS = HERE / "scan_score_rows.jsonl"
sys.path.insert(0, str(HERE.parent.parent / "bench"))
import score_set  # noqa: E402  (the command-line script, run in-process)


@pytest.fixture(scope="module")
def scored() -> ScanScore:
    return score_through_scan(load_rows(ROWS))


def test_every_text_is_carried_and_site_context_decides(scored: ScanScore) -> None:
    assert scored.not_measured == []
    assert scored.scores.rows == 12
    kinds = {site: context.kind for site, context in scored.sites.items()}
    assert kinds == {"https://www.harrowvale-hospitals.nhs.uk/": "general",
                     "https://www.westmere-sh.nhs.uk/": "specialist"}
    # the clinic's bare pages, which no text alone can place, are its visitors' sexual health; the
    # flag in an event is a flag, not cancer; the trust's visiting times and annual report stay clean
    assert scored.scores.errors == []
    assert scored.scores.binary.precision == 1.0 and scored.scores.binary.recall == 1.0
    text_only = score(load_rows(ROWS), classify_text)
    assert text_only.binary.recall < 0.6 and text_only.binary.fp == 1  # what the scan path adds


def test_a_category_miss_is_listed(scored: ScanScore) -> None:
    # "/results" on the clinic is labelled care too; the verdict says sexual health only
    assert [row["text"] for row, _verdict in scored.scores.category_errors] == ["/results"]


def test_page_url_as_a_tracker_receives_it() -> None:
    site = "https://www.example-trust.nhs.uk/"
    assert page_url("/hiv/", site) == "https://www.example-trust.nhs.uk/hiv/"
    assert page_url("www.sh-example.nhs.uk", site) == "https://www.sh-example.nhs.uk"
    assert page_url("https://other.example/x", site) == "https://other.example/x"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"text": "x", "kind": "url", "sensitive": False, "categories": []}, "row 1: missing site_url"),
        ({"text": "x", "kind": "tweet", "site_url": "https://a.example/", "sensitive": False, "categories": []},
         "row 1: kind 'tweet' is not one of"),
        ({"text": "x", "kind": "url", "site_url": "a.example", "sensitive": False, "categories": []},
         "row 1: site_url 'a.example' is not an http(s) URL"),
    ],
)
def test_rows_it_cannot_place_are_refused(row: dict, message: str) -> None:
    with pytest.raises(ScoreSetError, match=re.escape(message)):
        check_rows([row])


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert score_set.main([str(ROWS), "--misses", "3"]) == 0
    out = capsys.readouterr().out
    assert "through the scan's path (scan_score_rows.jsonl): 12 texts  binary precision 1.000  recall 1.000" in out
    assert "text only, same rows" in out and "... and 2 more misses" in out
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(orjson.dumps({"text": "x", "kind": "url", "sensitive": False, "categories": []}) + b"\n{")
    assert score_set.main([str(bad)]) == 3
    err = capsys.readouterr().err.strip()
    assert err.startswith("score_set: cannot score") and "\n" not in err


# Set G (360 texts naming their sites) was scored once through the scan's path (precision 0.820,
# recall 0.934) and is a development set since the sixth pass (0.991 / 0.961, every category's
# recall 0.64 or more: care without a health word is what is left). DEVELOPMENT floors, with margin.
# Set I (360 texts naming their sites) was scored once through the scan's path (precision 0.939,
# recall 0.852, gender identity recall 0.10, care 0.54) and is a development set since the seventh
# pass (0.982 / 0.941, every category's recall 0.64 or more). DEVELOPMENT floors, with margin:
# set -> (precision, recall, every category's recall).
SCAN_PATH_FLOORS = {
    "independent_set_g.jsonl": (0.95, 0.93, 0.60),
    "independent_set_i.jsonl": (0.95, 0.90, 0.58),
    # Set K (360 texts naming their sites) was scored once through the scan's path (0.981 / 0.878,
    # other condition 0.671, care 0.613) and is a development set since the eighth pass (0.983 / 0.958,
    # every category's recall 0.71 or more). DEVELOPMENT floors, with margin.
    "independent_set_k.jsonl": (0.95, 0.93, 0.68),
    # Set M (360 texts naming their sites) was scored once through the scan's path (0.981 / 0.928,
    # care 0.593, other condition 0.738) and is a development set since the ninth pass (1.000 /
    # 0.973, every category's recall 0.82 or more). DEVELOPMENT floors, with margin.
    "independent_set_m.jsonl": (0.95, 0.94, 0.76),
    # Set O (360 texts naming their sites) was scored once through the scan's path (0.925 / 0.934,
    # other condition 0.774, care 0.726) and is a development set since the tenth pass (0.986 /
    # 0.981, every category's recall 0.74 or more). DEVELOPMENT floors, with margin.
    "independent_set_o.jsonl": (0.95, 0.94, 0.70),
    # Set Q (360 texts naming their sites) was scored once through the scan's path (0.954 / 0.954,
    # other condition 0.838, care 0.722) and is a development set since the eleventh pass (0.991 /
    # 0.995, every category's recall 0.75 or more). DEVELOPMENT floors, with margin.
    "independent_set_q.jsonl": (0.96, 0.96, 0.72),
    # Set S (360 texts naming their sites) was scored once through the scan's path (0.931 / 0.944,
    # other condition 0.881, care 0.603) and is a development set since the twelfth pass (0.991 /
    # 0.986, every category's recall 0.75 or more). DEVELOPMENT floors, with margin.
    "independent_set_s.jsonl": (0.96, 0.96, 0.68),
    # Set U (360 texts naming their sites) was scored once through the scan's path (0.959 / 0.942,
    # other condition 0.857, care 0.614) and is a development set since the thirteenth pass (0.987 /
    # 0.991, every category's recall 0.69 or more). DEVELOPMENT floors, with margin.
    "independent_set_u.jsonl": (0.96, 0.96, 0.64),
    # Set W (360 texts naming their sites, labelled twice apart) was scored once through the scan's
    # path (0.937 / 0.937, other condition 0.729, care 0.753) and is a development set since the
    # fourteenth pass (0.995 / 0.968, every category's recall 0.81 or more). DEVELOPMENT floors, with margin.
    "independent_set_w.jsonl": (0.97, 0.94, 0.76),
    # Set Y (360 texts naming their sites, labelled twice apart) was scored once through the scan's
    # path (0.961 / 0.966, care 0.835, other condition 0.859) and is a development set since the
    # fifteenth pass (0.976 / 0.990, every category's recall 0.91 or more). DEVELOPMENT floors, with margin.
    "independent_set_y.jsonl": (0.94, 0.95, 0.80),
    # Set AA (360 texts naming their sites, labelled twice apart) was scored once through the scan's
    # path (0.943 / 0.985, care 0.800) and is a development set since the sixteenth pass (0.948 / 0.995,
    # care 0.969, every category's recall 0.93 or more). DEVELOPMENT floors, with margin.
    "independent_set_aa.jsonl": (0.93, 0.97, 0.85),
    # Set AC (320 texts, labelled twice apart with the sharpened care) was scored once through the scan's
    # path (0.954 / 0.944, care 0.718) and is a development set since the seventeenth pass (0.974 / 0.960,
    # care 0.845, every category's recall 0.84 or more). DEVELOPMENT floors, with margin.
    "independent_set_ac.jsonl": (0.95, 0.94, 0.80),
    # Set AE (320 texts, labelled twice apart with the sharpened care) was scored once through the scan's
    # path (0.958 / 0.923, care 0.709, other condition 0.709) and is a development set since the eighteenth
    # pass (0.982 / 0.982, care 0.803, every category's recall 0.80 or more). DEVELOPMENT floors, with margin.
    "independent_set_ae.jsonl": (0.96, 0.96, 0.78),
    # Set AG (320 texts, labelled twice apart with the sharpened care) was scored once through the scan's
    # path (0.969 / 0.954, care 0.743) and is a development set since the nineteenth pass (0.974 / 0.979,
    # care 0.933, every category's recall 0.86 or more). DEVELOPMENT floors, with margin.
    "independent_set_ag.jsonl": (0.96, 0.96, 0.84),
    # Set AI (320 texts, labelled twice apart with the sharpened care) was scored once through the scan's
    # path (0.990 / 0.961, care 0.861) and is a development set since the twentieth pass (0.990 / 0.995,
    # care 0.926, every category's recall 0.92 or more). DEVELOPMENT floors, with margin.
    "independent_set_ai.jsonl": (0.97, 0.97, 0.90),
}


@pytest.mark.parametrize("name", SCAN_PATH_FLOORS)
def test_development_floors_through_the_scan_path(name: str) -> None:
    rows = load_rows(HERE / name)
    result = score_through_scan(rows)
    precision, recall, category_recall = SCAN_PATH_FLOORS[name]
    binary = result.scores.binary
    print(f"\n{name} through the scan's path (development): precision {binary.precision:.3f} recall {binary.recall:.3f}")
    assert len(rows) >= 320 and result.not_measured == []  # 360 texts a set, AC's 320
    assert binary.precision >= precision and binary.recall >= recall, binary
    for category, counts in result.scores.categories.items():
        assert counts.recall >= category_recall, (category, counts)
