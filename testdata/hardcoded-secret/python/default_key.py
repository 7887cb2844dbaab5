"""A FastMCP server that signs the download links it returns. A key typed by hand as the
fallback of the environment variable is a default key: a deployment without the variable
signs with a key anyone can read here."""

import hashlib
import hmac
import os

from mcp.server.fastmcp import FastMCP

LINK_SIGNING_KEY = os.environ.get("LINK_SIGNING_KEY", "00112233445566778899aabbccddeeff")  # expect: hardcoded-secret
SESSION_SECRET = os.getenv("SESSION_SECRET", default="0000000000000000000000000000000000000000000000000000000000000000")  # expect: hardcoded-secret

# Not default keys: a setting that is not a key, and a key that must be set.
REQUEST_ID_SEED = os.environ.get("REQUEST_ID_SEED", "000102030405060708090a0b0c0d0e0f")  # safe: hardcoded-secret
ARCHIVE_KEY = os.environ["ARCHIVE_KEY"]

mcp = FastMCP("downloads")


@mcp.tool()
def download_link(name: str) -> str:
    """Return a signed link to a report."""
    sig = hmac.new(bytes.fromhex(LINK_SIGNING_KEY), name.encode(), hashlib.sha256).hexdigest()
    return f"https://downloads.example.com/{name}?sig={sig}"
