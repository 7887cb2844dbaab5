//! `hardcoded-secret` beyond the fixtures: recall and false positives measured on a generated
//! corpus of fake secrets and look-alikes in every language, and a check that no output format
//! (text, JSON, SARIF, GitHub, a baseline file) ever shows a whole secret.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use mcplint_ir::Lang;

const BIN: &str = env!("CARGO_BIN_EXE_mcplint");
const RULE: &str = "hardcoded-secret";

// ---------------------------------------------------------------------------------------------
// A deterministic generator of fake secrets: real shapes, random content, never a real key.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick(&mut self, alphabet: &str) -> char {
        let bytes = alphabet.as_bytes();
        let i = usize::try_from(self.next() % bytes.len() as u64).unwrap();
        char::from(bytes[i])
    }

    fn string(&mut self, n: usize, alphabet: &str) -> String {
        (0..n).map(|_| self.pick(alphabet)).collect()
    }

    fn digits(&mut self, n: usize) -> String {
        self.string(n, DIGITS)
    }
}

const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const DIGITS: &str = "0123456789";
const HEX: &str = "0123456789abcdef";
const B32: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn alnum() -> String {
    format!("{UPPER}{LOWER}{DIGITS}")
}

fn b64() -> String {
    format!("{}+/", alnum())
}

fn b64url() -> String {
    format!("{}-_", alnum())
}

/// Base64 (URL-safe, no padding) of `bytes`.
fn base64url(bytes: &[u8]) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(T[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// One provider-shaped fake secret of kind `k`.
fn provider_secret(rng: &mut Rng, k: usize) -> String {
    let an = alnum();
    match k % 44 {
        0 => format!("AKIA{}", rng.string(16, B32)),
        1 => format!("ghp_{}", rng.string(36, &an)),
        2 => format!("gho_{}", rng.string(36, &an)),
        3 => format!("ghs_{}", rng.string(36, &an)),
        4 => format!("github_pat_{}_{}", rng.string(22, &an), rng.string(59, &an)),
        5 => format!("glpat-{}", rng.string(20, &an)),
        6 => format!(
            "xoxb-{}-{}-{}",
            rng.digits(12),
            rng.digits(13),
            rng.string(24, &an)
        ),
        7 => format!(
            "https://hooks.slack.com/services/T{}/B{}/{}",
            rng.string(10, &format!("{UPPER}{DIGITS}")),
            rng.string(10, &format!("{UPPER}{DIGITS}")),
            rng.string(24, &an)
        ),
        8 => format!("sk_live_{}", rng.string(24, &an)),
        9 => format!("rk_live_{}", rng.string(34, &an)),
        10 => format!("sk-proj-{}", rng.string(120, &an)),
        11 => format!("sk-{}T3BlbkFJ{}", rng.string(20, &an), rng.string(20, &an)),
        12 => format!("sk-ant-api03-{}AA", rng.string(93, &an)),
        13 => format!("AIza{}", rng.string(35, &b64url())),
        14 => format!("SK{}", rng.string(32, HEX)),
        15 => format!("SG.{}.{}", rng.string(22, &an), rng.string(43, &an)),
        16 => format!("npm_{}", rng.string(36, &an)),
        17 => format!("pypi-AgEIcHlwaS5vcmc{}", rng.string(70, &b64url())),
        18 => format!("hf_{}", rng.string(34, &format!("{UPPER}{LOWER}"))),
        19 => {
            let header = base64url(br#"{"alg":"HS256","typ":"JWT"}"#);
            let claims = format!(
                r#"{{"sub":"{}","iat":{}}}"#,
                rng.string(10, &an),
                rng.digits(10)
            );
            format!(
                "{header}.{}.{}",
                base64url(claims.as_bytes()),
                rng.string(43, &b64url())
            )
        }
        20 => {
            let body: Vec<String> = (0..6).map(|_| rng.string(64, &b64())).collect();
            format!(
                "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----",
                body.join("\n")
            )
        }
        21 => format!(
            "postgresql://svc_{}:{}@db.internal:5432/app",
            rng.string(4, LOWER),
            rng.string(16, &an)
        ),
        22 => format!("key-{}", rng.string(32, HEX)),
        23 => format!("shpat_{}", rng.string(32, HEX)),
        24 => format!("sq0atp-{}", rng.string(22, &an)),
        25 => format!("{}:AA{}", rng.digits(10), rng.string(33, &an)),
        26 => format!("dapi{}", rng.string(32, HEX)),
        27 => format!("dop_v1_{}", rng.string(64, HEX)),
        28 => format!("lin_api_{}", rng.string(40, &an)),
        29 => format!("ntn_{}{}", rng.digits(11), rng.string(35, &an)),
        30 => format!("gsk_{}", rng.string(52, &an)),
        31 => format!("r8_{}", rng.string(37, &an)),
        32 => format!("pplx-{}", rng.string(48, &an)),
        33 => format!("tvly-{}", rng.string(32, &an)),
        34 => format!("sbp_{}", rng.string(40, HEX)),
        35 => format!("figd_{}", rng.string(40, &an)),
        36 => format!("re_{}_{}", rng.string(8, &an), rng.string(24, &an)),
        37 => format!("hvs.{}", rng.string(95, &an)),
        38 => format!("NRAK-{}", rng.string(27, &format!("{UPPER}{DIGITS}"))),
        39 => format!("dp.pt.{}", rng.string(43, &an)),
        40 => format!(
            "AGE-SECRET-KEY-1{}",
            rng.string(58, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L")
        ),
        41 => format!("fc-{}", rng.string(32, HEX)),
        42 => format!(
            "https://discord.com/api/webhooks/{}/{}",
            rng.digits(18),
            rng.string(68, &b64url())
        ),
        _ => format!("xai-{}", rng.string(80, &an)),
    }
}

/// A random-looking value for a secret-like name.
fn generic_secret(rng: &mut Rng, k: usize) -> String {
    let an = alnum();
    match k % 6 {
        0 => rng.string(32, &an),
        1 => rng.string(24, &format!("{an}!@#^&*+=")),
        2 => rng.string(40, HEX),
        3 => rng.string(40, &b64()),
        4 => format!("Bearer {}", rng.string(40, &b64url())),
        _ => rng.string(18, &an),
    }
}

/// Secret-like names, written in each language's style by [`name_in`].
const SECRET_NAMES: &[&str] = &[
    "api_key",
    "api_token",
    "client_secret",
    "db_password",
    "auth_token",
    "secret_key",
    "access_token",
    "private_key",
    "authorization",
    "webhook_secret",
    "refresh_token",
    "app_password",
    "signing_key",
    "bot_token",
];

/// Look-alikes: (name, value). None of them is a secret.
fn lookalikes(rng: &mut Rng) -> Vec<(String, String)> {
    let an = alnum();
    let mut out: Vec<(String, String)> = [
        ("api_key", "your-api-key"),
        ("api_token", "<TOKEN>"),
        ("client_secret", "xxx"),
        ("db_password", "changeme"),
        ("openai_api_key", "sk-..."),
        ("auth_token", "${AUTH_TOKEN}"),
        ("access_token", "${env:ACCESS_TOKEN}"),
        ("api_key", "${input:api-key}"),
        ("secret_key", ""),
        ("password", "password123"),
        ("api_token", "test"),
        ("api_key", "dummy-api-key-0001"),
        ("secret_key", "fake_secret_for_tests_1"),
        ("auth_token", "aaaaaaaaaaaaaaaaaaaaaaaa"),
        ("api_key", "1234567890123456"),
        ("client_secret", "REPLACE_ME"),
        ("bot_token", "<your-bot-token-here>"),
        ("access_token", "{{ secrets.ACCESS_TOKEN }}"),
        ("db_password", "$DB_PASSWORD"),
        ("github_token", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        ("openai_key", "sk-proj-..."),
        ("slack_token", "xoxb-your-bot-token"),
        ("aws_access_key_id", "AKIAIOSFODNN7EXAMPLE"),
        (
            "aws_secret_access_key",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ),
        (
            "jwt",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        ),
        ("database_url", "postgres://user:password@localhost:5432/app"),
        ("database_url", "postgres://postgres:postgres@localhost/dev"),
        ("database_url", "mysql://root:${DB_PASS}@db/app"),
        ("authorization", "Bearer ${TOKEN}"),
        ("authorization", "Bearer <token>"),
        ("token_env", "GITHUB_TOKEN"),
        ("api_key_header", "X-API-Key"),
        ("secret_path", "/run/secrets/api_key"),
        ("token_file", "secrets/api.key"),
        ("token_url", "https://auth.example.com/oauth/token"),
        ("password_prompt", "Enter your password"),
        ("stripe_key", "sk_test_4eC39HqLyjWDarjtT1zdp7dc"),
        ("api_key", "None"),
        ("secret", "null"),
        ("token", "undefined"),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_owned(), v.to_owned()))
    .collect();
    for i in 0..12 {
        out.push((format!("commit_{i}"), rng.string(40, HEX)));
        out.push((format!("checksum_{i}"), rng.string(64, HEX)));
        out.push((
            format!("request_id_{i}"),
            format!(
                "{}-{}-4{}-a{}-{}",
                rng.string(8, HEX),
                rng.string(4, HEX),
                rng.string(3, HEX),
                rng.string(3, HEX),
                rng.string(12, HEX)
            ),
        ));
        out.push((
            format!("integrity_{i}"),
            format!("sha512-{}==", rng.string(86, &b64())),
        ));
        out.push((format!("trace_{i}"), rng.string(32, &an)));
        out.push((format!("etag_{i}"), rng.string(32, HEX)));
        out.push((format!("token_hash_{i}"), rng.string(64, HEX)));
        out.push((
            format!("icon_{i}"),
            format!(
                "data:image/png;base64,iVBORw0KGgo{}",
                rng.string(300, &b64())
            ),
        ));
        out.push((
            format!("image_digest_{i}"),
            format!("sha256:{}", rng.string(64, HEX)),
        ));
        out.push((format!("mock_token_{i}"), rng.string(32, &an)));
    }
    out
}

/// A name in the style of `lang` (`api_key`, `apiKey`, `API_KEY`).
fn name_in(lang: Lang, name: &str, i: usize) -> String {
    let snake = format!("{name}_{i}");
    match lang {
        Lang::TypeScript | Lang::JavaScript => {
            let mut out = String::new();
            let mut upper = false;
            for c in snake.chars() {
                if c == '_' {
                    upper = true;
                } else if upper {
                    out.extend(c.to_uppercase());
                    upper = false;
                } else {
                    out.push(c);
                }
            }
            out
        }
        Lang::Rust | Lang::Env => snake.to_uppercase(),
        _ => snake,
    }
}

/// A string literal of `lang` holding `value` (newlines escaped).
fn literal(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('\n', "\\n"))
}

/// One line assigning `value` to `name` in `lang`.
fn line(lang: Lang, name: &str, value: &str) -> String {
    let lit = literal(value);
    match lang {
        Lang::Python => format!("{name} = {lit}"),
        Lang::TypeScript | Lang::JavaScript => format!("export const {name} = {lit};"),
        Lang::Rust => format!("pub const {name}: &str = {lit};"),
        Lang::Json => format!("  {}: {lit},", literal(name)),
        Lang::Env | Lang::Credentials => format!("{name}={lit}"),
    }
}

struct Corpus {
    /// (path, text)
    files: Vec<(String, String)>,
    /// (path, line) of each secret, with the secret.
    secrets: BTreeMap<(String, usize), String>,
    /// (path, line) of each look-alike.
    lookalikes: BTreeSet<(String, usize)>,
}

fn corpus() -> Corpus {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let langs = [
        (Lang::Python, "corpus/settings.py"),
        (Lang::TypeScript, "corpus/config.ts"),
        (Lang::JavaScript, "corpus/config.js"),
        (Lang::Rust, "corpus/config.rs"),
        (Lang::Json, "corpus/mcp.json"),
        (Lang::Env, "corpus/.env"),
    ];
    let looks = lookalikes(&mut rng);
    let mut c = Corpus {
        files: Vec::new(),
        secrets: BTreeMap::new(),
        lookalikes: BTreeSet::new(),
    };
    let mut k = 0;
    for (li, (lang, path)) in langs.into_iter().enumerate() {
        // Each file stays under the per-file limit of 20 findings: several files per language.
        let mut part = 0;
        let mut lines: Vec<String> = Vec::new();
        let flush = |lines: &mut Vec<String>, part: &mut usize, c: &mut Corpus| {
            if lines.is_empty() {
                return;
            }
            let p = path.replacen("corpus/", &format!("corpus/{}/", *part), 1);
            let mut text = String::new();
            if lang == Lang::Json {
                text.push_str("{\n");
            }
            for l in lines.iter() {
                text.push_str(l);
                text.push('\n');
            }
            if lang == Lang::Json {
                text.push_str("  \"end\": 0\n}\n");
            }
            c.files.push((p, text));
            lines.clear();
            *part += 1;
        };
        let first = usize::from(lang == Lang::Json);
        let mut in_file = 0;
        let per_lang_secrets = 36;
        for j in 0..per_lang_secrets {
            if in_file == 18 {
                flush(&mut lines, &mut part, &mut c);
                in_file = 0;
            }
            let (name, value) = if j % 3 == 2 {
                let n = SECRET_NAMES[(j + li) % SECRET_NAMES.len()];
                (name_in(lang, n, j), generic_secret(&mut rng, j + li))
            } else {
                k += 1;
                (name_in(lang, "value", j), provider_secret(&mut rng, k))
            };
            lines.push(line(lang, &name, &value));
            let p = path.replacen("corpus/", &format!("corpus/{part}/"), 1);
            c.secrets.insert((p, first + lines.len()), value);
            in_file += 1;
        }
        flush(&mut lines, &mut part, &mut c);
        // Look-alikes: a share of them in each language, in files of their own.
        for (j, (name, value)) in looks.iter().enumerate() {
            if j % 6 != li && j % 7 != li {
                continue;
            }
            lines.push(line(lang, &name_in(lang, name, j), value));
            let p = path.replacen("corpus/", &format!("corpus/{part}/"), 1);
            c.lookalikes.insert((p, first + lines.len()));
        }
        flush(&mut lines, &mut part, &mut c);
    }
    c
}

#[test]
#[allow(clippy::print_stderr, clippy::cast_precision_loss)]
fn recall_and_false_positives_on_a_generated_corpus() {
    let c = corpus();
    assert!(c.secrets.len() >= 100, "{} secrets", c.secrets.len());
    assert!(
        c.lookalikes.len() >= 100,
        "{} look-alikes",
        c.lookalikes.len()
    );
    let files = support::lower_all(&c.files);
    assert_eq!(files.len(), c.files.len(), "every corpus file lowers");
    let diagnostics = support::analyze(&files);
    let mut hit: BTreeSet<(String, usize)> = BTreeSet::new();
    for d in diagnostics.iter().filter(|d| d.rule.name == RULE) {
        let f = files.iter().find(|f| f.source.path == d.path).unwrap();
        hit.insert((d.path.clone(), f.source.line_col(d.span.start).0));
    }
    let missed: Vec<&String> = c
        .secrets
        .iter()
        .filter(|(k, _)| !hit.contains(*k))
        .map(|(_, v)| v)
        .collect();
    let false_positives: Vec<&(String, usize)> =
        c.lookalikes.iter().filter(|k| hit.contains(*k)).collect();
    let stray: Vec<&(String, usize)> = hit
        .iter()
        .filter(|k| !c.secrets.contains_key(*k) && !c.lookalikes.contains(*k))
        .collect();
    let recall = 1.0 - missed.len() as f64 / c.secrets.len() as f64;
    let fp_rate = false_positives.len() as f64 / c.lookalikes.len() as f64;
    eprintln!(
        "hardcoded-secret corpus: {} secrets, recall {:.1}% ({} missed); {} look-alikes, \
         {} false positives ({:.1}%)",
        c.secrets.len(),
        recall * 100.0,
        missed.len(),
        c.lookalikes.len(),
        false_positives.len(),
        fp_rate * 100.0
    );
    let shapes: Vec<String> = missed
        .iter()
        .map(|s| s.chars().take(12).collect())
        .collect();
    eprintln!("missed (first 12 characters): {shapes:?}");
    assert!(recall >= 0.98, "missed: {shapes:?}");
    assert!(
        false_positives.is_empty(),
        "false positives: {false_positives:?}"
    );
    assert!(stray.is_empty(), "findings on other lines: {stray:?}");
}

// ---------------------------------------------------------------------------------------------
// Redaction

/// The text of every range a `hardcoded-secret` finding redacts, in the files under `root`.
fn secrets_found(files: &[(String, String)]) -> BTreeSet<String> {
    let lowered = support::lower_all(files);
    let diagnostics = support::analyze(&lowered);
    let mut out = BTreeSet::new();
    for d in diagnostics.iter().filter(|d| d.rule.name == RULE) {
        let f = lowered.iter().find(|f| f.source.path == d.path).unwrap();
        assert!(
            !d.redact.is_empty(),
            "{}: a finding without redaction",
            d.path
        );
        for span in &d.redact {
            out.insert(f.source.slice(*span).to_owned());
        }
    }
    out
}

fn read_tree(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            read_tree(root, &p, out);
        } else if Lang::from_path(&p).is_some() {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            // Key stores (`*.p12`) are binary.
            let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
            out.push((rel, text));
        }
    }
}

/// Runs mcplint in `dir` in every output format (and writes a baseline) and returns each
/// output with its name.
fn every_output(dir: &Path) -> Vec<(String, String)> {
    let mut outs = Vec::new();
    for format in ["text", "json", "sarif", "github"] {
        let out = Command::new(BIN)
            .args([
                "--format", format, "--color", "never", "--select", RULE, ".",
            ])
            .current_dir(dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}: findings exit 1");
        let mut text = String::from_utf8(out.stdout).unwrap();
        text.push_str(&String::from_utf8(out.stderr).unwrap());
        outs.push((format.to_owned(), text));
    }
    let out = Command::new(BIN)
        .args(["--color", "always", "--select", RULE, "."])
        .current_dir(dir)
        .output()
        .unwrap();
    outs.push((
        "text, colour".into(),
        String::from_utf8(out.stdout).unwrap(),
    ));
    let baseline = dir.join("mcplint-baseline.json");
    let out = Command::new(BIN)
        .args(["--select", RULE, "--write-baseline"])
        .arg(&baseline)
        .arg(".")
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    outs.push((
        "baseline".into(),
        std::fs::read_to_string(&baseline).unwrap(),
    ));
    std::fs::remove_file(baseline).unwrap();
    outs
}

/// Fails when any output holds a secret or any 8 characters of one in a row, past the four
/// characters a finding may show (`sk_live_` is a public prefix, and so is a private key's
/// `-----BEGIN` line).
fn assert_no_secret_in(outputs: &[(String, String)], secrets: &BTreeSet<String>) {
    const W: usize = 8;
    let seen: Vec<(&str, std::collections::HashSet<&[u8]>)> = outputs
        .iter()
        .map(|(name, out)| (name.as_str(), out.as_bytes().windows(W).collect()))
        .collect();
    let mut leaks = String::new();
    for secret in secrets {
        let parts = secret
            .split('\n')
            .flat_map(|p| p.split("\\n"))
            .filter(|p| !p.contains("-----"));
        let mut windows: BTreeSet<&[u8]> = BTreeSet::new();
        let mut short: Vec<&[u8]> = Vec::new();
        for part in parts {
            let part = part.trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace());
            let skip = part.char_indices().nth(4).map_or(part.len(), |(i, _)| i);
            let rest = &part.as_bytes()[skip..];
            if rest.len() >= W {
                windows.extend(rest.windows(W));
            } else if rest.len() >= 4 {
                short.push(rest);
            }
        }
        for ((name, seen), (_, out)) in seen.iter().zip(outputs) {
            if let Some(w) = windows.iter().find(|w| seen.contains(*w)) {
                let _ = writeln!(
                    leaks,
                    "{name}: shows `{}` of a secret",
                    String::from_utf8_lossy(w)
                );
            }
            for s in &short {
                let s = String::from_utf8_lossy(s);
                if out.contains(s.as_ref()) {
                    let _ = writeln!(leaks, "{name}: shows `{s}` of a short secret");
                }
            }
        }
    }
    assert!(leaks.is_empty(), "{leaks}");
}

#[test]
fn no_output_format_shows_a_secret() {
    // The fixtures and the generated corpus, side by side in one directory.
    let root = Path::new("testdata/hardcoded-secret");
    let mut fixtures = Vec::new();
    read_tree(root, root, &mut fixtures);
    let mut secrets = secrets_found(&fixtures);
    assert!(
        secrets.len() >= 100,
        "{} secrets in the fixtures",
        secrets.len()
    );
    let c = corpus();
    secrets.extend(secrets_found(&c.files));
    let dir = tempfile::tempdir().unwrap();
    let fixtures = fixtures
        .iter()
        .map(|(p, t)| (format!("fixtures/{p}"), t.clone()));
    for (path, text) in fixtures.chain(c.files.iter().cloned()) {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let outputs = every_output(dir.path());
    assert_no_secret_in(&outputs, &secrets);
    // The findings are there, redacted.
    assert!(outputs[0].1.contains("ghp_…(40 chars)"), "{}", outputs[0].1);
    assert!(outputs[0].1.contains("ghp_****"), "{}", outputs[0].1);
}

#[test]
fn bad_input_is_not_flagged_en_masse() {
    let mut rng = Rng(0x1234_5678_9ABC_DEF1);
    let an = alnum();
    // A minified bundle: one long line of short names, random-looking strings and ids, an
    // inlined image and a source map.
    let mut min = String::from("!function(e,t){\"use strict\";var ");
    for i in 0..2000 {
        let _ = write!(
            min,
            "a{i}=\"{}\",b{i}={{k:\"{}\",h:\"{}\"}},",
            rng.string(24, &an),
            rng.string(40, HEX),
            rng.string(32, &b64()),
        );
    }
    let _ = write!(
        min,
        "img=\"data:image/png;base64,{}\";}}();\n//# sourceMappingURL=data:application/json;base64,{}\n",
        rng.string(20_000, &b64()),
        rng.string(20_000, &b64())
    );
    // Bytes that are not text, read as the CLI reads them (lossily).
    let bytes: Vec<u8> = (0..200_000).map(|_| rng.next().to_le_bytes()[3]).collect();
    let binary = String::from_utf8_lossy(&bytes).into_owned();
    // Base64 images in Python and JSON.
    let image = format!(
        "data:image/jpeg;base64,/9j/4AAQSkZJRg{}",
        rng.string(50_000, &b64())
    );
    let py = format!(
        "ICON = \"{image}\"\nLOGO_B64 = \"{}\"\n",
        rng.string(50_000, &b64())
    );
    let json = format!("{{\"icons\": [{{\"src\": \"{image}\"}}]}}\n");
    let files = support::lower_all(&[
        ("bad/app.min.js".to_owned(), min),
        ("bad/blob.js".to_owned(), binary),
        ("bad/icons.py".to_owned(), py),
        ("bad/manifest.json".to_owned(), json),
    ]);
    let found: Vec<String> = support::analyze(&files)
        .iter()
        .filter(|d| d.rule.name == RULE)
        .map(|d| format!("{}: {}", d.path, d.message))
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn lock_files_are_not_read() {
    let mut rng = Rng(7);
    let token = format!("ghp_{}", rng.string(36, &alnum()));
    let lock = format!(
        "{{\"packages\": {{\"node_modules/x\": {{\"resolved\": \"https://npm.pkg.github.com/x?token={token}\", \"integrity\": \"sha512-{}==\"}}}}}}\n",
        rng.string(86, &b64())
    );
    let files = support::lower_all(&[
        ("app/package-lock.json".to_owned(), lock.clone()),
        ("app/other.json".to_owned(), lock),
    ]);
    let paths: Vec<String> = support::analyze(&files)
        .iter()
        .filter(|d| d.rule.name == RULE)
        .map(|d| d.path.clone())
        .collect();
    assert_eq!(paths, ["app/other.json"]);
}
