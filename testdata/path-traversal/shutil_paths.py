"""A project backup server: folders packed into archives, permissions copied between files,
owners changed. Each tool has a twin that resolves the model's path under the projects folder
first."""

import os
import shutil

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("backups")
PROJECTS = os.path.realpath("/srv/projects")
BACKUPS = os.path.realpath("/srv/backups")


def project_path(name: str) -> str:
    path = os.path.realpath(os.path.join(PROJECTS, name))
    if not path.startswith(PROJECTS + os.sep):
        raise ValueError(f"{name} is not a project")
    return path


@mcp.tool()
def backup(project: str) -> str:
    """Pack a project folder into a zip archive in the backups folder."""
    root = os.path.join(PROJECTS, project)
    return shutil.make_archive(os.path.join(BACKUPS, "latest"), "zip", root_dir=root)  # expect: path-traversal from=project


@mcp.tool()
def backup_checked(project: str) -> str:
    """Pack a project folder into a zip archive in the backups folder."""
    root = project_path(project)
    return shutil.make_archive(os.path.join(BACKUPS, "latest"), "zip", root_dir=root)  # safe: path-traversal


@mcp.tool()
def backup_all() -> str:
    """Pack every project: the server's own folders, nothing the model chose."""
    return shutil.make_archive(os.path.join(BACKUPS, "all"), "gztar", PROJECTS)


@mcp.tool()
def match_permissions(template: str, target: str) -> str:
    """Give a project file the permissions of a template file."""
    shutil.copymode(project_path(template), os.path.join(PROJECTS, target))  # expect: path-traversal from=target
    return target


@mcp.tool()
def match_permissions_checked(template: str, target: str) -> str:
    """Give a project file the permissions of a template file."""
    shutil.copymode(project_path(template), project_path(target))  # safe: path-traversal
    return target


@mcp.tool()
def hand_over(path: str, owner: str) -> str:
    """Give a project file to another user."""
    shutil.chown(os.path.join(PROJECTS, path), user=owner)  # expect: path-traversal from=path
    return owner


@mcp.tool()
def hand_over_checked(path: str, owner: str) -> str:
    """Give a project file to another user."""
    shutil.chown(project_path(path), user=owner)  # safe: path-traversal
    return owner
