//! A syntax tree copied out of tree-sitter into one flat array, for lowering.
//!
//! Lowering asks the same nodes for their kind, their fields and their children many times.
//! Through tree-sitter each of those walks the C tree again (`Node::kind` measures and checks
//! a C string, `child_by_field_name` scans the grammar's field names and then the children,
//! every child iteration steps a cursor through hidden nodes): that navigation was about three
//! quarters of the lowering time. [`SyntaxTree::new`] walks the tree once with a cursor and
//! records the visible nodes in pre-order, so that the same questions become array lookups.
//!
//! [`Node`] and [`Cursor`] answer with tree-sitter's names and meanings (`kind`,
//! `child_by_field_name`, `named_children`, `goto_next_sibling`, ...), so that the front ends
//! read as before. A node's field is the one tree-sitter's cursor reports for it, which is
//! what `child_by_field_name` (the first child with that field) and
//! `children_by_field_name` (all of them) answer from in tree-sitter too.

use std::ops::Range;

use tree_sitter::{Language, Tree};

/// Node kind names and field names of one grammar, indexed by their ids.
pub(crate) struct Names {
    kinds: Vec<&'static str>,
    fields: Vec<&'static str>,
}

impl Names {
    /// Reads the names of every node kind and field of `language`.
    pub(crate) fn new(language: &Language) -> Self {
        let kind_count = u16::try_from(language.node_kind_count()).unwrap_or(u16::MAX);
        let kinds = (0..kind_count)
            .map(|id| language.node_kind_for_id(id).unwrap_or(""))
            .collect();
        let field_count = u16::try_from(language.field_count()).unwrap_or(u16::MAX);
        let fields = (0..=field_count)
            .map(|id| language.field_name_for_id(id).unwrap_or(""))
            .collect();
        Self { kinds, fields }
    }

    fn kind(&self, id: u16) -> &'static str {
        match self.kinds.get(usize::from(id)) {
            Some(name) => name,
            // tree-sitter's built-in error symbol (`u16::MAX`) is named "ERROR".
            None => "ERROR",
        }
    }

    fn field(&self, id: u16) -> &'static str {
        self.fields.get(usize::from(id)).copied().unwrap_or("")
    }
}

/// tree-sitter's symbol for `ERROR` nodes (`ts_builtin_sym_error`).
const ERROR_SYMBOL: u16 = u16::MAX;

const NAMED: u8 = 1;
const MISSING: u8 = 2;
const ERROR: u8 = 4;

/// One visible node: its kind, the field it fills in its parent, its bytes and its place in
/// the pre-order array.
#[derive(Clone, Copy)]
struct Raw {
    start: u32,
    end: u32,
    parent: u32,
    /// One past the index of its last descendant: its children are the nodes from its index + 1
    /// up to here, each followed by its own descendants.
    subtree_end: u32,
    kind: u16,
    field: u16,
    flags: u8,
}

/// A parsed file's visible nodes in pre-order.
pub(crate) struct SyntaxTree {
    nodes: Vec<Raw>,
    names: &'static Names,
}

/// Byte offsets beyond `u32` do not occur: files that large are never parsed.
fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl SyntaxTree {
    /// Copies `tree` out of tree-sitter; `names` must be those of the tree's grammar.
    pub(crate) fn new(tree: &Tree, names: &'static Names) -> Self {
        let root = tree.root_node();
        let mut nodes: Vec<Raw> = Vec::with_capacity(root.descendant_count());
        // The ancestors of the cursor's node, each with how many of its children are still to
        // come: tree-sitter's `goto_next_sibling` is costly when there is no next sibling (it
        // climbs through hidden nodes to find out), so it is only asked when there is one.
        let mut open: Vec<(u32, usize)> = Vec::new();
        let mut cursor = root.walk();
        loop {
            let node = cursor.node();
            let index = offset(nodes.len());
            let kind = node.kind_id();
            let mut flags = 0;
            for (set, flag) in [
                (node.is_named(), NAMED),
                (node.is_missing(), MISSING),
                // What `Node::is_error` asks, without another call into the C library.
                (kind == ERROR_SYMBOL, ERROR),
            ] {
                if set {
                    flags |= flag;
                }
            }
            nodes.push(Raw {
                start: offset(node.start_byte()),
                end: offset(node.end_byte()),
                parent: open.last().map_or(u32::MAX, |&(parent, _)| parent),
                subtree_end: index + 1,
                kind,
                field: cursor.field_id().map_or(0, std::num::NonZero::get),
                flags,
            });
            // Most nodes are leaves, and asking a leaf for its first child costs more than
            // counting its children.
            let children = node.child_count();
            if children > 0 && cursor.goto_first_child() {
                open.push((index, children - 1));
                continue;
            }
            loop {
                let Some((parent, to_come)) = open.last_mut() else {
                    return Self { nodes, names };
                };
                if *to_come > 0 {
                    *to_come -= 1;
                    if cursor.goto_next_sibling() {
                        break;
                    }
                }
                nodes[*parent as usize].subtree_end = offset(nodes.len());
                open.pop();
                cursor.goto_parent();
            }
        }
    }

    /// The root node.
    pub(crate) fn root(&self) -> Node<'_> {
        Node {
            tree: self,
            index: 0,
        }
    }
}

/// A node of a [`SyntaxTree`], with the methods of `tree_sitter::Node` that lowering uses.
#[derive(Clone, Copy)]
pub(crate) struct Node<'t> {
    tree: &'t SyntaxTree,
    index: u32,
}

impl PartialEq for Node<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index && std::ptr::eq(self.tree, other.tree)
    }
}

impl Eq for Node<'_> {}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {:?}", self.kind(), self.byte_range())
    }
}

impl<'t> Node<'t> {
    fn raw(self) -> &'t Raw {
        &self.tree.nodes[self.index as usize]
    }

    fn at(self, index: u32) -> Node<'t> {
        Node {
            tree: self.tree,
            index,
        }
    }

    /// The node kind (the grammar's name for it, or its alias).
    pub(crate) fn kind(&self) -> &'static str {
        self.tree.names.kind(self.raw().kind)
    }

    /// An identifier of this node, unique within its tree.
    pub(crate) fn id(&self) -> usize {
        self.index as usize
    }

    /// Where the node starts, in bytes.
    pub(crate) fn start_byte(&self) -> usize {
        self.raw().start as usize
    }

    /// Where the node ends, in bytes.
    pub(crate) fn end_byte(&self) -> usize {
        self.raw().end as usize
    }

    /// The node's bytes.
    pub(crate) fn byte_range(&self) -> Range<usize> {
        self.start_byte()..self.end_byte()
    }

    /// Whether the node is named in the grammar (not punctuation or a keyword).
    pub(crate) fn is_named(&self) -> bool {
        self.raw().flags & NAMED != 0
    }

    /// Whether the parser inserted the node to recover from an error.
    pub(crate) fn is_missing(&self) -> bool {
        self.raw().flags & MISSING != 0
    }

    /// Whether the node is an `ERROR` node.
    pub(crate) fn is_error(&self) -> bool {
        self.raw().flags & ERROR != 0
    }

    /// The node's children, named or not, in order.
    pub(crate) fn children(&self, _cursor: &mut Cursor<'t>) -> Children<'t> {
        Children {
            tree: self.tree,
            next: self.index + 1,
            end: self.raw().subtree_end,
        }
    }

    /// The node's named children, in order.
    pub(crate) fn named_children(
        &self,
        cursor: &mut Cursor<'t>,
    ) -> impl Iterator<Item = Node<'t>> + use<'t> {
        self.children(cursor).filter(Node::is_named)
    }

    /// The children that fill field `name`, in order.
    pub(crate) fn children_by_field_name(
        &self,
        name: &str,
        cursor: &mut Cursor<'t>,
    ) -> impl Iterator<Item = Node<'t>> + use<'t> {
        let field = self.tree.names.fields.iter().position(|f| *f == name);
        self.children(cursor)
            .filter(move |c| field.is_some_and(|f| usize::from(c.raw().field) == f))
    }

    /// The first child that fills field `name`.
    pub(crate) fn child_by_field_name(&self, name: &str) -> Option<Node<'t>> {
        let names = self.tree.names;
        self.children(&mut self.walk())
            .find(|c| names.field(c.raw().field) == name)
    }

    /// How many children the node has, named or not.
    pub(crate) fn child_count(&self) -> usize {
        self.children(&mut self.walk()).count()
    }

    /// The child at `i`, named or not.
    pub(crate) fn child(&self, i: usize) -> Option<Node<'t>> {
        self.children(&mut self.walk()).nth(i)
    }

    /// The field this node fills in its parent (what tree-sitter's `field_name_for_child`
    /// answers for it, without counting the siblings before it).
    pub(crate) fn field_name(&self) -> Option<&'static str> {
        Some(self.tree.names.field(self.raw().field)).filter(|f| !f.is_empty())
    }

    /// The node and every node below it, in pre-order (the order of a cursor walk): one
    /// contiguous run of the flat tree.
    pub(crate) fn descendants(&self) -> impl Iterator<Item = Node<'t>> + use<'t> {
        let (tree, end) = (self.tree, self.raw().subtree_end);
        (self.index..end).map(move |index| Node { tree, index })
    }

    /// A cursor that starts at this node and never leaves it.
    pub(crate) fn walk(&self) -> Cursor<'t> {
        Cursor {
            root: *self,
            at: *self,
        }
    }
}

/// The children of a node, in order.
pub(crate) struct Children<'t> {
    tree: &'t SyntaxTree,
    next: u32,
    end: u32,
}

impl<'t> Iterator for Children<'t> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        if self.next >= self.end {
            return None;
        }
        let node = Node {
            tree: self.tree,
            index: self.next,
        };
        self.next = node.raw().subtree_end;
        Some(node)
    }
}

/// A cursor over a node's subtree, with tree-sitter's `TreeCursor` moves.
pub(crate) struct Cursor<'t> {
    root: Node<'t>,
    at: Node<'t>,
}

impl<'t> Cursor<'t> {
    /// The node the cursor is on.
    pub(crate) fn node(&self) -> Node<'t> {
        self.at
    }

    /// Moves to the first child; false (and stays) if there is none.
    pub(crate) fn goto_first_child(&mut self) -> bool {
        let raw = self.at.raw();
        if raw.subtree_end > self.at.index + 1 {
            self.at = self.at.at(self.at.index + 1);
            true
        } else {
            false
        }
    }

    /// Moves to the next sibling; false (and stays) if there is none or this is the root.
    pub(crate) fn goto_next_sibling(&mut self) -> bool {
        if self.at == self.root {
            return false;
        }
        let raw = self.at.raw();
        let parent = self.at.at(raw.parent).raw();
        if raw.subtree_end < parent.subtree_end {
            self.at = self.at.at(raw.subtree_end);
            true
        } else {
            false
        }
    }

    /// Moves to the parent; false (and stays) at the cursor's root.
    pub(crate) fn goto_parent(&mut self) -> bool {
        if self.at == self.root {
            return false;
        }
        self.at = self.at.at(self.at.raw().parent);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn python(text: &str) -> Tree {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&tree_sitter_python::LANGUAGE.into())
            .unwrap();
        parser.parse(text, None).unwrap()
    }

    /// Every answer of the flat tree equals tree-sitter's for every node of a file with
    /// fields, hidden nodes, extras and a syntax error.
    #[test]
    fn answers_as_tree_sitter_does() {
        let text = "import os\n# note\ndef f(a, *b, c=1, **d):\n    return os.system(a + 'x' if a else b)\nx = [1, 2\nclass C(B):\n    @dec\n    def g(self): pass\n";
        let tree = python(text);
        let names: &'static Names =
            Box::leak(Box::new(Names::new(&tree_sitter_python::LANGUAGE.into())));
        let flat = SyntaxTree::new(&tree, names);
        let mut ts_nodes = Vec::new();
        let mut stack = vec![tree.root_node()];
        while let Some(n) = stack.pop() {
            ts_nodes.push(n);
            let mut c = n.walk();
            let kids: Vec<_> = n.children(&mut c).collect();
            stack.extend(kids.into_iter().rev());
        }
        assert_eq!(ts_nodes.len(), flat.nodes.len());
        let field_names: Vec<&str> = names
            .fields
            .iter()
            .copied()
            .filter(|f| !f.is_empty())
            .collect();
        for (i, ts) in ts_nodes.iter().enumerate() {
            let ours = flat.root().at(u32::try_from(i).unwrap());
            assert_eq!(ours.kind(), ts.kind());
            assert_eq!(ours.byte_range(), ts.byte_range());
            assert_eq!(
                (ours.is_named(), ours.is_missing(), ours.is_error()),
                (ts.is_named(), ts.is_missing(), ts.is_error())
            );
            assert_eq!(ours.child_count(), ts.child_count());
            for field in &field_names {
                let a = ours.child_by_field_name(field).map(|n| n.byte_range());
                let b = ts.child_by_field_name(field).map(|n| n.byte_range());
                assert_eq!(a, b, "field {field} of {}", ts.kind());
                let mut c1 = ours.walk();
                let mut c2 = ts.walk();
                let a: Vec<_> = ours
                    .children_by_field_name(field, &mut c1)
                    .map(|n| n.byte_range())
                    .collect();
                let b: Vec<_> = ts
                    .children_by_field_name(field, &mut c2)
                    .map(|n| n.byte_range())
                    .collect();
                assert_eq!(a, b, "fields {field} of {}", ts.kind());
            }
            for (k, child) in ours.children(&mut ours.walk()).enumerate() {
                assert_eq!(
                    child.field_name(),
                    ts.field_name_for_child(u32::try_from(k).unwrap())
                );
            }
        }
    }

    /// The cursor visits a subtree in pre-order and never leaves it.
    #[test]
    fn cursor_stays_in_its_subtree() {
        let tree = python("a = 1\nb = f(x, y)\nc = 3\n");
        let names: &'static Names =
            Box::leak(Box::new(Names::new(&tree_sitter_python::LANGUAGE.into())));
        let flat = SyntaxTree::new(&tree, names);
        let second = flat
            .root()
            .named_children(&mut flat.root().walk())
            .nth(1)
            .unwrap();
        let mut cursor = second.walk();
        let mut seen = Vec::new();
        loop {
            seen.push(cursor.node().kind());
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    assert_eq!(seen.first(), Some(&"expression_statement"));
                    assert!(!seen.contains(&"integer"), "left the subtree: {seen:?}");
                    assert!(seen.contains(&"argument_list"));
                    let walked: Vec<&str> = second.descendants().map(|n| n.kind()).collect();
                    assert_eq!(walked, seen, "descendants() walks as the cursor does");
                    return;
                }
            }
        }
    }
}
