"""A FastAPI health endpoint in an MCP project: not a tool, resource or prompt."""

import os
import traceback

from fastapi import FastAPI

api = FastAPI()


@api.get("/debug")
def debug() -> dict:
    try:
        return {"status": "ok"}
    except Exception:
        return {"trace": traceback.format_exc(), "env": dict(os.environ)}
