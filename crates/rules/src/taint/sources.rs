//! Reads of the catalog's `[[source]]` rows: values the server holds or receives that are not
//! tool input but that some rules follow the same way (the incoming request's bearer token, a
//! credential from the environment). Each read is a [`SourceSite`] and its value the origin
//! [`Origin::Source`]; the project phase follows it like a tool parameter (see
//! `project::sources`).

use std::cell::RefCell;

use foldhash::HashMap;
use mcplint_ir::{Arg, Expr, ExprKind, File, Pattern, Span, Stmt, ops};

use super::env::{Env, Taint};
use super::summary::{Flags, Origin, SourceSite, Step, StepKind};
use super::walk::Analyzer;
use crate::catalog::{LangCatalog, any_matches};
use crate::facts::tools::locate_arg;

/// A source row a read matches: the row's index in [`LangCatalog::sources`] and the key read.
pub(super) type SourceMatch = (usize, String);

/// What the walk of a file knows about its sources before it starts: module-level names bound
/// to a source read (`API_KEY = os.environ["API_KEY"]`), and the names already matched.
#[derive(Default)]
pub(super) struct FileSources {
    /// Whether the file's reads are sources: not in a test file (a test's fixtures and logs are
    /// not the server's answers).
    enabled: bool,
    /// Module-level names bound to a source read: the match and where the read is.
    pub(super) module_names: HashMap<String, (SourceMatch, Span)>,
    /// Module-level objects: names the module binds to a call's result (`client = OpenAI()`,
    /// `settings = Settings()`) or imports from a module (`from .config import settings`), whose
    /// fields the server set up, as `self`'s.
    objects: Vec<String>,
    /// Names already compared with the rows, and the result.
    matched_names: RefCell<HashMap<String, Option<SourceMatch>>>,
    /// Functions of the file that return a source read, by name: a call to one (`_token()`,
    /// `self._api_key()`) reads that source, with its kind and what it is.
    helpers: RefCell<HashMap<String, (String, String)>>,
}

impl FileSources {
    /// The module-level names of `file` bound to a source read.
    pub(super) fn new(file: &File, cat: &LangCatalog) -> Self {
        let mut out = FileSources::default();
        if cat.sources.is_empty() || crate::facts::binds::is_test_file(file, &cat.transport) {
            return out;
        }
        out.enabled = true;
        let Some(module) = file.functions.first() else {
            return out;
        };
        for stmt in &module.body {
            let Stmt::Assign {
                target: Pattern::Name(name),
                value,
                ..
            } = stmt
            else {
                continue;
            };
            if let Some(found) = read_within(file, cat, value, 2) {
                out.module_names.insert(name.clone(), found);
            } else if matches!(value.kind, ExprKind::Call { .. }) {
                out.objects.push(name.clone());
            }
        }
        out.objects.extend(
            file.imports
                .iter()
                .filter(|i| i.name.is_some())
                .map(|i| i.local.clone()),
        );
        out
    }

    /// The row a dotted name read matches, remembered per name.
    fn name_match(&self, cat: &LangCatalog, name: &str) -> Option<SourceMatch> {
        if let Some(known) = self.matched_names.borrow().get(name) {
            return known.clone();
        }
        let found = match_name(cat, name, &self.objects);
        self.matched_names
            .borrow_mut()
            .insert(name.to_owned(), found.clone());
        found
    }
}

/// A source read in `e` or, `depth` levels down, in its receiver, arguments or children
/// (`os.getenv("TOKEN", "").strip()`, `str(os.environ["KEY"])`), with where it is.
fn read_within(
    file: &File,
    cat: &LangCatalog,
    e: &Expr,
    depth: usize,
) -> Option<(SourceMatch, Span)> {
    let direct = match &e.kind {
        ExprKind::Name(n) => match_name(cat, n, &[]),
        ExprKind::Call {
            callee,
            receiver,
            args,
        } => match_call(file, cat, callee, receiver.as_deref(), args),
        _ => None,
    };
    if let Some(m) = direct {
        return Some((m, e.span));
    }
    if depth == 0 {
        return None;
    }
    let children: Vec<&Expr> = match &e.kind {
        ExprKind::Call { receiver, args, .. } => receiver
            .as_deref()
            .into_iter()
            .chain(args.iter().map(|a| &a.value))
            .collect(),
        ExprKind::Other(children) => children.iter().collect(),
        _ => Vec::new(),
    };
    children
        .into_iter()
        .find_map(|c| read_within(file, cat, c, depth - 1))
}

/// Whether `e` is a source read handed on as it is: the read itself, or one under an `or`/`??`
/// default or a call that passes its argument's text on (`str(...)`, `.strip()`: the catalog's
/// `opaque-call-keep`), `depth` levels down. A constructor given the read (`Config(key=...)`)
/// makes more than it.
fn read_as_is(file: &File, cat: &LangCatalog, e: &Expr, depth: usize) -> bool {
    if read_within(file, cat, e, 0).is_some() {
        return true;
    }
    let ExprKind::Call {
        callee,
        receiver,
        args,
    } = &e.kind
    else {
        return false;
    };
    let passes_on = matches!(callee.as_str(), ops::OR | ops::AND)
        || cat.mcp.opaque_call_keep.iter().any(|p| p.matches(callee));
    depth > 0
        && passes_on
        && receiver
            .as_deref()
            .into_iter()
            .chain(args.iter().map(|a| &a.value))
            .any(|c| read_as_is(file, cat, c, depth - 1))
}

/// The key a located argument names: a string literal's value, else its source text
/// (`header::AUTHORIZATION`).
fn key_text(file: &File, e: &Expr) -> String {
    e.as_str()
        .map_or_else(|| file.source.slice(e.span).to_owned(), str::to_owned)
}

/// The row a dotted name read matches (`process.env.GITHUB_TOKEN`, `self.api_key`,
/// `extra.authInfo.token`). Whether the name's root may carry a source at all (it is not a
/// parameter) is the caller's question.
fn match_name(cat: &LangCatalog, name: &str, objects: &[String]) -> Option<SourceMatch> {
    let (object, member) = name.rsplit_once('.')?;
    let root = name.split('.').next().unwrap_or(name);
    let on_self = is_self(root) || objects.iter().any(|o| o == root);
    cat.sources.iter().enumerate().find_map(|(i, row)| {
        let whole = row.name.as_ref().is_some_and(|p| any_matches(p, name));
        let member_of = row
            .member_of
            .as_ref()
            .is_some_and(|p| any_matches(p, object));
        ((whole || member_of || (row.attribute && on_self)) && row.key_holds(member))
            .then(|| (i, member.to_owned()))
    })
}

/// Whether a name's root is the object a method runs on (`self`, `this`, `cls`): its fields are
/// what the server set up, not what a caller passed.
fn is_self(root: &str) -> bool {
    matches!(root, "self" | "this" | "cls")
}

/// The row a call matches: a `call` row (with its receiver and key conditions), or a literal
/// subscript or `.get("KEY")` of a `member-of` object or, for `attribute` rows, of any named
/// object.
fn match_call(
    file: &File,
    cat: &LangCatalog,
    callee: &str,
    receiver: Option<&Expr>,
    args: &[Arg],
) -> Option<SourceMatch> {
    let lookup_key = (callee == "[]" || callee == "*.get")
        .then(|| args.first().and_then(|a| a.value.as_str()))
        .flatten();
    let receiver_name = receiver.and_then(Expr::as_name);
    let on_self = receiver_name.is_some_and(|r| is_self(r.split('.').next().unwrap_or(r)));
    cat.sources.iter().enumerate().find_map(|(i, row)| {
        if let Some(calls) = &row.call
            && any_matches(calls, callee)
            && row
                .receiver
                .as_ref()
                .is_none_or(|re| receiver.is_some_and(|r| re.is_match(file.source.slice(r.span))))
        {
            let key = match &row.key {
                Some(loc) => key_text(file, locate_arg(args, loc)?),
                None => String::new(),
            };
            return row.key_holds(&key).then_some((i, key));
        }
        let key = lookup_key?;
        let member_of = row
            .member_of
            .as_ref()
            .is_some_and(|p| receiver_name.is_some_and(|r| any_matches(p, r)));
        let attribute = row.attribute && on_self;
        ((member_of || attribute) && row.key_holds(key)).then(|| (i, key.to_owned()))
    })
}

impl FileSources {
    /// Adds helpers that return a source read (name, kind, what it returns); whether any is new.
    pub(super) fn add_helpers(&self, found: Vec<(String, String, String)>) -> bool {
        let mut helpers = self.helpers.borrow_mut();
        let before = helpers.len();
        for (name, kind, what) in found {
            helpers.entry(name).or_insert((kind, what));
        }
        helpers.len() > before
    }

    /// The helper a call names, if it is one of the file's helpers that return a source: a
    /// call by its bare name, or on `self`, `this` or `cls`.
    fn helper_called(&self, callee: &str, receiver: Option<&Expr>) -> Option<(String, String)> {
        let helpers = self.helpers.borrow();
        if helpers.is_empty() {
            return None;
        }
        let name = match receiver {
            None => callee,
            Some(r) if matches!(r.as_name(), Some("self" | "this" | "cls")) => {
                callee.strip_prefix("*.")?
            }
            Some(_) => return None,
        };
        helpers.get(name).cloned()
    }

    /// Whether every `return` of `func` hands back a read as it is: a source read (or one
    /// wrapped in a call or an operator, `os.getenv("K", "")`, `process.env.K ?? ""`), a
    /// module-level name bound to one, or a local name the function bound to one. A helper
    /// that builds a config object or calls an API with the credential returns more than it.
    pub(super) fn returns_a_read(
        &self,
        file: &File,
        cat: &LangCatalog,
        func: &mcplint_ir::Function,
    ) -> bool {
        let mut locals: Vec<&str> = Vec::new();
        let (mut returns, mut all_reads) = (0usize, true);
        mcplint_ir::visit::walk_stmts(&func.body, &mut |stmt| match stmt {
            Stmt::Assign {
                target: Pattern::Name(name),
                value,
                ..
            } if read_within(file, cat, value, 1).is_some() => locals.push(name),
            Stmt::Exit {
                value: Some(value),
                is_return: true,
                ..
            } => {
                returns += 1;
                let named = value
                    .as_name()
                    .is_some_and(|n| locals.contains(&n) || self.module_names.contains_key(n));
                all_reads &= named || read_as_is(file, cat, value, 2);
            }
            _ => {}
        });
        returns > 0 && all_reads
    }

    /// Whether function `func` reads a source: a module-level name bound to one, or a name or
    /// call some row matches (checked before walking it a second time).
    pub(super) fn may_read(
        &self,
        file: &File,
        cat: &LangCatalog,
        func: &mcplint_ir::Function,
    ) -> bool {
        if !self.enabled {
            return false;
        }
        let mut found = false;
        mcplint_ir::visit::walk_exprs(&func.body, &mut |e| {
            found = found
                || match &e.kind {
                    ExprKind::Name(n) => {
                        let root = n.split('.').next().unwrap_or(n);
                        self.module_names.contains_key(root) || self.name_match(cat, n).is_some()
                    }
                    ExprKind::Call {
                        callee,
                        receiver,
                        args,
                    } => {
                        match_call(file, cat, callee, receiver.as_deref(), args).is_some()
                            || self.helper_called(callee, receiver.as_deref()).is_some()
                    }
                    _ => false,
                };
        });
        found
    }
}

impl Analyzer<'_, '_> {
    /// The taint of a name read that is a source, in a walk that follows sources: a
    /// module-level name bound to one, or a read a `[[source]]` row matches (for `attribute`
    /// rows, a field of `self` or `this`: `args.api_key` is what the caller gave, not a
    /// credential the server holds).
    pub(super) fn name_source(&mut self, name: &str, span: Span, env: &Env) -> Taint {
        if !self.fs.reads_sources {
            return Taint::new();
        }
        let root = name.split('.').next().unwrap_or(name);
        if !env.contains_key(root)
            && let Some((found, at)) = self.cx.sources.module_names.get(root)
        {
            let (found, at) = (found.clone(), *at);
            return self.matched_source(Some(found), at);
        }
        // A local name shadows a module-level object of that name.
        let found = self
            .cx
            .sources
            .name_match(self.cx.cat, name)
            .filter(|(row, _)| {
                is_self(root)
                    || !env.contains_key(root)
                    || !self.cx.cat.sources.get(*row).is_some_and(|r| r.attribute)
            });
        self.matched_source(found, span)
    }

    /// The taint of a call that reads a source (`os.getenv("GITHUB_TOKEN")`,
    /// `request.headers.get("authorization")`), in a walk that follows sources; `None` for any
    /// other call.
    pub(super) fn call_source(
        &mut self,
        e: &Expr,
        callee: &str,
        receiver: Option<&Expr>,
        args: &[Arg],
    ) -> Option<Taint> {
        if !self.fs.reads_sources {
            return None;
        }
        if let Some((kind, what)) = self.cx.sources.helper_called(callee, receiver) {
            return Some(self.source_taint(&kind, &what, e.span));
        }
        let found = match_call(self.cx.file, self.cx.cat, callee, receiver, args)?;
        Some(self.matched_source(Some(found), e.span))
    }

    /// The taint of source site (`found`, `span`), recorded once per place and kind.
    fn matched_source(&mut self, found: Option<SourceMatch>, span: Span) -> Taint {
        let Some((row, key)) = found else {
            return Taint::new();
        };
        let Some(row) = self.cx.cat.sources.get(row) else {
            return Taint::new();
        };
        self.source_taint(&row.kind, &row.what.replace("{key}", &key), span)
    }

    /// The taint of a read of a source of `kind` (`what` it is) at `span`.
    fn source_taint(&mut self, kind: &str, what: &str, span: Span) -> Taint {
        let mut t = Taint::new();
        let Some(index) = self.source_site(kind, what, span) else {
            return t;
        };
        t.insert(
            Origin::Source(index),
            (
                Flags::default(),
                vec![Step {
                    span,
                    kind: StepKind::Param,
                }],
            ),
        );
        t
    }

    /// The index of the source site at `span` of `kind`, added on first use (by a walk that
    /// records).
    fn source_site(&mut self, kind: &str, what: &str, span: Span) -> Option<u32> {
        let key = (span, kind.to_owned());
        if let Some(i) = self.fs.source_at.get(&key) {
            return Some(*i);
        }
        let rec = self.rec.as_deref_mut()?;
        let i = match rec
            .sources
            .iter()
            .position(|s| s.span == span && s.kind == kind)
        {
            Some(i) => u32::try_from(i).ok()?,
            None => {
                let i = u32::try_from(rec.sources.len()).ok()?;
                rec.sources.push(SourceSite {
                    kind: kind.to_owned(),
                    span,
                    what: what.to_owned(),
                });
                i
            }
        };
        self.fs.source_at.insert(key, i);
        Some(i)
    }
}

#[cfg(test)]
mod tests {
    use crate::taint::test_support::{function, summarize_python};
    use crate::taint::{FileSummary, Origin, Target};

    const SOURCE: &str = r#"
import os

class Config:
    def __init__(self, key):
        self.key = key

def token():
    return os.environ["GITHUB_TOKEN"]

def config():
    return Config(key=os.environ["GITHUB_TOKEN"])

def uses_token():
    return "token " + token()

def uses_config():
    return config()

class Client:
    def key(self):
        return self.api_key

def given(settings):
    return settings.api_key
"#;

    /// Whether function `name` returns a `[[source]]` read.
    fn returns_a_source(s: &FileSummary, name: &str) -> bool {
        s.functions[function(s, name)]
            .facts
            .iter()
            .any(|f| matches!(f.from, Origin::Source(_)) && f.to == Target::Return)
    }

    #[test]
    fn a_helper_returning_a_read_as_it_is_is_a_read_where_it_is_called() {
        let s = summarize_python("t.py", SOURCE);
        assert!(returns_a_source(&s, "token"));
        assert!(returns_a_source(&s, "uses_token"));
        // `config()` builds an object around the read: its callers do not read the secret.
        assert!(returns_a_source(&s, "config"));
        assert!(!returns_a_source(&s, "uses_config"));
    }

    #[test]
    fn credential_fields_are_those_of_self_not_of_what_a_caller_gave() {
        let s = summarize_python("t.py", SOURCE);
        assert!(returns_a_source(&s, "key"));
        assert!(!returns_a_source(&s, "given"));
    }

    #[test]
    fn the_tool_input_walk_records_no_source_fact() {
        let s = summarize_python(
            "t.py",
            "import os\n\ndef f(p):\n    k = os.getenv(\"API_KEY\")\n    return p + k\n",
        );
        let facts = &s.functions[function(&s, "f")].facts;
        assert!(
            facts
                .iter()
                .any(|f| f.from == Origin::Param(0) && f.to == Target::Return)
        );
        assert!(facts.iter().any(|f| matches!(f.from, Origin::Source(_))));
        // The facts of `p` are those of a function without the read.
        let without = summarize_python("t.py", "def f(p):\n    k = 'x'\n    return p + k\n");
        let of_param = |facts: &[crate::taint::Fact]| {
            facts
                .iter()
                .filter(|f| f.from == Origin::Param(0))
                .map(|f| (f.to.clone(), f.flags))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            of_param(facts),
            of_param(&without.functions[function(&without, "f")].facts)
        );
    }
}
