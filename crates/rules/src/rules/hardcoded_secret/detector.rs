//! The `hardcoded-secret` matcher: asks three questions of each literal, over the compiled
//! `[secrets]` data of `rules/secrets.toml` — [`Secrets::providers`] (tokens with a distinctive
//! shape, anywhere), [`Secrets::generic`] (a random-looking value given to a secret-like name, see
//! [`Secrets::is_secret_name`]) and [`Secrets::inline`] (`--api-key=...`,
//! `Authorization: Bearer ...`, `?token=...` inside a string) — and says which names, keys,
//! files and values count; also how a finding shows a secret ([`redacted`]).

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::catalog::sections::secrets::Secrets;
use crate::catalog::typed::CalleePattern;

/// Values longer than this are not searched for placeholder words: a long random token spells
/// `test` or `fake` by chance.
const MAX_WORD_CHECK: usize = 128;
/// Names longer than this are not shown in messages.
const MAX_NAME_SHOWN: usize = 40;

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
    /// Whether it is reported in test code too.
    pub(crate) in_tests: bool,
}

impl Secrets {
    /// Findings per file before the rest are summarised.
    pub(crate) fn max_per_file(&self) -> usize {
        self.max_per_file.unwrap_or(20)
    }

    /// Calls whose value is their argument or receiver.
    pub(crate) fn pass_through(&self) -> &[CalleePattern] {
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

    /// Whether a decorator or attribute (its callee or name: `test`, `tokio::test`) marks a
    /// test function.
    pub(crate) fn is_test_attribute(&self, attribute: &str) -> bool {
        let last = attribute.rsplit("::").next().unwrap_or(attribute);
        let last = last.rsplit('.').next().unwrap_or(last);
        self.test_attributes.iter().any(|a| a == last)
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
                    in_tests: p.in_tests,
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

    /// Whether a key in text ends in the plural of a secret word (`Empty passwords: ...`,
    /// `tokens=`): it heads a description or a list of several, not one secret. Words that
    /// are plural themselves (`secrets`, `credentials`) do not count.
    fn is_plural_key(&self, key: &str) -> bool {
        name_words(last_segment(key)).last().is_some_and(|w| {
            !self.secret_words.contains(w)
                && w.strip_suffix('s')
                    .is_some_and(|one| self.secret_words.contains(one))
        })
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
                if !self.is_secret_name(key.as_str()) || self.is_plural_key(key.as_str()) {
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
    // Punctuation around a word (`(Recommended)`, `"Required"`) does not make it random.
    let v = v.trim_matches(|c: char| c.is_ascii_punctuation());
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

/// Whether `v` is a hex key of a usual length (16 to 64 bytes) whose bytes follow a pattern: a
/// constant step (`000102...1f`, `00112233...`), a repeated block of at most eight bytes
/// (`0123456789abcdef0123...`, `deadbeef...`) or at most two distinct bytes (all zeros). Such a
/// key was typed by hand as a default, not generated.
pub(crate) fn is_patterned_hex_key(v: &str) -> bool {
    let v = v.strip_prefix("0x").unwrap_or(v);
    if !matches!(v.len(), 32 | 48 | 64 | 96 | 128) || !v.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let bytes: Vec<u8> = v
        .as_bytes()
        .chunks(2)
        .filter_map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
        .collect();
    let step = bytes[1].wrapping_sub(bytes[0]);
    let stepped = bytes.windows(2).all(|w| w[1].wrapping_sub(w[0]) == step);
    let repeated = (1..=8).any(|p| (p..bytes.len()).all(|i| bytes[i] == bytes[i - p]));
    let mut distinct: Vec<u8> = bytes.clone();
    distinct.sort_unstable();
    distinct.dedup();
    stepped || repeated || distinct.len() <= 2
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
    fn patterned_hex_keys() {
        for v in [
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            "00112233445566778899aabbccddeeff",
            "0123456789abcdef0123456789abcdef",
            "0x0000000000000000000000000000000000000000000000000000000000000000",
            "deadbeefdeadbeefdeadbeefdeadbeef",
            "000102030405060708090a0b0c0d0e0f1011121314151617",
        ] {
            assert!(is_patterned_hex_key(v), "{v}");
        }
        for v in [
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "9f86d081884c7d659a2feaa0c55ad015",
            "0001020304050607",
            "000102030405060708090a0b0c0d0e0g",
        ] {
            assert!(!is_patterned_hex_key(v), "{v}");
        }
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
