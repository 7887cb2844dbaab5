//! The formats of the catalog's sections that are not taint rows, each compiled or checked at
//! load: descriptions, secrets, transport, leaks, timeouts and per-language knowledge (fix hints,
//! standard library, callback methods). Only formats and the data built from them
//! live here; each rule's matcher lives with its rule (`rules/<rule>/`).

use mcplint_ir::Lang;

use crate::catalog::OneOrMany;

pub(crate) mod descriptions;
pub(crate) mod language;
pub(crate) mod leaks;
pub(crate) mod secrets;
pub(crate) mod timeouts;
pub(crate) mod transport;

/// Whether a row with these `lang` values applies to `to` (all languages when absent).
pub(super) fn applies(lang: Option<&OneOrMany>, to: Lang) -> bool {
    lang.is_none_or(|l| l.values().contains(&to.name()))
}
