"""Media conversion tools on the low-level server API (mcp 2.x handler keywords)."""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
from typing import Any

import anyio
from mcp.server import Server
from mcp.server.stdio import stdio_server
from mcp.types import CallToolRequestParams, CallToolResult, ListToolsResult, TextContent, Tool

MEDIA_DIR = os.environ.get("MEDIA_DIR", "/srv/media")
FORMATS = {"mp3", "ogg", "flac", "wav"}

TOOLS = [
    Tool(
        name="convert_audio",
        description="Convert an audio file to another format.",
        input_schema={
            "type": "object",
            "properties": {"source": {"type": "string"}, "target_format": {"type": "string"}},
            "required": ["source", "target_format"],
        },
    ),
    Tool(
        name="probe_media",
        description="Show the streams of a media file.",
        input_schema={"type": "object", "properties": {"source": {"type": "string"}}, "required": ["source"]},
    ),
    Tool(
        name="make_thumbnail",
        description="Extract a thumbnail from a video at a timestamp.",
        input_schema={
            "type": "object",
            "properties": {"source": {"type": "string"}, "at": {"type": "string"}},
            "required": ["source"],
        },
    ),
    Tool(
        name="loudness_report",
        description="Measure the loudness of an audio file (EBU R128).",
        input_schema={"type": "object", "properties": {"source": {"type": "string"}}, "required": ["source"]},
    ),
    Tool(
        name="media_disk_usage",
        description="Disk space used by the media library.",
        input_schema={"type": "object", "properties": {}},
    ),
]


def _text(value: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=value)])


async def handle_list_tools(ctx: Any, params: Any) -> ListToolsResult:
    return ListToolsResult(tools=TOOLS)


async def handle_call_tool(ctx: Any, params: CallToolRequestParams) -> CallToolResult:
    args = params.arguments or {}
    match params.name:
        case "convert_audio":
            return await _convert_audio(args["source"], args["target_format"])
        case "probe_media":
            return _probe(args["source"])
        case "make_thumbnail":
            return _thumbnail(args["source"], args.get("at", "00:00:05"))
        case "loudness_report":
            track = (params.arguments or {})["source"]
            # expect: shell-injection from=params
            report = subprocess.getoutput(f"ffmpeg -nostats -i {MEDIA_DIR}/{track} -af ebur128 -f null - 2>&1 | tail -n 12")
            return _text(report)
        case "media_disk_usage":
            usage = subprocess.check_output(f"du -sh {MEDIA_DIR}", shell=True, text=True)
            return _text(usage)
    raise ValueError(f"unknown tool {params.name}")


async def _convert_audio(source: str, target_format: str) -> CallToolResult:
    if target_format not in FORMATS:
        return _text(f"unsupported format {target_format}")
    src = os.path.join(MEDIA_DIR, source)
    dst = os.path.splitext(src)[0] + "." + target_format
    cmd = f"ffmpeg -y -loglevel error -i {src} {dst}"
    proc = await asyncio.create_subprocess_shell(cmd)  # expect: shell-injection from=params
    await proc.wait()
    return _text(f"wrote {dst}")


def _probe(source: str) -> CallToolResult:
    path = os.path.join(MEDIA_DIR, source)
    out = subprocess.run(["ffprobe", "-hide_banner", "-show_streams", path], capture_output=True, text=True)
    return _text(out.stdout)


def _thumbnail(source: str, at: str) -> CallToolResult:
    video = shlex.quote(os.path.join(MEDIA_DIR, source))
    out_file = shlex.quote(os.path.join(MEDIA_DIR, "thumbs", os.path.basename(source) + ".jpg"))
    subprocess.run(f"ffmpeg -y -ss {shlex.quote(at)} -i {video} -frames:v 1 {out_file}", shell=True, check=True)
    return _text("thumbnail written")


server = Server("media-tools", on_list_tools=handle_list_tools, on_call_tool=handle_call_tool)


async def main() -> None:
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


if __name__ == "__main__":
    anyio.run(main)
