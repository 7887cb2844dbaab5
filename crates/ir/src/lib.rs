//! mcplint-ir: the intermediate representation shared by the language front ends and the rules.
//!
//! The IR is deliberately small: a [`File`] holds its imports, exports, functions (index 0 is the
//! module top level), classes and comments. Function bodies are lists of [`Stmt`]s over [`Expr`]s
//! with only the node kinds that the rules need. Every node carries a byte [`Span`]; line and
//! column are computed by reporters only, through [`SourceFile::line_col`].
//!
//! Operators that guards need are lowered as calls with an operator callee: `not`, `and`, `or`,
//! `==`, `!=`, `in`, `not in` (see [`ops`]). Attribute chains rooted at a name lower to a dotted
//! [`ExprKind::Name`] (`self.root`, `args.path`); a name that is an import alias is resolved to its
//! full path (`os.sep`).

mod dump;
pub mod visit;

pub use dump::dump;

use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` in a source file.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets; offsets past `u32::MAX` are clamped.
    pub fn new(start: usize, end: usize) -> Self {
        let clamp = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Self {
            start: clamp(start),
            end: clamp(end),
        }
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The span as a `usize` range, for slicing source text.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The source language of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// Python (`.py`, `.pyi`).
    Python,
    /// TypeScript (`.ts`, `.tsx`, `.mts`, `.cts`).
    TypeScript,
    /// JavaScript (`.js`, `.jsx`, `.mjs`, `.cjs`).
    JavaScript,
    /// Rust (`.rs`).
    Rust,
    /// JSON and JSONC (`.json`).
    Json,
    /// Dotenv files (`.env`, `.env.local`, `.env.production`, `*.env`): `KEY=VALUE` lines.
    Env,
    /// Credential files, known by name whatever their extension (see [`CredentialFile`]):
    /// private keys, key stores, `credentials`, `.npmrc`, `.pypirc`, `.netrc`, ...
    Credentials,
}

impl Lang {
    /// The language of a path, by its extension; dotenv files also by name (`.env`, `.env.*`),
    /// credential files by name ([`CredentialFile::from_path`]).
    pub fn from_path(path: &std::path::Path) -> Option<Lang> {
        if CredentialFile::from_path(path).is_some() {
            return Some(Lang::Credentials);
        }
        let ext = path.extension().and_then(|e| e.to_str());
        Some(match ext {
            Some("py" | "pyi") => Lang::Python,
            Some("ts" | "tsx" | "mts" | "cts") => Lang::TypeScript,
            Some("js" | "jsx" | "mjs" | "cjs") => Lang::JavaScript,
            Some("rs") => Lang::Rust,
            Some("json") => Lang::Json,
            Some("env") => Lang::Env,
            _ => {
                let name = path.file_name()?.to_str()?;
                if name == ".env" || name.starts_with(".env.") {
                    Lang::Env
                } else {
                    return None;
                }
            }
        })
    }

    /// Every language, in declaration order.
    pub const ALL: [Lang; 7] = [
        Lang::Python,
        Lang::TypeScript,
        Lang::JavaScript,
        Lang::Rust,
        Lang::Json,
        Lang::Env,
        Lang::Credentials,
    ];

    /// The language of a lowercase name as [`Lang::name`] gives it (`python`, `typescript`).
    pub fn from_name(name: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.name() == name)
    }

    /// A lowercase name, as used in the catalog and in output.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::TypeScript => "typescript",
            Lang::JavaScript => "javascript",
            Lang::Rust => "rust",
            Lang::Json => "json",
            Lang::Env => "env",
            Lang::Credentials => "credentials",
        }
    }
}

/// A file that holds credentials by its purpose, known by its name: read by the
/// `credentials` front end, whose format it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CredentialFile {
    /// SSH private keys (`id_rsa`, `id_ecdsa`, `id_ed25519`, `id_dsa`; not `.pub`) and PEM
    /// files (`*.pem`, `*.key`): private key blocks.
    PrivateKey,
    /// PKCS#12 key stores (`*.p12`, `*.pfx`): binary, never read.
    KeyStore,
    /// AWS shared credentials (`credentials`): INI sections of `key = value`.
    Aws,
    /// npm configuration (`.npmrc`): `key=value` lines (`//registry/:_authToken=...`).
    Npmrc,
    /// Python package index logins (`.pypirc`): INI sections of `key = value`.
    Pypirc,
    /// FTP and HTTP logins (`.netrc`, `_netrc`): `machine`, `login`, `password` tokens.
    Netrc,
    /// Git's credential store (`.git-credentials`): one `https://user:token@host` a line.
    GitCredentials,
    /// Terraform variable values (`*.tfvars`): `name = "value"` lines.
    Tfvars,
    /// Kubernetes client configuration (`kubeconfig`, `*.kubeconfig`, `config` of
    /// `kind: Config`): YAML `key: value` lines.
    Kubeconfig,
}

impl CredentialFile {
    /// The credential file a path names, if any.
    pub fn from_path(path: &std::path::Path) -> Option<CredentialFile> {
        let name = path.file_name()?.to_str()?;
        let ext = path.extension().and_then(|e| e.to_str());
        Some(match (name, ext) {
            (
                "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519" | "id_ecdsa_sk" | "id_ed25519_sk",
                _,
            )
            | (_, Some("pem" | "key")) => CredentialFile::PrivateKey,
            (_, Some("p12" | "pfx")) => CredentialFile::KeyStore,
            ("credentials", _) => CredentialFile::Aws,
            (".npmrc", _) => CredentialFile::Npmrc,
            (".pypirc", _) => CredentialFile::Pypirc,
            (".netrc" | "_netrc", _) => CredentialFile::Netrc,
            (".git-credentials", _) => CredentialFile::GitCredentials,
            (_, Some("tfvars")) => CredentialFile::Tfvars,
            ("config" | "kubeconfig", _) | (_, Some("kubeconfig")) => CredentialFile::Kubeconfig,
            _ => return None,
        })
    }

    /// Whether the file is binary: it is reported by name and its content is never read.
    pub fn is_binary(self) -> bool {
        self == CredentialFile::KeyStore
    }

    /// What it is, for messages (`an npm configuration file`).
    pub fn describe(self) -> &'static str {
        match self {
            CredentialFile::PrivateKey => "a private key file",
            CredentialFile::KeyStore => "a PKCS#12 key store",
            CredentialFile::Aws => "an AWS credentials file",
            CredentialFile::Npmrc => "an npm configuration file",
            CredentialFile::Pypirc => "a .pypirc file",
            CredentialFile::Netrc => "a .netrc file",
            CredentialFile::GitCredentials => "a git credential store",
            CredentialFile::Tfvars => "a Terraform variables file",
            CredentialFile::Kubeconfig => "a kubeconfig file",
        }
    }

    /// Whether every value of a secret-like key in it is a credential by the file's purpose
    /// (not a Terraform variables file, which holds settings as well).
    pub fn holds_credentials(self) -> bool {
        self != CredentialFile::Tfvars
    }
}

/// A file's path (relative to the scan root, with forward slashes) and text, with a line index.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path as shown to users.
    pub path: String,
    /// The full text.
    pub text: String,
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// Builds the line index for `text`. A lone carriage return (a classic Mac OS line ending) is
    /// replaced by a line feed: byte offsets stay the same, and the parsers, the line index and
    /// the reporters all see a line break there, as Python and JavaScript do. CRLF is kept.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = lone_cr_to_lf(text.into());
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        Self {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// The 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let line = self
            .line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.line_starts[line] as usize;
        let end = (offset as usize).min(self.text.len());
        let col = self
            .text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The byte offsets where each line starts.
    pub fn line_starts(&self) -> &[u32] {
        &self.line_starts
    }

    /// The text of a span (empty if the span is out of range or not on char boundaries).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

/// `text` with every carriage return that does not start a CRLF replaced by a line feed.
fn lone_cr_to_lf(text: String) -> String {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !bytes.contains(&b'\r') || !(0..bytes.len()).any(lone) {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // ASCII bytes replaced by ASCII bytes: still UTF-8.
    String::from_utf8(bytes).expect("valid UTF-8")
}

/// One lowered source file.
#[derive(Clone, Debug)]
pub struct File {
    /// The language it was parsed as.
    pub lang: Lang,
    /// Its path and text.
    pub source: SourceFile,
    /// Every import, in source order.
    pub imports: Vec<Import>,
    /// Names the module exports (TS `export`; Python and Rust list public top-level items).
    pub exports: Vec<Export>,
    /// Functions; index 0 is the module top level.
    pub functions: Vec<Function>,
    /// Classes, structs and their `impl` blocks.
    pub classes: Vec<Class>,
    /// Inline modules (Rust `mod name { ... }`) with their attributes, in source order. Their
    /// items are lowered where they would be at file level (functions carry
    /// [`Function::module`]; constants are statements of the top level).
    pub modules: Vec<Module>,
    /// Every comment, in source order.
    pub comments: Vec<Comment>,
    /// Syntax errors found while parsing (the rest of the file is still lowered).
    pub syntax_errors: Vec<Span>,
}

impl File {
    /// An empty file (only the top-level function) for `source`.
    pub fn new(lang: Lang, source: SourceFile) -> Self {
        let span = Span::new(0, source.text.len());
        Self {
            lang,
            source,
            imports: Vec::new(),
            exports: Vec::new(),
            functions: vec![Function::new(None, span)],
            classes: Vec::new(),
            modules: Vec::new(),
            comments: Vec::new(),
            syntax_errors: Vec::new(),
        }
    }

    /// The local name an import binds, resolved to its full path (`sp` -> `subprocess`).
    pub fn resolve_import(&self, local: &str) -> Option<&Import> {
        self.imports.iter().find(|i| i.local == local)
    }
}

/// One imported binding: `import a.b as c`, `from m import n as c`, `import { n as c } from "m"`,
/// `use m::n as c;`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    /// The module path as written, with leading dots for Python relative imports (`.utils`).
    pub module: String,
    /// The imported member, if any (`None` for `import m`, `import * as m`).
    pub name: Option<String>,
    /// The name bound in this file.
    pub local: String,
    /// Where the import is.
    pub span: Span,
}

impl Import {
    /// The full dotted path this binding stands for (`subprocess`, `os.system`, `.utils.run`).
    pub fn path(&self) -> String {
        match &self.name {
            Some(n) if self.module.ends_with('.') => format!("{}{n}", self.module),
            Some(n) => format!("{}.{n}", self.module),
            None => self.module.clone(),
        }
    }
}

/// A name the module exports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// The exported name.
    pub name: String,
    /// The local name it refers to.
    pub local: String,
    /// Where the export is.
    pub span: Span,
}

/// Index of a function in [`File::functions`].
pub type FnId = usize;

/// A function, method, lambda, closure or the module top level.
#[derive(Clone, Debug)]
pub struct Function {
    /// Its name (`None` for lambdas and the top level).
    pub name: Option<String>,
    /// Where the name is written (or the whole function for anonymous ones).
    pub name_span: Span,
    /// Parameters in order, `self` included.
    pub params: Vec<Param>,
    /// Decorators and attributes, as calls or names.
    pub decorators: Vec<Expr>,
    /// Docstring, `JSDoc` or `///` text.
    pub doc: Option<Doc>,
    /// The body.
    pub body: Vec<Stmt>,
    /// The whole function.
    pub span: Span,
    /// The function it is nested in, if any.
    pub parent: Option<FnId>,
    /// The class it is a method of, if any.
    pub class: Option<usize>,
    /// The inline module it is declared in (Rust `mod a { mod b { fn f() {} } }`: `a::b`).
    pub module: Option<String>,
}

impl Function {
    /// An empty function.
    pub fn new(name: Option<String>, span: Span) -> Self {
        Self {
            name,
            name_span: span,
            params: Vec::new(),
            decorators: Vec::new(),
            doc: None,
            body: Vec::new(),
            span,
            parent: None,
            class: None,
            module: None,
        }
    }
}

/// Documentation text attached to a function, class or field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    /// The text, with comment markers and quotes removed.
    pub text: String,
    /// Where it is written.
    pub span: Span,
}

/// How a parameter receives its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// An ordinary positional or keyword parameter.
    Normal,
    /// `self`/`this`/`&self`.
    SelfParam,
    /// `*args` / `...rest`.
    VarArgs,
    /// `**kwargs`.
    KwArgs,
}

/// One parameter.
#[derive(Clone, Debug)]
pub struct Param {
    /// The name, or the pattern's source text when destructured.
    pub name: String,
    /// What kind of parameter it is.
    pub kind: ParamKind,
    /// The type annotation.
    pub annotation: Option<Expr>,
    /// The default value.
    pub default: Option<Expr>,
    /// The binding pattern (a plain name unless destructured).
    pub pattern: Pattern,
    /// Attributes on the parameter (`#[tool(param)]`).
    pub attributes: Vec<Expr>,
    /// Where it is written.
    pub span: Span,
}

/// A binding pattern: a name, or a destructuring of an object, tuple or struct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// Binds one name (a dotted path such as `self.x` when assigning to an attribute).
    Name(String),
    /// Destructures: `{ a, b: c }`, `(a, b)`, `Parameters(T { a, b })`.
    Destructure {
        /// The type or constructor named in the pattern, if any (`Parameters`, `T`).
        type_name: Option<String>,
        /// The parts: an optional key (field name) and the sub-pattern.
        parts: Vec<(Option<String>, Pattern)>,
    },
    /// Binds nothing (`_`, or a target mcplint does not track).
    Ignore,
}

impl Pattern {
    /// Every name the pattern binds.
    pub fn names(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_names(&mut out);
        out
    }

    fn collect_names<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Pattern::Name(n) => out.push(n),
            Pattern::Destructure { parts, .. } => {
                for (_, p) in parts {
                    p.collect_names(out);
                }
            }
            Pattern::Ignore => {}
        }
    }
}

/// A class, struct or TS class, with its methods and fields.
#[derive(Clone, Debug)]
pub struct Class {
    /// Its name.
    pub name: String,
    /// Where the name is written.
    pub name_span: Span,
    /// Base classes, implemented interfaces (TypeScript `implements`), or the trait of a Rust
    /// `impl Trait for S`.
    pub bases: Vec<Expr>,
    /// Decorators and attributes.
    pub decorators: Vec<Expr>,
    /// Docstring or doc comment.
    pub doc: Option<Doc>,
    /// Fields (class attributes, struct fields).
    pub fields: Vec<Field>,
    /// Methods, as indices into [`File::functions`].
    pub methods: Vec<FnId>,
    /// The whole class.
    pub span: Span,
}

/// An inline module: `#[cfg(test)] mod tests { ... }`.
#[derive(Clone, Debug)]
pub struct Module {
    /// Its path from the file (`a::b` for `mod a { mod b { ... } }`).
    pub path: String,
    /// Its attributes, as calls or names (`cfg(test)`).
    pub attributes: Vec<Expr>,
    /// The whole module, attributes excluded.
    pub span: Span,
}

/// A class attribute or struct field.
#[derive(Clone, Debug)]
pub struct Field {
    /// Its name.
    pub name: String,
    /// Its type annotation.
    pub annotation: Option<Expr>,
    /// Its initialiser (`Field(description=...)`).
    pub value: Option<Expr>,
    /// Attributes (Rust `#[schemars(...)]`) or decorators.
    pub attributes: Vec<Expr>,
    /// Its doc comment.
    pub doc: Option<Doc>,
    /// Where it is written.
    pub span: Span,
}

/// A comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The text without the comment marker (`#`, `//`, `/* */`).
    pub text: String,
    /// Where it is written.
    pub span: Span,
    /// Whether the comment stands alone on its line.
    pub own_line: bool,
}

/// A statement.
#[derive(Clone, Debug)]
pub enum Stmt {
    /// `target = value` (also `+=`, `let`, `with ... as`, `for x in ...` bindings).
    Assign {
        /// What is bound.
        target: Pattern,
        /// The value.
        value: Expr,
        /// The whole statement.
        span: Span,
    },
    /// An expression evaluated for its effect.
    Eval(Expr),
    /// `return`, `raise`, `throw`, `panic!`: leaves the function.
    Exit {
        /// The returned or raised value.
        value: Option<Expr>,
        /// Whether it returns a value normally (`return`) rather than raising.
        is_return: bool,
        /// The whole statement.
        span: Span,
    },
    /// `if`/`elif`/`else`, `match` arms.
    If {
        /// The condition.
        test: Expr,
        /// Taken when the condition holds.
        then: Vec<Stmt>,
        /// Taken otherwise.
        orelse: Vec<Stmt>,
    },
    /// A loop body (`for`, `while`, `loop`), possibly run many times.
    Loop(Vec<Stmt>),
    /// `break` or `continue`: leaves the rest of the innermost loop's body. (Rust loops and a
    /// TypeScript `break`, which may end a `switch` case instead, are not lowered to it.)
    Jump(Span),
    /// `try`/`except`/`else`/`finally` (Python, `except*` too), `try`/`catch`/`finally`
    /// (TypeScript, JavaScript). Rust has no such statement: `?` returns an error value.
    Try {
        /// The statements whose raises the handlers catch.
        body: Vec<Stmt>,
        /// The `except`/`catch` clauses, in order.
        handlers: Vec<Handler>,
        /// Python's `else:` run when the body completes without raising (its raises are not
        /// caught by the handlers).
        orelse: Vec<Stmt>,
        /// `finally`: runs on every path out of the statement.
        finally: Vec<Stmt>,
    },
}

/// One `except`/`catch` clause of a [`Stmt::Try`].
#[derive(Clone, Debug)]
pub struct Handler {
    /// Its statements; when the clause names the caught error (`except E as e`, `catch (e)`),
    /// the first is the binding of that name to an opaque value (`e = other[]`, spanning the
    /// name).
    pub body: Vec<Stmt>,
    /// The whole clause.
    pub span: Span,
}

/// An expression.
#[derive(Clone, Debug)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is written.
    pub span: Span,
}

impl Expr {
    /// An expression of `kind` at `span`.
    pub fn new(kind: ExprKind, span: Span) -> Self {
        Self { kind, span }
    }

    /// The literal text if this is a plain string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ExprKind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The name if this is a (dotted) name.
    pub fn as_name(&self) -> Option<&str> {
        match &self.kind {
            ExprKind::Name(s) => Some(s),
            _ => None,
        }
    }
}

/// The kinds of expression.
#[derive(Clone, Debug)]
pub enum ExprKind {
    /// A string literal, unescaped.
    Str(String),
    /// A string built from parts: f-strings, `%`, `.format()`, template literals, `format!`, `+`,
    /// `"".join(...)`.
    Interp(Vec<Part>),
    /// A name or a dotted attribute chain rooted at a name; import aliases resolved.
    Name(String),
    /// A call. `callee` is the resolved path (`subprocess.run`), `*.method` for a method on an
    /// unknown receiver (kept in `receiver`), an operator (see [`ops`]), or `<call>` when the
    /// callee is itself an arbitrary expression (in `receiver`).
    Call {
        /// The resolved callee path.
        callee: String,
        /// The receiver of a method call.
        receiver: Option<Box<Expr>>,
        /// Arguments in order.
        args: Vec<Arg>,
    },
    /// A dict, object or struct literal, or a list/tuple/array (entries without keys).
    Record(Vec<Arg>),
    /// `a if c else b`, `c ? a : b`, `if c { a } else { b }`.
    Cond {
        /// The condition.
        test: Box<Expr>,
        /// Value when it holds.
        then: Box<Expr>,
        /// Value otherwise.
        orelse: Box<Expr>,
    },
    /// A lambda, arrow function or closure; its body is in [`File::functions`].
    Func(FnId),
    /// Anything else (numbers, subscripts, awaits, ...); children are kept so that taint flows.
    Other(Vec<Expr>),
}

/// One part of an [`ExprKind::Interp`].
#[derive(Clone, Debug)]
pub enum Part {
    /// Literal text.
    Lit(String),
    /// An interpolated value.
    Hole(Expr),
}

/// One argument of a call or entry of a record.
#[derive(Clone, Debug)]
pub struct Arg {
    /// The keyword (`shell=`) or record key, if any.
    pub keyword: Option<String>,
    /// The value.
    pub value: Expr,
    /// Whether it is spread (`*args`, `**kw`, `...x`).
    pub spread: bool,
}

impl Arg {
    /// A positional argument.
    pub fn positional(value: Expr) -> Self {
        Self {
            keyword: None,
            value,
            spread: false,
        }
    }

    /// A keyword argument or record entry.
    pub fn keyword(key: impl Into<String>, value: Expr) -> Self {
        Self {
            keyword: Some(key.into()),
            value,
            spread: false,
        }
    }
}

/// Callee names used for operators, shared by all front ends.
pub mod ops {
    /// Logical negation (`not x`, `!x`).
    pub const NOT: &str = "not";
    /// Logical and (`a and b`, `a && b`).
    pub const AND: &str = "and";
    /// Logical or (`a or b`, `a || b`).
    pub const OR: &str = "or";
    /// Equality (`==`, `===`, `is`).
    pub const EQ: &str = "==";
    /// Inequality (`!=`, `!==`, `is not`).
    pub const NE: &str = "!=";
    /// Membership (`a in b`; `b.includes(a)` is a method call).
    pub const IN: &str = "in";
    /// Non-membership (`a not in b`).
    pub const NOT_IN: &str = "not in";
    /// The callee of a call whose function is an arbitrary expression (kept as the receiver).
    pub const CALL_EXPR: &str = "<call>";
    /// Subscript (`a[k]`): the container is the receiver, the index (or slice) the arguments.
    pub const SUBSCRIPT: &str = "[]";
}

#[cfg(test)]
mod tests {
    use super::Lang;

    /// Every language's name reads back as that language, and no other name does.
    #[test]
    fn lang_names_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_name(lang.name()), Some(lang));
        }
        assert_eq!(Lang::from_name("Python"), None);
        assert_eq!(Lang::from_name("ts"), None);
    }
}
