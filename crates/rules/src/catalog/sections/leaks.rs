//! The `[leak]` table of `rules/leaks.toml`, read by the `error-leak` rule: the row format,
//! checked and filtered by language at load. Rows with a `lang` key apply to those languages only
//! (`typescript` rows also serve JavaScript), rows without one to all of them.

use mcplint_ir::Lang;
use serde::Deserialize;

use super::applies;
use crate::catalog::OneOrMany;
use crate::catalog::typed::{ArgLocator, CalleePattern};
use crate::lazy_regex::LazyRegex;

/// The `[leak]` table of `rules/leaks.toml`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct LeakRows {
    /// Calls whose result does not reveal their arguments' content (`len`, `*.startswith`).
    #[serde(default)]
    pub(crate) opaque: Vec<CalleePattern>,
    /// Methods that put their arguments into their receiver (`*.append`).
    #[serde(default)]
    pub(crate) mutators: Vec<CalleePattern>,
    /// Keyword arguments and option fields that hand a child process its environment
    /// (`subprocess.run(..., env=...)`, `exec(cmd, { env: {...process.env} })`): what is passed
    /// there does not show in the call's result.
    #[serde(default)]
    pub(crate) child_env_keys: Vec<String>,
    /// Calls that show all their arguments in their result (`json.dumps`, `JSON.stringify`):
    /// `child-env-keys` do not apply to them (`json.dumps({"env": dict(os.environ)})` leaks).
    #[serde(default)]
    pub(crate) serializers: Vec<CalleePattern>,
    /// What leaks.
    #[serde(default)]
    pub(crate) source: Vec<LeakSourceRow>,
    /// How a caught error is bound.
    #[serde(default)]
    pub(crate) error_binding: Vec<ErrorBindingRow>,
}

/// Something that must not reach a tool result.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct LeakSourceRow {
    /// Languages (all when absent).
    #[serde(default)]
    pub(crate) lang: Option<OneOrMany>,
    /// Callee patterns (`traceback.format_exc`).
    #[serde(default)]
    pub(crate) call: Option<OneOrMany<CalleePattern>>,
    /// With `call`: only when the argument here is a caught error (`repr(e)`).
    #[serde(default)]
    pub(crate) error_arg: Option<ArgLocator>,
    /// A name whose value leaks (`os.environ`); method calls on it leak only through
    /// `dump-methods`.
    #[serde(default)]
    pub(crate) name: Option<OneOrMany<CalleePattern>>,
    /// With `name`: methods whose result is still the whole value (`*.copy`, `*.items`).
    #[serde(default)]
    pub(crate) dump_methods: Vec<CalleePattern>,
    /// A field of a caught error (`stack`).
    #[serde(default)]
    pub(crate) error_field: Option<String>,
    /// A regex over the format spec of a caught error interpolated into a string (`!r`, `?`).
    #[serde(default)]
    pub(crate) format_spec: Option<LazyRegex>,
    /// What it is, for messages (`a stack trace`).
    pub(crate) what: String,
    /// The fix hint.
    pub(crate) help: String,
}

/// How a caught error is bound.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ErrorBindingRow {
    /// Languages (all when absent).
    #[serde(default)]
    pub(crate) lang: Option<OneOrMany>,
    /// A regex over the source text of the binding's line before it (`except X as`).
    #[serde(default)]
    pub(crate) before: Option<LazyRegex>,
    /// Destructuring patterns whose single binding is an error (`Err(e)`).
    #[serde(default)]
    pub(crate) pattern: Vec<String>,
    /// Calls whose callback's first parameter is an error (`*.map_err`, `*.catch`).
    #[serde(default)]
    pub(crate) callback: Vec<CalleePattern>,
}

impl LeakRows {
    /// Adds the rows of `other` that apply to `lang`.
    pub(crate) fn extend(&mut self, other: &LeakRows, lang: Lang) {
        self.opaque.extend(other.opaque.iter().cloned());
        self.mutators.extend(other.mutators.iter().cloned());
        self.child_env_keys
            .extend(other.child_env_keys.iter().cloned());
        self.serializers.extend(other.serializers.iter().cloned());
        self.source.extend(
            other
                .source
                .iter()
                .filter(|r| applies(r.lang.as_ref(), lang))
                .cloned(),
        );
        self.error_binding.extend(
            other
                .error_binding
                .iter()
                .filter(|r| applies(r.lang.as_ref(), lang))
                .cloned(),
        );
    }

    /// Whether there are no sources.
    pub(crate) fn is_empty(&self) -> bool {
        self.source.is_empty()
    }
}
