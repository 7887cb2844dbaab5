//! The JSON front end: tree-sitter-json syntax trees lowered to the IR.
//!
//! A JSON document has no code, so it lowers to data: `functions[0].body` holds one
//! `Eval(value)` per top-level value (one for an ordinary document, several for JSON Lines).
//! Objects lower to [`ExprKind::Record`] with one keyword entry per member, in source order and
//! duplicates kept; arrays to a `Record` of positional entries; strings to [`ExprKind::Str`]
//! (unescaped; the span covers the quotes); `true`, `false` and `null` to [`ExprKind::Name`];
//! numbers to an empty [`ExprKind::Other`]. Every value keeps its exact span.
//!
//! The grammar is lenient: comments (`//`, `/* */`) are kept in [`File::comments`], as client
//! configs such as `.vscode/mcp.json` allow them, and a trailing comma before `}` or `]` is
//! accepted. Anything else that does not parse is recorded in [`File::syntax_errors`]; what
//! parsed still lowers. Nesting deeper than [`MAX_DEPTH`] lowers to an empty `Other` and is
//! recorded as a syntax error, so a hostile document cannot exhaust the stack.

use std::time::Duration;

use mcplint_ir::{Arg, Comment, Expr, ExprKind, File, Lang, SourceFile, Span, Stmt};
use tree_sitter::Node;

use crate::FrontError;
use crate::common::Grammar;

/// How deeply objects and arrays may nest before lowering stops descending.
const MAX_DEPTH: usize = 256;
/// At most this many syntax errors are recorded per file.
const MAX_SYNTAX_ERRORS: usize = 100;

/// Parses and lowers one JSON or JSONC file.
pub(crate) fn lower(source: SourceFile, budget: Duration) -> Result<File, FrontError> {
    let tree = Grammar::Json.parse(&source.text, budget)?;
    let mut lw = Lowerer {
        src: &source.text,
        comments: Vec::new(),
        syntax_errors: Vec::new(),
        depth_exceeded: false,
    };
    let body = lw.lower_document(tree.root_node());
    let Lowerer {
        comments,
        mut syntax_errors,
        ..
    } = lw;
    syntax_errors.sort();
    syntax_errors.dedup();
    syntax_errors.truncate(MAX_SYNTAX_ERRORS);
    let mut file = File::new(Lang::Json, source);
    if let Some(top) = file.functions.first_mut() {
        top.body = body;
    }
    file.comments = comments;
    file.syntax_errors = syntax_errors;
    Ok(file)
}

/// Parses only, returning the number of nodes in the tree.
pub(crate) fn parse_only(text: &str) -> Result<usize, FrontError> {
    Grammar::Json.count_nodes(text)
}

fn span(n: Node<'_>) -> Span {
    Span::new(n.start_byte(), n.end_byte())
}

struct Lowerer<'s> {
    src: &'s str,
    comments: Vec<Comment>,
    syntax_errors: Vec<Span>,
    depth_exceeded: bool,
}

impl Lowerer<'_> {
    fn text(&self, n: Node<'_>) -> &str {
        self.src.get(n.byte_range()).unwrap_or("")
    }

    /// One iterative pass for comments and syntax errors, then the values.
    fn lower_document(&mut self, root: Node<'_>) -> Vec<Stmt> {
        self.scan(root);
        let mut body = Vec::new();
        for child in children(root) {
            if is_value(child.kind()) && !child.is_missing() {
                body.push(Stmt::Eval(self.value(child, 0)));
            }
        }
        body
    }

    fn scan(&mut self, root: Node<'_>) {
        let mut cursor = root.walk();
        loop {
            let node = cursor.node();
            if node.kind() == "comment" {
                self.comment(node);
            } else if (node.is_error() || node.is_missing())
                && !self.is_trailing_comma(node)
                && self.syntax_errors.len() < MAX_SYNTAX_ERRORS
            {
                self.syntax_errors.push(span(node));
            }
            if cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return;
                }
            }
        }
    }

    /// A JSONC trailing comma: an error node holding only `,` (or a missing value after one),
    /// right before `}` or `]`.
    fn is_trailing_comma(&self, n: Node<'_>) -> bool {
        let own = self.text(n).trim();
        let before = self.src.get(..n.start_byte()).unwrap_or("").trim_end();
        if before.ends_with(['{', '[']) {
            return false;
        }
        let after_comma = own == "," || (own.is_empty() && before.ends_with(','));
        if !after_comma {
            return false;
        }
        let mut rest = self.src.get(n.end_byte()..).unwrap_or("").trim_start();
        // Comments may sit between the comma and the bracket.
        loop {
            if let Some(r) = rest.strip_prefix("//") {
                rest = r.split_once('\n').map_or("", |(_, r)| r).trim_start();
            } else if let Some(r) = rest.strip_prefix("/*") {
                rest = r.split_once("*/").map_or("", |(_, r)| r).trim_start();
            } else {
                break;
            }
        }
        rest.starts_with(['}', ']'])
    }

    fn comment(&mut self, n: Node<'_>) {
        let raw = self.text(n);
        let text = if let Some(t) = raw.strip_prefix("//") {
            t
        } else {
            raw.strip_prefix("/*")
                .map_or(raw, |t| t.strip_suffix("*/").unwrap_or(t))
        };
        let before = self.src.get(..n.start_byte()).unwrap_or("");
        let line = before.rsplit('\n').next().unwrap_or("");
        let own_line = line.chars().all(|c| matches!(c, ' ' | '\t'));
        self.comments.push(Comment {
            text: text.trim().to_owned(),
            span: span(n),
            own_line,
        });
    }

    fn value(&mut self, n: Node<'_>, depth: usize) -> Expr {
        let at = span(n);
        if depth >= MAX_DEPTH {
            if !self.depth_exceeded {
                self.depth_exceeded = true;
                self.syntax_errors.push(at);
            }
            return Expr::new(ExprKind::Other(Vec::new()), at);
        }
        let kind = match n.kind() {
            "object" => ExprKind::Record(self.members(n, depth)),
            "array" => {
                let items: Vec<Node<'_>> = children(n)
                    .into_iter()
                    .filter(|c| is_value(c.kind()) && !c.is_missing())
                    .collect();
                ExprKind::Record(
                    items
                        .into_iter()
                        .map(|c| Arg::positional(self.value(c, depth + 1)))
                        .collect(),
                )
            }
            "string" => ExprKind::Str(self.string(n)),
            "true" | "false" | "null" => ExprKind::Name(n.kind().to_owned()),
            _ => ExprKind::Other(Vec::new()),
        };
        Expr::new(kind, at)
    }

    fn members(&mut self, n: Node<'_>, depth: usize) -> Vec<Arg> {
        let pairs: Vec<Node<'_>> = children(n)
            .into_iter()
            .filter(|c| c.kind() == "pair")
            .collect();
        let mut out = Vec::with_capacity(pairs.len());
        for pair in pairs {
            let Some(key) = pair.child_by_field_name("key") else {
                continue;
            };
            let key = self.string(key);
            let value = match pair.child_by_field_name("value") {
                Some(v) => self.value(v, depth + 1),
                None => Expr::new(ExprKind::Other(Vec::new()), span(pair)),
            };
            out.push(Arg::keyword(key, value));
        }
        out
    }

    /// The unescaped text of a string node.
    fn string(&self, n: Node<'_>) -> String {
        let raw = self.text(n);
        let inner = raw.strip_prefix('"').unwrap_or(raw);
        let inner = inner.strip_suffix('"').unwrap_or(inner);
        unescape(inner)
    }
}

/// Named children, with error-recovery nodes replaced by what they hold (`[{"a": 1} "x"]`).
fn children(n: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut stack = vec![n];
    let mut first = true;
    while let Some(node) = stack.pop() {
        if !first && !node.is_error() {
            out.push(node);
            continue;
        }
        first = false;
        let mut cursor = node.walk();
        let kids: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
        stack.extend(kids.into_iter().rev());
    }
    out
}

fn is_value(kind: &str) -> bool {
    matches!(
        kind,
        "object" | "array" | "string" | "number" | "true" | "false" | "null"
    )
}

/// Decodes JSON escapes; invalid escapes and lone surrogates become U+FFFD.
pub(crate) fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(c @ ('"' | '\\' | '/')) => out.push(c),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let Some(hi) = hex4(&mut chars) else {
                    out.push('\u{fffd}');
                    continue;
                };
                if (0xD800..0xDC00).contains(&hi) {
                    let mut look = chars.clone();
                    if look.next() == Some('\\')
                        && look.next() == Some('u')
                        && let Some(lo) = hex4(&mut look)
                        && (0xDC00..0xE000).contains(&lo)
                    {
                        chars = look;
                        let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                        continue;
                    }
                    out.push('\u{fffd}');
                } else {
                    out.push(char::from_u32(hi).unwrap_or('\u{fffd}'));
                }
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Four hex digits; consumes nothing when they are not there.
fn hex4(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<u32> {
    let mut look = chars.clone();
    let mut v = 0;
    for _ in 0..4 {
        v = v * 16 + look.next()?.to_digit(16)?;
    }
    *chars = look;
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn unescapes_json_strings() {
        assert_eq!(unescape(r#"a\"b\\c\/d\n\t"#), "a\"b\\c/d\n\t");
        assert_eq!(unescape(r"\u200b\u00e9"), "\u{200b}é");
        assert_eq!(unescape(r"\ud83d\ude00"), "😀");
        assert_eq!(unescape(r"\udb40\udc41"), "\u{e0041}");
        assert_eq!(unescape(r"\ud83d x"), "\u{fffd} x");
        assert_eq!(unescape(r"\u12"), "\u{fffd}12");
        assert_eq!(unescape("plain"), "plain");
    }
}
