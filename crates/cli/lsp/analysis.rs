//! Analysis on a worker thread: each job analyses projects (a workspace folder, or a file
//! opened outside every folder) exactly as `mcplint <folder>` run in that folder would (its
//! configuration file, the summary cache, the project phase), with the editor's unsaved
//! buffers in place of the files on disk, and turns the findings into LSP diagnostics by file.
//!
//! The main loop never waits for it. A job carries a generation number; the worker skips every
//! job superseded by a newer one already queued, and a run stops as soon as a newer job has
//! been submitted (the run asks before each file and before the project phase, see
//! [`run::Cancel`]) and publishes nothing: the newer job analyses its project again. The main
//! loop also drops results of superseded generations.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use anyhow::Context;
use clap::Parser;
use crossbeam_channel::{Receiver, Sender, unbounded};
use lsp_types::Url;
use mcplint_ir::Lang;
use mcplint_rules::{Diagnostic, Engine};

use super::convert::{self, LineIndex, Locate};
use crate::args::Cli;
use crate::cache::Cache;
use crate::config;
use crate::run::{self, Cancel, Cancelled, Overlay, RunOptions};
use crate::walk::{Target, display_path};

/// What a run analyses: the root it runs in (its working directory: configuration files are
/// looked for from there, paths are shown relative to it) and the paths it scans.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Project {
    /// The working directory of the run.
    pub(crate) root: PathBuf,
    /// The paths scanned (absolute): the root itself for a workspace folder, the file for a
    /// file outside every folder.
    pub(crate) paths: Vec<PathBuf>,
}

impl Project {
    /// The project of a workspace folder.
    pub(crate) fn folder(root: PathBuf) -> Self {
        Self {
            paths: vec![root.clone()],
            root,
        }
    }

    /// The project of a single file outside every workspace folder: run in its folder.
    pub(crate) fn single_file(path: &Path) -> Self {
        Self {
            root: path.parent().unwrap_or(path).to_path_buf(),
            paths: vec![path.to_path_buf()],
        }
    }

    /// Whether `path` is scanned by this project.
    pub(crate) fn contains(&self, path: &Path) -> bool {
        self.paths.iter().any(|p| path.starts_with(p))
    }
}

/// The diagnostics of a project's files, by URI (only files with findings).
pub(crate) type Published = BTreeMap<Url, Vec<lsp_types::Diagnostic>>;

/// A request to analyse projects.
#[derive(Debug)]
pub(crate) struct Job {
    /// Increases with every job.
    pub(crate) generation: u64,
    /// The projects to analyse.
    pub(crate) projects: Vec<Project>,
    /// The open documents' texts.
    pub(crate) overlay: Arc<Overlay>,
}

/// What analysing one project of a job gave.
#[derive(Debug)]
pub(crate) struct Finished {
    /// The job's generation.
    pub(crate) generation: u64,
    /// The project.
    pub(crate) project: Project,
    /// Its diagnostics, or why it could not be analysed (a configuration error).
    pub(crate) result: Result<Published, String>,
    /// Problems with single files, as `path: message` lines.
    pub(crate) notices: Vec<String>,
}

/// The worker thread and its channels.
pub(crate) struct Worker {
    jobs: Sender<Job>,
    latest: Arc<AtomicU64>,
    /// Each analysed project's result, as it is done.
    pub(crate) results: Receiver<Finished>,
}

impl Worker {
    /// Starts the worker thread; it ends when the worker is dropped.
    pub(crate) fn start() -> anyhow::Result<Self> {
        let (jobs, job_receiver) = unbounded::<Job>();
        let (result_sender, results) = unbounded();
        let latest = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&latest);
        thread::Builder::new()
            .name("mcplint-lsp-analysis".to_owned())
            .spawn(move || {
                let superseded = |generation| seen.load(Ordering::SeqCst) != generation;
                work(&job_receiver, &superseded, &result_sender);
            })
            .context("cannot start the analysis thread")?;
        Ok(Self {
            jobs,
            latest,
            results,
        })
    }

    /// Queues `job`; it supersedes every job queued or running.
    pub(crate) fn submit(&self, job: Job) {
        self.latest.store(job.generation, Ordering::SeqCst);
        let _ = self.jobs.send(job);
    }
}

/// The worker's loop: the newest queued job, project by project, until `superseded` says a
/// newer one was submitted (a job's generation is superseded); a superseded run sends nothing.
/// Each project's engine is kept for its next run; its cache is written after its result is
/// sent.
fn work(
    jobs: &Receiver<Job>,
    superseded: &(dyn Fn(u64) -> bool + Sync),
    results: &Sender<Finished>,
) {
    let mut engines = Engines::new();
    while let Ok(mut job) = jobs.recv() {
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        let generation = job.generation;
        let cancelled = || superseded(generation);
        for project in job.projects {
            if cancelled() {
                break;
            }
            // A panic outside the per-file work (which `run` already guards) must not end the
            // worker: the project gets an error instead (and its engine is built again).
            let analysed = panic::catch_unwind(AssertUnwindSafe(|| {
                analyse(
                    &project,
                    &job.overlay,
                    Some(Cancel(&cancelled)),
                    &mut engines,
                )
            }))
            .unwrap_or_else(|_| {
                engines.remove(&project);
                Err(anyhow::anyhow!("internal error; please report it"))
            });
            let (result, notices, cache) = match analysed {
                Ok(analysed) => (Ok(analysed.published), analysed.notices, analysed.cache),
                Err(err) if err.is::<Cancelled>() => break,
                Err(err) => (Err(format!("{err:#}")), Vec::new(), None),
            };
            let finished = Finished {
                generation: job.generation,
                project,
                result,
                notices,
            };
            if results.send(finished).is_err() {
                return;
            }
            // Written once the diagnostics are on their way: the editor does not wait for it.
            if let Some(cache) = cache {
                cache.persist();
            }
        }
    }
}

/// The most engines the worker keeps (one per project); past it, they are all built again.
const MAX_ENGINES: usize = 16;

/// A project's engine, kept between runs while its configuration says the same.
struct Prepared {
    /// The engine settings it was built with (their debug text: settings have no equality).
    settings: String,
    /// The user catalogs it was built with, as `(display name, text)` pairs.
    catalogs: Vec<(String, String)>,
    engine: Engine,
}

/// The engines of the projects analysed so far.
type Engines = HashMap<Project, Prepared>;

/// The engine of `project` under `config`: the one built for an earlier run when the settings
/// and user catalogs are the same (the configuration files are read on every run, so an
/// edited `mcplint.toml` or `pyproject.toml` takes effect at the next run), else a new one.
fn engine_for<'e>(
    engines: &'e mut Engines,
    project: &Project,
    config: &config::Config,
) -> anyhow::Result<&'e Prepared> {
    let cwd = &project.root;
    let settings = format!("{:?}", config.settings(cwd));
    let catalogs = config.catalogs(cwd)?;
    let same = engines
        .get(project)
        .is_some_and(|p| p.settings == settings && p.catalogs == catalogs);
    if !same {
        engines.remove(project);
        let (engine, catalogs) = config.engine(cwd)?;
        if engines.len() >= MAX_ENGINES {
            engines.clear();
        }
        engines.insert(
            project.clone(),
            Prepared {
                settings,
                catalogs,
                engine,
            },
        );
    }
    Ok(&engines[project])
}

/// What analysing a project gave.
struct Analysed {
    /// The diagnostics by file.
    published: Published,
    /// Problems with single files, as `path: message` lines.
    notices: Vec<String>,
    /// The summary cache the run used, to be written.
    cache: Option<Cache>,
}

/// Analyses `project` as the command line would, with `overlay`'s texts in place of the files
/// on disk and the engine `engines` keeps for it ([`Cancelled`] when `cancel` stopped it). The
/// summary cache is returned unwritten.
fn analyse(
    project: &Project,
    overlay: &Overlay,
    cancel: Option<Cancel<'_>>,
    engines: &mut Engines,
) -> anyhow::Result<Analysed> {
    let cwd = &project.root;
    let args = Cli::try_parse_from(
        std::iter::once(PathBuf::from("mcplint")).chain(project.paths.iter().cloned()),
    )
    .context("cannot build the scan's arguments")?
    .check;
    let config = config::load(&args, cwd)?;
    let Prepared {
        engine, catalogs, ..
    } = engine_for(engines, project, &config)?;
    let mut walked = crate::walk_paths(&args, cwd, &config);
    add_unsaved_files(&mut walked.targets, project, overlay, &config, cwd);
    let cache = crate::open_cache(&args, cwd, &config, engine, catalogs);
    let options = RunOptions {
        threads: None,
        max_file_size: args.max_file_size,
        overlay: Some(overlay),
        cancel,
    };
    let outcome = run::run(&walked.targets, engine, &options, cache.as_ref())?;
    let notices = walked
        .notices
        .iter()
        .chain(&outcome.notices)
        .map(|n| format!("{}: {}", n.path, n.message))
        .collect();
    Ok(Analysed {
        published: diagnostics_by_file(&outcome.diagnostics, &walked.targets, overlay, cwd),
        notices,
        cache,
    })
}

/// `diagnostics` as LSP diagnostics by the URI of their file (read from `overlay` when open,
/// else from disk, as are the files their related places point into).
fn diagnostics_by_file(
    diagnostics: &[Diagnostic],
    targets: &[Target],
    overlay: &Overlay,
    cwd: &Path,
) -> Published {
    let paths: HashMap<&str, &Path> = targets
        .iter()
        .map(|t| (t.display.as_str(), t.path.as_path()))
        .collect();
    // Every file a finding points into, read once (the buffer when it is open).
    let mut texts: BTreeMap<&str, (Url, String)> = BTreeMap::new();
    for d in diagnostics {
        let shown = std::iter::once(d.path.as_str()).chain(
            d.flow
                .iter()
                .chain(&d.labels)
                .chain(&d.helpers)
                .map(|l| l.path.as_str()),
        );
        for path in shown {
            if texts.contains_key(path) {
                continue;
            }
            let file = paths
                .get(path)
                .map_or_else(|| cwd.join(path), |p| p.to_path_buf());
            let text = overlay
                .get(&file)
                .cloned()
                .or_else(|| fs::read_to_string(&file).ok());
            if let (Some(text), Ok(uri)) = (text, Url::from_file_path(&file)) {
                texts.insert(path, (uri, text));
            }
        }
    }
    let files = Files(
        texts
            .iter()
            .map(|(path, (uri, text))| (*path, (uri.clone(), LineIndex::new(text))))
            .collect(),
    );
    let mut published = Published::new();
    for d in diagnostics {
        if let Some((uri, index)) = files.0.get(d.path.as_str()) {
            published
                .entry(uri.clone())
                .or_default()
                .push(convert::to_lsp(d, index, &files));
        }
    }
    published
}

/// The line indexes of the files findings point into, by displayed path.
struct Files<'a>(HashMap<&'a str, (Url, LineIndex<'a>)>);

impl Locate for Files<'_> {
    fn locate(&self, path: &str) -> Option<(Url, &LineIndex<'_>)> {
        self.0.get(path).map(|(uri, index)| (uri.clone(), index))
    }
}

/// Adds to `targets` the open documents of `project` that the walk did not find because they
/// are not saved yet (a new file), unless an exclude pattern matches them.
fn add_unsaved_files(
    targets: &mut Vec<Target>,
    project: &Project,
    overlay: &Overlay,
    config: &config::Config,
    cwd: &Path,
) {
    let excludes = config.excludes();
    let mut added = false;
    for path in overlay.keys() {
        let Some(lang) = Lang::from_path(path) else {
            continue;
        };
        if !project.contains(path)
            || path.exists()
            || excludes.iter().any(|p| p.matches(path))
            || targets.iter().any(|t| t.path == *path)
        {
            continue;
        }
        targets.push(Target {
            path: path.clone(),
            display: display_path(path, cwd),
            lang,
            explicit: false,
        });
        added = true;
    }
    if added {
        targets.sort_by(|a, b| a.display.cmp(&b.display));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use super::*;

    /// A tool whose `cmd` reaches a shell.
    const VULNERABLE: &str = "import subprocess\nfrom mcp.server.fastmcp import FastMCP\n\
                              mcp = FastMCP('x')\n@mcp.tool()\ndef run(cmd: str) -> str:\n    \
                              return subprocess.run(cmd, shell=True, timeout=60).stdout\n";

    /// Runs the worker's loop on `jobs` until they are done, with `superseded` as its question;
    /// what it sent.
    fn work_on(jobs: Vec<Job>, superseded: &(dyn Fn(u64) -> bool + Sync)) -> Vec<Finished> {
        let (sender, receiver) = unbounded();
        for job in jobs {
            sender.send(job).unwrap();
        }
        drop(sender);
        let (results, finished) = unbounded();
        work(&receiver, superseded, &results);
        drop(results);
        finished.iter().collect()
    }

    #[test]
    fn a_run_superseded_while_it_runs_publishes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::write(root.join("a.py"), VULNERABLE).unwrap();
        fs::write(root.join("b.py"), VULNERABLE).unwrap();
        let project = Project::folder(root.clone());
        let job = |generation| Job {
            generation,
            projects: vec![project.clone()],
            overlay: Arc::new(Overlay::new()),
        };
        // A newer job arrives once the run has started: the question before the project says
        // no, every one the run asks (before each file, before the project phase) says yes.
        let asked = AtomicUsize::new(0);
        let after_start = |_| asked.fetch_add(1, Ordering::SeqCst) >= 1;
        let finished = work_on(vec![job(1)], &after_start);
        assert!(asked.load(Ordering::SeqCst) >= 2, "the run never asked");
        assert!(
            finished.is_empty(),
            "a superseded run sent {:?}",
            finished.iter().map(|f| &f.result).collect::<Vec<_>>()
        );
        // The same job, not superseded: both files' findings.
        let finished = work_on(vec![job(2)], &|_| false);
        assert_eq!(finished.len(), 1);
        let published = finished[0].result.as_ref().unwrap();
        let files: Vec<String> = published
            .keys()
            .map(|uri| uri.path().rsplit('/').next().unwrap().to_owned())
            .collect();
        assert_eq!(files, ["a.py", "b.py"]);
    }

    #[test]
    fn the_engine_is_kept_until_the_configuration_changes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::write(root.join("a.py"), VULNERABLE).unwrap();
        let project = Project::folder(root.clone());
        let config = || {
            let args = Cli::try_parse_from(["mcplint", root.to_str().unwrap()])
                .unwrap()
                .check;
            config::load(&args, &root).unwrap()
        };
        let mut engines = Engines::new();
        let address = |prepared: &Prepared| std::ptr::from_ref(&prepared.engine) as usize;
        let first = address(engine_for(&mut engines, &project, &config()).unwrap());
        let again = address(engine_for(&mut engines, &project, &config()).unwrap());
        assert_eq!(first, again, "the same configuration built a new engine");

        // The worker picks up an edited configuration at the next run.
        let worker = Worker::start().unwrap();
        let files_with_findings = |generation| {
            worker.submit(Job {
                generation,
                projects: vec![project.clone()],
                overlay: Arc::new(Overlay::new()),
            });
            let finished = worker.results.recv().unwrap();
            finished.result.unwrap().len()
        };
        assert_eq!(files_with_findings(1), 1);
        fs::write(
            root.join("mcplint.toml"),
            "ignore = [\"shell-injection\"]\n",
        )
        .unwrap();
        assert_eq!(files_with_findings(2), 0);
        let rebuilt = engine_for(&mut engines, &project, &config()).unwrap();
        let shell = mcplint_rules::rule_by_name("shell-injection").unwrap();
        assert!(
            !rebuilt.engine.is_enabled(shell),
            "the engine was not rebuilt"
        );
    }
}
