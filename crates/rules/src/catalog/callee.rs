//! Callee patterns (`exact.path`, `*.suffix`) and how rows are matched with calls: the values a
//! row lists ([`OneOrMany`]), the matchers and the index that narrows the rows worth trying.

use foldhash::HashMap;
use serde::Deserialize;

use super::typed::CalleePattern;

/// One value or a list of them: `arg = "arg:0"` or `arg = ["arg:0", "kwarg:cmd"]`. Typed values
/// (`OneOrMany<SinkArg>`) are parsed from their strings when the catalog loads, so a malformed
/// one is a load error at its position.
#[derive(Clone, Debug)]
pub enum OneOrMany<T = String> {
    /// A single value.
    One(T),
    /// A list of values.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The values, without allocating (matching runs for every call of every file).
    pub fn items(&self) -> std::slice::Iter<'_, T> {
        match self {
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v.as_slice(),
        }
        .iter()
    }
}

impl OneOrMany {
    /// The values as a slice-like vector.
    pub fn values(&self) -> Vec<&str> {
        self.iter().collect()
    }

    /// The values, without allocating (matching runs for every call of every file).
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.items().map(String::as_str)
    }
}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

impl<'de, T> Deserialize<'de> for OneOrMany<T>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// Accepts a string or a list of strings, each parsed through `FromStr`.
        struct Visit<T>(std::marker::PhantomData<T>);
        impl<'de, T> serde::de::Visitor<'de> for Visit<T>
        where
            T: std::str::FromStr,
            T::Err: std::fmt::Display,
        {
            type Value = OneOrMany<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string or a list of strings")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                v.parse().map(OneOrMany::One).map_err(E::custom)
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(text) = seq.next_element::<String>()? {
                    out.push(text.parse().map_err(serde::de::Error::custom)?);
                }
                Ok(OneOrMany::Many(out))
            }
        }
        d.deserialize_any(Visit(std::marker::PhantomData))
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
    pub(crate) fn new<'a>(rows: impl Iterator<Item = &'a OneOrMany<CalleePattern>>) -> Self {
        let mut index = CallIndex::default();
        for (i, patterns) in rows.enumerate() {
            let mut keys: Vec<&str> = Vec::new();
            let mut any = false;
            for p in patterns.items() {
                match p {
                    CalleePattern::Suffix(suffix) if last_name(suffix).len() == suffix.len() => {
                        any = true;
                    }
                    CalleePattern::Suffix(suffix) => keys.push(last_name(suffix)),
                    CalleePattern::Exact(path) => keys.push(last_name(path)),
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

/// Like [`any_matches`], for rows that model library calls (sinks, sanitizers, propagators):
/// a wildcard never matches a call into the project's own modules (`./db.js.query`,
/// `.utils.execute`, `crate::db::query`), which the taint pass follows instead.
pub fn library_matches(patterns: &OneOrMany<CalleePattern>, callee: &str) -> bool {
    let project = callee.starts_with(['.', '/'])
        || ["crate::", "super::", "self::"]
            .iter()
            .any(|p| callee.starts_with(p));
    patterns.items().any(|p| match p {
        CalleePattern::Exact(path) => **path == *callee,
        CalleePattern::Suffix(_) => !project && p.matches(callee),
    })
}

/// Whether any pattern of `patterns` matches `callee`.
pub fn any_matches(patterns: &OneOrMany<CalleePattern>, callee: &str) -> bool {
    patterns.items().any(|p| p.matches(callee))
}

/// Asserts that every row of `rows` a callee matches is among `index`'s candidates for it, in
/// row order, for callees built from every pattern of `rows` and a wildcard of each form.
#[cfg(test)]
pub(crate) fn assert_index_keeps_matches(index: &CallIndex, rows: &[&OneOrMany<CalleePattern>]) {
    let mut callees: Vec<String> = vec!["myexec".into(), "[]".into(), String::new()];
    for p in rows.iter().flat_map(|r| r.items()) {
        match p {
            CalleePattern::Suffix(suffix) => {
                callees.push(format!("a{suffix}"));
                callees.push(format!("./lib.js{suffix}"));
            }
            CalleePattern::Exact(path) => callees.push(path.to_string()),
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
