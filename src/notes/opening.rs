//! Which links a note may have opened outside confnotes. A note is text
//! someone else may have written, and the system opener does whatever a
//! URL's scheme says (`javascript:` runs code, `file:` reaches any file,
//! `ssh://-oProxyCommand=…` has run commands), so only web and mail
//! addresses and files inside the collection are opened. Anything else is
//! refused with the reason, for the reader to see and copy.
//!
//! [`link_opening`] decides from the text alone; [`confine`] then checks,
//! on disk, that a file link is still inside the collection once symbolic
//! links are followed.

use std::path::{Path, PathBuf};

use super::links::{has_scheme, resolve_link};

/// What following a link that is not a note of the collection does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkOpening {
    /// An `http`, `https` or `mailto` address, for the system opener as written.
    Address(String),
    /// A file of the collection: its path from the root, `/`-separated.
    File(String),
    /// Not opened, and why.
    Refused(String),
}

/// How to open `url`, a link of the note read from `from_file` (a path
/// from the collection root). `has_files` is false for the bundled notes,
/// which are built into the binary and have no files beside them.
pub fn link_opening(url: &str, from_file: &str, has_files: bool) -> LinkOpening {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return refused("it holds spaces or control characters");
    }
    if url.starts_with("//") {
        return refused("it names a host without saying how to reach it (write https:// before it)");
    }
    if !has_scheme(url) {
        if !has_files {
            return refused("the bundled notes have no files on disk");
        }
        return match resolve_link(from_file, url) {
            Some(file) => LinkOpening::File(file),
            None => refused("it leads outside the collection"),
        };
    }
    let (scheme, rest) = url.split_once(':').unwrap_or((url, ""));
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" if web_host(rest).is_some_and(|host| !host.starts_with('-')) => {
            LinkOpening::Address(url.to_string())
        }
        "http" | "https" => refused("it is not a complete web address"),
        "mailto" if !rest.is_empty() && !rest.starts_with('-') => LinkOpening::Address(url.to_string()),
        "mailto" => refused("it is not a complete mail address"),
        "file" => {
            refused("file: links can reach any file of this computer; link to a file of the collection by its path")
        }
        "javascript" | "vbscript" | "data" => {
            refused(&format!("{scheme}: links run code or carry content of their own"))
        }
        _ => refused(&format!("{scheme}: links are not opened, only http, https and mailto")),
    }
}

fn refused(reason: &str) -> LinkOpening {
    LinkOpening::Refused(reason.to_string())
}

/// The host of the part of a web URL after `http:`: `//user@host:port/…`.
fn web_host(rest: &str) -> Option<&str> {
    let authority = rest.strip_prefix("//")?.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    Some(host).filter(|h| !h.is_empty() && !h.starts_with(':'))
}

/// The file `file` (a path from `root`, as [`LinkOpening::File`] gives it)
/// on disk, once it is known to exist and, with every symbolic link
/// followed, to be inside the collection. Otherwise why it is not opened.
pub fn confine(root: &Path, file: &str) -> Result<PathBuf, String> {
    let root = root.canonicalize().map_err(|e| format!("the collection cannot be read ({e})"))?;
    let path = root.join(file).canonicalize().map_err(|_| format!("{file} does not exist"))?;
    if path.starts_with(&root) {
        Ok(path)
    } else {
        Err(format!("{file} leads outside the collection through a symbolic link"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FROM: &str = "2024-05-somewhere/talk.md";

    fn opening(url: &str) -> LinkOpening {
        link_opening(url, FROM, true)
    }

    fn reason(url: &str) -> String {
        match opening(url) {
            LinkOpening::Refused(reason) => reason,
            other => panic!("{url} was not refused: {other:?}"),
        }
    }

    #[test]
    fn web_and_mail_addresses_are_opened_as_written() {
        for url in [
            "https://example.org/talk?x=1#t",
            "http://example.org",
            "HTTPS://Example.org/",
            "https://user@example.org:8443/",
            "mailto:someone@example.org?subject=hi",
        ] {
            assert_eq!(opening(url), LinkOpening::Address(url.to_string()), "{url}");
        }
    }

    #[test]
    fn every_other_scheme_is_refused_with_its_reason() {
        assert!(reason("javascript:alert(document.cookie)").contains("javascript: links run code"));
        assert!(reason("JavaScript:alert(1)").contains("run code"));
        assert!(reason("vbscript:msgbox(1)").contains("run code"));
        assert!(reason("data:text/html;base64,PHNjcmlwdD4=").contains("data: links"));
        assert!(reason("file:///etc/shadow").contains("file: links can reach any file"));
        assert!(reason("file:../../etc/passwd").contains("file: links"));
        assert!(reason("ssh://-oProxyCommand=touch%20/tmp/pwned/x").contains("ssh: links are not opened"));
        assert!(reason("smb://host/share").contains("smb: links are not opened"));
        assert!(reason("C:\\Windows\\system32").contains("C: links are not opened"));
        assert!(reason("ftp://example.org/x").contains("only http, https and mailto"));
    }

    #[test]
    fn malformed_addresses_are_refused() {
        assert!(reason("https:evil").contains("not a complete web address"));
        assert!(reason("https://").contains("not a complete web address"));
        assert!(reason("https://-oProxyCommand=x").contains("not a complete web address"));
        assert!(reason("mailto:").contains("not a complete mail address"));
        assert!(reason("mailto:-x").contains("not a complete mail address"));
        assert!(reason("//evil.example/x").contains("write https://"));
        assert!(reason("https://example.org/a b").contains("spaces or control"));
        assert!(reason("https://example.org/\x1b]52;c;eA==\x07").contains("spaces or control"));
    }

    #[test]
    fn files_resolve_from_the_notes_folder_and_stay_in_the_collection() {
        assert_eq!(opening("slides.pdf"), LinkOpening::File("2024-05-somewhere/slides.pdf".into()));
        assert_eq!(opening("../shared/diagram.png#x"), LinkOpening::File("shared/diagram.png".into()));
        assert_eq!(opening("/top.txt"), LinkOpening::File("top.txt".into()), "a leading / is the collection root");
        assert_eq!(opening("my%20slides.pdf"), LinkOpening::File("2024-05-somewhere/my slides.pdf".into()));
        assert!(reason("../../etc/passwd").contains("outside the collection"));
        assert!(reason("..%2F..%2F..%2Fetc%2Fshadow").contains("outside the collection"));
        assert_eq!(
            link_opening("slides.pdf", FROM, false),
            LinkOpening::Refused("the bundled notes have no files on disk".into())
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_file_reached_through_a_link_out_of_the_collection_is_not_opened() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("notes");
        std::fs::create_dir_all(root.join("2024")).expect("mkdir");
        std::fs::write(root.join("2024/slides.pdf"), "pdf").expect("write");
        std::fs::write(dir.path().join("secret"), "key").expect("write");
        std::os::unix::fs::symlink(dir.path().join("secret"), root.join("2024/innocent.pdf")).expect("link");
        std::os::unix::fs::symlink(root.join("2024/slides.pdf"), root.join("2024/alias.pdf")).expect("link");
        let inside = confine(&root, "2024/slides.pdf").expect("inside");
        assert!(inside.ends_with("notes/2024/slides.pdf"), "{}", inside.display());
        assert!(confine(&root, "2024/alias.pdf").is_ok(), "a link within the collection is fine");
        assert!(confine(&root, "2024/innocent.pdf").expect_err("outside").contains("outside the collection"));
        assert!(confine(&root, "2024/missing.pdf").expect_err("missing").contains("does not exist"));
    }
}
