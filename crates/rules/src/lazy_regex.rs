//! Regexes checked when the catalog loads but compiled on first use.
//!
//! The catalog holds a few hundred regexes (tool-poisoning phrases, secret patterns) and most
//! runs need only some of them: a pre-commit run over three files, or descriptions that fail the
//! first signal of every report. Compiling all of them up front was most of mcplint's start-up
//! time and a fifth of its memory on small projects. Parsing a pattern (enough to report a bad
//! one with its position when the catalog loads) is far cheaper than compiling it.

use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use regex::{Regex, RegexBuilder};

/// Upper bound on a compiled pattern's size.
const SIZE_LIMIT: usize = 1 << 24;

/// A regex whose syntax was checked when it was created and that compiles when first used.
#[derive(Clone, Debug)]
pub struct LazyRegex {
    pattern: String,
    case_insensitive: bool,
    /// Shared by clones: every language's catalog holds a copy, and each is compiled once.
    compiled: Arc<OnceLock<Regex>>,
}

impl LazyRegex {
    /// Checks the syntax of `pattern`; the error names what is wrong and where.
    pub fn new(pattern: &str, case_insensitive: bool) -> Result<Self, String> {
        check_syntax(pattern, case_insensitive)?;
        Ok(Self {
            pattern: pattern.to_owned(),
            case_insensitive,
            compiled: Arc::new(OnceLock::new()),
        })
    }

    /// The pattern, as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Compiles now (tests use it to check that every built-in pattern fits the size limit).
    #[cfg(test)]
    pub(crate) fn try_compile(&self) -> Result<&Regex, String> {
        build(&self.pattern, self.case_insensitive).map(|re| self.compiled.get_or_init(|| re))
    }
}

/// Checks the syntax of a pattern that is compiled later (by [`LazyRegex`] or on first use
/// elsewhere); the error names what is wrong and where.
pub fn check_syntax(pattern: &str, case_insensitive: bool) -> Result<(), String> {
    let parse = |unicode: bool| {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(case_insensitive)
            .unicode(unicode)
            .build()
            .parse(pattern)
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    parse(false).or_else(|_| parse(true))
}

/// Compiles `pattern` with ASCII classes, word boundaries and case folding where it can (the
/// catalog's patterns are English phrases and key shapes: Unicode `\w`, `\b` and `(?i)` made
/// their automata many times larger and slower to build), and with Unicode where the pattern
/// needs it (`.` or a negated class may match any character).
fn build(pattern: &str, case_insensitive: bool) -> Result<Regex, String> {
    let build = |unicode: bool| {
        RegexBuilder::new(pattern)
            .case_insensitive(case_insensitive)
            .unicode(unicode)
            .size_limit(SIZE_LIMIT)
            .build()
    };
    build(false)
        .or_else(|_| build(true))
        .map_err(|e| e.to_string())
}

impl Deref for LazyRegex {
    type Target = Regex;

    /// The compiled regex. A pattern whose syntax is valid but that exceeds the size limit
    /// matches nothing (the built-in ones are all compiled by a test).
    fn deref(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            build(&self.pattern, self.case_insensitive)
                .unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("the empty class compiles"))
        })
    }
}

impl std::str::FromStr for LazyRegex {
    type Err = String;

    /// A case-sensitive pattern, its syntax checked.
    fn from_str(pattern: &str) -> Result<Self, String> {
        LazyRegex::new(pattern, false).map_err(|e| format!("`{pattern}`: {e}"))
    }
}
