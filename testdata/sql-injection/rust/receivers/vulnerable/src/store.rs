//! The ticket store's state; its queries are in `queries.rs`.

use rusqlite::Connection;

pub struct TicketStore {
    pub(crate) conn: Connection,
}
