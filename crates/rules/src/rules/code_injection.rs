use crate::{Check, declare_rule};

declare_rule! {
    /// ## What it does
    /// Finds tool, resource and prompt handlers whose input becomes code or a serialized object
    /// that runs code when loaded: Python `eval`, `exec`, `compile`, `pickle`/`dill`/`marshal`
    /// `loads`, `jsonpickle.decode`, `yaml.load` without a safe loader, `__import__`,
    /// `importlib.import_module` and `runpy`; JavaScript `eval`, `new Function`, the `vm` module,
    /// `setTimeout` with a string, `node-serialize`'s `unserialize`, and `import()`/`require()` of
    /// a tool-chosen module; Rust embedded interpreters (rhai, mlua/rlua, pyo3, `boa`, `deno_core`)
    /// and `libloading`.
    ///
    /// Only the value that is the code or the payload counts: a tool that passes input as data
    /// to an interpreter (`scope.push("x", value)`) is not reported. Reading a file the tool named
    /// (`pickle.load(open(path, "rb"))`) is a path question, left to `path-traversal`.
    ///
    /// ## Why is this bad?
    /// The arguments of an MCP tool call are written by a language model that anyone can steer
    /// with text it reads. Whatever reaches `eval` runs with the server's privileges: it reads
    /// environment variables and keys, opens sockets, starts processes. Deserialising a pickle
    /// or an unsafe YAML document is the same as running it. Restricting the globals
    /// (`eval(expr, {"__builtins__": {}})`) is not a sandbox: `().__class__.__mro__[1]
    /// .__subclasses__()` reaches every class in the process, and the same holds for `vm`
    /// contexts, which are not a security boundary.
    ///
    /// A deliberate "run this code" tool is this finding by design: run the code in a separate
    /// sandbox (a container, a WebAssembly runtime, a locked-down subprocess) and suppress the
    /// finding with a reason.
    ///
    /// ## Example
    /// ```python
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("calculator")
    ///
    /// @mcp.tool()
    /// def calculate(expression: str) -> str:
    ///     """Evaluate an arithmetic expression."""
    ///     return str(eval(expression, {"__builtins__": {}}))  # expect: code-injection
    /// ```
    ///
    /// ## Use instead
    /// Parse the input as data, never as code: `ast.literal_eval` for Python literals,
    /// `json.loads` instead of `pickle`, `yaml.safe_load` instead of `yaml.load`, a small parser
    /// for expressions, and a fixed table for module names:
    /// ```python
    /// import ast
    /// from mcp.server.fastmcp import FastMCP
    ///
    /// mcp = FastMCP("calculator")
    ///
    /// @mcp.tool()
    /// def parse_list(text: str) -> list:
    ///     """Parse a Python list literal."""
    ///     return list(ast.literal_eval(text))
    /// ```
    ///
    /// ## References
    /// - [CWE-94: Code Injection](https://cwe.mitre.org/data/definitions/94.html)
    /// - [CWE-502: Deserialization of Untrusted Data](https://cwe.mitre.org/data/definitions/502.html)
    /// - [Python `pickle` security warning](https://docs.python.org/3/library/pickle.html)
    /// - [Node.js: the `vm` module is not a security mechanism](https://nodejs.org/api/vm.html)
    pub(crate) CODE_INJECTION {
        name: "code-injection",
        severity: Error,
        cwe: [94, 502],
        summary: "tool input is run as code or deserialised into objects",
        languages: [Python, TypeScript, JavaScript, Rust],
        check: Check::Taint {
            kinds: &["code"],
            message: "{tool} input reaches {what}",
        },
    }
}
