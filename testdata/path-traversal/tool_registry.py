"""Low-level server whose tools are a list of definitions, dispatched by name in call_tool."""

import os
from dataclasses import dataclass
from typing import Any, Callable

import mcp.types as types
from mcp.server.lowlevel import Server

ARCHIVE = os.path.realpath(os.environ.get("ARCHIVE_DIR", "/srv/archive"))


@dataclass
class ToolDef:
    name: str
    description: str
    handler: Callable[..., Any]


def read_log(path: str) -> str:
    with open(path) as f:  # expect: path-traversal from=path
        return f.read()


def read_archived_log(path: str) -> str:
    with open(os.path.join(ARCHIVE, os.path.basename(path))) as f:
        return f.read()


def drop_log(path: str) -> str:
    os.remove(path)  # expect: path-traversal from=path
    return "dropped"


def drop_archived_log(path: str) -> str:
    os.remove(os.path.join(ARCHIVE, os.path.basename(path)))
    return "dropped"


TOOLS = [
    ToolDef(name="read_log", description="Read a log file", handler=read_log),
    ToolDef(name="read_archived_log", description="Read an archived log", handler=read_archived_log),
]
HANDLERS = [
    {"name": "drop_log", "handler": drop_log},
    {"name": "drop_archived_log", "handler": drop_archived_log},
]

server = Server("logs")


@server.call_tool()
async def call_tool(name: str, arguments: dict[str, Any]) -> list[types.TextContent]:
    tool = next((t for t in TOOLS if t.name == name), None)
    if tool is not None:
        return [types.TextContent(type="text", text=tool.handler(**arguments))]
    entry = next(h for h in HANDLERS if h["name"] == name)
    return [types.TextContent(type="text", text=entry["handler"](**arguments))]
