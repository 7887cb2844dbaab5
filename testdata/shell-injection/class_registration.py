"""A service-control server written as a class: its FastMCP instance is an attribute and the
tools are bound methods registered with `self.mcp.tool()(self.method)` (mcp 1.x)."""

import subprocess

from mcp.server.fastmcp import FastMCP


class ServiceControl:
    def __init__(self) -> None:
        self.mcp = FastMCP("services")
        self.mcp.tool()(self.restart)
        self.mcp.tool()(self.status)

    def restart(self, service: str) -> str:
        """Restart a systemd service."""
        subprocess.run(f"systemctl restart {service}", shell=True, check=True)  # expect: shell-injection from=service
        return "restarted"

    def status(self, service: str) -> str:
        """Show a service's status."""
        return subprocess.run(["systemctl", "status", "--", service], capture_output=True, text=True).stdout


if __name__ == "__main__":
    ServiceControl().mcp.run()
