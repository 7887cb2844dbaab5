"""A small command registry for the command-line front end."""

from __future__ import annotations


class CommandRegistry:
    """Collects commands by name."""

    def __init__(self) -> None:
        self.commands = {}

    def tool(self, name=None):
        """Register the decorated function as a command."""

        def register(func):
            self.commands[name or func.__name__] = func
            return func

        return register
