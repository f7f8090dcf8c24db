//! The package-scope `# METADATA` block: finding it in a `.rego` source, parsing its YAML with
//! serde-saphyr, and validating it against the policy contract (DESIGN §6). Every error names the
//! line of the offending key in the `.rego` file when it can, else the `# METADATA` line.

use std::collections::BTreeMap;
use std::fmt;

use comply_model::{Category, DocKind, InputSelector, Severity};
use serde::de::{self, IgnoredAny};
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::PolicyError;

/// Where the package-scope METADATA block sits in a source, and its YAML.
#[derive(Debug, Clone)]
pub(crate) struct MetadataBlock {
    /// 1-based line of `# METADATA`.
    pub(crate) line: u32,
    /// The YAML with the comment markers stripped; YAML line `n` is `.rego` line `line + n`.
    pub(crate) yaml: String,
}

/// The `package` declaration of a source.
#[derive(Debug, Clone)]
pub(crate) struct PackageDecl {
    /// 1-based line of the `package` keyword.
    pub(crate) line: u32,
}

/// Finds the `package` line: the first line whose first token is `package`.
pub(crate) fn find_package(text: &str) -> Option<PackageDecl> {
    text.lines().enumerate().find_map(|(i, l)| {
        let rest = l.trim_start().strip_prefix("package")?;
        rest.starts_with(char::is_whitespace)
            .then(|| PackageDecl { line: line_no(i) })
    })
}

/// Finds the package-scope METADATA block: the first `# METADATA` comment line before the
/// `package` line, with the contiguous comment lines that follow it.
pub(crate) fn find_block(text: &str) -> Option<MetadataBlock> {
    let lines: Vec<&str> = text.lines().collect();
    let pkg = find_package(text).map_or(lines.len(), |p| p.line as usize - 1);
    let start = lines[..pkg].iter().position(|l| {
        l.trim()
            .strip_prefix('#')
            .is_some_and(|r| r.trim() == "METADATA")
    })?;
    let mut yaml = String::new();
    for l in lines[start + 1..pkg].iter() {
        let Some(body) = l.trim_start().strip_prefix('#') else {
            break;
        };
        yaml.push_str(body.strip_prefix(' ').unwrap_or(body));
        yaml.push('\n');
    }
    Some(MetadataBlock {
        line: line_no(start),
        yaml,
    })
}

fn line_no(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

/// Validated METADATA of a policy (not a library).
#[derive(Debug, Clone)]
pub(crate) struct PolicyMeta {
    pub(crate) id: String,
    pub(crate) id_line: u32,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) severity: Severity,
    pub(crate) category: Category,
    pub(crate) frameworks: BTreeMap<String, Vec<String>>,
    pub(crate) remediation: String,
    pub(crate) inputs: Vec<InputSelector>,
    pub(crate) related_resources: Vec<String>,
    pub(crate) name: Option<String>,
    pub(crate) name_line: u32,
    pub(crate) inventory: Option<Vec<String>>,
}

/// What a METADATA block declares.
#[derive(Debug, Clone)]
pub(crate) enum Declared {
    /// `custom: {library: true}`.
    Library,
    /// A policy.
    Policy(Box<PolicyMeta>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    title: Option<Spanned<String>>,
    description: Option<String>,
    related_resources: Option<Vec<RelatedResource>>,
    scope: Option<Spanned<String>>,
    custom: Option<Spanned<RawCustom>>,
    // Standard OPA annotation keys comply does not use.
    #[allow(dead_code)]
    authors: Option<IgnoredAny>,
    #[allow(dead_code)]
    organizations: Option<IgnoredAny>,
    #[allow(dead_code)]
    schemas: Option<IgnoredAny>,
    #[allow(dead_code)]
    entrypoint: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RelatedResource {
    Url(String),
    Ref {
        #[serde(rename = "ref")]
        url: String,
        #[allow(dead_code)]
        description: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCustom {
    id: Option<Spanned<String>>,
    severity: Option<Spanned<String>>,
    category: Option<Spanned<String>>,
    remediation: Option<Spanned<String>>,
    inputs: Option<Spanned<Vec<RawInput>>>,
    frameworks: Option<Spanned<BTreeMap<String, Vec<ControlId>>>>,
    library: Option<bool>,
    name: Option<Spanned<String>>,
    /// Kinds of `data.comply.inventory.by_kind` the rule reads (absent: every kind).
    inventory: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    kind: Spanned<String>,
    resources: Option<Vec<String>>,
}

/// A framework control id; YAML numbers (`5.2`) are accepted and kept as written.
struct ControlId(String);

impl<'de> Deserialize<'de> for ControlId {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = ControlId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a control id (string or number)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ControlId, E> {
                Ok(ControlId(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ControlId, E> {
                Ok(ControlId(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ControlId, E> {
                Ok(ControlId(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ControlId, E> {
                Ok(ControlId(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Parses and validates a METADATA block. `file` names the `.rego` file in errors.
pub(crate) fn parse(file: &str, block: &MetadataBlock) -> Result<Declared, Vec<PolicyError>> {
    let at = |line: Option<u32>, msg: String| PolicyError::at(file, line.or(Some(block.line)), msg);
    let raw: RawMeta = serde_saphyr::from_str(&block.yaml).map_err(|e| {
        let line = e.location().and_then(|l| yaml_line(block, l.line()));
        let col = e.location().and_then(|l| u32::try_from(l.column()).ok());
        let mut msg = first_line(&e.without_snippet().to_string());
        if msg.contains("unknown field") {
            msg.push_str(" (METADATA allows title, description, related_resources, scope, authors, organizations, schemas, entrypoint, custom; custom allows id, severity, category, remediation, inputs, frameworks, library, name, inventory)");
        }
        vec![PolicyError { col, ..at(line, format!("invalid METADATA: {msg}")) }]
    })?;
    let span_line = |loc: &serde_saphyr::Location| yaml_line(block, loc.line());
    if let Some(scope) = &raw.scope {
        if !matches!(scope.value.as_str(), "package" | "subpackages") {
            return Err(vec![at(
                span_line(&scope.referenced),
                format!("METADATA before `package` must have scope `package` or `subpackages`, not `{}`", scope.value),
            )]);
        }
    }
    let custom = raw.custom;
    if custom.as_ref().and_then(|c| c.value.library) == Some(true) {
        return Ok(Declared::Library);
    }
    let mut errors = Vec::new();
    let title = match raw.title {
        Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
        Some(t) => {
            errors.push(at(
                span_line(&t.referenced),
                "METADATA `title` must not be empty".into(),
            ));
            String::new()
        }
        None => {
            errors.push(at(
                None,
                "METADATA has no `title` (expected a one-line title)".into(),
            ));
            String::new()
        }
    };
    let Some(custom) = custom else {
        errors.push(at(
            None,
            "METADATA has no `custom` section (expected custom: {id, severity, category, remediation, inputs})".into(),
        ));
        return Err(errors);
    };
    let custom_line =
        span_line(&custom.referenced).map(|l| l.saturating_sub(1).max(block.line + 1));
    let c = custom.value;
    let missing = |key: &str, what: &str| {
        at(
            custom_line,
            format!("METADATA `custom.{key}` is missing (expected {what})"),
        )
    };

    let (id, id_line) = match c.id {
        Some(id) => {
            let line = span_line(&id.referenced);
            if !valid_id(&id.value) {
                errors.push(at(
                    line,
                    format!("invalid rule id `{}` (expected an upper-case prefix, a dash and four digits, e.g. K8S-0001)", id.value),
                ));
            }
            (id.value, line.unwrap_or(block.line))
        }
        None => {
            errors.push(missing("id", "a rule id such as K8S-0001"));
            (String::new(), block.line)
        }
    };
    let severity = match c.severity {
        Some(s) => s
            .value
            .parse::<Severity>()
            .map_err(|m| errors.push(at(span_line(&s.referenced), m)))
            .ok(),
        None => {
            errors.push(missing("severity", "critical, high, medium or low"));
            None
        }
    };
    let category = match c.category {
        Some(s) => s
            .value
            .parse::<Category>()
            .map_err(|m| errors.push(at(span_line(&s.referenced), m)))
            .ok(),
        None => {
            let all: Vec<_> = Category::ALL.iter().map(|c| c.as_str()).collect();
            errors.push(missing("category", &format!("one of {}", all.join(", "))));
            None
        }
    };
    let remediation = match c.remediation {
        Some(r) if !r.value.trim().is_empty() => r.value.trim().to_string(),
        Some(r) => {
            errors.push(at(
                span_line(&r.referenced),
                "METADATA `custom.remediation` must not be empty".into(),
            ));
            String::new()
        }
        None => {
            errors.push(missing("remediation", "how to fix a finding"));
            String::new()
        }
    };
    let kinds = || {
        DocKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut inputs = Vec::new();
    match c.inputs {
        Some(list) if !list.value.is_empty() => {
            for i in list.value {
                match DocKind::from_slug(&i.kind.value) {
                    Some(kind) => inputs.push(InputSelector { kind, resources: i.resources.unwrap_or_default() }),
                    None => errors.push(at(
                        span_line(&i.kind.referenced),
                        format!("unknown input kind `{}` (expected one of {})", i.kind.value, kinds()),
                    )),
                }
            }
        }
        Some(list) => errors.push(at(
            span_line(&list.referenced),
            format!("METADATA `custom.inputs` must not be empty (expected a list of {{kind: {}, resources: [...]}})", kinds()),
        )),
        None => errors.push(missing("inputs", &format!("a non-empty list of {{kind: {}, resources: [...]}}", kinds()))),
    }
    let frameworks = c
        .frameworks
        .map(|f| {
            f.value
                .into_iter()
                .map(|(k, v)| (k, v.into_iter().map(|c| c.0).collect()))
                .collect()
        })
        .unwrap_or_default();
    let (name, name_line) = match c.name {
        Some(n) => {
            let line = span_line(&n.referenced);
            if !valid_name(&n.value) {
                errors.push(at(
                    line,
                    format!(
                        "invalid rule name `{}` (expected kebab-case, e.g. privileged-container)",
                        n.value
                    ),
                ));
            }
            (Some(n.value), line.unwrap_or(block.line))
        }
        None => (None, block.line),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let (Some(severity), Some(category)) = (severity, category) else {
        return Err(vec![at(None, "invalid METADATA".into())]);
    };
    Ok(Declared::Policy(Box::new(PolicyMeta {
        id,
        id_line,
        description: raw
            .description
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| title.clone()),
        title,
        severity,
        category,
        frameworks,
        remediation,
        inputs,
        related_resources: raw
            .related_resources
            .unwrap_or_default()
            .into_iter()
            .map(|r| match r {
                RelatedResource::Url(u) | RelatedResource::Ref { url: u, .. } => u,
            })
            .collect(),
        name,
        name_line,
        inventory: c.inventory,
    })))
}

/// Maps a 1-based YAML line to the `.rego` line; `None` for an unknown (0) line.
fn yaml_line(block: &MetadataBlock, line: u64) -> Option<u32> {
    (line > 0)
        .then(|| u32::try_from(line).ok())
        .flatten()
        .map(|l| block.line.saturating_add(l))
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().trim().to_string()
}

/// `^[A-Z][A-Z0-9]*-\d{4}$`
pub(crate) fn valid_id(id: &str) -> bool {
    let Some((prefix, digits)) = id.split_once('-') else {
        return false;
    };
    let mut p = prefix.chars();
    p.next().is_some_and(|c| c.is_ascii_uppercase())
        && p.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && digits.len() == 4
        && digits.chars().all(|c| c.is_ascii_digit())
}

/// Lower-case kebab-case: `^[a-z0-9]+(-[a-z0-9]+)*$`.
pub(crate) fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_block_and_package() {
        let text = "# a comment\n# METADATA\n# title: T\n# custom:\n#   id: X-0001\n\n# other\npackage  a.b # c\n";
        let b = find_block(text).expect("block");
        assert_eq!(b.line, 2);
        assert_eq!(b.yaml, "title: T\ncustom:\n  id: X-0001\n");
        let p = find_package(text).expect("package");
        assert_eq!(p.line, 8);
        assert!(find_block("package x\n# METADATA\n# title: rule scope\nallow := 1\n").is_none());
    }

    #[test]
    fn ids_and_names() {
        assert!(valid_id("K8S-0001"));
        assert!(valid_id("TF-1234"));
        assert!(!valid_id("k8s-0001"));
        assert!(!valid_id("K8S-001"));
        assert!(!valid_id("K8S_0001"));
        assert!(!valid_id("-0001"));
        assert!(valid_name("privileged-container"));
        assert!(!valid_name("Privileged"));
        assert!(!valid_name("a--b"));
    }
}
