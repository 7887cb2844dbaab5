"""Tools registered on a server passed in, using services of the container passed beside it."""

import os
from typing import Any

from .container import Container


def register_tools(mcp_server: Any, container: Container) -> None:
    project_registry = container.project_registry

    @mcp_server.tool()
    def list_project(project: str) -> list[str]:
        """List the top-level files of a registered project."""
        root = project_registry.get_project(project).root_path
        return sorted(p.name for p in root.iterdir())  # safe: path-traversal

    @mcp_server.tool()
    def list_scratch(project: str) -> list[str]:
        """List the scratch files of a project."""
        return sorted(os.listdir(project_registry.scratch_dir(project)))  # expect: path-traversal from=project
