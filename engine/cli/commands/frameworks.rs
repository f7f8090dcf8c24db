//! `comply frameworks [ID]`: the compliance framework catalogue with control counts and how many
//! rules cover each framework, or the controls of one framework with the rules mapped to each.

use anyhow::Result;
use std::io::Write;

use crate::args::{FrameworksArgs, RulesFormatArg};
use crate::commands::scan::load_policies;
use crate::frameworks;

pub(crate) fn run(args: &FrameworksArgs) -> Result<i32> {
    let set = load_policies(&args.policies)?;
    let catalogue = frameworks::builtin()?;
    if let Some(id) = &args.framework {
        frameworks::find(&catalogue, id)?;
    }
    for p in frameworks::mapping_problems(&catalogue, set.rules()) {
        eprintln!("warning: {p}");
    }
    let format = match args.format {
        RulesFormatArg::Table => comply_report::RulesFormat::Table,
        RulesFormatArg::Json => comply_report::RulesFormat::Json,
        RulesFormatArg::Markdown => comply_report::RulesFormat::Markdown,
    };
    let text = comply_report::render_frameworks(
        format,
        &catalogue,
        set.rules(),
        args.framework.as_deref(),
    );
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    Ok(0)
}
