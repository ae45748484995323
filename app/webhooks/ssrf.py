"""Where a webhook may be sent: resolve once, check every address, connect to that address.

By default only https to globally routable addresses. Municipal intranets live on private
networks, so VUOSIKELLO_WEBHOOK_ALLOW_PRIVATE_NETWORKS (or an allow-list of CIDRs) opens them
on purpose; link-local addresses (cloud metadata services) stay closed unless allow-listed.
"""

import asyncio
import ipaddress
import socket
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# RFC 8215 local-use NAT64: where its IPv4 part sits depends on the operator's prefix length,
# so it is never unwrapped and only an allow-list opens it.
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated ::a.b.c.d (RFC 4291 2.5.5.1)
SIIT = ipaddress.ip_network("::ffff:0:0:0/96")  # IPv4-translated ::ffff:0:a.b.c.d (RFC 2765)
# Not global, though Python 3.11's is_global says so: site-local (RFC 3879), the local-use
# NAT64 prefix, SRv6 SIDs (RFC 9602), the new documentation prefix (RFC 9637).
NOT_GLOBAL = (
    ipaddress.ip_network("fec0::/10"),
    LOCAL_NAT64,
    ipaddress.ip_network("5f00::/16"),
    ipaddress.ip_network("3fff::/20"),
)


class UnsafeDestination(ValueError):
    """The URL may not be delivered to under the current policy."""


@dataclass(frozen=True)
class Policy:
    allow_private: bool = False
    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def from_settings(cls, allow_private: bool, cidrs: str) -> "Policy":
        networks = tuple(
            ipaddress.ip_network(c.strip(), strict=False) for c in cidrs.split(",") if c.strip()
        )
        return cls(allow_private=allow_private, allowed_networks=networks)


@dataclass(frozen=True)
class Destination:
    url: httpx.URL  # what the receiver sees (Host header, TLS name)
    address: str  # what we connect to

    @property
    def connect_url(self) -> httpx.URL:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return self.url.copy_with(host=host)


def unwrap(address: IPAddress) -> IPAddress:
    """The IPv4 address hidden in an IPv4-mapped, IPv4-compatible, IPv4-translated (SIIT),
    NAT64 or 6to4 IPv6 address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        # :: and ::1 are IPv6's own unspecified and loopback addresses, not IPv4 in disguise.
        if (
            (address in IPV4_COMPATIBLE and int(address) > 1)
            or address in SIIT
            or (address in NAT64)
        ):
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if address.sixtofour is not None:
            return address.sixtofour
    return address


def is_public(address: IPAddress) -> bool:
    """Globally routable unicast, checked on the IPv4 address inside when there is one."""
    real = unwrap(address)
    return (
        real.is_global
        and not real.is_multicast
        and not real.is_reserved
        and not any(address in net for net in NOT_GLOBAL if address.version == net.version)
    )


def check_address(address: IPAddress, policy: Policy) -> bool:
    """Whether the address is allowed; returns True when it is a private (opt-in) one."""
    real = unwrap(address)
    if any(real in net or address in net for net in policy.allowed_networks):
        return True
    if is_public(address):
        return False
    if (
        policy.allow_private
        and address not in LOCAL_NAT64
        and not real.is_link_local
        and not real.is_unspecified
        and not real.is_multicast
        and not real.is_reserved
    ):
        return True
    raise UnsafeDestination(
        f"{address} is not a public address and is not allowed; to deliver to a receiver in "
        "your own network, set VUOSIKELLO_WEBHOOK_ALLOW_PRIVATE_NETWORKS=true or list its "
        "network in VUOSIKELLO_WEBHOOK_ALLOWED_CIDRS (for example 10.20.0.0/16)"
    )


def parse(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        raise UnsafeDestination("not a valid URL") from exc
    if parsed.scheme not in ("https", "http") or not parsed.host:
        raise UnsafeDestination("a webhook URL is an https:// URL")
    if parsed.userinfo:
        raise UnsafeDestination("put credentials in the signature, not in the URL")
    return parsed


async def _addresses(host: str, port: int) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise UnsafeDestination(f"cannot resolve {host}") from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise UnsafeDestination(f"{host} has no address")
    return addresses


async def resolve(url: str, policy: Policy) -> Destination:
    """Resolve the URL's host once and check every address it has."""
    parsed = parse(url)
    host = parsed.host
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    addresses = await _addresses(host, port)
    private = [check_address(address, policy) for address in addresses]
    # Plain http is only for deliberately opened intranet addresses.
    if parsed.scheme == "http" and not all(private):
        raise UnsafeDestination("a webhook to a public address must use https")
    return Destination(url=parsed, address=str(addresses[0]))
