"""Entry point: builds the server and hands it to the tool modules."""

from __future__ import annotations

from mcp.server.fastmcp import FastMCP

from .forecast import register_forecast_tools, register_forecast_commands
from .terminal import Terminal

mcp = FastMCP("forecast")
register_forecast_tools(mcp)
register_forecast_commands(Terminal())

if __name__ == "__main__":
    mcp.run()
