"""Document store on the low-level server API (mcp 1.x)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import mcp.types as types
from mcp.server import Server
from mcp.server.stdio import stdio_server
from pydantic import AnyUrl

DOCS_ROOT = os.path.realpath("/srv/docs")
UPLOADS = os.path.realpath("/srv/uploads")

server = Server("doc-store")


@server.list_resources()
async def list_resources() -> list[types.Resource]:
    resources = []
    for name in sorted(os.listdir(DOCS_ROOT)):
        resources.append(types.Resource(uri=AnyUrl(f"docs:///{name}"), name=name, mimeType="text/plain"))
    return resources


@server.read_resource()
async def read_resource(uri: AnyUrl) -> str:
    relative = unquote(urlparse(str(uri)).path).lstrip("/")
    with open(os.path.join(DOCS_ROOT, relative), encoding="utf-8") as fh:  # expect: path-traversal
        return fh.read()


@server.list_tools()
async def list_tools() -> list[types.Tool]:
    path_prop = {"path": {"type": "string", "description": "Path relative to the document root"}}
    return [
        types.Tool(name="read_doc", description="Read a document", inputSchema={"type": "object", "properties": path_prop}),
        types.Tool(name="save_upload", description="Store an uploaded text", inputSchema={
            "type": "object",
            "properties": {"filename": {"type": "string"}, "text": {"type": "string"}},
            "required": ["filename", "text"],
        }),
        types.Tool(name="delete_doc", description="Delete a document", inputSchema={"type": "object", "properties": path_prop}),
        types.Tool(name="list_docs", description="List a document folder", inputSchema={"type": "object", "properties": path_prop}),
        types.Tool(name="publish_upload", description="Publish an upload as a document", inputSchema={
            "type": "object",
            "properties": {"filename": {"type": "string"}, "folder": {"type": "string"}},
        }),
    ]


@server.call_tool()
async def call_tool(name: str, arguments: dict) -> list[types.TextContent]:
    if name == "read_doc":
        doc = os.path.realpath(os.path.join(DOCS_ROOT, arguments["path"]))
        if os.path.commonpath([DOCS_ROOT, doc]) != DOCS_ROOT:
            raise ValueError("path outside the document root")
        with open(doc, encoding="utf-8") as fh:
            text = fh.read()
    elif name == "save_upload":
        filename = os.path.basename(arguments["filename"])
        with open(os.path.join(UPLOADS, filename), "w", encoding="utf-8") as fh:
            fh.write(arguments["text"])
        text = f"stored {filename}"
    elif name == "delete_doc":
        victim = os.path.join(DOCS_ROOT, arguments.get("path", ""))
        os.unlink(victim)  # expect: path-traversal from=arguments
        text = "deleted"
    elif name == "list_docs":
        text = "\n".join(_list_folder(arguments.get("path", ".")))
    elif name == "publish_upload":
        text = _publish(arguments["filename"], arguments.get("folder", "inbox"))
    else:
        raise ValueError(f"unknown tool {name}")
    return [types.TextContent(type="text", text=text)]


def _list_folder(folder: str) -> list[str]:
    return sorted(os.listdir(Path(DOCS_ROOT) / folder))  # expect: path-traversal from=arguments


def _publish(filename: str, folder: str) -> str:
    src = os.path.join(UPLOADS, os.path.basename(filename))
    dest_dir = os.path.realpath(os.path.join(DOCS_ROOT, folder))
    if not dest_dir.startswith(DOCS_ROOT + os.sep):
        raise ValueError("folder outside the document root")
    os.makedirs(dest_dir, exist_ok=True)
    os.replace(src, os.path.join(dest_dir, os.path.basename(filename)))
    return "published"


async def main() -> None:
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


if __name__ == "__main__":
    asyncio.run(main())
