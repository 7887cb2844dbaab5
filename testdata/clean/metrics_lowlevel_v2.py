"""Service metrics over PostgreSQL on the low-level server API (mcp 2.x handler keywords)."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from typing import Any

import anyio
import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from mcp.server import Server
from mcp.server.stdio import stdio_server
from mcp.types import CallToolRequestParams, CallToolResult, ListToolsResult, TextContent, Tool

DSN = os.environ["METRICS_DSN"]
REPORT_DIR = os.path.realpath(os.environ.get("REPORT_DIR", "/srv/metrics/reports"))
METRIC_TABLES = {"latency": "latency_p95", "errors": "error_rate", "traffic": "requests_per_minute"}
SERVICE = re.compile(r"[a-z][a-z0-9-]{1,40}")


def _string_props(*names: str) -> dict[str, Any]:
    return {"type": "object", "properties": {n: {"type": "string"} for n in names}, "required": list(names)}


TOOLS = [
    Tool(name="metric_series", description="Daily values of a metric for a service",
         input_schema=_string_props("metric", "service", "since")),
    Tool(name="services", description="Services that report metrics", input_schema=_string_props()),
    Tool(name="column_summary", description="Average of a metric column over all services",
         input_schema=_string_props("metric", "column")),
    Tool(name="save_report", description="Write a Markdown report to the report folder",
         input_schema=_string_props("service", "body")),
]


def _connect() -> psycopg.Connection:
    return psycopg.connect(DSN, row_factory=dict_row)


def _text(value: Any) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=json.dumps(value, default=str))])


async def on_list_tools(ctx: Any, params: Any) -> ListToolsResult:
    return ListToolsResult(tools=TOOLS)


async def on_call_tool(ctx: Any, params: CallToolRequestParams) -> CallToolResult:
    args = params.arguments or {}
    match params.name:
        case "metric_series":
            return _text(metric_series(args["metric"], args["service"], args.get("since", "")))
        case "services":
            with _connect() as conn:
                return _text([r["service"] for r in conn.execute("SELECT DISTINCT service FROM services ORDER BY 1")])
        case "column_summary":
            return _text(column_summary(args["metric"], args["column"]))
        case "save_report":
            return _text(save_report(args["service"], args["body"]))
    raise ValueError(f"unknown tool {params.name}")


def metric_series(metric: str, service: str, since: str) -> list[dict[str, Any]]:
    if metric not in METRIC_TABLES:
        raise ValueError(f"metric must be one of {sorted(METRIC_TABLES)}")
    start = date.fromisoformat(since) if since else date(2000, 1, 1)
    query = sql.SQL("SELECT day, value FROM {} WHERE service = %s AND day >= %s ORDER BY day").format(
        sql.Identifier(METRIC_TABLES[metric])
    )
    with _connect() as conn:
        return conn.execute(query, (service, start)).fetchall()


def column_summary(metric: str, column: str) -> dict[str, Any]:
    if metric not in METRIC_TABLES:
        raise ValueError("unknown metric")
    query = sql.SQL("SELECT avg({col}) AS mean, max({col}) AS peak FROM {tbl}").format(
        col=sql.Identifier(column), tbl=sql.Identifier(METRIC_TABLES[metric])
    )
    with _connect() as conn:
        return conn.execute(query).fetchone() or {}


def save_report(service: str, body: str) -> dict[str, str]:
    if not SERVICE.fullmatch(service):
        raise ValueError("invalid service name")
    path = os.path.join(REPORT_DIR, f"{service}-{date.today().isoformat()}.md")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(body)
    return {"path": path}


server = Server("service-metrics", on_list_tools=on_list_tools, on_call_tool=on_call_tool)


async def main() -> None:
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


if __name__ == "__main__":
    anyio.run(main)
