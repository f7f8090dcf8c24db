//! Turning a rule's `deny` value into [`RawFinding`]s, and JSON into regorus values.

use comply_model::PathSeg;
use regorus::Value;
use serde::Deserialize;

use crate::eval::{EvalOutput, RawFinding, RuleError};

/// Converts JSON to a regorus value without cloning the JSON first.
pub(crate) fn to_value(json: &serde_json::Value) -> Value {
    Value::deserialize(json).unwrap_or(Value::Undefined)
}

/// Appends the findings of rule `rule` whose `deny` evaluated to `deny` (a set, or undefined
/// when nothing was denied) to `out`. Malformed elements become [`RuleError`]s.
pub(crate) fn collect(rule: usize, deny: &Value, out: &mut EvalOutput) {
    let elements: Box<dyn Iterator<Item = &Value>> = match deny {
        Value::Undefined => return,
        Value::Set(s) => Box::new(s.iter()),
        Value::Array(a) => Box::new(a.iter()),
        other => {
            out.errors.push(RuleError {
                rule,
                message: format!(
                    "`deny` must be a set of {{\"msg\": string, \"path\": array}}, got {}",
                    short(other)
                ),
            });
            return;
        }
    };
    for el in elements {
        match finding(rule, el) {
            Ok(f) => out.findings.push(f),
            Err(message) => out.errors.push(RuleError { rule, message }),
        }
    }
}

fn finding(rule: usize, el: &Value) -> Result<RawFinding, String> {
    let bad = || {
        format!(
            "`deny` element must be {{\"msg\": string, \"path\": array}} or a string, got {}",
            short(el)
        )
    };
    match el {
        Value::String(s) => Ok(RawFinding {
            rule,
            msg: s.to_string(),
            path: Vec::new(),
        }),
        Value::Object(o) => {
            let msg = match o.get(&Value::from("msg")) {
                Some(Value::String(s)) => s.to_string(),
                _ => return Err(bad()),
            };
            let path = match o.get(&Value::from("path")) {
                None | Some(Value::Null | Value::Undefined) => Vec::new(),
                Some(Value::Array(a)) => a
                    .iter()
                    .map(|seg| path_seg(seg).ok_or_else(bad))
                    .collect::<Result<_, _>>()?,
                Some(_) => return Err(bad()),
            };
            Ok(RawFinding { rule, msg, path })
        }
        _ => Err(bad()),
    }
}

fn path_seg(v: &Value) -> Option<PathSeg> {
    match v {
        Value::String(s) => Some(PathSeg::Key(s.to_string())),
        Value::Number(_) => v
            .as_u64()
            .ok()
            .and_then(|u| usize::try_from(u).ok())
            .map(PathSeg::Index),
        _ => None,
    }
}

/// A value rendered as JSON, cut to keep messages short.
fn short(v: &Value) -> String {
    let s = v.to_json_str().unwrap_or_else(|_| format!("{v:?}"));
    if s.len() > 120 {
        let cut = (0..=120)
            .rev()
            .find(|&i| s.is_char_boundary(i))
            .unwrap_or(0);
        format!("{}…", &s[..cut])
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn converts_well_formed_and_reports_malformed() {
        let deny = to_value(&json!([
            {"msg": "a", "path": ["spec", 0, "x"]},
            {"msg": "b"},
            "c",
            {"message": "wrong key"},
            {"msg": "d", "path": "spec.x"},
            {"msg": "e", "path": [-1]},
            42,
        ]));
        let mut out = EvalOutput::default();
        collect(3, &deny, &mut out);
        let msgs: Vec<_> = out.findings.iter().map(|f| f.msg.as_str()).collect();
        assert_eq!(msgs, ["a", "b", "c"]);
        assert_eq!(
            out.findings[0].path,
            vec![
                PathSeg::Key("spec".into()),
                PathSeg::Index(0),
                PathSeg::Key("x".into())
            ]
        );
        assert!(out.findings[1].path.is_empty());
        assert_eq!(out.errors.len(), 4);
        assert!(out
            .errors
            .iter()
            .all(|e| e.rule == 3 && e.message.contains("`deny` element")));

        let mut out = EvalOutput::default();
        collect(1, &Value::from(true), &mut out);
        assert_eq!(out.errors.len(), 1);
        assert!(out.errors[0].message.contains("must be a set"));
        let mut out = EvalOutput::default();
        collect(1, &Value::Undefined, &mut out);
        assert!(out.errors.is_empty() && out.findings.is_empty());
    }
}
