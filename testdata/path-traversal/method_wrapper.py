"""Dataset server that registers its methods through a wrapper method of its own."""

import os
from pathlib import Path

from mcp.server.fastmcp import FastMCP

DATA = Path(os.environ.get("DATA_DIR", "/srv/datasets")).resolve()


class DatasetServer:
    def __init__(self) -> None:
        self.mcp = FastMCP("datasets")
        self._register("load_dataset", self.load_dataset)
        self._register("load_known_dataset", self.load_known_dataset)
        self._schedule("refresh", self.refresh)

    def _register(self, name: str, fn) -> None:
        self.mcp.add_tool(fn, name=name, description=fn.__doc__)

    def _schedule(self, label: str, fn) -> None:
        """Keep a job for the nightly run; registers nothing."""
        self.jobs = [(label, fn)]

    def load_dataset(self, path: str) -> str:
        """Load a CSV dataset."""
        return open(path).read()  # expect: path-traversal from=path

    def load_known_dataset(self, path: str) -> str:
        """Load a CSV dataset from the data folder."""
        return open(DATA / os.path.basename(path)).read()

    def refresh(self, path: str) -> None:
        os.remove(path)  # safe: path-traversal


if __name__ == "__main__":
    DatasetServer().mcp.run()
