"""Who is the client, and did it come over HTTPS: X-Forwarded-For/-Proto believed only from trusted proxies.

``DONTHU_TRUSTED_PROXIES`` lists the reverse proxies (IPs or CIDRs, comma-separated; empty = none). When the
direct peer is one of them, the client is the right-most address of X-Forwarded-For that is not itself a
trusted proxy (a client can put anything at the left of that header; only what our proxies appended counts).
Otherwise the headers are ignored. ``donthu serve`` runs uvicorn with proxy_headers off, so the peer address
in the ASGI scope is the real TCP peer (uvicorn's own default trusts X-Forwarded-For from 127.0.0.1).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=16)
def trusted_networks(spec: str) -> tuple[Network, ...]:
    nets = []
    for part in (spec or "").split(","):
        part = part.strip()
        if part:
            nets.append(ipaddress.ip_network(part, strict=False))  # a typo fails loudly at start-up
    return tuple(nets)


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip().strip('"')
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(addr: str, nets: tuple[Network, ...]) -> bool:
    ip = _ip(addr)
    return ip is not None and any(ip in n for n in nets)


def _header(scope: Mapping[str, Any], name: bytes) -> list[str]:
    out: list[str] = []
    for k, v in scope.get("headers") or ():
        if k.lower() == name:
            out.extend(x.strip() for x in v.decode("latin-1").split(","))
    return [x for x in out if x]


def peer(scope: Mapping[str, Any]) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "?"


def client_address(scope: Mapping[str, Any], spec: str) -> str:
    addr = peer(scope)
    nets = trusted_networks(spec)
    if not nets or not _trusted(addr, nets):
        return addr
    for hop in reversed(_header(scope, b"x-forwarded-for")):
        ip = _ip(hop)
        if ip is None:  # garbage: stop at the last address our proxies vouched for
            break
        addr = str(ip)
        if not any(ip in n for n in nets):
            return addr
    return addr


def is_https(scope: Mapping[str, Any], spec: str) -> bool:
    if scope.get("scheme") in ("https", "wss"):
        return True
    nets = trusted_networks(spec)
    if nets and _trusted(peer(scope), nets):
        proto = _header(scope, b"x-forwarded-proto")
        return bool(proto) and proto[-1].lower() == "https"
    return False
