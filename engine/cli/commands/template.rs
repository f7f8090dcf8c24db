//! `comply template CHART...`: renders charts natively and prints the manifests as
//! `helm template` does (`---` + `# Source:` headers, install order), so users can debug what
//! comply scans and compare it with helm's output.
//!
//! Several charts are rendered in parallel (one rayon task each) and printed in the order given,
//! each with the same options (`--name` defaults to each chart's own name). A chart that fails to
//! load or render is reported on stderr, the others are still printed, and the exit code is 2.

use anyhow::{Context, Result};
use rayon::prelude::*;
use std::io::Write;
use std::path::Path;

use crate::args::TemplateArgs;

fn render_one(
    path: &Path,
    args: &TemplateArgs,
    value_files: &[(String, String)],
) -> Result<String> {
    let chart = comply_helm::load(path)?;
    let opts = comply_helm::RenderOptions {
        release_name: args.name.clone().unwrap_or_else(|| chart.name.clone()),
        namespace: args.namespace.clone(),
        value_files: value_files.to_vec(),
        set: args.set.clone(),
        set_string: args.set_string.clone(),
        kube_version: args.kube_version.clone(),
        api_versions: args.api_versions.clone(),
        include_crds: args.include_crds,
        seed: args.seed,
        ..comply_helm::RenderOptions::default()
    };
    Ok(comply_helm::render(&chart, &opts)?.to_helm_output())
}

pub(crate) fn run(args: &TemplateArgs) -> Result<i32> {
    let mut value_files = Vec::new();
    for f in &args.values {
        let text = std::fs::read_to_string(f)
            .with_context(|| format!("reading values file {}", f.display()))?;
        value_files.push((f.display().to_string(), text));
    }
    if let [only] = args.charts.as_slice() {
        let text = render_one(only, args, &value_files)?;
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
        return Ok(0);
    }
    let rendered: Vec<Result<String>> = args
        .charts
        .par_iter()
        .map(|c| render_one(c, args, &value_files))
        .collect();
    let mut out = std::io::stdout().lock();
    let mut code = 0;
    for (path, r) in args.charts.iter().zip(rendered) {
        match r {
            Ok(text) => out.write_all(text.as_bytes())?,
            Err(e) => {
                eprintln!("error: {}: {e:#}", path.display());
                code = 2;
            }
        }
    }
    out.flush()?;
    Ok(code)
}
