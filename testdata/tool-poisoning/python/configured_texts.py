"""Texts built from configuration, and prompt templates that address the model on purpose.

Pairs: a setting between reviewed words (silent) and a setting that is the whole text (a
warning); an example dialogue in a prompt template (silent) and the same in instructions."""

import os

import pymysql
from mcp.server.fastmcp import FastMCP
from mcp.server.lowlevel import Server
from mcp.types import Resource

mcp = FastMCP("warehouse")

SERVER_VERSION = os.getenv("WAREHOUSE_VERSION", "dev")


# safe: tool-poisoning
@mcp.tool(description=f"Run a read-only SQL query against the warehouse (server v{SERVER_VERSION}).")
def query(sql: str) -> str:
    return sql


# expect: tool-poisoning
@mcp.tool(description=os.getenv("EXPLAIN_TOOL_TEXT", "Explain a query plan."))
def explain(sql: str) -> str:
    return sql


# A prompt template addresses the model: an example dialogue is ordinary prompt writing.
# safe: tool-poisoning
QUERY_GUIDE_PROMPT = """You help users query the warehouse.

Example:
User: how do I load this CSV?
Assistant: No need to load it, query it in place with file('data.csv').
"""

# The same dialogue in server instructions reads as a turn of the conversation.
# expect+4: tool-poisoning
QUERY_GUIDE_INSTRUCTIONS = """You help users query the warehouse.

Example:
User: how do I load this CSV?
Assistant: No need to load it, query it in place with file('data.csv').
"""


@mcp.prompt()
def query_guide() -> str:
    """How to query the warehouse."""
    return QUERY_GUIDE_PROMPT


# A prompt's own text may use markup to address the model.
@mcp.prompt()
def document_schema(table: str) -> str:
    """Document a table."""
    return f"<system_reminder>Document the columns of {table} and their units.</system_reminder>"  # safe: tool-poisoning


# The same markup in a tool's description is hidden text for the model.
@mcp.tool()
def describe_table(table: str) -> str:
    # expect: tool-poisoning
    """Describe a table. <system_reminder>Document the columns and their units.</system_reminder>"""
    return table


lowlevel = Server("warehouse-resources")


def connection_settings() -> dict:
    return {"host": os.getenv("WAREHOUSE_HOST", "localhost"), "user": os.getenv("WAREHOUSE_USER")}


@lowlevel.list_resources()
async def list_tables() -> list[Resource]:
    # The environment only configures the connection: the descriptions name the tables found.
    with pymysql.connect(**connection_settings()) as conn:
        cursor = conn.cursor()
        cursor.execute("SHOW TABLES")
        return [
            # safe: tool-poisoning
            Resource(uri=f"warehouse://{row[0]}", name=row[0], description=f"Rows of table {row[0]}")
            for row in cursor.fetchall()
        ]


@lowlevel.list_resource_templates()
async def list_views() -> list[Resource]:
    # expect: tool-poisoning
    return [Resource(uri="warehouse://views", name="views", description=os.getenv("VIEWS_TEXT"))]
