//! One module directory's configuration, indexed: its variables, locals, resources, data
//! sources, module calls, outputs and provider blocks, each with the file it is written in.
//! Built once per directory and shared by every instance of the module.

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, Body};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::source::SourceFile;

/// A module directory with its parsed files.
#[derive(Debug)]
pub(crate) struct ModuleDir {
    /// Absolute directory.
    pub(crate) dir: PathBuf,
    /// Parsed files, in name order.
    pub(crate) files: Vec<SourceFile>,
}

/// `resource` or `data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Mode {
    Managed,
    Data,
}

/// A `resource` or `data` block.
#[derive(Debug)]
pub(crate) struct ResCfg<'c> {
    pub(crate) mode: Mode,
    pub(crate) rtype: &'c str,
    pub(crate) name: &'c str,
    pub(crate) file: &'c SourceFile,
    pub(crate) block: &'c Block,
}

/// A `module` block.
#[derive(Debug)]
pub(crate) struct CallCfg<'c> {
    pub(crate) name: &'c str,
    pub(crate) file: &'c SourceFile,
    pub(crate) block: &'c Block,
    /// The `source` argument when it is a literal string.
    pub(crate) source: Option<String>,
}

/// A `provider` block.
#[derive(Debug)]
pub(crate) struct ProviderCfg<'c> {
    pub(crate) name: &'c str,
    pub(crate) alias: Option<String>,
    pub(crate) file: &'c SourceFile,
    pub(crate) block: &'c Block,
}

/// The index of one module directory.
#[derive(Debug)]
pub(crate) struct ModIndex<'c> {
    pub(crate) dir: &'c ModuleDir,
    pub(crate) vars: BTreeMap<&'c str, (&'c SourceFile, &'c Block)>,
    pub(crate) locals: HashMap<&'c str, (&'c SourceFile, &'c Attribute)>,
    pub(crate) resources: Vec<ResCfg<'c>>,
    pub(crate) res_by_key: HashMap<(Mode, &'c str, &'c str), usize>,
    /// Resource types declared (for telling `aws_x.y` references from unknown roots).
    pub(crate) managed_types: HashMap<&'c str, ()>,
    pub(crate) calls: Vec<CallCfg<'c>>,
    pub(crate) call_by_name: HashMap<&'c str, usize>,
    pub(crate) outputs: HashMap<&'c str, (&'c SourceFile, &'c Block)>,
    pub(crate) providers: Vec<ProviderCfg<'c>>,
}

/// The label texts of a block.
pub(crate) fn labels(b: &Block) -> Vec<&str> {
    b.labels
        .iter()
        .map(hcl_edit::structure::BlockLabel::as_str)
        .collect()
}

/// A literal string attribute of a body.
pub(crate) fn literal_str(body: &Body, key: &str) -> Option<String> {
    let a = body.get_attribute(key)?;
    literal_of(&a.value)
}

/// The text of a literal string expression (also a template without interpolations).
pub(crate) fn literal_of(e: &Expression) -> Option<String> {
    match e {
        Expression::String(s) => Some(s.as_str().to_string()),
        Expression::StringTemplate(t) => {
            let mut out = String::new();
            for el in t.iter() {
                match el {
                    hcl_edit::template::Element::Literal(l) => out.push_str(l.as_str()),
                    _ => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// The traversal name of a `provider = aws.west` reference: `aws.west`.
pub(crate) fn reference_name(e: &Expression) -> Option<String> {
    match e {
        Expression::Variable(v) => Some(v.as_str().to_string()),
        Expression::Traversal(t) => {
            let mut s = reference_name(&t.expr)?;
            for op in &t.operators {
                match op.value() {
                    hcl_edit::expr::TraversalOperator::GetAttr(a) => {
                        s.push('.');
                        s.push_str(a.as_str());
                    }
                    _ => return None,
                }
            }
            Some(s)
        }
        _ => literal_of(e),
    }
}

impl<'c> ModIndex<'c> {
    pub(crate) fn build(dir: &'c ModuleDir) -> Self {
        let mut ix = ModIndex {
            dir,
            vars: BTreeMap::new(),
            locals: HashMap::new(),
            resources: Vec::new(),
            res_by_key: HashMap::new(),
            managed_types: HashMap::new(),
            calls: Vec::new(),
            call_by_name: HashMap::new(),
            outputs: HashMap::new(),
            providers: Vec::new(),
        };
        for file in &dir.files {
            for block in file.body.blocks() {
                let l = labels(block);
                match (block.ident.as_str(), l.as_slice()) {
                    ("variable", [name]) => {
                        ix.vars.insert(name, (file, block));
                    }
                    ("locals", []) => {
                        for a in block.body.attributes() {
                            ix.locals.insert(a.key.as_str(), (file, a));
                        }
                    }
                    ("resource" | "data", [rtype, name]) => {
                        let mode = if block.ident.as_str() == "resource" {
                            Mode::Managed
                        } else {
                            Mode::Data
                        };
                        if mode == Mode::Managed {
                            ix.managed_types.insert(rtype, ());
                        }
                        ix.res_by_key
                            .insert((mode, rtype, name), ix.resources.len());
                        ix.resources.push(ResCfg {
                            mode,
                            rtype,
                            name,
                            file,
                            block,
                        });
                    }
                    ("module", [name]) => {
                        ix.call_by_name.insert(name, ix.calls.len());
                        ix.calls.push(CallCfg {
                            name,
                            file,
                            block,
                            source: literal_str(&block.body, "source"),
                        });
                    }
                    ("output", [name]) => {
                        ix.outputs.insert(name, (file, block));
                    }
                    ("provider", [name]) => ix.providers.push(ProviderCfg {
                        name,
                        alias: literal_str(&block.body, "alias"),
                        file,
                        block,
                    }),
                    _ => {}
                }
            }
        }
        ix
    }
}

/// Whether a module source is a local path.
pub(crate) fn is_local_source(s: &str) -> bool {
    s.starts_with("./") || s.starts_with("../") || s == "." || s == ".."
}
