//! Registrations decided across files: declarations on a parameter that callers fill with a
//! server (`def register_tools(mcp_server): @mcp_server.tool()`, `K8sHandler(mcp)` whose
//! constructor keeps it in `self.mcp`), and functions handed to another file's wrapper
//! (`addTool("snap", shape, async ({ dest }) => ...)` with `addTool` forwarding to
//! `server.registerTool`).

use foldhash::{HashSet, HashSetExt};

use super::{Project, SourceEntry};
use crate::facts::tools::{CallbackUse, ServerNeed, SourceParams, Wrapper};

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
        self.constructor(from, class, 0)
            .map(|(f, g)| vec![(f, g, self.files[f].functions[g].has_self)])
            .unwrap_or_default()
    }

    /// Method `name` of the class named `class` as a call on an instance reaches it: the
    /// class's own (and its subclasses' overrides), else the nearest base's, at most
    /// [`MAX_PASSES`] bases up; each with whether positional arguments skip its `self`.
    fn inherited_methods(&self, from: usize, class: &str, name: &str) -> Vec<(usize, usize, bool)> {
        let mut classes = vec![class];
        for _ in 0..=MAX_PASSES {
            let found: Vec<_> = classes
                .iter()
                .flat_map(|c| self.dispatch(from, c, name))
                .map(|(f, g)| (f, g, self.files[f].functions[g].has_self))
                .collect();
            if !found.is_empty() {
                return found;
            }
            classes = classes.into_iter().flat_map(|c| self.bases_of(c)).collect();
            if classes.is_empty() {
                break;
            }
        }
        Vec::new()
    }

    /// The constructor (`__init__`, `constructor`) of the class named `class` nearest to file
    /// `from`, or the one it inherits from its nearest base that has one.
    fn constructor(&self, from: usize, class: &str, depth: usize) -> Option<(usize, usize)> {
        if let Some(found) = ["__init__", "constructor"]
            .iter()
            .find_map(|init| self.nearest_method(from, class, init))
        {
            return Some(found);
        }
        if depth >= MAX_PASSES {
            return None;
        }
        self.bases_of(class)
            .into_iter()
            .find_map(|base| self.constructor(from, base, depth + 1))
    }

    /// The names of the bases of every class named `class` (last path segment).
    fn bases_of(&self, class: &str) -> Vec<&str> {
        self.bases.get(class).cloned().unwrap_or_default()
    }

    /// Whether field `field` of class `class` holds a server: a constructor of the class or of
    /// a base (by name, at most [`MAX_PASSES`] deep) sets it from a server constructor or from a
    /// parameter some caller passes a server to.
    fn field_holds_server(&self, class: &str, field: &str, depth: usize) -> bool {
        let set_here = self.files.iter().enumerate().any(|(f, file)| {
            file.field_sources
                .iter()
                .filter(|s| s.class == class && s.field == field)
                .any(|s| match s.from {
                    None => true,
                    Some((m, i)) => self.receives_server(f, m, i, 0),
                })
        });
        set_here
            || (depth < MAX_PASSES
                && self
                    .bases_of(class)
                    .into_iter()
                    .any(|base| self.field_holds_server(base, field, depth + 1)))
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

    /// The conditional receivers (see [`crate::facts::tools::ToolDecl::needs_server`]) that a
    /// server reaches, with the file of their declarations.
    pub(super) fn served_parameters(&self) -> HashSet<(usize, ServerNeed)> {
        let mut out = HashSet::new();
        for (f, file) in self.files.iter().enumerate() {
            for need in file.tools.iter().filter_map(|t| t.needs_server.as_ref()) {
                let key = (f, need.clone());
                if out.contains(&key) {
                    continue;
                }
                let served = match need {
                    ServerNeed::Param(g, i) => self.receives_server(f, *g, *i, 0),
                    ServerNeed::Field { class, field } => self.field_holds_server(class, field, 0),
                };
                if served {
                    out.insert(key);
                }
            }
        }
        out
    }

    /// The tool parameters of the functions file `f` hands to wrappers of the project: each
    /// callback's parameters that receive the wrapper's tool input (through a middleware, where
    /// the middleware's call is a registration's handler).
    pub(super) fn wrapped_entries(&self, f: usize) -> Vec<SourceEntry> {
        let files = self.files;
        let mut entries = Vec::new();
        for (used, w) in self.wrapped_callbacks(f) {
            let Some(callback) = files[f].functions.get(used.callback) else {
                continue;
            };
            let kind = used.registered.as_ref().unwrap_or(&w.kind);
            let name = used.name.clone().or_else(|| callback.name.clone());
            for (i, p) in callback.params.iter().enumerate() {
                let source = match &w.sources {
                    SourceParams::Indices(n) => n.contains(&i),
                    SourceParams::All { excluded } => !p.non_source && !excluded.contains(&p.name),
                };
                if let (true, Ok(i)) = (source, u16::try_from(i)) {
                    entries.push((f, used.callback, i, (kind.clone(), name.clone())));
                }
            }
        }
        entries
    }

    /// The functions file `f` hands to wrappers of the project that register them (a
    /// middleware's callback only where its call is registered), each with the wrapper.
    pub(super) fn wrapped_callbacks(&self, f: usize) -> Vec<(&CallbackUse, &Wrapper)> {
        let files = self.files;
        let mut out = Vec::new();
        for used in &files[f].callbacks {
            if files[f].functions.get(used.callback).is_none() {
                continue;
            }
            let callees = match &used.class {
                Some(class) => self.inherited_methods(f, class, &used.callee),
                None => self.named_callees(f, &used.callee),
            };
            for (wf, wg, shift) in callees {
                let param = used.pos + u16::from(shift && !used.factory);
                if let Some(w) = files[wf].wrappers.iter().find(|w| {
                    w.func == wg
                        && w.factory == used.factory
                        && w.param == param
                        && w.returned == used.registered.is_some()
                }) {
                    out.push((used, w));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::project::flows;
    use crate::taint::test_support::summarize_python;

    const HANDLERS: &str = r"
import os

def register_tools(mcp_server):
    @mcp_server.tool()
    def remove(path: str) -> str:
        os.remove(path)
        return 'ok'
";

    /// The tools whose input reaches a sink over the given files.
    fn tools_reaching_sinks(files: &[(&str, &str)]) -> Vec<String> {
        let summaries: Vec<_> = files
            .iter()
            .map(|(path, text)| summarize_python(path, text))
            .collect();
        let mut out: Vec<String> = flows(&summaries)
            .0
            .into_iter()
            .map(|f| f.tool.1.unwrap_or_default())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_declaration_on_a_parameter_counts_where_a_server_is_passed() {
        let server = "from mcp.server.fastmcp import FastMCP\nfrom .handlers import register_tools\n\nmcp = FastMCP('x')\nregister_tools(mcp)\n";
        let found =
            tools_reaching_sinks(&[("pkg/handlers.py", HANDLERS), ("pkg/server.py", server)]);
        assert_eq!(found, ["remove"]);
    }

    #[test]
    fn a_declaration_on_a_parameter_given_something_else_is_not_a_tool() {
        let cli = "from .handlers import register_tools\n\nregistry = Registry()\nregister_tools(registry)\n";
        let found = tools_reaching_sinks(&[("pkg/handlers.py", HANDLERS), ("pkg/cli.py", cli)]);
        assert!(found.is_empty());
    }

    #[test]
    fn a_server_passed_on_through_a_parameter_reaches_the_declaration() {
        let setup = "from .handlers import register_tools\n\ndef setup(server):\n    register_tools(server)\n";
        let main = "from mcp.server.fastmcp import FastMCP\nfrom .setup import setup\n\nmcp = FastMCP('x')\nsetup(mcp)\n";
        let found = tools_reaching_sinks(&[
            ("pkg/handlers.py", HANDLERS),
            ("pkg/setup.py", setup),
            ("pkg/main.py", main),
        ]);
        assert_eq!(found, ["remove"]);
    }

    #[test]
    fn a_callback_given_to_another_files_wrapper_is_a_tool() {
        let wrap = "def audited(mcp, name):\n    def deco(fn):\n        mcp.tool(name=name)(fn)\n        return fn\n    return deco\n";
        let tools = "import os\nfrom mcp.server.fastmcp import FastMCP\nfrom .wrap import audited\n\nmcp = FastMCP('x')\n\n@audited(mcp, 'drop')\ndef drop(path: str) -> None:\n    os.remove(path)\n\ndef keep(path: str) -> None:\n    os.remove(path)\n";
        let found = tools_reaching_sinks(&[("pkg/wrap.py", wrap), ("pkg/tools.py", tools)]);
        assert_eq!(found, ["drop"]);
    }
}
