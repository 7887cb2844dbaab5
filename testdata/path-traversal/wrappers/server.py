"""Entry point: creates the server and hands it to the handler classes."""

from __future__ import annotations

from mcp.server.fastmcp import FastMCP

from .reports import ReportHandler

mcp = FastMCP("reports")
ReportHandler(mcp)

if __name__ == "__main__":
    mcp.run()
