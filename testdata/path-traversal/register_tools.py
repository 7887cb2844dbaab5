"""Photo library tools registered by a function that receives the server (FastMCP, mcp 1.x)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from mcp.server.fastmcp import FastMCP

PHOTOS = Path(os.environ.get("PHOTO_LIBRARY", "/srv/photos")).resolve()


def register(mcp: FastMCP) -> None:
    """Attach the photo tools to a server."""

    @mcp.tool()
    def get_photo(album: str, filename: str) -> str:
        """Return a photo as base64."""
        data = (PHOTOS / album / filename).read_bytes()  # expect: path-traversal from=album
        return base64.b64encode(data).decode()

    @mcp.tool()
    def list_album(album: str) -> list[str]:
        """List the photos of an album."""
        folder = (PHOTOS / album).resolve()
        if not folder.is_relative_to(PHOTOS):
            raise ValueError("no such album")
        return sorted(p.name for p in folder.iterdir())

    @mcp.tool()
    def rename_photo(album: str, old_name: str, new_name: str) -> str:
        """Rename a photo inside its album."""
        folder = (PHOTOS / album).resolve()
        if not folder.is_relative_to(PHOTOS):
            raise ValueError("no such album")
        (folder / os.path.basename(old_name)).rename(folder / os.path.basename(new_name))
        return "renamed"

    @mcp.tool(name="delete_album")
    def remove_album(album: str) -> str:
        """Delete an empty album."""
        os.rmdir(os.path.join(PHOTOS, album))  # expect: path-traversal
        return "deleted"


mcp = FastMCP("photos")
register(mcp)

if __name__ == "__main__":
    mcp.run()
