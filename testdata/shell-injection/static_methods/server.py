"""The tools call the converter's methods on the class itself."""

from mcp.server.fastmcp import FastMCP

from .converter import Converter

mcp = FastMCP("converter")


@mcp.tool()
def to_markdown(file_path: str) -> str:
    """Convert a file to markdown."""
    return Converter.convert(file_path=file_path)


@mcp.tool()
def to_markdown_quoted(file_path: str) -> str:
    """Convert a file to markdown."""
    return Converter.convert_quoted(file_path=file_path)


@mcp.tool()
def preview(file_path: str) -> str:
    """Show the first lines of a file."""
    return Converter.preview(file_path)


@mcp.tool()
def preview_quoted(file_path: str) -> str:
    """Show the first lines of a file."""
    return Converter.preview_quoted(file_path)
