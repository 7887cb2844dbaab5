"""Blob storage on the local disk."""

from __future__ import annotations

import hashlib
import os
import time

STORE = os.path.realpath(os.environ.get("ARTIFACT_STORE", "/srv/artifacts"))


def blob_path(key: str) -> str:
    """Where a blob lives; the key is used as given."""
    return os.path.join(STORE, key)


def checked_blob_path(key: str) -> str:
    """Where a blob lives, refusing keys that leave the store."""
    path = os.path.realpath(os.path.join(STORE, key))
    if not path.startswith(STORE + os.sep):
        raise PermissionError(f"invalid artifact key {key!r}")
    return path


def read_blob(key: str) -> bytes:
    with open(os.path.join(STORE, key), "rb") as fh:  # expect: path-traversal
        return fh.read()


def write_blob(key: str, data: bytes) -> str:
    path = checked_blob_path(key)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)
    return hashlib.sha256(data).hexdigest()


def delete_blob(key: str) -> None:
    os.unlink(blob_path(key))  # expect: path-traversal


def list_prefix(prefix: str) -> list[str]:
    folder = checked_blob_path(prefix)
    return sorted(os.listdir(folder))


def gc_older_than(days: int, folder: str = STORE) -> int:
    """Delete blobs older than some days; run from a systemd timer, not from tools."""
    cutoff = time.time() - days * 86400
    removed = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(dirpath, name)
            if os.path.getmtime(path) < cutoff:
                os.remove(path)
                removed += 1
    return removed
