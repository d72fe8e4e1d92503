"""Tracker emulators for the demo internet: our own small scripts and endpoint handlers that send
what the real trackers send, on the same transports, so pixelhound's decoders read them unchanged.

Written from the wire facts in PROTOCOLS.md (the project's shared notes); no vendor's script is
copied or shipped. The demo server routes every host in `TRACKER_HOSTS` (and a trust's first-party
GA4 proxy, as host `region1.google-analytics.com`) to `tracker_response`; a site installs a tracker
with `snippet`.

Per-account settings (which automatic features a Meta pixel runs, whether a GA4 stream has enhanced
measurement, whether a Hotjar site captures keystrokes) live on the vendor's side in reality; here
they are kept in a small registry filled by `snippet` (or `configure`) and served with the
configuration scripts. An account never configured gets the defaults: every leaky feature on.
"""

from __future__ import annotations

import json
import re
import secrets
import time
import uuid
from functools import cache
from importlib import resources
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

Headers = list[tuple[str, str]]
Response = tuple[int, Headers, bytes]

META_HOSTS: Final = frozenset({"connect.facebook.net", "www.facebook.com"})
GOOGLE_COLLECT_HOSTS: Final = frozenset(
    {"region1.google-analytics.com", "www.google-analytics.com", "analytics.google.com", "region1.analytics.google.com"}
)
GOOGLE_HOSTS: Final = GOOGLE_COLLECT_HOSTS | {"www.googletagmanager.com"}
TIKTOK_HOSTS: Final = frozenset({"analytics.tiktok.com"})
LINKEDIN_HOSTS: Final = frozenset({"snap.licdn.com", "px.ads.linkedin.com"})
HOTJAR_HOSTS: Final = frozenset({"static.hotjar.com", "script.hotjar.com", "content.hotjar.io", "in.hotjar.com"})
TRACKER_HOSTS: Final[frozenset[str]] = META_HOSTS | GOOGLE_HOSTS | TIKTOK_HOSTS | LINKEDIN_HOSTS | HOTJAR_HOSTS

KINDS: Final = ("meta_pixel", "ga4", "tiktok", "linkedin", "hotjar")

# A 1x1 transparent GIF, what image beacons get back.
PIXEL_GIF: Final = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
META_VERSION: Final = "2.9.199"
JS_TYPE: Final = "application/javascript; charset=utf-8"
_ACCOUNT_PATTERNS: Final[dict[str, re.Pattern[str]]] = {
    "meta_pixel": re.compile(r"^\d{6,20}$"),
    "ga4": re.compile(r"^G-[A-Z0-9]{4,16}$"),
    "tiktok": re.compile(r"^[A-Z0-9]{8,32}$"),
    "linkedin": re.compile(r"^\d{3,12}$"),
    "hotjar": re.compile(r"^\d{3,12}$"),
}

# --- per-account settings (the vendor-side configuration) ------------------------------------------

META_DEFAULTS: Final[dict[str, Any]] = {
    "automatic_button_clicks": True,
    "automatic_matching": True,
    "matching_fields": ("em", "ph", "fn", "ln", "zp", "ct", "db"),
    "microdata": True,
    "rules": (),  # ({"text": "book", "event": "Schedule", "id": "..."},): button text -> standard event
    "transport": "auto",  # "auto" (GET if short, else sendBeacon, else form POST), "get", "beacon", "form"
    "privacy_sandbox": False,
}
# flush_on: "hidden" sends queued events when the page is hidden or unloading (and a second after
# they were queued); "pagehide" holds them (scroll, user_engagement, form_start, form_submit) until
# the window's pagehide, as gtag.js with enhanced measurement does (PROTOCOLS.md, GA4).
GA4_DEFAULTS: Final[dict[str, Any]] = {"enhanced_measurement": True, "transport_url": "", "flush_on": "hidden"}
HOTJAR_DEFAULTS: Final[dict[str, Any]] = {"record_keystrokes": True}
_DEFAULTS: Final[dict[str, dict[str, Any]]] = {"meta_pixel": META_DEFAULTS, "ga4": GA4_DEFAULTS, "hotjar": HOTJAR_DEFAULTS}
_SETTINGS: dict[tuple[str, str], dict[str, Any]] = {}


def configure(kind: str, account: str, **settings: Any) -> dict[str, Any]:
    """Set the vendor-side settings of one account (what its configuration script will say)."""
    defaults = _DEFAULTS.get(kind)
    if defaults is None:
        raise ValueError(f"{kind!r} has no vendor-side settings; kinds with settings: {sorted(_DEFAULTS)}")
    unknown = set(settings) - set(defaults)
    if unknown:
        raise TypeError(f"unknown {kind} settings: {sorted(unknown)}")
    merged = {**settings_for(kind, account), **settings}
    _SETTINGS[(kind, account)] = merged
    return merged


def settings_for(kind: str, account: str) -> dict[str, Any]:
    """The account's settings, defaults filled in."""
    return {**_DEFAULTS.get(kind, {}), **_SETTINGS.get((kind, account), {})}


# --- snippets: what a site puts in <head> -------------------------------------------------------------


def _js(value: Any) -> str:
    """A JSON value safe to put inside an inline <script>."""
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


def _check_account(kind: str, account: str) -> None:
    if not _ACCOUNT_PATTERNS[kind].match(account):
        raise ValueError(f"{account!r} is not a plausible {kind} account id")


_FALSE_WORDS: Final = frozenset({"false", "0", "no", "off", ""})


def _coerce(default: Any, value: Any) -> Any:
    """Options may arrive as text (a site's data file holds strings): "false" must mean False and a
    JSON text must mean the structure it spells."""
    if not isinstance(value, str):
        return value
    if isinstance(default, bool):
        return value.strip().lower() not in _FALSE_WORDS
    if (default is None or isinstance(default, (tuple, list, dict))) and value.strip()[:1] in ("[", "{"):
        return json.loads(value)
    if isinstance(default, (tuple, list)):
        return tuple(item.strip() for item in value.split(",") if item.strip())
    if isinstance(default, int):
        return int(value)
    return value


def _take(options: dict[str, Any], allowed: dict[str, Any], kind: str) -> dict[str, Any]:
    unknown = set(options) - set(allowed)
    if unknown:
        raise TypeError(f"unknown {kind} snippet options: {sorted(unknown)}")
    return {**allowed, **{key: _coerce(allowed[key], value) for key, value in options.items()}}


def _meta_snippet(account: str, options: dict[str, Any]) -> str:
    opts = _take(options, {**META_DEFAULTS, "page_view": True, "advanced_matching": None, "locale": "en_US"}, "meta_pixel")
    configure("meta_pixel", account, **{k: v for k, v in opts.items() if k in META_DEFAULTS})
    init = f"fbq('init',{_js(account)}" + (f",{_js(opts['advanced_matching'])}" if opts["advanced_matching"] else "") + ");"
    src = f"https://connect.facebook.net/{opts['locale']}/fbevents.js"
    lines = [
        "<!-- Meta Pixel (pixelhound demo emulator) -->",
        "<script>",
        "(function(w,d,src){if(w.fbq)return;var n=w.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments)"
        ":n.queue.push(arguments)};if(!w._fbq)w._fbq=n;n.push=n;n.loaded=true;n.version='2.0';n.queue=[];"
        "var t=d.createElement('script');t.async=true;t.src=src;var s=d.getElementsByTagName('script')[0];"
        f"s.parentNode.insertBefore(t,s)}})(window,document,{_js(src)});",
        init,
    ]
    if opts["page_view"]:  # trackSingle, as tag-manager installs do: a second pixel's snippet on the
        lines.append(f"fbq('trackSingle',{_js(account)},'PageView');")  # page must not count twice
    lines += [
        "</script>",
        f'<noscript><img height="1" width="1" style="display:none" alt="" '
        f'src="https://www.facebook.com/tr?id={account}&amp;ev=PageView&amp;noscript=1"></noscript>',
    ]
    return "\n".join(lines)


def _ga4_snippet(account: str, options: dict[str, Any]) -> str:
    opts = _take(
        options,
        {"transport_url": "", "enhanced_measurement": True, "send_page_view": True, "user_id": "", "consent_default": None,
         "flush_on": "hidden"},
        "ga4",
    )
    base = str(opts["transport_url"] or "").rstrip("/")
    if opts["flush_on"] not in ("hidden", "pagehide"):
        raise ValueError(f"ga4 flush_on must be 'hidden' or 'pagehide', not {opts['flush_on']!r}")
    configure("ga4", account, enhanced_measurement=bool(opts["enhanced_measurement"]), transport_url=base,
              flush_on=str(opts["flush_on"]))
    config: dict[str, Any] = {}
    if base:
        config.update(transport_url=base, first_party_collection=True)
    if not opts["send_page_view"]:
        config["send_page_view"] = False
    if opts["user_id"]:
        config["user_id"] = str(opts["user_id"])
    script_host = base or "https://www.googletagmanager.com"
    lines = [
        "<!-- Google tag (gtag.js) (pixelhound demo emulator) -->",
        f'<script async src="{script_host}/gtag/js?id={account}"></script>',
        "<script>",
        "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}",
    ]
    if opts["consent_default"]:
        lines.append(f"gtag('consent','default',{_js(opts['consent_default'])});")
    lines += ["gtag('js',new Date());", f"gtag('config',{_js(account)}" + (f",{_js(config)}" if config else "") + ");", "</script>"]
    return "\n".join(lines)


def _tiktok_snippet(account: str, options: dict[str, Any]) -> str:
    opts = _take(options, {"auto_click": True, "auto_matching": True, "auto_metadata": True, "page": True}, "tiktok")
    load_options = {k: v for k, v in opts.items() if k != "page" and v is False}
    lines = [
        "<!-- TikTok Pixel (pixelhound demo emulator) -->",
        "<script>",
        "(function(w,d,t){w.TiktokAnalyticsObject=t;var q=w[t]=w[t]||[];q.methods=['page','track','identify','instance'];"
        "q.methods.forEach(function(m){q[m]=function(){q.push([m].concat([].slice.call(arguments)))}});"
        "q.load=function(id,o){q.push(['load',id,o||{}]);var s=d.createElement('script');s.async=true;"
        "s.src='https://analytics.tiktok.com/i18n/pixel/events.js?sdkid='+encodeURIComponent(id)+'&lib='+t;"
        "var f=d.getElementsByTagName('script')[0];f.parentNode.insertBefore(s,f)};})(window,document,'ttq');",
        f"ttq.load({_js(account)}" + (f",{_js(load_options)}" if load_options else "") + ");",
    ]
    if opts["page"]:
        lines.append("ttq.page();")
    lines.append("</script>")
    return "\n".join(lines)


def _linkedin_snippet(account: str, options: dict[str, Any]) -> str:
    _take(options, {}, "linkedin")
    return "\n".join(
        [
            "<!-- LinkedIn Insight Tag (pixelhound demo emulator) -->",
            "<script>",
            f"_linkedin_partner_id={_js(account)};",
            "window._linkedin_data_partner_ids=window._linkedin_data_partner_ids||[];",
            "window._linkedin_data_partner_ids.push(_linkedin_partner_id);",
            "</script>",
            "<script>",
            "(function(l){if(!l){window.lintrk=function(a,b){window.lintrk.q.push([a,b])};window.lintrk.q=[]}"
            "var s=document.getElementsByTagName('script')[0];var b=document.createElement('script');b.async=true;"
            "b.src='https://snap.licdn.com/li.lms-analytics/insight.min.js';s.parentNode.insertBefore(b,s);})(window.lintrk);",
            "</script>",
            f'<noscript><img height="1" width="1" style="display:none" alt="" '
            f'src="https://px.ads.linkedin.com/collect/?pid={account}&amp;fmt=gif"></noscript>',
        ]
    )


def _hotjar_snippet(account: str, options: dict[str, Any]) -> str:
    opts = _take(options, {**HOTJAR_DEFAULTS, "version": 6}, "hotjar")
    configure("hotjar", account, record_keystrokes=bool(opts["record_keystrokes"]))
    return "\n".join(
        [
            "<!-- Hotjar Tracking Code (pixelhound demo emulator) -->",
            "<script>",
            "(function(w,d,id,sv){w.hj=w.hj||function(){(w.hj.q=w.hj.q||[]).push(arguments)};"
            "w._hjSettings={hjid:id,hjsv:sv};var s=d.createElement('script');s.async=1;"
            "s.src='https://static.hotjar.com/c/hotjar-'+id+'.js?sv='+sv;(d.head||d.documentElement).appendChild(s);"
            f"}})(window,document,{int(account)},{int(opts['version'])});",
            "</script>",
        ]
    )


_SNIPPETS: Final = {
    "meta_pixel": _meta_snippet,
    "ga4": _ga4_snippet,
    "tiktok": _tiktok_snippet,
    "linkedin": _linkedin_snippet,
    "hotjar": _hotjar_snippet,
}


def snippet(kind: str, account: str, **options: Any) -> str:
    """The HTML a site puts in <head> to install one tracker, shaped like a real install: an inline
    loader that queues calls, the script load, and the configuration call."""
    builder = _SNIPPETS.get(kind)
    if builder is None:
        raise ValueError(f"unknown tracker kind {kind!r}; known: {', '.join(KINDS)}")
    _check_account(kind, account)
    return builder(account, options)


# --- endpoint handlers -----------------------------------------------------------------------------------


@cache
def script_text(name: str) -> str:
    """One emulator script from trackers/js/."""
    return resources.files(__name__).joinpath("js", name).read_text("utf-8")


def _header(headers: Headers, name: str) -> str:
    lowered = name.lower()
    return next((value for key, value in headers if key.lower() == lowered), "")


def _cookies(headers: Headers) -> dict[str, str]:
    jar: dict[str, str] = {}
    for key, value in headers:
        if key.lower() == "cookie":
            for item in value.split(";"):
                name, _, content = item.strip().partition("=")
                if name:
                    jar[name] = content
    return jar


def _set_cookie(name: str, value: str, domain: str, max_age: int, http_only: bool = True) -> tuple[str, str]:
    """A third-party cookie as the real services set them: cross-site, so SameSite=None; Secure."""
    expires = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + max_age))
    flags = f"; Domain={domain}; Path=/; Max-Age={max_age}; Expires={expires}; SameSite=None; Secure"
    return ("Set-Cookie", f"{name}={value}{flags}" + ("; HttpOnly" if http_only else ""))


def _script(text: str, cache: str = "no-cache") -> Response:
    return 200, [("Content-Type", JS_TYPE), ("Cache-Control", cache), ("Cross-Origin-Resource-Policy", "cross-origin")], text.encode()


def _collector(headers: Headers, status: int = 204, mime: str = "", body: bytes = b"", extra: Headers | None = None) -> Response:
    """A collector's answer; credentialed cross-origin callers are allowed, as the real ones do."""
    out: Headers = [("Cache-Control", "no-cache, no-store, must-revalidate"), ("Cross-Origin-Resource-Policy", "cross-origin")]
    if mime:
        out.append(("Content-Type", mime))
    origin = _header(headers, "origin")
    if origin and origin != "null":
        out += [("Access-Control-Allow-Origin", origin), ("Access-Control-Allow-Credentials", "true")]
    return status, out + (extra or []), body


def _preflight(headers: Headers) -> Response:
    status, out, body = _collector(headers)
    out += [
        ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
        ("Access-Control-Allow-Headers", _header(headers, "access-control-request-headers") or "content-type"),
        ("Access-Control-Max-Age", "600"),
    ]
    return status, out, body


def _meta(method: str, host: str, path: str, query: dict[str, list[str]], headers: Headers) -> Response | None:
    if host == "connect.facebook.net":
        if re.fullmatch(r"/[a-z]{2}_[A-Z]{2}/fbevents(\.debug)?\.js", path):
            return _script(script_text("fbevents.js"), "public, max-age=1200")
        match = re.fullmatch(r"/signals/config/(\d+)", path)
        if match:
            return _script(meta_config_script(match.group(1)))
        if re.fullmatch(r"/signals/plugins/[\w.-]+\.js", path):
            return _script("/* pixelhound demo: no plugin needed */\n", "public, max-age=1200")
        return None
    if path in ("/tr", "/tr/", "/privacy_sandbox/pixel/register/trigger/"):
        extra: Headers = []
        if "fr" not in _cookies(headers):
            now = int(time.time())
            extra.append(_set_cookie("fr", f"0{secrets.token_urlsafe(18)}..{now}.0.0.{now}.", ".facebook.com", 7776000))
        if method == "GET" and path.startswith("/tr"):
            return _collector(headers, 200, "image/gif", PIXEL_GIF, extra)
        return _collector(headers, 200, "text/plain; charset=utf-8", b"", extra)
    return None


def meta_config_script(pixel_id: str) -> str:
    """The per-pixel configuration script: decides which automatic features the pixel runs."""
    s = settings_for("meta_pixel", pixel_id)
    config = {
        "automaticButtonClicks": bool(s["automatic_button_clicks"]),
        "automaticMatching": {"enabled": bool(s["automatic_matching"]), "fields": list(s["matching_fields"])},
        "microdata": bool(s["microdata"]),
        "rules": [dict(rule) for rule in s["rules"]],
        "transport": s["transport"],
        "privacySandbox": bool(s["privacy_sandbox"]),
    }
    return (
        f"/* pixelhound demo internet: Meta Pixel configuration for pixel {pixel_id} (our own format) */\n"
        f"(function(){{try{{var f=window.fbq;if(f&&f.__phConfigure)f.__phConfigure({_js(pixel_id)},{_js(config)});}}"
        "catch(e){}})();\n"
    )


def _google(method: str, host: str, path: str, query: dict[str, list[str]], headers: Headers) -> Response | None:
    if path == "/gtag/js":
        tag = (query.get("id") or [""])[0]
        settings = {tag: settings_for("ga4", tag)} if tag.startswith("G-") else {}
        return _script(script_text("gtag.js").replace("/*PH_SETTINGS*/{}", _js(settings), 1))
    if host in GOOGLE_COLLECT_HOSTS and re.fullmatch(r"/(?:[a-z]/)?g/collect", path):
        return _collector(headers)
    return None


def _tiktok(method: str, host: str, path: str, query: dict[str, list[str]], headers: Headers) -> Response | None:
    if path == "/i18n/pixel/events.js":
        return _script(script_text("tiktok.js"), "public, max-age=1200")
    if path in ("/api/v2/pixel", "/api/v2/pixel/act", "/api/v2/pixel/batch"):
        extra: Headers = []
        if "_ttp" not in _cookies(headers):
            extra.append(_set_cookie("_ttp", secrets.token_urlsafe(20), ".tiktok.com", 33696000, http_only=False))
        body = json.dumps({"code": 0, "message": "OK", "data": {}}).encode()
        return _collector(headers, 200, "application/json", body, extra)
    return None


def _linkedin(method: str, host: str, path: str, query: dict[str, list[str]], headers: Headers) -> Response | None:
    if host == "snap.licdn.com":
        if re.fullmatch(r"/li\.lms-analytics/insight(\.beta)?\.min\.js", path):
            return _script(script_text("insight.js"), "public, max-age=1200")
        return None
    if path.rstrip("/") not in ("/collect", "/attribution_trigger", "/wa"):
        return None
    jar, extra = _cookies(headers), []
    if "bcookie" not in jar:
        extra.append(_set_cookie("bcookie", f'"v=2&{uuid.uuid4()}"', ".linkedin.com", 31536000, http_only=False))
    if "li_sugr" not in jar:
        extra.append(_set_cookie("li_sugr", str(uuid.uuid4()), ".linkedin.com", 7776000, http_only=False))
    if "lidc" not in jar:
        extra.append(_set_cookie("lidc", f'"b=VGST00:s=V:r=V:a=V:p=V:g=1:u=1:x=1:i={int(time.time())}:t={int(time.time()) + 86400}:v=2:sig=AQ"', ".linkedin.com", 86400, http_only=False))
    if path.startswith("/collect") and (query.get("fmt") or [""])[0] == "gif":
        return _collector(headers, 200, "image/gif", PIXEL_GIF, extra)
    return _collector(headers, 204, "", b"", extra)


def hotjar_site_script(site_id: str) -> str:
    """static.hotjar.com/c/hotjar-<site>.js: the site's settings, then the recorder module."""
    settings = {"site_id": int(site_id), **settings_for("hotjar", site_id)}
    return (
        f"/* pixelhound demo internet: Hotjar-style site script for site {site_id} (our own format) */\n"
        f"(function(w,d){{try{{w.hjSiteSettings={_js(settings)};var s=d.createElement('script');s.async=true;"
        "s.src='https://script.hotjar.com/modules.ph1.js';(d.head||d.documentElement).appendChild(s);}catch(e){}"
        "})(window,document);\n"
    )


def _hotjar(method: str, host: str, path: str, query: dict[str, list[str]], headers: Headers) -> Response | None:
    if host == "static.hotjar.com":
        match = re.fullmatch(r"/c/hotjar-(\d+)\.js", path)
        return _script(hotjar_site_script(match.group(1))) if match else None
    if host == "script.hotjar.com":
        return _script(script_text("hotjar-modules.js"), "public, max-age=1200") if re.fullmatch(r"/modules\.[\w]+\.js", path) else None
    if host == "content.hotjar.io" and path == "/" and query.get("site_id"):
        return _collector(headers, 200, "application/json", b'{"success":true}')
    if host == "in.hotjar.com" and re.fullmatch(r"/api/v2/client/sites/\d+/visit-data", path):
        return _collector(headers, 200, "application/json", b'{"success":true}')
    return None


_ROUTES: Final = (
    (META_HOSTS, _meta),
    (GOOGLE_HOSTS, _google),
    (TIKTOK_HOSTS, _tiktok),
    (LINKEDIN_HOSTS, _linkedin),
    (HOTJAR_HOSTS, _hotjar),
)


def tracker_response(method: str, host: str, path: str, headers: list[tuple[str, str]], body: bytes) -> Response | None:
    """Answer one request to an emulated tracker host as the real service would: its script, its
    configuration, or a collector's reply (GIF, 200/204, JSON) with its third-party cookies.
    `path` includes the query. None when the host or path is not one we emulate."""
    host = host.lower().split(":", 1)[0]
    if host not in TRACKER_HOSTS:
        return None
    split = urlsplit(path if path.startswith("/") else "/" + path)
    query = parse_qs(split.query, keep_blank_values=True)
    method = method.upper()
    for hosts, handler in _ROUTES:
        if host in hosts:
            if method == "OPTIONS":
                probe = handler("POST", host, split.path, query, headers)
                return _preflight(headers) if probe is not None else None
            return handler(method, host, split.path, query, headers)
    return None


__all__ = ["TRACKER_HOSTS", "KINDS", "configure", "settings_for", "snippet", "tracker_response", "script_text"]
