//! The sanitizer recipe of a taint finding: when the value reaching the sink is built by a
//! project helper (a [`Diagnostic::helpers`] place, "built here, in `name`") that the user
//! trusts as a check mcplint does not accept, the catalog row that declares it, written for the
//! call as the flow shows it (`paths::safe_path` in Rust, `*.resolve` for a method).

use mcplint_ir::Lang;
use mcplint_rules::{Check, Diagnostic};

use super::Sources;

/// The `help:` note with the `[[sanitizer]]` row for the first helper the flow calls, or
/// `None` when the finding has no such helper or is not a taint finding.
pub(crate) fn sanitizer_help(sources: &Sources, d: &Diagnostic) -> Option<String> {
    let registered = mcplint_rules::rules::ALL
        .iter()
        .find(|r| r.name == d.rule.name)?;
    let Check::Taint { kinds, .. } = registered.check else {
        return None;
    };
    let kind = kinds.first()?;
    // A helper is offered when its name says it checks, or when the flow passed a check that
    // is not accepted (the helper that holds it is the one the user may trust).
    let passed_a_check = d.flow.iter().any(|l| {
        l.message
            .starts_with("passes a check here that is not accepted")
    });
    for helper in &d.helpers {
        let Some(name) = helper
            .message
            .rsplit_once(", in `")
            .and_then(|(_, rest)| rest.strip_suffix('`'))
        else {
            continue;
        };
        if !passed_a_check && !looks_like_a_check(name) {
            continue;
        }
        let Some((call, lang)) = d.flow.iter().find_map(|step| {
            let callee = callee_at(sources, &step.path, step.span)?;
            let last = callee.rsplit(['.', ':']).next()?;
            (last == name).then(|| (callee, Lang::from_path(std::path::Path::new(&step.path))))
        }) else {
            continue;
        };
        // The `typescript` catalog serves JavaScript too.
        let lang = match lang {
            Some(Lang::JavaScript) => "typescript",
            Some(lang) => lang.name(),
            None => continue,
        };
        // Rust matches the path as written (`paths::safe_path`); Python and TypeScript match
        // the resolved one (`paths.safe_path` for an imported function), which `*.name` covers.
        let pattern = if lang == "rust" && !call.contains('.') {
            format!("\"{call}\"")
        } else if lang == "rust" {
            format!("\"*.{name}\"")
        } else {
            format!("\"{name}\", \"*.{name}\"")
        };
        return Some(format!(
            "help: if `{name}` is a check you trust, declare it in a catalog file that \
             `extend-catalog` names in mcplint.toml:\n  languages = [\"{lang}\"]\n  \
             [[sanitizer]]\n  kind = \"{kind}\"\n  call = [{pattern}]"
        ));
    }
    None
}

/// Whether a function's name says it checks or cleans its argument (`safe_path`,
/// `validateFilePath`, `resolve_in_root`).
fn looks_like_a_check(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "safe", "valid", "check", "sanitiz", "sanitis", "resolve", "normali", "verify", "ensure",
        "guard", "allow", "secure", "contain", "within", "inside",
    ]
    .iter()
    .any(|word| name.contains(word))
}

/// The callee of the call written at `span` (`paths::safe_path` of `paths::safe_path(&x)?`),
/// when the text there is a call of a plain or dotted name.
fn callee_at<'s>(sources: &'s Sources, path: &str, span: mcplint_ir::Span) -> Option<&'s str> {
    let text = sources.get(path)?.text.get(span.start as usize..)?;
    let open = text.find('(')?;
    let callee = text[..open].trim();
    let plain = !callee.is_empty()
        && callee
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | ':' | '$'));
    plain.then_some(callee)
}
