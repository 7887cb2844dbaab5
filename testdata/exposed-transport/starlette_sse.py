"""Ticket desk: a low-level MCP server mounted in Starlette with the SSE transport."""

import uvicorn
from mcp.server.lowlevel import Server
from mcp.server.sse import SseServerTransport
from mcp import types
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Mount, Route

server = Server("ticket-desk")
sse = SseServerTransport("/messages/")  # expect: unauthenticated-transport
TICKETS: dict[int, str] = {}


@server.list_tools()
async def list_tools() -> list[types.Tool]:
    return [
        types.Tool(
            name="open_ticket",
            description="Open a support ticket",
            inputSchema={"type": "object", "properties": {"summary": {"type": "string"}}},
        )
    ]


@server.call_tool()
async def call_tool(name: str, arguments: dict) -> list[types.TextContent]:
    ticket = len(TICKETS) + 1
    TICKETS[ticket] = arguments["summary"]
    return [types.TextContent(type="text", text=f"ticket #{ticket} opened")]


async def handle_sse(request):
    async with sse.connect_sse(request.scope, request.receive, request._send) as (read, write):
        await server.run(read, write, server.create_initialization_options())


ALLOWED = ["*"]

app = Starlette(
    routes=[
        Route("/sse", endpoint=handle_sse),
        Mount("/messages/", app=sse.handle_post_message),
    ],
    middleware=[
        Middleware(
            CORSMiddleware,
            allow_origins=ALLOWED,  # expect: exposed-transport
            allow_credentials=True,
            allow_methods=["GET", "POST"],
        )
    ],
)

# Every origin without credentials: browsers send no cookies, nothing to steal this way.
public_app = Starlette(routes=[Route("/sse", endpoint=handle_sse)])
public_app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"])

# A listed origin with credentials is what CORS is for.
portal_app = Starlette(routes=[Route("/sse", endpoint=handle_sse)])
portal_app.add_middleware(
    CORSMiddleware, allow_origins=["https://portal.example.com"], allow_credentials=True
)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8080)  # expect: exposed-transport
