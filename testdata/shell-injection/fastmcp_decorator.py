"""Git and build helpers for local repositories (FastMCP, mcp 1.x)."""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess

from mcp.server.fastmcp import Context, FastMCP

REPO_ROOT = os.environ.get("REPO_ROOT", "/srv/repos")
BUILD_DIR = "/srv/build"
BUILD_LOG = "/var/log/build.log"

mcp = FastMCP("git-tools", "Inspect local git repositories and run builds.")


@mcp.tool()
def git_log(repo: str, branch: str = "main", limit: int = 20) -> str:
    """Show the most recent commits on a branch."""
    cmd = f"git -C {REPO_ROOT}/{repo} log --oneline -n {int(limit)} {branch}"
    return subprocess.check_output(cmd, shell=True, text=True)  # expect: shell-injection from=repo


@mcp.tool()
def git_show(repo: str, rev: str) -> str:
    """Show one commit with a diffstat."""
    repo_dir = os.path.join(REPO_ROOT, repo)
    result = subprocess.run(["git", "-C", repo_dir, "show", "--stat", rev], capture_output=True, text=True)  # expect: argument-injection from=rev
    return result.stdout or result.stderr


@mcp.tool(name="grep_files", description="Search a repository for a text pattern.")
def grep(repo: str, pattern: str) -> str:
    # Single quotes do not help: a quote in the pattern ends the quoted word.
    output = os.popen(f"grep -rn '{pattern}' {REPO_ROOT}/{repo}").read()  # expect: shell-injection from=repo
    return output or "no matches"


@mcp.tool()
async def count_lines(repo: str, glob: str, ctx: Context) -> str:
    """Count lines in the tracked files that match a glob."""
    await ctx.info(f"counting lines for {glob}")
    workdir = shlex.quote(os.path.join(REPO_ROOT, repo))
    file_glob = shlex.quote(glob)
    cmd = f"cd {workdir} && git ls-files -z -- {file_glob} | xargs -0 wc -l"
    proc = await asyncio.create_subprocess_shell(cmd, stdout=asyncio.subprocess.PIPE)
    stdout, _ = await proc.communicate()
    return stdout.decode()


@mcp.tool()
def run_make(target: str, jobs: int = 4) -> str:
    """Run a make target in the build directory."""
    rc = os.system(f"make -C {BUILD_DIR} -j{int(jobs)} {target.strip()}")  # expect: shell-injection from=target
    return f"make exited with status {rc}"


@mcp.tool()
def kill_job(pid: str) -> str:
    """Stop a running build job by process id."""
    status = os.system(f"kill -TERM {int(pid)}")
    return "signal sent" if status == 0 else "no such job"


@mcp.tool()
def tail_build_log(lines: str = "50", match: str = "") -> str:
    """Return the last lines of the build log, optionally filtered."""
    cmd = "tail -n " + lines + " " + BUILD_LOG
    if match:
        cmd += " | grep -i " + match
    proc = subprocess.Popen(cmd, shell=True, stdout=subprocess.PIPE, text=True)  # expect: shell-injection from=lines
    out, _ = proc.communicate(timeout=30)
    return out


@mcp.tool()
def git_version() -> str:
    """Report the installed git version."""
    return subprocess.check_output("git --version", shell=True, text=True).strip()


@mcp.tool()
def disk_free(human_readable: bool = True) -> str:
    """Show free space on the build volume."""
    return subprocess.check_output("df -h /srv" if human_readable else "df /srv", shell=True, text=True)


@mcp.tool()
async def git_blame(repo: str, path: str, ctx: Context) -> str:
    """Blame a file, one line per source line."""
    await ctx.debug(f"blame {path}")
    proc = await asyncio.create_subprocess_exec(
        "git", "-C", os.path.join(REPO_ROOT, repo), "blame", "--", path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await proc.communicate()
    return stdout.decode() if proc.returncode == 0 else stderr.decode()


@mcp.tool()
async def git_checkout(repo: str, branch: str) -> str:
    """Switch a working tree to another branch."""
    command = "cd %s && git checkout %s" % (os.path.join(REPO_ROOT, repo), branch.lower())
    proc = await asyncio.create_subprocess_shell(command, stdout=asyncio.subprocess.PIPE)  # expect: shell-injection from=repo
    stdout, _ = await proc.communicate()
    return stdout.decode()


@mcp.tool()
def git_archive(repo: str, rev: str = "HEAD") -> str:
    """Create a tarball of a revision in the build directory."""
    argv = ["git", "-C", os.path.join(REPO_ROOT, repo), "archive", "-o", f"{BUILD_DIR}/snapshot.tar", rev]
    command_line = shlex.join(argv)
    subprocess.run(command_line, shell=True, check=True)
    return f"wrote {BUILD_DIR}/snapshot.tar"


if __name__ == "__main__":
    mcp.run()
