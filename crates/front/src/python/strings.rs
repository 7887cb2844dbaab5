//! String literals of the Python front end: f-strings, unescaping, docstrings.

use super::{Lowerer, named};
use crate::common::{Lowering, Node, child_of_kind, interp_or_str, push_lit};
use mcplint_ir::{ExprKind, Part};

impl Lowerer<'_> {
    /// A string or implicit concatenation: `Str` when nothing is interpolated, else `Interp`.
    pub(super) fn string_kind(&mut self, n: Node<'_>) -> ExprKind {
        let mut parts = Vec::new();
        if n.kind() == "string" {
            self.string_parts(n, &mut parts);
        } else {
            for s in named(n).into_iter().filter(|s| s.kind() == "string") {
                self.string_parts(s, &mut parts);
            }
        }
        interp_or_str(parts)
    }

    /// The literal text and interpolations of one `string` node.
    pub(super) fn string_parts(&mut self, s: Node<'_>, parts: &mut Vec<Part>) {
        let start = child_of_kind(s, "string_start");
        let prefix = start.map_or("", |p| self.text(p)).to_ascii_lowercase();
        let raw = prefix.contains('r');
        let fmt = prefix.contains('f') || prefix.contains('t');
        let bytes = prefix.contains('b');
        let end = child_of_kind(s, "string_end").map_or(s.end_byte(), |e| e.start_byte());
        let mut pos = start.map_or(s.start_byte(), |p| p.end_byte());
        for c in named(s) {
            if c.kind() == "interpolation" {
                let lit = self.src.get(pos..c.start_byte()).unwrap_or("");
                push_lit(parts, &unescape(lit, raw, fmt, bytes));
                self.interpolation(c, parts);
                pos = c.end_byte();
            }
        }
        let lit = self.src.get(pos..end).unwrap_or("");
        push_lit(parts, &unescape(lit, raw, fmt, bytes));
    }

    pub(super) fn interpolation(&mut self, i: Node<'_>, parts: &mut Vec<Part>) {
        let expr = i.child_by_field_name("expression");
        // `{x=}` prints the expression text before its value.
        if let (Some(open), Some(eq)) = (child_of_kind(i, "{"), child_of_kind(i, "=")) {
            push_lit(
                parts,
                self.src.get(open.end_byte()..eq.end_byte()).unwrap_or(""),
            );
        }
        if let Some(e) = expr {
            parts.push(Part::Hole(self.lower_expr(e)));
        }
        if let Some(spec) = i.child_by_field_name("format_specifier") {
            for fe in named(spec)
                .into_iter()
                .filter(|c| c.kind() == "format_expression")
            {
                if let Some(e) = fe.child_by_field_name("expression") {
                    parts.push(Part::Hole(self.lower_expr(e)));
                }
            }
        }
    }
}

/// Python string-literal unescaping. Raw strings keep backslashes; f-strings undouble braces.
pub(super) fn unescape(s: &str, raw: bool, fstring: bool, bytes: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && !raw {
            let Some(e) = chars.next() else {
                out.push('\\');
                break;
            };
            match e {
                '\n' => {}
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                }
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '\\' => out.push('\\'),
                '\'' => out.push('\''),
                '"' => out.push('"'),
                'a' => out.push('\x07'),
                'b' => out.push('\x08'),
                'f' => out.push('\x0c'),
                'v' => out.push('\x0b'),
                'x' => hex_escape(&mut out, &mut chars, 'x', 2),
                'u' if !bytes => hex_escape(&mut out, &mut chars, 'u', 4),
                'U' if !bytes => hex_escape(&mut out, &mut chars, 'U', 8),
                '0'..='7' => {
                    let mut value = e.to_digit(8).unwrap_or(0);
                    for _ in 0..2 {
                        match chars.peek().and_then(|d| d.to_digit(8)) {
                            Some(d) => {
                                value = value * 8 + d;
                                chars.next();
                            }
                            None => break,
                        }
                    }
                    out.push(char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                other => {
                    out.push('\\');
                    out.push(other);
                }
            }
        } else if c == '\r' && chars.peek() == Some(&'\n') {
            // Python reads source with universal newlines.
        } else if fstring && (c == '{' || c == '}') && chars.peek() == Some(&c) {
            chars.next();
            out.push(c);
        } else {
            out.push(c);
        }
    }
    out
}

/// `\xNN`, `\uNNNN`, `\UNNNNNNNN`; kept as written when malformed.
pub(super) fn hex_escape(
    out: &mut String,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    letter: char,
    len: usize,
) {
    let mut digits = String::new();
    while digits.len() < len {
        match chars.peek() {
            Some(d) if d.is_ascii_hexdigit() => {
                digits.push(*d);
                chars.next();
            }
            _ => break,
        }
    }
    let decoded = (digits.len() == len)
        .then(|| u32::from_str_radix(&digits, 16).ok())
        .flatten()
        .and_then(char::from_u32);
    match decoded {
        Some(ch) => out.push(ch),
        None => {
            out.push('\\');
            out.push(letter);
            out.push_str(&digits);
        }
    }
}

/// `inspect.cleandoc`: tabs expanded, the first line's leading whitespace and the common
/// indentation of the other lines removed, blank lines at the start and end dropped.
pub(super) fn cleandoc(doc: &str) -> String {
    let expanded = expand_tabs(doc);
    let lines: Vec<&str> = expanded.split('\n').collect();
    let margin = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim_start().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            out.push(line.trim_start());
        } else {
            out.push(line.get(margin..).unwrap_or_else(|| line.trim_start()));
        }
    }
    let leading = out.iter().take_while(|l| l.is_empty()).count();
    out.drain(..leading);
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

pub(super) fn expand_tabs(s: &str) -> String {
    if !s.contains('\t') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut col = 0;
    for c in s.chars() {
        match c {
            '\t' => {
                let n = 8 - col % 8;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_python_literals() {
        assert_eq!(
            unescape(r"a\tb\n\\\'\x41\u00e9\101", false, false, false),
            "a\tb\n\\'AéA"
        );
        assert_eq!(unescape(r"\u00e9", false, false, true), r"\u00e9");
        assert_eq!(unescape(r"a\nb", true, false, false), r"a\nb");
        assert_eq!(unescape("{{x}}", false, true, false), "{x}");
        assert_eq!(unescape("{{x}}", false, false, false), "{{x}}");
        assert_eq!(unescape("a\\\nb", false, false, false), "ab");
        assert_eq!(unescape("a\r\nb", false, false, false), "a\nb");
        assert_eq!(unescape(r"\x4", false, false, false), r"\x4");
        assert_eq!(unescape(r"\U0011FFFF", false, false, false), r"\U0011FFFF");
        assert_eq!(unescape("\\", false, false, false), "\\");
        assert_eq!(unescape(r"\q", false, false, false), r"\q");
    }

    #[test]
    fn cleandoc_matches_python() {
        assert_eq!(cleandoc("Title."), "Title.");
        assert_eq!(
            cleandoc("\n    Title.\n\n    Body\n      more\n    "),
            "Title.\n\nBody\n  more"
        );
        assert_eq!(cleandoc("  First.\n\tTabbed"), "First.\nTabbed");
        assert_eq!(cleandoc(""), "");
        assert_eq!(cleandoc("\n\n"), "");
    }
}
