"""Team notes mounted in a Starlette app behind an API-key middleware."""

import argparse
import hmac
import os

import uvicorn
from mcp.server.fastmcp import FastMCP
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Mount

NOTES: dict[str, str] = {}


class RequireApiKey(BaseHTTPMiddleware):
    """Rejects requests without the team's API key."""

    async def dispatch(self, request, call_next):
        given = request.headers.get("x-api-key", "")
        if not hmac.compare_digest(given, os.environ["NOTES_API_KEY"]):
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        return await call_next(request)


mcp = FastMCP("team-notes")  # safe: unauthenticated-transport


@mcp.tool()
def read_note(title: str) -> str:
    """Read one note by its title."""
    return NOTES.get(title, "no such note")


app = Starlette(
    routes=[Mount("/", app=mcp.streamable_http_app())],
    middleware=[Middleware(RequireApiKey)],
)

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    uvicorn.run(app, host=args.host, port=args.port)
