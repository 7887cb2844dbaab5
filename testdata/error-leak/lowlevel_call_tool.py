"""Kubernetes helper on the low-level Server API (mcp 1.x): call_tool with TextContent."""

import subprocess
import traceback

import mcp.types as types
from mcp.server.lowlevel import Server

server = Server("kube-helper")


def _failure(exc: Exception) -> list[types.TextContent]:
    return [types.TextContent(type="text", text=f"kubectl failed: {repr(exc)}")]  # expect: error-leak


def _kubectl(*args: str) -> str:
    return subprocess.run(["kubectl", *args], capture_output=True, text=True, check=True).stdout


@server.list_tools()
async def list_tools() -> list[types.Tool]:
    return [
        types.Tool(name="pods", description="List pods", inputSchema={"type": "object", "properties": {"namespace": {"type": "string"}}}),
        types.Tool(name="logs", description="Logs of a pod", inputSchema={"type": "object", "properties": {"pod": {"type": "string"}}}),
    ]


@server.call_tool()
async def call_tool(name: str, arguments: dict) -> list[types.TextContent]:
    try:
        if name == "pods":
            out = _kubectl("get", "pods", "-n", arguments.get("namespace", "default"))
        elif name == "logs":
            out = _kubectl("logs", "--tail=100", arguments["pod"])
        else:
            raise ValueError(f"unknown tool: {name}")
        return [types.TextContent(type="text", text=out)]
    except subprocess.CalledProcessError as e:
        return _failure(e)
    except Exception:
        result = types.TextContent(type="text", text=traceback.format_exc())  # expect: error-leak
        return [result]


@server.read_resource()
async def read_resource(uri) -> str:
    lines = []
    try:
        lines.append(_kubectl("config", "current-context"))
    except Exception:
        lines.append(traceback.format_exc())  # expect: error-leak
    return "\n".join(lines)
