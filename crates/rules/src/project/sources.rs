//! Flows from reads of the catalog's `[[source]]` rows (see `taint::sources`): the incoming
//! request's bearer token into an outbound request's headers, a credential into a log call or
//! into what a tool answers. Each read is followed like a tool parameter, from the function
//! that reads it into the functions it is passed to; what a tool's handler returns or raises
//! is the tool's result, the sink kind [`RESULT_KIND`] (a helper of the same file that returns
//! a read is a read where it is called: see `taint::sources`).

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::{End, FileStep, Project, Served, step_labels};
use crate::Label;
use crate::taint::{Flow, Origin};

/// The sink kind of a tool's result: what its handler returns or raises.
pub(crate) const RESULT_KIND: &str = "result";

/// Which sinks the values of each source kind are followed into (from the rules that report
/// them: `Check::SourceTaint`).
#[derive(Clone, Debug, Default)]
pub(crate) struct SourceKinds {
    /// Per source kind: the bits of the sink kinds its values are reported in, and whether (with
    /// the bit that sanitizers clear for it) a tool's result is one of them.
    pub(crate) kinds: Vec<(String, u64, Option<u64>)>,
}

impl SourceKinds {
    /// The bits of the sink kinds only `[[source]]` values are followed into (not in
    /// `param_sinks`).
    pub(crate) fn only_bits(&self, param_sinks: u64) -> u64 {
        self.kinds.iter().fold(0, |bits, (_, sinks, result)| {
            bits | sinks | result.unwrap_or(0)
        }) & !param_sinks
    }
}

/// A tool, resource or prompt handler: its kind and name.
type Handler = (String, Option<String>);

impl Project<'_> {
    /// Every flow from a `[[source]]` read into a sink its kind is followed into: one per sink,
    /// whichever read reaches it first.
    pub(super) fn source_flows(&mut self, served: &Served, kinds: &SourceKinds) -> Vec<Flow> {
        let files = self.files;
        if kinds.kinds.is_empty() || files.iter().all(|f| f.sources.is_empty()) {
            return Vec::new();
        }
        let handlers = self.handlers(served);
        let mut out = Vec::new();
        let mut seen: HashSet<(usize, mcplint_ir::Span)> = HashSet::new();
        for (f, file) in files.iter().enumerate() {
            if file.sources.is_empty() {
                continue;
            }
            for (g, func) in file.functions.iter().enumerate() {
                let mut read: Vec<u32> = func
                    .facts
                    .iter()
                    .filter_map(|fact| match fact.from {
                        Origin::Source(s) => Some(s),
                        _ => None,
                    })
                    .collect();
                read.sort_unstable();
                read.dedup();
                for s in read {
                    let site = &file.sources[s as usize];
                    let Some((_, sinks, result)) = kinds.kinds.iter().find(|k| k.0 == site.kind)
                    else {
                        continue;
                    };
                    for end in self.explore(f, g, Origin::Source(s)) {
                        let raised = matches!(end, End::Raise { .. });
                        let (at, kind, tool, steps) = match end {
                            End::Sink {
                                file: sf,
                                sink,
                                flags,
                                steps,
                            } => {
                                let site = &files[sf].sinks[sink as usize];
                                if site.kind_bit & sinks == 0
                                    || flags.cleared & site.kind_bit != 0
                                    || (site.project_rooted && self.resolves_at(sf, site.span))
                                {
                                    continue;
                                }
                                let kind = (site.kind.clone(), site.what.clone());
                                ((sf, site.span), kind, ("server".to_owned(), None), steps)
                            }
                            // What a tool's handler returns or raises is its result.
                            End::Return { flags, steps } | End::Raise { flags, steps } => {
                                let (Some(tool), Some(bit), Some((_, last))) =
                                    (handlers.get(&(f, g)), result, steps.last())
                                else {
                                    continue;
                                };
                                if flags.cleared & bit != 0 {
                                    continue;
                                }
                                let what = if raised {
                                    format!("an error the {} `{}` raises", tool.0, name(tool))
                                } else {
                                    format!("the result of {} `{}`", tool.0, name(tool))
                                };
                                let kind = (RESULT_KIND.to_owned(), what);
                                ((f, last.span), kind, tool.clone(), steps)
                            }
                        };
                        if seen.insert(at) {
                            out.push(self.source_flow((f, s), at, kind, tool, &steps));
                        }
                    }
                }
            }
        }
        out
    }

    /// The flow of source site `s` of file `f` into `sink` (its file and place), with the sink's
    /// kind and description, the tool it belongs to and the steps on the way.
    fn source_flow(
        &self,
        (f, s): (usize, u32),
        (sf, at): (usize, mcplint_ir::Span),
        (kind, what): (String, String),
        tool: Handler,
        steps: &[FileStep],
    ) -> Flow {
        let files = self.files;
        let site = &files[f].sources[s as usize];
        let source = Label {
            path: files[f].path.clone(),
            span: site.span,
            message: format!("{} is read here", site.what),
        };
        let steps = step_labels(files, steps, &source.message, &kind, &what);
        Flow {
            kind,
            what,
            path: files[sf].path.clone(),
            sink: at,
            source,
            tool,
            steps,
            lang: files[sf].lang,
            callbacks: Vec::new(),
            checks: Vec::new(),
            helpers: Vec::new(),
            confined: None,
            message: None,
            source_kind: Some(site.kind.clone()),
            source_what: Some(site.what.clone()),
        }
    }

    /// Every tool, resource and prompt handler of the project (a declaration on a parameter
    /// only where some caller passes it a server), with its kind and name.
    fn handlers(&self, served: &Served) -> HashMap<(usize, usize), Handler> {
        let mut out = HashMap::new();
        for (f, file) in self.files.iter().enumerate() {
            for (at, tool) in self.declared_handlers(f, file, served) {
                out.entry(at)
                    .or_insert_with(|| (tool.kind.clone(), tool.name.clone()));
            }
            for (hf, h, _, tool) in self.wrapped_entries(f) {
                out.entry((hf, h)).or_insert(tool);
            }
        }
        out
    }
}

/// A handler's name for messages.
fn name(tool: &Handler) -> &str {
    tool.1.as_deref().unwrap_or("?")
}
