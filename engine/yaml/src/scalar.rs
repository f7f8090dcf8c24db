//! Scalar resolution: turns the text of a scalar into a JSON value according to the chosen
//! [`Schema`] and an optional explicit core tag (`!!str`, `!!int`, ...). JSON cannot hold
//! infinities or NaN, so `.inf`/`.nan` stay strings under every schema.

use std::borrow::Cow;

use serde_json::{Number, Value};

use crate::options::Schema;

/// The core-schema tags comply honours; anything else resolves like an untagged scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CoreTag {
    Str,
    Int,
    Bool,
    Float,
    Null,
}

impl CoreTag {
    /// Maps the suffix of a `tag:yaml.org,2002:` tag.
    pub(crate) fn from_suffix(suffix: &str) -> Option<Self> {
        Some(match suffix {
            "str" => Self::Str,
            "int" => Self::Int,
            "bool" => Self::Bool,
            "float" => Self::Float,
            "null" => Self::Null,
            _ => return None,
        })
    }
}

/// Resolves an untagged plain scalar.
pub(crate) fn resolve_plain(text: Cow<'_, str>, schema: Schema) -> Value {
    if let Some(v) = resolve_null_bool(&text, schema) {
        return v;
    }
    if let Some(b'0'..=b'9' | b'+' | b'-' | b'.') = text.as_bytes().first() {
        if let Some(n) = number(&text, schema) {
            return n;
        }
    }
    Value::String(text.into_owned())
}

/// Resolves a scalar carrying an explicit core tag. `Err` carries a message when the text
/// cannot be read as the tagged type.
pub(crate) fn resolve_tagged(
    text: Cow<'_, str>,
    tag: CoreTag,
    schema: Schema,
) -> Result<Value, String> {
    match tag {
        CoreTag::Str => Ok(Value::String(text.into_owned())),
        CoreTag::Null => Ok(Value::Null),
        CoreTag::Bool => match resolve_null_bool(&text, schema) {
            Some(v @ Value::Bool(_)) => Ok(v),
            _ => Err(format!("cannot read {text:?} as !!bool")),
        },
        CoreTag::Int => match number(&text, schema) {
            Some(v) if v.is_i64() || v.is_u64() => Ok(v),
            _ => Err(format!("cannot read {text:?} as !!int")),
        },
        CoreTag::Float => {
            if is_special_float(&text) {
                return Ok(Value::String(text.into_owned()));
            }
            match number(&text, schema)
                .and_then(|v| v.as_f64())
                .and_then(Number::from_f64)
            {
                Some(n) => Ok(Value::Number(n)),
                None => Err(format!("cannot read {text:?} as !!float")),
            }
        }
    }
}

fn resolve_null_bool(text: &str, schema: Schema) -> Option<Value> {
    let v = match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if schema == Schema::Core => return None,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Value::Bool(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Value::Bool(false),
        _ => return None,
    };
    Some(v)
}

/// `.inf`, `-.Inf`, `.NaN` and friends: floats JSON cannot represent.
fn is_special_float(text: &str) -> bool {
    let t = text.strip_prefix(['+', '-']).unwrap_or(text);
    matches!(t, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN")
}

/// Reads an integer or float, or `None` when the text is not a number under the schema.
fn number(text: &str, schema: Schema) -> Option<Value> {
    match schema {
        Schema::Yaml11 => number_yaml11(text),
        Schema::Core => number_core(text),
    }
}

/// go-yaml v2: strip `_`, then Go's `ParseInt(s, 0, 64)` / `ParseUint`, then the YAML float
/// pattern. Integers too large for 64 bits fall through to the float reading.
fn number_yaml11(text: &str) -> Option<Value> {
    let owned;
    let plain = if text.contains('_') {
        owned = text.replace('_', "");
        owned.as_str()
    } else {
        text
    };
    let (negative, rest) = split_sign(plain);
    let (radix, digits) = if let Some(d) = strip_prefix_ci(rest, "0x") {
        (16, d)
    } else if let Some(d) = strip_prefix_ci(rest, "0b") {
        (2, d)
    } else if let Some(d) = strip_prefix_ci(rest, "0o") {
        (8, d)
    } else if let Some(d) = rest.strip_prefix('0').filter(|d| !d.is_empty()) {
        (8, d)
    } else {
        (10, rest)
    };
    if let Some(v) = integer(negative, digits, radix) {
        return Some(v);
    }
    float(plain)
}

/// YAML 1.2 core: decimal `[-+]?[0-9]+`, `0o` octal, `0x` hex, and the float pattern.
fn number_core(text: &str) -> Option<Value> {
    if let Some(d) = text.strip_prefix("0o") {
        return integer(false, d, 8);
    }
    if let Some(d) = text.strip_prefix("0x") {
        return integer(false, d, 16);
    }
    let (negative, digits) = split_sign(text);
    integer(negative, digits, 10).or_else(|| float(text))
}

fn split_sign(s: &str) -> (bool, &str) {
    if let Some(r) = s.strip_prefix('-') {
        (true, r)
    } else {
        (false, s.strip_prefix('+').unwrap_or(s))
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// Digits in `radix` (no sign, non-empty) → an i64 or u64 value; `None` if not digits or too big.
fn integer(negative: bool, digits: &str, radix: u32) -> Option<Value> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if negative {
        if magnitude == 1 << 63 {
            return Some(Value::from(i64::MIN));
        }
        let m = i64::try_from(magnitude).ok()?;
        Some(Value::from(-m))
    } else {
        Some(Value::from(magnitude))
    }
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, finite only.
fn float(text: &str) -> Option<Value> {
    if !is_float_syntax(text) {
        return None;
    }
    let f: f64 = text.parse().ok()?;
    Number::from_f64(f).map(Value::Number)
}

fn is_float_syntax(text: &str) -> bool {
    let (_, s) = split_sign(text);
    let b = s.as_bytes();
    let digits = |from: usize| {
        b.iter()
            .skip(from)
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let mut i = digits(0);
    let int_digits = i;
    if b.get(i) == Some(&b'.') {
        let frac = digits(i + 1);
        if int_digits == 0 && frac == 0 {
            return false;
        }
        i += 1 + frac;
    } else if int_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = digits(i);
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn y11(s: &str) -> Value {
        resolve_plain(s.into(), Schema::Yaml11)
    }
    fn core(s: &str) -> Value {
        resolve_plain(s.into(), Schema::Core)
    }

    #[test]
    fn yaml11_booleans_and_nulls() {
        for t in [
            "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE",
        ] {
            assert_eq!(y11(t), json!(true), "{t}");
        }
        for t in [
            "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE",
        ] {
            assert_eq!(y11(t), json!(false), "{t}");
        }
        for t in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(y11(t), Value::Null, "{t}");
        }
        for t in ["yEs", "oN", "nULL", "tRUE"] {
            assert_eq!(y11(t), json!(t), "{t}");
        }
    }

    #[test]
    fn yaml11_numbers_follow_go_yaml_v2() {
        assert_eq!(y11("0777"), json!(511));
        assert_eq!(y11("-0777"), json!(-511));
        assert_eq!(y11("0x1F"), json!(31));
        assert_eq!(y11("0b101"), json!(5));
        assert_eq!(y11("-0b101"), json!(-5));
        assert_eq!(y11("0o17"), json!(15));
        assert_eq!(y11("1_000"), json!(1000));
        assert_eq!(y11("+12"), json!(12));
        assert_eq!(y11("0"), json!(0));
        assert_eq!(y11("-9223372036854775808"), json!(i64::MIN));
        assert_eq!(y11("18446744073709551615"), json!(u64::MAX));
        assert_eq!(y11("1.5"), json!(1.5));
        assert_eq!(y11(".5"), json!(0.5));
        assert_eq!(y11("1e3"), json!(1000.0));
        // ParseInt rejects 08 as octal; go-yaml then reads it as a float.
        assert_eq!(y11("08"), json!(8.0));
        // Beyond 64 bits: a float, like go-yaml.
        assert!(y11("123456789012345678901234567890").is_f64());
        assert!(y11("-18446744073709551616").is_f64());
        assert_eq!(y11("1_"), json!(1));
        for t in [
            ".inf", "-.inf", ".NaN", "1e400", "1.2.3", "-", "+", ".", "0x", "_1", "12:30", "1e",
        ] {
            assert_eq!(y11(t), json!(t), "{t}");
        }
    }

    #[test]
    fn core_schema_is_strict() {
        assert_eq!(core("yes"), json!("yes"));
        assert_eq!(core("on"), json!("on"));
        assert_eq!(core("true"), json!(true));
        assert_eq!(core("0777"), json!(777));
        assert_eq!(core("0o17"), json!(15));
        assert_eq!(core("0x1F"), json!(31));
        assert_eq!(core("0b101"), json!("0b101"));
        assert_eq!(core("1_000"), json!("1_000"));
        assert_eq!(core("-12"), json!(-12));
        assert_eq!(core("1.25e2"), json!(125.0));
        assert!(core("99999999999999999999999").is_f64());
        assert_eq!(core(".inf"), json!(".inf"));
        assert_eq!(core("~"), Value::Null);
    }

    #[test]
    fn tags_override_resolution() {
        let s = Schema::Yaml11;
        assert_eq!(
            resolve_tagged("yes".into(), CoreTag::Str, s),
            Ok(json!("yes"))
        );
        assert_eq!(
            resolve_tagged("0777".into(), CoreTag::Int, s),
            Ok(json!(511))
        );
        assert_eq!(
            resolve_tagged("0777".into(), CoreTag::Int, Schema::Core),
            Ok(json!(777))
        );
        assert_eq!(
            resolve_tagged("3".into(), CoreTag::Float, s),
            Ok(json!(3.0))
        );
        assert_eq!(
            resolve_tagged("yes".into(), CoreTag::Bool, s),
            Ok(json!(true))
        );
        assert_eq!(
            resolve_tagged("anything".into(), CoreTag::Null, s),
            Ok(Value::Null)
        );
        assert!(resolve_tagged("abc".into(), CoreTag::Int, s).is_err());
        assert!(resolve_tagged("1.5".into(), CoreTag::Int, s).is_err());
        assert!(resolve_tagged("yes".into(), CoreTag::Bool, Schema::Core).is_err());
        assert_eq!(
            resolve_tagged(".inf".into(), CoreTag::Float, s),
            Ok(json!(".inf"))
        );
    }
}
