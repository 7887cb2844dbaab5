//! The `[secrets]` table of `rules/secrets.toml` (and its `[[secrets.provider]]` rows): the row
//! format, and the data compiled from it at load — provider patterns, secret words, placeholders
//! and the combined regexes. The `hardcoded-secret` rule's matcher reads it
//! (`rules/hardcoded_secret/detector.rs`).

use foldhash::HashSet;

use aho_corasick::AhoCorasick;

use crate::lazy_regex::LazyRegex;
use serde::Deserialize;

use crate::catalog::CatalogError;
use crate::catalog::typed::CalleePattern;

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
    pub(crate) pass_through: Vec<CalleePattern>,
    /// Calls that read the environment variable named by their first argument.
    #[serde(default)]
    pub(crate) env_reads: Vec<CalleePattern>,
    /// Objects whose attributes are environment variables (`process.env`).
    #[serde(default)]
    pub(crate) env_objects: Vec<String>,
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
    /// Attributes and decorators that mark a function as a test (`#[test]`, `#[tokio::test]`),
    /// matched against their last `::` or `.` segment: only provider patterns apply inside.
    #[serde(default)]
    pub(crate) test_attributes: Vec<String>,
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
    /// Reported in test code too (`false` for shapes that tests fill with made-up values:
    /// connection URLs, JSON Web Tokens).
    #[serde(default = "yes")]
    pub(crate) in_tests: bool,
}

fn yes() -> bool {
    true
}

// ---------------------------------------------------------------------------------------------
// Compiled data

/// A compiled `[[secrets.provider]]` row.
#[derive(Clone, Debug)]
pub(crate) struct Provider {
    pub(crate) name: String,
    pub(crate) re: LazyRegex,
    pub(crate) names: Option<LazyRegex>,
    pub(crate) keywords: Vec<String>,
    pub(crate) min_entropy: Option<f64>,
    pub(crate) boundary: bool,
    pub(crate) weak: Option<LazyRegex>,
    pub(crate) user_is_weak: bool,
    pub(crate) in_tests: bool,
}

/// The compiled `[secrets]` data of a catalog: what `hardcoded-secret` looks for.
#[derive(Clone, Debug, Default)]
pub(crate) struct Secrets {
    pub(crate) max_per_file: Option<usize>,
    pub(crate) min_length: Option<usize>,
    pub(crate) min_entropy: Option<f64>,
    pub(crate) marked_min_entropy: Option<f64>,
    pub(crate) provider_min_entropy: Option<f64>,
    pub(crate) secret_words: HashSet<String>,
    pub(crate) secret_pairs: Vec<(String, String)>,
    pub(crate) not_secret_words: HashSet<String>,
    /// Structural placeholders, checked in every value.
    pub(crate) placeholders: Vec<String>,
    /// Placeholder words, checked in short values only.
    pub(crate) placeholder_words: Vec<String>,
    pub(crate) structural_re: Option<LazyRegex>,
    pub(crate) words_re: Option<LazyRegex>,
    /// `KEY=VALUE` / `KEY: [scheme ]VALUE` and `--key VALUE` forms inside strings.
    pub(crate) inline_re: Option<[LazyRegex; 2]>,
    pub(crate) allow: HashSet<String>,
    pub(crate) auth_schemes: Vec<String>,
    pub(crate) pass_through: Vec<CalleePattern>,
    pub(crate) env_reads: Vec<CalleePattern>,
    pub(crate) env_objects: Vec<String>,
    pub(crate) marked_by: Vec<String>,
    pub(crate) marked_values: Vec<String>,
    pub(crate) named_by: Vec<String>,
    pub(crate) skip_files: Vec<String>,
    pub(crate) doc_files: Vec<String>,
    pub(crate) test_files: Vec<String>,
    pub(crate) test_files_re: Option<LazyRegex>,
    pub(crate) test_attributes: Vec<String>,
    pub(crate) providers: Vec<Provider>,
    /// Every secret word and second word of a pair, ASCII case-insensitively: a name or text
    /// that holds none of them cannot name or mention a secret.
    pub(crate) word_finder: Option<AhoCorasick>,
    /// Every provider keyword, to learn in one pass which providers a text may hold.
    pub(crate) keywords: Option<AhoCorasick>,
    /// The provider of each keyword of `keywords`.
    pub(crate) keyword_owner: Vec<usize>,
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
                in_tests: row.in_tests,
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
            env_reads: rows.env_reads.clone(),
            env_objects: rows.env_objects.clone(),
            marked_by: lower(&rows.marked_by),
            marked_values: lower(&rows.marked_values),
            named_by: lower(&rows.named_by),
            skip_files: rows.skip_files.clone(),
            doc_files: rows.doc_files.clone(),
            test_files: rows.test_files.clone(),
            test_files_re: None,
            test_attributes: rows.test_attributes.clone(),
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
        self.env_reads.extend(other.env_reads.iter().cloned());
        self.env_objects.extend(other.env_objects.iter().cloned());
        self.marked_by.extend(other.marked_by.iter().cloned());
        self.marked_values
            .extend(other.marked_values.iter().cloned());
        self.named_by.extend(other.named_by.iter().cloned());
        self.skip_files.extend(other.skip_files.iter().cloned());
        self.doc_files.extend(other.doc_files.iter().cloned());
        self.test_files.extend(other.test_files.iter().cloned());
        self.test_attributes
            .extend(other.test_attributes.iter().cloned());
        self.providers.extend(other.providers.iter().cloned());
        // Every part compiled on its own, so the union compiles too.
        let _ = self.finish("secrets");
    }

    /// Whether there is nothing to look for.
    pub(crate) fn is_empty(&self) -> bool {
        self.providers.is_empty() && self.secret_words.is_empty()
    }
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
}
