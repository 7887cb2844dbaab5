//! Snapshot and robustness tests of the Python front end.

use mcplint_front::{lower, parse_only};
use mcplint_ir::{ExprKind, File, Lang, SourceFile, Stmt, dump};

fn lower_py(src: &str) -> File {
    lower(Lang::Python, SourceFile::new("server.py", src)).expect("python lowers")
}

fn ir(src: &str) -> String {
    dump(&lower_py(src))
}

// ---------------------------------------------------------------------------------------------
// Snapshots, one per construct group

#[test]
fn imports_and_aliases() {
    insta::assert_snapshot!(ir(r#"
import os
import os.path
import subprocess as sp
import a.b.c, d.e as f
from os import path, system as run
from shlex import (quote,
                   split as shsplit)
from . import utils
from .helpers import clean
from ..pkg.mod import thing
from m import *
from __future__ import annotations

try:
    import ujson as json
except ImportError:
    import json

def handler(cmd):
    import shutil
    sp.run(cmd, shell=sp.PIPE)
    run(cmd)
    os.path.join(os.sep, cmd)
    path.join("a", cmd)
    shutil.rmtree(cmd)
    utils.go(cmd)
    thing(cmd)
    f.g(cmd)
    return json.dumps({"out": os.popen(cmd).read()})

def shadowed(path: str, sp):
    open(path)
    path.join("x")
    sp.run("x")
"#));
}

#[test]
fn fastmcp_tools() {
    insta::assert_snapshot!(ir(r#"
from typing import Annotated
from pydantic import Field
from mcp.server.fastmcp import FastMCP, Context

mcp = FastMCP("files")


@mcp.tool()
async def read_file(
    path: Annotated[str, Field(description="Path relative to the root")],
    ctx: Context,
    limit: int = 100,
) -> str:
    """Read a file.

    Args:
        path: which file
    """
    await ctx.info(f"reading {path}")
    with open(path) as fh:
        return fh.read(limit)


@mcp.tool
def ping() -> str:
    '''Say "pong".'''
    return "pong"


@mcp.tool(name="search", description="Search the notes")
def search_notes(query: str, *terms, **options):
    return [n for n in NOTES if query in n]


@mcp.resource("notes://{folder}/{name}")
def note(folder: str, name: str) -> str:
    """A note."""
    return open(f"/notes/{folder}/{name}").read()


@mcp.prompt()
def review(code: str) -> str:
    return "Review this:\n" + code


def delete(path: str) -> None:
    """Delete a file."""
    os.remove(path)


mcp.add_tool(delete, name="delete", description="Delete a file")
mcp.tool(name="t")(delete)

if __name__ == "__main__":
    mcp.run(transport="stdio")
"#));
}

#[test]
fn lowlevel_server() {
    insta::assert_snapshot!(ir(r#"
import subprocess
import mcp.types as types
from mcp.server import Server

server = Server("shell")


@server.list_tools()
async def list_tools() -> list[types.Tool]:
    return [
        types.Tool(
            name="run",
            description="Run a command",
            inputSchema={"type": "object", "properties": {"cmd": {"type": "string"}}},
        )
    ]


@server.call_tool()
async def call_tool(name: str, arguments: dict) -> list[types.TextContent]:
    match name:
        case "run":
            out = subprocess.run(arguments["cmd"], shell=True, capture_output=True)
            return [types.TextContent(type="text", text=out.stdout.decode())]
        case "echo" | "say":
            return [types.TextContent(type="text", text=arguments.get("text", ""))]
        case types.ECHO:
            pass
        case _:
            raise ValueError(f"Unknown tool: {name}")
"#));
}

#[test]
fn classes_and_models() {
    insta::assert_snapshot!(ir(r#"
from pydantic import BaseModel, Field
import abc


class Args(BaseModel):
    """Arguments of the tool."""

    path: str = Field(description="The path to read")
    recursive: bool = False
    "Whether to descend into directories."
    mode: str
    model_config = {"extra": "forbid"}


@dataclass(frozen=True)
class Store(Base, abc.ABC, metaclass=abc.ABCMeta):
    root = "/srv"

    def __init__(self, root):
        self.root = root
        self.db = connect(root)

    @classmethod
    def create(cls, *args):
        return cls(*args)

    @staticmethod
    def helper(x):
        def inner(y):
            return y
        return inner(x)

    def query(self, q):
        return self.db.execute(q)

    class Meta:
        table = "store"

    print("class body")


def factory():
    class Local:
        def method(self):
            return self
    return Local
"#));
}

#[test]
fn string_building() {
    insta::assert_snapshot!(ir(r#"
def build(user, table, cols, width, n):
    a = f"SELECT * FROM {table} WHERE name = '{user}'"
    b = f"{user!r:>{width}} and {n:.2f} {{literal}} {user=}"
    c = f"outer {f'inner {user}'} done"
    d = "SELECT %s FROM %s" % (cols, table)
    e = "id=%(id)s" % {"id": user}
    g = "x=%s" % user
    h = "DELETE FROM {} WHERE id={id}".format(table, id=user)
    i = template.format(user)
    j = "SELECT " + cols + " FROM " + table
    k = ", ".join(cols)
    l = "".join(cols)
    m = f"{user}-".join(cols)
    q = "a"
    q += user
    q += " WHERE " + user
    n -= 1
    o = "implicit " "concat " f"with {user}"
    p = "only " "literal"
    r = prefix + f"{user}"
    s = 1 + 2
    t = n * width
    u = -n
    return a, b, c
"#));
}

#[test]
fn string_literals() {
    insta::assert_snapshot!(ir(r#"
a = "tab\there\nnewline \\ backslash \' \" quote"
b = r"raw\n\d+"
c = b"bytes\x41\x00"
d = "\x41\u00e9\U0001F600\101 \N{BULLET} \q"
e = '''triple
  quoted'''
f = """line \
continued"""
g = rb'\x00'
h = u"unicode"
i = f"{{}}"
j = rf"\d{x}"
k = "bad \xZZ \u12"
"#));
}

#[test]
fn async_with_try() {
    insta::assert_snapshot!(ir(r"
async def fetch(url, session):
    async with session.get(url) as resp, lock:
        data = await resp.json()
    try:
        result = process(data)
    except (ValueError, KeyError) as e:
        log(e)
        return None
    except Exception:
        raise
    else:
        cleanup()
    finally:
        close()
    async for chunk in resp.content:
        write(chunk)
    for k, v in data.items():
        print(k, v)
    else:
        done()
    while (line := read()):
        handle(line)
    else:
        finished()
    return result
"));
}

#[test]
fn expressions() {
    insta::assert_snapshot!(ir(r#"
def exprs(items, d, name, key):
    squares = [x * x for x in items if x > 0]
    pairs = {k: v for k, v in d.items()}
    nested = [y for row in items for y in row]
    gen = sum(x for x in items)
    s = {a for a in items}
    f = lambda a, b=1: a + b
    g = lambda: name
    key_fn = sorted(items, key=lambda it: it.name)
    if (m := re.match(name, key)) is not None:
        use(m)
    val = d[key]
    sl = items[1:]
    sub = d["a"]["b"]
    attr = f().x
    attr2 = items[0].name
    first, second = items
    [a, b] = items
    (head, *tail) = items
    x = y = compute()
    d[key] = name
    self.cache[key] = name
    cond = name if key else "default"
    rec = {"a": 1, key: 2, **d}
    lst = [1, *items, 3]
    tup = (1, 2)
    t2 = 1, name
    consts = (True, False, None, 1.5, ...)
    handlers[name](key)
    Path(name).read_text()
    cursor.execute(name)
    self.db.execute(name)
    print(*items, **d)
    del d[key]
    global counter
    return not name, name and key and d, name or key, name == key, name is None
"#));
}

#[test]
fn guards() {
    insta::assert_snapshot!(ir(r#"
from pathlib import Path

ALLOWED = {"ls", "pwd"}
ROOT = Path("/srv/data")


def read(path: str) -> str:
    p = (ROOT / path).resolve()
    if not p.is_relative_to(ROOT):
        raise ValueError("outside of root")
    return p.read_text()


def run(cmd: str):
    if cmd not in ALLOWED:
        return "no"
    elif cmd == "pwd" or cmd != "ls":
        pass
    elif cmd in ("a", "b") and len(cmd) < 3:
        pass
    else:
        subprocess.run([cmd])
    assert cmd.isalnum(), "bad command"
    assert cmd
    if 0 < len(cmd) < 10:
        pass
    if cmd is not None:
        pass
"#));
}

#[test]
fn match_patterns() {
    insta::assert_snapshot!(ir(r#"
def dispatch(command, point):
    match command.split():
        case ["go", direction]:
            go(direction)
        case Point(x=0, y=yy) as pt:
            use(yy, pt)
        case {"action": action, **rest}:
            act(action, rest)
        case [first, *others]:
            many(first, others)
        case "quit" if point:
            quit()
        case 1 | 2:
            small()
        case None:
            nothing()
        case other_name:
            fallback(other_name)
    match command, point:
        case (a, b):
            both(a, b)
    match point:
        case _ if point.x:
            guarded()
        case _:
            default()
"#));
}

#[test]
fn comments_and_exports() {
    insta::assert_snapshot!(ir(r#"#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Module docstring is dropped."""
import os  # trailing comment

# mcplint: ignore[shell-injection] -- reason
CONSTANT = 1
A, (B, *C) = 1, (2, 3)
obj.attr = 2
items[0] = 3
annotated: int
typed: str = "x"
_private = 4

def func():  #   spaced   
    local = 1
    #
    return local

class Klass:
    inside = 1

if os.name == "nt":
    PLATFORM = "windows"
    def only_windows(): pass
else:
    PLATFORM = "posix"
"#));
}

#[test]
fn nested_functions_and_scopes() {
    insta::assert_snapshot!(ir(r#"
from os import path
import subprocess as sp

def outer(cmd):
    def inner(arg):
        return sp.run(cmd + arg)
    helper = lambda p: path.join(p, cmd)
    for path in cmd:
        open(path)
    return inner

def uses_import():
    return path.exists("x")
"#));
}

#[test]
fn syntax_error_snapshot() {
    insta::assert_snapshot!(ir(r"
import os

def broken(cmd:
    os.system(cmd)

def fine(x):
    return os.popen(x)

value = (1 +
"));
}

// ---------------------------------------------------------------------------------------------
// Specific properties

#[test]
fn docstring_cleandoc() {
    let file = lower_py(
        "def f():\n    \"\"\"  Title.\n\n      Indented more.\n    Back.\n    \"\"\"\n    return 1\n",
    );
    let f = &file.functions[1];
    assert_eq!(
        f.doc.as_ref().map(|d| d.text.as_str()),
        Some("Title.\n\n  Indented more.\nBack.")
    );
    // The docstring is not a statement of the body.
    assert_eq!(f.body.len(), 1);
}

#[test]
fn import_paths() {
    let file = lower_py("from . import x\nfrom .. import y\nfrom .a.b import c\n");
    let paths: Vec<String> = file.imports.iter().map(mcplint_ir::Import::path).collect();
    assert_eq!(paths, [".x", "..y", ".a.b.c"]);
    assert_eq!(file.imports[0].module, ".");
    assert_eq!(file.imports[0].name.as_deref(), Some("x"));
}

#[test]
fn spans_are_node_ranges() {
    let src = "x = foo(bar, 'baz')\n";
    let file = lower_py(src);
    let Some(Stmt::Assign { value, .. }) = file.functions[0].body.first() else {
        panic!("expected an assignment");
    };
    assert_eq!(file.source.slice(value.span), "foo(bar, 'baz')");
    let ExprKind::Call { args, .. } = &value.kind else {
        panic!("expected a call");
    };
    assert_eq!(file.source.slice(args[0].value.span), "bar");
    assert_eq!(file.source.slice(args[1].value.span), "'baz'");
}

#[test]
fn syntax_errors_are_reported_and_the_rest_lowers() {
    let file = lower_py(
        "import os\ndef ok(a):\n    return a\n\nx = = 1\nos.system(cmd)\nprint('unterminated\n",
    );
    assert!(!file.syntax_errors.is_empty());
    assert!(file.syntax_errors.len() <= 100);
    assert_eq!(file.functions[1].name.as_deref(), Some("ok"));
    let text = dump(&file);
    assert!(text.contains("os.system(cmd)"), "{text}");
}

#[test]
fn syntax_errors_are_capped() {
    let src = "x = = 1\n".repeat(1000);
    let file = lower_py(&src);
    assert!(!file.syntax_errors.is_empty());
    assert!(file.syntax_errors.len() <= 100);
}

#[test]
fn odd_inputs_do_not_panic() {
    let inputs: Vec<String> = vec![
        String::new(),
        "\n\n\n".into(),
        "# only a comment".into(),
        "# one\n# two\n   # three\n".into(),
        "\0".into(),
        "x = 1\0\0\ny = '\0'\n".into(),
        "\u{feff}import os\n".into(),
        "x = 1\r\ny = 2\r\n".into(),
        "def f():\n\tif x:\n\t\treturn 1\n".into(),
        "\\".into(),
        "x = \\\n".into(),
        "'".into(),
        "\"\"\"unterminated".into(),
        "f'{".into(),
        "f'{x!'".into(),
        "def".into(),
        "class".into(),
        "@".into(),
        "@decorator\n".into(),
        "lambda".into(),
        "match".into(),
        "match x:\n  case".into(),
        "from . import".into(),
        "from import x".into(),
        "import".into(),
        "print 'py2'\nexec 'code'\n".into(),
        "((((((((((".into(),
        "))))))))))".into(),
        "if:\nelif:\nelse:\n".into(),
        "名前 = 'unicode'\ndef 関数(引数): return 引数\n".into(),
        "x = '\u{202e}bidi\u{202c}'\n".into(),
        "a".repeat(100_000),
        format!("s = '{}'\n", "x".repeat(200_000)),
        "\u{1F600}".repeat(100),
        "\x0c\x0b\x01\x02".into(),
        "x: int = \n".into(),
        "async".into(),
        "await".into(),
        "yield x\n".into(),
        "return\n".into(),
        "del\n".into(),
        "try:\n  pass\n".into(),
        "with:\n  pass\n".into(),
        "for in:\n  pass\n".into(),
        "x = [i for]\n".into(),
        "{**}".into(),
        "f(**)".into(),
        "f(*)".into(),
        "x[:::]".into(),
        "def f(*, **): pass".into(),
        "def f(a, /, b, *, c): pass".into(),
        "class C(metaclass=M, *bases): pass".into(),
        "type X = int\n".into(),
        "def f[T](x: T) -> T: return x\n".into(),
    ];
    for src in inputs {
        let file = lower_py(&src);
        let _ = dump(&file);
    }
}

#[test]
fn empty_and_comment_only_files() {
    let empty = lower_py("");
    assert_eq!(empty.functions.len(), 1);
    assert!(empty.functions[0].body.is_empty());
    assert!(empty.syntax_errors.is_empty());

    let comments = lower_py("# a\n   # b\nx = 1  # c\n");
    let own: Vec<(&str, bool)> = comments
        .comments
        .iter()
        .map(|c| (c.text.as_str(), c.own_line))
        .collect();
    assert_eq!(own, [("a", true), ("b", true), ("c", false)]);
}

#[test]
fn nul_bytes() {
    let file = lower_py("import os\nx = 'a\0b'\nos.system(x)\0\n");
    let text = dump(&file);
    assert!(text.contains("import os as os"), "{text}");
}

#[test]
fn every_language_has_a_front_end() {
    for lang in [
        Lang::Python,
        Lang::TypeScript,
        Lang::JavaScript,
        Lang::Rust,
        Lang::Json,
        Lang::Env,
    ] {
        let file = lower(lang, SourceFile::new("x", "")).expect("an empty file lowers");
        assert_eq!(file.lang, lang);
        assert!(parse_only(lang, "").is_ok(), "{lang:?}");
    }
}

#[test]
fn parse_only_counts_nodes() {
    assert!(parse_only(Lang::Python, "x = f(1, 2)\n").expect("parses") > 5);
    assert!(parse_only(Lang::Python, "").expect("parses") >= 1);
}

// ---------------------------------------------------------------------------------------------
// Deep nesting: lowering is recursive and capped; none of this may overflow a normal 2 MiB
// test-thread stack (debug build), including the recursive IR dump.

fn on_small_stack(src: String) {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let file = lower_py(&src);
            let text = dump(&file);
            assert!(text.starts_with("file server.py"));
        })
        .expect("thread spawns")
        .join()
        .expect("no panic or overflow");
}

fn nested_blocks(header: &str, levels: usize) -> String {
    let mut s = String::new();
    for i in 0..levels {
        s.push_str(&" ".repeat(i));
        s.push_str(header);
        s.push('\n');
    }
    s.push_str(&" ".repeat(levels));
    s.push_str("pass\n");
    s
}

const DEEP: usize = 10_000;

#[test]
fn deep_parentheses() {
    on_small_stack(format!("x = {}1{}\n", "(".repeat(DEEP), ")".repeat(DEEP)));
}

#[test]
fn deep_lists() {
    on_small_stack(format!("x = {}1{}\n", "[".repeat(DEEP), "]".repeat(DEEP)));
}

#[test]
fn deep_dicts() {
    on_small_stack(format!(
        "x = {}1{}\n",
        "{1: ".repeat(DEEP),
        "}".repeat(DEEP)
    ));
}

#[test]
fn deep_calls() {
    on_small_stack(format!("x = {}1{}\n", "f(".repeat(DEEP), ")".repeat(DEEP)));
}

#[test]
fn deep_method_chains_and_subscripts() {
    on_small_stack(format!("x = a{}\n", ".b()".repeat(DEEP)));
    on_small_stack(format!("x = a{}\n", "[0]".repeat(DEEP)));
    on_small_stack(format!("x = a{}\n", ".b".repeat(DEEP)));
    on_small_stack(format!("x = f(){}\n", ".b".repeat(DEEP)));
}

#[test]
fn deep_operators() {
    on_small_stack(format!("x = {}1\n", "not ".repeat(DEEP)));
    on_small_stack(format!("x = {}1\n", "-".repeat(DEEP)));
    on_small_stack(format!("x = 1{}\n", " ** 1".repeat(DEEP)));
    on_small_stack(format!("x = a{}\n", " + a".repeat(DEEP)));
    on_small_stack(format!("x = a{}\n", " and a".repeat(DEEP)));
    on_small_stack(format!("x = 1{}\n", " if a else 1".repeat(DEEP)));
}

#[test]
fn deep_lambdas_comprehensions_fstrings() {
    on_small_stack(format!("x = {}1\n", "lambda: ".repeat(DEEP)));
    on_small_stack(format!(
        "x = {}1{}\n",
        "[".repeat(DEEP / 2),
        " for a in b]".repeat(DEEP / 2)
    ));
    on_small_stack(format!("x = {}1{}\n", "f'{".repeat(300), "}'".repeat(300)));
}

#[test]
fn deep_statements() {
    on_small_stack(nested_blocks("if x:", 1000));
    on_small_stack(nested_blocks("def f():", 1000));
    on_small_stack(nested_blocks("class C:", 1000));
    on_small_stack(nested_blocks("with a as b:", 1000));
    on_small_stack(nested_blocks("for a in b:", 1000));
    on_small_stack(nested_blocks("try:", 1000));
    on_small_stack(nested_blocks("if x:", 3000));
}

#[test]
fn long_chains_of_clauses() {
    let mut elifs = String::from("if a:\n    pass\n");
    for _ in 0..DEEP {
        elifs.push_str("elif b:\n    pass\n");
    }
    on_small_stack(elifs);
    let mut cases = String::from("match a:\n");
    for _ in 0..DEEP {
        cases.push_str("    case 1:\n        pass\n");
    }
    on_small_stack(cases);
    on_small_stack(format!("{}1\n", "a = ".repeat(DEEP)));
    on_small_stack(format!(
        "match x:\n    case {}a{}:\n        pass\n",
        "[".repeat(DEEP),
        "]".repeat(DEEP)
    ));
}

#[test]
fn attributes_of_expressions_are_opaque() {
    let file = lower_py("x = f().a.b\ny = (g()).c\n");
    let text = dump(&file);
    assert!(text.contains("x = other[f()]"), "{text}");
    assert!(text.contains("y = other[g()]"), "{text}");
}

#[test]
fn chained_assignment_is_capped() {
    let file = lower_py(&format!("{}[1, 2]\n", "a = ".repeat(1000)));
    assert_eq!(file.functions[0].body.len(), 16);
}

#[test]
fn deep_nesting_is_capped_not_dropped_entirely() {
    // Shallow parts of a deeply nested file still lower.
    let src = format!(
        "import os\nos.system(cmd)\nx = {}1{}\n",
        "(".repeat(DEEP),
        ")".repeat(DEEP)
    );
    let file = lower_py(&src);
    assert!(dump(&file).contains("os.system(cmd)"));
}
