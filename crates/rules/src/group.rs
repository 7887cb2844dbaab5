//! One finding per cause: taint findings whose data comes from the same tool input along the
//! same call path, with no check on the way, are one missing check, so they are reported as one
//! finding at the first sink with the others grouped into it ([`Diagnostic::grouped`]).
//!
//! The key is conservative, so that distinct causes never merge: the same rule, severity and
//! message, the same source (the tool parameter's place) and the same functions entered on the
//! way (the places of the flow's "received as a parameter" steps). Two tools dispatched from one
//! handler enter different functions and stay apart; a handler that reads and then deletes the
//! file it was given is one finding with two sinks. A finding at a flawed check is already one
//! per check (its sinks are in [`Diagnostic::let_through`]) and is never grouped; neither is a
//! finding that is not a taint flow, nor one whose recorded flow was cut short before its sink.

use std::collections::HashMap;

use mcplint_ir::Span;

use crate::diagnostic::{Diagnostic, Severity};

use crate::project::RECEIVED_AS_PARAMETER as ENTERS_A_FUNCTION;

/// What findings of one cause share.
#[derive(PartialEq, Eq, Hash)]
struct Cause<'d> {
    rule: &'static str,
    severity: Severity,
    message: &'d str,
    source: (&'d str, Span),
    entered: Vec<(&'d str, Span)>,
}

/// The cause of a taint finding without a check on its way, or `None` for any other finding
/// and for a flow cut short before its sink (its call path is not known in full).
fn cause(d: &Diagnostic) -> Option<Cause<'_>> {
    let sink = d.flow.last()?;
    if (sink.path != d.path || sink.span != d.span) || !d.let_through.is_empty() {
        return None;
    }
    let source = d.labels.first()?;
    Some(Cause {
        rule: d.rule.name,
        severity: d.severity,
        message: &d.message,
        source: (&source.path, source.span),
        entered: d
            .flow
            .iter()
            .filter(|step| step.message == ENTERS_A_FUNCTION)
            .map(|step| (step.path.as_str(), step.span))
            .collect(),
    })
}

/// Folds findings of one cause into the first of them (in the order given, which is report
/// order): the others become its [`Diagnostic::grouped`] findings, in order. Findings already
/// holding grouped ones are left as they are.
pub fn by_cause(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut first_of: HashMap<Cause<'_>, usize> = HashMap::new();
    // For each finding, the index of the finding it folds into (itself when it is the first).
    let mut into = Vec::with_capacity(diagnostics.len());
    for (i, d) in diagnostics.iter().enumerate() {
        into.push(match cause(d).filter(|_| d.grouped.is_empty()) {
            Some(key) => *first_of.entry(key).or_insert(i),
            None => i,
        });
    }
    let mut out: Vec<Diagnostic> = Vec::with_capacity(first_of.len());
    // Where each first finding went in `out`.
    let mut placed: HashMap<usize, usize> = HashMap::new();
    for (i, d) in diagnostics.into_iter().enumerate() {
        if into[i] == i {
            placed.insert(i, out.len());
            out.push(d);
        } else if let Some(&at) = placed.get(&into[i]) {
            out[at].grouped.push(d);
        }
    }
    out
}

/// The number of findings before grouping: each finding and every one grouped into it.
pub fn ungrouped_count(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().map(|d| 1 + d.grouped.len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Label;

    fn label(path: &str, start: usize, message: &str) -> Label {
        Label {
            path: path.to_owned(),
            span: Span::new(start, start + 1),
            message: message.to_owned(),
        }
    }

    /// A taint finding at `sink` from the parameter at offset 1 of `a.py`, entering the
    /// functions at `entered` on the way.
    fn finding(sink: usize, entered: &[usize]) -> Diagnostic {
        let rule = crate::rules::by_name("path-traversal").expect("registered");
        let mut d = Diagnostic::new(&rule.rule, "a.py", Span::new(sink, sink + 1), "m");
        let source = label("a.py", 1, "tool input `p` enters here");
        d.labels.push(source.clone());
        d.flow.push(source);
        d.flow
            .extend(entered.iter().map(|&e| label("a.py", e, ENTERS_A_FUNCTION)));
        d.flow
            .push(label("a.py", sink, "used as a file-system path here"));
        d
    }

    #[test]
    fn sinks_of_one_input_and_call_path_are_one_finding() {
        let grouped = by_cause(vec![
            finding(10, &[5]),
            finding(20, &[6]),
            finding(30, &[5]),
            finding(40, &[]),
            finding(50, &[]),
        ]);
        let shape: Vec<(u32, Vec<u32>)> = grouped
            .iter()
            .map(|d| {
                (
                    d.span.start,
                    d.grouped.iter().map(|g| g.span.start).collect(),
                )
            })
            .collect();
        assert_eq!(shape, [(10, vec![30]), (20, vec![]), (40, vec![50])]);
        assert_eq!(ungrouped_count(&grouped), 5);
        let sinks: Vec<u32> = grouped[0].related().map(|l| l.span.start).collect();
        assert_eq!(sinks, [30]);
    }

    #[test]
    fn other_sources_messages_and_flawed_checks_stay_apart() {
        let mut other_source = finding(20, &[]);
        other_source.labels[0].span = Span::new(2, 3);
        let mut other_message = finding(30, &[]);
        other_message.message = "other".into();
        let mut at_check = finding(40, &[]);
        at_check.let_through = vec![at_check.flow.clone()];
        let mut warning = finding(50, &[]);
        warning.severity = Severity::Warning;
        let grouped = by_cause(vec![
            finding(10, &[]),
            other_source,
            other_message,
            at_check.clone(),
            at_check,
            warning,
        ]);
        assert_eq!(grouped.len(), 6);
        assert!(grouped.iter().all(|d| d.grouped.is_empty()));
    }
}
