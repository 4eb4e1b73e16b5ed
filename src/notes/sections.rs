//! Splitting a one-file event into its talks. People who keep a whole
//! conference in one Markdown file give each talk a heading of the same
//! kind: `##`, `###`, or a bold line standing alone (`**C. Keynote: Jane
//! Doe**`), with coarser headings such as "Day 1" grouping them. Headings
//! inside code blocks are not headings.

use super::blocks::{bold_line_text, fence_opening};
use super::date::find_date;
pub use super::enumeration::mostly_enumerated;
use super::enumeration::{after_enumeration, split_enumeration};
use super::roles::{self, Role};

/// A heading's level: 1-6 for `#` to `######` (and setext `===`/`---` as 1
/// and 2), [`BOLD_LEVEL`] for a bold line standing alone. Lower is coarser.
pub type Level = u8;

/// The level of a bold line standing alone: finer than any `#` heading.
pub const BOLD_LEVEL: Level = 7;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 0-based line of the text where the heading starts (for setext
    /// headings, the line of the text, not of the underline).
    pub line: usize,
    pub level: Level,
    /// The heading's text, without its markers.
    pub text: String,
    /// Some text (not only blank lines) follows before the next heading.
    pub has_text: bool,
}

/// A talk found in a one-file event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    /// The coarser headings above it (not the document's title), joined
    /// with ` › `: `Day 1`, `Saturday › Rust devroom`.
    pub group: Option<String>,
    /// 0-based line of its heading, and the line after its last line.
    pub lines: std::ops::Range<usize>,
}

/// How a one-file event is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// The heading level of its talks; `None` when no level repeats, so the
    /// file is one note.
    pub talk_level: Option<Level>,
    /// A single coarser heading before the talks, such as `# KELDAM 2020`.
    pub title: Option<String>,
    pub sections: Vec<Section>,
    /// Lines that belong to no talk: everything before the first one, and
    /// the group headings that have text of their own, with that text.
    pub overview_lines: Vec<std::ops::Range<usize>>,
}

/// What kind of line the previous one was, for setext headings and bold lines.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Previous {
    /// A blank line, the start, a heading or a thematic break: a bold line
    /// after it stands alone.
    Boundary,
    /// A paragraph's first line standing after a boundary; an underline
    /// would make it a setext heading.
    Paragraph,
    Other,
}

/// Every heading of a Markdown text, outside code blocks, HTML comments,
/// block quotes and lists, in order.
pub fn headings(text: &str) -> Vec<Heading> {
    let mut scan = Scan::default();
    let mut fence: Option<(u8, usize)> = None;
    let mut in_comment = false;
    let mut previous = Previous::Boundary;
    // The line a setext underline would make a heading: its number and text.
    let mut paragraph = (0usize, "");
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some((ch, len)) = fence {
            let run = trimmed.bytes().take_while(|&b| b == ch).count();
            if indent <= 3 && run >= len && trimmed[run..].trim().is_empty() {
                fence = None;
                previous = Previous::Boundary;
            }
            continue;
        }
        if in_comment {
            in_comment = !line.contains("-->");
            continue;
        }
        if trimmed.is_empty() {
            previous = Previous::Boundary;
            continue;
        }
        if indent > 3 || trimmed.starts_with('\t') {
            // Indented code, or a paragraph's continuation: never a heading.
            scan.text();
            if previous != Previous::Boundary {
                previous = Previous::Other;
            }
            continue;
        }
        if let Some(open) = fence_opening(trimmed) {
            scan.text();
            fence = Some(open);
            continue;
        }
        if trimmed.starts_with("<!--") {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        if let Some((level, title)) = atx_heading(trimmed) {
            scan.heading(i, level, title);
            previous = Previous::Boundary;
            continue;
        }
        if let Some(level) = setext_underline(trimmed).filter(|_| previous == Previous::Paragraph) {
            let (line, underlined) = paragraph;
            scan.retract(line);
            scan.heading(line, level, underlined);
            previous = Previous::Boundary;
            continue;
        }
        if is_thematic_break(trimmed) {
            previous = Previous::Boundary;
            continue;
        }
        if previous == Previous::Boundary && !starts_block(trimmed) {
            match bold_line_text(trimmed).or_else(|| unclosed_numbered_bold(trimmed)) {
                Some(title) => scan.heading(i, BOLD_LEVEL, title),
                None => scan.text(),
            }
            // Either way a candidate for a setext underline, as any paragraph's first line.
            previous = Previous::Paragraph;
            paragraph = (i, trimmed);
            continue;
        }
        scan.text();
        previous = Previous::Other;
    }
    scan.finish()
}

/// Headings found so far, and how many lines of text follow each.
#[derive(Default)]
struct Scan {
    headings: Vec<Heading>,
    text_lines: Vec<usize>,
}

impl Scan {
    fn heading(&mut self, line: usize, level: Level, text: &str) {
        self.headings.push(Heading { line, level, text: clean_heading(text), has_text: false });
        self.text_lines.push(0);
    }

    fn text(&mut self) {
        if let Some(count) = self.text_lines.last_mut() {
            *count += 1;
        }
    }

    /// The paragraph line at `line` turned out to be a setext heading: it
    /// is neither the bold heading nor the text it was first taken for.
    fn retract(&mut self, line: usize) {
        if self.headings.last().is_some_and(|h| h.line == line) {
            self.headings.pop();
            self.text_lines.pop();
        } else if let Some(count) = self.text_lines.last_mut() {
            *count = count.saturating_sub(1);
        }
    }

    fn finish(mut self) -> Vec<Heading> {
        for (heading, &count) in self.headings.iter_mut().zip(&self.text_lines) {
            heading.has_text = count > 0;
        }
        self.headings
    }
}

/// A bold talk heading whose closing `**` was forgotten: `**B. Keynote:
/// "Title"` standing alone. Only a numbered one, which no sentence is.
fn unclosed_numbered_bold(line: &str) -> Option<&str> {
    let inner = line.strip_prefix("**")?.trim();
    (!inner.contains("**") && split_enumeration(inner).is_some()).then_some(inner)
}

/// `## Title ##` → `(2, "Title")`.
fn atx_heading(line: &str) -> Option<(Level, &str)> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    // A closing run of `#` preceded by a space is not part of the text.
    let text = match rest.trim_end_matches('#') {
        stripped if stripped.is_empty() || stripped.ends_with([' ', '\t']) => stripped.trim_end(),
        _ => rest,
    };
    (!text.is_empty()).then_some((hashes as Level, text))
}

/// `===` underlines a level 1 heading, `---` a level 2 one.
fn setext_underline(line: &str) -> Option<Level> {
    let ch = line.bytes().next()?;
    let body = line.trim_end();
    if (ch == b'=' || ch == b'-') && body.bytes().all(|b| b == ch) {
        return Some(if ch == b'=' { 1 } else { 2 });
    }
    None
}

/// `---`, `***`, `___`, spaced or not.
fn is_thematic_break(line: &str) -> bool {
    let mut marks = line.chars().filter(|c| !c.is_whitespace());
    let Some(first) = marks.next().filter(|c| matches!(c, '-' | '*' | '_')) else { return false };
    // One pass, over only as much of a list item (`- text`) as tells it apart.
    let mut count = 1;
    for c in marks {
        if c != first {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// Lines that open a list item, a quote, a table row or HTML: a bold line
/// there is emphasis in a block, not a heading.
fn starts_block(line: &str) -> bool {
    if line.starts_with(['>', '|', '<']) || line.starts_with("- ") || line.starts_with("+ ") || line.starts_with("* ") {
        return true;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && digits <= 9
        && matches!(line.as_bytes().get(digits), Some(b'.' | b')'))
        && line.as_bytes().get(digits + 1).is_none_or(|b| *b == b' ')
}

/// A heading's text without inline Markdown: `**`, `__`, backticks, and
/// links reduced to their text.
fn clean_heading(text: &str) -> String {
    let text = bold_line_text(text).unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find("](").and_then(|close| after[close..].find(')').map(|end| (close, close + end))) {
            Some((close, end)) => {
                out.push_str(&after[..close]);
                rest = &after[end + 1..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    // Most headings have no markup left and nothing to trim: kept as they are.
    let unmarked =
        if out.contains(['*', '_', '`']) { out.replace("**", "").replace("__", "").replace('`', "") } else { out };
    let trimmed = unmarked.trim().trim_end_matches(':').trim();
    if trimmed.len() == unmarked.len() {
        unmarked
    } else {
        trimmed.to_string()
    }
}

/// Titles of one level must be mostly distinct to be talks: subsections
/// such as "Takeaways" or "Q&A" repeat under every talk.
const DISTINCT_SHARE: f64 = 0.6;

/// Words that mark a heading as a group of talks rather than a talk.
const GROUP_WORDS: &str = "day days morning afternoon evening track tracks session sessions room hall stage \
    devroom devrooms keynotes talks workshops tutorials lightning sprints posters breakout monday tuesday \
    wednesday thursday friday saturday sunday dag giorno giornata jour journée tag tage día jornada";

/// How a file of talks is laid out: `heads` are its [`headings`].
pub fn outline(text: &str, heads: &[Heading]) -> Outline {
    let lines = text.lines().count();
    let talk_level = talk_level(heads);
    let Some(level) = talk_level else {
        return Outline {
            talk_level: None,
            title: None,
            sections: Vec::new(),
            overview_lines: std::iter::once(0..lines).collect(),
        };
    };
    // A single heading coarser than the talks, before them, is the document's
    // title; sections about the event at its level do not count.
    let first_at_level = heads.iter().position(|h| h.level == level).expect("the talk level has headings");
    let title_index = heads[..first_at_level]
        .iter()
        .position(|h| h.level < level)
        .filter(|&i| heads.iter().filter(|h| h.level == heads[i].level && !is_event_matter(&h.text)).count() == 1);
    let title = title_index.map(|i| heads[i].text.clone());
    let roles = roles::roles(heads, level, title_index);
    let is_talk = |i: usize| matches!(roles[i], Role::Talk { .. });
    let Some(first_talk) = (0..heads.len()).find(|&i| is_talk(i)) else {
        return Outline {
            talk_level: None,
            title: None,
            sections: Vec::new(),
            overview_lines: std::iter::once(0..lines).collect(),
        };
    };
    // Where the part a heading opens ends: at the next talk, group, title or event section.
    let end_of = |i: usize| (i + 1..heads.len()).find(|&j| roles[j] != Role::Part).map_or(lines, |j| heads[j].line);

    let mut sections = Vec::new();
    let mut overview_lines: Vec<_> = std::iter::once(0..heads[first_talk].line).collect();
    let mut groups: Vec<&Heading> = Vec::new();
    for (i, head) in heads.iter().enumerate() {
        match roles[i] {
            // Lists the owner keeps for the whole event, written as one more
            // section: they are the event's, not a talk.
            Role::Matter if i > first_talk => overview_lines.push(head.line..end_of(i)),
            Role::Talk { slipped } => {
                if !slipped {
                    // A talk as coarse as a group (the talks of a session, then a talk) closes it.
                    groups.retain(|g| g.level < head.level);
                }
                let group: Vec<&str> = groups.iter().map(|g| g.text.as_str()).collect();
                let group = (!group.is_empty()).then(|| group.join(" › "));
                sections.push(Section { title: head.text.clone(), group, lines: head.line..end_of(i) });
            }
            Role::Group => {
                groups.retain(|g| g.level < head.level);
                groups.push(head);
                if i > first_talk && head.has_text {
                    overview_lines.push(head.line..end_of(i));
                }
            }
            _ => {}
        }
    }
    overview_lines.retain(|r| !r.is_empty());
    Outline { talk_level, title, sections, overview_lines }
}

/// The level of the talks: the finest level that repeats with mostly
/// distinct titles, unless the next coarser such level holds talks with
/// subsections rather than groups of talks.
pub fn talk_level(heads: &[Heading]) -> Option<Level> {
    let mut candidates: Vec<Level> = (1..=BOLD_LEVEL)
        .filter(|&level| {
            let titles: Vec<String> =
                heads.iter().filter(|h| h.level == level).map(|h| h.text.to_lowercase()).collect();
            let mut distinct = titles.clone();
            distinct.sort();
            distinct.dedup();
            titles.len() >= 2 && distinct.len() as f64 >= DISTINCT_SHARE * titles.len() as f64
        })
        .collect();
    let mut talks = candidates.pop()?;
    while let Some(coarser) = candidates.pop() {
        if groups_talks(heads, coarser, talks) {
            break;
        }
        talks = coarser;
    }
    Some(talks)
}

/// Whether the headings at `coarser` group the ones at `finer` (days,
/// tracks, rooms) rather than being talks with subsections: there are
/// more of the finer ones, and the coarser ones read like groups or have
/// no text of their own.
fn groups_talks(heads: &[Heading], coarser: Level, finer: Level) -> bool {
    // Sections about the event (`Conference details`) group nothing and hold no talk.
    let outer: Vec<&Heading> = heads.iter().filter(|h| h.level == coarser && !is_event_matter(&h.text)).collect();
    let inner = heads.iter().filter(|h| h.level == finer).count();
    if inner <= outer.len() {
        return false;
    }
    let group_like = outer.iter().filter(|h| is_group_title(&h.text)).count();
    group_like * 2 > outer.len() || outer.iter().all(|h| !h.has_text)
}

/// Whole titles of sections about the event rather than a talk: what to
/// look up or read afterwards, links, the venue and travel.
const EVENT_MATTER_TITLES: &[&str] = &[
    "to read",
    "to watch",
    "to do",
    "todo",
    "to google",
    "to look up",
    "to follow up",
    "follow up",
    "follow ups",
    "reading list",
    "further reading",
    "resources",
    "links",
    "useful links",
    "references",
    "logistics",
    "venue",
    "travel",
    "misc",
    "miscellaneous",
    "details",
    "info",
    "information",
    "general",
    "general notes",
];

/// Whether a talk-level heading is about the event as a whole: one of
/// [`EVENT_MATTER_TITLES`], after `things to` (`Things to Look Up`) or after a
/// word naming the event (`Conference details`, `Event links`).
pub(super) fn is_event_matter(title: &str) -> bool {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let rest = match words.as_slice() {
        ["things", rest @ ..] => rest,
        ["conference" | "event" | "meetup" | "summit", rest @ ..] if !rest.is_empty() => rest,
        all => all,
    };
    let rest = rest.join(" ");
    !rest.is_empty() && EVENT_MATTER_TITLES.contains(&rest.as_str())
}

/// `Day 1`, `Saturday, February 1`, `Rust devroom`, `2019-05-02`, `Track A`.
pub(super) fn is_group_title(title: &str) -> bool {
    let lower = title.to_lowercase();
    find_date(title).is_some()
        || lower.split(|c: char| !c.is_alphanumeric()).any(|word| GROUP_WORDS.split_whitespace().any(|g| g == word))
}

/// The kind a talk's title announces: `C. Keynote: Jane Doe` is a keynote.
pub fn kind_from_title(title: &str) -> Option<&'static str> {
    // An enumeration first: `C.`, `1.`, `2)`, `A -`.
    let rest = after_enumeration(title).unwrap_or(title.trim());
    let (prefix, _) = rest.split_once(':')?;
    let prefix = prefix.trim().to_lowercase();
    [
        ("keynote", "keynote"),
        ("opening keynote", "keynote"),
        ("closing keynote", "keynote"),
        ("panel", "panel"),
        ("panel discussion", "panel"),
        ("workshop", "workshop"),
        ("tutorial", "workshop"),
        ("lightning", "lightning"),
        ("lightning talk", "lightning"),
        ("demo", "demo"),
        ("talk", "talk"),
    ]
    .iter()
    .find(|(written, _)| *written == prefix)
    .map(|(_, kind)| *kind)
}

/// A GitHub-style anchor: lower case, spaces to `-`, punctuation dropped;
/// `section` when nothing is left.
pub fn slug(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c == ' ' || c == '-' || c == '_') && !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "section".to_string()
    } else {
        out.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thematic_breaks_are_three_or_more_of_one_mark_spaced_or_not() {
        for line in ["---", "***", "___", "* * *", "- - - -", "_\t_ _"] {
            assert!(is_thematic_break(line), "{line:?}");
        }
        for line in ["--", "- item", "***bold***", "-*-", "--- x", "", "a---", "==="] {
            assert!(!is_thematic_break(line), "{line:?}");
        }
    }

    fn levels(text: &str) -> Vec<(Level, String)> {
        headings(text).into_iter().map(|h| (h.level, h.text)).collect()
    }

    fn talks(text: &str) -> Vec<(String, Option<String>)> {
        let heads = headings(text);
        outline(text, &heads).sections.into_iter().map(|s| (s.title, s.group)).collect()
    }

    fn pairs(list: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
        list.iter().map(|(t, g)| (t.to_string(), g.map(str::to_string))).collect()
    }

    #[test]
    fn headings_inside_code_blocks_and_comments_are_not_headings() {
        let text =
            "# Title\n\n```md\n## Not a heading\n**Nor this**\n```\n\n~~~~\n# no\n~~~~\n\n    ## indented code\n\n\
                    <!--\n## hidden\n-->\n## Real\n";
        assert_eq!(levels(text), [(1, "Title".to_string()), (2, "Real".to_string())]);
    }

    #[test]
    fn bold_lines_standing_alone_are_the_finest_headings() {
        let text =
            "Intro line\n**not alone**\n\n**C. Keynote: Jane Doe**\nText.\n\n- **in a list**\n\n> **quoted**\n\n\
                    **A** and **B**\n\n__Also Alone__\n";
        assert_eq!(levels(text), [(BOLD_LEVEL, "C. Keynote: Jane Doe".to_string()), (BOLD_LEVEL, "Also Alone".into())]);
    }

    #[test]
    fn a_numbered_bold_line_never_closed_is_still_a_heading() {
        let text = "**A. Opening**\nx\n\n**B. Keynote: \"Widgets\"\n\n- y\n\n**Not numbered\n\n**C. Closing**\n";
        assert_eq!(
            levels(text),
            [
                (BOLD_LEVEL, "A. Opening".to_string()),
                (BOLD_LEVEL, "B. Keynote: \"Widgets\"".into()),
                (BOLD_LEVEL, "C. Closing".into())
            ]
        );
    }

    #[test]
    fn setext_headings_and_closing_hashes_are_read() {
        let text = "Big Title\n=========\n\nSmall title\n---\n\ntext\n\n---\n\n## Closed ##\n#hashtag\n#\n";
        assert_eq!(levels(text), [(1, "Big Title".to_string()), (2, "Small title".into()), (2, "Closed".into())]);
    }

    #[test]
    fn talks_are_the_finest_repeating_level_grouped_by_coarser_ones() {
        let text =
            "# KELDAM 2020\n\nFebruary 1-2, 2020\n\n## Day 1\n\n### Rust in the kernel\ntext\n#### Details\nmore\n\n\
                    ### WASM everywhere\ntext\n\n## Day 2\n\n### Closing keynote\ntext\n";
        assert_eq!(
            talks(text),
            pairs(&[
                ("Rust in the kernel", Some("Day 1")),
                ("WASM everywhere", Some("Day 1")),
                ("Closing keynote", Some("Day 2")),
            ])
        );
        let heads = headings(text);
        let o = outline(text, &heads);
        assert_eq!((o.talk_level, o.title.as_deref()), (Some(3), Some("KELDAM 2020")));
        assert_eq!(o.sections[0].lines, 6..11, "a talk runs to the next talk or group, subsections included");
        assert_eq!(o.overview_lines, std::iter::once(0..6).collect::<Vec<_>>(), "the text before the first talk");
    }

    #[test]
    fn bold_line_talks_under_day_headings() {
        let text = "## Day 1\n\n**A. Opening**\nWelcome.\n\n**B. Keynote: Jane Doe**\nText.\n\n## Day 2\n\n**C. Panel: Futures**\nText.\n";
        assert_eq!(
            talks(text),
            pairs(&[
                ("A. Opening", Some("Day 1")),
                ("B. Keynote: Jane Doe", Some("Day 1")),
                ("C. Panel: Futures", Some("Day 2"))
            ])
        );
    }

    #[test]
    fn repeated_subsections_are_not_talks() {
        let text = "## Talk one\nSpeaker.\n### Notes\nx\n### Takeaways\ny\n## Talk two\nSpeaker.\n### Notes\nx\n### Takeaways\ny\n";
        assert_eq!(talks(text), pairs(&[("Talk one", None), ("Talk two", None)]));
    }

    #[test]
    fn coarser_headings_with_their_own_text_are_talks_with_subsections() {
        let text =
            "## Talk one\nBy Ann.\n\n**A remark**\n\n## Talk two\nBy Bo.\n\n**Another remark**\n\n**Third remark**\n";
        assert_eq!(talks(text), pairs(&[("Talk one", None), ("Talk two", None)]));
    }

    #[test]
    fn a_file_without_repeating_headings_has_no_talks() {
        let heads = headings("# Only\n\ntext\n\n## One sub\n");
        assert_eq!(talk_level(&heads), None);
        assert_eq!(talk_level(&headings("no headings at all")), None);
    }

    #[test]
    fn group_text_goes_to_the_overview() {
        let text = "# Conf\nintro\n## Day 1\n### A\na\n### B\nb\n## Day 2\nVenue moved.\n### C\nc\n";
        let heads = headings(text);
        assert_eq!(outline(text, &heads).overview_lines, [0..3, 7..9]);
    }

    #[test]
    fn event_matter_sections_go_to_the_overview_not_the_talks() {
        let text = "# Conf\n## Conference details\nHall B.\n## Talk A\na\n## Things to Look Up\n- x\n## Talk B\nb\n## Links\n- l\n";
        let heads = headings(text);
        let o = outline(text, &heads);
        let titles: Vec<&str> = o.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Talk A", "Talk B"]);
        assert_eq!(o.overview_lines, [0..3, 5..7, 9..11], "the details before the first talk are in its first piece");
        assert!(is_event_matter("To read:") && is_event_matter("Resources") && is_event_matter("Event links"));
        assert!(!is_event_matter("Reading list of the Rust team") && !is_event_matter("Links in distributed systems"));
        assert!(!is_event_matter("Conference") && !is_event_matter("Things"));
    }

    #[test]
    fn sections_about_the_event_neither_hold_the_talks_nor_hide_the_title() {
        // `## Conference details` and `## Speaker notes` are coarser than the
        // bold talks but are no talks: the bold lines are.
        let text = "# Conf 2016

## Conference details
Hall B.

## Speaker notes

### Day 1

\
                    **A. Opening**
x

**B. Keynote: Jane Doe**
y

## Day 2

**A. Closing**
z

## Things to Look Up
- q
";
        let heads = headings(text);
        let o = outline(text, &heads);
        assert_eq!(o.talk_level, Some(BOLD_LEVEL));
        let titles: Vec<&str> = o.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["A. Opening", "B. Keynote: Jane Doe", "A. Closing"]);
        assert_eq!(o.title.as_deref(), Some("Conf 2016"));
        // `# Things to Look Up` repeats the level of the title, which still names the event.
        let text = "# Conf 2022

## A. One
x

## B. Two
y

# Things to Look Up
- q
";
        let heads = headings(text);
        let o = outline(text, &heads);
        assert_eq!((o.talk_level, o.title.as_deref()), (Some(2), Some("Conf 2022")));
        assert_eq!(o.sections.iter().map(|s| s.group.clone()).collect::<Vec<_>>(), [None, None]);
        assert_eq!(o.overview_lines, [0..2, 8..10]);
    }

    #[test]
    fn numbered_talks_keep_their_groups_across_a_level_slip_and_a_session() {
        let text = "## Day 1
### A. One
x
## B. Two
x
### C. Three
x
## Day 2
### A. Four
x
### B. Session 3
\
                    #### 1. Five
x
#### 2. Six
x
### C. Seven
x
";
        assert_eq!(
            talks(text),
            pairs(&[
                ("A. One", Some("Day 1")),
                ("B. Two", Some("Day 1")),
                ("C. Three", Some("Day 1")),
                ("A. Four", Some("Day 2")),
                ("1. Five", Some("Day 2 › B. Session 3")),
                ("2. Six", Some("Day 2 › B. Session 3")),
                ("C. Seven", Some("Day 2")),
            ])
        );
    }

    #[test]
    fn kinds_slugs_and_titles() {
        assert_eq!(kind_from_title("C. Keynote: Jane Doe"), Some("keynote"));
        assert_eq!(kind_from_title("Panel: the future"), Some("panel"));
        assert_eq!(kind_from_title("Rust: the good parts"), None);
        assert_eq!(kind_from_title("No colon here"), None);
        assert_eq!(slug("Rust in the Kernel!"), "rust-in-the-kernel");
        assert_eq!(slug("C. Keynote: Jane Doe"), "c-keynote-jane-doe");
        assert_eq!(slug("Été à Zürich"), "été-à-zürich");
        assert_eq!(slug("???"), "section");
        assert_eq!(clean_heading("[Rust](https://x.org) in `the` **kernel**:"), "Rust in the kernel");
    }
}
