"""Notes server on the standalone fastmcp 2.x package, run over HTTP."""

from fastmcp import FastMCP

PUBLIC_HOST = "0.0.0.0"  # expect: exposed-transport
LOCAL_HOST = "127.0.0.1"

mcp = FastMCP("notes")  # expect: unauthenticated-transport
NOTES: list[str] = []


@mcp.tool
def add_note(text: str) -> int:
    """Store a note and return its number."""
    NOTES.append(text)
    return len(NOTES)


@mcp.resource("notes://all")
def all_notes() -> str:
    """Every note, one a line."""
    return "\n".join(NOTES)


def serve_public() -> None:
    mcp.run(transport="http", host=PUBLIC_HOST, port=9000)


def serve_local() -> None:
    # Loopback only, and a loopback default: fine.
    mcp.run(transport="http", host=LOCAL_HOST, port=9001)


def serve_configured(host: str) -> None:
    # Whatever the caller decided: no default is written here.
    mcp.run(transport="sse", host=host)


def serve_choice(public: bool) -> None:
    # An explicit opt-in is not a default.
    mcp.run(transport="http", host="0.0.0.0" if public else "127.0.0.1")
