"""Process helpers for the archive tools."""

from __future__ import annotations

import subprocess


def pack(name: str) -> str:
    """Create an archive."""
    return subprocess.check_output(f"tar czf /srv/out/{name}.tgz .", shell=True, text=True)  # mcplint: ignore[shell-injection] -- callers pass slugs only


def unpack(name: str) -> str:
    """Extract an archive; not suppressed, so the cross-file finding is reported."""
    return subprocess.check_output(f"tar xzf /srv/out/{name}.tgz", shell=True, text=True)  # expect: shell-injection
