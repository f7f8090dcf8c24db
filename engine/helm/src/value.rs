//! The values a template computes with, shaped like Go's `interface{}` as Helm sees it.
//!
//! Maps are shared and mutable (`Rc<RefCell<..>>`) because Go maps are reference types and
//! charts rely on it (`$_ := set $ctx "k" v` changes `$ctx` everywhere). Keys iterate in sorted
//! order, which is what text/template's `range`, `toYaml` and `toJson` do with Go maps. Values
//! read from YAML files keep Helm's number model: every number is a float64, as
//! `sigs.k8s.io/yaml` decodes them. Context objects with methods (`.Files`, `.Capabilities`, a
//! parsed semver) are [`Object`]s so that `.Files.Get "x"` can be called with arguments.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::rc::Rc;

/// A shared, mutable map with sorted keys.
pub type MapRef = Rc<RefCell<BTreeMap<String, Value>>>;

/// A template value.
#[derive(Debug, Clone, Default)]
pub enum Value {
    /// Go's nil (and a missing map key).
    #[default]
    Nil,
    /// A boolean.
    Bool(bool),
    /// A signed integer (template literals, `len`, Sprig math).
    Int(i64),
    /// A float64 (every number read from YAML or JSON).
    Float(f64),
    /// A string.
    Str(Rc<str>),
    /// A slice.
    List(Rc<Vec<Value>>),
    /// A map with string keys.
    Map(MapRef),
    /// A context object with fields and methods.
    Obj(Rc<crate::objects::Object>),
}

impl Value {
    /// A string value.
    pub fn str(s: impl Into<Rc<str>>) -> Self {
        Self::Str(s.into())
    }

    /// A new map value.
    pub fn map(m: BTreeMap<String, Value>) -> Self {
        Self::Map(Rc::new(RefCell::new(m)))
    }

    /// A new list value.
    pub fn list(v: Vec<Value>) -> Self {
        Self::List(Rc::new(v))
    }

    /// An empty map.
    pub fn empty_map() -> Self {
        Self::map(BTreeMap::new())
    }

    /// Go truthiness: false, 0, nil, and empty strings/collections are false.
    pub fn truthy(&self) -> bool {
        match self {
            Self::Nil => false,
            Self::Bool(b) => *b,
            Self::Int(i) => *i != 0,
            Self::Float(f) => *f != 0.0,
            Self::Str(s) => !s.is_empty(),
            Self::List(l) => !l.is_empty(),
            Self::Map(m) => !m.borrow().is_empty(),
            Self::Obj(o) => o.truthy(),
        }
    }

    /// The Go kind name (`kindOf`).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Self::Nil => "invalid",
            Self::Bool(_) => "bool",
            Self::Int(_) => "int",
            Self::Float(_) => "float64",
            Self::Str(_) => "string",
            Self::List(_) => "slice",
            Self::Map(_) => "map",
            Self::Obj(_) => "struct",
        }
    }

    /// The Go type name (`typeOf`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Nil => "<nil>",
            Self::Bool(_) => "bool",
            Self::Int(_) => "int",
            Self::Float(_) => "float64",
            Self::Str(_) => "string",
            Self::List(_) => "[]interface {}",
            Self::Map(_) => "map[string]interface {}",
            Self::Obj(o) => o.type_name(),
        }
    }

    /// The string inside, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this is nil.
    pub fn is_nil(&self) -> bool {
        matches!(self, Self::Nil)
    }

    /// Go's `fmt.Sprint` of the value (`%v`).
    pub fn to_go_string(&self) -> String {
        let mut s = String::new();
        self.write_go(&mut s, true);
        s
    }

    /// Appends the `%v` rendering; `top` is false inside collections (nil prints `<nil>` there).
    pub fn write_go(&self, out: &mut String, top: bool) {
        match self {
            Self::Nil => out.push_str(if top { "<no value>" } else { "<nil>" }),
            Self::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Self::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Self::Float(f) => out.push_str(&format_float_g(*f)),
            Self::Str(s) => out.push_str(s),
            Self::List(l) => {
                out.push('[');
                for (i, v) in l.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    v.write_go(out, false);
                }
                out.push(']');
            }
            Self::Map(m) => {
                out.push_str("map[");
                for (i, (k, v)) in m.borrow().iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(k);
                    out.push(':');
                    v.write_go(out, false);
                }
                out.push(']');
            }
            Self::Obj(o) => out.push_str(&o.display()),
        }
    }

    /// A deep copy (maps become new maps).
    pub fn deep_copy(&self) -> Value {
        match self {
            Self::Map(m) => Value::map(
                m.borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.deep_copy()))
                    .collect(),
            ),
            Self::List(l) => Value::list(l.iter().map(Value::deep_copy).collect()),
            other => other.clone(),
        }
    }

    /// Converts from JSON (numbers become float64, as Helm's YAML decoding makes them).
    pub fn from_json(v: &serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Nil,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
            serde_json::Value::String(s) => Value::str(s.as_str()),
            serde_json::Value::Array(a) => Value::list(a.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(o) => Value::map(
                o.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Converts to JSON (objects become their display string).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Self::Nil => serde_json::Value::Null,
            Self::Bool(b) => serde_json::Value::Bool(*b),
            Self::Int(i) => serde_json::Value::from(*i),
            Self::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 9.0e15 {
                    #[allow(clippy::cast_possible_truncation)]
                    serde_json::Value::from(*f as i64)
                } else {
                    serde_json::Number::from_f64(*f)
                        .map_or(serde_json::Value::Null, serde_json::Value::Number)
                }
            }
            Self::Str(s) => serde_json::Value::String(s.to_string()),
            Self::List(l) => serde_json::Value::Array(l.iter().map(Value::to_json).collect()),
            Self::Map(m) => serde_json::Value::Object(
                m.borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
            Self::Obj(o) => o.to_json(),
        }
    }

    /// Structural equality (Go `reflect.DeepEqual`-like; numbers compare by value).
    pub fn deep_eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Self::Nil, Self::Nil) => true,
            (Self::Bool(a), Self::Bool(b)) => a == b,
            (Self::Str(a), Self::Str(b)) => a == b,
            (Self::Int(a), Self::Int(b)) => a == b,
            #[allow(clippy::cast_precision_loss)]
            (Self::Int(a), Self::Float(b)) | (Self::Float(b), Self::Int(a)) => (*a as f64) == *b,
            (Self::Float(a), Self::Float(b)) => a == b,
            (Self::List(a), Self::List(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.deep_eq(y))
            }
            (Self::Map(a), Self::Map(b)) => {
                if Rc::ptr_eq(a, b) {
                    return true;
                }
                let (a, b) = (a.borrow(), b.borrow());
                a.len() == b.len()
                    && a.iter()
                        .zip(b.iter())
                        .all(|((ka, va), (kb, vb))| ka == kb && va.deep_eq(vb))
            }
            (Self::Obj(a), Self::Obj(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)` as `%v` prints a float64.
pub fn format_float_g(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.into();
    }
    // Shortest round-trip digits via Rust's `{:e}` formatting; Go switches to the exponent
    // form when the exponent is < -4 or >= 6 (precision 6 is used for the shortest form).
    let e = format!("{f:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((e.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        return go_exp(mant, exp);
    }
    format!("{f}")
}

fn go_exp(mant: &str, exp: i32) -> String {
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mant}e{sign}{:02}", exp.abs())
}

#[cfg(test)]
mod tests {
    use super::format_float_g;

    #[test]
    fn floats_print_like_go() {
        assert_eq!(format_float_g(3.0), "3");
        assert_eq!(format_float_g(100000.0), "100000");
        assert_eq!(format_float_g(1_000_000.0), "1e+06");
        assert_eq!(format_float_g(1_234_567.0), "1.234567e+06");
        assert_eq!(format_float_g(0.5), "0.5");
        assert_eq!(format_float_g(0.0001), "0.0001");
        assert_eq!(format_float_g(0.00001), "1e-05");
        assert_eq!(format_float_g(2.5e21), "2.5e+21");
        assert_eq!(format_float_g(123_456.0), "123456");
    }
}
