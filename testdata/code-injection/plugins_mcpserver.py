"""A plugin runner (MCPServer, mcp 2.x): the model names modules and scripts to load."""

from __future__ import annotations

import importlib
import runpy

from mcp.server.mcpserver import MCPServer

mcp = MCPServer("plugin-runner")

PLUGIN_MODULES = {
    "csv": "plugin_runner.plugins.csv_export",
    "pdf": "plugin_runner.plugins.pdf_export",
}
SCRIPTS = ("cleanup", "reindex")


@mcp.tool()
def load_plugin(module: str) -> str:
    """Import a plugin module by its dotted name."""
    plugin = importlib.import_module(module)  # expect: code-injection
    return plugin.__doc__ or module


@mcp.tool()
def load_legacy_plugin(module: str) -> str:
    """Import a plugin with the legacy loader."""
    plugin = __import__(module, fromlist=["run"])  # expect: code-injection
    return str(plugin.run())


@mcp.tool()
def run_script(path: str) -> dict:
    """Run a maintenance script and return its globals."""
    result = runpy.run_path(path)  # expect: code-injection
    return {k: repr(v) for k, v in result.items() if not k.startswith("__")}


@mcp.tool()
def run_module(name: str) -> str:
    """Run a module as `python -m` would."""
    runpy.run_module(name, run_name="__main__")  # expect: code-injection
    return "done"


# --- Safe: names are looked up in a fixed table, or checked against one -----------------------


@mcp.resource("plugins://{kind}")
def plugin_doc(kind: str) -> str:
    """Documentation of one export plugin."""
    if kind not in PLUGIN_MODULES:
        raise ValueError(f"no plugin for {kind}")
    return importlib.import_module(PLUGIN_MODULES[kind]).__doc__ or ""


@mcp.tool()
def plugin_version(kind: str) -> str:
    """Version of one export plugin."""
    return importlib.import_module(PLUGIN_MODULES[kind]).__version__


@mcp.tool()
def run_known_script(name: str) -> str:
    """Run one of the bundled maintenance scripts."""
    if name not in SCRIPTS:
        raise ValueError(f"unknown script {name!r}")
    runpy.run_module(f"plugin_runner.scripts.{name}", run_name="__main__")
    return "done"
