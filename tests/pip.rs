//! `pip install`: `pyproject.toml` builds a wheel carrying the binary (maturin, `bindings =
//! "bin"`). The wheel is built with the real maturin (the dev profile, sharing `target/` with
//! this test run, so it costs a relink), installed into a fresh virtual environment without
//! network access (`pip install --no-index`), and the installed `mcplint` is run.

mod tools;

use std::path::Path;
use std::process::Command;

use tools::{repo_root, run, run_ok, text, venv_bin};

#[test]
fn the_wheel_installs_a_working_mcplint() {
    let maturin = venv_bin("maturin");
    let dir = tempfile::tempdir().unwrap();
    let wheels = dir.path().join("wheels");
    let mut build = Command::new(&maturin);
    build
        .args(["build", "--locked", "--strip", "--out"])
        .arg(&wheels)
        .current_dir(repo_root())
        // The tools' venv is not the interpreter the wheel is for: a binary wheel is for any.
        .env_remove("VIRTUAL_ENV");
    run_ok(&mut build);
    let wheel = std::fs::read_dir(&wheels)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .expect("maturin wrote a wheel");
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        name.starts_with(&format!("mcplint-{version}-py3-none-")),
        "{name}: the version comes from Cargo.toml; the wheel is for any Python 3"
    );

    // A fresh virtual environment; the wheel has no dependencies, so no index is needed.
    let venv = dir.path().join("venv");
    run_ok(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    let bin = venv.join(if cfg!(windows) { "Scripts" } else { "bin" });
    run_ok(
        Command::new(bin.join("python"))
            .args([
                "-m",
                "pip",
                "install",
                "--no-index",
                "--disable-pip-version-check",
                "--quiet",
            ])
            .arg(&wheel),
    );
    let mcplint = bin.join("mcplint");
    assert!(
        mcplint.exists(),
        "pip put mcplint in the venv's bin directory"
    );

    let out = run_ok(Command::new(&mcplint).arg("--version"));
    assert_eq!(out.trim(), format!("mcplint {version}"));

    // The installed binary scans: a fixture with findings exits 1 and reports them.
    let fixture = repo_root().join("testdata/shell-injection/fastmcp_decorator.py");
    let out = run(Command::new(&mcplint)
        .args(["--format", "json"])
        .arg(&fixture)
        .current_dir(Path::new(&repo_root())));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "shell-injection"),
        "{}",
        text(&out)
    );

    // The metadata pip sees comes from pyproject.toml.
    let show = run_ok(Command::new(bin.join("python")).args([
        "-m",
        "pip",
        "show",
        "--disable-pip-version-check",
        "mcplint",
    ]));
    assert!(show.contains(&format!("Version: {version}")), "{show}");
    assert!(
        show.contains("Summary: A fast static analyzer for MCP (Model Context Protocol) servers"),
        "{show}"
    );
}
