//! `pip install`: `pyproject.toml` builds a wheel carrying the binary (maturin, `bindings =
//! "bin"`). The wheel is built with the real maturin (in the profile of this test run, sharing
//! `target/` with it, so it costs a relink), installed into a fresh virtual environment without
//! network access (`pip install --no-index`), and the installed `mcplint` is run. The release
//! workflow takes its plain binaries out of such wheels: the executable's place is checked too.

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
    // The profile this test was built with, so the build reuses what `cargo test` compiled
    // (`scripts/test --release` builds everything in the release profile, which strips the
    // binary; with the same arguments as cargo's own build of it, nothing is compiled again).
    let profile = if cfg!(debug_assertions) {
        "dev"
    } else {
        "release"
    };
    build
        .args(["build", "--locked", "--profile", profile, "--out"])
        .arg(&wheels)
        .current_dir(repo_root())
        // The tools' venv is not the interpreter the wheel is for: a binary wheel is for any.
        .env_remove("VIRTUAL_ENV");
    tools::progress(
        "tests/pip.rs",
        &format!("maturin builds the wheel ({profile} profile; a relink when cargo test built it)"),
    );
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

    // The executable sits where the release workflow takes the plain binary from.
    let listing = run_ok(
        Command::new("python3")
            .args(["-m", "zipfile", "-l"])
            .arg(&wheel),
    );
    let script = format!("mcplint-{version}.data/scripts/mcplint ");
    assert!(
        listing.lines().any(|l| l.starts_with(&script)),
        "{script}in\n{listing}"
    );
    let release =
        std::fs::read_to_string(repo_root().join(".github/workflows/release.yml")).unwrap();
    assert!(
        release.contains("unpacked/mcplint-$VERSION.data/scripts/$EXE"),
        "release.yml takes the binary from the wheel's scripts"
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
