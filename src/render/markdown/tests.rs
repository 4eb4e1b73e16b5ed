//! The renderer's behaviour, construct by construct, on small inputs.

use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

use super::pipeline::{EVENT_BATCH, PARSE_ASIDE_FROM};
use super::*;
use crate::text::width;

fn render(markdown: &str, width: usize) -> Rendered {
    render_markdown(markdown, width, &Theme::dark())
}

fn text(markdown: &str, width: usize) -> Vec<String> {
    render(markdown, width).lines.iter().map(|l| l.to_string().trim_end().to_string()).collect()
}

fn span_with<'a>(rendered: &'a Rendered, content: &str) -> Span<'a> {
    rendered
        .lines
        .iter()
        .flat_map(|l| l.spans)
        .find(|s| s.content.contains(content))
        .unwrap_or_else(|| panic!("no span with {content:?}"))
}

#[test]
fn a_title_heading_that_repeats_the_card_is_dropped() {
    assert_eq!(strip_title_heading("\n# Talk\n\nbody", "Talk"), "\nbody");
    assert_eq!(strip_title_heading("# Other\nbody", "Talk"), "# Other\nbody");
    assert_eq!(strip_title_heading("intro\n# Talk", "Talk"), "intro\n# Talk");
    assert_eq!(strip_title_heading("Talk\n====\n\nbody", "Talk"), "\nbody");
    assert_eq!(strip_title_heading("Talk\n----\nbody", "Talk"), "Talk\n----\nbody", "a second-level heading stays");
    assert_eq!(strip_title_heading("Talk\n= x\nbody", "Talk"), "Talk\n= x\nbody");
}

#[test]
fn headings_get_distinct_styles_and_are_recorded() {
    let r = render("# One\n\ntext\n\n## Two\n\n### Three", 40);
    assert_eq!(span_with(&r, "One").style, Theme::dark().h1);
    assert_eq!(span_with(&r, "Two").style, Theme::dark().h2);
    assert_eq!(span_with(&r, "Three").style, Theme::dark().h3);
    let marks: Vec<(u8, &str, usize)> = r.headings.iter().map(|h| (h.level, h.text.as_str(), h.line)).collect();
    assert_eq!(marks, [(1, "One", 0), (2, "Two", 4), (3, "Three", 6)]);
}

#[test]
fn paragraphs_are_separated_and_wrapped() {
    assert_eq!(text("one two three four\n\nnext", 9), ["one two", "three", "four", "", "next"]);
}

#[test]
fn hard_breaks_are_honoured() {
    assert_eq!(text("a  \nb\\\nc", 40), ["a", "b", "c"]);
}

#[test]
fn inline_styles_apply() {
    let r = render("*em* **strong** ~~gone~~ `code`", 40);
    assert!(span_with(&r, "em").style.add_modifier.contains(Modifier::ITALIC));
    assert!(span_with(&r, "strong").style.add_modifier.contains(Modifier::BOLD));
    assert!(span_with(&r, "gone").style.add_modifier.contains(Modifier::CROSSED_OUT));
    assert_eq!(span_with(&r, "code").style.fg, Theme::dark().code.fg);
}

#[test]
fn list_items_hang_under_their_text_not_their_bullet() {
    let lines = text("- alpha beta gamma delta\n- b\n  - nested item here", 16);
    assert_eq!(lines, ["• alpha beta", "  gamma delta", "• b", "  ◦ nested item", "    here"]);
}

#[test]
fn ordered_and_task_lists_show_their_markers() {
    assert_eq!(text("3. c\n4. d", 20), ["3. c", "4. d"]);
    assert_eq!(text("- [ ] todo\n- [x] done", 20), ["☐ todo", "☑ done"]);
    assert_eq!(text("1. [ ] first\n2. [x] second", 20), ["1. ☐ first", "2. ☑ second"]);
    assert_eq!(text("- [ ] loose\n\n- [x] list", 20), ["☐ loose", "", "☑ list"]);
}

#[test]
fn loose_lists_keep_blank_lines_between_items() {
    assert_eq!(text("- a\n\n- b", 20), ["• a", "", "• b"]);
}

#[test]
fn quotes_have_a_bar_and_nest() {
    let lines = text("> quoted words here\n>\n> > inner\n> - item", 14);
    assert_eq!(lines, ["▌ quoted words", "▌ here", "▌", "▌ ▌ inner", "▌", "▌ • item"]);
    let r = render("> q", 20);
    assert_eq!(span_with(&r, "▌").style, Theme::dark().quote_bar);
}

#[test]
fn code_blocks_are_boxed_and_long_lines_wrap_with_a_marker_or_run_on_whole() {
    let md = "```rust\nfn main() { let long_line = 1; }\n\tx\n```";
    assert_eq!(text(md, 20), ["╭─ rust", "│ fn main() { let lo", "↪ ng_line = 1; }", "│     x", "╰─"]);
    let whole = render_markdown_with(md, &RenderOptions { wrap_code: false, ..RenderOptions::new(20) }, &Theme::dark());
    let lines: Vec<String> = whole.lines.iter().map(|l| l.to_string()).collect();
    assert_eq!(lines, ["╭─ rust", "│ fn main() { let long_line = 1; }", "│     x", "╰─"]);
}

#[test]
fn code_blocks_record_where_each_line_comes_from() {
    let r = render("intro\n\n```yaml\nkey: a long value here\nb: 2\n```", 16);
    assert_eq!(r.code_blocks.len(), 1);
    let block = &r.code_blocks[0];
    assert_eq!((block.lang.as_str(), block.first_line), ("yaml", 3));
    let pieces: Vec<(u32, u32)> = block.pieces.iter().map(|p| (p.source_line, p.offset)).collect();
    assert_eq!(pieces, [(0, 0), (0, 14), (1, 0)]);
    assert_eq!(r.lines.plain(4), "↪ lue here");
}

#[test]
fn tables_align_and_fit_the_width() {
    let md = "| Project | Stage |\n|:--|--:|\n| istio | graduated |\n| linkerd | 2 |";
    assert_eq!(
        text(md, 40),
        [" Project │     Stage", "─────────┼───────────", " istio   │ graduated", " linkerd │         2"]
    );
    for line in render("| a | b |\n|---|---|\n| long text that wraps | x |", 20).lines.iter() {
        assert!(width(&line.to_string()) <= 20, "{line}");
    }
}

#[test]
fn narrow_tables_fall_back_to_records() {
    let md = "| a | b | c | d |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |";
    assert_eq!(text(md, 10), ["a: 1", "b: 2", "c: 3", "d: 4"]);
}

#[test]
fn links_are_numbered_and_listed_at_the_end() {
    let r = render("See [Istio](https://istio.io) and [Detroit](../2022/x.md#top) and [again](https://istio.io).", 80);
    let lines: Vec<String> = r.lines.iter().map(|l| l.to_string()).collect();
    assert_eq!(lines[0], "See Istio[1] and Detroit[2] and again[1].");
    assert_eq!(lines[2], "Links");
    assert_eq!(lines[3], "[1] https://istio.io");
    assert_eq!(lines[4], "[2] note: ../2022/x.md#top");
    assert!(r.links[1].is_note && !r.links[0].is_note);
    assert_eq!(span_with(&r, "Istio").style, Theme::dark().link);
}

#[test]
fn a_note_ending_in_its_own_links_section_gets_the_list_under_another_heading() {
    let md = "Body.\n\n## Links\n\n- [Site](https://a.example)";
    assert_eq!(text(md, 40), ["Body.", "", "Links", "", "• Site[1]", "", "Link targets", "[1] https://a.example"]);
    // Only the last heading counts: a Links section followed by another keeps the usual name.
    let md = "## Links:\n\n[Site](https://a.example)\n\n## Later\n\nText.";
    assert_eq!(text(md, 40).last().map(String::as_str), Some("[1] https://a.example"));
    assert!(text(md, 40).contains(&"Links".to_string()) && !text(md, 40).contains(&"Link targets".to_string()));
    let md = "Claim[^a].\n\n## Notes\n\n[^a]: Source.";
    assert_eq!(text(md, 40)[3..], ["", "Footnotes", "¹ Source."]);
}

#[test]
fn images_show_alt_text() {
    let r = render("![a *diagram*](d.png) ![](e.png)", 40);
    assert_eq!(text("![a *diagram*](d.png) ![](e.png)", 40)[0], "[image: a diagram][1] [image][2]");
    assert_eq!(span_with(&r, "[image: ").style, Theme::dark().dim);
    assert!(span_with(&r, "diagram").style.add_modifier.contains(Modifier::ITALIC));
    assert_eq!(r.links[0].url, "d.png");
}

#[test]
fn footnotes_are_numbered_by_first_mention_and_listed_after_the_body() {
    // `[^c]` has no definition, so it is plain text.
    let md = "Claim[^b] and[^a].\n\n[^a]: Alpha\n    source.\n\n[^b]: Beta.\n\nMore [^c].\n\n[^unused]: Never cited.";
    assert_eq!(
        text(md, 40),
        ["Claim¹ and².", "", "More [^c].", "", "Notes", "¹ Beta.", "² Alpha source.", "³ Never cited."]
    );
    let r = render(md, 40);
    assert_eq!(span_with(&r, "¹").style, Theme::dark().link_number);
    assert_eq!(r.footnotes, [5, 6, 7], "the line of each footnote in the list");
    assert_eq!(span_with(&r, "Notes").style, Theme::dark().h4);
}

#[test]
fn footnotes_hang_wrap_and_come_before_links_that_they_number() {
    let md = "See[^n] [site](https://a.example).\n\n[^n]: Long footnote text with [a link](https://b.example) in it.";
    assert_eq!(
        text(md, 24),
        [
            "See¹ site[1].",
            "",
            "Notes",
            "¹ Long footnote text",
            "  with a link[2] in it.",
            "",
            "Links",
            "[1] https://a.example",
            "[2] https://b.example",
        ]
    );
}

#[test]
fn a_footnote_defined_twice_keeps_its_first_definition() {
    let lines = text("x[^a]\n\n[^a]: first\n\n[^a]: second", 40);
    assert_eq!(lines, ["x¹", "", "Notes", "¹ first"]);
}

#[test]
fn soft_breaks_are_spaces() {
    assert_eq!(text("one\ntwo\nthree", 40), ["one two three"]);
}

#[test]
fn ordered_numbers_right_align_so_text_hangs_at_one_column() {
    let md: String = (8..=11).map(|n| format!("{n}. item {n} wraps here\n")).collect();
    assert_eq!(
        text(&md, 14),
        [
            " 8. item 8",
            "    wraps here",
            " 9. item 9",
            "    wraps here",
            "10. item 10",
            "    wraps here",
            "11. item 11",
            "    wraps here"
        ]
    );
    let hundred: String = (1..=100).map(|n| format!("{n}. x\n")).collect();
    let lines = text(&hundred, 20);
    assert_eq!((lines[0].as_str(), lines[9].as_str(), lines[99].as_str()), ("  1. x", " 10. x", "100. x"));
}

#[test]
fn nested_ordered_lists_hang_under_their_own_text() {
    let md = "9. nine\n10. ten and more words\n    1. sub item that wraps\n    2. two\n11. eleven";
    assert_eq!(
        text(md, 16),
        [
            " 9. nine",
            "10. ten and more",
            "    words",
            "    1. sub item",
            "       that",
            "       wraps",
            "    2. two",
            "11. eleven"
        ]
    );
}

#[test]
fn quotes_hold_lists_and_nested_quotes() {
    let md = "> intro\n>\n> - item one wraps\n>   > inner quote\n> - [x] done\n>\n> > > deep";
    assert_eq!(
        text(md, 16),
        ["▌ intro", "▌", "▌ • item one", "▌   wraps", "▌   ▌ inner", "▌   ▌ quote", "▌ ☑ done", "▌", "▌ ▌ ▌ deep",]
    );
}

#[test]
fn task_markers_are_styled_and_items_hang_under_the_bullet_text() {
    let r = render("- [ ] todo with words\n- [x] done", 14);
    assert_eq!(span_with(&r, "☑").style, Theme::dark().task_done);
    assert_eq!(span_with(&r, "☐").style, Theme::dark().task_open);
    let lines: Vec<String> = r.lines.iter().map(|l| l.to_string().trim_end().to_string()).collect();
    assert_eq!(lines, ["☐ todo with", "  words", "☑ done"]);
}

#[test]
fn all_six_heading_levels_are_distinct() {
    let md: String = (1..=6).map(|n| format!("{} H{n}\n\n", "#".repeat(n))).collect();
    let r = render(&md, 40);
    let styles: Vec<Style> = (1..=6).map(|n| span_with(&r, &format!("H{n}")).style).collect();
    for (i, a) in styles.iter().enumerate() {
        for b in &styles[i + 1..] {
            assert_ne!(a, b, "{styles:?}");
        }
    }
    assert_eq!(r.headings.iter().map(|h| h.level).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6]);
}

#[test]
fn rules_span_the_space_inside_their_containers() {
    assert_eq!(text("> a\n>\n> ---", 12), ["▌ a", "▌", "▌ ──────────"]);
    assert_eq!(span_with(&render("---", 10), "─").style, Theme::dark().rule);
}

#[test]
fn html_blocks_and_inline_html_are_text_never_interpreted() {
    let md = "<script>alert(1)\x1b[2J</script>\n\nA <b>bold</b> claim.";
    let r = render(md, 80);
    let lines: Vec<String> = r.lines.iter().map(|l| l.to_string()).collect();
    assert_eq!(lines, ["<script>alert(1)␛[2J</script>", "", "A <b>bold</b> claim."]);
    assert_eq!(span_with(&r, "<script>").style, Theme::dark().html);
    assert_eq!(span_with(&r, "<b>").style, Theme::dark().html);
    assert_eq!(span_with(&r, "bold").style, Style::default());
}

#[test]
fn tabs_become_spaces_in_text_and_tab_stops_in_code() {
    assert_eq!(text("a\tb", 20), ["a b"]);
    assert_eq!(text("```\nab\tc\n```", 20), ["╭─", "│ ab  c", "╰─"]);
}

#[test]
fn crlf_line_endings_leave_no_visible_carriage_returns() {
    assert_eq!(text("a\r\nb\r\n\r\n```\r\ncode\r\n```\r\n", 20), ["a b", "", "╭─", "│ code", "╰─"]);
}

#[test]
fn wide_graphemes_never_overflow_the_width() {
    let md = "東京の会議で話した内容は とても面白かった 👩‍👩‍👧‍👦 family 🇫🇷🇯🇵 flags e\u{301}\u{301}\u{301} marks ❤\u{fe0f}❤\u{fe0f}❤\u{fe0f}\n\n> - 日本語のテキストが続きます日本語のテキストが続きます";
    for w in 8..30 {
        for line in render(md, w).lines.iter() {
            assert!(width(&line.to_string()) <= w, "{w}: {line}");
        }
    }
    assert_eq!(text("東京東京東京", 8), ["東京東京", "東京"]);
}

#[test]
fn a_code_line_of_one_grapheme_wider_than_the_box_is_cut_by_character() {
    // Four Hangul leading jamo are one grapheme eight cells wide; the code
    // box at width 8 has six cells inside its bar.
    let md = "```rust\n\u{1100}\u{1100}\u{1100}\u{1100}\n```";
    for w in 8..12 {
        for line in render(md, w).lines.iter() {
            assert!(width(&line.to_string()) <= w, "{w}: {line}");
        }
    }
    assert!(text(md, 8).iter().any(|l| l.starts_with('↪')), "the rest goes on a continued line");
}

#[test]
fn table_cells_keep_links_and_inline_styles() {
    let md = "| Name | What |\n|---|---|\n| [Istio](https://istio.io) | **mesh** and `code` |";
    let r = render(md, 40);
    assert_eq!(r.lines.line(2).to_string(), " Istio[1] │ mesh and code");
    assert_eq!(span_with(&r, "Istio").style, Theme::dark().link);
    assert_eq!(span_with(&r, "mesh").style, Theme::dark().strong);
    assert_eq!(span_with(&r, "code").style, Theme::dark().code);
    assert_eq!(r.links[0].url, "https://istio.io");
    assert!(span_with(&r, "Name").style.add_modifier.contains(Modifier::BOLD));
}

#[test]
fn wide_tables_keep_natural_widths_past_the_pane() {
    let md = "| a | long column text here | b |\n|---|---|--:|\n| 1 | words that would wrap | 22 |";
    let options = RenderOptions { wide_tables: true, ..RenderOptions::new(20) };
    let r = render_markdown_with(md, &options, &Theme::dark());
    let lines: Vec<String> = r.lines.iter().map(|l| l.to_string()).collect();
    assert_eq!(
        lines,
        [" a │ long column text here │  b", "───┼───────────────────────┼────", " 1 │ words that would wrap │ 22"]
    );
    // The same table, narrow: cells wrap, and four columns too many fall back to records.
    assert!(render(md, 20).lines.iter().all(|l| width(&l.to_string()) <= 20));
    let four = "| a | b | c | d |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |";
    let wide =
        render_markdown_with(four, &RenderOptions { wide_tables: true, ..RenderOptions::new(10) }, &Theme::dark());
    assert_eq!(wide.lines.line(2).to_string(), " 1 │ 2 │ 3 │ 4");
}

#[test]
fn render_markdown_is_render_with_default_options() {
    let md = "# T\n\n| a | b |\n|---|---|\n| x | y |";
    assert_eq!(render(md, 30), render_markdown_with(md, &RenderOptions::new(30), &Theme::dark()));
}

#[test]
fn text_split_by_the_parser_joins_but_not_into_image_or_heading_text() {
    let r = render("a&amp;b [x] \\* ![alt *em*](i.png)", 40);
    assert_eq!(r.lines.line(0).to_string(), "a&b [x] * [image: alt em][1]");
    assert_eq!(r.lines.line(0).spans[0].content, "a&b [x] * ");
    assert_eq!(text("![](i.png)", 40)[0], "[image][1]");
}

#[test]
fn deep_nesting_and_huge_lines_render_within_the_width() {
    // How long these take is measured in `benches/ops.rs` (render/pathological).
    let cases = [
        format!("{}x", "- ".repeat(5000)),
        format!("{}x", "> ".repeat(5000)),
        format!("{}x", "1. ".repeat(5000)),
        // Each level its own line: the prefix must not cost the depth on every line.
        (0..1500).map(|d| format!("{}- item {d}\n", "  ".repeat(d))).collect(),
        (0..1000).map(|d| format!("{}- item {d}\n", "> ".repeat(d))).collect(),
        "word ".repeat(20_000),
        "x".repeat(100_000),
        "東".repeat(50_000),
    ];
    for md in &cases {
        let r = render(md, 80);
        assert!(!r.lines.is_empty(), "something is shown");
        for line in r.lines.iter() {
            assert!(width(&line.to_string()) <= 80, "{line}");
        }
    }
}

#[test]
fn html_and_rules_are_shown_as_text() {
    let lines = text("<div>\n<b>hi</b>\n</div>\n\n---\n\ninline <span>x</span>", 10);
    assert_eq!(lines[..3], ["<div>", "<b>hi</b>", "</div>"]);
    assert_eq!(lines[4], "─".repeat(10));
    assert_eq!(lines[6..], ["inline", "<span>x</", "span>"]);
}

#[test]
fn control_characters_never_survive() {
    let r = render("a\x1b]52;c;eA==\x07b \u{9b}31m red \u{202e}x\n\n```\n\x1b[2J\n```", 40);
    for line in r.lines.iter() {
        for span in &line.spans {
            assert!(!span.content.chars().any(|c| c.is_control() || c == '\u{202e}'), "{:?}", span.content);
        }
    }
}

#[test]
fn deep_nesting_keeps_room_for_text() {
    let md = format!("{}deep text", "> ".repeat(200));
    let r = render(&md, 40);
    let last = r.lines.iter().last().expect("rendered").to_string();
    assert!(last.ends_with("deep text"), "{last}");
    assert!(width(&last) <= 40);
}

#[test]
fn a_long_note_parsed_on_a_second_thread_renders_as_it_would_on_one() {
    let piece = "# Part\n\nText with a [link](https://example.com/a) and a note[^n].\n\n\
                 1. one\n2. two\n\n| a | b |\n|---|---|\n| x | y |\n\n> quoted *em*\n\n\
                 ```rust\nfn main() {}\n```\n\n[^n]: The footnote.\n\n";
    let long = piece.repeat(PARSE_ASIDE_FROM / piece.len() + 1);
    assert!(long.len() >= PARSE_ASIDE_FROM);
    let options = RenderOptions::new(50);
    let on_one = render_markdown_on_one_thread(&long, &options, &Theme::dark());
    let on_two = render_markdown_with(&long, &options, &Theme::dark());
    assert!(on_one.lines.len() > 10 * EVENT_BATCH / 8, "spans many batches: {}", on_one.lines.len());
    assert_eq!(on_two, on_one);
}

#[test]
fn a_long_note_parsed_aside_a_section_at_a_time_renders_as_it_would_on_one_thread() {
    // No definitions: parsed aside in sections, cut before its top-level headings.
    let piece =
        "# Part\n\nText with a [link](https://example.com/a), a [second](https://example.com/b) and a note[^n].\n\n\
                 3. three\n4. four\n\n| a | b |\n|---|---|\n| x | y |\n\n> quoted *em*\n\n\
                 ```rust\nfn main() {}\n\n# not a heading\n```\n\n- item\n\n  more of it\n\n## Sub\n\nText.\n\n";
    let long = piece.repeat(3 * PARSE_ASIDE_FROM / piece.len());
    assert!(super::sections::pieces(&long, super::pipeline::ASIDE_SECTION_BYTES, usize::MAX).count() >= 3);
    for width in [30, 80] {
        let options = RenderOptions::new(width);
        let on_one = render_markdown_on_one_thread(&long, &options, &Theme::dark());
        assert_eq!(render_markdown_with(&long, &options, &Theme::dark()), on_one, "{width}");
    }
}

#[test]
fn soft_breaks_end_lines_when_asked() {
    let options = RenderOptions { line_breaks: true, ..RenderOptions::new(40) };
    let r = render_markdown_with("one\ntwo\nthree\n\nnext", &options, &Theme::dark());
    assert_eq!(r.lines.plain_lines().collect::<Vec<_>>(), ["one", "two", "three", "", "next"]);
}

#[test]
fn known_inline_html_is_read_and_other_tags_stay_text() {
    let md = "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>.<br>H<sub>2</sub>O x<sup>2</sup> <span>kept</span><!-- hidden -->";
    assert_eq!(text(md, 60), ["Press Ctrl+C.", "H₂O x² <span>kept</span>"]);
    let r = render(md, 60);
    assert_eq!(span_with(&r, "Ctrl").style, Theme::dark().kbd);
    assert_eq!(span_with(&r, "<span>").style, Theme::dark().html);
    assert!(!r.lines.plain_lines().any(|l| l.contains("hidden")));
}

#[test]
fn a_comment_across_lines_in_a_paragraph_is_hidden() {
    assert_eq!(text("before <!-- one\ntwo --> after", 40), ["before after"]);
}

#[test]
fn details_show_their_summary_over_a_barred_body() {
    let md = "<details>\n<summary>Extra <em>slides</em></summary>\n\nHidden *detail* text.\n\n- a point\n\n</details>\n\nAfter.";
    assert_eq!(text(md, 40), ["▾ Extra <em>slides</em>", "│ Hidden detail text.", "│", "│ • a point", "", "After."]);
    let r = render(md, 40);
    assert!(span_with(&r, "Extra").style.add_modifier.contains(Modifier::BOLD));
    // Without a summary, a plain one; unclosed details do not break the note.
    assert_eq!(text("<details>\nbody\n</details>", 40), ["▾ Details", "│ body"]);
    assert_eq!(text("<details>\n\ntext", 40), ["▾ Details", "│ text"]);
}

#[test]
fn html_comments_alone_show_nothing_not_even_a_gap() {
    assert_eq!(text("a\n\n<!--\nhidden\n\nstill\n-->\n\nb", 40), ["a", "", "b"]);
}

#[test]
fn img_tags_are_images_with_their_alt_text() {
    let r = render("<img src=\"d.png\" alt=\"A diagram\" width=300>", 40);
    assert_eq!(r.lines.plain(0), "[image: A diagram][1]");
    assert_eq!(r.links[0].url, "d.png");
}

#[test]
fn local_images_get_rows_under_their_paragraph_and_remote_ones_say_why_not() {
    let options = RenderOptions { image_rows: 3, ..RenderOptions::new(30) };
    let md = "> See ![the chart](img/chart.png) and ![logo](https://x.example/l.png).\n\nNext.";
    let r = render_markdown_with(md, &options, &Theme::dark());
    let lines: Vec<&str> = r.lines.plain_lines().collect();
    assert_eq!(lines[..2], ["▌ See [image: the chart][1]", "▌ and [remote image: logo][2]."]);
    assert_eq!(lines[2..5], ["▌ ", "▌ ", "▌ "], "three rows, inside the quote");
    assert_eq!(lines[5..], ["", "Next.", "", "Links", "[1] img/chart.png", "[2] https://x.example/l.png"]);
    assert_eq!(r.images.len(), 1);
    let image = &r.images[0];
    assert_eq!((image.url.as_str(), image.alt.as_str(), image.number), ("img/chart.png", "the chart", 1));
    assert_eq!((image.line, image.rows, image.column, image.columns), (2, 3, 2, 28));
    // Off, images are alt text only.
    assert!(render(md, 30).images.is_empty());
}
