"""A wiki reader (FastMCP) whose HTTP calls live in a client class instantiated at module level."""

from __future__ import annotations

from urllib.parse import quote

import httpx
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("wiki-reader")

WIKI_BASE = "https://wiki.internal.example/api/v2"


class WikiClient:
    """One HTTP client shared by every tool."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = httpx.Client(timeout=15)

    def page(self, slug: str) -> str:
        return self.http.get(f"{self.base}/pages/{quote(slug)}").text

    def attachment(self, url: str) -> bytes:
        return self.http.get(url).content  # expect: ssrf


class MirrorClient:
    """A client for one mirror, made per call (`fetch` is also a SQL sink's name elsewhere)."""

    def fetch(self, url: str) -> bytes:
        return httpx.get(url, follow_redirects=True).content  # expect: ssrf


wiki = WikiClient(WIKI_BASE)


@mcp.tool()
def read_page(slug: str) -> str:
    """Read a wiki page by its slug."""
    return wiki.page(slug)


@mcp.tool()
def download_attachment(url: str) -> bytes:
    """Download an attachment by the URL a page links to."""
    return wiki.attachment(url)


@mcp.tool()
def download_from_mirror(url: str) -> bytes:
    """Download a file through a fresh mirror client."""
    mirror = MirrorClient()
    return mirror.fetch(url)
