//! Robustness: random and mutated sources of every language through each front end and the whole
//! pipeline (`parse_only`, `lower`, `Engine::check_file`, `Engine::check_project`) must not panic,
//! hang or grow without bound; pathological files (100k-deep nesting, a 50 MB line, a 1M-character
//! string, NUL bytes, invalid UTF-8, CR and CRLF line endings, a BOM, a fifo, control characters
//! in file names) must be scanned or skipped with a notice, never crash the run.
//!
//! The fuzzing is a deterministic mutation loop (a seeded SplitMix64, no dependency): each case is
//! a fixture from `testdata/` with a few byte- and token-level mutations, or a random token soup.
//! A failing case is written to `$CARGO_TARGET_TMPDIR/robustness/` and named in the failure.
//! `MCPLINT_FUZZ_CASES=N` runs N mutants per language instead of the default (for longer local
//! runs); `MCPLINT_FUZZ_SEED=S` changes the seed.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::Read;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{OnceLock, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use mcplint_front::FrontError;
use mcplint_ir::{File, Lang, SourceFile, Span};
use mcplint_rules::{Diagnostic, Engine, FileResult, Settings};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_mcplint");

/// Mutants per language (plus a quarter as many random token soups).
const DEFAULT_CASES: usize = 96;

/// The analysis threads' stack size in the CLI (`crates/cli/run.rs`): in-process checks run on a
/// thread of the same size, so a recursion the CLI survives passes here too.
const STACK_SIZE: usize = 64 << 20;

/// Wall time allowed for one small fuzz case, generous for unoptimised builds.
const CASE_TIME: Duration = Duration::from_secs(20);

/// A `FastMCP` tool whose input reaches a shell: one `shell-injection` finding, on line 11,
/// columns 12 to 63, with the tool parameter on line 9, column 9.
const VULNERABLE: &str = r#"import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("demo")


@mcp.tool()
def run(cmd: str) -> str:
    """Run a command."""
    return subprocess.check_output(cmd, shell=True, text=True)
"#;

// ---------------------------------------------------------------------------------------------
// Shared machinery

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Settings::default()).expect("built-in catalog loads"))
}

/// SplitMix64: small, fast, and the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("fits")
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.parse().ok()
}

/// Runs `f` on a thread with the CLI's stack size; fails if it takes longer than `limit` (the
/// thread is left behind, so a hang is a failure, not a stuck test run).
fn on_analysis_thread<T: Send + 'static>(
    what: &str,
    limit: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    thread::Builder::new()
        .stack_size(STACK_SIZE)
        .name(what.to_owned())
        .spawn(move || {
            let result = panic::catch_unwind(AssertUnwindSafe(f));
            let _ = tx.send(result);
        })
        .expect("spawn");
    match rx.recv_timeout(limit) {
        Ok(Ok(value)) => value,
        Ok(Err(payload)) => panic::resume_unwind(payload),
        Err(_) => panic!("{what}: no result after {limit:?} (hang?)"),
    }
}

/// Checks that every span of `d` lies inside its file.
fn check_spans(d: &Diagnostic, sizes: &HashMap<String, usize>) {
    let primary = std::iter::once((&d.path, d.span));
    let others = d.labels.iter().chain(&d.flow).map(|l| (&l.path, l.span));
    for (path, span) in primary.chain(others) {
        let Some(&len) = sizes.get(path) else {
            panic!(
                "{}: finding points into an unknown file {path}",
                d.rule.name
            );
        };
        assert!(
            span.start <= span.end && span.end as usize <= len,
            "{}: span {span:?} outside {path} ({len} bytes)",
            d.rule.name
        );
    }
}

/// Parses, lowers and checks one source; `None` when the front end gave up (time budget).
fn analyse(lang: Lang, path: &str, text: String) -> Option<(File, FileResult)> {
    let nodes = mcplint_front::parse_only(lang, &text);
    assert!(
        !matches!(nodes, Err(FrontError::Unsupported(_))),
        "{path}: no front end"
    );
    let len = text.len();
    let file = match mcplint_front::lower(lang, SourceFile::new(path, text)) {
        Ok(file) => file,
        Err(FrontError::Timeout) => return None,
        Err(err) => panic!("{path}: {err}"),
    };
    for span in &file.syntax_errors {
        assert!(
            span.start <= span.end && span.end as usize <= len,
            "{path}: syntax error span {span:?}"
        );
    }
    let result = engine().check_file(&file);
    let sizes = HashMap::from([(path.to_owned(), len)]);
    for d in &result.diagnostics {
        check_spans(d, &sizes);
    }
    Some((file, result))
}

/// Runs the project phase over `results` and checks its findings.
fn check_project(results: Vec<FileResult>, sizes: &HashMap<String, usize>) -> Vec<Diagnostic> {
    let diagnostics = engine().check_project(results);
    for d in &diagnostics {
        check_spans(d, sizes);
    }
    diagnostics
}

/// Where a failing input is kept.
fn save_failure(name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("robustness");
    fs::create_dir_all(&dir).expect("create failure dir");
    let path = dir.join(name.replace('/', "__"));
    fs::write(&path, text).expect("save failing input");
    path
}

// ---------------------------------------------------------------------------------------------
// Fuzzing: mutated fixtures and random token soups

/// Fragments that upset parsers: brackets, quotes, string prefixes, comment openers, escapes,
/// keywords of every language, odd whitespace and characters.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "<",
    ">",
    "\"",
    "'",
    "`",
    "\"\"\"",
    "'''",
    "${",
    "#{",
    "f\"",
    "rb'",
    "r#\"",
    "\"#",
    "b\"",
    "/*",
    "*/",
    "//",
    "#",
    "#!",
    "#[",
    "#![",
    "@",
    "\\",
    "\\\n",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "    ",
    ":",
    ";",
    ",",
    ".",
    "...",
    "=",
    "==",
    "=>",
    "->",
    "::",
    "?",
    "!",
    "|",
    "||",
    "&",
    "&&",
    "+",
    "*",
    "**",
    "%",
    "-",
    "def ",
    "class ",
    "lambda ",
    "async ",
    "await ",
    "return ",
    "raise ",
    "yield ",
    "import ",
    "from ",
    "with ",
    "if ",
    "else",
    "elif ",
    "try:",
    "except",
    "fn ",
    "impl ",
    "struct ",
    "enum ",
    "trait ",
    "mod ",
    "use ",
    "pub ",
    "let ",
    "mut ",
    "match ",
    "macro_rules! ",
    "format!(",
    "vec![",
    "r#",
    "'a",
    "function ",
    "const ",
    "var ",
    "export ",
    "default ",
    "interface ",
    "type ",
    "as ",
    "new ",
    "this.",
    "server.tool(",
    "@mcp.tool()",
    "#[tool(description = ",
    "subprocess.run(",
    "exec(",
    "open(",
    "Command::new(",
    "shell=True",
    "null",
    "true",
    "1e400",
    "0x",
    "\u{0}",
    "\u{7}",
    "\u{1b}[2J",
    "\u{feff}",
    "\u{202e}",
    "\u{2028}",
    "é",
    "ℵ",
    "😀",
    "\u{10ffff}",
    "<div>",
    "</div>",
    "/>",
    "{{",
    "}}",
    "%s",
    "{0}",
];

fn random_soup(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..rng.below(400) {
        if rng.below(3) == 0 {
            let ident: String = (0..1 + rng.below(8))
                .map(|_| char::from(b'a' + u8::try_from(rng.below(26)).expect("letter")))
                .collect();
            out.push_str(&ident);
        } else {
            out.push_str(*rng.pick(TOKENS));
        }
    }
    out
}

fn random_range(rng: &mut Rng, len: usize, max: usize) -> (usize, usize) {
    let start = rng.below(len + 1);
    let end = (start + rng.below(max + 1)).min(len);
    (start, end)
}

/// One to four mutations of `bytes`: bit flips, deletions, duplications, inserted tokens, splices
/// from other fixtures, truncation, swapped lines and runs of one token (sudden nesting).
fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>, donors: &[Vec<u8>]) {
    for _ in 0..1 + rng.below(4) {
        let len = bytes.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                bytes[i] ^= 1 << rng.below(8);
            }
            1 => {
                let (a, b) = random_range(rng, len, 64);
                bytes.drain(a..b);
            }
            2 => {
                let (a, b) = random_range(rng, len, 256);
                let copy = bytes[a..b].to_vec();
                let at = rng.below(len + 1);
                bytes.splice(at..at, copy);
            }
            3 => {
                let at = rng.below(len + 1);
                let token = rng.pick(TOKENS).as_bytes().to_vec();
                bytes.splice(at..at, token);
            }
            4 => {
                let donor = rng.pick(donors);
                let (a, b) = random_range(rng, donor.len(), 512);
                let at = rng.below(len + 1);
                bytes.splice(at..at, donor[a..b].iter().copied());
            }
            5 => bytes.truncate(rng.below(len + 1)),
            6 => {
                let mut lines: Vec<Vec<u8>> =
                    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
                let n = lines.len();
                lines.swap(rng.below(n), rng.below(n));
                *bytes = lines.join(&b'\n');
            }
            _ => {
                let at = rng.below(len + 1);
                let token = rng.pick(&["(", "[", "{", "\"", "f(", "<a>", "${", "- ", "not "]);
                let run = token.repeat(1 + rng.below(300));
                bytes.splice(at..at, run.into_bytes());
            }
        }
    }
}

/// The fixtures of `testdata/` whose path maps to `lang`, as (path, bytes).
fn fixtures(lang: Lang) -> Vec<(String, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).expect("read testdata") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    walk(&root.join("testdata"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter(|p| Lang::from_path(p) == Some(lang))
        .map(|p| {
            let rel = p.strip_prefix(root).expect("under the root");
            (
                rel.to_string_lossy().replace('\\', "/"),
                fs::read(&p).expect("read fixture"),
            )
        })
        .collect()
}

/// Mutated fixtures and random soups of one language, each through every stage, then all of
/// them as one project.
fn fuzz(lang: Lang, example_path: &'static str) {
    let seeds = fixtures(lang);
    let seed = env_number("MCPLINT_FUZZ_SEED").unwrap_or(0x6d63_706c_696e_74);
    let cases = env_number("MCPLINT_FUZZ_CASES")
        .map_or(DEFAULT_CASES, |n| usize::try_from(n).expect("fits"));
    let name = lang.name();
    on_analysis_thread(name, Duration::from_secs(600), move || {
        let donors: Vec<Vec<u8>> = seeds.iter().map(|(_, b)| b.clone()).collect();
        let mut rng = Rng(seed ^ (name.len() as u64).wrapping_mul(0x0100_0000_01b3));
        // Keyed by path: a later mutant of a fixture replaces the earlier one in the project.
        let mut results = BTreeMap::new();
        let mut sizes = HashMap::new();
        let soups = cases / 4;
        for case in 0..cases + soups {
            let (path, text) = if case < cases && !seeds.is_empty() {
                let (path, bytes) = &seeds[case % seeds.len()];
                let mut bytes = bytes.clone();
                mutate(&mut rng, &mut bytes, &donors);
                // Keep the real path, so the mutants still import each other.
                (path.clone(), String::from_utf8_lossy(&bytes).into_owned())
            } else {
                (format!("soup/{case}/{example_path}"), random_soup(&mut rng))
            };
            let started = Instant::now();
            let outcome =
                panic::catch_unwind(AssertUnwindSafe(|| analyse(lang, &path, text.clone())));
            let elapsed = started.elapsed();
            let failure = match &outcome {
                Err(_) => Some("panicked"),
                Ok(_) if elapsed > CASE_TIME => Some("was too slow"),
                Ok(_) => None,
            };
            if let Some(failure) = failure {
                let saved = save_failure(
                    &format!("{name}-{case}-{}", path.rsplit('/').next().unwrap_or("x")),
                    &text,
                );
                panic!(
                    "{name} case {case} ({path}) {failure} ({elapsed:?}); input saved to {}",
                    saved.display()
                );
            }
            if let Ok(Some((file, result))) = outcome {
                sizes.insert(file.source.path.clone(), file.source.text.len());
                results.insert(file.source.path, result);
            }
        }
        check_project(results.into_values().collect(), &sizes);
    });
}

#[test]
fn fuzz_python() {
    fuzz(Lang::Python, "server.py");
}

#[test]
fn fuzz_typescript() {
    fuzz(Lang::TypeScript, "server.ts");
}

#[test]
fn fuzz_javascript() {
    fuzz(Lang::JavaScript, "server.mjs");
}

#[test]
fn fuzz_rust() {
    fuzz(Lang::Rust, "src/main.rs");
}

#[test]
fn fuzz_json() {
    fuzz(Lang::Json, "mcp.json");
}

// ---------------------------------------------------------------------------------------------
// Pathological sources, in process

/// 100k-deep nesting of what nests in each language: brackets, calls, lambdas and closures,
/// blocks, left-deep operator chains, f-strings and template literals, JSX, macro token trees and
/// attribute arguments, and unclosed brackets (error recovery).
fn deep_nesting(lang: Lang) -> Vec<(&'static str, String)> {
    const N: usize = 100_000;
    let rep = |s: &str| s.repeat(N);
    let chain = |s: &str, op: &str| vec![s; N].join(op);
    match lang {
        Lang::Python => vec![
            ("parens.py", format!("x = {}1{}\n", rep("("), rep(")"))),
            (
                "dicts.py",
                format!("x = {}1{}\n", rep("[{\"a\": f("), rep(")}]")),
            ),
            ("lambdas.py", format!("f = {}1\n", rep("lambda: not "))),
            ("sum.py", format!("x = {}\n", chain("a", " + "))),
            ("fstring.py", format!("x = {}1{}\n", rep("f'{"), rep("}'"))),
            (
                "unclosed.py",
                format!("def f(x):\n    return {}\n", rep("([")),
            ),
        ],
        Lang::TypeScript | Lang::JavaScript => vec![
            (
                "parens.ts",
                format!("const x = {}1{};\n", rep("({a: ["), rep("]})")),
            ),
            (
                "blocks.ts",
                format!("function f() {}{}\n", rep("{ if (a) "), rep("}")),
            ),
            ("arrows.ts", format!("const f = {}1;\n", rep("() => "))),
            (
                "templates.ts",
                format!("const x = {}1{};\n", rep("`${"), rep("}`")),
            ),
            ("sum.ts", format!("const x = {};\n", chain("a.b", " + "))),
            (
                "jsx.jsx",
                format!("const x = {}{};\n", rep("<a>"), rep("</a>")),
            ),
            (
                "unclosed.js",
                format!("server.tool('x', async ({{ a }}) => {}\n", rep("f([")),
            ),
        ],
        Lang::Rust => vec![
            (
                "parens.rs",
                format!("fn main() {{ let x = {}1{}; }}\n", rep("(["), rep("])")),
            ),
            (
                "blocks.rs",
                format!("fn main() {}{}\n", rep("{ || "), rep("}")),
            ),
            (
                "sum.rs",
                format!("fn main() {{ let x = {}; }}\n", chain("a.b", " + ")),
            ),
            (
                "format.rs",
                format!(
                    "fn main() {{ let s = format!(\"{{}}\", {}x{}); }}\n",
                    rep("("),
                    rep(")")
                ),
            ),
            (
                "attribute.rs",
                format!(
                    "#[tool(description = {}\"x\"{})]\nfn f() {{}}\n",
                    rep("("),
                    rep(")")
                ),
            ),
            (
                "unclosed.rs",
                format!("fn f() {{ Command::new(\"sh\").arg({}\n", rep("([")),
            ),
        ],
        Lang::Json => vec![
            (
                "nested.json",
                format!("{}1{}\n", rep("{\"a\":["), rep("]}")),
            ),
            (
                "unclosed.json",
                format!("{{\"mcpServers\": {}\n", rep("[{\"a\":")),
            ),
        ],
        _ => Vec::new(),
    }
}

/// Lowers and checks each input on the CLI's stack, then runs the project phase over them.
fn pathological(lang: Lang, inputs: Vec<(&'static str, String)>) {
    let what = format!("pathological {}", lang.name());
    on_analysis_thread(&what.clone(), Duration::from_secs(300), move || {
        let mut results = Vec::new();
        let mut sizes = HashMap::new();
        for (path, text) in inputs {
            let lang = Lang::from_path(Path::new(path)).unwrap_or(lang);
            sizes.insert(path.to_owned(), text.len());
            let started = Instant::now();
            let file = match mcplint_front::lower(lang, SourceFile::new(path, text)) {
                Ok(file) => file,
                Err(FrontError::Timeout) => continue,
                Err(err) => panic!("{path}: {err}"),
            };
            results.push(engine().check_file(&file));
            // Generous for unoptimised builds under load; a release build needs milliseconds.
            let elapsed = started.elapsed();
            assert!(
                elapsed < Duration::from_secs(60),
                "{what}: {path} took {elapsed:?}"
            );
        }
        check_project(results, &sizes);
    });
}

#[test]
fn deep_nesting_python() {
    pathological(Lang::Python, deep_nesting(Lang::Python));
}

#[test]
fn deep_nesting_typescript_and_javascript() {
    pathological(Lang::TypeScript, deep_nesting(Lang::TypeScript));
}

#[test]
fn deep_nesting_rust_and_json() {
    let mut inputs = deep_nesting(Lang::Rust);
    inputs.extend(deep_nesting(Lang::Json));
    pathological(Lang::Rust, inputs);
}

/// A string literal of 1M characters (ASCII, two-byte characters and escapes) inside the command
/// that reaches a shell, in every language: still analysed, the sink still found.
#[test]
fn million_character_string_literals() {
    let long: String = "abcdefgh\u{e9}\\n".repeat(100_000);
    assert!(long.chars().count() >= 1_000_000);
    let inputs = vec![
        (
            "long.py",
            format!(
                "import subprocess\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP(\"d\")\n\n\
                 @mcp.tool()\ndef run(cmd: str) -> str:\n    \
                 return subprocess.check_output(\"{long}\" + cmd, shell=True)\n"
            ),
        ),
        (
            "long.ts",
            format!(
                "import {{ execSync }} from \"node:child_process\";\n\
                 import {{ McpServer }} from \"@modelcontextprotocol/sdk/server/mcp.js\";\n\
                 import {{ z }} from \"zod\";\n\
                 const server = new McpServer({{ name: \"d\", version: \"1\" }});\n\
                 server.tool(\"run\", \"Run\", {{ cmd: z.string() }}, async ({{ cmd }}) => {{\n  \
                 return execSync(\"{long}\" + cmd);\n}});\n"
            ),
        ),
        (
            "long.rs",
            format!(
                "use rmcp::{{handler::server::wrapper::Parameters, tool, tool_router}};\n\
                 use std::process::Command;\n#[tool_router]\nimpl S {{\n    \
                 #[tool(description = \"Run\")]\n    \
                 async fn run(&self, Parameters(a): Parameters<A>) -> String {{\n        \
                 Command::new(\"sh\").arg(\"-c\").arg(format!(\"{long}{{}}\", a.cmd)).output();\n        \
                 String::new()\n    }}\n}}\n"
            ),
        ),
        (
            "mcp.json",
            format!(
                "{{\"mcpServers\": {{\"x\": {{\"command\": \"sh\", \"args\": [\"{long}\"]}}}}}}\n"
            ),
        ),
    ];
    on_analysis_thread("long strings", Duration::from_secs(300), move || {
        for (path, text) in inputs {
            let lang = Lang::from_path(Path::new(path)).expect("known extension");
            let file = mcplint_front::lower(lang, SourceFile::new(path, text)).expect("lowers");
            let result = engine().check_file(&file);
            let diagnostics = engine().check_project(vec![result]);
            if lang != Lang::Json {
                assert!(
                    diagnostics.iter().any(|d| d.rule.name == "shell-injection"),
                    "{path}: the shell sink is still found: {:?}",
                    diagnostics.iter().map(|d| d.rule.name).collect::<Vec<_>>()
                );
            }
        }
    });
}

/// NUL bytes and other control characters, alone and inside code, reach no front end panic (the
/// CLI skips files with NUL bytes as binary, but the front ends must not rely on that).
#[test]
fn nul_bytes_and_control_characters() {
    let mut inputs = Vec::new();
    for (path, code) in [
        ("nul.py", "x = '\0'\ndef f(\0): return \0\n"),
        ("nul.ts", "const x = '\0';\nfunction f(\0) { return \0; }\n"),
        ("nul.rs", "fn f() { let x = \"\0\"; \0 }\n"),
        ("nul.json", "{\"a\": \"\0\", \0}\n"),
    ] {
        inputs.push((path, "\0".repeat(65_536)));
        inputs.push((path, code.to_owned()));
        inputs.push((
            path,
            "\u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}[0m\u{7f}\u{85}\u{2028}\u{2029}".repeat(1000),
        ));
    }
    on_analysis_thread("nul bytes", Duration::from_secs(120), move || {
        for (path, text) in inputs {
            let lang = Lang::from_path(Path::new(path)).expect("known extension");
            analyse(lang, path, text);
        }
    });
}

/// The parser's time budget cancels a parse that runs past it, and the thread's parser works
/// again afterwards: a pathological input ends in `FrontError::Timeout`, not a hang.
#[test]
fn a_parse_past_the_time_budget_is_a_timeout() {
    // About 4 MB of minified code on one line: seconds of parsing, far more than 1 ms.
    let minified = "var a=function(b){return b+1};".repeat(130_000);
    on_analysis_thread("timeout", Duration::from_secs(120), move || {
        for path in ["min.js", "min.ts", "min.py", "min.rs", "min.json"] {
            let lang = Lang::from_path(Path::new(path)).expect("known extension");
            let text = match lang {
                Lang::Json => format!("[{}]", "{\"a\":[1,2,{\"b\":null}]},".repeat(150_000)),
                Lang::Rust => "fn f(){let a=|b|b+1;}".repeat(150_000),
                Lang::Python => "a=(lambda b:b+1);".repeat(150_000),
                _ => minified.clone(),
            };
            let started = Instant::now();
            let lowered = mcplint_front::lower_within(
                lang,
                SourceFile::new(path, text),
                Duration::from_millis(1),
            );
            let elapsed = started.elapsed();
            assert!(
                matches!(lowered, Err(FrontError::Timeout)),
                "{path}: expected a timeout, got {:?}",
                lowered.map(|f| f.functions.len())
            );
            assert!(
                elapsed < Duration::from_secs(5),
                "{path}: cancelled only after {elapsed:?}"
            );
            // The cancelled parser was reset: the next file parses normally.
            let next = SourceFile::new(path, String::new());
            assert!(
                mcplint_front::lower(lang, next).is_ok(),
                "{path}: parser recovered"
            );
        }
    });
}
