"""Network diagnostics for fastmcp 3: standalone `@tool` functions that a FileSystemProvider loads."""

from __future__ import annotations

import subprocess

import fastmcp
from fastmcp.tools import tool


@tool(name="ping_host")
def ping(host: str, count: int = 3) -> str:
    """Ping a host a few times."""
    return subprocess.check_output(f"ping -c {count} {host}", shell=True, text=True)  # expect: shell-injection from=host


@tool
def ping_gateway(count: int = 3) -> str:
    """Ping the default gateway."""
    return subprocess.check_output(f"ping -c {count} 192.168.1.1", shell=True, text=True)


@fastmcp.tool(name="trace_route")
def traceroute(host: str) -> str:
    """Trace the route to a host."""
    return subprocess.getoutput(f"traceroute -m 20 {host}")  # expect: shell-injection


@fastmcp.tool
def dns_lookup(name: str, record: str = "A") -> str:
    """Look up DNS records of a name."""
    return subprocess.getoutput(f"dig +short {name} {record}")  # expect: shell-injection from=name
