"""A hand-written MCP server over stdio: no SDK, a JSON-RPC loop and a table of tools."""

from __future__ import annotations

import json
import os
import sys

ROOT = os.path.realpath(os.environ.get("DOCS", "/srv/docs"))


def read_doc(name: str) -> str:
    """Return a document."""
    with open(os.path.join(ROOT, name)) as fh:  # expect: path-traversal from=name
        return fh.read()


def read_checked_doc(name: str) -> str:
    """Return a document, from the docs folder only."""
    with open(os.path.join(ROOT, os.path.basename(name))) as fh:
        return fh.read()


TOOLS = {"read_doc": read_doc, "read_checked_doc": read_checked_doc}


def serve() -> None:
    """Answer one JSON-RPC request per line."""
    for line in sys.stdin:
        request = json.loads(line)
        params = request.get("params", {})
        if request["method"] == "tools/list":
            result = {"tools": [{"name": n, "inputSchema": {"type": "object"}} for n in TOOLS]}
        elif request["method"] == "tools/call":
            text = TOOLS[params["name"]](**params.get("arguments", {}))
            result = {"content": [{"type": "text", "text": text}]}
        else:
            result = {}
        print(json.dumps({"jsonrpc": "2.0", "id": request["id"], "result": result}), flush=True)


if __name__ == "__main__":
    serve()
