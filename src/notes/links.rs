//! Markdown links between notes: which link targets are notes, where they are
//! in a body, and which note id a relative link names.
//!
//! Shared by the renderer (to mark note links) and the relation index (to
//! turn links into edges and backlinks), so both agree on what a note link is.

use std::collections::HashMap;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};

use super::model::Collection;

/// The extensions a note file may have, lower case.
const NOTE_EXTENSIONS: [&str; 2] = [".md", ".markdown"];

/// Whether a link target is a relative path to another note: no scheme and
/// not protocol-relative, with a path ending in `.md` or `.markdown` once any
/// `#fragment` or `?query` is set aside. A leading `/` counts as the root of
/// the collection, as [`resolve_link`] reads it.
pub fn is_note_link(url: &str) -> bool {
    if doc_link_name(url).is_some() {
        return true;
    }
    let path = path_part(url).to_ascii_lowercase();
    !has_scheme(url) && !url.starts_with("//") && NOTE_EXTENSIONS.iter().any(|ext| path.ends_with(ext))
}

/// The destinations of the links in a Markdown body, in reading order, as
/// written (not resolved). Reference links appear with their definition's
/// target; e-mail autolinks are left out because `someone@example.md` is
/// an address, not a file. Images are not links.
pub fn note_links(body: &str) -> Vec<String> {
    Parser::new_ext(body, parse_options())
        .filter_map(|event| match event {
            Event::Start(Tag::Link { link_type, dest_url, .. }) if link_type != LinkType::Email => {
                Some(dest_url.into_string())
            }
            _ => None,
        })
        .collect()
}

/// The note id a relative link names, read from the note `from_id`:
/// `../2022-10-detroit/x.md#top` from `2019-barcelona/a.md` is
/// `2022-10-detroit/x.md`. The fragment and query are dropped, `%XX`
/// escapes decoded, `.` and `..` folded and a leading `/` taken as the
/// collection root.
///
/// `None` for a link with a scheme, a bare `#fragment`, or a path that
/// climbs out of the collection or names its root: such a link can never be
/// a note, and refusing it here keeps `..` tricks from reaching other files.
/// The extension is not checked; [`is_note_link`] says whether it names a note.
pub fn resolve_link(from_id: &str, url: &str) -> Option<String> {
    if has_scheme(url) || url.starts_with("//") {
        return None;
    }
    let path = percent_decode(path_part(url));
    if path.is_empty() {
        return None;
    }
    let folder = if path.starts_with('/') { "" } else { from_id.rsplit_once('/').map_or("", |(folder, _)| folder) };
    join_normalized(folder, &path)
}

/// The page a documentation catalog's link names: `Automating-Backups`
/// for `doc:Automating-Backups` (written `<doc:…>` in DocC catalogs),
/// the last segment of `doc:Folder/Page`, any `#fragment` set aside.
/// `None` for any other link, and for `doc://bundle/…` addresses, which
/// name a published site rather than a page beside the note.
pub fn doc_link_name(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("doc:").filter(|rest| !rest.starts_with("//"))?;
    let path = path_part(rest);
    let name = path.rsplit('/').next().unwrap_or(path);
    (!name.trim().is_empty()).then_some(name)
}

/// The file a `doc:` link names in `c`, read from the file `from`: the note
/// (or event overview) whose file stem is the page's name, else whose title
/// is, as DocC names pages (`Automating-Backups` for `Automating
/// Backups.md`: spaces, `-` and `_` alike, case aside). Of several,
/// the one nearest `from` in the folders. `None` for a page that is no note.
/// Every page is looked at: for one link (the note shown); [`DocPages`]
/// answers many.
pub fn resolve_doc_link(c: &Collection, from: &str, url: &str) -> Option<String> {
    let name = percent_decode(doc_link_name(url)?);
    let pages = || pages_of(c);
    nearest(from, pages().filter(|(file, _)| same_page_name(file_stem(file), &name)).map(|(file, _)| file))
        .or_else(|| nearest(from, pages().filter(|(_, title)| same_page_name(title, &name)).map(|(file, _)| file)))
        .map(str::to_string)
}

/// Every page of a collection by its name as a `doc:` link writes it, for
/// resolving the links of every note at once (the relations' index).
pub struct DocPages<'c> {
    by_stem: HashMap<String, Vec<&'c str>>,
    by_title: HashMap<String, Vec<&'c str>>,
}

impl<'c> DocPages<'c> {
    pub fn new(c: &'c Collection) -> Self {
        let mut pages = Self { by_stem: HashMap::new(), by_title: HashMap::new() };
        for (file, title) in pages_of(c) {
            pages.by_stem.entry(page_key(file_stem(file))).or_default().push(file);
            pages.by_title.entry(page_key(title)).or_default().push(file);
        }
        pages
    }

    /// What [`resolve_doc_link`] answers, by look-up.
    pub fn resolve(&self, from: &str, url: &str) -> Option<String> {
        let key = page_key(&percent_decode(doc_link_name(url)?));
        let found = |map: &HashMap<String, Vec<&'c str>>| nearest(from, map.get(&key)?.iter().copied());
        found(&self.by_stem).or_else(|| found(&self.by_title)).map(str::to_string)
    }
}

/// Each note's file and title, then each event overview's file and name, in order.
fn pages_of(c: &Collection) -> impl Iterator<Item = (&str, &str)> {
    let notes = c.notes.iter().map(|n| (n.source_file(), n.title.as_str()));
    notes.chain(c.events.iter().filter_map(|e| Some((e.overview_file.as_deref()?, e.name.as_str()))))
}

/// Of `files`, the first of those nearest `from` in the folders: the
/// owner's order decides among equals.
fn nearest<'a>(from: &str, files: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    files.min_by_key(|file| std::cmp::Reverse(shared_folders(from, file)))
}

/// A file's name without its folders and extension.
fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// How many leading folders two paths share.
fn shared_folders(a: &str, b: &str) -> usize {
    fn folder(path: &str) -> &str {
        path.rsplit_once('/').map_or("", |(folder, _)| folder)
    }
    folder(a).split('/').zip(folder(b).split('/')).take_while(|(x, y)| x == y).count()
}

/// A page's name as DocC links write it, lower case with a space, `-` or
/// `_` alike: `automating-backups`.
fn page_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let fold = |c: char| if matches!(c, ' ' | '_') { '-' } else { c };
    text.trim().chars().flat_map(char::to_lowercase).map(fold)
}

/// Whether `text` names the page `name` ([`page_chars`] alike), compared
/// without allocating: every page is asked.
fn same_page_name(text: &str, name: &str) -> bool {
    page_chars(text).eq(page_chars(name))
}

fn page_key(text: &str) -> String {
    page_chars(text).collect()
}

/// A path relative to the collection root (as `related:` entries are
/// written), with `.` and `..` folded; `None` when it climbs out of the root.
pub fn normalize_root_path(path: &str) -> Option<String> {
    join_normalized("", path)
}

/// The options the renderer parses with, so the links found here are the
/// links a reader sees (footnote definitions are not link definitions).
pub(crate) fn parse_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS | Options::ENABLE_FOOTNOTES
}

/// The part of a URL before any `?query` or `#fragment`.
fn path_part(url: &str) -> &str {
    url.split(['#', '?']).next().unwrap_or(url)
}

/// Whether the URL starts with an RFC 3986 scheme (`https:`, `mailto:`,
/// `file:`): letters, then letters, digits, `+`, `-` or `.`, then `:`,
/// all before any `/`, `?` or `#`.
pub(crate) fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Decodes `%XX` escapes. A `%` not followed by two hex digits stays as
/// written, and a result that is not UTF-8 falls back to the text as
/// written, since a file name may contain a literal `%`.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some(&[b'%', high, low]) => hex_value(high).zip(hex_value(low)).map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

fn hex_value(digit: u8) -> Option<u8> {
    char::from(digit).to_digit(16).and_then(|v| u8::try_from(v).ok())
}

/// `folder` joined with `path`, `/`-separated, with empty segments and `.`
/// dropped and `..` folded. `None` if it climbs above the root or ends there.
fn join_normalized(folder: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for segment in folder.split('/').chain(path.split('/')) {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_links_are_relative_markdown_paths() {
        for yes in ["x.md", "../2022/x.md#top", "a/b.MARKDOWN?plain=1", "/2019/x.md", "my%20note.md"] {
            assert!(is_note_link(yes), "{yes}");
        }
        for no in [
            "https://example.org/x.md",
            "mailto:a@b.md",
            "file:x.md",
            "//host/x.md",
            "x.md.txt",
            "#x.md",
            "slides.pdf",
            "",
        ] {
            assert!(!is_note_link(no), "{no}");
        }
    }

    #[test]
    fn links_are_found_inline_by_reference_and_in_tables_but_not_images_or_emails() {
        let body = "See [a](a.md) and [b][ref], ![pic](p.md), <mail@host.md>, <https://x.org>.\n\n\
                    | t |\n|---|\n| [c](../c.md#h) |\n\n`[not](code.md)`\n\n[ref]: sub/b.md\n";
        assert_eq!(note_links(body), ["a.md", "sub/b.md", "https://x.org", "../c.md#h"]);
    }

    #[test]
    fn footnotes_are_not_link_definitions() {
        assert!(note_links("Claim[^1].\n\n[^1]: ../x.md\n").is_empty());
    }

    #[test]
    fn links_resolve_from_the_folder_of_the_note() {
        let from = "2019-barcelona/observability.md";
        assert_eq!(resolve_link(from, "../2022-10-detroit/x.md#frag").as_deref(), Some("2022-10-detroit/x.md"));
        assert_eq!(resolve_link(from, "serverless.md").as_deref(), Some("2019-barcelona/serverless.md"));
        assert_eq!(resolve_link(from, "./day-2/../y.md?x=1").as_deref(), Some("2019-barcelona/y.md"));
        assert_eq!(resolve_link(from, "/2024-03-paris/a.md").as_deref(), Some("2024-03-paris/a.md"));
        assert_eq!(resolve_link("2019/day-2/a.md", "../b.md").as_deref(), Some("2019/b.md"));
        assert_eq!(resolve_link(from, "my%20note.md").as_deref(), Some("2019-barcelona/my note.md"));
        assert_eq!(resolve_link(from, "caf%C3%A9.md").as_deref(), Some("2019-barcelona/café.md"));
        assert_eq!(resolve_link(from, "100%.md").as_deref(), Some("2019-barcelona/100%.md"));
        assert_eq!(resolve_link(from, "a%+1.md").as_deref(), Some("2019-barcelona/a%+1.md"));
        assert_eq!(resolve_link(from, "bad%FF.md").as_deref(), Some("2019-barcelona/bad%FF.md"));
    }

    #[test]
    fn links_never_climb_out_of_the_collection() {
        let from = "2019-barcelona/observability.md";
        assert_eq!(resolve_link(from, "../../etc/passwd.md"), None);
        assert_eq!(resolve_link(from, "..%2F..%2Fsecret.md"), None);
        assert_eq!(resolve_link(from, "%2E%2E/%2E%2E/secret.md"), None);
        assert_eq!(resolve_link(from, ".."), None);
        assert_eq!(resolve_link(from, "#section"), None);
        assert_eq!(resolve_link(from, "https://example.org/x.md"), None);
        assert_eq!(resolve_link(from, "//host/x.md"), None);
    }

    #[test]
    fn doc_links_name_a_catalog_page() {
        assert_eq!(doc_link_name("doc:Automating-Backups"), Some("Automating-Backups"));
        assert_eq!(doc_link_name("doc:Guide/Getting-Started#setup"), Some("Getting-Started"));
        assert_eq!(doc_link_name("doc://org.example.Notes/documentation/Notes/Page"), None);
        assert_eq!(doc_link_name("doc:"), None);
        assert_eq!(doc_link_name("https://example.org"), None);
        assert!(is_note_link("doc:Kotlin's-Quiet-Corners"));
        assert!(same_page_name("Kotlin's Quiet Corners", "kotlin's-quiet-corners"));
        assert!(same_page_name("StoreKit From_Scratch", "StoreKit-From-Scratch"));
        assert!(!same_page_name("StoreKit", "StoreKit-From-Scratch"));
        assert_eq!(shared_folders("a/b/c.md", "a/b/d.md"), 2);
        assert_eq!(shared_folders("a/b/c.md", "a/x/d.md"), 1);
    }

    #[test]
    fn doc_links_resolve_by_stem_then_title_nearest_first_alike_by_search_and_look_up() {
        let dir = crate::test_fixtures::folder(&[
            ("A.docc/2031-Conf/Edge Caches.md", "# Caches at the edge\n"),
            ("A.docc/2031-Conf/Storage.md", "# Storing a petabyte\n"),
            ("A.docc/2032-Conf/Edge Caches.md", "# Caches again\n"),
        ]);
        let c = crate::notes::load_folder(dir.path()).expect("loads");
        let pages = DocPages::new(&c);
        let from = "A.docc/2032-Conf/Other.md";
        for (url, want) in [
            ("doc:edge-caches", Some("A.docc/2032-Conf/Edge Caches.md")),
            ("doc:Storing-a-Petabyte", Some("A.docc/2031-Conf/Storage.md")),
            ("doc:Storage#top", Some("A.docc/2031-Conf/Storage.md")),
            ("doc:Nothing", None),
        ] {
            assert_eq!(resolve_doc_link(&c, from, url).as_deref(), want, "{url}");
            assert_eq!(pages.resolve(from, url).as_deref(), want, "{url} looked up");
        }
        let from = "A.docc/2031-Conf/Storage.md";
        assert_eq!(pages.resolve(from, "doc:Edge-Caches").as_deref(), Some("A.docc/2031-Conf/Edge Caches.md"));
    }

    #[test]
    fn root_paths_normalise() {
        assert_eq!(normalize_root_path("./2019/./x.md").as_deref(), Some("2019/x.md"));
        assert_eq!(normalize_root_path("2019/../2022/x.md").as_deref(), Some("2022/x.md"));
        assert_eq!(normalize_root_path("../x.md"), None);
    }
}
