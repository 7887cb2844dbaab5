"""Process helpers shared by the CI tools."""

from __future__ import annotations

import os
import shlex
import subprocess

DEFAULT_TIMEOUT = 600


def run_cmd(cmd: str, cwd: str | None = None) -> str:
    """Run a shell command line and return stdout and stderr together."""
    proc = subprocess.run(cmd, shell=True, cwd=cwd, capture_output=True, text=True, timeout=DEFAULT_TIMEOUT)  # expect: shell-injection
    return proc.stdout + proc.stderr


def run_argv(argv: list[str], cwd: str | None = None) -> str:
    """Run a program without a shell."""
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=DEFAULT_TIMEOUT)
    return proc.stdout + proc.stderr


def run_quoted(*parts: str) -> str:
    """Run a command line whose words are quoted one by one."""
    return subprocess.check_output(shlex.join(parts), shell=True, text=True)


def build_pytest_cmd(path: str, keyword: str = "") -> str:
    """Compose a pytest command line."""
    cmd = f"python -m pytest -q {path}"
    if keyword:
        cmd += f" -k '{keyword}'"
    return cmd


def lint(path: str) -> str:
    """Lint one file with ruff."""
    with os.popen(f"ruff check --output-format concise {path}") as pipe:  # expect: shell-injection
        return pipe.read()


def notify_desktop(message: str) -> None:
    """Show a desktop notification; callers quote the message."""
    os.system(f"notify-send 'CI' {message}")


def clean_workspace(path: str) -> None:
    """Remove a workspace; used by the nightly cron job only."""
    os.system(f"rm -rf {path}/build {path}/dist")
