"""A wiki client whose transport adapters turn certificate verification off (FastMCP, mcp 1.x).

`UnverifiedAdapter` is mounted only when the operator's configuration sets `WIKI_SSL_VERIFY`
off, the same opt-out as writing `verify=False` in that branch: not reported. Its twin
`LaxAdapter` is mounted for every session, so verification is off by default.
"""

import os
import ssl

import requests
from requests.adapters import HTTPAdapter

from mcp.server.fastmcp import FastMCP

WIKI_URL = os.environ.get("WIKI_URL", "https://wiki.example.com")
WIKI_SSL_VERIFY = os.environ.get("WIKI_SSL_VERIFY", "true").lower() != "false"

mcp = FastMCP("wiki")


class UnverifiedAdapter(HTTPAdapter):
    """Adapter for servers with self-signed certificates, when the operator opts in."""

    def init_poolmanager(self, *args, **kwargs):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        kwargs["ssl_context"] = context
        return super().init_poolmanager(*args, **kwargs)

    def send(self, request, **kwargs):
        kwargs["verify"] = False
        return super().send(request, **kwargs)


class LaxAdapter(HTTPAdapter):
    """Adapter that never checks the server's certificate."""

    def init_poolmanager(self, *args, **kwargs):
        context = ssl.create_default_context()
        context.check_hostname = False  # expect: exposed-transport
        context.verify_mode = ssl.CERT_NONE  # expect: exposed-transport
        kwargs["ssl_context"] = context
        return super().init_poolmanager(*args, **kwargs)


def wiki_session(verify_ssl: bool) -> requests.Session:
    """A session for the wiki, verifying certificates unless the configuration says not to."""
    session = requests.Session()
    if not verify_ssl:
        session.mount("https://", UnverifiedAdapter())
    return session


def mirror_session() -> requests.Session:
    """A session for the wiki's mirror."""
    session = requests.Session()
    session.mount("https://", LaxAdapter())
    return session


@mcp.tool()
def read_page(title: str) -> str:
    """Read one wiki page."""
    session = wiki_session(WIKI_SSL_VERIFY)
    return session.get(f"{WIKI_URL}/pages/{title}", timeout=10).text
