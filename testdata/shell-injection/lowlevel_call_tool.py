"""System administration tools on the low-level server API (mcp 1.x)."""

import asyncio
import re
import shlex
import subprocess

import mcp.server.stdio
import mcp.types as types
from mcp.server.lowlevel import NotificationOptions, Server
from mcp.server.models import InitializationOptions

PACKAGE_NAME = re.compile(r"[a-z0-9][a-z0-9.+-]*")

server = Server("sysadmin")


@server.list_tools()
async def list_tools() -> list[types.Tool]:
    def spec(name: str, description: str, **props: str) -> types.Tool:
        schema = {
            "type": "object",
            "properties": {key: {"type": "string", "description": text} for key, text in props.items()},
            "required": list(props),
        }
        return types.Tool(name=name, description=description, inputSchema=schema)

    return [
        spec("ping", "Ping a host three times", host="host name"),
        spec("traceroute", "Trace the route to a host", target="host name"),
        spec("apt_show", "Show package details", package="package name"),
        spec("find_large_files", "Find files above a size", directory="directory", size="size such as 100M"),
        spec("service_status", "Status of a service", unit="unit name"),
        spec("compress_logs", "Compress the logs of an application", app="application name"),
        spec("uptime", "Show uptime"),
    ]


@server.call_tool()
async def call_tool(name: str, arguments: dict) -> list[types.TextContent]:
    if name == "ping":
        host = arguments["host"]
        text = subprocess.getoutput(f"ping -c 3 {host}")  # expect: shell-injection from=arguments
    elif name == "traceroute":
        target = arguments.get("target", "")
        proc = subprocess.run(["traceroute", "-m", "15", target], capture_output=True, text=True)
        text = proc.stdout
    elif name == "apt_show":
        package = arguments["package"]
        if not PACKAGE_NAME.fullmatch(package):
            raise ValueError("invalid package name")
        text = subprocess.check_output(f"apt-cache show {package}", shell=True, text=True)
    elif name == "find_large_files":
        directory = arguments.get("directory", "/var")
        size = arguments.get("size", "100M")
        find_cmd = "find " + directory + " -type f -size +" + size + " -printf '%s %p\\n' | sort -rn | head"
        text = subprocess.check_output(find_cmd, shell=True, text=True)  # expect: shell-injection from=arguments
    elif name == "service_status":
        text = await _service_status(arguments)
    elif name == "compress_logs":
        text = _compress_logs(arguments["app"])
    elif name == "uptime":
        text = subprocess.check_output("uptime -p", shell=True, text=True)
    else:
        raise ValueError(f"unknown tool: {name}")
    return [types.TextContent(type="text", text=text)]


async def _service_status(arguments: dict) -> str:
    unit = str(arguments.get("unit", ""))
    proc = await asyncio.create_subprocess_shell(f"systemctl is-active {unit}", stdout=asyncio.subprocess.PIPE)  # expect: shell-injection from=arguments
    stdout, _ = await proc.communicate()
    return stdout.decode().strip()


def _compress_logs(app: str) -> str:
    log_glob = shlex.quote(f"/var/log/{app}") + "/*.log"
    rc = subprocess.call(f"gzip -9 {log_glob}", shell=True)
    return "compressed" if rc == 0 else f"gzip exited with {rc}"


async def main() -> None:
    async with mcp.server.stdio.stdio_server() as (read_stream, write_stream):
        await server.run(
            read_stream,
            write_stream,
            InitializationOptions(
                server_name="sysadmin",
                server_version="0.3.0",
                capabilities=server.get_capabilities(
                    notification_options=NotificationOptions(),
                    experimental_capabilities={},
                ),
            ),
        )


if __name__ == "__main__":
    asyncio.run(main())
