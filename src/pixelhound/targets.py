"""Which scan targets may be scanned: the private-target guard (issue 17).

A scan fetches whatever URL it is given with a real browser and keeps the answer as evidence. Given a
fleet file by someone else (the monitor, the queue's workers), that is a server-side request forgery
hole: `http://169.254.169.254/` or `http://10.0.0.5/admin` would be fetched from the scanning
machine and written into a report. So a target whose host is, or resolves to, an address that is not
globally routable (loopback, private, link-local, unique-local, unspecified, shared, reserved,
multicast) is refused, unless the operator allowed private targets or mapped the host explicitly
(`--resolve HOST=IP:PORT`, the demo's resolver rules).

The host is read the way Chromium reads it, not the way it is spelt: `127.1`, `2130706433`,
`0x7f000001`, `0177.0.0.1`, `[::ffff:127.0.0.1]`, percent-escapes, full-width digits and a trailing dot
all mean an address. A name is resolved before deciding, and the address checked is pinned for the
browser (`pin_rules`), so a name that answers a public address to us and a private one to the browser
(DNS rebinding) still reaches the address we checked; a name that does not resolve is kept unresolved
for the browser too (the scan says "not measured"). Redirects and later requests are guarded in the
browser itself (`private_block_rules`): every private address literal, however a redirect spells it,
is unresolvable for a scan that did not allow private targets. A public name other than the start
URL's (a redirect to attacker.example) that DNS answers with a private address is refused by the
resolving proxy a guarded scan's browser goes through (capture/resolving_proxy.py, with the same
`check_target`), when any name is left to DNS (`guard_proxy_bypass`).
"""

from __future__ import annotations

import fnmatch
import ipaddress
import socket
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from pixelhound.settings import (
    TARGETS_BLOCKED_IPV4,
    TARGETS_BLOCKED_IPV6_PATTERNS,
    TARGETS_LOOPBACK_NAMES,
    TARGETS_RESOLVE_TIMEOUT_SECONDS,
)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str], list[str]]


class PrivateTarget(ValueError):
    """Targets the guard refuses: one line each (`lines`), naming the target and the way out; the
    message is the first line, and how many more there are."""

    def __init__(self, lines: list[str]) -> None:
        more = f" (and {len(lines) - 1} more target(s) refused)" if len(lines) > 1 else ""
        super().__init__(lines[0] + more)
        self.lines = lines


@dataclass(frozen=True)
class TargetPolicy:
    """What the operator allowed: private targets at all, and the hosts mapped explicitly."""

    allow_private: bool = False
    mapped: tuple[str, ...] = ()  # host patterns mapped by --resolve or resolver rules (`*` allowed)
    allow_hint: str = "--allow-private"  # how this command's operator allows them, for the message

    def is_mapped(self, host: str) -> bool:
        return any(fnmatch.fnmatchcase(host, pattern.lower()) for pattern in self.mapped)


def mapped_hosts(resolve: Iterable[tuple[str, str]], resolver_rules: str = "") -> tuple[str, ...]:
    """The host patterns that --resolve pairs and `MAP pattern target` resolver rules name."""
    patterns = [host.lower() for host, _target in resolve]
    for rule in resolver_rules.split(","):
        words = rule.split()
        if len(words) == 3 and words[0].upper() == "MAP" and words[2] != "~NOTFOUND":
            patterns.append(words[1].lower())
    return tuple(patterns)


def canonical_host(url: str) -> str:
    """The URL's host as the browser will read it: unescaped, NFKC-folded, lower case, no brackets
    and no trailing dot ("" when the URL has none)."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    host = unicodedata.normalize("NFKC", unquote(host)).lower().rstrip(".")
    return host


def literal_address(host: str) -> Address | None:
    """The address a host names by itself, in any spelling a browser accepts, else None."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is None and host and all(part for part in host.split(".")):
        try:  # inet_aton reads the legacy forms: 127.1, 2130706433, 0x7f000001, 0177.0.0.1
            address = ipaddress.IPv4Address(socket.inet_aton(host))
        except (OSError, ValueError):
            address = None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_private(address: Address) -> bool:
    """Not an address on the public internet (loopback, RFC 1918, link-local, ULA, 0.0.0.0, ...)."""
    return not address.is_global or address.is_multicast


def system_resolver(host: str) -> list[str]:
    """The host's addresses as this machine resolves them ([] when it does not), bounded in time."""
    from concurrent.futures import ThreadPoolExecutor
    from concurrent.futures import TimeoutError as Late

    pool = ThreadPoolExecutor(max_workers=1)
    try:
        answers = pool.submit(socket.getaddrinfo, host, None).result(timeout=TARGETS_RESOLVE_TIMEOUT_SECONDS)
    except (OSError, UnicodeError, Late):
        return []
    finally:
        pool.shutdown(wait=False)
    return list(dict.fromkeys(str(answer[4][0]).split("%", 1)[0] for answer in answers))


def check_target(url: str, policy: TargetPolicy, resolver: Resolver = system_resolver) -> list[str]:
    """The addresses checked for the URL's host ([] for a mapped or unresolvable one), or
    PrivateTarget when the host is, or resolves to, a private address the policy does not allow."""
    host = canonical_host(url)
    if policy.allow_private or (host and policy.is_mapped(host)):
        return []
    literal = literal_address(host)
    if literal is not None:
        if is_private(literal):
            raise PrivateTarget([_refusal(url, f"{literal} is a private address", policy)])
        return [str(literal)]
    if host in TARGETS_LOOPBACK_NAMES or host.endswith(".localhost"):
        raise PrivateTarget([_refusal(url, f"{host} is this machine", policy)])
    addresses = resolver(host)
    private = [address for address in addresses if (found := literal_address(address)) and is_private(found)]
    if private:
        raise PrivateTarget([_refusal(url, f"{host} resolves to the private address {private[0]}", policy)])
    return addresses


def preferred_address(addresses: Iterable[str]) -> Address | None:
    """The address of these to connect to (None when there is none): IPv4 first, because a machine
    without an IPv6 route must still reach a dual-stack site."""
    found = [address for address in map(literal_address, addresses) if address is not None]
    return min(found, key=lambda a: a.version) if found else None


def pin_rules(checked: dict[str, list[str]]) -> str:
    """Resolver rules that make the browser use an address checked for each name (IPv4 first), and
    leave a name that did not resolve unresolved, so that DNS answering differently the second time
    (rebinding) cannot lead the browser elsewhere."""
    rules = []
    for host, addresses in checked.items():
        if literal_address(host) is not None:
            continue
        address = preferred_address(addresses)
        target = "~NOTFOUND" if address is None else f"[{address}]" if address.version == 6 else str(address)
        rules.append(f"MAP {host} {target}")
    return ", ".join(rules)


def private_block_rules() -> str:
    """Resolver rules that leave every non-global address unreachable for the browser, in the form
    Chromium gives a URL's host after reading it (so `127.1` and `[::ffff:127.0.0.1]` are caught):
    a redirect from a public start page to 169.254.169.254, or a page's request to 10.0.0.5, fails
    as unresolvable. Hosts mapped earlier in the rules (--resolve, pins) are not affected. IPv4
    patterns are by octets (`10.*.*.*`): a name whose first label is such a number is caught too."""
    patterns: list[str] = []
    for block in TARGETS_BLOCKED_IPV4:
        network = ipaddress.IPv4Network(block)
        step = 8 if network.prefixlen <= 8 else 16 if network.prefixlen <= 16 else 24
        for part in network.subnets(new_prefix=step) if network.prefixlen < step else [network]:
            octets = str(part.network_address).split(".")[: step // 8]
            patterns.append(".".join(octets + ["*"] * (4 - len(octets))))
    patterns += [*TARGETS_LOOPBACK_NAMES, "*.localhost", *TARGETS_BLOCKED_IPV6_PATTERNS]
    return ", ".join(f"MAP {pattern} ~NOTFOUND" for pattern in patterns)


def guard_proxy_bypass(guard_rules: str, resolve: Iterable[tuple[str, str]], resolver_rules: str) -> tuple[str, ...] | None:
    """The hosts that bypass the guard's resolving proxy (those mapped to an address on purpose:
    --resolve, the pins, resolver rules), or None when the scan needs no proxy: private targets
    are allowed (the guard put no blocks in the rules), or no name is left to DNS (`MAP * ~NOTFOUND`)."""
    if private_block_rules() not in guard_rules:
        return None
    rules = [rule.split() for rule in ", ".join((guard_rules, resolver_rules)).split(",")]
    rules += [["MAP", host, target] for host, target in resolve]
    if any(len(words) == 3 and words[0].upper() == "MAP" and words[1] == "*" for words in rules):
        return None
    return tuple(dict.fromkeys(words[1] for words in rules
                               if len(words) == 3 and words[0].upper() == "MAP" and words[2] != "~NOTFOUND"))


def _refusal(url: str, why: str, policy: TargetPolicy) -> str:
    from pixelhound.credentials import redact_url

    return (f"{redact_url(url)!r}: refused, {why} (a scan of it could reach internal services); "
            f"to scan it on purpose give {policy.allow_hint}, or map its host with --resolve HOST=IP:PORT")
