"""Entry point: importing the tool modules registers their tools on the shared server."""

from . import tools  # noqa: F401  (registers the tools)
from .app import mcp


def main() -> None:
    mcp.run()


if __name__ == "__main__":
    main()
