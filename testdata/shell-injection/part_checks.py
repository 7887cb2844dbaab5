"""A build-runner server (FastMCP, mcp 1.x) whose checks look at a part of the input.

Each vulnerable tool has a fixed twin that differs in the one line doing the check.
"""

import ipaddress
import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("build-runner")

TARGET_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_")
COMMANDS = {"build", "test", "lint"}


# --- One character, or every character ---------------------------------------------------------


@mcp.tool()
def make_target_first_char(target: str) -> str:
    """Run a make target (only its first character is checked)."""
    if target[0] not in TARGET_CHARS:
        raise ValueError("bad target")
    return subprocess.check_output(f"make {target}", shell=True, text=True)  # expect: shell-injection from=target


@mcp.tool()
def make_target_every_char(target: str) -> str:
    """Run a make target whose every character is allowed."""
    for ch in target:
        if ch not in TARGET_CHARS:
            raise ValueError("bad target")
    return subprocess.check_output(f"make {target}", shell=True, text=True)


# --- The first word of a command, or the whole command -----------------------------------------


@mcp.tool()
def run_first_word(command: str) -> str:
    """Run a project command (only its first word is checked)."""
    if command.split()[0] not in COMMANDS:
        raise ValueError("unknown command")
    return subprocess.check_output(f"npm run {command}", shell=True, text=True)  # expect: shell-injection from=command


@mcp.tool()
def run_whole_command(command: str) -> str:
    """Run a project command from the allow-list."""
    if command not in COMMANDS:
        raise ValueError("unknown command")
    return subprocess.check_output(f"npm run {command}", shell=True, text=True)


# --- A boolean computed from another value -----------------------------------------------------


@mcp.tool()
def run_with_profile(command: str, profile: str) -> str:
    """Run a command under a profile (the profile is checked, the command is not)."""
    profile_ok = profile in {"dev", "ci"}
    if not profile_ok:
        raise ValueError("unknown profile")
    return subprocess.check_output(f"PROFILE={profile} npm run {command}", shell=True, text=True)  # expect: shell-injection from=command


@mcp.tool()
def run_with_command_checked(command: str, profile: str) -> str:
    """Run a command under a profile; the command is checked too."""
    command_ok = command in COMMANDS
    if not command_ok:
        raise ValueError("unknown command")
    return subprocess.check_output(f"npm run {command}", shell=True, text=True)


# --- A predicate that checks a part ------------------------------------------------------------


def _starts_like_target(target: str) -> bool:
    first = target[0]
    return first in TARGET_CHARS


def _is_target(target: str) -> bool:
    return target.isalnum()


@mcp.tool()
def make_checked_by_prefix(target: str) -> str:
    """Run a make target after a helper checked its first character."""
    if not _starts_like_target(target):
        raise ValueError("bad target")
    return subprocess.check_output(f"make {target}", shell=True, text=True)  # expect: shell-injection from=target


@mcp.tool()
def make_checked_whole(target: str) -> str:
    """Run a make target after a helper checked all of it."""
    if not _is_target(target):
        raise ValueError("bad target")
    return subprocess.check_output(f"make {target}", shell=True, text=True)


# --- Alternatives of constants, and an address object ------------------------------------------


@mcp.tool()
def report(period: str) -> str:
    """Build the daily or weekly report."""
    if not (period == "daily" or period == "weekly"):
        raise ValueError("daily or weekly")
    return subprocess.check_output(f"./report.sh {period}", shell=True, text=True)


@mcp.tool()
def report_any(period: str, fmt: str) -> str:
    """Build a report (the second alternative checks another value)."""
    if not (period == "daily" or fmt == "pdf"):
        raise ValueError("daily or pdf")
    return subprocess.check_output(f"./report.sh {period}", shell=True, text=True)  # expect: shell-injection from=period


@mcp.tool()
def ping_address(host: str) -> str:
    """Ping an IP address (parsed first: only digits, dots and colons remain)."""
    address = ipaddress.ip_address(host)
    return subprocess.check_output(f"ping -c 1 {address}", shell=True, text=True)


@mcp.tool()
def ping_host(host: str) -> str:
    """Ping a host name as given."""
    address = host.strip()
    return subprocess.check_output(f"ping -c 1 {address}", shell=True, text=True)  # expect: shell-injection from=host


# --- A helper that finds one character, or one that checks every character ---------------------


def _has_pipe(command: str) -> bool:
    in_quotes = False
    for i, ch in enumerate(command):
        if ch == '"' and (i == 0 or command[i - 1] != "\\"):
            in_quotes = not in_quotes
        elif ch == "|" and not in_quotes:
            return True
    return False


def _only_target_chars(command: str) -> bool:
    for ch in command:
        if ch not in TARGET_CHARS:
            return False
    return True


@mcp.tool()
def run_pipeline(command: str) -> str:
    """Run a command through a shell when it pipes (the helper only finds the pipe)."""
    if _has_pipe(command):
        return subprocess.check_output(command, shell=True, text=True)  # expect: shell-injection from=command
    return "not a pipeline"


@mcp.tool()
def run_plain_target(command: str) -> str:
    """Run a command through a shell when every character is allowed."""
    if _only_target_chars(command):
        return subprocess.check_output(command, shell=True, text=True)
    return "not allowed"
