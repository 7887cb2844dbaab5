//! temp
#![allow(missing_docs, clippy::pedantic, clippy::print_stdout)]
fn walk(n: tree_sitter::Node, src: &str, depth: usize, field: Option<&str>) {
    let text = &src[n.byte_range()];
    let t = if n.child_count() == 0 || text.len() < 30 {
        format!(" {:?}", text)
    } else {
        String::new()
    };
    println!(
        "{}{}{}{}{}",
        "  ".repeat(depth),
        field.map(|f| format!("{f}: ")).unwrap_or_default(),
        if n.is_named() {
            n.kind().to_string()
        } else {
            format!("'{}'", n.kind())
        },
        if n.is_missing() { " MISSING" } else { "" },
        t
    );
    let mut c = n.walk();
    for (i, ch) in n.children(&mut c).enumerate() {
        walk(ch, src, depth + 1, n.field_name_for_child(i as u32));
    }
}
fn main() {
    let src = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let mut p = tree_sitter::Parser::new();
    p.set_language(&tree_sitter_python::LANGUAGE.into())
        .unwrap();
    let t = p.parse(&src, None).unwrap();
    walk(t.root_node(), &src, 0, None);
}
