//! Code actions on mcplint's diagnostics: add a suppression comment, open the rule's
//! documentation.

use std::collections::HashMap;
use std::path::Path;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command, NumberOrString,
    Position, Range, TextEdit, Url, WorkspaceEdit,
};
use mcplint_ir::Lang;

use super::convert::{LineIndex, SOURCE};

/// The command that opens a rule's documentation; its one argument is the rule's name.
pub(crate) const OPEN_DOCS: &str = "mcplint.openRuleDocumentation";

/// What a suppression added by a code action says after `--`, for the user to replace.
pub(crate) const REASON_PLACEHOLDER: &str = "TODO: why this is safe";

/// The code actions for the mcplint diagnostics in `params`' context, in the document whose
/// text is `text` (and path `path`): for each rule, a suppression on the finding's line (not in
/// JSON, which has no comments, and not for `unused-suppression`, which is about a suppression)
/// and a command that opens its documentation.
pub(crate) fn code_actions(
    params: &CodeActionParams,
    path: &Path,
    text: &str,
) -> Vec<CodeActionOrCommand> {
    let index = LineIndex::new(text);
    let comment = Lang::from_path(path).and_then(comment_prefix);
    let mut actions = Vec::new();
    let mut documented = Vec::new();
    for diagnostic in &params.context.diagnostics {
        if diagnostic.source.as_deref() != Some(SOURCE) {
            continue;
        }
        let Some(NumberOrString::String(rule)) = &diagnostic.code else {
            continue;
        };
        if mcplint_rules::rule_by_name(rule).is_none() {
            continue;
        }
        if let Some(comment) = comment
            && rule != "unused-suppression"
        {
            let line = diagnostic.range.start.line;
            actions.push(CodeActionOrCommand::CodeAction(suppression(
                &params.text_document.uri,
                rule,
                line,
                index.line(line),
                comment,
                diagnostic,
            )));
        }
        if !documented.contains(rule) {
            documented.push(rule.clone());
            // A bare command, not a code action carrying one: clients that read the result's
            // union by its shape (lsprotocol) take `{title, command: {...}}` for a command.
            actions.push(CodeActionOrCommand::Command(Command::new(
                format!("Open the documentation of mcplint rule {rule}"),
                OPEN_DOCS.to_owned(),
                Some(vec![serde_json::Value::String(rule.clone())]),
            )));
        }
    }
    actions
}

/// The line comment marker of a language, if it has one.
fn comment_prefix(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::Python => Some("#"),
        Lang::TypeScript | Lang::JavaScript | Lang::Rust => Some("//"),
        _ => None,
    }
}

/// The action that inserts a suppression comment for `rule` with a reason placeholder (the
/// `ignore` directive, see `crates/rules/src/suppress.rs`), indented like line `line` (whose
/// text is `line_text`), on its own line above it: a standalone suppression applies to the next
/// line of code.
fn suppression(
    uri: &Url,
    rule: &str,
    line: u32,
    line_text: &str,
    comment: &str,
    diagnostic: &lsp_types::Diagnostic,
) -> CodeAction {
    let indent: String = line_text
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    let edit = TextEdit::new(
        Range::new(Position::new(line, 0), Position::new(line, 0)),
        format!("{indent}{comment} mcplint: ignore[{rule}] -- {REASON_PLACEHOLDER}\n"),
    );
    CodeAction {
        title: format!("Suppress {rule} on this line (mcplint: ignore)"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    }
}
