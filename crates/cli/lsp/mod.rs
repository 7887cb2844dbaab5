//! `mcplint server`: a language server over standard input and output.
//!
//! Built on `lsp-server` and `lsp-types` (rust-analyzer's): a synchronous main loop over
//! crossbeam channels, no async runtime. The analysis is CPU-bound work on rayon threads, and the
//! protocol side is one loop that answers requests and schedules runs: an async runtime would add
//! a dependency tree and nothing the loop needs.
//!
//! The main loop ([`Server::main_loop`]) keeps the open documents' texts and, per project (a
//! workspace folder, or a file opened outside every folder), the diagnostics last published. An
//! open or save schedules the document's project at once, a change after [`DEBOUNCE`] of quiet;
//! the [`analysis`] worker runs the whole project with the unsaved texts over the files on disk
//! (the summary cache makes re-runs cheap), and the loop publishes diagnostics for every file
//! whose findings changed, in any file of the project, and clears those that went away: an edit
//! in a helper re-publishes the handler it reaches. Requests are answered while a run goes on;
//! a run superseded by a newer edit is abandoned or its results dropped.

mod actions;
mod analysis;
mod convert;
mod transport;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use crossbeam_channel::{after, never, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWorkspaceFolders, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, LogMessage, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, ExecuteCommand, Request as _, ShowDocument};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    DidChangeTextDocumentParams, DidChangeWorkspaceFoldersParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, ExecuteCommandOptions,
    ExecuteCommandParams, InitializeParams, LogMessageParams, MessageType, OneOf,
    PositionEncodingKind, PublishDiagnosticsParams, SaveOptions, ServerCapabilities, ServerInfo,
    ShowDocumentParams, ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Url, WorkspaceFoldersServerCapabilities,
    WorkspaceServerCapabilities,
};
use serde::de::DeserializeOwned;

use self::analysis::{Finished, Job, Project, Published, Worker};
use crate::run::Overlay;

/// How long the documents must stay unchanged before a run starts.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// Runs the server over standard input and output until the client says `exit`.
pub(crate) fn serve() -> anyhow::Result<()> {
    let (connection, threads) = transport::stdio();
    let result = run(&connection);
    drop(connection);
    threads.join().context("cannot write to the client")?;
    result
}

/// The server on `connection`: the initialize handshake, then the main loop until `exit`
/// (an error when `exit` came without `shutdown`, or the client went away).
pub(crate) fn run(connection: &Connection) -> anyhow::Result<()> {
    let (id, params) = connection
        .initialize_start()
        .context("no initialize request")?;
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(params) => params,
        Err(err) => {
            let message = format!("bad initialize parameters: {err}");
            let response = Response::new_err(id, ErrorCode::InvalidParams as i32, message.clone());
            let _ = connection.sender.send(response.into());
            bail!(message);
        }
    };
    let result = lsp_types::InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "mcplint".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    connection
        .initialize_finish(id, serde_json::to_value(result)?)
        .context("the initialize handshake failed")?;
    Server::new(connection, &params)?.main_loop()
}

/// What the server offers: full text sync, quick fixes, the documentation command, workspace
/// folders.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![actions::OPEN_DOCS.to_owned()],
            ..ExecuteCommandOptions::default()
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

/// Whether the main loop goes on.
#[derive(PartialEq, Eq)]
enum Flow {
    Continue,
    Exit,
}

/// The server's state, owned by the main loop.
struct Server<'a> {
    connection: &'a Connection,
    worker: Worker,
    /// The workspace folders (paths).
    folders: Vec<PathBuf>,
    /// The open documents: URI and text, by path.
    documents: HashMap<PathBuf, (Url, String)>,
    /// The diagnostics last published, by project.
    published: HashMap<Project, Published>,
    /// The last configuration error shown for each project (shown once, not on every run).
    errors: HashMap<Project, String>,
    /// The notices of each project's last run (logged once).
    notices: HashMap<Project, Vec<String>>,
    /// Projects waiting for the next run.
    dirty: BTreeSet<Project>,
    /// Projects of the last job that have not reported yet.
    in_flight: BTreeSet<Project>,
    /// When the next run starts, if one is scheduled.
    deadline: Option<Instant>,
    /// The generation of the last job submitted.
    generation: u64,
    /// Whether `shutdown` was received.
    shutting_down: bool,
    /// The number of requests sent to the client.
    requests_sent: u64,
}

impl<'a> Server<'a> {
    fn new(connection: &'a Connection, params: &InitializeParams) -> anyhow::Result<Self> {
        #[allow(deprecated)] // `rootUri` is how clients without workspace folders name theirs.
        let uris: Vec<&Url> = match &params.workspace_folders {
            Some(folders) => folders.iter().map(|f| &f.uri).collect(),
            None => params.root_uri.iter().collect(),
        };
        Ok(Self {
            connection,
            worker: Worker::start()?,
            folders: uris.iter().filter_map(|u| u.to_file_path().ok()).collect(),
            documents: HashMap::new(),
            published: HashMap::new(),
            errors: HashMap::new(),
            notices: HashMap::new(),
            dirty: BTreeSet::new(),
            in_flight: BTreeSet::new(),
            deadline: None,
            generation: 0,
            shutting_down: false,
            requests_sent: 0,
        })
    }

    /// Handles messages, finished analyses and the debounce timer until `exit`.
    fn main_loop(mut self) -> anyhow::Result<()> {
        loop {
            let timer = self.deadline.map_or_else(never, |deadline| {
                after(deadline.saturating_duration_since(Instant::now()))
            });
            select! {
                recv(self.connection.receiver) -> message => {
                    let message = message.context("the client closed the connection")?;
                    if self.handle(message) == Flow::Exit {
                        if self.shutting_down {
                            return Ok(());
                        }
                        bail!("exit without shutdown");
                    }
                }
                recv(self.worker.results) -> finished => {
                    self.finished(finished.context("the analysis thread stopped")?);
                }
                recv(timer) -> _ => self.dispatch(),
            }
        }
    }

    fn handle(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(request) => {
                let response = self.request(request);
                self.send(response);
                Flow::Continue
            }
            Message::Notification(notification) if notification.method == "exit" => Flow::Exit,
            Message::Notification(notification) => {
                if let Err(err) = self.notification(notification) {
                    self.log(MessageType::ERROR, format!("{err:#}"));
                }
                Flow::Continue
            }
            // The answers to `window/showDocument`: nothing to do.
            Message::Response(_) => Flow::Continue,
        }
    }

    /// The response to `request`.
    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        if self.shutting_down {
            return Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".to_owned(),
            );
        }
        let result = match request.method.as_str() {
            "shutdown" => {
                self.shutting_down = true;
                Ok(serde_json::Value::Null)
            }
            CodeActionRequest::METHOD => {
                params::<CodeActionParams>(request).map(|params| self.code_actions(&params))
            }
            ExecuteCommand::METHOD => {
                params::<ExecuteCommandParams>(request).and_then(|params| self.execute(&params))
            }
            method => Err((
                ErrorCode::MethodNotFound,
                format!("unknown method {method}"),
            )),
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    fn code_actions(&self, params: &CodeActionParams) -> serde_json::Value {
        let Ok(path) = params.text_document.uri.to_file_path() else {
            return serde_json::Value::Null;
        };
        let text = match self.documents.get(&path) {
            Some((_, text)) => text.clone(),
            None => std::fs::read_to_string(&path).unwrap_or_default(),
        };
        serde_json::to_value(actions::code_actions(params, &path, &text))
            .unwrap_or(serde_json::Value::Null)
    }

    /// Runs the documentation command: asks the client to show the rule's section of rules.md
    /// in a browser.
    fn execute(
        &mut self,
        params: &ExecuteCommandParams,
    ) -> Result<serde_json::Value, (ErrorCode, String)> {
        let (actions::OPEN_DOCS, [serde_json::Value::String(rule)]) =
            (params.command.as_str(), params.arguments.as_slice())
        else {
            return Err((
                ErrorCode::InvalidParams,
                format!(
                    "unknown command {} or wrong arguments (expected {} with a rule name)",
                    params.command,
                    actions::OPEN_DOCS
                ),
            ));
        };
        let uri = mcplint_rules::rule_by_name(rule)
            .and_then(|rule| convert::rule_url(rule.name))
            .ok_or_else(|| (ErrorCode::InvalidParams, format!("unknown rule {rule}")))?;
        self.requests_sent += 1;
        let request = Request::new(
            RequestId::from(format!("mcplint-{}", self.requests_sent)),
            ShowDocument::METHOD.to_owned(),
            ShowDocumentParams {
                uri,
                external: Some(true),
                take_focus: Some(true),
                selection: None,
            },
        );
        let _ = self.connection.sender.send(request.into());
        Ok(serde_json::Value::Null)
    }

    fn notification(&mut self, notification: Notification) -> anyhow::Result<()> {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let params: DidOpenTextDocumentParams = notification_params(notification)?;
                let document = params.text_document;
                self.edited(document.uri, Some(document.text), Duration::ZERO);
            }
            DidChangeTextDocument::METHOD => {
                let params: DidChangeTextDocumentParams = notification_params(notification)?;
                // Full sync: the last change holds the whole text.
                if let Some(change) = params.content_changes.into_iter().last() {
                    self.edited(params.text_document.uri, Some(change.text), DEBOUNCE);
                }
            }
            DidSaveTextDocument::METHOD => {
                let params: DidSaveTextDocumentParams = notification_params(notification)?;
                let uri = params.text_document.uri;
                let text = match params.text {
                    Some(text) => Some(text),
                    None => uri
                        .to_file_path()
                        .ok()
                        .and_then(|p| self.documents.get(&p).map(|(_, t)| t.clone())),
                };
                self.edited(uri, text, Duration::ZERO);
            }
            DidCloseTextDocument::METHOD => {
                let params: DidCloseTextDocumentParams = notification_params(notification)?;
                self.closed(&params.text_document.uri);
            }
            DidChangeWorkspaceFolders::METHOD => {
                let params: DidChangeWorkspaceFoldersParams = notification_params(notification)?;
                self.folders_changed(&params);
            }
            // Other notifications (`initialized`, `$/cancelRequest`, ...) need nothing.
            _ => {}
        }
        Ok(())
    }

    /// A document was opened, changed or saved: keeps its text (`None`: as on disk) and runs
    /// its project after `delay` (a newer edit restarts the wait).
    fn edited(&mut self, uri: Url, text: Option<String>, delay: Duration) {
        let Ok(path) = uri.to_file_path() else {
            return;
        };
        let project = self.project_of(&path);
        match text {
            Some(text) => {
                self.documents.insert(path, (uri, text));
            }
            None => {
                self.documents.remove(&path);
            }
        }
        self.schedule(project, delay);
    }

    /// A document was closed: its project is analysed again with the file on disk; a file
    /// outside every folder loses its diagnostics.
    fn closed(&mut self, uri: &Url) {
        let Ok(path) = uri.to_file_path() else {
            return;
        };
        self.documents.remove(&path);
        let project = self.project_of(&path);
        if self.folder_of(&path).is_some() {
            self.schedule(project, Duration::ZERO);
        } else {
            self.forget(&project);
        }
    }

    fn folders_changed(&mut self, params: &DidChangeWorkspaceFoldersParams) {
        for removed in &params.event.removed {
            if let Ok(path) = removed.uri.to_file_path() {
                self.folders.retain(|f| *f != path);
                self.forget(&Project::folder(path));
            }
        }
        for added in &params.event.added {
            if let Ok(path) = added.uri.to_file_path()
                && !self.folders.contains(&path)
            {
                self.folders.push(path);
            }
        }
        // Open documents may now belong to another project.
        let paths: Vec<PathBuf> = self.documents.keys().cloned().collect();
        let known: Vec<Project> = self.published.keys().cloned().collect();
        for project in known {
            if project.paths.len() == 1
                && project.paths[0] != project.root
                && self.folder_of(&project.paths[0]).is_some()
            {
                self.forget(&project);
            }
        }
        for path in paths {
            let project = self.project_of(&path);
            self.schedule(project, Duration::ZERO);
        }
    }

    /// Clears the diagnostics of `project` and stops analysing it.
    fn forget(&mut self, project: &Project) {
        self.dirty.remove(project);
        self.in_flight.remove(project);
        self.errors.remove(project);
        self.notices.remove(project);
        if let Some(published) = self.published.remove(project) {
            for uri in published.into_keys() {
                self.publish(uri, Vec::new());
            }
        }
    }

    /// The innermost workspace folder holding `path`.
    fn folder_of(&self, path: &Path) -> Option<&PathBuf> {
        self.folders
            .iter()
            .filter(|f| path.starts_with(f))
            .max_by_key(|f| f.components().count())
    }

    /// The project `path` is analysed in.
    fn project_of(&self, path: &Path) -> Project {
        self.folder_of(path).map_or_else(
            || Project::single_file(path),
            |folder| Project::folder(folder.clone()),
        )
    }

    fn schedule(&mut self, project: Project, delay: Duration) {
        self.dirty.insert(project);
        self.deadline = Some(Instant::now() + delay);
    }

    /// Submits a job for the dirty projects and those of the previous job not done yet (which
    /// the new job supersedes).
    fn dispatch(&mut self) {
        self.deadline = None;
        let projects: BTreeSet<Project> = self.dirty.union(&self.in_flight).cloned().collect();
        self.dirty.clear();
        if projects.is_empty() {
            return;
        }
        self.in_flight.clone_from(&projects);
        self.generation += 1;
        let overlay: Overlay = self
            .documents
            .iter()
            .map(|(path, (_, text))| (path.clone(), text.clone()))
            .collect();
        self.worker.submit(Job {
            generation: self.generation,
            projects: projects.into_iter().collect(),
            overlay: Arc::new(overlay),
        });
    }

    /// Publishes what changed in a finished project's diagnostics, unless a newer job
    /// superseded it.
    fn finished(&mut self, finished: Finished) {
        if finished.generation != self.generation || !self.in_flight.remove(&finished.project) {
            return;
        }
        let project = finished.project;
        // Notices are logged when they first appear, not again on every run.
        let before = self.notices.remove(&project).unwrap_or_default();
        for notice in &finished.notices {
            if !before.contains(notice) {
                self.log(MessageType::WARNING, notice.clone());
            }
        }
        self.notices.insert(project.clone(), finished.notices);
        let published = match finished.result {
            Ok(published) => {
                self.errors.remove(&project);
                published
            }
            Err(err) => {
                // A broken configuration: say so once, keep the last diagnostics.
                if self.errors.get(&project) != Some(&err) {
                    self.show(MessageType::ERROR, format!("mcplint: {err}"));
                    self.errors.insert(project, err);
                }
                return;
            }
        };
        let old = self.published.remove(&project).unwrap_or_default();
        for (uri, diagnostics) in &published {
            if old.get(uri) != Some(diagnostics) {
                self.publish(uri.clone(), diagnostics.clone());
            }
        }
        for uri in old.into_keys() {
            if !published.contains_key(&uri) {
                self.publish(uri, Vec::new());
            }
        }
        self.published.insert(project, published);
    }

    fn publish(&self, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>) {
        self.notify::<PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        });
    }

    fn log(&self, typ: MessageType, message: String) {
        self.notify::<LogMessage>(LogMessageParams { typ, message });
    }

    fn show(&self, typ: MessageType, message: String) {
        self.notify::<ShowMessage>(ShowMessageParams { typ, message });
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        let notification = Notification::new(N::METHOD.to_owned(), params);
        let _ = self.connection.sender.send(notification.into());
    }

    fn send(&self, response: Response) {
        let _ = self.connection.sender.send(response.into());
    }
}

/// A request's parameters, or the invalid-params error.
fn params<P: DeserializeOwned>(request: Request) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(request.params).map_err(|err| {
        (
            ErrorCode::InvalidParams,
            format!("bad parameters for {}: {err}", request.method),
        )
    })
}

/// A notification's parameters.
fn notification_params<P: DeserializeOwned>(notification: Notification) -> anyhow::Result<P> {
    serde_json::from_value(notification.params)
        .with_context(|| format!("bad parameters for {}", notification.method))
}

#[cfg(test)]
mod tests;
