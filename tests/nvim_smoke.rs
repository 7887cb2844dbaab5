//! The README's Neovim configuration, run in a real headless Neovim: Debian's 0.7 (the oldest
//! the snippet supports), which `scripts/install-test-tools` unpacks into the tools directory.
//! The snippet between `<!-- neovim-0.7 -->` markers in README.md becomes `init.lua`; a Lua
//! epilogue waits for mcplint's diagnostics (`vim.wait`), writes what Neovim holds
//! (`vim.diagnostic.get()`) as JSON and quits. The binary under test is found as `mcplint` on
//! PATH, as the snippet names it. A missing Neovim fails the test with how to install it.

mod tools;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tools::{BIN, VULNERABLE, repo_root, require, tools_dir, write_files};

/// How long Neovim may run before the test gives up on it.
const TIMEOUT: Duration = Duration::from_mins(1);

/// The tool of [`VULNERABLE`] without the shell: its fixed twin.
fn fixed() -> String {
    VULNERABLE.replace("shell=True", "shell=False")
}

/// Waits (at most 20 s) for mcplint's diagnostics; with `MCPLINT_SMOKE_FIX` (a file holding the
/// fixed text), then puts that text in the buffer and waits until its diagnostics are gone.
/// Writes `{"arrived": ..., "diagnostics": [...], "fixed": [...], "cleared": ...}` to
/// `MCPLINT_SMOKE_OUT` and quits, whatever happens.
const EPILOGUE: &str = r"
local function mcplint_diagnostics(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'mcplint' then
      local lsp = (d.user_data or {}).lsp or {}
      table.insert(found, {
        file = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(d.bufnr), ':t'),
        line = d.lnum + 1,
        code = d.code,
        message = d.message,
        href = (lsp.codeDescription or {}).href,
        related = lsp.relatedInformation or {},
      })
    end
  end
  return found
end

local report = {}
local ok, err = pcall(function()
  report.arrived = vim.wait(20000, function() return #mcplint_diagnostics() > 0 end, 10)
  report.diagnostics = mcplint_diagnostics()
  local fix = os.getenv('MCPLINT_SMOKE_FIX')
  if fix then
    vim.api.nvim_buf_set_lines(0, 0, -1, false, vim.fn.readfile(fix))
    report.cleared = vim.wait(20000, function() return #mcplint_diagnostics(0) == 0 end, 10)
    report.fixed = mcplint_diagnostics()
  end
end)
if not ok then
  report.error = tostring(err)
end
vim.fn.writefile({ vim.json.encode(report) }, os.getenv('MCPLINT_SMOKE_OUT'))
vim.cmd('qa!')
";

/// The Lua between `<!-- neovim-0.7 -->` and `<!-- /neovim-0.7 -->` in README.md.
fn readme_snippet() -> String {
    let readme = fs::read_to_string(repo_root().join("README.md")).unwrap();
    let start = readme
        .find("<!-- neovim-0.7 -->")
        .expect("README.md has no <!-- neovim-0.7 --> marker");
    let end = readme
        .find("<!-- /neovim-0.7 -->")
        .expect("README.md has no <!-- /neovim-0.7 --> marker");
    let block = &readme[start..end];
    let code = block
        .split_once("```lua\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .expect("the Neovim snippet is not a ```lua block");
    code.0.to_owned()
}

/// The unpacked Neovim of the tools directory.
fn nvim() -> PathBuf {
    require(
        tools_dir().join("nvim/bin/nvim"),
        "nvim (Debian neovim, unpacked with its libraries)",
    )
}

/// Opens `open` (relative to `project`) in a headless Neovim configured by the README's
/// snippet, optionally fixing it with `fix`; the epilogue's report.
fn session(dir: &Path, open: &str, fix: Option<&str>) -> Value {
    let init = dir.join("init.lua");
    let epilogue = dir.join("epilogue.lua");
    let out = dir.join("report.json");
    fs::write(&init, readme_snippet()).unwrap();
    fs::write(&epilogue, EPILOGUE).unwrap();
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let mut command = Command::new(nvim());
    command
        .args(["--headless", "--clean", "-u"])
        .arg(&init)
        .arg(open)
        .arg("-c")
        .arg(format!("luafile {}", epilogue.display()))
        .current_dir(dir.join("project"))
        .env("PATH", path)
        .env("MCPLINT_CACHE_DIR", dir.join("cache"))
        .env("MCPLINT_SMOKE_OUT", &out)
        .stdin(Stdio::null())
        .stdout(fs::File::create(dir.join("stdout")).unwrap())
        .stderr(fs::File::create(dir.join("stderr")).unwrap());
    if let Some(fix) = fix {
        let fix_file = dir.join("fixed.txt");
        fs::write(&fix_file, fix).unwrap();
        command.env("MCPLINT_SMOKE_FIX", fix_file);
    }
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "nvim did not quit within {TIMEOUT:?}; stderr:\n{}",
                fs::read_to_string(dir.join("stderr")).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let report = fs::read_to_string(&out).unwrap_or_else(|e| {
        panic!(
            "nvim ({status}) wrote no report ({e}); stdout:\n{}\nstderr:\n{}",
            fs::read_to_string(dir.join("stdout")).unwrap_or_default(),
            fs::read_to_string(dir.join("stderr")).unwrap_or_default()
        )
    });
    let report: Value = serde_json::from_str(&report).unwrap();
    assert!(
        report.get("error").is_none(),
        "the epilogue failed: {report:#}"
    );
    report
}

/// A temporary directory with `project/` holding `files` and a `pyproject.toml` (its root
/// marker).
fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        &dir.path().join("project"),
        &[("pyproject.toml", "[project]\nname = \"demo\"\n")],
    );
    write_files(&dir.path().join("project"), files);
    dir
}

/// `(file, line, rule)` of each diagnostic in `list`.
fn summary(list: &Value) -> Vec<(String, u64, String)> {
    list.as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_readme_snippet_shows_a_finding_and_its_fix_clears_it() {
    let dir = workspace(&[("server.py", VULNERABLE)]);
    let report = session(dir.path(), "server.py", Some(&fixed()));
    assert_eq!(report["arrived"], true, "no diagnostic arrived: {report:#}");
    assert_eq!(
        summary(&report["diagnostics"]),
        [("server.py".to_owned(), 11, "shell-injection".to_owned())],
        "{report:#}"
    );
    let diagnostic = &report["diagnostics"][0];
    assert!(
        diagnostic["message"]
            .as_str()
            .unwrap()
            .starts_with("tool input reaches a shell command"),
        "{diagnostic:#}"
    );
    assert!(
        diagnostic["href"]
            .as_str()
            .unwrap()
            .ends_with("rules.md#shell-injection"),
        "{diagnostic:#}"
    );
    // The flow: the parameter on line 9, then the sink.
    let related: Vec<u64> = diagnostic["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["location"]["range"]["start"]["line"].as_u64().unwrap() + 1)
        .collect();
    assert_eq!(related, [9, 11], "{diagnostic:#}");
    assert_eq!(
        report["cleared"], true,
        "the fix did not clear it: {report:#}"
    );
    assert_eq!(summary(&report["fixed"]), [], "{report:#}");
}

#[test]
fn the_readme_snippet_shows_nothing_in_a_fixed_file() {
    // The vulnerable sibling is not opened: its diagnostic arriving shows the project's run is
    // done, so the fixed file's silence is its result, not a run still going.
    let fixed = fixed();
    let dir = workspace(&[("server.py", &fixed), ("other.py", VULNERABLE)]);
    let report = session(dir.path(), "server.py", None);
    assert_eq!(report["arrived"], true, "no diagnostic arrived: {report:#}");
    assert_eq!(
        summary(&report["diagnostics"]),
        [("other.py".to_owned(), 11, "shell-injection".to_owned())],
        "{report:#}"
    );
}
