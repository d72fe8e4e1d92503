"""What the private-target guard's resolving proxy did during one site x scenario, turned into the
scan's evidence: the server addresses the proxy connected to (the HAR would otherwise name the
proxy), and the requests it refused, which the site's report must show (never clean)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pixelhound.model import Capture

if TYPE_CHECKING:
    from pixelhound.capture.resolving_proxy import ResolvingProxy
    from pixelhound.capture.scan import SiteScan


@dataclass
class GuardRecord:
    """Gathered over every browser launch of the scan (a restarted browser has a proxy of its own)."""

    refusals: dict[str, str] = field(default_factory=dict)  # host -> the guard's one-line refusal
    refused_requests: int = 0
    connected: dict[str, str] = field(default_factory=dict)  # host -> the address the proxy connected to

    def add(self, proxy: ResolvingProxy | None) -> None:
        if proxy is None:
            return
        for host, why in proxy.refusals.items():
            self.refusals.setdefault(host, why)
        self.refused_requests += proxy.refused_requests
        for host, address in proxy.connected.items():
            self.connected.setdefault(host, address)

    def restore_server_addresses(self, captures: list[Capture]) -> None:
        """Each capture that went through the proxy names the server it reached, not the proxy."""
        if not self.connected:
            return
        for capture in captures:
            try:
                host = (urlsplit(capture.url).hostname or "").rstrip(".")
            except ValueError:
                continue
            if host in self.connected:
                capture.server_ip = self.connected[host]

    def explain(self, result: SiteScan) -> None:
        """The refusals in the scan's warnings and count (partly measured), and as the reason of a
        site that was not measured: a start page that led to a private address says so."""
        if not self.refusals:
            return
        result.guard_refused = max(self.refused_requests, 1)
        first = next(iter(self.refusals.values()))
        result.warnings.append(
            f"the private-target guard refused {result.guard_refused} request(s) to "
            f"{', '.join(sorted(self.refusals))}: not sent, not measured ({first})")
        if not result.measured:
            result.reason = f"refused by the private-target guard: {first} ({result.reason})"
