//! What a hardcoded secret looks like, driven by `rules/secrets.toml` (the `[secrets]` table and
//! its `[[secrets.provider]]` rows): provider-shaped tokens, names and keys that mean a secret,
//! placeholders that are not secrets, and the redacted form in which findings show a secret.
//!
//! The `hardcoded-secret` rule walks the IR and asks three questions of each literal:
//! [`Secrets::providers`] (tokens with a distinctive shape, anywhere), [`Secrets::generic`] (a
//! random-looking value given to a secret-like name, see [`Secrets::is_secret_name`]) and
//! [`Secrets::inline`] (`--api-key=...`, `Authorization: Bearer ...`, `?token=...` inside a
//! string).

use foldhash::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use crate::lazy_regex::LazyRegex;
use serde::Deserialize;

use crate::catalog::CatalogError;

/// Values longer than this are not searched for placeholder words: a long random token spells
/// `test` or `fake` by chance.
const MAX_WORD_CHECK: usize = 128;
/// Names longer than this are not shown in messages.
const MAX_NAME_SHOWN: usize = 40;

// ---------------------------------------------------------------------------------------------
// Data: the `[secrets]` table of a catalog file

/// The `[secrets]` table of a catalog file, as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct SecretRows {
    /// Findings per file before the rest are summarised in one.
    #[serde(default)]
    pub(crate) max_per_file: Option<usize>,
    /// Minimum length of a value given to a secret-like name.
    #[serde(default)]
    pub(crate) min_length: Option<usize>,
    /// Minimum Shannon entropy (bits per character) of such a value.
    #[serde(default)]
    pub(crate) min_entropy: Option<f64>,
    /// Minimum entropy of a value a document marks as secret.
    #[serde(default)]
    pub(crate) marked_min_entropy: Option<f64>,
    /// Minimum entropy of a provider-shaped token.
    #[serde(default)]
    pub(crate) provider_min_entropy: Option<f64>,
    /// Words of names that mean a secret.
    #[serde(default)]
    pub(crate) secret_words: Vec<String>,
    /// Adjacent word pairs (`"api key"`) that mean a secret.
    #[serde(default)]
    pub(crate) secret_pairs: Vec<String>,
    /// Words that make a name not secret-like (`id`, `url`, `hash`).
    #[serde(default)]
    pub(crate) not_secret_words: Vec<String>,
    /// Case-insensitive regexes over values that are placeholders.
    #[serde(default)]
    pub(crate) placeholders: Vec<String>,
    /// Exact values that are published examples.
    #[serde(default)]
    pub(crate) allow: Vec<String>,
    /// `Authorization` schemes stripped before the value is judged.
    #[serde(default)]
    pub(crate) auth_schemes: Vec<String>,
    /// Calls whose value is their argument or receiver.
    #[serde(default)]
    pub(crate) pass_through: Vec<String>,
    /// Record keys that, set to `true`, mark the record's value entries as secret.
    #[serde(default)]
    pub(crate) marked_by: Vec<String>,
    /// The value entries of a marked or named record.
    #[serde(default)]
    pub(crate) marked_values: Vec<String>,
    /// Record keys whose string value names the record's value entries.
    #[serde(default)]
    pub(crate) named_by: Vec<String>,
    /// File names never read for secrets.
    #[serde(default)]
    pub(crate) skip_files: Vec<String>,
    /// Documentation dotenv file names: only provider patterns apply.
    #[serde(default)]
    pub(crate) doc_files: Vec<String>,
    /// Regexes over paths (forward slashes) of test files: only provider patterns apply.
    #[serde(default)]
    pub(crate) test_files: Vec<String>,
    /// Provider patterns.
    #[serde(default)]
    pub(crate) provider: Vec<ProviderRow>,
}

/// A token with a distinctive shape.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ProviderRow {
    /// What it is, in messages (`GitHub token`).
    pub(crate) name: String,
    /// A case-sensitive regex; the group `secret` (or the whole match) is the secret.
    pub(crate) pattern: String,
    /// Only in values given to a name matching this regex.
    #[serde(default)]
    pub(crate) names: Option<String>,
    /// Only tried on text containing one of these (case-sensitive); always when empty.
    #[serde(default)]
    pub(crate) keywords: Vec<String>,
    /// Minimum entropy of the secret (default: `provider-min-entropy`).
    #[serde(default)]
    pub(crate) min_entropy: Option<f64>,
    /// The match must not be glued to other token characters.
    #[serde(default = "yes")]
    pub(crate) boundary: bool,
    /// Case-insensitive regexes over the whole secret: defaults, not secrets.
    #[serde(default)]
    pub(crate) weak: Vec<String>,
    /// A secret equal to the `user` group is a default, not a secret.
    #[serde(default)]
    pub(crate) user_is_weak: bool,
}

fn yes() -> bool {
    true
}

// ---------------------------------------------------------------------------------------------
// Compiled data

#[derive(Clone, Debug)]
struct Provider {
    name: String,
    re: LazyRegex,
    names: Option<LazyRegex>,
    keywords: Vec<String>,
    min_entropy: Option<f64>,
    boundary: bool,
    weak: Option<LazyRegex>,
    user_is_weak: bool,
}

/// The compiled `[secrets]` data of a catalog: what `hardcoded-secret` looks for.
#[derive(Clone, Debug, Default)]
pub(crate) struct Secrets {
    max_per_file: Option<usize>,
    min_length: Option<usize>,
    min_entropy: Option<f64>,
    marked_min_entropy: Option<f64>,
    provider_min_entropy: Option<f64>,
    secret_words: HashSet<String>,
    secret_pairs: Vec<(String, String)>,
    not_secret_words: HashSet<String>,
    /// Structural placeholders, checked in every value.
    placeholders: Vec<String>,
    /// Placeholder words, checked in short values only.
    placeholder_words: Vec<String>,
    structural_re: Option<LazyRegex>,
    words_re: Option<LazyRegex>,
    /// `KEY=VALUE` / `KEY: [scheme ]VALUE` and `--key VALUE` forms inside strings.
    inline_re: Option<[LazyRegex; 2]>,
    allow: HashSet<String>,
    auth_schemes: Vec<String>,
    pass_through: Vec<String>,
    marked_by: Vec<String>,
    marked_values: Vec<String>,
    named_by: Vec<String>,
    skip_files: Vec<String>,
    doc_files: Vec<String>,
    test_files: Vec<String>,
    test_files_re: Option<LazyRegex>,
    providers: Vec<Provider>,
    /// Every secret word and second word of a pair, ASCII case-insensitively: a name or text
    /// that holds none of them cannot name or mention a secret.
    word_finder: Option<AhoCorasick>,
    /// Every provider keyword, to learn in one pass which providers a text may hold.
    keywords: Option<AhoCorasick>,
    /// The provider of each keyword of `keywords`.
    keyword_owner: Vec<usize>,
}

/// A provider-shaped token found in a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ProviderMatch {
    /// The secret's byte range in the value.
    pub(crate) range: Range<usize>,
    /// The whole match (`-----BEGIN ... KEY-----`, `https://hooks.slack.com/...`): where it is
    /// reported; only `range` is secret.
    pub(crate) whole: Range<usize>,
    /// What it is (`GitHub token`).
    pub(crate) name: String,
}

fn regex_error(file: &str, pattern: &str, message: &impl ToString) -> CatalogError {
    CatalogError::Regex {
        file: file.to_owned(),
        pattern: pattern.to_owned(),
        message: message.to_string(),
    }
}

fn compile(file: &str, pattern: &str, case_insensitive: bool) -> Result<LazyRegex, CatalogError> {
    LazyRegex::new(pattern, case_insensitive).map_err(|e| regex_error(file, pattern, &e))
}

/// Whether a placeholder pattern is a plain word (`dummy`, `change[-_ ]?me`).
fn is_word_pattern(p: &str) -> bool {
    let stripped = p
        .replace("[-_ ]?", "")
        .replace("[-_]?", "")
        .replace("[-_ ]", "");
    !stripped.is_empty() && stripped.chars().all(|c| c.is_ascii_alphanumeric())
}

fn lower<T: FromIterator<String>>(v: &[String]) -> T {
    v.iter().map(|w| w.to_ascii_lowercase()).collect()
}

fn alternation(file: &str, patterns: &[String]) -> Result<Option<LazyRegex>, CatalogError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let joined = patterns
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|");
    compile(file, &joined, true).map(Some)
}

impl Secrets {
    /// Compiles the rows of one catalog file.
    pub(crate) fn compile(file: &str, rows: &SecretRows) -> Result<Self, CatalogError> {
        let mut providers = Vec::with_capacity(rows.provider.len());
        for row in &rows.provider {
            providers.push(Provider {
                name: row.name.clone(),
                re: compile(file, &row.pattern, false)?,
                names: row
                    .names
                    .as_deref()
                    .map(|p| compile(file, p, true))
                    .transpose()?,
                keywords: row.keywords.clone(),
                min_entropy: row.min_entropy,
                boundary: row.boundary,
                weak: alternation(file, &row.weak)?
                    .map(|r| compile(file, &format!("^(?:{})$", r.as_str()), true))
                    .transpose()?,
                user_is_weak: row.user_is_weak,
            });
        }
        for p in &rows.placeholders {
            compile(file, p, true)?;
        }
        let (placeholder_words, placeholders): (Vec<String>, Vec<String>) = rows
            .placeholders
            .iter()
            .cloned()
            .partition(|p| is_word_pattern(p));
        let mut secret_pairs = Vec::new();
        for pair in &rows.secret_pairs {
            let mut words = pair.split_whitespace();
            if let (Some(a), Some(b), None) = (words.next(), words.next(), words.next()) {
                secret_pairs.push((a.to_ascii_lowercase(), b.to_ascii_lowercase()));
            } else {
                return Err(regex_error(file, pair, &"a secret pair is two words"));
            }
        }
        let mut this = Self {
            max_per_file: rows.max_per_file,
            min_length: rows.min_length,
            min_entropy: rows.min_entropy,
            marked_min_entropy: rows.marked_min_entropy,
            provider_min_entropy: rows.provider_min_entropy,
            secret_words: lower(&rows.secret_words),
            secret_pairs,
            not_secret_words: lower(&rows.not_secret_words),
            placeholders,
            placeholder_words,
            structural_re: None,
            words_re: None,
            inline_re: None,
            allow: rows.allow.iter().cloned().collect(),
            auth_schemes: rows.auth_schemes.clone(),
            pass_through: rows.pass_through.clone(),
            marked_by: lower(&rows.marked_by),
            marked_values: lower(&rows.marked_values),
            named_by: lower(&rows.named_by),
            skip_files: rows.skip_files.clone(),
            doc_files: rows.doc_files.clone(),
            test_files: rows.test_files.clone(),
            test_files_re: None,
            providers,
            word_finder: None,
            keywords: None,
            keyword_owner: Vec::new(),
        };
        this.finish(file)?;
        Ok(this)
    }

    /// Builds the combined regexes after the rows changed.
    fn finish(&mut self, file: &str) -> Result<(), CatalogError> {
        let (owners, words): (Vec<usize>, Vec<&str>) = self
            .providers
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.keywords.iter().map(move |k| (i, k.as_str())))
            .unzip();
        self.keywords = AhoCorasick::new(&words).ok();
        self.keyword_owner = owners;
        let secret_words = self
            .secret_words
            .iter()
            .chain(self.secret_pairs.iter().map(|(_, b)| b));
        self.word_finder = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(secret_words)
            .ok();
        self.structural_re = alternation(file, &self.placeholders)?;
        self.test_files_re = alternation(file, &self.test_files)?;
        self.words_re = alternation(file, &self.placeholder_words)?;
        let schemes = self
            .auth_schemes
            .iter()
            .map(|s| regex::escape(s))
            .collect::<Vec<_>>()
            .join("|");
        let scheme = if schemes.is_empty() {
            String::new()
        } else {
            format!("(?:(?:{schemes})[ \\t]+)?")
        };
        let value = r#"[^\s'"&;,)}\]<>]+"#;
        self.inline_re = Some([
            compile(
                file,
                &format!(
                    r#"(?:^|[\s'"&?;,{{(\[])-{{0,2}}([A-Za-z][A-Za-z0-9_.-]{{1,60}})["']?\s*[=:]\s*["']?({scheme}{value})"#
                ),
                false,
            )?,
            compile(
                file,
                &format!(
                    r#"(?:^|\s)--?([A-Za-z][A-Za-z0-9_-]{{1,60}})[ \t]+["']?({scheme}[^\s'"&;,)}}\]<>-][^\s'"&;,)}}\]<>]*)"#
                ),
                false,
            )?,
        ]);
        Ok(())
    }

    /// Adds another file's rows (union; a later file's scalar settings replace earlier ones).
    pub(crate) fn extend(&mut self, other: &Secrets) {
        if self.is_empty() && self.max_per_file.is_none() && self.min_length.is_none() {
            self.clone_from(other);
            return;
        }
        macro_rules! over {
            ($($f:ident),*) => {$(if other.$f.is_some() { self.$f = other.$f; })*};
        }
        over!(
            max_per_file,
            min_length,
            min_entropy,
            marked_min_entropy,
            provider_min_entropy
        );
        self.secret_words.extend(other.secret_words.iter().cloned());
        self.secret_pairs.extend(other.secret_pairs.iter().cloned());
        self.not_secret_words
            .extend(other.not_secret_words.iter().cloned());
        self.placeholders.extend(other.placeholders.iter().cloned());
        self.placeholder_words
            .extend(other.placeholder_words.iter().cloned());
        self.allow.extend(other.allow.iter().cloned());
        self.auth_schemes.extend(other.auth_schemes.iter().cloned());
        self.pass_through.extend(other.pass_through.iter().cloned());
        self.marked_by.extend(other.marked_by.iter().cloned());
        self.marked_values
            .extend(other.marked_values.iter().cloned());
        self.named_by.extend(other.named_by.iter().cloned());
        self.skip_files.extend(other.skip_files.iter().cloned());
        self.doc_files.extend(other.doc_files.iter().cloned());
        self.test_files.extend(other.test_files.iter().cloned());
        self.providers.extend(other.providers.iter().cloned());
        // Every part compiled on its own, so the union compiles too.
        let _ = self.finish("secrets");
    }

    /// Whether there is nothing to look for.
    pub(crate) fn is_empty(&self) -> bool {
        self.providers.is_empty() && self.secret_words.is_empty()
    }

    /// Findings per file before the rest are summarised.
    pub(crate) fn max_per_file(&self) -> usize {
        self.max_per_file.unwrap_or(20)
    }

    /// Calls whose value is their argument or receiver.
    pub(crate) fn pass_through(&self) -> &[String] {
        &self.pass_through
    }

    /// Whether `key` (set to `true`) marks a record's value entries as secret.
    pub(crate) fn is_marker(&self, key: &str) -> bool {
        self.marked_by.iter().any(|k| k.eq_ignore_ascii_case(key))
    }

    /// Whether `key` is a value entry of a marked or named record (`default`, `value`).
    pub(crate) fn is_value_key(&self, key: &str) -> bool {
        self.marked_values
            .iter()
            .any(|k| k.eq_ignore_ascii_case(key))
    }

    /// Whether `key`'s string value names the record's value entries (`name`).
    pub(crate) fn is_naming_key(&self, key: &str) -> bool {
        self.named_by.iter().any(|k| k.eq_ignore_ascii_case(key))
    }

    /// Whether a file (by its path) is never read for secrets.
    pub(crate) fn skips_file(&self, path: &str) -> bool {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        self.skip_files.iter().any(|f| f == name)
    }

    /// Whether a file (by its path) is documentation where only provider patterns apply.
    pub(crate) fn is_doc_file(&self, path: &str) -> bool {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        self.doc_files.iter().any(|f| f == name)
    }

    /// Whether a file (by its path) is a test, where only provider patterns apply.
    pub(crate) fn is_test_file(&self, path: &str) -> bool {
        let path = path.replace('\\', "/");
        self.test_files_re
            .as_ref()
            .is_some_and(|r| r.is_match(&path))
    }

    // -----------------------------------------------------------------------------------------
    // Names

    /// Whether a call's name says it takes a secret (`bearer_auth`, `set_api_key`,
    /// `withToken`): after a verb such as `set` or `with`, only secret words remain.
    pub(crate) fn is_secret_setter(&self, callee: &str) -> bool {
        const VERBS: &[&str] = &["set", "with", "use", "add", "put", "bearer", "basic", "x"];
        if !self.may_name_secret(callee) {
            return false;
        }
        let words = name_words(last_segment(callee));
        let rest: Vec<&String> = words
            .iter()
            .skip_while(|w| VERBS.contains(&w.as_str()))
            .collect();
        !rest.is_empty()
            && rest.iter().all(|w| {
                self.secret_words.contains(*w)
                    || self.secret_pairs.iter().any(|(a, b)| a == *w || b == *w)
            })
            && self.is_secret_name(callee)
    }

    /// Whether a name, key, flag or header means a secret (`api_key`, `clientSecret`,
    /// `X-API-Key`, `GITHUB_PERSONAL_ACCESS_TOKEN`), judged on its last dotted or `::` segment.
    pub(crate) fn is_secret_name(&self, name: &str) -> bool {
        if !self.may_name_secret(name) {
            return false;
        }
        let words: Vec<String> = name_words(last_segment(name))
            .into_iter()
            .map(|w| {
                let t = w.trim_end_matches(|c: char| c.is_ascii_digit());
                if t.is_empty() { w } else { t.to_owned() }
            })
            .collect();
        if words.is_empty() || words.iter().any(|w| self.not_secret_words.contains(w)) {
            return false;
        }
        // Plurals count as their singular (`apiKeys`, `tokens`).
        let singular = |w: &str| -> String {
            match w.strip_suffix('s') {
                Some(s) if s.len() >= 3 => s.to_owned(),
                _ => w.to_owned(),
            }
        };
        let is = |w: &String, target: &str| w == target || singular(w) == target;
        words
            .iter()
            .any(|w| self.secret_words.contains(w) || self.secret_words.contains(&singular(w)))
            || words.windows(2).any(|pair| {
                self.secret_pairs
                    .iter()
                    .any(|(a, b)| pair[0] == *a && is(&pair[1], b))
            })
    }

    /// False when an ASCII `name` cannot hold a secret word (the words of a name are its
    /// lowercased parts, so each is a substring of the name, ignoring ASCII case). Names with
    /// other characters take the long way: Unicode lowercasing can make a secret word of them.
    fn may_name_secret(&self, name: &str) -> bool {
        match &self.word_finder {
            Some(finder) if name.is_ascii() => finder.is_match(name),
            _ => true,
        }
    }

    /// Whether `text` spells a secret word or the second word of a pair anywhere (a cheap test
    /// before the `key=value` forms are looked for).
    fn mentions_secret_word(&self, text: &str) -> bool {
        if let Some(finder) = &self.word_finder {
            return finder.is_match(text);
        }
        let lower = text.to_ascii_lowercase();
        self.secret_words.iter().any(|w| lower.contains(w.as_str()))
            || self
                .secret_pairs
                .iter()
                .any(|(_, b)| lower.contains(b.as_str()))
    }

    /// Whether a name matches a provider row's `names` regex.
    fn name_matches(re: &Regex, name: Option<&str>) -> bool {
        name.is_some_and(|n| re.is_match(&name_words(last_segment(n)).join("_")))
    }

    // -----------------------------------------------------------------------------------------
    // Values

    /// Whether a value is a placeholder, template, environment read or published example.
    pub(crate) fn is_placeholder(&self, value: &str) -> bool {
        if value.trim().is_empty() || self.allow.contains(value) {
            return true;
        }
        if self
            .structural_re
            .as_ref()
            .is_some_and(|r| r.is_match(value))
        {
            return true;
        }
        if value.len() <= MAX_WORD_CHECK
            && self.words_re.as_ref().is_some_and(|r| r.is_match(value))
        {
            return true;
        }
        has_run(value, 5) || has_sequence(value, 5)
    }

    /// Provider-shaped tokens in `text`, whose literal is given to `name` (if any).
    pub(crate) fn providers(&self, text: &str, name: Option<&str>) -> Vec<ProviderMatch> {
        let mut out: Vec<ProviderMatch> = Vec::new();
        let mut present = vec![false; self.providers.len()];
        match &self.keywords {
            Some(keywords) => {
                for m in keywords.find_overlapping_iter(text) {
                    present[self.keyword_owner[m.pattern().as_usize()]] = true;
                }
            }
            None => present.fill(true),
        }
        for (p, present) in self.providers.iter().zip(present) {
            if !p.keywords.is_empty() && !present {
                continue;
            }
            if let Some(re) = &p.names
                && !Self::name_matches(re, name)
            {
                continue;
            }
            for caps in p.re.captures_iter(text) {
                let whole = caps.get(0).expect("group 0");
                let secret = caps.name("secret").unwrap_or(whole);
                if p.boundary && !at_boundary(text, whole.range()) {
                    continue;
                }
                let s = secret.as_str();
                let min = p.min_entropy.or(self.provider_min_entropy).unwrap_or(3.0);
                if self.allow.contains(whole.as_str())
                    || self.is_placeholder(s)
                    || entropy(&strip_layout(s)) < min
                    || p.weak.as_ref().is_some_and(|w| w.is_match(s))
                    || (p.user_is_weak
                        && caps
                            .name("user")
                            .is_some_and(|u| u.as_str().eq_ignore_ascii_case(s)))
                {
                    continue;
                }
                // A private key body starts and ends with a line break.
                let lead = s.len() - s.trim_start().len();
                let range = secret.start() + lead..secret.start() + s.trim_end().len();
                // Several rows can describe one token (`sk-` keys): the first row wins.
                if out
                    .iter()
                    .any(|m| m.range.start < range.end && range.start < m.range.end)
                {
                    continue;
                }
                out.push(ProviderMatch {
                    range,
                    whole: whole.range(),
                    name: p.name.clone(),
                });
            }
        }
        out.sort_by_key(|m| m.range.start);
        out
    }

    /// Whether a value given to a secret-like name is a secret: the byte range of the secret in
    /// `value` (after an `Authorization` scheme such as `Bearer `), or `None`. `marked` values
    /// (`"sensitive": true`) need less entropy.
    pub(crate) fn generic(&self, value: &str, marked: bool) -> Option<Range<usize>> {
        let start = value.len() - value.trim_start().len();
        let mut range = start..value.trim_end().len().max(start);
        let mut v = &value[range.clone()];
        for scheme in &self.auth_schemes {
            if let Some(rest) = v.strip_prefix(scheme.as_str())
                && rest.starts_with([' ', '\t'])
            {
                let skip = v.len() - rest.trim_start().len();
                range.start += skip;
                v = &value[range.clone()];
                break;
            }
        }
        let min_len = self.min_length.unwrap_or(8);
        let min_entropy = if marked {
            self.marked_min_entropy.unwrap_or(2.5)
        } else {
            self.min_entropy.unwrap_or(3.0)
        };
        let ok = v.chars().count() >= min_len
            && !v.chars().any(char::is_whitespace)
            && !self.is_placeholder(v)
            && !is_structured(v)
            && looks_random(v)
            && entropy(v) >= min_entropy;
        ok.then_some(range)
    }

    /// `KEY=VALUE`, `KEY: VALUE`, `--key VALUE` and `?key=value` forms inside a string whose
    /// key is secret-like, with a secret value: the keys and the byte ranges of the values.
    pub(crate) fn inline(&self, text: &str) -> Vec<(String, Range<usize>)> {
        let Some(forms) = &self.inline_re else {
            return Vec::new();
        };
        if !text.contains(['=', ':', '-']) || !self.mentions_secret_word(text) {
            return Vec::new();
        }
        let mut out: Vec<(String, Range<usize>)> = Vec::new();
        for re in forms {
            // Matches may overlap (`https://x?token=...` first reads `https` as a key), so the
            // search goes on right after a key that is not secret-like.
            let mut pos = 0;
            while pos <= text.len() {
                let Some(caps) = re.captures_at(text, pos) else {
                    break;
                };
                let (Some(key), Some(value)) = (caps.get(1), caps.get(2)) else {
                    break;
                };
                if !self.is_secret_name(key.as_str()) {
                    pos = key.end();
                    continue;
                }
                pos = value.end().max(key.end());
                let v = value.range();
                // Code in a docstring (`auth = BasicAuth(user="x")`) or a nested `key=`.
                if value
                    .as_str()
                    .trim_end_matches('=')
                    .contains(['=', '(', '{', '['])
                {
                    continue;
                }
                if let Some(r) = self.generic(&text[v.clone()], false) {
                    let r = v.start + r.start..v.start + r.end;
                    if !out.iter().any(|(_, o)| o.start < r.end && r.start < o.end) {
                        out.push((key.as_str().trim_start_matches('-').to_owned(), r));
                    }
                }
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// The last segment of a dotted or `::` path (`process.env.API_KEY` -> `API_KEY`).
pub(crate) fn last_segment(name: &str) -> &str {
    let name = name.trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace());
    let after_colons = name.rsplit("::").next().unwrap_or(name);
    // Dots inside a header or flag name are rare; a dotted path names its last attribute.
    after_colons
        .rsplit('.')
        .find(|s| !s.is_empty())
        .unwrap_or(after_colons)
}

/// A name split into lowercase words at separators and camelCase humps
/// (`XMLHttpAPIKey` -> xml, http, api, key).
pub(crate) fn name_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let chars: Vec<char> = name.chars().collect();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let hump = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if hump && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// A name for messages: itself when short and printable, else nothing.
pub(crate) fn shown_name(name: &str) -> Option<&str> {
    let name = last_segment(name);
    (name.len() <= MAX_NAME_SHOWN
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')))
    .then_some(name)
}

/// Shannon entropy of the characters of `s`, in bits per character.
pub(crate) fn entropy(s: &str) -> f64 {
    let mut counts: foldhash::HashMap<char, usize> = foldhash::HashMap::default();
    let mut n = 0usize;
    for c in s.chars() {
        *counts.entry(c).or_default() += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let n = n as f64;
    counts
        .values()
        .map(|&k| {
            #[allow(clippy::cast_precision_loss)]
            let p = k as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// `s` without whitespace and `\n`-style escapes (the layout of a PEM body).
fn strip_layout(s: &str) -> String {
    s.replace("\\n", "")
        .replace("\\r", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Whether the match is not glued to other token characters on either side.
fn at_boundary(text: &str, r: Range<usize>) -> bool {
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    before.is_none_or(|c| !is_token_char(c)) && after.is_none_or(|c| !is_token_char(c))
}

/// A run of `n` identical characters (`xxxxx`, `00000`).
fn has_run(s: &str, n: usize) -> bool {
    let mut run = 0;
    let mut last = None;
    for c in s.chars() {
        if Some(c) == last {
            run += 1;
        } else {
            run = 1;
            last = Some(c);
        }
        if run >= n {
            return true;
        }
    }
    false
}

/// A run of `n` consecutive ascending characters (`12345`, `abcde`).
fn has_sequence(s: &str, n: usize) -> bool {
    let mut run = 1;
    let mut last: Option<char> = None;
    for c in s.chars() {
        let next = last.and_then(|l| char::from_u32(u32::from(l) + 1));
        if c.is_ascii_alphanumeric() && next == Some(c) {
            run += 1;
            if run >= n {
                return true;
            }
        } else {
            run = 1;
        }
        last = Some(c);
    }
    false
}

/// UUIDs, URLs, paths, file names and identifiers: values with a shape that is not a secret.
fn is_structured(v: &str) -> bool {
    static UUID: OnceLock<Regex> = OnceLock::new();
    static FILE: OnceLock<Regex> = OnceLock::new();
    let uuid = UUID.get_or_init(|| {
        Regex::new(
            r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$",
        )
        .expect("valid")
    });
    let file = FILE.get_or_init(|| {
        Regex::new(r"(?i)^[\w./-]+\.(pem|key|json|txt|p12|pfx|crt|cer|env|ya?ml|toml|ini|cfg|conf|pub|gpg|asc|der|jks|keystore)$")
            .expect("valid")
    });
    if uuid.is_match(v)
        || file.is_match(v)
        || v.contains("://")
        || v.starts_with(['/', '~', '.', '@', '#'])
        || v.starts_with("data:")
    {
        return true;
    }
    // Identifiers and paths: every part between separators is a word (`OPENAI_API_KEY`,
    // `my-app-v2`, `TokenVerifier`, `dist/auth/index.d.mts`, `newaccess123`).
    v.split(['_', '-', '.', ':', '/', '#']).all(is_word_like)
}

/// A word, maybe capitalised, upper-case or camelCase with humps of three letters or more,
/// and at most four digits after it (`route`, `V2`, `TokenVerifier`, `admin2024`).
fn is_word_like(p: &str) -> bool {
    let letters = p.len()
        - p.trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .len();
    let (word, digits) = p.split_at(letters);
    if !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 4 {
        return false;
    }
    let mut cs = word.chars();
    let capitalised = cs.next().is_none_or(|_| cs.all(|c| c.is_ascii_lowercase()));
    capitalised
        || word.chars().all(|c| c.is_ascii_uppercase())
        || name_words(word).iter().all(|h| h.len() >= 3)
}

/// Letters mixed with digits or symbols, or with at least three case changes.
fn looks_random(v: &str) -> bool {
    let letters = v.chars().filter(char::is_ascii_alphabetic).count();
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let symbols = v
        .trim_end_matches('=')
        .chars()
        .filter(|c| !c.is_ascii_alphanumeric() && !matches!(c, '_' | '-' | '.' | ':'))
        .count();
    if letters == 0 {
        return false;
    }
    if digits > 0 || symbols > 0 {
        return true;
    }
    let mut switches = 0;
    let mut last: Option<bool> = None;
    for c in v.chars().filter(char::is_ascii_alphabetic) {
        let upper = c.is_ascii_uppercase();
        if last.is_some_and(|l| l != upper) {
            switches += 1;
        }
        last = Some(upper);
    }
    switches >= 3
}

/// How a secret is shown: at most its first four characters (fewer when it is short) and its
/// length, `ghp_…(40 chars)`.
pub(crate) fn redacted(secret: &str) -> String {
    let n = secret.chars().count();
    let shown: String = secret
        .chars()
        .take(crate::diagnostic::shown_prefix(n))
        .collect();
    format!("{shown}…({n} chars)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Secrets {
        let cat = crate::Catalog::builtin().expect("catalog");
        cat.for_lang(mcplint_ir::Lang::Python).secrets.clone()
    }

    #[test]
    fn every_builtin_pattern_compiles() {
        let s = builtin();
        let mut all: Vec<&LazyRegex> = Vec::new();
        for p in &s.providers {
            all.push(&p.re);
            all.extend(p.names.iter().chain(p.weak.iter()));
        }
        all.extend(s.structural_re.iter().chain(s.words_re.iter()));
        all.extend(s.inline_re.iter().flatten());
        all.extend(s.test_files_re.iter());
        assert!(all.len() > 20, "{}", all.len());
        for re in all {
            re.try_compile()
                .unwrap_or_else(|e| panic!("{}: {e}", re.as_str()));
        }
    }

    #[test]
    fn names() {
        let s = builtin();
        for n in [
            "api_key",
            "apiKey",
            "API_KEY",
            "X-API-Key",
            "clientSecret",
            "GITHUB_PERSONAL_ACCESS_TOKEN",
            "self.password",
            "process.env.OPENAI_API_KEY",
            "Authorization",
            "--api-key",
            "accessToken",
            "db_password",
        ] {
            assert!(s.is_secret_name(n), "{n}");
        }
        for n in [
            "max_tokens",
            "tokenizer",
            "token_url",
            "secret_name",
            "password_hash",
            "api_key_env_var",
            "key",
            "commit",
            "description",
            "TOKEN_EXPIRY",
            "passwordPolicy",
        ] {
            assert!(!s.is_secret_name(n), "{n}");
        }
        assert_eq!(name_words("XMLHttpAPIKey"), ["xml", "http", "api", "key"]);
        assert_eq!(name_words("GITHUB_TOKEN2"), ["github", "token2"]);
    }

    #[test]
    fn values() {
        let s = builtin();
        for v in [
            "your-api-key",
            "<TOKEN>",
            "xxx",
            "changeme",
            "sk-...",
            "${API_KEY}",
            "${env:X}",
            "${input:x}",
            "test",
            "dummy-token-123",
            "aaaaaaaaaaaaaaaa",
            "1234567890abcdef",
            "",
        ] {
            assert!(s.is_placeholder(v) || s.generic(v, false).is_none(), "{v}");
        }
        for v in [
            "OPENAI_API_KEY",
            "123e4567-e89b-12d3-a456-426614174000",
            "https://example.com/x",
            "keys/server.pem",
            "hello world token",
            "my-app-v2",
        ] {
            assert!(s.generic(v, false).is_none(), "{v}");
        }
        for v in [
            "q8Xk2LmZ7pR4tW9v",
            "Bearer a8F3kQ9zL2xW7mN4",
            "S3cr3tP@ssw0rd!x",
        ] {
            assert!(s.generic(v, false).is_some(), "{v}");
        }
        assert_eq!(s.generic("Bearer a8F3kQ9zL2xW7mN4", false), Some(7..23));
        assert_eq!(
            redacted("ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
            "ghp_…(40 chars)"
        );
        assert_eq!(redacted("abcdefgh"), "ab…(8 chars)");
    }

    #[test]
    fn inline_forms() {
        let s = builtin();
        let text = "run --api-key=q8Xk2LmZ7pR4tW9v --token Zt5Yq1Wr8Ep3Lk7J";
        let got: Vec<&str> = s.inline(text).into_iter().map(|(_, r)| &text[r]).collect();
        assert_eq!(got, ["q8Xk2LmZ7pR4tW9v", "Zt5Yq1Wr8Ep3Lk7J"]);
        let text = "Authorization: Bearer a8F3kQ9zL2xW7mN4";
        let got: Vec<&str> = s.inline(text).into_iter().map(|(_, r)| &text[r]).collect();
        assert_eq!(got, ["a8F3kQ9zL2xW7mN4"]);
        assert!(s.inline("Authorization: Bearer ${TOKEN}").is_empty());
        assert!(s.inline("token: the token to use").is_empty());
    }

    #[test]
    fn providers() {
        let s = builtin();
        let text = "x ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8 y";
        let m = s.providers(text, None);
        assert_eq!(m.len(), 1);
        assert_eq!(&text[m[0].range.clone()], &text[2..42]);
        assert!(
            s.providers("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", None)
                .is_empty()
        );
        assert!(s.providers("AKIAIOSFODNN7EXAMPLE", None).is_empty());
        let url = "postgres://app:Zx81kQm2pL@db.internal:5432/app";
        let m = s.providers(url, None);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(&url[m[0].range.clone()], "Zx81kQm2pL");
        for weak in [
            "postgres://postgres:postgres@localhost/db",
            "postgres://user:${DB_PASSWORD}@localhost/db",
            "mysql://root:password@localhost/db",
            "postgresql://{user}:{password}@{host}/db",
        ] {
            assert!(s.providers(weak, None).is_empty(), "{weak}");
        }
    }
}
