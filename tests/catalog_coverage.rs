//! Every row of the built-in catalog (`rules/*.toml`, each `[[section]]` row) must matter to some
//! fixture: removing the row, in process, must change the findings on `testdata/`. A row no
//! fixture needs is a row whose loss no test would notice (a sink, a guard, a declaration form
//! that could silently stop working); it needs a vulnerable or a safe fixture that depends on it.
//!
//! The fixtures are lowered once; for each row only the fixtures of the row's languages are
//! analysed again (a row applies only to files of its `languages`/`lang`, TypeScript rows also to
//! JavaScript), rows in parallel.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use mcplint_ir::{File, Lang};
use mcplint_rules::{Diagnostic, Engine, Settings, catalog::BUILTIN};
use rayon::prelude::*;

/// Rows no fixture needs yet, as `rules/FILE.toml [[section]] summary` (see [`Row::id`]). Each
/// is a gap to close with a fixture; the test fails when a row listed here becomes covered, so
/// the list only shrinks.
///
/// Empty since M9: every row matters to some fixture; keep it so when adding rows.
const STILL_UNCOVERED: &[&str] = &[];

/// One `[[section]]` row of a catalog file.
struct Row {
    /// The catalog file (`python.toml`).
    file: &'static str,
    /// The 1-based line of the row's header.
    line: usize,
    /// The header (`[[guard]]`).
    section: String,
    /// The row's settings on one line, without comments, `kind` and language keys.
    summary: String,
    /// The bytes of the row in the file: its header up to the next header.
    bytes: Range<usize>,
    /// The languages whose files the row applies to.
    langs: BTreeSet<Lang>,
}

impl Row {
    /// The row's name in reports and in [`STILL_UNCOVERED`]: stable when lines move.
    fn id(&self) -> String {
        format!("rules/{} {} {}", self.file, self.section, self.summary)
    }
}

/// The languages a catalog `languages = [...]` or `lang = "..."` value names; TypeScript rows
/// also apply to JavaScript files.
fn langs_of(value: &str) -> BTreeSet<Lang> {
    let mut out = BTreeSet::new();
    for lang in value
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter_map(Lang::from_name)
    {
        out.insert(lang);
        if lang == Lang::TypeScript {
            out.insert(Lang::JavaScript);
        }
    }
    out
}

fn is_header(line: &str) -> bool {
    let line = line.trim_end();
    line.starts_with('[')
        && line.ends_with(']')
        && line
            .trim_matches(|c| c == '[' || c == ']')
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '.' || c == '-')
}

/// The rows of one catalog file.
fn rows(file: &'static str, text: &str) -> Vec<Row> {
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        lines.push((at, line));
        at += line.len();
    }
    let file_langs = lines
        .iter()
        .take_while(|(_, l)| !is_header(l))
        .find(|(_, l)| l.starts_with("languages"))
        .map(|(_, l)| langs_of(l))
        .unwrap_or_default();
    let headers: Vec<usize> = (0..lines.len())
        .filter(|&i| is_header(lines[i].1))
        .collect();
    let mut out = Vec::new();
    for (n, &h) in headers.iter().enumerate() {
        let header = lines[h].1.trim();
        if !header.starts_with("[[") {
            continue;
        }
        let end = headers.get(n + 1).copied().unwrap_or(lines.len());
        let body = &lines[h + 1..end];
        let mut langs = file_langs.clone();
        let mut summary = Vec::new();
        for (_, l) in body {
            let l = l.split(" #").next().unwrap_or("").trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            if l.starts_with("languages ") || l.starts_with("lang ") {
                langs = langs_of(l);
            } else if !l.starts_with("kind ") {
                summary.push(l);
            }
        }
        let mut summary = summary.join(" ");
        if summary.len() > 90 {
            let cut = (0..=90).rev().find(|&i| summary.is_char_boundary(i));
            summary.truncate(cut.unwrap_or(0));
            summary.push('…');
        }
        out.push(Row {
            file,
            line: h + 1,
            section: header.to_owned(),
            summary,
            bytes: lines[h].0..lines.get(end).map_or(text.len(), |(at, _)| *at),
            langs,
        });
    }
    out
}

/// Everything a finding says, to compare runs.
fn results(engine: &Engine, files: &[File]) -> Vec<String> {
    let mut out: Vec<String> = support::analyze_with(engine, files)
        .iter()
        .map(|d: &Diagnostic| {
            format!(
                "{} {:?} {} {} {:?} {:?}",
                d.path, d.span, d.rule.name, d.message, d.labels, d.flow
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn removing_any_catalog_row_changes_some_fixture_result() {
    let all: Vec<Row> = BUILTIN
        .iter()
        .flat_map(|(file, text)| rows(file, text))
        .collect();
    let headers = BUILTIN
        .iter()
        .map(|(_, t)| t.lines().filter(|l| l.starts_with("[[")).count())
        .sum::<usize>();
    assert_eq!(all.len(), headers, "every `[[...]]` header starts a row");
    assert!(all.len() > 300, "the catalog has its rows");

    let files = support::lower_all(&support::load("testdata"));
    // The fixtures of each set of languages, and their findings with the whole catalog.
    let lang_sets: BTreeSet<&BTreeSet<Lang>> = all.iter().map(|r| &r.langs).collect();
    let full = Engine::new(Settings::default()).expect("built-in catalog loads");
    let subsets: BTreeMap<&BTreeSet<Lang>, (Vec<File>, Vec<String>)> = lang_sets
        .into_par_iter()
        .map(|langs| {
            let subset: Vec<File> = files
                .iter()
                .filter(|f| langs.contains(&f.lang))
                .cloned()
                .collect();
            let baseline = results(&full, &subset);
            (langs, (subset, baseline))
        })
        .collect();

    let uncovered: Vec<&Row> = all
        .par_iter()
        .filter(|row| {
            let catalog: Vec<(&str, String)> = BUILTIN
                .iter()
                .map(|(name, text)| {
                    let mut text = (*text).to_owned();
                    if *name == row.file {
                        text.replace_range(row.bytes.clone(), "");
                    }
                    (*name, text)
                })
                .collect();
            let catalog: Vec<(&str, &str)> =
                catalog.iter().map(|(n, t)| (*n, t.as_str())).collect();
            let engine = Engine::with_catalog_files(Settings::default(), &catalog)
                .unwrap_or_else(|e| panic!("without {}: {e}", row.id()));
            let (subset, baseline) = &subsets[&row.langs];
            results(&engine, subset) == *baseline
        })
        .collect();

    let mut problems = Vec::new();
    for row in &uncovered {
        if !STILL_UNCOVERED.contains(&row.id().as_str()) {
            problems.push(format!(
                "rules/{}:{} {} {}: no fixture result changes without this row",
                row.file, row.line, row.section, row.summary
            ));
        }
    }
    let uncovered_ids: BTreeSet<String> = uncovered.iter().map(|r| r.id()).collect();
    for listed in STILL_UNCOVERED {
        if !uncovered_ids.contains(*listed) {
            problems.push(format!(
                "{listed}: now covered (or gone); remove it from STILL_UNCOVERED"
            ));
        }
    }
    // The rows still uncovered, ready to paste into STILL_UNCOVERED when a gap is accepted.
    let listing: Vec<String> = uncovered
        .iter()
        .map(|r| format!("    {:?},", r.id()))
        .collect();
    assert!(
        problems.is_empty(),
        "{} of {} catalog rows:\n{}\nuncovered now:\n{}",
        problems.len(),
        all.len(),
        problems.join("\n"),
        listing.join("\n")
    );
}
