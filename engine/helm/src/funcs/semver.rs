//! Semantic versions and constraints as Masterminds/semver v3 reads them (what Sprig's
//! `semver` / `semverCompare` and Helm's dependency versions use): lenient versions (`v1.2`,
//! `1.2.3-rc.1+meta`), `||` alternatives of comma/space-separated ANDs, the operators
//! `= != > < >= <= ~ ~> ^`, wildcards (`1.2.x`, `*`) and hyphen ranges.

use std::cmp::Ordering;
use std::fmt;

use crate::value::Value;

/// A parsed version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// Major.
    pub major: u64,
    /// Minor.
    pub minor: u64,
    /// Patch.
    pub patch: u64,
    /// Pre-release (without the dash).
    pub pre: String,
    /// Build metadata (without the plus).
    pub meta: String,
    /// The text it was parsed from.
    pub original: String,
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.meta.is_empty() {
            write!(f, "+{}", self.meta)?;
        }
        Ok(())
    }
}

fn cmp_pre(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let mut ai = a.split('.');
    let mut bi = b.split('.');
    loop {
        match (ai.next(), bi.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let o = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(p), Ok(q)) => p.cmp(&q),
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    _ => x.cmp(y),
                };
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
}

impl Version {
    /// Parses leniently (missing minor/patch are 0, a leading `v` is allowed).
    pub fn parse(s: &str) -> Result<Version, String> {
        let t = s.trim();
        let body = t
            .strip_prefix('v')
            .or_else(|| t.strip_prefix('V'))
            .unwrap_or(t);
        let (body, meta) = match body.split_once('+') {
            Some((b, m)) => (b, m.to_string()),
            None => (body, String::new()),
        };
        let (core, pre) = match body.split_once('-') {
            Some((c, p)) => (c, p.to_string()),
            None => (body, String::new()),
        };
        let parts: Vec<&str> = core.split('.').collect();
        if parts.is_empty()
            || parts.len() > 3
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(format!("Invalid Semantic Version: {s:?}"));
        }
        let num = |i: usize| {
            parts
                .get(i)
                .map_or(Ok(0), |p| p.parse::<u64>())
                .map_err(|_| format!("Invalid Semantic Version: {s:?}"))
        };
        Ok(Version {
            major: num(0)?,
            minor: num(1)?,
            patch: num(2)?,
            pre,
            meta,
            original: s.to_string(),
        })
    }

    fn cmp(&self, o: &Version) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(o.major, o.minor, o.patch))
            .then_with(|| cmp_pre(&self.pre, &o.pre))
    }

    /// Field access from templates.
    pub fn field(&self, name: &str, args: &[Value]) -> Result<Value, String> {
        #[allow(clippy::cast_possible_wrap)]
        Ok(match name {
            "Major" => Value::Int(self.major as i64),
            "Minor" => Value::Int(self.minor as i64),
            "Patch" => Value::Int(self.patch as i64),
            "Prerelease" => Value::str(self.pre.as_str()),
            "Metadata" => Value::str(self.meta.as_str()),
            "Original" => Value::str(self.original.as_str()),
            "String" => Value::str(self.to_string()),
            "Compare" => {
                let Some(Value::Obj(o)) = args.first() else {
                    return Err("Compare needs a version".into());
                };
                let crate::objects::Object::Semver(other) = &**o else {
                    return Err("Compare needs a version".into());
                };
                Value::Int(match self.cmp(other) {
                    Ordering::Less => -1,
                    Ordering::Equal => 0,
                    Ordering::Greater => 1,
                })
            }
            _ => {
                return Err(format!(
                    "can't evaluate field {name} in type *semver.Version"
                ))
            }
        })
    }
}

#[derive(Debug)]
struct Bound {
    op: String,
    v: Version,
    /// Number of parts given before a wildcard (3 = exact).
    given: usize,
}

fn parse_bound(s: &str) -> Result<Bound, String> {
    let s = s.trim();
    let op_len = s
        .char_indices()
        .find(|(_, c)| !matches!(c, '=' | '!' | '>' | '<' | '~' | '^'))
        .map_or(s.len(), |(i, _)| i);
    let (op, rest) = s.split_at(op_len);
    let rest = rest.trim();
    let rest_v = rest.strip_prefix('v').unwrap_or(rest);
    let (core, tail) = match rest_v.find(['-', '+']) {
        Some(i) => rest_v.split_at(i),
        None => (rest_v, ""),
    };
    let mut given = 0;
    let mut nums = Vec::new();
    for p in core.split('.') {
        if p == "x" || p == "X" || p == "*" || p.is_empty() {
            break;
        }
        nums.push(p);
        given += 1;
    }
    if core.is_empty() || core == "*" || core == "x" || core == "X" {
        given = 0;
    }
    let text = if nums.is_empty() {
        "0".to_string()
    } else {
        nums.join(".")
    };
    let v = Version::parse(&format!("{text}{tail}"))
        .map_err(|_| format!("improper constraint: {s}"))?;
    let op = match op {
        "=>" => ">=",
        "=<" => "<=",
        "~>" => "~",
        "==" => "=",
        o => o,
    };
    Ok(Bound {
        op: op.to_string(),
        v,
        given: given.min(3),
    })
}

fn bump(v: &Version, part: usize) -> Version {
    let mut n = Version {
        pre: String::new(),
        meta: String::new(),
        ..v.clone()
    };
    match part {
        0 => {
            n.major += 1;
            n.minor = 0;
            n.patch = 0;
        }
        1 => {
            n.minor += 1;
            n.patch = 0;
        }
        _ => n.patch += 1,
    }
    n
}

impl Bound {
    fn check(&self, v: &Version) -> bool {
        // Pre-releases only satisfy constraints that mention one.
        if !v.pre.is_empty() && self.v.pre.is_empty() {
            return false;
        }
        let c = v.cmp(&self.v);
        let wild = self.given < 3;
        match self.op.as_str() {
            "" | "=" => {
                if wild {
                    if self.given == 0 {
                        return true;
                    }
                    c != Ordering::Less && v.cmp(&bump(&self.v, self.given - 1)) == Ordering::Less
                } else {
                    c == Ordering::Equal
                }
            }
            "!=" => {
                if wild {
                    self.given != 0
                        && !(c != Ordering::Less
                            && v.cmp(&bump(&self.v, self.given - 1)) == Ordering::Less)
                } else {
                    c != Ordering::Equal
                }
            }
            ">" => {
                if wild && self.given > 0 {
                    v.cmp(&bump(&self.v, self.given - 1)) != Ordering::Less
                } else {
                    c == Ordering::Greater
                }
            }
            ">=" => c != Ordering::Less,
            "<" => c == Ordering::Less,
            "<=" => {
                if wild && self.given > 0 {
                    v.cmp(&bump(&self.v, self.given - 1)) == Ordering::Less
                } else {
                    c != Ordering::Greater
                }
            }
            "~" => {
                let upper = if self.given <= 1 {
                    bump(&self.v, 0)
                } else {
                    bump(&self.v, 1)
                };
                c != Ordering::Less && v.cmp(&upper) == Ordering::Less
            }
            "^" => {
                let upper = if self.v.major > 0 || self.given <= 1 {
                    bump(&self.v, 0)
                } else if self.v.minor > 0 || self.given == 2 {
                    bump(&self.v, 1)
                } else {
                    bump(&self.v, 2)
                };
                c != Ordering::Less && v.cmp(&upper) == Ordering::Less
            }
            _ => false,
        }
    }
}

/// Whether `version` satisfies `constraint`.
pub fn satisfies(constraint: &str, version: &Version) -> Result<bool, String> {
    for alt in constraint.split("||") {
        let alt = alt.trim();
        // Hyphen range "a - b".
        if let Some((lo, hi)) = alt.split_once(" - ") {
            let lo = parse_bound(&format!(">={}", lo.trim()))?;
            let hi = parse_bound(&format!("<={}", hi.trim()))?;
            if lo.check(version) && hi.check(version) {
                return Ok(true);
            }
            continue;
        }
        // Join operators to their versions ("> = 1.2" / ">= 1.2"), then split on , and space.
        let mut toks: Vec<String> = Vec::new();
        for raw in alt.split([',', ' ']).filter(|t| !t.is_empty()) {
            if let Some(last) = toks.last_mut() {
                if last
                    .chars()
                    .all(|c| matches!(c, '=' | '!' | '>' | '<' | '~' | '^'))
                {
                    last.push_str(raw);
                    continue;
                }
            }
            toks.push(raw.to_string());
        }
        if toks.is_empty() {
            toks.push("*".into());
        }
        let mut ok = true;
        for t in &toks {
            if !parse_bound(t)?.check(version) {
                ok = false;
                break;
            }
        }
        if ok {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sat(c: &str, v: &str) -> bool {
        satisfies(c, &Version::parse(v).unwrap()).unwrap()
    }

    #[test]
    fn constraints() {
        assert!(sat(">=1.21-0", "v1.35.0"));
        assert!(sat(">= 1.19-0, < 1.30-0", "1.25.3"));
        assert!(!sat("<1.19-0", "v1.35.0"));
        assert!(sat("~1.2.3", "1.2.9"));
        assert!(!sat("~1.2.3", "1.3.0"));
        assert!(sat("^1.2", "1.9.0"));
        assert!(!sat("^0.2.3", "0.3.0"));
        assert!(sat("1.2.x", "1.2.7"));
        assert!(sat("<1.0 || >=2.0", "2.1.0"));
        assert!(sat("1.0 - 2.0", "1.5.0"));
        assert!(!sat(">=1.0", "1.5.0-beta"));
    }
}
