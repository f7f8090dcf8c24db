//! Executes parsed templates with Go text/template semantics, writing output together with its
//! provenance: every emitted byte range records the template file and line that produced it and,
//! when the text came from `.Values`, the values path.
//!
//! Provenance through `include`: an included template renders into its own buffer with its own
//! segments; when the calling action writes a string built from it (usually via `nindent`), each
//! output line is matched back to the included line it came from, so text emitted by
//! `_helpers.tpl` points at `_helpers.tpl`. Values paths are tracked by identity: every map of
//! the final values tree is registered with its path, so a field read on such a map (directly, or
//! through `with`, `range`, `dict` arguments of helpers) names the path it read.
//!
//! Budgets bound include depth, total steps and output size, so a runaway chart ends with an
//! error instead of exhausting memory or the stack.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::rc::Rc;

use crate::funcs;
use crate::objects::Object;
use crate::parse::{Arg, Branch, Cmd, Node, Num, Pipe};
use crate::value::Value;

/// Where an output range came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    /// Byte offset in the output where this segment starts.
    pub at: usize,
    /// Template file id (index into the template set's files).
    pub file: u32,
    /// 1-based line in that file.
    pub line: u32,
    /// Values path, when the text is a value read from `.Values`.
    pub values: Option<Rc<str>>,
}

/// Output text with provenance segments (sorted by `at`).
#[derive(Debug, Default, Clone)]
pub struct Out {
    /// The text.
    pub buf: String,
    /// Segments in order.
    pub segs: Vec<Seg>,
}

impl Out {
    fn mark(&mut self, file: u32, line: u32, values: Option<Rc<str>>) {
        let at = self.buf.len();
        if let Some(last) = self.segs.last_mut() {
            if last.at == at {
                *last = Seg {
                    at,
                    file,
                    line,
                    values,
                };
                return;
            }
            if last.file == file && last.line == line && last.values == values {
                return;
            }
        }
        self.segs.push(Seg {
            at,
            file,
            line,
            values,
        });
    }

    /// Appends text written by template `file` starting at `line`, one segment per line.
    fn text(&mut self, s: &str, file: u32, line: u32) {
        let mut l = line;
        for (i, part) in s.split_inclusive('\n').enumerate() {
            if i > 0 {
                l += 1;
            }
            self.mark(file, l, None);
            self.buf.push_str(part);
        }
    }

    /// Appends another buffer, shifting its segments.
    fn append(&mut self, other: &Out) {
        let base = self.buf.len();
        for s in &other.segs {
            let mut s = s.clone();
            s.at += base;
            if self.segs.last().is_some_and(|l| l.at == s.at) {
                self.segs.pop();
            }
            self.segs.push(s);
        }
        self.buf.push_str(&other.buf);
    }

    /// Provenance of the line spanning bytes `start..end`: the file and line of its first
    /// non-blank byte, and the first values path printed anywhere on it.
    pub fn line_info(&self, start: usize, end: usize) -> Option<Seg> {
        let text = self.buf.get(start..end).unwrap_or("");
        let indent = text.len() - text.trim_start().len();
        let probe = if text.trim().is_empty() {
            start
        } else {
            start + indent
        };
        let mut seg = self.seg_at(probe)?.clone();
        if seg.values.is_none() {
            let i = self.segs.partition_point(|s| s.at < start);
            seg.values = self.segs[i..]
                .iter()
                .take_while(|s| s.at < end)
                .find_map(|s| s.values.clone());
        }
        Some(seg)
    }

    /// The segment covering byte offset `at`.
    pub fn seg_at(&self, at: usize) -> Option<&Seg> {
        let i = self.segs.partition_point(|s| s.at <= at);
        if i == 0 {
            self.segs.first()
        } else {
            self.segs.get(i - 1)
        }
    }
}

/// An execution error, positioned in a template file.
#[derive(Debug, Clone)]
pub struct ExecError {
    /// Template file id.
    pub file: u32,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
    /// The message.
    pub message: String,
    /// Raised by `fail` or `required` (Helm prints these as "execution error").
    pub user: bool,
}

/// Control flow out of a list.
enum Flow {
    Normal,
    Break,
    Continue,
}

/// Limits on one render.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Deepest nesting of `include` / `template` / `tpl`.
    pub max_depth: usize,
    /// Most evaluation steps.
    pub max_steps: u64,
    /// Most output bytes of one buffer.
    pub max_output: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Self {
            max_depth: 100,
            max_steps: 50_000_000,
            max_output: 64 << 20,
        }
    }
}

/// A named template body and the file it lives in.
pub type Define = (u32, Rc<Vec<Node>>);

/// Everything an execution needs besides the data.
pub struct Exec<'a> {
    /// Template bodies by name.
    pub defines: HashMap<Rc<str>, Define>,
    /// Template file names by id.
    pub file_names: &'a [Rc<str>],
    /// Limits.
    pub budget: Budget,
    /// Values maps by identity → their path.
    pub values_paths: HashMap<usize, Rc<str>>,
    /// Deterministic random source.
    pub rng: funcs::Rng,
    /// The file currently executing.
    pub(crate) cur_file: u32,
    /// Template name currently executing (for `tpl`).
    pub(crate) cur_name: Rc<str>,
    depth: usize,
    steps: u64,
    vars: Vec<(Rc<str>, Value)>,
    last_values: Option<Rc<str>>,
    captures: Vec<Out>,
    pos: (u32, u32),
}

/// Separates the segments of a values path (keys may contain dots); an index is `#N`.
pub const SEP: char = '\u{1f}';

/// One step of a values path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValuesSeg {
    /// A map key.
    Key(String),
    /// A list index.
    Index(usize),
}

/// Splits an encoded values path (as in [`Seg::values`]) into its steps.
pub fn values_path(p: &str) -> Vec<ValuesSeg> {
    p.split(SEP)
        .map(|s| match s.strip_prefix('#').and_then(|n| n.parse().ok()) {
            Some(i) => ValuesSeg::Index(i),
            None => ValuesSeg::Key(s.to_string()),
        })
        .collect()
}

/// A values path for people: `image.tag`, `env[0].name`.
pub fn values_path_display(p: &str) -> String {
    let mut out = String::new();
    for seg in values_path(p) {
        match seg {
            ValuesSeg::Index(i) => out.push_str(&format!("[{i}]")),
            ValuesSeg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&k);
            }
        }
    }
    out
}

/// A pseudo file id for text parsed by `tpl`: its output is credited to the calling action.
pub const TPL_FILE: u32 = u32::MAX;

type R<T> = Result<T, ExecError>;

impl<'a> Exec<'a> {
    /// A new executor over a set of defines.
    pub fn new(
        defines: HashMap<Rc<str>, Define>,
        file_names: &'a [Rc<str>],
        budget: Budget,
        seed: u64,
    ) -> Self {
        Self {
            defines,
            file_names,
            budget,
            values_paths: HashMap::new(),
            rng: funcs::Rng::new(seed),
            cur_file: 0,
            cur_name: Rc::from(""),
            depth: 0,
            steps: 0,
            vars: Vec::new(),
            last_values: None,
            captures: Vec::new(),
            pos: (1, 1),
        }
    }

    /// Registers every map (and list item map) of a values tree under its path.
    pub fn register_values(&mut self, v: &Value, path: &str) {
        match v {
            Value::Map(m) => {
                self.values_paths
                    .insert(Rc::as_ptr(m) as *const () as usize, Rc::from(path));
                for (k, child) in m.borrow().iter() {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}{SEP}{k}")
                    };
                    self.register_values(child, &p);
                }
            }
            Value::List(l) => {
                self.values_paths
                    .insert(Rc::as_ptr(l) as *const () as usize, Rc::from(path));
                for (i, child) in l.iter().enumerate() {
                    self.register_values(child, &format!("{path}{SEP}#{i}"));
                }
            }
            _ => {}
        }
    }

    /// An error at the current position.
    pub(crate) fn err(&self, message: impl Into<String>) -> ExecError {
        ExecError {
            file: self.cur_file,
            line: self.pos.0,
            col: self.pos.1,
            message: message.into(),
            user: false,
        }
    }

    /// A `fail` / `required` error at the current position.
    pub(crate) fn user_err(&self, message: impl Into<String>) -> ExecError {
        ExecError {
            user: true,
            ..self.err(message)
        }
    }

    fn step(&mut self) -> R<()> {
        self.steps += 1;
        if self.steps > self.budget.max_steps {
            return Err(self.err(format!(
                "evaluation exceeded {} steps (runaway template?)",
                self.budget.max_steps
            )));
        }
        Ok(())
    }

    /// Runs a whole template file with `dot` as data.
    pub fn run(&mut self, file: u32, nodes: &[Node], dot: &Value) -> R<Out> {
        let mut out = Out::default();
        self.cur_file = file;
        self.cur_name = self
            .file_names
            .get(file as usize)
            .cloned()
            .unwrap_or_else(|| Rc::from(""));
        self.vars.clear();
        self.vars.push((Rc::from("$"), dot.clone()));
        match self.list(nodes, dot, &mut out)? {
            Flow::Normal => Ok(out),
            _ => Err(self.err("break or continue outside range")),
        }
    }

    /// Executes a named template into a fresh buffer (`include`).
    pub(crate) fn include(&mut self, name: &str, dot: &Value) -> R<Out> {
        let Some((file, body)) = self.defines.get(name).cloned() else {
            return Err(self.err(format!(
                "template: no template {name:?} associated with template"
            )));
        };
        self.call_template(file, &body, dot)
    }

    fn call_template(&mut self, file: u32, body: &[Node], dot: &Value) -> R<Out> {
        if self.depth >= self.budget.max_depth {
            return Err(self.err(format!(
                "include/template nested deeper than {} (recursion?)",
                self.budget.max_depth
            )));
        }
        self.depth += 1;
        let saved_vars = std::mem::take(&mut self.vars);
        let saved_file = self.cur_file;
        let saved_pos = self.pos;
        let saved_caps = std::mem::take(&mut self.captures);
        if file != TPL_FILE {
            self.cur_file = file;
        }
        self.vars.push((Rc::from("$"), dot.clone()));
        let mut out = Out::default();
        let r = self.list(body, dot, &mut out);
        self.vars = saved_vars;
        self.captures = saved_caps;
        self.depth -= 1;
        let r = r.map(|_| out);
        if r.is_ok() {
            self.cur_file = saved_file;
            self.pos = saved_pos;
        }
        r
    }

    /// Parses and executes `text` with the current template set (`tpl`).
    pub(crate) fn tpl(&mut self, text: &str, dot: &Value) -> R<Out> {
        let parsed = crate::parse::parse_shared(text).map_err(|e| {
            self.err(format!(
                "error calling tpl: cannot parse template {text:?}: {}:{}: {}",
                e.line, e.col, e.message
            ))
        })?;
        let mut saved = Vec::new();
        for (name, body) in &parsed.1 {
            let old = self
                .defines
                .insert(Rc::clone(name), (TPL_FILE, Rc::clone(body)));
            saved.push((Rc::clone(name), old));
        }
        let r = self.call_template(TPL_FILE, &parsed.0, dot);
        for (name, old) in saved.into_iter().rev() {
            match old {
                Some(o) => {
                    self.defines.insert(name, o);
                }
                None => {
                    self.defines.remove(&name);
                }
            }
        }
        r
    }

    fn list(&mut self, nodes: &[Node], dot: &Value, out: &mut Out) -> R<Flow> {
        for n in nodes {
            self.step()?;
            match n {
                Node::Text(t, line) => {
                    out.text(t, self.cur_file, *line);
                }
                Node::Action(pipe) => {
                    self.pos = (pipe.line, pipe.col);
                    self.last_values = None;
                    self.captures.clear();
                    let v = self.pipe(pipe, dot)?;
                    if pipe.decl.is_empty() {
                        self.write_value(&v, pipe.line, out)?;
                    }
                    self.captures.clear();
                }
                Node::If(b) => {
                    let mark = self.vars.len();
                    self.pos = (b.pipe.line, b.pipe.col);
                    let v = self.pipe(&b.pipe, dot)?;
                    let flow = if v.truthy() {
                        self.list(&b.list, dot, out)?
                    } else if let Some(e) = &b.else_list {
                        self.list(e, dot, out)?
                    } else {
                        Flow::Normal
                    };
                    self.vars.truncate(mark);
                    if !matches!(flow, Flow::Normal) {
                        return Ok(flow);
                    }
                }
                Node::With(b) => {
                    let mark = self.vars.len();
                    self.pos = (b.pipe.line, b.pipe.col);
                    let v = self.pipe(&b.pipe, dot)?;
                    let flow = if v.truthy() {
                        self.list(&b.list, &v, out)?
                    } else if let Some(e) = &b.else_list {
                        self.list(e, dot, out)?
                    } else {
                        Flow::Normal
                    };
                    self.vars.truncate(mark);
                    if !matches!(flow, Flow::Normal) {
                        return Ok(flow);
                    }
                }
                Node::Range(b) => {
                    self.range(b, dot, out)?;
                }
                Node::Template {
                    name,
                    pipe,
                    line,
                    col,
                } => {
                    self.pos = (*line, *col);
                    let data = match pipe {
                        Some(p) => self.pipe(p, dot)?,
                        None => Value::Nil,
                    };
                    let Some((file, body)) = self.defines.get(name).cloned() else {
                        return Err(self.err(format!("no such template {name:?}")));
                    };
                    let sub = self.call_template(file, &body, &data)?;
                    if file == TPL_FILE {
                        out.mark(self.cur_file, *line, None);
                        out.buf.push_str(&sub.buf);
                    } else {
                        out.append(&sub);
                    }
                    self.check_size(out)?;
                }
                Node::Break(..) => return Ok(Flow::Break),
                Node::Continue(..) => return Ok(Flow::Continue),
            }
        }
        Ok(Flow::Normal)
    }

    fn check_size(&self, out: &Out) -> R<()> {
        if out.buf.len() > self.budget.max_output {
            return Err(self.err(format!(
                "output exceeds {} bytes (runaway template?)",
                self.budget.max_output
            )));
        }
        Ok(())
    }

    fn range(&mut self, b: &Branch, dot: &Value, out: &mut Out) -> R<()> {
        let mark = self.vars.len();
        self.pos = (b.pipe.line, b.pipe.col);
        // Evaluate without declaring: range declares per element.
        let mut pipe = b.pipe.clone();
        let decl = std::mem::take(&mut pipe.decl);
        let is_assign = pipe.is_assign;
        let v = self.pipe(&pipe, dot)?;
        let items: Vec<(Value, Value)> = match &v {
            Value::List(l) => l
                .iter()
                .enumerate()
                .map(|(i, x)| (Value::Int(i as i64), x.clone()))
                .collect(),
            Value::Map(m) => m
                .borrow()
                .iter()
                .map(|(k, x)| (Value::str(k.as_str()), x.clone()))
                .collect(),
            Value::Int(n) => (0..*n).map(|i| (Value::Int(i), Value::Int(i))).collect(),
            Value::Float(f) if f.fract() == 0.0 => {
                #[allow(clippy::cast_possible_truncation)]
                let n = *f as i64;
                (0..n).map(|i| (Value::Int(i), Value::Int(i))).collect()
            }
            Value::Nil => Vec::new(),
            Value::Obj(o) => o
                .as_list()
                .into_iter()
                .enumerate()
                .map(|(i, x)| (Value::Int(i as i64), x))
                .collect(),
            other => {
                return Err(self.err(format!("range can't iterate over {}", other.to_go_string())))
            }
        };
        if items.is_empty() {
            if let Some(e) = &b.else_list {
                let f = self.list(e, dot, out)?;
                self.vars.truncate(mark);
                if !matches!(f, Flow::Normal) {
                    return Err(self.err("break or continue outside range"));
                }
            }
            return Ok(());
        }
        for (k, x) in items {
            self.step()?;
            let inner = self.vars.len();
            match decl.len() {
                0 => {}
                1 => self.bind(&decl[0], x.clone(), is_assign),
                _ => {
                    self.bind(&decl[0], k, is_assign);
                    self.bind(&decl[1], x.clone(), is_assign);
                }
            }
            let f = self.list(&b.list, &x, out)?;
            self.vars.truncate(inner.max(mark));
            if matches!(f, Flow::Break) {
                break;
            }
        }
        self.vars.truncate(mark);
        Ok(())
    }

    fn bind(&mut self, name: &Rc<str>, v: Value, assign: bool) {
        if assign {
            if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                slot.1 = v;
                return;
            }
        }
        self.vars.push((Rc::clone(name), v));
    }

    fn var(&self, name: &str) -> R<Value> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| &**n == name)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| self.err(format!("undefined variable: {name}")))
    }

    fn write_value(&mut self, v: &Value, line: u32, out: &mut Out) -> R<()> {
        let text = match v {
            Value::Str(s) => s.to_string(),
            Value::Nil => String::new(),
            other => other.to_go_string(),
        };
        let text = if text.contains("<no value>") {
            text.replace("<no value>", "")
        } else {
            text
        };
        let values = self.last_values.take();
        let file = self.cur_file;
        if self.captures.is_empty() || !text.contains('\n') {
            if let Some(cap) = self.captures.first() {
                // A one-line include result: credit the included line.
                if let Some(seg) = cap.segs.iter().find(|s| s.file != TPL_FILE) {
                    let (f, l, vv) = (seg.file, seg.line, seg.values.clone());
                    out.mark(f, l, vv.or(values));
                    out.buf.push_str(&text);
                    return self.check_size(out);
                }
            }
            out.mark(file, line, values);
            out.buf.push_str(&text);
            return self.check_size(out);
        }
        // Map each output line back to a line of an included buffer.
        let caps = std::mem::take(&mut self.captures);
        let mut cand: Vec<(&str, Seg)> = Vec::new();
        for c in &caps {
            let mut off = 0;
            for l in c.buf.split_inclusive('\n') {
                if let Some(seg) = c.line_info(off, off + l.len()) {
                    if seg.file != TPL_FILE {
                        cand.push((l.trim(), seg));
                    }
                }
                off += l.len();
            }
        }
        let mut cursor = 0;
        for l in text.split_inclusive('\n') {
            let t = l.trim();
            let found = if t.is_empty() {
                None
            } else {
                cand[cursor.min(cand.len())..]
                    .iter()
                    .position(|(c, _)| *c == t)
                    .map(|p| cursor + p)
            };
            match found {
                Some(i) => {
                    let seg = &cand[i].1;
                    out.mark(seg.file, seg.line, seg.values.clone());
                    cursor = i + 1;
                }
                None => out.mark(file, line, values.clone()),
            }
            out.buf.push_str(l);
        }
        self.check_size(out)
    }

    /// Evaluates a pipeline, binding its declared variables.
    pub(crate) fn pipe(&mut self, p: &Pipe, dot: &Value) -> R<Value> {
        let mut val: Option<Value> = None;
        for c in &p.cmds {
            self.step()?;
            val = Some(self.cmd(c, dot, val)?);
        }
        let v = val.unwrap_or(Value::Nil);
        for name in &p.decl {
            self.bind(name, v.clone(), p.is_assign);
        }
        Ok(v)
    }

    fn cmd(&mut self, c: &Cmd, dot: &Value, prev: Option<Value>) -> R<Value> {
        self.pos = (c.line, c.col);
        let first = &c.args[0];
        match first {
            Arg::Ident(name) => self.call(name, &c.args[1..], dot, prev),
            Arg::Field(chain) => {
                let args = self.eval_args(&c.args[1..], dot, prev)?;
                self.chain(dot.clone(), chain, args)
            }
            Arg::Var(name, chain) => {
                let base = self.var(name)?;
                let args = self.eval_args(&c.args[1..], dot, prev)?;
                self.chain(base, chain, args)
            }
            Arg::Sub(p, chain) if !chain.is_empty() => {
                let base = self.pipe(p, dot)?;
                let args = self.eval_args(&c.args[1..], dot, prev)?;
                self.chain(base, chain, args)
            }
            other => {
                if c.args.len() > 1 || prev.is_some() {
                    return Err(self.err(format!(
                        "can't give argument to non-function {}",
                        arg_display(other)
                    )));
                }
                self.arg(other, dot)
            }
        }
    }

    fn eval_args(&mut self, args: &[Arg], dot: &Value, prev: Option<Value>) -> R<Vec<Value>> {
        let mut out = Vec::with_capacity(args.len() + 1);
        for a in args {
            out.push(self.arg(a, dot)?);
        }
        if let Some(p) = prev {
            out.push(p);
        }
        Ok(out)
    }

    fn arg(&mut self, a: &Arg, dot: &Value) -> R<Value> {
        Ok(match a {
            Arg::Dot => dot.clone(),
            Arg::Nil => Value::Nil,
            Arg::Bool(b) => Value::Bool(*b),
            Arg::Num(Num::Int(i)) => Value::Int(*i),
            Arg::Num(Num::Float(f)) => Value::Float(*f),
            Arg::Str(s) => Value::Str(Rc::clone(s)),
            Arg::Field(chain) => self.chain(dot.clone(), chain, Vec::new())?,
            Arg::Var(name, chain) => {
                let base = self.var(name)?;
                if chain.is_empty() {
                    base
                } else {
                    self.chain(base, chain, Vec::new())?
                }
            }
            Arg::Sub(p, chain) => {
                let saved = self.pos;
                let base = self.pipe(p, dot)?;
                self.pos = saved;
                if chain.is_empty() {
                    base
                } else {
                    self.chain(base, chain, Vec::new())?
                }
            }
            Arg::Ident(name) => self.call(name, &[], dot, None)?,
        })
    }

    /// Walks `.A.B.C` from `base`; `args` go to the last element when it is a method.
    fn chain(&mut self, base: Value, chain: &[Rc<str>], args: Vec<Value>) -> R<Value> {
        // Go distinguishes an invalid value (a nil variable or pipeline result: fields of it
        // are silently nil) from a nil interface read from a map (a field of it is an error).
        let mut invalid = base.is_nil();
        let mut cur = base;
        let n = chain.len();
        let mut args = Some(args);
        for (i, key) in chain.iter().enumerate() {
            let last = i + 1 == n;
            if !cur.is_nil() {
                invalid = false;
            }
            cur = match &cur {
                Value::Map(m) => {
                    let path = self
                        .values_paths
                        .get(&(Rc::as_ptr(m) as *const () as usize))
                        .cloned();
                    let v = m.borrow().get(&**key).cloned().unwrap_or(Value::Nil);
                    if let Some(p) = path {
                        self.last_values = Some(if p.is_empty() {
                            Rc::clone(key)
                        } else {
                            Rc::from(format!("{p}{SEP}{key}"))
                        });
                    }
                    if last && args.as_ref().is_some_and(|a| !a.is_empty()) {
                        return Err(self.err(format!("{key} is not a method but has arguments")));
                    }
                    v
                }
                Value::Obj(o) => {
                    let a = if last {
                        args.take().unwrap_or_default()
                    } else {
                        Vec::new()
                    };
                    let o = Rc::clone(o);
                    o.field(key, a).map_err(|m| self.err(m))?
                }
                // A nil base (a variable, a parenthesised pipeline, dot) yields nil, as Go's
                // invalid receiver does; a nil met inside the chain is Go's nil-pointer error.
                Value::Nil if invalid => Value::Nil,
                Value::Nil => {
                    return Err(self.err(format!("nil pointer evaluating interface {{}}.{key}")))
                }
                other => {
                    return Err(self.err(format!(
                        "can't evaluate field {key} in type {}",
                        other.type_name()
                    )))
                }
            };
        }
        if let Some(a) = args {
            if !a.is_empty() && n == 0 {
                return Err(self.err("can't give argument to non-function"));
            }
        }
        Ok(cur)
    }

    fn call(&mut self, name: &str, args: &[Arg], dot: &Value, prev: Option<Value>) -> R<Value> {
        match name {
            "and" | "or" => {
                let mut all: Vec<&Arg> = args.iter().collect();
                if all.is_empty() && prev.is_none() {
                    return Err(self.err(format!(
                        "wrong number of args for {name}: want at least 1 got 0"
                    )));
                }
                let mut last = Value::Nil;
                let n = all.len();
                for (i, a) in all.drain(..).enumerate() {
                    let v = self.arg(a, dot)?;
                    let t = v.truthy();
                    last = v;
                    let stop = if name == "and" { !t } else { t };
                    if stop || (i + 1 == n && prev.is_none()) {
                        return Ok(last);
                    }
                }
                Ok(prev.unwrap_or(last))
            }
            "include" => {
                let vals = self.eval_args(args, dot, prev)?;
                let (Some(n), data) = (vals.first(), vals.get(1).cloned().unwrap_or(Value::Nil))
                else {
                    return Err(self.err("include: missing template name"));
                };
                let nm = funcs::to_str(n);
                let saved_last = self.last_values.take();
                let out = self.include(&nm, &data)?;
                self.last_values = saved_last;
                let s = Value::str(out.buf.as_str());
                self.captures.push(out);
                Ok(s)
            }
            "tpl" => {
                let vals = self.eval_args(args, dot, prev)?;
                let text = vals.first().map(funcs::to_str).unwrap_or_default();
                let data = vals.get(1).cloned().unwrap_or(Value::Nil);
                let out = self.tpl(&text, &data)?;
                Ok(Value::str(out.buf.replace("<no value>", "")))
            }
            _ => {
                let vals = self.eval_args(args, dot, prev)?;
                funcs::call(self, name, vals)
            }
        }
    }
}

fn arg_display(a: &Arg) -> String {
    match a {
        Arg::Dot => ".".into(),
        Arg::Nil => "nil".into(),
        Arg::Bool(b) => b.to_string(),
        Arg::Num(Num::Int(i)) => i.to_string(),
        Arg::Num(Num::Float(f)) => f.to_string(),
        Arg::Str(s) => format!("{s:?}"),
        Arg::Field(c) => c.iter().fold(String::new(), |mut s, k| {
            let _ = write!(s, ".{k}");
            s
        }),
        Arg::Var(n, _) => n.to_string(),
        Arg::Ident(n) => n.to_string(),
        Arg::Sub(..) => "(...)".into(),
    }
}

/// Used by objects to build values without reaching into the executor.
pub(crate) fn obj(o: Object) -> Value {
    Value::Obj(Rc::new(o))
}
