//! Binding patterns of the TypeScript and JavaScript front end.

use super::{Lowerer, named};
use crate::common::{Lowering, Node};
use mcplint_ir::Pattern;

impl Lowerer<'_> {
    /// Lowers one binding-pattern node (the depth already counted by [`Lowering::pattern`]).
    ///
    /// Longer than most: one flat match over every pattern form of the grammar (names,
    /// members, arrays, objects, defaults, rest), each arm a few lines.
    pub(super) fn dispatch_pattern(&mut self, n: Node<'_>) -> Pattern {
        match n.kind() {
            "identifier" | "shorthand_property_identifier_pattern" => {
                Pattern::Name(self.text(n).to_string())
            }
            "member_expression" | "subscript_expression" => {
                // Assigning into a container (`a[k] = v`, `a[k].x = v`) taints the container:
                // the longest named chain at the bottom.
                let mut cur = n;
                loop {
                    if let Some(parts) = self.chain(cur) {
                        return Pattern::Name(self.file.scope.resolve_dotted(&parts));
                    }
                    let next = match cur.kind() {
                        "member_expression" | "subscript_expression" => {
                            cur.child_by_field_name("object")
                        }
                        "non_null_expression" | "parenthesized_expression" => {
                            named(cur).first().copied()
                        }
                        _ => None,
                    };
                    match next {
                        Some(next) => cur = next,
                        None => return Pattern::Ignore,
                    }
                }
            }
            "object_pattern" => {
                let mut parts = Vec::new();
                for c in named(n) {
                    match c.kind() {
                        "shorthand_property_identifier_pattern" => {
                            let name = self.text(c).to_string();
                            parts.push((Some(name.clone()), Pattern::Name(name)));
                        }
                        "pair_pattern" => {
                            let key = c.child_by_field_name("key").and_then(|k| self.key(k));
                            let value = match c.child_by_field_name("value") {
                                Some(v) => self.pattern(v),
                                None => Pattern::Ignore,
                            };
                            parts.push((key, value));
                        }
                        "object_assignment_pattern" => match c.child_by_field_name("left") {
                            Some(l) if l.kind() == "shorthand_property_identifier_pattern" => {
                                let name = self.text(l).to_string();
                                parts.push((Some(name.clone()), Pattern::Name(name)));
                            }
                            Some(l) => parts.push((None, self.pattern(l))),
                            None => {}
                        },
                        "rest_pattern" => parts.push((None, self.pattern(c))),
                        _ => {}
                    }
                }
                Pattern::Destructure {
                    type_name: None,
                    parts,
                }
            }
            "array_pattern" => {
                let mut parts = Vec::new();
                for c in named(n) {
                    parts.push((None, self.pattern(c)));
                }
                Pattern::Destructure {
                    type_name: None,
                    parts,
                }
            }
            "assignment_pattern" | "object_assignment_pattern" => {
                match n.child_by_field_name("left") {
                    Some(l) => self.pattern(l),
                    None => Pattern::Ignore,
                }
            }
            "rest_pattern" | "non_null_expression" | "parenthesized_expression" => {
                match named(n).as_slice() {
                    [inner] => self.pattern(*inner),
                    _ => Pattern::Ignore,
                }
            }
            _ => Pattern::Ignore,
        }
    }
}
