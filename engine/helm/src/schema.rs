//! A focused JSON Schema validator for `values.schema.json` (the draft-07 keywords charts use:
//! `type`, `properties`, `required`, `additionalProperties`, `patternProperties`, `items`,
//! `enum`, `const`, numeric and length bounds, `pattern`, `allOf` / `anyOf` / `oneOf` / `not`,
//! `if` / `then` / `else` and local `$ref`s). Unknown keywords and `format` are ignored, as
//! Helm's validator does for formats. A dedicated crate would pull a regex engine, URL parsing
//! and HTTP-resolving machinery for remote `$ref`s that charts must not use anyway.

use serde_json::Value as J;

const MAX_DEPTH: usize = 64;

/// Validates `value` against `schema`; returns one line per violation.
pub fn validate(schema: &J, value: &J) -> Vec<String> {
    let mut errs = Vec::new();
    check(schema, schema, value, "", &mut errs, 0);
    errs
}

fn type_ok(t: &str, v: &J) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "number" => v.is_number(),
        "integer" => v.as_f64().is_some_and(|f| f.fract() == 0.0),
        _ => true,
    }
}

fn type_name(v: &J) -> &'static str {
    match v {
        J::Null => "null",
        J::Bool(_) => "boolean",
        J::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => "integer",
        J::Number(_) => "number",
        J::String(_) => "string",
        J::Array(_) => "array",
        J::Object(_) => "object",
    }
}

fn resolve<'s>(root: &'s J, r: &str) -> Option<&'s J> {
    let p = r.strip_prefix('#')?;
    if p.is_empty() {
        return Some(root);
    }
    root.pointer(p)
}

fn check(root: &J, s: &J, v: &J, at: &str, errs: &mut Vec<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let J::Object(s) = s else {
        if s == &J::Bool(false) {
            errs.push(format!(
                "- at '{}': false schema does not allow this value",
                disp(at)
            ));
        }
        return;
    };
    if let Some(J::String(r)) = s.get("$ref") {
        if let Some(t) = resolve(root, r) {
            check(root, t, v, at, errs, depth + 1);
        }
    }
    match s.get("type") {
        Some(J::String(t)) if !type_ok(t, v) => {
            errs.push(format!(
                "- at '{}': got {}, want {t}",
                disp(at),
                type_name(v)
            ));
            return;
        }
        Some(J::Array(ts)) if !ts.iter().any(|t| t.as_str().is_some_and(|t| type_ok(t, v))) => {
            let want: Vec<&str> = ts.iter().filter_map(J::as_str).collect();
            errs.push(format!(
                "- at '{}': got {}, want {}",
                disp(at),
                type_name(v),
                want.join(" or ")
            ));
            return;
        }
        _ => {}
    }
    if let Some(J::Array(e)) = s.get("enum") {
        if !e.iter().any(|x| num_eq(x, v)) {
            errs.push(format!(
                "- at '{}': value must be one of {}",
                disp(at),
                J::Array(e.clone())
            ));
        }
    }
    if let Some(c) = s.get("const") {
        if !num_eq(c, v) {
            errs.push(format!("- at '{}': value must be {c}", disp(at)));
        }
    }
    if let Some(f) = v.as_f64() {
        let bound = |k: &str| s.get(k).and_then(J::as_f64);
        if bound("minimum").is_some_and(|m| f < m) {
            errs.push(format!(
                "- at '{}': minimum: got {f}, want {}",
                disp(at),
                s["minimum"]
            ));
        }
        if bound("maximum").is_some_and(|m| f > m) {
            errs.push(format!(
                "- at '{}': maximum: got {f}, want {}",
                disp(at),
                s["maximum"]
            ));
        }
        if bound("exclusiveMinimum").is_some_and(|m| f <= m) {
            errs.push(format!("- at '{}': exclusiveMinimum: got {f}", disp(at)));
        }
        if bound("exclusiveMaximum").is_some_and(|m| f >= m) {
            errs.push(format!("- at '{}': exclusiveMaximum: got {f}", disp(at)));
        }
    }
    if let Some(st) = v.as_str() {
        let n = st.chars().count() as u64;
        if s.get("minLength")
            .and_then(J::as_u64)
            .is_some_and(|m| n < m)
        {
            errs.push(format!("- at '{}': minLength: got {n}", disp(at)));
        }
        if s.get("maxLength")
            .and_then(J::as_u64)
            .is_some_and(|m| n > m)
        {
            errs.push(format!("- at '{}': maxLength: got {n}", disp(at)));
        }
        if let Some(J::String(p)) = s.get("pattern") {
            if let Ok(re) = regex::Regex::new(p) {
                if !re.is_match(st) {
                    errs.push(format!(
                        "- at '{}': '{st}' does not match pattern '{p}'",
                        disp(at)
                    ));
                }
            }
        }
    }
    if let J::Array(items) = v {
        let n = items.len() as u64;
        if s.get("minItems").and_then(J::as_u64).is_some_and(|m| n < m) {
            errs.push(format!("- at '{}': minItems: got {n}", disp(at)));
        }
        if s.get("maxItems").and_then(J::as_u64).is_some_and(|m| n > m) {
            errs.push(format!("- at '{}': maxItems: got {n}", disp(at)));
        }
        match s.get("items") {
            Some(J::Array(tuple)) => {
                for (i, (it, sch)) in items.iter().zip(tuple).enumerate() {
                    check(root, sch, it, &format!("{at}/{i}"), errs, depth + 1);
                }
            }
            Some(sch) => {
                for (i, it) in items.iter().enumerate() {
                    check(root, sch, it, &format!("{at}/{i}"), errs, depth + 1);
                }
            }
            None => {}
        }
    }
    if let J::Object(m) = v {
        if let Some(J::Array(req)) = s.get("required") {
            for r in req.iter().filter_map(J::as_str) {
                if !m.contains_key(r) {
                    errs.push(format!("- at '{}': missing property '{r}'", disp(at)));
                }
            }
        }
        let props = s.get("properties").and_then(J::as_object);
        let pats: Vec<(regex::Regex, &J)> = s
            .get("patternProperties")
            .and_then(J::as_object)
            .map(|p| {
                p.iter()
                    .filter_map(|(k, sch)| regex::Regex::new(k).ok().map(|r| (r, sch)))
                    .collect()
            })
            .unwrap_or_default();
        for (k, child) in m {
            let p = format!("{at}/{k}");
            let mut matched = false;
            if let Some(sch) = props.and_then(|ps| ps.get(k)) {
                matched = true;
                check(root, sch, child, &p, errs, depth + 1);
            }
            for (re, sch) in &pats {
                if re.is_match(k) {
                    matched = true;
                    check(root, sch, child, &p, errs, depth + 1);
                }
            }
            if !matched {
                match s.get("additionalProperties") {
                    Some(J::Bool(false)) => {
                        errs.push(format!(
                            "- at '{}': additional properties '{k}' not allowed",
                            disp(at)
                        ));
                    }
                    Some(sch @ J::Object(_)) => check(root, sch, child, &p, errs, depth + 1),
                    _ => {}
                }
            }
        }
    }
    if let Some(J::Array(all)) = s.get("allOf") {
        for sch in all {
            check(root, sch, v, at, errs, depth + 1);
        }
    }
    let passes = |sch: &J| {
        let mut e = Vec::new();
        check(root, sch, v, at, &mut e, depth + 1);
        e.is_empty()
    };
    if let Some(J::Array(any)) = s.get("anyOf") {
        if !any.iter().any(passes) {
            errs.push(format!("- at '{}': anyOf failed", disp(at)));
        }
    }
    if let Some(J::Array(one)) = s.get("oneOf") {
        if one.iter().filter(|x| passes(x)).count() != 1 {
            errs.push(format!("- at '{}': oneOf failed", disp(at)));
        }
    }
    if let Some(n) = s.get("not") {
        if passes(n) {
            errs.push(format!("- at '{}': not failed", disp(at)));
        }
    }
    if let Some(cond) = s.get("if") {
        let branch = if passes(cond) {
            s.get("then")
        } else {
            s.get("else")
        };
        if let Some(b) = branch {
            check(root, b, v, at, errs, depth + 1);
        }
    }
}

fn num_eq(a: &J, b: &J) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn disp(at: &str) -> &str {
    if at.is_empty() {
        "/"
    } else {
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn validates_common_keywords() {
        let s = json!({"type": "object", "required": ["a"], "properties": {
            "a": {"type": "integer", "minimum": 1},
            "b": {"$ref": "#/definitions/s"}}, "definitions": {"s": {"enum": ["x", "y"]}}});
        assert!(validate(&s, &json!({"a": 2.0, "b": "x"})).is_empty());
        let e = validate(&s, &json!({"b": "z"}));
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(validate(&s, &json!({"a": "1"})).len(), 1);
    }
}
