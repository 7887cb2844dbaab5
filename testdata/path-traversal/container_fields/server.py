"""Entry point: the server and its container."""

from mcp.server.fastmcp import FastMCP

from .container import container
from .tools import register_tools

mcp = FastMCP("projects")
register_tools(mcp, container)
