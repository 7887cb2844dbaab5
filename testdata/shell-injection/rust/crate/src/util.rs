//! Process helpers shared by the tool modules.

use std::io;
use std::path::Path;
use std::process::{Command, Output};

/// Runs a command line through `sh -c` inside the repository.
pub fn run_shell(repo: &Path, cmd: &str) -> io::Result<String> {
    let out = Command::new("sh").arg("-c").arg(cmd).current_dir(repo).output()?; // expect: shell-injection
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    Ok(text)
}

/// Runs git without a shell.
pub fn git(repo: &Path, args: &[&str]) -> io::Result<String> {
    let out = Command::new("git").arg("-C").arg(repo).args(args).output()?;  // expect: argument-injection from=args
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs a fixed command inside the repository; callers pass literals.
pub fn in_repo(repo: &Path, script: &str) -> io::Result<Output> {
    Command::new("bash").arg("-c").arg(script).current_dir(repo).output()
}

pub fn log_line(reference: &str, flags: &str) -> String {
    format!("git log --oneline {flags} {reference} | head -n 100")
}

pub fn quote(word: &str) -> String {
    shlex::try_quote(word).map(|q| q.into_owned()).unwrap_or_else(|_| "''".to_string())
}

pub fn run_alias(repo: &Path, alias: String) -> io::Result<String> {
    let line = "git ".to_string() + &alias;
    let out = Command::new("sh").args(["-c", &line]).current_dir(repo).output()?; // expect: shell-injection
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Garbage-collects every repository under a directory; used by the maintenance binary only.
pub fn gc_all(root: &str) -> io::Result<Output> {
    Command::new("sh")
        .arg("-c")
        .arg(format!("for d in {root}/*/.git; do git -C \"$d/..\" gc --quiet; done"))
        .output()
}
