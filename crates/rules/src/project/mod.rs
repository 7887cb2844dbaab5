//! The shared taint pass, phase two: one pass over every file's summary.
//!
//! Resolves call sites to functions (same file, relative and absolute Python imports), composes
//! function summaries to a fixpoint (memoised, recursion cut), and turns what tool parameters
//! reach into [`Flow`]s with their whole path, source to sink.

use std::cell::RefCell;
use std::collections::BTreeSet;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::Arc;

use crate::Label;
use crate::facts::tools::{HandlerRef, SourceParams};
use crate::taint::{
    ArgPos, CallTarget, FileSummary, Flags, Flaw, Flow, ImportedFn, Origin, Step, StepKind, Target,
};

mod methods;
mod reachability;
mod registration;
mod resolve;
mod sources;

pub(crate) use sources::{RESULT_KIND, SourceKinds};

pub(crate) use reachability::reachable_functions;

const MAX_PATH: usize = 32;

/// A step tagged with the file it is in.
type FileStep = (usize, Step);

/// A tool source: (handler file, handler function, parameter index, (tool kind, tool name)).
type SourceEntry = (usize, usize, u16, (String, Option<String>));

/// What one origin reaches, across calls.
#[derive(Clone, Debug)]
enum End {
    Sink {
        file: usize,
        sink: u32,
        flags: Flags,
        steps: Vec<FileStep>,
    },
    Return {
        flags: Flags,
        steps: Vec<FileStep>,
    },
    /// Raised or thrown (followed for `[[source]]` values only: see [`Target::Raise`]).
    Raise {
        flags: Flags,
        steps: Vec<FileStep>,
    },
}

/// The conditional receivers of declarations (see
/// [`crate::facts::tools::ToolDecl::needs_server`]) that a server reaches, with the index of
/// their file.
pub(crate) type Served = HashSet<(usize, crate::facts::tools::ServerNeed)>;

/// For each file, whether it, a file it imports or a file that imports it (for Rust, a file of
/// its crate) is one of the files that `authenticates` marks: the neighbourhood in which
/// `unauthenticated-transport` accepts a sign of authentication, and in which a program-wide
/// setting counts for `missing-timeout` (`socket.setdefaulttimeout(...)` in the entry point).
pub(crate) fn marked_neighbourhoods(files: &[FileSummary], authenticates: &[bool]) -> Vec<bool> {
    let p = Project::new(files);
    let mut covered = authenticates.to_vec();
    let crates: Vec<Option<String>> = files
        .iter()
        .map(|f| match f.lang {
            Some(mcplint_ir::Lang::Rust) => p.rust_crate_root(&f.path),
            _ => None,
        })
        .collect();
    let authenticated_crates: HashSet<&str> = crates
        .iter()
        .zip(authenticates)
        .filter_map(|(c, &a)| c.as_deref().filter(|_| a))
        .collect();
    for (f, c) in crates.iter().enumerate() {
        if c.as_deref()
            .is_some_and(|c| authenticated_crates.contains(c))
        {
            covered[f] = true;
        }
    }
    for f in 0..files.len() {
        for g in p.imported_files(f) {
            if authenticates.get(g).copied().unwrap_or(false) {
                covered[f] = true;
            }
            if authenticates.get(f).copied().unwrap_or(false) {
                covered[g] = true;
            }
        }
    }
    covered
}

/// [`flows_with`] into every sink kind, with no `[[source]]` reads followed.
#[cfg(test)]
pub(crate) fn flows(files: &[FileSummary]) -> (Vec<Flow>, Served) {
    flows_with(files, u64::MAX, &SourceKinds::default())
}

/// Computes every flow from a tool input to a sink of the kinds in `param_sinks` (bits) over
/// all files, and from each `[[source]]` read into the sinks `sources` names for its kind, and
/// which conditional declarations hold.
pub(crate) fn flows_with(
    files: &[FileSummary],
    param_sinks: u64,
    sources: &SourceKinds,
) -> (Vec<Flow>, Served) {
    let mut p = Project::new(files);
    p.param_seen_bits = !sources.only_bits(param_sinks);
    let mut out: Vec<Flow> = Vec::new();
    let mut seen: HashSet<(usize, u32)> = HashSet::new();
    let served = p.served_parameters();
    for (f, file) in files.iter().enumerate() {
        let mut entries = source_entries(&p, f, file, &served);
        entries.extend(p.wrapped_entries(f));
        for (hf, h, i, tool) in entries {
            let param = &files[hf].functions[h].params[usize::from(i)];
            for end in p.summary(hf, h, i).iter() {
                let End::Sink {
                    file: sf,
                    sink,
                    flags,
                    steps,
                } = end
                else {
                    continue;
                };
                let site = &files[*sf].sinks[*sink as usize];
                if site.kind_bit & param_sinks == 0
                    || (site.project_rooted && p.resolves_at(*sf, site.span))
                    || flags.cleared & site.kind_bit != 0
                    || (site.requires_built && !flags.built)
                    || flags.text & site.requires_text != site.requires_text
                {
                    continue;
                }
                if !seen.insert((*sf, *sink)) {
                    continue;
                }
                // What happened before the path read an archive's member names concerned the
                // archive's own path, not the names (see [`Flags::member`]).
                let since_members = since_member_names(steps);
                let checks = if site.kind == Flaw::SINK_KIND {
                    flawed_checks(files, since_members)
                } else {
                    Vec::new()
                };
                let source = Label {
                    path: files[hf].path.clone(),
                    span: param.span,
                    message: format!("{} input `{}` enters here", tool.0, param.name),
                };
                let helpers = returning_helpers(files, since_members, &site.what);
                let steps = step_labels(files, steps, &source.message, &site.kind, &site.what);
                out.push(Flow {
                    checks,
                    kind: site.kind.clone(),
                    what: site.what.clone(),
                    path: files[*sf].path.clone(),
                    sink: site.span,
                    source,
                    tool: tool.clone(),
                    steps,
                    lang: files[*sf].lang,
                    callbacks: site.callbacks.clone(),
                    helpers,
                    confined: site.confined.clone(),
                    message: if flags.member && site.kind == Flaw::SINK_KIND {
                        Some(ARCHIVE_MEMBER_MESSAGE.to_owned())
                    } else {
                        site.message.clone()
                    },
                    source_kind: None,
                    source_what: None,
                });
            }
        }
    }
    out.extend(p.source_flows(&served, sources));
    (out, served)
}

/// The message of a flow from an archive's member names into a path (see [`Flags::member`]).
const ARCHIVE_MEMBER_MESSAGE: &str = "zip slip: {tool} input chooses an archive whose member names (`../x`, absolute paths) reach {what} without a containment check";

/// The steps of a path from where it last reads an archive's member names (all of them when
/// it reads none).
fn since_member_names(steps: &[FileStep]) -> &[FileStep] {
    let from = steps
        .iter()
        .rposition(|(_, step)| step.kind == StepKind::Member)
        .unwrap_or(0);
    &steps[from..]
}

/// Every flawed containment check on a path that lets a path sink through, once each, in path
/// order.
fn flawed_checks(files: &[FileSummary], steps: &[FileStep]) -> Vec<Label> {
    let mut checks: Vec<Label> = Vec::new();
    for (cf, step) in steps {
        if let StepKind::FlawedCheck(flaw) = step.kind {
            let path = &files[*cf].path;
            if !checks
                .iter()
                .any(|c| c.span == step.span && &c.path == path)
            {
                checks.push(Label {
                    path: path.clone(),
                    span: step.span,
                    message: flaw.message().to_owned(),
                });
            }
        }
    }
    checks
}

/// The tool parameters of `file` (file `f`) that are sources: each handler's (local or
/// imported) parameters the tool declares or does not exclude. A declaration on a parameter
/// counts only when it is in `served` (some caller passes a server there).
fn source_entries(
    p: &Project<'_>,
    f: usize,
    file: &FileSummary,
    served: &Served,
) -> Vec<SourceEntry> {
    let files = p.files;
    let mut entries: Vec<SourceEntry> = Vec::new();
    for ((hf, h), tool) in p.declared_handlers(f, file, served) {
        let Some(func) = files[hf].functions.get(h) else {
            continue;
        };
        for (i, param) in func.params.iter().enumerate() {
            let source = match &tool.sources {
                SourceParams::Indices(n) => n.contains(&i),
                SourceParams::All { excluded } => {
                    !param.non_source && !excluded.contains(&param.name)
                }
            };
            if let (true, Ok(i)) = (source, u16::try_from(i)) {
                entries.push((hf, h, i, (tool.kind.clone(), tool.name.clone())));
            }
        }
    }
    entries
}

/// How many files [`second_round`] asks `reload` for at once.
const SECOND_ROUND_BATCH: usize = 64;

/// What a file's second-round analysis learnt from other files: the aliases of library
/// functions it imports, and every question it asked about a function of another file (by the
/// resolved path its call names) with the answer. Its summary depends on nothing else besides
/// its own bytes and the catalog: when every answer is still the same, so is the summary.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ImportedFacts {
    /// Callee paths of the file that name another file's alias, and the function each stands
    /// for.
    aliases: Vec<(String, String)>,
    /// Each path asked about, once, in the order first asked, and what was known of it.
    answers: Vec<(String, Option<ImportedFn>)>,
}

/// Analyses again the files whose checks call predicates of other files, or that use the result
/// of another file's resolver, now that every file's predicate and resolver summaries are known
/// (`if (!isWithinRoot(p)) throw` with `isWithinRoot` imported, `normalize_path(p)` whose helper
/// canonicalises),
/// and the files that call another file's alias of a library function
/// (`export const sh = promisify(exec)`), now that the function each alias stands for is known.
/// A result `remembered` from an earlier run is taken instead when the facts it was made from
/// are the project's facts now.
pub(crate) fn second_round(
    summaries: &mut [FileSummary],
    reload: &crate::Reload<'_>,
    remembered: &crate::Remembered<'_>,
    catalog: &crate::Catalog,
) {
    let no_aliases = summaries.iter().all(|s| s.aliases.is_empty());
    if no_aliases && summaries.iter().all(|s| s.predicate_calls.is_empty()) {
        return;
    }
    let redone: Vec<(usize, FileSummary)> = {
        let p = Project::new(summaries);
        let calls_predicate = |i: usize| {
            p.files[i].predicate_calls.iter().any(|path| {
                p.resolve_path(i, path).is_some_and(|(f, g)| {
                    p.files[f].predicates.iter().any(|(id, _)| *id == g)
                        || p.files[f].predicate_flaws.iter().any(|(id, _)| *id == g)
                        || p.files[f].resolvers.iter().any(|(id, _)| *id == g)
                })
            })
        };
        let aliases: Vec<Vec<(String, String)>> = (0..summaries.len())
            .map(|i| {
                if no_aliases {
                    Vec::new()
                } else {
                    p.imported_aliases(i)
                }
            })
            .collect();
        let redo: Vec<usize> = (0..summaries.len())
            .filter(|&i| !aliases[i].is_empty() || calls_predicate(i))
            .collect();
        let still_holds = |i: usize, facts: &ImportedFacts| {
            facts.aliases == aliases[i]
                && facts
                    .answers
                    .iter()
                    .all(|(path, answer)| imported_fn(&p, i, path) == *answer)
        };
        let analyse = |i: usize, file: &mcplint_ir::File| {
            let answers: RefCell<Vec<(String, Option<ImportedFn>)>> = RefCell::default();
            let oracle = |path: &str| {
                let answer = imported_fn(&p, i, path);
                let mut answers = answers.borrow_mut();
                if !answers.iter().any(|(asked, _)| asked == path) {
                    answers.push((path.to_owned(), answer.clone()));
                }
                answer
            };
            let summary = crate::taint::summarize_with(file, catalog, Some(&oracle), &aliases[i]);
            crate::SecondRound {
                facts: ImportedFacts {
                    aliases: aliases[i].clone(),
                    answers: answers.into_inner(),
                },
                summary,
            }
        };
        // A few files at a time: the caller may lower and analyse a batch in parallel, and only
        // one batch of trees is in memory at once.
        let mut redone = Vec::with_capacity(redo.len());
        for batch in redo.chunks(SECOND_ROUND_BATCH) {
            let mut lower_again = Vec::new();
            for (i, kept) in batch.iter().copied().zip(remembered(batch)) {
                match kept {
                    Some(kept) if still_holds(i, &kept.facts) => redone.push((i, kept.summary)),
                    _ => lower_again.push(i),
                }
            }
            for (i, round) in lower_again
                .iter()
                .copied()
                .zip(reload(&lower_again, &analyse))
            {
                if let Some(round) = round {
                    redone.push((i, round.summary));
                }
            }
        }
        redone
    };
    for (i, s) in redone {
        summaries[i] = s;
    }
}

/// What the project knows about the function of another file that the call path `path` of
/// file `i` names, when it is a predicate, a resolver or passes flawed checks (see
/// [`ImportedFn`]).
fn imported_fn(p: &Project<'_>, i: usize, path: &str) -> Option<ImportedFn> {
    let (f, g) = p.resolve_path(i, path)?;
    let file = &p.files[f];
    let imported = ImportedFn {
        cleans: file
            .predicates
            .iter()
            .find(|(id, _)| *id == g)
            .map(|(_, c)| c.clone()),
        resolution: file
            .resolvers
            .iter()
            .find(|(id, _)| *id == g)
            .map(|(_, r)| *r),
        flaws: file
            .predicate_flaws
            .iter()
            .find(|(id, _)| *id == g)
            .map(|(_, f)| f.clone())
            .unwrap_or_default(),
        file: file.path.clone(),
    };
    (imported.cleans.is_some() || imported.resolution.is_some() || !imported.flaws.is_empty())
        .then_some(imported)
}

/// A label at each step where a named project function hands the value back to its caller on
/// the way to the sink (a return step whose next step is in another function), naming the
/// function: the helpers that build the value.
fn returning_helpers(files: &[FileSummary], steps: &[FileStep], what: &str) -> Vec<Label> {
    let what = what
        .strip_prefix("a ")
        .or_else(|| what.strip_prefix("an "))
        .unwrap_or(what);
    let mut out: Vec<Label> = Vec::new();
    for pair in steps.windows(2) {
        let [(sf, step), (nf, next)] = pair else {
            continue;
        };
        if step.kind != StepKind::Return {
            continue;
        }
        let helper = enclosing_function(&files[*sf], step.span);
        if helper.is_none() || (sf, helper) == (nf, enclosing_function(&files[*nf], next.span)) {
            continue;
        }
        let Some(name) = helper.and_then(|g| files[*sf].functions[g].name.as_deref()) else {
            continue;
        };
        let label = Label {
            path: files[*sf].path.clone(),
            span: step.span,
            message: format!("the {what} is built here, in `{name}`"),
        };
        if !out.contains(&label) {
            out.push(label);
        }
    }
    out
}

/// The innermost function of `file` around `span`.
fn enclosing_function(file: &FileSummary, span: mcplint_ir::Span) -> Option<usize> {
    file.functions
        .iter()
        .enumerate()
        .filter(|(_, f)| f.span.start <= span.start && span.end <= f.span.end)
        .min_by_key(|(_, f)| f.span.end - f.span.start)
        .map(|(g, _)| g)
}

/// The message of a flow step where the data enters a function ([`StepKind::Param`]).
pub(crate) const RECEIVED_AS_PARAMETER: &str = "received as a parameter here";

/// The labels of a flow's steps into a sink of `kind` (what it is: `what`): the first says
/// `first` (where the data enters), each other what happens there. A check that is not
/// accepted explains path flows only.
fn step_labels(
    files: &[FileSummary],
    steps: &[FileStep],
    first: &str,
    kind: &str,
    what: &str,
) -> Vec<Label> {
    steps
        .iter()
        .enumerate()
        .filter(|(_, (_, step))| {
            kind == Flaw::SINK_KIND || !matches!(step.kind, StepKind::NotAccepted(_))
        })
        .map(|(n, (file, step))| Label {
            path: files[*file].path.clone(),
            span: step.span,
            message: if n == 0 {
                first.to_owned()
            } else {
                step_message(step.kind, what)
            },
        })
        .collect()
}

fn step_message(kind: StepKind, what: &str) -> String {
    match kind {
        StepKind::Param => RECEIVED_AS_PARAMETER.to_owned(),
        StepKind::Assign => "assigned here".to_owned(),
        StepKind::Call => "passed to a function here".to_owned(),
        StepKind::Return => "returned here".to_owned(),
        StepKind::Sink => format!("used as {what} here"),
        StepKind::Member => "the archive's member names are read here".to_owned(),
        StepKind::FlawedCheck(_) | StepKind::FlawedCheckIn(..) => {
            "passes a flawed check here".to_owned()
        }
        StepKind::NotAccepted(why) => {
            format!(
                "passes a check here that is not accepted: {}",
                why.message()
            )
        }
    }
}

struct Project<'a> {
    files: &'a [FileSummary],
    /// File index by path.
    by_path: HashMap<&'a str, usize>,
    /// Module path segments of each file (`pkg/utils.py` -> [pkg, utils]).
    modules: Vec<Vec<&'a str>>,
    /// Files by the last segment of their module path (`""` for the root), in file order.
    by_module_name: HashMap<&'a str, Vec<usize>>,
    /// `(class, method)` -> the first such method of each file that has one, in file order.
    methods: HashMap<(&'a str, &'a str), Vec<(usize, usize)>>,
    /// Classes by the name of each base they extend or implement.
    subclasses: HashMap<&'a str, Vec<&'a str>>,
    /// The bases of the classes of each name (last path segment of each base), in file order.
    bases: HashMap<&'a str, Vec<&'a str>>,
    /// `(class, field)` -> the field's class, from the first file that knows it.
    field_classes: HashMap<(&'a str, &'a str), &'a str>,
    /// The `cleared` bits that tell two ways of reaching one origin apart in a tool input's
    /// exploration: not those of kinds only `[[source]]` values are followed into, so that
    /// what library calls clear for them (`opaque-call-kinds`) never changes the path a tool
    /// input's flow is reported with.
    param_seen_bits: u64,
    memo: HashMap<(usize, usize, u16), Arc<Vec<End>>>,
    in_progress: HashSet<(usize, usize, u16)>,
}

impl<'a> Project<'a> {
    /// The handler of each declaration of `file` (file `f`), with the declaration: a
    /// declaration on a parameter counts only where some caller passes it a server (`served`).
    fn declared_handlers<'s>(
        &'s self,
        f: usize,
        file: &'a FileSummary,
        served: &'s Served,
    ) -> impl Iterator<Item = ((usize, usize), &'a crate::facts::tools::ToolDecl)> + 's
    where
        'a: 's,
    {
        file.tools.iter().filter_map(move |tool| {
            if let Some(need) = &tool.needs_server
                && !served.contains(&(f, need.clone()))
            {
                return None;
            }
            let handler = match &tool.handler {
                HandlerRef::Local(id) => Some((f, *id)),
                HandlerRef::Imported(path) => self.resolve_path(f, path),
            }?;
            Some((handler, tool))
        })
    }

    fn new(files: &'a [FileSummary]) -> Self {
        let modules = files
            .iter()
            .map(|f| {
                let stem = f.path.rsplit_once('.').map_or(f.path.as_str(), |(s, _)| s);
                let mut segs: Vec<&str> = stem
                    .split('/')
                    .filter(|s| !s.is_empty() && *s != ".")
                    .collect();
                if segs.last() == Some(&"__init__") {
                    segs.pop();
                }
                segs
            })
            .collect::<Vec<Vec<&str>>>();
        let by_path = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.as_str(), i))
            .collect();
        let mut by_module_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, m) in modules.iter().enumerate() {
            by_module_name
                .entry(m.last().copied().unwrap_or(""))
                .or_default()
                .push(i);
        }
        let mut methods: HashMap<(&str, &str), Vec<(usize, usize)>> = HashMap::new();
        for (f, file) in files.iter().enumerate() {
            for (g, s) in file.functions.iter().enumerate() {
                if let (Some(class), Some(name)) = (s.class_name.as_deref(), s.name.as_deref()) {
                    let found = methods.entry((class, name)).or_default();
                    if found.last().is_none_or(|&(last, _)| last != f) {
                        found.push((f, g));
                    }
                }
            }
        }
        let mut bases: HashMap<&str, Vec<&str>> = HashMap::new();
        for (class, names) in files.iter().flat_map(|f| &f.bases) {
            bases.entry(class.as_str()).or_default().extend(
                names
                    .iter()
                    .map(|b| b.rsplit(['.', ':']).next().unwrap_or(b)),
            );
        }
        Self {
            files,
            by_path,
            modules,
            by_module_name,
            methods,
            bases,
            subclasses: methods::subclasses(files),
            field_classes: methods::field_classes(files),
            param_seen_bits: u64::MAX,
            memo: HashMap::new(),
            in_progress: HashSet::new(),
        }
    }

    /// The functions call site `call` of `file` may reach, with the index of the parameter
    /// that receives argument `pos` in each.
    fn resolve_call(&self, file: usize, call: u32, pos: &ArgPos) -> Vec<(usize, usize, u16)> {
        let Some(site) = self.files[file].calls.get(call as usize) else {
            return Vec::new();
        };
        self.callees(file, &site.target, site.method)
            .into_iter()
            .filter_map(|(f, g, method)| {
                let callee = self.files[f].functions.get(g)?;
                let index = match pos {
                    ArgPos::Positional(n) => {
                        usize::from(*n) + usize::from(method && callee.has_self)
                    }
                    ArgPos::Keyword(k) => callee.params.iter().position(|p| p.name == *k)?,
                    ArgPos::Receiver if callee.has_self => 0,
                    ArgPos::Receiver => return None,
                };
                (index < callee.params.len()).then_some(())?;
                Some((f, g, u16::try_from(index).ok()?))
            })
            .collect()
    }

    /// Whether a call site at `span` of `file` resolves to project code.
    fn resolves_at(&self, file: usize, span: mcplint_ir::Span) -> bool {
        self.files[file].calls.iter().enumerate().any(|(i, c)| {
            c.span == span && u32::try_from(i).is_ok_and(|i| self.call_resolves(file, i))
        })
    }

    /// Whether call site `call` of `file` resolves to project code.
    fn call_resolves(&self, file: usize, call: u32) -> bool {
        self.files[file]
            .calls
            .get(call as usize)
            .is_some_and(|site| !self.callees(file, &site.target, site.method).is_empty())
    }

    /// The files whose module path ends in `last` (`""`: the root module), in file order.
    fn files_of_module(&self, last: &str) -> impl Iterator<Item = usize> + '_ {
        self.by_module_name.get(last).into_iter().flatten().copied()
    }

    /// Everything parameter `param` of function `func` in `file` reaches.
    fn summary(&mut self, file: usize, func: usize, param: u16) -> Arc<Vec<End>> {
        let key = (file, func, param);
        if let Some(m) = self.memo.get(&key) {
            return Arc::clone(m);
        }
        if !self.in_progress.insert(key) {
            return Arc::new(Vec::new());
        }
        let ends = Arc::new(self.explore_from(
            file,
            func,
            Origin::Param(param),
            Flags::default(),
            Vec::new(),
            self.param_seen_bits,
        ));
        self.in_progress.remove(&key);
        self.memo.insert(key, Arc::clone(&ends));
        ends
    }

    /// The kinds the result of library call `call` of `file` does not carry from its
    /// arguments (see [`crate::taint::CallSite::opaque`]).
    fn opaque_result(&self, file: usize, call: u32) -> u64 {
        self.files[file]
            .calls
            .get(call as usize)
            .map_or(0, |c| match &c.target {
                // `lambda_client.describe(x)` with `lambda_client` imported from a project
                // module: a library object.
                CallTarget::Path(p) if c.via_import => p
                    .rsplit_once('.')
                    .filter(|(object, _)| self.names_python_object(file, object))
                    .map_or(0, |_| c.opaque),
                _ => c.opaque,
            })
    }

    fn explore(&mut self, file: usize, func: usize, origin: Origin) -> Vec<End> {
        self.explore_from(file, func, origin, Flags::default(), Vec::new(), u64::MAX)
    }

    /// [`Project::explore`], for a value that arrives at `origin` with `flags` and `steps`
    /// behind it; two ways to one origin are told apart by the `cleared` bits in `seen_bits`.
    fn explore_from(
        &mut self,
        file: usize,
        func: usize,
        origin: Origin,
        flags: Flags,
        steps: Vec<FileStep>,
        seen_bits: u64,
    ) -> Vec<End> {
        let files = self.files;
        let mut out = Vec::new();
        let mut work: Vec<(Origin, Flags, Vec<FileStep>)> = vec![(origin, flags, steps)];
        let mut seen: BTreeSet<(Origin, Flags)> = BTreeSet::new();
        while let Some((o, flags, steps)) = work.pop() {
            let told_apart = Flags {
                cleared: flags.cleared & seen_bits,
                ..flags
            };
            if !seen.insert((o, told_apart)) {
                continue;
            }
            let Some(summary) = files[file].functions.get(func) else {
                continue;
            };
            for fact in summary.facts.iter().filter(|f| f.from == o) {
                let fl = flags.then(fact.flags);
                let st = concat(
                    &steps,
                    fact.steps.iter().filter_map(|s| self.locate(file, *s)),
                );
                match &fact.to {
                    Target::Sink(s) => out.push(End::Sink {
                        file,
                        sink: *s,
                        flags: fl,
                        steps: st,
                    }),
                    Target::Return => out.push(End::Return {
                        flags: fl,
                        steps: st,
                    }),
                    Target::Raise => out.push(End::Raise {
                        flags: fl,
                        steps: st,
                    }),
                    Target::Arg { call, pos } => {
                        let callees = self.resolve_call(file, *call, pos);
                        // Not project code (or an argument the callee does not name): assume
                        // the result is derived from the arguments, as for any library call.
                        if callees.is_empty()
                            && (!self.call_resolves(file, *call)
                                || matches!(pos, ArgPos::Keyword(_)))
                        {
                            let opaque = self.opaque_result(file, *call);
                            let fl = Flags {
                                cleared: fl.cleared | opaque,
                                ..fl
                            };
                            work.push((Origin::Ret(*call), fl, st));
                            continue;
                        }
                        for (f2, g, j) in callees {
                            self.follow_into(f2, g, j, *call, fl, &st, &mut out, &mut work);
                        }
                    }
                }
            }
        }
        out
    }
}

impl Project<'_> {
    /// Step `step` of a fact of file `file`, tagged with the file it is in: a flawed check of
    /// another file's predicate is in that file (none if that file is not scanned).
    fn locate(&self, file: usize, step: Step) -> Option<FileStep> {
        let StepKind::FlawedCheckIn(flaw, other) = step.kind else {
            return Some((file, step));
        };
        let path = self.files[file].foreign_files.get(other as usize)?;
        let at = *self.by_path.get(path.as_str())?;
        Some((
            at,
            Step {
                span: step.span,
                kind: StepKind::FlawedCheck(flaw),
            },
        ))
    }

    /// What argument `fl`/`st` of call `call` becomes in callee `g` of file `f2` (its parameter
    /// `j`): the sinks it reaches there, and what it returns as the call's result.
    #[allow(clippy::too_many_arguments)]
    fn follow_into(
        &mut self,
        f2: usize,
        g: usize,
        j: u16,
        call: u32,
        fl: Flags,
        st: &[FileStep],
        out: &mut Vec<End>,
        work: &mut Vec<(Origin, Flags, Vec<FileStep>)>,
    ) {
        for end in self.summary(f2, g, j).iter() {
            match end {
                End::Sink {
                    file: sf,
                    sink,
                    flags: ef,
                    steps: es,
                } => out.push(End::Sink {
                    file: *sf,
                    sink: *sink,
                    flags: fl.then(*ef),
                    steps: concat(st, es.iter().copied()),
                }),
                End::Return {
                    flags: ef,
                    steps: es,
                } => work.push((
                    Origin::Ret(call),
                    fl.then(*ef),
                    concat(st, es.iter().copied()),
                )),
                End::Raise {
                    flags: ef,
                    steps: es,
                } => out.push(End::Raise {
                    flags: fl.then(*ef),
                    steps: concat(st, es.iter().copied()),
                }),
            }
        }
    }
}

fn concat(a: &[FileStep], b: impl Iterator<Item = FileStep>) -> Vec<FileStep> {
    let mut v = a.to_vec();
    for s in b {
        if v.len() >= MAX_PATH {
            break;
        }
        if v.last() != Some(&s) {
            v.push(s);
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::{Project, flows, second_round};
    use crate::taint::test_support::{catalog, lower, summarize_python};
    use crate::taint::{ArgPos, CallTarget};

    const SERVER: &str = r#"
from mcp.server.fastmcp import FastMCP
from pkg.helpers import run_it, quoted

mcp = FastMCP("demo")

def local_helper(c):
    import subprocess
    subprocess.run(c, shell=True)

@mcp.tool()
def through_local(cmd: str) -> str:
    local_helper(cmd)
    return "ok"

@mcp.tool()
def through_import(cmd: str) -> str:
    run_it(cmd)
    return "ok"

@mcp.tool()
def sanitized(cmd: str) -> str:
    run_it(quoted(cmd))
    return "ok"
"#;

    const HELPERS: &str = r"
import shlex
import subprocess

def run_it(c):
    subprocess.run(c, shell=True)

def quoted(c):
    return shlex.quote(c)
";

    /// The `(tool name, sink file)` of every shell flow over the given files.
    fn shell_flows(files: &[(&str, &str)]) -> Vec<(String, String)> {
        let summaries: Vec<_> = files
            .iter()
            .map(|(path, text)| summarize_python(path, text))
            .collect();
        let mut out: Vec<(String, String)> = flows(&summaries)
            .0
            .into_iter()
            .filter(|f| f.kind == "shell")
            .map(|f| (f.tool.1.unwrap_or_default(), f.path))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_helpers_summary_is_applied_at_its_call_site() {
        let found = shell_flows(&[("pkg/server.py", SERVER)]);
        assert_eq!(
            found,
            [("through_local".to_owned(), "pkg/server.py".to_owned())]
        );
    }

    /// The `(kind, sink file, sink line)` of every flow over the given files, of any language.
    fn sinks_reached(files: &[(&str, &str)]) -> Vec<(String, String, usize)> {
        let summaries: Vec<_> = files
            .iter()
            .map(|(path, text)| crate::taint::test_support::summarize_path(path, text))
            .collect();
        let mut out: Vec<(String, String, usize)> = flows(&summaries)
            .0
            .into_iter()
            .map(|f| {
                let text = files
                    .iter()
                    .find(|(p, _)| *p == f.path)
                    .map_or("", |(_, t)| t);
                let line = text[..f.sink.start as usize].matches('\n').count() + 1;
                (f.kind, f.path, line)
            })
            .collect();
        out.sort();
        out
    }

    const STORE: &str = "import sqlite3\n\nclass Store:\n    def get(self, sku):\n        return sqlite3.connect('x').execute(f\"SELECT * FROM t WHERE sku = '{sku}'\")\n";
    const SAFE_STORE: &str = "import sqlite3\n\nclass Store:\n    def get(self, sku):\n        return sqlite3.connect('x').execute('SELECT * FROM t WHERE sku = ?', (sku,))\n";

    #[test]
    fn a_flow_names_each_helper_that_hands_the_path_back_once() {
        let paths = "import os\n\nROOT = '/srv'\n\ndef under_root(name):\n    return os.path.join(ROOT, name)\n\ndef note_path(name):\n    full = under_root(name)\n    return full\n";
        let server = "from mcp.server.fastmcp import FastMCP\nfrom .paths import note_path\n\nmcp = FastMCP('x')\n\n@mcp.tool()\ndef read(name: str) -> str:\n    path = note_path(name)\n    return open(path).read()\n";
        let summaries = [
            summarize_python("app/paths.py", paths),
            summarize_python("app/server.py", server),
        ];
        let found = flows(&summaries).0;
        let [flow] = found.as_slice() else {
            panic!("one flow expected, got {found:?}");
        };
        let helpers: Vec<(&str, usize, &str)> = flow
            .helpers
            .iter()
            .map(|l| {
                let line = paths[..l.span.start as usize].matches('\n').count() + 1;
                (l.path.as_str(), line, l.message.as_str())
            })
            .collect();
        assert_eq!(
            helpers,
            [
                (
                    "app/paths.py",
                    6,
                    "the file-system path is built here, in `under_root`"
                ),
                (
                    "app/paths.py",
                    10,
                    "the file-system path is built here, in `note_path`"
                ),
            ]
        );
    }

    #[test]
    fn a_method_of_an_instance_another_module_creates_is_followed() {
        let svc = "from .store import Store\n\nclass Svc:\n    def __init__(self):\n        self.store = Store()\n\n    def find(self, sku):\n        return self.store.get(sku)\n\nsvc = Svc()\n";
        let server = "from mcp.server.fastmcp import FastMCP\nfrom .svc import svc\n\nmcp = FastMCP('x')\n\n@mcp.tool()\ndef find(sku: str) -> str:\n    return str(svc.find(sku))\n";
        let found = sinks_reached(&[
            ("app/store.py", STORE),
            ("app/svc.py", svc),
            ("app/server.py", server),
        ]);
        assert_eq!(found, [("sql".to_owned(), "app/store.py".to_owned(), 5)]);
    }

    /// `self.run_git(x)` in one `impl Repo` block reaches `run_git` of another file's
    /// `impl Repo`.
    #[test]
    fn a_method_on_self_written_in_another_files_impl_is_followed() {
        let repo = "pub struct Repo;\n\nimpl Repo {\n    pub fn run_git(&self, args: &str) {\n        std::process::Command::new(\"sh\").arg(\"-c\").arg(format!(\"git {args}\")).status().ok();\n    }\n}\n";
        let ops = "use crate::repo::Repo;\n\nimpl Repo {\n    pub fn checkout(&self, branch: &str) {\n        self.run_git(&format!(\"checkout {branch}\"));\n    }\n}\n";
        let files = [("src/repo.rs", repo), ("src/repo/ops.rs", ops)];
        let summaries: Vec<_> = files
            .iter()
            .map(|(path, text)| crate::taint::test_support::summarize_path(path, text))
            .collect();
        let p = Project::new(&summaries);
        let ops_file = 1;
        let call = summaries[ops_file]
            .calls
            .iter()
            .position(|c| matches!(&c.target, CallTarget::Method { class, name } if class == "Repo" && name == "run_git"))
            .expect("a call site for self.run_git");
        let call = u32::try_from(call).expect("few calls");
        assert_eq!(
            p.resolve_call(ops_file, call, &ArgPos::Positional(0)),
            [(
                0,
                summaries[0]
                    .functions
                    .iter()
                    .position(|f| f.name.as_deref() == Some("run_git"))
                    .expect("run_git"),
                1
            )]
        );
    }

    #[test]
    fn a_class_name_resolves_to_the_nearest_class_of_that_name() {
        let tool = "from mcp.server.fastmcp import FastMCP\nfrom .store import Store\n\nmcp = FastMCP('x')\nstore = Store()\n\n@mcp.tool()\ndef find(sku: str) -> str:\n    return str(store.get(sku))\n";
        let found = sinks_reached(&[
            ("a/store.py", SAFE_STORE),
            ("b/store.py", STORE),
            ("a/server.py", tool),
            ("b/server.py", tool),
        ]);
        assert_eq!(found, [("sql".to_owned(), "b/store.py".to_owned(), 5)]);
    }

    #[test]
    fn a_call_on_a_base_class_reaches_each_implementation() {
        let store = "import sqlite3\n\nclass Repo:\n    def get(self, sku): ...\n\nclass SqlRepo(Repo):\n    def get(self, sku):\n        return sqlite3.connect('x').execute(f\"SELECT * FROM t WHERE sku = '{sku}'\")\n\nclass MemRepo(Repo):\n    def get(self, sku):\n        return {}.get(sku)\n";
        let tool = "from mcp.server.fastmcp import FastMCP\nfrom .store import Repo\n\nmcp = FastMCP('x')\n\n@mcp.tool()\ndef find(sku: str, repo: Repo = None) -> str:\n    return str(repo.get(sku))\n";
        let found = sinks_reached(&[("app/store.py", store), ("app/server.py", tool)]);
        assert_eq!(found, [("sql".to_owned(), "app/store.py".to_owned(), 8)]);
    }

    #[test]
    fn a_rust_path_into_an_inline_module_reaches_that_modules_function() {
        let main = r#"
use rmcp::{handler::server::wrapper::Parameters, tool, tool_router};
use rusqlite::Connection;

mod first { pub fn filter(x: &str) -> String { "a = ?1".to_string() } }
mod second { pub fn filter(x: &str) -> String { format!("b = '{x}'") } }

pub struct Args { pub q: String }
pub struct Server { conn: Connection }

#[tool_router]
impl Server {
    #[tool(description = "d")]
    fn one(&self, Parameters(args): Parameters<Args>) -> String {
        let sql = format!("SELECT * FROM t WHERE {}", first::filter(&args.q));
        self.conn.query_row(&sql, [], |r| r.get(0)).unwrap()
    }
    #[tool(description = "d")]
    fn two(&self, Parameters(args): Parameters<Args>) -> String {
        let sql = format!("SELECT * FROM t WHERE {}", second::filter(&args.q));
        self.conn.query_row(&sql, [], |r| r.get(0)).unwrap()
    }
}
"#;
        let found = sinks_reached(&[("src/main.rs", main)]);
        assert_eq!(found, [("sql".to_owned(), "src/main.rs".to_owned(), 21)]);
    }

    #[test]
    fn the_project_phase_links_a_call_to_a_function_of_another_file() {
        let found = shell_flows(&[("pkg/server.py", SERVER), ("pkg/helpers.py", HELPERS)]);
        assert_eq!(
            found,
            [
                ("through_import".to_owned(), "pkg/helpers.py".to_owned()),
                ("through_local".to_owned(), "pkg/server.py".to_owned()),
            ],
            "`sanitized` passes its input through shlex.quote in the other file"
        );
    }

    /// The `(tool name, sink file, sink line)` of every shell flow over the given files (of any
    /// language), after the second round.
    fn shell_flows_after_second_round(files: &[(&str, &str)]) -> Vec<(String, String, usize)> {
        let cat = catalog();
        let irs: Vec<_> = files.iter().map(|(path, text)| lower(path, text)).collect();
        let mut summaries: Vec<_> = irs
            .iter()
            .map(|f| crate::taint::summarize(f, &cat))
            .collect();
        second_round(
            &mut summaries,
            &|batch, analyse| batch.iter().map(|&i| Some(analyse(i, &irs[i]))).collect(),
            &|batch| batch.iter().map(|_| None).collect(),
            &cat,
        );
        let mut out: Vec<_> = flows(&summaries)
            .0
            .into_iter()
            .filter(|f| f.kind == "shell")
            .map(|f| {
                let file = irs
                    .iter()
                    .find(|ir| ir.source.path == f.path)
                    .expect("file");
                let line = file.source.line_col(f.sink.start).0;
                (f.tool.1.unwrap_or_default(), f.path, line)
            })
            .collect();
        out.sort();
        out
    }

    const TS_TOOLS: &str = r#"
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { sh, argv } from "~/lib/exec";
const server = new McpServer({ name: "t", version: "1" });
server.tool("shell", { c: z.string() }, async ({ c }) => sh(`ls ${c}`));
server.tool("argv", { c: z.string() }, async ({ c }) => argv("ls", ["--", c]));
"#;

    const TS_EXEC: &str = r#"
import { exec, execFile } from "node:child_process";
import { promisify } from "node:util";
export const sh = promisify(exec);
const execFileAsync = promisify(execFile);
export { execFileAsync as argv };
"#;

    const TSCONFIG: &str =
        r#"{ "compilerOptions": { "baseUrl": ".", "paths": { "~/*": ["./src/*"] } } }"#;

    #[test]
    fn an_exported_alias_is_the_library_function_in_the_importing_file() {
        let found = shell_flows_after_second_round(&[
            ("tsconfig.json", TSCONFIG),
            ("src/tools.ts", TS_TOOLS),
            ("src/lib/exec.ts", TS_EXEC),
        ]);
        assert_eq!(found, [("shell".to_owned(), "src/tools.ts".to_owned(), 6)]);
    }

    #[test]
    fn tsconfig_paths_at_the_scan_root_map_to_root_relative_files() {
        let cat = catalog();
        let summaries: Vec<_> = [
            ("tsconfig.json", TSCONFIG),
            ("src/tools.ts", TS_TOOLS),
            (
                "src/lib/run.ts",
                "export function run(c: string) { return c; }",
            ),
        ]
        .iter()
        .map(|(path, text)| crate::taint::summarize(&lower(path, text), &cat))
        .collect();
        let p = Project::new(&summaries);
        assert_eq!(p.resolve_path(1, "~/lib/run.run"), Some((2, 1)));
        assert_eq!(p.resolve_path(1, "~/lib/missing.run"), None);
        // The same tree one folder down: the config's folder prefixes the targets.
        let nested: Vec<_> = [
            ("app/tsconfig.json", TSCONFIG),
            ("app/src/tools.ts", TS_TOOLS),
            (
                "app/src/lib/run.ts",
                "export function run(c: string) { return c; }",
            ),
        ]
        .iter()
        .map(|(path, text)| crate::taint::summarize(&lower(path, text), &cat))
        .collect();
        assert_eq!(
            Project::new(&nested).resolve_path(1, "~/lib/run.run"),
            Some((2, 1))
        );
    }

    #[test]
    fn tsconfig_paths_are_inherited_through_extends() {
        let cat = catalog();
        let run = "export function run(c: string) { return c; }";
        let resolve = |files: &[(&str, &str)], spec: &str| {
            let summaries: Vec<_> = files
                .iter()
                .map(|(path, text)| crate::taint::summarize(&lower(path, text), &cat))
                .collect();
            Project::new(&summaries).resolve_path(1, spec)
        };
        // `paths` and `baseUrl` from the base config, relative to the base's own folder.
        let base = r#"{ "compilerOptions": { "baseUrl": "../src", "paths": { "~/*": ["*"] } } }"#;
        let files = [
            (
                "app/tsconfig.json",
                r#"{ "extends": "../configs/base", "compilerOptions": {} }"#,
            ),
            ("app/src/tools.ts", TS_TOOLS),
            ("app/src/lib/run.ts", run),
            ("configs/base.json", base),
        ];
        assert_eq!(resolve(&files[..3], "~/lib/run.run"), None);
        let files = [files[0], files[1], ("src/lib/run.ts", run), files[3]];
        assert_eq!(resolve(&files, "~/lib/run.run"), Some((2, 1)));
        // Of an `extends` list the last config wins; the config's own `paths` win over both.
        let a = r#"{ "compilerOptions": { "paths": { "~/*": ["./a/*"] } } }"#;
        let b = r#"{ "compilerOptions": { "paths": { "~/*": ["./b/*"] } } }"#;
        let listed = |own: &'static str| {
            [
                ("tsconfig.json", own),
                ("src/tools.ts", TS_TOOLS),
                ("b/lib/run.ts", run),
                ("a/lib/run.ts", run),
                ("tsconfig.a.json", a),
                ("tsconfig.b.json", b),
            ]
        };
        let both = r#"{ "extends": ["./tsconfig.a.json", "./tsconfig.b.json"] }"#;
        assert_eq!(resolve(&listed(both), "~/lib/run.run"), Some((2, 1)));
        let own = r#"{ "extends": ["./tsconfig.b.json"], "compilerOptions": { "paths": { "~/*": ["./a/*"] } } }"#;
        assert_eq!(resolve(&listed(own), "~/lib/run.run"), Some((3, 1)));
        // A cycle of configs ends.
        let cycle = [
            ("tsconfig.json", r#"{ "extends": "./tsconfig.x.json" }"#),
            ("src/tools.ts", TS_TOOLS),
            ("tsconfig.x.json", r#"{ "extends": "./tsconfig.json" }"#),
        ];
        assert_eq!(resolve(&cycle, "~/lib/run.run"), None);
    }

    #[test]
    fn commonjs_exports_of_aliases_are_followed() {
        let lib = r#"
const cp = require("child_process");
const util = require("util");
module.exports.run = util.promisify(cp.exec);
exports.runFile = util.promisify(cp.execFile);
"#;
        let object = r#"
const { exec } = require("child_process");
const execAsync = require("util").promisify(exec);
const sh = require("util").promisify(exec);
module.exports = { execAsync, sh };
"#;
        let server = r#"
const { McpServer } = require("@modelcontextprotocol/sdk/server/mcp.js");
const { z } = require("zod");
const { run, runFile } = require("./lib");
const more = require("./more.js");
const server = new McpServer({ name: "t", version: "1" });
server.tool("run", { c: z.string() }, async ({ c }) => run(`ls ${c}`));
server.tool("file", { c: z.string() }, async ({ c }) => runFile("ls", [c]));
server.tool("more", { c: z.string() }, async ({ c }) => more.execAsync(`ls ${c}`));
"#;
        let found = shell_flows_after_second_round(&[
            ("server.js", server),
            ("lib.js", lib),
            ("more.js", object),
        ]);
        assert_eq!(
            found,
            [
                ("more".to_owned(), "server.js".to_owned(), 9),
                ("run".to_owned(), "server.js".to_owned(), 7),
            ]
        );
    }

    #[test]
    fn a_python_module_level_alias_keeps_its_sink_condition() {
        let procs = "import subprocess\nrun = subprocess.check_output\n";
        let server = r#"
from mcp.server.fastmcp import FastMCP
from .procs import run

mcp = FastMCP("t")

@mcp.tool()
def shell(c: str) -> str:
    return run(f"ls {c}", shell=True)

@mcp.tool()
def argv(c: str) -> str:
    return run(["ls", "--", c])
"#;
        let found = shell_flows_after_second_round(&[
            ("pkg/__init__.py", ""),
            ("pkg/server.py", server),
            ("pkg/procs.py", procs),
        ]);
        assert_eq!(found, [("shell".to_owned(), "pkg/server.py".to_owned(), 9)]);
    }
}
