"""Finding and launching Chromium so that it browses like a default desktop Chrome of today.

Each site × consent scenario gets a fresh profile (a new user-data directory), so nothing a tracker
stored under one scenario bleeds into the next. Third-party cookies are allowed the way a default
Chrome allows them: Chromium under automation blocks them unless the profile's
`cookie_controls_mode` preference is 0.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import BrowserContext, Playwright

from pixelhound.capture.devices import device_context_options
from pixelhound.capture.resolving_proxy import ResolvingProxy
from pixelhound.capture.scratch import make_owned_directory
from pixelhound.targets import guard_proxy_bypass
from pixelhound.settings import (
    BROWSER_ENV,
    BROWSER_LOCALE,
    BROWSER_MODE,
    BROWSER_TIMEZONE,
    HEADLESS_SHELL_NAMES,
    HEADLESS_SHELL_PATHS,
    PROFILE_PREFIX,
    SCAN_DEVICE,
    SCAN_RENDERER_HEAP_MB,
    SYSTEM_CHROMIUM_NAMES,
    TARGETS_PROXY_HOST,
)


class BrowserNotFound(Exception):
    """No Chromium could be found; the message says how to get one."""


@dataclass(frozen=True)
class BrowserOptions:
    """How to find and start the browser, and how it reaches the sites."""

    executable: str | None = None
    resolve: tuple[tuple[str, str], ...] = ()  # (host, "ip:port"), like curl's --resolve
    resolver_rules: str = ""  # raw --host-resolver-rules, appended after `resolve`
    insecure: bool = False  # ignore TLS errors (staging servers, the demo)
    headless: bool = True
    extra_args: tuple[str, ...] = field(default=())
    credentials: tuple[str, str, str] | None = None  # (user, password, origin): HTTP auth for that origin only
    guard_rules: str = ""  # raw rules put before all others: the target guard's pins and private blocks (targets.py)
    device: str = SCAN_DEVICE  # desktop or mobile (settings.DEVICES): what browser the sites see (devices.py)
    mode: str = BROWSER_MODE  # full or shell (settings.BROWSER_MODES): which Chromium build is looked for


def is_headless_shell(executable: str) -> bool:
    """Whether this binary is Chromium's headless shell, the lighter build a site can tell apart."""
    name = Path(executable).resolve().name  # a symlink (Playwright's, a distribution's) by its target
    return "headless-shell" in name or "headless_shell" in name


def find_headless_shell() -> str:
    """Debian's headless shell (its binary, not the /usr/bin wrapper that would outlive a kill), then
    one on PATH; BrowserNotFound saying how to get one."""
    for candidate in (*HEADLESS_SHELL_PATHS, *filter(None, map(shutil.which, HEADLESS_SHELL_NAMES))):
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise BrowserNotFound(
        "--browser-mode shell: no Chromium headless shell found: install Debian's chromium-headless-shell "
        f"(./dev setup does), or pass --browser PATH or set {BROWSER_ENV} to one"
    )


def find_chromium(explicit: str | None = None, playwright: Playwright | None = None, mode: str = BROWSER_MODE) -> str:
    """An explicit path, then $PIXELHOUND_CHROMIUM, then (mode shell) the headless shell, or (mode
    full) Playwright's Chromium, then the system's."""
    for candidate in (explicit, os.environ.get(BROWSER_ENV)):
        if candidate:
            if Path(candidate).is_file() and os.access(candidate, os.X_OK):
                return candidate
            raise BrowserNotFound(f"the browser {candidate} does not exist or is not executable")
    if mode == "shell":
        return find_headless_shell()
    if playwright is not None:
        try:
            bundled = playwright.chromium.executable_path
        except Exception:  # noqa: BLE001 - Playwright raises when its browser is not installed
            bundled = ""
        if bundled and Path(bundled).is_file():
            return bundled
    for name in SYSTEM_CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserNotFound(
        "no Chromium found: run ./dev setup (installs Debian's chromium), or pass --browser PATH "
        f"or set {BROWSER_ENV}"
    )


_RESOLVE = re.compile(r"^([A-Za-z0-9.*-]+)=([0-9.]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$")


def parse_resolve(value: str) -> tuple[str, str]:
    """`HOST=IP:PORT` -> (host, "ip:port"); ValueError with a readable reason otherwise."""
    match = _RESOLVE.match(value.strip())
    if not match:
        raise ValueError(f"--resolve {value!r}: expected HOST=IP:PORT, e.g. www.example.nhs.uk=127.0.0.1:8443")
    return match.group(1), f"{match.group(2)}:{match.group(3)}"


def launch_args(options: BrowserOptions, proxy_port: int = 0) -> list[str]:
    """Command-line switches: quiet background traffic, resolver rules, TLS leniency when asked,
    and the guard's resolving proxy when it runs (on `proxy_port`)."""
    args = [
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-domain-reliability",
        "--disable-features=Translate,OptimizationHints,MediaRouter,NetworkTimeServiceQuerying,AutofillServerCommunication",
        "--metrics-recording-only",
        f"--js-flags=--max-old-space-size={SCAN_RENDERER_HEAP_MB}",
    ]
    if os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    bypass = guard_proxy_bypass(options.guard_rules, options.resolve, options.resolver_rules)
    proxied = bool(proxy_port) and bypass is not None
    # The proxy by a name of its own, mapped first: the guard's rules make every loopback literal unresolvable.
    rules = [f"MAP {TARGETS_PROXY_HOST} 127.0.0.1"] if proxied else []
    rules += [options.guard_rules] if options.guard_rules else []
    rules += [f"MAP {host} {target}" for host, target in options.resolve]
    if options.resolver_rules:
        rules.append(options.resolver_rules)
    if rules:
        args.append("--host-resolver-rules=" + ", ".join(rules))
    if options.insecure:
        args.append("--ignore-certificate-errors")
    if proxied:
        args.append(f"--proxy-server=http://{TARGETS_PROXY_HOST}:{proxy_port}")
        args.append("--proxy-bypass-list=" + ";".join(bypass or ()))
        args.append("--force-webrtc-ip-handling-policy=disable_non_proxied_udp")  # no UDP around the proxy
    return [*args, *options.extra_args]


def _write_profile_preferences(profile: Path) -> None:
    """A profile that allows third-party cookies as default Chrome does, and has no prompts."""
    default = profile / "Default"
    default.mkdir(parents=True, exist_ok=True)
    preferences = {
        "profile": {"cookie_controls_mode": 0, "block_third_party_cookies": False},
        "intl": {"accept_languages": "en-GB,en"},
        "translate": {"enabled": False},
    }
    (default / "Preferences").write_text(json.dumps(preferences), encoding="utf-8")


@dataclass
class Profile:
    """A fresh browser profile and the context running in it; `close()` removes both."""

    context: BrowserContext
    directory: Path
    user_agent: str
    browser_version: str
    proxy: ResolvingProxy | None = None  # the guard's resolving proxy this browser goes through

    async def close(self) -> None:
        try:
            await self.context.close()
        except Exception:  # noqa: BLE001 - a crashed browser cannot be closed politely
            pass
        if self.proxy is not None:
            await self.proxy.close()
        shutil.rmtree(self.directory, ignore_errors=True)


def _http_credentials(credentials: tuple[str, str, str] | None) -> dict[str, str] | None:
    """A start URL's userinfo as Playwright's HTTP credentials, sent to the site's own origin only."""
    if credentials is None:
        return None
    user, password, origin = credentials
    return {"username": user, "password": password, "origin": origin}


def browser_version(executable: str) -> str:
    """The browser's version, asked of the executable itself (`chromium --version`), with
    "headless shell" after it for that build: the run's record says which browser the sites saw."""
    try:
        output = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    found = re.search(r"(\d+\.\d+\.\d+\.\d+)", output)
    if not found:
        return ""
    return f"{found.group(1)} headless shell" if is_headless_shell(executable) else found.group(1)


async def open_profile(playwright: Playwright, options: BrowserOptions, executable: str, version: str,
                       extra_args: list[str] | None = None) -> Profile:
    """Start Chromium in a new, empty profile with the identity of a desktop or mobile Chrome
    (options.device), plus the switches the collectors ask for (the network record's NetLog)."""
    directory = make_owned_directory(PROFILE_PREFIX)
    _write_profile_preferences(directory)
    device = device_context_options(playwright, options.device, version)
    user_agent = device["user_agent"]
    proxy = None
    if guard_proxy_bypass(options.guard_rules, options.resolve, options.resolver_rules) is not None:
        proxy = ResolvingProxy()
        await proxy.start()
    try:
        context = await playwright.chromium.launch_persistent_context(
            str(directory),
            executable_path=executable,
            headless=options.headless,
            args=[*launch_args(options, proxy.port if proxy else 0), *(extra_args or [])],
            **device,
            locale=BROWSER_LOCALE,
            timezone_id=BROWSER_TIMEZONE,
            ignore_https_errors=options.insecure,
            accept_downloads=False,
            http_credentials=_http_credentials(options.credentials),
        )
    except Exception:
        if proxy is not None:
            await proxy.close()
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return Profile(context=context, directory=directory, user_agent=user_agent, browser_version=version, proxy=proxy)
