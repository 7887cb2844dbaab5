"""Network diagnostics registered with add_tool (FastMCP, mcp 1.x)."""

import shlex
import subprocess
from typing import Annotated

from pydantic import Field
from mcp.server.fastmcp import FastMCP
from mcp.types import ToolAnnotations

mcp = FastMCP("netdiag")


def ping_host(
    host: Annotated[str, Field(description="Host name or address")],
    count: Annotated[int, Field(description="Number of probes")] = 3,
) -> str:
    """Send ICMP echo requests to a host."""
    return subprocess.getoutput(f"ping -c {int(count)} -W 2 {host}")  # expect: shell-injection from=host


def traceroute(host: str, max_hops: int = 20) -> str:
    """Trace the route to a host."""
    proc = subprocess.run(["traceroute", "-m", str(int(max_hops)), host], capture_output=True, text=True, timeout=60)
    return proc.stdout


def dns_lookup(name: str, record_type: str = "A") -> str:
    """Resolve a DNS name with dig."""
    status, output = subprocess.getstatusoutput("dig +short " + record_type + " " + name)  # expect: shell-injection from=name
    return output if status == 0 else f"dig failed: {output}"


def whois(domain: str) -> str:
    """Look up the registration record of a domain."""
    status, output = subprocess.getstatusoutput(f"whois {shlex.quote(domain)} | head -n 40")
    return output


def check_port(host: str, port: str) -> str:
    """Check whether a TCP port accepts connections."""
    cmd = f"nc -z -w 3 {shlex.quote(host)} {int(port)} && echo open || echo closed"
    return subprocess.check_output(cmd, shell=True, text=True).strip()


def http_headers(url: str) -> str:
    """Fetch the response headers of a URL."""
    cmd = "curl -sI --max-time 10 '{}'".format(url)
    return subprocess.check_output(cmd, shell=True, text=True)  # expect: shell-injection


def local_addresses() -> str:
    """List the addresses of the local interfaces."""
    return subprocess.getoutput("ip -brief address")


def flush_dns_cache(interface: str) -> None:
    """Maintenance helper used by the ops CLI; not exposed as a tool."""
    subprocess.call(f"resolvectl flush-caches && resolvectl reset-server-features {interface}", shell=True)  # safe: shell-injection


mcp.add_tool(ping_host, name="ping", description="Ping a host")
mcp.add_tool(traceroute)
mcp.add_tool(dns_lookup, name="dns_lookup", annotations=ToolAnnotations(readOnlyHint=True))
mcp.add_tool(whois, name="whois")
mcp.tool(name="check_port")(check_port)
mcp.tool(name="http_headers", description="Show HTTP response headers")(http_headers)
mcp.add_tool(local_addresses)


if __name__ == "__main__":
    mcp.run()
