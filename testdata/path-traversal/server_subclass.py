"""A server written as a FastMCP subclass that registers its own tools (`self.tool(fn, ...)`)."""

from __future__ import annotations

import os

from mcp.server.fastmcp import FastMCP

MEMORIES = os.path.realpath("/srv/memories")


class MemoryServer(FastMCP):
    """Stores memories as files."""

    def setup_tools(self) -> None:
        """Register the tools on this server."""

        def recall(topic: str) -> str:
            """Read the memory about a topic."""
            with open(os.path.join(MEMORIES, topic)) as fh:  # expect: path-traversal from=topic
                return fh.read()

        def recall_checked(topic: str) -> str:
            """Read the memory about a topic, from the memory folder only."""
            with open(os.path.join(MEMORIES, os.path.basename(topic))) as fh:
                return fh.read()

        recall_tool = recall
        self.tool(recall_tool, name="recall", description="Read a memory")
        self.tool(recall_checked, name="recall_checked")


class Archive:
    """Not a server: its own `tool` method files things away."""

    def tool(self, fn, name: str) -> None:
        """Keep a function under a name."""

    def setup(self) -> None:
        def forget(topic: str) -> None:
            os.remove(os.path.join(MEMORIES, topic))  # safe: path-traversal

        self.tool(forget, name="forget")
