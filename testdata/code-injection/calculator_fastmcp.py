"""A calculator and scratch-pad server (FastMCP, mcp 1.x): expressions and snippets from the model."""

from __future__ import annotations

import ast
import builtins
import json
import math
import operator

from mcp.server.fastmcp import Context, FastMCP

mcp = FastMCP("calculator")

SAFE_NAMES = {"pi": math.pi, "e": math.e, "sqrt": math.sqrt, "log": math.log}
PRESETS = {"circle_area": "pi * r ** 2", "hypotenuse": "sqrt(a ** 2 + b ** 2)"}
OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


# --- Vulnerable: the model's text is run as Python --------------------------------------------


@mcp.tool()
def calculate(expression: str) -> str:
    """Evaluate an arithmetic expression such as `2 * (3 + 4)`."""
    # Emptying __builtins__ is no sandbox: ().__class__.__mro__[1].__subclasses__() still works.
    result = eval(expression, {"__builtins__": {}}, SAFE_NAMES)  # expect: code-injection
    return str(result)


@mcp.tool()
def run_snippet(code: str, ctx: Context) -> str:
    """Run a short Python snippet and return what it assigned to `result`."""
    scope: dict[str, object] = {}
    exec(code, scope)  # expect: code-injection from=code
    return repr(scope.get("result"))


@mcp.tool()
def check_syntax(source: str) -> str:
    """Compile a snippet to check that it parses."""
    compiled = compile(source, "<snippet>", "exec")  # expect: code-injection
    return f"ok: {compiled.co_name}"


@mcp.tool()
def plot_function(formula: str, start: float = 0.0, stop: float = 1.0) -> list[float]:
    """Sample y = f(x) over an interval; the formula may use x."""
    body = f"lambda x: {formula}"
    fn = builtins.eval(body)  # expect: code-injection from=formula
    step = (stop - start) / 10
    return [fn(start + i * step) for i in range(11)]


def _apply(template: str, values: dict) -> object:
    return eval(template, {"__builtins__": {}}, values)  # expect: code-injection from=formula


@mcp.tool()
def apply_formula(formula: str, a: float, b: float) -> str:
    """Apply a formula to two numbers."""
    return str(_apply(formula, {"a": a, "b": b}))


# --- Safe: the input is parsed as data, or picks from a fixed table ---------------------------


@mcp.tool()
def parse_literal(text: str) -> str:
    """Parse a Python literal (list, dict, number, string)."""
    return json.dumps(ast.literal_eval(text))


@mcp.tool()
def parse_json(text: str) -> dict:
    """Parse a JSON document."""
    return json.loads(text)


@mcp.tool()
def preset(name: str, r: float = 1.0, a: float = 3.0, b: float = 4.0) -> str:
    """Evaluate one of the preset formulas."""
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}")
    return str(eval(PRESETS[name], {"__builtins__": {}}, {**SAFE_NAMES, "r": r, "a": a, "b": b}))


@mcp.tool()
def binary(op: str, left: float, right: float) -> float:
    """Apply +, -, * or / to two numbers."""
    return OPERATORS[op](left, right)


@mcp.tool()
def fixed_expression(x: float) -> str:
    """Evaluate a fixed polynomial at x."""
    return str(eval("3 * x ** 2 + 2 * x + 1", {"__builtins__": {}}, {"x": x}))
