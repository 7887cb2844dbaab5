//! A compact, stable text rendering of the IR for `mcplint debug ir` and snapshot tests.

use std::fmt::Write;

use crate::{Arg, Class, Expr, ExprKind, File, Function, Handler, Part, Pattern, Stmt};

/// Renders `file` as indented text: imports, exports, inline modules, classes, then every
/// function.
pub fn dump(file: &File) -> String {
    let mut out = String::new();
    let d = Dumper { file };
    let _ = writeln!(out, "file {} ({})", file.source.path, file.lang.name());
    for span in &file.syntax_errors {
        let _ = writeln!(out, "syntax-error @{}", d.pos(span.start));
    }
    for i in &file.imports {
        let _ = writeln!(
            out,
            "import {} as {} @{}",
            i.path(),
            i.local,
            d.pos(i.span.start)
        );
    }
    for e in &file.exports {
        let _ = writeln!(out, "export {} = {}", e.name, e.local);
    }
    for m in &file.modules {
        let _ = writeln!(out, "mod {} @{}", m.path, d.pos(m.span.start));
        for a in &m.attributes {
            let _ = writeln!(out, "  @{}", d.expr(a));
        }
    }
    for c in &file.classes {
        d.class(&mut out, c);
    }
    for (id, f) in file.functions.iter().enumerate() {
        d.function(&mut out, id, f);
    }
    for c in &file.comments {
        let own = if c.own_line { " own-line" } else { "" };
        let _ = writeln!(out, "comment @{}{own} {:?}", d.pos(c.span.start), c.text);
    }
    out
}

struct Dumper<'a> {
    file: &'a File,
}

impl Dumper<'_> {
    /// Renders a class: header, decorators, docstring, fields and methods.
    fn class(&self, out: &mut String, c: &Class) {
        let bases: Vec<String> = c.bases.iter().map(|b| self.expr(b)).collect();
        let _ = writeln!(
            out,
            "class {}({}) @{}",
            c.name,
            bases.join(", "),
            self.pos(c.span.start)
        );
        for dec in &c.decorators {
            let _ = writeln!(out, "  @{}", self.expr(dec));
        }
        if let Some(doc) = &c.doc {
            let _ = writeln!(out, "  doc {:?}", doc.text);
        }
        for f in &c.fields {
            let mut line = format!("  field {}", f.name);
            if let Some(a) = &f.annotation {
                let _ = write!(line, ": {}", self.expr(a));
            }
            if let Some(v) = &f.value {
                let _ = write!(line, " = {}", self.expr(v));
            }
            for a in &f.attributes {
                let _ = write!(line, " #[{}]", self.expr(a));
            }
            if let Some(doc) = &f.doc {
                let _ = write!(line, " doc {:?}", doc.text);
            }
            let _ = writeln!(out, "{line}");
        }
        let methods: Vec<String> = c.methods.iter().map(|m| format!("fn#{m}")).collect();
        let _ = writeln!(out, "  methods [{}]", methods.join(", "));
    }

    /// Renders function `id`: header, decorators, docstring, parameters and body.
    fn function(&self, out: &mut String, id: usize, f: &Function) {
        let name = f
            .name
            .as_deref()
            .unwrap_or(if id == 0 { "<module>" } else { "<lambda>" });
        let mut header = format!("fn#{id} {name}");
        if let Some(p) = f.parent {
            let _ = write!(header, " in fn#{p}");
        }
        if let Some(c) = f.class {
            let _ = write!(header, " of class#{c}");
        }
        let _ = writeln!(out, "{header} @{}", self.pos(f.span.start));
        for dec in &f.decorators {
            let _ = writeln!(out, "  @{}", self.expr(dec));
        }
        if let Some(doc) = &f.doc {
            let _ = writeln!(out, "  doc {:?}", doc.text);
        }
        for p in &f.params {
            let mut line = format!("  param {:?} {}", p.kind, Self::pattern(&p.pattern));
            if let Some(a) = &p.annotation {
                let _ = write!(line, ": {}", self.expr(a));
            }
            if let Some(v) = &p.default {
                let _ = write!(line, " = {}", self.expr(v));
            }
            for a in &p.attributes {
                let _ = write!(line, " #[{}]", self.expr(a));
            }
            let _ = writeln!(out, "{line}");
        }
        self.stmts(out, &f.body, 1);
    }

    fn pos(&self, offset: u32) -> String {
        let (l, c) = self.file.source.line_col(offset);
        format!("{l}:{c}")
    }

    fn stmts(&self, out: &mut String, stmts: &[Stmt], depth: usize) {
        let pad = "  ".repeat(depth);
        for s in stmts {
            match s {
                Stmt::Assign {
                    target,
                    value,
                    span,
                } => {
                    let _ = writeln!(
                        out,
                        "{pad}{} = {} @{}",
                        Self::pattern(target),
                        self.expr(value),
                        self.pos(span.start)
                    );
                }
                Stmt::Eval(e) => {
                    let _ = writeln!(
                        out,
                        "{pad}eval {} @{}",
                        self.expr(e),
                        self.pos(e.span.start)
                    );
                }
                Stmt::Exit {
                    value,
                    is_return,
                    span,
                } => {
                    let word = if *is_return { "return" } else { "raise" };
                    let v = value
                        .as_ref()
                        .map(|v| format!(" {}", self.expr(v)))
                        .unwrap_or_default();
                    let _ = writeln!(out, "{pad}{word}{v} @{}", self.pos(span.start));
                }
                Stmt::If { test, then, orelse } => {
                    let _ = writeln!(out, "{pad}if {}", self.expr(test));
                    self.stmts(out, then, depth + 1);
                    if !orelse.is_empty() {
                        let _ = writeln!(out, "{pad}else");
                        self.stmts(out, orelse, depth + 1);
                    }
                }
                Stmt::Loop(body) => {
                    let _ = writeln!(out, "{pad}loop");
                    self.stmts(out, body, depth + 1);
                }
                Stmt::Jump(span) => {
                    let _ = writeln!(out, "{pad}jump @{}", self.pos(span.start));
                }
                Stmt::Try {
                    body,
                    handlers,
                    orelse,
                    finally,
                } => self.try_stmt(out, body, handlers, orelse, finally, depth),
            }
        }
    }

    /// Renders a `try`: its body, each handler, `else` and `finally` (the last two when not
    /// empty).
    fn try_stmt(
        &self,
        out: &mut String,
        body: &[Stmt],
        handlers: &[Handler],
        orelse: &[Stmt],
        finally: &[Stmt],
        depth: usize,
    ) {
        let pad = "  ".repeat(depth);
        let _ = writeln!(out, "{pad}try");
        self.stmts(out, body, depth + 1);
        for h in handlers {
            let _ = writeln!(out, "{pad}catch @{}", self.pos(h.span.start));
            self.stmts(out, &h.body, depth + 1);
        }
        for (word, block) in [("else", orelse), ("finally", finally)] {
            if !block.is_empty() {
                let _ = writeln!(out, "{pad}{word}");
                self.stmts(out, block, depth + 1);
            }
        }
    }

    fn pattern(p: &Pattern) -> String {
        match p {
            Pattern::Name(n) => n.clone(),
            Pattern::Ignore => "_".into(),
            Pattern::Destructure { type_name, parts } => {
                let inner: Vec<String> = parts
                    .iter()
                    .map(|(k, p)| match k {
                        Some(k) => format!("{k}: {}", Self::pattern(p)),
                        None => Self::pattern(p),
                    })
                    .collect();
                format!(
                    "{}{{{}}}",
                    type_name.as_deref().unwrap_or(""),
                    inner.join(", ")
                )
            }
        }
    }

    fn args(&self, args: &[Arg]) -> String {
        let parts: Vec<String> = args
            .iter()
            .map(|a| {
                let spread = if a.spread { "..." } else { "" };
                match &a.keyword {
                    Some(k) => format!("{spread}{k}={}", self.expr(&a.value)),
                    None => format!("{spread}{}", self.expr(&a.value)),
                }
            })
            .collect();
        parts.join(", ")
    }

    fn expr(&self, e: &Expr) -> String {
        match &e.kind {
            ExprKind::Str(s) => format!("{s:?}"),
            ExprKind::Name(n) => n.clone(),
            ExprKind::Interp(parts) => {
                let inner: Vec<String> = parts
                    .iter()
                    .map(|p| match p {
                        Part::Lit(s) => format!("{s:?}"),
                        Part::Hole(e) => format!("{{{}}}", self.expr(e)),
                    })
                    .collect();
                format!("interp[{}]", inner.join(" "))
            }
            ExprKind::Call {
                callee,
                receiver,
                args,
            } => match receiver {
                Some(r) => format!("({}).{callee}({})", self.expr(r), self.args(args)),
                None => format!("{callee}({})", self.args(args)),
            },
            ExprKind::Record(args) => format!("{{{}}}", self.args(args)),
            ExprKind::Cond { test, then, orelse } => {
                format!(
                    "({} ? {} : {})",
                    self.expr(test),
                    self.expr(then),
                    self.expr(orelse)
                )
            }
            ExprKind::Func(id) => format!("fn#{id}"),
            ExprKind::Other(children) => {
                let inner: Vec<String> = children.iter().map(|c| self.expr(c)).collect();
                format!("other[{}]", inner.join(", "))
            }
        }
    }
}
