//! comply-yaml: loads YAML streams into JSON values with source positions.
//!
//! The tree is built straight from saphyr-parser events ([`parse_stream`]): every node gets a
//! [`comply_model::SpanNode`] of the same shape with 1-based, file-absolute lines and columns.
//! Scalars are resolved with Kubernetes' YAML 1.1 rules or the YAML 1.2 core schema
//! ([`Schema`]); anchors, aliases and `<<` merge keys are expanded under budgets ([`Limits`]).
//! Streams are cut per document by [`split_stream`] so one broken document does not hide the
//! others, and so callers can parse chunks of large files in parallel:
//!
//! ```
//! use comply_yaml::{finish_stream, parse_chunk, split_stream, Options};
//! let text = "a: 1\n---\nb: [2]\n";
//! let opts = Options::default();
//! let parts = split_stream(text).iter().map(|c| parse_chunk(c, &opts)).collect(); // or rayon
//! let docs = finish_stream(text, &opts, parts);
//! assert_eq!(docs.len(), 2);
//! ```
#![deny(missing_docs)]

mod doc;
mod error;
mod merge;
mod options;
mod position;
mod scalar;
mod split;
mod stream;
mod tree;

pub use doc::YamlDoc;
pub use error::{ErrorKind, YamlError};
pub use options::{Limits, Options, Schema};
pub use split::{split_stream, Chunk};
pub use stream::{
    finish_stream, parse_chunk, parse_single, parse_stream, parse_text_at, DocResult,
};
