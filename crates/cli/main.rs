//! The `mcplint` command line.
fn main() {}
