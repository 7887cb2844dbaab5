"""Container operations over MCP (fastmcp 2.x)."""

import asyncio
import json
import shlex
import subprocess as sp
from os import system as run_shell
from typing import Annotated

from fastmcp import Context, FastMCP

mcp = FastMCP("docker-ops", instructions="Inspect and manage local containers.")

RESTARTABLE = {"web", "worker", "scheduler", "redis"}


@mcp.tool
def docker_ps() -> str:
    """List running containers."""
    return sp.check_output("docker ps --format '{{.Names}}\t{{.Status}}'", shell=True, text=True)


@mcp.tool
def docker_logs(container: Annotated[str, "container name or id"], tail: int = 100) -> str:
    """Show the last log lines of a container."""
    result = sp.run(f"docker logs --tail {int(tail)} {container} 2>&1", shell=True, capture_output=True, text=True)  # expect: shell-injection from=container
    return result.stdout


@mcp.tool("docker_exec", tags={"admin"})
def exec_in_container(container: str, command: str) -> str:
    """Run a command inside a container."""
    status = run_shell("docker exec " + container + " sh -c '" + command + "'")  # expect: shell-injection from=container
    return f"exit status {status}"


@mcp.tool
def docker_inspect(container: str) -> dict:
    """Return the low-level configuration of a container."""
    raw = sp.check_output(["docker", "inspect", "--type", "container", "--", container], text=True)
    return json.loads(raw)[0]


@mcp.tool
def restart_service(service: str, ctx: Context) -> str:
    """Restart one compose service."""
    if service not in RESTARTABLE:
        raise ValueError(f"service must be one of {sorted(RESTARTABLE)}")
    sp.check_call(f"docker compose restart {service}", shell=True)
    return f"restarted {service}"


@mcp.tool(name="kubectl_get", description="Get Kubernetes resources of a kind.")
async def kubectl_get(kind: str, namespace: str = "default", selector: str = "") -> str:
    args = f"kubectl get {kind} -n {namespace}"
    if selector:
        args += f" -l {selector}"
    proc = await asyncio.create_subprocess_shell(args, stdout=asyncio.subprocess.PIPE)  # expect: shell-injection from=kind
    out, _ = await proc.communicate()
    return out.decode()


@mcp.tool
async def kubectl_describe(kind: str, name: str, namespace: str = "default") -> str:
    """Describe one Kubernetes resource."""
    proc = await asyncio.create_subprocess_exec(  # expect: argument-injection from=kind
        "kubectl", "describe", kind, name, "-n", namespace,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await proc.communicate()
    return out.decode()


def tail_log(path: str, lines: int = 20) -> str:
    """Show the last lines of a container log file."""
    return sp.getoutput("tail -n %d %s" % (int(lines), path))  # expect: shell-injection from=path


def image_history(image: str) -> str:
    """Show the layer history of an image."""
    return sp.getoutput(f"docker history --no-trunc {shlex.quote(image)}")


mcp.tool(tail_log, name="tail_log")
mcp.tool(image_history, name="image_history", tags={"images"})


@mcp.tool
def prune_images(dangling_only: bool = True) -> str:
    """Remove unused images."""
    flags = ["--force"]
    if not dangling_only:
        flags.append("--all")
    command = shlex.join(["docker", "image", "prune", *flags])
    return sp.check_output(command, shell=True, text=True)


if __name__ == "__main__":
    mcp.run()
