//! Structured logs: one JSON object per line on stderr (`ts`, `level`, `msg`, then fields), as
//! log collectors in a cluster expect. Only events worth reading are logged: startup, reloads,
//! shutdown, bad requests, and reviews that found something.
//!
//! Every review with a finding is logged, so under load this is thousands of lines a second: a
//! request thread only formats its line and queues it, and one writer thread ([`start`]) writes
//! whatever has queued up in one buffered write, instead of each request taking the stderr lock
//! for a system call of its own. [`flush`] waits until everything queued is written.

use std::io::Write;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crossbeam_channel::{bounded, Sender};
use serde::Serialize;
use serde_json::{Map, Value};

/// Lines that may wait for the writer; past that, `emit` waits (as a blocking write would).
const QUEUE: usize = 8192;

enum Msg {
    Line(String),
    /// Write everything queued before this, then answer.
    Flush(Sender<()>),
}

/// The writer thread's queue, once [`start`] ran.
static WRITER: OnceLock<Sender<Msg>> = OnceLock::new();

/// Starts the writer thread (once per process). Until it runs, or if it cannot start, lines
/// are written directly.
pub(crate) fn start() {
    WRITER.get_or_init(|| {
        let (tx, rx) = bounded::<Msg>(QUEUE);
        let spawned = std::thread::Builder::new()
            .name("comply-log".into())
            .spawn(move || {
                let mut out = std::io::BufWriter::with_capacity(64 << 10, std::io::stderr());
                let mut acks = Vec::new();
                while let Ok(first) = rx.recv() {
                    let mut next = Some(first);
                    while let Some(m) = next {
                        match m {
                            // A closed stderr must not take the server down: ignore errors.
                            Msg::Line(l) => drop(out.write_all(l.as_bytes())),
                            Msg::Flush(ack) => acks.push(ack),
                        }
                        next = rx.try_recv().ok();
                    }
                    let _ = out.flush();
                    for ack in acks.drain(..) {
                        let _ = ack.send(());
                    }
                }
            });
        if spawned.is_err() {
            // Dropping the receiver makes every send fail: lines go straight to stderr.
            return bounded(0).0;
        }
        tx
    });
}

/// Waits (at most `limit`) until every line emitted so far is written.
pub(crate) fn flush(limit: Duration) {
    if let Some(tx) = WRITER.get() {
        let (ack, done) = bounded(1);
        if tx.send_timeout(Msg::Flush(ack), limit).is_ok() {
            let _ = done.recv_timeout(limit);
        }
    }
}

/// Log severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    Info,
    Warn,
    Error,
}

impl Level {
    fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warn => "warn",
            Self::Error => "error",
        }
    }
}

/// Writes one log line; `fields` are appended after `ts`, `level` and `msg`.
pub(crate) fn emit(level: Level, msg: &str, fields: Map<String, Value>) {
    emit_with(level, msg, &fields);
}

/// Writes one log line whose fields are those of `fields`, which must serialise as a JSON
/// object (a struct or a map). Serialised straight to text: no intermediate JSON tree.
pub(crate) fn emit_with<T: Serialize + ?Sized>(level: Level, msg: &str, fields: &T) {
    let text = line(&rfc3339_now(), level, msg, fields);
    let text = match WRITER.get() {
        Some(tx) => match tx.send(Msg::Line(text)) {
            Ok(()) => return,
            Err(e) => match e.into_inner() {
                Msg::Line(t) => t,
                Msg::Flush(_) => return,
            },
        },
        None => text,
    };
    // A closed stderr must not take the server down: ignore write errors.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// One log line, newline included.
fn line<T: Serialize + ?Sized>(ts: &str, level: Level, msg: &str, fields: &T) -> String {
    let mut text = String::with_capacity(512);
    text.push_str("{\"ts\":\"");
    text.push_str(ts);
    text.push_str("\",\"level\":\"");
    text.push_str(level.as_str());
    text.push_str("\",\"msg\":");
    text.push_str(&Value::from(msg).to_string());
    match serde_json::to_string(fields) {
        Ok(f) if f.len() > 2 && f.starts_with('{') => {
            text.push(',');
            text.push_str(&f[1..]);
        }
        _ => text.push('}'),
    }
    text.push('\n');
    text
}

/// `fields!{"k" => v, ...}` builds the field map of a log line.
macro_rules! fields {
    ($($k:literal => $v:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut m = serde_json::Map::new();
        $( m.insert($k.into(), serde_json::json!($v)); )*
        m
    }};
}
pub(crate) use fields;

/// The current UTC time as `2026-11-22T05:58:20.123Z`.
fn rfc3339_now() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    format_utc(now.as_secs(), now.subsec_millis())
}

fn format_utc(secs: u64, millis: u32) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (y, m, d) = comply_model::calendar::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_start_with_time_level_and_message_then_the_fields() {
        #[derive(Serialize)]
        struct F<'a> {
            uid: &'a str,
            n: u32,
        }
        let l = line(
            "2026-11-22T05:58:20.999Z",
            Level::Warn,
            "review \"x\"",
            &F { uid: "u-1", n: 2 },
        );
        assert_eq!(
            l,
            "{\"ts\":\"2026-11-22T05:58:20.999Z\",\"level\":\"warn\",\"msg\":\"review \\\"x\\\"\",\"uid\":\"u-1\",\"n\":2}\n"
        );
        let empty = line("t", Level::Info, "m", &Map::new());
        assert_eq!(empty, "{\"ts\":\"t\",\"level\":\"info\",\"msg\":\"m\"}\n");
        let v: Value = serde_json::from_str(&l).expect("valid JSON");
        assert_eq!(v["msg"], "review \"x\"");
    }

    #[test]
    fn formats_utc_timestamps() {
        assert_eq!(format_utc(0, 0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_utc(951_782_400, 5), "2000-02-29T00:00:00.005Z");
        assert_eq!(format_utc(1_795_327_100, 999), "2026-11-22T05:58:20.999Z");
    }
}
