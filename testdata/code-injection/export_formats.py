"""Report exporters and a unit calculator (FastMCP, mcp 1.x) whose dynamic code runs in helpers:
each helper is as safe as what its callers check before calling it."""

import importlib
import re

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("reports")

EXPORTERS = {"csv", "xlsx", "pdf"}
ARITHMETIC = re.compile(r"[\d\s.+\-*/()]+")


def _exporter(fmt: str):
    """The exporter module of one output format."""
    return importlib.import_module(f"reports.exporters.{fmt}")  # safe: code-injection


def _theme(module: str):
    """A theme module, by dotted name."""
    return importlib.import_module(module)  # expect: code-injection from=theme


def _evaluate(expression: str) -> float:
    """Evaluate an arithmetic expression with no names in scope."""
    return float(eval(expression, {"__builtins__": {}}, {}))  # safe: code-injection


@mcp.tool()
def export_report(report_id: str, fmt: str = "csv") -> str:
    """Export a report in one of the supported formats (csv, xlsx, pdf)."""
    if fmt not in EXPORTERS:
        raise ValueError(f"unsupported format {fmt!r}; choose one of {sorted(EXPORTERS)}")
    return _exporter(fmt).export(report_id)


@mcp.tool()
def styled_report(report_id: str, theme: str) -> str:
    """Render a report with a theme module such as `reports.themes.dark`."""
    # Any importable module runs its top-level code on import: `os`-level side effects included.
    return _theme(theme).render(report_id)


@mcp.tool()
def scale_column(report_id: str, factor: str) -> str:
    """Scale a numeric column by a factor given as arithmetic (`1000 / 3`)."""
    if not ARITHMETIC.fullmatch(factor):
        raise ValueError("the factor may use only digits, + - * / and parentheses")
    return f"{report_id} scaled by {_evaluate(factor)}"
