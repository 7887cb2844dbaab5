"""A weather and repository server: outbound requests and subprocess runs in tools."""
import asyncio
import subprocess
import urllib.request

import aiohttp
import httpx
import requests
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("weather")

API = "https://api.weather.example/v1"

# A shared session has no timeout of its own; one built with a mounted adapter may have.
session = requests.Session()
mounted = requests.Session()
mounted.mount("https://", TimeoutAdapter(timeout=10))
# requests ignores a `timeout` attribute on a session: this one still waits without end.
patched = requests.Session()
patched.timeout = 10


@mcp.tool()
def forecast(city: str) -> str:
    """The forecast for a city."""
    r = requests.get(f"{API}/forecast", params={"q": city})  # warn: missing-timeout
    return r.text


@mcp.tool()
def forecast_bounded(city: str) -> str:
    """The forecast for a city, with a timeout."""
    r = requests.get(f"{API}/forecast", params={"q": city}, timeout=10)  # safe: missing-timeout
    return r.text


@mcp.tool()
def alerts(region: str) -> str:
    """Weather alerts through the shared session."""
    return session.get(f"{API}/alerts", params={"r": region}).text  # warn: missing-timeout


@mcp.tool()
def alerts_bounded(region: str) -> str:
    """Weather alerts through the shared session, with a timeout."""
    body = session.get(f"{API}/alerts", params={"r": region}, timeout=(3, 30)).json()  # safe: missing-timeout
    alerts = body.get("alerts", [])  # safe: missing-timeout
    return session.get(f"{API}/alerts/summary", timeout=10).json().get("text", str(alerts))  # safe: missing-timeout


@mcp.tool()
def alerts_patched(region: str) -> str:
    """Weather alerts through a session whose `timeout` attribute requests never reads."""
    return patched.get(f"{API}/alerts", params={"r": region}).text  # warn: missing-timeout


@mcp.tool()
def alerts_adapter(region: str) -> str:
    """Weather alerts through a session whose adapter sets the timeout."""
    return mounted.get(f"{API}/alerts", params={"r": region}).text  # safe: missing-timeout


@mcp.tool()
def stations() -> str:
    """Every station, through urllib."""
    with urllib.request.urlopen(f"{API}/stations") as resp:  # warn: missing-timeout
        return resp.read().decode()


@mcp.tool()
def stations_bounded() -> str:
    """Every station, through urllib, with a timeout."""
    with urllib.request.urlopen(f"{API}/stations", timeout=15) as resp:  # safe: missing-timeout
        return resp.read().decode()


@mcp.tool()
def git_log(repo: str) -> str:
    """The last commits of a checked-out repository."""
    out = subprocess.run(["git", "-C", repo, "log", "-5"], capture_output=True, text=True)  # warn: missing-timeout
    return out.stdout


@mcp.tool()
def git_log_bounded(repo: str) -> str:
    """The last commits, with a timeout."""
    out = subprocess.run(["git", "-C", repo, "log", "-5"], capture_output=True, text=True, timeout=30)  # safe: missing-timeout
    return out.stdout


@mcp.tool()
def git_status(repo: str) -> str:
    """The status of a repository, read from a child process."""
    proc = subprocess.Popen(["git", "-C", repo, "status"], stdout=subprocess.PIPE, text=True)
    out, _ = proc.communicate()  # warn: missing-timeout
    proc.wait(5)  # safe: missing-timeout
    return out


@mcp.tool()
def git_gc(repo: str) -> str:
    """Compact a repository, waiting for git to finish."""
    proc = subprocess.Popen(["git", "-C", repo, "gc", "--quiet"])
    code = proc.wait()  # warn: missing-timeout
    out, _ = proc.communicate(timeout=5)  # safe: missing-timeout
    return f"git gc exited with {code}{out or ''}"


@mcp.tool()
async def radar(region: str) -> str:
    """A radar image URL; httpx's default timeout applies."""
    async with httpx.AsyncClient() as client:
        r = await client.get(f"{API}/radar", params={"r": region})  # safe: missing-timeout
        return r.text


@mcp.tool()
async def radar_unbounded(region: str) -> str:
    """A radar image URL, with the timeout turned off."""
    r = httpx.get(f"{API}/radar", params={"r": region}, timeout=None)  # warn: missing-timeout
    return r.text


class Tiles:
    """Map tiles over a client whose timeout is turned off."""

    def __init__(self) -> None:
        self.client = httpx.AsyncClient(timeout=None)

    async def tile(self, z: int, x: int, y: int) -> bytes:
        r = await self.client.get(f"{API}/tiles/{z}/{x}/{y}.png")  # warn: missing-timeout
        return r.content


tiles = Tiles()


@mcp.tool()
async def tile(z: int, x: int, y: int) -> bytes:
    """One radar map tile."""
    return await tiles.tile(z, x, y)


@mcp.tool()
async def lightning(region: str) -> str:
    """Lightning strikes, read with aiohttp's request helper and no read limit."""
    async with aiohttp.request("GET", f"{API}/lightning/{region}", timeout=aiohttp.ClientTimeout()) as r:  # warn: missing-timeout
        return await r.text()


@mcp.tool()
async def lightning_bounded(region: str) -> str:
    """Lightning strikes, with a total limit."""
    async with aiohttp.request("GET", f"{API}/lightning/{region}", timeout=aiohttp.ClientTimeout(total=20)) as r:  # safe: missing-timeout
        return await r.text()


class Climate:
    """Climate statistics over one long-lived aiohttp session."""

    def __init__(self) -> None:
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(connect=5))
        self.bounded = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))

    async def normals(self, station: str) -> str:
        async with self.session.get(f"{API}/normals/{station}") as r:  # warn: missing-timeout
            return await r.text()

    async def records(self, station: str) -> str:
        async with self.bounded.get(f"{API}/records/{station}") as r:  # safe: missing-timeout
            return await r.text()


climate = Climate()


@mcp.tool()
async def normals(station: str) -> str:
    """Climate normals of a station."""
    return await climate.normals(station)


@mcp.tool()
async def records(station: str) -> str:
    """Climate records of a station."""
    return await climate.records(station)


@mcp.tool()
async def soundings(station: str) -> str:
    """Upper-air soundings, under a deadline."""
    async with asyncio.timeout(20):
        return await asyncio.to_thread(lambda: requests.get(f"{API}/soundings/{station}").text)  # safe: missing-timeout


@mcp.tool()
async def archive(station: str) -> str:
    """The archive of a station, under a deadline."""
    return await asyncio.wait_for(asyncio.to_thread(fetch_archive, station), 60)


def fetch_archive(station: str) -> str:
    """Only called under `asyncio.wait_for`: bounded there."""
    return requests.get(f"{API}/archive/{station}").text  # safe: missing-timeout


def refresh_cache() -> None:
    """Run by the command line only: no tool reaches it."""
    requests.get(f"{API}/stations/all")  # safe: missing-timeout


if __name__ == "__main__":
    refresh_cache()
    mcp.run()
