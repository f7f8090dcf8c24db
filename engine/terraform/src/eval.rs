//! The expression evaluator and module instances.
//!
//! An [`Inst`] is one instance of a module (the root, or a child at `module.a["k"]`) with its
//! variable values. Locals, resources, module calls and outputs are evaluated lazily and
//! memoised, so they may be written in any order; a local met again while it is being evaluated
//! is a cycle, reported once. References to resource attributes that are not written literally,
//! to data sources, and to variables without a value are [`Val::Unknown`].

use comply_model::{Diagnostic, DiagnosticLevel, Origin, Span, SpanEntry, SpanNode};
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::structure::{Block, Body};
use hcl_edit::template::{Directive, Element, Template};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use crate::config::{self, CallCfg, ModIndex, Mode};
use crate::funcs;
use crate::source::SourceFile;
use crate::types;
use crate::value::Val;

/// Key marking a resource's own value: a missing attribute of it is unknown (computed), not
/// an error. Never appears in output (see [`Val::split_unknown`]).
pub(crate) const OPEN: &str = "\u{0}open";

/// Deepest expression nesting evaluated.
const MAX_DEPTH: u32 = 128;
/// Most instances a `count` or `for_each` expands to.
const MAX_INSTANCES: usize = 10_000;
/// Most evaluation notes reported per unit.
const MAX_NOTES: usize = 20;

type ER = Result<Val, String>;

/// State shared by every instance of one unit.
pub(crate) struct Unit<'c> {
    pub(crate) indexes: &'c HashMap<PathBuf, ModIndex<'c>>,
    /// Root module directory (relative `file()` paths resolve against it, as in Terraform).
    pub(crate) root_dir: PathBuf,
    /// `.terraform/modules/modules.json`: module key (`a.b`) → directory.
    pub(crate) remote: HashMap<String, PathBuf>,
    pub(crate) diags: RefCell<Vec<Diagnostic>>,
    said: RefCell<HashSet<String>>,
    notes: Cell<usize>,
    depth: Cell<u32>,
}

impl<'c> Unit<'c> {
    pub(crate) fn new(
        indexes: &'c HashMap<PathBuf, ModIndex<'c>>,
        root_dir: PathBuf,
        remote: HashMap<String, PathBuf>,
    ) -> Self {
        Self {
            indexes,
            root_dir,
            remote,
            diags: RefCell::new(Vec::new()),
            said: RefCell::new(HashSet::new()),
            notes: Cell::new(0),
            depth: Cell::new(0),
        }
    }

    /// Records a diagnostic once per (code, file, line, message).
    pub(crate) fn say(&self, level: DiagnosticLevel, code: &str, span: Option<&Span>, msg: String) {
        let key = format!(
            "{code}|{:?}|{:?}|{msg}",
            span.and_then(|s| s.file.clone()),
            span.map(|s| s.start.line)
        );
        if !self.said.borrow_mut().insert(key) {
            return;
        }
        if level == DiagnosticLevel::Note {
            if self.notes.get() >= MAX_NOTES {
                return;
            }
            self.notes.set(self.notes.get() + 1);
        }
        let mut d = Diagnostic::new(
            level,
            code,
            span.and_then(|s| s.file.clone()),
            span.map(|s| s.start.line),
            msg,
        );
        d.col = span.map(|s| s.start.col);
        self.diags.borrow_mut().push(d);
    }
}

/// A variable's value and where it came from.
#[derive(Clone)]
pub(crate) struct VarVal<'c> {
    pub(crate) val: Val,
    /// The module call argument that set it.
    pub(crate) from_call: Option<(&'c SourceFile, &'c Expression)>,
    /// Where a tfvars file or `--var` set it.
    pub(crate) set_at: Option<Span>,
}

enum Slot<T> {
    Busy,
    Done(T),
}

/// One evaluated instance of a resource.
pub(crate) struct ResInst {
    /// `count` index or `for_each` key.
    pub(crate) key: Option<Val>,
    /// The arguments (a map).
    pub(crate) values: Val,
    /// Positions of `values`.
    pub(crate) spans: SpanNode,
}

/// A resource block's instances and the managed resources it references.
pub(crate) struct ResMemo {
    pub(crate) instances: Vec<ResInst>,
    pub(crate) refs: BTreeSet<usize>,
    refval: Val,
}

/// The instances of a module call.
pub(crate) struct CallMemo<'u, 'c> {
    pub(crate) insts: Vec<(Option<Val>, Rc<Inst<'u, 'c>>)>,
    /// `count`/`for_each` used (the value is then a list/map of instances).
    each: Option<bool>,
    skipped: bool,
}

/// Local names (for-expression variables, `count`, `each`, iterators) and the file in which
/// the expression is written.
pub(crate) struct Scope<'s, 'c> {
    pub(crate) file: &'c SourceFile,
    vars: Vec<(&'s str, Val)>,
    parent: Option<&'s Scope<'s, 'c>>,
}

impl<'s, 'c> Scope<'s, 'c> {
    pub(crate) fn new(file: &'c SourceFile) -> Self {
        Self {
            file,
            vars: Vec::new(),
            parent: None,
        }
    }

    fn child(&'s self, vars: Vec<(&'s str, Val)>) -> Self {
        Self {
            file: self.file,
            vars,
            parent: Some(self),
        }
    }

    fn get(&self, name: &str) -> Option<&Val> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
            .or_else(|| self.parent.and_then(|p| p.get(name)))
    }
}

/// One module instance.
pub(crate) struct Inst<'u, 'c> {
    pub(crate) unit: &'u Unit<'c>,
    pub(crate) ix: &'c ModIndex<'c>,
    /// `""` for the root, else `module.a`, `module.a["k"].module.b`.
    pub(crate) address: String,
    /// The modules.json key: `a.b`.
    pub(crate) key_path: String,
    chain: Vec<PathBuf>,
    pub(crate) vars: HashMap<&'c str, VarVal<'c>>,
    /// The module call, for the related location of spans in this instance.
    pub(crate) call_origin: Option<Arc<Origin>>,
    /// Default tags per provider configuration (`aws`, `aws.west`).
    pub(crate) default_tags: BTreeMap<String, Val>,
    locals: RefCell<HashMap<&'c str, Slot<(Val, BTreeSet<usize>)>>>,
    resources: RefCell<HashMap<usize, Slot<Rc<ResMemo>>>>,
    calls: RefCell<HashMap<usize, Slot<Rc<CallMemo<'u, 'c>>>>>,
    outputs: RefCell<HashMap<&'c str, Slot<Val>>>,
    refs: RefCell<Vec<BTreeSet<usize>>>,
    local_stack: RefCell<Vec<&'c str>>,
}

/// Blocks of a resource that are not arguments.
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];
/// Attributes of a resource that are not arguments.
const META_ATTRS: &[&str] = &["count", "for_each", "provider", "depends_on"];

impl<'u, 'c> Inst<'u, 'c> {
    /// The root instance of a unit.
    pub(crate) fn root(
        unit: &'u Unit<'c>,
        ix: &'c ModIndex<'c>,
        inputs: &BTreeMap<String, (Val, Option<Span>)>,
    ) -> Self {
        let mut inst = Self::empty(
            unit,
            ix,
            String::new(),
            String::new(),
            vec![ix.dir.dir.clone()],
        );
        for (name, (file, block)) in &ix.vars {
            let (val, set_at) = match inputs.get(*name) {
                Some((v, at)) => (v.clone(), at.clone()),
                None => (inst.var_default(file, block), None),
            };
            let val = inst.var_convert(file, block, val);
            inst.vars.insert(
                name,
                VarVal {
                    val,
                    from_call: None,
                    set_at,
                },
            );
        }
        // After the variables: provider blocks commonly tag with `var.*`.
        inst.default_tags = inst.own_default_tags(&BTreeMap::new());
        inst
    }

    fn empty(
        unit: &'u Unit<'c>,
        ix: &'c ModIndex<'c>,
        address: String,
        key_path: String,
        chain: Vec<PathBuf>,
    ) -> Self {
        Self {
            unit,
            ix,
            address,
            key_path,
            chain,
            vars: HashMap::new(),
            call_origin: None,
            default_tags: BTreeMap::new(),
            locals: RefCell::new(HashMap::new()),
            resources: RefCell::new(HashMap::new()),
            calls: RefCell::new(HashMap::new()),
            outputs: RefCell::new(HashMap::new()),
            refs: RefCell::new(Vec::new()),
            local_stack: RefCell::new(Vec::new()),
        }
    }

    fn var_default(&self, file: &'c SourceFile, block: &'c Block) -> Val {
        block
            .body
            .get_attribute("default")
            .map_or(Val::Unknown, |a| {
                self.eval_or_unknown(&a.value, &Scope::new(file))
            })
    }

    fn var_convert(&self, file: &'c SourceFile, block: &'c Block, v: Val) -> Val {
        match block.body.get_attribute("type") {
            Some(t) => {
                let sc = Scope::new(file);
                let ty = types::parse(&t.value, &|d| self.eval_or_unknown(d, &sc));
                types::convert(v, &ty)
            }
            None => v,
        }
    }

    /// The `default_tags` of this module's own `provider "aws"` blocks, over `inherited`.
    fn own_default_tags(&self, inherited: &BTreeMap<String, Val>) -> BTreeMap<String, Val> {
        let mut out = inherited.clone();
        for p in &self.ix.providers {
            let key = match &p.alias {
                Some(a) => format!("{}.{a}", p.name),
                None => p.name.to_string(),
            };
            let tags = p
                .block
                .body
                .blocks()
                .find(|b| b.ident.as_str() == "default_tags")
                .and_then(|b| b.body.get_attribute("tags"))
                .map_or_else(
                    || Val::Map(BTreeMap::new()),
                    |a| self.eval_or_unknown(&a.value, &Scope::new(p.file)),
                );
            out.insert(key, tags);
        }
        out
    }

    /// A span in this instance, carrying the module call as its origin.
    pub(crate) fn sp<T: hcl_edit::Span>(&self, file: &SourceFile, node: &T) -> Span {
        let mut s = file.span(node);
        s.origin.clone_from(&self.call_origin);
        s
    }

    fn head<T: hcl_edit::Span>(&self, file: &SourceFile, node: &T) -> Span {
        let mut s = file.head_span(node);
        s.origin.clone_from(&self.call_origin);
        s
    }

    pub(crate) fn eval_or_unknown(&self, e: &'c Expression, sc: &Scope<'_, 'c>) -> Val {
        match self.eval(e, sc) {
            Ok(v) => v,
            Err(msg) => {
                let span = sc.file.span(e);
                self.unit.say(
                    DiagnosticLevel::Note,
                    "terraform-eval",
                    Some(&span),
                    format!("cannot evaluate this expression ({msg}); its value is unknown"),
                );
                Val::Unknown
            }
        }
    }

    /// Evaluates an expression.
    pub(crate) fn eval(&self, e: &'c Expression, sc: &Scope<'_, 'c>) -> ER {
        let d = self.unit.depth.get();
        if d >= MAX_DEPTH {
            return Err(format!("expression nested deeper than {MAX_DEPTH} levels"));
        }
        self.unit.depth.set(d + 1);
        let r = self.eval_inner(e, sc);
        self.unit.depth.set(d);
        r
    }

    fn eval_inner(&self, e: &'c Expression, sc: &Scope<'_, 'c>) -> ER {
        Ok(match e {
            Expression::Null(_) => Val::Null,
            Expression::Bool(b) => Val::Bool(*b.value()),
            Expression::Number(n) => Val::Num(n.value().as_f64().unwrap_or(0.0)),
            Expression::String(s) => Val::Str(s.value().clone()),
            Expression::Array(a) => {
                let mut out = Vec::with_capacity(a.len());
                for x in a.iter() {
                    out.push(self.eval(x, sc)?);
                }
                Val::List(out)
            }
            Expression::Object(o) => {
                let mut out = BTreeMap::new();
                for (k, v) in o.iter() {
                    let key = match k {
                        ObjectKey::Ident(i) => Val::str(i.as_str()),
                        ObjectKey::Expression(x) => self.eval(x, sc)?,
                    };
                    let val = self.eval(v.expr(), sc)?;
                    match key {
                        Val::Unknown => return Ok(Val::Unknown),
                        k => {
                            let k = k.to_text().ok_or("object key must be a string")?;
                            out.insert(k, val);
                        }
                    }
                }
                Val::Map(out)
            }
            Expression::StringTemplate(t) => {
                if let [Element::Interpolation(i)] = t.iter().collect::<Vec<_>>().as_slice() {
                    return self.eval(&i.expr, sc);
                }
                self.template(t, sc)?
            }
            Expression::HeredocTemplate(h) => self.template(&h.template, sc)?,
            Expression::Parenthesis(p) => self.eval(p.inner(), sc)?,
            Expression::Variable(v) => match sc.get(v.as_str()) {
                Some(x) => x.clone(),
                None => Val::Unknown,
            },
            Expression::Conditional(c) => match self.eval(&c.cond_expr, sc)? {
                Val::Unknown => Val::Unknown,
                v => match v.to_bool() {
                    Some(true) => self.eval(&c.true_expr, sc)?,
                    Some(false) => self.eval(&c.false_expr, sc)?,
                    None => return Err(format!("condition is a {}, not a bool", v.type_name())),
                },
            },
            Expression::FuncCall(f) => self.call(f, sc)?,
            Expression::Traversal(t) => self.traversal(t, sc)?,
            Expression::UnaryOp(u) => {
                let v = self.eval(&u.expr, sc)?;
                match (u.operator.value(), v) {
                    (_, Val::Unknown) => Val::Unknown,
                    (UnaryOperator::Neg, v) => {
                        Val::Num(-v.to_num().ok_or("negation of a non-number")?)
                    }
                    (UnaryOperator::Not, v) => Val::Bool(!v.to_bool().ok_or("`!` of a non-bool")?),
                }
            }
            Expression::BinaryOp(b) => self.binary(b, sc)?,
            Expression::ForExpr(f) => self.for_expr(f, sc)?,
        })
    }

    fn binary(&self, b: &'c hcl_edit::expr::BinaryOp, sc: &Scope<'_, 'c>) -> ER {
        use BinaryOperator as O;
        let op = *b.operator.value();
        let l = self.eval(&b.lhs_expr, sc)?;
        if matches!(op, O::And | O::Or) {
            // false && x and true || x do not need x.
            if l.to_bool() == Some(op == O::Or) {
                return Ok(Val::Bool(op == O::Or));
            }
            let r = self.eval(&b.rhs_expr, sc)?;
            return Ok(match (l.to_bool(), r.to_bool()) {
                (_, Some(rb)) if rb == (op == O::Or) => Val::Bool(rb),
                (Some(_), Some(rb)) => Val::Bool(rb),
                _ if l.is_unknown() || r.is_unknown() => Val::Unknown,
                _ => return Err("logical operator on a non-bool".into()),
            });
        }
        let r = self.eval(&b.rhs_expr, sc)?;
        if matches!(op, O::Eq | O::NotEq) {
            if l.has_unknown() || r.has_unknown() {
                return Ok(Val::Unknown);
            }
            return Ok(Val::Bool((l == r) == (op == O::Eq)));
        }
        if l.is_unknown() || r.is_unknown() {
            return Ok(Val::Unknown);
        }
        let (x, y) = (
            l.to_num()
                .ok_or_else(|| format!("arithmetic on a {}", l.type_name()))?,
            r.to_num()
                .ok_or_else(|| format!("arithmetic on a {}", r.type_name()))?,
        );
        Ok(match op {
            O::Plus => Val::Num(x + y),
            O::Minus => Val::Num(x - y),
            O::Mul => Val::Num(x * y),
            O::Div => {
                if y == 0.0 {
                    return Err("division by zero".into());
                }
                Val::Num(x / y)
            }
            O::Mod => {
                if y == 0.0 {
                    return Err("modulo by zero".into());
                }
                Val::Num(x % y)
            }
            O::Less => Val::Bool(x < y),
            O::LessEq => Val::Bool(x <= y),
            O::Greater => Val::Bool(x > y),
            O::GreaterEq => Val::Bool(x >= y),
            O::Eq | O::NotEq | O::And | O::Or => Val::Unknown,
        })
    }

    fn for_expr(&self, f: &'c hcl_edit::expr::ForExpr, sc: &Scope<'_, 'c>) -> ER {
        let coll = self.eval(&f.intro.collection_expr, sc)?;
        let pairs = match iter_pairs(coll) {
            Some(p) => p,
            None => return Ok(Val::Unknown),
        };
        let kname = f.intro.key_var.as_ref().map(|k| k.as_str());
        let vname = f.intro.value_var.as_str();
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Val> = BTreeMap::new();
        for (k, v) in pairs {
            let mut vars = vec![(vname, v)];
            if let Some(kn) = kname {
                vars.push((kn, k));
            }
            let inner = sc.child(vars);
            if let Some(c) = &f.cond {
                match self.eval(&c.expr, &inner)? {
                    Val::Unknown => return Ok(Val::Unknown),
                    b => {
                        if b.to_bool().ok_or("for condition is not a bool")? == false {
                            continue;
                        }
                    }
                }
            }
            let value = self.eval(&f.value_expr, &inner)?;
            match &f.key_expr {
                Some(ke) => {
                    let key = match self.eval(ke, &inner)? {
                        Val::Unknown => return Ok(Val::Unknown),
                        k => k.to_text().ok_or("for key must be a string")?,
                    };
                    if f.grouping {
                        let e = map.entry(key).or_insert_with(|| Val::List(Vec::new()));
                        if let Val::List(l) = e {
                            l.push(value);
                        }
                    } else {
                        if map.contains_key(&key) {
                            return Err(format!("duplicate key `{key}` in for expression"));
                        }
                        map.insert(key, value);
                    }
                }
                None => list.push(value),
            }
        }
        Ok(if f.key_expr.is_some() {
            Val::Map(map)
        } else {
            Val::List(list)
        })
    }

    fn template(&self, t: &'c Template, sc: &Scope<'_, 'c>) -> ER {
        let mut out = String::new();
        let mut strip_next = false;
        if !self.render(t, sc, &mut out, &mut strip_next)? {
            return Ok(Val::Unknown);
        }
        Ok(Val::Str(out))
    }

    /// Renders template elements into `out`; `Ok(false)` when a part is unknown.
    fn render(
        &self,
        t: &'c Template,
        sc: &Scope<'_, 'c>,
        out: &mut String,
        strip_next: &mut bool,
    ) -> Result<bool, String> {
        for el in t.iter() {
            match el {
                Element::Literal(l) => {
                    let text: &str = l.value();
                    if *strip_next {
                        out.push_str(text.trim_start());
                        *strip_next = false;
                    } else {
                        out.push_str(text);
                    }
                }
                Element::Interpolation(i) => {
                    if i.strip.strip_start() {
                        trim_end_in_place(out);
                    }
                    match self.eval(&i.expr, sc)? {
                        Val::Unknown => return Ok(false),
                        Val::Null => return Err("interpolation of a null value".into()),
                        v => match v.to_text() {
                            Some(s) => out.push_str(&s),
                            None if v.has_unknown() => return Ok(false),
                            None => return Err(format!("cannot interpolate a {}", v.type_name())),
                        },
                    }
                    *strip_next = i.strip.strip_end();
                }
                Element::Directive(d) => match &**d {
                    Directive::If(ifd) => {
                        if ifd.if_expr.strip.strip_start() {
                            trim_end_in_place(out);
                        }
                        *strip_next = ifd.if_expr.strip.strip_end();
                        let c = self.eval(&ifd.if_expr.cond_expr, sc)?;
                        let branch = match c.to_bool() {
                            Some(true) => Some(&ifd.if_expr.template),
                            Some(false) => ifd.else_expr.as_ref().map(|e| &e.template),
                            None if c.is_unknown() => return Ok(false),
                            None => return Err("template condition is not a bool".into()),
                        };
                        if let Some(b) = branch {
                            if !self.render(b, sc, out, strip_next)? {
                                return Ok(false);
                            }
                        }
                        if ifd.endif_expr.strip.strip_start() {
                            trim_end_in_place(out);
                        }
                        *strip_next = ifd.endif_expr.strip.strip_end();
                    }
                    Directive::For(fd) => {
                        let fe = &fd.for_expr;
                        if fe.strip.strip_start() {
                            trim_end_in_place(out);
                        }
                        let Some(pairs) = iter_pairs(self.eval(&fe.collection_expr, sc)?) else {
                            return Ok(false);
                        };
                        for (k, v) in pairs {
                            let mut vars = vec![(fe.value_var.as_str(), v)];
                            if let Some(kv) = &fe.key_var {
                                vars.push((kv.as_str(), k));
                            }
                            let inner = sc.child(vars);
                            *strip_next = fe.strip.strip_end();
                            if !self.render(&fe.template, &inner, out, strip_next)? {
                                return Ok(false);
                            }
                            if fd.endfor_expr.strip.strip_start() {
                                trim_end_in_place(out);
                            }
                        }
                        *strip_next = fd.endfor_expr.strip.strip_end();
                    }
                },
            }
        }
        Ok(true)
    }

    fn call(&self, f: &'c hcl_edit::expr::FuncCall, sc: &Scope<'_, 'c>) -> ER {
        let name = f.name.name.as_str();
        if f.name.is_namespaced() {
            // Provider-defined functions (provider::aws::arn_parse) run in the provider.
            return Ok(Val::Unknown);
        }
        match name {
            "try" => {
                let mut last = String::from("try() needs an argument");
                for a in f.args.iter() {
                    match self.eval(a, sc) {
                        Ok(v) => return Ok(v),
                        Err(e) => last = e,
                    }
                }
                return Err(format!("no try() argument succeeded: {last}"));
            }
            "can" => {
                return Ok(match f.args.get(0).map(|a| self.eval(a, sc)) {
                    Some(Ok(v)) if v.has_unknown() => Val::Unknown,
                    Some(Ok(_)) => Val::Bool(true),
                    _ => Val::Bool(false),
                })
            }
            _ => {}
        }
        let mut args = Vec::with_capacity(f.args.len());
        for a in f.args.iter() {
            args.push(self.eval(a, sc)?);
        }
        if f.args.expand_final() {
            match args.pop() {
                Some(Val::List(l)) => args.extend(l),
                Some(Val::Unknown) => return Ok(Val::Unknown),
                Some(other) => args.push(other),
                None => {}
            }
        }
        if name == "templatefile" {
            return self.templatefile(&args);
        }
        match funcs::call(name, &args, &self.unit.root_dir) {
            Some(r) => r,
            None => {
                let span = self.sp(sc.file, &f.name.name);
                self.unit.say(
                    DiagnosticLevel::Warning,
                    "terraform-unknown-function",
                    Some(&span),
                    format!("unknown function `{name}`; its result is treated as unknown"),
                );
                Ok(Val::Unknown)
            }
        }
    }

    fn templatefile(&self, args: &[Val]) -> ER {
        if args.iter().any(Val::has_unknown) {
            return Ok(Val::Unknown);
        }
        let path = args
            .first()
            .and_then(Val::to_text)
            .ok_or("templatefile needs a path")?;
        let text = funcs::read_file(&self.unit.root_dir, &path)?;
        let tpl = hcl_edit::parser::parse_template(&text)
            .map_err(|e| format!("template {path}: {}", e.message()))?;
        let vars: Vec<(String, Val)> = match args.get(1) {
            Some(Val::Map(m)) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            _ => Vec::new(),
        };
        // The template is not part of the module's files: evaluate it in a scope of its own.
        let owned = Box::new(tpl);
        let tpl_ref: &Template = &owned;
        // SAFETY-free lifetime juggling: evaluate with a scope borrowing local data only.
        let file = self.ix.dir.files.first().ok_or("module without files")?;
        let sc = Scope {
            file,
            vars: vars.iter().map(|(k, v)| (k.as_str(), v.clone())).collect(),
            parent: None,
        };
        self.render_owned(tpl_ref, &sc)
    }

    /// Renders a template that is not part of the configuration (templatefile): only the
    /// variables passed in and functions are available.
    fn render_owned(&self, t: &Template, sc: &Scope<'_, 'c>) -> ER {
        let mut out = String::new();
        for el in t.iter() {
            match el {
                Element::Literal(l) => out.push_str(l.value()),
                Element::Interpolation(i) => match const_eval(&i.expr, sc)? {
                    Val::Unknown => return Ok(Val::Unknown),
                    v => out.push_str(&v.to_text().ok_or("cannot interpolate a collection")?),
                },
                Element::Directive(_) => return Ok(Val::Unknown),
            }
        }
        Ok(Val::Str(out))
    }

    fn traversal(&self, t: &'c hcl_edit::expr::Traversal, sc: &Scope<'_, 'c>) -> ER {
        let ops = &t.operators;
        let attr = |i: usize| -> Option<&'c str> {
            match ops.get(i).map(|o| o.value()) {
                Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
                _ => None,
            }
        };
        let (base, used) = match &t.expr {
            Expression::Variable(v) if sc.get(v.as_str()).is_none() => {
                match (v.as_str(), attr(0)) {
                    ("var", Some(n)) => match self.vars.get(n) {
                        Some(vv) => (vv.val.clone(), 1),
                        None => return Err(format!("undeclared variable `{n}`")),
                    },
                    ("local", Some(n)) => (self.local(n)?, 1),
                    ("module", Some(n)) => match self.ix.call_by_name.get(n) {
                        Some(ci) => {
                            let memo = self.call_memo(*ci);
                            match (memo.as_ref(), attr(1)) {
                                (Some(m), Some(out)) if m.each.is_none() && !m.skipped => {
                                    match m.insts.first() {
                                        Some((_, child)) => (child.output(out)?, 2),
                                        None => (Val::Unknown, 2),
                                    }
                                }
                                (Some(m), _) => (self.call_value(m), 1),
                                (None, _) => (Val::Unknown, 1),
                            }
                        }
                        None => return Err(format!("no module call `{n}`")),
                    },
                    ("data", _) => return Ok(Val::Unknown),
                    ("path", Some(p)) => (
                        Val::Str(match p {
                            "root" => self.unit.root_dir.to_string_lossy().into_owned(),
                            "cwd" => std::env::current_dir()
                                .unwrap_or_default()
                                .to_string_lossy()
                                .into_owned(),
                            _ => self.ix.dir.dir.to_string_lossy().into_owned(),
                        }),
                        1,
                    ),
                    ("terraform", Some("workspace")) => (Val::str("default"), 1),
                    (rtype, Some(rname)) => {
                        match self.ix.res_by_key.get(&(Mode::Managed, rtype, rname)) {
                            Some(ri) => {
                                if let Some(top) = self.refs.borrow_mut().last_mut() {
                                    top.insert(*ri);
                                }
                                (
                                    self.resource(*ri)
                                        .map_or(Val::Unknown, |m| m.refval.clone()),
                                    1,
                                )
                            }
                            None => return Ok(Val::Unknown),
                        }
                    }
                    _ => return Ok(Val::Unknown),
                }
            }
            other => (self.eval(other, sc)?, 0),
        };
        self.apply_ops(base, &ops[used..], sc)
    }

    fn apply_ops(
        &self,
        mut v: Val,
        ops: &'c [hcl_edit::Decorated<TraversalOperator>],
        sc: &Scope<'_, 'c>,
    ) -> ER {
        let mut i = 0;
        while i < ops.len() {
            if v.is_unknown() {
                return Ok(Val::Unknown);
            }
            match ops[i].value() {
                TraversalOperator::GetAttr(a) => v = get_key(v, a.as_str())?,
                TraversalOperator::Index(e) => {
                    let k = self.eval(e, sc)?;
                    v = index(v, &k)?;
                }
                TraversalOperator::LegacyIndex(n) => {
                    #[allow(clippy::cast_precision_loss)]
                    let k = Val::Num(*n.value() as f64);
                    v = index(v, &k)?;
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let full = matches!(ops[i].value(), TraversalOperator::FullSplat(_));
                    let mut end = i + 1;
                    while end < ops.len()
                        && (full || matches!(ops[end].value(), TraversalOperator::GetAttr(_)))
                    {
                        end += 1;
                    }
                    let rest = &ops[i + 1..end];
                    v = match v {
                        Val::Null => Val::List(Vec::new()),
                        Val::List(items) => {
                            let mut out = Vec::with_capacity(items.len());
                            for it in items {
                                out.push(self.apply_ops(it, rest, sc)?);
                            }
                            Val::List(out)
                        }
                        Val::Unknown => Val::Unknown,
                        other => Val::List(vec![self.apply_ops(other, rest, sc)?]),
                    };
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        Ok(v)
    }

    /// A local value (memoised; a cycle is reported and yields unknown).
    pub(crate) fn local(&self, name: &str) -> ER {
        let Some((key, (file, attr))) = self.ix.locals.get_key_value(name) else {
            return Err(format!("no local value `{name}`"));
        };
        match self.locals.borrow().get(name) {
            Some(Slot::Done((v, refs))) => {
                if let Some(top) = self.refs.borrow_mut().last_mut() {
                    top.extend(refs.iter().copied());
                }
                return Ok(v.clone());
            }
            Some(Slot::Busy) => {
                let stack = self.local_stack.borrow();
                let from = stack.iter().position(|n| *n == name).unwrap_or(0);
                let mut cycle: Vec<&str> = stack[from..].to_vec();
                cycle.push(name);
                let span = file.span(&attr.key);
                self.unit.say(
                    DiagnosticLevel::Error,
                    "terraform-cycle",
                    Some(&span),
                    format!(
                        "cycle between local values: {}",
                        cycle
                            .iter()
                            .map(|n| format!("local.{n}"))
                            .collect::<Vec<_>>()
                            .join(" -> ")
                    ),
                );
                return Ok(Val::Unknown);
            }
            None => {}
        }
        self.locals.borrow_mut().insert(key, Slot::Busy);
        self.local_stack.borrow_mut().push(key);
        self.refs.borrow_mut().push(BTreeSet::new());
        let v = self.eval_or_unknown(&attr.value, &Scope::new(file));
        let refs = self.refs.borrow_mut().pop().unwrap_or_default();
        self.local_stack.borrow_mut().pop();
        if let Some(top) = self.refs.borrow_mut().last_mut() {
            top.extend(refs.iter().copied());
        }
        self.locals
            .borrow_mut()
            .insert(key, Slot::Done((v.clone(), refs)));
        Ok(v)
    }

    /// An output of this instance.
    pub(crate) fn output(&self, name: &str) -> ER {
        let Some((key, (file, block))) = self.ix.outputs.get_key_value(name) else {
            return Err(format!("module has no output `{name}`"));
        };
        match self.outputs.borrow().get(name) {
            Some(Slot::Done(v)) => return Ok(v.clone()),
            Some(Slot::Busy) => return Ok(Val::Unknown),
            None => {}
        }
        self.outputs.borrow_mut().insert(key, Slot::Busy);
        let v = block.body.get_attribute("value").map_or(Val::Null, |a| {
            self.eval_or_unknown(&a.value, &Scope::new(file))
        });
        self.outputs.borrow_mut().insert(key, Slot::Done(v.clone()));
        Ok(v)
    }

    fn all_outputs(&self) -> Val {
        let mut m = BTreeMap::new();
        let mut names: Vec<&&str> = self.ix.outputs.keys().collect();
        names.sort();
        for n in names {
            m.insert((*n).to_string(), self.output(n).unwrap_or(Val::Unknown));
        }
        m.insert(OPEN.into(), Val::Bool(true));
        Val::Map(m)
    }

    fn call_value(&self, m: &CallMemo<'u, 'c>) -> Val {
        if m.skipped {
            return Val::Unknown;
        }
        match m.each {
            None => m
                .insts
                .first()
                .map_or(Val::Unknown, |(_, c)| c.all_outputs()),
            Some(false) => Val::List(m.insts.iter().map(|(_, c)| c.all_outputs()).collect()),
            Some(true) => Val::Map(
                m.insts
                    .iter()
                    .map(|(k, c)| {
                        (
                            k.as_ref().and_then(Val::to_text).unwrap_or_default(),
                            c.all_outputs(),
                        )
                    })
                    .collect(),
            ),
        }
    }

    /// Expansion keys of a block with `count` / `for_each`: `None` = no meta-argument.
    fn expansion(
        &self,
        body: &'c Body,
        file: &'c SourceFile,
        what: &str,
    ) -> Option<Vec<(Val, Val)>> {
        let sc = Scope::new(file);
        if let Some(c) = body.get_attribute("count") {
            let v = self.eval_or_unknown(&c.value, &sc);
            let n = match v.to_num() {
                Some(n) if n >= 0.0 => n,
                _ => return Some(vec![(Val::Unknown, Val::Unknown)]),
            };
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let mut n = n as usize;
            if n > MAX_INSTANCES {
                let span = file.span(&c.value);
                self.unit.say(
                    DiagnosticLevel::Warning,
                    "terraform-limit",
                    Some(&span),
                    format!("{what}: count {n} is over {MAX_INSTANCES}; only the first {MAX_INSTANCES} instances are scanned"),
                );
                n = MAX_INSTANCES;
            }
            #[allow(clippy::cast_precision_loss)]
            return Some((0..n).map(|i| (Val::Num(i as f64), Val::Null)).collect());
        }
        if let Some(fe) = body.get_attribute("for_each") {
            let v = self.eval_or_unknown(&fe.value, &sc);
            let pairs: Vec<(Val, Val)> = match v {
                Val::Map(m) => m
                    .into_iter()
                    .filter(|(k, _)| k != OPEN)
                    .map(|(k, v)| (Val::Str(k), v))
                    .collect(),
                Val::List(l) if !l.iter().any(Val::is_unknown) => {
                    l.into_iter().map(|v| (v.clone(), v)).collect()
                }
                _ => return Some(vec![(Val::Unknown, Val::Unknown)]),
            };
            return Some(pairs.into_iter().take(MAX_INSTANCES).collect());
        }
        None
    }

    /// A managed resource's instances (memoised; `None` while it is being evaluated).
    pub(crate) fn resource(&self, ri: usize) -> Option<Rc<ResMemo>> {
        match self.resources.borrow().get(&ri) {
            Some(Slot::Done(m)) => return Some(Rc::clone(m)),
            Some(Slot::Busy) => return None,
            None => {}
        }
        let r = self.ix.resources.get(ri)?;
        self.resources.borrow_mut().insert(ri, Slot::Busy);
        self.refs.borrow_mut().push(BTreeSet::new());
        let what = format!("{}.{}", r.rtype, r.name);
        let exp = self.expansion(&r.block.body, r.file, &what);
        let mut instances = Vec::new();
        let root = Scope::new(r.file);
        match &exp {
            None => {
                let (values, spans) = self.body(r.file, &r.block.body, &root, true);
                instances.push(ResInst {
                    key: None,
                    values,
                    spans,
                });
            }
            Some(keys) => {
                let is_count = r.block.body.get_attribute("count").is_some();
                for (k, v) in keys {
                    let vars = if is_count {
                        vec![(
                            "count",
                            Val::Map(BTreeMap::from([("index".into(), k.clone())])),
                        )]
                    } else {
                        vec![(
                            "each",
                            Val::Map(BTreeMap::from([
                                ("key".into(), k.clone()),
                                ("value".into(), v.clone()),
                            ])),
                        )]
                    };
                    let sc = root.child(vars);
                    let (values, spans) = self.body(r.file, &r.block.body, &sc, true);
                    instances.push(ResInst {
                        key: Some(k.clone()),
                        values,
                        spans,
                    });
                }
            }
        }
        let mut refs = self.refs.borrow_mut().pop().unwrap_or_default();
        refs.remove(&ri);
        let open = |v: &Val| open_value(v.clone());
        let refval = match &exp {
            None => instances.first().map_or(Val::Unknown, |i| open(&i.values)),
            Some(_) if r.block.body.get_attribute("count").is_some() => {
                Val::List(instances.iter().map(|i| open(&i.values)).collect())
            }
            Some(_) => Val::Map(
                instances
                    .iter()
                    .map(|i| {
                        (
                            i.key.as_ref().and_then(Val::to_text).unwrap_or_default(),
                            open(&i.values),
                        )
                    })
                    .collect(),
            ),
        };
        let memo = Rc::new(ResMemo {
            instances,
            refs,
            refval,
        });
        self.resources
            .borrow_mut()
            .insert(ri, Slot::Done(Rc::clone(&memo)));
        Some(memo)
    }

    /// Evaluates a block body into a map value and its spans. Nested blocks become arrays of
    /// objects; `dynamic` blocks are expanded; null arguments are left out.
    fn body(
        &self,
        file: &'c SourceFile,
        body: &'c Body,
        sc: &Scope<'_, 'c>,
        top: bool,
    ) -> (Val, SpanNode) {
        let mut values: BTreeMap<String, Val> = BTreeMap::new();
        let mut entries: Vec<SpanEntry> = Vec::new();
        let mut groups: BTreeMap<String, (Vec<Val>, Vec<SpanNode>, usize)> = BTreeMap::new();
        for st in body.iter() {
            match st {
                hcl_edit::structure::Structure::Attribute(a) => {
                    let key = a.key.as_str();
                    if top && META_ATTRS.contains(&key) {
                        continue;
                    }
                    let v = self.eval_or_unknown(&a.value, sc);
                    if matches!(v, Val::Null) {
                        continue;
                    }
                    let (key_span, node) = self.attr_spans(file, a, sc);
                    values.insert(key.to_string(), v);
                    entries.push(SpanEntry {
                        key: key.to_string(),
                        key_span,
                        value: node,
                    });
                }
                hcl_edit::structure::Structure::Block(b) => {
                    let ident = b.ident.as_str();
                    if top && META_BLOCKS.contains(&ident) {
                        continue;
                    }
                    if ident == "dynamic" {
                        let Some(label) = b.labels.first().map(|l| l.as_str()) else {
                            continue;
                        };
                        self.dynamic(file, b, label, sc, &mut groups, &mut entries);
                        continue;
                    }
                    let (v, node) = self.body(file, &b.body, sc, false);
                    let node = match node {
                        SpanNode::Map { entries, .. } => SpanNode::Map {
                            span: self.sp(file, b),
                            entries,
                        },
                        other => other,
                    };
                    push_group(
                        &mut groups,
                        &mut entries,
                        ident,
                        self.head(file, &b.ident),
                        v,
                        node,
                    );
                }
            }
        }
        for (k, (vals, nodes, at)) in groups {
            if let Some(e) = entries.get_mut(at) {
                e.value = SpanNode::Seq {
                    span: e.key_span.clone(),
                    items: nodes,
                };
            }
            values.insert(k, Val::List(vals));
        }
        let span = body
            .iter()
            .next()
            .map_or_else(|| Span::point(1, 1), |first| self.sp(file, first));
        (Val::Map(values), SpanNode::Map { span, entries })
    }

    fn dynamic(
        &self,
        file: &'c SourceFile,
        b: &'c Block,
        label: &'c str,
        sc: &Scope<'_, 'c>,
        groups: &mut BTreeMap<String, (Vec<Val>, Vec<SpanNode>, usize)>,
        entries: &mut Vec<SpanEntry>,
    ) {
        let Some(content) = b.body.blocks().find(|x| x.ident.as_str() == "content") else {
            return;
        };
        let iter_name = b
            .body
            .get_attribute("iterator")
            .and_then(|a| config::reference_name(&a.value))
            .unwrap_or_else(|| label.to_string());
        let coll = b
            .body
            .get_attribute("for_each")
            .map_or(Val::Unknown, |a| self.eval_or_unknown(&a.value, sc));
        let head = self.head(file, b);
        let Some(pairs) = iter_pairs(coll) else {
            // Unknown collection: one block of unknown content, so policies see "unknown".
            let (v, node) = {
                let it = Val::Map(BTreeMap::from([
                    ("key".into(), Val::Unknown),
                    ("value".into(), Val::Unknown),
                ]));
                let inner = Scope {
                    file: sc.file,
                    vars: vec![(iter_name.as_str(), it)],
                    parent: Some(sc),
                };
                self.body(file, &content.body, &inner, false)
            };
            push_group(groups, entries, label, head, v, node);
            return;
        };
        for (k, v) in pairs.into_iter().take(MAX_INSTANCES) {
            let it = Val::Map(BTreeMap::from([("key".into(), k), ("value".into(), v)]));
            let inner = Scope {
                file: sc.file,
                vars: vec![(iter_name.as_str(), it)],
                parent: Some(sc),
            };
            let (v, node) = self.body(file, &content.body, &inner, false);
            let node = match node {
                SpanNode::Map { entries, .. } => SpanNode::Map {
                    span: self.sp(file, content),
                    entries,
                },
                other => other,
            };
            push_group(groups, entries, label, head.clone(), v, node);
        }
    }

    /// Key span and value spans of an argument. A value passed in by a module call points at
    /// the call's argument (the child's line becomes the related location); a value set in a
    /// tfvars file or on the command line keeps the argument's line and records where it was set.
    fn attr_spans(
        &self,
        file: &'c SourceFile,
        a: &'c hcl_edit::structure::Attribute,
        _sc: &Scope<'_, 'c>,
    ) -> (Span, SpanNode) {
        if let Some(name) = self.direct_var(&a.value, 0) {
            if let Some(vv) = self.vars.get(name) {
                if let Some((cf, ce)) = vv.from_call {
                    let mut here = file.span(a);
                    here.origin = None;
                    let origin = Some(Arc::new(Origin {
                        span: here,
                        note: format!("used here by {}", self.address),
                    }));
                    let mut key_span = cf.span(ce);
                    key_span.origin.clone_from(&origin);
                    let node = expr_spans(cf, ce, &origin);
                    return (key_span, node);
                }
                if let Some(at) = &vv.set_at {
                    let origin = Some(Arc::new(Origin {
                        span: at.clone(),
                        note: format!("var.{name} set here"),
                    }));
                    let mut key_span = file.span(&a.key);
                    key_span.origin.clone_from(&origin);
                    return (key_span, expr_spans(file, &a.value, &origin));
                }
            }
        }
        (
            self.sp(file, &a.key),
            expr_spans(file, &a.value, &self.call_origin),
        )
    }

    /// The variable an argument is (`var.x`, `"${var.x}"`, `local.y` where `y = var.x`).
    fn direct_var(&self, e: &'c Expression, depth: u8) -> Option<&'c str> {
        match e {
            Expression::Parenthesis(p) => self.direct_var(p.inner(), depth),
            Expression::StringTemplate(t) => match t.iter().collect::<Vec<_>>().as_slice() {
                [Element::Interpolation(i)] => self.direct_var(&i.expr, depth),
                _ => None,
            },
            Expression::Traversal(t) => {
                let Expression::Variable(root) = &t.expr else {
                    return None;
                };
                let TraversalOperator::GetAttr(n) = t.operators.first()?.value() else {
                    return None;
                };
                match root.as_str() {
                    "var" => Some(n.as_str()),
                    "local" if depth < 4 && t.operators.len() == 1 => {
                        let (_, a) = self.ix.locals.get(n.as_str())?;
                        self.direct_var(&a.value, depth + 1)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A module call's instances (memoised).
    pub(crate) fn call_memo(&self, ci: usize) -> Option<Rc<CallMemo<'u, 'c>>> {
        match self.calls.borrow().get(&ci) {
            Some(Slot::Done(m)) => return Some(Rc::clone(m)),
            Some(Slot::Busy) => return None,
            None => {}
        }
        let call = self.ix.calls.get(ci)?;
        self.calls.borrow_mut().insert(ci, Slot::Busy);
        let memo = Rc::new(self.instantiate(call));
        self.calls
            .borrow_mut()
            .insert(ci, Slot::Done(Rc::clone(&memo)));
        Some(memo)
    }

    fn instantiate(&self, call: &'c CallCfg<'c>) -> CallMemo<'u, 'c> {
        let skipped = CallMemo {
            insts: Vec::new(),
            each: None,
            skipped: true,
        };
        let key_path = if self.key_path.is_empty() {
            call.name.to_string()
        } else {
            format!("{}.{}", self.key_path, call.name)
        };
        let Some(dir) = resolve_call(
            self.ix.dir.dir.as_path(),
            call,
            &key_path,
            &self.unit.remote,
        ) else {
            return skipped;
        };
        let Some(child_ix) = self.unit.indexes.get(&dir) else {
            return skipped;
        };
        if self.chain.contains(&dir) {
            let span = call.file.head_span(call.block);
            self.unit.say(
                DiagnosticLevel::Error,
                "terraform-module-cycle",
                Some(&span),
                format!(
                    "module cycle: module.{} calls {} again, which is already being evaluated",
                    call.name,
                    call.source.as_deref().unwrap_or("?")
                ),
            );
            return skipped;
        }
        let exp = self.expansion(
            &call.block.body,
            call.file,
            &format!("module.{}", call.name),
        );
        let is_count = call.block.body.get_attribute("count").is_some();
        let keys: Vec<(Option<Val>, Val)> = match exp {
            None => vec![(None, Val::Null)],
            Some(k) => k.into_iter().map(|(k, v)| (Some(k), v)).collect(),
        };
        let mut insts = Vec::new();
        for (k, v) in keys {
            let suffix = match &k {
                None => String::new(),
                Some(Val::Str(s)) => format!("[{}]", serde_json::Value::String(s.clone())),
                Some(Val::Num(n)) => format!("[{}]", crate::value::fmt_num(*n)),
                Some(_) => String::new(),
            };
            let address = if self.address.is_empty() {
                format!("module.{}{suffix}", call.name)
            } else {
                format!("{}.module.{}{suffix}", self.address, call.name)
            };
            let root = Scope::new(call.file);
            let sc = match &k {
                None => root.child(Vec::new()),
                Some(k) if is_count => root.child(vec![(
                    "count",
                    Val::Map(BTreeMap::from([("index".into(), k.clone())])),
                )]),
                Some(k) => root.child(vec![(
                    "each",
                    Val::Map(BTreeMap::from([
                        ("key".into(), k.clone()),
                        ("value".into(), v.clone()),
                    ])),
                )]),
            };
            let mut chain = self.chain.clone();
            chain.push(dir.clone());
            let mut child = Inst::empty(
                self.unit,
                child_ix,
                address.clone(),
                key_path.clone(),
                chain,
            );
            child.call_origin = Some(Arc::new(Origin {
                span: call.file.head_span(call.block),
                note: format!("{address} is called here"),
            }));
            for (name, (vf, vb)) in &child_ix.vars {
                let (val, from_call) = match call.block.body.get_attribute(name) {
                    Some(a) => (
                        self.eval_or_unknown(&a.value, &sc),
                        Some((call.file, &a.value)),
                    ),
                    None => (child.var_default(vf, vb), None),
                };
                let val = child.var_convert(vf, vb, val);
                child.vars.insert(
                    name,
                    VarVal {
                        val,
                        from_call,
                        set_at: None,
                    },
                );
            }
            // Provider configurations: inherited, remapped by `providers = {...}`, then the
            // child's own provider blocks.
            let mut inherited = self.default_tags.clone();
            if let Some(p) = call.block.body.get_attribute("providers") {
                if let Expression::Object(o) = &p.value {
                    for (pk, pv) in o.iter() {
                        let local = match pk {
                            ObjectKey::Ident(i) => i.as_str().to_string(),
                            ObjectKey::Expression(x) => {
                                config::reference_name(x).unwrap_or_default()
                            }
                        };
                        if let Some(parent) = config::reference_name(pv.expr()) {
                            if let Some(t) = self.default_tags.get(&parent) {
                                inherited.insert(local, t.clone());
                            }
                        }
                    }
                }
            }
            child.default_tags = child.own_default_tags(&inherited);
            insts.push((k, Rc::new(child)));
        }
        CallMemo {
            insts,
            each: exp_kind(&call.block.body),
            skipped: false,
        }
    }

    /// The default tags that apply to a resource block.
    pub(crate) fn tags_for(&self, block: &'c Block, provider: &str) -> Val {
        let key = block
            .body
            .get_attribute("provider")
            .and_then(|a| config::reference_name(&a.value))
            .unwrap_or_else(|| provider.to_string());
        self.default_tags
            .get(&key)
            .cloned()
            .unwrap_or_else(|| Val::Map(BTreeMap::new()))
    }
}

/// Marks a resource's value and its nested blocks as open: an attribute not written there is
/// computed by the provider, so reading it gives unknown rather than an error.
fn open_value(v: Val) -> Val {
    match v {
        Val::Map(m) => {
            let mut m: BTreeMap<String, Val> =
                m.into_iter().map(|(k, x)| (k, open_value(x))).collect();
            m.insert(OPEN.into(), Val::Bool(true));
            Val::Map(m)
        }
        Val::List(l) => Val::List(l.into_iter().map(open_value).collect()),
        other => other,
    }
}

fn exp_kind(body: &Body) -> Option<bool> {
    if body.get_attribute("count").is_some() {
        Some(false)
    } else if body.get_attribute("for_each").is_some() {
        Some(true)
    } else {
        None
    }
}

/// The directory a module call loads, if comply can read it.
pub(crate) fn resolve_call(
    dir: &Path,
    call: &CallCfg<'_>,
    key_path: &str,
    remote: &HashMap<String, PathBuf>,
) -> Option<PathBuf> {
    let src = call.source.as_deref()?;
    if config::is_local_source(src) {
        Some(normalize(&dir.join(src)))
    } else {
        remote.get(key_path).cloned()
    }
}

/// Lexical normalisation of `.` and `..`.
pub(crate) fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn push_group(
    groups: &mut BTreeMap<String, (Vec<Val>, Vec<SpanNode>, usize)>,
    entries: &mut Vec<SpanEntry>,
    ident: &str,
    key_span: Span,
    v: Val,
    node: SpanNode,
) {
    let g = groups.entry(ident.to_string()).or_insert_with(|| {
        entries.push(SpanEntry {
            key: ident.to_string(),
            key_span: key_span.clone(),
            value: SpanNode::Seq {
                span: key_span,
                items: Vec::new(),
            },
        });
        (Vec::new(), Vec::new(), entries.len() - 1)
    });
    g.0.push(v);
    g.1.push(node);
}

/// Spans of an expression's structure: object and tuple literals get children.
pub(crate) fn expr_spans(
    file: &SourceFile,
    e: &Expression,
    origin: &Option<Arc<Origin>>,
) -> SpanNode {
    let sp = |n: &dyn Fn() -> Span| {
        let mut s = n();
        s.origin.clone_from(origin);
        s
    };
    match e {
        Expression::Object(o) => SpanNode::Map {
            span: sp(&|| file.span(e)),
            entries: o
                .iter()
                .filter_map(|(k, v)| {
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(x) => config::literal_of(x)?,
                    };
                    Some(SpanEntry {
                        key,
                        key_span: sp(&|| file.span(k)),
                        value: expr_spans(file, v.expr(), origin),
                    })
                })
                .collect(),
        },
        Expression::Array(a) => SpanNode::Seq {
            span: sp(&|| file.span(e)),
            items: a.iter().map(|x| expr_spans(file, x, origin)).collect(),
        },
        Expression::Parenthesis(p) => expr_spans(file, p.inner(), origin),
        _ => SpanNode::Leaf {
            span: sp(&|| file.span(e)),
        },
    }
}

/// The (key, value) pairs a `for` iterates; `None` when the collection is unknown.
fn iter_pairs(coll: Val) -> Option<Vec<(Val, Val)>> {
    match coll {
        #[allow(clippy::cast_precision_loss)]
        Val::List(l) => Some(
            l.into_iter()
                .enumerate()
                .map(|(i, v)| (Val::Num(i as f64), v))
                .collect(),
        ),
        Val::Map(m) => Some(
            m.into_iter()
                .filter(|(k, _)| k != OPEN)
                .map(|(k, v)| (Val::Str(k), v))
                .collect(),
        ),
        Val::Null => Some(Vec::new()),
        _ => None,
    }
}

fn get_key(v: Val, k: &str) -> ER {
    match v {
        Val::Map(mut m) => match m.remove(k) {
            Some(x) => Ok(x),
            None if m.contains_key(OPEN) => Ok(Val::Unknown),
            None => Err(format!("object has no attribute `{k}`")),
        },
        Val::Unknown => Ok(Val::Unknown),
        Val::Null => Err(format!("attribute `{k}` of a null value")),
        other => Err(format!("attribute `{k}` of a {}", other.type_name())),
    }
}

fn index(v: Val, k: &Val) -> ER {
    if k.is_unknown() {
        return Ok(Val::Unknown);
    }
    match v {
        Val::List(mut l) => {
            let i = k.to_num().ok_or("list index must be a number")?;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let iu = i as usize;
            if i < 0.0 || iu >= l.len() {
                return Err(format!("index {} out of range", crate::value::fmt_num(i)));
            }
            Ok(l.swap_remove(iu))
        }
        Val::Map(_) => get_key(v, &k.to_text().ok_or("map key must be a string")?),
        Val::Unknown => Ok(Val::Unknown),
        other => Err(format!("cannot index a {}", other.type_name())),
    }
}

fn trim_end_in_place(s: &mut String) {
    let t = s.trim_end().len();
    s.truncate(t);
}

/// Evaluates an expression that may only use its scope's names and functions (templatefile,
/// tfvars files, `--var` values).
pub(crate) fn const_eval(e: &Expression, sc: &Scope<'_, '_>) -> ER {
    match e {
        Expression::Variable(v) => sc
            .get(v.as_str())
            .cloned()
            .ok_or_else(|| format!("template variable `{}` not given", v.as_str())),
        Expression::String(s) => Ok(Val::Str(s.value().clone())),
        Expression::Number(n) => Ok(Val::Num(n.value().as_f64().unwrap_or(0.0))),
        Expression::Bool(b) => Ok(Val::Bool(*b.value())),
        Expression::Parenthesis(p) => const_eval(p.inner(), sc),
        Expression::Null(_) => Ok(Val::Null),
        Expression::Array(a) => Ok(Val::List(
            a.iter()
                .map(|x| const_eval(x, sc))
                .collect::<Result<_, _>>()?,
        )),
        Expression::Object(o) => {
            let mut m = BTreeMap::new();
            for (k, v) in o.iter() {
                let key = match k {
                    ObjectKey::Ident(i) => i.as_str().to_string(),
                    ObjectKey::Expression(x) => const_eval(x, sc)?
                        .to_text()
                        .ok_or("object key must be a string")?,
                };
                m.insert(key, const_eval(v.expr(), sc)?);
            }
            Ok(Val::Map(m))
        }
        Expression::StringTemplate(_) | Expression::HeredocTemplate(_) => Ok(match e {
            Expression::HeredocTemplate(h) => {
                let mut s = String::new();
                for el in h.template.iter() {
                    match el {
                        Element::Literal(l) => s.push_str(l.value()),
                        _ => return Ok(Val::Unknown),
                    }
                }
                Val::Str(s)
            }
            _ => config::literal_of(e).map_or(Val::Unknown, Val::Str),
        }),
        Expression::UnaryOp(u) => match (u.operator.value(), const_eval(&u.expr, sc)?) {
            (UnaryOperator::Neg, Val::Num(n)) => Ok(Val::Num(-n)),
            (UnaryOperator::Not, Val::Bool(b)) => Ok(Val::Bool(!b)),
            _ => Ok(Val::Unknown),
        },
        Expression::Traversal(t) => {
            let mut v = const_eval(&t.expr, sc)?;
            for op in &t.operators {
                v = match op.value() {
                    TraversalOperator::GetAttr(a) => get_key(v, a.as_str())?,
                    TraversalOperator::Index(ix) => index(v, &const_eval(ix, sc)?)?,
                    _ => return Ok(Val::Unknown),
                };
            }
            Ok(v)
        }
        Expression::FuncCall(f) => {
            let args: Vec<Val> = f
                .args
                .iter()
                .map(|a| const_eval(a, sc))
                .collect::<Result<_, _>>()?;
            funcs::call(f.name.name.as_str(), &args, Path::new(".")).unwrap_or(Ok(Val::Unknown))
        }
        _ => Ok(Val::Unknown),
    }
}
