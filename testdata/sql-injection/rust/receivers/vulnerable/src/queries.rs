//! Queries of the ticket store.

use rusqlite::Connection;

use crate::store::TicketStore;

impl TicketStore {
    pub fn open(path: &str) -> Self {
        Self { conn: Connection::open(path).expect("database opens") }
    }

    pub fn summary(&self, key: &str) -> String {
        let sql = format!("SELECT title, status FROM tickets WHERE key = '{key}'");
        self.conn.query_row(&sql, [], |r| r.get::<_, String>(0)).unwrap_or_default() // expect: sql-injection from=args
    }

    pub fn comments_of(path: &str, key: &str) -> String {
        let conn = Connection::open(path).expect("database opens");
        let sql = format!("SELECT body FROM comments WHERE ticket = '{key}'");
        conn.query_row(&sql, [], |r| r.get::<_, String>(0)).unwrap_or_default() // expect: sql-injection from=args
    }

    pub fn count_where(&self, filter: &str) -> String {
        let sql = format!("SELECT count(*) FROM tickets WHERE {filter}");
        self.conn.query_row(&sql, [], |r| r.get::<_, i64>(0)).map(|n| n.to_string()).unwrap_or_default() // expect: sql-injection from=args
    }
}
