"""Report server whose tools are wrapped in a timing middleware before registration."""

import functools
import logging
import os
import time
from pathlib import Path

from mcp.server.fastmcp import FastMCP

log = logging.getLogger(__name__)
REPORTS = Path("/srv/reports").resolve()
mcp = FastMCP("reports")


def with_timing(func):
    """Log how long each tool call takes."""

    @functools.wraps(func)
    async def wrapper(*args, **kwargs):
        started = time.monotonic()
        try:
            return await func(*args, **kwargs)
        finally:
            log.info("%s took %.3fs", func.__name__, time.monotonic() - started)

    return wrapper


@mcp.tool()
@with_timing
async def read_report(name: str) -> str:
    return open(name).read()  # expect: path-traversal from=name


@mcp.tool()
@with_timing
async def read_report_checked(name: str) -> str:
    return (REPORTS / os.path.basename(name)).read_text()


async def delete_report(name: str) -> str:
    Path(name).unlink()  # expect: path-traversal from=name
    return "deleted"


async def archive_report(name: str) -> str:
    (REPORTS / os.path.basename(name)).unlink()
    return "archived"


mcp.add_tool(with_timing(delete_report), name="delete_report")
mcp.add_tool(with_timing(archive_report), name="archive_report")
