//! The server loop driven over `lsp-server`'s in-memory connection.

use std::collections::HashMap;
use std::path::Path;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{DiagnosticSeverity, PublishDiagnosticsParams, Url};
use serde_json::{Value, json};

/// A tool whose `name` reaches a shell: one `shell-injection` finding on line 11 (0-based 10).
const VULNERABLE: &str = r#"import subprocess

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("files")


@mcp.tool()
def list_dir(name: str) -> str:
    """List a directory."""
    return subprocess.run(f"ls {name}", shell=True, capture_output=True, text=True, timeout=60).stdout
"#;

/// How long a test waits for a message.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The client side of a server running on another thread.
struct Client {
    connection: Connection,
    server: Option<JoinHandle<anyhow::Result<()>>>,
    next_id: i32,
    /// The diagnostics last published, by URI.
    published: HashMap<Url, Vec<lsp_types::Diagnostic>>,
    /// `window/showMessage` texts received.
    shown: Vec<String>,
}

impl Client {
    /// Starts a server and completes the handshake with `folders` as workspace folders.
    fn start(folders: &[&Path]) -> Self {
        let (server, connection) = Connection::memory();
        let handle = std::thread::spawn(move || super::run(&server));
        let mut client = Self {
            connection,
            server: Some(handle),
            next_id: 0,
            published: HashMap::new(),
            shown: Vec::new(),
        };
        let folders: Vec<Value> = folders
            .iter()
            .map(|f| json!({"uri": Url::from_file_path(f).unwrap(), "name": "f"}))
            .collect();
        let response = client.request(
            "initialize",
            json!({"capabilities": {}, "workspaceFolders": folders}),
        );
        let result = response.result.expect("initialize succeeds");
        assert_eq!(result["serverInfo"]["name"], "mcplint");
        assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
        client.notify("initialized", json!({}));
        client
    }

    fn notify(&self, method: &str, params: Value) {
        let notification = Notification::new(method.to_owned(), params);
        self.connection.sender.send(notification.into()).unwrap();
    }

    /// Sends a request and returns its response (recording what arrives meanwhile).
    fn request(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let request = Request::new(id.clone(), method.to_owned(), params);
        self.connection.sender.send(request.into()).unwrap();
        let mut response = None;
        self.receive_until(|_, message| match message {
            Message::Response(r) if r.id == id => {
                response = Some(r.clone());
                true
            }
            _ => false,
        });
        response.unwrap()
    }

    /// Receives messages, recording diagnostics and shown messages, until `done` holds.
    fn receive_until(&mut self, mut done: impl FnMut(&Self, &Message) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self
                .connection
                .receiver
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("timed out waiting for the server");
            if let Message::Notification(n) = &message {
                match n.method.as_str() {
                    "textDocument/publishDiagnostics" => {
                        let params: PublishDiagnosticsParams =
                            serde_json::from_value(n.params.clone()).unwrap();
                        self.published.insert(params.uri, params.diagnostics);
                    }
                    "window/showMessage" => {
                        self.shown
                            .push(n.params["message"].as_str().unwrap().to_owned());
                    }
                    _ => {}
                }
            }
            if done(self, &message) {
                return;
            }
        }
    }

    /// Waits until the diagnostics of `uri` satisfy `ready`; returns them.
    fn diagnostics(
        &mut self,
        uri: &Url,
        ready: impl Fn(&[lsp_types::Diagnostic]) -> bool,
    ) -> Vec<lsp_types::Diagnostic> {
        let satisfied = |client: &Self| client.published.get(uri).is_some_and(|d| ready(d));
        if !satisfied(self) {
            self.receive_until(|client, _| satisfied(client));
        }
        self.published[uri].clone()
    }

    fn open(&self, path: &Path, text: &str) -> Url {
        let uri = Url::from_file_path(path).unwrap();
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}),
        );
        uri
    }

    fn change(&self, uri: &Url, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// Shuts the server down; returns how its loop ended.
    fn shut_down(mut self) -> anyhow::Result<()> {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response.result, Some(Value::Null));
        let after = self.request("textDocument/codeAction", json!({}));
        assert_eq!(
            after.error.map(|e| e.code),
            Some(ErrorCode::InvalidRequest as i32)
        );
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap()
    }
}

fn fixed() -> String {
    VULNERABLE.replace(
        "subprocess.run(f\"ls {name}\", shell=True,",
        "subprocess.run([\"ls\", name],",
    )
}

#[test]
fn each_folder_is_a_project_with_its_own_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let (strict, relaxed) = (dir.path().join("strict"), dir.path().join("relaxed"));
    for folder in [&strict, &relaxed] {
        std::fs::create_dir_all(folder).unwrap();
        std::fs::write(folder.join("tool.py"), VULNERABLE).unwrap();
    }
    std::fs::write(
        relaxed.join("mcplint.toml"),
        "[severity]\nshell-injection = \"warning\"\n",
    )
    .unwrap();
    let mut client = Client::start(&[&strict, &relaxed]);
    let strict_uri = client.open(&strict.join("tool.py"), VULNERABLE);
    let relaxed_uri = client.open(&relaxed.join("tool.py"), VULNERABLE);
    let found = client.diagnostics(&strict_uri, |d| d.len() == 1);
    assert_eq!(found[0].severity, Some(DiagnosticSeverity::ERROR));
    assert_eq!(found[0].range.start, lsp_types::Position::new(10, 11));
    let found = client.diagnostics(&relaxed_uri, |d| d.len() == 1);
    assert_eq!(found[0].severity, Some(DiagnosticSeverity::WARNING));

    // Rapid edits: the last text wins, whatever runs they superseded.
    for version in 2..12 {
        let text = if version % 2 == 0 {
            fixed()
        } else {
            VULNERABLE.to_owned()
        };
        client.change(&strict_uri, version, &text);
    }
    client.change(&strict_uri, 12, &fixed());
    client.diagnostics(&strict_uri, <[_]>::is_empty);
    client.shut_down().unwrap();
}

#[test]
fn unsaved_new_files_are_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(&[dir.path()]);
    let uri = client.open(&dir.path().join("new_tool.py"), VULNERABLE);
    let found = client.diagnostics(&uri, |d| d.len() == 1);
    assert_eq!(
        found[0].code,
        Some(lsp_types::NumberOrString::String(
            "shell-injection".to_owned()
        ))
    );
    // Closed without saving: it is gone, and so are its diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    client.diagnostics(&uri, <[_]>::is_empty);
    client.shut_down().unwrap();
}

#[test]
fn a_broken_configuration_is_shown_and_requests_are_still_answered() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mcplint.toml"), "select = [\n").unwrap();
    let mut client = Client::start(&[dir.path()]);
    client.open(&dir.path().join("tool.py"), VULNERABLE);
    client.receive_until(|client, _| !client.shown.is_empty());
    assert!(
        client.shown[0].contains("mcplint.toml"),
        "{:?}",
        client.shown
    );
    let response = client.request("mcplint/unknown", json!({}));
    assert_eq!(
        response.error.map(|e| e.code),
        Some(ErrorCode::MethodNotFound as i32)
    );
    client.shut_down().unwrap();
}

#[test]
fn exit_without_shutdown_is_an_error() {
    let mut client = Client::start(&[]);
    client.notify("exit", Value::Null);
    assert!(client.server.take().unwrap().join().unwrap().is_err());
}
