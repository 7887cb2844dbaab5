"""Artifact tools; imported by server.py for their registration side effect."""

from __future__ import annotations

import base64
import hashlib

from . import storage
from .app import mcp
from .storage import blob_path, checked_blob_path, read_blob, write_blob


@mcp.tool()
def get_artifact(key: str) -> str:
    """Fetch an artifact as base64."""
    return base64.b64encode(read_blob(key)).decode()


@mcp.tool()
def put_artifact(key: str, content_b64: str) -> str:
    """Store an artifact and return its digest."""
    return write_blob(key, base64.b64decode(content_b64))


@mcp.tool()
def delete_artifact(key: str) -> str:
    """Delete an artifact."""
    storage.delete_blob(key)
    return "deleted"


@mcp.tool()
def list_artifacts(prefix: str = "") -> list[str]:
    """List artifacts under a prefix."""
    return storage.list_prefix(prefix)


@mcp.tool()
def artifact_digest(key: str) -> str:
    """SHA-256 of an artifact."""
    with open(blob_path(key), "rb") as fh:  # expect: path-traversal
        return hashlib.sha256(fh.read()).hexdigest()


@mcp.tool()
def artifact_size(key: str) -> int:
    """Size of an artifact in bytes."""
    with open(checked_blob_path(key), "rb") as fh:
        return len(fh.read())
