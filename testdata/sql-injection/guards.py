"""HR reporting tools with input checks, some sound and some not (FastMCP, mcp 1.x, PyMySQL)."""

from __future__ import annotations

import logging
import os
import re
from typing import Any

import pymysql
import pymysql.cursors
from mcp.server.fastmcp import FastMCP

log = logging.getLogger("hr-reports")

TABLES = {"employees", "departments", "salaries", "titles"}
SORTABLE = ("last_name", "hire_date", "salary")
DIRECTIONS = {"asc": "ASC", "desc": "DESC"}

mcp = FastMCP("hr-reports")


def _conn() -> pymysql.connections.Connection:
    return pymysql.connect(
        host=os.environ.get("HR_DB_HOST", "localhost"),
        user=os.environ.get("HR_DB_USER", "reports"),
        password=os.environ["HR_DB_PASSWORD"],
        database="hr",
        cursorclass=pymysql.cursors.DictCursor,
    )


# --- Sound checks ------------------------------------------------------------------------------


@mcp.tool()
def table_rows(table: str, limit: str = "50") -> list[dict[str, Any]]:
    """Rows of one of the reporting tables."""
    if table not in TABLES:
        raise ValueError(f"table must be one of {sorted(TABLES)}")
    with _conn() as conn, conn.cursor() as cur:
        cur.execute(f"SELECT * FROM `{table}` LIMIT {int(limit)}")
        return cur.fetchall()


@mcp.tool()
def employees_sorted(sort: str = "last_name", direction: str = "asc") -> list[dict[str, Any]]:
    """Employees in a chosen order."""
    if sort not in SORTABLE:
        return [{"error": f"cannot sort by {sort}"}]
    if direction not in DIRECTIONS:
        return [{"error": "direction must be asc or desc"}]
    with _conn() as conn, conn.cursor() as cur:
        cur.execute("SELECT emp_no, first_name, last_name, hire_date FROM employees ORDER BY %s %s" % (sort, DIRECTIONS[direction]))
        return cur.fetchall()


@mcp.tool()
def department_staff(dept_no: str) -> list[dict[str, Any]]:
    """Current staff of a department."""
    if not re.fullmatch(r"d\d{3}", dept_no):
        raise ValueError("department numbers look like d005")
    with _conn() as conn, conn.cursor() as cur:
        cur.execute(f"SELECT e.* FROM employees e JOIN dept_emp d USING (emp_no) WHERE d.dept_no = '{dept_no}'")
        return cur.fetchall()


@mcp.tool()
def column_stats(column: str) -> dict[str, Any]:
    """Minimum and maximum of a salaries column."""
    if not column.isidentifier():
        raise ValueError("not a column name")
    with _conn() as conn, conn.cursor() as cur:
        cur.execute(f"SELECT min({column}) AS lo, max({column}) AS hi FROM salaries")
        return cur.fetchone()


@mcp.tool()
def employees_by_ids(ids: list[str]) -> list[dict[str, Any]]:
    """Several employees by number."""
    placeholders = ", ".join(["%s"] * len(ids))
    with _conn() as conn, conn.cursor() as cur:
        cur.execute(f"SELECT * FROM employees WHERE emp_no IN ({placeholders})", ids)
        return cur.fetchall()


@mcp.tool()
def salary_history(emp_no: str) -> list[dict[str, Any]]:
    """Salary history of one employee."""
    with _conn() as conn, conn.cursor() as cur:
        cur.execute("SELECT salary, from_date, to_date FROM salaries WHERE emp_no = %s ORDER BY from_date", (emp_no,))
        return cur.fetchall()


# --- Flawed checks -----------------------------------------------------------------------------


@mcp.tool()
def search_employees(name: str) -> list[dict[str, Any]]:
    """Employees whose last name starts with a prefix."""
    lowered = name.lower()
    if "drop" in lowered or "delete" in lowered or ";" in lowered:
        raise ValueError("forbidden input")
    with _conn() as conn, conn.cursor() as cur:
        cur.execute(f"SELECT * FROM employees WHERE last_name LIKE '{name}%'")  # expect: sql-injection
        return cur.fetchall()


@mcp.tool()
def title_holders(title: str) -> list[dict[str, Any]]:
    """Employees who currently hold a title."""
    if not re.match(r"[A-Za-z ]+", title):
        raise ValueError("titles are words")
    with _conn() as conn, conn.cursor() as cur:
        cur.execute("SELECT emp_no FROM titles WHERE title = '" + title + "' AND to_date > NOW()")  # expect: sql-injection
        return cur.fetchall()


@mcp.tool()
def table_columns(table: str, where: str = "1=1") -> list[dict[str, Any]]:
    """Rows of a reporting table matching a condition."""
    if table not in TABLES:
        raise ValueError("unknown table")
    # The table is checked, the condition is not.
    with _conn() as conn, conn.cursor() as cur:
        cur.execute(f"SELECT * FROM {table} WHERE {where}")  # expect: sql-injection from=where
        return cur.fetchall()


@mcp.tool()
def hired_after(date: str) -> list[dict[str, Any]]:
    """Employees hired after a date."""
    if len(date) != 10:
        raise ValueError("use YYYY-MM-DD")
    with _conn() as conn, conn.cursor() as cur:
        cur.execute("SELECT * FROM employees WHERE hire_date > '%s'" % date)  # expect: sql-injection
        return cur.fetchall()


@mcp.tool()
def manager_of(dept_no: str) -> list[dict[str, Any]]:
    """Current manager of a department."""
    stripped = dept_no.replace("'", "").replace(";", "")
    with _conn() as conn, conn.cursor() as cur:
        cur.execute("SELECT * FROM dept_manager WHERE dept_no = {} AND to_date > NOW()".format(stripped))  # expect: sql-injection
        return cur.fetchall()


@mcp.tool()
def grouped_counts(group_by: str) -> list[dict[str, Any]]:
    """Employee counts grouped by a column."""
    if not re.fullmatch(r"[a-z_]+", group_by):
        log.warning("unexpected column %s", group_by)
    with _conn() as conn, conn.cursor() as cur:
        cur.execute(f"SELECT {group_by}, count(*) AS n FROM employees GROUP BY {group_by}")  # expect: sql-injection
        return cur.fetchall()


@mcp.tool()
def quoted_column(column: str) -> list[dict[str, Any]]:
    """Distinct values of a column."""
    if not isinstance(column, str):
        raise TypeError("column must be a string")
    with _conn() as conn, conn.cursor() as cur:
        cur.execute(f"SELECT DISTINCT `{column}` FROM employees")  # expect: sql-injection
        return cur.fetchall()


if __name__ == "__main__":
    mcp.run()
