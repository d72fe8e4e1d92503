"""Operating cookie banners: reject all or accept all, and prove the choice took effect.

Two ways in, tried in order:

1. DuckDuckGo's autoconsent (MPL-2.0, installed from npm by the setup step, never committed). Its
   Playwright bundle is injected into every frame; it talks to us through the binding
   `window.autoconsentSendMessage` and we answer through `window.autoconsentReceiveMessage`:
   `init` → `initResp` (config and the rules that apply to that frame), `eval` → `evalResp` (the
   snippet evaluated in the frame's main world), and we send `optOut`/`optIn` ourselves once a
   `popupFound` arrives (config `autoAction: null`, so nothing is clicked until `operate` is asked).
2. Our own fallback, used when autoconsent is absent, finds nothing, or its choice does not hold:
   the banners common on UK health sites (OneTrust, Cookiebot, Civic Cookie Control, NHS.UK,
   CookieYes, Silktide) by their public element ids/classes, then generic "Reject all"/"Accept all"
   buttons, searched in every frame and in open shadow roots.

Either way the outcome is checked, not assumed: the banner must be gone and, for a known CMP, its
consent record (cookie or localStorage) must say what we chose. A banner that cannot be operated —
or whose reject leaves no rejection on record — is reported unconfirmed, so the scenario is
reported as unverified, never as clean.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from playwright.async_api import BrowserContext, Error as PlaywrightError, Frame, Page

from pixelhound.settings import AUTOCONSENT_ENV, CONSENT_CONFIRM_SECONDS

log = logging.getLogger(__name__)

_BUNDLE_REL = Path("node_modules/@duckduckgo/autoconsent/dist/autoconsent.playwright.js")
_DISABLED_VALUES = {"0", "off", "none", "false", "no"}

ACTIONS = ("reject", "accept")


@dataclass
class BannerOutcome:
    """What happened to the cookie banner under one consent scenario."""

    action: str  # "reject" | "accept"
    found: bool
    banner: str = ""  # "onetrust", "cookiebot", ..., "generic-buttons", or autoconsent's rule name
    method: str = "none"  # "autoconsent" | "fallback" | "none"
    confirmed: bool = False  # banner gone and, for a known CMP, its consent record says our choice
    detail: str = ""


def autoconsent_bundle() -> Path | None:
    """The autoconsent Playwright bundle: $PIXELHOUND_AUTOCONSENT, ./node_modules, the repo's.

    Setting the variable to "off" (or a path that does not exist) disables autoconsent, so the
    fallback alone runs.
    """
    explicit = os.environ.get(AUTOCONSENT_ENV, "").strip()
    if explicit:
        if explicit.lower() in _DISABLED_VALUES:
            return None
        path = Path(explicit)
        if path.is_dir():
            for candidate in (path / _BUNDLE_REL, path / "dist/autoconsent.playwright.js", path / "autoconsent.playwright.js"):
                if candidate.is_file():
                    return candidate
            return None
        return path if path.is_file() else None
    for base in (Path.cwd(), *Path(__file__).resolve().parents):
        candidate = base / _BUNDLE_REL
        if candidate.is_file():
            return candidate
    return None


def _rules_for(bundle: Path) -> Path | None:
    """rules/rules.json of the package the bundle belongs to (full rules: opt-out and opt-in)."""
    package = bundle.parent.parent
    for candidate in (package / "rules/rules.json", bundle.parent / "rules.json"):
        if candidate.is_file():
            return candidate
    return None


# --------------------------------------------------------------------------------------------
# Known CMPs: public DOM facts (ids/classes) and where each records the visitor's choice.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CmpSpec:
    """How to recognise one consent tool's banner and its controls."""

    name: str
    container: str  # the visible banner while a choice is pending
    reject: tuple[str, ...]
    accept: tuple[str, ...]
    settings: tuple[str, ...] = ()
    record: str = ""  # where the choice is kept, for the detail line


KNOWN_CMPS: tuple[CmpSpec, ...] = (
    CmpSpec(
        "onetrust",
        "#onetrust-banner-sdk",
        reject=("#onetrust-reject-all-handler", ".ot-pc-refuse-all-handler"),
        accept=("#onetrust-accept-btn-handler", "#accept-recommended-btn-handler"),
        settings=("#onetrust-pc-btn-handler", ".ot-sdk-show-settings"),
        record="OptanonConsent cookie",
    ),
    CmpSpec(
        "cookiebot",
        "#CybotCookiebotDialog",
        reject=("#CybotCookiebotDialogBodyButtonDecline", "#CybotCookiebotDialogBodyLevelButtonLevelOptinDeclineAll"),
        accept=("#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll", "#CybotCookiebotDialogBodyButtonAccept"),
        settings=("#CybotCookiebotDialogBodyButtonDetails", "#CybotCookiebotDialogNavDetails",
                  "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection"),
        record="CookieConsent cookie",
    ),
    CmpSpec(
        "civic-cookie-control",
        "#ccc-notify, #ccc-module",
        reject=(".ccc-reject-button", "#ccc-reject-settings"),
        accept=(".ccc-accept-button", "#ccc-notify-accept", "#ccc-recommended-settings"),
        settings=(".ccc-notify-link", "#ccc-notify-dismiss"),
        record="CookieControl cookie",
    ),
    CmpSpec(
        "nhsuk",
        "#nhsuk-cookie-banner #cookiebanner, #nhsuk-cookie-banner .nhsuk-cookie-banner",
        reject=("#nhsuk-cookie-banner__link_accept",),
        accept=("#nhsuk-cookie-banner__link_accept_analytics",),
        settings=("#nhsuk-cookie-banner__link",),
        record="nhsuk-cookie-consent cookie",
    ),
    CmpSpec(
        "cookieyes",
        ".cky-consent-container",
        reject=("[data-cky-tag=reject-button]", ".cky-btn-reject"),
        accept=("[data-cky-tag=accept-button]", ".cky-btn-accept"),
        settings=("[data-cky-tag=settings-button]", ".cky-btn-customize"),
        record="cookieyes-consent cookie",
    ),
    CmpSpec(
        "silktide",
        "#silktide-banner, #silktide-modal",
        reject=(".reject-all", ".preferences-reject-all"),
        accept=(".accept-all", ".preferences-accept-all"),
        settings=(".preferences",),
        record="silktideCookieChoice_* in localStorage",
    ),
)
_SPECS = {spec.name: spec for spec in KNOWN_CMPS}

# autoconsent's rule names for the CMPs we also know, so both paths report one vocabulary.
AUTOCONSENT_NAMES: dict[str, str] = {
    "Onetrust": "onetrust",
    "Cybotcookiebot": "cookiebot",
    "civic-cookie-control": "civic-cookie-control",
    "nhs.uk": "nhsuk",
    "cookieyes": "cookieyes",
}

# Generic buttons, compared with the control's whole (normalised) text.
GENERIC_PHRASES: dict[str, tuple[str, ...]] = {
    "reject": (
        "reject all", "reject all cookies", "reject non-essential", "reject non-essential cookies",
        "reject additional cookies", "reject analytics cookies", "reject optional cookies",
        "necessary cookies only", "use necessary cookies only", "only necessary cookies",
        "accept necessary cookies only", "accept only necessary cookies", "essential cookies only",
        "decline all", "decline", "deny", "deny all", "reject", "refuse all",
    ),
    "accept": (
        "accept all", "accept all cookies", "accept cookies", "accept additional cookies",
        "accept analytics cookies", "accept", "i accept", "agree", "i agree", "allow all",
        "allow all cookies", "accept and continue", "agree and continue",
    ),
    "settings": (
        "manage cookies", "cookie settings", "cookies settings", "manage preferences", "settings",
        "preferences", "customise", "customize", "manage settings", "set cookie preferences",
        "let me choose", "more options", "cookie preferences",
    ),
}

_SCAN_JS = r"""
(arg) => {
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    if (el.checkVisibility && !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const roots = [];
  const collect = (root) => {
    roots.push(root);
    for (const e of root.querySelectorAll('*')) if (e.shadowRoot) collect(e.shadowRoot);
  };
  collect(document);
  const all = (sel) => {
    const out = [];
    for (const r of roots) { try { out.push(...r.querySelectorAll(sel)); } catch (e) {} }
    return out;
  };
  const firstVisible = (within, sels) => {
    for (const s of sels) {
      let found = [];
      try { found = within.querySelectorAll(s); } catch (e) {}
      for (const e of found) if (visible(e)) return e;
    }
    return null;
  };
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim().toLowerCase().replace(/[.!…]+$/, '');
  const shown = (e) => e ? (e.tagName === 'INPUT' ? e.value : (e.innerText || e.textContent || e.getAttribute('aria-label') || ''))
    .replace(/\s+/g, ' ').trim() : '';
  const label = (e) => norm(shown(e));
  const other = arg.action === 'reject' ? 'accept' : 'reject';
  for (const spec of arg.specs) {
    for (const c of all(spec.container)) {
      if (!visible(c)) continue;
      const control = firstVisible(c, spec[arg.action]);
      return {container: c, control: control, meta: {banner: spec.name, text: shown(control),
              other: shown(firstVisible(c, spec[other])), settings: shown(firstVisible(c, spec.settings))}};
    }
  }
  const clickable = all('button, a, [role=button], input[type=button], input[type=submit]').filter(visible);
  const want = new Set(arg.phrases[arg.action]), alt = new Set(arg.phrases[other]), cog = new Set(arg.phrases.settings);
  const up = (e) => e.parentElement || (e.getRootNode() && e.getRootNode().host) || null;
  const cookieish = (e) => {
    for (let n = e, i = 0; n && i < 8; n = up(n), i++) {
      const t = n.textContent || '';
      if (t.length < 6000 && /cookie|consent|privacy/i.test(t)) return true;
    }
    return false;
  };
  const hit = clickable.find((e) => want.has(label(e)) && cookieish(e)) || null;
  const otherHit = clickable.find((e) => alt.has(label(e)) && cookieish(e)) || null;
  const anchor = hit || otherHit;
  if (!anchor) return null;
  let container = null;
  for (let n = anchor, i = 0; n && i < 12; n = up(n), i++) {
    if (n.nodeType !== 1) continue;
    const tag = [n.id, n.getAttribute('class'), n.getAttribute('aria-label'), n.tagName].join(' ');
    const role = n.getAttribute('role') || '';
    if (/cookie|consent|gdpr|privacy|banner/i.test(tag) || /dialog|region|alertdialog/.test(role)) { container = n; break; }
  }
  if (!container) container = window === window.top ? anchor.parentElement : document.body;
  const settings = [...container.querySelectorAll('button, a, [role=button]')].filter(visible)
    .map(shown).find((t) => cog.has(norm(t))) || '';
  return {container: container, control: hit,
          meta: {banner: 'generic-buttons', text: shown(hit), other: shown(otherHit), settings: settings}};
}
"""

_GONE_JS = r"""
(c) => {
  if (!c || !c.isConnected) return true;
  if (c.checkVisibility && !c.checkVisibility({opacityProperty: true, visibilityProperty: true})) return true;
  const r = c.getBoundingClientRect();
  return r.width === 0 || r.height === 0;
}
"""

_VISIBLE_SELECTOR_JS = r"""
(sels) => {
  const vis = (el) => el.checkVisibility ? el.checkVisibility({opacityProperty: true, visibilityProperty: true})
                                         : !!(el.offsetWidth || el.offsetHeight);
  for (const s of sels) { try { for (const e of document.querySelectorAll(s)) if (vis(e)) return true; } catch (e) {} }
  return false;
}
"""

# Reads a known CMP's consent record: {verdict: "accept"|"reject"|"partial"|null, raw}.
_RECORD_JS = r"""
(kind) => {
  const jar = {};
  for (const c of document.cookie.split('; ')) { const i = c.indexOf('='); if (i > 0) jar[c.slice(0, i)] = c.slice(i + 1); }
  const dec = (v) => { try { return decodeURIComponent(v); } catch (e) { return v; } };
  const verdict = (vals) => !vals.length ? null : vals.every(Boolean) ? 'accept' : vals.every((v) => !v) ? 'reject' : 'partial';
  const out = (vals, raw) => ({verdict: verdict(vals), raw: (raw || '').slice(0, 160)});
  try {
    if (kind === 'onetrust') {
      const raw = dec(jar.OptanonConsent || ''); const m = /(?:^|&)groups=([^&]*)/.exec(raw);
      if (!m) return out([], raw);
      const groups = dec(m[1]).split(',').map((g) => g.split(':')).filter((g) => g[0] && g[0] !== 'C0001');
      return out(groups.map((g) => g[1] === '1'), 'groups=' + dec(m[1]));
    }
    if (kind === 'cookiebot') {
      const raw = dec(jar.CookieConsent || '');
      if (!raw || raw === '-1') return out([], raw);
      const vals = ['preferences', 'statistics', 'marketing'].map((k) => new RegExp(k + ':(true|false)').exec(raw))
        .filter(Boolean).map((m) => m[1] === 'true');
      return out(vals, raw);
    }
    if (kind === 'civic-cookie-control') {
      const raw = dec(jar.CookieControl || ''); if (!raw) return out([], raw);
      const o = JSON.parse(raw); if (o.interactedWith === false) return out([], raw);
      return out(Object.values(o.optionalCookies || {}).map((v) => v === 'accepted'), JSON.stringify(o.optionalCookies));
    }
    if (kind === 'nhsuk') {
      const raw = dec(jar['nhsuk-cookie-consent'] || ''); if (!raw) return out([], raw);
      const o = JSON.parse(raw); if (!o.consented) return out([], raw);
      return out([!!o.statistics], raw);
    }
    if (kind === 'cookieyes') {
      const raw = dec(jar['cookieyes-consent'] || ''); const kv = {};
      for (const p of raw.split(',')) { const i = p.indexOf(':'); if (i > 0) kv[p.slice(0, i)] = p.slice(i + 1); }
      if (kv.action !== 'yes') return out([], raw);
      const vals = ['functional', 'analytics', 'performance', 'advertisement'].filter((k) => k in kv).map((k) => kv[k] === 'yes');
      return out(vals, raw);
    }
    if (kind === 'silktide') {
      if (!localStorage.getItem('silktideCookieBanner_InitialChoice')) return out([], '');
      const keys = Object.keys(localStorage).filter((k) => k.startsWith('silktideCookieChoice_') && !k.includes('necessary'));
      return out(keys.map((k) => localStorage.getItem(k) === 'true'), keys.map((k) => k + '=' + localStorage.getItem(k)).join(','));
    }
  } catch (e) { return {verdict: null, raw: String(e)}; }
  return {verdict: null, raw: ''};
}
"""

_RECEIVE_JS = "m => window.autoconsentReceiveMessage ? window.autoconsentReceiveMessage(m) : undefined"


# --------------------------------------------------------------------------------------------
# autoconsent rules: loaded once, filtered per frame like the package's own runner does.
# --------------------------------------------------------------------------------------------


@dataclass
class _Rules:
    rules: list[dict[str, Any]]
    patterns: list[re.Pattern[str] | None]
    popup_selectors: dict[str, list[str]]

    def for_frame(self, url: str, top: bool) -> list[dict[str, Any]]:
        """Rules whose run context admits this frame: frame type, and URL pattern if any."""
        chosen = []
        for rule, pattern in zip(self.rules, self.patterns):
            ctx = rule.get("runContext") or {}
            if not (ctx.get("main", True) if top else ctx.get("frame", False)):
                continue
            if ctx.get("urlPattern") and (pattern is None or not pattern.search(url)):
                continue
            chosen.append(rule)
        return chosen


@lru_cache(maxsize=4)
def _load_rules(path: str) -> _Rules:
    rules = json.loads(Path(path).read_text(encoding="utf-8")).get("autoconsent", [])
    patterns: list[re.Pattern[str] | None] = []
    for rule in rules:
        source = (rule.get("runContext") or {}).get("urlPattern")
        try:
            patterns.append(re.compile(source) if source else None)
        except re.error:
            patterns.append(None)
    popup: dict[str, list[str]] = {}
    for rule in rules:
        sels = [s.get("visible") or s.get("exists") for s in rule.get("detectPopup", []) if isinstance(s, dict)]
        popup[rule["name"]] = [s for s in sels if isinstance(s, str) and not s.startswith("xpath/")]
    return _Rules(rules, patterns, popup)


@dataclass
class _FrameState:
    """What autoconsent has told us about the current document of one frame."""

    url: str = ""
    lifecycle: str = "loading"
    attempts: int = 0  # autoconsent's findCmp passes so far
    detected: list[str] = field(default_factory=list)
    popup: str = ""
    acted: bool = False
    result: dict[str, Any] | None = None
    self_test: bool | None = None
    done: str = ""
    errors: list[Any] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)


class ConsentOperator:
    """Operates the cookie banner of pages in one browser context (one site × scenario)."""

    def __init__(self, bundle: Path | None | str = "auto", *, grace: float = 3.0) -> None:
        """`bundle`: the autoconsent bundle, "auto" to find it, or None for the fallback only.

        `grace`: the least time autoconsent may look for a popup before the fallback searches
        anyway (it searches sooner once autoconsent's first detection pass found no CMP).
        """
        self.bundle: Path | None = autoconsent_bundle() if bundle == "auto" else (Path(bundle) if bundle else None)
        self.rules_path: Path | None = _rules_for(self.bundle) if self.bundle else None
        if self.bundle and not self.rules_path:
            log.warning("autoconsent bundle %s has no rules/rules.json beside it; using the fallback only", self.bundle)
            self.bundle = None
        self.grace = grace
        self._source = self.bundle.read_text(encoding="utf-8") if self.bundle else ""
        self._frames: dict[Frame, _FrameState] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self.attached = False

    @property
    def autoconsent_available(self) -> bool:
        return self.bundle is not None

    # -- autoconsent host side ---------------------------------------------------------------

    async def attach(self, context: BrowserContext) -> None:
        """Expose the message binding, then inject the bundle into every future page and frame."""
        if not self.bundle or self.attached:
            return
        await context.expose_binding("autoconsentSendMessage", self._on_message)
        await context.add_init_script(script=self._source)
        self.attached = True

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _on_message(self, source: dict[str, Any], message: Any) -> None:
        """Binding callback: record the message and answer it without blocking the page."""
        frame = source.get("frame")
        if frame is None or not isinstance(message, dict):
            return
        kind = message.get("type")
        if kind == "init":
            for gone in [f for f in self._frames if f.is_detached()]:
                del self._frames[gone]
            self._frames[frame] = _FrameState(url=str(message.get("url", "")))
            self._spawn(self._answer_init(frame, str(message.get("url", ""))))
            return
        state = self._frames.setdefault(frame, _FrameState(url=frame.url))
        if kind == "eval":
            self._spawn(self._answer_eval(frame, str(message.get("id", "")), str(message.get("code", ""))))
        elif kind == "report":
            report = message.get("state") or {}
            state.lifecycle = str(report.get("lifecycle", state.lifecycle))
            state.attempts = int(report.get("findCmpAttempts") or state.attempts)
        elif kind == "cmpDetected":
            state.detected.append(str(message.get("cmp", "")))
        elif kind == "popupFound":
            state.popup = state.popup or str(message.get("cmp", ""))
        elif kind in ("optOutResult", "optInResult"):
            state.result = message
        elif kind == "selfTestResult":
            state.self_test = bool(message.get("result"))
        elif kind == "autoconsentDone":
            state.done = str(message.get("cmp", ""))
        elif kind == "autoconsentError":
            state.errors.append(message.get("details"))

    def _config(self) -> dict[str, Any]:
        """autoconsent's configuration: we decide when to act; no prehiding, cosmetics or heuristics.

        Prehiding would change what the page shows before any choice, cosmetic rules only hide a
        banner (no choice is made), and heuristics cannot opt in; our fallback covers generic buttons.
        """
        return {
            "enabled": True,
            "autoAction": None,
            "disabledCmps": [],
            "enablePrehide": False,
            "enableCosmeticRules": False,
            "enableGeneratedRules": True,
            "enableHeuristicDetection": False,
            "heuristicMode": "off",
            "detectRetries": 20,
            "isMainWorld": False,
            "prehideTimeout": 2000,
            "visualTest": False,
            "logs": {k: False for k in ("lifecycle", "rulesteps", "detectionsteps", "evals", "errors", "messages", "waits")},
        }

    async def _answer_init(self, frame: Frame, url: str) -> None:
        assert self.rules_path is not None
        rules = _load_rules(str(self.rules_path)).for_frame(url or frame.url, frame.parent_frame is None)
        await self._send(frame, {"type": "initResp", "config": self._config(), "rules": {"autoconsent": rules}})

    async def _answer_eval(self, frame: Frame, msg_id: str, code: str) -> None:
        try:
            result = await frame.evaluate(code)
            json.dumps(result)
        except (PlaywrightError, TypeError, ValueError):
            result = False
        await self._send(frame, {"type": "evalResp", "id": msg_id, "result": result})

    async def _send(self, frame: Frame, message: dict[str, Any]) -> None:
        try:
            await frame.evaluate(_RECEIVE_JS, message)
        except PlaywrightError as exc:  # frame navigated or detached: its next document starts over
            log.debug("autoconsent message %s not delivered: %s", message.get("type"), exc)

    async def _ensure_injected(self, page: Page) -> None:
        """Pages that loaded before `attach` never ran the bundle: run it there now."""
        for frame in page.frames:
            if frame not in self._frames:
                try:
                    await frame.evaluate(self._source)
                except PlaywrightError:
                    pass

    def _popup_frame(self, page: Page) -> tuple[Frame, _FrameState] | None:
        found = [(f, self._frames[f]) for f in page.frames if f in self._frames and self._frames[f].popup]
        found.sort(key=lambda pair: pair[0].parent_frame is not None)  # main frame first
        return found[0] if found else None

    def _autoconsent_settled(self, page: Page) -> bool:
        """True once autoconsent has had its say: a full detection pass found no CMP anywhere.

        A second detection pass starting in the main frame means the first found nothing; a CMP
        detected but with no popup yet keeps us waiting (its popup check retries for a while).
        """
        states = [self._frames[f] for f in page.frames if f in self._frames]
        if not states or any(s.detected for s in states):
            return False
        main = self._frames.get(page.main_frame)
        if main is None:
            return False
        return all(s.lifecycle == "nothingDetected" for s in states) or main.attempts >= 2

    # -- operating -----------------------------------------------------------------------------

    async def operate(self, page: Page, action: str, timeout: float = 8.0) -> BannerOutcome:
        """Reject or accept the banner on `page`; autoconsent first, then the fallback."""
        if action not in ACTIONS:
            raise ValueError(f"action must be one of {ACTIONS}, not {action!r}")
        start = time.monotonic()
        deadline = start + timeout
        use_ac = self.autoconsent_available and self.attached
        if use_ac:
            await self._ensure_injected(page)
        grace = max(self.grace, timeout * 0.6) if use_ac else 0.0
        ac_outcome: BannerOutcome | None = None
        tried_ac = False
        last_fallback: BannerOutcome | None = None
        while True:
            if use_ac and not tried_ac:
                hit = self._popup_frame(page)
                if hit:
                    tried_ac = True
                    ac_outcome = await self._run_autoconsent(page, hit[0], hit[1], action, deadline)
                    if ac_outcome.confirmed:
                        return ac_outcome
            waited = time.monotonic() - start
            if not use_ac or tried_ac or waited >= grace or self._autoconsent_settled(page):
                outcome = await self._fallback(page, action, deadline)
                if outcome.found:
                    if ac_outcome:
                        outcome.detail += f"; autoconsent tried first: {ac_outcome.detail}"
                    return outcome
                last_fallback = outcome
                if ac_outcome:  # autoconsent acted; the banner is gone but the choice was not proven
                    return ac_outcome
            if time.monotonic() >= deadline:
                break
            await asyncio.sleep(0.2)
        if ac_outcome:
            return ac_outcome
        note = "autoconsent found no popup; " if use_ac else ("autoconsent not installed; " if not self.bundle else "")
        detail = note + (last_fallback.detail if last_fallback else "no cookie banner found")
        return BannerOutcome(action, found=False, method="none", detail=detail)

    async def _run_autoconsent(
        self, page: Page, frame: Frame, state: _FrameState, action: str, deadline: float
    ) -> BannerOutcome:
        """Send optOut/optIn to the frame where autoconsent saw the popup, then check the result."""
        rule = state.popup
        banner = AUTOCONSENT_NAMES.get(rule, rule)
        state.acted = True
        state.result = None
        self._spawn(self._send(frame, {"type": "optOut" if action == "reject" else "optIn"}))
        while state.result is None and time.monotonic() < deadline and not frame.is_detached():
            await asyncio.sleep(0.05)
        if state.result is None:
            return BannerOutcome(action, True, banner, "autoconsent", False,
                                 f"autoconsent rule {rule}: no result before the timeout")
        ok = bool(state.result.get("result"))
        spec = _SPECS.get(banner)
        if not ok:
            failed = f"autoconsent rule {rule}: {'opt-out' if action == 'reject' else 'opt-in'} failed"
            if spec:
                # A rule can report failure after it did press the button (one of its later
                # waits timed out, as on a loaded machine): the CMP's own record is the proof.
                confirmed, why = await self._confirm_known(frame, spec, action, None, deadline)
                if confirmed:
                    return BannerOutcome(action, True, banner, "autoconsent", True, f"{failed}, yet {why}")
            return BannerOutcome(action, True, banner, "autoconsent", False, failed)
        if spec:
            confirmed, why = await self._confirm_known(frame, spec, action, None, deadline)
            return BannerOutcome(action, True, banner, "autoconsent", confirmed, f"autoconsent rule {rule}: {why}")
        # A rule we have no DOM facts for: its own popup selectors must have gone, and its
        # self-test (where it has one) must pass.
        gone = await self._rule_popup_gone(frame, rule, deadline)
        self_test: bool | None = None
        if state.result.get("scheduleSelfTest"):
            self._spawn(self._send(frame, {"type": "selfTest"}))
            limit = min(deadline, time.monotonic() + 6.0)
            while state.self_test is None and time.monotonic() < limit:
                await asyncio.sleep(0.1)
            self_test = state.self_test
        confirmed = gone and self_test is not False
        why = ("popup gone" if gone else "popup still shown") + (
            "" if self_test is None else ("; self-test passed" if self_test else "; self-test failed"))
        return BannerOutcome(action, True, banner, "autoconsent", confirmed, f"autoconsent rule {rule}: {why}")

    async def _rule_popup_gone(self, frame: Frame, rule: str, deadline: float) -> bool:
        sels = _load_rules(str(self.rules_path)).popup_selectors.get(rule, []) if self.rules_path else []
        if not sels:
            return True
        limit = min(deadline, time.monotonic() + 3.0)
        while True:
            try:
                if frame.is_detached() or not await frame.evaluate(_VISIBLE_SELECTOR_JS, sels):
                    return True
            except PlaywrightError:
                return True
            if time.monotonic() >= limit:
                return False
            await asyncio.sleep(0.15)

    # -- the fallback --------------------------------------------------------------------------

    async def _fallback(self, page: Page, action: str, deadline: float) -> BannerOutcome:
        """Find a known CMP's banner, else generic consent buttons, in any frame; operate it."""
        arg = {
            "action": action,
            "specs": [
                {"name": s.name, "container": s.container, "reject": list(s.reject),
                 "accept": list(s.accept), "settings": list(s.settings)}
                for s in KNOWN_CMPS
            ],
            "phrases": {k: list(v) for k, v in GENERIC_PHRASES.items()},
        }
        hits: list[tuple[Frame, Any, dict[str, Any]]] = []
        for frame in page.frames:  # main frame first, then its descendants
            try:
                handle = await frame.evaluate_handle(_SCAN_JS, arg)
                info = None
                if await handle.evaluate("h => h !== null"):
                    info = await (await handle.get_property("meta")).json_value()
            except PlaywrightError:
                continue
            if info:
                hits.append((frame, handle, info))
                if info.get("banner") != "generic-buttons":
                    break
            else:
                await handle.dispose()
        if not hits:
            return BannerOutcome(action, False, "", "none", False, "no cookie banner found")
        known = [h for h in hits if h[2].get("banner") != "generic-buttons"]
        frame, handle, info = (known or hits)[0]
        banner = str(info.get("banner"))
        container = (await handle.get_property("container")).as_element()
        control = (await handle.get_property("control")).as_element()
        if control is None:
            return BannerOutcome(action, True, banner, "fallback", False, self._no_control_detail(action, info))
        text = str(info.get("text") or "")
        try:
            await control.click(timeout=max(0.5, min(3.0, deadline - time.monotonic())) * 1000)
        except PlaywrightError:
            try:  # covered or animating: a DOM click still reaches the CMP's handler
                await control.evaluate("e => e.click()")
            except PlaywrightError as exc:
                return BannerOutcome(action, True, banner, "fallback", False, f"could not click {text!r}: {exc.message.splitlines()[0]}")
        spec = _SPECS.get(banner)
        if spec:
            confirmed, why = await self._confirm_known(frame, spec, action, container, deadline)
        else:
            gone = await self._wait_gone(frame, container, deadline)
            confirmed = gone
            why = "banner closed (no known consent record to check)" if gone else "banner still shown after the click"
        where = "" if frame.parent_frame is None else f" in frame {frame.url[:60]}"
        return BannerOutcome(action, True, banner, "fallback", confirmed, f"clicked {text!r}{where}: {why}")

    @staticmethod
    def _no_control_detail(action: str, info: dict[str, Any]) -> str:
        """Say honestly why a found banner was not operated."""
        opposite = "accept" if action == "reject" else "reject"
        offers = [f"{opposite} {info['other']!r}"] if info.get("other") else []
        offers += [f"settings {info['settings']!r}"] if info.get("settings") else []
        if action == "reject" and info.get("settings"):
            lead = "no one-click reject: rejecting is only possible through the settings path; not operated"
        else:
            lead = f"no {action} control found; not operated"
        return lead + (f" (banner offers {', '.join(offers)})" if offers else "")

    async def _wait_gone(self, frame: Frame, container: Any, deadline: float) -> bool:
        """The banner container (or the iframe holding it) has been removed or hidden."""
        limit = min(deadline, time.monotonic() + 3.0)
        while True:
            try:
                if frame.is_detached():
                    return True
                if frame.parent_frame is not None:
                    element = await frame.frame_element()
                    if not await element.is_visible():
                        return True
                if container is None or await container.evaluate(_GONE_JS):
                    return True
            except PlaywrightError:
                return True  # the document went away with it (e.g. the page reloaded)
            if time.monotonic() >= limit:
                return False
            await asyncio.sleep(0.15)

    async def _confirm_known(
        self, frame: Frame, spec: CmpSpec, action: str, container: Any, deadline: float
    ) -> tuple[bool, str]:
        """Banner gone and the CMP's record says our choice (waiting briefly for both)."""
        limit = min(deadline, time.monotonic() + CONSENT_CONFIRM_SECONDS)
        verdict: str | None = None
        raw = ""
        gone = False
        while True:
            target = frame if not frame.is_detached() else frame.page.main_frame
            try:
                if container is not None:
                    gone = await self._wait_gone(frame, container, time.monotonic())
                else:
                    gone = not await target.evaluate(_VISIBLE_SELECTOR_JS, [spec.container])
                rec = await target.evaluate(_RECORD_JS, spec.name)
                verdict, raw = rec.get("verdict"), str(rec.get("raw") or "")
            except PlaywrightError:
                pass
            if gone and verdict == action:
                return True, f"banner closed; {spec.record} records {action} ({raw})"
            if time.monotonic() >= limit:
                break
            await asyncio.sleep(0.15)
        if not gone:
            return False, "banner still shown after the choice"
        if verdict is None:
            return False, f"banner closed but no {spec.record} records the choice"
        return False, f"banner closed but {spec.record} records {verdict}, not {action} ({raw})"
