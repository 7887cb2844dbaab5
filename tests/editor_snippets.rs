//! The editor configurations of the README's "In your editor" section: each parses in its
//! editor's format and starts `mcplint server` for the languages mcplint reads (Python,
//! TypeScript, JavaScript, Rust, JSON). The older-Neovim snippet also runs in a real Neovim
//! (`tests/nvim_smoke.rs`); the others have no editor here to run in.

mod tools;

use std::fs;

use serde_json::Value;
use tools::repo_root;

/// The fenced blocks of the README's "In your editor" section, as `(language, code)`.
fn editor_blocks() -> Vec<(String, String)> {
    let readme = fs::read_to_string(repo_root().join("README.md")).unwrap();
    let start = readme
        .find("## In your editor")
        .expect("README.md has an \"In your editor\" section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut blocks = Vec::new();
    let mut rest = section;
    while let Some(open) = rest.find("```") {
        let after = &rest[open + 3..];
        let (lang, body) = after.split_once('\n').unwrap();
        let end = body.find("```").expect("an unclosed code block");
        blocks.push((lang.trim().to_owned(), body[..end].to_owned()));
        rest = &body[end + 3..];
    }
    blocks
}

fn blocks_of(lang: &str) -> Vec<String> {
    editor_blocks()
        .into_iter()
        .filter(|(l, _)| l == lang)
        .map(|(_, code)| code)
        .collect()
}

/// Whether `list` (a JSON or Lua list's items as strings) names every language mcplint reads.
fn covers_every_language(list: &[&str]) -> bool {
    ["python", "typescript", "javascript", "rust", "json"]
        .iter()
        .all(|lang| list.contains(lang))
}

#[test]
fn vs_code_and_zed_settings_are_json_that_start_the_server() {
    let json = blocks_of("json");
    assert_eq!(
        json.len(),
        2,
        "expected the VS Code and Zed settings: {json:?}"
    );
    let vscode: Value = serde_json::from_str(&json[0]).expect("VS Code settings are JSON");
    assert_eq!(vscode["glspc.server.command"], "mcplint");
    assert_eq!(
        vscode["glspc.server.commandArguments"],
        serde_json::json!(["server"])
    );
    let languages: Vec<&str> = vscode["glspc.server.languageId"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(covers_every_language(&languages), "{languages:?}");

    let zed: Value = serde_json::from_str(&json[1]).expect("Zed settings are JSON");
    let binary = &zed["lsp"]["mcplint"]["binary"];
    assert!(
        binary["path"].as_str().unwrap().ends_with("mcplint"),
        "{binary}"
    );
    assert_eq!(binary["arguments"], serde_json::json!(["server"]));
    for (language, settings) in zed["languages"].as_object().unwrap() {
        let servers = settings["language_servers"].as_array().unwrap();
        assert!(
            servers.contains(&Value::from("mcplint")) && servers.contains(&Value::from("...")),
            "{language}: {servers:?}"
        );
    }
}

#[test]
fn helix_languages_toml_adds_the_server_to_every_language() {
    let toml_blocks = blocks_of("toml");
    let helix = toml_blocks
        .iter()
        .find(|b| b.contains("[language-server.mcplint]"))
        .expect("a Helix languages.toml snippet");
    let helix: toml::Table = toml::from_str(helix).expect("the Helix snippet is TOML");
    let server = &helix["language-server"]["mcplint"];
    assert_eq!(server["command"].as_str(), Some("mcplint"));
    assert_eq!(
        server["args"].as_array().unwrap(),
        &[toml::Value::from("server")]
    );
    let languages = helix["language"].as_array().unwrap();
    let mut names = Vec::new();
    for language in languages {
        let name = language["name"].as_str().unwrap();
        let servers = language["language-servers"].as_array().unwrap();
        assert!(
            servers.contains(&toml::Value::from("mcplint")),
            "{name}: {servers:?}"
        );
        names.push(name);
    }
    assert!(covers_every_language(&names), "{names:?}");
}

#[test]
fn both_neovim_snippets_start_the_server_for_the_same_filetypes() {
    let lua = blocks_of("lua");
    assert_eq!(lua.len(), 2, "expected the Neovim 0.11 and 0.7 snippets");
    let filetypes = |code: &str, key: &str| -> Vec<String> {
        let line = code
            .lines()
            .find(|l| l.trim_start().starts_with(key))
            .unwrap_or_else(|| panic!("no `{key}` line in\n{code}"));
        line.split('\'')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    let new = filetypes(&lua[0], "filetypes");
    let old = filetypes(&lua[1], "pattern");
    assert_eq!(new, old);
    let new: Vec<&str> = new.iter().map(String::as_str).collect();
    assert!(covers_every_language(&new), "{new:?}");
    assert!(
        lua[0].contains("cmd = { 'mcplint', 'server' }"),
        "{}",
        lua[0]
    );
    assert!(lua[0].contains("vim.lsp.enable('mcplint')"), "{}", lua[0]);
    assert!(
        lua[1].contains("cmd = { 'mcplint', 'server' }"),
        "{}",
        lua[1]
    );
}
