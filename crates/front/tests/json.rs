//! Snapshot and robustness tests of the JSON front end.

use mcplint_front::{lower, parse_only};
use mcplint_ir::{Expr, ExprKind, File, Lang, SourceFile, Stmt, dump};

fn lower_json(src: &str) -> File {
    lower(Lang::Json, SourceFile::new("tools.json", src)).expect("json lowers")
}

fn ir(src: &str) -> String {
    dump(&lower_json(src))
}

/// The single top-level value.
fn root(file: &File) -> &Expr {
    match file.functions[0].body.as_slice() {
        [Stmt::Eval(e)] => e,
        other => panic!("expected one value, got {other:?}"),
    }
}

fn depth(e: &Expr) -> usize {
    match &e.kind {
        ExprKind::Record(items) => 1 + items.iter().map(|a| depth(&a.value)).max().unwrap_or(0),
        _ => 0,
    }
}

// ---------------------------------------------------------------------------------------------
// Snapshots

#[test]
fn tools_list_result() {
    insta::assert_snapshot!(ir(r#"{
  "jsonrpc": "2.0",
  "id": 2,
  "result": {
    "tools": [
      {
        "name": "read_file",
        "description": "Read a file.\nReturns its text.",
        "inputSchema": {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "Path to the file" },
            "limit": { "type": "integer", "minimum": 1, "default": 100 }
          },
          "required": ["path"],
          "additionalProperties": false
        },
        "annotations": { "readOnlyHint": true, "title": null }
      }
    ]
  }
}
"#));
}

#[test]
fn jsonc_client_config() {
    insta::assert_snapshot!(ir(r#"// .vscode/mcp.json
{
  "inputs": [
    { "type": "promptString", "id": "token", "password": true, }, // trailing comma
  ],
  /* servers */
  "servers": {
    "github": {
      "type": "http",
      "url": "https://api.example.com/mcp/",
      "headers": { "Authorization": "Bearer ${input:token}" },
    },
  },
}
"#));
}

#[test]
fn string_escapes() {
    insta::assert_snapshot!(ir(
        r#"["a\"b", "tab\there", "\u200b", "\ud83d\ude00", "\udb40\udc49\udb40\udc47", "\\n", "\/"]"#
    ));
}

#[test]
fn syntax_error_snapshot() {
    insta::assert_snapshot!(ir(r#"{
  "tools": [
    { "name": "ok", "description": "Fine" },
    { "name": "broken" "description": "missing comma" }
  ]
}
"#));
}

// ---------------------------------------------------------------------------------------------
// Structure

#[test]
fn spans_are_exact() {
    let src = "{\n  \"description\": \"Reads a file\"\n}\n";
    let file = lower_json(src);
    let ExprKind::Record(members) = &root(&file).kind else {
        panic!("an object lowers to a record");
    };
    assert_eq!(members[0].keyword.as_deref(), Some("description"));
    let value = &members[0].value;
    assert_eq!(file.source.slice(value.span), "\"Reads a file\"");
    assert_eq!(file.source.line_col(value.span.start), (2, 18));
    assert_eq!(value.as_str(), Some("Reads a file"));
}

#[test]
fn duplicate_keys_are_all_kept_in_order() {
    let file = lower_json(r#"{"description": "first", "description": "second"}"#);
    let ExprKind::Record(members) = &root(&file).kind else {
        panic!("record");
    };
    let values: Vec<_> = members.iter().filter_map(|m| m.value.as_str()).collect();
    assert_eq!(values, ["first", "second"]);
    assert!(file.syntax_errors.is_empty());
}

#[test]
fn json_lines_lower_to_one_value_each() {
    let file = lower_json("{\"a\": 1}\n{\"b\": 2}\n[3]\n");
    assert_eq!(file.functions[0].body.len(), 3);
    assert!(file.syntax_errors.is_empty());
}

#[test]
fn trailing_commas_and_comments_are_not_errors() {
    let file = lower_json("{\n  \"a\": [1, 2,], // x\n  \"b\": {\"c\": 3, /* y */},\n}\n");
    assert!(file.syntax_errors.is_empty(), "{:?}", file.syntax_errors);
    let ExprKind::Record(members) = &root(&file).kind else {
        panic!("record");
    };
    let ExprKind::Record(items) = &members[0].value.kind else {
        panic!("array");
    };
    assert_eq!(items.len(), 2, "no phantom element for the trailing comma");
    assert_eq!(file.comments.len(), 2);
    assert_eq!(file.comments[0].text, "x");
    assert!(!file.comments[0].own_line);
}

#[test]
fn own_line_comments_are_marked() {
    let file = lower_json("{\n  // expect: tool-poisoning\n  \"a\": 1\n}\n");
    assert_eq!(file.comments.len(), 1);
    assert!(file.comments[0].own_line);
    assert_eq!(file.comments[0].text, "expect: tool-poisoning");
}

// ---------------------------------------------------------------------------------------------
// Bad input: never a panic

#[test]
fn invalid_json_is_a_syntax_error_not_a_panic() {
    for src in [
        "",
        "{",
        "}",
        "[",
        "{\"a\":",
        "{\"a\" 1}",
        "{'a': 1}",
        "nul",
        "\"unterminated",
        "{\"a\": \"line\nbreak\"}",
        "\u{feff}{}",
        "{\"a\": 01}",
        "[1,,2]",
        "{,}",
        "/* open comment",
        "\0\0\0",
    ] {
        let file = lower_json(src);
        let _ = dump(&file);
        if !matches!(src, "" | "\u{feff}{}") {
            assert!(
                !file.syntax_errors.is_empty() || src == "{\"a\": 01}",
                "{src:?} has a syntax error"
            );
        }
    }
}

#[test]
fn lenient_values_still_lower() {
    let file = lower_json("{\"tools\": [{\"name\": \"a\", \"description\": \"x\"} \"junk\"]}");
    assert!(!file.syntax_errors.is_empty());
    assert!(ir("{\"tools\": [{\"name\": \"a\"} \"junk\"]}").contains("name=\"a\""));
}

#[test]
fn deep_nesting_is_capped() {
    let n = 100_000;
    let src = format!("{}{}", "[".repeat(n), "]".repeat(n));
    let file = lower_json(&src);
    assert!(depth(root(&file)) <= 257);
    assert_eq!(file.syntax_errors.len(), 1, "one notice for the depth cap");
    let objects = format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
    let file = lower_json(&objects);
    assert!(depth(root(&file)) <= 257);
    assert!(parse_only(Lang::Json, &objects).unwrap() > n);
}

#[test]
fn moderate_nesting_is_not_an_error() {
    let n = 200;
    let src = format!("{}{}", "[".repeat(n), "]".repeat(n));
    let file = lower_json(&src);
    assert!(file.syntax_errors.is_empty());
    assert_eq!(depth(root(&file)), n);
}

#[test]
fn huge_documents_lower() {
    let tool = r#"{"name": "t", "description": "Reads things", "inputSchema": {"type": "object", "properties": {"p": {"type": "string", "description": "A path"}}}}"#;
    let src = format!("{{\"tools\": [{}]}}", vec![tool; 20_000].join(","));
    let file = lower_json(&src);
    assert!(file.syntax_errors.is_empty());
    let huge = format!("{{\"description\": \"{}\"}}", "a".repeat(5_000_000));
    let file = lower_json(&huge);
    assert!(file.syntax_errors.is_empty());
}
