"""Tools that replace or spawn a process with the os.exec*/os.spawn* family. Its `l` and `v`
forms take the program, then the program's own name (argv[0]), then its arguments: in
`os.execlp("sh", "sh", "-c", cmd)` the command is the fourth argument."""

import os
import shlex

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("runner")


@mcp.tool()
def run_script(script: str) -> None:
    """Replace the server with a shell running a script."""
    os.execlp("sh", "sh", "-c", script)  # expect: shell-injection from=script


@mcp.tool()
def run_named(name: str) -> None:
    """Replace the server with a shell running a named script."""
    os.execlp("sh", "sh", "-c", "./scripts/" + shlex.quote(name))  # quoted: not a finding


@mcp.tool()
def run_bash(script: str) -> None:
    """Replace the server with bash running a script."""
    os.execl("/bin/bash", "bash", "-c", script)  # expect: shell-injection from=script


@mcp.tool()
def spawn_script(script: str) -> int:
    """Run a script in a shell and wait for it."""
    return os.spawnlp(os.P_WAIT, "sh", "sh", "-c", script)  # expect: shell-injection from=script


@mcp.tool()
def spawn_named(name: str) -> int:
    """Run a named script in a shell and wait for it."""
    return os.spawnlp(os.P_WAIT, "sh", "sh", "-c", "./scripts/" + shlex.quote(name))  # quoted: not a finding


@mcp.tool()
def exec_argv(script: str) -> None:
    """Replace the server with a shell running a script, argv as a list."""
    os.execv("/bin/sh", ["sh", "-c", script])  # expect: shell-injection from=script


@mcp.tool()
def exec_argv_named(name: str) -> None:
    """Replace the server with a shell running a named script, argv as a list."""
    os.execv("/bin/sh", ["sh", "-c", "./scripts/" + shlex.quote(name)])  # quoted: not a finding


@mcp.tool()
def spawn_argv(script: str) -> int:
    """Run a script in a shell and wait for it, argv as a list."""
    return os.spawnv(os.P_WAIT, "/bin/sh", ["sh", "-c", script])  # expect: shell-injection from=script


@mcp.tool()
def exec_program(path: str) -> None:
    """Replace the server with a program of the scripts folder (the name is not a command)."""
    os.execl("/usr/bin/env", "env", "--", "./scripts/" + os.path.basename(path))
