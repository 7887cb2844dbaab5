"""Search tools that glob under a project root with a pattern the model gives.

pathlib accepts `..` in glob patterns: `root.glob("../../home/*/.ssh/*")` lists files outside
the root. The fixed twin keeps only the last component of the pattern.
"""

import os
from pathlib import Path

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("code-search")
ROOT = Path(os.environ.get("PROJECT_ROOT", "/srv/project")).resolve()


@mcp.tool()
def list_files(pattern: str = "**/*.py") -> list[str]:
    """List the project files matching a glob pattern."""
    return sorted(str(p.relative_to(ROOT)) for p in ROOT.glob(pattern))  # expect: path-traversal from=pattern


@mcp.tool()
def list_files_fixed(pattern: str = "*.py") -> list[str]:
    """List the project files whose name matches a glob pattern."""
    return sorted(str(p.relative_to(ROOT)) for p in ROOT.rglob(os.path.basename(pattern)))
