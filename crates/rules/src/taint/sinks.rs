use mcplint_ir::{Arg, Expr, ExprKind};

use super::env::{Env, Taint, union_into};
use super::resolve::{ReceiverKind, is_project_rooted};
use super::summary::{SinkSite, StepKind, Target};
use super::walk::Analyzer;
use crate::catalog::typed::{ArgLocator, ArgvMode, CalleePattern, Condition, SinkArg};
use crate::catalog::{OneOrMany, SinkRow, any_matches};
use crate::facts::tools::{locate_arg, locate_arg_index, record_field};

/// An object literal with named fields (an options object, not a list).
pub(super) fn is_options_record(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Record(entries) if entries.iter().any(|a| a.keyword.is_some()))
}

impl Analyzer<'_, '_> {
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
        let text = self.cx.file.source.slice(call.span);
        match root.as_name().and_then(|n| self.receiver_origin(n)) {
            Some(span) => format!("{}\n{text}", self.cx.file.source.slice(span)),
            None => text.to_owned(),
        }
    }

    /// Whether `callee` is a library sink rather than a call to follow. A conditional wildcard
    /// row (`*.get` on an HTTP client) does not make every `x.get(..)` a library call.
    pub(super) fn is_catalog_sink(&self, callee: &str) -> bool {
        self.cx.cat.sinks_for(callee).any(|s| {
            s.call
                .items()
                .any(|p| p.matches(callee) && (s.when.is_none() || p.is_exact()))
        })
    }

    /// Records what reaches each catalog sink row that `callee` matches (nothing when the walk
    /// evaluates only). An exact row (`child_process.exec`) wins over wildcard rows (`*.exec`)
    /// of other kinds; a row's `when` condition must hold.
    pub(super) fn check_sinks(
        &mut self,
        e: &Expr,
        callee: &str,
        args: &[Arg],
        recv: &Taint,
        arg_taints: &[Taint],
        env: &mut Env,
    ) {
        if !self.records() {
            return;
        }
        let cat = self.cx.cat;
        let exact = |pats: &OneOrMany<CalleePattern>| {
            pats.items().any(|p| p.is_exact() && p.matches(callee))
        };
        // One pass over the rows; most calls match none and allocate nothing.
        let matching: Vec<&SinkRow> = cat
            .sinks_for(callee)
            .filter(|s| any_matches(&s.call, callee))
            .collect();
        let any_exact = matching.iter().any(|s| exact(&s.call));
        for sink in matching {
            if (any_exact && !exact(&sink.call)) || !self.sink_condition_holds(e, sink, args) {
                continue;
            }
            let mut t = match sink.argv {
                Some(mode) => {
                    self.argv_sink_taint(e, sink, mode == ArgvMode::Rest, args, arg_taints)
                }
                None => self.located_taint(sink, args, recv, arg_taints, env),
            };
            let bit = sink.kind_mask.0;
            t.retain(|_, (f, _)| f.cleared & bit == 0);
            if t.is_empty() {
                continue;
            }
            let Some(idx) = self.sink_site(e, sink, callee, bit, args) else {
                return;
            };
            self.record(&t, &Target::Sink(idx), e.span, StepKind::Sink);
        }
    }

    /// Whether a sink row's `when` condition (if any) holds for this call.
    fn sink_condition_holds(&self, e: &Expr, sink: &SinkRow, args: &[Arg]) -> bool {
        sink.when
            .as_ref()
            .is_none_or(|w| self.condition_holds(e, w, &self.argv_condition_args(sink, args)))
    }

    /// Whether a catalog row's `when` condition holds for the call `e` with arguments `args`.
    pub(super) fn condition_holds(&self, e: &Expr, when: &Condition, args: &[Arg]) -> bool {
        let chain = if when.reads_chain {
            self.chain_text(e)
        } else {
            String::new()
        };
        crate::facts::tools::condition_holds(self.cx.file, when, args, &chain)
    }

    /// The taint of what a (non-`argv`) sink row's locators point at: the receiver, any
    /// argument, a located argument (not an options object: its fields are reached through
    /// `options.FIELD`), or a field of one, evaluated only.
    fn located_taint(
        &mut self,
        sink: &SinkRow,
        args: &[Arg],
        recv: &Taint,
        arg_taints: &[Taint],
        env: &mut Env,
    ) -> Taint {
        let mut t = Taint::new();
        for loc in sink.arg.items() {
            let loc = match loc {
                SinkArg::Receiver => {
                    union_into(&mut t, recv);
                    continue;
                }
                SinkArg::Any => {
                    for at in arg_taints {
                        union_into(&mut t, at);
                    }
                    continue;
                }
                SinkArg::Arg(loc) => loc,
            };
            if let Some(i) = locate_arg_index(args, loc) {
                let value = &args[i].value;
                let named_record = value
                    .as_name()
                    .is_some_and(|n| self.fs.locals.records.contains_key(n));
                if sink.whole || (!is_options_record(value) && !named_record) {
                    union_into(&mut t, &arg_taints[i]);
                }
            } else if let Some(v) = locate_arg(args, loc) {
                let vt = self.evaluate_only().eval(v, env);
                union_into(&mut t, &vt);
            } else if let Some(v) = self.named_record_field(args, loc) {
                let vt = self.evaluate_only().eval(&v, env);
                union_into(&mut t, &vt);
            }
        }
        t
    }

    /// The index of the sink site of row `sink` at call `e` (given `args`), added on first
    /// use; `None` when the file has too many, or the walk records nothing.
    fn sink_site(
        &mut self,
        e: &Expr,
        sink: &SinkRow,
        callee: &str,
        bit: u64,
        args: &[Arg],
    ) -> Option<u32> {
        let requires_text = sink
            .requires_text
            .as_deref()
            .map_or(0, |t| self.text_bit(t));
        let receiver = match &e.kind {
            ExprKind::Call { receiver, .. } => receiver.as_deref(),
            _ => None,
        };
        let project_rooted = is_project_rooted(callee)
            || self.receiver_kind(callee, receiver) == ReceiverKind::Typed;
        let rec = self.rec.as_deref_mut()?;
        let key = (e.span, sink.kind.clone());
        if let Some(i) = rec.sink_index.get(&key) {
            return Some(*i);
        }
        let i = u32::try_from(rec.sinks.len()).ok()?;
        rec.sinks.push(SinkSite {
            kind: sink.kind.clone(),
            kind_bit: bit,
            span: e.span,
            requires_built: sink.requires_built,
            project_rooted,
            requires_text,
            what: sink
                .what
                .clone()
                .unwrap_or_else(|| format!("a {} sink", sink.kind)),
            callbacks: args
                .iter()
                .filter(|a| matches!(a.value.kind, ExprKind::Func(_)))
                .map(|a| a.value.span)
                .collect(),
            confined: self
                .cx
                .sandboxes
                .iter()
                .find(|row| row.kind_mask.0 & bit != 0)
                .map(|row| row.why.clone()),
            message: sink.message.clone(),
        });
        rec.sink_index.insert(key, i);
        Some(i)
    }

    /// `arg:N.FIELD` (or `options.FIELD`) where the argument names a local object literal: that
    /// literal's field.
    pub(super) fn named_record_field(&self, args: &[Arg], loc: &ArgLocator) -> Option<Expr> {
        let record = |name: &str| self.fs.locals.records.get(name);
        match loc {
            ArgLocator::Options(field) => args
                .iter()
                .find_map(|a| record_field(record(a.value.as_name()?)?, field))
                .cloned(),
            ArgLocator::Field(base, fields) => {
                let name = locate_arg(args, base)?.as_name()?;
                fields
                    .iter()
                    .try_fold(record(name)?, |e, field| record_field(e, field))
                    .cloned()
            }
            _ => None,
        }
    }
}
