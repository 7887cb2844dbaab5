"""A git MCP server for one checkout (FastMCP, mcp 1.x): argv-form commands, no shell."""

from __future__ import annotations

import asyncio
import os
import subprocess

from mcp.server.fastmcp import FastMCP

REPO = "/srv/checkout"
ALLOWED_REMOTES = ("origin", "upstream")

mcp = FastMCP("git-tools")


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", REPO, *args], capture_output=True, text=True, check=False).stdout  # safe: argument-injection


# --- Vulnerable: a value that can start with `-` becomes an option -----------------------------


@mcp.tool()
def git_log(revision: str, max_count: int = 20) -> str:
    """Show the history of a revision."""
    # `--output=/home/me/.bashrc` overwrites a file.
    return subprocess.run(["git", "-C", REPO, "log", "--oneline", revision], capture_output=True, text=True).stdout  # expect: argument-injection from=revision


@mcp.tool()
def git_show(revision: str) -> str:
    """Show one commit."""
    return subprocess.check_output(["/usr/bin/git", "-C", REPO, "show", "--stat", revision], text=True)  # expect: argument-injection


@mcp.tool()
def git_fetch(remote: str) -> str:
    """Fetch from a remote URL or name."""
    # `--upload-pack=touch /tmp/pwned` runs a command.
    cmd = ["git", "-C", REPO, "fetch"]
    cmd.append(remote)
    proc = subprocess.run(cmd, capture_output=True, text=True)  # expect: argument-injection
    return proc.stderr


@mcp.tool()
def git_grep(pattern: str) -> str:
    """Search tracked files."""
    args = ["grep", "-n", "-e", pattern]
    return git(*args)


@mcp.tool()
async def git_diff(target: str) -> str:
    """Diff the working tree against a target."""
    proc = await asyncio.create_subprocess_exec("git", "-C", REPO, "diff", target, stdout=asyncio.subprocess.PIPE)  # expect: argument-injection
    out, _ = await proc.communicate()
    return out.decode()


@mcp.tool()
def backup(path: str) -> str:
    """Back up a folder of the checkout."""
    # `--checkpoint-action=exec=sh evil.sh` runs a command.
    return subprocess.run(["tar", "-czf", "/tmp/backup.tgz", path], cwd=REPO, capture_output=True, text=True).stdout  # expect: argument-injection


@mcp.tool()
def find_files(directory: str) -> str:
    """List files under a directory of the checkout."""
    return subprocess.run(["find", directory, "-type", "f"], capture_output=True, text=True).stdout  # expect: argument-injection


@mcp.tool()
def download(url: str) -> str:
    """Download a URL into the checkout's vendor folder."""
    os.execvp("curl", ["curl", "-sS", url])  # expect: argument-injection
    return "unreachable"


@mcp.tool()
def run_git(arguments: list[str]) -> str:
    """Run any git command in the checkout."""
    return subprocess.run(["git", "-C", REPO] + arguments, capture_output=True, text=True).stdout  # expect: argument-injection


@mcp.tool()
def checkout_file(path: str) -> str:
    """Restore a file from HEAD."""
    # Appended after the options, before any `--`: still an option position.
    return subprocess.run(["git", "-C", REPO, "checkout", "HEAD", path], capture_output=True, text=True).stdout  # expect: argument-injection


# --- Safe -------------------------------------------------------------------------------------


@mcp.tool()
def git_log_path(path: str, max_count: int = 20) -> str:
    """Show the history of one file."""
    return subprocess.run(["git", "-C", REPO, "log", "-n", str(max_count), "--", path], capture_output=True, text=True).stdout


@mcp.tool()
def git_commit(message: str) -> str:
    """Commit the staged changes."""
    # The message is the value of `-m`, not an option.
    return subprocess.run(["git", "-C", REPO, "commit", "-m", message], capture_output=True, text=True).stdout


@mcp.tool()
def git_branch_log(branch: str) -> str:
    """Show the history of a local branch."""
    # Built after a literal: `refs/heads/--output=x` is not an option.
    return subprocess.run(["git", "-C", REPO, "log", "refs/heads/" + branch], capture_output=True, text=True).stdout


@mcp.tool()
def git_format(fmt: str) -> str:
    """Show HEAD with a custom pretty format."""
    return subprocess.run(["git", "-C", REPO, "show", "-s", f"--format={fmt}"], capture_output=True, text=True).stdout


@mcp.tool()
def git_checkout(branch: str) -> str:
    """Switch to a branch."""
    if branch.startswith("-"):
        raise ValueError("branch names cannot start with '-'")
    return subprocess.run(["git", "-C", REPO, "checkout", branch], capture_output=True, text=True).stdout


@mcp.tool()
def git_pull(remote: str) -> str:
    """Pull from a configured remote."""
    if remote not in ALLOWED_REMOTES:
        raise ValueError(f"unknown remote {remote}")
    return subprocess.run(["git", "-C", REPO, "pull", remote], capture_output=True, text=True).stdout


@mcp.tool()
def git_blame(path: str) -> str:
    """Blame a file."""
    cmd = ["git", "-C", REPO, "blame", "--porcelain"]
    cmd.append("--")
    cmd.append(path)
    return subprocess.run(cmd, capture_output=True, text=True).stdout


@mcp.tool()
def git_rm(path: str) -> str:
    """Remove a file from the index."""
    cmd = ["git", "-C", REPO, "rm", "--cached"]
    cmd += ["--", path]
    return subprocess.run(cmd, capture_output=True, text=True).stdout


@mcp.tool()
def show_commit(number: str) -> str:
    """Show the n-th commit before HEAD."""
    return subprocess.run(["git", "-C", REPO, "show", f"HEAD~{int(number)}"], capture_output=True, text=True).stdout


@mcp.tool()
def count_lines(path: str) -> str:
    """Count the lines of a file (wc is not a program this rule knows options of)."""
    return subprocess.run(["wc", "-l", path], capture_output=True, text=True).stdout


@mcp.tool()
def grep_checkout(pattern: str) -> str:
    """Search the checkout with ripgrep."""
    # `-e` takes the pattern as its value, so `--pre=cmd` is only a pattern.
    return subprocess.run(["rg", "--json", "-e", pattern, REPO], capture_output=True, text=True).stdout


if __name__ == "__main__":
    mcp.run()
