"""A repository browser on the low-level Server (mcp 1.x) using GitPython and os.spawn/exec forms."""

import os
import re

import git
from git import Repo
from mcp.server.lowlevel import Server
from mcp.types import TextContent

server = Server("repo-browser")
WORKDIR = "/srv/repos"
SAFE_REF = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./]*")


@server.call_tool()
async def call_tool(name: str, arguments: dict) -> list[TextContent]:
    repo = Repo(os.path.join(WORKDIR, "main"))
    if name == "checkout":
        branch = arguments["branch"]
        out = repo.git.checkout(branch)  # expect: argument-injection from=arguments
    elif name == "log":
        out = repo.git.log("--oneline", "-n", "20", arguments["rev"])  # expect: argument-injection from=arguments
    elif name == "log_file":
        out = repo.git.log("--oneline", "--", arguments["path"])
    elif name == "clone":
        # With unsafe protocols allowed, an `ext::sh -c ...` URL runs a command (CVE-2022-24439).
        git.Repo.clone_from(arguments["url"], os.path.join(WORKDIR, "clone"), allow_unsafe_protocols=True)  # expect: argument-injection from=arguments
    elif name == "clone_checked":
        # GitPython passes `--` before the URL and refuses `ext::` URLs by default.
        git.Repo.clone_from(arguments["url"], os.path.join(WORKDIR, "clone"))
    elif name == "clone_github":
        Repo.clone_from(f"https://github.com/{arguments['slug']}.git", os.path.join(WORKDIR, "gh"))
        out = "cloned"
    elif name == "show":
        ref = arguments["ref"]
        if not SAFE_REF.fullmatch(ref):
            raise ValueError("bad ref")
        out = repo.git.show(ref)
    elif name == "spawn_fetch":
        remote = arguments["remote"]
        os.spawnlp(os.P_WAIT, "git", "git", "-C", WORKDIR, "fetch", remote)  # expect: argument-injection from=arguments
        out = "fetched"
    elif name == "spawn_pull":
        os.spawnvp(os.P_WAIT, "git", ["git", "-C", WORKDIR, "pull", arguments["remote"]])  # expect: argument-injection from=arguments
        out = "pulled"
    elif name == "exec_ls_remote":
        os.execlp("git", "git", "ls-remote", "--", arguments["url"])
    elif name == "exec_ssh":
        # `-oProxyCommand=...` as the host runs a command.
        os.execl("/usr/bin/ssh", "ssh", "-o", "BatchMode=yes", arguments["host"], "git-upload-pack", "repo.git")  # expect: argument-injection from=arguments
    elif name == "grep":
        out = repo.git.grep("-e", arguments["pattern"])
    else:
        raise ValueError(f"unknown tool {name}")
    return [TextContent(type="text", text=out)]
