//! Text helpers of the Rust front end: string-literal unescaping (with source offsets), format
//! strings, comment and doc-comment text.

/// A string literal's value, and for each byte of the value the offset (in the literal's source
/// text) of the character or escape it came from.
#[derive(Debug, Default)]
pub(super) struct Unquoted {
    /// The unescaped value.
    pub(super) value: String,
    /// One offset into the literal's source text per byte of `value`.
    pub(super) offsets: Vec<usize>,
}

impl Unquoted {
    fn push(&mut self, c: char, at: usize) {
        self.value.push(c);
        for _ in 0..c.len_utf8() {
            self.offsets.push(at);
        }
    }

    /// The source offset of the value's byte `i` (or of its end).
    pub(super) fn source_offset(&self, i: usize) -> Option<usize> {
        self.offsets.get(i).copied()
    }
}

/// The value of a Rust string literal as written (`"a\n"`, `r#"x"#`, `b"x"`, `c"x"`, `br"x"`),
/// a suffix after the closing quote ignored. `None` if it is not a string literal.
pub(super) fn unquote(repr: &str) -> Option<Unquoted> {
    let prefix_len = repr
        .bytes()
        .take_while(|b| matches!(b, b'b' | b'c' | b'r'))
        .count();
    let prefix = repr.get(..prefix_len)?;
    if prefix.len() > 2 || prefix.matches('r').count() > 1 {
        return None;
    }
    let raw = prefix.contains('r');
    let rest = repr.get(prefix_len..)?;
    if raw {
        let hashes = rest.bytes().take_while(|b| *b == b'#').count();
        let open = prefix_len + hashes;
        if repr.as_bytes().get(open) != Some(&b'"') {
            return None;
        }
        let start = open + 1;
        let mut close = String::from("\"");
        close.push_str(&"#".repeat(hashes));
        let end = match repr.get(start..).and_then(|s| s.rfind(close.as_str())) {
            Some(e) => start + e,
            None => repr.len(),
        };
        let body = repr.get(start..end)?;
        let mut out = Unquoted::default();
        for (i, c) in body.char_indices() {
            if c == '\r' && body.get(i + 1..).is_some_and(|r| r.starts_with('\n')) {
                continue;
            }
            out.push(c, start + i);
        }
        return Some(out);
    }
    if !rest.starts_with('"') {
        return None;
    }
    let start = prefix_len + 1;
    let end = match repr.get(start..).and_then(|s| s.rfind('"')) {
        Some(e) => start + e,
        None => repr.len(),
    };
    let body = repr.get(start..end)?;
    Some(unescape(body, start))
}

/// Unescapes the body of a (non-raw) Rust string literal that starts at `base` in its source.
///
/// Longer than most: one character loop over every escape form of Rust string literals, kept
/// together so the byte offsets it records stay in step.
fn unescape(body: &str, base: usize) -> Unquoted {
    let mut out = Unquoted::default();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = base + i;
        match c {
            '\\' => {
                let Some((_, e)) = chars.next() else {
                    out.push('\\', at);
                    break;
                };
                match e {
                    'n' => out.push('\n', at),
                    't' => out.push('\t', at),
                    'r' => out.push('\r', at),
                    '0' => out.push('\0', at),
                    '\\' | '\'' | '"' => out.push(e, at),
                    'x' => {
                        let mut digits = String::new();
                        while digits.len() < 2 {
                            match chars.peek() {
                                Some((_, d)) if d.is_ascii_hexdigit() => {
                                    digits.push(*d);
                                    chars.next();
                                }
                                _ => break,
                            }
                        }
                        match u8::from_str_radix(&digits, 16) {
                            Ok(v) if digits.len() == 2 => out.push(char::from(v), at),
                            _ => {
                                out.push('\\', at);
                                out.push('x', at);
                                for d in digits.chars() {
                                    out.push(d, at);
                                }
                            }
                        }
                    }
                    'u' => {
                        let mut digits = String::new();
                        let mut closed = false;
                        if chars.peek().is_some_and(|(_, c)| *c == '{') {
                            chars.next();
                            while let Some((_, d)) = chars.peek().copied() {
                                chars.next();
                                if d == '}' {
                                    closed = true;
                                    break;
                                }
                                if digits.len() > 8 {
                                    break;
                                }
                                if d != '_' {
                                    digits.push(d);
                                }
                            }
                        }
                        let decoded = closed
                            .then(|| u32::from_str_radix(&digits, 16).ok())
                            .flatten()
                            .and_then(char::from_u32);
                        out.push(decoded.unwrap_or(char::REPLACEMENT_CHARACTER), at);
                    }
                    '\n' | '\r' => {
                        // A line continuation: the newline and the next line's indentation go.
                        while chars
                            .peek()
                            .is_some_and(|(_, c)| matches!(c, ' ' | '\t' | '\n' | '\r'))
                        {
                            chars.next();
                        }
                    }
                    other => {
                        out.push('\\', at);
                        out.push(other, at);
                    }
                }
            }
            '\r' if chars.peek().is_some_and(|(_, c)| *c == '\n') => {}
            _ => out.push(c, at),
        }
    }
    out
}

/// Which argument a `{}` placeholder of a format string takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum FmtArg {
    /// `{}`: the next positional argument.
    Next,
    /// `{0}`: the positional argument at an index.
    Index(usize),
    /// `{name}`: a named argument, or else a variable captured by name.
    Name(String),
}

/// One piece of a format string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum FmtPiece {
    /// Literal text (with `{{` and `}}` undoubled).
    Lit(String),
    /// A placeholder.
    Hole {
        /// The argument it takes.
        arg: FmtArg,
        /// Byte range of the argument's name in the format string (for captures).
        name_at: (usize, usize),
        /// Whether the spec is `.*` (the precision takes one positional argument first).
        star: bool,
    },
}

/// Splits a `format!` string into literal text and placeholders. Format specs are ignored.
pub(super) fn parse_format(s: &str) -> Vec<FmtPiece> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut pos = 0;
    while let Some(c) = s.get(pos..).and_then(|r| r.chars().next()) {
        let next = s.get(pos + c.len_utf8()..).and_then(|r| r.chars().next());
        match (c, next) {
            ('{', Some('{')) | ('}', Some('}')) => {
                lit.push(c);
                pos += 2;
            }
            ('{', _) => {
                let inner_start = pos + 1;
                let Some(close) = s.get(inner_start..).and_then(|r| r.find('}')) else {
                    lit.push_str(s.get(pos..).unwrap_or(""));
                    break;
                };
                let inner = s.get(inner_start..inner_start + close).unwrap_or("");
                let (arg_text, spec) = match inner.split_once(':') {
                    Some((a, s)) => (a, s),
                    None => (inner, ""),
                };
                let lead = arg_text.len() - arg_text.trim_start().len();
                let name = arg_text.trim();
                let arg = if name.is_empty() {
                    FmtArg::Next
                } else if let Ok(i) = name.parse::<usize>() {
                    FmtArg::Index(i)
                } else {
                    FmtArg::Name(name.strip_prefix("r#").unwrap_or(name).to_string())
                };
                if !lit.is_empty() {
                    out.push(FmtPiece::Lit(std::mem::take(&mut lit)));
                }
                let name_start = inner_start + lead;
                out.push(FmtPiece::Hole {
                    arg,
                    name_at: (name_start, name_start + name.len()),
                    star: spec.contains(".*"),
                });
                pos = inner_start + close + 1;
            }
            _ => {
                lit.push(c);
                pos += c.len_utf8();
            }
        }
    }
    if !lit.is_empty() {
        out.push(FmtPiece::Lit(lit));
    }
    out
}

/// What kind of comment a comment's text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CommentKind {
    /// `//` or `/* */`.
    Plain,
    /// `///` or `/** */`: documents the next item.
    OuterDoc,
    /// `//!` or `/*! */`: documents the enclosing item.
    InnerDoc,
}

/// The kind of a comment, from its text.
pub(super) fn comment_kind(raw: &str) -> CommentKind {
    if raw.starts_with("//") {
        if raw.starts_with("///") && !raw.starts_with("////") {
            CommentKind::OuterDoc
        } else if raw.starts_with("//!") {
            CommentKind::InnerDoc
        } else {
            CommentKind::Plain
        }
    } else if raw.starts_with("/**") && !raw.starts_with("/***") && raw != "/**/" {
        CommentKind::OuterDoc
    } else if raw.starts_with("/*!") {
        CommentKind::InnerDoc
    } else {
        CommentKind::Plain
    }
}

/// A comment's text without its markers, trimmed.
pub(super) fn comment_text(raw: &str) -> String {
    if let Some(rest) = raw.strip_prefix("//!") {
        return rest.trim().to_string();
    }
    if raw.starts_with("//") {
        return raw.trim_start_matches('/').trim().to_string();
    }
    let inner = raw.strip_prefix("/*").unwrap_or(raw);
    let inner = inner.strip_suffix("*/").unwrap_or(inner);
    let inner = inner
        .strip_prefix('*')
        .or_else(|| inner.strip_prefix('!'))
        .unwrap_or(inner);
    inner.trim().to_string()
}

/// The doc lines of a doc comment (`///` or `/** */`, or the inner forms), one leading space
/// stripped per line.
pub(super) fn doc_lines(raw: &str) -> Vec<String> {
    let raw = raw.trim_end_matches(['\n', '\r']);
    if let Some(rest) = raw.strip_prefix("///").or_else(|| raw.strip_prefix("//!")) {
        return vec![strip_one_space(rest).to_string()];
    }
    let inner = raw
        .strip_prefix("/**")
        .or_else(|| raw.strip_prefix("/*!"))
        .unwrap_or(raw);
    let inner = inner.strip_suffix("*/").unwrap_or(inner);
    let mut lines: Vec<&str> = inner.lines().collect();
    // ` * ` gutters on every line after the first are decoration.
    let gutter = lines.len() > 1
        && lines
            .iter()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .all(|l| l.trim_start().starts_with('*'));
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter_mut().enumerate() {
        let mut l: &str = line;
        if gutter && i > 0 {
            l = l.trim_start();
            l = l.strip_prefix('*').unwrap_or(l);
        } else if i > 0 {
            l = l.trim_start();
        }
        out.push(strip_one_space(l).trim_end().to_string());
    }
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// Removes one leading space (rustdoc strips the common indentation; one space is the norm).
pub(super) fn strip_one_space(s: &str) -> &str {
    s.strip_prefix(' ').unwrap_or(s)
}

/// Whether a name looks like a type, variant or constant (`None`, `Kind`, `MAX`) rather than a
/// binding.
pub(super) fn is_upper_name(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// A raw identifier's name (`r#type` -> `type`).
pub(super) fn ident_name(s: &str) -> &str {
    s.strip_prefix("r#").unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(repr: &str) -> Option<String> {
        unquote(repr).map(|u| u.value)
    }

    #[test]
    fn unquotes_all_literal_forms() {
        assert_eq!(
            value(r#""a\tb\n\\\"\x41\u{e9}\0""#).as_deref(),
            Some("a\tb\n\\\"Aé\0")
        );
        assert_eq!(
            value(r##"r#"raw "x" \n"#"##).as_deref(),
            Some("raw \"x\" \\n")
        );
        assert_eq!(value(r#"r"x""#).as_deref(), Some("x"));
        assert_eq!(value(r#"b"ab\x01""#).as_deref(), Some("ab\u{1}"));
        assert_eq!(value(r#"br"x\n""#).as_deref(), Some("x\\n"));
        assert_eq!(value(r#"c"cs""#).as_deref(), Some("cs"));
        assert_eq!(value("\"a\\\n    b\"").as_deref(), Some("ab"));
        assert_eq!(value("\"a\r\nb\"").as_deref(), Some("a\nb"));
        assert_eq!(value(r#""x"suffix"#).as_deref(), Some("x"));
        assert_eq!(value(r#""\u{110000}""#).as_deref(), Some("\u{fffd}"));
        assert_eq!(value(r#""\u{zz""#).as_deref(), Some("\u{fffd}"));
        assert_eq!(value(r#""\q""#).as_deref(), Some("\\q"));
        assert_eq!(value(r#""\x4""#).as_deref(), Some("\\x4"));
        assert_eq!(value("\"unterminated").as_deref(), Some("unterminated"));
        assert_eq!(value("\"\\").as_deref(), Some("\\"));
        assert_eq!(value("'c'"), None);
        assert_eq!(value("42"), None);
        assert_eq!(value(""), None);
        assert_eq!(value("rr\"x\""), None);
        assert_eq!(value("r#x"), None);
    }

    #[test]
    fn offsets_point_into_the_source() {
        let u = unquote(r#""é\n{dir}""#).expect("string");
        assert_eq!(u.value, "é\n{dir}");
        // `é` is two bytes at source offset 1; `\n` is one byte from the escape at 3.
        assert_eq!(&u.offsets[..4], &[1, 1, 3, 5]);
        let d = u.value.find("dir").expect("dir");
        assert_eq!(u.source_offset(d), Some(6));
    }

    #[test]
    fn parses_format_strings() {
        use FmtArg::{Index, Name, Next};
        let pieces = parse_format("ls {} {dir} {{x}} {0:?} {:>w$} {:.*} {");
        let holes: Vec<(FmtArg, bool)> = pieces
            .iter()
            .filter_map(|p| match p {
                FmtPiece::Hole { arg, star, .. } => Some((arg.clone(), *star)),
                FmtPiece::Lit(_) => None,
            })
            .collect();
        assert_eq!(
            holes,
            [
                (Next, false),
                (Name("dir".into()), false),
                (Index(0), false),
                (Next, false),
                (Next, true)
            ]
        );
        assert_eq!(pieces[0], FmtPiece::Lit("ls ".into()));
        assert_eq!(pieces[4], FmtPiece::Lit(" {x} ".into()));
        assert_eq!(pieces.last(), Some(&FmtPiece::Lit(" {".into())));
        let FmtPiece::Hole { name_at, .. } = &pieces[3] else {
            panic!("hole");
        };
        assert_eq!(*name_at, (7, 10));
        assert!(parse_format("").is_empty());
        assert_eq!(parse_format("}"), [FmtPiece::Lit("}".into())]);
    }

    #[test]
    fn comment_markers() {
        assert_eq!(comment_kind("/// x"), CommentKind::OuterDoc);
        assert_eq!(comment_kind("//// x"), CommentKind::Plain);
        assert_eq!(comment_kind("//! x"), CommentKind::InnerDoc);
        assert_eq!(comment_kind("/** x */"), CommentKind::OuterDoc);
        assert_eq!(comment_kind("/**/"), CommentKind::Plain);
        assert_eq!(comment_kind("/*! x */"), CommentKind::InnerDoc);
        assert_eq!(comment_text("/// doc \n"), "doc");
        assert_eq!(comment_text("// expect: x"), "expect: x");
        assert_eq!(comment_text("/* a */"), "a");
        assert_eq!(comment_text("/** a */"), "a");
        assert_eq!(comment_text("/*"), "");
        assert_eq!(comment_text("//// four"), "four");
        assert_eq!(comment_text("//! inner"), "inner");
        assert_eq!(doc_lines("///  two spaces\n"), [" two spaces"]);
        assert_eq!(
            doc_lines("/**\n * First.\n *\n * Second.\n */"),
            ["First.", "", "Second."]
        );
    }
}
