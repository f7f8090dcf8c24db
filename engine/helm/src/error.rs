//! Errors of loading and rendering, each naming the chart and, for templates, the template file
//! and line (the way Helm words them, so messages look familiar).

/// A chart could not be loaded or rendered.
#[derive(Debug, Clone, thiserror::Error)]
pub enum HelmError {
    /// The chart's files are missing or malformed.
    #[error("chart {chart}: {message}")]
    Load {
        /// Chart path.
        chart: String,
        /// What is wrong.
        message: String,
    },
    /// A values file or `--set` could not be used.
    #[error("{file}: {message}")]
    Values {
        /// The values file (or `--set`).
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The values do not satisfy `values.schema.json`.
    #[error("chart {chart}: values don't meet the specifications of the schema(s):\n{message}")]
    Schema {
        /// Chart name.
        chart: String,
        /// The violations, one per line.
        message: String,
    },
    /// A template does not parse.
    #[error("parse error at ({template}:{line}:{col}): {message}")]
    Parse {
        /// Chart name.
        chart: String,
        /// Template path (`chart/templates/x.yaml`).
        template: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        col: u32,
        /// What is wrong.
        message: String,
    },
    /// Executing a template failed (including `fail` and `required`).
    #[error("{}", if *.user { format!("execution error at ({template}:{line}:{col}): {message}") } else { format!("template: {template}:{line}:{col}: {message}") })]
    Exec {
        /// Chart name.
        chart: String,
        /// Template path.
        template: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        col: u32,
        /// What is wrong.
        message: String,
        /// Raised by `fail` / `required`.
        user: bool,
    },
    /// The rendered output of a template is not valid YAML.
    #[error("YAML parse error on {template}: {message}")]
    Yaml {
        /// Template path.
        template: String,
        /// 1-based line in the template's output, when known.
        line: Option<u32>,
        /// What is wrong.
        message: String,
    },
}

impl HelmError {
    /// The template file and line the error points at, when it has one.
    pub fn location(&self) -> Option<(&str, u32)> {
        match self {
            Self::Parse { template, line, .. } | Self::Exec { template, line, .. } => {
                Some((template.as_str(), *line))
            }
            _ => None,
        }
    }
}
