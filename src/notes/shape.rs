//! Recognising how a collection folder is laid out, so people's existing
//! note folders open as they are: event folders with the year anywhere in
//! their name, year folders holding event folders, series folders holding
//! one folder or file per edition, single files at the root, and folders
//! with no year at all (undated groups). See docs/notes-format.md,
//! "Folders as people already keep them".

use super::walk::is_markdown;
use std::collections::BTreeMap;

use super::date::PartialDate;
use super::naming::{name_from_slug, Casing};
use super::source::SourceFile;

/// The files of a collection, sorted into what they are.
pub(super) struct Shape {
    /// The root `topics.toml`.
    pub topics: Option<SourceFile>,
    /// The root `README.md` (else `index.md` or `_index.md`): the collection's introduction.
    pub intro: Option<SourceFile>,
    pub units: Vec<Unit>,
    /// Markdown files that are not notes, by path, and why (a licence, a glossary).
    pub skipped: Vec<(String, &'static str)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UnitKind {
    /// A folder of notes: an event folder, or an undated group when its path has no date.
    Folder,
    /// One Markdown file holding a whole event.
    File,
}

/// What becomes one event: a folder or a file, with what its path tells.
pub(super) struct Unit {
    pub kind: UnitKind,
    /// The folder's path, or the file's, relative to the root.
    pub path: String,
    /// The name its path gives: `2019-05-barcelona` → Barcelona, `kubecon-eu-2019` → Kubecon Eu 2019.
    pub name: String,
    /// The date its path gives: its own name's, else its year folder's.
    pub date: Option<PartialDate>,
    /// The folder without a year that holds this edition with others (`ZoCon`).
    pub series_folder: Option<String>,
    /// The name as written, when this is a dated edition whose name may
    /// match other editions' (`zocon-us-2019`, `quirkyweave` under `2016/`).
    pub edition_name: Option<String>,
    /// For a folder, every note file in it at any depth, in path order; for a file, that file.
    pub files: Vec<SourceFile>,
}

/// Files of an event folder that hold its overview, in order of precedence.
pub(super) const OVERVIEW_STEMS: [&str; 4] = ["event", "readme", "index", "_index"];

/// Files a repository keeps for its own sake, never notes, wherever they are.
const META_STEMS: [&str; 7] =
    ["license", "licence", "copying", "contributing", "changelog", "code_of_conduct", "code-of-conduct"];

/// Files a repository keeps for its own sake at its root; inside an event
/// they are notes (`security.md` is a talk about security).
const ROOT_META_STEMS: [&str; 3] = ["security", "notice", "authors"];

/// Names of files that collect words rather than notes of a talk.
const GLOSSARY_STEMS: [&str; 8] =
    ["glossary", "glossaries", "terms", "terminology", "definitions", "acronyms", "abbreviations", "jargon"];

/// Why a Markdown file is not a note, from its path alone: the files a
/// repository keeps for itself, glossaries and templates.
/// Asked of every path at start-up: compared without lower-case copies.
pub(super) fn skip_reason(rel: &str) -> Option<&'static str> {
    name_skip_reason(rel).or_else(|| folder_skip_reason(folder_of(rel)))
}

/// [`skip_reason`] for what the file's own name says.
fn name_skip_reason(rel: &str) -> Option<&'static str> {
    let stem = stem(rel);
    let at_root = !rel.contains('/');
    if one_of(stem, &META_STEMS) || (at_root && one_of(stem, &ROOT_META_STEMS)) {
        return Some("the repository's own file, not a note");
    }
    if one_of(stem, &GLOSSARY_STEMS) {
        return Some("a glossary, not a note");
    }
    if stem.split(['-', '_', ' ', '.']).any(|w| one_of(w, &["template", "templates"])) {
        return Some("a template, not a note");
    }
    None
}

/// [`skip_reason`] for what the folders a file is in say (`""` at the root).
fn folder_skip_reason(folder: &str) -> Option<&'static str> {
    let code = folder.split('/').any(|f| one_of(f, &CODE_FOLDERS));
    code.then_some("part of a workshop's code or labs, not a note")
}

/// The folder part of a path, `""` at the root.
fn folder_of(rel: &str) -> &str {
    memchr::memrchr(b'/', rel.as_bytes()).map_or("", |at| &rel[..at])
}

/// Whether `word` is one of `names` (lower case), ASCII case aside.
fn one_of(word: &str, names: &[&str]) -> bool {
    names.iter().any(|name| word.eq_ignore_ascii_case(name))
}

/// Folders that hold a workshop's code, exercises or dependencies: the
/// Markdown in them documents code, it is no note of a talk.
const CODE_FOLDERS: [&str; 12] = [
    "code",
    "src",
    "lib",
    "lab",
    "labs",
    "exercises",
    "solutions",
    "starter",
    "node_modules",
    "vendor",
    "site-packages",
    "venv",
];

/// Sorts `files` (paths relative to the root) into topics, introduction and events.
pub(super) fn recognise(files: Vec<SourceFile>) -> Shape {
    recognise_at(files, None)
}

/// What the name of the folder opened (and of its parent) says about it,
/// when it is one event's folder or one year's rather than a collection.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Opened {
    /// `…/2016/`: a year folder; its folders and files are that year's events.
    Year(PartialDate),
    /// `…/2016/quokkacon-us/`, `…/kubecon-eu-2019/`: one event's folder.
    Event(String, Option<PartialDate>),
}

impl Opened {
    /// What `root`'s own name and its parent's say: a year, a dated name, or
    /// an undated name inside a year folder. `None` for a collection.
    pub(super) fn of(root: &std::path::Path) -> Option<Opened> {
        let name = root.file_name()?.to_str()?;
        if is_year(name) {
            return PartialDate::in_name(name).map(|(d, _)| Opened::Year(d));
        }
        let own = PartialDate::in_name(name).map(|(d, _)| d);
        let parent = root.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).filter(|n| is_year(n));
        let date = own.or_else(|| parent.and_then(PartialDate::in_name).map(|(d, _)| d))?;
        Some(Opened::Event(name.to_string(), Some(date)))
    }
}

/// [`recognise`] for a folder opened at `opened`: one event's folder is read
/// as that event, a year's folder as that year's events, unless the folder
/// holds dated folders of its own (then it is a collection after all).
pub(super) fn recognise_at(files: Vec<SourceFile>, opened: Option<Opened>) -> Shape {
    let mut root = Dir::default();
    let mut casing = Casing::default();
    // A folder's words are learnt with its first file: its next files
    // (paths come folder by folder) would teach nothing new.
    let mut folder_learnt = None;
    for file in &files {
        let (folder, name) = file.rel.rsplit_once('/').map_or(("", file.rel.as_str()), |(f, n)| (f, n));
        if folder_learnt != Some(folder) {
            casing.learn(folder);
            folder_learnt = Some(folder);
        }
        casing.learn(name);
    }
    let mut skipped = Vec::new();
    // What a folder's names say is worked out once for its files, which come together.
    let mut folder_said: (String, Option<&'static str>) = (String::new(), None);
    for file in files {
        if file.rel.split('/').any(|p| p.starts_with('.') || p.is_empty()) {
            continue;
        }
        if is_markdown(&file.rel) {
            let folder = folder_of(&file.rel);
            if folder != folder_said.0 {
                folder_said = (folder.to_string(), folder_skip_reason(folder));
            }
            if let Some(reason) = name_skip_reason(&file.rel).or(folder_said.1) {
                skipped.push((file.rel, reason));
                continue;
            }
        }
        root.insert(file, 0);
    }
    let mut shape = Shape { topics: None, intro: None, units: Vec::new(), skipped };
    let holds_dated = root.dirs.keys().any(|d| dated(d));
    match opened {
        Some(Opened::Event(name, date)) if !holds_dated => {
            let display = name_from_slug(&name, &casing);
            let mut files = std::mem::take(&mut root).into_files_all();
            if let Some(i) = files.iter().position(|f| f.rel == "topics.toml") {
                shape.topics = Some(files.remove(i));
            }
            shape.units.push(Unit {
                kind: UnitKind::Folder,
                path: String::new(),
                name: if display.is_empty() { name.clone() } else { display },
                date,
                series_folder: None,
                edition_name: Some(name),
                files: files.into_iter().filter(|f| is_note_in_tree(&f.rel)).collect(),
            });
            return shape;
        }
        Some(Opened::Year(year)) if !holds_dated => {
            let ctx = Context { year: Some(year), ..Context::default() };
            for file in std::mem::take(&mut root.files) {
                match file.rel.as_str() {
                    "topics.toml" => shape.topics = Some(file),
                    rel if !is_note_in_tree(rel) => {}
                    rel if is_overview(rel) => {
                        shape.intro.get_or_insert(file);
                    }
                    rel => {
                        let date = PartialDate::in_name(stem(rel)).map(|(d, _)| d).or(Some(year));
                        shape.units.push(file_unit(file, date, None, true, &casing));
                    }
                }
            }
            for (name, dir) in std::mem::take(&mut root.dirs) {
                place(&name, &name, dir, &ctx, &casing, &mut shape.units);
            }
            return shape;
        }
        _ => {}
    }
    let mut intro_fallback = None;
    for file in std::mem::take(&mut root.files) {
        let name = file.rel.clone();
        if name == "topics.toml" {
            shape.topics = Some(file);
            continue;
        }
        if !is_note_in_tree(&name) {
            continue;
        }
        match stem(&name).to_ascii_lowercase().as_str() {
            "readme" => shape.intro = Some(file),
            "index" | "_index" => {
                intro_fallback.get_or_insert(file);
            }
            _ => {
                let date = PartialDate::in_name(stem(&name)).map(|(d, _)| d);
                shape.units.push(file_unit(file, date, None, date.is_some(), &casing));
            }
        }
    }
    if shape.intro.is_none() {
        shape.intro = intro_fallback;
    }
    for (name, dir) in std::mem::take(&mut root.dirs) {
        place(&name, &name, dir, &Context::default(), &casing, &mut shape.units);
    }
    shape
}

/// What the folders above a folder tell about it.
#[derive(Default, Clone)]
struct Context {
    /// The year folder it sits in (`2016/`).
    year: Option<PartialDate>,
    /// The series folder it sits in, by path.
    series: Option<String>,
    /// The series' name as editions named only by a date take it:
    /// `ZoCon Vestria` for `ZoCon/Vestria/2025/`.
    series_name: Option<String>,
    /// The name of the folder above when it holds nothing but this one
    /// (`ZoCon/` above `Vestria/`): a series named inside it carries it.
    lead: Option<String>,
}

fn place(path: &str, name: &str, dir: Dir, ctx: &Context, casing: &Casing, units: &mut Vec<Unit>) {
    let own = PartialDate::in_name(name).map(|(d, _)| d);
    if ctx.series.is_none() && is_year(name) {
        // A year folder: each folder in it is an event, and so is each file.
        let year = Context { year: own, ..Context::default() };
        for file in dir.files.into_iter().filter(|f| is_note_in_tree(&f.rel) && !is_overview(&f.rel)) {
            let date = PartialDate::in_name(stem(&file.rel)).map(|(d, _)| d).or(own);
            units.push(file_unit(file, date, None, true, casing));
        }
        for (child, sub) in dir.dirs {
            place(&format!("{path}/{child}"), &child, sub, &year, casing, units);
        }
        return;
    }
    if own.is_some() || ctx.year.is_some() {
        let own_name = name_from_slug(name, casing);
        let (display, edition_name) = match (&ctx.series_name, own_name.is_empty()) {
            // `quirkyweave/2016`, `meetup/2025 04 22`: the edition is named by its series.
            (Some(series), true) => (edition_of(series, own), None),
            (None, true) => (name.to_string(), Some(name.to_string())),
            (_, false) => (own_name, Some(name.to_string())),
        };
        units.push(Unit {
            kind: UnitKind::Folder,
            path: path.to_string(),
            name: display,
            date: own.or(ctx.year),
            series_folder: ctx.series.clone(),
            edition_name,
            files: dir.into_files(),
        });
        return;
    }
    if dir.has_dated_descendant() {
        // Editions directly inside make this folder their series; files
        // without a year stay together as an undated group.
        // A documentation catalog (`Notes.docc`) is the site the notes are
        // published as, holding whatever events they are: no series, and
        // nothing named after it.
        let catalog = catalog_name(name).is_some();
        let holds_editions = !catalog
            && (dir.files.iter().any(|f| is_note_in_tree(&f.rel) && dated(stem(&f.rel)))
                || dir.dirs.keys().any(|d| dated(d)));
        let own_name = folder_name(name, ctx, casing);
        let series = Context {
            series: holds_editions.then(|| path.to_string()),
            series_name: holds_editions.then(|| own_name.clone()),
            ..Context::default()
        };
        let lone = !catalog && !dir.files.iter().any(|f| is_note_in_tree(&f.rel)) && dir.dirs.len() == 1;
        let mut leftover = Vec::new();
        for file in dir.files.into_iter().filter(|f| is_note_in_tree(&f.rel)) {
            match PartialDate::in_name(stem(&file.rel)) {
                Some((date, _)) => {
                    let mut unit = file_unit(file, Some(date), series.series.clone(), true, casing);
                    if unit.name.is_empty() {
                        unit.name = edition_of(&own_name, Some(date));
                        unit.edition_name = None;
                    }
                    units.push(unit);
                }
                None => leftover.push(file),
            }
        }
        for (child, sub) in dir.dirs {
            let child_ctx = if dated(&child) {
                series.clone()
            } else {
                Context { lead: lone.then(|| own_name.clone()), ..Context::default() }
            };
            place(&format!("{path}/{child}"), &child, sub, &child_ctx, casing, units);
        }
        if leftover.iter().any(|f| !is_overview(&f.rel)) {
            units.push(Unit {
                kind: UnitKind::Folder,
                path: path.to_string(),
                name: own_name,
                date: None,
                series_folder: None,
                edition_name: None,
                files: leftover,
            });
        }
        return;
    }
    units.push(Unit {
        kind: UnitKind::Folder,
        path: path.to_string(),
        name: folder_name(name, ctx, casing),
        date: None,
        series_folder: None,
        edition_name: None,
        files: dir.into_files(),
    });
}

/// An undated folder's name: its slug's, after the name of the folder
/// above that leads it, a catalog's without its `.docc`.
fn folder_name(name: &str, ctx: &Context, casing: &Casing) -> String {
    let own = name_from_slug(catalog_name(name).unwrap_or(name), casing);
    match &ctx.lead {
        Some(lead) => format!("{lead} {own}"),
        None => own,
    }
}

/// The name of a documentation catalog's folder without its `.docc`:
/// `Notes` of `Notes.docc`. `None` for any other folder.
fn catalog_name(folder: &str) -> Option<&str> {
    let at = folder.len().checked_sub(".docc".len())?;
    let (name, extension) = (folder.get(..at)?, folder.get(at..)?);
    (extension.eq_ignore_ascii_case(".docc") && !name.is_empty()).then_some(name)
}

/// An edition named by its series and year: `Quirkyweave 2016`.
fn edition_of(series: &str, date: Option<PartialDate>) -> String {
    match date {
        Some(date) => format!("{series} {}", date.year),
        None => series.to_string(),
    }
}

fn file_unit(
    file: SourceFile,
    date: Option<PartialDate>,
    series_folder: Option<String>,
    edition: bool,
    casing: &Casing,
) -> Unit {
    let file_stem = stem(&file.rel).to_string();
    let name = name_from_slug(&file_stem, casing);
    Unit {
        kind: UnitKind::File,
        path: file.rel.clone(),
        name: if name.is_empty() && series_folder.is_none() { file_stem.clone() } else { name },
        date,
        series_folder,
        edition_name: edition.then_some(file_stem),
        files: vec![file],
    }
}

/// A folder tree of files, by path component.
#[derive(Default)]
struct Dir {
    files: Vec<SourceFile>,
    dirs: BTreeMap<String, Dir>,
}

impl Dir {
    /// Puts `file` in the folder its path names from byte `from` on; a
    /// folder's name is copied only when the folder is first met.
    fn insert(&mut self, file: SourceFile, from: usize) {
        let Some(at) = file.rel.get(from..).and_then(|rest| rest.find('/')) else {
            self.files.push(file);
            return;
        };
        let next = from + at + 1;
        let name = &file.rel[from..from + at];
        match self.dirs.get_mut(name) {
            Some(dir) => dir.insert(file, next),
            None => {
                let name = name.to_string();
                let mut dir = Dir::default();
                dir.insert(file, next);
                self.dirs.insert(name, dir);
            }
        }
    }

    /// Every file below, notes or not, in path order.
    fn into_files_all(self) -> Vec<SourceFile> {
        let mut out = self.files;
        for (_, dir) in self.dirs {
            out.extend(dir.into_files_all());
        }
        sort_by_path(&mut out);
        out
    }

    /// Every note file below, in path order.
    fn into_files(self) -> Vec<SourceFile> {
        let mut out: Vec<SourceFile> = self.files.into_iter().filter(|f| is_note_in_tree(&f.rel)).collect();
        for (_, dir) in self.dirs {
            out.extend(dir.into_files());
        }
        sort_by_path(&mut out);
        out
    }

    fn has_dated_descendant(&self) -> bool {
        self.files.iter().any(|f| is_note_in_tree(&f.rel) && dated(stem(&f.rel)))
            || self.dirs.iter().any(|(name, dir)| (dated(name) && dir.has_note()) || dir.has_dated_descendant())
    }

    fn has_note(&self) -> bool {
        self.files.iter().any(|f| is_note_in_tree(&f.rel)) || self.dirs.values().any(Dir::has_note)
    }
}

/// Files in path order; most folders' files already are, and cost one pass.
fn sort_by_path(files: &mut [SourceFile]) {
    if !files.is_sorted_by(|a, b| a.rel <= b.rel) {
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
    }
}

fn dated(name: &str) -> bool {
    PartialDate::in_name(name).is_some()
}

/// A name that is a year and nothing else: `2016`.
fn is_year(name: &str) -> bool {
    name.len() == 4 && PartialDate::in_name(name).is_some_and(|(_, at)| at == (0..4))
}

/// A Markdown file that may be a note: not hidden, not a repository's own file.
pub(super) fn is_note_file(rel: &str) -> bool {
    is_markdown(rel) && !last_part(rel).starts_with('.') && skip_reason(rel).is_none()
}

/// [`is_note_file`] for a file of the [`Dir`] tree, asked many times of
/// each: only files with no hidden part and no reason to skip them entered
/// the tree ([`recognise_at`]), so every Markdown file there is a note.
fn is_note_in_tree(rel: &str) -> bool {
    is_markdown(rel)
}

/// Whether a file's name makes it an event overview (`event.md`, `README.md`, `index.md`, `_index.md`).
pub(super) fn is_overview(rel: &str) -> bool {
    overview_rank(rel).is_some()
}

/// The overview precedence of a file name: 0 for `event.md`, up to 3 for `_index.md`.
pub(super) fn overview_rank(rel: &str) -> Option<usize> {
    let s = stem(rel);
    OVERVIEW_STEMS.iter().position(|o| s.eq_ignore_ascii_case(o))
}

fn last_part(rel: &str) -> &str {
    // Bytes, not chars: `/` and `.` are ASCII, and every path is asked often at start-up.
    memchr::memrchr(b'/', rel.as_bytes()).map_or(rel, |at| &rel[at + 1..])
}

/// A file's name without its folder and extension.
pub(super) fn stem(rel: &str) -> &str {
    let name = last_part(rel);
    memchr::memrchr(b'.', name.as_bytes()).map_or(name, |at| &name[..at])
}

/// `salt-lake-city` → `Salt Lake City`; words already capitalised are kept.
pub(super) fn title_case(slug: &str) -> String {
    slug.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A name without its dates: `zocon-us-2019` → `zocon-us-`.
fn without_dates(name: &str) -> String {
    let mut rest = name.to_string();
    while let Some((_, at)) = PartialDate::in_name(&rest) {
        rest.replace_range(at, " ");
    }
    rest
}

/// The key that makes editions one series: the name without dates,
/// separators and case. `quirkyweave`, `Quirky-Weave-2018` → `quirkyweave`;
/// `zocon-us-2015` → `zoconus`.
pub(super) fn series_key(name: &str) -> String {
    without_dates(name).chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// A series' name from one edition's: `kubecon-eu-2019` → `Kubecon Eu`.
pub(super) fn series_title(name: &str) -> String {
    title_case(without_dates(name).trim_matches(|c: char| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    fn shape(paths: &[&str]) -> Shape {
        recognise(paths.iter().map(|p| SourceFile { rel: p.to_string(), bytes: Cow::Borrowed(b"") }).collect())
    }

    /// `(kind, path, name, year, series folder, files)` of a unit.
    type Row = (UnitKind, String, String, Option<i32>, Option<String>, usize);

    /// Each unit's [`Row`], sorted by path.
    fn units(paths: &[&str]) -> Vec<Row> {
        let mut out: Vec<_> = shape(paths)
            .units
            .into_iter()
            .map(|u| (u.kind, u.path, u.name, u.date.map(|d| d.year), u.series_folder, u.files.len()))
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1));
        out
    }

    fn unit(kind: UnitKind, path: &str, name: &str, year: Option<i32>, series: Option<&str>, files: usize) -> Row {
        (kind, path.into(), name.into(), year, series.map(str::to_string), files)
    }

    use UnitKind::{File, Folder};

    #[test]
    fn event_folders_have_the_year_anywhere_in_their_name() {
        let got = units(&[
            "2019-05-barcelona/a.md",
            "kubecon-eu-2019/a.md",
            "MarmotCon-2017/day-1/b.md",
            "Re_Ignite_2018/c.md",
            "Re_Ignite_2018/LICENSE.md",
        ]);
        assert_eq!(
            got,
            [
                unit(Folder, "2019-05-barcelona", "Barcelona", Some(2019), None, 1),
                unit(Folder, "MarmotCon-2017", "MarmotCon 2017", Some(2017), None, 1),
                unit(Folder, "Re_Ignite_2018", "Re Ignite 2018", Some(2018), None, 1),
                unit(Folder, "kubecon-eu-2019", "KubeCon EU 2019", Some(2019), None, 1),
            ]
        );
    }

    #[test]
    fn year_folders_hold_event_folders_and_files() {
        let got = units(&["2016/quirkyweave/a.md", "2016/quirkyweave/b.md", "2016/README.md", "2018/zocon-de.md"]);
        assert_eq!(
            got,
            [
                unit(Folder, "2016/quirkyweave", "Quirkyweave", Some(2016), None, 2),
                unit(File, "2018/zocon-de.md", "ZoCon De", Some(2018), None, 1),
            ]
        );
    }

    #[test]
    fn series_folders_hold_editions_and_keep_undated_files_as_a_group() {
        let got = units(&[
            "ZoCon/zocon-us-2019.md",
            "ZoCon/zocon-us-2022.md",
            "ZoCon/README.md",
            "ZoCon/ideas.md",
            "quirkyweave/2016/a.md",
            "oxidconf/OXIDCONF-2023.md",
            "oxidconf/README.md",
        ]);
        assert_eq!(
            got,
            [
                unit(Folder, "ZoCon", "ZoCon", None, None, 2),
                unit(File, "ZoCon/zocon-us-2019.md", "ZoCon US 2019", Some(2019), Some("ZoCon"), 1),
                unit(File, "ZoCon/zocon-us-2022.md", "ZoCon US 2022", Some(2022), Some("ZoCon"), 1),
                unit(File, "oxidconf/OXIDCONF-2023.md", "OXIDCONF 2023", Some(2023), Some("oxidconf"), 1),
                unit(Folder, "quirkyweave/2016", "Quirkyweave 2016", Some(2016), Some("quirkyweave"), 1),
            ]
        );
    }

    #[test]
    fn a_documentation_catalog_is_no_series_and_is_named_without_its_extension() {
        let got = units(&[
            "Notes.docc/Root.md",
            "Notes.docc/2026-Conf/a.md",
            "Notes.docc/2027-Conf/a.md",
            "Notes.docc/Meetups/a.md",
            "Drafts.docc/a.md",
        ]);
        assert_eq!(
            got,
            [
                unit(Folder, "Drafts.docc", "Drafts", None, None, 1),
                unit(Folder, "Notes.docc", "Notes", None, None, 1),
                unit(Folder, "Notes.docc/2026-Conf", "Conf", Some(2026), None, 1),
                unit(Folder, "Notes.docc/2027-Conf", "Conf", Some(2027), None, 1),
                unit(Folder, "Notes.docc/Meetups", "Meetups", None, None, 1),
            ]
        );
        assert_eq!(catalog_name("a.DocC"), Some("a"));
        assert_eq!(catalog_name(".docc"), None);
        assert_eq!(catalog_name("docc"), None);
    }

    #[test]
    fn root_files_are_events_and_repository_files_are_ignored() {
        let s = shape(&["README.md", "topics.toml", "keldam-2020.md", "LICENSE", "CONTRIBUTING.md", "meetups/x.md"]);
        assert_eq!(s.intro.map(|f| f.rel).as_deref(), Some("README.md"));
        assert!(s.topics.is_some());
        let got: Vec<(UnitKind, &str, Option<i32>)> =
            s.units.iter().map(|u| (u.kind, u.path.as_str(), u.date.map(|d| d.year))).collect();
        assert_eq!(got, [(File, "keldam-2020.md", Some(2020)), (Folder, "meetups", None)]);
    }

    #[test]
    fn repository_files_glossaries_and_templates_are_skipped_with_a_reason() {
        let s = shape(&[
            "LICENSE.md",
            "SECURITY.md",
            "terms.md",
            "2019-x/security.md",
            "2019-x/talk-template.md",
            "2019-x/CONTRIBUTING.md",
            "2019-x/a.md",
            "2019-x/workshop/labs/lab-1.md",
            "2019-x/workshop/code/README.md",
        ]);
        let skipped: Vec<&str> = s.skipped.iter().map(|(rel, _)| rel.as_str()).collect();
        assert_eq!(
            skipped,
            [
                "LICENSE.md",
                "SECURITY.md",
                "terms.md",
                "2019-x/talk-template.md",
                "2019-x/CONTRIBUTING.md",
                "2019-x/workshop/labs/lab-1.md",
                "2019-x/workshop/code/README.md"
            ]
        );
        assert_eq!(s.skipped[2].1, "a glossary, not a note");
        let notes: Vec<&str> = s.units.iter().flat_map(|u| u.files.iter().map(|f| f.rel.as_str())).collect();
        assert_eq!(notes, ["2019-x/a.md", "2019-x/security.md"], "a talk called security is a note");
    }

    #[test]
    fn editions_named_only_by_a_date_take_their_series_name() {
        let got = units(&[
            "ZoCon/Vestria/2025/a.md",
            "AI Meetup/2025 04 22/a.md",
            "ML Parlor/2025 09 318.md",
            "QXDC/qxdc-east-2020.md",
        ]);
        assert_eq!(
            got,
            [
                unit(Folder, "AI Meetup/2025 04 22", "AI Meetup 2025", Some(2025), Some("AI Meetup"), 1),
                unit(File, "ML Parlor/2025 09 318.md", "ML Parlor 2025", Some(2025), Some("ML Parlor"), 1),
                unit(File, "QXDC/qxdc-east-2020.md", "QXDC East 2020", Some(2020), Some("QXDC"), 1),
                unit(Folder, "ZoCon/Vestria/2025", "ZoCon Vestria 2025", Some(2025), Some("ZoCon/Vestria"), 1),
            ]
        );
    }

    #[test]
    fn an_opened_event_or_year_folder_is_read_as_that_event_or_year() {
        let root = std::path::Path::new("/notes/2016/quokkacon-us");
        let opened = Opened::of(root);
        assert_eq!(opened, Some(Opened::Event("quokkacon-us".into(), PartialDate::parse("2016"))));
        let files = ["README.md", "a.md", "day-2/b.md", "LICENSE"]
            .iter()
            .map(|p| SourceFile { rel: p.to_string(), bytes: Cow::Borrowed(b"") })
            .collect();
        let s = recognise_at(files, opened);
        assert!(s.intro.is_none(), "the README is the event's overview");
        let got: Vec<Row> = s
            .units
            .into_iter()
            .map(|u| (u.kind, u.path, u.name, u.date.map(|d| d.year), u.series_folder, u.files.len()))
            .collect();
        assert_eq!(got, [unit(Folder, "", "QuokkaCon US", Some(2016), None, 3)]);

        let year = Opened::of(std::path::Path::new("/notes/2016"));
        let files = ["quirkyweave/a.md", "marmotcon.md", "README.md"]
            .iter()
            .map(|p| SourceFile { rel: p.to_string(), bytes: Cow::Borrowed(b"") })
            .collect();
        let got: Vec<(String, Option<i32>)> =
            recognise_at(files, year).units.into_iter().map(|u| (u.name, u.date.map(|d| d.year))).collect();
        assert_eq!(got, [("MarmotCon".to_string(), Some(2016)), ("Quirkyweave".to_string(), Some(2016))]);

        assert_eq!(Opened::of(std::path::Path::new("/home/me/conference-notes")), None);
        let dated_collection = ["2019-x/a.md", "2020-y/b.md"]
            .iter()
            .map(|p| SourceFile { rel: p.to_string(), bytes: Cow::Borrowed(b"") })
            .collect();
        let s = recognise_at(dated_collection, Some(Opened::Event("notes-2020".into(), None)));
        assert_eq!(s.units.len(), 2, "a folder of dated folders is a collection, whatever its name");
    }

    #[test]
    fn series_keys_ignore_years_separators_and_case() {
        assert_eq!(series_key("quirkyweave"), series_key("Quirky-Weave-2018"));
        assert_eq!(series_key("zocon-us-2015"), "zoconus");
        assert_eq!(series_key("OXIDCONF-2023"), "oxidconf");
        assert_eq!(series_key("2019-05-barcelona"), "barcelona");
        assert_eq!(series_key("KubeCon + CloudNativeCon Europe"), "kubeconcloudnativeconeurope");
        assert_eq!(series_title("kubecon-eu-2019"), "Kubecon Eu");
        assert_eq!(series_title("Re_Ignite_2018"), "Re Ignite");
    }
}
