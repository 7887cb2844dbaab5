"""A link-preview and webhook server (low-level Server, mcp 1.x) using sessions and clients."""

from __future__ import annotations

import aiohttp
import httpx
import mcp.types as types
import requests
import urllib3
from mcp.server.lowlevel import Server

server = Server("link-tools")

shared_client = httpx.AsyncClient(timeout=10)
pool = urllib3.PoolManager()
API_BASE = "https://hooks.internal.example/v1"
cache: dict[str, str] = {}


class Previewer:
    def __init__(self) -> None:
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "link-tools"

    def preview(self, url: str) -> str:
        return self.session.get(url).text[:500]  # expect: ssrf from=arguments


previewer = Previewer()


def preview_with(p: Previewer, url: str) -> str:
    return p.preview(url)


async def head_with(client: httpx.AsyncClient, url: str) -> int:
    response = await client.head(url)  # expect: ssrf from=arguments
    return response.status_code


@server.call_tool()
async def call_tool(name: str, arguments: dict) -> list[types.TextContent]:
    url = arguments.get("url", "")
    if name == "preview":
        return [types.TextContent(type="text", text=preview_with(previewer, url))]

    if name == "preview_async":
        async with httpx.AsyncClient(follow_redirects=True) as client:
            response = await client.get(url)  # expect: ssrf from=arguments
        return [types.TextContent(type="text", text=response.text[:500])]

    if name == "preview_shared":
        response = await shared_client.get(url)  # expect: ssrf from=arguments
        return [types.TextContent(type="text", text=response.text[:500])]

    if name == "aio_preview":
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as resp:  # expect: ssrf from=arguments
                text = await resp.text()
        return [types.TextContent(type="text", text=text[:500])]

    if name == "aio_request":
        async with aiohttp.ClientSession() as session:
            async with session.request("GET", url) as resp:  # expect: ssrf from=arguments
                text = await resp.text()
        return [types.TextContent(type="text", text=text[:500])]

    if name == "pool_fetch":
        resp = pool.request("GET", url)  # expect: ssrf from=arguments
        return [types.TextContent(type="text", text=resp.data.decode()[:500])]

    if name == "status":
        code = await head_with(shared_client, url)
        return [types.TextContent(type="text", text=str(code))]

    if name == "session_post":
        with requests.Session() as s:
            s.post(url, json=arguments.get("payload", {}))  # expect: ssrf from=arguments
        return [types.TextContent(type="text", text="sent")]

    # --- Safe: fixed hosts, and `.get` on things that are not HTTP clients -------------------------

    if name == "cached":
        return [types.TextContent(type="text", text=cache.get(url, "miss"))]

    if name == "hook":
        async with httpx.AsyncClient() as client:
            response = await client.post(f"{API_BASE}/hooks/{arguments['hook_id']}", json=arguments)
        return [types.TextContent(type="text", text=str(response.status_code))]

    if name == "hook_status":
        hook_id = arguments.get("hook_id", "")
        response = await shared_client.get(API_BASE + "/hooks/" + hook_id)
        return [types.TextContent(type="text", text=response.text)]

    raise ValueError(f"unknown tool {name}")
