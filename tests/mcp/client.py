"""Drives `mcplint mcp` with the official MCP Python SDK's client (tests/mcp_server.rs runs it).

Usage: client.py MCPLINT FIXTURE SCRATCH

- FIXTURE: a testdata file with a shell-injection finding on line 23 (`git_log`'s `repo`
  parameter on line 20 reaching `subprocess.check_output(..., shell=True)`).
- SCRATCH: an empty directory the script lays out:
  SCRATCH/cwd/server.py (a copy of FIXTURE), SCRATCH/outside/other.py,
  SCRATCH/cwd/escape -> SCRATCH/outside (a symbolic link, where the platform has them).

Two sessions, each asserting what it sees and printing a transcript of the calls:
1. a client without roots, the server started in SCRATCH/cwd: initialize, list the three tools,
   lint server.py (the finding with its flow), lint the fixture's text inline, and see paths
   outside the working directory (`..`, absolute, through the symbolic link) refused;
2. a client with roots (SCRATCH/cwd first): a path in SCRATCH/outside is refused until the
   client adds that root and sends roots/list_changed, then it is linted.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
import warnings
from pathlib import Path

from mcp import ClientSession, StdioServerParameters, types
from mcp.client.stdio import stdio_client

# Roots are deprecated by the 2026-07-28 protocol (SEP-2577); clients of earlier versions still
# send them, and mcplint honours them.
warnings.filterwarnings("ignore", message=".*roots.*deprecated", category=Warning)

MCPLINT, FIXTURE, SCRATCH = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
CWD = SCRATCH / "cwd"
OUTSIDE = SCRATCH / "outside"


def show(label: str, value: object) -> None:
    print(f"--- {label}")
    print(value if isinstance(value, str) else json.dumps(value, indent=2, sort_keys=True))


def text_of(result: types.CallToolResult) -> str:
    return "\n".join(c.text for c in result.content if isinstance(c, types.TextContent))


async def call(session: ClientSession, name: str, arguments: dict) -> types.CallToolResult:
    result = await session.call_tool(name, arguments)
    # The summary line and findings (the JSON copy of the structured content left out), and
    # the first lines of a rule's documentation.
    shown = text_of(result).split("\n{")[0].split("\n")[:12]
    show(f"call {name} {json.dumps(arguments)[:100]}", "\n".join(shown))
    return result


def assert_shell_injection(report: dict, file: str) -> None:
    found = [f for f in report["findings"] if f["rule"] == "shell-injection"]
    assert found, report
    first = found[0]
    assert first["file"] == file, first
    assert first["severity"] == "error", first
    assert first["start"]["line"] == 23, first
    flow = first["flow"]
    assert flow[0]["role"] == "source" and flow[0]["start"]["line"] == 20, flow
    assert flow[-1]["role"] == "sink" and flow[-1]["start"]["line"] == 23, flow
    assert all(step["file"] == file for step in flow), flow
    assert first["help"], first


async def refused(session: ClientSession, path: str) -> None:
    result = await call(session, "lint", {"paths": [path]})
    assert result.is_error, result
    assert "outside the folders mcplint may read" in text_of(result), result


async def without_roots() -> None:
    params = StdioServerParameters(command=MCPLINT, args=["mcp"], cwd=str(CWD))
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            show("initialize", f"server {init.server_info.name} {init.server_info.version}")
            tools = await session.list_tools()
            names = sorted(t.name for t in tools.tools)
            show("tools/list", names)
            assert names == ["explain_rule", "lint", "list_rules"], names
            lint = next(t for t in tools.tools if t.name == "lint")
            assert {"paths", "source", "language"} <= set(lint.input_schema["properties"]), lint
            assert lint.output_schema, lint

            result = await call(session, "lint", {"paths": ["server.py"]})
            assert not result.is_error, result
            show("structuredContent (first finding)", result.structured_content["findings"][0])
            assert_shell_injection(result.structured_content, "server.py")

            source = FIXTURE.read_text()
            result = await call(session, "lint", {"source": source, "language": "python"})
            assert not result.is_error, result
            assert_shell_injection(result.structured_content, "inline.py")

            await refused(session, "../outside/other.py")
            await refused(session, str(OUTSIDE / "other.py"))
            await refused(session, "server.py/../../outside")
            if (CWD / "escape").is_symlink():
                await refused(session, "escape/other.py")

            result = await call(session, "lint", {"source": "x = 1"})
            assert result.is_error and "language" in text_of(result), result

            result = await call(session, "explain_rule", {"rule": "shell-injection"})
            assert not result.is_error and "shell" in text_of(result), result
            result = await call(session, "explain_rule", {"rule": "no-such-rule"})
            assert result.is_error, result
            result = await call(session, "list_rules", {})
            rules = [r["name"] for r in result.structured_content["rules"]]
            assert "shell-injection" in rules, rules


async def with_roots() -> None:
    roots = [types.Root(uri=CWD.resolve().as_uri(), name="project")]

    async def list_roots(_context) -> types.ListRootsResult:
        return types.ListRootsResult(roots=list(roots))

    params = StdioServerParameters(command=MCPLINT, args=["mcp"], cwd=str(SCRATCH))
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write, list_roots_callback=list_roots) as session:
            await session.initialize()
            # Relative paths are resolved against the first root, not the working directory.
            result = await call(session, "lint", {"paths": ["server.py"]})
            assert not result.is_error, result
            assert_shell_injection(result.structured_content, "server.py")
            await refused(session, str(OUTSIDE / "other.py"))

            roots.append(types.Root(uri=OUTSIDE.resolve().as_uri(), name="other"))
            await session.send_roots_list_changed()
            result = await call(session, "lint", {"paths": [str(OUTSIDE / "other.py")]})
            assert not result.is_error, result
            assert result.structured_content["summary"]["files"] == 1, result


def lay_out() -> None:
    CWD.mkdir(parents=True)
    OUTSIDE.mkdir(parents=True)
    shutil.copyfile(FIXTURE, CWD / "server.py")
    (OUTSIDE / "other.py").write_text("VALUE = 1\n")
    try:
        os.symlink(OUTSIDE, CWD / "escape", target_is_directory=True)
    except OSError:
        pass  # no symbolic links here (Windows without the privilege)


async def main() -> None:
    lay_out()
    await without_roots()
    await with_roots()
    print("mcp client: all checks passed")


asyncio.run(main())
