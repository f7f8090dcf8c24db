//! The Terraform function library, as far as static evaluation can go. Every built-in that
//! appears in resource arguments across the public corpora is here (the list is checked by a
//! test against `../shared/corpus`). Functions whose result Terraform only knows at apply time
//! (`timestamp`, `uuid`) or that comply does not compute (`bcrypt`, `md5`, `sha1`) return
//! unknown. An argument that is unknown makes the result unknown, except where the function
//! only looks at the structure (`length`, `merge`, `concat`, ...).

use regex::Regex;
use sha2::Digest;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::value::{fmt_num, Val};
use comply_model::calendar::{civil_from_days, days_from_civil, MONTH_NAMES};

/// Every function name comply evaluates (besides `try`, `can` and `templatefile`, which the
/// evaluator handles itself because they need unevaluated arguments or the evaluator).
pub const FUNCTIONS: &[&str] = &[
    "abs",
    "abspath",
    "alltrue",
    "anytrue",
    "base64decode",
    "base64encode",
    "base64gzip",
    "base64sha256",
    "base64sha512",
    "basename",
    "bcrypt",
    "can",
    "ceil",
    "chomp",
    "chunklist",
    "cidrhost",
    "cidrnetmask",
    "cidrsubnet",
    "cidrsubnets",
    "coalesce",
    "coalescelist",
    "compact",
    "concat",
    "contains",
    "csvdecode",
    "dirname",
    "distinct",
    "element",
    "endswith",
    "file",
    "filebase64",
    "filebase64sha256",
    "filebase64sha512",
    "fileexists",
    "filemd5",
    "fileset",
    "filesha1",
    "filesha256",
    "filesha512",
    "flatten",
    "floor",
    "format",
    "formatdate",
    "formatlist",
    "indent",
    "index",
    "issensitive",
    "join",
    "jsondecode",
    "jsonencode",
    "keys",
    "length",
    "list",
    "log",
    "lookup",
    "lower",
    "map",
    "matchkeys",
    "max",
    "md5",
    "merge",
    "min",
    "nonsensitive",
    "one",
    "parseint",
    "pathexpand",
    "plantimestamp",
    "pow",
    "range",
    "regex",
    "regexall",
    "replace",
    "reverse",
    "rsadecrypt",
    "sensitive",
    "setintersection",
    "setproduct",
    "setsubtract",
    "setunion",
    "sha1",
    "sha256",
    "sha512",
    "signum",
    "slice",
    "sort",
    "split",
    "startswith",
    "strcontains",
    "strrev",
    "substr",
    "sum",
    "templatefile",
    "textdecodebase64",
    "textencodebase64",
    "timeadd",
    "timecmp",
    "timestamp",
    "title",
    "tobool",
    "tolist",
    "tomap",
    "tonumber",
    "toset",
    "tostring",
    "transpose",
    "trim",
    "trimprefix",
    "trimspace",
    "trimsuffix",
    "try",
    "type",
    "upper",
    "urlencode",
    "uuid",
    "uuidv5",
    "values",
    "yamldecode",
    "yamlencode",
    "zipmap",
];

type R = Result<Val, String>;

/// Largest collection a function may build (range, setproduct, ...).
const MAX_ITEMS: usize = 100_000;

/// Calls a function; `None` when the name is not a known function.
pub(crate) fn call(name: &str, args: &[Val], base: &Path) -> Option<R> {
    let structural = matches!(
        name,
        "length"
            | "merge"
            | "concat"
            | "keys"
            | "values"
            | "lookup"
            | "element"
            | "flatten"
            | "slice"
            | "tolist"
            | "tomap"
            | "one"
            | "coalescelist"
            | "reverse"
            | "zipmap"
            | "compact"
            | "coalesce"
            | "try"
            | "nonsensitive"
            | "sensitive"
            | "chunklist"
            | "index"
            | "contains"
            | "alltrue"
            | "anytrue"
            | "setunion"
            | "toset"
            | "distinct"
    );
    if !FUNCTIONS.contains(&name) {
        return None;
    }
    if structural {
        if args.iter().any(Val::is_unknown) {
            return Some(Ok(Val::Unknown));
        }
    } else if args.iter().any(Val::has_unknown) {
        return Some(Ok(Val::Unknown));
    }
    Some(dispatch(name, args, base))
}

fn arg(args: &[Val], i: usize) -> Result<&Val, String> {
    args.get(i)
        .ok_or_else(|| format!("missing argument {}", i + 1))
}

fn s(args: &[Val], i: usize) -> Result<String, String> {
    let v = arg(args, i)?;
    v.to_text()
        .ok_or_else(|| format!("argument {} must be a string, not {}", i + 1, v.type_name()))
}

fn n(args: &[Val], i: usize) -> Result<f64, String> {
    let v = arg(args, i)?;
    v.to_num()
        .ok_or_else(|| format!("argument {} must be a number, not {}", i + 1, v.type_name()))
}

fn idx(args: &[Val], i: usize) -> Result<usize, String> {
    let x = n(args, i)?;
    if x < 0.0 || x.fract() != 0.0 {
        return Err(format!(
            "argument {} must be a non-negative whole number",
            i + 1
        ));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(x as usize)
}

fn list(args: &[Val], i: usize) -> Result<&Vec<Val>, String> {
    match arg(args, i)? {
        Val::List(l) => Ok(l),
        v => Err(format!(
            "argument {} must be a list, not {}",
            i + 1,
            v.type_name()
        )),
    }
}

fn map(args: &[Val], i: usize) -> Result<&BTreeMap<String, Val>, String> {
    match arg(args, i)? {
        Val::Map(m) => Ok(m),
        v => Err(format!(
            "argument {} must be a map, not {}",
            i + 1,
            v.type_name()
        )),
    }
}

/// Strings of a list argument (all elements must be known strings).
fn strings(l: &[Val]) -> Result<Vec<String>, String> {
    l.iter()
        .map(|v| {
            v.to_text()
                .ok_or_else(|| format!("expected strings, found {}", v.type_name()))
        })
        .collect()
}

fn set_of(items: impl IntoIterator<Item = Val>) -> Val {
    let mut out: Vec<Val> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    Val::List(out)
}

fn resolve(base: &Path, p: &str) -> PathBuf {
    let p = Path::new(p);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    }
}

/// Reads a file for `file()`-like functions (1 MiB limit: a policy never needs more).
pub(crate) fn read_file(base: &Path, p: &str) -> Result<String, String> {
    let path = resolve(base, p);
    let meta = std::fs::metadata(&path).map_err(|e| format!("cannot read {p}: {e}"))?;
    if meta.len() > 1 << 20 {
        return Err(format!("{p} is larger than 1 MiB"));
    }
    std::fs::read_to_string(&path).map_err(|e| format!("cannot read {p}: {e}"))
}

#[allow(clippy::too_many_lines)]
fn dispatch(name: &str, a: &[Val], base: &Path) -> R {
    Ok(match name {
        // numbers
        "abs" => Val::Num(n(a, 0)?.abs()),
        "ceil" => Val::Num(n(a, 0)?.ceil()),
        "floor" => Val::Num(n(a, 0)?.floor()),
        "log" => Val::Num(n(a, 0)?.log(n(a, 1)?)),
        "pow" => Val::Num(n(a, 0)?.powf(n(a, 1)?)),
        "signum" => Val::Num(n(a, 0)?.signum()),
        "max" | "min" => {
            let nums: Vec<f64> = (0..a.len()).map(|i| n(a, i)).collect::<Result<_, _>>()?;
            let it = nums.into_iter();
            let r = if name == "max" {
                it.fold(f64::NEG_INFINITY, f64::max)
            } else {
                it.fold(f64::INFINITY, f64::min)
            };
            if r.is_infinite() {
                return Err(format!("{name} needs at least one number"));
            }
            Val::Num(r)
        }
        "parseint" => {
            let base_n = idx(a, 1)?;
            let radix = u32::try_from(base_n).map_err(|e| e.to_string())?;
            if !(2..=36).contains(&radix) {
                return Err("base must be between 2 and 36".into());
            }
            #[allow(clippy::cast_precision_loss)]
            i64::from_str_radix(&s(a, 0)?, radix)
                .map(|x| Val::Num(x as f64))
                .map_err(|e| e.to_string())?
        }
        // strings
        "chomp" => Val::Str(s(a, 0)?.trim_end_matches(['\n', '\r']).to_string()),
        "endswith" => Val::Bool(s(a, 0)?.ends_with(&s(a, 1)?)),
        "startswith" => Val::Bool(s(a, 0)?.starts_with(&s(a, 1)?)),
        "strcontains" => Val::Bool(s(a, 0)?.contains(&s(a, 1)?)),
        "format" => Val::Str(format(&s(a, 0)?, &a[1..])?),
        "formatlist" => formatlist(a)?,
        "indent" => {
            let pad = " ".repeat(idx(a, 0)?.min(1024));
            let text = s(a, 1)?;
            let mut out = String::new();
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    out.push('\n');
                    out.push_str(&pad);
                }
                out.push_str(line);
            }
            Val::Str(out)
        }
        "join" => {
            let sep = s(a, 0)?;
            let mut parts = Vec::new();
            for i in 1..a.len() {
                parts.extend(strings(list(a, i)?)?);
            }
            Val::Str(parts.join(&sep))
        }
        "lower" => Val::Str(s(a, 0)?.to_lowercase()),
        "upper" => Val::Str(s(a, 0)?.to_uppercase()),
        "title" => {
            let mut out = String::new();
            let mut start = true;
            for c in s(a, 0)?.chars() {
                if start && c.is_alphabetic() {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                start = !c.is_alphanumeric();
            }
            Val::Str(out)
        }
        "regex" | "regexall" => regex(name == "regexall", &s(a, 0)?, &s(a, 1)?)?,
        "replace" => {
            let (text, pat, rep) = (s(a, 0)?, s(a, 1)?, s(a, 2)?);
            if pat.len() > 1 && pat.starts_with('/') && pat.ends_with('/') {
                let re = Regex::new(&pat[1..pat.len() - 1]).map_err(|e| e.to_string())?;
                Val::Str(re.replace_all(&text, rep.as_str()).into_owned())
            } else {
                Val::Str(text.replace(&pat, &rep))
            }
        }
        "split" => {
            let (sep, text) = (s(a, 0)?, s(a, 1)?);
            if text.is_empty() {
                Val::List(Vec::new())
            } else if sep.is_empty() {
                Val::List(text.chars().map(|c| Val::Str(c.to_string())).collect())
            } else {
                Val::List(text.split(sep.as_str()).map(Val::str).collect())
            }
        }
        "strrev" => Val::Str(s(a, 0)?.chars().rev().collect()),
        "substr" => {
            let text: Vec<char> = s(a, 0)?.chars().collect();
            let off = n(a, 1)?;
            let len = n(a, 2)?;
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_possible_wrap
            )]
            let start = if off < 0.0 {
                (text.len() as i64 + off as i64).max(0) as usize
            } else {
                (off as usize).min(text.len())
            };
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let end = if len < 0.0 {
                text.len()
            } else {
                (start + len as usize).min(text.len())
            };
            Val::Str(text[start..end].iter().collect())
        }
        "trim" => {
            let cut: Vec<char> = s(a, 1)?.chars().collect();
            Val::Str(s(a, 0)?.trim_matches(|c| cut.contains(&c)).to_string())
        }
        "trimprefix" => {
            let (t, p) = (s(a, 0)?, s(a, 1)?);
            Val::Str(t.strip_prefix(p.as_str()).unwrap_or(&t).to_string())
        }
        "trimsuffix" => {
            let (t, p) = (s(a, 0)?, s(a, 1)?);
            Val::Str(t.strip_suffix(p.as_str()).unwrap_or(&t).to_string())
        }
        "trimspace" => Val::Str(s(a, 0)?.trim().to_string()),
        // collections
        "alltrue" => Val::Bool(list(a, 0)?.iter().all(|v| v.to_bool() == Some(true))),
        "anytrue" => Val::Bool(list(a, 0)?.iter().any(|v| v.to_bool() == Some(true))),
        "chunklist" => {
            let size = idx(a, 1)?;
            let l = list(a, 0)?;
            if size == 0 {
                Val::List(vec![Val::List(l.clone())])
            } else {
                Val::List(l.chunks(size).map(|c| Val::List(c.to_vec())).collect())
            }
        }
        "coalesce" => a
            .iter()
            .find(|v| !matches!(v, Val::Null) && !matches!(v, Val::Str(s) if s.is_empty()))
            .cloned()
            .ok_or("no non-null, non-empty argument")?,
        "coalescelist" => a
            .iter()
            .find(|v| matches!(v, Val::List(l) if !l.is_empty()))
            .cloned()
            .unwrap_or(Val::List(Vec::new())),
        "compact" => Val::List(
            list(a, 0)?
                .iter()
                .filter(|v| !matches!(v, Val::Null) && !matches!(v, Val::Str(s) if s.is_empty()))
                .cloned()
                .collect(),
        ),
        "concat" => {
            let mut out = Vec::new();
            for i in 0..a.len() {
                out.extend(list(a, i)?.iter().cloned());
            }
            Val::List(out)
        }
        "contains" => {
            let needle = arg(a, 1)?;
            let l = list(a, 0)?;
            if needle.has_unknown() || l.iter().any(Val::is_unknown) {
                Val::Unknown
            } else {
                Val::Bool(l.contains(needle))
            }
        }
        "distinct" | "toset" => match arg(a, 0)? {
            Val::List(l) => set_of(l.iter().cloned()),
            v => return Err(format!("expected a list, not {}", v.type_name())),
        },
        "element" => {
            let l = list(a, 0)?;
            if l.is_empty() {
                return Err("element of an empty list".into());
            }
            l[idx(a, 1)? % l.len()].clone()
        }
        "flatten" => {
            fn flat(v: &Val, out: &mut Vec<Val>) {
                match v {
                    Val::List(l) => l.iter().for_each(|x| flat(x, out)),
                    other => out.push(other.clone()),
                }
            }
            let mut out = Vec::new();
            flat(arg(a, 0)?, &mut out);
            Val::List(out)
        }
        "index" => {
            let l = list(a, 0)?;
            #[allow(clippy::cast_precision_loss)]
            l.iter()
                .position(|v| v == arg(a, 1).unwrap_or(&Val::Null))
                .map(|p| Val::Num(p as f64))
                .ok_or("value not found")?
        }
        "keys" => Val::List(map(a, 0)?.keys().map(Val::str).collect()),
        "values" => Val::List(map(a, 0)?.values().cloned().collect()),
        "length" =>
        {
            #[allow(clippy::cast_precision_loss)]
            match arg(a, 0)? {
                Val::List(l) => Val::Num(l.len() as f64),
                Val::Map(m) => Val::Num(m.len() as f64),
                Val::Str(s) => Val::Num(s.chars().count() as f64),
                v => return Err(format!("length of {}", v.type_name())),
            }
        }
        "list" => Val::List(a.to_vec()),
        "map" => {
            let mut m = BTreeMap::new();
            for pair in a.chunks(2) {
                if let [k, v] = pair {
                    m.insert(k.to_text().unwrap_or_default(), v.clone());
                }
            }
            Val::Map(m)
        }
        "lookup" => {
            let m = map(a, 0)?;
            let key = s(a, 1)?;
            match (m.get(&key), a.get(2)) {
                (Some(v), _) => v.clone(),
                (None, Some(d)) => d.clone(),
                (None, None) => return Err(format!("no key `{key}`")),
            }
        }
        "matchkeys" => {
            let (vals, keys, search) = (list(a, 0)?, list(a, 1)?, list(a, 2)?);
            Val::List(
                vals.iter()
                    .zip(keys)
                    .filter(|(_, k)| search.contains(k))
                    .map(|(v, _)| v.clone())
                    .collect(),
            )
        }
        "merge" => {
            let mut out = BTreeMap::new();
            for v in a {
                match v {
                    Val::Map(m) => out.extend(m.iter().map(|(k, v)| (k.clone(), v.clone()))),
                    Val::Null => {}
                    other => return Err(format!("merge of {}", other.type_name())),
                }
            }
            Val::Map(out)
        }
        "one" => {
            let l = list(a, 0)?;
            match l.len() {
                0 => Val::Null,
                1 => l[0].clone(),
                _ => return Err("one() of a list with more than one element".into()),
            }
        }
        "range" => {
            let (start, end, step) = match a.len() {
                1 => (0.0, n(a, 0)?, 1.0),
                2 => (n(a, 0)?, n(a, 1)?, 1.0),
                _ => (n(a, 0)?, n(a, 1)?, n(a, 2)?),
            };
            if step == 0.0 {
                return Err("range step must not be zero".into());
            }
            let mut out = Vec::new();
            let mut x = start;
            while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
                if out.len() >= MAX_ITEMS {
                    return Err(format!("range larger than {MAX_ITEMS} elements"));
                }
                out.push(Val::Num(x));
                x += step;
            }
            Val::List(out)
        }
        "reverse" => Val::List(list(a, 0)?.iter().rev().cloned().collect()),
        "setintersection" => {
            let first = list(a, 0)?;
            let rest: Vec<&Vec<Val>> =
                (1..a.len()).map(|i| list(a, i)).collect::<Result<_, _>>()?;
            set_of(
                first
                    .iter()
                    .filter(|v| rest.iter().all(|r| r.contains(v)))
                    .cloned(),
            )
        }
        "setsubtract" => {
            let (x, y) = (list(a, 0)?, list(a, 1)?);
            set_of(x.iter().filter(|v| !y.contains(v)).cloned())
        }
        "setunion" => {
            let mut all = Vec::new();
            for i in 0..a.len() {
                all.extend(list(a, i)?.iter().cloned());
            }
            set_of(all)
        }
        "setproduct" => {
            let mut acc: Vec<Vec<Val>> = vec![Vec::new()];
            for i in 0..a.len() {
                let l = list(a, i)?;
                if acc.len().saturating_mul(l.len()) > MAX_ITEMS {
                    return Err(format!("setproduct larger than {MAX_ITEMS} elements"));
                }
                acc = acc
                    .iter()
                    .flat_map(|p| {
                        l.iter().map(move |x| {
                            let mut q = p.clone();
                            q.push(x.clone());
                            q
                        })
                    })
                    .collect();
            }
            Val::List(acc.into_iter().map(Val::List).collect())
        }
        "slice" => {
            let l = list(a, 0)?;
            let (from, to) = (idx(a, 1)?, idx(a, 2)?);
            if from > to || to > l.len() {
                return Err("slice indices out of range".into());
            }
            Val::List(l[from..to].to_vec())
        }
        "sort" => {
            let mut v = strings(list(a, 0)?)?;
            v.sort();
            Val::List(v.into_iter().map(Val::Str).collect())
        }
        "sum" => Val::Num(
            list(a, 0)?
                .iter()
                .map(|v| v.to_num().ok_or("sum of non-numbers"))
                .sum::<Result<f64, _>>()?,
        ),
        "transpose" => {
            let mut out: BTreeMap<String, Vec<Val>> = BTreeMap::new();
            for (k, v) in map(a, 0)? {
                if let Val::List(l) = v {
                    for x in strings(l)? {
                        out.entry(x).or_default().push(Val::str(k.clone()));
                    }
                }
            }
            Val::Map(out.into_iter().map(|(k, v)| (k, Val::List(v))).collect())
        }
        "zipmap" => {
            let (k, v) = (strings(list(a, 0)?)?, list(a, 1)?);
            Val::Map(k.into_iter().zip(v.iter().cloned()).collect())
        }
        // encoding
        "base64encode" | "textencodebase64" => Val::Str(b64_encode(s(a, 0)?.as_bytes())),
        "base64decode" | "textdecodebase64" => Val::Str(
            String::from_utf8(b64_decode(&s(a, 0)?)?).map_err(|_| "decoded bytes are not UTF-8")?,
        ),
        "jsonencode" => Val::Str(arg(a, 0)?.to_json().to_string()),
        "jsondecode" => Val::from_json(
            &serde_json::from_str::<serde_json::Value>(&s(a, 0)?)
                .map_err(|e| format!("invalid JSON: {e}"))?,
        ),
        "yamldecode" => yamldecode(&s(a, 0)?)?,
        "csvdecode" => csvdecode(&s(a, 0)?)?,
        "urlencode" => {
            let mut out = String::new();
            for b in s(a, 0)?.bytes() {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    out.push(char::from(b));
                } else {
                    let _ = write!(out, "%{b:02X}");
                }
            }
            Val::Str(out)
        }
        "yamlencode" => Val::Str(arg(a, 0)?.to_json().to_string()),
        // filesystem
        "basename" => Val::Str(
            Path::new(&s(a, 0)?)
                .file_name()
                .map(|x| x.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ),
        "dirname" => {
            let p = s(a, 0)?;
            Val::Str(Path::new(&p).parent().map_or_else(
                || ".".into(),
                |x| {
                    let d = x.to_string_lossy().into_owned();
                    if d.is_empty() {
                        ".".into()
                    } else {
                        d
                    }
                },
            ))
        }
        "abspath" => Val::Str(resolve(base, &s(a, 0)?).to_string_lossy().into_owned()),
        "pathexpand" => Val::Str(s(a, 0)?),
        "file" => Val::Str(read_file(base, &s(a, 0)?)?),
        "filebase64" => Val::Str(b64_encode(read_file(base, &s(a, 0)?)?.as_bytes())),
        "fileexists" => Val::Bool(resolve(base, &s(a, 0)?).is_file()),
        "fileset" => fileset(base, &s(a, 0)?, &s(a, 1)?)?,
        "sha256" => Val::Str(hex(&sha2::Sha256::digest(s(a, 0)?.as_bytes()))),
        "sha512" => Val::Str(hex(&sha2::Sha512::digest(s(a, 0)?.as_bytes()))),
        "base64sha256" => Val::Str(b64_encode(&sha2::Sha256::digest(s(a, 0)?.as_bytes()))),
        "base64sha512" => Val::Str(b64_encode(&sha2::Sha512::digest(s(a, 0)?.as_bytes()))),
        "filesha256" => Val::Str(hex(&sha2::Sha256::digest(
            read_file(base, &s(a, 0)?)?.as_bytes(),
        ))),
        "filesha512" => Val::Str(hex(&sha2::Sha512::digest(
            read_file(base, &s(a, 0)?)?.as_bytes(),
        ))),
        "filebase64sha256" => Val::Str(b64_encode(&sha2::Sha256::digest(
            read_file(base, &s(a, 0)?)?.as_bytes(),
        ))),
        "filebase64sha512" => Val::Str(b64_encode(&sha2::Sha512::digest(
            read_file(base, &s(a, 0)?)?.as_bytes(),
        ))),
        // Values Terraform learns at apply time, or that no policy needs computed.
        "timestamp" | "plantimestamp" | "uuid" | "uuidv5" | "bcrypt" | "md5" | "sha1"
        | "filemd5" | "filesha1" | "rsadecrypt" | "base64gzip" => Val::Unknown,
        "timeadd" => {
            let t = parse_time(&s(a, 0)?)?;
            Val::Str(format_time(t + parse_duration(&s(a, 1)?)?))
        }
        "timecmp" => {
            let (x, y) = (parse_time(&s(a, 0)?)?, parse_time(&s(a, 1)?)?);
            Val::Num(match x.cmp(&y) {
                std::cmp::Ordering::Less => -1.0,
                std::cmp::Ordering::Equal => 0.0,
                std::cmp::Ordering::Greater => 1.0,
            })
        }
        "formatdate" => Val::Str(formatdate(&s(a, 0)?, parse_time(&s(a, 1)?)?)),
        // networking
        "cidrhost" => cidrhost(&s(a, 0)?, n(a, 1)?)?,
        "cidrnetmask" => cidrnetmask(&s(a, 0)?)?,
        "cidrsubnet" => Val::Str(cidrsubnet(&s(a, 0)?, idx(a, 1)?, n(a, 2)?)?),
        "cidrsubnets" => {
            let prefix = s(a, 0)?;
            let (base_ip, base_len, v6) = parse_cidr(&prefix)?;
            let mut next: u128 = base_ip;
            let width = if v6 { 128 } else { 32 };
            let mut out = Vec::new();
            for i in 1..a.len() {
                let bits = idx(a, i)?;
                let len = base_len + bits;
                if len > width {
                    return Err("not enough address space".into());
                }
                let size = 1u128 << (width - len);
                next = next.div_ceil(size) * size;
                out.push(Val::Str(format!("{}/{len}", ip_text(next, v6))));
                next += size;
            }
            Val::List(out)
        }
        // types
        "tobool" => match arg(a, 0)? {
            Val::Null => Val::Null,
            v => Val::Bool(v.to_bool().ok_or("cannot convert to bool")?),
        },
        "tonumber" => match arg(a, 0)? {
            Val::Null => Val::Null,
            v => Val::Num(v.to_num().ok_or("cannot convert to number")?),
        },
        "tostring" => match arg(a, 0)? {
            Val::Null => Val::Null,
            v => Val::Str(v.to_text().ok_or("cannot convert to string")?),
        },
        "tolist" => match arg(a, 0)? {
            v @ (Val::List(_) | Val::Null) => v.clone(),
            v => return Err(format!("cannot convert {} to list", v.type_name())),
        },
        "tomap" => match arg(a, 0)? {
            v @ (Val::Map(_) | Val::Null) => v.clone(),
            v => return Err(format!("cannot convert {} to map", v.type_name())),
        },
        "sensitive" | "nonsensitive" => arg(a, 0)?.clone(),
        "issensitive" => Val::Bool(false),
        "type" => Val::Str(arg(a, 0)?.type_name().into()),
        _ => return Err(format!("function {name} is not supported here")),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn b64_decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        let v = B64.iter().position(|x| *x == c).ok_or("invalid base64")?;
        acc = (acc << 6) | u32::try_from(v).map_err(|e| e.to_string())?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).map_err(|e| e.to_string())?);
        }
    }
    Ok(out)
}

/// Go-style `format`: `%s %d %f %.Nf %t %q %v %x %o %b %e %%`.
pub(crate) fn format(spec: &str, args: &[Val]) -> Result<String, String> {
    let mut out = String::new();
    let mut it = spec.chars().peekable();
    let mut next = 0usize;
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = it.peek() {
            if f.is_ascii_digit() || matches!(f, '.' | '-' | '+' | '#' | ' ') {
                flags.push(f);
                it.next();
            } else {
                break;
            }
        }
        let verb = it.next().ok_or("format ends with %")?;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let v = args.get(next).ok_or("not enough arguments for format")?;
        next += 1;
        let prec = flags
            .split_once('.')
            .and_then(|(_, p)| p.parse::<usize>().ok());
        let width = flags
            .split('.')
            .next()
            .and_then(|w| {
                w.trim_start_matches(['-', '+', '#', ' ', '0'])
                    .parse::<usize>()
                    .ok()
            })
            .unwrap_or(0);
        let text = match verb {
            's' => v.to_text().ok_or("%s needs a string")?,
            'v' => v.to_text().unwrap_or_else(|| v.to_json().to_string()),
            'q' => serde_json::Value::String(v.to_text().ok_or("%q needs a string")?).to_string(),
            't' => v.to_bool().ok_or("%t needs a bool")?.to_string(),
            'd' => {
                let x = v.to_num().ok_or("%d needs a number")?;
                fmt_num(x.trunc())
            }
            'f' | 'F' => format!(
                "{:.*}",
                prec.unwrap_or(6),
                v.to_num().ok_or("%f needs a number")?
            ),
            'e' => format!("{:e}", v.to_num().ok_or("%e needs a number")?),
            'x' | 'X' | 'o' | 'b' => {
                #[allow(clippy::cast_possible_truncation)]
                let x = v.to_num().ok_or("needs a number")? as i64;
                match verb {
                    'x' => format!("{x:x}"),
                    'X' => format!("{x:X}"),
                    'o' => format!("{x:o}"),
                    _ => format!("{x:b}"),
                }
            }
            other => return Err(format!("unsupported format verb %{other}")),
        };
        let pad = if flags.starts_with('0') { '0' } else { ' ' };
        let len = text.chars().count();
        if len < width && !flags.starts_with('-') {
            out.extend(std::iter::repeat_n(pad, width - len));
            out.push_str(&text);
        } else {
            out.push_str(&text);
            if len < width {
                out.extend(std::iter::repeat_n(' ', width - len));
            }
        }
    }
    Ok(out)
}

fn formatlist(a: &[Val]) -> R {
    let spec = s(a, 0)?;
    let rest = &a[1..];
    let len = rest
        .iter()
        .filter_map(|v| match v {
            Val::List(l) => Some(l.len()),
            _ => None,
        })
        .max();
    let Some(len) = len else {
        return Ok(Val::List(vec![Val::Str(format(&spec, rest)?)]));
    };
    let mut out = Vec::with_capacity(len);
    for i in 0..len {
        let row: Vec<Val> = rest
            .iter()
            .map(|v| match v {
                Val::List(l) => l.get(i).cloned().unwrap_or(Val::Null),
                other => other.clone(),
            })
            .collect();
        out.push(Val::Str(format(&spec, &row)?));
    }
    Ok(Val::List(out))
}

fn regex(all: bool, pat: &str, text: &str) -> R {
    let re = Regex::new(pat).map_err(|e| format!("invalid regex: {e}"))?;
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    let one = |caps: regex::Captures<'_>| -> Val {
        if names.is_empty() {
            Val::str(caps.get(0).map_or("", |m| m.as_str()))
        } else if names.iter().all(Option::is_some) {
            Val::Map(
                names
                    .iter()
                    .flatten()
                    .map(|n| {
                        (
                            (*n).to_string(),
                            caps.name(n).map_or(Val::Null, |m| Val::str(m.as_str())),
                        )
                    })
                    .collect(),
            )
        } else {
            Val::List(
                (1..=names.len())
                    .map(|i| caps.get(i).map_or(Val::Null, |m| Val::str(m.as_str())))
                    .collect(),
            )
        }
    };
    if all {
        Ok(Val::List(re.captures_iter(text).map(one).collect()))
    } else {
        re.captures(text)
            .map(one)
            .ok_or_else(|| "pattern did not match".into())
    }
}

fn yamldecode(text: &str) -> R {
    let opts = comply_yaml::Options {
        schema: comply_yaml::Schema::Core,
        ..comply_yaml::Options::default()
    };
    let docs = comply_yaml::parse_stream(text, &opts);
    match docs.into_iter().next() {
        None => Ok(Val::Null),
        Some(Ok(d)) => Ok(Val::from_json(&d.value)),
        Some(Err(e)) => Err(format!("invalid YAML at line {}: {}", e.line, e.message)),
    }
}

fn csvdecode(text: &str) -> R {
    let mut lines = text.lines().filter(|l| !l.is_empty());
    let header: Vec<String> = lines
        .next()
        .map(|h| {
            h.split(',')
                .map(|x| x.trim_matches('"').to_string())
                .collect()
        })
        .unwrap_or_default();
    Ok(Val::List(
        lines
            .map(|l| {
                Val::Map(
                    header
                        .iter()
                        .cloned()
                        .zip(l.split(',').map(|x| Val::str(x.trim_matches('"'))))
                        .collect(),
                )
            })
            .collect(),
    ))
}

fn fileset(base: &Path, dir: &str, pattern: &str) -> R {
    let root = resolve(base, dir);
    let glob = globset_lite(pattern);
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                if out.len() < MAX_ITEMS {
                    stack.push(p);
                }
            } else if let Ok(rel) = p.strip_prefix(&root) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                if glob.is_match(&rel) {
                    out.push(rel);
                }
            }
        }
    }
    out.sort();
    Ok(Val::List(out.into_iter().map(Val::Str).collect()))
}

/// A glob (`*`, `**`, `?`) as a regex.
fn globset_lite(pattern: &str) -> Regex {
    let mut re = String::from("^");
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                if chars.peek() == Some(&'/') {
                    chars.next();
                    re.push_str("(?:.*/)?");
                } else {
                    re.push_str(".*");
                }
            }
            '*' => re.push_str("[^/]*"),
            '?' => re.push_str("[^/]"),
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    re.push('$');
    Regex::new(&re).unwrap_or_else(|_| Regex::new("^$").unwrap_or_else(|_| unreachable!()))
}

// ---- time (UTC seconds since the epoch) ----

fn parse_time(t: &str) -> Result<i64, String> {
    let bad = || format!("not an RFC 3339 timestamp: {t}");
    let num = |r: std::ops::Range<usize>| -> Result<i64, String> {
        t.get(r).and_then(|x| x.parse().ok()).ok_or_else(bad)
    };
    let (y, mo, d, h, mi, s) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    );
    let mut secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    let rest = t.get(19..).ok_or_else(bad)?;
    let rest = rest.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    if let Some(off) = rest.strip_prefix('+').or_else(|| rest.strip_prefix('-')) {
        let sign = if rest.starts_with('+') { 1 } else { -1 };
        let oh: i64 = off.get(0..2).and_then(|x| x.parse().ok()).ok_or_else(bad)?;
        let om: i64 = off.get(3..5).and_then(|x| x.parse().ok()).ok_or_else(bad)?;
        secs -= sign * (oh * 3600 + om * 60);
    }
    Ok(secs)
}

fn format_time(t: i64) -> String {
    formatdate("YYYY-MM-DD'T'hh:mm:ssZ", t)
}

fn parse_duration(d: &str) -> Result<i64, String> {
    let re = Regex::new(r"(-?[0-9.]+)(h|ms|m|s)").map_err(|e| e.to_string())?;
    let mut total = 0.0;
    let mut any = false;
    for c in re.captures_iter(d) {
        any = true;
        let v: f64 = c[1].parse().map_err(|_| format!("bad duration {d}"))?;
        total += v * match &c[2] {
            "h" => 3600.0,
            "m" => 60.0,
            "ms" => 0.001,
            _ => 1.0,
        };
    }
    if !any {
        return Err(format!("bad duration {d}"));
    }
    #[allow(clippy::cast_possible_truncation)]
    Ok(total as i64)
}

fn formatdate(spec: &str, t: i64) -> String {
    let (y, mo, d) = civil_from_days(t.div_euclid(86400));
    let secs = t.rem_euclid(86400);
    let (h, mi, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let month = MONTH_NAMES
        .get(usize::try_from(mo - 1).unwrap_or(0))
        .copied()
        .unwrap_or("");
    let mut out = String::new();
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                out.push(chars[i]);
                i += 1;
            }
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j] == c {
            j += 1;
        }
        let run = j - i;
        let piece = match (c, run) {
            ('Y', 4) => format!("{y:04}"),
            ('Y', 2) => format!("{:02}", y % 100),
            ('M', 4) => month.to_string(),
            ('M', 3) => month.chars().take(3).collect(),
            ('M', 2) => format!("{mo:02}"),
            ('M', 1) => mo.to_string(),
            ('D', 2) => format!("{d:02}"),
            ('D', 1) => d.to_string(),
            ('h', 2) => format!("{h:02}"),
            ('h', 1) => h.to_string(),
            ('m', 2) => format!("{mi:02}"),
            ('m', 1) => mi.to_string(),
            ('s', 2) => format!("{s:02}"),
            ('s', 1) => s.to_string(),
            ('Z', _) => "Z".into(),
            _ => chars[i..j].iter().collect(),
        };
        out.push_str(&piece);
        i = j;
    }
    out
}

// ---- CIDR ----

fn parse_ip(s: &str) -> Result<(u128, bool), String> {
    if let Ok(v4) = s.parse::<std::net::Ipv4Addr>() {
        return Ok((u128::from(u32::from(v4)), false));
    }
    s.parse::<std::net::Ipv6Addr>()
        .map(|v6| (u128::from(v6), true))
        .map_err(|_| format!("invalid IP address {s}"))
}

fn parse_cidr(c: &str) -> Result<(u128, usize, bool), String> {
    let (ip, len) = c
        .split_once('/')
        .ok_or_else(|| format!("invalid CIDR {c}"))?;
    let (ip, v6) = parse_ip(ip)?;
    let len: usize = len.parse().map_err(|_| format!("invalid CIDR {c}"))?;
    let width = if v6 { 128 } else { 32 };
    if len > width {
        return Err(format!("invalid prefix length in {c}"));
    }
    let mask = if len == 0 {
        0
    } else {
        (!0u128) << (width - len)
    } & width_mask(width);
    Ok((ip & mask, len, v6))
}

fn width_mask(width: usize) -> u128 {
    if width == 128 {
        !0
    } else {
        (1u128 << width) - 1
    }
}

fn ip_text(ip: u128, v6: bool) -> String {
    if v6 {
        std::net::Ipv6Addr::from(ip).to_string()
    } else {
        std::net::Ipv4Addr::from(u32::try_from(ip & 0xffff_ffff).unwrap_or(0)).to_string()
    }
}

fn cidrsubnet(prefix: &str, newbits: usize, netnum: f64) -> Result<String, String> {
    let (ip, len, v6) = parse_cidr(prefix)?;
    let width = if v6 { 128 } else { 32 };
    let new_len = len + newbits;
    if new_len > width || netnum < 0.0 {
        return Err(format!("cannot extend {prefix} by {newbits} bits"));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let netnum = netnum as u128;
    if newbits < 128 && netnum >= (1u128 << newbits) {
        return Err(format!(
            "network number {netnum} does not fit in {newbits} bits"
        ));
    }
    let shifted = if width - new_len >= 128 {
        0
    } else {
        netnum << (width - new_len)
    };
    Ok(format!("{}/{new_len}", ip_text(ip | shifted, v6)))
}

fn cidrhost(prefix: &str, hostnum: f64) -> R {
    let (ip, len, v6) = parse_cidr(prefix)?;
    let width = if v6 { 128 } else { 32 };
    let size = 1u128 << (width - len).min(127);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let h = if hostnum < 0.0 {
        size.checked_sub((-hostnum) as u128)
            .ok_or("host number out of range")?
    } else {
        hostnum as u128
    };
    if h >= size {
        return Err("host number out of range".into());
    }
    Ok(Val::Str(ip_text(ip + h, v6)))
}

fn cidrnetmask(prefix: &str) -> R {
    let (_, len, v6) = parse_cidr(prefix)?;
    if v6 {
        return Err("cidrnetmask only supports IPv4".into());
    }
    let mask = if len == 0 {
        0
    } else {
        (!0u128 << (32 - len)) & 0xffff_ffff
    };
    Ok(Val::Str(ip_text(mask, false)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(name: &str, args: &[Val]) -> Val {
        call(name, args, Path::new("."))
            .expect("known")
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    #[test]
    fn network_functions() {
        assert_eq!(
            c(
                "cidrsubnet",
                &[Val::str("10.0.0.0/16"), Val::Num(8.0), Val::Num(2.0)]
            ),
            Val::str("10.0.2.0/24")
        );
        assert_eq!(
            c("cidrhost", &[Val::str("10.0.1.0/24"), Val::Num(5.0)]),
            Val::str("10.0.1.5")
        );
        assert_eq!(
            c("cidrnetmask", &[Val::str("10.0.0.0/12")]),
            Val::str("255.240.0.0")
        );
        assert_eq!(
            c(
                "cidrsubnets",
                &[
                    Val::str("10.1.0.0/16"),
                    Val::Num(4.0),
                    Val::Num(4.0),
                    Val::Num(8.0)
                ]
            ),
            Val::List(vec![
                Val::str("10.1.0.0/20"),
                Val::str("10.1.16.0/20"),
                Val::str("10.1.32.0/24")
            ])
        );
        assert_eq!(
            c(
                "cidrsubnet",
                &[Val::str("fd00::/56"), Val::Num(8.0), Val::Num(1.0)]
            ),
            Val::str("fd00:0:0:1::/64")
        );
    }

    #[test]
    fn strings_and_collections() {
        assert_eq!(
            c(
                "format",
                &[
                    Val::str("%s-%03d-%.1f%%"),
                    Val::str("a"),
                    Val::Num(7.0),
                    Val::Num(2.25)
                ]
            ),
            Val::str("a-007-2.2%")
        );
        assert_eq!(
            c("title", &[Val::str("hello big-world")]),
            Val::str("Hello Big-World")
        );
        assert_eq!(
            c(
                "replace",
                &[Val::str("a-b-c"), Val::str("/-(.)/"), Val::str("_$1")]
            ),
            Val::str("a_b_c")
        );
        assert_eq!(
            c(
                "regex",
                &[Val::str("^(?P<k>[a-z]+)=(?P<v>\\d+)$"), Val::str("x=12")]
            ),
            Val::Map(BTreeMap::from([
                ("k".into(), Val::str("x")),
                ("v".into(), Val::str("12"))
            ]))
        );
        assert_eq!(
            c("base64decode", &[c("base64encode", &[Val::str("héllo!")])]),
            Val::str("héllo!")
        );
        assert_eq!(
            c("length", &[Val::List(vec![Val::Unknown, Val::Null])]),
            Val::Num(2.0)
        );
        assert_eq!(c("upper", &[Val::Unknown]), Val::Unknown);
        assert_eq!(
            c("coalesce", &[Val::Null, Val::str(""), Val::str("x")]),
            Val::str("x")
        );
        assert_eq!(
            c(
                "timeadd",
                &[Val::str("2024-01-31T23:00:00Z"), Val::str("2h30m")]
            ),
            Val::str("2024-02-01T01:30:00Z")
        );
        assert_eq!(
            c(
                "formatdate",
                &[Val::str("DD MMM YYYY"), Val::str("2024-03-05T00:00:00Z")]
            ),
            Val::str("05 Mar 2024")
        );
        assert_eq!(
            c("yamldecode", &[Val::str("a: [1, x]\n")]),
            Val::Map(BTreeMap::from([(
                "a".into(),
                Val::List(vec![Val::Num(1.0), Val::str("x")])
            )]))
        );
        assert!(call("nosuch", &[], Path::new(".")).is_none());
        assert!(call(
            "element",
            &[Val::List(vec![]), Val::Num(0.0)],
            Path::new(".")
        )
        .expect("known")
        .is_err());
    }
}
