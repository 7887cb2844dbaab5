//! Which functions a tool, resource or prompt handler reaches through the project's calls:
//! the handlers (local, imported, handed to a wrapper that registers them, or declared on a
//! receiver some caller fills with a server) and every project function their calls may
//! resolve to, across files, breadth first. A call inside a span a rule cuts
//! (`asyncio.wait_for(fetch_all(), 10)`) is not followed.

use mcplint_ir::Span;

use super::Project;
use crate::taint::{CallTarget, FileSummary};

/// For each file, for each of its functions, whether a handler reaches it. `cut[f]` holds the
/// spans of file `f` whose calls are not followed.
pub(crate) fn reachable_functions(files: &[FileSummary], cut: &[&[Span]]) -> Vec<Vec<bool>> {
    let p = Project::new(files);
    let mut reached: Vec<Vec<bool>> = files
        .iter()
        .map(|f| vec![false; f.functions.len()])
        .collect();
    let mut queue: Vec<(usize, usize)> = handlers(&p);
    // The calls of each file by caller, so that each function's calls are read once.
    let calls: Vec<Vec<Vec<(&CallTarget, bool)>>> = files
        .iter()
        .enumerate()
        .map(|(f, file)| {
            let mut by_caller = vec![Vec::new(); file.functions.len()];
            let cut_here = cut.get(f).copied().unwrap_or(&[]);
            let is_cut = |span: Span| {
                cut_here
                    .iter()
                    .any(|c| c.start <= span.start && span.end <= c.end)
            };
            let sites = file
                .calls
                .iter()
                .map(|c| (c.caller, &c.target, c.method, c.span))
                .chain(
                    file.quiet_calls
                        .iter()
                        .map(|c| (c.caller, &c.target, c.method, c.span)),
                );
            for (caller, target, method, span) in sites {
                if let Some(list) = by_caller.get_mut(caller)
                    && !is_cut(span)
                {
                    list.push((target, method));
                }
            }
            by_caller
        })
        .collect();
    while let Some((f, g)) = queue.pop() {
        let Some(seen) = reached.get_mut(f).and_then(|r| r.get_mut(g)) else {
            continue;
        };
        if *seen {
            continue;
        }
        *seen = true;
        for (target, method) in &calls[f][g] {
            for (f2, g2, _) in p.callees(f, target, *method) {
                if !reached[f2].get(g2).copied().unwrap_or(true) {
                    queue.push((f2, g2));
                }
            }
        }
    }
    reached
}

/// Every handler of a declaration that holds, as `(file, function)`.
fn handlers(p: &Project<'_>) -> Vec<(usize, usize)> {
    let served = p.served_parameters();
    let mut out = Vec::new();
    for (f, file) in p.files.iter().enumerate() {
        out.extend(p.declared_handlers(f, file, &served).map(|(at, _)| at));
        out.extend(
            p.wrapped_callbacks(f)
                .into_iter()
                .map(|(used, _)| (f, used.callback)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::reachable_functions;
    use crate::taint::test_support::summarize_python;

    /// The names of the functions of each file a handler reaches.
    fn reached(files: &[(&str, &str)]) -> Vec<Vec<String>> {
        let summaries: Vec<_> = files
            .iter()
            .map(|(path, text)| summarize_python(path, text))
            .collect();
        let no_cut: Vec<&[mcplint_ir::Span]> = vec![&[]; summaries.len()];
        reachable_functions(&summaries, &no_cut)
            .into_iter()
            .zip(&summaries)
            .map(|(r, s)| {
                r.iter()
                    .zip(&s.functions)
                    .filter(|(reached, _)| **reached)
                    .filter_map(|(_, f)| f.name.clone())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn calls_given_no_tool_input_are_followed_across_files() {
        let helpers = "import requests\n\ndef refresh():\n    return load()\n\ndef load():\n    return requests.get('https://x')\n\ndef unused():\n    return requests.get('https://y')\n";
        let server = "from mcp.server.fastmcp import FastMCP\nfrom .helpers import refresh\n\nmcp = FastMCP('x')\n\n@mcp.tool()\ndef status() -> str:\n    return refresh().text\n";
        let found = reached(&[("pkg/helpers.py", helpers), ("pkg/server.py", server)]);
        assert_eq!(found[0], ["refresh", "load"]);
        assert_eq!(found[1], ["status"]);
    }
}
