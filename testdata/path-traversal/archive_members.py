"""Word documents read as zip archives (python-docx style servers).

`Path.open()` opens the path it is called on; `ZipFile.open(name)` opens a member of an archive
that is already open. The pairs differ in the one call that matters."""

import zipfile
from pathlib import Path

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("word")
DOCS = Path("/srv/documents")


@mcp.tool()
def document_xml(doc_path: str) -> str:
    """The raw XML of any document."""
    with zipfile.ZipFile(doc_path) as docx:  # expect: path-traversal from=doc_path
        with docx.open("word/document.xml") as xml_file:  # a member of the archive, not a path
            return xml_file.read().decode("utf-8")


@mcp.tool()
def document_text(doc_path: str) -> str:
    """The raw text of any document."""
    with Path(doc_path).open("rb") as f:  # expect: path-traversal from=doc_path
        return f.read().decode("utf-8", "replace")


@mcp.tool()
def document_text_unchecked(doc_path: str) -> str:
    """The raw text of any document."""
    with Path(doc_path).open() as f:  # expect: path-traversal from=doc_path
        return f.read()
