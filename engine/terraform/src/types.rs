//! Variable type constraints (`type = list(object({ name = string, port = optional(number, 80) }))`):
//! parsed from the expression and applied to the variable's value, so that attributes declared
//! `optional(...)` exist (with their default or null) as they would in Terraform. Without this,
//! `var.settings.port` on a value that omits `port` would be an error instead of `80`.

use hcl_edit::expr::{Expression, ObjectKey};
use std::collections::BTreeMap;

use crate::value::Val;

/// A type constraint.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ty {
    Any,
    Str,
    Num,
    Bool,
    List(Box<Ty>),
    Set(Box<Ty>),
    Map(Box<Ty>),
    Tuple(Vec<Ty>),
    Object(BTreeMap<String, Attr>),
}

/// One attribute of an object type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Attr {
    pub(crate) ty: Ty,
    pub(crate) optional: bool,
    pub(crate) default: Option<Val>,
}

/// Parses a type expression; `eval_default` evaluates `optional(T, default)` defaults.
pub(crate) fn parse<'e>(e: &'e Expression, eval_default: &dyn Fn(&'e Expression) -> Val) -> Ty {
    parse_attr(e, eval_default).ty
}

fn parse_attr<'e>(e: &'e Expression, eval_default: &dyn Fn(&'e Expression) -> Val) -> Attr {
    let plain = |ty| Attr {
        ty,
        optional: false,
        default: None,
    };
    match e {
        Expression::Parenthesis(p) => parse_attr(p.inner(), eval_default),
        Expression::Variable(v) => plain(match v.as_str() {
            "string" => Ty::Str,
            "number" => Ty::Num,
            "bool" => Ty::Bool,
            _ => Ty::Any,
        }),
        Expression::FuncCall(f) => {
            let arg = |i: usize| f.args.get(i);
            let inner = |i: usize| Box::new(arg(i).map_or(Ty::Any, |a| parse(a, eval_default)));
            match f.name.name.as_str() {
                "list" => plain(Ty::List(inner(0))),
                "set" => plain(Ty::Set(inner(0))),
                "map" => plain(Ty::Map(inner(0))),
                "tuple" => plain(Ty::Tuple(match arg(0) {
                    Some(Expression::Array(a)) => {
                        a.iter().map(|x| parse(x, eval_default)).collect()
                    }
                    _ => Vec::new(),
                })),
                "object" => {
                    let mut attrs = BTreeMap::new();
                    if let Some(Expression::Object(o)) = arg(0) {
                        for (k, v) in o.iter() {
                            let name = match k {
                                ObjectKey::Ident(i) => i.as_str().to_string(),
                                ObjectKey::Expression(x) => {
                                    crate::config::literal_of(x).unwrap_or_default()
                                }
                            };
                            attrs.insert(name, parse_attr(v.expr(), eval_default));
                        }
                    }
                    plain(Ty::Object(attrs))
                }
                "optional" => Attr {
                    ty: arg(0).map_or(Ty::Any, |a| parse(a, eval_default)),
                    optional: true,
                    default: arg(1).map(eval_default),
                },
                _ => plain(Ty::Any),
            }
        }
        _ => plain(Ty::Any),
    }
}

/// Converts a value to a type as far as comply needs: optional attributes are filled in,
/// undeclared object attributes dropped, primitives converted. Values that do not fit are kept.
pub(crate) fn convert(v: Val, ty: &Ty) -> Val {
    match (ty, v) {
        (_, Val::Unknown) => Val::Unknown,
        (_, Val::Null) => Val::Null,
        (Ty::Any, v) => v,
        (Ty::Str, v @ (Val::Num(_) | Val::Bool(_))) => v.to_text().map_or(Val::Null, Val::Str),
        (Ty::Num, Val::Str(s)) => s.trim().parse::<f64>().map_or(Val::Str(s), Val::Num),
        (Ty::Bool, Val::Str(s)) => match s.as_str() {
            "true" => Val::Bool(true),
            "false" => Val::Bool(false),
            _ => Val::Str(s),
        },
        (Ty::List(t), Val::List(items)) => {
            Val::List(items.into_iter().map(|i| convert(i, t)).collect())
        }
        (Ty::Set(t), Val::List(items)) => {
            let mut out: Vec<Val> = Vec::with_capacity(items.len());
            for i in items {
                let c = convert(i, t);
                if !out.contains(&c) {
                    out.push(c);
                }
            }
            Val::List(out)
        }
        (Ty::Tuple(ts), Val::List(items)) => Val::List(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| match ts.get(i) {
                    Some(t) => convert(v, t),
                    None => v,
                })
                .collect(),
        ),
        (Ty::Map(t), Val::Map(m)) => {
            Val::Map(m.into_iter().map(|(k, v)| (k, convert(v, t))).collect())
        }
        (Ty::Object(attrs), Val::Map(mut m)) => {
            let mut out = BTreeMap::new();
            for (name, a) in attrs {
                match m.remove(name) {
                    Some(Val::Null) if a.optional => {
                        out.insert(
                            name.clone(),
                            a.default.clone().map_or(Val::Null, |d| convert(d, &a.ty)),
                        );
                    }
                    Some(v) => {
                        out.insert(name.clone(), convert(v, &a.ty));
                    }
                    None if a.optional => {
                        out.insert(
                            name.clone(),
                            a.default.clone().map_or(Val::Null, |d| convert(d, &a.ty)),
                        );
                    }
                    None => {}
                }
            }
            Val::Map(out)
        }
        (_, v) => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_optional_attributes() {
        let e = hcl_edit::parser::parse_expr(
            "list(object({ name = string, port = optional(number, 80), tls = optional(bool) }))",
        )
        .expect("parses");
        let ty = parse(&e, &|d| match d {
            Expression::Number(n) => Val::Num(n.as_f64().unwrap_or(0.0)),
            _ => Val::Unknown,
        });
        let v = Val::List(vec![Val::Map(BTreeMap::from([
            ("name".into(), Val::str("a")),
            ("extra".into(), Val::Bool(true)),
        ]))]);
        let out = convert(v, &ty);
        assert_eq!(
            out,
            Val::List(vec![Val::Map(BTreeMap::from([
                ("name".into(), Val::str("a")),
                ("port".into(), Val::Num(80.0)),
                ("tls".into(), Val::Null),
            ]))])
        );
    }
}
