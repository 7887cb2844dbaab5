use crate::{Check, declare_rule};

declare_rule! {
    /// ## What it does
    /// Finds tool, resource and prompt handlers whose input becomes an argument of a program
    /// that reads options from its command line — `git`, `hg`, `svn`, `curl`, `wget`, `ssh`,
    /// `scp`, `rsync`, `find`, `tar`, `zip`/`unzip`, `npm`/`npx`/`pnpm`/`yarn`, `pip`/`uv`,
    /// `cargo`, `go`, `docker`/`podman`, `kubectl`, `helm`, `gh`, `aws`, `gcloud`, `terraform`,
    /// `sed`, `awk`, `grep`/`rg`, `ffmpeg`, `psql`/`mysql`/`sqlite3`, `tshark` and others — even
    /// though no shell is involved: Python `subprocess.*`, `asyncio.create_subprocess_exec`,
    /// `os.exec*`/`os.spawn*` with an argument list, `GitPython`'s `repo.git.<command>(...)` and
    /// `Repo.clone_from(url, ...)`; JavaScript `execFile`/`spawn` (and their sync forms), `execa`
    /// and `simple-git`'s `git.raw([...])`; Rust `Command::new("git").arg(x)` / `.args([...])`,
    /// in a chain or on a builder variable.
    ///
    /// Only elements that can start with tool text count. These are not reported:
    /// - a string built after a literal: `f"--format={x}"`, `"refs/heads/" + b`, `` `origin/${b}` ``;
    /// - an element after a literal `--` (`["git", "log", "--", path]`, `.arg("--").arg(path)`);
    /// - the element right after a literal option, which is that option's value
    ///   (`["git", "commit", "-m", msg]`, `["kubectl", "get", "pods", "-n", ns]`,
    ///   `["curl", "-H", header, url]`). Options known to take no value (`--json`, `-i`, `-v`)
    ///   do not consume the next element; any other literal option is assumed to;
    /// - a value checked with `if x.startswith("-"): raise` (`startsWith`/`starts_with` in
    ///   JavaScript and Rust), against an allow-list, or converted to a number;
    /// - a value that fully matches an anchored regex (the regex guards all taint rules share).
    ///   mcplint does not check whether the pattern admits a leading `-`: `^[\w.-]+$` does, so
    ///   such a check is a known miss; write patterns whose first character cannot be `-`
    ///   (`^[\w.][\w.-]*$`).
    ///
    /// A program chosen by the tool is `shell-injection`'s business, not this rule's.
    ///
    /// ## Why is this bad?
    /// The model writes the tool's arguments, and anyone who can put text in front of it can
    /// choose them. A value that starts with `-` is read as an option, and many everyday
    /// programs have options that run commands or write files:
    /// - `git`: `--upload-pack=<cmd>` / `-u <cmd>` (`clone`, `fetch`, `pull`, `ls-remote`),
    ///   `--output=<file>` (`log`, `diff`, `show`), `-c core.sshCommand=<cmd>`, `--exec` (`rebase`),
    ///   and the `ext::` transport in URLs;
    /// - `ssh`/`scp`/`rsync`: `-oProxyCommand=<cmd>`, `-e <cmd>` (`rsync`);
    /// - `curl`: `-o <file>`, `-K <config>`, `--upload-file`; `wget`: `-O`, `--post-file`;
    /// - `find`: `-exec`, `-delete`, `-fprintf`; `tar`: `--checkpoint-action=exec=<cmd>`,
    ///   `--to-command`; `zip`: `-TT <cmd>`;
    /// - `rg`: `--pre=<cmd>`; `grep`/`rg`: `-f <file>` reads patterns from any file;
    /// - `npm`/`npx`/`pip`: `--registry`, `--index-url`, lifecycle scripts; `cargo`:
    ///   `--config build.rustc-wrapper=<cmd>`; `go`: `-toolexec`, `-exec`;
    /// - `kubectl`/`helm`/`docker`/`gh`: `--kubeconfig`, `--server`, `--token`, `--post-renderer`,
    ///   `-v /:/host`; `sed`: `-i`, the `e` command; `ffmpeg`: output files; `psql`: `-f`, `\!`.
    ///
    /// `GitPython` had the same problem in its own API (CVE-2022-24439: `Repo.clone_from` with an
    /// `ext::` URL runs a command; later advisories covered unsafe options of `clone`, `fetch`,
    /// `pull` and `push`), and simple-git in `clone`, `fetch` and `raw` (CVE-2022-25912,
    /// CVE-2022-24066).
    ///
    /// ## Example
    /// ```python
    /// import subprocess
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("git")
    ///
    /// @mcp.tool()
    /// def git_log(revision: str) -> str:
    ///     """Show the log of a revision."""
    ///     return subprocess.run(["git", "log", "--oneline", revision], capture_output=True, text=True).stdout  # expect: argument-injection
    /// ```
    /// A `revision` of `--output=/home/user/.bashrc` overwrites a file.
    ///
    /// ## Use instead
    /// Put `--` before values that are operands, pass values as the value of an explicit
    /// option, or refuse values that start with `-`:
    /// ```python
    /// import subprocess
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("git")
    ///
    /// @mcp.tool()
    /// def git_log(revision: str) -> str:
    ///     """Show the log of a revision."""
    ///     if revision.startswith("-"):
    ///         raise ValueError("revision must not start with '-'")
    ///     return subprocess.run(["git", "log", "--oneline", revision, "--"], capture_output=True, text=True).stdout
    /// ```
    /// Some positions cannot take `--` (a revision before paths in `git log`): check them with
    /// `startswith("-")`, resolve them first (`git rev-parse --verify --end-of-options <rev>`),
    /// or use `--end-of-options` where the program supports it.
    ///
    /// ## References
    /// - [CWE-88: Improper Neutralization of Argument Delimiters in a Command](https://cwe.mitre.org/data/definitions/88.html)
    /// - [Argument injection vectors (Sonar)](https://sonarsource.github.io/argument-injection-vectors/)
    /// - `GitPython` advisory for CVE-2022-24439 (remote code execution through `clone_from`)
    pub(crate) ARGUMENT_INJECTION {
        name: "argument-injection",
        severity: Error,
        cwe: [88],
        summary: "tool input becomes an option of a program run without a shell",
        languages: [Python, TypeScript, JavaScript, Rust],
        check: Check::Taint {
            kinds: &["argument"],
            message: "{tool} input can start with `-` and become an option of {what}",
        },
    }
}
