//! Greedy word wrapping of styled inline text by display width. Words never
//! split between styles; a word longer than the line is cut by grapheme.

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_segmentation::UnicodeSegmentation;

use crate::text::{grapheme_width, width};

/// Inline content of a block, before wrapping.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String, Style),
    /// A soft break: a space when wrapped.
    Soft,
    /// A hard break: always a new line.
    Hard,
}

enum Token {
    Word(Vec<(String, Style)>),
    Space(Style),
    Newline,
}

fn tokens(inlines: &[Inline]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word: Vec<(String, Style)> = Vec::new();
    let flush = |word: &mut Vec<(String, Style)>, out: &mut Vec<Token>| {
        if !word.is_empty() {
            out.push(Token::Word(std::mem::take(word)));
        }
    };
    for inline in inlines {
        match inline {
            Inline::Text(text, style) => {
                for piece in text.split_inclusive(char::is_whitespace) {
                    let trimmed = piece.trim_end_matches(char::is_whitespace);
                    if !trimmed.is_empty() {
                        match word.last_mut() {
                            Some((t, s)) if s == style => t.push_str(trimmed),
                            _ => word.push((trimmed.to_string(), *style)),
                        }
                    }
                    if trimmed.len() < piece.len() {
                        flush(&mut word, &mut out);
                        out.push(Token::Space(*style));
                    }
                }
            }
            Inline::Soft => {
                flush(&mut word, &mut out);
                out.push(Token::Space(Style::default()));
            }
            Inline::Hard => {
                flush(&mut word, &mut out);
                out.push(Token::Newline);
            }
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Wraps `inlines` into lines of at most `max` cells (a grapheme wider than
/// `max` still gets a line of its own).
pub fn wrap(inlines: &[Inline], max: usize) -> Vec<Vec<Span<'static>>> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let mut space: Option<Style> = None;
    for token in tokens(inlines) {
        match token {
            Token::Space(style) => {
                if used > 0 {
                    space = Some(style);
                }
            }
            Token::Newline => {
                lines.push(std::mem::take(&mut line));
                used = 0;
                space = None;
            }
            Token::Word(parts) => {
                let word_width: usize = parts.iter().map(|(t, _)| width(t)).sum();
                let gap = usize::from(space.is_some() && used > 0);
                if used + gap + word_width <= max {
                    if let (1, Some(style)) = (gap, space) {
                        line.push(Span::styled(" ", style));
                    }
                    used += gap + word_width;
                    line.extend(parts.into_iter().map(|(t, s)| Span::styled(t, s)));
                } else if word_width <= max {
                    lines.push(std::mem::take(&mut line));
                    used = word_width;
                    line.extend(parts.into_iter().map(|(t, s)| Span::styled(t, s)));
                } else {
                    // Longer than a whole line: start afresh, then cut by grapheme.
                    if used > 0 {
                        lines.push(std::mem::take(&mut line));
                        used = 0;
                    }
                    for (text, style) in parts {
                        let mut chunk = String::new();
                        for g in text.graphemes(true) {
                            let w = grapheme_width(g);
                            if used + w > max && used > 0 {
                                if !chunk.is_empty() {
                                    line.push(Span::styled(std::mem::take(&mut chunk), style));
                                }
                                lines.push(std::mem::take(&mut line));
                                used = 0;
                            }
                            chunk.push_str(g);
                            used += w;
                        }
                        if !chunk.is_empty() {
                            line.push(Span::styled(chunk, style));
                        }
                    }
                }
                space = None;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines.iter_mut().for_each(merge_spans);
    lines
}

/// Joins neighbouring spans of one style, so a line holds few spans.
fn merge_spans(line: &mut Vec<Span<'static>>) {
    let mut merged: Vec<Span<'static>> = Vec::with_capacity(line.len());
    for span in line.drain(..) {
        match merged.last_mut() {
            Some(last) if last.style == span.style => last.content.to_mut().push_str(&span.content),
            _ => merged.push(span),
        }
    }
    *line = merged;
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    fn plain(text: &str) -> Vec<Inline> {
        vec![Inline::Text(text.to_string(), Style::default())]
    }

    fn texts(lines: &[Vec<Span<'static>>]) -> Vec<String> {
        lines.iter().map(|l| l.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn wraps_at_word_boundaries_within_the_width() {
        let lines = wrap(&plain("the quick brown fox jumps over the lazy dog"), 10);
        assert_eq!(texts(&lines), ["the quick", "brown fox", "jumps over", "the lazy", "dog"]);
    }

    #[test]
    fn long_words_are_cut_by_grapheme() {
        let lines = wrap(&plain("ab abcdefghij"), 4);
        assert_eq!(texts(&lines), ["ab", "abcd", "efgh", "ij"]);
    }

    #[test]
    fn wide_characters_count_two_cells() {
        let lines = wrap(&plain("東京 東京東京"), 5);
        assert_eq!(texts(&lines), ["東京", "東京", "東京"]);
    }

    #[test]
    fn styles_are_kept_and_words_do_not_split_between_styles() {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let inlines = vec![
            Inline::Text("plain ".into(), Style::default()),
            Inline::Text("bold".into(), bold),
            Inline::Text("tail more".into(), Style::default()),
        ];
        let lines = wrap(&inlines, 10);
        assert_eq!(texts(&lines), ["plain", "boldtail", "more"]);
        assert_eq!(lines[1][0].style, bold);
        assert_eq!(lines[1][0].content, "bold");
    }

    #[test]
    fn hard_breaks_start_new_lines_and_soft_breaks_are_spaces() {
        let inlines = vec![
            Inline::Text("a".into(), Style::default()),
            Inline::Soft,
            Inline::Text("b".into(), Style::default()),
            Inline::Hard,
            Inline::Text("c".into(), Style::default()),
        ];
        assert_eq!(texts(&wrap(&inlines, 80)), ["a b", "c"]);
    }

    #[test]
    fn empty_input_is_one_empty_line() {
        assert_eq!(texts(&wrap(&[], 10)), [""]);
    }
}
