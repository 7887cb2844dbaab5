"""Prompt templates on the low-level Server of mcp 2.x (handlers as constructor keywords)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mcp.server import Server
from mcp.types import GetPromptRequestParams, GetPromptResult, PromptMessage, TextContent

TEMPLATES = Path("/srv/prompts/templates")


async def handle_get_prompt(ctx: Any, params: GetPromptRequestParams) -> GetPromptResult:
    language = (params.arguments or {}).get("language", "en")
    text = (TEMPLATES / language / f"{params.name}.md").read_text(encoding="utf-8")  # expect: path-traversal
    return GetPromptResult(messages=[PromptMessage(role="user", content=TextContent(type="text", text=text))])


prompts = Server("localised-prompts", on_get_prompt=handle_get_prompt)
