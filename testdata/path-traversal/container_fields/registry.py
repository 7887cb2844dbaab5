"""Registered projects, each with a root folder chosen by the operator."""

import os
from pathlib import Path


class Project:
    def __init__(self, name: str, root: str) -> None:
        self.name = name
        self.root_path = Path(root).resolve()


class ProjectRegistry:
    def __init__(self) -> None:
        self._projects: dict[str, Project] = {}

    def register(self, name: str, root: str) -> Project:
        self._projects[name] = Project(name, root)
        return self._projects[name]

    def get_project(self, name: str) -> Project:
        """The registered project of that name: the name selects, it builds no path."""
        if name not in self._projects:
            raise KeyError(name)
        return self._projects[name]

    def scratch_dir(self, name: str) -> str:
        """A scratch folder named after the project: the name is joined as given."""
        return os.path.join("/var/tmp/projects", name)
