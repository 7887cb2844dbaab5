# A remote FastMCP server in front of a calendar API: tools that forward the caller's bearer
# token, and their fixed twins that exchange it first or use the server's own credential.
import os

import httpx
import requests
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.fastmcp import Context, FastMCP

mcp = FastMCP("calendar")
CALENDAR = "https://calendar.example/api"
TOKEN_URL = "https://login.example/oauth2/token"
SERVICE_KEY = os.environ.get("CALENDAR_SERVICE_KEY", "")


@mcp.tool()
async def list_events(day: str, ctx: Context) -> str:
    """List the events of a day."""
    auth = ctx.request_context.request.headers.get("authorization")
    async with httpx.AsyncClient() as client:
        r = await client.get(f"{CALENDAR}/events", params={"day": day}, headers={"Authorization": auth})  # expect: token-passthrough
        return r.text


@mcp.tool()
async def list_events_exchanged(day: str, ctx: Context) -> str:
    """List the events of a day."""
    auth = ctx.request_context.request.headers.get("authorization")
    grant = requests.post(TOKEN_URL, data={
        "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
        "subject_token": auth.removeprefix("Bearer "),
        "audience": CALENDAR,
    }, timeout=10)
    token = grant.json()["access_token"]
    async with httpx.AsyncClient() as client:
        r = await client.get(f"{CALENDAR}/events", params={"day": day}, headers={"Authorization": f"Bearer {token}"})  # safe: token-passthrough
        return r.text


@mcp.tool()
def create_event(title: str, ctx: Context) -> str:
    """Create an event."""
    headers = {"Authorization": ctx.request_context.request.headers["Authorization"]}
    r = requests.post(f"{CALENDAR}/events", json={"title": title}, headers=headers, timeout=10)  # expect: token-passthrough
    return r.text


@mcp.tool()
def create_event_as_service(title: str, ctx: Context) -> str:
    """Create an event."""
    headers = {"Authorization": f"Bearer {SERVICE_KEY}"}
    r = requests.post(f"{CALENDAR}/events", json={"title": title}, headers=headers, timeout=10)  # safe: token-passthrough
    return r.text


def _calendar_headers(token: str) -> dict:
    return {"Authorization": f"Bearer {token}", "Accept": "application/json"}


@mcp.tool()
def delete_event(event_id: str) -> str:
    """Delete an event."""
    access = get_access_token()
    r = httpx.delete(f"{CALENDAR}/events/{event_id}", headers=_calendar_headers(access.token))  # expect: token-passthrough
    return str(r.status_code)


@mcp.tool()
def delete_event_as_service(event_id: str) -> str:
    """Delete an event."""
    r = httpx.delete(f"{CALENDAR}/events/{event_id}", headers=_calendar_headers(SERVICE_KEY))  # safe: token-passthrough
    return str(r.status_code)
