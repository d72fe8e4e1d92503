"""Strategy one: DuckDuckGo's autoconsent (MPL-2.0, installed from npm by the setup step, never
committed), hosted from Python.

Its Playwright bundle is injected into every frame; it talks to us through the binding
`window.autoconsentSendMessage` and we answer through `window.autoconsentReceiveMessage`:
`init` -> `initResp` (config and the rules that apply to that frame), `eval` -> `evalResp` (the
snippet evaluated in the frame's main world), and we send `optOut`/`optIn` ourselves once a
`popupFound` arrives (config `autoAction: null`, so nothing is clicked until asked).
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

from pixelhound.capture.consent.cmps import AUTOCONSENT_NAMES, SPECS
from pixelhound.capture.consent.outcome import BannerOutcome, confirm_known
from pixelhound.capture.consent.scripts import RECEIVE_JS, RECEIVE_JSON_JS, VISIBLE_SELECTOR_JS
from pixelhound.settings import AUTOCONSENT_ENV, CONSENT_CONFIRM_SECONDS

log = logging.getLogger(__name__)

_BUNDLE_REL = Path("node_modules/@duckduckgo/autoconsent/dist/autoconsent.playwright.js")
_DISABLED_VALUES = {"0", "off", "none", "false", "no"}


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


class AutoconsentStrategy:
    """autoconsent's host side for one browser context: answers its messages, tracks what it saw in
    each frame, and asks it to opt out or in where it found a popup."""

    def __init__(self, bundle: Path | None | str = "auto") -> None:
        """`bundle`: the autoconsent bundle, "auto" to find it, or None for none."""
        self.bundle: Path | None = autoconsent_bundle() if bundle == "auto" else (Path(bundle) if bundle else None)
        self.rules_path: Path | None = _rules_for(self.bundle) if self.bundle else None
        if self.bundle and not self.rules_path:
            log.warning("autoconsent bundle %s has no rules/rules.json beside it; using the fallback only", self.bundle)
            self.bundle = None
        self._source = self.bundle.read_text(encoding="utf-8") if self.bundle else ""
        self.frames: dict[Frame, _FrameState] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self.attached = False

    @property
    def available(self) -> bool:
        return self.bundle is not None

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
            for gone in [f for f in self.frames if f.is_detached()]:
                del self.frames[gone]
            self.frames[frame] = _FrameState(url=str(message.get("url", "")))
            self._spawn(self._answer_init(frame, str(message.get("url", ""))))
            return
        state = self.frames.setdefault(frame, _FrameState(url=frame.url))
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
            text = json.dumps(message, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError):  # NaN or Infinity in an eval's result: JSON cannot carry it, Playwright can
            text = None
        try:
            if text is None:
                await frame.evaluate(RECEIVE_JS, message)
            else:
                await frame.evaluate(RECEIVE_JSON_JS, text)
        except PlaywrightError as exc:  # frame navigated or detached: its next document starts over
            log.debug("autoconsent message %s not delivered: %s", message.get("type"), exc)


    async def ensure_injected(self, page: Page) -> None:
        """Pages that loaded before `attach` never ran the bundle: run it there now."""
        for frame in page.frames:
            if frame not in self.frames:
                try:
                    await frame.evaluate(self._source)
                except PlaywrightError:
                    pass


    def popup_frame(self, page: Page) -> tuple[Frame, _FrameState] | None:
        found = [(f, self.frames[f]) for f in page.frames if f in self.frames and self.frames[f].popup]
        found.sort(key=lambda pair: pair[0].parent_frame is not None)  # main frame first
        return found[0] if found else None


    def settled(self, page: Page) -> bool:
        """True once autoconsent has had its say: a full detection pass found no CMP anywhere.

        A second detection pass starting in the main frame means the first found nothing; a CMP
        detected but with no popup yet keeps us waiting (its popup check retries for a while).
        """
        states = [self.frames[f] for f in page.frames if f in self.frames]
        if not states or any(s.detected for s in states):
            return False
        main = self.frames.get(page.main_frame)
        if main is None:
            return False
        return all(s.lifecycle == "nothingDetected" for s in states) or main.attempts >= 2


    async def run(
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
        spec = SPECS.get(banner)
        if state.result is None or not state.result.get("result"):
            # A rule that reports failure, or no result in time, may have pressed the button all the
            # same (one of its later waits ran out on a loaded machine: the demo's OneTrust under load
            # 20): the CMP's own record is the proof. Out of time, the record gets the time any choice
            # gets to be recorded, from now.
            failed = (f"autoconsent rule {rule}: no result before the timeout" if state.result is None
                      else f"autoconsent rule {rule}: {'opt-out' if action == 'reject' else 'opt-in'} failed")
            if spec:
                until = time.monotonic() + CONSENT_CONFIRM_SECONDS if state.result is None else deadline
                confirmed, why = await confirm_known(frame, spec, action, None, until)
                if confirmed:
                    return BannerOutcome(action, True, banner, "autoconsent", True, f"{failed}, yet {why}")
            return BannerOutcome(action, True, banner, "autoconsent", False, failed)
        if spec:
            confirmed, why = await confirm_known(frame, spec, action, None, deadline)
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
                if frame.is_detached() or not await frame.evaluate(VISIBLE_SELECTOR_JS, sels):
                    return True
            except PlaywrightError:
                return True
            if time.monotonic() >= limit:
                return False
            await asyncio.sleep(0.15)
