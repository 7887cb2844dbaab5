//! The parser pool and time budget: one tree-sitter parser per grammar and thread, reused across
//! files, each parse cancelled once it runs past its budget.

use std::cell::RefCell;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use mcplint_ir::Lang;
use tree_sitter::{Language, Parser, Tree};

use super::syntax::{Names, SyntaxTree};
use crate::FrontError;

/// The tree-sitter grammars the front ends parse with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Grammar {
    /// tree-sitter-python.
    Python,
    /// tree-sitter-typescript's `typescript` grammar: `.ts`, `.mts`, `.cts` (allows `<T>x` type
    /// assertions, no JSX).
    TypeScript,
    /// tree-sitter-typescript's `tsx` grammar: `.tsx` and all JavaScript (JSX).
    Tsx,
    /// tree-sitter-rust.
    Rust,
    /// tree-sitter-json.
    Json,
}

/// How many grammars there are (the size of the per-thread pool).
const GRAMMARS: usize = 5;

thread_local! {
    /// One parser per grammar and thread, reused across files.
    static PARSERS: RefCell<[Option<Parser>; GRAMMARS]> =
        const { RefCell::new([None, None, None, None, None]) };
}

impl Grammar {
    /// This grammar's place in the pool.
    fn slot(self) -> usize {
        match self {
            Grammar::Python => 0,
            Grammar::TypeScript => 1,
            Grammar::Tsx => 2,
            Grammar::Rust => 3,
            Grammar::Json => 4,
        }
    }

    fn language(self) -> Language {
        match self {
            Grammar::Python => tree_sitter_python::LANGUAGE.into(),
            Grammar::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Grammar::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Grammar::Rust => tree_sitter_rust::LANGUAGE.into(),
            Grammar::Json => tree_sitter_json::LANGUAGE.into(),
        }
    }

    /// The language named in [`FrontError::Unsupported`] when the grammar does not load.
    fn lang(self) -> Lang {
        match self {
            Grammar::Python => Lang::Python,
            Grammar::TypeScript | Grammar::Tsx => Lang::TypeScript,
            Grammar::Rust => Lang::Rust,
            Grammar::Json => Lang::Json,
        }
    }

    /// The names of the grammar's node kinds and fields.
    pub(crate) fn names(self) -> &'static Names {
        static NAMES: [OnceLock<Names>; GRAMMARS] = [const { OnceLock::new() }; GRAMMARS];
        NAMES[self.slot()].get_or_init(|| Names::new(&self.language()))
    }

    fn new_parser(self) -> Result<Parser, FrontError> {
        let mut parser = Parser::new();
        parser
            .set_language(&self.language())
            .map_err(|_| FrontError::Unsupported(self.lang().name()))?;
        Ok(parser)
    }

    /// Parses `text` with this thread's parser for the grammar, cancelling after `budget`.
    pub(crate) fn parse(self, text: &str, budget: Duration) -> Result<Tree, FrontError> {
        PARSERS.with(|cell| match cell.try_borrow_mut() {
            Ok(mut slots) => {
                let Some(slot) = slots.get_mut(self.slot()) else {
                    return parse_with(&mut self.new_parser()?, text, budget);
                };
                let mut parser = match slot.take() {
                    Some(p) => p,
                    None => self.new_parser()?,
                };
                let tree = parse_with(&mut parser, text, budget);
                *slot = Some(parser);
                tree
            }
            Err(_) => parse_with(&mut self.new_parser()?, text, budget),
        })
    }

    /// Parses `text` and copies the tree into a flat [`SyntaxTree`].
    pub(crate) fn syntax_tree(
        self,
        text: &str,
        budget: Duration,
    ) -> Result<SyntaxTree, FrontError> {
        Ok(SyntaxTree::new(&self.parse(text, budget)?, self.names()))
    }

    /// Parses only, returning the number of nodes in the tree.
    pub(crate) fn count_nodes(self, text: &str) -> Result<usize, FrontError> {
        let tree = self.parse(text, crate::PARSE_BUDGET)?;
        Ok(tree.root_node().descendant_count())
    }
}

/// Parses `text` with `parser`, cancelling after `budget`.
fn parse_with(parser: &mut Parser, text: &str, budget: Duration) -> Result<Tree, FrontError> {
    let start = Instant::now();
    let bytes = text.as_bytes();
    let mut cancel = |_: &tree_sitter::ParseState| start.elapsed() > budget;
    let options = tree_sitter::ParseOptions::new().progress_callback(&mut cancel);
    let mut input = |offset: usize, _| bytes.get(offset..).unwrap_or_default();
    match parser.parse_with_options(&mut input, None, Some(options)) {
        Some(tree) => Ok(tree),
        None => {
            // A cancelled parse would otherwise resume on the next call.
            parser.reset();
            Err(FrontError::Timeout)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cancelled parse leaves the thread's parser reset: the next one starts afresh.
    fn recovers_after_timeout(grammar: Grammar, line: &str, small: &str, root: &str) {
        let text = line.repeat(20_000);
        assert!(matches!(
            grammar.parse(&text, Duration::ZERO),
            Err(FrontError::Timeout)
        ));
        let tree = grammar.parse(small, crate::PARSE_BUDGET).expect("parses");
        assert_eq!(tree.root_node().kind(), root);
        assert!(!tree.root_node().has_error());
        assert!(grammar.parse(&text, crate::PARSE_BUDGET).is_ok());
    }

    #[test]
    fn timeout_cancels_and_the_parser_recovers() {
        recovers_after_timeout(Grammar::Python, "x = f(a, b) + g[c]\n", "y = 1\n", "module");
        recovers_after_timeout(
            Grammar::TypeScript,
            "x = f(a, b) + g[c];\n",
            "let y = 1;\n",
            "program",
        );
        recovers_after_timeout(
            Grammar::Rust,
            "fn f() { let x = g(a, b) + h[c]; }\n",
            "fn f() {}\n",
            "source_file",
        );
        assert!(
            Grammar::Tsx
                .parse("<a>{x}</a>;\n", crate::PARSE_BUDGET)
                .is_ok()
        );
    }
}
