use mcplint_front::lower;
use mcplint_ir::{Lang, SourceFile, dump};
fn lower_rs(src: &str) -> mcplint_ir::File {
    lower(Lang::Rust, SourceFile::new("server.rs", src)).expect("rust lowers")
}
fn on_small_stack(src: String) {
    std::thread::Builder::new()
        .stack_size(std::env::var("STACK").map(|s| s.parse().unwrap()).unwrap_or(2 * 1024 * 1024))
        .spawn(move || {
            let file = lower_rs(&src);
            let text = dump(&file);
            assert!(text.starts_with("file server.rs"));
        })
        .expect("thread spawns")
        .join()
        .expect("no panic or overflow");
}
fn wrap(body: &str) -> String { format!("fn f() {{\n    let x = {body};\n}}\n") }
#[test]
fn deep() {
    let k = std::env::var("K").unwrap();
    let n: usize = std::env::var("N").map(|n| n.parse().unwrap()).unwrap_or(10_000);
    let src = match k.as_str() {
        "parens" => wrap(&format!("{}1{}", "(".repeat(n), ")".repeat(n))),
        "blocks" => wrap(&format!("{}1{}", "{".repeat(n), "}".repeat(n))),
        "stmtblocks" => format!("fn f() {{ {}x();{} }}", "{ ".repeat(n), " }".repeat(n)),
        "closures" => wrap(&format!("{}1", "|a| ".repeat(n))),
        "calls" => wrap(&format!("{}1{}", "f(".repeat(n), ")".repeat(n))),
        "arrays" => wrap(&format!("{}1{}", "[".repeat(n), "]".repeat(n))),
        "chain" => wrap(&format!("a{}", ".b()".repeat(n))),
        "fields" => wrap(&format!("a{}", ".b".repeat(n))),
        "index" => wrap(&format!("a{}", "[0]".repeat(n))),
        "not" => wrap(&format!("{}a", "!".repeat(n))),
        "neg" => wrap(&format!("{}a", "-".repeat(n))),
        "refs" => wrap(&format!("{}a", "&".repeat(n))),
        "try" => wrap(&format!("a{}", "?".repeat(n))),
        "plus" => wrap(&format!("a{}", " + a".repeat(n))),
        "and" => wrap(&format!("a{}", " && a".repeat(n))),
        "mul" => wrap(&format!("a{}", " * a".repeat(n))),
        "ifvals" => wrap(&format!("{}1{}", "if a { ".repeat(n), " } else { 2 }".repeat(n))),
        "elseif" => format!("fn f() {{ if a {{}} {} }}", "else if b { x(); } ".repeat(n)),
        "arms" => format!("fn f() {{ match a {{ {} }} }}", "1 => x(), ".repeat(n)),
        "ifs" => format!("fn f() {{ {} x(); {} }}", "if a { ".repeat(n), "}".repeat(n)),
        "matches" => format!("fn f() {{ {} x() {} }}", "match a { _ => ".repeat(n), "}".repeat(n)),
        "loops" => format!("fn f() {{ {} x(); {} }}", "loop { ".repeat(n), "}".repeat(n)),
        "fns" => format!("{} {}", "fn f() { ".repeat(n), "}".repeat(n)),
        "mods" => format!("{} {}", "mod m { ".repeat(n), "}".repeat(n)),
        "impls" => format!("{} {}", "fn f() { impl S { fn g() { ".repeat(n), "} } }".repeat(n)),
        "structs" => wrap(&format!("{}1{}", "S { a: ".repeat(n), " }".repeat(n))),
        "tuples" => wrap(&format!("{}1{}", "(1, ".repeat(n), ")".repeat(n))),
        "macros" => wrap(&format!("{}1{}", "format!(\"{}\", ".repeat(n), ")".repeat(n))),
        "vecs" => wrap(&format!("vec!{}1{}", "[".repeat(n), "]".repeat(n))),
        "macparens" => wrap(&format!("format!(\"{{}}\", {}1{})", "(".repeat(n), ")".repeat(n))),
        "macclosures" => wrap(&format!("format!(\"{{}}\", {}1)", "|a| ".repeat(n))),
        "macgenerics" => wrap(&format!("format!(\"{{}}\", f::<{}u8{}>())", "A<".repeat(n), ">".repeat(n))),
        "macnot" => wrap(&format!("format!(\"{{}}\", {}a)", "!".repeat(n))),
        "maccalls" => wrap(&format!("format!(\"{{}}\", {}1{})", "f(".repeat(n), ")".repeat(n))),
        "macblocks" => wrap(&format!("format!(\"{{}}\", {}1{})", "{".repeat(n), "}".repeat(n))),
        "macchain" => wrap(&format!("format!(\"{{}}\", a{})", ".b()".repeat(n))),
        "attrs" => format!("#[tool({}1{})] fn f() {{}}", "a(".repeat(n), ")".repeat(n)),
        "types" => format!("fn f(x: {}u8{}) {{}}", "Vec<".repeat(n), ">".repeat(n)),
        "patterns" => format!("fn f() {{ let {}x{} = 1; }}", "(".repeat(n), ",)".repeat(n)),
        "tspats" => format!("fn f() {{ let {}x{} = 1; }}", "S(".repeat(n), ")".repeat(n)),
        "letelse" => format!("fn f() {{ {} }}", "let Some(x) = y else { ".repeat(n) + &"};".repeat(n)),
        "assign" => wrap(&format!("{}1", "a = ".repeat(n))),
        "ranges" => wrap(&format!("{}1", "..".repeat(n))),
        "casts" => wrap(&format!("1{}", " as u8".repeat(n))),
        "awaits" => wrap(&format!("a{}", ".await".repeat(n))),
        "macplus" => wrap(&format!("format!(\"{{}}\", a{})", " + a".repeat(n))),
        "maccast" => wrap(&format!("format!(\"{{}}\", a{})", " as u8".repeat(n))),
        "mactry" => wrap(&format!("format!(\"{{}}\", a{})", "?".repeat(n))),
        "macindex" => wrap(&format!("format!(\"{{}}\", a{})", "[0]".repeat(n))),
        "maccall" => wrap(&format!("format!(\"{{}}\", a{})", "()".repeat(n))),
        "macdiv" => wrap(&format!("format!(\"{{}}\", a{})", " / a".repeat(n))),
        "deepfnmacro" => format!("{}format!(\"{{}}\", {}1{}){}", "fn f() { let x = ".repeat(150), "(".repeat(20), ")".repeat(20), "; }".repeat(150)),
        "deepexprmacro" => wrap(&format!("{}format!(\"{{}}\", {}1{}){}", "f(".repeat(199), "(".repeat(20), ")".repeat(20), ")".repeat(199))),
        _ => panic!("kind"),
    };
    on_small_stack(src);
}
#[test]
fn sweep() {
    let Ok(outer) = std::env::var("O") else { return };
    let inner = std::env::var("I").unwrap();
    let d: usize = std::env::var("D").unwrap().parse().unwrap();
    let budget = 360usize.saturating_sub(d * 2).max(40);
    let m = match inner.as_str() {
        "blocks" => { let k = budget / 20; format!("format!(\"{{}}\", {}1{})", "{".repeat(k), "}".repeat(k)) }
        "parens" => { let k = budget / 20; format!("format!(\"{{}}\", {}1{})", "(".repeat(k), ")".repeat(k)) }
        "generics" => { let k = (budget - 20) / 45; format!("format!(\"{{}}\", f::<{}u8{}>())", "A<".repeat(k), ">".repeat(k)) }
        "closures" => { let k = budget / 16; format!("format!(\"{{}}\", {}1)", "|a| ".repeat(k)) }
        "blockclosures" => { let k = budget / 36; format!("format!(\"{{}}\", {}1{})", "|a| {".repeat(k), "}".repeat(k)) }
        "chain" => { let k = budget / 2; format!("format!(\"{{}}\", a{})", ".b()".repeat(k)) }
        "ret" => { let k = budget / 10; format!("format!(\"{{}}\", {}1)", "return ".repeat(k)) }
        "ifs" => { let k = budget / 30; format!("format!(\"{{}}\", {}1{})", "if a {".repeat(k), "} else { 2 }".repeat(k)) }
        "match" => { let k = budget / 30; format!("format!(\"{{}}\", {}1{})", "match a { _ => ".repeat(k), "}".repeat(k)) }
        "refs" => { let k = budget / 4; format!("format!(\"{{}}\", {}1)", "&".repeat(k)) }
        "nested" => { let k = budget / 40; format!("{}1{}", "format!(\"{}\", ".repeat(k), ")".repeat(k)) }
        _ => panic!(),
    };
    let src = match outer.as_str() {
        "calls" => wrap(&format!("{}{}{}", "f(".repeat(d), m, ")".repeat(d))),
        "closures" => wrap(&format!("{}{}", "|a| ".repeat(d), m)),
        "blockclosures" => wrap(&format!("{}{}{}", "|a| { ".repeat(d), m, " }".repeat(d))),
        "ifvals" => wrap(&format!("{}{}{}", "if a { ".repeat(d), m, " } else { 2 }".repeat(d))),
        "matches" => format!("fn f() {{ {} {} {} }}", "match a { _ => ".repeat(d), m, "}".repeat(d)),
        "blocks" => format!("fn f() {{ {} {}; {} }}", "{ ".repeat(d), m, "}".repeat(d)),
        "fns" => format!("{} let x = {}; {}", "fn f() { ".repeat(d), m, "}".repeat(d)),
        "chain" => wrap(&format!("{}{}", m, ".b()".repeat(d))),
        _ => panic!(),
    };
    on_small_stack(src);
}
#[test]
fn perf() {
    let Ok(k) = std::env::var("P") else { return };
    let src = match k.as_str() {
        "bigvec" => wrap(&format!("vec![{}]", "1,".repeat(100_000))),
        "bigvec2" => wrap(&format!("vec![{}]", "a,".repeat(120_000))),
        "manymacros" => format!("fn f() {{ {} }}", "println!(\"{} {x}\", a.b(c));\n".repeat(20_000)),
        "bigstr" => wrap(&format!("format!(\"{}\", x)", "{}".repeat(60_000))),
        "bigjson" => wrap(&format!("json!({{ {} \"z\": 1 }})", "\"a\": [1, {\"b\": x}],".repeat(8_000))),
        "attrs" => format!("{} fn f() {{}}", "#[tool(description = \"x\", annotations(read_only_hint = true))]\n".repeat(20_000)),
        "bigfile" => "fn f(x: &str) -> Result<()> { let y = format!(\"{}\", x); Command::new(\"sh\").arg(\"-c\").arg(&y).output()?; if let Some(z) = q.get(x) { w(z)?; } Ok(()) }\n".repeat(20_000),
        _ => panic!(),
    };
    let t = std::time::Instant::now();
    let f = lower_rs(&src);
    let l = t.elapsed();
    let n = dump(&f).len();
    eprintln!("{k}: {:?} lower {:?} ({} bytes src, {} dump)", t.elapsed(), l, src.len(), n);
}
#[test]
fn perf_parse() {
    let Ok(_) = std::env::var("PP") else { return };
    let src = "fn f(x: &str) -> Result<()> { let y = format!(\"{}\", x); Command::new(\"sh\").arg(\"-c\").arg(&y).output()?; if let Some(z) = q.get(x) { w(z)?; } Ok(()) }\n".repeat(20_000);
    let t = std::time::Instant::now();
    let n = mcplint_front::parse_only(Lang::Rust, &src).unwrap();
    eprintln!("parse: {:?} {n}", t.elapsed());
    let py = "def f(x):\n    y = f'{x}'\n    subprocess.run(['sh', '-c', y]).stdout\n    if z := q.get(x):\n        w(z)\n    return None\n".repeat(20_000);
    let t = std::time::Instant::now();
    let f = lower(Lang::Python, SourceFile::new("x.py", py.clone())).unwrap();
    eprintln!("python lower: {:?} {} bytes {}", t.elapsed(), py.len(), f.functions.len());
}
#[test]
fn perf_parse_vec() {
    let Ok(_) = std::env::var("PV") else { return };
    let src = wrap(&format!("vec![{}]", "1,".repeat(100_000)));
    let t = std::time::Instant::now();
    let n = mcplint_front::parse_only(Lang::Rust, &src).unwrap();
    eprintln!("parse vec: {:?} {n}", t.elapsed());
    let body = format!("[{}]", "1,".repeat(100_000));
    let t = std::time::Instant::now();
    let ts: proc_macro2::TokenStream = body.parse().unwrap();
    eprintln!("lex: {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let e: syn::Expr = syn::parse2(ts).unwrap();
    eprintln!("syn: {:?}", t.elapsed());
    let t = std::time::Instant::now();
    if let syn::Expr::Array(a) = &e { for el in &a.elems { let _ = syn::spanned::Spanned::span(el).byte_range(); } }
    eprintln!("spans: {:?}", t.elapsed());
}
