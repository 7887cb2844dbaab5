//! The GitHub Action (`action.yml`) and the workflow in the README: both validated against
//! GitHub's schemas with `check-jsonschema`, and the action's `run:` steps executed with bash the
//! way a runner executes a composite action — inputs and step outputs substituted, `GITHUB_*`
//! files in a temporary directory, the freshly built mcplint on `PATH` (so the install step
//! skips `cargo install`; a fake `cargo` fails the test if it is called) and `uses:` steps
//! evaluated only for whether they would run.

mod tools;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tools::{BIN, CLEAN, VULNERABLE, repo_root, run, run_ok, text, venv_bin, write_files};

/// A YAML file as JSON (`PyYAML` from the tools' virtual environment).
fn yaml(path: &Path) -> Value {
    let json = run_ok(Command::new(venv_bin("python")).args([
        "-c",
        "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)",
        path.to_str().unwrap(),
    ]));
    serde_json::from_str(&json).unwrap()
}

fn check_jsonschema(schema: &str, file: &Path) {
    let out = run(Command::new(venv_bin("check-jsonschema"))
        .args(["--builtin-schema", schema])
        .arg(file));
    assert!(
        out.status.success(),
        "{} does not match {schema}\n{}",
        file.display(),
        text(&out)
    );
}

#[test]
fn action_yml_matches_the_github_actions_schema() {
    check_jsonschema("vendor.github-actions", &repo_root().join("action.yml"));
    // And a broken one does not, so the check is real.
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("action.yml");
    fs::write(
        &broken,
        "name: x\nruns:\n  using: composite\n  steps:\n    - run: echo\n",
    )
    .unwrap();
    let out = run(Command::new(venv_bin("check-jsonschema"))
        .args(["--builtin-schema", "vendor.github-actions"])
        .arg(&broken));
    assert!(
        !out.status.success(),
        "a run step without shell is invalid\n{}",
        text(&out)
    );
}

/// The release workflow: valid for GitHub, triggered by version tags, publishing to `PyPI` by
/// trusted publishing, and building a binary for every platform the action downloads one for.
#[test]
fn the_release_workflow_matches_the_schema_and_the_action() {
    let file = repo_root().join(".github/workflows/release.yml");
    check_jsonschema("vendor.github-workflows", &file);
    let workflow = yaml(&file);
    // YAML 1.1 reads the key `on` as `true`.
    let on = if workflow["on"].is_null() {
        &workflow["true"]
    } else {
        &workflow["on"]
    };
    assert_eq!(on["push"]["tags"], serde_json::json!(["v*"]));
    assert_eq!(workflow["permissions"]["contents"], "read");

    let jobs = &workflow["jobs"];
    let pypi = &jobs["pypi"];
    assert_eq!(
        pypi["permissions"]["id-token"], "write",
        "trusted publishing"
    );
    assert_eq!(pypi["environment"]["name"], "pypi");
    let uses = |job: &Value| -> Vec<String> {
        job["steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["uses"].as_str().map(str::to_owned))
            .collect()
    };
    assert!(
        uses(pypi)
            .iter()
            .any(|u| u.starts_with("pypa/gh-action-pypi-publish@")),
        "{pypi}"
    );
    assert_eq!(jobs["release"]["permissions"]["contents"], "write");
    assert!(
        uses(&jobs["build"])
            .iter()
            .any(|u| u.starts_with("PyO3/maturin-action@")),
        "the wheels are built with maturin"
    );

    // Every target of the action's download step has a build, and nothing else is built.
    let built: Vec<&str> = jobs["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["target"].as_str().unwrap())
        .collect();
    let action = fs::read_to_string(repo_root().join("action.yml")).unwrap();
    let re =
        regex::Regex::new(r"(?m)^\s*(Linux|macOS|Windows)/(X64|ARM64)\) target=(\S+) ;;").unwrap();
    let downloaded: Vec<&str> = re
        .captures_iter(&action)
        .map(|c| c.get(3).unwrap().as_str())
        .collect();
    assert_eq!(downloaded.len(), 5, "{downloaded:?}");
    let mut a = built.clone();
    let mut b = downloaded.clone();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b, "the release builds what the action downloads");
    // The archives are named as the action asks for them.
    let release = fs::read_to_string(&file).unwrap();
    for name in [
        "mcplint-$TARGET.tar.gz",
        "mcplint-$TARGET.zip",
        "SHA256SUMS",
    ] {
        assert!(release.contains(name), "release.yml writes {name}");
    }
    for name in [
        "asset=\"mcplint-$target.zip\"",
        "asset=\"mcplint-$target.tar.gz\"",
        "SHA256SUMS",
    ] {
        assert!(action.contains(name), "action.yml reads {name}");
    }
}

/// The README's fenced YAML blocks that use the action.
fn readme_workflows() -> Vec<String> {
    let readme = fs::read_to_string(repo_root().join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        if let Some(tag) = line.strip_prefix("```") {
            match current.take() {
                Some(block) => blocks.push(block),
                None if tag.trim() == "yaml" => current = Some(String::new()),
                None => current = Some(String::from("\u{0}")),
            }
        } else if let Some(block) = current.as_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks
        .into_iter()
        .filter(|b| !b.starts_with('\u{0}') && b.contains("uses: mcplint/mcplint@"))
        .collect()
}

#[test]
fn the_readme_workflow_matches_the_github_workflows_schema() {
    let workflows = readme_workflows();
    assert!(
        !workflows.is_empty(),
        "README.md has a workflow using the action"
    );
    let action = yaml(&repo_root().join("action.yml"));
    let inputs = action["inputs"].as_object().unwrap();
    for (i, workflow) in workflows.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir
            .path()
            .join(format!(".github/workflows/mcplint-{i}.yml"));
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, workflow).unwrap();
        check_jsonschema("vendor.github-workflows", &file);
        // Every `with:` key of the action's step is an input of the action.
        let parsed = yaml(&file);
        for job in parsed["jobs"].as_object().unwrap().values() {
            for step in job["steps"].as_array().unwrap() {
                if step["uses"]
                    .as_str()
                    .is_some_and(|u| u.starts_with("mcplint/mcplint@"))
                {
                    for key in step["with"].as_object().into_iter().flatten().map(|w| w.0) {
                        assert!(inputs.contains_key(key), "`with: {key}` is not an input");
                    }
                }
            }
            // Uploading SARIF needs this permission.
            assert_eq!(
                parsed["permissions"]["security-events"], "write",
                "the workflow grants security-events: write"
            );
        }
    }
}

/// What running the action's steps did.
#[derive(Debug)]
struct ActionRun {
    /// The exit status of the first failing step, if any.
    failed: Option<(String, i32)>,
    /// Standard output and error of every step that ran.
    log: String,
    /// `steps.<id>.outputs`.
    outputs: HashMap<String, HashMap<String, String>>,
    /// The names of the `uses:` steps whose condition held.
    would_use: Vec<String>,
    /// The step summary.
    summary: String,
}

impl ActionRun {
    fn output(&self, step: &str, name: &str) -> &str {
        self.outputs
            .get(step)
            .and_then(|o| o.get(name))
            .map_or("", String::as_str)
    }
}

struct Context<'a> {
    inputs: &'a HashMap<String, String>,
    outputs: &'a HashMap<String, HashMap<String, String>>,
    workspace: &'a Path,
    temp: &'a Path,
}

impl Context<'_> {
    fn value(&self, expr: &str) -> String {
        let expr = expr.trim();
        if let Some(name) = expr.strip_prefix("inputs.") {
            return self
                .inputs
                .get(name)
                .unwrap_or_else(|| panic!("unknown input `{name}`"))
                .clone();
        }
        if let Some(rest) = expr.strip_prefix("steps.") {
            let (id, name) = rest.split_once(".outputs.").expect("steps.ID.outputs.NAME");
            return self
                .outputs
                .get(id)
                .and_then(|o| o.get(name))
                .cloned()
                .unwrap_or_default();
        }
        match expr {
            "github.action_path" => repo_root().to_string_lossy().into_owned(),
            "github.workspace" => self.workspace.to_string_lossy().into_owned(),
            "runner.os" => "Linux".to_owned(),
            "runner.temp" => self.temp.to_string_lossy().into_owned(),
            other => panic!("the test runner does not know the expression `{other}`"),
        }
    }

    /// Replaces every `${{ ... }}`.
    fn substitute(&self, text: &str) -> String {
        let re = regex::Regex::new(r"\$\{\{(.*?)\}\}").unwrap();
        re.replace_all(text, |c: &regex::Captures<'_>| self.value(&c[1]))
            .into_owned()
    }

    /// Evaluates an `if:` made of `&&`-joined `always()`, `X == 'v'` and `X != 'v'` terms.
    fn condition(&self, cond: &str, failed: bool) -> bool {
        let cond = cond.trim();
        let cond = cond
            .strip_prefix("${{")
            .and_then(|c| c.strip_suffix("}}"))
            .unwrap_or(cond);
        let mut always = false;
        let mut holds = true;
        for term in cond.split("&&").map(str::trim) {
            if term == "always()" {
                always = true;
            } else if let Some((left, right)) = term.split_once("!=") {
                holds &= self.value(left) != unquote(right);
            } else if let Some((left, right)) = term.split_once("==") {
                holds &= self.value(left) == unquote(right);
            } else {
                panic!("the test runner does not know the condition `{term}`");
            }
        }
        holds && (always || !failed)
    }
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches('\'').to_owned()
}

/// Parses a `GITHUB_OUTPUT` file (`name=value` and `name<<DELIMITER` blocks).
fn parse_outputs(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((name, delimiter)) = line.split_once("<<") {
            let value: Vec<&str> = lines.by_ref().take_while(|l| *l != delimiter).collect();
            out.insert(name.to_owned(), value.join("\n"));
        } else if let Some((name, value)) = line.split_once('=') {
            out.insert(name.to_owned(), value.to_owned());
        }
    }
    out
}

/// Runs the action's steps in `workspace` with `inputs` over the action's defaults, with the
/// freshly built mcplint on `PATH`.
fn run_action(workspace: &Path, inputs: &[(&str, &str)]) -> ActionRun {
    run_action_with(workspace, inputs, None)
}

/// Runs the action's steps; with `releases`, mcplint is not on `PATH` and a fake `curl` serves
/// `https://github.com/mcplint/mcplint/releases/download/TAG/FILE` from `releases/TAG/FILE`.
fn run_action_with(
    workspace: &Path,
    inputs: &[(&str, &str)],
    releases: Option<&Path>,
) -> ActionRun {
    let action = yaml(&repo_root().join("action.yml"));
    let mut values: HashMap<String, String> = action["inputs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v["default"].as_str().unwrap_or("").to_owned()))
        .collect();
    for (k, v) in inputs {
        assert!(values.contains_key(*k), "no input `{k}`");
        values.insert((*k).to_owned(), (*v).to_owned());
    }

    let temp = tempfile::tempdir().unwrap();
    let runner_temp = temp.path().join("runner-temp");
    let fake_bin = temp.path().join("fake-bin");
    fs::create_dir_all(&runner_temp).unwrap();
    fs::create_dir_all(&fake_bin).unwrap();
    // `cargo install` must not run: the built mcplint is on PATH.
    let cargo = fake_bin.join("cargo");
    fs::write(
        &cargo,
        "#!/bin/sh\necho \"cargo must not run here: $*\" >&2\nexit 97\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&cargo, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut dirs: Vec<PathBuf> = vec![fake_bin.clone()];
    match releases {
        Some(releases) => fake_curl(&fake_bin, releases),
        None => dirs.push(Path::new(BIN).parent().unwrap().to_path_buf()),
    }
    // Directories that steps add through GITHUB_PATH come first in the steps after them.
    let github_path = temp.path().join("path");
    fs::write(&github_path, "").unwrap();
    let system_path: Vec<PathBuf> =
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).collect();
    let summary = temp.path().join("step-summary.md");
    fs::write(&summary, "").unwrap();

    let mut result = ActionRun {
        failed: None,
        log: String::new(),
        outputs: HashMap::new(),
        would_use: Vec::new(),
        summary: String::new(),
    };
    for (i, step) in action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let name = step["name"].as_str().unwrap_or("step").to_owned();
        let cx = Context {
            inputs: &values,
            outputs: &result.outputs,
            workspace,
            temp: &runner_temp,
        };
        let runs = match step["if"].as_str() {
            Some(cond) => cx.condition(cond, result.failed.is_some()),
            None => result.failed.is_none(),
        };
        if !runs {
            continue;
        }
        if step["uses"].is_string() {
            result.would_use.push(name);
            continue;
        }
        let script = cx.substitute(step["run"].as_str().expect("a run step"));
        assert_eq!(step["shell"], "bash", "{name}: run steps use bash");
        let script_file = temp.path().join(format!("step-{i}.sh"));
        fs::write(&script_file, &script).unwrap();
        let output_file = temp.path().join(format!("output-{i}"));
        fs::write(&output_file, "").unwrap();
        let added = fs::read_to_string(&github_path).unwrap();
        let path = std::env::join_paths(
            added
                .lines()
                .rev()
                .map(PathBuf::from)
                .chain(dirs.iter().cloned())
                .chain(system_path.iter().cloned()),
        )
        .unwrap();
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script_file)
            .current_dir(workspace)
            .env("PATH", &path)
            .env("GITHUB_ACTIONS", "true")
            .env("CI", "true")
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_ACTION_PATH", repo_root())
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_ENV", temp.path().join("env"))
            .env("GITHUB_PATH", &github_path)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("RUNNER_TEMP", &runner_temp)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64");
        for (key, value) in step["env"].as_object().into_iter().flatten() {
            cmd.env(key, cx.substitute(value.as_str().unwrap_or("")));
        }
        let out = run(&mut cmd);
        let _ = write!(
            result.log,
            "=== {name}
{}
",
            text(&out)
        );
        if let Some(id) = step["id"].as_str() {
            let written = fs::read_to_string(&output_file).unwrap();
            result
                .outputs
                .insert(id.to_owned(), parse_outputs(&written));
        }
        if !out.status.success() {
            result.failed = Some((name, out.status.code().unwrap_or(-1)));
        }
    }
    result.summary = fs::read_to_string(&summary).unwrap();
    assert!(
        !result.log.contains("cargo must not run here"),
        "the install step ran cargo although mcplint is on PATH\n{}",
        result.log
    );
    result
}

/// A `curl` that serves the action's release downloads from `releases` and fails (exit 22,
/// as `curl --fail` on a 404) for anything else.
fn fake_curl(fake_bin: &Path, releases: &Path) {
    let curl = fake_bin.join("curl");
    let script = format!(
        r#"#!/bin/sh
out=""; url=""
while [ $# -gt 0 ]; do
  case "$1" in
    --output|-o) out="$2"; shift 2 ;;
    --retry) shift 2 ;;
    -*) shift ;;
    *) url="$1"; shift ;;
  esac
done
prefix="https://github.com/mcplint/mcplint/releases/download/"
case "$url" in
  "$prefix"*) file="{}/${{url#"$prefix"}}" ;;
  *) echo "curl: unexpected URL $url" >&2; exit 2 ;;
esac
[ -f "$file" ] || {{ echo "curl: (22) The requested URL returned error: 404" >&2; exit 22; }}
cp "$file" "$out"
"#,
        releases.display()
    );
    fs::write(&curl, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&curl, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// A release `v{version}` as `.github/workflows/release.yml` publishes it, in `releases/`: the
/// Linux `x86_64` archive (the built mcplint and the README at its top level) and `SHA256SUMS`.
fn fake_release(releases: &Path, version: &str) -> PathBuf {
    let dir = releases.join(format!("v{version}"));
    let staging = releases.join("staging");
    fs::create_dir_all(&dir).unwrap();
    fs::create_dir_all(&staging).unwrap();
    fs::copy(BIN, staging.join("mcplint")).unwrap();
    fs::copy(repo_root().join("README.md"), staging.join("README.md")).unwrap();
    let asset = "mcplint-x86_64-unknown-linux-gnu.tar.gz";
    run_ok(
        Command::new("tar")
            .arg("-C")
            .arg(&staging)
            .args(["-czf"])
            .arg(dir.join(asset))
            .args(["mcplint", "README.md"]),
    );
    // As the release job writes it: `sha256sum -- *` in the folder of the assets.
    fs::write(dir.join("wheel.whl"), "not really a wheel").unwrap();
    let sums = run_ok(
        Command::new("sh")
            .args(["-c", "sha256sum -- *"])
            .current_dir(&dir),
    );
    fs::write(dir.join("SHA256SUMS"), sums).unwrap();
    dir
}

#[test]
fn a_version_downloads_the_released_binary_and_verifies_its_checksum() {
    let version = env!("CARGO_PKG_VERSION");
    let releases = tempfile::tempdir().unwrap();
    let release = fake_release(releases.path(), version);
    let ws = tempfile::tempdir().unwrap();
    write_files(ws.path(), &[("server.py", VULNERABLE)]);

    // The released binary runs the scan: nothing is built, nothing is cached.
    let run = run_action_with(ws.path(), &[("version", version)], Some(releases.path()));
    assert_eq!(
        run.failed,
        Some(("Fail on findings".to_owned(), 1)),
        "{}",
        run.log
    );
    assert!(run.log.contains("(checksum verified)"), "{}", run.log);
    assert_eq!(run.output("run", "findings"), "1", "{}", run.log);
    assert!(
        !run.would_use.iter().any(|s| s.contains("Cache")),
        "{:?}",
        run.would_use
    );
    assert!(!run.outputs.contains_key("source"), "no source hash either");
    // `v` in front of the version is accepted.
    let run = run_action_with(
        ws.path(),
        &[("version", &format!("v{version}")), ("fail-on", "never")],
        Some(releases.path()),
    );
    assert_eq!(run.failed, None, "{}", run.log);

    // An archive that does not match SHA256SUMS is never run.
    let sums = fs::read_to_string(release.join("SHA256SUMS")).unwrap();
    let asset = "mcplint-x86_64-unknown-linux-gnu.tar.gz";
    let line = sums.lines().find(|l| l.ends_with(asset)).unwrap();
    let tampered = sums.replace(line, &format!("{}  {asset}", "0".repeat(64)));
    fs::write(release.join("SHA256SUMS"), tampered).unwrap();
    let run = run_action_with(ws.path(), &[("version", version)], Some(releases.path()));
    assert_eq!(
        run.failed,
        Some(("Download mcplint".to_owned(), 1)),
        "{}",
        run.log
    );
    assert!(
        run.log.contains("does not match the SHA256SUMS of release"),
        "{}",
        run.log
    );
    assert!(!run.outputs.contains_key("run"), "mcplint did not run");
    assert!(!upload(&run), "{:?}", run.would_use);

    // A version without a release fails the download.
    let run = run_action_with(ws.path(), &[("version", "9.9.9")], Some(releases.path()));
    assert_eq!(
        run.failed,
        Some(("Download mcplint".to_owned(), 22)),
        "{}",
        run.log
    );
}

fn upload(run: &ActionRun) -> bool {
    run.would_use.iter().any(|s| s.contains("Upload SARIF"))
}

#[test]
fn findings_fail_the_action_after_the_sarif_is_written_and_uploaded() {
    let ws = tempfile::tempdir().unwrap();
    write_files(
        ws.path(),
        &[("src/server.py", VULNERABLE), ("src/clean.py", CLEAN)],
    );
    let run = run_action(ws.path(), &[]);
    assert!(run.log.contains("is installed"), "{}", run.log);
    assert_eq!(
        run.failed,
        Some(("Fail on findings".to_owned(), 1)),
        "{}",
        run.log
    );
    assert_eq!(run.output("run", "exit-code"), "1");
    assert_eq!(run.output("run", "findings"), "1");
    assert_eq!(run.output("run", "sarif-file"), "mcplint.sarif");
    let sarif: Value =
        serde_json::from_slice(&fs::read(ws.path().join("mcplint.sarif")).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "src/server.py",
        "paths are relative to the repository root"
    );
    assert!(upload(&run), "the SARIF is uploaded: {:?}", run.would_use);
    assert!(
        run.summary.contains("1 finding(s), exit status 1"),
        "{}",
        run.summary
    );
    assert!(run.outputs["source"]["key"].starts_with("mcplint-Linux-"));

    // fail-on: never keeps the step green and still uploads.
    let run = run_action(ws.path(), &[("fail-on", "never")]);
    assert_eq!(run.failed, None, "{}", run.log);
    assert_eq!(run.output("run", "findings"), "1");
    assert!(upload(&run));
}

#[test]
fn a_clean_repository_passes() {
    let ws = tempfile::tempdir().unwrap();
    write_files(ws.path(), &[("server.py", CLEAN)]);
    let run = run_action(ws.path(), &[]);
    assert_eq!(run.failed, None, "{}", run.log);
    assert_eq!(run.output("run", "exit-code"), "0");
    assert_eq!(run.output("run", "findings"), "0");
    let sarif: Value =
        serde_json::from_slice(&fs::read(ws.path().join("mcplint.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
    assert!(upload(&run));
}

#[test]
fn without_a_sarif_file_findings_become_annotations() {
    let ws = tempfile::tempdir().unwrap();
    write_files(ws.path(), &[("server.py", VULNERABLE)]);
    let run = run_action(ws.path(), &[("sarif-file", "")]);
    assert_eq!(
        run.failed,
        Some(("Fail on findings".to_owned(), 1)),
        "{}",
        run.log
    );
    assert!(
        run.log.contains("::error file=server.py,line=11,"),
        "{}",
        run.log
    );
    assert!(!ws.path().join("mcplint.sarif").exists());
    assert!(!upload(&run), "nothing to upload: {:?}", run.would_use);
}

#[test]
fn fail_on_warning_paths_and_args() {
    let stale = CLEAN.replace(
        "    return a + b",
        "    return a + b  # mcplint: ignore[shell-injection] -- stale",
    );
    let ws = tempfile::tempdir().unwrap();
    write_files(
        ws.path(),
        &[
            ("a/server.py", stale.as_str()),
            ("b/server.py", stale.as_str()),
            ("c/server.py", VULNERABLE),
        ],
    );
    // Two of three directories; a warning only.
    let run = run_action(ws.path(), &[("path", "a b")]);
    assert_eq!(run.failed, None, "{}", run.log);
    assert_eq!(run.output("run", "findings"), "2");
    let run = run_action(ws.path(), &[("path", "a b"), ("fail-on", "warning")]);
    assert_eq!(
        run.failed,
        Some(("Fail on findings".to_owned(), 1)),
        "{}",
        run.log
    );
    // Extra arguments reach mcplint.
    let run = run_action(
        ws.path(),
        &[
            ("args", "--ignore unused-suppression"),
            ("fail-on", "warning"),
            ("sarif-file", "out/m.sarif"),
        ],
    );
    assert_eq!(
        run.failed,
        Some(("Fail on findings".to_owned(), 1)),
        "{}",
        run.log
    );
    assert_eq!(
        run.output("run", "findings"),
        "1",
        "only the error in c/: {}",
        run.log
    );
    assert!(ws.path().join("out/m.sarif").exists(), "{}", run.log);
}

#[test]
fn a_usage_error_fails_the_run_step_and_uploads_nothing() {
    let ws = tempfile::tempdir().unwrap();
    write_files(ws.path(), &[("server.py", VULNERABLE)]);
    let run = run_action(ws.path(), &[("args", "--select no-such-rule")]);
    assert_eq!(
        run.failed,
        Some(("Run mcplint".to_owned(), 2)),
        "{}",
        run.log
    );
    assert!(run.log.contains("no-such-rule"), "{}", run.log);
    assert!(!upload(&run), "{:?}", run.would_use);
    let ws = tempfile::tempdir().unwrap();
    write_files(
        ws.path(),
        &[("server.py", VULNERABLE), ("mcplint.toml", "nope = 1\n")],
    );
    let run = run_action(ws.path(), &[]);
    assert_eq!(
        run.failed,
        Some(("Run mcplint".to_owned(), 2)),
        "{}",
        run.log
    );
    assert!(run.log.contains("mcplint.toml:1:1"), "{}", run.log);
}
