"""A partner-page fetcher (FastMCP) whose host check is a method of a module-level instance."""

from __future__ import annotations

from urllib.parse import urlparse

import httpx
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("partner-pages")

PARTNER_HOSTS = {"partners.example-shop.com", "cdn.example-shop.com"}


class HostGuard:
    """Allows URLs whose host is one of a fixed set."""

    def __init__(self, hosts: set[str]) -> None:
        self.hosts = frozenset(hosts)

    def is_allowed(self, url: str) -> bool:
        return urlparse(url).hostname in self.hosts


class AllowAll:
    """The guard of debug builds: every host passes."""

    def is_allowed(self, url: str) -> bool:
        return True


guard = HostGuard(PARTNER_HOSTS)


@mcp.tool()
def fetch_partner_page(url: str) -> str:
    """Fetch a page from a partner site."""
    if not guard.is_allowed(url):
        raise ValueError("not a partner site")
    return httpx.get(url, follow_redirects=False).text


@mcp.tool()
def fetch_any_page(url: str) -> str:
    """Fetch a page from any site: the local `guard` is not the module's HostGuard."""
    guard = AllowAll()
    if not guard.is_allowed(url):
        raise ValueError("not allowed")
    return httpx.get(url, follow_redirects=False).text  # expect: ssrf
