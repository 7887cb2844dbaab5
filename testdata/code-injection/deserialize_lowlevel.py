"""A cache and config import server (low-level Server, mcp 1.x): blobs and documents from the model."""

from __future__ import annotations

import base64
import io
import json
import marshal
import pickle

import dill
import jsonpickle
import mcp.types as types
import yaml
from mcp.server.lowlevel import Server

server = Server("state-import")

CACHE_DIR = "/var/cache/state-import"


@server.call_tool()
async def call_tool(name: str, arguments: dict) -> list[types.TextContent]:
    if name == "restore_session":
        blob = base64.b64decode(arguments["state"])
        state = pickle.loads(blob)  # expect: code-injection from=arguments
        return [types.TextContent(type="text", text=f"restored {len(state)} keys")]

    if name == "restore_stream":
        raw = base64.b64decode(arguments["state"])
        state = pickle.load(io.BytesIO(raw))  # expect: code-injection from=arguments
        return [types.TextContent(type="text", text=str(state))]

    if name == "restore_closure":
        fn = dill.loads(base64.b64decode(arguments["closure"]))  # expect: code-injection from=arguments
        return [types.TextContent(type="text", text=repr(fn))]

    if name == "load_bytecode":
        code = marshal.loads(bytes.fromhex(arguments["hex"]))  # expect: code-injection from=arguments
        return [types.TextContent(type="text", text=code.co_name)]

    if name == "import_object":
        obj = jsonpickle.decode(arguments["document"])  # expect: code-injection from=arguments
        return [types.TextContent(type="text", text=repr(obj))]

    if name == "import_config":
        config = yaml.load(arguments["yaml"])  # expect: code-injection from=arguments
        return [types.TextContent(type="text", text=json.dumps(config))]

    if name == "import_config_full":
        config = yaml.load(arguments["yaml"], Loader=yaml.Loader)  # expect: code-injection from=arguments
        return [types.TextContent(type="text", text=json.dumps(config))]

    if name == "import_many":
        docs = list(yaml.load_all(arguments["yaml"], Loader=yaml.UnsafeLoader))  # expect: code-injection from=arguments
        return [types.TextContent(type="text", text=f"{len(docs)} documents")]

    if name == "import_legacy":
        config = yaml.unsafe_load(arguments["yaml"])  # expect: code-injection from=arguments
        return [types.TextContent(type="text", text=json.dumps(config))]

    # --- Safe: data formats that cannot construct objects --------------------------------------

    if name == "import_safe":
        config = yaml.safe_load(arguments["yaml"])
        return [types.TextContent(type="text", text=json.dumps(config))]

    if name == "import_safe_loader":
        config = yaml.load(arguments["yaml"], Loader=yaml.SafeLoader)
        return [types.TextContent(type="text", text=json.dumps(config))]

    if name == "import_c_loader":
        docs = list(yaml.load_all(arguments["yaml"], yaml.CSafeLoader))
        return [types.TextContent(type="text", text=f"{len(docs)} documents")]

    if name == "import_json":
        state = json.loads(arguments["document"])
        return [types.TextContent(type="text", text=f"restored {len(state)} keys")]

    if name == "restore_named":
        # The tool picks which cache file is read (a path question), not what it contains.
        with open(f"{CACHE_DIR}/{arguments['slot']}.pkl", "rb") as f:  # expect: path-traversal from=arguments
            state = pickle.load(f)
        return [types.TextContent(type="text", text=str(state))]

    raise ValueError(f"unknown tool {name}")
