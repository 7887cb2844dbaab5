"""Catalog tools over ClickHouse and MySQL that quote values with the driver's own helpers.

Each pair differs in one line: the value quoted by the driver (silent) or pasted between quotes
by hand (reported)."""

import clickhouse_connect
import pymysql
from clickhouse_connect.driver.binding import format_query_value
from mcp.server.fastmcp import FastMCP
from pymysql.converters import escape_str

mcp = FastMCP("catalog")
client = clickhouse_connect.get_client(host="localhost")


@mcp.tool()
def list_tables(database: str, like: str = "") -> list[str]:
    """Tables of a database, optionally filtered by a LIKE pattern."""
    query = f"SELECT name FROM system.tables WHERE database = {format_query_value(database)}"
    if like:
        query += f" AND name LIKE {format_query_value(like)}"
    return [row[0] for row in client.query(query).result_rows]  # quoted by the driver


@mcp.tool()
def list_tables_by_hand(database: str, like: str = "") -> list[str]:
    """Tables of a database, optionally filtered by a LIKE pattern."""
    query = f"SELECT name FROM system.tables WHERE database = {format_query_value(database)}"
    if like:
        query += f" AND name LIKE '{like}'"
    return [row[0] for row in client.query(query).result_rows]  # expect: sql-injection from=like


@mcp.tool()
def describe_tables(database: str, tables: list[str]) -> list[tuple]:
    """Columns of some tables."""
    names = ", ".join(format_query_value(t) for t in tables)
    query = f"SELECT table, name, type FROM system.columns WHERE database = 'default' AND table IN ({names})"
    return client.query(query).result_rows  # quoted by the driver


@mcp.tool()
def describe_tables_by_hand(database: str, tables: list[str]) -> list[tuple]:
    """Columns of some tables."""
    names = ", ".join(f"'{t}'" for t in tables)
    query = f"SELECT table, name, type FROM system.columns WHERE database = 'default' AND table IN ({names})"
    return client.query(query).result_rows  # expect: sql-injection from=tables


@mcp.tool()
def find_customer(email: str) -> list[tuple]:
    """Customers with this e-mail address."""
    with pymysql.connect(host="localhost", user="reader", database="shop") as conn:
        cur = conn.cursor()
        cur.execute(f"SELECT id, name FROM customers WHERE email = {escape_str(email)}")  # quoted by the driver
        return list(cur.fetchall())


@mcp.tool()
def find_customer_by_hand(email: str) -> list[tuple]:
    """Customers with this e-mail address."""
    with pymysql.connect(host="localhost", user="reader", database="shop") as conn:
        cur = conn.cursor()
        cur.execute(f"SELECT id, name FROM customers WHERE email = '{email}'")  # expect: sql-injection from=email
        return list(cur.fetchall())
