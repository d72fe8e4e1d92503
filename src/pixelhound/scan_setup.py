"""From what a command line chose to a scan that may start: one builder for `scan` (in process or
queued) and `monitor`, so their shared options mean the same and the target guard cannot be missed.

The option set the commands share is declared once in cli.py (its `...Option` types); `build_options`
turns it into ScanOptions; `prepare_fleet` splits credentials off the URLs (credentials.py), applies the private-target guard
(targets.py) to every site, and pins the browser to the addresses checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from pixelhound.capture.browser import BrowserOptions, parse_resolve
from pixelhound.capture.scan import ScanOptions, Site
from pixelhound.credentials import split_credentials
from pixelhound.settings import (
    BROWSER_MODE,
    BROWSER_MODES,
    DEVICES,
    SCAN_DEVICE,
    SCAN_REPEAT,
    SCAN_REPEAT_LIMIT,
    TARGETS_ALLOW_PRIVATE_ENV,
    TARGETS_RESOLVE_WORKERS,
)
from pixelhound.targets import (
    PrivateTarget,
    TargetPolicy,
    canonical_host,
    check_target,
    literal_address,
    mapped_hosts,
    pin_rules,
    private_block_rules,
    system_resolver,
)


def build_options(out: Path, *, resolve: Iterable[str] = (), insecure: bool = False, browser: str | None = None,
                  device: str = SCAN_DEVICE, browser_mode: str = BROWSER_MODE, **scan: Any) -> ScanOptions:
    """ScanOptions for a run into `out` from the options scan and monitor share: how the browser
    reaches the sites (--resolve HOST=IP:PORT as typed: ValueError naming one that cannot be read,
    --insecure, --browser, --browser-mode), what it is (--device), and any other ScanOptions field by name
    (scenarios, max_pages, repeat, ...). ValueError for a device or repeat count out of range."""
    pairs = tuple(parse_resolve(item) for item in resolve)
    if device not in DEVICES:
        raise ValueError(f"--device {device!r}: choose from {', '.join(DEVICES)}")
    if browser_mode not in BROWSER_MODES:
        raise ValueError(f"--browser-mode {browser_mode!r}: choose from {', '.join(BROWSER_MODES)}")
    repeat = scan.get("repeat", SCAN_REPEAT)
    if not 1 <= repeat <= SCAN_REPEAT_LIMIT:
        raise ValueError(f"--repeat {repeat}: give 1 to {SCAN_REPEAT_LIMIT} visits per site and scenario")
    browser_options = BrowserOptions(executable=browser, resolve=pairs, insecure=insecure, device=device,
                                     mode=browser_mode)
    return ScanOptions(browser=browser_options, out_dir=out, **scan)


def operator_allows_private(flag: bool) -> bool:
    """The operator's own switch: the command-line flag, or the environment of the process."""
    return flag or os.environ.get(TARGETS_ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes")


def policy_for(options: ScanOptions, allow_private: bool, hint: str = "--allow-private") -> TargetPolicy:
    """The guard's policy for a run with these options: the hosts it maps were mapped on purpose."""
    return TargetPolicy(allow_private=allow_private,
                        mapped=mapped_hosts(options.browser.resolve, options.browser.resolver_rules),
                        allow_hint=hint)


def _resolve_all(sites: list[Site], policy: TargetPolicy) -> dict[str, list[str]]:
    """The addresses of every name the guard must judge, looked up TARGETS_RESOLVE_WORKERS at a time
    (a fleet of thousands is not resolved one by one)."""
    if policy.allow_private:
        return {}
    names = sorted({host for host in map(canonical_host, (site.url for site in sites))
                    if host and literal_address(host) is None and not policy.is_mapped(host)})
    if not names:
        return {}
    with ThreadPoolExecutor(max_workers=min(TARGETS_RESOLVE_WORKERS, len(names))) as pool:
        return dict(zip(names, pool.map(system_resolver, names)))


def prepare_fleet(sites: list[Site], options: ScanOptions, policy: TargetPolicy) -> tuple[list[Site], ScanOptions]:
    """The sites with their URLs' credentials split off (kept in the options, never written) and
    every one checked by the guard (PrivateTarget, one line per target refused); the options
    carry the credentials, resolver rules pinning each name checked to its checked address, and
    (unless private targets are allowed) rules that keep the browser off every private address."""
    clean_sites: list[Site] = []
    credentials = dict(options.credentials)
    for site in sites:
        url, secret = split_credentials(site.url)
        if secret is not None:
            credentials[url] = secret
        clean_sites.append(replace(site, url=url))
    answers = _resolve_all(clean_sites, policy)
    checked: dict[str, list[str]] = {}
    refused: list[str] = []
    for site in clean_sites:
        url = site.url
        host = canonical_host(url)
        try:
            addresses = check_target(url, policy, resolver=lambda name: answers.get(name, []))
        except PrivateTarget as refusal:
            refused += refusal.lines
            continue
        if host and not policy.allow_private and not policy.is_mapped(host):
            checked.setdefault(host, addresses)
    if refused:
        raise PrivateTarget(refused)
    blocks = "" if policy.allow_private else private_block_rules()  # redirects and requests to private addresses
    # An address mapped on purpose (--resolve 10.0.0.5=10.0.0.5:8443) comes before the blocks that would hide it.
    literals = ", ".join(f"MAP {host} {target}" for host, target in options.browser.resolve if literal_address(host))
    rules = ", ".join(rule for rule in (pin_rules(checked), literals, blocks) if rule)
    browser = replace(options.browser, guard_rules=rules)
    return clean_sites, replace(options, browser=browser, credentials=tuple(credentials.items()))
