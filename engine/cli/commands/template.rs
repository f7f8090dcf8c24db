//! `comply template CHART`: renders a chart natively and prints the manifests as
//! `helm template` does (`---` + `# Source:` headers, install order), so users can debug what
//! comply scans and compare it with helm's output.

use anyhow::{Context, Result};
use std::io::Write;

use crate::args::TemplateArgs;

pub(crate) fn run(args: &TemplateArgs) -> Result<i32> {
    let chart = comply_helm::load(&args.chart)?;
    let mut value_files = Vec::new();
    for f in &args.values {
        let text = std::fs::read_to_string(f)
            .with_context(|| format!("reading values file {}", f.display()))?;
        value_files.push((f.display().to_string(), text));
    }
    let opts = comply_helm::RenderOptions {
        release_name: args.name.clone().unwrap_or_else(|| chart.name.clone()),
        namespace: args.namespace.clone(),
        value_files,
        set: args.set.clone(),
        set_string: args.set_string.clone(),
        kube_version: args.kube_version.clone(),
        api_versions: args.api_versions.clone(),
        include_crds: args.include_crds,
        seed: args.seed,
        ..comply_helm::RenderOptions::default()
    };
    let rendered = comply_helm::render(&chart, &opts)?;
    let mut out = std::io::stdout().lock();
    out.write_all(rendered.to_helm_output().as_bytes())?;
    out.flush()?;
    Ok(0)
}
