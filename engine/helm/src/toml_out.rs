//! `toToml`: TOML for a map value, as BurntSushi/toml encodes Go maps (plain keys first, then
//! tables and arrays of tables, keys sorted).

use crate::value::Value;

fn key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        crate::funcs::fmt::go_quote(k)
    }
}

fn scalar(v: &Value) -> Option<String> {
    Some(match v {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{f:.1}")
            } else {
                f.to_string()
            }
        }
        Value::Str(s) => crate::funcs::fmt::go_quote(s),
        Value::List(l) if !l.iter().any(|x| matches!(x, Value::Map(_))) => {
            let items: Vec<String> = l.iter().filter_map(scalar).collect();
            format!("[{}]", items.join(", "))
        }
        _ => return None,
    })
}

fn table(v: &Value, prefix: &str, out: &mut String) {
    let Value::Map(m) = v else { return };
    let m = m.borrow();
    for (k, x) in m.iter() {
        if let Some(s) = scalar(x) {
            out.push_str(&format!("{}{} = {s}\n", indent(prefix), key(k)));
        }
    }
    for (k, x) in m.iter() {
        let path = if prefix.is_empty() {
            key(k)
        } else {
            format!("{prefix}.{}", key(k))
        };
        match x {
            Value::Map(_) => {
                out.push_str(&format!("\n{}[{path}]\n", indent(prefix)));
                table(x, &path, out);
            }
            Value::List(l) if l.iter().any(|i| matches!(i, Value::Map(_))) => {
                for item in l.iter() {
                    out.push_str(&format!("\n{}[[{path}]]\n", indent(prefix)));
                    table(item, &path, out);
                }
            }
            _ => {}
        }
    }
}

fn indent(prefix: &str) -> String {
    if prefix.is_empty() {
        String::new()
    } else {
        "  ".repeat(prefix.matches('.').count() + 1)
    }
}

/// Encodes a map as TOML; other values give an empty string.
pub(crate) fn to_toml(v: &Value) -> String {
    let mut out = String::new();
    table(v, "", &mut out);
    out
}
