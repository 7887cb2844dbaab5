//! Macro bodies and attribute arguments: the token trees tree-sitter leaves flat, parsed with
//! syn one token tree at a time.
//!
//! The token tree's text is lexed by proc-macro2 (its spans are byte offsets into that text, so
//! the token tree's start plus the offset is the file offset), parsed by syn, lowered, and
//! dropped before the next one; proc-macro2's per-thread span table is then cleared. Bodies that
//! are large or nest deeply enough to strain syn's recursive parser are not parsed at all.

use std::mem;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::str::FromStr;

use crate::common::Node;
use mcplint_ir::{Arg, Expr, ExprKind, Function, Param, ParamKind, Part, Pattern, Span, Stmt, ops};
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::discouraged::Speculative;
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{BinOp, Ident, Lit, Token, UnOp};

use super::text::{FmtArg, FmtPiece, ident_name, is_upper_name, parse_format, unquote};
use super::{Lowerer, MAX_DEPTH, Tail, call, child_of_kind, other, span};
use crate::common::{interp_or_str, push_lit, splice};

/// Token trees longer than this are not parsed (so large a body is data, not code).
const MAX_TOKEN_TREE_BYTES: usize = 256 * 1024;

/// How much nesting syn may be given, in rough quarter-kilobytes of stack in a debug build:
/// syn parses (and drops, and re-tokenizes for spans) recursively, so bodies that could nest
/// deeper than this are left unparsed. Every token of an element counts (a long `a + b + ...`
/// or `f()()()...` nests as deeply as it is long), delimited groups and `<` much more.
const SYN_BUDGET: usize = 1440;
/// The cost of any token.
const TOKEN_COST: usize = 2;
/// The cost of entering a delimited group (`(...)`, `[...]`, `{...}`).
const GROUP_COST: usize = 80;
/// The cost of one level of `<...>` (generic arguments nest expensively in syn).
const ANGLE_COST: usize = 180;
/// The cost of a keyword that starts a nested expression (`return`, `move`, `if`, ...).
const KEYWORD_COST: usize = 40;
/// How much less syn may use per level of lowering already on the stack.
const DEPTH_COST: usize = 8;

/// Converts proc-macro2 spans of one token tree to file spans.
pub(super) struct SynCx {
    /// File offset of the text that was lexed.
    base: usize,
    /// Used for tokens without a position.
    fallback: Span,
    /// Whether names resolve through the imports (not inside attributes, whose arguments are
    /// kept as written).
    resolve: bool,
}

impl SynCx {
    fn sp(&self, s: proc_macro2::Span) -> Span {
        let r = s.byte_range();
        if r.start == 0 && r.end == 0 {
            self.fallback
        } else {
            Span::new(self.base + r.start, self.base + r.end)
        }
    }

    fn of<T: Spanned>(&self, t: &T) -> Span {
        self.sp(t.span())
    }
}

/// One comma-separated element of a macro body or attribute.
enum RawArg {
    /// `key = value`.
    Keyword(String, syn::Expr),
    /// An expression.
    Positional(syn::Expr),
    /// Tokens that are not an expression.
    Bad(proc_macro2::Span),
}

/// The built-in macros with their own lowering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Builtin {
    Format,
    Write { newline: bool },
    Concat,
    Vec,
    Panic,
    Bail,
    Assert,
    AssertEq { eq: bool },
    Ensure,
    Matches,
    Json,
    Stringify,
    None,
}

/// Which built-in a resolved macro path is (`format`, `std::format`, `anyhow::bail`).
fn builtin(path: &str) -> Builtin {
    let (prefix, last) = path.rsplit_once("::").unwrap_or(("", path));
    let std_like = matches!(prefix, "" | "std" | "core" | "alloc" | "alloc::vec");
    let error_crate = matches!(
        prefix,
        "" | "anyhow" | "eyre" | "color_eyre" | "color_eyre::eyre"
    );
    match last {
        "format" | "format_args" if std_like => Builtin::Format,
        "write" if std_like => Builtin::Write { newline: false },
        "writeln" if std_like => Builtin::Write { newline: true },
        "concat" if std_like => Builtin::Concat,
        "vec" if std_like => Builtin::Vec,
        "panic" | "unreachable" | "todo" | "unimplemented" if std_like => Builtin::Panic,
        "assert" if std_like => Builtin::Assert,
        "assert_eq" if std_like => Builtin::AssertEq { eq: true },
        "assert_ne" if std_like => Builtin::AssertEq { eq: false },
        "matches" if std_like => Builtin::Matches,
        "stringify" if std_like => Builtin::Stringify,
        "bail" if error_crate => Builtin::Bail,
        "ensure" if error_crate => Builtin::Ensure,
        "json" if matches!(prefix, "" | "serde_json") => Builtin::Json,
        _ => Builtin::None,
    }
}

/// What a macro lowers to: an expression, or statements when used as a statement.
enum MacroOut {
    Expr(ExprKind),
    Stmts(Vec<Stmt>),
}

/// Parses comma-separated elements leniently: an element that is not an expression becomes
/// [`RawArg::Bad`] and parsing goes on after the next comma.
fn parse_elements(input: ParseStream<'_>) -> syn::Result<Vec<RawArg>> {
    let mut out = Vec::new();
    while !input.is_empty() {
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
            continue;
        }
        let fork = input.fork();
        match parse_element(&fork) {
            Ok(arg) if fork.is_empty() || fork.peek(Token![,]) => {
                input.advance_to(&fork);
                out.push(arg);
            }
            _ => {
                let at = input.span();
                while !input.is_empty() && !input.peek(Token![,]) {
                    input.parse::<TokenTree>()?;
                }
                out.push(RawArg::Bad(at));
            }
        }
    }
    Ok(out)
}

fn parse_element(input: ParseStream<'_>) -> syn::Result<RawArg> {
    if input.peek(Ident::peek_any)
        && input.peek2(Token![=])
        && !input.peek2(Token![==])
        && !input.peek2(Token![=>])
    {
        let key = Ident::parse_any(input)?;
        input.parse::<Token![=]>()?;
        let value: syn::Expr = input.parse()?;
        return Ok(RawArg::Keyword(
            ident_name(&key.to_string()).to_string(),
            value,
        ));
    }
    Ok(RawArg::Positional(input.parse()?))
}

/// `[x; n]`.
fn parse_repeat(input: ParseStream<'_>) -> syn::Result<(syn::Expr, syn::Expr)> {
    let value: syn::Expr = input.parse()?;
    input.parse::<Token![;]>()?;
    let len: syn::Expr = input.parse()?;
    Ok((value, len))
}

/// `matches!(e, pattern [if guard])`; the pattern is `None` when it does not parse.
type MatchesArgs = (syn::Expr, Option<(syn::Pat, Option<syn::Expr>)>);

fn parse_matches(input: ParseStream<'_>) -> syn::Result<MatchesArgs> {
    let e: syn::Expr = input.parse()?;
    let fork = input.fork();
    let pattern = (|| {
        fork.parse::<Token![,]>()?;
        let pat = syn::Pat::parse_multi_with_leading_vert(&fork)?;
        let guard = if fork.peek(Token![if]) {
            fork.parse::<Token![if]>()?;
            Some(fork.parse::<syn::Expr>()?)
        } else {
            None
        };
        if fork.peek(Token![,]) {
            fork.parse::<Token![,]>()?;
        }
        if fork.is_empty() {
            Ok((pat, guard))
        } else {
            Err(fork.error("trailing tokens"))
        }
    })()
    .ok();
    input.parse::<TokenStream>()?;
    Ok((e, pattern))
}

/// Whether a pattern only compares against values (literals, paths, constants, `|` of them).
fn is_value_pat(p: &syn::Pat) -> bool {
    match p {
        syn::Pat::Lit(_) | syn::Pat::Path(_) => true,
        syn::Pat::Ident(i) => {
            i.subpat.is_none()
                && i.by_ref.is_none()
                && i.mutability.is_none()
                && is_upper_name(&i.ident.to_string())
        }
        syn::Pat::Or(o) => o.cases.iter().all(is_value_pat),
        syn::Pat::Paren(p) => is_value_pat(&p.pat),
        _ => false,
    }
}

/// A `serde_json::json!` value.
enum Json {
    Object(Vec<(syn::Expr, Json)>, proc_macro2::Span),
    Array(Vec<Json>, proc_macro2::Span),
    Expr(syn::Expr),
}

fn parse_json(input: ParseStream<'_>) -> syn::Result<Json> {
    if input.peek(syn::token::Brace) {
        let content;
        let brace = syn::braced!(content in input);
        let mut entries = Vec::new();
        while !content.is_empty() {
            let key: syn::Expr = content.parse()?;
            content.parse::<Token![:]>()?;
            let value = parse_json(&content)?;
            entries.push((key, value));
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        return Ok(Json::Object(entries, brace.span.join()));
    }
    if input.peek(syn::token::Bracket) {
        let content;
        let bracket = syn::bracketed!(content in input);
        let mut items = Vec::new();
        while !content.is_empty() {
            items.push(parse_json(&content)?);
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        return Ok(Json::Array(items, bracket.span.join()));
    }
    Ok(Json::Expr(input.parse()?))
}

fn parse_json_body(input: ParseStream<'_>) -> syn::Result<Json> {
    let v = parse_json(input)?;
    if !input.is_empty() {
        return Err(input.error("trailing tokens"));
    }
    Ok(v)
}

/// Runs a syn parser, treating a panic inside syn as a parse failure.
fn run_parser<T>(
    parser: impl FnOnce(ParseStream<'_>) -> syn::Result<T>,
    tokens: TokenStream,
) -> Option<T> {
    catch_unwind(AssertUnwindSafe(|| parser.parse2(tokens)))
        .ok()
        .and_then(Result::ok)
}

/// Whether a token stream nests shallowly enough for syn's recursive parser (see
/// [`SYN_BUDGET`]). Walks the tokens iteratively.
fn fits_syn_budget(tokens: &TokenStream, budget: usize) -> bool {
    struct Frame {
        iter: proc_macro2::token_stream::IntoIter,
        base: usize,
        run: usize,
        angle: usize,
    }
    let mut stack = vec![Frame {
        iter: tokens.clone().into_iter(),
        base: 0,
        run: 0,
        angle: 0,
    }];
    while let Some(frame) = stack.last_mut() {
        let Some(tt) = frame.iter.next() else {
            stack.pop();
            continue;
        };
        frame.run += TOKEN_COST;
        match tt {
            TokenTree::Group(g) => {
                let base = frame.base + frame.run + frame.angle * ANGLE_COST + GROUP_COST;
                if base > budget {
                    return false;
                }
                stack.push(Frame {
                    iter: g.stream().into_iter(),
                    base,
                    run: 0,
                    angle: 0,
                });
                continue;
            }
            TokenTree::Punct(p) => match p.as_char() {
                ',' | ';' => frame.run = 0,
                '<' => frame.angle += 1,
                '>' => frame.angle = frame.angle.saturating_sub(1),
                '|' | '=' => frame.run += 32,
                '!' | '-' | '*' | '&' | '#' => frame.run += 16,
                '.' => frame.run += 8,
                _ => {}
            },
            TokenTree::Ident(i) => {
                let s = i.to_string();
                if matches!(
                    s.as_str(),
                    "return"
                        | "break"
                        | "yield"
                        | "move"
                        | "async"
                        | "let"
                        | "box"
                        | "static"
                        | "if"
                        | "match"
                        | "loop"
                        | "while"
                        | "for"
                        | "unsafe"
                        | "const"
                        | "dyn"
                        | "impl"
                        | "fn"
                ) {
                    frame.run += KEYWORD_COST;
                }
            }
            TokenTree::Literal(_) => {}
        }
        if frame.base + frame.run + frame.angle * ANGLE_COST > budget {
            return false;
        }
    }
    true
}

impl Lowerer<'_> {
    /// Lexes one token tree (`(...)`, `[...]`, `{...}`) and runs `f` on its contents. `None`
    /// when it is too large, does not lex, or nests too deeply. proc-macro2's span table is
    /// cleared afterwards, so no span may escape `f`.
    fn with_tokens<R>(
        &mut self,
        tt: Node<'_>,
        resolve: bool,
        f: impl FnOnce(&mut Self, TokenStream, &SynCx) -> R,
    ) -> Option<R> {
        self.with_lexed(tt, true, resolve, f)
    }

    /// Lexes a node's text; with `group`, it must be one delimited group and `f` gets its
    /// contents, else `f` gets all the tokens.
    fn with_lexed<R>(
        &mut self,
        tt: Node<'_>,
        group: bool,
        resolve: bool,
        f: impl FnOnce(&mut Self, TokenStream, &SynCx) -> R,
    ) -> Option<R> {
        let text = self.text(tt);
        if text.len() > MAX_TOKEN_TREE_BYTES || self.file.depth >= MAX_DEPTH {
            return None;
        }
        let was = mem::replace(&mut self.in_syn, true);
        let result = (|| {
            let lexed = catch_unwind(|| TokenStream::from_str(text)).ok()?.ok()?;
            let inner = if group {
                let mut trees = lexed.into_iter();
                let Some(TokenTree::Group(group)) = trees.next() else {
                    return None;
                };
                if trees.next().is_some() || group.delimiter() == Delimiter::None {
                    return None;
                }
                group.stream()
            } else {
                lexed
            };
            // Lowering depth already uses stack; leave syn less the deeper we are.
            let budget = SYN_BUDGET.saturating_sub(self.file.depth * DEPTH_COST);
            if !fits_syn_budget(&inner, budget) {
                return None;
            }
            let cx = SynCx {
                base: tt.start_byte(),
                fallback: span(tt),
                resolve,
            };
            Some(f(self, inner, &cx))
        })();
        self.in_syn = was;
        if !was {
            proc_macro2::extra::invalidate_current_thread_spans();
        }
        result
    }

    /// The attributes in an error node that holds only `#[...]` attributes: tree-sitter-rust
    /// accepts one attribute per parameter, so `#[tool(param)] #[schemars(...)] x: T` leaves
    /// the extra ones in an `ERROR` node. `None` if the node holds anything else.
    pub(super) fn stacked_attributes(&mut self, n: Node<'_>) -> Option<Vec<Expr>> {
        let at = span(n);
        self.with_lexed(n, false, true, |this, tokens, cx| {
            let mut out = Vec::new();
            let mut trees = tokens.into_iter();
            while let Some(tt) = trees.next() {
                let TokenTree::Punct(p) = tt else { return None };
                if p.as_char() != '#' {
                    return None;
                }
                let Some(TokenTree::Group(g)) = trees.next() else {
                    return None;
                };
                if g.delimiter() != Delimiter::Bracket {
                    return None;
                }
                let meta = run_parser(
                    |input: ParseStream<'_>| input.parse::<syn::Meta>(),
                    g.stream(),
                );
                out.push(match meta {
                    Some(meta) => this.meta_expr(&meta, cx),
                    None => other(Vec::new(), cx.sp(g.span())),
                });
            }
            (!out.is_empty()).then_some(out)
        })
        .flatten()
        .map(|mut v| {
            for e in &mut v {
                if e.span == Span::default() {
                    e.span = at;
                }
            }
            v
        })
    }

    /// An attribute's meta as a name or call, its path resolved through the imports and its
    /// arguments kept as written.
    fn meta_expr(&mut self, meta: &syn::Meta, cx: &SynCx) -> Expr {
        let at = cx.of(meta);
        let path = self.syn_path(meta.path(), cx);
        let written = SynCx {
            base: cx.base,
            fallback: cx.fallback,
            resolve: false,
        };
        match meta {
            syn::Meta::Path(_) => Expr::new(ExprKind::Name(path), at),
            syn::Meta::List(list) => {
                let args = match run_parser(parse_elements, list.tokens.clone()) {
                    Some(elements) => self.raw_args(elements, &written),
                    None => vec![Arg::positional(other(Vec::new(), at))],
                };
                call(&path, None, args, at)
            }
            syn::Meta::NameValue(nv) => {
                let v = self.syn_expr(&nv.value, &written);
                call(&path, None, vec![Arg::positional(v)], at)
            }
        }
    }

    /// The resolved path of a macro invocation (`sqlx::query`, `format`).
    fn macro_path(&self, n: Node<'_>) -> Option<String> {
        let m = n.child_by_field_name("macro")?;
        let segs = self.path_segments(m)?;
        Some(self.resolve_path(&segs))
    }

    /// `write!(...)?` in statement position is still an assignment.
    pub(super) fn is_statement_macro(&self, n: Node<'_>) -> bool {
        n.kind() == "macro_invocation"
            && self
                .macro_path(n)
                .is_some_and(|p| matches!(builtin(&p), Builtin::Write { .. }))
    }

    /// `panic!`, `unreachable!`, `todo!`, `unimplemented!`, `bail!`.
    pub(super) fn is_diverging_macro(&self, n: Node<'_>) -> bool {
        self.macro_path(n)
            .is_some_and(|p| matches!(builtin(&p), Builtin::Panic | Builtin::Bail))
    }

    /// A macro invocation in expression position.
    pub(super) fn macro_expr(&mut self, n: Node<'_>) -> ExprKind {
        match self.macro_invocation(n, None) {
            MacroOut::Expr(k) => k,
            MacroOut::Stmts(mut s) => {
                self.file.pending.append(&mut s);
                ExprKind::Other(Vec::new())
            }
        }
    }

    /// A macro invocation in statement (or item) position.
    pub(super) fn macro_stmt(&mut self, n: Node<'_>, out: &mut Vec<Stmt>, tail: Tail) {
        match self.macro_invocation(n, Some(tail)) {
            MacroOut::Stmts(mut s) => out.append(&mut s),
            MacroOut::Expr(kind) => {
                if tail == Tail::Discard && matches!(&kind, ExprKind::Other(c) if c.is_empty()) {
                    return;
                }
                let e = Expr::new(kind, span(n));
                out.push(match tail {
                    Tail::Return => Stmt::Exit {
                        span: e.span,
                        value: Some(e),
                        is_return: true,
                    },
                    Tail::Discard => Stmt::Eval(e),
                });
            }
        }
    }

    fn macro_invocation(&mut self, n: Node<'_>, stmt: Option<Tail>) -> MacroOut {
        let at = span(n);
        let Some(path) = self.macro_path(n) else {
            return MacroOut::Expr(ExprKind::Other(Vec::new()));
        };
        let lowered = child_of_kind(n, "token_tree").and_then(|tt| {
            self.with_tokens(tt, true, |this, tokens, cx| {
                this.lower_macro(&path, tokens, at, cx, stmt)
            })
        });
        match lowered {
            Some(out) => out,
            None => match (builtin(&path), stmt) {
                // A diverging macro diverges whatever its body.
                (Builtin::Panic, Some(_)) => MacroOut::Stmts(vec![exit(None, false, at)]),
                (Builtin::Bail, Some(_)) => MacroOut::Stmts(vec![exit(None, true, at)]),
                _ => MacroOut::Expr(ExprKind::Other(Vec::new())),
            },
        }
    }

    /// The arguments of an attribute (`#[tool(description = "...", annotations(...))]`), kept
    /// as written.
    pub(super) fn attribute_args(&mut self, tt: Node<'_>) -> Vec<Arg> {
        let at = span(tt);
        self.with_tokens(tt, false, |this, tokens, cx| {
            let Some(elements) = run_parser(parse_elements, tokens) else {
                return vec![Arg::positional(other(Vec::new(), at))];
            };
            this.raw_args(elements, cx)
        })
        .unwrap_or_default()
    }

    fn raw_args(&mut self, elements: Vec<RawArg>, cx: &SynCx) -> Vec<Arg> {
        let mut args = Vec::with_capacity(elements.len());
        for e in elements {
            args.push(match e {
                RawArg::Keyword(k, v) => Arg::keyword(k, self.syn_expr(&v, cx)),
                RawArg::Positional(v) => Arg::positional(self.syn_expr(&v, cx)),
                RawArg::Bad(s) => Arg::positional(other(Vec::new(), cx.sp(s))),
            });
        }
        args
    }

    /// Lowers a macro from its (resolved) path and body tokens.
    ///
    /// Longer than most: one dispatch over the macro families (string builders, `vec!`,
    /// `matches!`, `json!`, diverging and asserting macros, plain calls), each arm short.
    fn lower_macro(
        &mut self,
        path: &str,
        tokens: TokenStream,
        at: Span,
        cx: &SynCx,
        stmt: Option<Tail>,
    ) -> MacroOut {
        let kind = builtin(path);
        match kind {
            Builtin::Vec => {
                if let Some((value, len)) = run_parser(parse_repeat, tokens.clone()) {
                    let value = self.syn_expr(&value, cx);
                    let len = self.syn_expr(&len, cx);
                    return MacroOut::Expr(ExprKind::Record(vec![
                        Arg::positional(value),
                        Arg::positional(len),
                    ]));
                }
            }
            Builtin::Matches => {
                return MacroOut::Expr(match run_parser(parse_matches, tokens) {
                    Some((e, pattern)) => self.matches_kind(&e, pattern.as_ref(), at, cx),
                    None => ExprKind::Other(Vec::new()),
                });
            }
            Builtin::Json => {
                let Some(value) = run_parser(parse_json_body, tokens) else {
                    return MacroOut::Expr(ExprKind::Other(Vec::new()));
                };
                let value = self.json_value(&value, cx);
                return MacroOut::Expr(ExprKind::Call {
                    callee: format!("{path}!"),
                    receiver: None,
                    args: vec![Arg::positional(value)],
                });
            }
            Builtin::Stringify => {
                return MacroOut::Expr(ExprKind::Str(tokens.to_string()));
            }
            _ => {}
        }
        let Some(elements) = run_parser(parse_elements, tokens) else {
            return match (kind, stmt) {
                (Builtin::Panic, Some(_)) => MacroOut::Stmts(vec![exit(None, false, at)]),
                (Builtin::Bail, Some(_)) => MacroOut::Stmts(vec![exit(None, true, at)]),
                _ => MacroOut::Expr(ExprKind::Other(Vec::new())),
            };
        };
        match kind {
            Builtin::Format => MacroOut::Expr(self.format_kind(elements, cx)),
            Builtin::Concat => MacroOut::Expr(self.concat(elements, cx)),
            Builtin::Vec => {
                let args = self.raw_args(elements, cx);
                MacroOut::Expr(ExprKind::Record(args))
            }
            Builtin::Panic | Builtin::Bail => {
                let is_return = kind == Builtin::Bail;
                match stmt {
                    Some(_) => {
                        let value = (!elements.is_empty())
                            .then(|| Expr::new(self.format_kind(elements, cx), at));
                        MacroOut::Stmts(vec![exit(value, is_return, at)])
                    }
                    None => MacroOut::Expr(ExprKind::Other(Vec::new())),
                }
            }
            Builtin::Write { newline } => self.write_macro(elements, newline, at, cx, stmt),
            Builtin::Assert | Builtin::Ensure | Builtin::AssertEq { .. } => {
                self.assert_macro(kind, elements, at, cx, stmt)
            }
            _ => {
                let all_bad =
                    !elements.is_empty() && elements.iter().all(|e| matches!(e, RawArg::Bad(_)));
                if all_bad {
                    return MacroOut::Expr(ExprKind::Other(Vec::new()));
                }
                let args = self.raw_args(elements, cx);
                MacroOut::Expr(ExprKind::Call {
                    callee: format!("{path}!"),
                    receiver: None,
                    args,
                })
            }
        }
    }

    /// `matches!(e, A | B)` with value patterns is `e == A or e == B` (so that checks such as
    /// `matches!(c, Component::ParentDir)` stay visible); any other pattern is opaque.
    fn matches_kind(
        &mut self,
        e: &syn::Expr,
        pattern: Option<&(syn::Pat, Option<syn::Expr>)>,
        at: Span,
        cx: &SynCx,
    ) -> ExprKind {
        let subject = self.syn_expr(e, cx);
        let Some((pat, guard)) = pattern.filter(|(p, _)| is_value_pat(p)) else {
            return ExprKind::Other(vec![subject]);
        };
        let mut cases = Vec::new();
        let mut stack = vec![pat];
        while let Some(p) = stack.pop() {
            match p {
                syn::Pat::Or(o) => stack.extend(o.cases.iter().rev()),
                syn::Pat::Paren(inner) => stack.push(&inner.pat),
                _ => cases.push(p),
            }
        }
        let mut tests = Vec::new();
        for case in cases {
            let value_at = cx.of(case);
            let value = match case {
                syn::Pat::Lit(l) => Expr::new(syn_lit(&l.lit), value_at),
                syn::Pat::Path(p) => {
                    Expr::new(ExprKind::Name(self.syn_path(&p.path, cx)), value_at)
                }
                syn::Pat::Ident(i) => {
                    let name = ident_name(&i.ident.to_string()).to_string();
                    let name = if cx.resolve {
                        self.resolve_path(&[name.as_str()])
                    } else {
                        name
                    };
                    Expr::new(ExprKind::Name(name), value_at)
                }
                _ => other(Vec::new(), value_at),
            };
            tests.push(call(
                ops::EQ,
                None,
                vec![Arg::positional(subject.clone()), Arg::positional(value)],
                value_at,
            ));
        }
        let test = if tests.len() == 1 {
            tests.pop().unwrap_or_else(|| other(Vec::new(), at))
        } else {
            call(
                ops::OR,
                None,
                tests.into_iter().map(Arg::positional).collect(),
                at,
            )
        };
        match guard {
            Some(g) => {
                let g = self.syn_expr(g, cx);
                ExprKind::Call {
                    callee: ops::AND.into(),
                    receiver: None,
                    args: vec![Arg::positional(test), Arg::positional(g)],
                }
            }
            None => test.kind,
        }
    }

    /// `assert!(c, ...)` is `if not c: raise`; `assert_eq!(a, b)` is `if a != b: raise`;
    /// `ensure!(c, msg)` is `if not c: return Err(msg)`.
    fn assert_macro(
        &mut self,
        kind: Builtin,
        elements: Vec<RawArg>,
        at: Span,
        cx: &SynCx,
        stmt: Option<Tail>,
    ) -> MacroOut {
        let mut exprs = Vec::new();
        let mut rest = Vec::new();
        let wanted = if matches!(kind, Builtin::AssertEq { .. }) {
            2
        } else {
            1
        };
        for (i, e) in elements.into_iter().enumerate() {
            if i < wanted {
                exprs.push(match e {
                    RawArg::Positional(v) | RawArg::Keyword(_, v) => self.syn_expr(&v, cx),
                    RawArg::Bad(s) => other(Vec::new(), cx.sp(s)),
                });
            } else {
                rest.push(e);
            }
        }
        if stmt.is_none() || exprs.len() < wanted {
            return MacroOut::Expr(ExprKind::Other(exprs));
        }
        let test = match kind {
            Builtin::AssertEq { eq } => call(
                if eq { ops::NE } else { ops::EQ },
                None,
                exprs.into_iter().map(Arg::positional).collect(),
                at,
            ),
            _ => call(
                ops::NOT,
                None,
                exprs.into_iter().map(Arg::positional).collect(),
                at,
            ),
        };
        let exit_stmt = if kind == Builtin::Ensure {
            let value = (!rest.is_empty()).then(|| Expr::new(self.format_kind(rest, cx), at));
            exit(value, true, at)
        } else {
            exit(None, false, at)
        };
        MacroOut::Stmts(vec![Stmt::If {
            test,
            then: vec![exit_stmt],
            orelse: Vec::new(),
        }])
    }

    /// `write!(buf, "...", args)` appends to `buf`: `buf = interp[{buf} ...]`.
    fn write_macro(
        &mut self,
        mut elements: Vec<RawArg>,
        newline: bool,
        at: Span,
        cx: &SynCx,
        stmt: Option<Tail>,
    ) -> MacroOut {
        if elements.is_empty() {
            return MacroOut::Expr(ExprKind::Other(Vec::new()));
        }
        let dst = elements.remove(0);
        let dst_expr = match &dst {
            RawArg::Positional(v) | RawArg::Keyword(_, v) => Some(v),
            RawArg::Bad(_) => None,
        };
        let target = dst_expr.and_then(|d| self.syn_target_name(d));
        let dst_lowered = match dst_expr {
            Some(d) => self.syn_expr(d, cx),
            None => other(Vec::new(), at),
        };
        let mut parts = vec![Part::Hole(dst_lowered)];
        match self.format_kind(elements, cx) {
            ExprKind::Str(s) => push_lit(&mut parts, &s),
            ExprKind::Interp(inner) => {
                splice(&mut parts, Expr::new(ExprKind::Interp(inner), at));
            }
            other_kind => parts.push(Part::Hole(Expr::new(other_kind, at))),
        }
        if newline {
            push_lit(&mut parts, "\n");
        }
        let value = Expr::new(ExprKind::Interp(parts), at);
        let stmt_out = match target {
            Some(name) => Stmt::Assign {
                target: Pattern::Name(name),
                value,
                span: at,
            },
            None => Stmt::Eval(value),
        };
        match stmt {
            Some(_) => MacroOut::Stmts(vec![stmt_out]),
            None => {
                self.file.pending.push(stmt_out);
                MacroOut::Expr(ExprKind::Other(Vec::new()))
            }
        }
    }

    /// The name a `write!` destination stands for (`buf`, `&mut self.out`, `*out`).
    fn syn_target_name(&self, e: &syn::Expr) -> Option<String> {
        let mut e = e;
        loop {
            match e {
                syn::Expr::Reference(r) => e = &r.expr,
                syn::Expr::Paren(p) => e = &p.expr,
                syn::Expr::Group(g) => e = &g.expr,
                syn::Expr::Unary(u) if matches!(u.op, UnOp::Deref(_)) => e = &u.expr,
                _ => break,
            }
        }
        match e {
            syn::Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => p
                .path
                .segments
                .first()
                .map(|s| ident_name(&s.ident.to_string()).to_string()),
            syn::Expr::Field(_) => self.syn_field_chain(e, false),
            _ => None,
        }
    }

    /// `format!`-style arguments: the format string's text and holes in order. A format
    /// string that is not a literal makes every argument a hole.
    ///
    /// Longer than most: one pass over the format string's pieces keeps the positional, named
    /// and inline arguments in step with the holes.
    fn format_kind(&mut self, elements: Vec<RawArg>, cx: &SynCx) -> ExprKind {
        let mut iter = elements.into_iter();
        let Some(first) = iter.next() else {
            return ExprKind::Str(String::new());
        };
        let mut positional = Vec::new();
        // Named arguments in source order (the first of a repeated name wins).
        let mut named: Vec<(String, Expr)> = Vec::new();
        for e in iter {
            match e {
                RawArg::Positional(v) => positional.push(self.syn_expr(&v, cx)),
                RawArg::Keyword(k, v) => {
                    let v = self.syn_expr(&v, cx);
                    named.push((k, v));
                }
                RawArg::Bad(s) => positional.push(other(Vec::new(), cx.sp(s))),
            }
        }
        // The format string: a literal (offsets known) or something that lowers to a string.
        let fmt = match &first {
            RawArg::Positional(syn::Expr::Lit(l)) => match &l.lit {
                Lit::Str(s) => {
                    let repr = s.token().to_string();
                    let base = cx.sp(s.span());
                    unquote(&repr).map(|u| (u, base))
                }
                _ => None,
            },
            _ => None,
        };
        let fmt = match fmt {
            Some(f) => Some(f),
            None => {
                let lowered = match &first {
                    RawArg::Positional(v) | RawArg::Keyword(_, v) => self.syn_expr(v, cx),
                    RawArg::Bad(s) => other(Vec::new(), cx.sp(*s)),
                };
                match lowered.kind {
                    ExprKind::Str(s) => Some((
                        super::text::Unquoted {
                            value: s,
                            offsets: Vec::new(),
                        },
                        lowered.span,
                    )),
                    _ => {
                        let mut parts = vec![Part::Hole(lowered)];
                        parts.extend(positional.into_iter().map(Part::Hole));
                        parts.extend(named.into_iter().map(|(_, v)| Part::Hole(v)));
                        return ExprKind::Interp(parts);
                    }
                }
            }
        };
        let Some((fmt, lit_span)) = fmt else {
            return ExprKind::Other(Vec::new());
        };
        let mut parts = Vec::new();
        let mut next = 0usize;
        for piece in parse_format(&fmt.value) {
            match piece {
                FmtPiece::Lit(s) => push_lit(&mut parts, &s),
                FmtPiece::Hole { arg, name_at, star } => {
                    if star {
                        next += 1;
                    }
                    let value = match arg {
                        FmtArg::Next => {
                            next += 1;
                            positional.get(next - 1).cloned()
                        }
                        FmtArg::Index(i) => positional.get(i).cloned(),
                        FmtArg::Name(name) => match named.iter().find(|(k, _)| *k == name) {
                            Some((_, v)) => Some(v.clone()),
                            None => {
                                let at = capture_span(&fmt, lit_span, name_at);
                                let resolved = if cx.resolve {
                                    self.resolve_path(&[name.as_str()])
                                } else {
                                    name
                                };
                                Some(Expr::new(ExprKind::Name(resolved), at))
                            }
                        },
                    };
                    if let Some(v) = value {
                        parts.push(Part::Hole(v));
                    }
                }
            }
        }
        interp_or_str(parts)
    }

    /// `concat!(...)`: literals concatenated, anything else a hole.
    fn concat(&mut self, elements: Vec<RawArg>, cx: &SynCx) -> ExprKind {
        let mut parts = Vec::new();
        for e in elements {
            match e {
                RawArg::Positional(syn::Expr::Lit(l)) => match &l.lit {
                    Lit::Str(_) | Lit::ByteStr(_) | Lit::CStr(_) => {
                        if let ExprKind::Str(s) = syn_lit(&l.lit) {
                            push_lit(&mut parts, &s);
                        }
                    }
                    Lit::Char(c) => push_lit(&mut parts, &c.value().to_string()),
                    Lit::Int(i) => push_lit(&mut parts, i.base10_digits()),
                    Lit::Float(f) => push_lit(&mut parts, f.base10_digits()),
                    Lit::Bool(b) => push_lit(&mut parts, if b.value { "true" } else { "false" }),
                    _ => parts.push(Part::Hole(other(Vec::new(), cx.of(&l)))),
                },
                RawArg::Positional(v) | RawArg::Keyword(_, v) => {
                    let v = self.syn_expr(&v, cx);
                    splice(&mut parts, v);
                }
                RawArg::Bad(s) => parts.push(Part::Hole(other(Vec::new(), cx.sp(s)))),
            }
        }
        interp_or_str(parts)
    }

    fn json_value(&mut self, v: &Json, cx: &SynCx) -> Expr {
        if !self.file.enter() {
            return other(Vec::new(), cx.fallback);
        }
        let e = match v {
            Json::Expr(e) => self.syn_expr(e, cx),
            Json::Array(items, s) => {
                let mut args = Vec::with_capacity(items.len());
                for i in items {
                    args.push(Arg::positional(self.json_value(i, cx)));
                }
                Expr::new(ExprKind::Record(args), cx.sp(*s))
            }
            Json::Object(entries, s) => {
                let mut args = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    let key = self.syn_expr(k, cx);
                    let value = self.json_value(v, cx);
                    args.push(match key.kind {
                        ExprKind::Str(k) => Arg::keyword(k, value),
                        _ => Arg::positional(other(vec![key, value], cx.of(k))),
                    });
                }
                Expr::new(ExprKind::Record(args), cx.sp(*s))
            }
        };
        self.file.leave();
        e
    }

    // ---------------------------------------------------------------------------------------
    // syn expressions (inside macro bodies and attributes)

    /// A syn path as text, generic arguments dropped, resolved through the imports when the
    /// context allows.
    fn syn_path(&self, p: &syn::Path, cx: &SynCx) -> String {
        let segs: Vec<String> = p
            .segments
            .iter()
            .map(|s| ident_name(&s.ident.to_string()).to_string())
            .collect();
        if cx.resolve {
            let refs: Vec<&str> = segs.iter().map(String::as_str).collect();
            self.resolve_path(&refs)
        } else {
            segs.join("::")
        }
    }

    /// A field chain rooted at a path or `self`, as a dotted name.
    fn syn_field_chain(&self, e: &syn::Expr, resolve: bool) -> Option<String> {
        let mut fields = Vec::new();
        let mut cur = e;
        loop {
            match cur {
                syn::Expr::Field(f) => {
                    fields.push(match &f.member {
                        syn::Member::Named(i) => ident_name(&i.to_string()).to_string(),
                        syn::Member::Unnamed(i) => i.index.to_string(),
                    });
                    cur = &f.base;
                }
                syn::Expr::Paren(p) => cur = &p.expr,
                syn::Expr::Group(g) => cur = &g.expr,
                syn::Expr::Path(p) if p.qself.is_none() => {
                    let segs: Vec<String> = p
                        .path
                        .segments
                        .iter()
                        .map(|s| ident_name(&s.ident.to_string()).to_string())
                        .collect();
                    let refs: Vec<&str> = segs.iter().map(String::as_str).collect();
                    let mut out = if resolve {
                        self.resolve_path(&refs)
                    } else {
                        refs.join("::")
                    };
                    for f in fields.iter().rev() {
                        out.push('.');
                        out.push_str(f);
                    }
                    return Some(out);
                }
                _ => return None,
            }
        }
    }

    pub(super) fn syn_expr(&mut self, e: &syn::Expr, cx: &SynCx) -> Expr {
        let mut e = e;
        loop {
            match e {
                syn::Expr::Paren(p) => e = &p.expr,
                syn::Expr::Group(g) => e = &g.expr,
                syn::Expr::Try(t) => e = &t.expr,
                syn::Expr::Await(a) => e = &a.base,
                syn::Expr::Reference(r) => e = &r.expr,
                syn::Expr::Cast(c) => e = &c.expr,
                syn::Expr::Unary(u) if matches!(u.op, UnOp::Deref(_)) => e = &u.expr,
                _ => break,
            }
        }
        if !self.file.enter() {
            return other(Vec::new(), cx.fallback);
        }
        let at = cx.of(e);
        let kind = self.syn_expr_kind(e, at, cx);
        self.file.leave();
        Expr::new(kind, at)
    }

    fn syn_args<'a>(
        &mut self,
        args: impl IntoIterator<Item = &'a syn::Expr>,
        cx: &SynCx,
    ) -> Vec<Arg> {
        let mut out = Vec::new();
        for a in args {
            // `name = value` inside a call (attribute arguments such as
            // `annotations(read_only_hint = true)`) is a keyword argument.
            if let syn::Expr::Assign(asg) = a
                && let syn::Expr::Path(p) = &*asg.left
                && p.qself.is_none()
                && p.path.segments.len() == 1
                && let Some(seg) = p.path.segments.first()
            {
                let key = ident_name(&seg.ident.to_string()).to_string();
                out.push(Arg::keyword(key, self.syn_expr(&asg.right, cx)));
                continue;
            }
            out.push(Arg::positional(self.syn_expr(a, cx)));
        }
        out
    }

    /// Dispatches on the syn expression kind. Every arm is one call, so that each level of
    /// nesting only pays for the stack frame of the handler it uses (debug builds do not share
    /// stack slots between match arms).
    fn syn_expr_kind(&mut self, e: &syn::Expr, at: Span, cx: &SynCx) -> ExprKind {
        match e {
            syn::Expr::Lit(l) => syn_lit(&l.lit),
            syn::Expr::Path(p) => self.syn_path_expr(p, cx),
            syn::Expr::Field(f) => self.syn_field(e, f, cx),
            syn::Expr::MethodCall(m) => self.syn_method_call(m, cx),
            syn::Expr::Call(c) => self.syn_call(c, cx),
            syn::Expr::Macro(m) => self.syn_macro_expr(&m.mac, at, cx),
            syn::Expr::Binary(b) => self.syn_binary(b, cx),
            syn::Expr::Unary(u) => self.syn_unary(u, cx),
            syn::Expr::Index(i) => self.syn_index(i, cx),
            syn::Expr::Array(a) => ExprKind::Record(self.syn_args(&a.elems, cx)),
            syn::Expr::Tuple(t) => ExprKind::Record(self.syn_args(&t.elems, cx)),
            syn::Expr::Repeat(r) => self.syn_repeat(r, cx),
            syn::Expr::Struct(s) => self.syn_struct(s, cx),
            syn::Expr::Closure(c) => self.syn_closure(c, at, cx),
            syn::Expr::If(i) => self.syn_if_value(i, at, cx),
            syn::Expr::Match(m) => self.syn_match_value(m, cx),
            syn::Expr::Block(b) => self.syn_block_value(&b.block.stmts, cx),
            syn::Expr::Unsafe(b) => self.syn_block_value(&b.block.stmts, cx),
            syn::Expr::Async(b) => self.syn_block_value(&b.block.stmts, cx),
            syn::Expr::Const(b) => self.syn_block_value(&b.block.stmts, cx),
            syn::Expr::TryBlock(b) => self.syn_block_value(&b.block.stmts, cx),
            syn::Expr::Assign(a) => self.syn_assign_value(a, at, cx),
            syn::Expr::Loop(_) | syn::Expr::While(_) | syn::Expr::ForLoop(_) => {
                self.syn_loop_value(e, at, cx)
            }
            syn::Expr::Let(l) => ExprKind::Other(vec![self.syn_expr(&l.expr, cx)]),
            syn::Expr::Range(r) => self.syn_children([r.start.as_deref(), r.end.as_deref()], cx),
            syn::Expr::Return(r) => self.syn_children([r.expr.as_deref(), None], cx),
            syn::Expr::Break(b) => self.syn_children([b.expr.as_deref(), None], cx),
            syn::Expr::Yield(y) => self.syn_children([y.expr.as_deref(), None], cx),
            _ => ExprKind::Other(Vec::new()),
        }
    }

    fn syn_path_expr(&mut self, p: &syn::ExprPath, cx: &SynCx) -> ExprKind {
        if p.qself.is_some() {
            ExprKind::Other(Vec::new())
        } else {
            ExprKind::Name(self.syn_path(&p.path, cx))
        }
    }

    fn syn_field(&mut self, e: &syn::Expr, f: &syn::ExprField, cx: &SynCx) -> ExprKind {
        if let Some(name) = self.syn_field_chain(e, cx.resolve) {
            return ExprKind::Name(name);
        }
        let mut root: &syn::Expr = &f.base;
        while let syn::Expr::Field(inner) = root {
            root = &inner.base;
        }
        ExprKind::Other(vec![self.syn_expr(root, cx)])
    }

    fn syn_method_call(&mut self, m: &syn::ExprMethodCall, cx: &SynCx) -> ExprKind {
        let receiver = self.syn_expr(&m.receiver, cx);
        let args = self.syn_args(&m.args, cx);
        ExprKind::Call {
            callee: format!("*.{}", ident_name(&m.method.to_string())),
            receiver: Some(Box::new(receiver)),
            args,
        }
    }

    fn syn_call(&mut self, c: &syn::ExprCall, cx: &SynCx) -> ExprKind {
        let (callee, receiver) = match &*c.func {
            syn::Expr::Path(p) if p.qself.is_none() => (self.syn_path(&p.path, cx), None),
            f => (
                ops::CALL_EXPR.to_string(),
                Some(Box::new(self.syn_expr(f, cx))),
            ),
        };
        let args = self.syn_args(&c.args, cx);
        ExprKind::Call {
            callee,
            receiver,
            args,
        }
    }

    fn syn_macro_expr(&mut self, mac: &syn::Macro, at: Span, cx: &SynCx) -> ExprKind {
        let path = self.syn_path(&mac.path, cx);
        match self.lower_macro(&path, mac.tokens.clone(), at, cx, None) {
            MacroOut::Expr(k) => k,
            MacroOut::Stmts(mut s) => {
                self.file.pending.append(&mut s);
                ExprKind::Other(Vec::new())
            }
        }
    }

    fn syn_unary(&mut self, u: &syn::ExprUnary, cx: &SynCx) -> ExprKind {
        let arg = self.syn_expr(&u.expr, cx);
        match u.op {
            UnOp::Not(_) => ExprKind::Call {
                callee: ops::NOT.into(),
                receiver: None,
                args: vec![Arg::positional(arg)],
            },
            _ => ExprKind::Other(vec![arg]),
        }
    }

    fn syn_index(&mut self, i: &syn::ExprIndex, cx: &SynCx) -> ExprKind {
        let value = self.syn_expr(&i.expr, cx);
        let index = self.syn_expr(&i.index, cx);
        ExprKind::Call {
            callee: ops::SUBSCRIPT.into(),
            receiver: Some(Box::new(value)),
            args: vec![Arg::positional(index)],
        }
    }

    fn syn_repeat(&mut self, r: &syn::ExprRepeat, cx: &SynCx) -> ExprKind {
        let value = self.syn_expr(&r.expr, cx);
        let len = self.syn_expr(&r.len, cx);
        ExprKind::Record(vec![Arg::positional(value), Arg::positional(len)])
    }

    fn syn_struct(&mut self, s: &syn::ExprStruct, cx: &SynCx) -> ExprKind {
        let mut args = Vec::new();
        for f in &s.fields {
            let key = match &f.member {
                syn::Member::Named(i) => ident_name(&i.to_string()).to_string(),
                syn::Member::Unnamed(i) => i.index.to_string(),
            };
            args.push(Arg::keyword(key, self.syn_expr(&f.expr, cx)));
        }
        if let Some(rest) = &s.rest {
            args.push(Arg {
                keyword: None,
                value: self.syn_expr(rest, cx),
                spread: true,
            });
        }
        ExprKind::Record(args)
    }

    fn syn_match_value(&mut self, m: &syn::ExprMatch, cx: &SynCx) -> ExprKind {
        let mut values = vec![self.syn_expr(&m.expr, cx)];
        for arm in &m.arms {
            values.push(self.syn_expr(&arm.body, cx));
        }
        ExprKind::Other(values)
    }

    fn syn_assign_value(&mut self, a: &syn::ExprAssign, at: Span, cx: &SynCx) -> ExprKind {
        let value = self.syn_expr(&a.right, cx);
        let target = self.syn_assign_target(&a.left, cx);
        self.file.pending.push(Stmt::Assign {
            target,
            value,
            span: at,
        });
        ExprKind::Record(Vec::new())
    }

    /// `loop`, `while` and `for` inside a macro body: the loop goes before, the value is opaque.
    fn syn_loop_value(&mut self, e: &syn::Expr, at: Span, cx: &SynCx) -> ExprKind {
        let mut body = Vec::new();
        match e {
            syn::Expr::Loop(l) => self.syn_stmts(&l.body.stmts, &mut body, Tail::Discard, cx),
            syn::Expr::While(w) => {
                body.push(Stmt::Eval(self.syn_expr(&w.cond, cx)));
                self.syn_stmts(&w.body.stmts, &mut body, Tail::Discard, cx);
            }
            syn::Expr::ForLoop(f) => {
                let iter = self.syn_expr(&f.expr, cx);
                let target = self.syn_pattern(&f.pat, true);
                body.push(Stmt::Assign {
                    target,
                    value: other(vec![iter], at),
                    span: at,
                });
                self.syn_stmts(&f.body.stmts, &mut body, Tail::Discard, cx);
            }
            _ => {}
        }
        self.file.pending.push(Stmt::Loop(body));
        ExprKind::Other(Vec::new())
    }

    fn syn_children(&mut self, children: [Option<&syn::Expr>; 2], cx: &SynCx) -> ExprKind {
        let mut out = Vec::new();
        for c in children.into_iter().flatten() {
            out.push(self.syn_expr(c, cx));
        }
        ExprKind::Other(out)
    }

    fn syn_binary(&mut self, b: &syn::ExprBinary, cx: &SynCx) -> ExprKind {
        let same = |op: &BinOp, other: &BinOp| {
            matches!(
                (op, other),
                (BinOp::Add(_), BinOp::Add(_))
                    | (BinOp::And(_), BinOp::And(_))
                    | (BinOp::Or(_), BinOp::Or(_))
            )
        };
        match b.op {
            BinOp::Add(_) | BinOp::And(_) | BinOp::Or(_) => {
                // Flatten the left spine iteratively.
                let mut rights: Vec<&syn::Expr> = vec![&b.right];
                let mut cur: &syn::Expr = &b.left;
                loop {
                    match cur {
                        syn::Expr::Binary(inner) if same(&inner.op, &b.op) => {
                            rights.push(&inner.right);
                            cur = &inner.left;
                        }
                        syn::Expr::Paren(p) => cur = &p.expr,
                        _ => break,
                    }
                }
                let first = self.syn_expr(cur, cx);
                if matches!(b.op, BinOp::Add(_)) {
                    let mut parts = Vec::new();
                    splice(&mut parts, first);
                    for r in rights.into_iter().rev() {
                        let e = self.syn_expr(r, cx);
                        splice(&mut parts, e);
                    }
                    return interp_or_str(parts);
                }
                let mut args = vec![Arg::positional(first)];
                for r in rights.into_iter().rev() {
                    args.push(Arg::positional(self.syn_expr(r, cx)));
                }
                ExprKind::Call {
                    callee: if matches!(b.op, BinOp::And(_)) {
                        ops::AND
                    } else {
                        ops::OR
                    }
                    .into(),
                    receiver: None,
                    args,
                }
            }
            _ => {
                let l = self.syn_expr(&b.left, cx);
                let r = self.syn_expr(&b.right, cx);
                let callee = match b.op {
                    BinOp::Eq(_) => ops::EQ,
                    BinOp::Ne(_) => ops::NE,
                    _ => return ExprKind::Other(vec![l, r]),
                };
                ExprKind::Call {
                    callee: callee.into(),
                    receiver: None,
                    args: vec![Arg::positional(l), Arg::positional(r)],
                }
            }
        }
    }

    fn syn_assign_target(&mut self, e: &syn::Expr, cx: &SynCx) -> Pattern {
        let mut e = e;
        loop {
            match e {
                syn::Expr::Paren(p) => e = &p.expr,
                syn::Expr::Index(i) => e = &i.expr,
                syn::Expr::Unary(u) => e = &u.expr,
                syn::Expr::Path(p) if p.qself.is_none() => {
                    let segs: Vec<String> = p
                        .path
                        .segments
                        .iter()
                        .map(|s| ident_name(&s.ident.to_string()).to_string())
                        .collect();
                    return Pattern::Name(segs.join("::"));
                }
                syn::Expr::Field(_) => {
                    return self
                        .syn_field_chain(e, cx.resolve)
                        .map_or(Pattern::Ignore, Pattern::Name);
                }
                _ => return Pattern::Ignore,
            }
        }
    }

    /// A closure inside a macro body.
    fn syn_closure(&mut self, c: &syn::ExprClosure, at: Span, cx: &SynCx) -> ExprKind {
        let id = self.file.functions.len();
        let mut f = Function::new(None, at);
        f.parent = self.cur_fn;
        self.file.functions.push(f);
        let mut params = Vec::new();
        for input in &c.inputs {
            let (pat, ty) = match input {
                syn::Pat::Type(pt) => (&*pt.pat, Some(&pt.ty)),
                p => (p, None),
            };
            let pspan = cx.of(input);
            let name = match pat {
                syn::Pat::Ident(i) => ident_name(&i.ident.to_string()).to_string(),
                _ => self
                    .src
                    .get(cx.of(pat).range())
                    .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                    .unwrap_or_default(),
            };
            let annotation = ty.map(|t| {
                let text = self
                    .src
                    .get(cx.of(t).range())
                    .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                    .unwrap_or_default();
                Expr::new(ExprKind::Name(text), cx.of(t))
            });
            params.push(Param {
                name,
                kind: ParamKind::Normal,
                annotation,
                default: None,
                pattern: self.syn_pattern(pat, true),
                attributes: Vec::new(),
                span: pspan,
            });
        }
        let locals = params
            .iter()
            .flat_map(|p| p.pattern.names())
            .map(str::to_string)
            .collect();
        self.file.scope.enter(locals);
        let saved_fn = self.cur_fn.replace(id);
        let saved_pending = mem::take(&mut self.file.pending);
        let mut stmts = Vec::new();
        self.syn_expr_stmt(&c.body, &mut stmts, Tail::Return, cx);
        let mut body = mem::replace(&mut self.file.pending, saved_pending);
        body.append(&mut stmts);
        self.cur_fn = saved_fn;
        self.file.scope.leave();
        if let Some(f) = self.file.functions.get_mut(id) {
            f.params = params;
            f.body = body;
        }
        ExprKind::Func(id)
    }

    fn syn_pattern(&mut self, p: &syn::Pat, top: bool) -> Pattern {
        if !self.file.enter() {
            return Pattern::Ignore;
        }
        let out = match p {
            syn::Pat::Ident(i) => {
                let name = ident_name(&i.ident.to_string()).to_string();
                if !top && is_upper_name(&name) {
                    Pattern::Ignore
                } else {
                    Pattern::Name(name)
                }
            }
            syn::Pat::Reference(r) => self.syn_pattern(&r.pat, top),
            syn::Pat::Paren(r) => self.syn_pattern(&r.pat, top),
            syn::Pat::Type(t) => self.syn_pattern(&t.pat, top),
            syn::Pat::Tuple(t) => {
                let mut parts = Vec::new();
                for e in &t.elems {
                    parts.push((None, self.syn_pattern(e, false)));
                }
                Pattern::Destructure {
                    type_name: None,
                    parts,
                }
            }
            syn::Pat::Slice(t) => {
                let mut parts = Vec::new();
                for e in &t.elems {
                    parts.push((None, self.syn_pattern(e, false)));
                }
                Pattern::Destructure {
                    type_name: None,
                    parts,
                }
            }
            syn::Pat::Or(t) => {
                let mut parts = Vec::new();
                for e in &t.cases {
                    parts.push((None, self.syn_pattern(e, false)));
                }
                Pattern::Destructure {
                    type_name: None,
                    parts,
                }
            }
            syn::Pat::TupleStruct(t) => {
                let mut parts = Vec::new();
                for e in &t.elems {
                    parts.push((None, self.syn_pattern(e, false)));
                }
                Pattern::Destructure {
                    type_name: Some(syn_path_text(&t.path)),
                    parts,
                }
            }
            syn::Pat::Struct(s) => {
                let mut parts = Vec::new();
                for f in &s.fields {
                    let key = match &f.member {
                        syn::Member::Named(i) => ident_name(&i.to_string()).to_string(),
                        syn::Member::Unnamed(i) => i.index.to_string(),
                    };
                    let value = self.syn_pattern(&f.pat, true);
                    parts.push((Some(key), value));
                }
                Pattern::Destructure {
                    type_name: Some(syn_path_text(&s.path)),
                    parts,
                }
            }
            _ => Pattern::Ignore,
        };
        self.file.leave();
        out
    }

    /// Statements of a syn block, the final expression used as `tail` says.
    fn syn_stmts(&mut self, stmts: &[syn::Stmt], out: &mut Vec<Stmt>, tail: Tail, cx: &SynCx) {
        let count = stmts.len();
        for (i, s) in stmts.iter().enumerate() {
            if !self.file.enter() {
                return;
            }
            let saved = mem::take(&mut self.file.pending);
            let mut lowered = Vec::new();
            match s {
                syn::Stmt::Local(l) => {
                    if let Some(init) = &l.init {
                        let value = self.syn_expr(&init.expr, cx);
                        let target = self.syn_pattern(&l.pat, true);
                        lowered.push(Stmt::Assign {
                            target,
                            value,
                            span: cx.of(l),
                        });
                        if let Some((_, diverge)) = &init.diverge {
                            let mut then = Vec::new();
                            self.syn_expr_stmt(diverge, &mut then, Tail::Discard, cx);
                            lowered.push(Stmt::If {
                                test: other(Vec::new(), cx.of(diverge)),
                                then,
                                orelse: Vec::new(),
                            });
                        }
                    }
                }
                syn::Stmt::Item(_) => {}
                syn::Stmt::Expr(e, semi) => {
                    let t = if i + 1 == count && semi.is_none() {
                        tail
                    } else {
                        Tail::Discard
                    };
                    self.syn_expr_stmt(e, &mut lowered, t, cx);
                }
                syn::Stmt::Macro(m) => {
                    let t = if i + 1 == count && m.semi_token.is_none() {
                        tail
                    } else {
                        Tail::Discard
                    };
                    let at = cx.of(m);
                    self.syn_macro_stmt(&m.mac, at, &mut lowered, t, cx);
                }
            }
            out.append(&mut self.file.pending);
            out.append(&mut lowered);
            self.file.pending = saved;
            self.file.leave();
        }
    }

    fn syn_expr_stmt(&mut self, e: &syn::Expr, out: &mut Vec<Stmt>, tail: Tail, cx: &SynCx) {
        let at = cx.of(e);
        match e {
            syn::Expr::Return(r) => {
                let value = r.expr.as_ref().map(|v| self.syn_expr(v, cx));
                out.push(exit(value, true, at));
            }
            syn::Expr::Break(_) | syn::Expr::Continue(_) => {}
            syn::Expr::Block(b) => self.syn_stmts(&b.block.stmts, out, tail, cx),
            syn::Expr::Unsafe(b) => self.syn_stmts(&b.block.stmts, out, tail, cx),
            syn::Expr::Async(b) => self.syn_stmts(&b.block.stmts, out, tail, cx),
            syn::Expr::If(i) => {
                let (test, mut then) = self.syn_condition(&i.cond, cx);
                self.syn_stmts(&i.then_branch.stmts, &mut then, tail, cx);
                let mut orelse = Vec::new();
                if let Some((_, alt)) = &i.else_branch {
                    self.syn_expr_stmt(alt, &mut orelse, tail, cx);
                }
                out.push(Stmt::If { test, then, orelse });
            }
            syn::Expr::Macro(m) => self.syn_macro_stmt(&m.mac, at, out, tail, cx),
            syn::Expr::Assign(_)
            | syn::Expr::Loop(_)
            | syn::Expr::While(_)
            | syn::Expr::ForLoop(_) => {
                // Their statements go to `pending`; the value is unit.
                let _ = self.syn_expr(e, cx);
            }
            _ => {
                let v = self.syn_expr(e, cx);
                out.push(match tail {
                    Tail::Return => exit(Some(v), true, at),
                    Tail::Discard => Stmt::Eval(v),
                });
            }
        }
    }

    fn syn_macro_stmt(
        &mut self,
        mac: &syn::Macro,
        at: Span,
        out: &mut Vec<Stmt>,
        tail: Tail,
        cx: &SynCx,
    ) {
        let path = self.syn_path(&mac.path, cx);
        match self.lower_macro(&path, mac.tokens.clone(), at, cx, Some(tail)) {
            MacroOut::Stmts(mut s) => out.append(&mut s),
            MacroOut::Expr(kind) => {
                let v = Expr::new(kind, at);
                out.push(match tail {
                    Tail::Return => exit(Some(v), true, at),
                    Tail::Discard => Stmt::Eval(v),
                });
            }
        }
    }

    /// An `if` condition: `let` bindings become assignments at the top of the branch.
    fn syn_condition(&mut self, cond: &syn::Expr, cx: &SynCx) -> (Expr, Vec<Stmt>) {
        if let syn::Expr::Let(l) = cond {
            let value = self.syn_expr(&l.expr, cx);
            let target = self.syn_pattern(&l.pat, true);
            let at = cx.of(cond);
            let test = other(vec![value.clone()], at);
            return (
                test,
                vec![Stmt::Assign {
                    target,
                    value,
                    span: at,
                }],
            );
        }
        (self.syn_expr(cond, cx), Vec::new())
    }

    fn syn_if_value(&mut self, i: &syn::ExprIf, at: Span, cx: &SynCx) -> ExprKind {
        let (test, mut then) = self.syn_condition(&i.cond, cx);
        let then_val = self.syn_branch(&i.then_branch.stmts, &mut then, cx);
        let mut orelse = Vec::new();
        let else_val = match &i.else_branch {
            Some((_, alt)) => {
                let saved = mem::take(&mut self.file.pending);
                let v = self.syn_expr(alt, cx);
                orelse.append(&mut self.file.pending);
                self.file.pending = saved;
                Some(v)
            }
            None => None,
        };
        if !then.is_empty() || !orelse.is_empty() {
            self.file.pending.push(Stmt::If {
                test: test.clone(),
                then,
                orelse,
            });
        }
        ExprKind::Cond {
            test: Box::new(test),
            then: Box::new(then_val.unwrap_or_else(|| other(Vec::new(), at))),
            orelse: Box::new(else_val.unwrap_or_else(|| other(Vec::new(), at))),
        }
    }

    /// A block's statements into `out`, its final expression returned as its value.
    fn syn_branch(&mut self, stmts: &[syn::Stmt], out: &mut Vec<Stmt>, cx: &SynCx) -> Option<Expr> {
        let (init, tail) = match stmts.split_last() {
            Some((syn::Stmt::Expr(e, None), init)) => (init, Some(e)),
            _ => (stmts, None),
        };
        self.syn_stmts(init, out, Tail::Discard, cx);
        let tail = tail?;
        let saved = mem::take(&mut self.file.pending);
        let v = self.syn_expr(tail, cx);
        out.append(&mut self.file.pending);
        self.file.pending = saved;
        Some(v)
    }

    fn syn_block_value(&mut self, stmts: &[syn::Stmt], cx: &SynCx) -> ExprKind {
        let mut out = Vec::new();
        let v = self.syn_branch(stmts, &mut out, cx);
        self.file.pending.append(&mut out);
        match v {
            Some(v) => v.kind,
            None => ExprKind::Other(Vec::new()),
        }
    }
}

/// A path as written, generic arguments dropped.
fn syn_path_text(p: &syn::Path) -> String {
    p.segments
        .iter()
        .map(|s| ident_name(&s.ident.to_string()).to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// A syn literal: strings unescaped, `true`/`false` as names, others opaque.
fn syn_lit(l: &Lit) -> ExprKind {
    let repr = match l {
        Lit::Str(s) => s.token().to_string(),
        Lit::ByteStr(s) => s.token().to_string(),
        Lit::CStr(s) => s.token().to_string(),
        Lit::Bool(b) => return ExprKind::Name(if b.value { "true" } else { "false" }.into()),
        _ => return ExprKind::Other(Vec::new()),
    };
    match unquote(&repr) {
        Some(u) => ExprKind::Str(u.value),
        None => ExprKind::Other(Vec::new()),
    }
}

/// Where a captured name (`{dir}`) is written in the format string literal.
fn capture_span(fmt: &super::text::Unquoted, lit: Span, (start, end): (usize, usize)) -> Span {
    let first = fmt.source_offset(start);
    let last = end.checked_sub(1).and_then(|e| fmt.source_offset(e));
    match (first, last) {
        (Some(s), Some(e)) if e >= s => {
            let base = lit.start as usize;
            Span::new(base + s, base + e + 1)
        }
        _ => lit,
    }
}

fn exit(value: Option<Expr>, is_return: bool, at: Span) -> Stmt {
    Stmt::Exit {
        value,
        is_return,
        span: at,
    }
}
