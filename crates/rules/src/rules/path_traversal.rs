use crate::{Check, declare_rule};

declare_rule! {
    /// ## What it does
    /// Finds tool, resource and prompt handlers whose input reaches a file-system operation
    /// (`open`, `pathlib.Path` reads and writes, `os`/`shutil` file functions, and libraries
    /// that open or write the path they are given: `git`, `openpyxl`, `docx`, `PIL`, `pandas`,
    /// `zipfile`/`tarfile`, `xlsx`, `sharp`, the `image` crate) without a containment check
    /// that holds.
    ///
    /// ## Why is this bad?
    /// A model-chosen path such as `../../.ssh/id_rsa` or `/etc/passwd` escapes the folder the
    /// server means to expose: `os.path.join(ROOT, p)` and `ROOT / p` keep `..` and return `p`
    /// itself when it is absolute. Resource templates (`notes://{name}`) are as exposed as tool
    /// arguments. Checks that look right often are not: `startswith(ROOT)` accepts
    /// `/srv/data-evil`, a check on the un-normalised path passes `..`, normalising without
    /// resolving symlinks lets a link inside the root point outside it, and a check that raises
    /// inside a `try` whose `except`/`catch` goes on lets through the path that fails it.
    ///
    /// Zip slip has a message of its own: a tar archive the tool chose, extracted without
    /// `filter="data"`, writes its members where their names say (`../../.bashrc`), however
    /// well the archive's own path was checked. So does an archive the tool chose unpacked by
    /// hand: its member names (`zf.namelist()`, `info.filename`, `member.name` of
    /// `getmembers()`, adm-zip's `entry.entryName`, unzipper's `file.path`, the `zip` crate's
    /// `file.name()`, a `tar` entry's `path()`) joined to a folder and written there. The
    /// check that covers them is on the joined path (resolved and contained, or the name
    /// reduced to its last component, or `enclosed_name()` / tar's `unpack_in`), not on the
    /// archive's.
    ///
    /// ## Example
    /// ```python
    /// import os
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// ROOT = "/srv/notes"
    /// mcp = FastMCP("notes")
    ///
    /// @mcp.tool()
    /// def read_note(name: str) -> str:
    ///     """Read one note."""
    ///     with open(os.path.join(ROOT, name)) as f:  # expect: path-traversal
    ///         return f.read()
    /// ```
    /// The same tool in TypeScript and in Rust:
    /// ```ts
    /// import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
    /// import { readFile } from "node:fs/promises";
    /// import path from "node:path";
    /// import { z } from "zod";
    ///
    /// const ROOT = "/srv/notes";
    /// const server = new McpServer({ name: "notes", version: "1.0.0" });
    ///
    /// server.tool("read_note", { name: z.string() }, async ({ name }) => {
    ///   const text = await readFile(path.join(ROOT, name), "utf8"); // expect: path-traversal
    ///   return { content: [{ type: "text", text }] };
    /// });
    /// ```
    /// ```rs
    /// use rmcp::{handler::server::wrapper::Parameters, tool, tool_router};
    /// use std::path::Path;
    ///
    /// const ROOT: &str = "/srv/notes";
    ///
    /// #[tool_router]
    /// impl Notes {
    ///     #[tool(description = "Read one note")]
    ///     async fn read_note(&self, Parameters(req): Parameters<ReadNote>) -> Result<String, String> {
    ///         let full = Path::new(ROOT).join(&req.name);
    ///         std::fs::read_to_string(&full).map_err(|e| e.to_string()) // expect: path-traversal
    ///     }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// Resolve the path, then check that it stays inside the root, and exit when it does not:
    /// ```python
    /// import os
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// ROOT = os.path.realpath("/srv/notes")
    /// mcp = FastMCP("notes")
    ///
    /// @mcp.tool()
    /// def read_note(name: str) -> str:
    ///     """Read one note."""
    ///     full = os.path.realpath(os.path.join(ROOT, name))
    ///     if not full.startswith(ROOT + os.sep):
    ///         raise ValueError("path escapes the notes folder")
    ///     with open(full) as f:
    ///         return f.read()
    /// ```
    /// ```ts
    /// import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
    /// import { readFile, realpath } from "node:fs/promises";
    /// import path from "node:path";
    /// import { z } from "zod";
    ///
    /// const ROOT = "/srv/notes";
    /// const server = new McpServer({ name: "notes", version: "1.0.0" });
    ///
    /// server.tool("read_note", { name: z.string() }, async ({ name }) => {
    ///   const root = await realpath(ROOT);
    ///   const full = await realpath(path.join(root, name));
    ///   if (!full.startsWith(root + path.sep)) {
    ///     throw new Error("path escapes the notes folder");
    ///   }
    ///   const text = await readFile(full, "utf8");
    ///   return { content: [{ type: "text", text }] };
    /// });
    /// ```
    /// ```rs
    /// use rmcp::{handler::server::wrapper::Parameters, tool, tool_router};
    /// use std::path::Path;
    ///
    /// const ROOT: &str = "/srv/notes";
    ///
    /// #[tool_router]
    /// impl Notes {
    ///     #[tool(description = "Read one note")]
    ///     async fn read_note(&self, Parameters(req): Parameters<ReadNote>) -> Result<String, String> {
    ///         let root = std::fs::canonicalize(ROOT).map_err(|e| e.to_string())?;
    ///         let full = std::fs::canonicalize(root.join(&req.name)).map_err(|e| e.to_string())?;
    ///         if !full.starts_with(&root) {
    ///             return Err("path escapes the notes folder".into());
    ///         }
    ///         std::fs::read_to_string(&full).map_err(|e| e.to_string())
    ///     }
    /// }
    /// ```
    /// `Path(...).resolve()` with `is_relative_to(root)`, or `os.path.commonpath`, work as well.
    /// So does an allow-list of the value's shape, in place or in a helper that raises (or, in
    /// Rust, returns an error) unless it holds: `validate_id(id)?` with `id` checked as `job_`
    /// and hex digits names one file below the folder it is joined to.
    ///
    /// In a plugin whose host confines its file access the finding is a warning, and its
    /// message says what confines it: an Extism plugin (`extism_pdk`) is WebAssembly, and its
    /// `std::fs` reaches only the directories the host preopens for it (the catalog's
    /// `[[sandbox]]` rows). Whether that is enough depends on what the host grants: a plugin
    /// given the user's home directory still reads `~/.ssh` for a model that asks.
    ///
    /// A check of your own that mcplint does not accept (a helper that validates in a way the
    /// catalog does not know) can be declared as a sanitizer in a catalog file that
    /// `extend-catalog` names in `mcplint.toml`: the value it returns is then clean for path
    /// sinks. The text report prints this row, for the helper the flow went through, under a
    /// finding's `help:`. `call` is the callee as the code writes it (`paths::safe_path` in
    /// Rust; `*.safe_path` for a method on any receiver):
    /// ```toml
    /// languages = ["python"]   # or "typescript" (also for JavaScript), "rust"
    ///
    /// [[sanitizer]]
    /// kind = "path"
    /// call = ["safe_path"]
    /// ```
    ///
    /// ## References
    /// - [CWE-22: Path Traversal](https://cwe.mitre.org/data/definitions/22.html)
    /// - [OWASP: Path Traversal](https://owasp.org/www-community/attacks/Path_Traversal)
    pub(crate) PATH_TRAVERSAL {
        name: "path-traversal",
        severity: Error,
        cwe: [22],
        summary: "tool input reaches a file-system path without a containment check",
        languages: [Python, TypeScript, JavaScript, Rust],
        check: Check::Taint {
            kinds: &["path", "archive"],
            message: "{tool} input reaches {what} without a containment check",
        },
    }
}
