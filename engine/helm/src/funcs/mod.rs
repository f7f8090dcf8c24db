//! The function library: Go text/template builtins, Sprig, and Helm's own functions, with the
//! argument conversions Sprig applies (`cast.ToInt64`, `strval`, `empty`), so results match what
//! `helm template` prints. `include`, `tpl`, `and` and `or` live in the executor because they need
//! the template set or short-circuiting; everything else is dispatched from [`call`].
//!
//! `scripts/helm-function-usage.py` counts the functions every template of ../shared/corpus
//! calls (parsed with this crate's parser, vendored archives included) and fails if one is
//! missing here; this module covers each of them plus the rest of the commonly used Sprig set.

pub(crate) mod crypto;
pub(crate) mod fmt;
mod prime;
pub mod semver;
mod time;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use base64::Engine as _;
use sha2::Digest as _;

use crate::exec::{obj, Exec, ExecError};
use crate::objects::Object;
use crate::value::Value;

/// A small deterministic random source (splitmix64), seeded per render.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// Fills a buffer.
    pub fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let r = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&r[..chunk.len()]);
        }
    }
}

/// Sprig's `strval`: strings as-is, everything else as `%v` (nil is `<nil>`).
pub(crate) fn strval(v: &Value) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        other => other.to_go_string_inner(),
    }
}

/// A string argument; nil is empty.
pub(crate) fn to_str(v: &Value) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        Value::Nil => String::new(),
        other => other.to_go_string_inner(),
    }
}

/// `cast.ToInt64`.
pub(crate) fn to_i64(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        #[allow(clippy::cast_possible_truncation)]
        Value::Float(f) => *f as i64,
        Value::Bool(b) => i64::from(*b),
        Value::Str(s) => {
            let t = s.trim();
            match crate::parse::parse_number(t) {
                Some(crate::parse::Num::Int(i)) => i,
                _ => 0,
            }
        }
        _ => 0,
    }
}

/// `cast.ToFloat64`.
pub(crate) fn to_f64(v: &Value) -> f64 {
    match v {
        #[allow(clippy::cast_precision_loss)]
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Str(s) => s.trim().parse().unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Sprig's `empty`.
pub(crate) fn empty(v: &Value) -> bool {
    !v.truthy()
}

fn list_of(v: &Value) -> Result<Vec<Value>, String> {
    match v {
        Value::List(l) => Ok(l.to_vec()),
        Value::Nil => Ok(Vec::new()),
        Value::Obj(o) => Ok(o.as_list()),
        other => Err(format!("Cannot find first on type {}", other.type_name())),
    }
}

fn map_of(v: &Value) -> Option<Rc<RefCell<BTreeMap<String, Value>>>> {
    match v {
        Value::Map(m) => Some(Rc::clone(m)),
        _ => None,
    }
}

fn need(args: &[Value], n: usize, name: &str) -> Result<(), String> {
    if args.len() < n {
        Err(format!(
            "wrong number of args for {name}: want {n} got {}",
            args.len()
        ))
    } else {
        Ok(())
    }
}

fn cmp_values(a: &Value, b: &Value) -> Result<std::cmp::Ordering, String> {
    use Value::{Float, Int, Str};
    match (a, b) {
        (Int(x), Int(y)) => Ok(x.cmp(y)),
        (Int(_) | Float(_), Int(_) | Float(_)) => to_f64(a)
            .partial_cmp(&to_f64(b))
            .ok_or_else(|| "incomparable NaN".to_string()),
        (Str(x), Str(y)) => Ok(x.cmp(y)),
        _ => Err(format!(
            "error calling lt: incompatible types for comparison: {} and {}",
            a.type_name(),
            b.type_name()
        )),
    }
}

fn basic_eq(a: &Value, b: &Value) -> Result<bool, String> {
    use Value::{Bool, Float, Int, Nil, Str};
    Ok(match (a, b) {
        (Nil, Nil) => true,
        (Nil, _) | (_, Nil) => false,
        (Int(_) | Float(_), Int(_) | Float(_)) => a.deep_eq(b),
        (Str(x), Str(y)) => x == y,
        (Bool(x), Bool(y)) => x == y,
        (Value::List(_) | Value::Map(_), _) | (_, Value::List(_) | Value::Map(_)) => {
            return Err("error calling eq: non-comparable types".into())
        }
        _ => {
            return Err(format!(
                "error calling eq: incompatible types for comparison: {} and {}",
                a.type_name(),
                b.type_name()
            ))
        }
    })
}

/// Go's `html/template`-free `urlquery` (QueryEscape).
fn query_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn indent(n: i64, s: &str) -> String {
    let pad = " ".repeat(usize::try_from(n).unwrap_or(0));
    let mut out = String::with_capacity(s.len() + pad.len() * 4);
    out.push_str(&pad);
    for c in s.chars() {
        out.push(c);
        if c == '\n' {
            out.push_str(&pad);
        }
    }
    out
}

/// mergo-style deep merge used by `merge` / `mergeOverwrite`.
fn merge_into(
    dst: &Rc<RefCell<BTreeMap<String, Value>>>,
    src: &Value,
    overwrite: bool,
    depth: usize,
) {
    if depth > 200 {
        return;
    }
    let Value::Map(s) = src else { return };
    if Rc::ptr_eq(dst, s) {
        return;
    }
    let src_items: Vec<(String, Value)> = s
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, sv) in src_items {
        let dv = dst.borrow().get(&k).cloned();
        match (dv, &sv) {
            (Some(Value::Map(dm)), Value::Map(_)) => merge_into(&dm, &sv, overwrite, depth + 1),
            (None, _) => {
                dst.borrow_mut().insert(k, sv.deep_copy());
            }
            (Some(d), _) => {
                if empty(&d) || (overwrite && !empty(&sv)) {
                    dst.borrow_mut().insert(k, sv.deep_copy());
                }
            }
        }
    }
}

/// Compiled regexes are cached per thread: charts call the same few patterns many times.
fn regex(pat: &str) -> Result<regex::Regex, String> {
    thread_local! {
        static CACHE: RefCell<std::collections::HashMap<String, regex::Regex>> =
            RefCell::new(std::collections::HashMap::new());
    }
    CACHE.with(|c| {
        if let Some(r) = c.borrow().get(pat) {
            return Ok(r.clone());
        }
        let r = regex::Regex::new(pat).map_err(|e| format!("regexp: {e}"))?;
        let mut c = c.borrow_mut();
        if c.len() > 512 {
            c.clear();
        }
        c.insert(pat.to_string(), r.clone());
        Ok(r)
    })
}

/// Go's regexp replacement template (`$1`, `${name}`) to Rust's (same syntax, but Rust treats
/// `$1a` as group "1a" too, as Go does), so it passes through.
fn go_replacement(r: &str) -> String {
    r.to_string()
}

fn rand_string(ex: &mut Exec<'_>, n: i64, alphabet: &[u8]) -> Value {
    let n = usize::try_from(n).unwrap_or(0).min(1 << 16);
    let s: String = (0..n)
        .map(|_| alphabet[ex.rng.below(alphabet.len())] as char)
        .collect();
    Value::str(s)
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_letter = false;
    for c in s.chars() {
        if prev_letter {
            out.push(c);
        } else {
            out.extend(c.to_uppercase());
        }
        prev_letter = !c.is_whitespace();
    }
    out
}

fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let boundary = c.is_uppercase()
            && !cur.is_empty()
            && (chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_lowercase() || p.is_ascii_digit())
                || chars.get(i + 1).is_some_and(|n| n.is_lowercase())
                    && cur.chars().last().is_some_and(char::is_uppercase));
        if boundary {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn yaml_parse(s: &str) -> Result<Vec<serde_json::Value>, String> {
    let opts = comply_yaml::Options::default();
    let mut out = Vec::new();
    for d in comply_yaml::parse_stream(s, &opts) {
        match d {
            Ok(doc) => out.push(doc.value),
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(out)
}

fn error_map(msg: String) -> Value {
    let mut m = BTreeMap::new();
    m.insert("Error".to_string(), Value::str(msg));
    Value::map(m)
}

/// Calls function `name` with evaluated arguments.
pub(crate) fn call(ex: &mut Exec<'_>, name: &str, args: Vec<Value>) -> Result<Value, ExecError> {
    match call_inner(ex, name, &args) {
        Ok(v) => Ok(v),
        Err(Failure::User(m)) => Err(ex.user_err(m)),
        Err(Failure::Other(m)) => Err(ex.err(format!("error calling {name}: {m}"))),
        Err(Failure::Exec(e)) => Err(e),
    }
}

pub(crate) enum Failure {
    User(String),
    Other(String),
    Exec(ExecError),
}

impl From<String> for Failure {
    fn from(s: String) -> Self {
        Failure::Other(s)
    }
}

impl From<ExecError> for Failure {
    fn from(e: ExecError) -> Self {
        Failure::Exec(e)
    }
}

#[allow(clippy::too_many_lines)]
fn call_inner(ex: &mut Exec<'_>, name: &str, a: &[Value]) -> Result<Value, Failure> {
    let s = |i: usize| a.get(i).map(strval).unwrap_or_default();
    let ts = |i: usize| a.get(i).map(to_str).unwrap_or_default();
    let last = || a.last().cloned().unwrap_or(Value::Nil);
    let v = match name {
        // --- text/template builtins
        "not" => Value::Bool(!a.first().is_some_and(Value::truthy)),
        "eq" => {
            need(a, 2, name)?;
            let mut r = false;
            for b in &a[1..] {
                if basic_eq(&a[0], b)? {
                    r = true;
                    break;
                }
            }
            Value::Bool(r)
        }
        "ne" => {
            need(a, 2, name)?;
            Value::Bool(!basic_eq(&a[0], &a[1])?)
        }
        "lt" | "le" | "gt" | "ge" => {
            need(a, 2, name)?;
            let o = cmp_values(&a[0], &a[1])?;
            use std::cmp::Ordering::{Greater, Less};
            Value::Bool(match name {
                "lt" => o == Less,
                "le" => o != Greater,
                "gt" => o == Greater,
                _ => o != Less,
            })
        }
        "len" => {
            need(a, 1, name)?;
            Value::Int(match &a[0] {
                Value::Str(s) => s.len() as i64,
                Value::List(l) => l.len() as i64,
                Value::Map(m) => m.borrow().len() as i64,
                Value::Nil => 0,
                Value::Obj(o) => o.as_list().len() as i64,
                other => return Err(format!("len of type {}", other.type_name()).into()),
            })
        }
        "index" => {
            need(a, 1, name)?;
            let mut cur = a[0].clone();
            for k in &a[1..] {
                cur = match (&cur, k) {
                    (Value::Map(m), _) => m.borrow().get(&to_str(k)).cloned().unwrap_or(Value::Nil),
                    (Value::List(l), _) => {
                        let i = to_i64(k);
                        usize::try_from(i)
                            .ok()
                            .and_then(|i| l.get(i).cloned())
                            .ok_or_else(|| format!("index out of range: {i}"))?
                    }
                    (Value::Nil, _) => return Err("index of untyped nil".to_string().into()),
                    (other, _) => return Err(format!("can't index item of type {}", other.type_name()).into()),
                };
            }
            cur
        }
        "slice" => {
            need(a, 1, name)?;
            let lo = a.get(1).map_or(0, to_i64).max(0) as usize;
            match &a[0] {
                Value::List(l) => {
                    let hi = a.get(2).map_or(l.len() as i64, to_i64).max(0) as usize;
                    Value::list(l.get(lo..hi.min(l.len())).unwrap_or(&[]).to_vec())
                }
                Value::Str(st) => {
                    let hi = a.get(2).map_or(st.len() as i64, to_i64).max(0) as usize;
                    Value::str(st.get(lo..hi.min(st.len())).unwrap_or(""))
                }
                other => return Err(format!("can't slice item of type {}", other.type_name()).into()),
            }
        }
        "print" => {
            // fmt.Sprint: spaces between operands when neither is a string.
            let mut out = String::new();
            for (i, v) in a.iter().enumerate() {
                if i > 0 && !matches!(v, Value::Str(_)) && !matches!(a[i - 1], Value::Str(_)) {
                    out.push(' ');
                }
                out.push_str(&strval(v));
            }
            Value::str(out)
        }
        "println" => Value::str(format!("{}\n", a.iter().map(strval).collect::<Vec<_>>().join(" "))),
        "printf" => {
            need(a, 1, name)?;
            Value::str(fmt::sprintf(&ts(0), &a[1..]))
        }
        "urlquery" => Value::str(query_escape(&a.iter().map(strval).collect::<String>())),
        "html" => Value::str(
            a.iter()
                .map(strval)
                .collect::<String>()
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&#34;")
                .replace('\'', "&#39;"),
        ),
        "js" => Value::str(
            a.iter()
                .map(strval)
                .collect::<String>()
                .replace('\\', "\\\\")
                .replace('\'', "\\'")
                .replace('"', "\\\"")
                .replace('<', "\\u003C")
                .replace('>', "\\u003E"),
        ),
        // --- Helm
        "required" => {
            need(a, 2, name)?;
            match &a[1] {
                Value::Nil => return Err(Failure::User(ts(0))),
                Value::Str(x) if x.is_empty() => return Err(Failure::User(ts(0))),
                v => v.clone(),
            }
        }
        "fail" => return Err(Failure::User(ts(0))),
        "lookup" => Value::empty_map(),
        "toYaml" | "mustToYaml" => Value::str(crate::yaml_out::to_yaml(&a.first().cloned().unwrap_or(Value::Nil))),
        "toYamlPretty" => Value::str(crate::yaml_out::to_yaml(&a.first().cloned().unwrap_or(Value::Nil))),
        "fromYaml" => match yaml_parse(&ts(0)) {
            Ok(docs) => match docs.into_iter().next() {
                Some(serde_json::Value::Object(o)) => Value::from_json(&serde_json::Value::Object(o)),
                Some(serde_json::Value::Null) | None => Value::empty_map(),
                Some(_) => error_map("error unmarshaling JSON: json: cannot unmarshal into Go value of type map[string]interface {}".into()),
            },
            Err(e) => error_map(e),
        },
        "fromYamlArray" => match yaml_parse(&ts(0)) {
            Ok(docs) => match docs.into_iter().next() {
                Some(serde_json::Value::Array(arr)) => Value::from_json(&serde_json::Value::Array(arr)),
                Some(serde_json::Value::Null) | None => Value::list(Vec::new()),
                Some(_) => Value::list(vec![Value::str("error unmarshaling JSON: cannot unmarshal object into []interface {}")]),
            },
            Err(e) => Value::list(vec![Value::str(e)]),
        },
        "toJson" | "mustToJson" | "toRawJson" | "mustToRawJson" => {
            let j = crate::yaml_out::to_json(&a.first().cloned().unwrap_or(Value::Nil));
            Value::str(if name.contains("Raw") {
                j.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&")
            } else {
                j
            })
        }
        "toPrettyJson" | "mustToPrettyJson" => Value::str(crate::yaml_out::to_pretty_json(&a.first().cloned().unwrap_or(Value::Nil))),
        "fromJson" | "mustFromJson" => match serde_json::from_str::<serde_json::Value>(&ts(0)) {
            Ok(j @ serde_json::Value::Object(_)) => Value::from_json(&j),
            Ok(_) => error_map("json: cannot unmarshal into map".into()),
            Err(e) => error_map(e.to_string()),
        },
        "fromJsonArray" | "mustFromJsonArray" => match serde_json::from_str::<serde_json::Value>(&ts(0)) {
            Ok(j @ serde_json::Value::Array(_)) => Value::from_json(&j),
            Ok(_) => Value::list(vec![Value::str("json: cannot unmarshal into array")]),
            Err(e) => Value::list(vec![Value::str(e.to_string())]),
        },
        "toToml" => Value::str(crate::toml_out::to_toml(&a.first().cloned().unwrap_or(Value::Nil))),
        // --- defaults and logic
        "default" => {
            need(a, 1, name)?;
            match a.get(1) {
                Some(given) if !empty(given) => given.clone(),
                _ => a[0].clone(),
            }
        }
        "empty" => Value::Bool(a.first().is_none_or(empty)),
        "coalesce" => a.iter().find(|v| !empty(v)).cloned().unwrap_or(Value::Nil),
        "all" => Value::Bool(a.iter().all(|v| !empty(v))),
        "any" => Value::Bool(a.iter().any(|v| !empty(v))),
        "ternary" => {
            need(a, 3, name)?;
            if a[2].truthy() {
                a[0].clone()
            } else {
                a[1].clone()
            }
        }
        "typeOf" => Value::str(a.first().map_or("<nil>", Value::type_name)),
        "kindOf" => Value::str(a.first().map_or("invalid", Value::kind_name)),
        "typeIs" => Value::Bool(a.get(1).map_or("<nil>", Value::type_name) == ts(0)),
        "typeIsLike" => {
            let t = a.get(1).map_or("<nil>", Value::type_name);
            let want = ts(0);
            Value::Bool(t == want || format!("*{t}") == want)
        }
        "kindIs" => Value::Bool(a.get(1).map_or("invalid", Value::kind_name) == ts(0)),
        "deepEqual" => Value::Bool(a.len() >= 2 && a[0].deep_eq(&a[1])),
        // --- strings
        "toString" => Value::str(s(0)),
        "toStrings" => Value::list(list_of(&a.first().cloned().unwrap_or(Value::Nil))?.iter().map(|v| Value::str(strval(v))).collect()),
        "quote" => Value::str(a.iter().filter(|v| !v.is_nil()).map(|v| fmt::go_quote(&strval(v))).collect::<Vec<_>>().join(" ")),
        "squote" => Value::str(a.iter().filter(|v| !v.is_nil()).map(|v| format!("'{}'", strval(v))).collect::<Vec<_>>().join(" ")),
        "cat" => Value::str(a.iter().filter(|v| !v.is_nil()).map(strval).collect::<Vec<_>>().join(" ")),
        "upper" => Value::str(s(0).to_uppercase()),
        "lower" => Value::str(s(0).to_lowercase()),
        "title" => Value::str(title_case(&s(0))),
        "untitle" => Value::str(
            s(0).split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map_or(String::new(), |f| f.to_lowercase().chain(c).collect())
                })
                .collect::<Vec<_>>()
                .join(" "),
        ),
        "trim" => Value::str(s(0).trim()),
        "trimAll" => {
            let cut: Vec<char> = s(0).chars().collect();
            Value::str(s(1).trim_matches(|c| cut.contains(&c)))
        }
        "trimPrefix" => {
            let x = s(1);
            Value::str(x.strip_prefix(&s(0)).unwrap_or(&x))
        }
        "trimSuffix" => {
            let x = s(1);
            Value::str(x.strip_suffix(&s(0)).unwrap_or(&x))
        }
        "contains" => Value::Bool(s(1).contains(&s(0))),
        "hasPrefix" => Value::Bool(s(1).starts_with(&s(0))),
        "hasSuffix" => Value::Bool(s(1).ends_with(&s(0))),
        "replace" => Value::str(s(2).replace(&s(0), &s(1))),
        "repeat" => Value::str(s(1).repeat(usize::try_from(to_i64(&a.first().cloned().unwrap_or(Value::Nil))).unwrap_or(0).min(1 << 20))),
        "substr" => {
            let st = s(2);
            let (lo, hi) = (to_i64(&a[0]), to_i64(a.get(1).unwrap_or(&Value::Nil)));
            let b = st.as_bytes();
            let lo = if lo < 0 { 0 } else { lo as usize };
            let hi = if hi < 0 || hi as usize > b.len() { b.len() } else { hi as usize };
            Value::str(String::from_utf8_lossy(b.get(lo.min(hi)..hi).unwrap_or(&[])).into_owned())
        }
        "trunc" => {
            let n = to_i64(&a.first().cloned().unwrap_or(Value::Nil));
            let st = s(1);
            let b = st.as_bytes();
            let r = if n < 0 {
                let k = n.unsigned_abs() as usize;
                if b.len() > k { &b[b.len() - k..] } else { b }
            } else {
                let k = n as usize;
                if b.len() > k { &b[..k] } else { b }
            };
            Value::str(String::from_utf8_lossy(r).into_owned())
        }
        "abbrev" => {
            let n = usize::try_from(to_i64(&a[0])).unwrap_or(0);
            let st = s(1);
            if st.len() <= n || n < 4 {
                Value::str(st)
            } else {
                Value::str(format!("{}...", &st[..n - 3]))
            }
        }
        "nospace" => Value::str(s(0).chars().filter(|c| !c.is_whitespace()).collect::<String>()),
        "indent" => Value::str(indent(to_i64(&a.first().cloned().unwrap_or(Value::Nil)), &s(1))),
        "nindent" => Value::str(format!("\n{}", indent(to_i64(&a.first().cloned().unwrap_or(Value::Nil)), &s(1)))),
        "plural" => Value::str(if to_i64(a.get(2).unwrap_or(&Value::Nil)) == 1 { s(0) } else { s(1) }),
        "snakecase" => Value::str(words(&s(0)).iter().map(|w| w.to_lowercase()).collect::<Vec<_>>().join("_")),
        "kebabcase" => Value::str(words(&s(0)).iter().map(|w| w.to_lowercase()).collect::<Vec<_>>().join("-")),
        "camelcase" => Value::str(
            s(0).split(['_', '-', ' '])
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
                })
                .collect::<String>(),
        ),
        "swapcase" => Value::str(
            s(0).chars()
                .map(|c| if c.is_uppercase() { c.to_lowercase().collect::<String>() } else { c.to_uppercase().collect() })
                .collect::<String>(),
        ),
        "wrap" => Value::str(wrap(&s(1), usize::try_from(to_i64(&a[0])).unwrap_or(80))),
        "shuffle" => {
            let mut c: Vec<char> = s(0).chars().collect();
            for i in (1..c.len()).rev() {
                let j = ex.rng.below(i + 1);
                c.swap(i, j);
            }
            Value::str(c.into_iter().collect::<String>())
        }
        "split" => {
            let parts: BTreeMap<String, Value> = s(1)
                .split(&s(0))
                .enumerate()
                .map(|(i, p)| (format!("_{i}"), Value::str(p)))
                .collect();
            Value::map(parts)
        }
        "splitn" => {
            let n = usize::try_from(to_i64(&a[1])).unwrap_or(0);
            let parts: BTreeMap<String, Value> = s(2)
                .splitn(n.max(1), &s(0))
                .enumerate()
                .map(|(i, p)| (format!("_{i}"), Value::str(p)))
                .collect();
            Value::map(parts)
        }
        "splitList" => Value::list(s(1).split(&s(0)).map(Value::str).collect()),
        "join" => {
            let sep = s(0);
            let items = match a.get(1) {
                Some(Value::List(l)) => l.iter().filter(|v| !v.is_nil()).map(strval).collect::<Vec<_>>(),
                Some(Value::Str(x)) => vec![x.to_string()],
                Some(other) => vec![strval(other)],
                None => Vec::new(),
            };
            Value::str(items.join(&sep))
        }
        "atoi" => Value::Int(s(0).trim().parse().unwrap_or(0)),
        "int" | "int64" => Value::Int(to_i64(&a.first().cloned().unwrap_or(Value::Nil))),
        "float64" => Value::Float(to_f64(&a.first().cloned().unwrap_or(Value::Nil))),
        "toDecimal" => Value::Int(i64::from_str_radix(&s(0), 8).unwrap_or(0)),
        // --- regex
        "regexMatch" | "mustRegexMatch" => Value::Bool(regex(&s(0))?.is_match(&s(1))),
        "regexFind" | "mustRegexFind" => Value::str(regex(&s(0))?.find(&s(1)).map(|m| m.as_str().to_string()).unwrap_or_default()),
        "regexFindAll" | "mustRegexFindAll" => {
            let n = to_i64(a.get(2).unwrap_or(&Value::Int(-1)));
            let r = regex(&s(0))?;
            let st = s(1);
            let it = r.find_iter(&st).map(|m| Value::str(m.as_str()));
            Value::list(if n < 0 { it.collect() } else { it.take(n as usize).collect() })
        }
        "regexReplaceAll" | "mustRegexReplaceAll" => Value::str(regex(&s(0))?.replace_all(&s(1), go_replacement(&s(2)).as_str()).into_owned()),
        "regexReplaceAllLiteral" | "mustRegexReplaceAllLiteral" => Value::str(regex(&s(0))?.replace_all(&s(1), regex::NoExpand(&s(2))).into_owned()),
        "regexSplit" | "mustRegexSplit" => {
            let n = to_i64(a.get(2).unwrap_or(&Value::Int(-1)));
            let r = regex(&s(0))?;
            let st = s(1);
            Value::list(if n < 0 {
                r.split(&st).map(Value::str).collect()
            } else {
                r.splitn(&st, n as usize).map(Value::str).collect()
            })
        }
        "regexQuoteMeta" => Value::str(regex::escape(&s(0))),
        // --- encoding and hashes
        "b64enc" => Value::str(base64::engine::general_purpose::STANDARD.encode(s(0))),
        "b64dec" => Value::str(match base64::engine::general_purpose::STANDARD.decode(s(0)) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => e.to_string(),
        }),
        "b32enc" => Value::str(base32_encode(s(0).as_bytes())),
        "sha256sum" => Value::str(hex(&sha2::Sha256::digest(s(0).as_bytes()))),
        "sha512sum" => Value::str(hex(&sha2::Sha512::digest(s(0).as_bytes()))),
        "sha1sum" => Value::str(hex(&crypto::sha1(s(0).as_bytes()))),
        "adler32sum" => Value::str(adler32(s(0).as_bytes()).to_string()),
        // --- random
        "randAlphaNum" => rand_string(ex, to_i64(&last()), b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
        "randAlpha" => rand_string(ex, to_i64(&last()), b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
        "randNumeric" => rand_string(ex, to_i64(&last()), b"0123456789"),
        "randAscii" => {
            let ascii: Vec<u8> = (32u8..127).collect();
            rand_string(ex, to_i64(&last()), &ascii)
        }
        "randInt" => {
            let (lo, hi) = (to_i64(&a[0]), to_i64(a.get(1).unwrap_or(&Value::Nil)));
            let span = usize::try_from((hi - lo).max(1)).unwrap_or(1);
            Value::Int(lo + ex.rng.below(span) as i64)
        }
        "uuidv4" => {
            let mut b = [0u8; 16];
            ex.rng.fill(&mut b);
            b[6] = (b[6] & 0x0f) | 0x40;
            b[8] = (b[8] & 0x3f) | 0x80;
            let h = hex(&b);
            Value::str(format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..]))
        }
        // --- math
        "add" => Value::Int(a.iter().map(to_i64).fold(0i64, i64::wrapping_add)),
        "add1" => Value::Int(to_i64(&a[0]).wrapping_add(1)),
        "sub" => Value::Int(to_i64(&a[0]).wrapping_sub(to_i64(a.get(1).unwrap_or(&Value::Nil)))),
        "mul" => Value::Int(a.iter().map(to_i64).fold(1i64, i64::wrapping_mul)),
        "div" => {
            let d = to_i64(a.get(1).unwrap_or(&Value::Nil));
            if d == 0 {
                return Err("runtime error: integer divide by zero".to_string().into());
            }
            Value::Int(to_i64(&a[0]) / d)
        }
        "mod" => {
            let d = to_i64(a.get(1).unwrap_or(&Value::Nil));
            if d == 0 {
                return Err("runtime error: integer divide by zero".to_string().into());
            }
            Value::Int(to_i64(&a[0]) % d)
        }
        "max" => Value::Int(a.iter().map(to_i64).max().unwrap_or(0)),
        "min" => Value::Int(a.iter().map(to_i64).min().unwrap_or(0)),
        "addf" => Value::Float(a.iter().map(to_f64).sum()),
        "add1f" => Value::Float(to_f64(&a[0]) + 1.0),
        "subf" => Value::Float(a.iter().skip(1).fold(to_f64(&a[0]), |x, y| x - to_f64(y))),
        "mulf" => Value::Float(a.iter().map(to_f64).product()),
        "divf" => Value::Float(a.iter().skip(1).fold(to_f64(&a[0]), |x, y| x / to_f64(y))),
        "maxf" => Value::Float(a.iter().map(to_f64).fold(f64::MIN, f64::max)),
        "minf" => Value::Float(a.iter().map(to_f64).fold(f64::MAX, f64::min)),
        "floor" => Value::Float(to_f64(&a[0]).floor()),
        "ceil" => Value::Float(to_f64(&a[0]).ceil()),
        "round" => {
            let p = to_i64(a.get(1).unwrap_or(&Value::Int(0)));
            let m = 10f64.powi(i32::try_from(p).unwrap_or(0));
            Value::Float((to_f64(&a[0]) * m).round() / m)
        }
        "until" => Value::list((0..to_i64(&a[0]).min(1 << 20)).map(Value::Int).collect()),
        "untilStep" => {
            let (start, stop, step) = (to_i64(&a[0]), to_i64(&a[1]), to_i64(&a[2]));
            let mut out = Vec::new();
            let mut i = start;
            while step != 0 && ((step > 0 && i < stop) || (step < 0 && i > stop)) && out.len() < 1 << 20 {
                out.push(Value::Int(i));
                i += step;
            }
            Value::list(out)
        }
        "seq" => {
            let n: Vec<i64> = a.iter().map(to_i64).collect();
            let (start, step, end) = match n.as_slice() {
                [e] => (1, if *e >= 1 { 1 } else { -1 }, *e),
                [s0, e] => (*s0, if e >= s0 { 1 } else { -1 }, *e),
                [s0, st, e] => (*s0, *st, *e),
                _ => (1, 1, 0),
            };
            let mut out = Vec::new();
            let mut i = start;
            while step != 0 && ((step > 0 && i <= end) || (step < 0 && i >= end)) && out.len() < 1 << 20 {
                out.push(i.to_string());
                i += step;
            }
            Value::str(out.join(" "))
        }
        // --- lists
        "list" | "tuple" => Value::list(a.to_vec()),
        "first" | "mustFirst" => list_of(&a[0])?.first().cloned().unwrap_or(Value::Nil),
        "last" | "mustLast" => list_of(&a[0])?.last().cloned().unwrap_or(Value::Nil),
        "rest" | "mustRest" => Value::list(list_of(&a[0])?.into_iter().skip(1).collect()),
        "initial" | "mustInitial" => {
            let mut l = list_of(&a[0])?;
            l.pop();
            Value::list(l)
        }
        "append" | "push" | "mustAppend" | "mustPush" => {
            need(a, 2, name)?;
            let mut l = list_of(&a[0]).map_err(|_| format!("Cannot push on type {}", a[0].type_name()))?;
            l.push(a[1].clone());
            Value::list(l)
        }
        "prepend" | "mustPrepend" => {
            need(a, 2, name)?;
            let mut l = list_of(&a[0])?;
            l.insert(0, a[1].clone());
            Value::list(l)
        }
        "concat" => {
            let mut out = Vec::new();
            for l in a {
                out.extend(list_of(l)?);
            }
            Value::list(out)
        }
        "uniq" | "mustUniq" => {
            let mut out: Vec<Value> = Vec::new();
            for v in list_of(&a[0])? {
                if !out.iter().any(|x| x.deep_eq(&v)) {
                    out.push(v);
                }
            }
            Value::list(out)
        }
        "without" | "mustWithout" => {
            let l = list_of(&a[0])?;
            Value::list(l.into_iter().filter(|v| !a[1..].iter().any(|x| x.deep_eq(v))).collect())
        }
        "has" | "mustHas" => {
            need(a, 2, name)?;
            Value::Bool(list_of(&a[1])?.iter().any(|x| x.deep_eq(&a[0])))
        }
        "compact" | "mustCompact" => Value::list(list_of(&a[0])?.into_iter().filter(|v| !empty(v)).collect()),
        "reverse" | "mustReverse" => {
            let mut l = list_of(&a[0])?;
            l.reverse();
            Value::list(l)
        }
        "sortAlpha" => {
            let mut l: Vec<String> = list_of(&a[0])?.iter().map(strval).collect();
            l.sort();
            Value::list(l.into_iter().map(Value::str).collect())
        }
        "chunk" | "mustChunk" => {
            let n = usize::try_from(to_i64(&a[0])).unwrap_or(1).max(1);
            Value::list(list_of(&a[1])?.chunks(n).map(|c| Value::list(c.to_vec())).collect())
        }
        // --- dicts
        "dict" => {
            let mut m = BTreeMap::new();
            for pair in a.chunks(2) {
                let k = strval(&pair[0]);
                m.insert(k, pair.get(1).cloned().unwrap_or(Value::Nil));
            }
            Value::map(m)
        }
        "get" => {
            need(a, 2, name)?;
            match map_of(&a[0]) {
                Some(m) => m.borrow().get(&s(1)).cloned().unwrap_or_else(|| Value::str("")),
                None => Value::str(""),
            }
        }
        "set" => {
            need(a, 3, name)?;
            let m = map_of(&a[0]).ok_or_else(|| format!("set on {}", a[0].type_name()))?;
            m.borrow_mut().insert(s(1), a[2].clone());
            a[0].clone()
        }
        "unset" => {
            need(a, 2, name)?;
            if let Some(m) = map_of(&a[0]) {
                m.borrow_mut().remove(&s(1));
            }
            a[0].clone()
        }
        "hasKey" => {
            need(a, 2, name)?;
            Value::Bool(map_of(&a[0]).is_some_and(|m| m.borrow().contains_key(&s(1))))
        }
        "pluck" => {
            let k = s(0);
            Value::list(a[1..].iter().filter_map(map_of).filter_map(|m| m.borrow().get(&k).cloned()).collect())
        }
        "keys" => {
            let mut ks: Vec<String> = Vec::new();
            for m in a.iter().filter_map(map_of) {
                ks.extend(m.borrow().keys().cloned());
            }
            Value::list(ks.into_iter().map(Value::str).collect())
        }
        "values" => Value::list(map_of(&a[0]).map(|m| m.borrow().values().cloned().collect()).unwrap_or_default()),
        "omit" | "pick" => {
            let m = map_of(&a[0]).ok_or_else(|| format!("{name} on {}", a[0].type_name()))?;
            let ks: Vec<String> = a[1..].iter().map(strval).collect();
            let keep = name == "pick";
            let out: BTreeMap<String, Value> = m
                .borrow()
                .iter()
                .filter(|(k, _)| ks.contains(k) == keep)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            Value::map(out)
        }
        "dig" => {
            need(a, 3, name)?;
            let n = a.len();
            let default = a[n - 2].clone();
            let mut cur = a[n - 1].clone();
            for k in &a[..n - 2] {
                let next = match &cur {
                    Value::Map(m) => m.borrow().get(&strval(k)).cloned(),
                    _ => None,
                };
                match next {
                    Some(v) => cur = v,
                    None => return Ok(default),
                }
            }
            cur
        }
        "merge" | "mustMerge" | "mergeOverwrite" | "mustMergeOverwrite" => {
            need(a, 1, name)?;
            let dst = map_of(&a[0]).ok_or_else(|| format!("{name}: destination is {}", a[0].type_name()))?;
            let ow = name.contains("Overwrite");
            for src in &a[1..] {
                merge_into(&dst, src, ow, 0);
            }
            a[0].clone()
        }
        "deepCopy" | "mustDeepCopy" => a.first().map(Value::deep_copy).unwrap_or(Value::Nil),
        // --- semver
        "semver" => obj(Object::Semver(semver::Version::parse(&s(0))?)),
        "semverCompare" => {
            need(a, 2, name)?;
            let v = semver::Version::parse(&s(1))?;
            Value::Bool(semver::satisfies(&s(0), &v)?)
        }
        // --- dates
        "now" => Value::str(time::now_rfc3339()),
        "date" => Value::str(time::format_date(&s(0), a.get(1).unwrap_or(&Value::Nil), "UTC")),
        "dateInZone" => Value::str(time::format_date(&s(0), a.get(1).unwrap_or(&Value::Nil), &s(2))),
        "unixEpoch" => Value::str(time::unix_of(a.first().unwrap_or(&Value::Nil)).to_string()),
        // --- urls
        "urlParse" => {
            let u = s(0);
            let mut m = BTreeMap::new();
            let (scheme, rest) = u.split_once("://").unwrap_or(("", u.as_str()));
            let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
            let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
            let (authority, path) = match rest.find('/') {
                Some(i) if !scheme.is_empty() => (&rest[..i], &rest[i..]),
                _ if !scheme.is_empty() => (rest, ""),
                _ => ("", rest),
            };
            let (userinfo, host) = authority.rsplit_once('@').unwrap_or(("", authority));
            m.insert("scheme".into(), Value::str(scheme));
            m.insert("host".into(), Value::str(host));
            m.insert("hostname".into(), Value::str(host.rsplit_once(':').map_or(host, |(h, _)| h)));
            m.insert("path".into(), Value::str(path));
            m.insert("query".into(), Value::str(query));
            m.insert("opaque".into(), Value::str(""));
            m.insert("fragment".into(), Value::str(fragment));
            m.insert("userinfo".into(), Value::str(userinfo));
            Value::map(m)
        }
        // --- crypto
        "htpasswd" => Value::str(crypto::htpasswd(ex, &s(0), &s(1))),
        "genPrivateKey" => Value::str(crypto::gen_private_key(ex, &s(0))?),
        "genCA" => crypto::gen_ca(ex, &s(0), to_i64(a.get(1).unwrap_or(&Value::Int(365))))?,
        "genCAWithKey" => crypto::gen_ca_with_key(ex, &s(0), to_i64(a.get(1).unwrap_or(&Value::Int(365))), &s(2))?,
        "genSelfSignedCert" => crypto::gen_self_signed(ex, &s(0), a.get(1), a.get(2), to_i64(a.get(3).unwrap_or(&Value::Int(365))), None)?,
        "genSelfSignedCertWithKey" => crypto::gen_self_signed(ex, &s(0), a.get(1), a.get(2), to_i64(a.get(3).unwrap_or(&Value::Int(365))), Some(&s(4)))?,
        "genSignedCert" => crypto::gen_signed(ex, &s(0), a.get(1), a.get(2), to_i64(a.get(3).unwrap_or(&Value::Int(365))), a.get(4), None)?,
        "genSignedCertWithKey" => crypto::gen_signed(ex, &s(0), a.get(1), a.get(2), to_i64(a.get(3).unwrap_or(&Value::Int(365))), a.get(4), Some(&s(5)))?,
        "buildCustomCert" => crypto::build_custom_cert(&s(0), &s(1))?,
        "derivePassword" => Value::str(hex(&sha2::Sha256::digest(format!("{}{}{}{}{}", s(0), s(1), s(2), s(3), s(4)).as_bytes()))),
        // Helm removes these for safety; mirror that.
        "env" | "expandenv" => Value::str(""),
        _ => return Err(Failure::Other(format!("function {name:?} not defined"))),
    };
    Ok(v)
}

fn wrap(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for w in s.split(' ') {
        if line > 0 && line + 1 + w.len() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(w);
        line += w.len();
    }
    out
}

pub(crate) fn hex(b: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}

fn adler32(b: &[u8]) -> u32 {
    let (mut x, mut y) = (1u32, 0u32);
    for &c in b {
        x = (x + u32::from(c)) % 65521;
        y = (y + x) % 65521;
    }
    (y << 16) | x
}

fn base32_encode(b: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    for chunk in b.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let n = u64::from_be_bytes([0, 0, 0, buf[0], buf[1], buf[2], buf[3], buf[4]]);
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..8 {
            if i < chars {
                out.push(A[((n >> (35 - i * 5)) & 31) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_like_sprig() {
        assert_eq!(words("fooBar baz_qux"), vec!["foo", "Bar", "baz", "qux"]);
        assert_eq!(base32_encode(b"hi"), "NBUQ====");
        assert_eq!(adler32(b"Wikipedia"), 300_286_872);
    }
}
