use crate::{Check, declare_rule};

declare_rule! {
    /// ## What it does
    /// Finds SQL strings built from tool input (f-strings, `%`, `.format()`, `+`) that reach a
    /// database call: `DB-API` `execute`/`executemany`/`executescript` (`sqlite3`, `psycopg`, `pymysql`,
    /// `aiosqlite`), `asyncpg`, `SQLAlchemy` `text()` and `exec_driver_sql`, pandas `read_sql`, duckdb.
    ///
    /// A tool that passes its own `sql` parameter unchanged to `execute` is a deliberate
    /// "run a query" tool and is not reported; building a query around a value is.
    ///
    /// ## Why is this bad?
    /// A model-chosen value such as `1 OR 1=1` or `x'; DROP TABLE notes; --` changes the meaning
    /// of the query: it reads rows the tool should not return, or writes where it should only read.
    ///
    /// ## Example
    /// ```python
    /// import sqlite3
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("notes")
    /// db = sqlite3.connect("notes.db")
    ///
    /// @mcp.tool()
    /// def find_notes(author: str) -> list:
    ///     """Notes by one author."""
    ///     return db.execute(f"SELECT title FROM notes WHERE author = '{author}'").fetchall()  # expect: sql-injection
    /// ```
    ///
    /// ## Use instead
    /// Bind values as parameters; check identifiers (table and column names) against a fixed list:
    /// ```python
    /// import sqlite3
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("notes")
    /// db = sqlite3.connect("notes.db")
    ///
    /// @mcp.tool()
    /// def find_notes(author: str) -> list:
    ///     """Notes by one author."""
    ///     return db.execute("SELECT title FROM notes WHERE author = ?", (author,)).fetchall()
    /// ```
    ///
    /// ## References
    /// - [CWE-89: SQL Injection](https://cwe.mitre.org/data/definitions/89.html)
    /// - [OWASP SQL Injection Prevention Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html)
    pub(crate) SQL_INJECTION {
        name: "sql-injection",
        severity: Error,
        cwe: [89],
        summary: "tool input is interpolated into a SQL query",
        languages: [Python, TypeScript, JavaScript, Rust],
        check: Check::Taint {
            kinds: &["sql"],
            message: "{tool} input is interpolated into {what}",
        },
    }
}
