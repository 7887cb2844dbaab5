"""Application log viewer; tools registered with add_tool (FastMCP, mcp 1.x)."""

from __future__ import annotations

import gzip
import os
import shutil
from collections import deque
from pathlib import Path

from mcp.server.fastmcp import FastMCP

LOG_ROOT = Path("/var/log/apps").resolve()
ARCHIVE_ROOT = Path("/var/log/apps-archive")

mcp = FastMCP("log-viewer")


def tail_log(app: str, filename: str = "app.log", lines: int = 200) -> str:
    """Return the last lines of an application log."""
    with open(LOG_ROOT / app / filename, encoding="utf-8", errors="replace") as fh:  # expect: path-traversal from=app
        return "".join(deque(fh, maxlen=int(lines)))


def read_rotated(app: str, filename: str) -> str:
    """Read a rotated, gzip-compressed log."""
    path = (LOG_ROOT / app / filename).resolve()
    if not path.is_relative_to(LOG_ROOT):
        raise PermissionError("log path escapes the log directory")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return fh.read()


def list_logs(app: str) -> list[str]:
    """List the log files of an application."""
    return [entry.name for entry in (LOG_ROOT / app).iterdir()]  # expect: path-traversal


def list_apps() -> list[str]:
    """List the applications that have logs."""
    return sorted(entry.name for entry in LOG_ROOT.iterdir() if entry.is_dir())


def archive_log(app: str, filename: str) -> str:
    """Move a log file into the archive."""
    src = os.path.join(LOG_ROOT, app, filename)
    dst = os.path.join(ARCHIVE_ROOT, app, filename)
    shutil.move(src, dst)  # expect: path-traversal from=app
    return dst


def truncate_log(app: str) -> str:
    """Empty the main log of an application."""
    name = os.path.basename(app)
    (LOG_ROOT / name / "app.log").write_text("")
    return f"truncated {name}/app.log"


def purge_archive(app: str) -> str:
    """Delete every archived log of an application."""
    shutil.rmtree(ARCHIVE_ROOT / app)  # expect: path-traversal
    return "purged"


def log_size(app: str, filename: str = "app.log") -> int:
    """Size in bytes of a log file."""
    return len((LOG_ROOT / app / filename).read_bytes())  # expect: path-traversal from=app


mcp.add_tool(tail_log, name="tail_log", description="Show the end of a log file")
mcp.add_tool(read_rotated)
mcp.add_tool(list_logs, name="list_logs")
mcp.add_tool(list_apps, name="list_apps")
mcp.tool(name="archive_log")(archive_log)
mcp.tool(name="truncate_log", description="Empty an application's main log")(truncate_log)
mcp.add_tool(purge_archive, name="purge_archive")
mcp.add_tool(log_size)


def compact_archive(app: str) -> None:
    """Housekeeping entry point for cron; not registered as a tool."""
    for entry in os.scandir(os.path.join(ARCHIVE_ROOT, app)):
        if entry.name.endswith(".log"):
            with open(entry.path, "rb") as src, gzip.open(entry.path + ".gz", "wb") as dst:
                shutil.copyfileobj(src, dst)
            os.remove(entry.path)


if __name__ == "__main__":
    mcp.run()
