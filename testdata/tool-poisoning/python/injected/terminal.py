"""The command-line front end's own registry: not an MCP server."""

from __future__ import annotations


class Terminal:
    """Collects commands by name."""

    def __init__(self) -> None:
        self.commands = {}

    def tool(self):
        """Register the decorated function as a command."""

        def register(func):
            self.commands[func.__name__] = func
            return func

        return register
