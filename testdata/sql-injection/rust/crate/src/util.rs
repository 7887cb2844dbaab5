//! Database helpers shared by the tool modules.

use rusqlite::{Connection, Result};

pub fn migrate(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS commits (sha TEXT PRIMARY KEY, author TEXT, date TEXT, subject TEXT);
         CREATE TABLE IF NOT EXISTS changes (sha TEXT, path TEXT);
         CREATE TABLE IF NOT EXISTS labels (sha TEXT, label TEXT);",
    )
}

/// Runs a query and returns the first two columns of each row joined by a space.
pub fn query_rows(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?; // expect: sql-injection from=args
    let rows = stmt.query_map([], |r| Ok(format!("{} {}", r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    rows.collect()
}

pub fn commits_by(author: &str) -> String {
    format!("SELECT sha, subject FROM commits WHERE author = '{author}' ORDER BY date DESC")
}

/// Counts commits whose `column` equals `value`; callers pass a literal column name.
pub fn count_where(conn: &Connection, column: &str, value: &str) -> Result<i64> {
    conn.query_row(&format!("SELECT count(*) FROM commits WHERE {column} = ?1"), [value], |r| r.get(0))
}

pub fn exec(conn: &Connection, sql: &str) -> Result<usize> {
    conn.execute(sql, []) // expect: sql-injection
}

/// Writes a compacted copy of the index; used by the backup subcommand, never by a tool.
pub fn vacuum_into(conn: &Connection, target: &str) -> Result<()> {
    conn.execute_batch(&format!("VACUUM INTO '{target}'"))
}
