//! Strings and comments of the TypeScript and JavaScript front end: literals, template
//! strings, unescaping, `JSDoc`.

use super::{Lowerer, is_plain_string, named, unparen};
use crate::common::{Lowering, Node, interp_or_str, other, push_lit, span, splice};
use mcplint_ir::{Arg, Comment, Doc, Expr, ExprKind, Part};

impl Lowerer<'_> {
    pub(super) fn comment(&mut self, n: Node<'_>) {
        let raw = self.text(n);
        let text = if let Some(rest) = raw.strip_prefix("//") {
            rest.trim().to_string()
        } else if raw.starts_with("/*") {
            block_comment_text(raw)
        } else {
            raw.trim().to_string()
        };
        // Only blanks between the start of the line and the comment (scanned backwards, so a
        // long minified line costs nothing).
        let before = self.src.get(..n.start_byte()).unwrap_or("");
        let own_line = before
            .bytes()
            .rev()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\x0b' | b'\x0c'))
            .is_none_or(|b| matches!(b, b'\n' | b'\r'));
        self.file.comments.push(Comment {
            text,
            span: span(n),
            own_line,
        });
        if raw.starts_with("/**") && raw.len() > 4 {
            self.jsdocs.insert(
                n.end_byte(),
                Doc {
                    text: jsdoc_text(raw),
                    span: span(n),
                },
            );
        }
    }

    /// The `JSDoc` comment that ends right before `start`, with only whitespace in between.
    pub(super) fn jsdoc(&self, start: usize) -> Option<Doc> {
        let before = self.src.get(..start)?;
        let trimmed = before.trim_end_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
        self.jsdocs.get(&trimmed.len()).cloned()
    }

    /// The value of a string literal node, unescaped.
    pub(super) fn string_value(&self, n: Node<'_>) -> String {
        if n.kind() != "string" {
            return self.text(n).to_string();
        }
        let count = n.child_count();
        let is_quote = |c: &Node<'_>| matches!(c.kind(), "\"" | "'");
        let open = n.child(0).filter(is_quote);
        let close = count
            .checked_sub(1)
            .filter(|last| *last > 0)
            .and_then(|last| n.child(last))
            .filter(is_quote);
        let start = open.map_or(n.start_byte(), |o| o.end_byte());
        let end = close.map_or(n.end_byte(), |c| c.start_byte());
        unescape(self.src.get(start..end).unwrap_or(""), false)
    }

    /// A property key as text: identifiers and numbers as written, strings unescaped;
    /// `None` for computed keys.
    pub(super) fn key(&self, k: Node<'_>) -> Option<String> {
        match k.kind() {
            "string" => Some(self.string_value(k)),
            "computed_property_name" => None,
            _ => Some(self.text(k).to_string()),
        }
    }

    pub(super) fn string(&mut self, n: Node<'_>) -> ExprKind {
        ExprKind::Str(self.string_value(n))
    }

    pub(super) fn template(&mut self, n: Node<'_>) -> ExprKind {
        let parts = self.template_parts(n);
        interp_or_str(parts)
    }

    /// The literal text and substitutions of a template literal.
    pub(super) fn template_parts(&mut self, n: Node<'_>) -> Vec<Part> {
        let mut parts = Vec::new();
        let count = n.child_count();
        let open = n.child(0).filter(|c| c.kind() == "`");
        let close = count
            .checked_sub(1)
            .filter(|last| *last > 0)
            .and_then(|last| n.child(last))
            .filter(|c| c.kind() == "`");
        let mut pos = open.map_or(n.start_byte(), |o| o.end_byte());
        let end = close.map_or(n.end_byte(), |c| c.start_byte());
        for c in named(n) {
            if c.kind() != "template_substitution" {
                continue;
            }
            let lit = self.src.get(pos..c.start_byte()).unwrap_or("");
            push_lit(&mut parts, &unescape(lit, true));
            let inner = named(c);
            match inner.as_slice() {
                [] => {}
                [e] => parts.push(Part::Hole(self.lower_expr(*e))),
                many => {
                    let at = span(c);
                    let children = self.lower_all(many.to_vec());
                    parts.push(Part::Hole(other(children, at)));
                }
            }
            pos = c.end_byte();
        }
        let lit = self.src.get(pos..end).unwrap_or("");
        push_lit(&mut parts, &unescape(lit, true));
        parts
    }

    /// `` tag`a${x}b` ``: a call of the tag with the literal text and one argument per hole.
    pub(super) fn tagged_template(&mut self, func: Node<'_>, tpl: Node<'_>) -> ExprKind {
        let (callee, receiver) = self.callee(func);
        let mut text = String::new();
        let mut holes = Vec::new();
        for p in self.template_parts(tpl) {
            match p {
                Part::Lit(s) => text.push_str(&s),
                Part::Hole(h) => holes.push(Arg::positional(h)),
            }
        }
        let mut args = vec![Arg::positional(Expr::new(ExprKind::Str(text), span(tpl)))];
        args.append(&mut holes);
        ExprKind::Call {
            callee,
            receiver,
            args,
        }
    }

    /// `xs.join(sep)` (an array joined into a string) and `"lit".concat(a, b)`: string
    /// building, lowered to `Interp`.
    pub(super) fn string_method(
        &mut self,
        func: Node<'_>,
        args: Option<Node<'_>>,
    ) -> Option<ExprKind> {
        let f = unparen(func);
        if f.kind() != "member_expression" {
            return None;
        }
        let method = self.text(f.child_by_field_name("property")?);
        let obj = f.child_by_field_name("object")?;
        let arg_nodes = args.map(named).unwrap_or_default();
        match method {
            "join" => {
                // Not `path.join(...)`, `posix.join(...)` or an imported helper.
                if let Some(parts) = self.chain(obj) {
                    let root = parts.first().copied().unwrap_or("");
                    let last = parts.last().copied().unwrap_or("");
                    if self.file.scope.is_import_local(root)
                        || matches!(last, "path" | "posix" | "win32")
                    {
                        return None;
                    }
                }
                match arg_nodes.as_slice() {
                    [] => {}
                    [sep] if is_plain_string(*sep) => {}
                    _ => return None,
                }
                let array = self.lower_expr(obj);
                Some(ExprKind::Interp(vec![Part::Hole(array)]))
            }
            "concat" if matches!(unparen(obj).kind(), "string" | "template_string") => {
                let head = self.lower_expr(obj);
                let mut parts = Vec::new();
                splice(&mut parts, head);
                for a in arg_nodes {
                    parts.push(Part::Hole(self.lower_expr(a)));
                }
                Some(ExprKind::Interp(parts))
            }
            _ => None,
        }
    }
}

/// The text of a `/** ... */` comment: markers and each line's leading `*` removed, blank
/// lines at the start and end dropped.
pub(super) fn jsdoc_text(raw: &str) -> String {
    let inner = raw.strip_prefix("/**").unwrap_or(raw);
    strip_stars(inner.strip_suffix("*/").unwrap_or(inner))
}

/// The text of a `/* ... */` comment, cleaned as [`jsdoc_text`] does and trimmed.
pub(super) fn block_comment_text(raw: &str) -> String {
    let inner = raw.strip_prefix("/*").unwrap_or(raw);
    let inner = inner.strip_suffix("*/").unwrap_or(inner);
    strip_stars(inner.trim_start_matches('*'))
        .trim()
        .to_string()
}

/// Each line without its leading blanks, `*` and one space, nor trailing blanks; blank lines
/// at the start and end dropped.
pub(super) fn strip_stars(inner: &str) -> String {
    let mut lines: Vec<&str> = inner
        .lines()
        .map(|line| {
            let line = line.trim_start();
            let line = line.strip_prefix('*').unwrap_or(line);
            let line = line.strip_prefix(' ').unwrap_or(line);
            line.trim_end()
        })
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let leading = lines.iter().take_while(|l| l.is_empty()).count();
    lines.drain(..leading);
    lines.join("\n")
}

/// JavaScript string-literal unescaping. Template literals also normalise line ends to `\n`.
pub(super) fn unescape(s: &str, template: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let Some(e) = chars.next() else {
                out.push('\\');
                break;
            };
            match e {
                // Line continuations.
                '\n' | '\u{2028}' | '\u{2029}' => {}
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                }
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\x08'),
                'f' => out.push('\x0c'),
                'v' => out.push('\x0b'),
                'x' => hex_escape(&mut out, &mut chars),
                'u' => unicode_escape(&mut out, &mut chars),
                '0'..='7' => {
                    // `\0`, and legacy octal escapes in sloppy-mode strings.
                    let mut value = e.to_digit(8).unwrap_or(0);
                    let max_digits = if e <= '3' { 2 } else { 1 };
                    for _ in 0..max_digits {
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
                // `\\`, `\'`, `\"`, `` \` ``, `\$` and unknown escapes: the character itself.
                other => out.push(other),
            }
        } else if c == '\r' && template {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Up to `max` hex digits.
pub(super) fn hex_digits(chars: &mut Chars<'_>, max: usize) -> String {
    let mut digits = String::new();
    while digits.len() < max {
        match chars.peek() {
            Some(d) if d.is_ascii_hexdigit() => {
                digits.push(*d);
                chars.next();
            }
            _ => break,
        }
    }
    digits
}

/// `\xNN`; kept as written when malformed.
pub(super) fn hex_escape(out: &mut String, chars: &mut Chars<'_>) {
    let digits = hex_digits(chars, 2);
    let decoded = (digits.len() == 2)
        .then(|| u32::from_str_radix(&digits, 16).ok())
        .flatten()
        .and_then(char::from_u32);
    match decoded {
        Some(ch) => out.push(ch),
        None => {
            out.push_str("\\x");
            out.push_str(&digits);
        }
    }
}

/// `\uNNNN` (surrogate pairs joined), `\u{N...}`; kept as written when malformed.
pub(super) fn unicode_escape(out: &mut String, chars: &mut Chars<'_>) {
    if chars.peek() == Some(&'{') {
        chars.next();
        let digits = hex_digits(chars, 6);
        let closed = chars.peek() == Some(&'}');
        let decoded = u32::from_str_radix(&digits, 16)
            .ok()
            .filter(|_| closed)
            .and_then(char::from_u32);
        match decoded {
            Some(ch) => {
                chars.next();
                out.push(ch);
            }
            None => {
                out.push_str("\\u{");
                out.push_str(&digits);
            }
        }
        return;
    }
    let digits = hex_digits(chars, 4);
    let Some(unit) = (digits.len() == 4)
        .then(|| u32::from_str_radix(&digits, 16).ok())
        .flatten()
    else {
        out.push_str("\\u");
        out.push_str(&digits);
        return;
    };
    if (0xD800..0xDC00).contains(&unit) {
        // A high surrogate: joined with a following `\uDC00`-`\uDFFF`.
        let mut ahead = chars.clone();
        if ahead.next() == Some('\\') && ahead.next() == Some('u') {
            let low = hex_digits(&mut ahead, 4);
            if let Ok(low) = u32::from_str_radix(&low, 16)
                && (0xDC00..0xE000).contains(&low)
            {
                let joined = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                if let Some(ch) = char::from_u32(joined) {
                    *chars = ahead;
                    out.push(ch);
                    return;
                }
            }
        }
    }
    out.push(char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_javascript_literals() {
        assert_eq!(
            unescape(r#"a\tb\n\\\'\"\`\$\x41\u00e9\u{1F600}\0"#, false),
            "a\tb\n\\'\"`$Aé\u{1F600}\0"
        );
        assert_eq!(unescape(r"\uD83D\uDE00", false), "\u{1F600}");
        assert_eq!(unescape(r"\uD83Dx", false), "\u{FFFD}x");
        assert_eq!(unescape(r"\q\d", false), "qd");
        assert_eq!(unescape("a\\\nb", false), "ab");
        assert_eq!(unescape("a\\\r\nb", false), "ab");
        assert_eq!(unescape("a\r\nb", true), "a\nb");
        assert_eq!(unescape("a\r\nb", false), "a\r\nb");
        assert_eq!(unescape(r"\x4", false), r"\x4");
        assert_eq!(unescape(r"\u12", false), r"\u12");
        assert_eq!(unescape(r"\u{110000}", false), r"\u{110000}");
        assert_eq!(unescape(r"\u{41", false), r"\u{41");
        assert_eq!(unescape(r"\101\7", false), "A\x07");
        assert_eq!(unescape("\\", false), "\\");
    }

    #[test]
    fn jsdoc_markers_are_removed() {
        assert_eq!(jsdoc_text("/** One line. */"), "One line.");
        assert_eq!(
            jsdoc_text("/**\n   * Title.\n   *\n   * @param x  the x\n   *   indented\n   */"),
            "Title.\n\n@param x  the x\n  indented"
        );
        assert_eq!(jsdoc_text("/***/"), "");
        assert_eq!(block_comment_text("/* expect: x */"), "expect: x");
        assert_eq!(block_comment_text("/**\n * a\n *   b\n */"), "a\n  b");
        assert_eq!(block_comment_text("/*****/"), "");
    }
}
