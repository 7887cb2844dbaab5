use mcplint_ir::{Expr, ExprKind, Part};

use super::env::{Env, Taint, clear_kinds, map_flags, union_into};
use super::summary::Flags;
use super::walk::Analyzer;

/// How much of a built string's text before a hole `prefix` sanitizer rows look at: what
/// decides where a value lands (scheme, host, path, query) is near the start, and a cap keeps
/// strings built from thousands of parts (`a + b + ...`) linear.
pub(super) const PREFIX_LIMIT: usize = 4096;

/// Appends `text` to the `prefix` judged by sanitizer rows, up to [`PREFIX_LIMIT`] bytes.
pub(super) fn push_prefix(prefix: &mut String, text: &str) {
    let room = PREFIX_LIMIT.saturating_sub(prefix.len());
    if room >= text.len() {
        prefix.push_str(text);
    } else {
        let mut end = room;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        prefix.push_str(&text[..end]);
    }
}

/// A `%` conversion or a `{}` field of a Python format string (or an escaped `%%`/`{{`).
static FORMAT_FIELD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"%%|\{\{|%(\([^)]*\))?[-#0 +]*(\*|\d+)?(\.(\*|\d+))?[a-zA-Z]|\{[^{}]*\}")
        .expect("the format-field pattern compiles")
});

/// Python `"%s/x/%s" % (a, b)` and `"{}/x/{}".format(a, b)` lower to the format string followed
/// by the values: the format's text between its placeholders, and whether the placeholders are
/// positional and as many as the values (otherwise only the text before the first one is known
/// to precede every value). `None` when the parts are not a format string and its values.
pub(super) fn python_format_segments(parts: &[Part]) -> Option<(Vec<String>, bool)> {
    let (Some(Part::Lit(format)), rest) = (parts.first(), parts.get(1..)?) else {
        return None;
    };
    if rest.is_empty() || !rest.iter().all(|p| matches!(p, Part::Hole(_))) {
        return None;
    }
    let re = &*FORMAT_FIELD;
    let mut segments = Vec::new();
    let mut positional = true;
    let mut last = 0;
    for m in re.find_iter(format) {
        let text = m.as_str();
        if text == "%%" || text == "{{" {
            continue;
        }
        positional &= !text.starts_with("%(")
            && (text.starts_with('%') || text == "{}" || text.starts_with("{:"));
        segments.push(format[last..m.start()].to_owned());
        last = m.end();
    }
    if segments.is_empty() {
        return None;
    }
    let in_order = positional && segments.len() == rest.len();
    Some((segments, in_order))
}

impl Analyzer<'_, '_> {
    /// The taint of a built string's holes. A value placed after text that a `prefix`
    /// sanitizer row matches (`https://api.x.com/` for `ssrf`) is clean for that row's kinds.
    pub(super) fn eval_holes(&mut self, parts: &[Part], env: &mut Env) -> Taint {
        let mut t = Taint::new();
        let has_prefix_rows = !self.cx.prefix_rows.is_empty();
        let format = if (has_prefix_rows || self.cx.argv.bits != 0)
            && self.cx.file.lang == mcplint_ir::Lang::Python
        {
            python_format_segments(parts)
        } else {
            None
        };
        let mut prefix = String::new();
        let mut hole = 0usize;
        // Computed once: asking per hole made `a + b + ...` quadratic.
        let mut list_concat: Option<bool> = None;
        for p in parts {
            let h = match p {
                Part::Lit(l) => {
                    if format.is_none() {
                        push_prefix(&mut prefix, l);
                    }
                    continue;
                }
                Part::Hole(h) => h,
            };
            let in_order = match &format {
                Some((segments, true)) => {
                    push_prefix(&mut prefix, segments.get(hole).map_or("", String::as_str));
                    true
                }
                Some((segments, false)) => {
                    if hole == 0 {
                        push_prefix(&mut prefix, segments.first().map_or("", String::as_str));
                    }
                    false
                }
                None => true,
            };
            hole += 1;
            let mut ht = self.eval(h, env);
            // Only a value at the very start of a built string can make it an option; lists
            // joined with `+` (`cmd + [x]`) are not strings.
            if self.cx.argv.bits != 0
                && (hole > 1 || !prefix.is_empty())
                && !*list_concat.get_or_insert_with(|| self.is_list_concat(parts))
            {
                ht = clear_kinds(ht, self.cx.argv.bits);
            }
            if !has_prefix_rows {
                union_into(&mut t, &ht);
                continue;
            }
            let cleared = self
                .cx
                .prefix_rows
                .iter()
                .filter(|(_, re)| re.is_match(&prefix))
                .fold(0, |acc, (bits, _)| acc | bits);
            if cleared != 0 {
                ht = map_flags(ht, |f| Flags {
                    cleared: f.cleared | cleared,
                    ..f
                });
            }
            union_into(&mut t, &ht);
            if in_order {
                // What an earlier hole holds is judged at that hole: each origin is clean only
                // where every hole it reaches is.
                push_prefix(&mut prefix, "{}");
            }
        }
        t
    }

    /// Text-class bits of the string literals an expression is built from (through conversions
    /// such as `.to_string()`), or that a variable accumulated (`s.push_str("SELECT ")`).
    pub(super) fn literal_text_bits(&self, e: &Expr) -> u8 {
        match &e.kind {
            ExprKind::Str(s) => self.text_bits(s),
            ExprKind::Name(n) => self.fs.locals.var_text.get(n).copied().unwrap_or(0),
            ExprKind::Call { receiver, args, .. } => {
                receiver.as_deref().map_or(0, |r| self.literal_text_bits(r))
                    | args
                        .iter()
                        .fold(0, |acc, a| acc | self.literal_text_bits(&a.value))
            }
            ExprKind::Interp(parts) => parts.iter().fold(0, |acc, p| {
                acc | match p {
                    Part::Lit(l) => self.text_bits(l),
                    Part::Hole(h) => self.literal_text_bits(h),
                }
            }),
            ExprKind::Other(children) => children
                .iter()
                .fold(0, |acc, c| acc | self.literal_text_bits(c)),
            _ => 0,
        }
    }

    /// The bit of a text class, by its position in the catalog (at most 8 classes).
    pub(super) fn text_bit(&self, name: &str) -> u8 {
        self.cx
            .cat
            .text
            .iter()
            .position(|(n, _)| n == name)
            .filter(|&i| i < 8)
            .map_or(0, |i| 1 << i)
    }

    /// The text classes `lit` matches.
    pub(super) fn text_bits(&self, lit: &str) -> u8 {
        self.cx
            .cat
            .text
            .iter()
            .enumerate()
            .filter(|(i, (_, re))| *i < 8 && re.is_match(lit))
            .fold(0, |acc, (i, _)| acc | (1 << i))
    }
}

#[cfg(test)]
mod tests {
    use crate::taint::test_support::{sink_facts, summarize_python};

    const SOURCE: &str = r#"
import requests

def concat(cursor, x):
    cursor.execute("SELECT * FROM users WHERE name = '" + x + "'")

def interp(cursor, x):
    cursor.execute(f"SELECT * FROM users WHERE name = '{x}'")

def passed_through(cursor, x):
    cursor.execute(x)

def fixed_host(x):
    return requests.get(f"https://api.example.com/items/{x}")

def chosen_host(x):
    return requests.get(f"{x}/items")
"#;

    /// The flags of what parameter 1 (`x`) carries into the SQL sink of `name`; `None` when no
    /// fact says it gets there.
    fn sql_flags(name: &str) -> Option<crate::taint::Flags> {
        let s = summarize_python("t.py", SOURCE);
        sink_facts(&s, name, 1, "sql").first().map(|f| f.flags)
    }

    #[test]
    fn concatenation_with_a_literal_builds_a_string_of_its_text_class() {
        let flags = sql_flags("concat").expect("x reaches execute");
        assert!(flags.built);
        assert_ne!(flags.text, 0, "the literal reads as SQL");
    }

    #[test]
    fn an_interpolated_string_is_built_too() {
        let flags = sql_flags("interp").expect("x reaches execute");
        assert!(flags.built);
        assert_ne!(flags.text, 0);
    }

    #[test]
    fn a_value_passed_as_is_is_not_built() {
        let flags = sql_flags("passed_through").expect("x reaches execute");
        assert!(!flags.built);
        assert_eq!(flags.text, 0);
    }

    #[test]
    fn a_hole_after_a_fixed_scheme_and_host_cannot_choose_the_host() {
        let s = summarize_python("t.py", SOURCE);
        assert!(sink_facts(&s, "fixed_host", 0, "ssrf").is_empty());
        assert_eq!(sink_facts(&s, "chosen_host", 0, "ssrf").len(), 1);
    }
}
