"""Analytics tools over SQLAlchemy, pandas and DuckDB (fastmcp 2.x)."""

from __future__ import annotations

import os
from typing import Annotated, Any

import duckdb
import pandas as pd
from fastmcp import Context, FastMCP
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

ENGINE = create_engine(os.environ.get("ANALYTICS_DB", "sqlite:///analytics.db"))
PARQUET_DIR = "/srv/warehouse"
METRICS = {"revenue", "orders", "sessions", "signups"}

mcp = FastMCP("analytics")


@mcp.tool
def customer_orders(customer: Annotated[str, "customer id"]) -> list[dict[str, Any]]:
    """Orders placed by one customer."""
    with Session(ENGINE) as session:
        result = session.execute(text(f"SELECT * FROM orders WHERE customer_id = '{customer}'"))  # expect: sql-injection
        return [dict(r._mapping) for r in result]


@mcp.tool
def customer_profile(customer: str) -> dict[str, Any] | None:
    """Profile of one customer."""
    stmt = text("SELECT id, name, country FROM customers WHERE id = :cid").bindparams(cid=customer)
    with Session(ENGINE) as session:
        row = session.execute(stmt).first()
        return dict(row._mapping) if row else None


@mcp.tool
def orders_in_range(start: str, end: str) -> list[dict[str, Any]]:
    """Orders between two dates."""
    with ENGINE.connect() as conn:
        rows = conn.execute(text("SELECT * FROM orders WHERE placed_at BETWEEN :start AND :end"), {"start": start, "end": end})
        return [dict(r._mapping) for r in rows]


@mcp.tool("top_products", tags={"reports"})
def top_products(category: str, limit: int = 10) -> list[dict[str, Any]]:
    """Best-selling products of a category."""
    sql = (
        "SELECT p.name, sum(oi.qty) AS sold FROM order_items oi JOIN products p ON p.id = oi.product_id "
        f"WHERE p.category = '{category}' GROUP BY p.name ORDER BY sold DESC LIMIT {int(limit)}"
    )
    with ENGINE.connect() as conn:
        return [dict(r._mapping) for r in conn.exec_driver_sql(sql)]  # expect: sql-injection from=category


@mcp.tool
def metric_series(metric: str, ctx: Context) -> list[dict[str, Any]]:
    """Daily values of one metric."""
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {sorted(METRICS)}")
    frame = pd.read_sql(f"SELECT day, {metric} FROM daily_metrics ORDER BY day", ENGINE)
    return frame.to_dict(orient="records")


@mcp.tool
def cohort_table(signup_month: str) -> str:
    """Retention cohort for customers who signed up in a month."""
    frame = pd.read_sql("SELECT * FROM cohorts WHERE signup_month = '" + signup_month + "'", ENGINE)  # expect: sql-injection
    return frame.to_markdown()


@mcp.tool
def country_breakdown(country: str) -> str:
    """Revenue per city for one country."""
    frame = pd.read_sql(text("SELECT city, sum(total) AS revenue FROM orders WHERE country = :c GROUP BY city"), ENGINE, params={"c": country})
    return frame.to_markdown()


@mcp.tool
def parquet_summary(dataset: str, column: str) -> list[tuple]:
    """Min, max and mean of a column in a Parquet dataset."""
    rel = duckdb.sql(f"SELECT min({column}), max({column}), avg({column}) FROM '{PARQUET_DIR}/{dataset}.parquet'")  # expect: sql-injection from=dataset
    return rel.fetchall()


@mcp.tool
def parquet_lookup(key: str) -> list[tuple]:
    """Rows of the events dataset with one key."""
    con = duckdb.connect()
    return con.execute(f"SELECT * FROM '{PARQUET_DIR}/events.parquet' WHERE key = ?", [key]).fetchall()


@mcp.tool
def warehouse_query(query: str) -> list[tuple]:
    """Run an analyst's DuckDB query over the warehouse."""
    return duckdb.sql(query).fetchall()


@mcp.tool
def refresh_rollup(table: str, ctx: Context) -> str:
    """Rebuild a rollup table."""
    with ENGINE.begin() as conn:
        conn.execute(text("DELETE FROM " + table))  # expect: sql-injection from=table
        conn.execute(text(f"INSERT INTO {table} SELECT * FROM {table}_staging"))  # expect: sql-injection from=table
    return "refreshed"


if __name__ == "__main__":
    mcp.run()
