//! The catalog: what differs per language or framework, as data (`rules/*.toml`).
//!
//! Row types: `[[server]]` (constructors of MCP server objects), `[[tool]]` (how tools, resources
//! and prompts are declared, and which handler parameters are sources), `[[sink]]`,
//! `[[sanitizer]]`, `[[guard]]` (checks whose failing branch exits) and `[[propagator]]`.
//! Callee patterns are an exact resolved path (`subprocess.run`) or `*.method`, which matches any
//! callee ending in `.method`.

use std::collections::BTreeSet;

use mcplint_ir::Lang;
use serde::Deserialize;

mod callee;
mod error;
pub(crate) mod sections;
pub mod typed;

#[cfg(test)]
pub(crate) use callee::assert_index_keeps_matches;
pub use callee::{CallIndex, Candidates, OneOrMany, any_matches, library_matches};
pub use error::CatalogError;

use crate::lazy_regex::LazyRegex;
use typed::{
    ArgLocator, ArgMatch, ArgvMode, CalleePattern, Condition, DescriptionLocator, GuardTarget,
    HandlerLocator, KeyAlternatives, KindMask, NameLocator, PathState, PropagatesTo, SinkArg,
    SourcesSpec,
};

/// The catalog files shipped with mcplint, embedded at build time.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "descriptions.toml",
        include_str!("../../../../rules/descriptions.toml"),
    ),
    ("leaks.toml", include_str!("../../../../rules/leaks.toml")),
    ("python.toml", include_str!("../../../../rules/python.toml")),
    (
        "secrets.toml",
        include_str!("../../../../rules/secrets.toml"),
    ),
    ("sql.toml", include_str!("../../../../rules/sql.toml")),
    ("rust.toml", include_str!("../../../../rules/rust.toml")),
    (
        "timeouts.toml",
        include_str!("../../../../rules/timeouts.toml"),
    ),
    (
        "transport.toml",
        include_str!("../../../../rules/transport.toml"),
    ),
    (
        "typescript.toml",
        include_str!("../../../../rules/typescript.toml"),
    ),
];

/// Language-wide MCP facts.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct McpRow {
    /// Module prefixes whose import marks a file as an MCP server file (`mcp`, `fastmcp`).
    #[serde(default)]
    pub imports: Vec<String>,
    /// Receiver names accepted as servers in MCP files when their binding is opaque.
    #[serde(default)]
    pub receiver_names: Vec<String>,
    /// Type names of parameters that are never sources (`Context`).
    #[serde(default)]
    pub context_types: Vec<String>,
    /// Callees of parameter defaults that make a parameter a non-source (`Depends`).
    #[serde(default)]
    pub non_source_defaults: Vec<String>,
    /// Calls that return a function behaving like their first argument (`util.promisify`).
    #[serde(default)]
    pub function_wrappers: Vec<String>,
    /// Types that carry no text (numbers, booleans, chars; the SDK validates them): parameters
    /// of these types are not sources, and struct fields of them hold no tool text.
    #[serde(default)]
    pub scalar_types: Vec<String>,
    /// Kinds for which a library method called on a value that is not tool input
    /// (`client.describe(Arn=x)`, `index.search(q)`) returns what that library produced, not
    /// the tool's text: its result is clean for them (`ssrf`: a URL an API returns was not
    /// chosen by the tool).
    #[serde(default)]
    pub opaque_method_kinds: Vec<String>,
    /// Methods exempt from `opaque-method-kinds`: they build their result from their arguments
    /// (`"/".join(parts)`, `"{}".format(x)`).
    #[serde(default)]
    pub opaque_method_keep: Vec<CalleePattern>,
    /// Kinds that no library call passes from its arguments or receiver to its result, but
    /// those in `opaque-call-keep`: a credential reaches a tool's answer as text, and what a
    /// client built with it answers (`redis.Redis(password=pw).get(k)`) is not the credential.
    #[serde(default)]
    pub opaque_call_kinds: Vec<String>,
    /// The library calls that do pass those kinds on: text, serialisation and unwrapping
    /// (`str`, `*.strip`, `json.dumps`, `*.unwrap`).
    #[serde(default)]
    pub opaque_call_keep: Vec<CalleePattern>,
}

impl McpRow {
    /// Adds `other`'s entries after this row's, list by list.
    fn extend(&mut self, other: &McpRow) {
        self.imports.extend(other.imports.iter().cloned());
        self.receiver_names
            .extend(other.receiver_names.iter().cloned());
        self.context_types
            .extend(other.context_types.iter().cloned());
        self.non_source_defaults
            .extend(other.non_source_defaults.iter().cloned());
        self.function_wrappers
            .extend(other.function_wrappers.iter().cloned());
        self.scalar_types.extend(other.scalar_types.iter().cloned());
        self.opaque_method_kinds
            .extend(other.opaque_method_kinds.iter().cloned());
        self.opaque_method_keep
            .extend(other.opaque_method_keep.iter().cloned());
        self.opaque_call_kinds
            .extend(other.opaque_call_kinds.iter().cloned());
        self.opaque_call_keep
            .extend(other.opaque_call_keep.iter().cloned());
    }
}

/// A constructor whose result is an MCP server object.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ServerRow {
    /// Resolved callee paths.
    pub call: OneOrMany<CalleePattern>,
}

/// How a tool, resource or prompt is declared.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ToolRow {
    /// `tool`, `resource`, `resource-template` or `prompt`.
    pub kind: String,
    /// A decorator pattern on a server receiver (`*.tool`); the decorated function is the handler.
    #[serde(default)]
    pub decorator: Option<OneOrMany<CalleePattern>>,
    /// A call pattern (`*.add_tool`); `handler` says where the handler is.
    #[serde(default)]
    pub call: Option<OneOrMany<CalleePattern>>,
    /// Whether the call's receiver must be an MCP server (default true for `*.x` patterns).
    #[serde(default = "yes")]
    pub on_server: bool,
    /// Where the handler is, for `call` rows: `arg:N` or `kwarg:NAME`.
    #[serde(default)]
    pub handler: Option<OneOrMany<HandlerLocator>>,
    /// Which handler parameters are sources: `params` (all but self/context) or `param:N`.
    #[serde(default = "params")]
    pub sources: SourcesSpec,
    /// Where the name is: `arg:N`, `kwarg:NAME`, `function-name`.
    #[serde(default)]
    pub name: Option<OneOrMany<NameLocator>>,
    /// Where the description is: `arg:N`, `kwarg:NAME`, `docstring`.
    #[serde(default)]
    pub description: Option<OneOrMany<DescriptionLocator>>,
    /// Keyword of a list of parameter names that are not sources (`exclude_args`).
    #[serde(default)]
    pub exclude_args: Option<String>,
    /// A condition on the call (`arg:0~REGEX`, `arg:0=TEXT`), as for sinks.
    #[serde(default)]
    pub when: Option<Condition>,
    /// `McpServer.tool` overloads: the handler's first parameter is a source only when an
    /// argument between the name and the handler is a parameter shape (an object of schemas).
    #[serde(default)]
    pub sources_if_shape: bool,
    /// Tool-definition objects: an object literal with all these keys (alternatives split by
    /// `|`) is a declaration; `handler` names the function entry (`field:execute|handler`).
    #[serde(default)]
    pub record: Option<Vec<KeyAlternatives>>,
    /// Parameters annotated with one of these types are sources in any function.
    #[serde(default)]
    pub param_types: Option<Vec<String>>,
    /// Classes (structs) carrying one of these decorators are declarations; every method of
    /// theirs is a handler (rust-mcp-sdk `#[mcp_tool]`: `self` holds the arguments).
    #[serde(default)]
    pub class_decorator: Option<OneOrMany<CalleePattern>>,
    /// Classes extending one of these bases are declarations (`class X extends MCPTool`).
    #[serde(default)]
    pub class_base: Option<OneOrMany<CalleePattern>>,
    /// With `class-base`: which methods are handlers (`execute`); all methods when absent.
    #[serde(default)]
    pub methods: Option<Vec<String>>,
    /// File-convention tools (xmcp): a module exporting all these names declares a tool whose
    /// handler is its default export.
    #[serde(default)]
    pub module_exports: Option<Vec<String>>,
}

fn yes() -> bool {
    true
}

fn params() -> SourcesSpec {
    SourcesSpec::Params
}

/// A call whose argument must not carry tool input.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SinkRow {
    /// The sink kind, naming the rule family it feeds (`shell`, `path`, `sql`).
    pub kind: String,
    /// `kind`, interned when the catalog loads.
    #[serde(skip)]
    pub kind_mask: KindMask,
    /// Callee patterns.
    pub call: OneOrMany<CalleePattern>,
    /// Which arguments are dangerous: `arg:N`, `kwarg:NAME`, `receiver`, `any`.
    pub arg: OneOrMany<SinkArg>,
    /// A condition on the call, `kwarg:NAME=TEXT` or `arg:N=TEXT`, compared on source text;
    /// `LOC~REGEX` matches, `LOC!~REGEX` holds when the argument is absent or does not match
    /// (`kwarg:Loader!~SafeLoader`); `chain` is the call chain's text (see `condition_holds`).
    #[serde(default)]
    pub when: Option<Condition>,
    /// The located arguments count whole, object literals too: a `headers` mapping is the
    /// sink, not an options object whose fields are (see `options.FIELD`).
    #[serde(default)]
    pub whole: bool,
    /// Only report values built by string interpolation (for SQL, raw queries are a feature).
    #[serde(default)]
    pub requires_built: bool,
    /// Only report values whose literal text matches this `[text]` class (`sql`).
    #[serde(default)]
    pub requires_text: Option<String>,
    /// Short description of the sink used in messages (`a shell command`).
    #[serde(default)]
    pub what: Option<String>,
    /// A message of the row's own in place of its rule's template, with `{tool}` and `{what}`
    /// filled the same way: a flaw with a name of its own (zip slip).
    #[serde(default)]
    pub message: Option<String>,
    /// The located arguments are elements of a program's argument vector, judged one by one
    /// (`argument-injection`): `list` — each located argument is one element or a list of them
    /// (`subprocess.run([...])`, `execFile(cmd, [...])`, `.arg(x)`, `.args([...])`); `rest` — the
    /// located positional argument and every later positional one (varargs:
    /// `create_subprocess_exec("git", "log", x)`). An element counts only when its value can
    /// start with tool text: not a string built after a literal (`f"--format={x}"`), not one
    /// after a literal `--`, not the value of the literal option before it (`"-m", msg`). A call
    /// on a builder (`.arg`) continues the elements of the earlier calls in its chain or on the
    /// same variable. See `ArgvState` in taint/argv.rs.
    #[serde(default)]
    pub argv: Option<ArgvMode>,
    /// For `argv` rows: a regex over literal options that take no value (`--json`, `-v`), so the
    /// element after them is still judged; any other literal option is taken to consume the
    /// element after it. The union over a language's rows applies wherever a list is written.
    #[serde(default)]
    pub argv_flags: Option<LazyRegex>,
}

/// A value the server reads that a rule follows the way tool input is followed (see
/// `Check::SourceTaint`): the bearer token of the incoming request (`token`), a credential the
/// server holds (`secret`). A read matches by one of `call`, `name`, `member-of` or
/// `attribute`, and, when the row has `key-matches`, only if its key (the header or variable
/// name it reads) matches and `key-not` does not.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SourceRow {
    /// The source kind (`token`, `secret`), naming the rule that follows it.
    pub kind: String,
    /// The result of these calls (`os.getenv`, `*.get` with `receiver`).
    #[serde(default)]
    pub call: Option<OneOrMany<CalleePattern>>,
    /// For `call`: a regex the source text of the call's receiver must match
    /// (`(^|\.)headers$` for `request.headers.get(...)`).
    #[serde(default)]
    pub receiver: Option<LazyRegex>,
    /// For `call`: where the key is (`arg:0`); a string literal's value, else the argument's
    /// source text (`header::AUTHORIZATION`).
    #[serde(default)]
    pub key: Option<ArgLocator>,
    /// These names read whole (`*.authInfo.token`).
    #[serde(default)]
    pub name: Option<OneOrMany<CalleePattern>>,
    /// A member of these objects, by attribute or by a literal subscript (`process.env.KEY`,
    /// `os.environ["KEY"]`, `req.headers.authorization`): the member is the key.
    #[serde(default)]
    pub member_of: Option<OneOrMany<CalleePattern>>,
    /// A field of the object a method runs on (`self.KEY`, `this.KEY`, also by a literal
    /// subscript or `.get("KEY")`: `self.config.get("password")`), or of a module-level object
    /// (`settings.KEY` after `settings = Settings()` or `from .config import settings`): the
    /// field is the key. The fields of parameters and locals are what a caller or the tool's
    /// input gave.
    #[serde(default)]
    pub attribute: bool,
    /// A regex the key must match.
    #[serde(default)]
    pub key_matches: Option<LazyRegex>,
    /// A regex the key must not match (`max_tokens`, `TOKEN_URL`).
    #[serde(default)]
    pub key_not: Option<LazyRegex>,
    /// What is read, for messages (`the incoming request's Authorization header`); `{key}`
    /// stands for the key.
    pub what: String,
}

impl SourceRow {
    /// Whether `key` is one this row reads (always, when the row names no key pattern).
    pub fn key_holds(&self, key: &str) -> bool {
        self.key_matches.as_ref().is_none_or(|re| re.is_match(key))
            && self.key_not.as_ref().is_none_or(|re| !re.is_match(key))
    }
}

/// A call whose result is clean for some kinds.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SanitizerRow {
    /// Kinds it cleans (`*` for all).
    pub kind: OneOrMany,
    /// `kind`, interned when the catalog loads.
    #[serde(skip)]
    pub kind_mask: KindMask,
    /// Callee patterns.
    #[serde(default)]
    pub call: OneOrMany<CalleePattern>,
    /// Instead of a call: a regex over the text a built string has before a value interpolated
    /// into it; where it matches, that value is clean for `kind`. Holes before the value are
    /// written `{}` (what they hold is judged at their own position, and a value reaching
    /// several holes is clean only if clean at each), so `f"https://api.x.com/{repo}"` gives
    /// `https://api.x.com/` for `repo` and `f"{BASE}/{id}"` gives `{}/` for `id` (`ssrf`: the
    /// host is fixed before the value).
    #[serde(default)]
    pub prefix: Option<LazyRegex>,
    /// Instead of the call's result: this attribute read right on it (`attr = "name"` with
    /// `pathlib.Path` cleans `Path(x).name`, a basename, but not `Path(x)` itself).
    #[serde(default)]
    pub attr: Option<String>,
    /// A condition on the call, as for a sink row: `token[:4]` (`call = "[]"`, `when =
    /// "arg:0~^:\\s*\\d+$"`) shows four characters of a secret, `token[4:]` all but four.
    #[serde(default)]
    pub when: Option<Condition>,
}

/// A plugin framework whose host confines what its plugins can do: in a file that imports one
/// of `imports`, sinks of `kind` are reported as warnings whose message says what confines them
/// (`why`: an Extism plugin's `std::fs` calls reach only the directories the host preopens for
/// it).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SandboxRow {
    /// Sink kinds the host confines.
    pub kind: OneOrMany,
    /// `kind`, interned when the catalog loads.
    #[serde(skip)]
    pub kind_mask: KindMask,
    /// Module paths (or their prefixes, at a `::`, `.` or `/` boundary) whose import marks a
    /// file as a plugin of the framework.
    pub imports: Vec<String>,
    /// What confines these kinds, as the end of a finding's message ("..., but {why}").
    pub why: String,
}

/// A check that, when its failing branch exits, cleans what it checks below it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GuardRow {
    /// Kinds it cleans (`*` for all).
    pub kind: OneOrMany,
    /// `kind`, interned when the catalog loads.
    #[serde(skip)]
    pub kind_mask: KindMask,
    /// Callee patterns, including operators (`in`, `==`).
    pub call: OneOrMany<CalleePattern>,
    /// What it checks: `receiver`, `arg:N`, `args`.
    pub checks: GuardTarget,
    /// A state the checked value must be in (`resolved`: symlinks resolved;
    /// `resolved-where-it-exists`: by a project helper that falls back to the path it could not
    /// resolve, or resolved).
    #[serde(default)]
    pub requires: Option<PathState>,
    /// A regex the source text of an argument (or `receiver`) must match, as `arg:N=REGEX`.
    #[serde(default)]
    pub arg_matches: Option<ArgMatch>,
    /// The other operand must not carry tool input (membership in a fixed list).
    #[serde(default)]
    pub other_clean: bool,
    /// The call raises when the check fails, so it guards in statement position too.
    #[serde(default)]
    pub raises: bool,
    /// Which value holds when the check passes: `true` (default) or `false`.
    #[serde(default = "yes")]
    pub passes_when: bool,
    /// The check validates the origin of the value, not only the checked variable: every
    /// variable derived from the same tool input is cleaned (`path.relative(root, abs)` checks).
    #[serde(default)]
    pub clears_origin: bool,
    /// For loop guards: a regex over the tests of the exiting branches of a loop over this
    /// call's result (`for c in p.components() { if c == ParentDir { return } }`).
    #[serde(default)]
    pub loop_exit_matches: Option<LazyRegex>,
    /// Regexes that the tests of the function's exiting `if`s must each match for the check to
    /// hold: the other parts of a guard made of several checks (an address range check holds
    /// with a scheme allow-list).
    #[serde(default)]
    pub also_exits_on: Vec<LazyRegex>,
}

/// A call through which taint passes in a particular way.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PropagatorRow {
    /// Callee patterns.
    pub call: OneOrMany<CalleePattern>,
    /// Where taint goes: `return` (default) or `receiver` (container mutation such as `append`).
    #[serde(default = "ret")]
    pub to: PropagatesTo,
    /// A state the result is in: `resolved` (symlinks resolved).
    #[serde(default)]
    pub adds: Option<PathState>,
    /// The result is the names of an archive's members (`zf.namelist()`, `archive.by_index(i)`
    /// and what it holds): text the archive's author chose, so checks of the archive's own path
    /// do not cover it, and a path it reaches is a zip slip (see `Flags::member`).
    #[serde(default)]
    pub archive_members: bool,
    /// A condition on the call, as for a sink row (`chain~\bZipFile\(`).
    #[serde(default)]
    pub when: Option<Condition>,
}

fn ret() -> PropagatesTo {
    PropagatesTo::Return
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CatalogFile {
    languages: Vec<String>,
    #[serde(default)]
    mcp: Option<McpRow>,
    #[serde(default)]
    server: Vec<ServerRow>,
    #[serde(default)]
    tool: Vec<ToolRow>,
    #[serde(default)]
    sink: Vec<SinkRow>,
    #[serde(default)]
    source: Vec<SourceRow>,
    #[serde(default)]
    sanitizer: Vec<SanitizerRow>,
    #[serde(default)]
    guard: Vec<GuardRow>,
    #[serde(default)]
    propagator: Vec<PropagatorRow>,
    #[serde(default)]
    sandbox: Vec<SandboxRow>,
    #[serde(default)]
    text: std::collections::BTreeMap<String, LazyRegex>,
    #[serde(default)]
    description: Option<sections::descriptions::DescriptionRows>,
    #[serde(default)]
    secrets: Option<sections::secrets::SecretRows>,
    #[serde(default)]
    transport: Option<sections::transport::TransportRows>,
    #[serde(default)]
    leak: Option<sections::leaks::LeakRows>,
    #[serde(default)]
    timeout: Option<sections::timeouts::TimeoutRows>,
    #[serde(default)]
    help: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    language: Option<sections::language::LanguageTable>,
}

/// The rows for one language.
#[derive(Clone, Debug, Default)]
pub struct LangCatalog {
    /// Language-wide MCP facts.
    pub mcp: McpRow,
    /// Server constructors.
    pub servers: Vec<ServerRow>,
    /// Tool declaration forms.
    pub tools: Vec<ToolRow>,
    /// Sinks.
    pub sinks: Vec<SinkRow>,
    /// Sources other than tool input (see [`SourceRow`]).
    pub sources: Vec<SourceRow>,
    /// Sanitizers.
    pub sanitizers: Vec<SanitizerRow>,
    /// Guards.
    pub guards: Vec<GuardRow>,
    /// Propagators.
    pub propagators: Vec<PropagatorRow>,
    /// Plugin frameworks whose host confines some sink kinds.
    pub sandboxes: Vec<SandboxRow>,
    /// Text classes (`sql`): a regex over the literal parts of built strings.
    pub text: Vec<(String, LazyRegex)>,
    /// What `tool-poisoning` reads and looks for (`descriptions.toml`).
    pub(crate) descriptions: sections::descriptions::Descriptions,
    /// What `hardcoded-secret` looks for (`secrets.toml`).
    pub(crate) secrets: sections::secrets::Secrets,
    /// What `exposed-transport` looks for (`transport.toml`).
    pub(crate) transport: sections::transport::TransportRows,
    /// What `error-leak` looks for (`leaks.toml`).
    pub(crate) leaks: sections::leaks::LeakRows,
    /// What `missing-timeout` looks for (`timeouts.toml`).
    pub(crate) timeouts: sections::timeouts::TimeoutRows,
    /// Fix hints per rule, standard library and callback methods (`[help]`, `[language]`).
    pub(crate) language: sections::language::Language,
    /// The call rows indexed by the last name of the calls they match.
    pub index: RowIndex,
}

/// The call patterns of [`LangCatalog::sinks`], `sanitizers`, `guards` and `propagators`,
/// indexed so that a call is compared only with the rows that could match it.
#[derive(Clone, Debug, Default)]
pub struct RowIndex {
    /// Over [`LangCatalog::sinks`].
    pub sinks: CallIndex,
    /// Over [`LangCatalog::sanitizers`].
    pub sanitizers: CallIndex,
    /// Over [`LangCatalog::guards`].
    pub guards: CallIndex,
    /// Over [`LangCatalog::propagators`].
    pub propagators: CallIndex,
}

impl LangCatalog {
    /// Adds the rows of one parsed catalog file for `lang`, with its compiled description and
    /// secret sections, and rebuilds the call index.
    fn add(
        &mut self,
        parsed: &CatalogFile,
        descriptions: Option<&sections::descriptions::Descriptions>,
        secrets: Option<&sections::secrets::Secrets>,
        lang: Lang,
    ) {
        if let Some(mcp) = &parsed.mcp {
            self.mcp.extend(mcp);
        }
        self.servers.extend(parsed.server.iter().cloned());
        self.tools.extend(parsed.tool.iter().cloned());
        self.sinks.extend(parsed.sink.iter().cloned());
        self.sources.extend(parsed.source.iter().cloned());
        self.sanitizers.extend(parsed.sanitizer.iter().cloned());
        self.guards.extend(parsed.guard.iter().cloned());
        self.propagators.extend(parsed.propagator.iter().cloned());
        self.sandboxes.extend(parsed.sandbox.iter().cloned());
        if let Some(d) = descriptions {
            self.descriptions.extend(d);
        }
        if let Some(d) = secrets {
            self.secrets.extend(d);
        }
        if let Some(t) = &parsed.transport {
            self.transport.extend(t, lang);
        }
        if let Some(l) = &parsed.leak {
            self.leaks.extend(l, lang);
        }
        if let Some(t) = &parsed.timeout {
            self.timeouts.extend(t, lang);
        }
        self.language.extend(&parsed.help, parsed.language.as_ref());
        self.text
            .extend(parsed.text.iter().map(|(n, re)| (n.clone(), re.clone())));
        self.reindex();
    }

    fn reindex(&mut self) {
        self.index = RowIndex {
            sinks: CallIndex::new(self.sinks.iter().map(|r| &r.call)),
            sanitizers: CallIndex::new(self.sanitizers.iter().map(|r| &r.call)),
            guards: CallIndex::new(self.guards.iter().map(|r| &r.call)),
            propagators: CallIndex::new(self.propagators.iter().map(|r| &r.call)),
        };
    }

    /// The sink rows that may match `callee`, in catalog order.
    pub fn sinks_for<'a>(&'a self, callee: &str) -> impl Iterator<Item = &'a SinkRow> + 'a {
        self.index.sinks.rows(&self.sinks, callee)
    }

    /// The sanitizer rows that may match `callee`, in catalog order.
    pub fn sanitizers_for<'a>(&'a self, callee: &str) -> impl Iterator<Item = &'a SanitizerRow> {
        self.index.sanitizers.rows(&self.sanitizers, callee)
    }

    /// The guard rows that may match `callee`, in catalog order.
    pub fn guards_for<'a>(&'a self, callee: &str) -> impl Iterator<Item = &'a GuardRow> + 'a {
        self.index.guards.rows(&self.guards, callee)
    }

    /// The propagator rows that may match `callee`, in catalog order.
    pub fn propagators_for<'a>(&'a self, callee: &str) -> impl Iterator<Item = &'a PropagatorRow> {
        self.index.propagators.rows(&self.propagators, callee)
    }
}

/// The whole catalog: rows per language.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    langs: Vec<(Lang, LangCatalog)>,
    kinds: Vec<String>,
}

impl Catalog {
    /// The built-in catalog.
    pub fn builtin() -> Result<Self, CatalogError> {
        let mut cat = Catalog::default();
        for (name, text) in BUILTIN {
            cat.extend(name, text)?;
        }
        Ok(cat)
    }

    /// Adds the rows of one catalog file (union semantics).
    pub fn extend(&mut self, file: &str, text: &str) -> Result<(), CatalogError> {
        let mut parsed: CatalogFile = toml::from_str(text).map_err(|e| CatalogError::Parse {
            file: file.to_owned(),
            message: e.to_string(),
        })?;
        // Locators, conditions and regexes were parsed with the rows (a malformed one is a
        // parse error at its line); what is left is interning the kinds the rows name.
        self.intern_kinds(&mut parsed);
        let descriptions = parsed
            .description
            .as_ref()
            .map(|d| sections::descriptions::Descriptions::compile(file, d))
            .transpose()?;
        let secrets = parsed
            .secrets
            .as_ref()
            .map(|d| sections::secrets::Secrets::compile(file, d))
            .transpose()?;
        for language in &parsed.languages {
            let lang = Lang::from_name(language).ok_or_else(|| CatalogError::Language {
                file: file.to_owned(),
                language: language.clone(),
            })?;
            self.lang_entry(lang)
                .add(&parsed, descriptions.as_ref(), secrets.as_ref(), lang);
        }
        Ok(())
    }

    /// Interns the kinds that `parsed`'s sinks, sanitizers and guards name, in that order, and
    /// sets each row's kind mask.
    fn intern_kinds(&mut self, parsed: &mut CatalogFile) {
        let named = parsed.sink.iter().map(|s| s.kind.as_str()).chain(
            parsed
                .sanitizer
                .iter()
                .flat_map(|s| s.kind.values())
                .chain(parsed.guard.iter().flat_map(|g| g.kind.values()))
                .chain(parsed.sandbox.iter().flat_map(|g| g.kind.values())),
        );
        for kind in named {
            if kind != "*" && !self.kinds.iter().any(|k| k == kind) {
                self.kinds.push(kind.to_owned());
            }
        }
        for sink in &mut parsed.sink {
            sink.kind_mask = KindMask(self.kind_bit(&sink.kind));
        }
        for sanitizer in &mut parsed.sanitizer {
            sanitizer.kind_mask = KindMask(self.kind_bits(&sanitizer.kind));
        }
        for guard in &mut parsed.guard {
            guard.kind_mask = KindMask(self.kind_bits(&guard.kind));
        }
        for sandbox in &mut parsed.sandbox {
            sandbox.kind_mask = KindMask(self.kind_bits(&sandbox.kind));
        }
    }

    /// The rows for `lang`, added empty when the language has none yet.
    fn lang_entry(&mut self, lang: Lang) -> &mut LangCatalog {
        match self.langs.iter().position(|(l, _)| *l == lang) {
            Some(i) => &mut self.langs[i].1,
            None => {
                self.langs.push((lang, LangCatalog::default()));
                &mut self.langs.last_mut().expect("just pushed").1
            }
        }
    }

    /// The rows for `lang` (empty when it has none).
    pub fn for_lang(&self, lang: Lang) -> &LangCatalog {
        static EMPTY: std::sync::OnceLock<LangCatalog> = std::sync::OnceLock::new();
        let lang = if lang == Lang::JavaScript {
            Lang::TypeScript
        } else {
            lang
        };
        self.langs
            .iter()
            .find(|(l, _)| *l == lang)
            .map_or_else(|| EMPTY.get_or_init(LangCatalog::default), |(_, c)| c)
    }

    /// The languages that have rows for sink `kind`.
    pub fn sink_languages(&self, kind: &str) -> BTreeSet<Lang> {
        let mut langs: BTreeSet<Lang> = self
            .langs
            .iter()
            .filter(|(_, c)| c.sinks.iter().any(|s| s.kind == kind))
            .map(|(l, _)| *l)
            .collect();
        // JavaScript files use the TypeScript rows.
        if langs.contains(&Lang::TypeScript) {
            langs.insert(Lang::JavaScript);
        }
        langs
    }

    /// The bit set of the kinds in `kinds` (`*` is every kind).
    pub fn kind_bits(&self, kinds: &OneOrMany) -> u64 {
        kinds.iter().fold(0, |acc, k| acc | self.kind_bit(k))
    }

    /// The bit of one kind (`*`: all bits; unknown kinds: none).
    pub fn kind_bit(&self, kind: &str) -> u64 {
        if kind == "*" {
            return u64::MAX;
        }
        self.kinds
            .iter()
            .position(|k| k == kind)
            .filter(|&i| i < 64)
            .map_or(0, |i| 1 << i)
    }

    /// Every sink kind named by any row.
    pub fn sink_kinds(&self) -> BTreeSet<&str> {
        self.langs
            .iter()
            .flat_map(|(_, c)| c.sinks.iter().map(|s| s.kind.as_str()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row a callee matches is among the index's candidates for it, in row order, for
    /// callees built from every pattern of the built-in catalog (sinks, sanitizers, guards,
    /// propagators, description texts) and a wildcard of each form.
    #[test]
    fn call_index_never_drops_a_matching_row() {
        let mut cat = Catalog::builtin().expect("built-in catalog");
        cat.extend(
            "extra.toml",
            "languages = [\"python\"]\n[[sink]]\nkind = \"shell\"\ncall = [\"*\", \"*exec\"]\narg = \"arg:0\"\n",
        )
        .expect("extra rows");
        let mut text_rows = 0;
        for (_, lang) in &cat.langs {
            let tables: [(&CallIndex, Vec<&OneOrMany<CalleePattern>>); 4] = [
                (
                    &lang.index.sinks,
                    lang.sinks.iter().map(|r| &r.call).collect(),
                ),
                (
                    &lang.index.sanitizers,
                    lang.sanitizers.iter().map(|r| &r.call).collect(),
                ),
                (
                    &lang.index.guards,
                    lang.guards.iter().map(|r| &r.call).collect(),
                ),
                (
                    &lang.index.propagators,
                    lang.propagators.iter().map(|r| &r.call).collect(),
                ),
            ];
            for (index, rows) in &tables {
                assert_index_keeps_matches(index, rows);
            }
            let texts = lang.descriptions.text_calls();
            text_rows += texts.len();
            assert_index_keeps_matches(&lang.descriptions.texts_index, &texts);
        }
        assert!(text_rows > 0, "no description texts were checked");
        let python = cat.for_lang(Lang::Python);
        assert!(python.sinks_for("os.system").any(|s| s.kind == "shell"));
        assert!(
            python.sinks_for("myexec").count() < python.sinks.len(),
            "the index narrows nothing"
        );
    }
}
