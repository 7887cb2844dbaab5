//! Title search backends.

use rusqlite::Connection;

pub trait Search {
    fn matching(&self, text: &str) -> String;
}

pub struct SqlSearch {
    conn: Connection,
}

impl SqlSearch {
    pub fn open(path: &str) -> Self {
        Self { conn: Connection::open(path).expect("database opens") }
    }
}

impl Search for SqlSearch {
    fn matching(&self, text: &str) -> String {
        let mut clauses = Vec::new();
        clauses.push(format!("SELECT key FROM tickets WHERE title LIKE '%{text}%'"));
        let sql = clauses.join(" UNION ");
        let mut stmt = self.conn.prepare(&sql).expect("query prepares"); // expect: sql-injection from=args
        stmt.query_map([], |r| r.get::<_, String>(0)).map(|rows| rows.filter_map(Result::ok).collect::<Vec<_>>().join("\n")).unwrap_or_default()
    }
}
