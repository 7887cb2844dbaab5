"""A prompt library on the low-level Server: templates read from disk by the prompt's arguments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mcp.types as types
from mcp.server.lowlevel import Server

TEMPLATES = Path("/srv/prompts/templates")
STYLES = {"concise", "detailed", "bullet"}

library = Server("prompt-library")


@library.list_prompts()
async def list_prompts() -> list[types.Prompt]:
    return [
        types.Prompt(
            name="summarise",
            description="Summarise a text in a chosen style.",
            arguments=[types.PromptArgument(name="style", description="concise, detailed or bullet", required=True)],
        ),
    ]


@library.get_prompt()
async def get_prompt(name: str, arguments: dict[str, str] | None) -> types.GetPromptResult:
    args = arguments or {}
    if name == "summarise":
        template = (TEMPLATES / f"{args['style']}.md").read_text(encoding="utf-8")  # expect: path-traversal
    elif name == "summarise_checked":
        style = args.get("style", "concise")
        if style not in STYLES:
            raise ValueError(f"unknown style {style}")
        template = (TEMPLATES / f"{style}.md").read_text(encoding="utf-8")
    else:
        raise ValueError(f"unknown prompt {name}")
    return types.GetPromptResult(messages=[types.PromptMessage(role="user", content=types.TextContent(type="text", text=template))])
