//! The lowering state every tree-sitter front end keeps for one file, and the depth cap that
//! keeps its recursion (and the IR) shallow.

use std::mem;

use mcplint_ir::{Class, Comment, Function, Module, Span, Stmt};

use super::{Parts, Scope};

/// How many statements and expressions may nest before lowering gives up on the inner ones.
pub(crate) const MAX_DEPTH: usize = 200;

/// What a lowering has produced so far, and where it stands.
pub(crate) struct FileState {
    /// Imports, exports and the locals that shadow imports.
    pub(crate) scope: Scope,
    pub(crate) functions: Vec<Function>,
    pub(crate) classes: Vec<Class>,
    /// Inline modules (Rust).
    pub(crate) modules: Vec<Module>,
    pub(crate) comments: Vec<Comment>,
    pub(crate) syntax_errors: Vec<Span>,
    /// Statements that expressions of the current statement emit before it.
    pub(crate) pending: Vec<Stmt>,
    /// Current nesting of statements and expressions.
    pub(crate) depth: usize,
}

impl FileState {
    /// The state at the start of a file of `len` bytes: only the module-level function.
    pub(crate) fn new(len: usize) -> Self {
        Self {
            scope: Scope::new(),
            functions: vec![Function::new(None, Span::new(0, len))],
            classes: Vec::new(),
            modules: Vec::new(),
            comments: Vec::new(),
            syntax_errors: Vec::new(),
            pending: Vec::new(),
            depth: 0,
        }
    }

    /// What the lowering produced, with `body` as the module-level function's body.
    pub(crate) fn finish(mut self, body: Vec<Stmt>) -> Parts {
        if let Some(top) = self.functions.first_mut() {
            top.body = body;
        }
        let (imports, exports) = self.scope.into_imports_exports();
        Parts {
            imports,
            exports,
            functions: self.functions,
            classes: self.classes,
            modules: self.modules,
            comments: self.comments,
            syntax_errors: self.syntax_errors,
        }
    }

    /// Goes one level deeper, unless that passes [`MAX_DEPTH`] (then `false`, and the depth is
    /// unchanged). Each `true` is matched by a [`FileState::leave`].
    pub(crate) fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            return false;
        }
        self.depth += 1;
        true
    }

    /// Comes back from a level entered with [`FileState::enter`].
    pub(crate) fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Enters a statement: the enclosing statement's pending statements, set aside until
    /// [`FileState::leave_stmt`], or `None` when the statement is too deep to lower.
    pub(crate) fn enter_stmt(&mut self) -> Option<Vec<Stmt>> {
        self.enter().then(|| mem::take(&mut self.pending))
    }

    /// Leaves a statement entered with [`FileState::enter_stmt`]: appends to `out` what its
    /// expressions emitted, then `stmts` (what it lowered to).
    pub(crate) fn leave_stmt(
        &mut self,
        saved: Vec<Stmt>,
        mut stmts: Vec<Stmt>,
        out: &mut Vec<Stmt>,
    ) {
        out.append(&mut self.pending);
        out.append(&mut stmts);
        self.pending = saved;
        self.leave();
    }
}
