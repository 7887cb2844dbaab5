//! String-part building: the literal text and holes of a built string (`+`, f-strings, template
//! literals, `format!`), shared by every front end.

use mcplint_ir::{Expr, ExprKind, Part};

/// Appends literal text, merging it into a preceding literal.
pub(crate) fn push_lit(parts: &mut Vec<Part>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Part::Lit(last)) = parts.last_mut() {
        last.push_str(s);
    } else {
        parts.push(Part::Lit(s.to_string()));
    }
}

/// Appends an operand of `+`: a string literal as text, a built string's parts, anything else
/// as a hole.
pub(crate) fn splice(parts: &mut Vec<Part>, e: Expr) {
    match e.kind {
        ExprKind::Str(s) => push_lit(parts, &s),
        ExprKind::Interp(inner) => {
            for p in inner {
                match p {
                    Part::Lit(s) => push_lit(parts, &s),
                    Part::Hole(h) => parts.push(Part::Hole(h)),
                }
            }
        }
        _ => parts.push(Part::Hole(e)),
    }
}

/// `Str` when every part is literal text, else `Interp`.
pub(crate) fn interp_or_str(parts: Vec<Part>) -> ExprKind {
    if parts.iter().all(|p| matches!(p, Part::Lit(_))) {
        let mut s = String::new();
        for p in parts {
            if let Part::Lit(l) = p {
                s.push_str(&l);
            }
        }
        ExprKind::Str(s)
    } else {
        ExprKind::Interp(parts)
    }
}
