"""The shared server object."""

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("artifact-store", "Store and fetch build artifacts.")
