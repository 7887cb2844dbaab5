"""Build-box tools whose shell use was reviewed: every finding here is suppressed with a reason."""

from __future__ import annotations

import os
import sqlite3
import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("build-box")
DB = sqlite3.connect("/srv/build/jobs.db")


@mcp.tool()
def run_make(target: str) -> str:
    """Run a make target on the local-only build box."""
    return subprocess.check_output(f"make {target}", shell=True, text=True)  # mcplint: ignore[shell-injection] -- admin-only server bound to localhost


@mcp.tool()
def tail_log(name: str) -> str:
    """Show the end of a build log."""
    # mcplint: ignore[shell-injection] -- names are validated by the reverse proxy
    # (a second comment line between the suppression and the code is fine)

    return os.popen(f"tail -n 50 /var/log/build/{name}.log").read()


@mcp.tool()
def job_report(job: str) -> str:
    """Write a job's rows to a report file named after it."""
    rows = DB.execute(f"SELECT * FROM jobs WHERE name = '{job}'").fetchall()  # mcplint: ignore[sql-injection] -- internal dashboard, job names come from our scheduler
    with open(f"/srv/reports/{job}.txt", "w") as out:  # mcplint: ignore[path-traversal] -- same reviewed exception as above
        out.write(repr(rows))
    return "ok"


@mcp.tool()
def deploy(env: str) -> str:
    """Deploy to an environment (multi-line calls take the comment on their first line)."""
    proc = subprocess.run(  # mcplint: ignore[shell-injection] -- env is an enum in the client
        f"./deploy.sh {env}",
        shell=True,
        capture_output=True,
        text=True,
    )
    return proc.stdout


@mcp.tool()
def rollback(env: str) -> str:
    """Roll back (or on their last line)."""
    proc = subprocess.run(
        f"./rollback.sh {env}",
        shell=True,
        capture_output=True,
        text=True,
    )  # mcplint: ignore[shell-injection] -- env is an enum in the client
    return proc.stdout


@mcp.tool()
def clean(path: str) -> str:
    """A suppression of another rule leaves this finding alone, and is itself unused."""
    # expect: shell-injection, unused-suppression
    return subprocess.check_output(f"rm -rf {path}", shell=True, text=True)  # mcplint: ignore[sql-injection] -- wrong rule
