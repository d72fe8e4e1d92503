"""The JSON API: each page's document as JSON under /api/, described by FastAPI's OpenAPI document.
Read-only, like the pages; the same Pages functions answer both."""

from __future__ import annotations

import msgspec
from fastapi import APIRouter

from pixelhound.dashboard.pages import Pages


def api_router(pages: Pages) -> APIRouter:
    router = APIRouter(prefix="/api")

    @router.get("/sites", summary="The league table: every site's latest run, worst first")
    def api_sites(company: str = "", rule: str = "", sort: str = "rank", desc: bool = False) -> dict:
        return pages.fleet(company, rule, sort, desc)

    @router.get("/sites/{key}", summary="One site: its runs oldest first, and its latest run's findings")
    def api_site(key: str) -> dict:
        return pages.site(key)

    @router.get("/runs", summary="Every run, newest first")
    def api_runs() -> dict:
        return pages.runs()

    @router.get("/runs/{run_id}", summary="One run: its sites, their measurement and verdict, its findings")
    def api_run(run_id: int) -> dict:
        return pages.run(run_id)

    @router.get("/runs/{run_id}/findings/{finding_id}",
                summary="One finding: the requests behind it decoded, raw, with their page's screenshot and SHA-256s")
    def api_finding(run_id: int, finding_id: str) -> dict:
        return msgspec.to_builtins(pages.finding(run_id, finding_id)[1])

    @router.get("/diff", summary="What changed between two runs (default: the latest and the one before)")
    def api_diff(old: int | None = None, new: int | None = None) -> dict:
        return pages.diff(old, new)

    @router.get("/recipients", summary="Companies by the sites they receive data from; account ids on several sites")
    def api_recipients() -> dict:
        return pages.recipients()

    return router
