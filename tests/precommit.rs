//! The pre-commit hook (`.pre-commit-hooks.yaml`) with the real `pre-commit`: in a scratch git
//! repository whose `.pre-commit-config.yaml` uses this repository as users do (`repo:`, `rev:`,
//! `hooks: [{id: mcplint}]`), a commit of a vulnerable server is rejected and a safe one goes
//! through.
//!
//! The hook repository is a snapshot of what pre-commit needs from this working tree (the hook
//! manifest and the files `cargo install` builds from, tracked and untracked, as git would commit
//! them) committed with fixed dates, so its revision only changes when those files do. `PRE_COMMIT_HOME` under the tools directory keeps pre-commit's build of mcplint between
//! runs (`pre-commit try-repo` would use a throw-away store and rebuild every time), and
//! `CARGO_TARGET_DIR` there keeps the compiled dependencies when the sources change.

mod tools;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tools::{BIN, CLEAN, VULNERABLE, repo_root, run, run_ok, text, tools_dir, venv_bin};

/// A `git` command with a fixed identity and no inherited repository.
fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .env("GIT_AUTHOR_NAME", "mcplint tests")
        .env("GIT_AUTHOR_EMAIL", "tests@mcplint.invalid")
        .env("GIT_COMMITTER_NAME", "mcplint tests")
        .env("GIT_COMMITTER_EMAIL", "tests@mcplint.invalid")
        .env("GIT_AUTHOR_DATE", "2025-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2025-01-01T00:00:00Z")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null");
    cmd
}

/// Whether pre-commit's `cargo install --path .` of the hook repository reads the file.
fn needed_by_the_hook(rel: &str) -> bool {
    let top = [
        ".pre-commit-hooks.yaml",
        "Cargo.toml",
        "Cargo.lock",
        "rust-toolchain.toml",
    ];
    top.contains(&rel)
        || rel.starts_with("rules/")
        || (rel.starts_with("crates/") && !rel.contains("/tests/"))
}

/// Commits a copy of the working tree's files that the hook needs (what `git add -A` would take)
/// to `dir`; returns the commit's hash.
fn snapshot(dir: &Path) -> String {
    let root = repo_root();
    let listed = run_ok(git(&root).args([
        "ls-files",
        "-z",
        "--cached",
        "--others",
        "--exclude-standard",
    ]));
    if dir.exists() {
        fs::remove_dir_all(dir).unwrap();
    }
    fs::create_dir_all(dir).unwrap();
    for rel in listed
        .split('\0')
        .filter(|p| !p.is_empty() && needed_by_the_hook(p))
    {
        let from = root.join(rel);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let to = dir.join(rel);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(&from, &to).unwrap();
    }
    run_ok(git(dir).args(["init", "-q", "-b", "main"]));
    run_ok(git(dir).args(["add", "-A"]));
    run_ok(git(dir).args(["commit", "-q", "--no-verify", "-m", "mcplint snapshot"]));
    run_ok(git(dir).args(["rev-parse", "HEAD"]))
        .trim()
        .to_owned()
}

#[test]
fn the_hook_rejects_a_vulnerable_commit_and_accepts_a_safe_one() {
    let pre_commit = venv_bin("pre-commit");
    let work = tools_dir().join("precommit");
    let hook_repo = work.join("mcplint-repo");
    let rev = snapshot(&hook_repo);
    let home = work.join("home");
    // One build of mcplint per revision: drop the builds of other revisions.
    let last = work.join("last-rev");
    if fs::read_to_string(&last).ok().as_deref() != Some(rev.as_str()) && home.exists() {
        fs::remove_dir_all(&home).unwrap();
    }
    fs::write(&last, &rev).unwrap();

    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    run_ok(git(dir).args(["init", "-q", "-b", "main"]));
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: mcplint\n",
        hook_repo.display()
    );
    fs::write(dir.join(".pre-commit-config.yaml"), config).unwrap();

    let with_env = |mut cmd: Command| -> Command {
        let bin_dir: PathBuf = pre_commit.parent().unwrap().to_path_buf();
        let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )))
        .unwrap();
        cmd.env("PATH", path)
            .env("PRE_COMMIT_HOME", &home)
            .env("CARGO_TARGET_DIR", work.join("cargo-target"))
            .env("PRE_COMMIT_COLOR", "never")
            .env_remove("CARGO_BUILD_TARGET_DIR");
        cmd
    };
    run_ok(with_env(git(dir)).args(["add", ".pre-commit-config.yaml"]));
    run_ok(
        with_env(Command::new(&pre_commit))
            .current_dir(dir)
            .arg("install"),
    );

    // A vulnerable server: the commit is rejected and mcplint's finding is shown.
    tools::progress(
        "tests/precommit.rs",
        "pre-commit installs the hook: cargo install of mcplint (a release build: minutes on a \
         fresh machine; kept in the tools directory while the sources do not change)",
    );
    fs::write(dir.join("server.py"), VULNERABLE).unwrap();
    fs::write(dir.join("README.md"), "not scanned\n").unwrap();
    run_ok(with_env(git(dir)).args(["add", "server.py", "README.md"]));
    let out = run(with_env(git(dir)).args(["commit", "-m", "vulnerable"]));
    let shown = text(&out);
    assert!(
        !out.status.success(),
        "the commit must be rejected\n{shown}"
    );
    assert!(shown.contains("mcplint"), "{shown}");
    assert!(shown.contains("Failed"), "{shown}");
    assert!(shown.contains("error[shell-injection]"), "{shown}");
    assert!(shown.contains("server.py:11:"), "{shown}");
    assert!(
        !run(git(dir).args(["rev-parse", "--verify", "HEAD"]))
            .status
            .success(),
        "nothing was committed"
    );

    // A safe server: the commit goes through.
    fs::write(dir.join("server.py"), CLEAN).unwrap();
    run_ok(with_env(git(dir)).args(["add", "server.py"]));
    let out = run(with_env(git(dir)).args(["commit", "-m", "safe"]));
    let shown = text(&out);
    assert!(out.status.success(), "the commit must pass\n{shown}");
    assert!(
        shown.contains("mcplint") && shown.contains("Passed"),
        "{shown}"
    );

    // `pre-commit run --all-files` on the history: passes now; fails once a vulnerable file is
    // back (files are passed as arguments; excludes of an mcplint.toml apply to them).
    let out = run(with_env(Command::new(&pre_commit))
        .current_dir(dir)
        .args(["run", "--all-files"]));
    assert!(out.status.success(), "{}", text(&out));
    fs::write(dir.join("tool.py"), VULNERABLE).unwrap();
    fs::create_dir_all(dir.join("vendor")).unwrap();
    fs::write(dir.join("vendor/tool.py"), VULNERABLE).unwrap();
    fs::write(dir.join("mcplint.toml"), "extend-exclude = [\"vendor\"]\n").unwrap();
    run_ok(with_env(git(dir)).args(["add", "-A"]));
    let out = run(with_env(Command::new(&pre_commit))
        .current_dir(dir)
        .args(["run", "--all-files"]));
    let shown = text(&out);
    assert!(!out.status.success(), "{shown}");
    assert!(shown.contains("tool.py:11:"), "{shown}");
    assert!(
        !shown.contains("vendor/tool.py"),
        "force-exclude applies mcplint.toml: {shown}"
    );
}

#[test]
fn the_manifest_and_the_readme_config_are_valid() {
    let pre_commit = venv_bin("pre-commit");
    let manifest = repo_root().join(".pre-commit-hooks.yaml");
    run_ok(
        Command::new(&pre_commit)
            .arg("validate-manifest")
            .arg(&manifest),
    );
    let hooks: serde_json::Value =
        serde_json::from_str(&run_ok(Command::new(venv_bin("python")).args([
            "-c",
            "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)",
            manifest.to_str().unwrap(),
        ])))
        .unwrap();
    let hook = &hooks[0];
    assert_eq!(hook["id"], "mcplint");
    assert_eq!(hook["language"], "rust");
    // `mcplint-py`: the same hook, installed by pip (maturin builds the wheel).
    let python = hooks[1].as_object().unwrap();
    assert_eq!(python["id"], "mcplint-py");
    assert_eq!(python["language"], "python");
    for (key, value) in hook.as_object().unwrap() {
        if !["id", "language", "description"].contains(&key.as_str()) {
            assert_eq!(&python[key], value, "mcplint-py's {key}");
        }
    }
    assert_eq!(hook["entry"], "mcplint");
    assert_eq!(hook["pass_filenames"], true);
    assert_eq!(
        hook["require_serial"], true,
        "one process must see every staged file so cross-file flows are found"
    );
    assert_eq!(hook["types"], serde_json::json!(["file"]));
    // pre-commit passes exactly the files mcplint reads (its `files` is a Python `re.search`;
    // this pattern means the same in Rust's regex).
    let files = regex::Regex::new(hook["files"].as_str().expect("a files pattern")).unwrap();
    for path in [
        "server.py",
        "stubs/api.pyi",
        "src/index.ts",
        "ui/App.tsx",
        "lib/a.mts",
        "lib/b.cts",
        "bin/cli.js",
        "ui/View.jsx",
        "esm.mjs",
        "cjs.cjs",
        "src/main.rs",
        "tools.json",
        "prod.env",
        ".env",
        "deploy/.env.production",
        "certs/server.pem",
        "tls/server.key",
        "store.p12",
        "store.pfx",
        "prod.tfvars",
        "dev.kubeconfig",
        ".ssh/id_rsa",
        "id_ed25519",
        ".aws/credentials",
        ".npmrc",
        "a/.pypirc",
        ".netrc",
        "_netrc",
        ".git-credentials",
        ".kube/config",
        "kubeconfig",
        "README.md",
        "id_rsa.pub",
        "Cargo.lock",
        "config.yaml",
        "notes.txt",
        "src/env.rs.bak",
        ".envrc",
    ] {
        assert_eq!(
            files.is_match(path),
            mcplint_ir::Lang::from_path(Path::new(path)).is_some(),
            "the hook's files pattern and mcplint disagree on {path}"
        );
    }

    // The README's .pre-commit-config.yaml snippets: the repository pinned to a commit (no
    // release is tagged yet), and the local hook, which matches the manifest's files.
    let [remote, local] = readme_configs();
    let rev = regex::Regex::new(r"(?m)^\s*rev: ([0-9a-f]{40})$").unwrap();
    assert!(rev.is_match(&remote), "rev: a full commit hash\n{remote}");
    assert!(local.contains("repo: local"), "{local}");
    let dir = tempfile::tempdir().unwrap();
    for snippet in [&remote, &local] {
        let config = dir.path().join(".pre-commit-config.yaml");
        fs::write(&config, snippet).unwrap();
        run_ok(
            Command::new(&pre_commit)
                .arg("validate-config")
                .arg(&config),
        );
    }
    let config: serde_json::Value =
        serde_json::from_str(&run_ok(Command::new(venv_bin("python")).args([
            "-c",
            "import json, sys, yaml; json.dump(yaml.safe_load(sys.argv[1]), sys.stdout)",
            &local,
        ])))
        .unwrap();
    let local_hook = &config["repos"][0]["hooks"][0];
    for key in ["files", "types", "args", "require_serial", "entry"] {
        assert_eq!(local_hook[key], hook[key], "the local hook's {key}");
    }
}

/// The README's two `.pre-commit-config.yaml` snippets: the repository's hook, then the local one.
fn readme_configs() -> [String; 2] {
    let readme = fs::read_to_string(repo_root().join("README.md")).unwrap();
    let snippets: Vec<String> = readme
        .split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split_once("```").map(|(block, _)| block.to_owned()))
        .filter(|b| b.contains("- id: mcplint"))
        .collect();
    snippets
        .try_into()
        .unwrap_or_else(|s: Vec<String>| panic!("two pre-commit snippets in README.md: {s:?}"))
}

/// The README's `repo: local` recipe with the real pre-commit and the mcplint under test on
/// `PATH`, as on a checkout without a tagged release: a vulnerable commit is rejected, a safe
/// one goes through.
#[test]
fn the_readme_local_hook_runs_the_mcplint_on_path() {
    let pre_commit = venv_bin("pre-commit");
    let [_, local] = readme_configs();
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("repo");
    let home = scratch.path().join("pre-commit-home");
    fs::create_dir_all(&dir).unwrap();
    run_ok(git(&dir).args(["init", "-q", "-b", "main"]));
    fs::write(dir.join(".pre-commit-config.yaml"), local).unwrap();
    let path = std::env::join_paths(
        [
            pre_commit.parent().unwrap().to_path_buf(),
            Path::new(BIN).parent().unwrap().to_path_buf(),
        ]
        .into_iter()
        .chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .unwrap();
    let with_env = |mut cmd: Command| -> Command {
        cmd.env("PATH", &path)
            .env("PRE_COMMIT_HOME", &home)
            .env("PRE_COMMIT_COLOR", "never");
        cmd
    };
    run_ok(with_env(git(&dir)).args(["add", ".pre-commit-config.yaml"]));
    run_ok(
        with_env(Command::new(&pre_commit))
            .current_dir(&dir)
            .arg("install"),
    );

    fs::write(dir.join("server.py"), VULNERABLE).unwrap();
    run_ok(with_env(git(&dir)).args(["add", "server.py"]));
    let out = run(with_env(git(&dir)).args(["commit", "-m", "vulnerable"]));
    let shown = text(&out);
    assert!(
        !out.status.success(),
        "the commit must be rejected\n{shown}"
    );
    assert!(shown.contains("error[shell-injection]"), "{shown}");
    assert!(shown.contains("server.py:11:"), "{shown}");

    fs::write(dir.join("server.py"), CLEAN).unwrap();
    run_ok(with_env(git(&dir)).args(["add", "server.py"]));
    let out = run(with_env(git(&dir)).args(["commit", "-m", "safe"]));
    let shown = text(&out);
    assert!(out.status.success(), "the commit must pass\n{shown}");
    assert!(shown.contains("Passed"), "{shown}");
}
