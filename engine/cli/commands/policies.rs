//! `comply policies`: the rule catalogue as a table, JSON or markdown.

use anyhow::Result;
use std::io::Write;

use crate::args::{PoliciesArgs, RulesFormatArg};
use crate::commands::scan::load_policies;

pub(crate) fn run(args: &PoliciesArgs) -> Result<i32> {
    let set = load_policies(&args.policies)?;
    let format = match args.format {
        RulesFormatArg::Table => comply_report::RulesFormat::Table,
        RulesFormatArg::Json => comply_report::RulesFormat::Json,
        RulesFormatArg::Markdown => comply_report::RulesFormat::Markdown,
    };
    let text = comply_report::render_rules(format, set.rules());
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    Ok(0)
}
