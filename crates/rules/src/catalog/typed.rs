//! The catalog's typed values: what the strings of a row mean, parsed once when the catalog
//! loads. A malformed value fails there, with the file and line of its row (TOML's own error
//! position, since each type deserializes through [`FromStr`]); the walk never parses strings.

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

use crate::lazy_regex::LazyRegex;

/// Deserializes a typed value from its string form through [`FromStr`], so that TOML reports a
/// malformed value with its position.
macro_rules! deserialize_from_str {
    ($($ty:ty),* $(,)?) => {$(
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    )*};
}

deserialize_from_str!(
    ArgLocator,
    SinkArg,
    GuardTarget,
    Condition,
    ArgMatch,
    ArgvMode,
    PropagatesTo,
    PathState,
    SourcesSpec,
    NameLocator,
    DescriptionLocator,
    HandlerLocator,
    CalleePattern,
    KeyAlternatives,
    LazyRegex,
);

/// Where a value sits among a call's arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgLocator {
    /// `arg:N`: the N-th positional argument (keyword and spread arguments do not count).
    Positional(usize),
    /// `arg:last`: the last positional argument.
    Last,
    /// `kwarg:NAME`: the keyword argument `NAME`.
    Keyword(Box<str>),
    /// `BASE.FIELD[.FIELD...]`: an entry of the object literal at `BASE`, nested.
    Field(Box<ArgLocator>, Vec<Box<str>>),
    /// `options.FIELD`: that entry of any object-literal argument.
    Options(Box<str>),
}

impl FromStr for ArgLocator {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if let Some(field) = s.strip_prefix("options.") {
            return non_empty(field, s).map(|f| ArgLocator::Options(f.into()));
        }
        if let Some((base, fields)) = s.split_once('.') {
            let fields = fields
                .split('.')
                .map(|f| non_empty(f, s).map(Box::from))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(ArgLocator::Field(Box::new(base.parse()?), fields));
        }
        if let Some(n) = s.strip_prefix("arg:") {
            if n == "last" {
                return Ok(ArgLocator::Last);
            }
            return n
                .parse()
                .map(ArgLocator::Positional)
                .map_err(|_| format!("`{s}`: expected `arg:N` or `arg:last`"));
        }
        if let Some(key) = s.strip_prefix("kwarg:") {
            return non_empty(key, s).map(|k| ArgLocator::Keyword(k.into()));
        }
        Err(format!(
            "`{s}`: expected a locator (`arg:N`, `arg:last`, `kwarg:NAME`, `LOCATOR.FIELD`, `options.FIELD`)"
        ))
    }
}

impl ArgLocator {
    /// The name the locator ends with: the keyword or the last field (none for positions).
    pub fn last_name(&self) -> Option<&str> {
        match self {
            ArgLocator::Positional(_) | ArgLocator::Last => None,
            ArgLocator::Keyword(k) | ArgLocator::Options(k) => Some(k),
            ArgLocator::Field(_, fields) => fields.last().map(|f| &**f),
        }
    }
}

impl fmt::Display for ArgLocator {
    /// The locator as written in the catalog.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgLocator::Positional(n) => write!(f, "arg:{n}"),
            ArgLocator::Last => f.write_str("arg:last"),
            ArgLocator::Keyword(k) => write!(f, "kwarg:{k}"),
            ArgLocator::Field(base, fields) => {
                write!(f, "{base}")?;
                fields.iter().try_for_each(|field| write!(f, ".{field}"))
            }
            ArgLocator::Options(field) => write!(f, "options.{field}"),
        }
    }
}

fn non_empty<'a>(part: &'a str, whole: &str) -> Result<&'a str, String> {
    if part.is_empty() {
        Err(format!("`{whole}`: empty name in locator"))
    } else {
        Ok(part)
    }
}

/// Which arguments of a sink call must not carry tool input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SinkArg {
    /// An argument.
    Arg(ArgLocator),
    /// `receiver`: the object the method is called on.
    Receiver,
    /// `any`: every argument.
    Any,
}

impl FromStr for SinkArg {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.trim() {
            "receiver" => SinkArg::Receiver,
            "any" => SinkArg::Any,
            other => SinkArg::Arg(other.parse()?),
        })
    }
}

/// What a guard checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GuardTarget {
    /// `receiver`.
    Receiver,
    /// `args`: every argument.
    Args,
    /// One argument.
    Arg(ArgLocator),
}

impl FromStr for GuardTarget {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.trim() {
            "receiver" => GuardTarget::Receiver,
            "args" => GuardTarget::Args,
            other => GuardTarget::Arg(other.parse()?),
        })
    }
}

/// What a condition on a call reads.
#[derive(Clone, Debug)]
pub enum ConditionSubject {
    /// `chain`: the source text of the whole call chain.
    Chain,
    /// An argument's source text.
    Arg(ArgLocator),
}

/// How a condition tests its subject's text.
#[derive(Clone, Debug)]
pub enum ConditionTest {
    /// `LOC=TEXT`: equal after trimming.
    Equals(Box<str>),
    /// `LOC~REGEX`: the regex matches.
    Matches(LazyRegex),
    /// `LOC!~REGEX`: the argument is absent or the regex does not match.
    NotMatches(LazyRegex),
}

/// One test on a call's source text: `LOC=TEXT`, `LOC~REGEX` or `LOC!~REGEX`.
#[derive(Clone, Debug)]
pub struct Test {
    /// What it reads.
    pub subject: ConditionSubject,
    /// How.
    pub test: ConditionTest,
}

/// A condition on a call: tests joined by `&&`, all of which must hold.
#[derive(Clone, Debug)]
pub struct Condition {
    /// The tests.
    pub tests: Vec<Test>,
    /// Whether some test reads the call chain (callers build that text only then).
    pub reads_chain: bool,
}

impl FromStr for Condition {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let tests = s
            .split("&&")
            .map(parse_test)
            .collect::<Result<Vec<_>, _>>()?;
        let reads_chain = tests
            .iter()
            .any(|t| matches!(t.subject, ConditionSubject::Chain));
        Ok(Condition { tests, reads_chain })
    }
}

fn parse_test(cond: &str) -> Result<Test, String> {
    let cond = cond.trim();
    let subject = |loc: &str| -> Result<ConditionSubject, String> {
        match loc.trim() {
            "chain" => Ok(ConditionSubject::Chain),
            other => other.parse().map(ConditionSubject::Arg),
        }
    };
    if let Some((loc, re)) = cond.split_once('~') {
        let (loc, negated) = match loc.strip_suffix('!') {
            Some(l) => (l, true),
            None => (loc, false),
        };
        let re: LazyRegex = re.trim().parse()?;
        let test = if negated {
            ConditionTest::NotMatches(re)
        } else {
            ConditionTest::Matches(re)
        };
        return Ok(Test {
            subject: subject(loc)?,
            test,
        });
    }
    let (loc, value) = cond
        .split_once('=')
        .ok_or_else(|| format!("`{cond}`: expected `LOC=TEXT`, `LOC~REGEX` or `LOC!~REGEX`"))?;
    Ok(Test {
        subject: subject(loc)?,
        test: ConditionTest::Equals(value.trim().into()),
    })
}

/// A guard's `arg-matches`: `LOC=REGEX`, a regex the source text of an argument (or the
/// receiver) must match for the guard to apply.
#[derive(Clone, Debug)]
pub struct ArgMatch {
    /// The argument whose text is matched; `None` for `receiver`.
    pub at: Option<ArgLocator>,
    /// The regex.
    pub regex: LazyRegex,
}

impl FromStr for ArgMatch {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (loc, re) = s
            .split_once('=')
            .ok_or_else(|| format!("`{s}`: expected LOCATOR=REGEX"))?;
        let at = match loc.trim() {
            "receiver" => None,
            other => Some(other.parse()?),
        };
        let regex = re.parse()?;
        Ok(ArgMatch { at, regex })
    }
}

/// How an `argv` sink's located arguments make up a program's argument vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgvMode {
    /// `list`: each located argument is one element or a list of them.
    List,
    /// `rest`: the located positional argument and every later positional one.
    Rest,
}

impl FromStr for ArgvMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "list" => Ok(ArgvMode::List),
            "rest" => Ok(ArgvMode::Rest),
            other => Err(format!("`{other}`: argv must be `list` or `rest`")),
        }
    }
}

/// Where a propagator sends taint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PropagatesTo {
    /// `return`: the call's result.
    Return,
    /// `receiver`: the object the method is called on (container mutation such as `append`).
    Receiver,
}

impl FromStr for PropagatesTo {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "return" => Ok(PropagatesTo::Return),
            "receiver" => Ok(PropagatesTo::Receiver),
            other => Err(format!("`{other}`: expected `return` or `receiver`")),
        }
    }
}

/// A state of a path value that propagators set and guards require.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathState {
    /// `resolved`: symlinks resolved.
    Resolved,
    /// `resolved-where-it-exists`: symlinks resolved where the path exists (the result of a
    /// project helper that canonicalises and otherwise keeps the path); `resolved` satisfies it.
    ResolvedWhereItExists,
    /// `unresolved`: a fresh path whose symlinks are not resolved.
    Unresolved,
    /// `relative`: a path made relative to a root.
    Relative,
}

impl FromStr for PathState {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "resolved" => Ok(PathState::Resolved),
            "resolved-where-it-exists" => Ok(PathState::ResolvedWhereItExists),
            "unresolved" => Ok(PathState::Unresolved),
            "relative" => Ok(PathState::Relative),
            other => Err(format!(
                "`{other}`: expected `resolved`, `resolved-where-it-exists`, `unresolved` or `relative`"
            )),
        }
    }
}

/// Which handler parameters of a tool declaration are sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourcesSpec {
    /// `params`: all but `self` and context parameters.
    Params,
    /// `none`.
    None,
    /// `param:N[,param:M...]`.
    Indices(Vec<usize>),
}

impl FromStr for SourcesSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "params" => Ok(SourcesSpec::Params),
            "none" => Ok(SourcesSpec::None),
            list => list
                .split(',')
                .map(|p| {
                    p.trim()
                        .strip_prefix("param:")
                        .and_then(|n| n.parse().ok())
                        .ok_or_else(|| {
                            format!("`{list}`: expected `params`, `none` or `param:N[,param:M]`")
                        })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(SourcesSpec::Indices),
        }
    }
}

/// Where a tool declaration's name is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameLocator {
    /// `function-name`: the handler function's name.
    FunctionName,
    /// An argument of the declaring call.
    Arg(ArgLocator),
}

impl FromStr for NameLocator {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.trim() {
            "function-name" => NameLocator::FunctionName,
            other => NameLocator::Arg(other.parse()?),
        })
    }
}

/// Where a tool declaration's description is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DescriptionLocator {
    /// `docstring`: the handler's docstring or doc comment.
    Docstring,
    /// An argument of the declaring call.
    Arg(ArgLocator),
}

impl FromStr for DescriptionLocator {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.trim() {
            "docstring" => DescriptionLocator::Docstring,
            other => DescriptionLocator::Arg(other.parse()?),
        })
    }
}

/// Where a tool declaration's handler is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HandlerLocator {
    /// An argument of the declaring call.
    Arg(ArgLocator),
    /// `field:a|b`: the first of these entries of a tool-definition object literal.
    Field(Vec<Box<str>>),
}

impl FromStr for HandlerLocator {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if let Some(alternatives) = s.strip_prefix("field:") {
            return alternatives
                .split('|')
                .map(|k| non_empty(k, s).map(Box::from))
                .collect::<Result<Vec<_>, _>>()
                .map(HandlerLocator::Field);
        }
        s.parse().map(HandlerLocator::Arg)
    }
}

/// Keys of an object literal, any one of which will do: `execute|handler`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyAlternatives(pub Vec<Box<str>>);

impl FromStr for KeyAlternatives {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        s.split('|')
            .map(|k| non_empty(k, s).map(Box::from))
            .collect::<Result<Vec<_>, _>>()
            .map(KeyAlternatives)
    }
}

/// A callee pattern: an exact resolved path (`subprocess.run`) or `*.method`, which matches any
/// callee ending in `.method` (and longer than it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalleePattern {
    /// The whole resolved path.
    Exact(Box<str>),
    /// `*SUFFIX`: any longer callee ending in `SUFFIX`.
    Suffix(Box<str>),
}

impl FromStr for CalleePattern {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.strip_prefix('*') {
            Some(suffix) => CalleePattern::Suffix(suffix.into()),
            None => CalleePattern::Exact(s.into()),
        })
    }
}

impl CalleePattern {
    /// Whether `callee` matches.
    pub fn matches(&self, callee: &str) -> bool {
        match self {
            CalleePattern::Exact(p) => **p == *callee,
            CalleePattern::Suffix(s) => callee.len() > s.len() && callee.ends_with(&**s),
        }
    }

    /// Whether this is an exact path.
    pub fn is_exact(&self) -> bool {
        matches!(self, CalleePattern::Exact(_))
    }
}

impl fmt::Display for CalleePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalleePattern::Exact(p) => f.write_str(p),
            CalleePattern::Suffix(s) => write!(f, "*{s}"),
        }
    }
}

/// A set of sink kinds, one bit per kind interned by the catalog (`*` is every bit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct KindMask(pub u64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locators_parse_into_their_parts() {
        assert_eq!("arg:2".parse(), Ok(ArgLocator::Positional(2)));
        assert_eq!("arg:last".parse(), Ok(ArgLocator::Last));
        assert_eq!(
            "kwarg:shell".parse(),
            Ok(ArgLocator::Keyword("shell".into()))
        );
        assert_eq!(
            "arg:0.httpStream.host".parse(),
            Ok(ArgLocator::Field(
                Box::new(ArgLocator::Positional(0)),
                vec!["httpStream".into(), "host".into()]
            ))
        );
        assert_eq!("options.sql".parse(), Ok(ArgLocator::Options("sql".into())));
        assert_eq!("receiver".parse(), Ok(SinkArg::Receiver));
        assert_eq!("args".parse(), Ok(GuardTarget::Args));
        assert_eq!(
            "field:handler|execute".parse(),
            Ok(HandlerLocator::Field(vec![
                "handler".into(),
                "execute".into()
            ]))
        );
        assert_eq!(
            "param:0,param:1".parse(),
            Ok(SourcesSpec::Indices(vec![0, 1]))
        );
    }

    #[test]
    fn malformed_values_are_errors() {
        for bad in ["0", "arg:x", "kwarg:", "arg:0.", "recv", "options."] {
            assert!(bad.parse::<SinkArg>().is_err(), "{bad} parsed");
        }
        assert!("shell".parse::<ArgvMode>().is_err());
        assert!("param:x".parse::<SourcesSpec>().is_err());
        assert!("arg:0~(".parse::<Condition>().is_err());
        assert!("arg:0".parse::<Condition>().is_err());
        assert!("arg:0(".parse::<ArgMatch>().is_err());
    }

    #[test]
    fn conditions_keep_their_tests_in_order() {
        let c: Condition = "chain~Command && kwarg:shell!~True && arg:1=x"
            .parse()
            .expect("valid");
        assert!(c.reads_chain);
        assert!(matches!(c.tests[0].subject, ConditionSubject::Chain));
        assert!(matches!(c.tests[1].test, ConditionTest::NotMatches(_)));
        assert!(matches!(&c.tests[2].test, ConditionTest::Equals(t) if &**t == "x"));
    }

    #[test]
    fn callee_patterns_match_exact_paths_and_longer_suffixes() {
        let exact: CalleePattern = "os.system".parse().expect("valid");
        let wild: CalleePattern = "*.exec".parse().expect("valid");
        assert!(exact.matches("os.system") && !exact.matches("xos.system"));
        assert!(wild.matches("cp.exec") && !wild.matches(".exec") && !wild.matches("exec"));
    }
}
