"""A workspace file server (FastMCP, mcp 1.x)."""

from __future__ import annotations

import io
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

from mcp.server.fastmcp import Context, FastMCP

WORKSPACE = os.path.realpath(os.environ.get("WORKSPACE", "/srv/workspace"))
AUDIT_DIR = "/var/log/workspace-mcp"
ACTIVITY_LOG = Path(AUDIT_DIR) / "activity.log"

mcp = FastMCP("workspace-files", "Read and organise files in the shared workspace.")


def _inside_workspace(relative: str) -> str:
    full = os.path.realpath(os.path.join(WORKSPACE, relative))
    if not full.startswith(WORKSPACE + os.sep):
        raise ValueError(f"{relative!r} is outside the workspace")
    return full


@mcp.tool()
def read_file(path: str, encoding: str = "utf-8") -> str:
    """Read a text file from the workspace."""
    with open(os.path.join(WORKSPACE, path), encoding=encoding) as fh:  # expect: path-traversal from=path
        return fh.read()


@mcp.tool()
def read_file_lines(path: str, start: int = 1, count: int = 100) -> str:
    """Read a range of lines from a workspace file."""
    full = _inside_workspace(path)
    with open(full, encoding="utf-8") as fh:
        lines = fh.readlines()
    return "".join(lines[start - 1 : start - 1 + count])


@mcp.tool()
def write_file(path: str, content: str, ctx: Context) -> str:
    """Create or overwrite a workspace file."""
    target = Path(WORKSPACE) / path
    target.write_text(content, encoding="utf-8")  # expect: path-traversal from=path
    return f"wrote {len(content)} characters"


@mcp.tool()
def append_activity(message: str) -> str:
    """Record a line in the workspace activity log."""
    stamp = datetime.now(timezone.utc).isoformat()
    with ACTIVITY_LOG.open("a", encoding="utf-8") as fh:
        fh.write(f"{stamp} {message}\n")
    return "logged"


@mcp.tool()
def list_directory(path: str = ".") -> list[str]:
    """List the entries of a workspace directory."""
    return sorted(os.listdir(f"{WORKSPACE}/{path}"))  # expect: path-traversal


@mcp.tool()
def tree(path: str = ".") -> str:
    """Show a workspace directory recursively."""
    base = _inside_workspace(path)
    lines = []
    for dirpath, _dirnames, filenames in os.walk(base):
        for filename in filenames:
            lines.append(os.path.relpath(os.path.join(dirpath, filename), WORKSPACE))
    return "\n".join(lines)


@mcp.tool()
def delete_file(path: str) -> str:
    """Delete a workspace file."""
    os.remove(WORKSPACE + "/" + path)  # expect: path-traversal
    return f"deleted {path}"


@mcp.tool()
def make_directory(path: str) -> str:
    """Create a directory, including missing parents."""
    os.makedirs(os.path.join(WORKSPACE, path.strip()), exist_ok=True)  # expect: path-traversal
    return "created"


@mcp.tool()
def copy_file(source: str, destination: str) -> str:
    """Copy a file within the workspace."""
    shutil.copy(os.path.join(WORKSPACE, source), os.path.join(WORKSPACE, destination))  # expect: path-traversal from=source
    return "copied"


@mcp.tool()
def move_file(source: str, destination: str) -> str:
    """Move or rename a file within the workspace."""
    src = _inside_workspace(source)
    dst = _inside_workspace(destination)
    shutil.move(src, dst)
    return f"moved to {os.path.relpath(dst, WORKSPACE)}"


@mcp.tool()
def file_size(path: str) -> int:
    """Size of a workspace file in bytes."""
    full = _inside_workspace(path)
    with io.open(full, "rb") as fh:
        return len(fh.read())


@mcp.tool()
async def export_report(name: str, body: str, ctx: Context) -> str:
    """Write a report for this request into the audit directory."""
    report_path = os.path.join(AUDIT_DIR, f"{ctx.request_id}.md")
    with open(report_path, "w", encoding="utf-8") as fh:
        fh.write(f"# {name}\n\n{body}\n")
    await ctx.info(f"report saved as {report_path}")
    return report_path


@mcp.tool()
def read_binary(path: str) -> bytes:
    """Read a binary file from the workspace."""
    with io.open(os.path.normpath(os.path.join(WORKSPACE, path)), "rb") as fh:  # expect: path-traversal
        return fh.read()


if __name__ == "__main__":
    mcp.run()
