//! From an evaluation to an admission answer: which findings are violations (at or above
//! `fail_on`), what the mode does with them (enforce denies, warn turns denials into warnings,
//! audit never tells the client), and the texts the API server shows to the user.

use std::fmt::Write as _;
use std::str::FromStr;

use comply_model::{format_path, Finding, Severity};

use crate::Evaluation;

/// What the webhook does with violations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Deny requests with violations; findings below the threshold become warnings.
    Enforce,
    /// Never deny: violations and other findings become warnings.
    Warn,
    /// Never deny and never warn: only log and count.
    Audit,
}

impl Mode {
    /// The lowercase name, as on the command line and in metrics.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Enforce => "enforce",
            Self::Warn => "warn",
            Self::Audit => "audit",
        }
    }
}

impl FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "enforce" => Ok(Self::Enforce),
            "warn" => Ok(Self::Warn),
            "audit" => Ok(Self::Audit),
            _ => Err(format!(
                "unknown mode `{s}` (expected enforce, warn or audit)"
            )),
        }
    }
}

/// What a finding turned into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// Part of a denial.
    Deny,
    /// Returned as a warning.
    Warn,
    /// Logged and counted only.
    Audit,
}

impl Action {
    pub(crate) const ALL: [Self; 3] = [Self::Deny, Self::Warn, Self::Audit];

    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Self::Deny => "deny",
            Self::Warn => "warn",
            Self::Audit => "audit",
        }
    }

    pub(crate) const fn index(self) -> usize {
        match self {
            Self::Deny => 0,
            Self::Warn => 1,
            Self::Audit => 2,
        }
    }
}

/// The answer to one review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decision {
    pub(crate) allowed: bool,
    /// The denial message (only when denied).
    pub(crate) message: Option<String>,
    pub(crate) warnings: Vec<String>,
    /// For each finding, in order, what it turned into.
    pub(crate) actions: Vec<Action>,
    /// Whether the evaluation found anything or failed (worth a log line).
    pub(crate) noteworthy: bool,
}

/// Kubernetes truncates longer warnings; keep each within this many characters.
const MAX_WARNING_CHARS: usize = 256;
/// More warnings than this are summarised in one last warning.
const MAX_WARNINGS: usize = 20;

/// Applies the mode and threshold. `object` names the object in messages (`Pod/team-a/web`).
/// A rule that failed on the object counts as a violation of that rule (fail closed): an
/// object must not pass because it made a rule error out.
pub(crate) fn decide(
    mode: Mode,
    fail_on: Option<Severity>,
    eval: &Evaluation,
    object: &str,
) -> Decision {
    let violates = |f: &Finding| fail_on.is_some_and(|t| f.severity >= t);
    let actions: Vec<Action> = eval
        .findings
        .iter()
        .map(|f| match mode {
            Mode::Audit => Action::Audit,
            Mode::Warn => Action::Warn,
            Mode::Enforce if violates(f) => Action::Deny,
            Mode::Enforce => Action::Warn,
        })
        .collect();
    let mut denials: Vec<String> = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    for (f, a) in eval.findings.iter().zip(&actions) {
        match a {
            Action::Deny => denials.push(describe(f)),
            Action::Warn => warnings.push(warning(f)),
            Action::Audit => {}
        }
    }
    for e in &eval.errors {
        let text = if e.rule_id.is_empty() {
            format!("the policies could not be evaluated: {}", e.message)
        } else {
            format!("[{}] could not be evaluated: {}", e.rule_id, e.message)
        };
        match mode {
            Mode::Enforce => denials.push(text),
            Mode::Warn => warnings.push(truncate(format!("comply {text}"))),
            Mode::Audit => {}
        }
    }
    if warnings.len() > MAX_WARNINGS {
        let more = warnings.len() - (MAX_WARNINGS - 1);
        warnings.truncate(MAX_WARNINGS - 1);
        warnings.push(format!(
            "comply: {more} more findings (see the webhook's log)"
        ));
    }
    let noteworthy = !eval.findings.is_empty() || !eval.errors.is_empty();
    if denials.is_empty() {
        return Decision {
            allowed: true,
            message: None,
            warnings,
            actions,
            noteworthy,
        };
    }
    let mut message = format!(
        "comply denied {object}: {} violation{}: ",
        denials.len(),
        if denials.len() == 1 { "" } else { "s" }
    );
    message.push_str(&denials.join("; "));
    Decision {
        allowed: false,
        message: Some(message),
        warnings,
        actions,
        noteworthy,
    }
}

/// `[K8S-0001 privileged-container] container "web" is privileged (at spec.containers[0]...)`
pub(crate) fn describe(f: &Finding) -> String {
    let mut s = format!("[{} {}] {}", f.rule_id, f.rule_name, f.message);
    if !f.path.is_empty() {
        let _ = write!(s, " (at {})", format_path(&f.path));
    }
    s
}

fn warning(f: &Finding) -> String {
    truncate(format!("comply {} {}", f.severity, describe(f)))
}

fn truncate(mut s: String) -> String {
    if s.chars().count() > MAX_WARNING_CHARS {
        s = s.chars().take(MAX_WARNING_CHARS - 1).collect();
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleFailure;
    use comply_model::{Category, Location, PathSeg, Span};
    use std::sync::Arc;

    fn finding(id: &str, sev: Severity) -> Finding {
        Finding {
            rule_id: id.into(),
            rule_name: format!("rule-{id}"),
            severity: sev,
            category: Category::PodSecurity,
            message: format!("{id} failed"),
            location: Location {
                file: Arc::from("admission"),
                span: Span::point(1, 1),
                note: None,
            },
            related: Vec::new(),
            path: vec![
                PathSeg::Key("spec".into()),
                PathSeg::Key("containers".into()),
                PathSeg::Index(0),
            ],
            resource: "Pod/ns/p".into(),
            environments: Vec::new(),
            suppression: None,
            fingerprint: String::new(),
        }
    }

    fn eval() -> Evaluation {
        Evaluation {
            findings: vec![
                finding("A-1", Severity::High),
                finding("A-2", Severity::Low),
            ],
            ..Evaluation::default()
        }
    }

    #[test]
    fn enforce_denies_at_threshold_and_warns_below() {
        let d = decide(Mode::Enforce, Some(Severity::High), &eval(), "Pod/ns/p");
        assert!(!d.allowed);
        assert_eq!(
            d.message.as_deref(),
            Some("comply denied Pod/ns/p: 1 violation: [A-1 rule-A-1] A-1 failed (at spec.containers[0])")
        );
        assert_eq!(
            d.warnings,
            vec!["comply low [A-2 rule-A-2] A-2 failed (at spec.containers[0])"]
        );
        assert_eq!(d.actions, vec![Action::Deny, Action::Warn]);
    }

    #[test]
    fn warn_and_audit_never_deny() {
        let w = decide(Mode::Warn, Some(Severity::Low), &eval(), "Pod/ns/p");
        assert!(w.allowed);
        assert_eq!(w.warnings.len(), 2);
        let a = decide(Mode::Audit, Some(Severity::Low), &eval(), "Pod/ns/p");
        assert!(a.allowed && a.warnings.is_empty() && a.noteworthy);
        assert_eq!(a.actions, vec![Action::Audit, Action::Audit]);
    }

    #[test]
    fn fail_on_never_only_warns_and_errors_fail_closed() {
        let d = decide(Mode::Enforce, None, &eval(), "Pod/ns/p");
        assert!(d.allowed);
        let mut e = Evaluation::default();
        e.errors.push(RuleFailure {
            rule_id: "A-3".into(),
            message: "timed out".into(),
        });
        let d = decide(Mode::Enforce, Some(Severity::High), &e, "Pod/ns/p");
        assert!(!d.allowed);
        assert!(d
            .message
            .as_deref()
            .is_some_and(|m| m.contains("[A-3] could not be evaluated: timed out")));
    }

    #[test]
    fn warnings_are_bounded() {
        let mut e = Evaluation::default();
        for i in 0..30 {
            let mut f = finding(&format!("L-{i}"), Severity::Low);
            f.message = "x".repeat(400);
            e.findings.push(f);
        }
        let d = decide(Mode::Enforce, Some(Severity::High), &e, "Pod/ns/p");
        assert_eq!(d.warnings.len(), MAX_WARNINGS);
        assert!(d
            .warnings
            .iter()
            .all(|w| w.chars().count() <= MAX_WARNING_CHARS));
        assert!(d.warnings[MAX_WARNINGS - 1].contains("11 more findings"));
    }
}
