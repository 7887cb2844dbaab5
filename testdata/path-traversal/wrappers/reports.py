"""Report tools, registered through the helpers of audit.py by a handler class."""

from __future__ import annotations

import os
from pathlib import Path

from .audit import audited_tool, plain_tool, timed

REPORTS = Path(os.environ.get("REPORT_DIR", "/srv/reports")).resolve()


class ReportHandler:
    """Registers the report tools on the server it is given."""

    def __init__(self, mcp) -> None:
        audited_tool(mcp, "read_report", title="Read a report")(self.read_report)
        audited_tool(mcp, "read_checked_report")(self.read_checked_report)
        plain_tool(mcp, self.delete_report)
        plain_tool(mcp, self.delete_checked_report)

    async def read_report(self, name: str) -> str:
        """Return a report's text."""
        return (REPORTS / name).read_text()  # expect: path-traversal from=name

    async def read_checked_report(self, name: str) -> str:
        """Return a report's text, from the report folder only."""
        path = (REPORTS / name).resolve()
        if not path.is_relative_to(REPORTS):
            raise ValueError("no such report")
        return path.read_text()

    async def delete_report(self, name: str) -> str:
        """Delete a report."""
        os.remove(REPORTS / name)  # expect: path-traversal from=name
        return "deleted"

    async def delete_checked_report(self, name: str) -> str:
        """Delete a report, from the report folder only."""
        os.remove(REPORTS / os.path.basename(name))
        return "deleted"

    @timed
    async def archive(self, name: str) -> str:
        """Not a tool: `timed` only wraps it."""
        os.remove(REPORTS / name)  # safe: path-traversal
        return "archived"
