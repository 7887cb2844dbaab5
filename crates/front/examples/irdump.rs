//! temp
#![allow(missing_docs, clippy::pedantic, clippy::print_stdout)]
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let src = std::fs::read_to_string(&path).unwrap();
    let f = mcplint_front::lower(
        mcplint_ir::Lang::Python,
        mcplint_ir::SourceFile::new("t.py", src),
    )
    .unwrap();
    print!("{}", mcplint_ir::dump(&f));
}
