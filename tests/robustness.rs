//! Robustness: random and mutated sources of every language through each front end and the whole
//! pipeline (`parse_only`, `lower`, `Engine::check_file`, `Engine::check_project`) must not panic,
//! hang or grow without bound; pathological files (100k-deep nesting, a 50 MB line, a 1M-character
//! string, NUL bytes, invalid UTF-8, CR and CRLF line endings, a BOM, a fifo, control characters
//! in file names) must be scanned or skipped with a notice, never crash the run.
//!
//! The fuzzing is a deterministic mutation loop (a seeded `SplitMix64`, no dependency): each case is
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

mod tools;

use mcplint_front::FrontError;
use mcplint_ir::{File, Lang, SourceFile};
use mcplint_rules::{Diagnostic, Engine, FileResult, Settings};
use tools::{BIN, VULNERABLE, project};

/// Mutants per language (plus a quarter as many random token soups).
const DEFAULT_CASES: usize = 96;

/// The analysis threads' stack size in the CLI (`crates/cli/run.rs`): in-process checks run on a
/// thread of the same size, so a recursion the CLI survives passes here too.
const STACK_SIZE: usize = 64 << 20;

/// Wall time allowed for one small fuzz case, generous for unoptimised builds.
const CASE_TIME: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------------
// Shared machinery

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Settings::default()).expect("built-in catalog loads"))
}

/// `SplitMix64`: small, fast, and the same sequence everywhere.
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
        Err(err) => panic!("{what}: no result after {limit:?} ({err}: a hang?)"),
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
    // The inputs are not kept, so no file is analysed a second time; the fixtures cover that.
    let diagnostics = engine().check_project(results, &|batch, _| vec![None; batch.len()]);
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
            let ident: String = (0..=rng.below(8))
                .map(|_| char::from(b'a' + u8::try_from(rng.below(26)).expect("letter")))
                .collect();
            out.push_str(&ident);
        } else {
            let token = *rng.pick(TOKENS);
            out.push_str(token);
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
    for _ in 0..=rng.below(4) {
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
    let seed = env_number("MCPLINT_FUZZ_SEED").unwrap_or(0x006d_6370_6c69_6e74);
    let cases = env_number("MCPLINT_FUZZ_CASES")
        .map_or(DEFAULT_CASES, |n| usize::try_from(n).expect("fits"));
    let name = lang.name();
    on_analysis_thread(name, Duration::from_mins(10), move || {
        let donors: Vec<Vec<u8>> = seeds.iter().map(|(_, b)| b.clone()).collect();
        // One stream per language (FNV-1a of its name over the seed).
        let mut rng = Rng(name.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        }));
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

#[test]
fn fuzz_dotenv() {
    fuzz(Lang::Env, ".env");
}

#[test]
fn fuzz_credential_files() {
    fuzz(Lang::Credentials, ".kube/config");
}

// ---------------------------------------------------------------------------------------------
// Pathological sources, in process

/// 100k-deep nesting of what nests in each language: brackets, calls, lambdas and closures,
/// blocks, left-deep operator chains, f-strings and template literals, JSX, macro token trees and
/// attribute arguments, and unclosed brackets (error recovery).
fn deep_nesting(lang: Lang) -> Vec<(&'static str, String)> {
    const N: usize = 100_000;
    // `unit` opens `levels` levels: repeated to N levels in all.
    let deep = |unit: &str, levels: usize| unit.repeat(N / levels);
    let chain = |op: &str| vec!["a"; N].join(op);
    match lang {
        Lang::Python => vec![
            (
                "parens.py",
                format!("x = {}1{}\n", deep("(", 1), deep(")", 1)),
            ),
            (
                "dicts.py",
                format!("x = {}1{}\n", deep("[{'a': f(", 3), deep(")}]", 3)),
            ),
            ("lambdas.py", format!("f = {}1\n", deep("lambda: not ", 2))),
            ("sum.py", format!("x = {}\n", chain(" + "))),
            (
                "fstring.py",
                format!("x = {}1{}\n", deep("f'{", 1), deep("}'", 1)),
            ),
            (
                "unclosed.py",
                format!("def f(x):\n    return {}\n", deep("([", 2)),
            ),
        ],
        Lang::TypeScript | Lang::JavaScript => vec![
            (
                "parens.ts",
                format!("const x = {}1{};\n", deep("({a: [", 3), deep("]})", 3)),
            ),
            (
                "blocks.ts",
                format!("function f() {}{}\n", deep("{ if (a) ", 2), deep("}", 2)),
            ),
            ("arrows.ts", format!("const f = {}1;\n", deep("() => ", 1))),
            (
                "templates.ts",
                format!("const x = {}1{};\n", deep("`${", 1), deep("}`", 1)),
            ),
            ("sum.ts", format!("const x = {};\n", chain(" + "))),
            (
                "jsx.jsx",
                format!("const x = {}{};\n", deep("<a>", 1), deep("</a>", 1)),
            ),
            (
                "unclosed.js",
                format!("server.tool('x', async ({{ a }}) => {}\n", deep("f([", 2)),
            ),
        ],
        Lang::Rust => vec![
            (
                "parens.rs",
                format!(
                    "fn main() {{ let x = {}1{}; }}\n",
                    deep("([", 2),
                    deep("])", 2)
                ),
            ),
            (
                "blocks.rs",
                format!("fn main() {}{}\n", deep("{ || ", 2), deep("}", 2)),
            ),
            (
                "sum.rs",
                format!("fn main() {{ let x = {}; }}\n", chain(" + ")),
            ),
            (
                "format.rs",
                format!(
                    "fn main() {{ format!(\"{{}}\", {}x{}); }}\n",
                    deep("(", 1),
                    deep(")", 1)
                ),
            ),
            (
                "attribute.rs",
                format!(
                    "#[tool(description = {}\"x\"{})]\nfn f() {{}}\n",
                    deep("(", 1),
                    deep(")", 1)
                ),
            ),
            (
                "unclosed.rs",
                format!("fn f() {{ Command::new(\"sh\").arg({}\n", deep("([", 2)),
            ),
        ],
        Lang::Json => vec![
            (
                "nested.json",
                format!("{}1{}\n", deep("{\"a\":[", 2), deep("]}", 2)),
            ),
            (
                "unclosed.json",
                format!("{{\"mcpServers\": {}\n", deep("[{\"a\":", 2)),
            ),
        ],
        Lang::Env | Lang::Credentials => Vec::new(),
    }
}

/// Lowers and checks each input on the CLI's stack, then runs the project phase over them.
fn pathological(lang: Lang, inputs: Vec<(&'static str, String)>) {
    let what = format!("pathological {}", lang.name());
    on_analysis_thread(&what.clone(), Duration::from_mins(5), move || {
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
                elapsed < Duration::from_mins(1),
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

/// Nodes with 100,000 children (arguments, elements, keys, tuple fields) in every language:
/// anything that looks a child up by counting its siblings would be quadratic here.
#[test]
fn wide_nodes_in_every_language() {
    let n = 100_000;
    let list = |item: &str| vec![item; n].join(", ");
    pathological(
        Lang::Python,
        vec![
            (
                "call.py",
                format!("import os\nos.system(f({}))\n", list("x")),
            ),
            ("list.py", format!("X = [{}]\n", list("'a'"))),
            // Every call is on a module-level instance: whether the function shadows the name
            // is looked up once, not once per call.
            (
                "body.py",
                format!(
                    "import requests\nclass C:\n    def get(self, u):\n        return requests.get(u)\n\
                     c = C()\ndef f(a):\n{}",
                    "    x = c.get(a)\n".repeat(n)
                ),
            ),
            ("dict.py", format!("X = {{{}}}\n", list("k: v"))),
            (
                "params.py",
                format!(
                    "def f({}): pass\n",
                    (0..n)
                        .map(|i| format!("p{i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        ],
    );
    pathological(
        Lang::TypeScript,
        vec![
            ("call.ts", format!("exec(f({}));\n", list("x"))),
            ("object.ts", format!("const o = {{{}}};\n", list("k: v"))),
            (
                "body.ts",
                format!(
                    "class C {{ get(u) {{ return fetch(u); }} }}\nconst c = new C();\n\
                     function f(a) {{\n{}}}\n",
                    "  c.get(a);\n".repeat(n)
                ),
            ),
        ],
    );
    pathological(
        Lang::Rust,
        vec![
            ("tuple.rs", format!("pub struct T({});\n", list("pub u8"))),
            ("call.rs", format!("fn g() {{ f({}); }}\n", list("x"))),
        ],
    );
}

/// A string literal of 1M characters (ASCII, two-byte characters and escapes) inside the command
/// that reaches a shell, in every language: still analysed, the sink still found. (In Rust not
/// inside `format!`: macro bodies over 256 KiB are left opaque by design, see
/// `MAX_TOKEN_TREE_BYTES` in the Rust front end.)
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
                 let script = String::from(\"{long}\") + &a.cmd;\n        \
                 Command::new(\"sh\").arg(\"-c\").arg(script).output();\n        \
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
    on_analysis_thread("long strings", Duration::from_mins(5), move || {
        for (path, text) in inputs {
            let lang = Lang::from_path(Path::new(path)).expect("known extension");
            let file = mcplint_front::lower(lang, SourceFile::new(path, text)).expect("lowers");
            let result = engine().check_file(&file);
            let diagnostics =
                engine().check_project(vec![result], &|batch, _| vec![None; batch.len()]);
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
    on_analysis_thread("nul bytes", Duration::from_mins(2), move || {
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
    on_analysis_thread("timeout", Duration::from_mins(2), move || {
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

// ---------------------------------------------------------------------------------------------
// Pathological files, through the binary

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    /// Peak resident set size in kB, sampled from /proc while the process ran (Linux only).
    peak_rss_kb: Option<u64>,
}

impl Run {
    /// The lines of standard error that are notices about `path` (as displayed).
    fn notices_about(&self, path: &str) -> Vec<&str> {
        tools::notices_about(&self.stderr, path)
    }
}

/// Runs mcplint in `dir`, killing it after `limit`: a hang, a signal, a panic or an internal error
/// fails the test. The peak RSS is sampled from `/proc/PID/status` (`VmHWM`) while it runs.
fn mcplint(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mcplint starts");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut out = Vec::new();
            let _ = pipe.read_to_end(&mut out);
            String::from_utf8_lossy(&out).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let started = Instant::now();
    let mut peak_rss_kb = None;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if let Some(kb) = fs::read_to_string(&status_file).ok().and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        }) {
            peak_rss_kb = Some(peak_rss_kb.unwrap_or(0).max(kb));
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("mcplint {args:?} still running after {limit:?}: it hangs");
        }
        thread::sleep(Duration::from_millis(5));
    };
    let run = Run {
        code: status
            .code()
            .unwrap_or_else(|| panic!("mcplint {args:?} was killed: {status:?}")),
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
        peak_rss_kb,
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("internal error"),
        "mcplint {args:?} panicked:\n{}",
        run.stderr
    );
    run
}

const LIMIT: Duration = Duration::from_mins(1);

/// A fifo must never be opened: opening one for reading blocks until a writer appears. The walker
/// skips it silently (also through a followed symlink); named explicitly, it gets a notice.
#[cfg(unix)]
#[test]
fn a_fifo_is_skipped_without_blocking() {
    let dir = project(&[("vuln.py", VULNERABLE.as_bytes())]);
    let made = Command::new("mkfifo")
        .arg(dir.path().join("pipe.py"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo (coreutils) runs");
    std::os::unix::fs::symlink("pipe.py", dir.path().join("link.py")).expect("symlink");
    for args in [&["."][..], &[".", "--follow-links"]] {
        let run = mcplint(dir.path(), args, LIMIT);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stdout.contains(" in 1 file"), "{}", run.stdout);
        assert_eq!(run.stderr, "", "{args:?}");
    }
    let run = mcplint(dir.path(), &["pipe.py", "link.py", "vuln.py"], LIMIT);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for path in ["pipe.py", "link.py"] {
        assert_eq!(
            run.notices_about(path),
            [format!(
                "mcplint: {path}: not a regular file or directory; skipped"
            )],
            "{}",
            run.stderr
        );
    }
}

/// A 50 MB single line: skipped with a notice under the default 10 MB limit; scanned, in bounded
/// time and memory, when the limit is raised. (Code, then a 50 MB comment: 50 MB of dense code or
/// of one string literal takes too long in an unoptimised build, see the `--stats` of a release
/// build for those.)
#[test]
fn a_fifty_megabyte_line() {
    let unit = "lorem ipsum dolor sit amet ";
    let mut line = String::from(
        "import { execSync } from \"node:child_process\"; execSync(process.argv[2]); // ",
    );
    line.push_str(&unit.repeat(50_000_000 / unit.len() + 1));
    line.push('\n');
    assert!(line.len() > 50_000_000 && line.matches('\n').count() == 1);
    let dir = project(&[
        ("vuln.py", VULNERABLE.as_bytes()),
        ("big.ts", line.as_bytes()),
    ]);
    drop(line);

    let run = mcplint(dir.path(), &[], LIMIT);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.notices_about("big.ts"),
        ["mcplint: big.ts: skipped: larger than 10000000 bytes (--max-file-size)"]
    );

    let run = mcplint(dir.path(), &["--max-file-size", "60000000"], LIMIT);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert!(run.stdout.contains(" in 2 file"), "{}", run.stdout);
    if let Some(kb) = run.peak_rss_kb {
        // The text, its IR string and the syntax tree, with room to spare; not a copy per token.
        assert!(kb < 600_000, "peak RSS {kb} kB for a 50 MB file");
    }
}

/// CRLF, lone CR (classic Mac OS) and a byte-order mark: the same finding at the same line and
/// column as with LF endings, in JSON and in the text report.
#[test]
fn line_endings_and_byte_order_mark() {
    let crlf = VULNERABLE.replace('\n', "\r\n");
    let cr = VULNERABLE.replace('\n', "\r");
    let bom = format!("\u{feff}{VULNERABLE}");
    let dir = project(&[
        ("lf.py", VULNERABLE.as_bytes()),
        ("crlf.py", crlf.as_bytes()),
        ("cr.py", cr.as_bytes()),
        ("bom.py", bom.as_bytes()),
    ]);
    let run = mcplint(dir.path(), &["--format", "json"], LIMIT);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON output");
    let findings = json["findings"].as_array().expect("findings");
    let at = |v: &serde_json::Value| (v["line"].as_u64(), v["column"].as_u64());
    for path in ["lf.py", "crlf.py", "cr.py", "bom.py"] {
        let here: Vec<_> = findings.iter().filter(|f| f["path"] == path).collect();
        assert_eq!(here.len(), 1, "{path}: {findings:?}");
        let f = here[0];
        assert_eq!(f["rule"], "shell-injection");
        assert_eq!(at(&f["start"]), (Some(11), Some(12)), "{path}");
        assert_eq!(at(&f["end"]), (Some(11), Some(75)), "{path}");
        assert_eq!(at(&f["labels"][0]["start"]), (Some(9), Some(9)), "{path}");
    }
    let run = mcplint(dir.path(), &["--color", "never"], LIMIT);
    for path in ["lf.py", "crlf.py", "cr.py", "bom.py"] {
        assert!(
            run.stdout.contains(&format!("┌─ {path}:11:12\n")),
            "{path}:\n{}",
            run.stdout
        );
    }
    assert!(!run.stdout.contains('\r'), "{}", run.stdout);
}

/// Invalid UTF-8 inside a string literal and files of NUL bytes, in every language: one notice
/// each, and the other files' findings survive. A NUL byte past the binary probe reaches the front
/// end, which copes.
#[test]
fn undecodable_and_binary_files_in_every_language() {
    let late_nul = format!("{}const x = \"\0\";\n", "// padding\n".repeat(1000));
    let nuls = vec![0u8; 65_536];
    let dir = project(&[
        ("vuln.py", VULNERABLE.as_bytes()),
        ("latin1.ts", b"const s = \"caf\xe9\";\n"),
        ("latin1.mjs", b"export const s = 'caf\xe9';\n"),
        ("latin1.rs", b"const S: &str = \"caf\xe9\";\n"),
        ("latin1.json", b"{\"name\": \"caf\xe9\"}\n"),
        ("nul.py", &nuls),
        ("nul.ts", &nuls),
        ("nul.rs", &nuls),
        ("nul.json", &nuls),
        ("late_nul.ts", late_nul.as_bytes()),
    ]);
    let run = mcplint(dir.path(), &[], LIMIT);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for path in ["latin1.ts", "latin1.mjs", "latin1.rs", "latin1.json"] {
        assert_eq!(
            run.notices_about(path),
            [format!("mcplint: {path}: skipped: not valid UTF-8")],
            "{}",
            run.stderr
        );
    }
    for path in ["nul.py", "nul.ts", "nul.rs", "nul.json"] {
        assert_eq!(
            run.notices_about(path),
            [format!(
                "mcplint: {path}: skipped: binary file (contains NUL bytes)"
            )],
            "{}",
            run.stderr
        );
    }
    assert!(run.stdout.contains(" in 2 file"), "{}", run.stdout);
}

/// A file name with a newline, a carriage return, a tab, an escape sequence, a bell and a bidi
/// override: escaped in the notices and in every output format, so it can neither forge output
/// lines nor drive a terminal or a log viewer.
#[cfg(unix)]
#[test]
fn control_characters_in_file_names_in_every_format() {
    let name = "evil\nname\r\t\u{1b}[31m\u{7}\u{202e}.py";
    let broken = "bad\nfile.py";
    let dir = project(&[(name, VULNERABLE.as_bytes()), (broken, b"def f(:\n")]);
    let raw = ['\r', '\u{1b}', '\u{7}', '\u{202e}'];
    let escaped = "evil\\u{a}name\\u{d}\\u{9}\\u{1b}[31m\\u{7}\\u{202e}.py";

    for format in ["text", "json", "sarif", "github"] {
        let run = mcplint(dir.path(), &["--format", format, "--color", "never"], LIMIT);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        for c in raw {
            // JSON escapes control characters but not the bidi override: that is for its reader.
            let json = matches!(format, "json" | "sarif");
            assert!(
                !run.stdout.contains(c) || (json && c == '\u{202e}'),
                "{format}: raw {c:?} in\n{}",
                run.stdout
            );
            assert!(
                !run.stderr.contains(c),
                "{format}: raw {c:?} in\n{}",
                run.stderr
            );
        }
        // The notice about the broken file is one line, its name escaped.
        assert_eq!(
            run.notices_about("bad\\u{a}file.py").len(),
            1,
            "{format}: {}",
            run.stderr
        );
        match format {
            "text" => {
                assert!(
                    run.stdout.contains(&format!("┌─ {escaped}:11:12")),
                    "{}",
                    run.stdout
                );
                assert!(
                    !run.stdout.lines().any(|l| l.starts_with("name")),
                    "{}",
                    run.stdout
                );
            }
            "github" => {
                let first = run.stdout.lines().next().unwrap_or_default();
                assert!(
                    first.starts_with(&format!(
                        "::error file={},line=11,col=12,",
                        escaped.replace(':', "%3A").replace(',', "%2C")
                    )),
                    "{first}"
                );
                assert_eq!(run.stdout.lines().count(), 2, "one command and the summary");
            }
            "json" => {
                let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
                assert_eq!(json["findings"][0]["path"], name);
            }
            _ => {
                let sarif: serde_json::Value = serde_json::from_str(&run.stdout).expect("SARIF");
                let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
                    ["uri"];
                assert_eq!(
                    uri, "evil%0Aname%0D%09%1B%5B31m%07%E2%80%AE.py",
                    "percent-encoded"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// `--stats` and `mcplint debug parse-only`

#[test]
fn stats_go_to_standard_error() {
    let dir = project(&[("vuln.py", VULNERABLE.as_bytes())]);
    let run = mcplint(dir.path(), &["--stats", "--format", "json"], LIMIT);
    assert_eq!(run.code, 1);
    let _: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is only JSON");
    let bytes = VULNERABLE.len();
    assert!(
        run.stderr.starts_with(&format!(
            "mcplint: stats: 1 files (0 from the cache), 11 lines, {bytes} bytes\n"
        )),
        "{}",
        run.stderr
    );
    for phase in [
        "walk",
        "engine setup",
        "parse+lower",
        "rules per file",
        "project phase",
        "report",
        "total",
    ] {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.starts_with(&format!("mcplint: stats: {phase}")) && l.ends_with(" ms")),
            "{phase}: {}",
            run.stderr
        );
    }
}

#[test]
fn debug_parse_only_parses_what_a_scan_would() {
    let dir = project(&[
        ("vuln.py", VULNERABLE.as_bytes()),
        ("web/app.ts", b"export const x = 1;\n"),
        ("node_modules/dep/index.js", b"module.exports = 1;\n"),
        ("blob.py", b"\x00\x01"),
    ]);
    let run = mcplint(
        dir.path(),
        &["debug", "parse-only", ".", "--threads", "2"],
        LIMIT,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = VULNERABLE.len() + 20;
    assert!(
        run.stdout
            .starts_with(&format!("parsed 2 files, 12 lines, {bytes} bytes, ")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.trim_end().ends_with(" ms"), "{}", run.stdout);
    assert_eq!(run.notices_about("blob.py").len(), 1, "{}", run.stderr);
}
