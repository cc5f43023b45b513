//! The query language: turns what a user types into a [`Node`] tree. Pure: no tantivy, no I/O.
//!
//! # Grammar
//! ```text
//! query    := or_expr
//! or_expr  := and_expr ("OR" and_expr)*
//! and_expr := unary (["AND"] unary)*        (juxtaposition is AND: every word must match)
//! unary    := ("NOT" | "-") unary | "+" unary | primary
//! primary  := "(" or_expr ")" | [field ":"] atom | field ":" "(" or_expr ")"
//! atom     := word | word "*" | word "~" [N] | '"' text '"' ["~" N]
//! field    := "title" | "source"             (case-insensitive)
//! ```
//! Precedence, tightest first: `NOT`/`-`, AND (explicit or implicit), `OR`. So `a b OR c` means
//! `(a b) OR c`, and `NOT a OR b` means `(NOT a) OR b`.
//!
//! # Lexical rules
//! - Operators are upper case only: `and`, `or` and `not` are ordinary words.
//! - A word is a maximal run of characters other than whitespace, `(`, `)` and `"`.
//! - `-` means NOT only at the start of a word (`e-mail` is one word); `+` at the start of a word
//!   is ignored. Either one alone (followed by whitespace, `)` or the end) is ignored. The word
//!   right after a `-` is never an operator (`-OR` excludes the word "OR").
//! - A field prefix is a run of ASCII letters, then `:`, then a non-space character. The known
//!   fields are `title` and `source`; any other (`foo:bar`, `https://x`) is an error. The atom
//!   after a field prefix is taken literally (`title:AND`, `title:-x`). In `title:(...)` the field
//!   applies to every atom inside, and another field prefix inside is an error.
//! - Trailing colons are dropped (`Update:` is the word `Update`); digits before a colon are not
//!   a field (`10:30` is a word).
//! - A trailing `*` makes a prefix (`micro*`); a trailing `~` or `~N` makes a fuzzy term with
//!   edit distance 1 or N (0 to 2). `"a b"~N` is a phrase with slop N.
//!
//! Errors carry a one-line message and the 1-based column (in characters) of the offending token;
//! for an unclosed quote or parenthesis that is the end of the input, and the message names the
//! column of the opening. Lexical errors (quotes, unknown fields) are found before grammar ones.
//! Groups and negations nest at most [`MAX_DEPTH`] deep, which bounds recursion.
//! The tree is simplified: single-child And/Or collapse and nested And/And and Or/Or are flattened;
//! double negation is kept. [`Node`]'s `Display` is canonical text that re-parses to an equal node.

use std::fmt;

/// Which indexed text a leaf searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Default,
    Title,
    Source,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A bare word as typed (original case kept; analysis happens later).
    Term {
        field: Field,
        word: String,
    },
    /// A quoted phrase: the inner text as typed; `slop` from `"a b"~N` (0 if absent).
    Phrase {
        field: Field,
        text: String,
        slop: u32,
    },
    /// `micro*`: prefix without the star.
    Prefix {
        field: Field,
        prefix: String,
    },
    /// `word~` (distance 1) or `word~N` (N in 0..=2).
    Fuzzy {
        field: Field,
        word: String,
        distance: u8,
    },
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

/// Why a query could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// 1-based column in characters (not bytes).
    pub column: usize,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at column {}", self.message, self.column)
    }
}

impl std::error::Error for ParseError {}

/// Groups and negations nested deeper than this are rejected.
pub const MAX_DEPTH: usize = 100;

fn err(message: impl Into<String>, column: usize) -> ParseError {
    ParseError {
        message: message.into(),
        column,
    }
}

/// Parse a query. See the module documentation for the grammar.
pub fn parse(input: &str) -> Result<Node, ParseError> {
    let chars: Vec<char> = input.chars().collect();
    let end_col = chars.len() + 1;
    let tokens = Lexer {
        chars,
        ..Lexer::default()
    }
    .run()?;
    if tokens.is_empty() {
        return Err(err("empty query", 1));
    }
    let mut parser = Parser {
        tokens,
        end_col,
        pos: 0,
    };
    let node = parser.or_expr(Ctx::default())?;
    match parser.peek_col() {
        Some(col) => Err(err("unmatched ')'", col)),
        None => Ok(node),
    }
}

impl Node {
    /// The top-level conjuncts: the children of a top-level And, else the node itself.
    pub fn conjuncts(&self) -> Vec<&Node> {
        match self {
            Node::And(children) => children.iter().collect(),
            other => vec![other],
        }
    }

    fn is_leaf(&self) -> bool {
        !matches!(self, Node::And(_) | Node::Or(_) | Node::Not(_))
    }

    fn is_not(&self) -> bool {
        matches!(self, Node::Not(_))
    }
}

fn field_prefix(field: Field) -> &'static str {
    match field {
        Field::Default => "",
        Field::Title => "title:",
        Field::Source => "source:",
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Term { field, word } => write!(f, "{}{word}", field_prefix(*field)),
            Node::Phrase { field, text, slop } => {
                write!(f, "{}\"{text}\"", field_prefix(*field))?;
                if *slop > 0 {
                    write!(f, "~{slop}")?;
                }
                Ok(())
            }
            Node::Prefix { field, prefix } => write!(f, "{}{prefix}*", field_prefix(*field)),
            Node::Fuzzy {
                field,
                word,
                distance,
            } => {
                write!(f, "{}{word}~{distance}", field_prefix(*field))
            }
            Node::Not(inner) if inner.is_leaf() => write!(f, "-{inner}"),
            // A chain of negations needs no parentheses (`NOT NOT -a`). With them, each link
            // would cost two levels of nesting (the NOT and the group), so a chain of 51
            // (`---…a`, nested 52 deep) would be shown nested over MAX_DEPTH and fail to re-parse.
            Node::Not(inner) if inner.is_not() => write!(f, "NOT {inner}"),
            Node::Not(inner) => write!(f, "NOT ({inner})"),
            Node::And(children) => write_joined(f, children, " ", |c| !c.is_leaf() && !c.is_not()),
            Node::Or(children) => write_joined(f, children, " OR ", |c| matches!(c, Node::Or(_))),
        }
    }
}

fn write_joined(
    f: &mut fmt::Formatter<'_>,
    children: &[Node],
    sep: &str,
    needs_parens: impl Fn(&Node) -> bool,
) -> fmt::Result {
    for (i, child) in children.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        if needs_parens(child) {
            write!(f, "({child})")?;
        } else {
            write!(f, "{child}")?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Lexer

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Phrase(String, u32),
    /// The field and its name as typed, with the colon (for messages).
    Field(Field, String),
    Open,
    Close,
    And,
    Or,
    Not,
    Minus,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    col: usize,
}

/// What the previous token allows the next word to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Mode {
    #[default]
    Normal,
    /// Right after `-`: fields and signs still count, operators do not.
    AfterMinus,
    /// Right after `field:`: the next word is literal.
    AfterField,
}

#[derive(Default)]
struct Lexer {
    chars: Vec<char>,
    pos: usize,
    mode: Mode,
    out: Vec<Token>,
}

impl Lexer {
    fn run(mut self) -> Result<Vec<Token>, ParseError> {
        while let Some(&c) = self.chars.get(self.pos) {
            match c {
                c if c.is_whitespace() => {
                    self.pos += 1;
                    self.mode = Mode::Normal;
                }
                '(' => self.single(Tok::Open),
                ')' => self.single(Tok::Close),
                '"' => self.phrase()?,
                _ => self.word(c)?,
            }
        }
        Ok(self.out)
    }

    fn push(&mut self, tok: Tok, col: usize, mode: Mode) {
        self.out.push(Token { tok, col });
        self.mode = mode;
    }

    fn single(&mut self, tok: Tok) {
        self.pos += 1;
        self.push(tok, self.pos, Mode::Normal);
    }

    fn phrase(&mut self) -> Result<(), ParseError> {
        let open = self.pos;
        let Some(len) = self.chars[open + 1..].iter().position(|&c| c == '"') else {
            let message = format!("unclosed quote (opened at column {})", open + 1);
            return Err(err(message, self.chars.len() + 1));
        };
        let text: String = self.chars[open + 1..open + 1 + len].iter().collect();
        if text.trim().is_empty() {
            return Err(err("empty phrase", open + 1));
        }
        self.pos = open + len + 2;
        let slop = self.phrase_slop()?;
        self.push(Tok::Phrase(text, slop), open + 1, Mode::Normal);
        Ok(())
    }

    /// `~N` right after a closing quote.
    fn phrase_slop(&mut self) -> Result<u32, ParseError> {
        if self.chars.get(self.pos) != Some(&'~') {
            return Ok(0);
        }
        let tilde_col = self.pos + 1;
        let digits_end = self.run_end(self.pos + 1, |c| c.is_ascii_digit());
        let digits: String = self.chars[self.pos + 1..digits_end].iter().collect();
        self.pos = digits_end;
        if digits.is_empty() {
            return Err(err("phrase slop needs a number after '~'", tilde_col));
        }
        digits
            .parse()
            .map_err(|_| err("phrase slop is too large", tilde_col))
    }

    fn run_end(&self, from: usize, keep: impl Fn(char) -> bool) -> usize {
        let len = self.chars[from..].iter().take_while(|&&c| keep(c)).count();
        from + len
    }

    fn word(&mut self, first: char) -> Result<(), ParseError> {
        if self.mode != Mode::AfterField {
            if first == '-' || first == '+' {
                self.sign(first);
                return Ok(());
            }
            if let Some(colon) = self.field_colon() {
                return self.field(colon);
            }
        }
        let start = self.pos;
        self.pos = self.run_end(start, |c| {
            !c.is_whitespace() && !matches!(c, '(' | ')' | '"')
        });
        let raw: String = self.chars[start..self.pos].iter().collect();
        let word = raw.trim_end_matches(':');
        let tok = match word {
            "" => None,
            "AND" if self.mode == Mode::Normal => Some(Tok::And),
            "OR" if self.mode == Mode::Normal => Some(Tok::Or),
            "NOT" if self.mode == Mode::Normal => Some(Tok::Not),
            _ => Some(Tok::Word(word.to_string())),
        };
        match tok {
            Some(tok) => self.push(tok, start + 1, Mode::Normal),
            None => self.mode = Mode::Normal,
        }
        Ok(())
    }

    /// A `-` or `+` at the start of a word; alone, it is ignored.
    fn sign(&mut self, sign: char) {
        let col = self.pos + 1;
        self.pos += 1;
        let operand_follows = self
            .chars
            .get(self.pos)
            .is_some_and(|&c| !c.is_whitespace() && c != ')');
        if !operand_follows {
            self.mode = Mode::Normal;
        } else if sign == '-' {
            self.push(Tok::Minus, col, Mode::AfterMinus);
        }
    }

    /// The index of the colon if a field prefix starts here.
    fn field_colon(&self) -> Option<usize> {
        let colon = self.run_end(self.pos, |c| c.is_ascii_alphabetic());
        let next_is_operand = self
            .chars
            .get(colon + 1)
            .is_some_and(|c| !c.is_whitespace());
        (colon > self.pos && self.chars.get(colon) == Some(&':') && next_is_operand)
            .then_some(colon)
    }

    fn field(&mut self, colon: usize) -> Result<(), ParseError> {
        let name: String = self.chars[self.pos..=colon].iter().collect();
        let field = match name.to_ascii_lowercase().as_str() {
            "title:" => Field::Title,
            "source:" => Field::Source,
            _ => {
                let message = format!("unknown field '{name}' (known fields: title, source)");
                return Err(err(message, self.pos + 1));
            }
        };
        let col = self.pos + 1;
        self.pos = colon + 1;
        self.push(Tok::Field(field, name), col, Mode::AfterField);
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Parser

/// Where we are: inside which field group, how deeply nested.
#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    field: Option<Field>,
    depth: usize,
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    end_col: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn peek_col(&self) -> Option<usize> {
        self.tokens.get(self.pos).map(|t| t.col)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += usize::from(token.is_some());
        token
    }

    /// Consume the next token if it is `tok`; return its column.
    fn eat(&mut self, tok: &Tok) -> Option<usize> {
        let col = self.peek_col().filter(|_| self.peek() == Some(tok));
        self.pos += usize::from(col.is_some());
        col
    }

    fn starts_operand(&self) -> bool {
        use Tok::*;
        matches!(
            self.peek(),
            Some(Word(_) | Phrase(..) | Field(..) | Open | Not | Minus)
        )
    }

    fn expect_operand(&self, message: &str, col: usize) -> Result<(), ParseError> {
        if self.starts_operand() {
            Ok(())
        } else {
            Err(err(message, col))
        }
    }

    fn or_expr(&mut self, ctx: Ctx) -> Result<Node, ParseError> {
        let mut children = vec![self.and_expr(ctx)?];
        while let Some(col) = self.eat(&Tok::Or) {
            self.expect_operand("OR needs a term on each side", col)?;
            children.push(self.and_expr(ctx)?);
        }
        Ok(combine(children, true))
    }

    fn and_expr(&mut self, ctx: Ctx) -> Result<Node, ParseError> {
        let mut children = vec![self.unary(ctx)?];
        loop {
            if let Some(col) = self.eat(&Tok::And) {
                self.expect_operand("AND needs a term on each side", col)?;
            } else if !self.starts_operand() {
                break;
            }
            children.push(self.unary(ctx)?);
        }
        Ok(combine(children, false))
    }

    fn unary(&mut self, ctx: Ctx) -> Result<Node, ParseError> {
        let Some(Token { tok, col }) = self.next() else {
            return Err(err("unexpected end of query", self.end_col));
        };
        let field = ctx.field.unwrap_or(Field::Default);
        match tok {
            Tok::Not => self.negation(ctx, col, "NOT needs a term after it"),
            Tok::Minus => self.negation(ctx, col, "'-' needs a term after it"),
            Tok::Open => self.group(ctx, col),
            Tok::Field(_, name) if ctx.field.is_some() => Err(err(
                format!("field '{name}' is not allowed inside a field group"),
                col,
            )),
            Tok::Field(field, name) => self.field_target(ctx, field, &name, col),
            Tok::Word(word) => word_leaf(field, &word, col),
            Tok::Phrase(text, slop) => Ok(Node::Phrase { field, text, slop }),
            Tok::And => Err(err("AND needs a term on each side", col)),
            Tok::Or => Err(err("OR needs a term on each side", col)),
            Tok::Close => Err(err("unmatched ')'", col)),
        }
    }

    fn negation(&mut self, ctx: Ctx, col: usize, message: &str) -> Result<Node, ParseError> {
        self.expect_operand(message, col)?;
        let inner = self.unary(deeper(ctx, col)?)?;
        Ok(Node::Not(Box::new(inner)))
    }

    fn group(&mut self, ctx: Ctx, open_col: usize) -> Result<Node, ParseError> {
        let ctx = deeper(ctx, open_col)?;
        let node = match self.peek() {
            Some(Tok::Close) => return Err(err("empty parentheses", open_col)),
            Some(_) => Some(self.or_expr(ctx)?),
            None => None,
        };
        match (node, self.eat(&Tok::Close)) {
            (Some(node), Some(_)) => Ok(node),
            _ => {
                let message = format!("unclosed parenthesis (opened at column {open_col})");
                Err(err(message, self.end_col))
            }
        }
    }

    fn field_target(
        &mut self,
        mut ctx: Ctx,
        field: Field,
        name: &str,
        col: usize,
    ) -> Result<Node, ParseError> {
        ctx.field = Some(field);
        match self.peek() {
            Some(Tok::Word(_) | Tok::Phrase(..) | Tok::Open) => self.unary(ctx),
            _ => Err(err(format!("field '{name}' needs a term after it"), col)),
        }
    }
}

fn deeper(mut ctx: Ctx, col: usize) -> Result<Ctx, ParseError> {
    ctx.depth += 1;
    if ctx.depth > MAX_DEPTH {
        return Err(err("query is nested too deeply", col));
    }
    Ok(ctx)
}

/// Build an And (`or == false`) or Or, flattening same-kind children and collapsing one child.
fn combine(children: Vec<Node>, or: bool) -> Node {
    let mut flat = Vec::with_capacity(children.len());
    for child in children {
        match child {
            Node::Or(grand) if or => flat.extend(grand),
            Node::And(grand) if !or => flat.extend(grand),
            other => flat.push(other),
        }
    }
    if flat.len() == 1 {
        if let Some(only) = flat.pop() {
            return only;
        }
    }
    if or {
        Node::Or(flat)
    } else {
        Node::And(flat)
    }
}

/// A word becomes a Fuzzy (`~`, `~N` suffix), Prefix (`*` suffix) or Term.
fn word_leaf(field: Field, word: &str, col: usize) -> Result<Node, ParseError> {
    if let Some((base, digits)) = word.rsplit_once('~') {
        if digits.bytes().all(|b| b.is_ascii_digit()) {
            return fuzzy(field, base, digits, col);
        }
    }
    if let Some(base) = word.strip_suffix('*') {
        let prefix = base.trim_end_matches('*');
        if prefix.is_empty() {
            return Err(err("a prefix needs at least one character", col));
        }
        return Ok(Node::Prefix {
            field,
            prefix: prefix.to_string(),
        });
    }
    Ok(Node::Term {
        field,
        word: word.to_string(),
    })
}

fn fuzzy(field: Field, base: &str, digits: &str, col: usize) -> Result<Node, ParseError> {
    if base.is_empty() {
        return Err(err("a fuzzy term needs at least one character", col));
    }
    if base.ends_with('*') {
        return Err(err("a term cannot be both a prefix and fuzzy", col));
    }
    let distance = match digits {
        "" => 1,
        _ => digits
            .parse::<u8>()
            .ok()
            .filter(|d| *d <= 2)
            .ok_or_else(|| err("fuzzy distance must be 0, 1 or 2", col))?,
    };
    Ok(Node::Fuzzy {
        field,
        word: base.to_string(),
        distance,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::XorShift;
    use build::*;
    use Field::{Default as D, Source as S, Title as T};

    /// Compact constructors for expected trees.
    #[rustfmt::skip]
    mod build {
        use super::super::{Field, Node};
        pub fn w(word: &str) -> Node { tw(Field::Default, word) }
        pub fn tw(field: Field, word: &str) -> Node { Node::Term { field, word: word.into() } }
        pub fn ph(field: Field, text: &str, slop: u32) -> Node { Node::Phrase { field, text: text.into(), slop } }
        pub fn pre(field: Field, prefix: &str) -> Node { Node::Prefix { field, prefix: prefix.into() } }
        pub fn fz(field: Field, word: &str, distance: u8) -> Node { Node::Fuzzy { field, word: word.into(), distance } }
        pub fn and(children: Vec<Node>) -> Node { Node::And(children) }
        pub fn or(children: Vec<Node>) -> Node { Node::Or(children) }
        pub fn not(inner: Node) -> Node { Node::Not(Box::new(inner)) }
    }

    #[rustfmt::skip]
    fn valid_cases() -> Vec<(&'static str, Node)> {
        vec![
            // Default AND, explicit AND, OR binding weaker than AND, grouping and flattening.
            ("rust", w("rust")),
            ("rust tokio", and(vec![w("rust"), w("tokio")])),
            ("rust AND tokio", and(vec![w("rust"), w("tokio")])),
            ("a b OR c", or(vec![and(vec![w("a"), w("b")]), w("c")])),
            ("a OR b c", or(vec![w("a"), and(vec![w("b"), w("c")])])),
            ("a OR b OR c", or(vec![w("a"), w("b"), w("c")])),
            ("(a OR b) OR c", or(vec![w("a"), w("b"), w("c")])),
            ("(a OR b) c", and(vec![or(vec![w("a"), w("b")]), w("c")])),
            ("a (b c) AND d", and(vec![w("a"), w("b"), w("c"), w("d")])),
            ("((a))", w("a")),
            ("a(b)", and(vec![w("a"), w("b")])),
            ("and or not", and(vec![w("and"), w("or"), w("not")])),
            ("  a\u{3000}b  ", and(vec![w("a"), w("b")])),
            // NOT and signs.
            ("NOT a", not(w("a"))),
            ("-a", not(w("a"))),
            ("a -b", and(vec![w("a"), not(w("b"))])),
            ("a NOT b", and(vec![w("a"), not(w("b"))])),
            ("a AND NOT b", and(vec![w("a"), not(w("b"))])),
            ("NOT a OR b", or(vec![not(w("a")), w("b")])),
            ("NOT (a b)", not(and(vec![w("a"), w("b")]))),
            ("-(a OR b)", not(or(vec![w("a"), w("b")]))),
            ("NOT NOT a", not(not(w("a")))),
            ("--a", not(not(w("a")))),
            ("-OR", not(w("OR"))),
            ("a - b", and(vec![w("a"), w("b")])),
            ("a -", w("a")),
            ("(a -)", w("a")),
            ("e-mail", w("e-mail")),
            ("+a + b", and(vec![w("a"), w("b")])),
            ("-+a", not(w("a"))),
            ("C++", w("C++")),
            // Phrases.
            ("\"machine learning\"", ph(D, "machine learning", 0)),
            ("\"a b\"~2", ph(D, "a b", 2)),
            ("\"a b\"~0", ph(D, "a b", 0)),
            ("-\"a b\"", not(ph(D, "a b", 0))),
            ("\"a\"b", and(vec![ph(D, "a", 0), w("b")])),
            ("\" a (b) \"", ph(D, " a (b) ", 0)),
            // Prefix and fuzzy.
            ("micro*", pre(D, "micro")),
            ("micro**", pre(D, "micro")),
            ("a*b", w("a*b")),
            ("rust~", fz(D, "rust", 1)),
            ("rust~0", fz(D, "rust", 0)),
            ("rust~2", fz(D, "rust", 2)),
            ("a~b", w("a~b")),
            // Fields on atoms and groups; words with colons.
            ("title:rust", tw(T, "rust")),
            ("TITLE:Rust", tw(T, "Rust")),
            ("Source:Verge", tw(S, "Verge")),
            ("title:\"a b\"~1", ph(T, "a b", 1)),
            ("title:micro*", pre(T, "micro")),
            ("source:rust~2", fz(S, "rust", 2)),
            ("-title:x", not(tw(T, "x"))),
            ("title:-x", tw(T, "-x")),
            ("title:AND", tw(T, "AND")),
            ("title:a:b", tw(T, "a:b")),
            ("title:(a OR b) c", and(vec![or(vec![tw(T, "a"), tw(T, "b")]), w("c")])),
            ("title:(a -\"b c\")", and(vec![tw(T, "a"), not(ph(T, "b c", 0))])),
            ("title:(a (b OR c))", and(vec![tw(T, "a"), or(vec![tw(T, "b"), tw(T, "c")])])),
            ("10:30", w("10:30")),
            ("Update: rust", and(vec![w("Update"), w("rust")])),
            ("title: rust", and(vec![w("title"), w("rust")])),
            // Unicode.
            ("café 日本語 🦀", and(vec![w("café"), w("日本語"), w("🦀")])),
            ("naïve* 東京~", and(vec![pre(D, "naïve"), fz(D, "東京", 1)])),
            ("é:x", w("é:x")),
            ("title:\"日本 語\"", ph(T, "日本 語", 0)),
        ]
    }

    #[rustfmt::skip]
    const ERRORS: &[(&str, &str, usize)] = &[
        ("", "empty query", 1),
        ("   ", "empty query", 1),
        ("*", "a prefix needs at least one character", 1),
        ("a **", "a prefix needs at least one character", 3),
        ("rust~3", "fuzzy distance must be 0, 1 or 2", 1),
        ("a rust~300", "fuzzy distance must be 0, 1 or 2", 3),
        ("~", "a fuzzy term needs at least one character", 1),
        ("a*~", "a term cannot be both a prefix and fuzzy", 1),
        ("foo:bar", "unknown field 'foo:' (known fields: title, source)", 1),
        ("a https://x", "unknown field 'https:' (known fields: title, source)", 3),
        ("日本 Foo:x", "unknown field 'Foo:' (known fields: title, source)", 4),
        ("title:(a source:b)", "field 'source:' is not allowed inside a field group", 10),
        ("title:(title:b)", "field 'title:' is not allowed inside a field group", 8),
        ("x title:)", "field 'title:' needs a term after it", 3),
        ("\"\"", "empty phrase", 1),
        ("a \"  \"", "empty phrase", 3),
        ("a \"b c", "unclosed quote (opened at column 3)", 7),
        ("é \"x", "unclosed quote (opened at column 3)", 5),
        ("\"a\"~", "phrase slop needs a number after '~'", 4),
        ("\"a\"~99999999999", "phrase slop is too large", 4),
        ("(a b", "unclosed parenthesis (opened at column 1)", 5),
        ("a (b (c)", "unclosed parenthesis (opened at column 3)", 9),
        ("a)", "unmatched ')'", 2),
        (")", "unmatched ')'", 1),
        ("(a)) b", "unmatched ')'", 4),
        ("()", "empty parentheses", 1),
        ("a ()", "empty parentheses", 3),
        ("a OR", "OR needs a term on each side", 3),
        ("OR a", "OR needs a term on each side", 1),
        ("a OR AND b", "OR needs a term on each side", 3),
        ("(a OR) b", "OR needs a term on each side", 4),
        ("a AND", "AND needs a term on each side", 3),
        ("AND a", "AND needs a term on each side", 1),
        ("NOT", "NOT needs a term after it", 1),
        ("a NOT", "NOT needs a term after it", 3),
        ("(a NOT)", "NOT needs a term after it", 4),
        ("-:", "'-' needs a term after it", 1),
    ];

    #[test]
    fn parses_valid_queries() {
        for (input, expected) in valid_cases() {
            assert_eq!(parse(input), Ok(expected), "input: {input:?}");
        }
    }

    #[test]
    fn display_round_trips() {
        for (input, expected) in valid_cases() {
            let shown = expected.to_string();
            assert_eq!(parse(&shown), Ok(expected), "{input:?} shown as {shown:?}");
        }
    }

    #[test]
    fn display_is_canonical() {
        let cases = [
            ("a   b OR (c)", "a b OR c"),
            ("(a OR b) c", "(a OR b) c"),
            ("NOT (a b) -c", "NOT (a b) -c"),
            ("--a", "NOT -a"),
            ("NOT NOT (a b)", "NOT NOT (a b)"),
            ("-(-(a OR b))", "NOT NOT (a OR b)"),
            ("TITLE:(x y~)", "title:x title:y~1"),
            ("\"a b\"~0 \"c\"~3", "\"a b\" \"c\"~3"),
        ];
        for (input, shown) in cases {
            let node = parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(node.to_string(), shown, "input: {input:?}");
        }
    }

    #[test]
    fn reports_errors_with_columns() {
        for &(input, message, column) in ERRORS {
            let expected = ParseError {
                message: message.to_string(),
                column,
            };
            assert_eq!(parse(input), Err(expected), "input: {input:?}");
        }
        let too_deep = |input: String| parse(&input).map_err(|e| (e.message, e.column));
        let message = "query is nested too deeply".to_string();
        assert_eq!(too_deep("(".repeat(500)), Err((message.clone(), 101)));
        assert_eq!(
            too_deep(format!("{}a", "-".repeat(10_000))),
            Err((message, 101))
        );
    }

    #[test]
    fn deepest_queries_round_trip() {
        // Found by fuzzing: a chain of 51 negations was shown as 51 nested `NOT (...)` groups,
        // over MAX_DEPTH, and its Display form did not parse.
        for input in [
            format!("{}a", "-".repeat(MAX_DEPTH)),
            format!("{}a", "NOT ".repeat(MAX_DEPTH)),
            format!("{}(a b)", "-".repeat(MAX_DEPTH - 1)),
            format!("{}a{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH)),
            format!(
                "{}a b{}",
                "-(".repeat(MAX_DEPTH / 2),
                ")".repeat(MAX_DEPTH / 2)
            ),
        ] {
            let node = parse(&input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            let shown = node.to_string();
            assert_eq!(parse(&shown), Ok(node), "{input:?} shown as {shown:?}");
        }
    }

    #[test]
    fn error_display() {
        let error = parse("a)").unwrap_err();
        assert_eq!(error.to_string(), "unmatched ')' at column 2");
    }

    #[test]
    fn conjuncts() {
        let node = parse("a (b OR c) -d").unwrap();
        let expected = [w("a"), or(vec![w("b"), w("c")]), not(w("d"))];
        assert_eq!(node.conjuncts(), expected.iter().collect::<Vec<_>>());
        let node = parse("a b OR c").unwrap();
        assert_eq!(node.conjuncts(), vec![&node]);
    }

    #[test]
    fn random_input_never_panics_and_round_trips() {
        const PIECES: &[&str] = &[
            "a", "b", "\"", "(", ")", "-", "*", "~", ":", "OR", "AND", "NOT", "title:", "é", "日",
            " ", " ", "2",
        ];
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let mut parsed = 0;
        for _ in 0..20_000 {
            let len = rng.next() % 12;
            let pick = |rng: &mut XorShift| PIECES[(rng.next() % PIECES.len() as u64) as usize];
            let input: String = (0..len).map(|_| pick(&mut rng)).collect();
            match parse(&input) {
                Ok(node) => {
                    parsed += 1;
                    let shown = node.to_string();
                    assert_eq!(parse(&shown), Ok(node), "{input:?} shown as {shown:?}");
                }
                Err(e) => {
                    let columns = 1..=input.chars().count() + 1;
                    assert!(columns.contains(&e.column), "input: {input:?}, error: {e}");
                    assert!(
                        !e.message.contains('\n') && !e.message.ends_with('.'),
                        "{e}"
                    );
                }
            }
        }
        assert!(parsed > 2_000, "only {parsed} random queries parsed");
    }
}
