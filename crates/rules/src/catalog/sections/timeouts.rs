//! The `[timeout]` table of `rules/timeouts.toml`, read by the `missing-timeout` rule: the row
//! format, checked and filtered by language at load. Rows with a `lang` key apply to those
//! languages only (`typescript` rows also serve JavaScript), rows without one to all of them.
//!
//! A `[[timeout.library]]` row says what a library does without a timeout (its default, the
//! values that turn the timeout off, the fix); `[[timeout.call]]` and `[[timeout.client]]` rows
//! name the library they belong to: a call row is a function that makes a request or runs a
//! process (`requests.get`), a client row a constructor whose value makes them through its
//! methods (`requests.Session()`, `reqwest::Client::builder()`). `[[timeout.guard]]` rows bound
//! what they wrap (`asyncio.wait_for`, `tokio::time::timeout`), `[[timeout.setting]]` rows give
//! a library a timeout for the whole program (`socket.setdefaulttimeout`).

use mcplint_ir::Lang;
use serde::Deserialize;

use super::applies;
use crate::catalog::OneOrMany;
use crate::catalog::typed::{ArgLocator, CalleePattern};
use crate::lazy_regex::LazyRegex;

/// The `[timeout]` table of `rules/timeouts.toml`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct TimeoutRows {
    /// What each library does without a timeout.
    #[serde(default)]
    pub(crate) library: Vec<LibraryRow>,
    /// Functions that make a request or run a process.
    #[serde(default)]
    pub(crate) call: Vec<CallRow>,
    /// Constructors of clients whose methods do.
    #[serde(default)]
    pub(crate) client: Vec<ClientRow>,
    /// Calls that bound the time of what they wrap or of the block they open.
    #[serde(default)]
    pub(crate) guard: Vec<GuardRow>,
    /// Settings that give a library a timeout for the whole program.
    #[serde(default)]
    pub(crate) setting: Vec<SettingRow>,
}

/// Whether a library waits without end when no timeout is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum DefaultTimeout {
    /// It waits without end (`requests`): a call without a timeout is reported.
    None,
    /// It has a finite default (`httpx`: 5 s): only a timeout turned off is reported.
    Finite,
}

/// What a library does without a timeout.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct LibraryRow {
    /// Languages (all when absent).
    #[serde(default)]
    pub(crate) lang: Option<OneOrMany>,
    /// Its name, as call and client rows and messages name it.
    pub(crate) name: String,
    /// Its default.
    pub(crate) default: DefaultTimeout,
    /// Regexes over the source text of a timeout value that turns the timeout off (`None`).
    #[serde(default)]
    pub(crate) unbounded: Vec<LazyRegex>,
    /// Regexes over the same text that, matching, make it a bound after all
    /// (`ClientTimeout(total=30)`, where `unbounded` matches every `ClientTimeout(...)`).
    #[serde(default)]
    pub(crate) bounded: Vec<LazyRegex>,
    /// What its calls do, for messages (`an HTTP request`).
    pub(crate) what: String,
    /// What its client rows make, for messages (`client`, `process`).
    #[serde(default = "client")]
    pub(crate) client: String,
    /// Why no timeout means waiting without end, for messages (`requests waits ...`).
    pub(crate) why: String,
    /// The fix hint.
    pub(crate) help: String,
}

fn client() -> String {
    "client".to_owned()
}

/// A function that makes a request or runs a process.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct CallRow {
    /// Languages (all when absent).
    #[serde(default)]
    pub(crate) lang: Option<OneOrMany>,
    /// The library (a [`LibraryRow::name`]).
    pub(crate) library: String,
    /// Callee patterns.
    pub(crate) call: OneOrMany<CalleePattern>,
    /// Where the call takes its timeout (`kwarg:timeout`, `arg:1.signal`); none: it takes none.
    #[serde(default)]
    pub(crate) timeout: Vec<ArgLocator>,
}

/// A constructor whose value makes requests or runs processes through its methods.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ClientRow {
    /// Languages (all when absent).
    #[serde(default)]
    pub(crate) lang: Option<OneOrMany>,
    /// The library (a [`LibraryRow::name`]).
    pub(crate) library: String,
    /// Constructor patterns (the root of a builder chain: `reqwest::Client::builder`).
    pub(crate) new: OneOrMany<CalleePattern>,
    /// Where the constructor takes the client's timeout (`kwarg:timeout`, `arg:0.timeout`).
    #[serde(default)]
    pub(crate) timeout: Vec<ArgLocator>,
    /// Methods of the builder chain, or of a request's chain, that set a timeout
    /// (`.timeout(d)`).
    #[serde(default)]
    pub(crate) timeout_methods: Vec<String>,
    /// The methods that make the request or run the process (`get`, `send`, `output`).
    pub(crate) methods: Vec<String>,
    /// Where such a method takes its own timeout.
    #[serde(default)]
    pub(crate) call_timeout: Vec<ArgLocator>,
    /// Methods called on the client, or attributes assigned on it, after which its timeout is
    /// not known (`session.mount(prefix, adapter)`: an adapter may set one).
    #[serde(default)]
    pub(crate) configured_by: Vec<String>,
}

/// A call that bounds the time of what it wraps (`asyncio.wait_for(coro, 10)`) or of the block
/// it opens (`async with asyncio.timeout(10):`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct GuardRow {
    /// Languages (all when absent).
    #[serde(default)]
    pub(crate) lang: Option<OneOrMany>,
    /// Callee patterns.
    pub(crate) call: OneOrMany<CalleePattern>,
    /// Where the bound is; a value matching `unbounded` is no bound.
    pub(crate) bound: Vec<ArgLocator>,
    /// Regexes over the bound's source text that mean no bound (`None`).
    #[serde(default)]
    pub(crate) unbounded: Vec<LazyRegex>,
    /// The argument it bounds; absent: it bounds the block it opens (a Python `with`).
    #[serde(default)]
    pub(crate) wraps: Option<ArgLocator>,
}

/// A setting that gives a library a timeout for the whole program: a call, or an assignment.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct SettingRow {
    /// Languages (all when absent).
    #[serde(default)]
    pub(crate) lang: Option<OneOrMany>,
    /// The library (a [`LibraryRow::name`]).
    pub(crate) library: String,
    /// Callee patterns (`socket.setdefaulttimeout`).
    #[serde(default)]
    pub(crate) call: Option<OneOrMany<CalleePattern>>,
    /// A regex over an assignment's target (`axios.defaults.timeout`).
    #[serde(default)]
    pub(crate) assign: Option<LazyRegex>,
}

impl TimeoutRows {
    /// Adds the rows of `other` that apply to `lang`.
    pub(crate) fn extend(&mut self, other: &TimeoutRows, lang: Lang) {
        fn keep<'a, T: Clone + 'a>(
            into: &mut Vec<T>,
            from: &'a [T],
            lang_of: impl Fn(&T) -> Option<&OneOrMany>,
            lang: Lang,
        ) {
            into.extend(from.iter().filter(|r| applies(lang_of(r), lang)).cloned());
        }
        keep(&mut self.library, &other.library, |r| r.lang.as_ref(), lang);
        keep(&mut self.call, &other.call, |r| r.lang.as_ref(), lang);
        keep(&mut self.client, &other.client, |r| r.lang.as_ref(), lang);
        keep(&mut self.guard, &other.guard, |r| r.lang.as_ref(), lang);
        keep(&mut self.setting, &other.setting, |r| r.lang.as_ref(), lang);
    }

    /// Whether there is nothing to report.
    pub(crate) fn is_empty(&self) -> bool {
        self.call.is_empty() && self.client.is_empty()
    }

    /// The library row of that name (the last one, so that a user's row replaces a built-in).
    pub(crate) fn library(&self, name: &str) -> Option<&LibraryRow> {
        self.library.iter().rev().find(|l| l.name == name)
    }
}
