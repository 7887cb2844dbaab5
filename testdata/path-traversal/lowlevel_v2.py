"""Dataset file browser on the low-level server API (mcp 2.x handler keywords)."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path
from typing import Any

import anyio
from mcp.server.lowlevel import Server
from mcp.server.stdio import stdio_server
from mcp.shared.path_security import safe_join
from mcp.types import (
    CallToolRequestParams,
    CallToolResult,
    ListToolsResult,
    ReadResourceRequestParams,
    ReadResourceResult,
    TextContent,
    TextResourceContents,
    Tool,
)

DATA_DIR = Path(os.environ.get("DATA_DIR", "/srv/datasets")).resolve()
CACHE_DIR = Path("/var/cache/datasets")


def _schema(**props: str) -> dict[str, Any]:
    return {"type": "object", "properties": {k: {"type": "string", "description": v} for k, v in props.items()}}


async def list_tools(ctx: Any, params: Any) -> ListToolsResult:
    return ListToolsResult(
        tools=[
            Tool(name="preview_csv", description="First rows of a CSV file", input_schema=_schema(path="file path")),
            Tool(name="csv_header", description="Column names of a CSV file", input_schema=_schema(path="file path")),
            Tool(name="drop_cache", description="Delete the cache of a dataset", input_schema=_schema(dataset="dataset")),
            Tool(name="dataset_files", description="Files of a dataset", input_schema=_schema(dataset="dataset")),
            Tool(name="save_subset", description="Save rows to a new CSV", input_schema=_schema(name="file", rows="CSV text")),
        ]
    )


async def call_tool(ctx: Any, params: CallToolRequestParams) -> CallToolResult:
    args = params.arguments or {}
    if params.name == "preview_csv":
        with open(DATA_DIR / args["path"], newline="", encoding="utf-8") as fh:  # expect: path-traversal from=params
            rows = [row for _, row in zip(range(10), csv.reader(fh))]
        return _text("\n".join(",".join(r) for r in rows))
    if params.name == "csv_header":
        header_file = safe_join(DATA_DIR, args["path"])
        with open(header_file, newline="", encoding="utf-8") as fh:
            return _text(",".join(next(csv.reader(fh))))
    if params.name == "drop_cache":
        _drop_cache(args["dataset"])
        return _text("cache dropped")
    if params.name == "dataset_files":
        return _text("\n".join(_dataset_files(args.get("dataset", ""))))
    if params.name == "save_subset":
        out_name = os.path.basename(str(args["name"]))
        (DATA_DIR / "subsets" / out_name).write_text(str(args["rows"]), encoding="utf-8")
        return _text(f"saved subsets/{out_name}")
    raise ValueError(f"unknown tool {params.name}")


def _drop_cache(dataset: str) -> None:
    cache = CACHE_DIR / dataset
    shutil.rmtree(cache, ignore_errors=True)  # expect: path-traversal from=params


def _dataset_files(dataset: str) -> list[str]:
    root = (DATA_DIR / dataset).resolve()
    if not root.is_relative_to(DATA_DIR):
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


async def read_resource(ctx: Any, params: ReadResourceRequestParams) -> ReadResourceResult:
    relative = str(params.uri).removeprefix("dataset:///")
    body = Path(DATA_DIR, relative).read_text(encoding="utf-8")  # expect: path-traversal from=params
    return ReadResourceResult(contents=[TextResourceContents(uri=params.uri, mimeType="text/csv", text=body)])


def _text(value: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=value)])


server = Server("datasets", on_list_tools=list_tools, on_call_tool=call_tool, on_read_resource=read_resource)


async def main() -> None:
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


if __name__ == "__main__":
    anyio.run(main)
