"""Report tools whose paths are checked by predicates of guard.py."""

import os

from mcp.server.fastmcp import FastMCP

from .guard import REPORTS, is_inside_reports, is_inside_reports_fixed

mcp = FastMCP("reports")


@mcp.tool()
def read_report(name: str) -> str:
    """Read a report."""
    path = os.path.join(REPORTS, name)
    if not is_inside_reports(path):
        raise ValueError("not a report")
    with open(path, encoding="utf-8") as fh:
        return fh.read()


@mcp.tool()
def read_report_fixed(name: str) -> str:
    """Read a report."""
    path = os.path.join(REPORTS, name)
    if not is_inside_reports_fixed(path):
        raise ValueError("not a report")
    with open(path, encoding="utf-8") as fh:
        return fh.read()
