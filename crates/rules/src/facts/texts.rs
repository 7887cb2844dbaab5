//! Texts the model reads — tool, parameter, prompt and resource descriptions and titles, server
//! instructions, prompt templates — found in the IR of every language and in JSON documents,
//! driven by the `[description]` rows of `rules/descriptions.toml`
//! ([`crate::catalog::sections::descriptions`]); the `tool-poisoning` rule's matcher looks in
//! them.
//!
//! Extraction ([`extract`]) starts from the tool finder's declarations (the catalog's
//! `description` locators, docstrings included), then adds every place the data names: calls
//! (`Field(description=)`, zod `.describe()`, `#[schemars(description)]`, server constructors'
//! instructions), object literals shaped like tools or schemas, class fields, model docstrings,
//! struct field docs, prompt handler bodies and module constants named like descriptions. JSON
//! documents are read by shape: `tools/list` results, MCP bundle manifests, registry
//! `server.json`, `initialize` results. Names and string building resolve through module and
//! function constants; a value read from the environment, a file or the network is
//! [`TextValue::Dynamic`].

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use mcplint_ir::{Arg, Expr, ExprKind, File, FnId, Function, Lang, Part, Pattern, Span, Stmt, ops};

use crate::catalog::any_matches;
use crate::catalog::sections::descriptions::{Descriptions, DynamicRow};
use crate::catalog::typed::ArgLocator;
use crate::diagnostic::escape;
use crate::facts::FileContext;
use crate::facts::tools::{HandlerRef, locate_arg, record_field};
use mcplint_ir::visit::{stmt_expr, walk_expr, walk_stmts};

/// How many names and constants a value may be resolved through.
const MAX_RESOLVE_DEPTH: u8 = 16;
/// How deeply a JSON schema is searched for descriptions.
const MAX_SCHEMA_DEPTH: usize = 64;

// ---------------------------------------------------------------------------------------------
// Extraction

/// A text the model reads.
#[derive(Clone, Debug)]
pub(crate) struct Text {
    /// What it is, for messages ("description of tool \`add\`").
    pub(crate) what: String,
    /// The tool, resource or prompt it belongs to.
    pub(crate) tool: Option<String>,
    /// The expression, docstring or JSON value that gives it.
    pub(crate) span: Span,
    /// Its value.
    pub(crate) value: TextValue,
    /// A prompt template (the text of a prompt, a prompt-named constant): a message to the
    /// model by design.
    pub(crate) template: bool,
}

/// The value of a text.
#[derive(Clone, Debug)]
pub(crate) enum TextValue {
    /// Known when the code is read: the text, and where each piece of it is written (byte
    /// offset in the text, span of the literal).
    Literal {
        /// The text.
        text: String,
        /// `(offset, span)` of each literal piece, in order.
        pieces: Vec<(usize, Span)>,
    },
    /// Computed at run time from the environment, a file or the network, or replaced after
    /// registration.
    Dynamic {
        /// How, completing "description of tool `x` is ...": `read at run time from the
        /// environment`.
        how: String,
        /// The call or name that reads it.
        via: String,
    },
}

impl TextValue {
    /// Where byte `offset` of the text is written in `source`: the phrase that starts there,
    /// found in the literal piece that holds it (a line of a docstring, of a template literal
    /// or of a doc comment), or that piece's span when the phrase is not written as is (escapes
    /// in a JSON string); `default` for a dynamic text.
    pub(crate) fn span_at(&self, offset: usize, default: Span, source: &str) -> Span {
        let TextValue::Literal { text, pieces } = self else {
            return default;
        };
        let i = pieces.partition_point(|(o, _)| *o <= offset);
        let Some(&(piece_start, span)) = pieces.get(i.saturating_sub(1)) else {
            return default;
        };
        let piece_end = pieces.get(i).map_or(text.len(), |p| p.0);
        phrase_in_source(text, piece_start..piece_end, offset, span, source).unwrap_or(span)
    }

    /// The byte ranges of source where the literal pieces of the text are written.
    pub(crate) fn piece_ranges(&self) -> Vec<(usize, usize)> {
        match self {
            TextValue::Literal { pieces, .. } => pieces
                .iter()
                .map(|(_, s)| (s.start as usize, s.end as usize))
                .collect(),
            TextValue::Dynamic { .. } => Vec::new(),
        }
    }
}

/// The shortest phrase that is looked up in the source.
const MIN_PHRASE: usize = 4;
/// The longest.
const MAX_PHRASE: usize = 32;

/// The span in `source` (inside `span`, where the piece `text[piece]` is written) of the
/// phrase at `offset`: its first words up to the end of the line or a character that a
/// literal may escape, looked up as the same occurrence among equal ones.
fn phrase_in_source(
    text: &str,
    piece: std::ops::Range<usize>,
    offset: usize,
    span: Span,
    source: &str,
) -> Option<Span> {
    let piece_text = text.get(piece.start..piece.end)?;
    let at = offset.checked_sub(piece.start)?;
    let rest = piece_text.get(at..)?;
    let at = at + (rest.len() - rest.trim_start().len());
    let rest = rest.trim_start();
    let mut len = 0;
    for (i, c) in rest.char_indices() {
        if i >= MAX_PHRASE
            || matches!(c, '\n' | '\r' | '\\' | '"' | '\'' | '`' | '$' | '{' | '}')
            || !c.is_ascii()
        {
            break;
        }
        len = i + c.len_utf8();
    }
    let phrase = rest.get(..len)?.trim_end();
    if phrase.len() < MIN_PHRASE || phrase.len() == piece_text.len() {
        return None;
    }
    let nth = piece_text.get(..at)?.matches(phrase).count();
    let written = source.get(span.start as usize..span.end as usize)?;
    let (found, _) = written.match_indices(phrase).nth(nth)?;
    let start = span.start as usize + found;
    Some(Span::new(start, start + phrase.len()))
}

/// The texts of one file and the tools it declares.
#[derive(Debug, Default)]
pub(crate) struct Extracted {
    /// Every text, declarations first.
    pub(crate) texts: Vec<Text>,
    /// Names of the tools, resources and prompts the file declares (lowercase).
    pub(crate) tools: HashSet<String>,
}

/// Finds every text the model reads in a file.
pub(crate) fn extract(cx: &FileContext<'_>) -> Extracted {
    if cx.file.lang == Lang::Json {
        let mut out = Extracted::default();
        json::extract(cx.file, &mut out);
        return out;
    }
    let mut x = Extractor::new(cx);
    x.run();
    x.out
}

/// The entries of a parameter shape: `{ a: z.string(), ... }` or `z.object({ ... })`, whose
/// values are schema expressions (calls).
fn shape_params(e: &Expr) -> Vec<(&str, &Expr)> {
    let record = match &e.kind {
        ExprKind::Call { callee, args, .. } if callee.ends_with(".object") => match args.first() {
            Some(a) => &a.value,
            None => return Vec::new(),
        },
        _ => e,
    };
    let ExprKind::Record(entries) = &record.kind else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|a| Some((a.keyword.as_deref()?, &a.value)))
        .filter(|(_, v)| matches!(v.kind, ExprKind::Call { .. }))
        .collect()
}

/// A text row's `what` for the argument at `loc`, with the declared name.
fn row_what(what: &str, loc: &ArgLocator, name: Option<&str>) -> String {
    let what = if loc.last_name().is_some_and(|n| n.ends_with("title")) {
        what.replacen("description", "title", 1)
    } else {
        what.to_owned()
    };
    match name {
        Some(n) => format!("{what} `{n}`"),
        None => what.trim_end_matches(" of").to_owned(),
    }
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::JavaScript => "typescript",
        other => other.name(),
    }
}

fn applies(languages: &[String], lang: Lang) -> bool {
    languages.is_empty() || languages.iter().any(|l| l == lang_name(lang))
}

/// What an expression being resolved is to the text it builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// The text itself, or one of the values it is chosen from.
    Whole,
    /// A piece inserted between reviewed words of the text.
    Piece,
    /// An input to a computation whose result is (part of) the text: its literal text is not
    /// part of the value.
    Input,
}

#[derive(Default)]
struct Resolved {
    pieces: Vec<(String, Span)>,
    dynamic: Option<(String, String)>,
}

struct Extractor<'a> {
    cx: &'a FileContext<'a>,
    file: &'a File,
    d: &'a Descriptions,
    /// Per function: the first value assigned to each simple name.
    scopes: Vec<HashMap<&'a str, &'a Expr>>,
    /// Every expression with the function whose names it sees.
    nodes: Vec<(&'a Expr, FnId)>,
    /// `nodes` by span, built when first needed.
    by_span: HashMap<Span, (&'a Expr, FnId)>,
    seen: HashSet<Span>,
    /// Schemas under a `properties` key: their parameter names.
    params: HashMap<Span, String>,
    out: Extracted,
}

impl<'a> Extractor<'a> {
    fn new(cx: &'a FileContext<'a>) -> Self {
        let file = cx.file;
        let mut scopes = Vec::with_capacity(file.functions.len());
        for f in &file.functions {
            let mut map = HashMap::new();
            walk_stmts(&f.body, &mut |s| {
                if let Stmt::Assign {
                    target: Pattern::Name(n),
                    value,
                    ..
                } = s
                {
                    map.entry(n.as_str()).or_insert(value);
                }
            });
            scopes.push(map);
        }
        let mut nodes = Vec::new();
        let mut push = |e: &'a Expr, scope: FnId| walk_expr(e, &mut |sub| nodes.push((sub, scope)));
        for (id, f) in file.functions.iter().enumerate() {
            let outer = f.parent.unwrap_or(0);
            for dec in &f.decorators {
                push(dec, outer);
            }
            for p in &f.params {
                for e in p.annotation.iter().chain(&p.default).chain(&p.attributes) {
                    push(e, outer);
                }
            }
            walk_stmts(&f.body, &mut |s| {
                if let Some(value) = stmt_expr(s) {
                    push(value, id);
                }
            });
        }
        for class in &file.classes {
            for e in class.decorators.iter().chain(&class.bases) {
                push(e, 0);
            }
            for field in &class.fields {
                for e in field.value.iter().chain(&field.attributes) {
                    push(e, 0);
                }
            }
        }
        Self {
            cx,
            file,
            d: &cx.catalog.descriptions,
            scopes,
            nodes,
            by_span: HashMap::new(),
            seen: HashSet::new(),
            params: HashMap::new(),
            out: Extracted::default(),
        }
    }

    fn run(&mut self) {
        self.declarations();
        self.classes();
        self.calls_and_records();
        self.constants();
    }

    fn lookup(&self, name: &str, mut scope: FnId) -> Option<(&'a Expr, FnId)> {
        loop {
            if let Some(v) = self.scopes.get(scope).and_then(|m| m.get(name)) {
                return Some((v, scope));
            }
            if scope == 0 {
                return None;
            }
            scope = self.file.functions.get(scope)?.parent.unwrap_or(0);
        }
    }

    fn dynamic_call(&self, callee: &str) -> Option<&'a DynamicRow> {
        self.d
            .dynamic
            .iter()
            .find(|r| r.call.iter().any(|p| p.matches(callee)))
    }

    fn dynamic_name(&self, name: &str) -> Option<&'a DynamicRow> {
        self.d.dynamic.iter().find(|r| {
            r.name.iter().any(|n| {
                name == n
                    || name
                        .strip_prefix(n.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        })
    }

    /// Records that the text is read at run time by `row` (through `via`), unless the row
    /// counts only as the whole text and `role` is a piece of it or an input to something else.
    fn record_dynamic(
        row: &DynamicRow,
        via: impl FnOnce() -> String,
        role: Role,
        r: &mut Resolved,
    ) {
        if r.dynamic.is_none() && (!row.whole_text_only || role == Role::Whole) {
            r.dynamic = Some((row.from.clone(), via()));
        }
    }

    /// Resolves `e`, which is `role` to the text being built, to literal pieces and a dynamic
    /// origin.
    fn resolve(&self, e: &'a Expr, scope: FnId, depth: u8, role: Role, r: &mut Resolved) {
        if depth > MAX_RESOLVE_DEPTH {
            return;
        }
        let collect = role != Role::Input;
        match &e.kind {
            ExprKind::Str(s) => {
                if collect {
                    r.pieces.push((s.clone(), e.span));
                }
            }
            ExprKind::Interp(parts) => {
                // A hole between reviewed words is a piece of the text; a hole alone (`f"{x}"`,
                // `x + ""`) is still all of it.
                let worded = parts
                    .iter()
                    .any(|p| matches!(p, Part::Lit(s) if !s.trim().is_empty()));
                let hole_role = if worded && collect { Role::Piece } else { role };
                for p in parts {
                    match p {
                        Part::Lit(s) => {
                            if collect {
                                r.pieces.push((s.clone(), e.span));
                            }
                        }
                        Part::Hole(h) => {
                            let before = r.pieces.len();
                            self.resolve(h, scope, depth + 1, hole_role, r);
                            if collect && r.pieces.len() == before {
                                r.pieces.push((" ".to_owned(), e.span));
                            }
                        }
                    }
                }
            }
            ExprKind::Name(n) => {
                if let Some(row) = self.dynamic_name(n) {
                    Self::record_dynamic(row, || n.clone(), role, r);
                } else if let Some((v, s)) = self.lookup(n, scope)
                    && !std::ptr::eq(v, e)
                {
                    self.resolve(v, s, depth + 1, role, r);
                }
            }
            ExprKind::Call { .. } => self.resolve_call(e, scope, depth, role, r),
            ExprKind::Cond { then, orelse, .. } => {
                // The test only chooses between values: reading the environment to choose
                // between two reviewed texts is not a dynamic text.
                self.resolve(then, scope, depth + 1, role, r);
                if collect {
                    r.pieces.push(("\n\n".to_owned(), e.span));
                }
                self.resolve(orelse, scope, depth + 1, role, r);
            }
            ExprKind::Other(children) => {
                for c in children {
                    self.resolve(c, scope, depth + 1, Role::Input, r);
                }
            }
            ExprKind::Record(_) | ExprKind::Func(_) => {}
        }
    }

    /// The call arm of [`Self::resolve`]: a dynamic read, a pass-through wrapper or a choice
    /// between values (`a or b`, `a ?? b`, `env["X"]`), a local function that reads, or an
    /// unknown call whose arguments are searched for dynamic reads.
    fn resolve_call(&self, e: &'a Expr, scope: FnId, depth: u8, role: Role, r: &mut Resolved) {
        let ExprKind::Call {
            callee,
            receiver,
            args,
        } = &e.kind
        else {
            return;
        };
        let receiver = receiver.as_deref();
        if let Some(row) = self.dynamic_call(callee) {
            if !self.reads_shipped_file(row, e, scope, 0) {
                Self::record_dynamic(row, || self.call_text(e), role, r);
            }
            return;
        }
        if self.d.pass_through.iter().any(|p| p.matches(callee)) {
            let inner = match receiver {
                Some(recv) if callee.starts_with("*.") => Some(recv),
                _ => args.first().map(|a| &a.value),
            };
            if let Some(inner) = inner {
                self.resolve(inner, scope, depth + 1, role, r);
            }
            return;
        }
        // The value is one of the operands, or an element of the container.
        if callee == ops::OR || callee == ops::AND {
            for a in args {
                self.resolve(&a.value, scope, depth + 1, role, r);
            }
            return;
        }
        if callee == ops::SUBSCRIPT
            && let Some(recv) = receiver
        {
            self.resolve(recv, scope, depth + 1, role, r);
            for a in args {
                self.resolve(&a.value, scope, depth + 1, Role::Input, r);
            }
            return;
        }
        if let Some((row, via)) = self.local_function_reads(callee) {
            Self::record_dynamic(row, || via, role, r);
            return;
        }
        for x in receiver.into_iter().chain(args.iter().map(|a| &a.value)) {
            self.resolve(x, scope, depth + 1, Role::Input, r);
        }
    }

    /// Whether the read `e` names its file from the module's own location (a `shipped-with`
    /// name of `row`: `open(os.path.join(os.path.dirname(__file__), "x.txt"))`,
    /// `readFileSync(join(__dirname, "instructions.md"))`), in its own text or in the value of
    /// a name it uses (`f.read()` of `f = open(...)`).
    fn reads_shipped_file(&self, row: &DynamicRow, e: &'a Expr, scope: FnId, depth: u8) -> bool {
        if row.shipped_with.is_empty() || depth > 3 {
            return false;
        }
        let text = self.file.source.slice(e.span);
        if row.shipped_with.iter().any(|n| text.contains(n.as_str())) {
            return true;
        }
        let ExprKind::Call { receiver, args, .. } = &e.kind else {
            return false;
        };
        receiver
            .as_deref()
            .into_iter()
            .chain(args.iter().map(|a| &a.value))
            .filter_map(|x| x.as_name())
            .filter_map(|n| self.lookup(n, scope))
            .any(|(v, s)| !std::ptr::eq(v, e) && self.reads_shipped_file(row, v, s, depth + 1))
    }

    /// The source text of a call, for messages: its first line, arguments elided when long.
    fn call_text(&self, e: &Expr) -> String {
        let text = self.file.source.slice(e.span);
        let first = text.lines().next().unwrap_or("").trim();
        if first.len() <= 60 && first.len() == text.trim().len() {
            return first.to_owned();
        }
        match &e.kind {
            ExprKind::Call { callee, .. } => format!("{}(…)", callee.trim_start_matches("*.")),
            _ => escape(first, 60),
        }
    }

    /// A function of this file, called by name, that reads the environment, a file or the
    /// network.
    fn local_function_reads(&self, callee: &str) -> Option<(&'a DynamicRow, String)> {
        let f = self
            .file
            .functions
            .iter()
            .find(|f| f.name.as_deref() == Some(callee))?;
        let mut found = None;
        mcplint_ir::visit::walk_calls(&f.body, &mut |call| {
            if found.is_none()
                && let ExprKind::Call { callee: c, .. } = &call.kind
                && let Some(row) = self.dynamic_call(c)
            {
                found = Some((
                    row,
                    format!("{callee}() calls {}", c.trim_start_matches("*.")),
                ));
            }
        });
        found
    }

    /// Adds the text given by `e`.
    fn add_expr(
        &mut self,
        e: &'a Expr,
        scope: FnId,
        what: &str,
        tool: Option<&str>,
        dynamic_ok: bool,
    ) {
        if matches!(e.kind, ExprKind::Record(_) | ExprKind::Func(_)) || !self.seen.insert(e.span) {
            return;
        }
        let mut r = Resolved::default();
        self.resolve(e, scope, 0, Role::Whole, &mut r);
        if dynamic_ok && let Some((from, via)) = r.dynamic {
            self.out.texts.push(Text {
                what: what.to_owned(),
                tool: tool.map(str::to_owned),
                span: e.span,
                value: TextValue::Dynamic {
                    how: format!("read at run time from {from}"),
                    via,
                },
                template: false,
            });
        }
        if r.pieces.iter().any(|(s, _)| !s.trim().is_empty()) {
            let mut text = String::new();
            let mut pieces = Vec::with_capacity(r.pieces.len());
            for (s, span) in r.pieces {
                pieces.push((text.len(), span));
                text.push_str(&s);
            }
            self.out.texts.push(Text {
                what: what.to_owned(),
                tool: tool.map(str::to_owned),
                span: e.span,
                value: TextValue::Literal { text, pieces },
                template: false,
            });
        }
    }

    fn add_literal(&mut self, text: &str, span: Span, what: &str, tool: Option<&str>) {
        if text.trim().is_empty() || !self.seen.insert(span) {
            return;
        }
        self.out.texts.push(Text {
            what: what.to_owned(),
            tool: tool.map(str::to_owned),
            span,
            value: TextValue::Literal {
                text: text.to_owned(),
                pieces: vec![(0, span)],
            },
            template: false,
        });
    }

    fn doc_at(&self, span: Span) -> Option<&'a str> {
        let file = self.file;
        file.functions
            .iter()
            .filter_map(|f| f.doc.as_ref())
            .chain(file.classes.iter().filter_map(|c| c.doc.as_ref()))
            .find(|d| d.span == span)
            .map(|d| d.text.as_str())
    }

    fn node_at(&mut self, span: Span) -> Option<(&'a Expr, FnId)> {
        if self.by_span.is_empty() && !self.nodes.is_empty() {
            // The outermost expression at a span wins (a call before its callee's name).
            for &(e, scope) in self.nodes.iter().rev() {
                self.by_span.insert(e.span, (e, scope));
            }
        }
        self.by_span.get(&span).copied()
    }

    /// The catalog's declarations: descriptions, parameters' inline descriptions, prompt bodies.
    fn declarations(&mut self) {
        let tools = self.cx.tools;
        for decl in tools {
            if let Some(n) = &decl.name {
                self.out.tools.insert(n.to_ascii_lowercase());
            }
        }
        for decl in tools {
            let name = decl.name.as_deref();
            let what = match name {
                Some(n) => format!("description of {} `{n}`", decl.kind),
                None => format!("description of a {}", decl.kind),
            };
            if let Some(span) = decl.description {
                if let Some(doc) = self.doc_at(span) {
                    self.add_literal(doc, span, &what, name);
                } else if let Some((e, scope)) = self.node_at(span) {
                    self.add_expr(e, scope, &what, name, true);
                }
            }
            self.site_texts(decl.span, &what, name);
            let HandlerRef::Local(id) = decl.handler else {
                continue;
            };
            let Some(func) = self.file.functions.get(id) else {
                continue;
            };
            self.handler_param_texts(func, name);
            // The handler's docstring replaced at run time (a "rug pull").
            if let Some(fname) = &func.name {
                self.replaced_descriptions(fname, &what, name);
            }
            if decl.kind == "prompt" {
                self.prompt_texts(func, id, name);
            }
        }
    }

    /// Titles, and texts in options objects, of the declaration call at `site`: parameter
    /// shapes, schemas, `title`, `description` and `annotations.title`.
    fn site_texts(&mut self, site: Span, what: &str, name: Option<&str>) {
        let Some((site, scope)) = self.node_at(site) else {
            return;
        };
        let ExprKind::Call { args, .. } = &site.kind else {
            return;
        };
        for a in args {
            for (param, e) in shape_params(&a.value) {
                let what = format!("description of parameter `{param}`");
                self.texts_in(e, scope, &what, name);
            }
            if let ExprKind::Record(_) = &a.value.kind {
                for key in ["inputSchema", "argsSchema", "parameters", "schema"] {
                    for (param, e) in record_field(&a.value, key)
                        .map(shape_params)
                        .unwrap_or_default()
                    {
                        let what = format!("description of parameter `{param}`");
                        self.texts_in(e, scope, &what, name);
                    }
                }
            }
            if a.keyword.as_deref() == Some("title") {
                let what = what.replacen("description", "title", 1);
                self.add_expr(&a.value, scope, &what, name, true);
            } else if matches!(a.value.kind, ExprKind::Record(_)) {
                for key in ["title", "description"] {
                    if let Some(v) = record_field(&a.value, key) {
                        let what = what.replacen("description", key, 1);
                        self.add_expr(v, scope, &what, name, true);
                    }
                }
                if let Some(ann) = record_field(&a.value, "annotations")
                    && let Some(v) = record_field(ann, "title")
                {
                    let what = what.replacen("description", "title", 1);
                    self.add_expr(v, scope, &what, name, true);
                }
            }
        }
    }

    /// Descriptions in the handler's parameters: texts in annotations, defaults and attributes
    /// (`Field(description=)`), then `Annotated[str, "text"]` metadata strings.
    fn handler_param_texts(&mut self, func: &'a Function, name: Option<&str>) {
        let scope = func.parent.unwrap_or(0);
        for p in &func.params {
            let what = format!("description of parameter `{}`", p.name);
            for e in p.annotation.iter().chain(&p.default).chain(&p.attributes) {
                self.texts_in(e, scope, &what, name);
            }
        }
        // `Annotated[str, "text"]`: a string in the metadata is the parameter's description.
        for p in &func.params {
            if let Some(ann) = &p.annotation
                && let ExprKind::Call {
                    callee,
                    receiver: Some(recv),
                    args,
                } = &ann.kind
                && callee == mcplint_ir::ops::SUBSCRIPT
                && recv.as_name().is_some_and(|n| n.ends_with("Annotated"))
            {
                for a in args.iter().skip(1) {
                    if matches!(a.value.kind, ExprKind::Str(_) | ExprKind::Interp(_)) {
                        let what = format!("description of parameter `{}`", p.name);
                        self.add_expr(&a.value, scope, &what, name, true);
                    }
                }
            }
        }
    }

    /// The text of a prompt: every string returned, assigned or evaluated in its handler
    /// `func` (function `id`).
    fn prompt_texts(&mut self, func: &'a Function, id: FnId, name: Option<&str>) {
        let what = match name {
            Some(n) => format!("text of prompt `{n}`"),
            None => "text of a prompt".to_owned(),
        };
        let mut strings: Vec<&'a Expr> = Vec::new();
        walk_stmts(&func.body, &mut |s| {
            if let Stmt::Exit {
                value: Some(v),
                is_return: true,
                ..
            }
            | Stmt::Assign { value: v, .. }
            | Stmt::Eval(v) = s
            {
                walk_expr(v, &mut |x| {
                    if matches!(x.kind, ExprKind::Str(_) | ExprKind::Interp(_)) {
                        strings.push(x);
                    }
                });
            }
        });
        let from = self.out.texts.len();
        for x in strings {
            self.add_expr(x, id, &what, name, false);
        }
        self.mark_templates(from);
    }

    /// Marks the texts found since the `from`th as prompt templates.
    fn mark_templates(&mut self, from: usize) {
        for t in self.out.texts.iter_mut().skip(from) {
            t.template = true;
        }
    }

    /// Assignments to `NAME.__doc__` or `NAME.description` anywhere in the file: a description
    /// that changes after the tool is registered and reviewed.
    fn replaced_descriptions(&mut self, fname: &str, what: &str, tool: Option<&str>) {
        let file = self.file;
        let mut found = Vec::new();
        for (id, f) in file.functions.iter().enumerate() {
            walk_stmts(&f.body, &mut |s| {
                if let Stmt::Assign {
                    target: Pattern::Name(t),
                    value,
                    span,
                } = s
                    && let Some((base, attr)) = t.rsplit_once('.')
                    && matches!(attr, "__doc__" | "description")
                    && base == fname
                {
                    found.push((id, t.as_str(), value, *span));
                }
            });
        }
        found.sort_by_key(|f| f.3);
        for (i, (id, target, value, span)) in found.into_iter().enumerate() {
            // The target and `=` only, so that a finding in the new text does not enclose it.
            let span = Span {
                start: span.start,
                end: value.span.start.max(span.start),
            };
            // One warning per tool, at its first replacement; every new text is still read.
            if i == 0 && self.seen.insert(span) {
                self.out.texts.push(Text {
                    what: what.to_owned(),
                    tool: tool.map(str::to_owned),
                    span,
                    value: TextValue::Dynamic {
                        how: "replaced at run time".to_owned(),
                        via: format!("{target} = …"),
                    },
                    template: false,
                });
            }
            self.add_expr(value, id, what, tool, true);
        }
    }

    /// Texts of `[[description.text]]` calls inside `e`, described as `what`.
    fn texts_in(&mut self, e: &'a Expr, scope: FnId, what: &str, tool: Option<&str>) {
        let lang = self.file.lang;
        let mut found = Vec::new();
        walk_expr(e, &mut |x| {
            if let ExprKind::Call { callee, args, .. } = &x.kind {
                for row in self.d.texts_index.rows(&self.d.texts, callee) {
                    if applies(&row.languages, lang) && any_matches(&row.call, callee) {
                        for loc in row.arg.items() {
                            if let Some(v) = locate_arg(args, loc) {
                                found.push((v, row_what(what, loc, None)));
                            }
                        }
                    }
                }
            }
        });
        for (v, what) in found {
            self.add_expr(v, scope, &what, tool, true);
        }
    }

    /// `[[description.text]]` calls and `[[description.record]]` objects anywhere in the file.
    fn calls_and_records(&mut self) {
        let lang = self.file.lang;
        let nodes = self.nodes.clone();
        for (e, scope) in nodes {
            match &e.kind {
                ExprKind::Call { callee, args, .. } => {
                    for row in self.d.texts_index.rows(&self.d.texts, callee) {
                        if !applies(&row.languages, lang) || !any_matches(&row.call, callee) {
                            continue;
                        }
                        let name = row
                            .name
                            .as_ref()
                            .and_then(|l| locate_arg(args, l))
                            .and_then(Expr::as_str);
                        if row.what.ends_with(" tool")
                            && let Some(n) = name
                        {
                            self.out.tools.insert(n.to_ascii_lowercase());
                        }
                        for loc in row.arg.items() {
                            if let Some(v) = locate_arg(args, loc) {
                                let what = row_what(&row.what, loc, name);
                                self.add_expr(v, scope, &what, name, true);
                            }
                        }
                    }
                }
                ExprKind::Record(entries) => self.record(e, entries, scope),
                _ => {}
            }
        }
    }

    fn record(&mut self, e: &'a Expr, entries: &'a [Arg], scope: FnId) {
        if let Some(props) = record_field(e, "properties")
            && let ExprKind::Record(params) = &props.kind
        {
            for p in params {
                if let Some(k) = &p.keyword {
                    self.params.insert(p.value.span, k.clone());
                }
            }
        }
        // `type` makes an object a schema only with a JSON Schema type as its value.
        let has = |k: &str| {
            entries.iter().any(|a| {
                a.keyword.as_deref() == Some(k)
                    && (k != "type"
                        || a.value.as_str().is_some_and(|t| {
                            matches!(
                                t,
                                "string"
                                    | "number"
                                    | "integer"
                                    | "boolean"
                                    | "object"
                                    | "array"
                                    | "null"
                            )
                        }))
            })
        };
        let name = record_field(e, "name").and_then(Expr::as_str);
        let tool_like = [
            "inputSchema",
            "input_schema",
            "parameters",
            "schema",
            "execute",
            "handler",
        ]
        .iter()
        .any(|k| has(k));
        if tool_like && let Some(n) = name {
            self.out.tools.insert(n.to_ascii_lowercase());
        }
        let lang = self.file.lang;
        for row in &self.d.records {
            if !applies(&row.languages, lang) || !row.when_any.iter().any(|k| has(k)) {
                continue;
            }
            for key in &row.keys {
                let Some(v) = record_field(e, key) else {
                    continue;
                };
                let what = if let Some(p) = self.params.get(&e.span) {
                    format!("{key} of parameter `{p}`")
                } else if let Some(n) = name
                    && row.what == "description"
                {
                    if tool_like {
                        format!("{key} of tool `{n}`")
                    } else {
                        format!("{key} of `{n}`")
                    }
                } else if row.what == "description" {
                    key.clone()
                } else {
                    row.what.clone()
                };
                let schema = self.params.contains_key(&e.span) || has("type") || has("properties");
                self.add_expr(
                    v,
                    scope,
                    &what,
                    name.filter(|_| tool_like),
                    tool_like || schema,
                );
            }
        }
    }

    /// Class fields named like text fields, model docstrings and documented schema structs.
    fn classes(&mut self) {
        let file = self.file;
        for class in &file.classes {
            let class_name = class
                .fields
                .iter()
                .find(|f| f.name == "name")
                .and_then(|f| f.value.as_ref())
                .and_then(Expr::as_str);
            for field in &class.fields {
                let what = format!("description of field `{}` of `{}`", field.name, class.name);
                for e in field.value.iter().chain(&field.attributes) {
                    self.texts_in(e, 0, &what, None);
                }
                if self.d.text_fields.contains(&field.name)
                    && let Some(v) = &field.value
                {
                    let what = match class_name {
                        Some(n) => format!("{} of tool `{n}`", field.name),
                        None => format!("{} of `{}`", field.name, class.name),
                    };
                    self.add_expr(v, 0, &what, class_name, true);
                }
            }
            let model = class
                .bases
                .iter()
                .any(|b| b.as_name().is_some_and(|n| n.ends_with("BaseModel")));
            let schema = class.decorators.iter().any(|d| {
                let text = file.source.slice(d.span);
                text.contains("JsonSchema") || text.contains("mcp_tool")
            });
            if (model || schema)
                && let Some(doc) = &class.doc
            {
                let what = format!("description of `{}`", class.name);
                self.add_literal(&doc.text, doc.span, &what, None);
            }
            if schema {
                for field in &class.fields {
                    if let Some(doc) = &field.doc {
                        let what =
                            format!("description of field `{}` of `{}`", field.name, class.name);
                        self.add_literal(&doc.text, doc.span, &what, None);
                    }
                }
            }
        }
    }

    /// Module constants named like descriptions, prompts or instructions (prompt-named ones are
    /// templates).
    fn constants(&mut self) {
        let Some(top) = self.file.functions.first() else {
            return;
        };
        let mut found = Vec::new();
        for s in &top.body {
            if let Stmt::Assign {
                target: Pattern::Name(n),
                value,
                ..
            } = s
            {
                let template = self
                    .d
                    .template_constant_names
                    .iter()
                    .any(|re| re.is_match(n));
                if template || self.d.constant_names.iter().any(|re| re.is_match(n)) {
                    found.push((n.as_str(), value, template));
                }
            }
        }
        for (n, value, template) in found {
            let from = self.out.texts.len();
            self.add_expr(value, 0, &format!("constant `{n}`"), None, false);
            if template {
                self.mark_templates(from);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON documents, read by shape

mod json {
    use super::{Extracted, MAX_SCHEMA_DEPTH, Text, TextValue};
    use mcplint_ir::{Expr, ExprKind, File, Stmt};

    fn field<'a>(e: &'a Expr, key: &str) -> Option<&'a Expr> {
        crate::facts::tools::record_field(e, key)
    }

    /// Every value of `key`: with duplicate keys a reviewer sees one and a client may use
    /// another.
    fn fields<'a>(e: &'a Expr, key: &'a str) -> impl Iterator<Item = &'a Expr> + 'a {
        let entries: &[mcplint_ir::Arg] = match &e.kind {
            ExprKind::Record(entries) => entries,
            _ => &[],
        };
        entries
            .iter()
            .filter(move |a| a.keyword.as_deref() == Some(key))
            .map(|a| &a.value)
    }

    fn str_field<'a>(e: &'a Expr, key: &str) -> Option<&'a str> {
        field(e, key).and_then(Expr::as_str)
    }

    fn is_object(e: &Expr) -> bool {
        matches!(&e.kind, ExprKind::Record(entries) if entries.iter().all(|a| a.keyword.is_some()))
    }

    /// Positional entries of an array.
    fn items(e: &Expr) -> impl Iterator<Item = &Expr> {
        let entries: &[mcplint_ir::Arg] = match &e.kind {
            ExprKind::Record(entries) => entries,
            _ => &[],
        };
        entries
            .iter()
            .filter(|a| a.keyword.is_none())
            .map(|a| &a.value)
    }

    fn push(out: &mut Extracted, value: &Expr, what: String, tool: Option<&str>) {
        if let Some(text) = value.as_str()
            && !text.trim().is_empty()
        {
            out.texts.push(Text {
                what,
                tool: tool.map(str::to_owned),
                span: value.span,
                value: TextValue::Literal {
                    text: text.to_owned(),
                    pieces: vec![(0, value.span)],
                },
                template: false,
            });
        }
    }

    /// [`push`] for a prompt template (a prompt's message text).
    fn push_template(out: &mut Extracted, value: &Expr, what: String, tool: Option<&str>) {
        let from = out.texts.len();
        push(out, value, what, tool);
        for t in out.texts.iter_mut().skip(from) {
            t.template = true;
        }
    }

    fn tool_like(e: &Expr) -> bool {
        is_object(e)
            && str_field(e, "name").is_some()
            && ["description", "inputSchema", "input_schema", "title"]
                .iter()
                .any(|k| field(e, k).is_some())
    }

    pub(super) fn extract(file: &File, out: &mut Extracted) {
        let Some(top) = file.functions.first() else {
            return;
        };
        for s in &top.body {
            if let Stmt::Eval(e) = s {
                value(e, out, 0);
            }
        }
    }

    /// A document or a message in one: an object by its keys, an array of tools or messages.
    fn value(e: &Expr, out: &mut Extracted, depth: usize) {
        if depth > 4 {
            return;
        }
        if is_object(e) {
            object(e, out, depth);
            return;
        }
        // A bare array is a tool list only when every entry has a schema: arrays of
        // `{name, description}` objects are common data.
        let list: Vec<&Expr> = items(e).collect();
        let with_schema =
            |t: &Expr| field(t, "inputSchema").is_some() || field(t, "input_schema").is_some();
        if !list.is_empty() && list.iter().all(|t| tool_like(t) && with_schema(t)) {
            tools(e, out);
        } else {
            for item in list {
                value(item, out, depth + 1);
            }
        }
    }

    fn object(e: &Expr, out: &mut Extracted, depth: usize) {
        if let Some(t) = field(e, "tools") {
            tools(t, out);
        }
        if let Some(p) = field(e, "prompts") {
            for prompt in items(p).filter(|x| is_object(x)) {
                self::prompt(prompt, out);
            }
        }
        for key in ["resources", "resourceTemplates"] {
            if let Some(list) = field(e, key) {
                for r in items(list).filter(|x| is_object(x)) {
                    let name = str_field(r, "name")
                        .or_else(|| str_field(r, "uri"))
                        .or_else(|| str_field(r, "uriTemplate"));
                    for k in ["description", "title"] {
                        for v in fields(r, k) {
                            let what = match name {
                                Some(n) => format!("{k} of resource `{n}`"),
                                None => format!("{k} of a resource"),
                            };
                            push(out, v, what, name);
                        }
                    }
                }
            }
        }
        // `initialize` result.
        if let Some(v) = field(e, "instructions")
            && ["serverInfo", "capabilities", "protocolVersion"]
                .iter()
                .any(|k| field(e, k).is_some())
        {
            push(out, v, "text of the server instructions".to_owned(), None);
        }
        // `prompts/get` result.
        if let Some(messages) = field(e, "messages") {
            for m in items(messages) {
                if field(m, "role").is_some()
                    && let Some(content) = field(m, "content")
                    && let Some(text) = field(content, "text")
                {
                    push_template(out, text, "text of a prompt message".to_owned(), None);
                }
            }
        }
        // Registry `server.json`.
        let registry = str_field(e, "$schema").is_some_and(|s| s.contains("server.schema"))
            || (str_field(e, "name").is_some_and(|n| n.contains('/'))
                && (field(e, "packages").is_some() || field(e, "remotes").is_some()));
        if registry && let Some(v) = field(e, "description") {
            push(out, v, "server description".to_owned(), None);
        }
        if let Some(result) = field(e, "result") {
            value(result, out, depth + 1);
        }
    }

    fn tools(list: &Expr, out: &mut Extracted) {
        let all: Vec<&Expr> = items(list).filter(|t| tool_like(t)).collect();
        for t in &all {
            if let Some(n) = str_field(t, "name") {
                out.tools.insert(n.to_ascii_lowercase());
            }
        }
        for t in all {
            let name = str_field(t, "name");
            let label = name.map_or_else(|| "a tool".to_owned(), |n| format!("tool `{n}`"));
            for k in ["description", "title"] {
                for v in fields(t, k) {
                    push(out, v, format!("{k} of {label}"), name);
                }
            }
            if let Some(ann) = field(t, "annotations")
                && let Some(v) = field(ann, "title")
            {
                push(out, v, format!("title of {label}"), name);
            }
            for k in ["inputSchema", "input_schema", "outputSchema"] {
                if let Some(schema) = field(t, k) {
                    self::schema(schema, out, name, &label, None, 0);
                }
            }
        }
    }

    fn schema(
        e: &Expr,
        out: &mut Extracted,
        tool: Option<&str>,
        label: &str,
        param: Option<&str>,
        depth: usize,
    ) {
        if depth > MAX_SCHEMA_DEPTH {
            return;
        }
        let ExprKind::Record(entries) = &e.kind else {
            return;
        };
        for a in entries {
            match a.keyword.as_deref() {
                Some(k @ ("description" | "title")) if a.value.as_str().is_some() => {
                    let what = match param {
                        Some(p) => format!("{k} of parameter `{p}` of {label}"),
                        None => format!("{k} in the schema of {label}"),
                    };
                    push(out, &a.value, what, tool);
                }
                Some("properties") => {
                    if let ExprKind::Record(props) = &a.value.kind {
                        for p in props {
                            let pname = p.keyword.as_deref().or(param);
                            schema(&p.value, out, tool, label, pname, depth + 1);
                        }
                    }
                }
                // Values, not schemas.
                Some("default" | "const" | "enum" | "examples" | "example") => {}
                _ => schema(&a.value, out, tool, label, param, depth + 1),
            }
        }
    }

    fn prompt(p: &Expr, out: &mut Extracted) {
        let name = str_field(p, "name");
        let label = name.map_or_else(|| "a prompt".to_owned(), |n| format!("prompt `{n}`"));
        if let Some(n) = name {
            out.tools.insert(n.to_ascii_lowercase());
        }
        for k in ["description", "title"] {
            for v in fields(p, k) {
                push(out, v, format!("{k} of {label}"), name);
            }
        }
        for v in fields(p, "text") {
            push_template(out, v, format!("text of {label}"), name);
        }
        if let Some(args) = field(p, "arguments") {
            for a in items(args) {
                if let Some(v) = field(a, "description") {
                    let what = match str_field(a, "name") {
                        Some(an) => format!("description of argument `{an}` of {label}"),
                        None => format!("description of an argument of {label}"),
                    };
                    push(out, v, what, name);
                }
            }
        }
    }
}
