//! Go's `fmt.Sprintf` for the verbs templates use: `%s %v %d %q %t %f %e %g %x %X %o %b %c %U
//! %%`, with flags, width and precision, and Go's `%!verb(type=value)` for mismatched operands.

use std::fmt::Write as _;

use crate::value::{format_float_g, Value};

#[derive(Default, Clone, Copy)]
struct Spec {
    minus: bool,
    plus: bool,
    sharp: bool,
    zero: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

fn pad(s: String, sp: Spec) -> String {
    let Some(w) = sp.width else { return s };
    let n = s.chars().count();
    if n >= w {
        return s;
    }
    let fill = w - n;
    if sp.minus {
        format!("{s}{}", " ".repeat(fill))
    } else if sp.zero {
        let (sign, rest) = if s.starts_with(['-', '+']) {
            s.split_at(1)
        } else {
            ("", s.as_str())
        };
        format!("{sign}{}{rest}", "0".repeat(fill))
    } else {
        format!("{}{s}", " ".repeat(fill))
    }
}

/// Go's `strconv.Quote`.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn bad(verb: char, v: &Value) -> String {
    match v {
        Value::Nil => format!("%!{verb}(<nil>)"),
        other => format!(
            "%!{verb}({}={})",
            other.type_name(),
            other.to_go_string_inner()
        ),
    }
}

impl Value {
    /// `%v` inside collections (nil is `<nil>`).
    pub(crate) fn to_go_string_inner(&self) -> String {
        let mut s = String::new();
        self.write_go(&mut s, false);
        s
    }
}

fn fmt_float(f: f64, verb: char, sp: Spec) -> String {
    let mut s = match verb {
        'f' | 'F' => format!("{:.*}", sp.prec.unwrap_or(6), f),
        'e' | 'E' => {
            let s = format!("{:.*e}", sp.prec.unwrap_or(6), f);
            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
            let e: i32 = e.parse().unwrap_or(0);
            let r = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
            if verb == 'E' {
                r.to_uppercase()
            } else {
                r
            }
        }
        _ => match sp.prec {
            None => format_float_g(f),
            Some(p) => {
                let p = p.max(1);
                let e = if f == 0.0 {
                    0
                } else {
                    f.abs().log10().floor() as i32
                };
                if e < -4 || e >= p as i32 {
                    let s = format!("{:.*e}", p - 1, f);
                    let (m, ex) = s.split_once('e').unwrap_or((&s, "0"));
                    let m = if m.contains('.') {
                        m.trim_end_matches('0').trim_end_matches('.')
                    } else {
                        m
                    };
                    let ex: i32 = ex.parse().unwrap_or(0);
                    format!("{m}e{}{:02}", if ex < 0 { '-' } else { '+' }, ex.abs())
                } else {
                    let decimals = (p as i32 - 1 - e).max(0) as usize;
                    let s = format!("{f:.decimals$}");
                    if s.contains('.') {
                        s.trim_end_matches('0').trim_end_matches('.').to_string()
                    } else {
                        s
                    }
                }
            }
        },
    };
    if sp.plus && f >= 0.0 {
        s.insert(0, '+');
    } else if sp.space && f >= 0.0 {
        s.insert(0, ' ');
    }
    s
}

fn fmt_int(i: i64, verb: char, sp: Spec) -> String {
    let neg = i < 0;
    let u = i.unsigned_abs();
    let mut digits = match verb {
        'x' => format!("{u:x}"),
        'X' => format!("{u:X}"),
        'o' | 'O' => format!("{u:o}"),
        'b' => format!("{u:b}"),
        _ => u.to_string(),
    };
    if let Some(p) = sp.prec {
        while digits.len() < p {
            digits.insert(0, '0');
        }
    }
    if sp.sharp {
        match verb {
            'x' => digits.insert_str(0, "0x"),
            'X' => digits.insert_str(0, "0X"),
            'o' => digits.insert(0, '0'),
            _ => {}
        }
    }
    if verb == 'O' {
        digits.insert_str(0, "0o");
    }
    if neg {
        digits.insert(0, '-');
    } else if sp.plus {
        digits.insert(0, '+');
    } else if sp.space {
        digits.insert(0, ' ');
    }
    digits
}

fn one(verb: char, v: &Value, sp: Spec) -> String {
    let s = match (verb, v) {
        ('v', _) => {
            if sp.sharp {
                match v {
                    Value::Str(s) => go_quote(s),
                    other => other.to_go_string_inner(),
                }
            } else {
                match v {
                    Value::Float(f) if sp.prec.is_some() => fmt_float(*f, 'g', sp),
                    other => other.to_go_string_inner(),
                }
            }
        }
        ('s', Value::Str(s)) => match sp.prec {
            Some(p) => s.chars().take(p).collect(),
            None => s.to_string(),
        },
        ('s', Value::List(_) | Value::Map(_) | Value::Obj(_)) => v.to_go_string_inner(),
        ('s', _) => bad('s', v),
        ('q', Value::Str(s)) => go_quote(s),
        ('q', Value::Int(i)) => {
            char::from_u32(*i as u32).map_or_else(|| bad('q', v), |c| format!("'{c}'"))
        }
        ('q', _) => bad('q', v),
        ('t', Value::Bool(b)) => b.to_string(),
        ('t', _) => bad('t', v),
        ('d' | 'o' | 'O' | 'b', Value::Int(i)) => fmt_int(*i, verb, sp),
        ('x' | 'X', Value::Int(i)) => fmt_int(*i, verb, sp),
        ('x' | 'X', Value::Str(s)) => {
            let h: String = s.bytes().map(|b| format!("{b:02x}")).collect();
            if verb == 'X' {
                h.to_uppercase()
            } else {
                h
            }
        }
        ('c', Value::Int(i)) => char::from_u32(*i as u32)
            .map(String::from)
            .unwrap_or_default(),
        ('U', Value::Int(i)) => format!("U+{:04X}", i),
        ('e' | 'E' | 'f' | 'F' | 'g' | 'G', Value::Float(f)) => fmt_float(*f, verb, sp),
        ('e' | 'E' | 'f' | 'F' | 'g' | 'G', Value::Int(_)) => bad(verb, v),
        (_, Value::List(l)) if verb != 'v' => {
            let parts: Vec<String> = l.iter().map(|x| one(verb, x, Spec::default())).collect();
            format!("[{}]", parts.join(" "))
        }
        _ => bad(verb, v),
    };
    pad(s, sp)
}

/// Formats like Go's `fmt.Sprintf`.
pub(crate) fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::with_capacity(format.len() + 16);
    let mut chars = format.chars().peekable();
    let mut argi = 0;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut sp = Spec::default();
        loop {
            match chars.peek() {
                Some('-') => sp.minus = true,
                Some('+') => sp.plus = true,
                Some('#') => sp.sharp = true,
                Some('0') => sp.zero = true,
                Some(' ') => sp.space = true,
                _ => break,
            }
            chars.next();
        }
        let num = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
                   argi: &mut usize|
         -> Option<usize> {
            if chars.peek() == Some(&'*') {
                chars.next();
                let v = args.get(*argi).and_then(|v| match v {
                    Value::Int(i) => usize::try_from(*i).ok(),
                    _ => None,
                });
                *argi += 1;
                return v;
            }
            let mut n: Option<usize> = None;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d as usize));
                chars.next();
            }
            n
        };
        sp.width = num(&mut chars, &mut argi);
        if chars.peek() == Some(&'.') {
            chars.next();
            sp.prec = Some(num(&mut chars, &mut argi).unwrap_or(0));
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        match args.get(argi) {
            Some(v) => out.push_str(&one(verb, v, sp)),
            None => {
                let _ = write!(out, "%!{verb}(MISSING)");
            }
        }
        argi += 1;
    }
    if argi < args.len() {
        out.push_str("%!(EXTRA ");
        let extra: Vec<String> = args[argi..]
            .iter()
            .map(|v| format!("{}={}", v.type_name(), v.to_go_string_inner()))
            .collect();
        out.push_str(&extra.join(", "));
        out.push(')');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_like_go() {
        let a = [
            Value::str("x"),
            Value::Int(42),
            Value::Float(1.5),
            Value::Bool(true),
        ];
        assert_eq!(sprintf("%s-%d-%v-%t", &a), "x-42-1.5-true");
        assert_eq!(
            sprintf(
                "%05d|%-4s|%q",
                &[Value::Int(42), Value::str("ab"), Value::str("q\"")]
            ),
            "00042|ab  |\"q\\\"\""
        );
        assert_eq!(sprintf("%d", &[Value::Float(1e6)]), "%!d(float64=1e+06)");
        assert_eq!(
            sprintf("%.2f %x", &[Value::Float(1.23456), Value::Int(255)]),
            "1.23 ff"
        );
        assert_eq!(sprintf("%s", &[]), "%!s(MISSING)");
    }
}
