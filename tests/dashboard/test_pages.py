"""The pages' data over a real SQLite store holding run folders written as scans write them: the
league table's order and its never-clean cells, the change since the run before, and the
recipients across sites with the account ids shared between them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pixelhound.dashboard.pages import NotFound, Pages
from pixelhound.store.api import import_folder
from pixelhound.store.engine import open_engine
from tests.store.helpers import make_analysis, write_run_folder

MEASURED_BOTH = {"no-interaction": {}, "reject-all": {}}


def _fleet(clinic: dict, hillside: dict, down: dict) -> dict:
    return {
        "Clinic": {"url": "https://www.clinic.test/", "scenarios": clinic},
        "Hillside": {"url": "https://www.hillside.test/", "scenarios": hillside},
        "Down": {"url": "https://www.down.test/", "scenarios": down},
    }


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Pages:
    root = tmp_path_factory.mktemp("dashboard-pages")
    db = f"sqlite:///{root / 'store.db'}"
    first = _fleet(
        {"no-interaction": {"vendors": {"meta": 2}, "rules": ["health-data-disclosed", "tracking-before-consent"]},
         "reject-all": {"vendors": {"meta": 1}, "rules": ["tracking-after-rejection"]}},
        {"no-interaction": {"vendors": {"meta": 0}}, "reject-all": {}},
        {"no-interaction": {"vendors": {"tiktok": 1}}, "reject-all": {}},
    )
    later = _fleet(
        {"no-interaction": {"vendors": {"meta": 2}, "rules": ["health-data-disclosed", "tracking-before-consent"]},
         "reject-all": {}},
        {"no-interaction": {"vendors": {"meta": 0}}, "reject-all": {}},
        {"no-interaction": {"state": "not-measured"}, "reject-all": {"state": "not-measured"}},
    )
    for name, sites, when in (("week-1", first, "2026-01-05T09:00:00Z"), ("week-2", later, "2026-01-12T09:00:00Z")):
        import_folder(write_run_folder(root / name, make_analysis(sites, when)), db)
    return Pages(open_engine(db))


def test_league_table_worst_first_and_never_clean_by_default(pages: Pages) -> None:
    rows = {row["site"]: row for row in pages.fleet()["sites"]}
    assert [row["site"] for row in pages.fleet()["sites"]] == ["clinic.test", "hillside.test", "down.test"]
    clinic, down = rows["clinic.test"], rows["down.test"]
    assert (clinic["tracking_before_consent"], clinic["tracking_after_rejection"]) == ("yes", "no")
    assert clinic["not_scanned"] == ["accept-all"]  # shown as such, never taken for "nothing sent"
    assert clinic["change"]["since_run"] == 1 and clinic["change"]["fixed"] == 1  # tracking after rejection
    assert down["measurement"] == "not-measured" and down["verdict"] == "NOT MEASURED"
    assert down["tracking_before_consent"] == "not-measured" and down["notice_names_all"] == "not-measured"
    assert down["change"]["not_measured"] == 1 and down["change"]["removed"] == 0  # TikTok: unknown, not removed
    by_health = [row["site"] for row in pages.fleet(sort="health", descending=True)["sites"]]
    assert by_health == ["clinic.test", "down.test", "hillside.test"]  # unknown before a measured nothing
    assert [row["site"] for row in pages.fleet(company="Meta Platforms, Inc.")["sites"]] == ["clinic.test", "hillside.test"]
    assert [row["site"] for row in pages.fleet(rule="tracking-before-consent")["sites"]] == ["clinic.test"]


def test_recipients_across_sites_and_shared_accounts(pages: Pages) -> None:
    document = pages.recipients()
    meta = next(r for r in document["recipients"] if r["vendor"] == "meta")
    assert meta["sites"] == ["clinic.test", "hillside.test"] and meta["health_sites"] == ["clinic.test"]
    assert meta["measured_sites"] == 2  # the site that was down could have shown nothing
    assert document["not_measured_sites"] == ["down.test"]
    assert document["shared_accounts"] == [
        {"vendor": "meta", "company": "Meta Platforms, Inc.", "account": "meta-1", "sites": ["clinic.test", "hillside.test"]}
    ]


def test_site_run_and_diff_documents(pages: Pages) -> None:
    site = pages.site("down.test")
    assert [run["run"] for run in site["runs"]] == [1, 2] and site["runs"][1]["verdict"] == "NOT MEASURED"
    assert pages.diff(None, None)["old"]["id"] == 1
    assert {s["site"]: s["measurement"] for s in pages.run(2)["sites"]}["down.test"] == "not-measured"
    with pytest.raises(NotFound):
        pages.site("nowhere.test")
    with pytest.raises(NotFound):
        pages.run(99)


def test_an_empty_store_has_no_diff(tmp_path: Path) -> None:
    empty = Pages(open_engine(f"sqlite:///{tmp_path / 'empty.db'}"))
    assert empty.fleet()["sites"] == [] and empty.recipients()["recipients"] == []
    with pytest.raises(NotFound):
        empty.diff(None, None)
