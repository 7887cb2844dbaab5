use std::ops::Range;
use std::sync::OnceLock;

use mcplint_ir::{Arg, CredentialFile, Expr, ExprKind, File, Lang, Part, Pattern, Span, Stmt, ops};
use regex::Regex;

mod detector;

use crate::catalog::sections::secrets::Secrets;
use crate::{Check, Diagnostic, FileContext, Severity, declare_rule};

declare_rule! {
    /// ## What it does
    /// Finds credentials written into source and configuration files: API keys, access tokens,
    /// private keys, webhook URLs and passwords in string literals of Python, TypeScript,
    /// JavaScript and Rust; in MCP client configurations (`mcpServers.*.env`, `headers`,
    /// `args` such as `--api-key=...`, VS Code `servers`); in MCP bundle manifests
    /// (`user_config` defaults of `sensitive` options) and registry `server.json` files
    /// (`environmentVariables` marked `isSecret`); in committed `.env` files; in credential files
    /// known by name whatever their extension (SSH keys `id_rsa`, `id_ecdsa`, `id_ed25519`;
    /// `*.pem` and `*.key` private keys; `*.p12`/`*.pfx` key stores, reported by name without
    /// reading them; AWS `credentials`, `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`,
    /// Terraform `*.tfvars`, kubeconfig files), at the key's line; and in tool descriptions and
    /// defaults. Like every scanned file, a credential file listed in `.gitignore` is not read.
    ///
    /// Tokens with a distinctive shape (GitHub `ghp_`, AWS `AKIA`, Slack `xoxb-`, Stripe
    /// `sk_live_`, `sk-proj-` and `sk-ant-` model API keys, Google `AIza`, private key blocks,
    /// passwords in connection URLs and about forty more) are reported as errors wherever they appear. A random-looking value
    /// given to a name that means a secret (`api_key`, `token`, `password`, `Authorization`,
    /// `client_secret`, `--api-key`) is reported as a warning when it is long enough and has
    /// enough entropy. A hex key typed with a pattern (`000102...1f`, `00112233...`, all zeros)
    /// as the fallback of an environment read (`process.env.KEY || "..."`,
    /// `os.environ.get("KEY", "...")`, `env::var("KEY").unwrap_or(...)`, directly or through a
    /// constant) is reported as a default key (CWE-1394), a warning: every deployment that does
    /// not set the variable shares it. Placeholders (`your-api-key`, `<TOKEN>`, `${env:X}`, `sk-...`), test
    /// fakes, published examples, UUIDs, hashes, identifiers and values read from the
    /// environment are not secrets. In test files (`tests/`, `test_*.py`, `*.test.ts`), test
    /// functions (`#[test]`), Rust modules and items compiled only for tests (`#[cfg(test)]`) and
    /// example dotenv files (`.env.example`) only provider-shaped tokens are reported, and in tests not the
    /// shapes tests make up (passwords in connection URLs, JSON Web Tokens). Findings never show a secret: at most its first four
    /// characters and its length.
    ///
    /// The patterns, names, placeholders and thresholds are data in `rules/secrets.toml`; add
    /// your own with `extend-catalog`.
    ///
    /// ## Why is this bad?
    /// MCP servers wrap APIs, so they hold the keys to them, and the configuration files next to
    /// them hold more. A key committed to a repository is read by everyone who can clone it, is
    /// kept in its history after it is deleted, and is found within minutes by the scanners
    /// that watch public repositories. Whoever has it acts as the server: reads the mail, pushes
    /// to the repository, spends the API budget.
    ///
    /// ## Example
    /// ```python
    /// import httpx
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// GITHUB_TOKEN = "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d"  # expect: hardcoded-secret
    /// mcp = FastMCP("issues")
    ///
    /// @mcp.tool()
    /// def list_issues(repo: str) -> str:
    ///     """List the open issues of a repository."""
    ///     headers = {"Authorization": f"Bearer {GITHUB_TOKEN}"}
    ///     return httpx.get(f"https://api.github.com/repos/{repo}/issues", headers=headers).text
    /// ```
    ///
    /// ## Use instead
    /// Read the secret from the environment (or a secret manager) when the server starts, and
    /// revoke the key that was committed: it is compromised.
    /// ```python
    /// import os
    ///
    /// import httpx
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]
    /// mcp = FastMCP("issues")
    ///
    /// @mcp.tool()
    /// def list_issues(repo: str) -> str:
    ///     """List the open issues of a repository."""
    ///     headers = {"Authorization": f"Bearer {GITHUB_TOKEN}"}
    ///     return httpx.get(f"https://api.github.com/repos/{repo}/issues", headers=headers).text
    /// ```
    /// In client configurations, reference the variable (`"env": {"GITHUB_TOKEN":
    /// "${env:GITHUB_TOKEN}"}`, VS Code `${input:github-token}`); in bundles, declare a
    /// `sensitive` `user_config` option without a default.
    ///
    /// ## References
    /// - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    /// - [CWE-1394: Use of Default Cryptographic Key](https://cwe.mitre.org/data/definitions/1394.html)
    /// - [OWASP: Secrets Management Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html)
    /// - [MCP specification: security best practices](https://modelcontextprotocol.io/specification/2025-06-18/basic/security_best_practices)
    pub(crate) HARDCODED_SECRET {
        name: "hardcoded-secret",
        severity: Error,
        cwe: [798, 1394],
        summary: "a credential is written into a source or configuration file",
        languages: [Python, TypeScript, JavaScript, Rust, Json, Env, Credentials],
        check: Check::Ir(check),
    }
}

/// How deeply expressions are followed.
const MAX_DEPTH: usize = 256;

fn help(lang: Lang) -> &'static str {
    match lang {
        Lang::Python => {
            "read it from the environment (`os.environ[\"NAME\"]`) or a secret manager, and revoke the committed key"
        }
        Lang::TypeScript | Lang::JavaScript => {
            "read it from the environment (`process.env.NAME`) or a secret manager, and revoke the committed key"
        }
        Lang::Rust => {
            "read it from the environment (`std::env::var(\"NAME\")`) or a secret manager, and revoke the committed key"
        }
        Lang::Json => {
            "reference an environment variable or input (`${env:NAME}`, `${input:name}`, a `sensitive` user_config option) instead, and revoke the committed key"
        }
        Lang::Env => {
            "do not commit .env files: list it in .gitignore, commit a .env.example with placeholders, and revoke the committed key"
        }
        Lang::Credentials => {
            "remove the file from the repository and its history, list it in .gitignore, and revoke the key or password it holds"
        }
    }
}

/// What was found.
#[derive(Clone, Debug)]
enum What {
    /// A provider-shaped token (`GitHub token`).
    Provider(String),
    /// A value given to a secret-like name (shown when printable) or marked secret.
    Named(Option<String>),
    /// A key store committed whole (`*.p12`): reported by name, its content never read.
    KeyStore,
    /// A patterned hex key given as the fallback of a read of this environment variable.
    DefaultKey(String),
}

impl What {
    /// Which finding wins when several describe one secret: a provider's, then a default
    /// key's, then a name-based one.
    fn rank(&self) -> u8 {
        match self {
            What::Provider(_) | What::KeyStore => 0,
            What::DefaultKey(_) => 1,
            What::Named(_) => 2,
        }
    }
}

#[derive(Clone, Debug)]
struct Found {
    /// Where it is reported: the whole provider match (a private key block from `-----BEGIN`)
    /// or the secret.
    span: Span,
    /// Where the secret is (the whole literal when it could not be located exactly).
    secret_span: Span,
    /// The secret, for its redacted form.
    secret: String,
    what: What,
}

fn check(cx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let s = &cx.catalog.secrets;
    let file = cx.file;
    let path = file.source.path.as_str();
    if s.is_empty() || s.skips_file(path) {
        return;
    }
    let test_file = s.is_test_file(path);
    let providers_only = (file.lang == Lang::Env && s.is_doc_file(path)) || test_file;
    let credential = (file.lang == Lang::Credentials)
        .then(|| CredentialFile::from_path(std::path::Path::new(path)))
        .flatten();
    if credential.is_some_and(CredentialFile::is_binary) {
        if !test_file {
            report_key_store(cx, out);
        }
        return;
    }
    let mut w = Walker {
        s,
        file,
        credential,
        providers_only,
        in_tests: test_file,
        fallback_names: Vec::new(),
        hex_constants: Vec::new(),
        test_modules: if test_file {
            Vec::new()
        } else {
            test_modules(file)
        },
        found: Vec::new(),
    };
    for (id, f) in file.functions.iter().enumerate() {
        let test_fn = !test_file && (is_test_function(s, file, id) || w.in_test_module(f.span));
        w.providers_only = providers_only || test_fn;
        w.in_tests = test_file || test_fn;
        for p in &f.params {
            if let Some(d) = &p.default {
                w.expr(d, Some(p.name.as_str()), false, 0);
            }
            for a in &p.attributes {
                w.expr(a, None, false, 0);
            }
        }
        for d in &f.decorators {
            w.expr(d, None, false, 0);
        }
        if let Some(doc) = &f.doc {
            w.fragment(&doc.text, doc.span, false);
        }
        w.stmts(&f.body, f.name.as_deref());
    }
    w.providers_only = providers_only;
    w.in_tests = test_file;
    for c in &file.classes {
        let test_class =
            !test_file && (w.in_test_module(c.span) || c.decorators.iter().any(is_cfg_test));
        w.providers_only = providers_only || test_class;
        w.in_tests = test_file || test_class;
        for d in &c.decorators {
            w.expr(d, None, false, 0);
        }
        if let Some(doc) = &c.doc {
            w.fragment(&doc.text, doc.span, false);
        }
        for field in &c.fields {
            if let Some(v) = &field.value {
                w.expr(v, Some(field.name.as_str()), false, 0);
            }
            for a in &field.attributes {
                w.expr(a, None, false, 0);
            }
            if let Some(doc) = &field.doc {
                w.fragment(&doc.text, doc.span, false);
            }
        }
    }
    w.default_key_constants();
    report(cx, w.found, out);
}

/// A key store (`*.p12`) is reported whole, at its start, without reading it.
fn report_key_store(cx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let found = vec![Found {
        span: Span::default(),
        secret_span: Span::default(),
        secret: String::new(),
        what: What::KeyStore,
    }];
    report(cx, found, out);
}

/// Whether function `id` is test code: it, or a function it is nested in, carries a test
/// attribute (`#[test]`, `#[tokio::test]`) or is compiled only for tests (`#[cfg(test)]`).
fn is_test_function(s: &Secrets, file: &File, id: usize) -> bool {
    let mut cur = Some(id);
    for _ in 0..MAX_DEPTH {
        let Some(f) = cur.and_then(|i| file.functions.get(i)) else {
            return false;
        };
        let marked = f.decorators.iter().any(|d| match &d.kind {
            ExprKind::Name(n) => s.is_test_attribute(n),
            ExprKind::Call { callee, .. } => s.is_test_attribute(callee) || is_cfg_test(d),
            _ => false,
        });
        if marked {
            return true;
        }
        cur = f.parent;
    }
    false
}

/// The spans of the inline modules compiled only for tests (`#[cfg(test)] mod tests { ... }`),
/// nested ones included.
fn test_modules(file: &File) -> Vec<Span> {
    file.modules
        .iter()
        .filter(|m| m.attributes.iter().any(is_cfg_test))
        .map(|m| m.span)
        .collect()
}

/// Whether an attribute is `cfg(...)` whose condition holds only in test builds: `test`,
/// `all(test, ...)`, `any(...)` of such conditions (not `not(test)`).
fn is_cfg_test(attribute: &Expr) -> bool {
    fn test_only(e: &Expr, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        match &e.kind {
            ExprKind::Name(n) => n == "test",
            ExprKind::Call { callee, args, .. } => match callee.as_str() {
                "all" => args.iter().any(|a| test_only(&a.value, depth + 1)),
                "any" => !args.is_empty() && args.iter().all(|a| test_only(&a.value, depth + 1)),
                _ => false,
            },
            _ => false,
        }
    }
    match &attribute.kind {
        ExprKind::Call { callee, args, .. } if callee == "cfg" => {
            args.len() == 1 && test_only(&args[0].value, 0)
        }
        _ => false,
    }
}

fn report(cx: &FileContext<'_>, mut found: Vec<Found>, out: &mut Vec<Diagnostic>) {
    let path = cx.file.source.path.as_str();
    // One finding per place; a provider match wins over a name-based one.
    found.sort_by_key(|f| (f.secret_span.start, f.what.rank(), f.secret_span.end));
    let mut kept: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        let (a, b) = (f.secret_span, &kept);
        if b.iter()
            .any(|k| k.secret_span.start < a.end.max(a.start + 1) && a.start < k.secret_span.end)
        {
            continue;
        }
        kept.push(f);
    }
    let max = cx.catalog.secrets.max_per_file();
    let help = help(cx.file.lang);
    // In a file that holds credentials by its purpose, a secret-like key's value is one.
    let credential = (cx.file.lang == Lang::Credentials)
        .then(|| CredentialFile::from_path(std::path::Path::new(path)))
        .flatten()
        .filter(|c| c.holds_credentials());
    for f in kept.iter().take(max) {
        let shown = detector::redacted(&f.secret);
        let (message, severity) = match (&f.what, credential) {
            (What::Provider(name), _) => (format!("hardcoded {name} `{shown}`"), Severity::Error),
            (What::DefaultKey(var), _) => (
                format!(
                    "hardcoded default key `{shown}`, used whenever `{var}` is not set (CWE-1394)"
                ),
                Severity::Warning,
            ),
            (What::KeyStore, _) => (
                "committed PKCS#12 key store: it holds private keys (content not shown)".to_owned(),
                Severity::Error,
            ),
            (What::Named(Some(name)), Some(c)) => (
                format!(
                    "hardcoded secret in `{name}` of {} (`{shown}`)",
                    c.describe()
                ),
                Severity::Error,
            ),
            (What::Named(None), Some(c)) => (
                format!("hardcoded secret in {} (`{shown}`)", c.describe()),
                Severity::Error,
            ),
            (What::Named(Some(name)), None) => (
                format!("hardcoded secret in `{name}` (`{shown}`)"),
                Severity::Warning,
            ),
            (What::Named(None), None) => (
                format!("hardcoded secret `{shown}` in a value marked secret"),
                Severity::Warning,
            ),
        };
        let mut d = Diagnostic::new(&HARDCODED_SECRET, path, f.span, message).help(help);
        d.severity = severity;
        d.redact.push(f.secret_span);
        out.push(d);
    }
    if kept.len() > max {
        let rest = &kept[max..];
        let mut d = Diagnostic::new(
            &HARDCODED_SECRET,
            path,
            rest[0].span,
            format!(
                "{} more hardcoded secret{} in this file not reported (at most {max} a file)",
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            ),
        )
        .help(help);
        d.severity = Severity::Warning;
        d.redact = rest.iter().map(|f| f.secret_span).collect();
        out.push(d);
    }
}

struct Walker<'a> {
    s: &'a Secrets,
    file: &'a File,
    /// The kind of credential file it is, if it is one.
    credential: Option<CredentialFile>,
    /// Documentation dotenv files and tests: only provider patterns apply.
    providers_only: bool,
    /// Test files and test functions: provider patterns marked `in-tests = false` do not apply.
    in_tests: bool,
    /// Spans of the modules compiled only for tests: the statements in them are test code.
    test_modules: Vec<Span>,
    /// Names given as the fallback of an environment read, with the variable read
    /// (`process.env.KEY || DEFAULT_KEY`).
    fallback_names: Vec<(&'a str, &'a str)>,
    /// Patterned hex keys assigned to names, outside test code: default keys when the name is
    /// a fallback of an environment read.
    hex_constants: Vec<(&'a str, &'a Expr)>,
    found: Vec<Found>,
}

/// `data:...;base64,...` payloads, blanked before provider patterns run on a text.
fn data_uris() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"data:[A-Za-z0-9.+/-]*(?:;[A-Za-z0-9=.-]+)*;base64,[A-Za-z0-9+/=\s\\]*")
            .expect("valid")
    })
}

/// `text` with data-URI payloads replaced by spaces (offsets unchanged).
fn blank_data_uris(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(";base64,") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.to_owned();
    for m in data_uris().find_iter(text) {
        out.replace_range(m.range(), &" ".repeat(m.len()));
    }
    std::borrow::Cow::Owned(out)
}

/// A subscript key assigned to (`config["api_key"] = ...`, `os.environ['TOKEN'] = ...`).
fn subscript_key(target_text: &str) -> Option<&str> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"\[\s*["']([^"'\]\n]{1,80})["']\s*\]\s*[^\s\w]?=\s*$"#).expect("valid")
    });
    re.captures(target_text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
}

/// A string that could be a name, key, flag or header (`API_KEY`, `X-Api-Key`, `--token`).
fn name_shaped(s: &str) -> bool {
    let s = s.trim_start_matches('-');
    !s.is_empty()
        && s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

impl<'a> Walker<'a> {
    fn secret_name(&self, name: Option<&str>) -> bool {
        name.is_some_and(|n| self.s.is_secret_name(n))
    }

    /// The provider-shaped tokens in `text` (given to `name`) that count here.
    fn providers(&self, text: &str, name: Option<&str>) -> Vec<detector::ProviderMatch> {
        let mut found = self.s.providers(text, name);
        if self.in_tests {
            found.retain(|m| m.in_tests);
        }
        found
    }

    /// Whether `span` lies in a module compiled only for tests.
    fn in_test_module(&self, span: Span) -> bool {
        self.test_modules
            .iter()
            .any(|m| m.start <= span.start && span.end <= m.end)
    }

    fn stmts(&mut self, stmts: &'a [Stmt], fn_name: Option<&'a str>) {
        for st in stmts {
            // Constants of a `#[cfg(test)]` module are statements of the file's top level.
            let at = match st {
                Stmt::Assign { span, .. } | Stmt::Exit { span, .. } => Some(*span),
                Stmt::Eval(e) => Some(e.span),
                _ => None,
            };
            if at.is_some_and(|at| self.in_test_module(at)) && !self.in_tests {
                let saved = (self.providers_only, self.in_tests);
                (self.providers_only, self.in_tests) = (true, true);
                self.stmt(st, fn_name);
                (self.providers_only, self.in_tests) = saved;
            } else {
                self.stmt(st, fn_name);
            }
        }
    }

    fn stmt(&mut self, st: &'a Stmt, fn_name: Option<&'a str>) {
        match st {
            Stmt::Assign {
                target,
                value,
                span,
            } => {
                let before = self.file.source.slice(Span {
                    start: span.start,
                    end: value.span.start,
                });
                let name = subscript_key(before).or(match target {
                    Pattern::Name(n) => Some(n.as_str()),
                    _ => None,
                });
                if self.credential.is_some() {
                    self.credential_entry(value, name);
                } else {
                    if let (Some(n), Some(text)) = (name, value.as_str())
                        && !self.providers_only
                        && detector::is_patterned_hex_key(text)
                    {
                        self.hex_constants.push((n, value));
                    }
                    self.expr(value, name, false, 0);
                }
            }
            Stmt::Eval(e) => self.expr(e, None, false, 0),
            Stmt::Exit {
                value: Some(v),
                is_return,
                ..
            } => self.expr(v, if *is_return { fn_name } else { None }, false, 0),
            Stmt::Exit { value: None, .. } | Stmt::Jump(_) => {}
            Stmt::If { test, then, orelse } => {
                self.expr(test, None, false, 0);
                self.stmts(then, fn_name);
                self.stmts(orelse, fn_name);
            }
            Stmt::Loop(body) => self.stmts(body, fn_name),
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                self.stmts(body, fn_name);
                for h in handlers {
                    self.stmts(&h.body, fn_name);
                }
                self.stmts(orelse, fn_name);
                self.stmts(finally, fn_name);
            }
        }
    }

    /// An entry of a credential file: its key is named by its last `:` or `/` part
    /// (`//registry.npmjs.org/:_authToken` -> `_authToken`), and in a file that holds
    /// credentials by its purpose a secret-like key marks its value as secret.
    fn credential_entry(&mut self, value: &'a Expr, key: Option<&'a str>) {
        let key = key.map(|k| k.rsplit([':', '/']).find(|p| !p.is_empty()).unwrap_or(k));
        let marked = self
            .credential
            .is_some_and(CredentialFile::holds_credentials)
            && self.secret_name(key);
        self.expr(value, key, marked, 0);
    }

    fn expr(&mut self, e: &'a Expr, name: Option<&'a str>, marked: bool, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let d = depth + 1;
        match &e.kind {
            ExprKind::Str(text) => self.literal(text, e.span, name, marked),
            ExprKind::Interp(parts) => {
                for (i, p) in parts.iter().enumerate() {
                    match p {
                        Part::Lit(t) => {
                            let open = matches!(parts.get(i + 1), Some(Part::Hole(_)));
                            self.fragment(t, e.span, open);
                        }
                        Part::Hole(h) => self.expr(h, None, false, d),
                    }
                }
            }
            ExprKind::Name(_) | ExprKind::Func(_) => {}
            ExprKind::Call {
                callee,
                receiver,
                args,
            } => self.call(callee, receiver.as_deref(), args, name, marked, d),
            ExprKind::Record(args) => self.record(args, name, marked, d),
            ExprKind::Cond { test, then, orelse } => {
                self.expr(test, None, false, d);
                self.expr(then, name, marked, d);
                self.expr(orelse, name, marked, d);
            }
            ExprKind::Other(children) => {
                let inherit = children.len() == 1;
                for c in children {
                    if inherit {
                        self.expr(c, name, marked, d);
                    } else {
                        self.expr(c, None, false, d);
                    }
                }
            }
        }
    }

    fn call(
        &mut self,
        callee: &'a str,
        receiver: Option<&'a Expr>,
        args: &'a [Arg],
        name: Option<&'a str>,
        marked: bool,
        d: usize,
    ) {
        self.env_fallback(callee, receiver, args);
        // `token == "..."`, `key in [...]`, `token or "..."`: the name operand names the rest.
        if [ops::EQ, ops::NE, ops::IN, ops::NOT_IN, ops::OR, ops::AND].contains(&callee) {
            let alt = args
                .iter()
                .find_map(|a| a.value.as_name())
                .filter(|n| self.s.is_secret_name(n));
            for a in args {
                self.expr(&a.value, alt.or(name), marked, d);
            }
            if let Some(r) = receiver {
                self.expr(r, alt.or(name), marked, d);
            }
            return;
        }
        if self.s.pass_through().iter().any(|p| p.matches(callee)) {
            if let Some(r) = receiver {
                self.expr(r, name, marked, d);
            }
            for a in args {
                let n = a.keyword.as_deref().or(name);
                self.expr(&a.value, n, marked, d);
            }
            return;
        }
        if let Some(r) = receiver {
            self.expr(r, None, false, d);
        }
        // `client.bearer_auth("...")`, `set_api_key("...")`: the callee names its first argument.
        let callee_name = (callee != ops::CALL_EXPR && callee != ops::SUBSCRIPT)
            .then_some(callee)
            .filter(|c| self.s.is_secret_setter(c));
        let mut pair_name: Option<&'a str> = None;
        let mut first = true;
        for a in args {
            if let Some(k) = a.keyword.as_deref() {
                self.expr(&a.value, Some(k), false, d);
                continue;
            }
            let n = pair_name.take().or(if first { callee_name } else { None });
            first = false;
            self.expr(&a.value, n, false, d);
            // `getenv("API_KEY", "...")`, `.header("Authorization", "...")`,
            // `.header(AUTHORIZATION, ...)`.
            let key = match &a.value.kind {
                ExprKind::Str(k) => name_shaped(k).then_some(k.as_str()),
                ExprKind::Name(k) => Some(k.as_str()),
                _ => None,
            };
            if let Some(k) = key
                && self.s.is_secret_name(k)
            {
                pair_name = Some(k);
            }
        }
    }

    fn record(&mut self, args: &'a [Arg], name: Option<&'a str>, marked: bool, d: usize) {
        let s = self.s;
        let marked_here = args.iter().any(|a| {
            a.keyword.as_deref().is_some_and(|k| s.is_marker(k))
                && a.value
                    .as_name()
                    .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        });
        let named_here = args.iter().find_map(|a| {
            a.keyword
                .as_deref()
                .filter(|k| s.is_naming_key(k))
                .and_then(|_| a.value.as_str())
                .filter(|n| name_shaped(n) && s.is_secret_name(n))
        });
        let mut flag: Option<&'a str> = None;
        for a in args {
            match a.keyword.as_deref() {
                Some(k) if s.is_value_key(k) => {
                    let n = named_here.or(name);
                    self.expr(&a.value, n, marked_here || marked, d);
                }
                Some(k) => self.expr(&a.value, Some(k), false, d),
                None => {
                    // List entries take the list's name; `["--token", "..."]` pairs a flag with
                    // the entry after it.
                    let n = flag.take().or(name);
                    self.expr(&a.value, n, marked, d);
                    if let Some(v) = a.value.as_str()
                        && v.starts_with('-')
                        && name_shaped(v)
                        && s.is_secret_name(v)
                    {
                        flag = Some(v);
                    }
                }
            }
        }
    }

    /// The variable an expression reads from the environment: `process.env.KEY`,
    /// `process.env["KEY"]`, `os.environ.get("KEY")`, `env::var("KEY")` (and `.ok()` of it).
    fn env_read(&self, e: &'a Expr) -> Option<&'a str> {
        match &e.kind {
            ExprKind::Name(n) => self
                .s
                .env_objects
                .iter()
                .find_map(|o| n.strip_prefix(o.as_str())?.strip_prefix('.')),
            ExprKind::Call {
                callee,
                receiver,
                args,
            } => {
                let key = || args.first().and_then(|a| a.value.as_str());
                if callee == ops::SUBSCRIPT {
                    let object = receiver.as_deref().and_then(Expr::as_name)?;
                    return self.s.env_objects.iter().any(|o| o == object).then(key)?;
                }
                if callee == "*.ok" {
                    return self.env_read(receiver.as_deref()?);
                }
                self.s
                    .env_reads
                    .iter()
                    .any(|p| p.matches(callee))
                    .then(key)?
            }
            _ => None,
        }
    }

    /// The literal or name a fallback value comes down to: through pass-through calls
    /// (`"...".to_string()`) and the returned value of a closure (`|_| "...".into()`).
    fn fallback_value(&self, e: &'a Expr, depth: usize) -> Option<&'a Expr> {
        if depth > MAX_DEPTH {
            return None;
        }
        match &e.kind {
            ExprKind::Str(_) | ExprKind::Name(_) => Some(e),
            ExprKind::Call {
                callee,
                receiver,
                args,
            } if self.s.pass_through().iter().any(|p| p.matches(callee)) => {
                let inner = receiver.as_deref().or(args.first().map(|a| &a.value))?;
                self.fallback_value(inner, depth + 1)
            }
            ExprKind::Func(id) => {
                let f = self.file.functions.get(*id)?;
                match f.body.as_slice() {
                    [
                        Stmt::Exit {
                            value: Some(v),
                            is_return: true,
                            ..
                        },
                    ] => self.fallback_value(v, depth + 1),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A patterned hex key given as the fallback of an environment read of a secret-like
    /// variable is a default key (`process.env.KEY || "0001..."`,
    /// `os.environ.get("KEY", "0011...")`, `env::var("KEY").unwrap_or("...".into())`); a name
    /// given as one is remembered, for constants of such keys.
    fn env_fallback(&mut self, callee: &'a str, receiver: Option<&'a Expr>, args: &'a [Arg]) {
        if self.providers_only {
            return;
        }
        let (var, fallbacks): (&'a str, Vec<&'a Expr>) = if callee == ops::OR {
            let Some((i, var)) = args
                .iter()
                .enumerate()
                .find_map(|(i, a)| Some((i, self.env_read(&a.value)?)))
            else {
                return;
            };
            let rest = args.iter().enumerate().filter(|(j, _)| *j != i);
            (var, rest.map(|(_, a)| &a.value).collect())
        } else if matches!(callee, "*.unwrap_or" | "*.unwrap_or_else") {
            let Some(var) = receiver.and_then(|r| self.env_read(r)) else {
                return;
            };
            (var, args.first().map(|a| &a.value).into_iter().collect())
        } else if self.s.env_reads.iter().any(|p| p.matches(callee)) {
            let Some(var) = args.first().and_then(|a| a.value.as_str()) else {
                return;
            };
            let default = args
                .iter()
                .find(|a| a.keyword.as_deref() == Some("default"))
                .or_else(|| args.get(1).filter(|a| a.keyword.is_none()));
            (var, default.map(|a| &a.value).into_iter().collect())
        } else {
            return;
        };
        for e in fallbacks {
            match self.fallback_value(e, 0).map(|v| (v, &v.kind)) {
                Some((v, ExprKind::Str(text)))
                    if self.s.is_secret_name(var) && detector::is_patterned_hex_key(text) =>
                {
                    self.push(
                        v.span,
                        text,
                        0..text.len(),
                        None,
                        What::DefaultKey(var.to_owned()),
                    );
                }
                Some((_, ExprKind::Name(n))) => self.fallback_names.push((n, var)),
                _ => {}
            }
        }
    }

    /// Patterned hex constants given as the fallback of an environment read
    /// (`const DEFAULT_KEY = "0001..."; ... process.env.KEY || DEFAULT_KEY`): default keys.
    fn default_key_constants(&mut self) {
        for (name, value) in std::mem::take(&mut self.hex_constants) {
            let Some(&(_, var)) = self.fallback_names.iter().find(|(n, _)| *n == name) else {
                continue;
            };
            if let Some(text) = value.as_str()
                && (self.s.is_secret_name(name) || self.s.is_secret_name(var))
            {
                self.push(
                    value.span,
                    text,
                    0..text.len(),
                    None,
                    What::DefaultKey(var.to_owned()),
                );
            }
        }
    }

    /// A whole string literal at `span`, given to `name`.
    fn literal(&mut self, text: &str, span: Span, name: Option<&str>, marked: bool) {
        if text.is_empty() {
            return;
        }
        let scan = blank_data_uris(text);
        let mut ranges: Vec<Range<usize>> = Vec::new();
        for m in self.providers(&scan, name) {
            ranges.push(m.range.clone());
            self.push(span, text, m.range, Some(m.whole), What::Provider(m.name));
        }
        if self.providers_only {
            return;
        }
        if ranges.is_empty()
            && (marked || self.secret_name(name))
            && let Some(r) = self.s.generic(text, marked)
        {
            let shown = name
                .filter(|n| self.s.is_secret_name(n))
                .and_then(detector::shown_name)
                .map(str::to_owned);
            ranges.push(r.clone());
            self.push(span, text, r, None, What::Named(shown));
        }
        self.inline(&scan, text, span, &mut ranges);
    }

    /// Text inside a larger construct at `within` (a literal part of an f-string or template,
    /// a docstring): provider patterns and `key=value` forms. When an interpolated value follows
    /// (`open_end`), a value running to the end of the text is incomplete and not judged.
    fn fragment(&mut self, text: &str, within: Span, open_end: bool) {
        let scan = blank_data_uris(text);
        let mut ranges = Vec::new();
        for m in self.providers(&scan, None) {
            ranges.push(m.range.clone());
            self.push(within, text, m.range, Some(m.whole), What::Provider(m.name));
        }
        if !self.providers_only {
            if open_end {
                // Mark the tail as taken: `f"token={x}"`, `f"key=abc{x}"`.
                ranges.push(text.len().saturating_sub(1)..text.len() + 1);
            }
            self.inline(&scan, text, within, &mut ranges);
        }
    }

    fn inline(&mut self, scan: &str, text: &str, span: Span, ranges: &mut Vec<Range<usize>>) {
        for (key, r) in self.s.inline(scan) {
            if ranges.iter().any(|o| o.start < r.end && r.start < o.end) {
                continue;
            }
            ranges.push(r.clone());
            let shown = detector::shown_name(&key).map(str::to_owned);
            self.push(span, text, r, None, What::Named(shown));
        }
    }

    /// Records a secret at `range` of `text` (reported at `whole` when given), located in the
    /// source of `span`.
    fn push(
        &mut self,
        span: Span,
        text: &str,
        range: Range<usize>,
        whole: Option<Range<usize>>,
        what: What,
    ) {
        let secret = &text[range.clone()];
        let source = &self.file.source.text;
        let at = locate(source, span, text, range);
        let reported = match whole {
            Some(w) if at != span => {
                let w = locate(source, span, text, w);
                if w.start <= at.start && at.end <= w.end {
                    w
                } else {
                    at
                }
            }
            _ => at,
        };
        self.found.push(Found {
            span: reported,
            secret_span: at,
            secret: secret.to_owned(),
            what,
        });
    }
}

/// Where `text[range]` is written inside the source of `span`: the matching occurrence when
/// the secret is written verbatim, else the whole of `span` (escapes or line continuations).
fn locate(source: &str, span: Span, text: &str, range: Range<usize>) -> Span {
    let needle = &text[range.clone()];
    let Some(src) = source.get(span.range()) else {
        return span;
    };
    if needle.is_empty() {
        return span;
    }
    let nth = text[..range.start].matches(needle).count();
    let mut hits = src.match_indices(needle);
    match hits.clone().nth(nth).or_else(|| hits.next()) {
        Some((i, _)) => Span::new(
            span.start as usize + i,
            span.start as usize + i + needle.len(),
        ),
        None => span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_secrets_in_the_source() {
        let src = r#"x = "ab" + "k=SECRET1 k=SECRET1""#;
        let span = Span::new(11, src.len());
        let text = "k=SECRET1 k=SECRET1";
        let at = locate(src, span, text, 12..19);
        assert_eq!(&src[at.range()], "SECRET1");
        assert_eq!(at.start as usize, src.rfind("SECRET1").unwrap());
        // Escaped in the source: the whole literal.
        let src = r#""a\nb""#;
        assert_eq!(locate(src, Span::new(0, 6), "a\nb", 0..3), Span::new(0, 6));
    }

    #[test]
    fn subscript_keys() {
        assert_eq!(
            subscript_key(r#"os.environ["OPENAI_API_KEY"] = "#),
            Some("OPENAI_API_KEY")
        );
        assert_eq!(subscript_key("config['token'] += "), Some("token"));
        assert_eq!(subscript_key("x = "), None);
    }
}
