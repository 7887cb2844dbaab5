//! The credential-file front end: files that hold credentials by their purpose, known by name
//! ([`CredentialFile`]), lowered to the IR so the secret rules read them like source.
//!
//! Each `key = value` entry lowers to `Assign { target: Name(KEY), value: Str(VALUE) }` in
//! `functions[0].body`, the value's span covering its quotes, as dotenv files do:
//! - INI files (AWS `credentials`, `.pypirc`): `key = value` or `key: value`; `[section]`
//!   headers are skipped; `.npmrc`: `key=value` (the key may hold `:`, as in
//!   `//registry.npmjs.org/:_authToken`);
//! - `.netrc`: each keyword and the token after it (`password s3cret`);
//! - Terraform `*.tfvars`: `name = "value"` at any nesting (quoted values only);
//! - kubeconfig: YAML `key: value` lines (`- key: value` too), only in a file that declares
//!   `kind: Config` or has top-level `clusters:` and `users:`.
//!
//! Whole texts lower to one `Eval(Str(text))`: PEM and SSH key files, and each line of
//! `.git-credentials`. Key stores (`*.p12`) are binary: their content is not read, the file
//! lowers to nothing and the rule reports it by name. `#` (and `;` in INI files, `//` in
//! tfvars) comments on a line of their own, or after an unquoted value, are kept in
//! [`File::comments`].

use mcplint_ir::{
    Comment, CredentialFile, Expr, ExprKind, File, Lang, Pattern, SourceFile, Span, Stmt,
};

use crate::FrontError;

/// Lowers one credential file.
#[allow(clippy::unnecessary_wraps)]
pub(crate) fn lower(source: SourceFile) -> Result<File, FrontError> {
    let kind = CredentialFile::from_path(std::path::Path::new(&source.path));
    let (body, comments) = kind.map(|k| parse(k, &source.text)).unwrap_or_default();
    let mut file = File::new(Lang::Credentials, source);
    if let Some(top) = file.functions.first_mut() {
        top.body = body;
    }
    file.comments = comments;
    Ok(file)
}

/// Parses only, returning the number of statements (a path is needed to know the format).
#[allow(clippy::unnecessary_wraps)]
pub(crate) fn parse_only(text: &str) -> Result<usize, FrontError> {
    Ok(text.lines().count())
}

/// One line of the text: its start offset and its text without the line break.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    text.split_inclusive('\n').map(move |raw| {
        let at = start;
        start += raw.len();
        (at, raw.trim_end_matches(['\n', '\r']))
    })
}

/// The statements and comments of a credential file of kind `kind`.
fn parse(kind: CredentialFile, text: &str) -> (Vec<Stmt>, Vec<Comment>) {
    let mut out = Lowered::default();
    match kind {
        CredentialFile::KeyStore => {}
        CredentialFile::PrivateKey => {
            if !text.trim().is_empty() {
                out.body.push(Stmt::Eval(Expr::new(
                    ExprKind::Str(text.to_owned()),
                    Span::new(0, text.len()),
                )));
            }
        }
        CredentialFile::GitCredentials => {
            for (at, line) in lines(text) {
                let trimmed = line.trim();
                if trimmed.is_empty() {
                    continue;
                }
                let start = at + (line.len() - line.trim_start().len());
                out.body.push(Stmt::Eval(Expr::new(
                    ExprKind::Str(trimmed.to_owned()),
                    Span::new(start, start + trimmed.len()),
                )));
            }
        }
        CredentialFile::Aws | CredentialFile::Pypirc => out.ini(text, &['=', ':'], &['#', ';']),
        CredentialFile::Npmrc => out.ini(text, &['='], &['#', ';']),
        CredentialFile::Netrc => out.netrc(text),
        CredentialFile::Tfvars => out.tfvars(text),
        CredentialFile::Kubeconfig => {
            if is_kubeconfig(text) {
                out.yaml(text);
            }
        }
    }
    (out.body, out.comments)
}

/// Whether a YAML text is a Kubernetes client configuration: it declares `kind: Config`, or has
/// both top-level `clusters:` and `users:`.
fn is_kubeconfig(text: &str) -> bool {
    let has = |line: &str| lines(text).any(|(_, l)| l.trim_end() == line);
    has("kind: Config") || (has("clusters:") && has("users:"))
}

#[derive(Default)]
struct Lowered {
    body: Vec<Stmt>,
    comments: Vec<Comment>,
}

impl Lowered {
    fn comment(&mut self, text: &str, at: usize, own_line: bool) {
        let marker = text.chars().next().map_or(0, char::len_utf8);
        let marker = if text.starts_with("//") { 2 } else { marker };
        self.comments.push(Comment {
            text: text[marker..].trim().to_owned(),
            span: Span::new(at, at + text.len()),
            own_line,
        });
    }

    /// `key` at `key_at` assigned the text `value` written at `value_span` (quotes included).
    fn assign(&mut self, key: &str, value: String, value_span: Span, key_at: usize) {
        self.body.push(Stmt::Assign {
            target: Pattern::Name(key.to_owned()),
            value: Expr::new(ExprKind::Str(value), value_span),
            span: Span::new(key_at, value_span.end as usize),
        });
    }

    /// A value starting at `at` in `rest` (the text after the separator, up to the end of the
    /// line): quoted (`"..."`, `'...'`, without escapes) or bare up to a ` #` comment when
    /// `trailing` comments are allowed. Returns the value, its span, and the comment if any.
    fn value(&mut self, rest: &str, at: usize, trailing: bool) -> Option<(String, Span)> {
        let lead = rest.len() - rest.trim_start().len();
        let v = &rest[lead..];
        let start = at + lead;
        if let Some(q @ ('"' | '\'')) = v.chars().next()
            && let Some(end) = v[1..].find(q)
        {
            let after = &v[end + 2..];
            if trailing && let Some(c) = after.find('#') {
                self.comment(&after[c..], start + end + 2 + c, false);
            }
            return Some((v[1..=end].to_owned(), Span::new(start, start + end + 2)));
        }
        let mut bare = v;
        if trailing && let Some(c) = v.find(" #") {
            self.comment(&v[c + 1..], start + c + 1, false);
            bare = &v[..c];
        }
        let bare = bare.trim_end();
        (!bare.is_empty()).then(|| (bare.to_owned(), Span::new(start, start + bare.len())))
    }

    /// INI-style `key = value` lines split at the first of `separators`; whole-line comments
    /// start with one of `markers`.
    fn ini(&mut self, text: &str, separators: &[char], markers: &[char]) {
        for (at, line) in lines(text) {
            let lead = line.len() - line.trim_start().len();
            let l = line.trim();
            if l.is_empty() || l.starts_with('[') {
                continue;
            }
            if l.starts_with(markers) {
                self.comment(l, at + lead, true);
                continue;
            }
            let Some(sep) = l.find(separators) else {
                continue;
            };
            let key = l[..sep].trim();
            if key.is_empty() {
                continue;
            }
            let value_at = at + lead + sep + 1;
            if let Some((v, span)) = self.value(&l[sep + 1..], value_at, false) {
                self.assign(key, v, span, at + lead);
            }
        }
    }

    /// `.netrc`: whitespace-separated tokens, each keyword followed by its value; `macdef`
    /// bodies (up to a blank line) are skipped.
    fn netrc(&mut self, text: &str) {
        let mut pending: Option<(&str, usize)> = None;
        let mut in_macro = false;
        for (at, line) in lines(text) {
            if in_macro {
                in_macro = !line.trim().is_empty();
                continue;
            }
            let lead = line.len() - line.trim_start().len();
            if line.trim_start().starts_with('#') {
                self.comment(line.trim(), at + lead, true);
                continue;
            }
            let mut pos = 0;
            for token in line.split([' ', '\t']) {
                let start = at + pos;
                pos += token.len() + 1;
                if token.is_empty() {
                    continue;
                }
                match pending.take() {
                    Some((key, key_at)) => {
                        let span = Span::new(start, start + token.len());
                        self.assign(key, token.to_owned(), span, key_at);
                        if key == "macdef" {
                            in_macro = true;
                        }
                    }
                    None if token == "default" => {}
                    None => pending = Some((token, start)),
                }
            }
        }
    }

    /// Terraform `*.tfvars`: `name = "value"` (or `"name" = ...`, `name: ...` inside maps) with
    /// a quoted value, at any nesting; `#` and `//` comments.
    fn tfvars(&mut self, text: &str) {
        for (at, line) in lines(text) {
            let lead = line.len() - line.trim_start().len();
            let l = line.trim();
            if l.starts_with('#') || l.starts_with("//") {
                self.comment(l, at + lead, true);
                continue;
            }
            let Some(sep) = l.find(['=', ':']) else {
                continue;
            };
            let key = l[..sep].trim().trim_matches('"');
            let value = l[sep + 1..].trim_start();
            if key.is_empty() || !key.chars().all(is_key_char) || !value.starts_with('"') {
                continue;
            }
            let value_at = at + lead + sep + 1;
            if let Some((v, span)) = self.value(&l[sep + 1..], value_at, true) {
                self.assign(key, v, span, at + lead);
            }
        }
    }

    /// YAML `key: value` lines (`- key: value` list items too), values quoted or bare up to a
    /// ` #` comment; block scalars and flow collections are not read.
    fn yaml(&mut self, text: &str) {
        for (at, line) in lines(text) {
            let lead = line.len() - line.trim_start().len();
            let l = line.trim();
            if l.starts_with('#') {
                self.comment(l, at + lead, true);
                continue;
            }
            let (l, lead) = match l.strip_prefix("- ") {
                Some(rest) => (
                    rest.trim_start(),
                    lead + (l.len() - rest.trim_start().len()),
                ),
                None => (l, lead),
            };
            let Some(sep) = l.find(": ") else {
                continue;
            };
            let key = l[..sep].trim().trim_matches(['"', '\'']);
            let rest = &l[sep + 1..];
            if key.is_empty()
                || !key.chars().all(is_key_char)
                || rest
                    .trim_start()
                    .starts_with(['|', '>', '{', '[', '&', '*', '!'])
            {
                continue;
            }
            if let Some((v, span)) = self.value(rest, at + lead + sep + 1, true) {
                self.assign(key, v, span, at + lead);
            }
        }
    }
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assigns(kind: CredentialFile, text: &str) -> Vec<(String, String, String)> {
        parse(kind, text)
            .0
            .into_iter()
            .filter_map(|s| match s {
                Stmt::Assign {
                    target: Pattern::Name(k),
                    value,
                    ..
                } => Some((
                    k,
                    value.as_str().unwrap_or_default().to_owned(),
                    text[value.span.range()].to_owned(),
                )),
                _ => None,
            })
            .collect()
    }

    fn pairs(got: &[(String, String, String)]) -> Vec<(&str, &str)> {
        got.iter()
            .map(|(k, v, _)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn ini_npmrc_netrc() {
        let aws = "# top\n[default]\naws_access_key_id = AKIA\r\naws_secret_access_key=abc\n; x\n";
        let got = assigns(CredentialFile::Aws, aws);
        assert_eq!(
            pairs(&got),
            [
                ("aws_access_key_id", "AKIA"),
                ("aws_secret_access_key", "abc")
            ]
        );
        let npmrc = "//registry.npmjs.org/:_authToken=\"npm_x\"\nregistry=https://r/\n";
        let got = assigns(CredentialFile::Npmrc, npmrc);
        assert_eq!(got[0].0, "//registry.npmjs.org/:_authToken");
        assert_eq!(
            (got[0].1.as_str(), got[0].2.as_str()),
            ("npm_x", "\"npm_x\"")
        );
        let netrc =
            "machine h login me\n  password p1\nmacdef init\ncd x\n\ndefault login a password p2\n";
        let got = assigns(CredentialFile::Netrc, netrc);
        assert_eq!(
            pairs(&got),
            [
                ("machine", "h"),
                ("login", "me"),
                ("password", "p1"),
                ("macdef", "init"),
                ("login", "a"),
                ("password", "p2")
            ]
        );
        assert_eq!(got[2].2, "p1");
    }

    #[test]
    fn tfvars_and_kubeconfig() {
        let tf = "# c\nregion = \"eu\"\ndb_password = \"s3\" # note\ntags = {\n  \"team\" = \"x\"\n}\ncount = 3\n";
        let got = assigns(CredentialFile::Tfvars, tf);
        assert_eq!(
            pairs(&got),
            [("region", "eu"), ("db_password", "s3"), ("team", "x")]
        );
        let (_, comments) = parse(CredentialFile::Tfvars, tf);
        assert_eq!(comments.len(), 2);
        let kube = "apiVersion: v1\nkind: Config\nusers:\n- name: me\n  user:\n    token: 'abc' # t\n    client-key-data: QUJD\n";
        let got = assigns(CredentialFile::Kubeconfig, kube);
        assert_eq!(
            pairs(&got),
            [
                ("apiVersion", "v1"),
                ("kind", "Config"),
                ("name", "me"),
                ("token", "abc"),
                ("client-key-data", "QUJD")
            ]
        );
        assert!(assigns(CredentialFile::Kubeconfig, "[core]\n\tbare = false\n").is_empty());
        assert!(assigns(CredentialFile::Kubeconfig, "users:\n- password: x\n").is_empty());
        let bare = "clusters:\n- name: c\nusers:\n- name: u\n  user:\n    token: t\n";
        assert_eq!(assigns(CredentialFile::Kubeconfig, bare).len(), 3);
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "", "=", "a=", "'", "\"x", "- ", ": ", "a: \"", "é=é", "\r\n", "password",
        ] {
            for kind in [
                CredentialFile::Aws,
                CredentialFile::Npmrc,
                CredentialFile::Netrc,
                CredentialFile::Tfvars,
                CredentialFile::Kubeconfig,
                CredentialFile::GitCredentials,
                CredentialFile::PrivateKey,
            ] {
                let _ = parse(kind, text);
            }
        }
    }
}
