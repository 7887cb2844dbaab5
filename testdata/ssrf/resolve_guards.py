"""A link previewer (FastMCP, mcp 1.x) that resolves the host before fetching.

Rejecting private, loopback and link-local addresses together with a scheme allow-list keeps
the request off the internal network; either part alone does not.
"""

import ipaddress
import socket
from urllib.parse import urlparse

import requests
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("link-preview")


@mcp.tool()
def preview(url: str) -> str:
    """Fetch the start of a public web page."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        raise ValueError("http and https only")
    address = ipaddress.ip_address(socket.gethostbyname(parsed.hostname))
    if address.is_private or address.is_reserved:
        raise ValueError("private address")
    return requests.get(url, timeout=10, allow_redirects=False).text[:2000]


@mcp.tool()
def preview_loopback_only(url: str) -> str:
    """Fetch the start of a web page (only loopback addresses are refused: 10.0.0.1 passes)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        raise ValueError("http and https only")
    address = ipaddress.ip_address(socket.gethostbyname(parsed.hostname))
    if address.is_loopback:
        raise ValueError("private address")
    return requests.get(url, timeout=10, allow_redirects=False).text[:2000]  # expect: ssrf from=url


@mcp.tool()
def preview_global(url: str) -> str:
    """Fetch the start of a public web page (global addresses only)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        raise ValueError("http and https only")
    address = ipaddress.ip_address(socket.gethostbyname(parsed.hostname))
    if not address.is_global:
        raise ValueError("not a public address")
    return requests.get(url, timeout=10, allow_redirects=False).text[:2000]


@mcp.tool()
def preview_any_scheme(url: str) -> str:
    """Fetch the start of a page (the address is checked, the scheme is not)."""
    parsed = urlparse(url)
    address = ipaddress.ip_address(socket.gethostbyname(parsed.hostname))
    if address.is_private or address.is_reserved:
        raise ValueError("private address")
    return requests.get(url, timeout=10, allow_redirects=False).text[:2000]  # expect: ssrf from=url


@mcp.tool()
def preview_scheme_inline(url: str) -> str:
    """Fetch a page over http(s) (the scheme alone leaves the host to the model)."""
    if urlparse(url).scheme not in ("http", "https"):
        raise ValueError("http and https only")
    return requests.get(url, timeout=10, allow_redirects=False).text[:2000]  # expect: ssrf from=url
