"""Web and API tools (FastMCP, mcp 1.x): some let the model pick the host, some only a path."""

from __future__ import annotations

import http.client
import os
import urllib.request
from urllib.parse import quote

import httpx
import requests
from mcp.server.fastmcp import Context, FastMCP

mcp = FastMCP("web-tools")

GITHUB_API = "https://api.github.com"
WEATHER_URL = os.environ.get("WEATHER_URL", "https://api.weather.example/v2")
TIMEOUT = 10


# --- Vulnerable: the tool input is the URL, or chooses its host --------------------------------


@mcp.tool()
def fetch_page(url: str) -> str:
    """Fetch a web page and return its text."""
    return requests.get(url, timeout=TIMEOUT).text  # expect: ssrf


@mcp.tool()
def post_webhook(webhook_url: str, message: str) -> int:
    """Send a message to a webhook."""
    return requests.post(webhook_url, json={"text": message}, timeout=TIMEOUT).status_code  # expect: ssrf from=webhook_url


@mcp.tool()
def check_status(base_url: str) -> int:
    """Check the health endpoint of a service."""
    return requests.head(f"{base_url}/health", timeout=TIMEOUT).status_code  # expect: ssrf


@mcp.tool()
def call_api(method: str, endpoint: str) -> str:
    """Call any HTTP endpoint."""
    return requests.request(method, endpoint, timeout=TIMEOUT).text  # expect: ssrf from=endpoint


@mcp.tool()
async def fetch_json(url: str, ctx: Context) -> dict:
    """Fetch a JSON document."""
    await ctx.info(f"fetching {url}")
    response = httpx.get(url, follow_redirects=True)  # expect: ssrf from=url
    return response.json()


@mcp.tool()
def download(url: str) -> str:
    """Download a file into the cache."""
    path, _ = urllib.request.urlretrieve(url)  # expect: ssrf
    return path


@mcp.tool()
def read_feed(feed: str) -> str:
    """Read an RSS feed."""
    request = urllib.request.Request(feed, headers={"User-Agent": "web-tools"})  # expect: ssrf
    with urllib.request.urlopen(request, timeout=TIMEOUT) as resp:  # expect: ssrf
        return resp.read().decode()


@mcp.tool()
def ping_host(host: str) -> int:
    """Open an HTTP connection to a host and return the status of `/`."""
    conn = http.client.HTTPSConnection(host, timeout=TIMEOUT)  # expect: ssrf
    conn.request("GET", "/")
    return conn.getresponse().status


@mcp.tool()
def tenant_api(tenant: str, item: str) -> str:
    """Read an item from a tenant's API."""
    return requests.get("https://%s.example.com/items/%s" % (tenant, item)).text  # expect: ssrf from=tenant


@mcp.tool()
def proxy(scheme: str, host: str, path: str) -> str:
    """Fetch a path from a host."""
    return httpx.post("{}://{}/{}".format(scheme, host, path)).text  # expect: ssrf from=scheme


def _fetch_from(host: str, path: str) -> str:
    return httpx.get(f"https://{host}/{path}").text  # expect: ssrf from=mirror


@mcp.tool()
def mirror_file(mirror: str, path: str) -> str:
    """Read a file from a mirror host."""
    return _fetch_from(mirror, path)


# --- Safe: scheme and host are fixed before the input -----------------------------------------


def _get_json(base: str, path: str) -> dict:
    return requests.get(f"{base}/{path}", timeout=TIMEOUT).json()


def _download(scheme: str, host: str, path: str) -> bytes:
    return httpx.get(f"{scheme}://{host}/{path}").content


def _with_intent(url: str, intent: str) -> str:
    return f"{url}&intent={quote(intent)}"


@mcp.tool()
def repo_file(owner: str, repo: str, path: str) -> dict:
    """Read a file's metadata from a repository."""
    return _get_json(GITHUB_API, f"repos/{owner}/{repo}/contents/{path}")


@mcp.tool()
def release_asset(path: str) -> int:
    """Size of a release asset."""
    return len(_download("https", "downloads.example.org", path))


@mcp.tool()
def search_with_intent(query: str, intent: str) -> dict:
    """Search code, telling the API what the search is for."""
    url = _with_intent(f"{GITHUB_API}/search/code?q={quote(query)}", intent)
    return requests.get(url, timeout=TIMEOUT).json()  # safe: ssrf



@mcp.tool()
def repo_info(owner: str, repo: str) -> dict:
    """Read a repository's metadata from GitHub."""
    return requests.get(f"https://api.github.com/repos/{owner}/{repo}", timeout=TIMEOUT).json()


@mcp.tool()
def list_issues(owner: str, repo: str, state: str = "open") -> list:
    """List the issues of a repository."""
    url = f"{GITHUB_API}/repos/{owner}/{repo}/issues"
    return requests.get(url, params={"state": state}, timeout=TIMEOUT).json()


@mcp.tool()
def weather(city: str) -> dict:
    """Current weather for a city."""
    return httpx.get(WEATHER_URL + "/current?city=" + quote(city)).json()


@mcp.tool()
def user_gists(user: str) -> list:
    """List a user's gists."""
    return requests.get("%s/users/%s/gists" % (GITHUB_API, user)).json()


@mcp.tool()
def org_members(org: str) -> list:
    """List the members of an organisation."""
    return requests.get("https://api.github.com/orgs/{org}/members".format(org=org)).json()


@mcp.tool()
def search_code(query: str) -> dict:
    """Search code on GitHub."""
    return requests.get(f"{GITHUB_API}/search/code", params={"q": query}).json()


@mcp.tool()
def create_issue(owner: str, repo: str, title: str, body: str) -> dict:
    """Open an issue."""
    return requests.post(
        f"{GITHUB_API}/repos/{owner}/{repo}/issues",
        json={"title": title, "body": body, "url": body},
        timeout=TIMEOUT,
    ).json()
