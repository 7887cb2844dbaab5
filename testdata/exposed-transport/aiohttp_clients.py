"""Status probes of a monitoring MCP server (FastMCP) on aiohttp and urllib3, with TLS done right and wrong."""

import aiohttp
import certifi
import urllib3
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("probes")

STATUS_URL = "https://status.internal.example/api/health"

# One pool for the whole server, verifying against the system bundle.
verified_pool = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=certifi.where())  # safe: exposed-transport
# The legacy appliance has a self-signed certificate, so someone switched checks off.
legacy_pool = urllib3.PoolManager(cert_reqs="CERT_NONE")  # expect: exposed-transport


@mcp.tool()
async def health() -> str:
    """Health of the internal services."""
    connector = aiohttp.TCPConnector(ssl=False, limit=10)  # expect: exposed-transport
    async with aiohttp.ClientSession(connector=connector) as session:
        async with session.get(STATUS_URL) as r:
            return await r.text()


@mcp.tool()
async def latency() -> str:
    """Latency report of the internal services."""
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{STATUS_URL}/latency", ssl=False) as r:  # expect: exposed-transport
            return await r.text()


@mcp.tool()
async def uptime() -> str:
    """Uptime report, checked against the system trust store."""
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{STATUS_URL}/uptime", timeout=aiohttp.ClientTimeout(total=10)) as r:
            return await r.text()


@mcp.tool()
def appliance() -> str:
    """Status page of the legacy appliance."""
    return legacy_pool.request("GET", "https://10.0.0.12/status").data.decode()
