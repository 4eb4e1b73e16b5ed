//! The command that opens a file at a line in the reader's editor: a
//! template with `{file}` and `{line}` (config `editor`), or for a bare
//! program name ($VISUAL, $EDITOR) the template known for that editor.

use std::path::Path;

/// Templates of the editors whose way of taking a line is known; any other
/// editor gets the file alone.
const KNOWN: &[(&[&str], &str)] = &[
    (
        &[
            "vi",
            "vim",
            "nvim",
            "gvim",
            "view",
            "nano",
            "emacs",
            "emacsclient",
            "hx",
            "helix",
            "kak",
            "micro",
            "joe",
            "mg",
            "ne",
            "jed",
            "vis",
            "gedit",
            "kate",
        ],
        "+{line} {file}",
    ),
    (&["code", "codium", "code-insiders", "cursor"], "-g {file}:{line}"),
    (&["subl", "zed", "mate"], "{file}:{line}"),
];

/// The words of the command opening `path` at `line` with `editor`: a
/// template when it names `{file}`, else a program (and its own arguments)
/// followed by what that program takes for a line. Words are split at
/// spaces; a path with spaces stays one word.
pub fn command_line(editor: &str, path: &Path, line: usize) -> Vec<String> {
    let file = path.display().to_string();
    let line = line.to_string();
    let fill = |word: &str| word.replace("{file}", &file).replace("{line}", &line);
    if editor.contains("{file}") {
        return editor.split_whitespace().map(fill).collect();
    }
    let mut words: Vec<String> = editor.split_whitespace().map(str::to_string).collect();
    let Some(program) = words.first() else { return Vec::new() };
    let name = Path::new(program).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let template =
        KNOWN.iter().find(|(names, _)| names.contains(&name.as_str())).map_or("{file}", |(_, template)| template);
    words.extend(template.split_whitespace().map(fill));
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_editors_open_at_the_line_in_their_own_way() {
        let p = Path::new("/n/a.md");
        assert_eq!(command_line("vim", p, 12), ["vim", "+12", "/n/a.md"]);
        assert_eq!(command_line("/usr/bin/nvim -u NONE", p, 3), ["/usr/bin/nvim", "-u", "NONE", "+3", "/n/a.md"]);
        assert_eq!(command_line("code", p, 7), ["code", "-g", "/n/a.md:7"]);
        assert_eq!(command_line("subl", p, 7), ["subl", "/n/a.md:7"]);
        assert_eq!(command_line("someeditor", p, 7), ["someeditor", "/n/a.md"]);
    }

    #[test]
    fn a_template_says_where_the_file_and_line_go() {
        let p = Path::new("/notes dir/a.md");
        assert_eq!(command_line("code -g {file}:{line}", p, 9), ["code", "-g", "/notes dir/a.md:9"]);
        assert_eq!(command_line("ed --line={line} {file}", p, 2), ["ed", "--line=2", "/notes dir/a.md"]);
        assert!(command_line("   ", p, 2).is_empty());
    }
}
