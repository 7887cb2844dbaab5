//! Callee patterns (`exact.path`, `*.suffix`) and how rows are matched with calls: the values a
//! row lists ([`OneOrMany`]), the matchers and the index that narrows the rows worth trying.

use foldhash::HashMap;
use serde::Deserialize;

/// One value or a list of them.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single string.
    One(String),
    /// A list of strings.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The values as a slice-like vector.
    pub fn values(&self) -> Vec<&str> {
        self.iter().collect()
    }

    /// The values, without allocating (matching runs for every call of every file).
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        match self {
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v.as_slice(),
        }
        .iter()
        .map(String::as_str)
    }
}

impl Default for OneOrMany {
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

/// The positions of rows whose patterns may match a callee, keyed by the callee's last name.
///
/// A callee's last name is its trailing run of identifier characters (`exec` in
/// `child_process.exec`, `new` in `Command::new`). A pattern `a.b.exec` or `*.exec` can only
/// match callees whose last name is `exec`; a wildcard without a separator before its last
/// name (`*`, `*exec`) can match any callee, so its row is a candidate for every call.
#[derive(Clone, Debug, Default)]
pub struct CallIndex {
    by_last_name: HashMap<String, Vec<usize>>,
    any: Vec<usize>,
}

/// The trailing run of identifier characters of `s`.
fn last_name(s: &str) -> &str {
    let start = s
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '$')
        .last()
        .map_or(s.len(), |(i, _)| i);
    &s[start..]
}

impl CallIndex {
    /// Indexes rows by their patterns, in row order.
    pub(crate) fn new<'a>(rows: impl Iterator<Item = &'a OneOrMany>) -> Self {
        let mut index = CallIndex::default();
        for (i, patterns) in rows.enumerate() {
            let mut keys: Vec<&str> = Vec::new();
            let mut any = false;
            for p in patterns.iter() {
                match p.strip_prefix('*') {
                    Some(suffix) if last_name(suffix).len() == suffix.len() => any = true,
                    Some(suffix) => keys.push(last_name(suffix)),
                    None => keys.push(last_name(p)),
                }
            }
            if any {
                index.any.push(i);
                continue;
            }
            keys.sort_unstable();
            keys.dedup();
            for k in keys {
                index.by_last_name.entry(k.to_owned()).or_default().push(i);
            }
        }
        index
    }

    /// The rows of `table` (the one indexed) that may match `callee`, in table order.
    pub(crate) fn rows<'a, T>(
        &'a self,
        table: &'a [T],
        callee: &str,
    ) -> impl Iterator<Item = &'a T> + 'a {
        self.candidates(callee).map(move |i| &table[i])
    }

    /// The positions, ascending, of the rows that may match `callee` (a superset of those
    /// that do: callers still apply the row's matcher).
    pub fn candidates(&self, callee: &str) -> Candidates<'_> {
        let named = self
            .by_last_name
            .get(last_name(callee))
            .map_or(&[][..], Vec::as_slice);
        Candidates {
            named,
            any: &self.any,
        }
    }
}

/// The rows [`CallIndex::candidates`] returns: two ascending lists merged.
pub struct Candidates<'a> {
    named: &'a [usize],
    any: &'a [usize],
}

impl Iterator for Candidates<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let take_named = match (self.named.first(), self.any.first()) {
            (Some(a), Some(b)) => a < b,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return None,
        };
        let list = if take_named {
            &mut self.named
        } else {
            &mut self.any
        };
        let (first, rest) = list.split_first()?;
        *list = rest;
        Some(*first)
    }
}

/// Whether a resolved callee matches a pattern (`exact.path` or `*.suffix`).
pub fn callee_matches(pattern: &str, callee: &str) -> bool {
    match pattern.strip_prefix('*') {
        Some(suffix) => callee.ends_with(suffix) && callee.len() > suffix.len(),
        None => pattern == callee,
    }
}

/// Like [`any_matches`], for rows that model library calls (sinks, sanitizers, propagators):
/// a wildcard never matches a call into the project's own modules (`./db.js.query`,
/// `.utils.execute`, `crate::db::query`), which the taint pass follows instead.
pub fn library_matches(patterns: &OneOrMany, callee: &str) -> bool {
    let project = callee.starts_with(['.', '/'])
        || ["crate::", "super::", "self::"]
            .iter()
            .any(|p| callee.starts_with(p));
    patterns.iter().any(|p| {
        if project {
            p == callee
        } else {
            callee_matches(p, callee)
        }
    })
}

/// Whether any pattern of `patterns` matches `callee`.
pub fn any_matches(patterns: &OneOrMany, callee: &str) -> bool {
    patterns.iter().any(|p| callee_matches(p, callee))
}

/// Asserts that every row of `rows` a callee matches is among `index`'s candidates for it, in
/// row order, for callees built from every pattern of `rows` and a wildcard of each form.
#[cfg(test)]
pub(crate) fn assert_index_keeps_matches(index: &CallIndex, rows: &[&OneOrMany]) {
    let mut callees: Vec<String> = vec!["myexec".into(), "[]".into(), String::new()];
    for p in rows.iter().flat_map(|r| r.iter()) {
        match p.strip_prefix('*') {
            Some(suffix) => {
                callees.push(format!("a{suffix}"));
                callees.push(format!("./lib.js{suffix}"));
            }
            None => callees.push(p.to_owned()),
        }
    }
    for callee in &callees {
        let matching: Vec<usize> = (0..rows.len())
            .filter(|&i| any_matches(rows[i], callee))
            .collect();
        let candidates: Vec<usize> = index.candidates(callee).collect();
        assert!(
            candidates.windows(2).all(|w| w[0] < w[1]),
            "{callee}: {candidates:?} not ascending"
        );
        for i in matching {
            assert!(candidates.contains(&i), "{callee}: row {i} dropped");
        }
    }
}
