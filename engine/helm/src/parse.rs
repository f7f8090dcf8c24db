//! Go text/template syntax: a lexer and a recursive-descent parser that keep line and column of
//! every node, so execution errors and output provenance can name the template line.
//!
//! Follows `text/template/parse`: `{{- ` / ` -}}` trim markers, `{{/* */}}` comments, pipelines
//! with `:=` / `=` declarations, `if` / `else if` / `with` / `else with` / `range` / `break` /
//! `continue` / `define` / `template` / `block`, field chains on any operand, and Go literals
//! (strings with escapes, raw strings, runes, ints in any base, floats).

use std::rc::Rc;

/// A syntax error with its 1-based position in the template text.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
    /// What is wrong.
    pub message: String,
}

/// A literal number.
#[derive(Debug, Clone, Copy)]
pub enum Num {
    /// An integer constant.
    Int(i64),
    /// A floating-point constant.
    Float(f64),
}

/// One operand of a command.
#[derive(Debug, Clone)]
pub enum Arg {
    /// `.` itself.
    Dot,
    /// `.A.B`.
    Field(Vec<Rc<str>>),
    /// `$x.A.B` (`$` alone is the root).
    Var(Rc<str>, Vec<Rc<str>>),
    /// A function name.
    Ident(Rc<str>),
    /// `nil`.
    Nil,
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Num(Num),
    /// A string constant.
    Str(Rc<str>),
    /// `(pipeline).A.B`.
    Sub(Box<Pipe>, Vec<Rc<str>>),
}

/// A command: operands separated by spaces.
#[derive(Debug, Clone)]
pub struct Cmd {
    /// The operands; the first may be a function or a method chain.
    pub args: Vec<Arg>,
    /// Position of the command.
    pub line: u32,
    /// Column of the command.
    pub col: u32,
}

/// A pipeline, with its optional variable declaration.
#[derive(Debug, Clone)]
pub struct Pipe {
    /// Declared or assigned variables (`$a, $b :=`).
    pub decl: Vec<Rc<str>>,
    /// `=` rather than `:=`.
    pub is_assign: bool,
    /// The commands joined by `|`.
    pub cmds: Vec<Cmd>,
    /// Position.
    pub line: u32,
    /// Column.
    pub col: u32,
}

/// A node of a parsed template.
#[derive(Debug, Clone)]
pub enum Node {
    /// Literal text; `line` is the line where it starts.
    Text(Rc<str>, u32),
    /// `{{ pipeline }}`.
    Action(Pipe),
    /// `if`.
    If(Branch),
    /// `with`.
    With(Branch),
    /// `range`.
    Range(Branch),
    /// `template "name" pipeline`.
    Template {
        /// The called template.
        name: Rc<str>,
        /// Its data.
        pipe: Option<Pipe>,
        /// Position.
        line: u32,
        /// Column.
        col: u32,
    },
    /// `break`.
    Break(u32, u32),
    /// `continue`.
    Continue(u32, u32),
}

/// The body of `if`, `with` and `range`.
#[derive(Debug, Clone)]
pub struct Branch {
    /// The condition.
    pub pipe: Pipe,
    /// Taken branch.
    pub list: Vec<Node>,
    /// `else` branch (an `else if` is a nested node here).
    pub else_list: Option<Vec<Node>>,
}

/// A parsed file: its top-level list and its `define`s.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The file's own body.
    pub root: Vec<Node>,
    /// `define`/`block` bodies by name, each with the line of its start.
    pub defines: Vec<(Rc<str>, Rc<Vec<Node>>)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// Text between actions, shared with the node made from it (texts are most of a file).
    Text(Rc<str>),
    Left,
    Right,
    Ident(Rc<str>),
    Field(Rc<str>),
    Var(Rc<str>),
    Dot,
    Str(Rc<str>),
    Num(Rc<str>),
    Char(char),
    Pipe,
    LParen,
    RParen,
    Declare,
    Assign,
    Comma,
    Eof,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: u32,
    col: u32,
    /// Whitespace precedes this token inside an action.
    space: bool,
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    line: u32,
    col: u32,
    out: Vec<Token>,
}

const MAX_NESTING: usize = 200;

impl<'a> Lexer<'a> {
    fn err(&self, msg: impl Into<String>) -> SyntaxError {
        SyntaxError {
            line: self.line,
            col: self.col,
            message: msg.into(),
        }
    }

    fn advance(&mut self, n: usize) {
        let end = (self.pos + n).min(self.src.len());
        // Columns count characters: every byte but UTF-8 continuation bytes.
        for &b in &self.src.as_bytes()[self.pos..end] {
            if b == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if b & 0xC0 != 0x80 {
                self.col += 1;
            }
        }
        self.pos = end;
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn push(&mut self, tok: Tok, line: u32, col: u32, space: bool) {
        self.out.push(Token {
            tok,
            line,
            col,
            space,
        });
    }

    fn run(mut self) -> Result<Vec<Token>, SyntaxError> {
        let mut trim_next = false;
        loop {
            let rest = self.rest();
            let idx = rest.find("{{");
            let text_end = idx.unwrap_or(rest.len());
            let mut text = &rest[..text_end];
            // A left trim marker: "{{- " with whitespace after the dash.
            let left_trim = idx.is_some_and(|i| {
                let after = &rest[i + 2..];
                after.starts_with('-') && after[1..].starts_with([' ', '\t', '\r', '\n'])
            });
            if trim_next {
                let trimmed = text.trim_start_matches([' ', '\t', '\r', '\n']);
                let skipped = text.len() - trimmed.len();
                self.advance(skipped);
                text = trimmed;
            }
            let (tline, tcol) = (self.line, self.col);
            let emitted = if left_trim {
                text.trim_end_matches([' ', '\t', '\r', '\n'])
            } else {
                text
            };
            if !emitted.is_empty() {
                self.push(Tok::Text(Rc::from(emitted)), tline, tcol, false);
            }
            self.advance(text.len());
            if idx.is_none() {
                break;
            }
            // At "{{".
            let (aline, acol) = (self.line, self.col);
            self.advance(2);
            if left_trim {
                self.advance(2);
            }
            // Comment?
            let r = self.rest();
            if r.starts_with("/*") {
                let Some(end) = r.find("*/") else {
                    return Err(self.err("unclosed comment"));
                };
                self.advance(end + 2);
                let r = self.rest();
                if r.starts_with("}}") {
                    self.advance(2);
                    trim_next = false;
                } else if r.starts_with(" -}}")
                    || r.starts_with("\t-}}")
                    || r.starts_with("\n-}}")
                    || r.starts_with("\r-}}")
                {
                    self.advance(4);
                    trim_next = true;
                } else {
                    return Err(self.err("comment ends before closing delimiter"));
                }
                continue;
            }
            self.push(Tok::Left, aline, acol, false);
            trim_next = self.lex_action()?;
        }
        let (l, c) = (self.line, self.col);
        self.push(Tok::Eof, l, c, false);
        Ok(self.out)
    }

    /// Lexes inside an action up to and including its right delimiter; returns whether it
    /// ended with a trim marker.
    fn lex_action(&mut self) -> Result<bool, SyntaxError> {
        let mut space = true;
        let mut depth = 0usize;
        loop {
            let r = self.rest();
            if r.is_empty() {
                return Err(self.err("unclosed action"));
            }
            let (line, col) = (self.line, self.col);
            // Right delimiter with trim marker.
            if space && r.starts_with("-}}") {
                self.advance(3);
                self.push(Tok::Right, line, col, space);
                return Ok(true);
            }
            if r.starts_with("}}") {
                self.advance(2);
                self.push(Tok::Right, line, col, space);
                return Ok(false);
            }
            let c = r.chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                let n = r.len() - r.trim_start().len();
                self.advance(n);
                space = true;
                continue;
            }
            if r.starts_with("/*") {
                return Err(self.err("comment must be alone in its action"));
            }
            let sp = space;
            space = false;
            match c {
                '|' => {
                    self.advance(1);
                    self.push(Tok::Pipe, line, col, sp);
                }
                '(' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Err(self.err("parentheses nested too deeply"));
                    }
                    self.advance(1);
                    self.push(Tok::LParen, line, col, sp);
                }
                ')' => {
                    depth = depth.saturating_sub(1);
                    self.advance(1);
                    self.push(Tok::RParen, line, col, sp);
                }
                ',' => {
                    self.advance(1);
                    self.push(Tok::Comma, line, col, sp);
                }
                ':' => {
                    if r.starts_with(":=") {
                        self.advance(2);
                        self.push(Tok::Declare, line, col, sp);
                    } else {
                        return Err(self.err("expected :="));
                    }
                }
                '=' => {
                    self.advance(1);
                    self.push(Tok::Assign, line, col, sp);
                }
                '"' => {
                    let s = self.lex_quoted()?;
                    self.push(Tok::Str(Rc::from(s)), line, col, sp);
                }
                '`' => {
                    let body = &r[1..];
                    let Some(end) = body.find('`') else {
                        return Err(self.err("unterminated raw quoted string"));
                    };
                    let s = body[..end].to_string();
                    self.advance(end + 2);
                    self.push(Tok::Str(Rc::from(s)), line, col, sp);
                }
                '\'' => {
                    let ch = self.lex_char()?;
                    self.push(Tok::Char(ch), line, col, sp);
                }
                '$' => {
                    let n = 1 + ident_len(&r[1..]);
                    let name = r[..n].to_string();
                    self.advance(n);
                    self.push(Tok::Var(Rc::from(name)), line, col, sp);
                }
                '.' => {
                    let after = &r[1..];
                    if after.starts_with(|ch: char| ch.is_ascii_digit()) {
                        let n = number_len(r);
                        let s = r[..n].to_string();
                        self.advance(n);
                        self.push(Tok::Num(Rc::from(s)), line, col, sp);
                    } else {
                        let n = ident_len(after);
                        if n == 0 {
                            self.advance(1);
                            self.push(Tok::Dot, line, col, sp);
                        } else {
                            let name = after[..n].to_string();
                            self.advance(n + 1);
                            self.push(Tok::Field(Rc::from(name)), line, col, sp);
                        }
                    }
                }
                c if c.is_ascii_digit()
                    || ((c == '-' || c == '+')
                        && r[1..].starts_with(|ch: char| ch.is_ascii_digit() || ch == '.')) =>
                {
                    let n = number_len(r);
                    let s = r[..n].to_string();
                    self.advance(n);
                    self.push(Tok::Num(Rc::from(s)), line, col, sp);
                }
                c if c == '_' || c.is_alphabetic() => {
                    let n = ident_len(r);
                    let name = r[..n].to_string();
                    self.advance(n);
                    self.push(Tok::Ident(Rc::from(name)), line, col, sp);
                }
                other => return Err(self.err(format!("unexpected {other:?} in action"))),
            }
        }
    }

    fn lex_quoted(&mut self) -> Result<String, SyntaxError> {
        let r = self.rest();
        let mut out = String::new();
        let mut it = r.char_indices().skip(1);
        while let Some((i, c)) = it.next() {
            match c {
                '"' => {
                    self.advance(i + 1);
                    return Ok(out);
                }
                '\n' => return Err(self.err("unterminated quoted string")),
                '\\' => {
                    let Some((_, e)) = it.next() else { break };
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        '\\' => out.push('\\'),
                        '"' => out.push('"'),
                        '\'' => out.push('\''),
                        'a' => out.push('\u{7}'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'v' => out.push('\u{b}'),
                        'x' | 'u' | 'U' => {
                            let n = match e {
                                'x' => 2,
                                'u' => 4,
                                _ => 8,
                            };
                            let mut hex = String::new();
                            for _ in 0..n {
                                if let Some((_, h)) = it.next() {
                                    hex.push(h);
                                }
                            }
                            let code = u32::from_str_radix(&hex, 16)
                                .map_err(|_| self.err("invalid escape in string"))?;
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        d if d.is_digit(8) => {
                            let mut oct = String::from(d);
                            for _ in 0..2 {
                                if let Some((_, h)) = it.next() {
                                    oct.push(h);
                                }
                            }
                            let code = u32::from_str_radix(&oct, 8)
                                .map_err(|_| self.err("invalid escape in string"))?;
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        other => return Err(self.err(format!("unknown escape \\{other}"))),
                    }
                }
                c => out.push(c),
            }
        }
        Err(self.err("unterminated quoted string"))
    }

    fn lex_char(&mut self) -> Result<char, SyntaxError> {
        let r = self.rest();
        let mut it = r.char_indices().skip(1);
        let ch = match it.next() {
            Some((_, '\\')) => match it.next() {
                Some((_, 'n')) => '\n',
                Some((_, 't')) => '\t',
                Some((_, '\\')) => '\\',
                Some((_, '\'')) => '\'',
                Some((_, c)) => c,
                None => return Err(self.err("unterminated character constant")),
            },
            Some((_, c)) => c,
            None => return Err(self.err("unterminated character constant")),
        };
        match it.next() {
            Some((i, '\'')) => {
                self.advance(i + 1);
                Ok(ch)
            }
            _ => Err(self.err("unterminated character constant")),
        }
    }
}

fn ident_len(s: &str) -> usize {
    s.char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(s.len(), |(i, _)| i)
}

fn number_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let mut prev_e = false;
    while i < b.len() {
        let c = b[i];
        let ok = c.is_ascii_alphanumeric()
            || c == b'.'
            || c == b'_'
            || ((c == b'+' || c == b'-') && prev_e);
        if !ok {
            break;
        }
        prev_e = (c == b'e' || c == b'E' || c == b'p' || c == b'P')
            && !(s.starts_with("0x") || s.starts_with("0X"));
        i += 1;
    }
    i
}

/// Parses a Go number literal.
pub(crate) fn parse_number(s: &str) -> Option<Num> {
    let t = s.replace('_', "");
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b.to_string()),
        None => (false, t.trim_start_matches('+').to_string()),
    };
    let lower = body.to_ascii_lowercase();
    let int = if let Some(h) = lower.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()
    } else if let Some(o) = lower.strip_prefix("0o") {
        i64::from_str_radix(o, 8).ok()
    } else if let Some(bn) = lower.strip_prefix("0b") {
        i64::from_str_radix(bn, 2).ok()
    } else if lower.len() > 1 && lower.starts_with('0') && lower.bytes().all(|c| c.is_ascii_digit())
    {
        i64::from_str_radix(&lower[1..], 8).ok()
    } else {
        lower.parse::<i64>().ok()
    };
    if let Some(i) = int {
        return Some(Num::Int(if neg { -i } else { i }));
    }
    let f: f64 = lower.parse().ok()?;
    Some(Num::Float(if neg { -f } else { f }))
}

/// Parses one template file.
pub fn parse(src: &str) -> Result<Parsed, SyntaxError> {
    let toks = Lexer {
        src,
        pos: 0,
        line: 1,
        col: 1,
        out: Vec::new(),
    }
    .run()?;
    let mut p = Parser {
        toks,
        i: 0,
        defines: Vec::new(),
        depth: 0,
    };
    let (root, end) = p.list()?;
    if let Some(e) = end {
        return Err(SyntaxError {
            line: e.line,
            col: e.col,
            message: format!("unexpected {{{{{}}}}}", e.word),
        });
    }
    Ok(Parsed {
        root,
        defines: p.defines,
    })
}

/// A parsed text as renders share it: the body and the `define`s, reference-counted.
pub type SharedParse = Rc<(Rc<Vec<Node>>, Vec<(Rc<str>, Rc<Vec<Node>>)>)>;

/// Texts parsed on this thread, by content. Templates repeat across the environment renders of a
/// chart, across charts that vendor the same library (every Bitnami chart carries `common`), and
/// in `tpl` calls; a parsed tree is immutable, so one parse serves them all. Bounded by the text
/// it holds: when full, it starts over.
struct ParseCache {
    map: std::collections::HashMap<Box<str>, SharedParse, TextHash>,
    bytes: usize,
}

/// A fast non-cryptographic hash for the cache's keys (whole template texts, so SipHash would
/// cost a noticeable share of a render): 8 bytes at a time, multiply and rotate.
#[derive(Default)]
struct TextHasher(u64);

impl std::hash::Hasher for TextHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type TextHash = std::hash::BuildHasherDefault<TextHasher>;

const PARSE_CACHE_BYTES: usize = 32 << 20;

thread_local! {
    static PARSE_CACHE: std::cell::RefCell<ParseCache> = std::cell::RefCell::new(ParseCache {
        map: std::collections::HashMap::default(),
        bytes: 0,
    });
}

/// [`parse`], memoized per thread by text (errors are not kept: a failing text is parsed again).
pub fn parse_shared(src: &str) -> Result<SharedParse, SyntaxError> {
    if let Some(hit) = PARSE_CACHE.with(|c| c.borrow().map.get(src).cloned()) {
        return Ok(hit);
    }
    let parsed = parse(src)?;
    let shared: SharedParse = Rc::new((Rc::new(parsed.root), parsed.defines));
    PARSE_CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.bytes + src.len() > PARSE_CACHE_BYTES {
            c.map.clear();
            c.bytes = 0;
        }
        c.bytes += src.len();
        c.map.insert(Box::from(src), Rc::clone(&shared));
    });
    Ok(shared)
}

struct Parser {
    toks: Vec<Token>,
    i: usize,
    defines: Vec<(Rc<str>, Rc<Vec<Node>>)>,
    depth: usize,
}

/// How a list ended: `{{end}}`, `{{else ...}}`.
struct ListEnd {
    word: &'static str,
    line: u32,
    col: u32,
    /// For `else if` / `else with`: the keyword that follows.
    chained: Option<&'static str>,
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.toks[self.i.min(self.toks.len() - 1)]
    }

    fn peek_at(&self, n: usize) -> &Token {
        &self.toks[(self.i + n).min(self.toks.len() - 1)]
    }

    fn next(&mut self) -> Token {
        let t = self.peek().clone();
        if self.i < self.toks.len() {
            self.i += 1;
        }
        t
    }

    fn err<T>(&self, t: &Token, msg: impl Into<String>) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            line: t.line,
            col: t.col,
            message: msg.into(),
        })
    }

    fn expect_right(&mut self, ctx: &str) -> Result<(), SyntaxError> {
        let t = self.next();
        if t.tok == Tok::Right {
            Ok(())
        } else {
            self.err(&t, format!("unexpected {:?} in {ctx}", t.tok))
        }
    }

    /// Parses nodes until EOF or an `end`/`else` action, which is consumed and returned.
    fn list(&mut self) -> Result<(Vec<Node>, Option<ListEnd>), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            let t = self.peek().clone();
            return self.err(&t, "control structures nested too deeply");
        }
        let mut nodes = Vec::new();
        loop {
            let t = self.next();
            match t.tok {
                Tok::Eof => {
                    self.depth -= 1;
                    return Ok((nodes, None));
                }
                Tok::Text(s) => nodes.push(Node::Text(s, t.line)),
                Tok::Left => {
                    let kw = match &self.peek().tok {
                        Tok::Ident(w) => w.clone(),
                        _ => Rc::from(""),
                    };
                    let kt = self.peek().clone();
                    match &*kw {
                        "end" => {
                            self.next();
                            self.expect_right("end")?;
                            self.depth -= 1;
                            return Ok((
                                nodes,
                                Some(ListEnd {
                                    word: "end",
                                    line: kt.line,
                                    col: kt.col,
                                    chained: None,
                                }),
                            ));
                        }
                        "else" => {
                            self.next();
                            let chained = match &self.peek().tok {
                                Tok::Ident(w) if &**w == "if" => Some("if"),
                                Tok::Ident(w) if &**w == "with" => Some("with"),
                                _ => None,
                            };
                            if chained.is_some() {
                                self.next();
                            } else {
                                self.expect_right("else")?;
                            }
                            self.depth -= 1;
                            return Ok((
                                nodes,
                                Some(ListEnd {
                                    word: "else",
                                    line: kt.line,
                                    col: kt.col,
                                    chained,
                                }),
                            ));
                        }
                        "if" | "with" | "range" => {
                            self.next();
                            let n = self.branch(&kw, kt.line, kt.col)?;
                            nodes.push(n);
                        }
                        "break" | "continue" => {
                            self.next();
                            self.expect_right(&kw)?;
                            nodes.push(if &*kw == "break" {
                                Node::Break(kt.line, kt.col)
                            } else {
                                Node::Continue(kt.line, kt.col)
                            });
                        }
                        "define" | "block" => {
                            self.next();
                            let nt = self.next();
                            let Tok::Str(name) = nt.tok.clone() else {
                                return self.err(&nt, format!("expected template name after {kw}"));
                            };
                            let pipe = if &*kw == "block" {
                                Some(self.pipeline("block", false)?)
                            } else {
                                self.expect_right("define")?;
                                None
                            };
                            let (body, end) = self.list()?;
                            match end {
                                Some(ListEnd { word: "end", .. }) => {}
                                _ => {
                                    return self
                                        .err(&kt, format!("missing {{{{end}}}} for {kw} {name:?}"))
                                }
                            }
                            let name: Rc<str> = name.into();
                            self.defines.push((Rc::clone(&name), Rc::new(body)));
                            if &*kw == "block" {
                                nodes.push(Node::Template {
                                    name,
                                    pipe,
                                    line: kt.line,
                                    col: kt.col,
                                });
                            }
                        }
                        "template" => {
                            self.next();
                            let nt = self.next();
                            let Tok::Str(name) = nt.tok.clone() else {
                                return self.err(&nt, "expected template name after template");
                            };
                            let pipe = if self.peek().tok == Tok::Right {
                                self.next();
                                None
                            } else {
                                Some(self.pipeline("template", false)?)
                            };
                            nodes.push(Node::Template {
                                name: name.into(),
                                pipe,
                                line: kt.line,
                                col: kt.col,
                            });
                        }
                        _ => {
                            let pipe = self.pipeline("command", true)?;
                            nodes.push(Node::Action(pipe));
                        }
                    }
                }
                _ => return self.err(&t, format!("unexpected {:?}", t.tok)),
            }
        }
    }

    fn branch(&mut self, kw: &str, line: u32, col: u32) -> Result<Node, SyntaxError> {
        let pipe = self.pipeline(kw, true)?;
        let (list, end) = self.list()?;
        let else_list = match end {
            None => {
                return Err(SyntaxError {
                    line,
                    col,
                    message: format!("unexpected EOF: missing {{{{end}}}} for {kw}"),
                })
            }
            Some(ListEnd { word: "end", .. }) => None,
            Some(ListEnd {
                chained: Some(ch),
                line: l,
                col: c,
                ..
            }) => {
                // `else if` / `else with`: a nested node sharing our `end`.
                let nested = self.branch(ch, l, c)?;
                Some(vec![nested])
            }
            Some(ListEnd { .. }) => {
                let (el, end2) = self.list()?;
                match end2 {
                    Some(ListEnd { word: "end", .. }) => Some(el),
                    _ => {
                        return Err(SyntaxError {
                            line,
                            col,
                            message: format!("expected {{{{end}}}} after {{{{else}}}} of {kw}"),
                        })
                    }
                }
            }
        };
        let b = Branch {
            pipe,
            list,
            else_list,
        };
        Ok(match kw {
            "if" => Node::If(b),
            "with" => Node::With(b),
            _ => Node::Range(b),
        })
    }

    /// Parses a pipeline up to `}}` (consumed) or, inside parentheses, `)` (not consumed).
    fn pipeline(&mut self, ctx: &str, allow_decl: bool) -> Result<Pipe, SyntaxError> {
        let start = self.peek().clone();
        let mut decl = Vec::new();
        let mut is_assign = false;
        if allow_decl {
            // Look ahead: $a [, $b] := / =
            let save = self.i;
            let mut vars = Vec::new();
            loop {
                match self.peek().tok.clone() {
                    Tok::Var(v) => {
                        let after = self.peek_at(1).tok.clone();
                        if matches!(after, Tok::Declare | Tok::Assign | Tok::Comma) {
                            self.next();
                            vars.push(Rc::<str>::from(v));
                            match self.next().tok {
                                Tok::Declare => break,
                                Tok::Assign => {
                                    is_assign = true;
                                    break;
                                }
                                _ => continue,
                            }
                        }
                        vars.clear();
                        self.i = save;
                        break;
                    }
                    _ => {
                        vars.clear();
                        self.i = save;
                        break;
                    }
                }
            }
            decl = vars;
        }
        let mut cmds: Vec<Cmd> = Vec::new();
        let mut after_pipe = false;
        loop {
            let t = self.peek().clone();
            match t.tok {
                Tok::Right | Tok::RParen if after_pipe => {
                    return self.err(&t, "missing command after |");
                }
                Tok::Right => {
                    self.next();
                    break;
                }
                Tok::RParen if ctx == "paren" => break,
                _ => {}
            }
            let cmd = self.command()?;
            cmds.push(cmd);
            let t = self.peek().clone();
            after_pipe = false;
            match t.tok {
                Tok::Pipe => {
                    self.next();
                    after_pipe = true;
                }
                Tok::Right => {}
                Tok::RParen if ctx == "paren" => {}
                _ => return self.err(&t, format!("unexpected {:?} in {ctx}", t.tok)),
            }
        }
        if cmds.is_empty() {
            return self.err(&start, format!("missing value for {ctx}"));
        }
        Ok(Pipe {
            decl,
            is_assign,
            cmds,
            line: start.line,
            col: start.col,
        })
    }

    fn command(&mut self) -> Result<Cmd, SyntaxError> {
        let start = self.peek().clone();
        let mut args = Vec::new();
        loop {
            let t = self.peek().clone();
            match t.tok {
                Tok::Right | Tok::Pipe | Tok::RParen => break,
                _ => {}
            }
            if !args.is_empty() && !t.space {
                return self.err(&t, "missing space between operands");
            }
            args.push(self.operand()?);
        }
        if args.is_empty() {
            return self.err(&start, "empty command");
        }
        Ok(Cmd {
            args,
            line: start.line,
            col: start.col,
        })
    }

    fn fields(&mut self) -> Vec<Rc<str>> {
        let mut out = Vec::new();
        while let Tok::Field(f) = &self.peek().tok {
            if self.peek().space {
                break;
            }
            out.push(Rc::clone(f));
            self.next();
        }
        out
    }

    fn operand(&mut self) -> Result<Arg, SyntaxError> {
        let t = self.next();
        let arg = match t.tok.clone() {
            Tok::Dot => {
                if matches!(self.peek().tok, Tok::Field(_)) && !self.peek().space {
                    return self.err(&t, "unexpected . after term");
                }
                Arg::Dot
            }
            Tok::Field(f) => {
                let mut chain = vec![Rc::clone(&f)];
                chain.extend(self.fields());
                Arg::Field(chain)
            }
            Tok::Var(v) => Arg::Var(v.into(), self.fields()),
            Tok::Str(s) => Arg::Str(s.into()),
            Tok::Char(c) => Arg::Num(Num::Int(i64::from(u32::from(c)))),
            Tok::Num(n) => match parse_number(&n) {
                Some(num) => Arg::Num(num),
                None => return self.err(&t, format!("bad number syntax: {n:?}")),
            },
            Tok::Ident(w) => match &*w {
                "true" => Arg::Bool(true),
                "false" => Arg::Bool(false),
                "nil" => Arg::Nil,
                _ => Arg::Ident(w.into()),
            },
            Tok::LParen => {
                self.depth += 1;
                if self.depth > MAX_NESTING {
                    return self.err(&t, "parentheses nested too deeply");
                }
                let pipe = self.pipeline("paren", true)?;
                self.depth -= 1;
                let close = self.next();
                if close.tok != Tok::RParen {
                    return self.err(&close, "unclosed left paren");
                }
                Arg::Sub(Box::new(pipe), self.fields())
            }
            other => return self.err(&t, format!("unexpected {other:?} in operand")),
        };
        Ok(arg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_control_and_trim() {
        let p = parse("a\n{{- if .X }}\n  b {{ .Y | quote }}\n{{- else if eq 1 2 -}}\n c\n{{ end }}\n{{/* c */}}").unwrap();
        assert_eq!(p.root.len(), 3, "{:?}", p.root);
        assert!(matches!(&p.root[0], Node::Text(t, 1) if &**t == "a"));
        let Node::If(b) = &p.root[1] else {
            panic!("not if")
        };
        assert!(b.else_list.is_some());
    }

    #[test]
    fn reports_positions() {
        let e = parse("x\n  {{ if .A }}\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("{{ .A | }}").unwrap_err();
        assert_eq!(e.line, 1);
    }

    #[test]
    fn defines_and_decls() {
        let p = parse(r#"{{ define "a" }}{{ $x, $y := 1 }}{{ $x = 2 }}{{ end }}{{ range $i, $v := .L }}{{ $v }}{{ end }}"#).unwrap();
        assert_eq!(p.defines.len(), 1);
        assert!(matches!(&p.root[0], Node::Range(b) if b.pipe.decl.len() == 2));
    }
}

/// Every function name called in `parsed` (for usage statistics, e.g.
/// scripts/helm-function-usage.py), with repetitions.
pub fn function_names(parsed: &Parsed) -> Vec<String> {
    fn pipe(p: &Pipe, out: &mut Vec<String>) {
        for c in &p.cmds {
            for a in &c.args {
                match a {
                    Arg::Ident(n) => out.push(n.to_string()),
                    Arg::Sub(p, _) => pipe(p, out),
                    _ => {}
                }
            }
        }
    }
    fn list(nodes: &[Node], out: &mut Vec<String>) {
        for n in nodes {
            match n {
                Node::Action(p) => pipe(p, out),
                Node::If(b) | Node::With(b) | Node::Range(b) => {
                    pipe(&b.pipe, out);
                    list(&b.list, out);
                    if let Some(e) = &b.else_list {
                        list(e, out);
                    }
                }
                Node::Template { pipe: Some(p), .. } => pipe(p, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    list(&parsed.root, &mut out);
    for (_, body) in &parsed.defines {
        list(body, &mut out);
    }
    out
}
