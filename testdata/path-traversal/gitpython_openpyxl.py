"""A repository and spreadsheet server whose tools open paths the model gives."""

import os

import git
from mcp.server.fastmcp import FastMCP
from openpyxl import load_workbook

mcp = FastMCP("repo-sheets")
ROOT = os.path.realpath("/srv/work")


def contained(path: str) -> str:
    full = os.path.realpath(os.path.join(ROOT, path))
    if not full.startswith(ROOT + os.sep):
        raise ValueError("path outside the work directory")
    return full


@mcp.tool()
def git_init(repo_path: str) -> str:
    """Create a git repository."""
    repo = git.Repo.init(repo_path, mkdir=True)  # expect: path-traversal from=repo_path
    return repo.git_dir


@mcp.tool()
def git_init_contained(repo_path: str) -> str:
    """Create a git repository under the work directory."""
    repo = git.Repo.init(contained(repo_path), mkdir=True)
    return repo.git_dir


@mcp.tool()
def git_status(repo_path: str) -> str:
    """Show the status of a repository."""
    return git.Repo(repo_path).git.status()  # expect: path-traversal from=repo_path


@mcp.tool()
def git_status_contained(repo_path: str) -> str:
    """Show the status of a repository under the work directory."""
    return git.Repo(contained(repo_path)).git.status()


@mcp.tool()
def sheet_names(filepath: str) -> list[str]:
    """List the sheets of a workbook."""
    return load_workbook(filepath, read_only=True).sheetnames  # expect: path-traversal from=filepath


@mcp.tool()
def sheet_names_contained(filepath: str) -> list[str]:
    """List the sheets of a workbook under the work directory."""
    return load_workbook(contained(filepath), read_only=True).sheetnames
