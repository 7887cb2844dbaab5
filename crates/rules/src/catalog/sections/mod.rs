//! The formats of the catalog's sections that are not taint rows, each compiled at load:
//! descriptions, secrets, transport and leaks.

pub(crate) mod descriptions;
pub(crate) mod secrets;
pub(crate) mod transport;
