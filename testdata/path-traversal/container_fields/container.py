"""The one dependency container of the server."""

from .registry import ProjectRegistry


class Container:
    def __init__(self) -> None:
        self.project_registry = ProjectRegistry()


container = Container()
