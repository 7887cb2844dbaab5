"""Registration helpers shared by the handler modules: each logs a call, then runs the tool.

Nothing here imports the MCP SDK: the server arrives as an argument.
"""

from __future__ import annotations

import functools
import logging

log = logging.getLogger(__name__)


def audited_tool(mcp, name, **tool_kwargs):
    """Register a tool whose calls are logged: `audited_tool(mcp, "x")(handler)`."""

    def decorator(func):
        @functools.wraps(func)
        async def wrapper(*args, **kwargs):
            log.info("tool %s called", name)
            return await func(*args, **kwargs)

        mcp.tool(name=name, **tool_kwargs)(wrapper)
        return wrapper

    return decorator


def plain_tool(mcp, func):
    """Register `func` as it is."""
    mcp.add_tool(func)
    return func


def timed(func):
    """Log how long a function takes; registers nothing."""

    @functools.wraps(func)
    async def wrapper(*args, **kwargs):
        return await func(*args, **kwargs)

    return wrapper
