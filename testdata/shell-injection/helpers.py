"""Backup and sync tools whose shell calls live in local helpers (FastMCP, mcp 1.x)."""

from __future__ import annotations

import logging
import os
import shlex
import subprocess

from mcp.server.fastmcp import FastMCP

log = logging.getLogger(__name__)

BACKUP_ROOT = "/srv/backups"
mcp = FastMCP("backup-tools")


def _sh(command: str, timeout: int = 300) -> str:
    """Run a shell pipeline and return its combined output."""
    log.info("running %s", command)
    proc = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=timeout)  # expect: shell-injection
    return proc.stdout + proc.stderr


def _sh_in(workdir: str, command: str) -> int:
    """Run a fixed command inside a working directory."""
    return subprocess.call(command, shell=True, cwd=workdir)


def _run_quiet(command: str) -> None:
    """Run a maintenance command whose output nobody needs."""
    os.system(command + " > /dev/null 2>&1")


def _rsync_command(source: str, dest: str, delete: bool) -> str:
    flags = "-az --delete" if delete else "-az"
    return f"rsync {flags} {source} {BACKUP_ROOT}/{dest}/"


def _tar_command(name: str, paths: list[str]) -> str:
    archive = shlex.quote(os.path.join(BACKUP_ROOT, name + ".tar.gz"))
    members = shlex.join(paths)
    return f"tar -czf {archive} {members}"


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout


@mcp.tool()
def sync_directory(source: str, dest: str, delete: bool = False) -> str:
    """Mirror a directory into the backup area with rsync."""
    cmd = _rsync_command(source, dest, delete)
    proc = subprocess.run(cmd, shell=True, capture_output=True, text=True)  # expect: shell-injection from=source
    return proc.stdout


@mcp.tool()
def archive_paths(name: str, paths: list[str]) -> str:
    """Pack several paths into one compressed archive."""
    cmd = _tar_command(name, paths)
    proc = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    return proc.stderr or f"created {name}.tar.gz"


@mcp.tool()
def list_backups(pattern: str = "*") -> str:
    """List backup archives matching a shell glob."""
    return _sh(f"ls -lh {BACKUP_ROOT}/{pattern}")


@mcp.tool()
def verify_archive(name: str) -> str:
    """Test the integrity of one archive."""
    return _sh("gzip -t " + shlex.quote(os.path.join(BACKUP_ROOT, name)) + " && echo ok")


@mcp.tool()
def backup_disk_usage() -> str:
    """Disk space used by all backups."""
    return _sh(f"du -sh {BACKUP_ROOT}")


@mcp.tool()
def run_tests_in(workdir: str) -> str:
    """Run the test suite of a checked-out project."""
    rc = _sh_in(workdir, "make test")
    return "tests passed" if rc == 0 else f"tests failed ({rc})"


@mcp.tool()
def rotate_backups(keep: int = 7) -> str:
    """Delete all but the newest archives."""
    _run_quiet(f"ls -1t {BACKUP_ROOT}/*.tar.gz | tail -n +{int(keep) + 1} | xargs -r rm --")
    return "rotated"


@mcp.tool()
def backup_repo_log(repo: str, since: str = "1 week ago") -> str:
    """Commits in a backed-up repository since a date."""
    return _git("-C", os.path.join(BACKUP_ROOT, repo), "log", f"--since={since}", "--oneline")


_session: dict[str, str] = {"workdir": BACKUP_ROOT}


@mcp.tool()
def set_workdir(path: str) -> str:
    """Choose the directory that later commands run in."""
    _session["workdir"] = path
    return f"working directory is now {path}"


@mcp.tool()
def workdir_size() -> str:
    """Disk space used by the current working directory."""
    # The value was stored by another tool call: taint through module state.
    return subprocess.getoutput("du -sh " + _session["workdir"])  # todo: shell-injection


def restore_archive(name: str, target: str) -> None:
    """Restore an archive; called by the operator CLI, not by tools."""
    os.system(f"tar -xzf {BACKUP_ROOT}/{name} -C {target}")



def _run_step(command: str, label: str) -> int:
    """Run one build step; every step needs a label for the log."""
    if not label:
        raise ValueError("a step needs a label")
    log.info("step %s", label)
    return subprocess.call(command, shell=True)


@mcp.tool()
def run_named_step(label: str) -> int:
    """Run the test step under a label the caller chooses (only the label is theirs)."""
    # The check inside `_run_step` makes it look like a predicate; what it runs is still
    # "make test", whatever the label.
    code = _run_step("make test", label)
    return code

if __name__ == "__main__":
    mcp.run()
