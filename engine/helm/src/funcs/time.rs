//! Dates for `now`, `date`, `dateInZone` and `unixEpoch`: Go's reference-time layouts
//! (`2006-01-02T15:04:05Z07:00`) over a UTC civil-date computation, with no time-zone database
//! (every zone is formatted as UTC, which is what `helm template` in CI containers prints).

use std::time::{SystemTime, UNIX_EPOCH};

use comply_model::calendar::{civil_from_days, days_from_civil, MONTH_NAMES};

use crate::value::Value;

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

/// Today plus `days` as (year, month, day), UTC.
pub(crate) fn ymd_from_now(days: i64) -> (i32, u8, u8) {
    let (y, m, d) = civil_from_days(now_secs().div_euclid(86_400) + days);
    (
        i32::try_from(y).unwrap_or(9999),
        u8::try_from(m).unwrap_or(1),
        u8::try_from(d).unwrap_or(1),
    )
}

/// Seconds since the epoch of a value: a number, or an RFC 3339 string made by `now`.
pub(crate) fn unix_of(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        #[allow(clippy::cast_possible_truncation)]
        Value::Float(f) => *f as i64,
        Value::Str(s) => parse_rfc3339(s).unwrap_or_else(now_secs),
        _ => now_secs(),
    }
}

fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 19 {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d, h, mi, se) = (
        n(0..4)?,
        n(5..7)?,
        n(8..10)?,
        n(11..13)?,
        n(14..16)?,
        n(17..19)?,
    );
    let days = days_from_civil(y, mo, d);
    Some(days * 86_400 + h * 3600 + mi * 60 + se)
}

/// The current time as RFC 3339 (UTC).
pub(crate) fn now_rfc3339() -> String {
    format_unix("2006-01-02T15:04:05Z07:00", now_secs())
}

/// `date LAYOUT TIME`.
pub(crate) fn format_date(layout: &str, t: &Value, _zone: &str) -> String {
    format_unix(layout, unix_of(t))
}

const DAYS: [&str; 7] = [
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
];

fn format_unix(layout: &str, secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s) = (rem / 3600, (rem / 60) % 60, rem % 60);
    let wd = DAYS[days.rem_euclid(7) as usize];
    let mon = MONTH_NAMES[(m - 1) as usize];
    let tokens: [(&str, String); 22] = [
        ("2006", format!("{y:04}")),
        ("January", mon.to_string()),
        ("Jan", mon[..3].to_string()),
        ("Monday", wd.to_string()),
        ("Mon", wd[..3].to_string()),
        ("MST", "UTC".into()),
        ("Z07:00", "Z".into()),
        ("-07:00", "+00:00".into()),
        ("-0700", "+0000".into()),
        ("Z0700", "Z".into()),
        ("01", format!("{m:02}")),
        ("02", format!("{d:02}")),
        ("_2", format!("{d:>2}")),
        ("15", format!("{h:02}")),
        (
            "03",
            format!("{:02}", if h % 12 == 0 { 12 } else { h % 12 }),
        ),
        ("04", format!("{mi:02}")),
        ("05", format!("{s:02}")),
        ("06", format!("{:02}", y % 100)),
        ("PM", if h >= 12 { "PM" } else { "AM" }.into()),
        (".000", ".000".into()),
        ("1", m.to_string()),
        ("2", d.to_string()),
    ];
    let mut out = String::new();
    let mut rest = layout;
    'outer: while !rest.is_empty() {
        for (tok, val) in &tokens {
            if let Some(r) = rest.strip_prefix(tok) {
                out.push_str(val);
                rest = r;
                continue 'outer;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_go_layouts() {
        assert_eq!(format_unix("2006-01-02 15:04:05", 0), "1970-01-01 00:00:00");
        assert_eq!(format_unix("2006-01-02", 1_700_000_000), "2023-11-14");
        assert_eq!(parse_rfc3339("2023-11-14T22:13:20Z"), Some(1_700_000_000));
    }
}
