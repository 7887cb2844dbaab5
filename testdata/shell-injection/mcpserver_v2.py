"""Image processing tools on MCPServer (mcp 2.x)."""

import shlex
import subprocess
from typing import Annotated

from pydantic import Field
from mcp.server.mcpserver import Context, MCPServer

IMAGES = "/srv/images"

mcp = MCPServer("image-tools", instructions="Resize and inspect images in the library.")


@mcp.tool()
def resize_image(
    name: Annotated[str, Field(description="File name inside the library")],
    geometry: Annotated[str, Field(description="ImageMagick geometry such as 800x600")],
) -> str:
    """Resize an image in place."""
    subprocess.run(f"mogrify -resize {geometry} {IMAGES}/{name}", shell=True, check=True)  # expect: shell-injection from=name
    return "resized"


@mcp.tool()
async def image_info(name: str, ctx: Context) -> str:
    """Report the format and size of an image."""
    await ctx.info(f"identify {name}")
    return subprocess.run(["identify", "-format", "%m %wx%h", f"{IMAGES}/{name}"], capture_output=True, text=True).stdout


@mcp.tool(name="strip_metadata")
def strip_exif(name: str) -> str:
    """Remove EXIF metadata from an image."""
    target = shlex.quote(f"{IMAGES}/{name}")
    return subprocess.getoutput(f"exiftool -overwrite_original -all= {target}")


@mcp.prompt()
def describe_image(name: str) -> str:
    """Ask the model to describe an image from its metadata."""
    meta = subprocess.getoutput("exiftool -s " + IMAGES + "/" + name)  # expect: shell-injection
    return f"Describe the image {name} using this metadata:\n{meta}"
