//! `comply explain ID|name`: a rule's documentation, with its first failing and passing fixture
//! as "Avoid" and "Prefer" examples.

use anyhow::{bail, Result};
use std::io::Write;

use crate::args::ExplainArgs;
use crate::commands::scan::load_policies;
use crate::{frameworks, policies};

pub(crate) fn run(args: &ExplainArgs) -> Result<i32> {
    let set = load_policies(&args.policies)?;
    let Some(i) = set.find_rule(&args.rule) else {
        let mut close: Vec<&str> = set
            .rules()
            .iter()
            .filter(|r| {
                r.name.contains(&args.rule.to_lowercase())
                    || r.id.contains(&args.rule.to_uppercase())
            })
            .map(|r| r.name.as_str())
            .collect();
        close.truncate(5);
        if close.is_empty() {
            bail!("no rule `{}` (see `comply policies`)", args.rule);
        }
        bail!(
            "no rule `{}`; did you mean: {}?",
            args.rule,
            close.join(", ")
        );
    };
    let rule = &set.rules()[i];
    let (fail, pass) = policies::examples(&rule.source, rule.builtin);
    let ex = |e: Option<(String, String)>| {
        e.map(|(file_name, text)| comply_report::RuleExample { file_name, text })
    };
    let (avoid, prefer) = (ex(fail), ex(pass));
    let catalogue = frameworks::builtin()?;
    let text = comply_report::render_rule_doc_with_frameworks(
        rule,
        avoid.as_ref(),
        prefer.as_ref(),
        &catalogue,
    );
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    Ok(0)
}
