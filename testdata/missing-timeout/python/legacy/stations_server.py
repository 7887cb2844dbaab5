"""An older station server: its entry point gives every socket a timeout."""
import socket
import urllib.request

from mcp.server.fastmcp import FastMCP

socket.setdefaulttimeout(20)

mcp = FastMCP("stations")


@mcp.tool()
def station(code: str) -> str:
    """One station's metadata; the default socket timeout bounds the request."""
    with urllib.request.urlopen(f"https://stations.example.org/{code}.json") as resp:  # safe: missing-timeout
        return resp.read().decode()


if __name__ == "__main__":
    mcp.run()
