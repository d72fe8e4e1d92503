"""Renders a fictional trust's website: NHS-style pages, real buttons and forms, its trackers.

Pure function of (trust, request) -> Response, so it can be tested without a browser or socket.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape as xml_escape

import json

import jinja2
from markupsafe import Markup

from pixelhound.demo import content
from pixelhound.demo.banners import banner_html, consent_state_js
from pixelhound.demo.responses import Response, html, not_found, redirect, text
from pixelhound.demo.trusts import Trust
from pixelhound.settings import DEVICE_MOBILE

# snippet(kind, account, **options) -> HTML for <head>; see pixelhound.demo.trackers.
SnippetFunction = Callable[..., str]


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The template environment (autoescaped: page content never becomes markup by accident)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("pixelhound.demo", "templates"),
        autoescape=jinja2.select_autoescape(("html", "xml"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


# The consent purpose each tracker kind needs (what a consent-gated trust checks before loading it).
PURPOSES: dict[str, str] = {
    "meta_pixel": "marketing",
    "tiktok": "marketing",
    "linkedin": "marketing",
    "ga4": "analytics",
    "hotjar": "analytics",
}

# Loads gated snippets once consent allows their purpose: at once when the stored record already
# says so (a later page, or the reload after a choice), or when the banner announces "accept".
# Scripts parsed from a string do not run, so each <script> is re-created; <noscript> is dropped.
_INJECT = """  function inject(item) {
    if (item.done) return; item.done = true;
    var t = document.createElement("template"); t.innerHTML = item.html;
    t.content.querySelectorAll("script").forEach(function (old) {
      var s = document.createElement("script");
      for (var i = 0; i < old.attributes.length; i++) s.setAttribute(old.attributes[i].name, old.attributes[i].value);
      s.text = old.textContent;
      document.head.appendChild(s);
    });
  }
"""
_GATE = """<script>(function () {
  var gated = %s;
""" + _INJECT + """  var state = window.pixelhoundConsentState();
  gated.forEach(function (item) { if (state[item.purpose]) inject(item); });
  window.addEventListener("pixelhound-demo-consent", function (event) {
    if (event.detail && event.detail.choice === "accept") gated.forEach(inject);
  });
})();</script>"""


# Loads snippets only in a phone's browser, as sites that run mobile-only campaigns do: a coarse
# (touch) pointer and a mobile user agent. A desktop browser never requests them.
_ON_MOBILE = """<script>(function () {
  var mobileOnly = %s;
""" + _INJECT + """  if (window.matchMedia("(pointer: coarse)").matches && /Android|Mobi/.test(navigator.userAgent)) {
    mobileOnly.forEach(inject);
  }
})();</script>"""


def _script_json(value: object) -> str:
    """JSON safe inside an inline <script>."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e")


def tracker_head(trust: Trust, path: str, snippet: SnippetFunction, gpc: bool = False, visitor: int = 0) -> Markup:
    """The tracker snippets this trust embeds on this page, in order; behind the consent gate when
    the trust waits for consent; none for a trust that honours the GPC signal the request carried;
    mobile-only ones behind a check of the browser. Banner trusts also get
    `window.pixelhoundConsentState()`. `visitor` is the visitor's number (0: not counted): a tracker
    for every other visitor is embedded for odd numbers only."""
    parts = [consent_state_js()] if trust.banner or trust.trackers_need_consent else []
    trackers = [] if gpc and trust.honours_gpc else trust.trackers_on(path)
    trackers = [t for t in trackers if not t.every_other_visitor or visitor % 2 == 1]
    mobile_only = [t for t in trackers if t.device == DEVICE_MOBILE]
    trackers = [t for t in trackers if t.device != DEVICE_MOBILE]
    if mobile_only:
        parts.append(_ON_MOBILE % _script_json([{"html": snippet(t.kind, t.account, **dict(t.options))} for t in mobile_only]))
    if trust.trackers_need_consent:
        if trackers:
            gated = [{"purpose": PURPOSES.get(t.kind, "marketing"), "html": snippet(t.kind, t.account, **dict(t.options))}
                     for t in trackers]
            parts.append(_GATE % _script_json(gated))
    else:
        parts += [snippet(t.kind, t.account, **dict(t.options)) for t in trackers]
    return Markup("\n".join(parts))


def banner_markup(trust: Trust) -> Markup:
    """The trust's cookie banner (end of <body>), or nothing for a trust without one."""
    if not trust.banner:
        return Markup("")
    return Markup(banner_html(trust.banner, reject_works=trust.banner_reject_works))


def _page(trust: Trust, path: str, template: str, snippet: SnippetFunction, title: str, gpc: bool = False,
          visitor: int = 0,
          **values: object) -> Response:
    page = environment().get_template(template).render(
        trust=trust,
        path=path,
        title=title,
        full_title=f"{title} - {trust.name}" if path != "/" else trust.name,
        trackers=tracker_head(trust, path, snippet, gpc, visitor),
        banner=banner_markup(trust),
        services=content.SERVICES + trust.extra_services,
        **values,
    )
    return html(page)


def _sitemap(trust: Trust) -> Response:
    urls = "".join(f"  <url><loc>{xml_escape(f'https://{trust.host}{p}')}</loc></url>\n" for p in trust.page_paths())
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
    return text(body, content_type="application/xml; charset=utf-8")


def _robots(trust: Trust) -> Response:
    return text(f"User-agent: *\nDisallow: /forms/\nSitemap: https://{trust.host}/sitemap.xml\n")


def search(query: str) -> list[tuple[str, str]]:
    """(path, title) of every page containing all the query's words, case-insensitively."""
    words = query.lower().split()
    if not words:
        return []
    hits = []
    for path in content.page_paths():
        haystack = content.page_text(path).lower()
        if all(w in haystack for w in words):
            hits.append((path, content.page_title(path)))
    return hits


def _form_fields(body: bytes) -> dict[str, list[str]]:
    return parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)


def _extra_service(trust: Trust, slug: str) -> content.Service | None:
    return next((s for s in trust.extra_services if s.slug == slug), None)


def _small_site_page(trust: Trust, path: str, page: Callable[..., Response]) -> Response:
    """A small site's page: its home, about-us and privacy notice; anything else is not found."""
    title = dict(trust.small_site).get(path)
    if title is None:
        response = page("not_found.html", "Page not found")
        response.status = 404
        return response
    if path == "/privacy-notice":
        return page("privacy_notice.html", title)
    return page("small_page.html", title)


def render(trust: Trust, method: str, target: str, body: bytes, snippet: SnippetFunction, gpc: bool = False,
           visitor: int = 0) -> Response:
    """The response of `trust`'s site (www host) to one request; `gpc`: it carried `Sec-GPC: 1`;
    `visitor`: the visitor's number (0: not counted)."""
    split = urlsplit(target)
    path = split.path or "/"
    if path != "/" and path.endswith("/"):
        return redirect(path.rstrip("/") + (f"?{split.query}" if split.query else ""), 301)
    query = parse_qs(split.query)
    first = lambda name: (query.get(name) or [""])[0]  # noqa: E731
    page = lambda template, title, **values: _page(trust, path, template, snippet, title, gpc, visitor, **values)  # noqa: E731

    if path == "/forms/submit":
        if method != "POST":
            response = text("Method not allowed\n", 405)
            response.headers.append(("Allow", "POST"))
            return response
        form_id = (_form_fields(body).get("form_id") or [""])[0]
        return page("thank_you.html", "Thank you", form_id=form_id if form_id in content.FORMS else "")
    if method not in ("GET", "HEAD"):
        response = text("Method not allowed\n", 405)
        response.headers.append(("Allow", "GET, HEAD"))
        return response
    if path == "/sitemap.xml":
        return _sitemap(trust)
    if path == "/robots.txt":
        return _robots(trust)
    if trust.small_site:
        return _small_site_page(trust, path, page)
    if path == "/":
        return page("home.html", "Home", news=content.NEWS)
    if path == "/conditions":
        return page("conditions.html", "Conditions and services A–Z")
    slug = path.removeprefix("/conditions/")
    if path.startswith("/conditions/") and (item := content.service(slug) or _extra_service(trust, slug)):
        return page("condition.html", item.title, item=item)
    if path.startswith("/leaflets/") and path.endswith(".pdf"):
        return Response(200, [("Content-Type", "application/pdf"), ("Cache-Control", "no-store")], content.LEAFLET_PDF)
    if path == "/appointments":
        return page("appointments.html", "Appointments")
    if path == "/appointments/book":
        return page("book.html", "Book an appointment", selected=first("service"))
    if path == "/repeat-prescriptions":
        return page("repeat_prescriptions.html", "Repeat prescriptions")
    if path == "/referral":
        return page("referral.html", "Refer yourself", selected=first("service"))
    if path == "/contact":
        return page("contact.html", "Contact us")
    if path == "/search":
        q = first("q").strip()
        return page("search.html", f"Search results for {q}" if q else "Search", q=q, results=search(q))
    if path == "/privacy-notice":
        return page("privacy_notice.html", "Privacy notice")
    if path == "/cookie-policy":
        return page("cookie_policy.html", "Cookie policy")
    if path == "/jobs":
        return page("jobs.html", "Jobs", vacancies=content.VACANCIES)
    if path.startswith("/jobs/") and (job := content.vacancy(path.removeprefix("/jobs/"))):
        return page("job.html", job.title, job=job)
    if path == "/news":
        return page("news.html", "News", news=content.NEWS)
    if path.startswith("/news/") and (story := content.news_item(path.removeprefix("/news/"))):
        return page("news_item.html", story.title, story=story)
    if path == "/favicon.ico":
        return not_found()
    response = page("not_found.html", "Page not found")
    response.status = 404
    return response
