//! Registrations decided across files: declarations on a parameter that callers fill with a
//! server (`def register_tools(mcp_server): @mcp_server.tool()`, `K8sHandler(mcp)` whose
//! constructor keeps it in `self.mcp`), and functions handed to another file's wrapper
//! (`addTool("snap", shape, async ({ dest }) => ...)` with `addTool` forwarding to
//! `server.registerTool`).

use foldhash::{HashSet, HashSetExt};

use super::{Project, SourceEntry};
use crate::facts::tools::SourceParams;

/// How many functions a server may be passed through before the declaration it reaches.
const MAX_PASSES: usize = 4;

impl Project<'_> {
    /// The functions a callee name of file `from` may be (a function of the file, an imported
    /// one, or a class's constructor), each with whether positional arguments skip its `self`.
    fn named_callees(&self, from: usize, callee: &str) -> Vec<(usize, usize, bool)> {
        let file = &self.files[from];
        let dotted = callee.contains('.') || callee.contains("::");
        if !dotted
            && let Some(g) = file
                .functions
                .iter()
                .position(|f| f.top_level && f.name.as_deref() == Some(callee))
        {
            return vec![(from, g, false)];
        }
        if dotted && let Some((f, g)) = self.resolve_path(from, callee) {
            return vec![(f, g, false)];
        }
        let class = callee.rsplit(['.', ':']).next().unwrap_or(callee);
        ["__init__", "constructor"]
            .iter()
            .find_map(|init| self.nearest_method(from, class, init))
            .map(|(f, g)| vec![(f, g, self.files[f].functions[g].has_self)])
            .unwrap_or_default()
    }

    /// Whether some caller passes a server to parameter `index` of function `func` of `file`,
    /// directly or through at most [`MAX_PASSES`] parameters.
    fn receives_server(&self, file: usize, func: usize, index: u16, depth: usize) -> bool {
        self.files.iter().enumerate().any(|(cf, caller)| {
            caller.server_passes.iter().any(|pass| {
                self.named_callees(cf, &pass.callee)
                    .into_iter()
                    .any(|(f, g, shift)| {
                        (f, g) == (file, func)
                            && pass.pos + u16::from(shift) == index
                            && match pass.from {
                                None => true,
                                Some(j) => {
                                    depth < MAX_PASSES
                                        && self.receives_server(cf, pass.caller, j, depth + 1)
                                }
                            }
                    })
            })
        })
    }

    /// The declarations on a parameter (see [`crate::facts::tools::ToolDecl::needs_server`])
    /// that some caller fills with a server: `(file, function, parameter)`.
    pub(super) fn served_parameters(&self) -> HashSet<(usize, usize, u16)> {
        let mut out = HashSet::new();
        for (f, file) in self.files.iter().enumerate() {
            for need in file.tools.iter().filter_map(|t| t.needs_server) {
                let key = (f, need.0, need.1);
                if !out.contains(&key) && self.receives_server(f, need.0, need.1, 0) {
                    out.insert(key);
                }
            }
        }
        out
    }

    /// The tool parameters of the functions file `f` hands to wrappers of the project: each
    /// callback's parameters that receive the wrapper's tool input.
    pub(super) fn wrapped_entries(&self, f: usize) -> Vec<SourceEntry> {
        let files = self.files;
        let mut entries = Vec::new();
        for used in &files[f].callbacks {
            let Some(callback) = files[f].functions.get(used.callback) else {
                continue;
            };
            for (wf, wg, shift) in self.named_callees(f, &used.callee) {
                let param = used.pos + u16::from(shift && !used.factory);
                let Some(w) = files[wf]
                    .wrappers
                    .iter()
                    .find(|w| w.func == wg && w.factory == used.factory && w.param == param)
                else {
                    continue;
                };
                let name = used.name.clone().or_else(|| callback.name.clone());
                for (i, p) in callback.params.iter().enumerate() {
                    let source = match &w.sources {
                        SourceParams::Indices(n) => n.contains(&i),
                        SourceParams::All { excluded } => {
                            !p.non_source && !excluded.contains(&p.name)
                        }
                    };
                    if let (true, Ok(i)) = (source, u16::try_from(i)) {
                        entries.push((f, used.callback, i, (w.kind.clone(), name.clone())));
                    }
                }
            }
        }
        entries
    }
}
