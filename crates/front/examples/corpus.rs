//! temp
#![allow(missing_docs, clippy::pedantic, clippy::print_stdout)]
fn main() {
    let mut files = vec![];
    for dir in std::env::args().skip(1) {
        let out = std::process::Command::new("find")
            .args([&dir, "-name", "*.py"])
            .output()
            .unwrap();
        files.extend(
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(String::from),
        );
    }
    let t = std::time::Instant::now();
    let (mut parse_t, mut lower_t) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    let (mut bytes, mut errs, mut fns, mut max_t, mut max_f) =
        (0, 0, 0, std::time::Duration::ZERO, String::new());
    for f in &files {
        let Ok(src) = std::fs::read_to_string(f) else {
            continue;
        };
        bytes += src.len();
        let t0 = std::time::Instant::now();
        let _ = mcplint_front::parse_only(mcplint_ir::Lang::Python, &src).unwrap();
        parse_t += t0.elapsed();
        let t1 = std::time::Instant::now();
        let file = mcplint_front::lower(
            mcplint_ir::Lang::Python,
            mcplint_ir::SourceFile::new(f.clone(), src),
        )
        .unwrap();
        let el = t1.elapsed();
        lower_t += el;
        if el > max_t {
            max_t = el;
            max_f = f.clone();
        }
        if !file.syntax_errors.is_empty() {
            errs += 1;
        }
        fns += file.functions.len();
    }
    println!("parse {:?} parse+lower {:?}", parse_t, lower_t);
    println!(
        "{} files, {} MB, {:?}, files with syntax errors {}, functions {}, slowest {:?} {}",
        files.len(),
        bytes / 1_000_000,
        t.elapsed(),
        errs,
        fns,
        max_t,
        max_f
    );
}
