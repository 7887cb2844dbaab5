//! The shared taint pass, phase one: per-function local analysis into summaries.
//!
//! Each function is walked once with its parameters as symbolic origins (`Param(i)`) and every
//! call that may reach project code (a function of this file, an imported function, a method on
//! `self`) as another origin (`Ret(c)`), so nothing here needs to know which functions are tools.
//! The walk records *facts*: origin O reaches a sink, the return value, or argument j of call c,
//! with [`Flags`] saying what happened on the way (sanitized kinds, string building, symlink
//! resolution). The project phase ([`crate::project`]) links call sites to callees and turns the
//! facts reachable from tool parameters into [`Flow`]s.
//!
//! The walk is flow-sensitive only where it must be: statements run in order so that a guard (a
//! check whose failing branch exits) cleans what it checks below it; branches join; loops run
//! twice. Taint is field-insensitive: `args.path` is tainted when `args` is.

mod argv;
mod env;
mod eval;
mod flaws;
mod guards;
mod parts;
mod predicates;
mod resolve;
mod resolvers;
mod sinks;
mod sources;
mod summary;
mod tables;
mod text;
mod validators;
mod walk;

pub(crate) use flaws::Flaw;

pub(crate) use summary::{
    ArgPos, CallTarget, Fact, Flags, FnSummary, Origin, ParamInfo, PathAlias, Resolution, Step,
    StepKind, Target,
};
pub use summary::{FileSummary, Flow};

use foldhash::HashMapExt;

use mcplint_ir::{File, FnId, ParamKind};

use crate::catalog::Catalog;

use env::{Env, Taint, bind, exported_aliases, unbind_scalar_fields};
use predicates::returns_boolish;
use summary::ts_paths;
use walk::{Analyzer, FileCx, FnState, Frame, Learned, Recorder};

pub(super) const MAX_STEPS: usize = 24;
pub(super) const MAX_CLOSURE_DEPTH: usize = 4;

/// Analyses every function of `file` into a [`FileSummary`].
pub(crate) fn summarize(file: &File, catalog: &Catalog) -> FileSummary {
    summarize_with(file, catalog, None, &[])
}

/// What the project phase knows about a function of another file, by the resolved path its
/// caller uses.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ImportedFn {
    /// What it cleans when it returns true (`(param, kinds)`), if it is a predicate.
    pub(crate) cleans: Option<Vec<(usize, u64)>>,
    /// How its result is resolved, if it is a resolver (see [`resolvers`]).
    pub(crate) resolution: Option<Resolution>,
    /// The flawed checks a predicate's parameters pass before it returns true: parameter,
    /// check and flaw (see [`flaws`]).
    pub(crate) flaws: Vec<summary::ParamFlaw>,
    /// The path of the function's file (where those checks are).
    pub(crate) file: String,
}

/// Answers what the project phase knows about a function of another file (see [`ImportedFn`]).
pub(crate) type PredicateOracle<'a> = &'a dyn Fn(&str) -> Option<ImportedFn>;

/// [`summarize`], with imported predicates (`if (!isInsideRoot(p)) throw`) and resolvers
/// (`normalize_path(p)`) answered by `oracle`, and `imported_aliases`: callee paths of this file that name another file's alias
/// of a library function (`./lib/exec.sh` for `export const sh = promisify(exec)`), with the
/// function each stands for.
pub(crate) fn summarize_with(
    file: &File,
    catalog: &Catalog,
    oracle: Option<PredicateOracle<'_>>,
    imported_aliases: &[(String, String)],
) -> FileSummary {
    let cx = FileCx::new(file, catalog, oracle, imported_aliases);
    let found = crate::facts::tools::find_registrations(file, cx.cat);
    let mut summary = FileSummary {
        path: file.source.path.clone(),
        lang: Some(file.lang),
        exports: file
            .exports
            .iter()
            .map(|e| (e.name.clone(), e.local.clone()))
            .collect(),
        ts_paths: ts_paths(file),
        imports: file
            .imports
            .iter()
            .map(|i| (i.local.clone(), i.path()))
            .collect(),
        tools: found.tools,
        wrappers: found.wrappers,
        callbacks: found.callbacks,
        server_passes: found.server_passes,
        field_sources: found.field_sources,
        aliases: exported_aliases(file, cx.cat),
        ..FileSummary::default()
    };
    let mut rec = Recorder::default();
    let mut learned = Learned::default();
    summary.functions = (0..file.functions.len())
        .map(|id| summarize_function(&cx, &summary.tools, &mut learned, &mut rec, id))
        .collect();
    add_source_facts(&cx, &mut summary.functions, &mut rec);
    // Top-level functions that read as checks, for callers in other files.
    for (id, func) in file.functions.iter().enumerate() {
        if id == 0
            || func.parent.is_some()
            || func.params.is_empty()
            || !returns_boolish(&func.body)
        {
            continue;
        }
        let cleans = Analyzer::predicate(&cx, &mut learned, id, 0);
        if !cleans.is_empty() {
            summary.predicates.push((id, cleans));
        }
        // Checks of this file only: a predicate's path through a third file is not followed.
        let flaws: Vec<_> = learned
            .predicate_flaws
            .get(&id)
            .into_iter()
            .flatten()
            .filter(|f| f.file.is_none())
            .map(|f| (f.param, f.span, f.flaw))
            .collect();
        if !flaws.is_empty() {
            summary.predicate_flaws.push((id, flaws));
        }
    }
    // Top-level functions whose result is a resolved path, for callers in other files.
    for (id, func) in file.functions.iter().enumerate() {
        if id == 0 || func.parent.is_some() {
            continue;
        }
        if let Some(Some(r)) = learned.resolutions.get(&id) {
            summary.resolvers.push((id, *r));
        }
    }
    summary.instances = Analyzer::module_instance_classes(&cx, &mut learned);
    summary.field_classes = Analyzer::file_field_classes(&cx, &mut learned);
    summary.bases = file
        .classes
        .iter()
        .filter(|c| !c.bases.is_empty())
        .map(|c| {
            let bases = c
                .bases
                .iter()
                .map(|b| env::type_name(file.source.slice(b.span)).to_owned())
                .collect();
            (c.name.clone(), bases)
        })
        .collect();
    summary.calls = rec.calls;
    // Loops are walked twice: each quiet call once.
    let mut seen = foldhash::HashSet::default();
    summary.quiet_calls = rec
        .quiet_calls
        .into_iter()
        .filter(|c| seen.insert(c.clone()))
        .collect();
    summary.sinks = rec.sinks;
    summary.sources = rec.sources;
    summary.predicate_calls = learned.predicate_calls;
    summary.foreign_files = learned.foreign_files;
    summary.shrink();
    summary
}

/// The environment at the start of function `id`: each parameter that may carry tool input
/// bound to its own origin.
fn source_env(cx: &FileCx<'_>, tools: &[crate::facts::tools::ToolDecl], id: FnId) -> Env {
    let (file, cat) = (cx.file, cx.cat);
    let func = &file.functions[id];
    let all_params = crate::facts::tools::SourceParams::All {
        excluded: Vec::new(),
    };
    let mut env = Env::new();
    for (i, p) in func.params.iter().enumerate() {
        // `self`, context-typed and injected parameters never carry tool input, unless a
        // declaration says so (`self` of a rust-mcp-sdk tool struct holds the arguments).
        let declared = tools.iter().any(|t| {
            t.handler == crate::facts::tools::HandlerRef::Local(id)
                && matches!(&t.sources, crate::facts::tools::SourceParams::Indices(ix) if ix.contains(&i))
        });
        if !declared && !crate::facts::tools::is_source_param(func, i, &all_params, file, cat) {
            continue;
        }
        let Ok(i) = u16::try_from(i) else { break };
        let mut t = Taint::new();
        t.insert(
            Origin::Param(i),
            (
                Flags::default(),
                vec![Step {
                    span: p.span,
                    kind: StepKind::Param,
                }],
            ),
        );
        bind(&mut env, &p.pattern, t);
        unbind_scalar_fields(&mut env, &p.pattern, &cx.scalar_fields);
    }
    env
}

/// Walks function `id` with its source parameters as origins, recording its facts (and the
/// call and sink sites they index) into `rec`.
fn summarize_function(
    cx: &FileCx<'_>,
    tools: &[crate::facts::tools::ToolDecl],
    learned: &mut Learned,
    rec: &mut Recorder,
    id: FnId,
) -> FnSummary {
    let (file, cat) = (cx.file, cx.cat);
    let func = &file.functions[id];
    let all_params = crate::facts::tools::SourceParams::All {
        excluded: Vec::new(),
    };
    let mut env = source_env(cx, tools, id);
    let mut fs = FnState::new(file, id);
    let mut frame = Frame {
        returns: Some(Vec::new()),
        ..Frame::default()
    };
    rec.facts.clear();
    Analyzer {
        cx,
        fs: &mut fs,
        frame: &mut frame,
        learned,
        rec: Some(&mut *rec),
    }
    .walk(&func.body, &mut env);
    // What its returns carry says whether it resolves (a local caller may have asked first).
    let resolution = resolvers::resolution_of(&frame.returns.take().unwrap_or_default());
    learned.resolutions.entry(id).or_insert(resolution);
    let facts: Vec<Fact> = std::mem::take(&mut rec.facts)
        .into_iter()
        .map(|((from, to), (flags, steps))| Fact {
            from,
            to,
            flags,
            steps,
        })
        .collect();
    FnSummary {
        name: func.name.clone(),
        span: func.span,
        top_level: func.parent.is_none() && func.class.is_none(),
        params: func
            .params
            .iter()
            .enumerate()
            .map(|(i, p)| ParamInfo {
                name: p.name.clone(),
                span: p.span,
                non_source: !crate::facts::tools::is_source_param(func, i, &all_params, file, cat),
            })
            .collect(),
        has_self: func
            .params
            .first()
            .is_some_and(|p| p.kind == ParamKind::SelfParam),
        class_name: func
            .class
            .and_then(|c| file.classes.get(c))
            .map(|c| c.name.clone()),
        module: func.module.clone(),
        facts,
    }
}

/// The facts of `[[source]]` reads in function `id`: a second walk of it, only when it reads
/// one, with no parameter bound and what it learns about the file thrown away, so that the
/// values it follows never change what the first walk found for tool input (a guard's "the
/// other operand is clean", a receiver that is not tool input).
fn source_facts(cx: &FileCx<'_>, rec: &mut Recorder, id: FnId) -> Vec<Fact> {
    let Some(func) = cx.file.functions.get(id) else {
        return Vec::new();
    };
    if !cx.sources.may_read(cx.file, cx.cat, func) {
        return Vec::new();
    }
    let mut fs = FnState::new(cx.file, id);
    fs.reads_sources = true;
    let mut frame = Frame::default();
    rec.facts.clear();
    Analyzer {
        cx,
        fs: &mut fs,
        frame: &mut frame,
        learned: &mut Learned::default(),
        rec: Some(&mut *rec),
    }
    .walk(&func.body, &mut Env::new());
    std::mem::take(&mut rec.facts)
        .into_iter()
        .map(|((from, to), (flags, steps))| Fact {
            from,
            to,
            flags,
            steps,
        })
        .collect()
}

/// How many times callers of helpers that return a source read are walked again (a helper
/// calling such a helper is found on the next round).
const SOURCE_HELPER_ROUNDS: usize = 2;

/// Adds to each function's facts those of the `[[source]]` reads it makes (see
/// [`source_facts`]); then walks again the functions that call a helper of the file returning
/// such a read (`def _token(): return os.environ["GITHUB_TOKEN"]`), where the call is a read of
/// that source.
fn add_source_facts(cx: &FileCx<'_>, functions: &mut [FnSummary], rec: &mut Recorder) {
    let first_walk: Vec<usize> = functions.iter().map(|f| f.facts.len()).collect();
    for (id, f) in functions.iter_mut().enumerate() {
        f.facts.extend(source_facts(cx, rec, id));
    }
    for _ in 0..SOURCE_HELPER_ROUNDS {
        let found: Vec<(String, String, String)> = functions
            .iter()
            .zip(&cx.file.functions)
            .filter(|(_, func)| cx.sources.returns_a_read(cx.file, cx.cat, func))
            .filter_map(|(f, _)| {
                let name = f.name.as_deref()?;
                f.facts.iter().find_map(|fact| match (fact.from, &fact.to) {
                    // Only a read returned as it is: a string built around it
                    // (`return f"{path}?token={token}"`) is more than the secret.
                    (Origin::Source(s), Target::Return) if !fact.flags.built => {
                        let site = rec.sources.get(s as usize)?;
                        let what = format!("{} (returned by `{name}`)", site.what);
                        Some((name.to_owned(), site.kind.clone(), what))
                    }
                    _ => None,
                })
            })
            .collect();
        if found.is_empty() || !cx.sources.add_helpers(found) {
            return;
        }
        for (id, f) in functions.iter_mut().enumerate() {
            let facts = source_facts(cx, rec, id);
            if !facts.is_empty() {
                f.facts.truncate(first_walk[id]);
                f.facts.extend(facts);
            }
        }
    }
}

/// Helpers for the taint and project unit tests: small sources lowered by the real front end
/// and summarised with the built-in catalog.
#[cfg(test)]
pub(crate) mod test_support {
    use mcplint_ir::{File, Lang, SourceFile};

    use super::{FileSummary, Origin, Target};
    use crate::Catalog;

    /// The built-in catalog.
    pub(crate) fn catalog() -> Catalog {
        Catalog::builtin().expect("the built-in catalog loads")
    }

    /// `text` lowered as Python at `path`.
    pub(crate) fn python(path: &str, text: &str) -> File {
        lower(path, text)
    }

    /// `text` lowered at `path`, in the language of its extension.
    pub(crate) fn lower(path: &str, text: &str) -> File {
        let lang = Lang::from_path(std::path::Path::new(path)).expect("a known extension");
        mcplint_front::lower(lang, SourceFile::new(path, text)).expect("lowers")
    }

    /// The summary of Python `text` at `path`.
    pub(crate) fn summarize_python(path: &str, text: &str) -> FileSummary {
        super::summarize(&python(path, text), &catalog())
    }

    /// The summary of `text` at `path`, in the language its extension names.
    pub(crate) fn summarize_path(path: &str, text: &str) -> FileSummary {
        let lang = Lang::from_path(std::path::Path::new(path)).expect("a known extension");
        let file = mcplint_front::lower(lang, SourceFile::new(path, text)).expect("lowers");
        super::summarize(&file, &catalog())
    }

    /// The index of the function named `name` in the summary.
    pub(crate) fn function(summary: &FileSummary, name: &str) -> usize {
        summary
            .functions
            .iter()
            .position(|f| f.name.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("no function {name}"))
    }

    /// The facts of function `name` that carry parameter `param` into a sink of `kind`.
    pub(crate) fn sink_facts<'s>(
        summary: &'s FileSummary,
        name: &str,
        param: u16,
        kind: &str,
    ) -> Vec<&'s super::Fact> {
        summary.functions[function(summary, name)]
            .facts
            .iter()
            .filter(|f| f.from == Origin::Param(param))
            .filter(|f| matches!(f.to, Target::Sink(s) if summary.sinks[s as usize].kind == kind))
            .collect()
    }
}
