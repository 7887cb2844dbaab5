use mcplint_ir::{Expr, ExprKind, File, FnId, Span, Stmt};
use serde::{Deserialize, Serialize};

use crate::Label;

/// Where taint comes from, inside one function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Origin {
    /// The function's parameter at this index.
    Param(u16),
    /// The value returned by call site `c` of the file.
    Ret(u32),
    /// A value the server reads that is not tool input: source site `s` of the file (see
    /// [`FileSummary::sources`]).
    Source(u32),
}

/// What happened to a value on its way.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Flags {
    /// Kinds (bits from [`Catalog::kind_bit`]) for which the value was sanitized.
    pub cleared: u64,
    /// The value was interpolated into a built string.
    pub built: bool,
    /// Symlinks were resolved (`realpath`, `resolve()`, `canonicalize`).
    pub resolved: bool,
    /// Symlinks were resolved where the path exists: the result of a project helper that
    /// resolves on some of its returns and falls back to a path it did not resolve on others
    /// (see [`Resolution::WhereItExists`]).
    #[serde(default)]
    pub resolved_where_it_exists: bool,
    /// The value is a path relative to a root (`path.relative`).
    pub relative: bool,
    /// Bits of the catalog's text classes (`sql`) matched by the literal parts of the strings
    /// the value was built into.
    pub text: u8,
    /// The value is the name of a member of an archive the data chose (`zf.namelist()`,
    /// `archive.by_index(i)`): text the archive's author wrote, so what happened to the
    /// archive's own path before (a containment check, symlinks resolved) says nothing about it
    /// (see [`Flags::then`]); a path sink it reaches is a zip slip.
    #[serde(default)]
    pub member: bool,
}

impl Flags {
    /// Both paths merge: clean only if clean on both, built if built on either.
    #[must_use]
    pub fn join(self, other: Flags) -> Flags {
        Flags {
            cleared: self.cleared & other.cleared,
            built: self.built || other.built,
            resolved: self.resolved && other.resolved,
            resolved_where_it_exists: self.resolved_where_it_exists
                && other.resolved_where_it_exists,
            relative: self.relative && other.relative,
            text: self.text | other.text,
            member: self.member || other.member,
        }
    }

    /// `self`, then `later` along one path. When `later` starts at an archive's member names
    /// ([`Flags::member`]), `self` (what happened to the archive before) no longer counts.
    #[must_use]
    pub fn then(self, later: Flags) -> Flags {
        if later.member {
            return later;
        }
        Flags {
            cleared: self.cleared | later.cleared,
            built: self.built || later.built,
            resolved: self.resolved || later.resolved,
            resolved_where_it_exists: self.resolved_where_it_exists
                || later.resolved_where_it_exists,
            relative: self.relative || later.relative,
            text: self.text | later.text,
            member: self.member,
        }
    }
}

/// How a project function's result is resolved (see [`super::resolvers`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resolution {
    /// Every return that carries a parameter's data is resolved (`canonicalize(p)?`).
    Always,
    /// Some are, and the others fall back to a path it did not resolve: Rust's `canonicalize`
    /// fails on a path that does not exist, so a helper tries the path, then its parent, then
    /// keeps the path as it is.
    WhereItExists,
}

/// A flawed check a predicate's parameter passes before the predicate returns true: the
/// parameter's index, the check, and its flaw.
pub(crate) type ParamFlaw = (usize, Span, super::flaws::Flaw);

/// What a step on a path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum StepKind {
    /// The parameter where the data enters.
    Param,
    /// An assignment.
    Assign,
    /// A call passing the data to a project function.
    Call,
    /// A value returned from a project function.
    Return,
    /// The sink.
    Sink,
    /// The names of an archive's members are read here (see [`Flags::member`]).
    Member,
    /// A containment check that does not contain (see [`super::flaws`]), passed here.
    FlawedCheck(super::flaws::Flaw),
    /// A flawed containment check in a predicate of another file (`if (!isInWorkspace(p))`
    /// with `isInWorkspace` imported), passed here; the step's span is in that file, the
    /// entry of [`FileSummary::foreign_files`] at the index given.
    FlawedCheckIn(super::flaws::Flaw, u32),
    /// A condition that looks like a containment check but is not accepted as one (see
    /// [`super::flaws::NotAccepted`]), passed here: shown on path flows to say why.
    NotAccepted(super::flaws::NotAccepted),
}

/// One step of a path inside one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Step {
    /// Where.
    pub span: Span,
    /// What.
    pub kind: StepKind,
}

/// Where a fact ends.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Target {
    /// The sink site at this index of [`FileSummary::sinks`].
    Sink(u32),
    /// The function's return value.
    Return,
    /// An error the function raises or throws (`raise`, `throw`, Rust's `return Err(..)`):
    /// recorded only by the walk that follows `[[source]]` reads.
    Raise,
    /// An argument of call site `call`.
    Arg {
        /// Index into [`FileSummary::calls`].
        call: u32,
        /// Which argument.
        pos: ArgPos,
    },
}

/// Which argument of a call.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ArgPos {
    /// The n-th positional argument.
    Positional(u16),
    /// A keyword argument.
    Keyword(String),
    /// The receiver of a method call (`self` of the callee).
    Receiver,
}

/// Origin `from` reaches `to`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Fact {
    /// Where the data comes from.
    pub from: Origin,
    /// Where it goes.
    pub to: Target,
    /// What happened on the way.
    pub flags: Flags,
    /// The steps on the way (assignments and the final call), in order.
    pub steps: Vec<Step>,
}

/// A sink call site.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SinkSite {
    /// The sink kind.
    pub kind: String,
    /// Its bit in the catalog's kind set.
    pub kind_bit: u64,
    /// The call.
    pub span: Span,
    /// Only built strings count.
    pub requires_built: bool,
    /// The callee is rooted in a project module: a call site with the same span that resolves
    /// to a project function replaces this sink.
    pub project_rooted: bool,
    /// Only strings whose literal text matched these text-class bits count.
    pub requires_text: u8,
    /// What the sink is, for messages (`a shell command`).
    pub what: String,
    /// The functions written inline as arguments of the call (`exec(cmd, () => ...)`): a sink
    /// inside one is a call of its own, reported beside this one.
    #[serde(default)]
    pub callbacks: Vec<Span>,
    /// What confines the sink when its file is a plugin of a framework whose host confines
    /// sinks of its kind (the `why` of the catalog's `[[sandbox]]` row): reported as a warning.
    #[serde(default)]
    pub confined: Option<String>,
    /// The sink row's own message template, if it has one (see `SinkRow::message`).
    #[serde(default)]
    pub message: Option<String>,
}

/// Where a value of a `[[source]]` row is read (`request.headers.get("authorization")`,
/// `os.environ["GITHUB_TOKEN"]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceSite {
    /// The source kind (`token`, `secret`).
    pub kind: String,
    /// The read.
    pub span: Span,
    /// What is read, for messages.
    pub what: String,
}

/// A call that may reach project code.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CallSite {
    /// The calling function.
    pub caller: FnId,
    /// What is called.
    pub target: CallTarget,
    /// The call.
    pub span: Span,
    /// Whether the call passes an implicit receiver (`self.m(x)`), shifting positional arguments.
    pub method: bool,
    /// Kinds the result does not carry from the arguments if the call is library code after
    /// all (see `opaque-method-kinds` in the catalog).
    #[serde(default)]
    pub opaque: u64,
    /// The callee is an attribute of a name imported from a module (`client.get(x)` after
    /// `from .aws import client`): `opaque` applies only if that name is a value, not a module.
    #[serde(default)]
    pub via_import: bool,
}

/// A call that may reach project code but is given nothing that carries an origin: not a call
/// site of the taint pass, but an edge of the call graph the project phase follows to know which
/// functions a tool reaches (`missing-timeout`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct QuietCall {
    /// The calling function.
    pub caller: FnId,
    /// What is called.
    pub target: CallTarget,
    /// The call.
    pub span: Span,
    /// Whether the call passes an implicit receiver (`self.m()`).
    pub method: bool,
}

/// What a call site names.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CallTarget {
    /// A function of the same file.
    Local(FnId),
    /// A resolved import path (`.utils.run_cmd`, `pkg.mod.f`).
    Path(String),
    /// A method of a type known by name (`ctx.read_text_file(p)` with `ctx: &FileSystemService`),
    /// found in any file of the project.
    Method {
        /// The type's name.
        class: String,
        /// The method's name.
        name: String,
    },
}

/// A function's parameters and facts.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FnSummary {
    /// Its name.
    pub name: Option<String>,
    /// The whole function, to name the helper a step is in.
    #[serde(default)]
    pub span: Span,
    /// Whether it is a top-level function (importable by name).
    pub top_level: bool,
    /// Parameters, in order.
    pub params: Vec<ParamInfo>,
    /// Whether the first parameter is `self`/`cls`.
    pub has_self: bool,
    /// The class, struct or impl type it is a method of.
    pub class_name: Option<String>,
    /// The inline module it is declared in (see [`mcplint_ir::Function::module`]).
    #[serde(default)]
    pub module: Option<String>,
    /// Every fact, deduplicated by (from, to).
    pub facts: Vec<Fact>,
}

/// One `compilerOptions.paths` entry: a pattern (with at most one `*`) and its targets.
pub(crate) type PathAlias = (String, Vec<String>);

/// Module aliases of a `tsconfig.json` (or of any JSON file with `compilerOptions`, which a
/// tsconfig may extend), relative to its folder. `None` where the file does not set the option:
/// it then comes from the configs it extends.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TsPaths {
    /// `compilerOptions.baseUrl`.
    pub base_url: Option<String>,
    /// `compilerOptions.paths`: pattern (with at most one `*`) and its targets.
    pub paths: Option<Vec<PathAlias>>,
    /// `extends`: the configs this one inherits from, in order (later ones win), as written.
    #[serde(default)]
    pub extends: Vec<String>,
}

impl FileSummary {
    /// Gives back the spare capacity of its vectors: every file's summary stays in memory until
    /// the project phase, and growth slack was a third of it.
    pub(super) fn shrink(&mut self) {
        for f in &mut self.functions {
            for fact in &mut f.facts {
                fact.steps.shrink_to_fit();
            }
            f.facts.shrink_to_fit();
            f.params.shrink_to_fit();
        }
        self.functions.shrink_to_fit();
        self.calls.shrink_to_fit();
        self.quiet_calls.shrink_to_fit();
        self.sinks.shrink_to_fit();
        self.sources.shrink_to_fit();
        self.tools.shrink_to_fit();
        self.wrappers.shrink_to_fit();
        self.callbacks.shrink_to_fit();
        self.server_passes.shrink_to_fit();
        self.field_sources.shrink_to_fit();
        self.predicates.shrink_to_fit();
        self.predicate_calls.shrink_to_fit();
        self.predicate_flaws.shrink_to_fit();
        self.foreign_files.shrink_to_fit();
        self.resolvers.shrink_to_fit();
    }
}

/// Reads `extends` and `compilerOptions.baseUrl`/`paths` out of a lowered `tsconfig.json`,
/// `jsconfig.json`, or any other JSON file with `compilerOptions` (a base config another one
/// extends, such as `tsconfig.base.json` or `configs/strict.json`).
pub(super) fn ts_paths(file: &File) -> Option<TsPaths> {
    let name = file
        .source
        .path
        .rsplit('/')
        .next()
        .unwrap_or(&file.source.path);
    if file.lang != mcplint_ir::Lang::Json {
        return None;
    }
    let Some(Stmt::Eval(doc)) = file.functions.first()?.body.first() else {
        return None;
    };
    let field = crate::facts::tools::record_field;
    let options = field(doc, "compilerOptions");
    let named = name.starts_with("tsconfig") || name.starts_with("jsconfig");
    if options.is_none() && !named {
        return None;
    }
    let extends = match field(doc, "extends").map(|e| &e.kind) {
        Some(ExprKind::Record(items)) => items
            .iter()
            .filter_map(|t| t.value.as_str().map(str::to_owned))
            .collect(),
        Some(_) => field(doc, "extends")
            .and_then(Expr::as_str)
            .map(str::to_owned)
            .into_iter()
            .collect(),
        None => Vec::new(),
    };
    let base_url = options
        .and_then(|o| field(o, "baseUrl"))
        .and_then(Expr::as_str)
        .map(str::to_owned);
    let paths = match options.and_then(|o| field(o, "paths")).map(|e| &e.kind) {
        Some(ExprKind::Record(entries)) => Some(
            entries
                .iter()
                .filter_map(|entry| {
                    let (Some(pattern), ExprKind::Record(targets)) =
                        (&entry.keyword, &entry.value.kind)
                    else {
                        return None;
                    };
                    let targets = targets
                        .iter()
                        .filter_map(|t| t.value.as_str().map(str::to_owned))
                        .collect();
                    Some((pattern.clone(), targets))
                })
                .collect(),
        ),
        _ => None,
    };
    Some(TsPaths {
        base_url,
        paths,
        extends,
    })
}

/// A parameter as the project phase sees it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ParamInfo {
    /// Its name (or pattern text).
    pub name: String,
    /// Where it is written.
    pub span: Span,
    /// `self`, a context-typed or an injected parameter: never a source.
    pub non_source: bool,
}

/// Everything the project phase needs from one file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FileSummary {
    /// The file path relative to the scan root.
    pub path: String,
    /// One entry per IR function.
    pub functions: Vec<FnSummary>,
    /// Call sites that may reach project code.
    pub calls: Vec<CallSite>,
    /// Calls that may reach project code and are given nothing that carries an origin (see
    /// [`QuietCall`]).
    #[serde(default)]
    pub quiet_calls: Vec<QuietCall>,
    /// Sink sites.
    pub sinks: Vec<SinkSite>,
    /// Reads of `[[source]]` rows; [`Origin::Source`] indexes them.
    #[serde(default)]
    pub sources: Vec<SourceSite>,
    /// Tool, resource and prompt declarations.
    pub tools: Vec<crate::facts::tools::ToolDecl>,
    /// Functions that register a function their callers give them.
    #[serde(default)]
    pub wrappers: Vec<crate::facts::tools::Wrapper>,
    /// Functions this file gives to project functions (a wrapper's callers).
    #[serde(default)]
    pub callbacks: Vec<crate::facts::tools::CallbackUse>,
    /// Servers this file passes to project functions (for declarations on a parameter).
    #[serde(default)]
    pub server_passes: Vec<crate::facts::tools::ServerPass>,
    /// Fields this file's constructors set from a server or a parameter (for declarations on
    /// them in subclasses).
    #[serde(default)]
    pub field_sources: Vec<crate::facts::tools::FieldSource>,
    /// Top-level functions that act as checks: function id, and the `(param, kinds)` they clean
    /// when they return true.
    pub predicates: Vec<(usize, Vec<(usize, u64)>)>,
    /// Paths of functions of other files that checks call, or whose results the file uses:
    /// when one of them is a predicate or a resolver, the file is analysed again once every
    /// file's predicates and resolvers are known.
    pub predicate_calls: Vec<String>,
    /// Top-level functions that act as checks and pass flawed containment checks of their own
    /// before returning true: function id, and each `(param, check, flaw)` (see
    /// [`super::flaws`]), so that a caller in another file reports the flaw at the check.
    #[serde(default)]
    pub predicate_flaws: Vec<(usize, Vec<ParamFlaw>)>,
    /// The other files that [`StepKind::FlawedCheckIn`] steps point into, by path.
    #[serde(default)]
    pub foreign_files: Vec<String>,
    /// Top-level functions whose result is a resolved path (function id and how; see
    /// [`super::resolvers`]), for callers in other files.
    #[serde(default)]
    pub resolvers: Vec<(usize, Resolution)>,
    /// The file's language (module resolution differs per language).
    pub lang: Option<mcplint_ir::Lang>,
    /// Exported names and the local names they stand for.
    pub exports: Vec<(String, String)>,
    /// Imported local names and the resolved paths they stand for.
    pub imports: Vec<(String, String)>,
    /// Exported names that stand for a library function (`export const sh = promisify(exec)`,
    /// Python's module-level `run = subprocess.check_output`) and that function's path: a call
    /// to one from another file is a call to the function (see
    /// [`crate::project::second_round`]).
    #[serde(default)]
    pub aliases: Vec<(String, String)>,
    /// For a `tsconfig.json`: `compilerOptions.baseUrl` and `paths` (`"@/*": ["src/*"]`).
    pub ts_paths: Option<TsPaths>,
    /// Module-level names bound once to an instance of a class that may be the project's
    /// (`svc = Svc()`, `export const store = new Store()`), and the class's name: their methods
    /// are what other files reach through `from .svc import svc`.
    #[serde(default)]
    pub instances: Vec<(String, String)>,
    /// The classes of fields, where the file's code says (`self.registry = Registry()`, an
    /// annotation, a constructor parameter's type): `(class, field, field's class)`, so that a
    /// call on `container.registry` in another file reaches the field's class's method.
    #[serde(default)]
    pub field_classes: Vec<(String, String, String)>,
    /// Classes with bases, and the names of those bases (`class PgStore(Store)`, `class A
    /// implements Repo`, Rust `impl Repo for A`): a call on a receiver typed by a base reaches
    /// the method of each of them.
    #[serde(default)]
    pub bases: Vec<(String, Vec<String>)>,
}

/// One path from a tool input to a sink, across files.
#[derive(Clone, Debug)]
pub struct Flow {
    /// The sink kind (`shell`, `path`, `sql`).
    pub kind: String,
    /// What the sink is (`a shell command`).
    pub what: String,
    /// The file of the sink.
    pub path: String,
    /// The sink call.
    pub sink: Span,
    /// The tool parameter the data came from.
    pub source: Label,
    /// The tool's kind and name (`tool`, `read_note`).
    pub tool: (String, Option<String>),
    /// Every step, source first, sink last.
    pub steps: Vec<Label>,
    /// The language of the sink's file (fix hints differ per language).
    pub lang: Option<mcplint_ir::Lang>,
    /// The callbacks written inside the sink call (see [`SinkSite::callbacks`]).
    pub callbacks: Vec<Span>,
    /// The flawed containment checks the data passed on its way, in path order (each message
    /// says why it fails): the findings go there, once per check for every sink it lets through.
    pub checks: Vec<Label>,
    /// The return statement of each named project helper that hands the value on towards the
    /// sink (`return os.path.join(ROOT, name)` in `resolve_path`): where the value is built,
    /// and where one check would cover every caller.
    pub helpers: Vec<Label>,
    /// What confines the sink (see [`SinkSite::confined`]): the finding is a warning that says so.
    pub confined: Option<String>,
    /// The sink row's own message template (see [`SinkSite::message`]).
    pub message: Option<String>,
    /// The kind of the `[[source]]` row the data was read by (`token`, `secret`); `None` for
    /// tool input.
    pub source_kind: Option<String>,
    /// What that source read is ("the environment variable `GITHUB_TOKEN`").
    pub source_what: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::{Flags, Target};
    use crate::taint::test_support::{function, summarize_python};

    #[test]
    fn an_archives_member_names_forget_what_happened_to_its_path() {
        let checked = Flags {
            cleared: 0b10,
            resolved: true,
            ..Flags::default()
        };
        let members = Flags {
            member: true,
            ..Flags::default()
        };
        assert_eq!(checked.then(members), members);
        // What happens to the names afterwards counts, and they stay member names.
        let cleaned = Flags {
            cleared: 0b10,
            ..Flags::default()
        };
        assert_eq!(
            checked.then(members).then(cleaned),
            Flags {
                cleared: 0b10,
                member: true,
                ..Flags::default()
            }
        );
    }

    const SOURCE: &str = r#"
import os
import zipfile

ROOT = os.path.realpath("/srv/inbox")

def unpack(upload):
    path = os.path.realpath(os.path.join(ROOT, upload))
    if not path.startswith(ROOT + os.sep):
        raise ValueError("outside")
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            open("/srv/out/" + name, "wb").write(zf.read(name))

def unpack_flat(upload):
    path = os.path.realpath(os.path.join(ROOT, upload))
    if not path.startswith(ROOT + os.sep):
        raise ValueError("outside")
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            open("/srv/out/" + os.path.basename(name), "wb").write(zf.read(name))

def read_members(upload):
    path = os.path.realpath(os.path.join(ROOT, upload))
    if not path.startswith(ROOT + os.sep):
        raise ValueError("outside")
    with zipfile.ZipFile(path) as zf:
        return [zf.read(name) for name in zf.namelist()]
"#;

    #[test]
    fn member_names_of_a_checked_archive_reach_a_path_uncleaned() {
        let s = summarize_python("t.py", SOURCE);
        // The facts of `name` (from any origin: the archive's path is a call's result) that
        // reach a path sink, with whether the sink's kind is cleared.
        let into_paths = |name: &str| -> Vec<(Flags, bool)> {
            s.functions[function(&s, name)]
                .facts
                .iter()
                .filter_map(|f| match f.to {
                    Target::Sink(i) if s.sinks[i as usize].kind == "path" => {
                        Some((f.flags, f.flags.cleared & s.sinks[i as usize].kind_bit != 0))
                    }
                    _ => None,
                })
                .collect()
        };
        let open = into_paths("unpack");
        assert!(
            open.iter().any(|(f, cleared)| f.member && !cleared),
            "the member name reaches `open` unchecked: {open:?}"
        );
        let flat = into_paths("unpack_flat");
        assert!(
            flat.iter().all(|(f, cleared)| !f.member || *cleared),
            "`basename` cleans the member name: {flat:?}"
        );
        let read = into_paths("read_members");
        assert!(read.iter().all(|(f, _)| !f.member), "{read:?}");
    }
}
