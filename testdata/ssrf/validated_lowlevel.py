"""A page-to-markdown converter (low-level Server, mcp 1.x) that validates each call's arguments
with a pydantic model, whose `model_validate` returns them unchanged.

The vulnerable branch and its fixed twin differ in the one line checking the host.
"""

from urllib.parse import urlparse

import httpx
import mcp.types as types
from mcp.server.lowlevel import Server
from pydantic import BaseModel

server = Server("page-converter")
DOCS_HOST = "docs.example.org"


class PageArgs(BaseModel):
    url: str


@server.call_tool()
async def call_tool(name: str, arguments: dict) -> list[types.TextContent]:
    if name == "page_to_markdown":
        args = PageArgs.model_validate(arguments)
        response = httpx.get(args.url)  # expect: ssrf from=arguments
        return [types.TextContent(type="text", text=response.text)]
    if name == "docs_to_markdown":
        args = PageArgs.model_validate(arguments)
        if urlparse(args.url).hostname != DOCS_HOST:
            raise ValueError("only the docs host")
        response = httpx.get(args.url)
        return [types.TextContent(type="text", text=response.text)]
    raise ValueError(f"unknown tool {name}")
