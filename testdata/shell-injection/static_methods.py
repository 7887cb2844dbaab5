"""A task runner (FastMCP) whose commands run in static methods of a class of the same file.

The vulnerable tool and its fixed twin differ in the one line choosing the method.
"""

import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("task-runner")


class Runner:
    @staticmethod
    def run_shell(task: str) -> str:
        """Runs a task through a shell."""
        return subprocess.check_output(f"make {task}", shell=True, text=True)  # expect: shell-injection from=task

    @staticmethod
    def run_args(task: str) -> str:
        """Runs a task with an argument vector: no shell."""
        return subprocess.check_output(["make", task], text=True)


@mcp.tool()
def run_task(task: str) -> str:
    """Run a make task."""
    return Runner.run_shell(task)


@mcp.tool()
def run_task_args(task: str) -> str:
    """Run a make task."""
    return Runner.run_args(task)
