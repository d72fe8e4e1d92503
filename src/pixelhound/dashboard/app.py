"""The dashboard's web application: server-rendered pages over the store, and the same data as JSON
under /api/ (described by FastAPI's OpenAPI document at /api/openapi.json).

Nothing here changes the store: every route but the login form's is a GET that reads. Everything a
website said reaches a page through Jinja2's autoescaping only.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from pixelhound import __version__
from pixelhound.dashboard.charts import CHART_HEIGHT, timeline
from pixelhound.dashboard.evidence import EvidenceRefused, read_evidence
from pixelhound.dashboard.api import api_router
from pixelhound.dashboard.fleet import CSV_COLUMNS, csv_row
from pixelhound.dashboard.pages import NotFound, Pages
from pixelhound.dashboard.security import (
    COMMON_HEADERS,
    EVIDENCE_POLICY,
    OPEN_PATHS,
    PAGE_POLICY,
    cookie_settings,
    loopback_host,
    presented_token,
    token_matches,
)
from pixelhound.report.csv_report import safe_cell
from pixelhound.report.html_report import HtmlReportBuilder
from pixelhound.report.html.text import SCENARIO_LABELS, when
from pixelhound.settings import DASHBOARD_COOKIE
from pixelhound.store.diff import summary_sentence
from pixelhound.store.engine import StoreError, first_line
from pixelhound.wording import category_label, plural

# How evidence files are sent: a run's own reports as what they are; a website's saved HTML as text.
_EVIDENCE_TYPES = {".png": "image/png", ".json": "application/json", ".har": "application/json",
                   ".gz": "application/gzip"}
_RUN_REPORTS = ("report.html",)


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("pixelhound.dashboard", "templates"),
        autoescape=True,  # every template, whatever its name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["plural"] = plural
    environment.globals.update(category_label=category_label, when=when, scenario_labels=SCENARIO_LABELS,
                               summary_sentence=summary_sentence, version=__version__, chart_height=CHART_HEIGHT)
    return environment


def _stylesheet() -> str:
    """The HTML report's stylesheet and change colours, then the dashboard's own rules: one look."""
    report = resources.files("pixelhound.report").joinpath("templates")
    parts = [report.joinpath("report.css"), report.joinpath("_change_status.css"),
             resources.files("pixelhound.dashboard").joinpath("templates/dashboard.css")]
    return "\n".join(part.read_text(encoding="utf-8") for part in parts)


def _evidence_type(name: str) -> str:
    if name in _RUN_REPORTS:
        return "text/html; charset=utf-8"
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    return _EVIDENCE_TYPES.get(suffix, "text/plain; charset=utf-8")


def create_app(engine: Engine, token: str | None = None, secure_cookie: bool = False) -> FastAPI:
    """The application over one store; with a token, every request but the login form needs it."""
    app = FastAPI(title="pixelhound dashboard", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="What the store knows about each site, run and recipient, as JSON. Read-only.")
    pages = Pages(engine)
    templates = _environment()

    def page(request: Request, template: str, status: int = 200, **context: object) -> HTMLResponse:
        html = templates.get_template(template).render(path=request.url.path, token_required=bool(token), **context)
        return HTMLResponse(html, status_code=status)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.middleware("http")
    async def guard(request: Request, call_next):  # noqa: ANN001, ANN202
        """Token and host checks before anything runs; security headers on every answer."""
        path = request.url.path
        refused: Response | None = None
        if token is None and not loopback_host(request.headers.get("host", "")):
            refused = Response("the dashboard answers only requests to its loopback address\n", 421, media_type="text/plain")
        elif token is not None and path not in OPEN_PATHS:
            presented = presented_token(request.headers.get("authorization", ""), request.cookies.get(DASHBOARD_COOKIE, ""))
            if not token_matches(token, presented):
                if wants_json(request) or request.headers.get("authorization"):
                    refused = JSONResponse({"detail": "a valid token is required"}, 401,
                                           headers={"WWW-Authenticate": "Bearer"})
                else:
                    refused = page(request, "login.html", 401, failed=False, title="Sign in")
                    refused.headers["WWW-Authenticate"] = 'Bearer realm="pixelhound"'
        response = refused or await call_next(request)
        for name, value in COMMON_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Content-Security-Policy", PAGE_POLICY)
        return response

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": str(error)}, 404)
        return page(request, "error.html", 404, title="Not found", message=str(error))

    @app.exception_handler(StoreError)
    @app.exception_handler(SQLAlchemyError)
    async def store_failed(request: Request, error: Exception) -> Response:
        """The database went away or failed mid-request: one line, 503, and the next request retries."""
        message = str(error) if isinstance(error, StoreError) else f"the store cannot be read: {first_line(error)}"
        if wants_json(request):
            return JSONResponse({"detail": message}, 503)
        return page(request, "error.html", 503, title="The store cannot be read", message=message)

    # -- pages

    def run_report(run_id: int) -> dict:
        """The first screen of the run's HTML report (its verdict sentences), from its run folder."""
        try:
            _, analysis = pages.analysis(run_id)
        except NotFound as error:
            return {"available": False, "reason": str(error), "verdicts": [], "identifier_lines": []}
        builder = HtmlReportBuilder(analysis, None)
        return {"available": True, "reason": "", "verdicts": builder.verdicts(), "identifier_lines": builder.identifier_lines()}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def fleet_page(request: Request, company: str = "", rule: str = "", sort: str = "rank", desc: bool = False) -> Response:
        document = pages.fleet(company, rule, sort, desc)
        return page(request, "fleet.html", title="Fleet", fleet=document)

    @app.get("/fleet.csv", include_in_schema=False)
    def fleet_csv(company: str = "", rule: str = "", sort: str = "rank", desc: bool = False) -> Response:
        rows = pages.fleet(company, rule, sort, desc)["sites"]
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        writer.writerows([safe_cell(value) for value in csv_row(row)] for row in rows)
        return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="pixelhound-fleet.csv"'})

    @app.get("/sites/{key}", response_class=HTMLResponse, include_in_schema=False)
    def site_page(request: Request, key: str) -> Response:
        document = pages.site(key)
        columns, width = timeline(document["runs"])
        return page(request, "site.html", title=document["name"] or key, site=document, columns=columns, width=width)

    @app.get("/runs", response_class=HTMLResponse, include_in_schema=False)
    def runs_page(request: Request) -> Response:
        return page(request, "runs.html", title="Runs", runs=pages.runs()["runs"])

    @app.get("/runs/{run_id}", response_class=HTMLResponse, include_in_schema=False)
    def run_page(request: Request, run_id: int) -> Response:
        document = pages.run(run_id)
        return page(request, "run.html", title=f"Run {run_id}", run=document, report=run_report(run_id))

    @app.get("/runs/{run_id}/findings/{finding_id}", response_class=HTMLResponse, include_in_schema=False)
    def finding_page(request: Request, run_id: int, finding_id: str) -> Response:
        header, evidence = pages.finding(run_id, finding_id)
        return page(request, "finding.html", title=f"Finding {finding_id} of run {run_id}", run=header, evidence=evidence)

    @app.get("/runs/{run_id}/evidence/{name:path}", include_in_schema=False)
    def evidence_file(run_id: int, name: str) -> Response:
        header = pages.run_header(run_id)
        try:
            found = read_evidence(header["folder"], name)
        except EvidenceRefused as error:
            return Response(f"{error}\n", error.status, media_type="text/plain")
        return Response(found.data, media_type=_evidence_type(name),
                        headers={"Content-Security-Policy": EVIDENCE_POLICY, "X-Evidence-SHA256": found.sha256})

    @app.get("/diff", response_class=HTMLResponse, include_in_schema=False)
    def diff_page(request: Request, old: int | None = None, new: int | None = None) -> Response:
        document = pages.diff(old, new)
        return page(request, "diff.html", title=f"Run {document['old']['id']} to run {document['new']['id']}",
                    diff=document, runs=pages.runs()["runs"])

    @app.get("/recipients", response_class=HTMLResponse, include_in_schema=False)
    def recipients_page(request: Request) -> Response:
        return page(request, "recipients.html", title="Recipients", recipients=pages.recipients())

    stylesheet_text = _stylesheet()

    @app.get("/static/dashboard.css", include_in_schema=False)
    def stylesheet() -> Response:
        return Response(stylesheet_text, media_type="text/css; charset=utf-8")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    # -- signing in (the only requests that are not GETs; they change no data, only the browser's cookie)

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request) -> Response:
        return page(request, "login.html", title="Sign in", failed=False)

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        fields = parse_qs((await request.body()).decode("utf-8", errors="replace"))
        given = (fields.get("token") or [""])[0].strip()
        if token is None or not token_matches(token, given):
            return page(request, "login.html", 401, title="Sign in", failed=token is not None)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(value=given, **cookie_settings(secure_cookie))
        return response

    @app.post("/logout", include_in_schema=False)
    def logout() -> Response:
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(DASHBOARD_COOKIE, path="/")
        return response

    app.include_router(api_router(pages))
    return app
