use mcplint_ir::{Arg, Expr, ExprKind};

use super::env::{Env, Taint, union_into};
use super::resolve::is_project_rooted;
use super::summary::{SinkSite, StepKind, Target};
use super::walk::Analyzer;
use crate::catalog::any_matches;
use crate::tools::{locate_arg, locate_arg_index};

/// An object literal with named fields (an options object, not a list).
pub(super) fn is_options_record(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Record(entries) if entries.iter().any(|a| a.keyword.is_some()))
}

impl Analyzer<'_> {
    /// The source text of a method-call chain, preceded by what its innermost receiver was bound
    /// to in this function.
    pub(super) fn chain_text(&self, call: &Expr) -> String {
        let mut root = call;
        while let ExprKind::Call {
            callee,
            receiver: Some(r),
            ..
        } = &root.kind
        {
            if !callee.starts_with("*.") {
                break;
            }
            root = r;
        }
        let text = self.file.source.slice(call.span);
        match root.as_name().and_then(|n| self.receiver_origin(n)) {
            Some(span) => format!("{}\n{text}", self.file.source.slice(span)),
            None => text.to_owned(),
        }
    }

    /// Whether `callee` is a library sink rather than a call to follow. A conditional wildcard
    /// row (`*.get` on an HTTP client) does not make every `x.get(..)` a library call.
    pub(super) fn is_catalog_sink(&self, callee: &str) -> bool {
        self.cat.sinks_for(callee).any(|s| {
            s.call.values().iter().any(|p| {
                crate::catalog::callee_matches(p, callee)
                    && (s.when.is_none() || !p.starts_with('*'))
            })
        })
    }

    pub(super) fn check_sinks(
        &mut self,
        e: &Expr,
        callee: &str,
        args: &[Arg],
        recv: &Taint,
        arg_taints: &[Taint],
        env: &mut Env,
    ) {
        if self.quiet {
            return;
        }
        let cat = self.cat;
        // An exact row (`child_process.exec`) wins over wildcard rows (`*.exec`) of other kinds.
        let exact = |pats: &crate::catalog::OneOrMany| {
            pats.iter().any(|p| !p.starts_with('*') && p == callee)
        };
        // One pass over the rows; most calls match none and allocate nothing.
        let matching: Vec<&crate::catalog::SinkRow> = cat
            .sinks_for(callee)
            .filter(|s| any_matches(&s.call, callee))
            .collect();
        let any_exact = matching.iter().any(|s| exact(&s.call));
        for sink in matching {
            if (any_exact && !exact(&sink.call))
                || sink.when.as_deref().is_some_and(|w| {
                    let chain = if w.contains("chain") {
                        self.chain_text(e)
                    } else {
                        String::new()
                    };
                    let args = self.argv_condition_args(sink, args);
                    !crate::tools::condition_holds(self.file, w, &args, &chain)
                })
            {
                continue;
            }
            let mut t = match sink.argv.as_deref() {
                Some(mode) => self.argv_sink_taint(e, sink, mode == "rest", args, arg_taints),
                None => Taint::new(),
            };
            for loc in sink
                .arg
                .values()
                .into_iter()
                .filter(|_| sink.argv.is_none())
            {
                if loc == "receiver" {
                    union_into(&mut t, recv);
                } else if loc == "any" {
                    for at in arg_taints {
                        union_into(&mut t, at);
                    }
                } else if let Some(i) = locate_arg_index(args, loc) {
                    // An options object is not the command or query itself; its fields are
                    // reached through `options.FIELD` locators.
                    let value = &args[i].value;
                    let named_record = value
                        .as_name()
                        .is_some_and(|n| self.locals.records.contains_key(n));
                    if !is_options_record(value) && !named_record {
                        union_into(&mut t, &arg_taints[i]);
                    }
                } else if let Some(v) = locate_arg(args, loc) {
                    self.quiet = true;
                    let vt = self.eval(v, env);
                    self.quiet = false;
                    union_into(&mut t, &vt);
                } else if let Some(v) = self.named_record_field(args, loc) {
                    self.quiet = true;
                    let vt = self.eval(&v, env);
                    self.quiet = false;
                    union_into(&mut t, &vt);
                }
            }
            let bit = self.catalog.kind_bit(&sink.kind);
            t.retain(|_, (f, _)| f.cleared & bit == 0);
            if t.is_empty() {
                continue;
            }
            let key = (e.span, sink.kind.clone());
            let idx = match self.sink_index.get(&key) {
                Some(i) => *i,
                None => {
                    let Ok(i) = u32::try_from(self.summary.sinks.len()) else {
                        return;
                    };
                    self.summary.sinks.push(SinkSite {
                        kind: sink.kind.clone(),
                        kind_bit: bit,
                        span: e.span,
                        requires_built: sink.requires_built,
                        project_rooted: is_project_rooted(callee),
                        requires_text: sink
                            .requires_text
                            .as_deref()
                            .map_or(0, |t| self.text_bit(t)),
                        what: sink
                            .what
                            .clone()
                            .unwrap_or_else(|| format!("a {} sink", sink.kind)),
                    });
                    self.sink_index.insert(key, i);
                    i
                }
            };
            self.record(&t, &Target::Sink(idx), e.span, StepKind::Sink);
        }
    }

    /// `arg:N.FIELD` (or `options.FIELD`) where the argument names a local object literal: that
    /// literal's field.
    pub(super) fn named_record_field(&self, args: &[Arg], loc: &str) -> Option<Expr> {
        if let Some(field) = loc.strip_prefix("options.") {
            return args
                .iter()
                .find_map(|a| {
                    crate::tools::record_field(self.locals.records.get(a.value.as_name()?)?, field)
                })
                .cloned();
        }
        let (base, field) = loc.split_once('.')?;
        let name = locate_arg(args, base)?.as_name()?;
        crate::tools::record_field(self.locals.records.get(name)?, field).cloned()
    }
}
