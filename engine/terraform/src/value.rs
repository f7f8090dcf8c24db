//! Terraform values as comply evaluates them: JSON-like data plus [`Val::Unknown`], the value
//! Terraform itself only learns at apply time (computed attributes, data sources, variables
//! without a value). Unknown propagates through every operation, and is split out of the policy
//! input into the contract's separate `unknown` tree.

use serde_json::{Map, Number, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// An evaluated value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    /// Lists, tuples and sets (sets are kept sorted and de-duplicated by the functions that
    /// make them).
    List(Vec<Val>),
    /// Objects and maps; keys are sorted, as Terraform sorts them.
    Map(BTreeMap<String, Val>),
    Unknown,
}

impl Val {
    pub(crate) fn str(s: impl Into<String>) -> Self {
        Self::Str(s.into())
    }

    pub(crate) const fn is_unknown(&self) -> bool {
        matches!(self, Self::Unknown)
    }

    /// Whether the value or anything inside it is unknown.
    pub(crate) fn has_unknown(&self) -> bool {
        match self {
            Self::Unknown => true,
            Self::List(v) => v.iter().any(Self::has_unknown),
            Self::Map(m) => m.values().any(Self::has_unknown),
            _ => false,
        }
    }

    /// The type name used in error messages.
    pub(crate) const fn type_name(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "bool",
            Self::Num(_) => "number",
            Self::Str(_) => "string",
            Self::List(_) => "list",
            Self::Map(_) => "object",
            Self::Unknown => "unknown",
        }
    }

    /// Terraform's string conversion (numbers without a trailing `.0`, bools as words).
    pub(crate) fn to_text(&self) -> Option<String> {
        match self {
            Self::Str(s) => Some(s.clone()),
            Self::Num(n) => Some(fmt_num(*n)),
            Self::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Conversion to a number (strings holding numbers convert, as in Terraform).
    pub(crate) fn to_num(&self) -> Option<f64> {
        match self {
            Self::Num(n) => Some(*n),
            Self::Str(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        }
    }

    /// Conversion to a bool (`"true"`/`"false"` strings convert).
    pub(crate) fn to_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(b) => Some(*b),
            Self::Str(s) if s == "true" => Some(true),
            Self::Str(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    /// From JSON (tfvars.json, jsondecode, plan JSON).
    pub(crate) fn from_json(v: &Value) -> Self {
        match v {
            Value::Null => Self::Null,
            Value::Bool(b) => Self::Bool(*b),
            Value::Number(n) => Self::Num(n.as_f64().unwrap_or(0.0)),
            Value::String(s) => Self::Str(s.clone()),
            Value::Array(a) => Self::List(a.iter().map(Self::from_json).collect()),
            Value::Object(o) => Self::Map(
                o.iter()
                    .map(|(k, v)| (k.clone(), Self::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// To JSON with unknowns as `null` (used by jsonencode of partially known values is not
    /// allowed; callers check [`Val::has_unknown`] first).
    pub(crate) fn to_json(&self) -> Value {
        match self {
            Self::Null | Self::Unknown => Value::Null,
            Self::Bool(b) => Value::Bool(*b),
            Self::Num(n) => num_json(*n),
            Self::Str(s) => Value::String(s.clone()),
            Self::List(v) => Value::Array(v.iter().map(Self::to_json).collect()),
            Self::Map(m) => Value::Object(
                m.iter()
                    .filter(|(k, _)| !k.starts_with('\0'))
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// The contract's `(values, unknown)` pair: `values` without the unknown parts, `unknown`
    /// with `true` where they were (`None` when nothing is unknown). In lists, an unknown element
    /// stays as `null` in `values` (indices must not shift) and the unknown list has `false` at
    /// known positions, like `after_unknown` of `terraform show -json`.
    pub(crate) fn split_unknown(&self) -> (Option<Value>, Option<Value>) {
        match self {
            Self::Unknown => (None, Some(Value::Bool(true))),
            Self::List(items) => {
                let mut vals = Vec::with_capacity(items.len());
                let mut unk = Vec::with_capacity(items.len());
                let mut any = false;
                for it in items {
                    let (v, u) = it.split_unknown();
                    vals.push(v.unwrap_or(Value::Null));
                    any |= u.is_some();
                    unk.push(u.unwrap_or(Value::Bool(false)));
                }
                (Some(Value::Array(vals)), any.then_some(Value::Array(unk)))
            }
            Self::Map(m) => {
                let mut vals = Map::new();
                let mut unk = Map::new();
                for (k, v) in m {
                    if k.starts_with('\0') {
                        continue;
                    }
                    let (kv, ku) = v.split_unknown();
                    if let Some(kv) = kv {
                        vals.insert(k.clone(), kv);
                    }
                    if let Some(ku) = ku {
                        unk.insert(k.clone(), ku);
                    }
                }
                let u = (!unk.is_empty()).then_some(Value::Object(unk));
                (Some(Value::Object(vals)), u)
            }
            other => (Some(other.to_json()), None),
        }
    }
}

/// A number as JSON: integral values as integers.
pub(crate) fn num_json(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        #[allow(clippy::cast_possible_truncation)]
        return Value::Number(Number::from(n as i64));
    }
    Number::from_f64(n).map_or(Value::Null, Value::Number)
}

/// Terraform's number formatting: integers without a fraction.
pub(crate) fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        #[allow(clippy::cast_possible_truncation)]
        return (n as i64).to_string();
    }
    let mut s = String::new();
    let _ = write!(s, "{n}");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn splits_unknown_parts() {
        let v = Val::Map(BTreeMap::from([
            ("a".into(), Val::Num(1.0)),
            ("b".into(), Val::Unknown),
            ("c".into(), Val::List(vec![Val::str("x"), Val::Unknown])),
        ]));
        let (vals, unk) = v.split_unknown();
        assert_eq!(vals, Some(json!({"a": 1, "c": ["x", null]})));
        assert_eq!(unk, Some(json!({"b": true, "c": [false, true]})));
        assert_eq!(Val::Num(2.5).to_text().as_deref(), Some("2.5"));
        assert_eq!(Val::Num(3.0).to_text().as_deref(), Some("3"));
    }
}
