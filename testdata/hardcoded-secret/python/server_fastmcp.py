"""A FastMCP server whose tools carry credentials in descriptions, defaults and headers."""

import httpx
import psycopg
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("crm")


@mcp.tool(description="Look up a contact. Uses key 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 for mail.")  # expect: hardcoded-secret
def lookup(email: str, api_key: str = "ijQfqtDSwXUzqcff0OFpR9IUr4Uy") -> str:  # expect: hardcoded-secret
    """Look up a contact by email."""
    headers = {"Authorization": "Bearer mjGjdMuALx2XvMbfxrGf5AIdo9fTKe10"}  # expect: hardcoded-secret
    r = httpx.get("https://crm.example.com/contacts", params={"email": email}, headers=headers)
    return r.text


@mcp.tool()
def notify(text: str) -> str:
    """Send a notification."""
    # expect: hardcoded-secret
    httpx.post("https://api.twilio.com/2010-04-01/Accounts/AC8c3c1aaafcf9c8c97ec46e5a9e45b593/Messages.json", data={"Body": text})
    client = httpx.Client(headers={"X-API-Key": "mnr6d75HYqXtij5nn7ar"})  # expect: hardcoded-secret
    return client.get("https://example.com/ping?access_token=F5IoXhLxAzHM6K8vsoXq6z").text  # expect: hardcoded-secret


@mcp.tool()
def query(sql: str) -> list:
    """Run a read-only query."""
    conn = psycopg.connect(f"host=db.internal user=crm password=G9nNU5nXE6ZErl dbname=crm")  # expect: hardcoded-secret
    with conn.cursor() as cur:
        cur.execute("select 1")
        return cur.fetchall()


def check(token: str) -> bool:
    if token == "35e2d711c97178534f4741479643ac93":  # expect: hardcoded-secret
        return True
    return False


# expect: hardcoded-secret
PRIVATE_KEY = """-----BEGIN RSA PRIVATE KEY-----
u40V9pSFKxJBlu+teNT2E5dDY4TQpGQXkPfj7dpLJGJmXGSFHvpa6HArWYO8HQ1q
zE/OP7dOhH2bJvHmdGaKxzTdIpUFbRHAoCoraBGwuHGmF1M2RTuS8GC/LL1o2559
06dzKAAZ8db9diw4sHoH82xwuJPewJjcg6N/Jz3shSvMC5OBjPXkQZTEAnazGSj2
XrHA351A7oUuvGH6Wf2wIFkBAtUb6uQc+CQdHmzUyxiLN4krVcXwtfqNHjBmccYF
hwo6M54uTfNXdnWXanzVNO0FHsT10ky4C1O4aPeHJ1Mbh/brCU9Fpo/LG+BWrcbb
-----END RSA PRIVATE KEY-----"""


# Not secrets.
@mcp.tool()
def search(query: str, api_key: str = "") -> str:
    """Search. Pass your API key as `api_key` (for example `sk-...`)."""
    headers = {"Authorization": f"Bearer {api_key}"}
    return httpx.get("https://example.com/search", params={"q": query}, headers=headers).text


EXAMPLE_KEY = """-----BEGIN PRIVATE KEY-----
...
-----END PRIVATE KEY-----"""
MAX_TOKENS = 8192
