"""Team notes mounted in a Starlette app; the bind address comes from the command line."""

import argparse

import uvicorn
from mcp.server.fastmcp import FastMCP
from starlette.applications import Starlette
from starlette.routing import Mount

NOTES: dict[str, str] = {}

mcp = FastMCP("team-notes")  # warn: unauthenticated-transport


@mcp.tool()
def read_note(title: str) -> str:
    """Read one note by its title."""
    return NOTES.get(title, "no such note")


app = Starlette(routes=[Mount("/", app=mcp.streamable_http_app())])

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    uvicorn.run(app, host=args.host, port=args.port)
