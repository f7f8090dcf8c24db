//! Context objects with methods: `.Files`, `.Capabilities` (with `KubeVersion` and
//! `APIVersions.Has`), parsed semantic versions, and the certificates of `genCA` and its kin
//! (Sprig's `certificate` struct, whose RSA key is generated only when `.Cert` or `.Key` is read). Plain data (`.Values`, `.Release`,
//! `.Chart`, `.Template`) are ordinary maps; these need method calls with arguments, which is why
//! the engine has its own object model.

use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use crate::exec::obj;
use crate::funcs::semver::Version;
use crate::value::Value;

/// A chart's non-template files, by path relative to the chart root.
#[derive(Debug, Clone, Default)]
pub struct Files {
    /// (path, content) sorted by path.
    pub entries: Rc<Vec<(String, Arc<[u8]>)>>,
}

/// The cluster capabilities `helm template` assumes.
#[derive(Debug, Clone)]
pub struct Capabilities {
    /// e.g. "v1.35.0".
    pub kube_version: String,
    /// Known API versions.
    pub api_versions: Rc<Vec<String>>,
}

/// An object with fields and methods.
#[derive(Debug)]
pub enum Object {
    /// `.Files` or a `Glob` result.
    Files(Files),
    /// `.Capabilities`.
    Capabilities(Capabilities),
    /// `.Capabilities.KubeVersion`.
    KubeVersion(String),
    /// `.Capabilities.APIVersions`.
    ApiVersions(Rc<Vec<String>>),
    /// A parsed semantic version (`semver`).
    Semver(Version),
    /// A certificate (`genCA`, `genSignedCert`, `genSelfSignedCert`): fields `Cert` and `Key`.
    Cert(LazyCert),
}

/// Makes a certificate's (cert PEM, key PEM).
pub type CertMaker = Box<dyn FnOnce() -> Result<(String, String), String>>;

enum CertState {
    Pending(CertMaker),
    Ready(Rc<str>, Rc<str>),
    Failed(String),
}

/// A certificate whose key pair is made on first use. Charts often call `genCA` in templates
/// whose output never shows it (a TLS secret behind a disabled flag still assigns
/// `$ca := genCA ...` first), and generating an RSA key is by far the costliest thing a render
/// does; what a template can observe is the same as with eager generation, because every random
/// input (the key's seed, the serial number) was drawn from the render's generator at the call.
pub struct LazyCert {
    state: std::cell::RefCell<CertState>,
}

impl std::fmt::Debug for LazyCert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &*self.state.borrow() {
            CertState::Pending(_) => "pending",
            CertState::Ready(..) => "ready",
            CertState::Failed(_) => "failed",
        };
        write!(f, "LazyCert({state})")
    }
}

impl LazyCert {
    /// A certificate made by `make` when first read.
    pub fn new(make: CertMaker) -> Self {
        Self {
            state: std::cell::RefCell::new(CertState::Pending(make)),
        }
    }

    /// (cert PEM, key PEM), made now if not yet.
    pub fn get(&self) -> Result<(Rc<str>, Rc<str>), String> {
        let mut st = self.state.borrow_mut();
        let taken = std::mem::replace(&mut *st, CertState::Failed(String::new()));
        *st = match taken {
            CertState::Pending(make) => match make() {
                Ok((c, k)) => CertState::Ready(Rc::from(c), Rc::from(k)),
                Err(e) => CertState::Failed(e),
            },
            other => other,
        };
        match &*st {
            CertState::Ready(c, k) => Ok((Rc::clone(c), Rc::clone(k))),
            CertState::Failed(e) => Err(e.clone()),
            CertState::Pending(_) => Err("certificate not generated".into()),
        }
    }
}

fn arg_str(args: &[Value], i: usize) -> String {
    args.get(i).map(crate::funcs::to_str).unwrap_or_default()
}

impl Object {
    /// Go type name.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Files(_) => "files.Files",
            Self::Capabilities(_) => "*common.Capabilities",
            Self::KubeVersion(_) => "common.KubeVersion",
            Self::ApiVersions(_) => "common.VersionSet",
            Self::Semver(_) => "*semver.Version",
            Self::Cert(_) => "sprig.certificate",
        }
    }

    /// Go truthiness: `Files` and `APIVersions` are collections (empty is false).
    pub fn truthy(&self) -> bool {
        match self {
            Self::Files(f) => !f.entries.is_empty(),
            Self::ApiVersions(v) => !v.is_empty(),
            _ => true,
        }
    }

    /// What `{{ x }}` prints.
    pub fn display(&self) -> String {
        match self {
            Self::Files(f) => format!(
                "map[{}]",
                f.entries
                    .iter()
                    .map(|(k, _)| format!("{k}:[...]"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            Self::Capabilities(c) => format!("{{{} {:?}}}", c.kube_version, c.api_versions.len()),
            Self::KubeVersion(v) => v.clone(),
            Self::ApiVersions(v) => format!("[{}]", v.join(" ")),
            Self::Semver(v) => v.to_string(),
            Self::Cert(c) => match c.get() {
                Ok((cert, key)) => format!("{{{cert} {key}}}"),
                Err(e) => format!("{{%!v(error: {e})}}"),
            },
        }
    }

    /// JSON form (`toJson`, `toYaml`).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Self::Files(f) => serde_json::Value::Object(
                f.entries
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            serde_json::Value::String(String::from_utf8_lossy(v).into_owned()),
                        )
                    })
                    .collect(),
            ),
            Self::ApiVersions(v) => serde_json::Value::Array(
                v.iter()
                    .map(|s| serde_json::Value::String(s.clone()))
                    .collect(),
            ),
            Self::Cert(c) => {
                let (cert, key) = c.get().unwrap_or_else(|_| (Rc::from(""), Rc::from("")));
                serde_json::json!({"Cert": &*cert, "Key": &*key})
            }
            other => serde_json::Value::String(other.display()),
        }
    }

    /// Items when ranged over.
    pub fn as_list(&self) -> Vec<Value> {
        match self {
            Self::ApiVersions(v) => v.iter().map(|s| Value::str(s.as_str())).collect(),
            Self::Files(f) => f
                .entries
                .iter()
                .map(|(_, v)| Value::str(String::from_utf8_lossy(v)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A field or a method call.
    pub fn field(&self, name: &str, args: Vec<Value>) -> Result<Value, String> {
        match self {
            Self::Files(f) => files_method(f, name, &args),
            Self::Capabilities(c) => match name {
                "KubeVersion" => Ok(obj(Object::KubeVersion(c.kube_version.clone()))),
                "APIVersions" => Ok(obj(Object::ApiVersions(Rc::clone(&c.api_versions)))),
                "HelmVersion" => {
                    let mut m = BTreeMap::new();
                    m.insert("Version".into(), Value::str("v4.1.4"));
                    m.insert("GitCommit".into(), Value::str(""));
                    m.insert("GitTreeState".into(), Value::str("clean"));
                    m.insert("GoVersion".into(), Value::str(""));
                    Ok(Value::map(m))
                }
                _ => Err(format!(
                    "can't evaluate field {name} in type *common.Capabilities"
                )),
            },
            Self::KubeVersion(v) => {
                let core = v.trim_start_matches('v');
                let mut parts = core.split('.');
                match name {
                    "Version" | "GitVersion" | "String" => Ok(Value::str(v.as_str())),
                    "Major" => Ok(Value::str(parts.next().unwrap_or("1"))),
                    "Minor" => Ok(Value::str(parts.nth(1).unwrap_or("0"))),
                    _ => Err(format!(
                        "can't evaluate field {name} in type common.KubeVersion"
                    )),
                }
            }
            Self::ApiVersions(v) => match name {
                "Has" => {
                    let want = arg_str(&args, 0);
                    Ok(Value::Bool(v.contains(&want)))
                }
                _ => Err(format!(
                    "can't evaluate field {name} in type common.VersionSet"
                )),
            },
            Self::Semver(v) => v.field(name, &args),
            Self::Cert(c) => match name {
                "Cert" => Ok(Value::Str(c.get()?.0)),
                "Key" => Ok(Value::Str(c.get()?.1)),
                _ => Err(format!(
                    "can't evaluate field {name} in type sprig.certificate"
                )),
            },
        }
    }
}

fn base_name(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

fn files_method(f: &Files, name: &str, args: &[Value]) -> Result<Value, String> {
    let get = |p: &str| -> Option<Arc<[u8]>> {
        f.entries
            .binary_search_by(|(k, _)| k.as_str().cmp(p))
            .ok()
            .map(|i| Arc::clone(&f.entries[i].1))
    };
    match name {
        "Get" | "GetBytes" => {
            let p = arg_str(args, 0);
            Ok(Value::str(
                get(&p)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default(),
            ))
        }
        "Lines" => {
            let p = arg_str(args, 0);
            let Some(b) = get(&p) else {
                return Ok(Value::list(Vec::new()));
            };
            let s = String::from_utf8_lossy(&b).into_owned();
            let s = s.strip_suffix('\n').unwrap_or(&s);
            Ok(Value::list(s.split('\n').map(Value::str).collect()))
        }
        "Glob" => {
            let pat = arg_str(args, 0);
            let g = globset::GlobBuilder::new(&pat)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("Glob: bad pattern {pat:?}: {e}"))?
                .compile_matcher();
            let entries: Vec<_> = f
                .entries
                .iter()
                .filter(|(k, _)| g.is_match(k))
                .cloned()
                .collect();
            Ok(obj(Object::Files(Files {
                entries: Rc::new(entries),
            })))
        }
        "AsConfig" => {
            if f.entries.is_empty() {
                return Ok(Value::str(""));
            }
            let m: BTreeMap<String, Value> = f
                .entries
                .iter()
                .map(|(k, v)| {
                    (
                        base_name(k).to_string(),
                        Value::str(String::from_utf8_lossy(v)),
                    )
                })
                .collect();
            Ok(Value::str(crate::yaml_out::to_yaml(&Value::map(m))))
        }
        "AsSecrets" => {
            if f.entries.is_empty() {
                return Ok(Value::str(""));
            }
            use base64::Engine as _;
            let m: BTreeMap<String, Value> = f
                .entries
                .iter()
                .map(|(k, v)| {
                    (
                        base_name(k).to_string(),
                        Value::str(base64::engine::general_purpose::STANDARD.encode(v)),
                    )
                })
                .collect();
            Ok(Value::str(crate::yaml_out::to_yaml(&Value::map(m))))
        }
        _ => Err(format!("can't evaluate field {name} in type files.Files")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn certificates_are_made_once_and_only_when_read() {
        let calls = Rc::new(Cell::new(0));
        let c = Rc::clone(&calls);
        let cert = Object::Cert(LazyCert::new(Box::new(move || {
            c.set(c.get() + 1);
            Ok(("CERT".into(), "KEY".into()))
        })));
        assert_eq!(cert.type_name(), "sprig.certificate");
        assert!(cert.truthy());
        assert_eq!(calls.get(), 0, "nothing generated before a field is read");
        assert_eq!(
            cert.field("Key", Vec::new())
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .as_deref(),
            Some("KEY")
        );
        assert_eq!(
            cert.field("Cert", Vec::new())
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .as_deref(),
            Some("CERT")
        );
        assert_eq!(
            cert.to_json(),
            serde_json::json!({"Cert": "CERT", "Key": "KEY"})
        );
        assert_eq!(calls.get(), 1, "generated once");
        assert!(cert.field("Other", Vec::new()).is_err());

        let failing = Object::Cert(LazyCert::new(Box::new(|| Err("no key".into()))));
        assert_eq!(
            failing.field("Cert", Vec::new()).err().as_deref(),
            Some("no key")
        );
        assert_eq!(
            failing.field("Key", Vec::new()).err().as_deref(),
            Some("no key")
        );
    }
}
