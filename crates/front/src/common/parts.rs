//! Parts→File: what a lowering produced, detached from the source text it borrowed.

use mcplint_ir::{Class, Comment, Export, File, Function, Import, Lang, Module, SourceFile, Span};

/// What the lowering of one file produced.
pub(crate) struct Parts {
    pub(crate) imports: Vec<Import>,
    pub(crate) exports: Vec<Export>,
    pub(crate) functions: Vec<Function>,
    pub(crate) classes: Vec<Class>,
    pub(crate) modules: Vec<Module>,
    pub(crate) comments: Vec<Comment>,
    pub(crate) syntax_errors: Vec<Span>,
}

impl Parts {
    /// The IR file of `source`, holding these parts.
    pub(crate) fn into_file(self, lang: Lang, source: SourceFile) -> File {
        let mut file = File::new(lang, source);
        file.imports = self.imports;
        file.exports = self.exports;
        file.functions = self.functions;
        file.classes = self.classes;
        file.modules = self.modules;
        file.comments = self.comments;
        file.syntax_errors = self.syntax_errors;
        file
    }
}
