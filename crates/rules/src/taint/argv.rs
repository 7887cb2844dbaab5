use mcplint_ir::{Arg, Expr, ExprKind, Part};

use super::env::{Taint, clear_kinds, union_into};
use super::sinks::is_options_record;
use super::walk::Analyzer;
use crate::catalog::typed::{ArgLocator, SinkArg};
use crate::catalog::{LangCatalog, any_matches};
use crate::facts::tools::locate_arg_index;

/// Where a walk over a program's argument vector is (`argv` sink rows): past a literal `--`,
/// or right after a literal option that takes a value, whose value the next element is.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct ArgvState {
    pub(super) after_separator: bool,
    pub(super) option_pending: bool,
}

impl ArgvState {
    /// Whether `e`, the next element, could become an option; then moves past it. A list
    /// continues the vector with its elements, one level deep (deeper lists are data, and
    /// walking them at every level would be quadratic). `flags` are literal options that take
    /// no value.
    pub(super) fn step(&mut self, e: &Expr, flags: &[&regex::Regex]) -> bool {
        let counts = !self.after_separator && !self.option_pending;
        match &e.kind {
            ExprKind::Record(items) if items.iter().all(|a| a.keyword.is_none()) => {
                self.option_pending = false;
                for item in items {
                    self.step_element(&item.value, flags);
                }
            }
            _ => self.step_element(e, flags),
        }
        counts
    }

    /// Moves past one element (a nested list is one opaque element).
    pub(super) fn step_element(&mut self, e: &Expr, flags: &[&regex::Regex]) {
        self.option_pending = false;
        match &e.kind {
            ExprKind::Str(lit) if lit == "--" => self.after_separator = true,
            ExprKind::Str(lit) => {
                self.option_pending = lit.len() > 1
                    && lit.starts_with('-')
                    && !lit.contains('=')
                    && !flags.iter().any(|f| f.is_match(lit));
            }
            _ => {}
        }
    }
}

/// What the catalog's `argv` sink rows say about argument vectors (what each local list or
/// builder holds is in [`Locals`]).
pub(super) struct ArgvContext<'a> {
    /// Kind bits of the `argv` rows: cleared on values that cannot become an option (built
    /// after a literal, after `--`, the value of an option), wherever a list or string is built.
    pub(super) bits: u64,
    /// Literal options that take no value (the rows' `argv-flags`).
    pub(super) flags: Vec<&'a regex::Regex>,
}

impl<'a> ArgvContext<'a> {
    /// What the `argv` rows of `cat` say.
    pub(super) fn new(cat: &'a LangCatalog) -> Self {
        ArgvContext {
            bits: cat
                .sinks
                .iter()
                .filter(|s| s.argv.is_some())
                .fold(0, |acc, s| acc | s.kind_mask.0),
            flags: cat
                .sinks
                .iter()
                .filter_map(|s| s.argv_flags.as_deref())
                .collect(),
        }
    }
}

/// A list literal (no keyed entries).
pub(super) fn is_list(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Record(items) if items.iter().all(|a| a.keyword.is_none()))
}

impl Analyzer<'_, '_> {
    /// `a + b` joining lists (`cmd + [x]`, `cmd += extra` where `cmd` is a local list): every
    /// part is a value and one is a list.
    pub(super) fn is_list_concat(&self, parts: &[Part]) -> bool {
        parts.iter().all(|p| matches!(p, Part::Hole(_)))
            && parts.iter().any(|p| match p {
                Part::Hole(h) => {
                    is_list(h)
                        || h.as_name()
                            .is_some_and(|n| self.fs.locals.argv_inits.contains_key(n))
                }
                Part::Lit(_) => false,
            })
    }

    /// `args` added to the local argument vector `name` (`cmd.append(x)`, `args.push("--", p)`,
    /// `c.arg(x)`): their taint, cleared where they cannot become options; moves its state on.
    pub(super) fn argv_continue(&mut self, name: &str, args: &[Arg], taints: &[Taint]) -> Taint {
        let mut state = self.fs.locals.argv_states.get(name).copied();
        let mut t = Taint::new();
        for (a, at) in args.iter().zip(taints) {
            let counts = match state.as_mut() {
                Some(s) if self.records() => s.step(&a.value, &self.cx.argv.flags),
                _ => true,
            };
            if counts {
                union_into(&mut t, at);
            } else {
                union_into(&mut t, &clear_kinds(at.clone(), self.cx.argv.bits));
            }
        }
        if let (Some(s), true) = (state, self.records()) {
            self.fs.locals.argv_states.insert(name.to_owned(), s);
        }
        t
    }

    /// Tracks `name = value` for argument vectors: a list literal starts a vector (its program
    /// first), a call may start a builder (`Command::new("git")`), anything else forgets it.
    pub(super) fn argv_bind(&mut self, name: &str, value: &Expr) {
        if self.cx.argv.bits == 0 {
            return;
        }
        let list = is_list(value)
            || matches!(&value.kind, ExprKind::Interp(parts) if self.is_list_concat(parts));
        if list {
            let mut state = ArgvState::default();
            match &value.kind {
                // `cmd = cmd + [..]`: continues the vector.
                ExprKind::Interp(parts) => {
                    for (i, p) in parts.iter().enumerate() {
                        let Part::Hole(h) = p else { continue };
                        if i == 0 && h.as_name() == Some(name) {
                            state = self
                                .fs
                                .locals
                                .argv_states
                                .get(name)
                                .copied()
                                .unwrap_or_default();
                        } else {
                            state.step(h, &self.cx.argv.flags);
                        }
                    }
                }
                _ => {
                    state.step(value, &self.cx.argv.flags);
                }
            }
            self.fs.locals.argv_states.insert(name.to_owned(), state);
            // `cmd += [x]` keeps what `cmd` was first bound to.
            if !self.fs.locals.argv_inits.contains_key(name) || is_list(value) {
                self.fs
                    .locals
                    .argv_inits
                    .insert(name.to_owned(), value.span);
            }
        } else if matches!(value.kind, ExprKind::Call { .. }) {
            self.fs
                .locals
                .argv_states
                .insert(name.to_owned(), ArgvState::default());
            self.fs.locals.argv_inits.remove(name);
        } else {
            self.fs.locals.argv_states.remove(name);
            self.fs.locals.argv_inits.remove(name);
        }
    }

    /// The taint of an `argv` sink's elements that could become options (see [`ArgvState`]): the
    /// located arguments (with `rest`, also every later positional one), continuing after what
    /// earlier calls of a builder chain or on the same variable added (`.arg("--").arg(p)`).
    pub(super) fn argv_sink_taint(
        &self,
        e: &Expr,
        sink: &crate::catalog::SinkRow,
        rest: bool,
        args: &[Arg],
        taints: &[Taint],
    ) -> Taint {
        let mut earlier: Vec<&[Arg]> = Vec::new();
        let mut root = e;
        while let ExprKind::Call {
            receiver: Some(r), ..
        } = &root.kind
        {
            root = r;
            if let ExprKind::Call { callee, args, .. } = &r.kind
                && any_matches(&sink.call, callee)
            {
                earlier.push(args);
            }
        }
        let mut state = root
            .as_name()
            .and_then(|n| self.fs.locals.argv_states.get(n))
            .copied()
            .unwrap_or_default();
        for a in earlier.iter().rev().flat_map(|args| args.iter()) {
            state.step(&a.value, &self.cx.argv.flags);
        }
        let mut located: Vec<usize> = if rest {
            // Varargs: spread arguments (`*args`) count as positions too.
            let unkeyed = |loc: &SinkArg| {
                let SinkArg::Arg(ArgLocator::Positional(n)) = loc else {
                    return None;
                };
                args.iter()
                    .enumerate()
                    .filter(|(_, a)| a.keyword.is_none())
                    .nth(*n)
                    .map(|(i, _)| i)
            };
            let first = sink.arg.items().filter_map(unkeyed).min();
            first.map_or_else(Vec::new, |first| {
                (first..args.len())
                    .filter(|&i| {
                        let v = &args[i].value;
                        args[i].keyword.is_none()
                            && !is_options_record(v)
                            && !matches!(v.kind, ExprKind::Func(_))
                    })
                    .collect()
            })
        } else {
            sink.arg
                .items()
                .filter_map(|loc| match loc {
                    SinkArg::Arg(loc) => locate_arg_index(args, loc),
                    SinkArg::Receiver | SinkArg::Any => None,
                })
                .collect()
        };
        located.sort_unstable();
        located.dedup();
        let mut t = Taint::new();
        for i in located {
            let Some(at) = taints.get(i) else { continue };
            if state.step(&args[i].value, &self.cx.argv.flags) {
                union_into(&mut t, at);
            } else {
                union_into(&mut t, &clear_kinds(at.clone(), self.cx.argv.bits));
            }
        }
        t
    }

    /// For `argv` rows: `args` with each local name bound to a list literal standing for that
    /// literal, so that conditions on the program (`arg:0~^\[\s*"git"`) read it.
    pub(super) fn argv_condition_args<'b>(
        &self,
        sink: &crate::catalog::SinkRow,
        args: &'b [Arg],
    ) -> std::borrow::Cow<'b, [Arg]> {
        let bound = |a: &Arg| {
            a.value
                .as_name()
                .and_then(|n| self.fs.locals.argv_inits.get(n))
        };
        if sink.argv.is_none() || !args.iter().any(|a| bound(a).is_some()) {
            return std::borrow::Cow::Borrowed(args);
        }
        args.iter()
            .map(|a| match bound(a) {
                Some(span) => Arg {
                    keyword: a.keyword.clone(),
                    value: Expr::new(ExprKind::Other(Vec::new()), *span),
                    spread: a.spread,
                },
                None => a.clone(),
            })
            .collect()
    }
}
