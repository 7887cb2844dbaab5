"""A documentation fetcher (fastmcp 2.x) with URL checks, some sound and some not."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import httpx
import requests
from fastmcp import FastMCP

mcp = FastMCP("docs-fetcher")

ALLOWED_HOSTS = {"docs.python.org", "peps.python.org", "typing.readthedocs.io"}
DOCS_PREFIX = "https://docs.python.org/"


# --- Sound checks: the host is pinned before the request -------------------------------------


@mcp.tool()
def fetch_doc(url: str) -> str:
    """Fetch a page from an allowed documentation host."""
    if urlparse(url).hostname not in ALLOWED_HOSTS:
        raise ValueError("host not allowed")
    return requests.get(url, allow_redirects=False).text


@mcp.tool()
def fetch_doc_parsed(url: str) -> str:
    """Fetch a page after parsing its URL."""
    parsed = urlparse(url)
    if parsed.scheme != "https" or parsed.hostname not in ALLOWED_HOSTS:
        raise ValueError("only https pages of allowed hosts")
    return httpx.get(url).text


@mcp.tool()
def fetch_python_doc(url: str) -> str:
    """Fetch a page of the Python documentation."""
    if not url.startswith("https://docs.python.org/"):
        raise ValueError("only docs.python.org")
    return httpx.get(url).text


@mcp.tool()
def fetch_python_doc_const(url: str) -> str:
    """Fetch a page of the Python documentation (prefix constant)."""
    if not url.startswith(DOCS_PREFIX):
        raise ValueError("only docs.python.org")
    return httpx.get(url).text


@mcp.tool()
def fetch_pep(url: str) -> str:
    """Fetch a PEP page."""
    if not re.match(r"https://peps\.python\.org/pep-\d+/?$", url):
        raise ValueError("not a PEP URL")
    return requests.get(url).text


@mcp.tool()
def fetch_with_host_check(url: str) -> str:
    """Fetch a page whose host is checked by name."""
    host = urlparse(url).netloc
    if host != "docs.python.org":
        raise ValueError("only docs.python.org")
    return requests.get(url).text


# --- Flawed checks: the host is still the model's choice -------------------------------------


@mcp.tool()
def fetch_prefix_without_slash(url: str) -> str:
    """Fetch a page whose URL starts with the docs host (docs.python.org.evil.example passes)."""
    if not url.startswith("https://docs.python.org"):
        raise ValueError("only docs.python.org")
    return httpx.get(url).text  # expect: ssrf


@mcp.tool()
def fetch_scheme_only(url: str) -> str:
    """Fetch a page over https (any host)."""
    if urlparse(url).scheme != "https":
        raise ValueError("https only")
    return requests.get(url).text  # expect: ssrf


@mcp.tool()
def fetch_logged(url: str) -> str:
    """Fetch a page; an unknown host is only logged."""
    if urlparse(url).hostname not in ALLOWED_HOSTS:
        print(f"warning: fetching {url}")
    return requests.get(url).text  # expect: ssrf


@mcp.tool()
def fetch_unanchored(url: str) -> str:
    """Fetch a page whose URL mentions python.org somewhere."""
    if not re.search(r"python\.org", url):
        raise ValueError("python.org only")
    return requests.get(url).text  # expect: ssrf


# --- Checks written as methods of a host-policy class ----------------------------------------


class HostPolicy:
    """The hosts this deployment may fetch from."""

    def __init__(self, hosts: set[str]) -> None:
        self.hosts = hosts

    def allows(self, url: str) -> bool:
        return urlparse(url).hostname in self.hosts

    def looks_like_url(self, url: str) -> bool:
        return "://" in url


policy = HostPolicy(ALLOWED_HOSTS)


@mcp.tool()
def fetch_by_policy(url: str) -> str:
    """Fetch a page the host policy allows."""
    if not policy.allows(url):
        raise ValueError("host not allowed")
    return requests.get(url).text


def fetch_checked(checker: HostPolicy, url: str) -> str:
    if not checker.allows(url):
        raise ValueError("host not allowed")
    return httpx.get(url).text


@mcp.tool()
def fetch_through_helper(url: str) -> str:
    """Fetch a page through a helper that is handed the policy."""
    return fetch_checked(policy, url)


@mcp.tool()
def fetch_url_shaped(url: str) -> str:
    """Fetch anything that looks like a URL (the method checks the shape, not the host)."""
    if not policy.looks_like_url(url):
        raise ValueError("not a URL")
    return requests.get(url).text  # expect: ssrf


# --- Checks in helper functions: a scheme check is not a host check --------------------------


def _is_https(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme != "https":
        return False
    return True


def _host_allowed(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.hostname not in ALLOWED_HOSTS:
        return False
    return True


@mcp.tool()
def fetch_checked_host(url: str) -> str:
    """Fetch a page after a helper checked its host."""
    if not _host_allowed(url):
        raise ValueError("host not allowed")
    return requests.get(url).text


@mcp.tool()
def fetch_checked_scheme(url: str) -> str:
    """Fetch a page after a helper checked only its scheme."""
    if not _is_https(url):
        raise ValueError("https only")
    return requests.get(url).text  # expect: ssrf


# --- Host checks written as comparisons and patterns -----------------------------------------

GITHUB_API = "api.github.com"


@mcp.tool()
def fetch_allowed_page(url: str) -> str:
    """Fetch a page when its host is on the allow-list."""
    parsed = urlparse(url)
    if parsed.hostname in ALLOWED_HOSTS:
        return httpx.get(url).text
    raise ValueError("host not allowed")


@mcp.tool()
def fetch_github_api(url: str) -> dict:
    """Call the GitHub REST API by URL."""
    if urlparse(url).netloc == GITHUB_API:
        return requests.get(url, timeout=10).json()
    raise ValueError("only api.github.com")


@mcp.tool()
def fetch_github_path(url: str) -> dict:
    """Call the GitHub REST API (the URL must start with its host)."""
    if not re.match(r"https://api\.github\.com/", url):
        raise ValueError("only api.github.com")
    return requests.get(url, timeout=10).json()


@mcp.tool()
def fetch_github_searched(url: str) -> dict:
    """Call the GitHub REST API (anchored search)."""
    if not re.search(r"^https://api\.github\.com/", url):
        raise ValueError("only api.github.com")
    return requests.get(url, timeout=10).json()


@mcp.tool()
def fetch_github_unanchored(url: str) -> dict:
    """Call the GitHub REST API (unanchored: https://evil.example/?https://api.github.com/ passes)."""
    if not re.search(r"https://api\.github\.com/", url):
        raise ValueError("only api.github.com")
    return requests.get(url, timeout=10).json()  # expect: ssrf
