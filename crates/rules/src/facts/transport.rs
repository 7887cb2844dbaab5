//! What the two exposure rules, `exposed-transport` and `error-leak`, both read in the IR:
//! nested argument locators, callee lists and the names a function binds. Their catalog rows are
//! in [`crate::catalog::sections::transport`] and [`crate::catalog::sections::leaks`].
//!
//! Both files cover several languages at once; a row with a `lang` key applies to those
//! languages only (`typescript` rows also serve JavaScript), a row without one to all of them.
//! Callee patterns are those of the other catalog rows (`exact.path`, `*.suffix`); argument
//! locators are `arg:N`, `kwarg:NAME` and, for object-literal arguments, `arg:N.FIELD.FIELD`.
//! Conditions (`when`) are those of sink rows (`LOC=TEXT`, `LOC~REGEX`, `chain~REGEX`).

use mcplint_ir::{Expr, File, FnId, Pattern, Stmt};

use crate::catalog::typed::CalleePattern;

/// Whether any pattern in a list matches `callee`.
pub(crate) fn list_matches(patterns: &[CalleePattern], callee: &str) -> bool {
    patterns.iter().any(|p| p.matches(callee))
}

/// The values assigned to plain names, per function, for folding constants
/// (`HOST = "0.0.0.0"` then `host=HOST`).
pub(crate) struct Bindings<'a> {
    by_name: foldhash::HashMap<(FnId, &'a str), Vec<&'a Expr>>,
}

impl<'a> Bindings<'a> {
    /// Collects every `name = value` of every function of `file`.
    pub(crate) fn collect(file: &'a File) -> Self {
        let mut by_name: foldhash::HashMap<(FnId, &'a str), Vec<&'a Expr>> =
            foldhash::HashMap::default();
        for (id, func) in file.functions.iter().enumerate() {
            mcplint_ir::visit::walk_stmts(&func.body, &mut |st| {
                if let Stmt::Assign {
                    target: Pattern::Name(n),
                    value,
                    ..
                } = st
                {
                    by_name.entry((id, n.as_str())).or_default().push(value);
                }
            });
        }
        Self { by_name }
    }

    /// The one value `name` is given, as seen from function `func`: its own assignment, else
    /// that of the nearest enclosing function (the module level last). `None` when it is
    /// assigned more than once where it is found, or nowhere.
    pub(crate) fn value(&self, file: &File, func: FnId, name: &str) -> Option<(&'a Expr, FnId)> {
        let mut cur = Some(func);
        let mut steps = 0;
        while let Some(id) = cur {
            if let Some(values) = self.by_name.get(&(id, name)) {
                return match values.as_slice() {
                    [one] => Some((one, id)),
                    _ => None,
                };
            }
            steps += 1;
            if steps > 16 {
                return None;
            }
            cur = match file.functions.get(id).and_then(|f| f.parent) {
                Some(p) => Some(p),
                None if id != 0 => Some(0),
                None => None,
            };
        }
        None
    }
}
