"""A MarkItDown server: `convert_uri` fetches the http(s) URI it is given (and reads file: ones).
The fixed twin converts pages of one documentation site only."""

from markitdown import MarkItDown
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("markdown")


@mcp.tool()
def convert_to_markdown(uri: str) -> str:
    """Convert a resource described by an http:, https: or file: URI to Markdown."""
    return MarkItDown().convert_uri(uri).markdown  # expect: ssrf from=uri, path-traversal from=uri


@mcp.tool()
def docs_page(page: str) -> str:
    """Convert a page of the documentation site to Markdown."""
    return MarkItDown().convert_uri(f"https://docs.example.com/{page}").markdown
