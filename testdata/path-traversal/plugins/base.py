"""Plugin bases: a plugin keeps the application it is attached to and registers its tools on it."""

from __future__ import annotations


class ToolPlugin:
    """A plugin attached to an application."""

    def __init__(self, app) -> None:
        self.app = app

    def register(self) -> None:
        """Attach the plugin's tools; subclasses override it."""


class CommandPlugin:
    """A plugin of the command-line front end."""

    def __init__(self, cli) -> None:
        self.cli = cli
