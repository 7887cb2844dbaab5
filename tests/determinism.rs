//! The same findings in the same order, byte for byte, whatever the thread count and run.

use std::process::Command;

fn run(threads: &str, format: &str) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_mcplint"))
        .args([
            "testdata",
            "--threads",
            threads,
            "--format",
            format,
            "--isolated",
        ])
        .output()
        .expect("mcplint runs");
    assert!(
        out.status.code() == Some(1),
        "testdata has findings: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn output_is_identical_across_thread_counts_and_runs() {
    let first = run("8", "json");
    assert!(
        first == run("8", "json"),
        "two runs with --threads 8 differ"
    );
    for format in ["json", "sarif"] {
        let one = run("1", format);
        assert!(!one.is_empty());
        assert!(
            one == run("8", format),
            "{format}: --threads 1 and --threads 8 differ"
        );
    }
}
