//! comply-helm: renders Helm charts natively, without a `helm` binary.
//!
//! comply needs the manifests a chart produces to evaluate policies on them, and it needs to
//! point findings at the template line that produced the offending text. This crate is a Go
//! `text/template` engine of its own ([`parse`], [`exec`]) with the Sprig and Helm function
//! library ([`funcs`]), chart loading from directories and archives ([`chart`]), Helm's values
//! semantics ([`values`], [`schema`]) and the `helm template` pipeline ([`render`]). Every line
//! of output carries its provenance: template file, line, and the values path it printed.
//!
//! ```
//! let files = vec![
//!     ("Chart.yaml".to_string(), b"apiVersion: v2\nname: demo\nversion: 0.1.0\n".to_vec()),
//!     ("values.yaml".to_string(), b"replicas: 2\n".to_vec()),
//!     ("templates/cm.yaml".to_string(),
//!      b"kind: ConfigMap\ndata:\n  n: {{ .Values.replicas | quote }}\n".to_vec()),
//! ];
//! let chart = comply_helm::chart::from_files(files, "demo").unwrap();
//! let out = comply_helm::render(&chart, &comply_helm::RenderOptions::default()).unwrap();
//! assert_eq!(out.to_helm_output(),
//!     "---\n# Source: demo/templates/cm.yaml\nkind: ConfigMap\ndata:\n  n: \"2\"\n");
//! assert_eq!(out.manifests[0].origins[2].as_ref().unwrap().line, 3);
//! ```

pub mod chart;
pub mod error;
pub mod exec;
pub mod funcs;
pub mod objects;
pub mod parse;
pub mod render;
pub mod schema;
mod toml_out;
pub mod value;
pub mod values;
pub mod yaml_out;

pub use chart::{load, Chart};
pub use error::HelmError;
pub use exec::{values_path, values_path_display, ValuesSeg};
pub use render::{render, Manifest, Origin, RenderOptions, Rendered};
