//! The dotenv front end: `KEY=VALUE` lines lowered to the IR.
//!
//! Each assignment lowers to `Assign { target: Name(KEY), value: Str(VALUE) }` in
//! `functions[0].body`, with an optional `export ` prefix dropped. A value may be unquoted (up to
//! a ` #` comment or the end of the line, trimmed), single-quoted (literal) or double-quoted
//! (`\n`, `\"`, `\\` escapes; may span lines). The value's span covers its quotes, as for string
//! literals in the other front ends. `#` comments, on their own line or after an unquoted or
//! quoted value, are kept in [`File::comments`]. A line that is not an assignment is recorded in
//! [`File::syntax_errors`] and skipped.

use mcplint_ir::{Comment, Expr, ExprKind, File, Lang, Pattern, SourceFile, Span, Stmt};

use crate::FrontError;

/// At most this many syntax errors are recorded per file.
const MAX_SYNTAX_ERRORS: usize = 100;

/// Lowers one dotenv file.
#[allow(clippy::unnecessary_wraps)]
pub(crate) fn lower(source: SourceFile) -> Result<File, FrontError> {
    let (body, comments, syntax_errors) = parse(&source.text);
    let mut file = File::new(Lang::Env, source);
    if let Some(top) = file.functions.first_mut() {
        top.body = body;
    }
    file.comments = comments;
    file.syntax_errors = syntax_errors;
    Ok(file)
}

/// Parses only, returning the number of assignments.
#[allow(clippy::unnecessary_wraps)]
pub(crate) fn parse_only(text: &str) -> Result<usize, FrontError> {
    Ok(parse(text).0.len())
}

fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The assignments, comments and syntax errors of a dotenv file, in one pass over its lines.
///
/// Longer than most: one byte loop with a cursor shared by the key, the three quoting forms
/// and the trailing comment, which reads best in one place.
fn parse(text: &str) -> (Vec<Stmt>, Vec<Comment>, Vec<Span>) {
    let bytes = text.as_bytes();
    let mut body = Vec::new();
    let mut comments = Vec::new();
    let mut errors = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        let line_end = memchr_nl(bytes, pos);
        let mut i = pos;
        while i < line_end && (is_space(bytes[i]) || bytes[i] == b'\r') {
            i += 1;
        }
        if i == line_end {
            pos = line_end + 1;
            continue;
        }
        if bytes[i] == b'#' {
            comments.push(comment(text, i, trim_cr(bytes, line_end), true));
            pos = line_end + 1;
            continue;
        }
        let line_start = i;
        if text[i..line_end].starts_with("export") {
            let after = i + "export".len();
            if after < line_end && is_space(bytes[after]) {
                i = after;
                while i < line_end && is_space(bytes[i]) {
                    i += 1;
                }
            }
        }
        let key_start = i;
        while i < line_end
            && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'.' | b'-'))
        {
            i += 1;
        }
        let key_end = i;
        while i < line_end && is_space(bytes[i]) {
            i += 1;
        }
        if key_start == key_end || i >= line_end || bytes[i] != b'=' {
            if errors.len() < MAX_SYNTAX_ERRORS {
                errors.push(Span::new(line_start, trim_cr(bytes, line_end)));
            }
            pos = line_end + 1;
            continue;
        }
        i += 1;
        while i < line_end && is_space(bytes[i]) {
            i += 1;
        }
        let key = text[key_start..key_end].to_owned();
        let (value, value_span, end) = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) if i < line_end => quoted(text, i, q),
            _ => {
                // Unquoted: up to ` #` or the end of the line, trimmed.
                let mut j = i;
                while j < line_end && !(bytes[j] == b'#' && j > i && is_space(bytes[j - 1])) {
                    j += 1;
                }
                let mut v_end = trim_cr(bytes, j);
                while v_end > i && is_space(bytes[v_end - 1]) {
                    v_end -= 1;
                }
                (text[i..v_end].to_owned(), Span::new(i, v_end), j)
            }
        };
        // A comment after the value, on the same line as the value's end.
        let rest_end = memchr_nl(bytes, end);
        let mut k = end;
        while k < rest_end && is_space(bytes[k]) {
            k += 1;
        }
        if k < rest_end && bytes[k] == b'#' {
            comments.push(comment(text, k, trim_cr(bytes, rest_end), false));
        }
        let stmt_span = Span::new(line_start, value_span.end as usize);
        body.push(Stmt::Assign {
            target: Pattern::Name(key),
            value: Expr::new(ExprKind::Str(value), value_span),
            span: stmt_span,
        });
        pos = rest_end + 1;
    }
    (body, comments, errors)
}

/// The end of the line that `from` is on (the offset of its `\n`, or the text's length).
fn memchr_nl(bytes: &[u8], from: usize) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        .map_or(bytes.len(), |p| from + p)
}

fn trim_cr(bytes: &[u8], end: usize) -> usize {
    if end > 0 && bytes.get(end - 1) == Some(&b'\r') {
        end - 1
    } else {
        end
    }
}

fn comment(text: &str, start: usize, end: usize, own_line: bool) -> Comment {
    Comment {
        text: text[start + 1..end].trim().to_owned(),
        span: Span::new(start, end),
        own_line,
    }
}

/// A quoted value starting at the quote `q` at `start`: its text, its span (quotes included)
/// and the offset after it. An unterminated quote runs to the end of its line.
fn quoted(text: &str, start: usize, q: u8) -> (String, Span, usize) {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut i = start + 1;
    let mut seg = i;
    while i < bytes.len() {
        let b = bytes[i];
        if b == q {
            out.push_str(&text[seg..i]);
            return (out, Span::new(start, i + 1), i + 1);
        }
        if q == b'\'' && b == b'\n' {
            break;
        }
        if q == b'"' && b == b'\\' && i + 1 < bytes.len() {
            out.push_str(&text[seg..i]);
            match bytes[i + 1] {
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'"' => out.push('"'),
                b'$' => out.push('$'),
                _ => out.push('\\'),
            }
            i += if matches!(bytes[i + 1], b'n' | b'r' | b't' | b'"' | b'\\' | b'$') {
                2
            } else {
                1
            };
            seg = i;
            continue;
        }
        i += 1;
    }
    // Unterminated: the rest of the opening line.
    let end = trim_cr(bytes, memchr_nl(bytes, start));
    let end = end.max(start + 1);
    out.clear();
    out.push_str(&text[start + 1..end]);
    (out, Span::new(start, end), end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assigns(text: &str) -> Vec<(String, String, String)> {
        let (body, _, _) = parse(text);
        body.into_iter()
            .map(|s| match s {
                Stmt::Assign {
                    target: Pattern::Name(k),
                    value,
                    ..
                } => (
                    k,
                    value.as_str().unwrap_or_default().to_owned(),
                    text[value.span.range()].to_owned(),
                ),
                _ => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn lowers_assignments_with_exact_spans() {
        let text = "# top\nA=1\nexport B = two words # note\nC='x # y'\r\nD=\"l1\\nl2\"\nE=\nbad line\nF=\"multi\nline\"\n";
        let got = assigns(text);
        let want = [
            ("A", "1", "1"),
            ("B", "two words", "two words"),
            ("C", "x # y", "'x # y'"),
            ("D", "l1\nl2", "\"l1\\nl2\""),
            ("E", "", ""),
            ("F", "multi\nline", "\"multi\nline\""),
        ];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!((g.0.as_str(), g.1.as_str(), g.2.as_str()), w);
        }
        let (_, comments, errors) = parse(text);
        let texts: Vec<(&str, bool)> = comments
            .iter()
            .map(|c| (c.text.as_str(), c.own_line))
            .collect();
        assert_eq!(texts, [("top", true), ("note", false)]);
        assert_eq!(errors.len(), 1);
        assert_eq!(&text[errors[0].range()], "bad line");
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "=",
            "A",
            "A=\"",
            "A='",
            "A=\"\\",
            "export",
            "export A",
            "é=1\nA=é",
            "\r\n\r",
        ] {
            let _ = parse(text);
        }
    }
}
