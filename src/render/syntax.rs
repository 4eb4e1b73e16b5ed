//! Code tokens by kind, line by line: syntect's grammars (with bat's extra
//! ones through two-face, for TOML, TypeScript, Dockerfile, HCL and more)
//! on its pure-Rust regex engine. Why syntect: see Cargo.toml.
//!
//! syntect colours by theme; here its theme is a table from scope selectors
//! to [`TokenKind`]s (each kind's number stands in for a colour), so the
//! scope matching is syntect's own and the colours stay confnotes' theme's.

use std::sync::OnceLock;

use syntect::highlighting::{
    Color, HighlightIterator, HighlightState, Highlighter, ScopeSelectors, StyleModifier, Theme, ThemeItem,
    ThemeSettings,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};

/// What a stretch of code is, as far as its colour goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Plain,
    Comment,
    Keyword,
    String,
    Number,
    Type,
    Function,
    /// Keys and tags: YAML and JSON keys, HTML tags and attributes.
    Tag,
}

const KINDS: [TokenKind; 8] = [
    TokenKind::Plain,
    TokenKind::Comment,
    TokenKind::Keyword,
    TokenKind::String,
    TokenKind::Number,
    TokenKind::Type,
    TokenKind::Function,
    TokenKind::Tag,
];

/// Scope selectors of each kind; syntect picks the most specific match.
const SELECTORS: &[(&str, TokenKind)] = &[
    ("comment, punctuation.definition.comment", TokenKind::Comment),
    ("keyword, storage, keyword.operator.word, variable.language", TokenKind::Keyword),
    ("keyword.operator, punctuation", TokenKind::Plain),
    ("string, constant.character, punctuation.definition.string", TokenKind::String),
    ("constant.numeric, constant.language, constant.other, support.constant", TokenKind::Number),
    ("entity.name.type, entity.name.class, support.type, support.class, storage.type.primitive", TokenKind::Type),
    ("entity.name.function, support.function, variable.function, meta.function-call.identifier", TokenKind::Function),
    (
        "entity.name.tag, entity.other.attribute-name, support.type.property-name, meta.mapping.key string",
        TokenKind::Tag,
    ),
];

/// Each line's token runs: where each ends (a byte offset in the line) and its kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineTokens(Vec<(u32, TokenKind)>);

impl LineTokens {
    pub fn runs(&self) -> &[(u32, TokenKind)] {
        &self.0
    }
}

struct Engine {
    syntaxes: SyntaxSet,
    highlighter: Highlighter<'static>,
}

fn engine() -> &'static Engine {
    static THEME: OnceLock<Theme> = OnceLock::new();
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let theme = THEME.get_or_init(kinds_theme);
        Engine { syntaxes: two_face::syntax::extra_newlines(), highlighter: Highlighter::new(theme) }
    })
}

/// Loads the grammars now (about 20 ms), so the first block to colour does not wait.
pub fn warm_up() {
    engine();
}

fn kind_colour(kind: TokenKind) -> Color {
    let index = KINDS.iter().position(|k| *k == kind).unwrap_or(0);
    // KINDS has 8 entries: the index fits a byte.
    Color { r: index as u8, g: 0, b: 0, a: 0xff }
}

fn kinds_theme() -> Theme {
    let scopes = SELECTORS
        .iter()
        .filter_map(|(selectors, kind)| {
            let scope: ScopeSelectors = selectors.parse().ok()?;
            Some(ThemeItem {
                scope,
                style: StyleModifier { foreground: Some(kind_colour(*kind)), background: None, font_style: None },
            })
        })
        .collect();
    Theme {
        settings: ThemeSettings { foreground: Some(kind_colour(TokenKind::Plain)), ..ThemeSettings::default() },
        scopes,
        ..Theme::default()
    }
}

/// The other names notes give languages, to the token syntect knows them by.
fn canonical(lang: &str) -> &str {
    match lang {
        "shell" | "console" | "shell-session" | "zsh" | "bash" | "ksh" => "sh",
        "yml" => "yaml",
        "golang" => "go",
        "py" | "python3" => "python",
        "rb" => "ruby",
        "c++" | "cxx" | "hpp" => "cpp",
        "js" | "mjs" | "cjs" | "node" => "js",
        "ts" | "typescript" => "ts",
        "docker" | "containerfile" => "dockerfile",
        "terraform" | "tf" | "hcl2" => "hcl",
        "jsonc" | "json5" => "json",
        "postgresql" | "postgres" | "mysql" | "sqlite" => "sql",
        other => other,
    }
}

fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    if lang.is_empty() {
        return None;
    }
    let lower = lang.to_ascii_lowercase();
    let token = canonical(&lower);
    let syntaxes = &engine().syntaxes;
    let syntax = syntaxes.find_syntax_by_token(token).or_else(|| syntaxes.find_syntax_by_name(lang))?;
    // The plain-text grammar colours nothing: no need to run it.
    (syntax.name != "Plain Text").then_some(syntax)
}

/// A tokenizer part-way through a block: state carries from line to line.
pub struct Grammar {
    parse: ParseState,
    highlight: HighlightState,
    /// Set when syntect gave up on a line (a grammar bug): the rest stays plain.
    failed: bool,
}

impl Grammar {
    /// For the language of a code fence (`yaml`, `sh`, `c++`, `Dockerfile`),
    /// if one is known.
    pub fn for_language(lang: &str) -> Option<Self> {
        let syntax = syntax_for(lang)?;
        Some(Self {
            parse: ParseState::new(syntax),
            highlight: HighlightState::new(&engine().highlighter, ScopeStack::new()),
            failed: false,
        })
    }

    /// The token runs of the next line of the block (without its newline).
    pub fn tokens(&mut self, line: &str) -> LineTokens {
        let engine = engine();
        let mut runs: Vec<(u32, TokenKind)> = Vec::new();
        if self.failed {
            return LineTokens(runs);
        }
        // The grammars are the "newlines" kind: each line ends with one.
        let mut with_newline = String::with_capacity(line.len() + 1);
        with_newline.push_str(line);
        with_newline.push('\n');
        let Ok(ops) = self.parse.parse_line(&with_newline, &engine.syntaxes) else {
            self.failed = true;
            return LineTokens(runs);
        };
        let mut end = 0usize;
        for (style, text) in HighlightIterator::new(&mut self.highlight, &ops, &with_newline, &engine.highlighter) {
            end = (end + text.len()).min(line.len());
            let kind = KINDS.get(usize::from(style.foreground.r)).copied().unwrap_or(TokenKind::Plain);
            // The line's length fits u32: code lines are far shorter than 4 GB.
            let at = end as u32;
            match runs.last_mut() {
                Some((last_end, last_kind)) if *last_kind == kind => *last_end = at,
                _ if text.is_empty() => {}
                _ => runs.push((at, kind)),
            }
        }
        runs.retain(|&(end, _)| end > 0);
        runs.dedup_by_key(|(end, _)| *end);
        LineTokens(runs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(lang: &str, line: &str) -> Vec<(String, TokenKind)> {
        let mut grammar = Grammar::for_language(lang).unwrap_or_else(|| panic!("{lang} is known"));
        let tokens = grammar.tokens(line);
        let mut start = 0;
        tokens
            .runs()
            .iter()
            .map(|&(end, kind)| {
                let text = line[start..end as usize].to_string();
                start = end as usize;
                (text, kind)
            })
            .collect()
    }

    fn kind_of(lang: &str, line: &str, word: &str) -> TokenKind {
        kinds(lang, line)
            .into_iter()
            .find(|(text, _)| text.contains(word))
            .unwrap_or_else(|| panic!("{word} in {line}"))
            .1
    }

    #[test]
    fn the_languages_of_conference_notes_are_known() {
        for lang in [
            "sh",
            "bash",
            "shell",
            "yaml",
            "yml",
            "json",
            "toml",
            "python",
            "py",
            "go",
            "rust",
            "js",
            "javascript",
            "ts",
            "typescript",
            "java",
            "c",
            "cpp",
            "c++",
            "sql",
            "dockerfile",
            "Dockerfile",
            "hcl",
            "terraform",
            "ruby",
        ] {
            assert!(Grammar::for_language(lang).is_some(), "{lang}");
        }
        assert!(Grammar::for_language("").is_none());
        assert!(Grammar::for_language("no-such-language").is_none());
        assert!(Grammar::for_language("text").is_none(), "plain text colours nothing");
    }

    #[test]
    fn tokens_have_the_kinds_a_reader_expects() {
        assert_eq!(kind_of("rust", "fn main() { let x = 42; } // done", "fn"), TokenKind::Keyword);
        assert_eq!(kind_of("rust", "fn main() { let x = 42; } // done", "42"), TokenKind::Number);
        assert_eq!(kind_of("rust", "fn main() { let x = 42; } // done", "// done"), TokenKind::Comment);
        assert_eq!(kind_of("python", "print(\"hi\")", "\"hi\""), TokenKind::String);
        assert_eq!(kind_of("yaml", "replicas: 3", "replicas"), TokenKind::Tag);
        assert_eq!(kind_of("yaml", "replicas: 3", "3"), TokenKind::Number);
    }

    #[test]
    fn runs_cover_the_line_and_end_on_char_boundaries() {
        let line = "let s = \"東京 — ünïcode\"; // ok";
        let tokens = Grammar::for_language("rust").expect("rust").tokens(line);
        let ends: Vec<u32> = tokens.runs().iter().map(|r| r.0).collect();
        assert_eq!(ends.last().copied(), Some(line.len() as u32));
        assert!(ends.windows(2).all(|w| w[0] < w[1]), "{ends:?}");
        assert!(ends.iter().all(|&e| line.is_char_boundary(e as usize)));
    }

    #[test]
    fn state_carries_from_line_to_line() {
        let mut grammar = Grammar::for_language("python").expect("python");
        grammar.tokens("x = \"\"\"starts a string");
        let inside = grammar.tokens("still inside the string");
        assert_eq!(inside.runs(), [(23, TokenKind::String)]);
    }
}
