//! Which evidence references name a file, and where that file is under the evidence root.
//!
//! An evidence cell holds one reference per line (or per `;`, `model::build`). A reference
//! names a file to check when it is a **relative path**: it holds `/` or `\`, or it ends in
//! a file extension (`scan-2026-10.pdf`). It is left alone when it is
//! - a URL (`https://…`, `file://…`, anything with `scheme://`, `www.…`, `mailto:`);
//! - a ticket id (`SEC-118`, `INC0012345`, `#123`);
//! - an absolute path (`/srv/…`, `C:\…`, `\\server\share\…`, `~/…`): it cannot be resolved
//!   against the evidence root, and on another machine it means something else;
//! - a document name or free text (`Access Control Policy v2.1`).
//!
//! The whole reference is the path: `evidence/AC/lockout gpo.png` may hold spaces. A path
//! that climbs out of the root (`../../etc/passwd`) is reported as outside it, never read.

/// How one evidence reference is treated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// A file (or folder) relative to the evidence root: `/`-separated, `.` and `..` resolved.
    File(String),
    /// A relative path whose `..` parts climb above the evidence root.
    OutsideRoot,
    /// Not a file to check: URL, ticket id, absolute path, document name, free text.
    NotAFile,
}

/// Classify one reference as written in the evidence cell.
pub fn classify(reference: &str) -> Reference {
    let text = unquote(reference.trim());
    if text.is_empty() || is_url(text) || is_ticket_id(text) || is_absolute(text) {
        return Reference::NotAFile;
    }
    if !(text.contains('/') || text.contains('\\') || has_file_extension(text)) {
        return Reference::NotAFile;
    }
    normalize(text)
}

/// The relative path of a file reference, or None.
pub fn relative_path(reference: &str) -> Option<String> {
    match classify(reference) {
        Reference::File(path) => Some(path),
        _ => None,
    }
}

/// Whether two references name the same evidence, however they are written:
/// `./evidence/AC/x.png`, `evidence\AC\x.png` and `evidence/AC/x.png ` are one file (so
/// `poam set --evidence` does not add it twice). File references compare by their
/// normalised path; anything else (URL, ticket, document name) by its trimmed text with
/// `\` read as `/` and a leading `./` dropped. Case matters: on most servers
/// `Scan.pdf` and `scan.pdf` are two files.
pub fn same_reference(a: &str, b: &str) -> bool {
    comparison_key(a) == comparison_key(b)
}

/// The form [`same_reference`] compares.
fn comparison_key(reference: &str) -> String {
    match classify(reference) {
        Reference::File(path) => format!("file:{path}"),
        _ => {
            let unified = unquote(reference.trim()).replace('\\', "/");
            let mut text = unified.as_str();
            while let Some(rest) = text.strip_prefix("./") {
                text = rest;
            }
            format!("text:{}", text.trim())
        }
    }
}

/// `"evidence/a.pdf"`, `<evidence/a.pdf>` → the text inside.
fn unquote(text: &str) -> &str {
    for (open, close) in [('"', '"'), ('\'', '\''), ('<', '>'), ('`', '`')] {
        if let Some(inner) = text
            .strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
        {
            return inner.trim();
        }
    }
    text
}

fn is_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("://") || lower.starts_with("www.") || lower.starts_with("mailto:")
}

/// `/srv/x`, `\\server\share`, `C:\x`, `C:/x`, `~/x`.
fn is_absolute(text: &str) -> bool {
    let bytes = text.as_bytes();
    let drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/');
    text.starts_with('/') || text.starts_with('\\') || text.starts_with('~') || drive
}

/// `name.ext`: a stem, a dot, then 1–5 letters or digits with at least one letter, so
/// requirement numbers and versions (`3.1.1`, `v2.1`) are not file names.
pub fn has_file_extension(text: &str) -> bool {
    match text.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.trim().is_empty()
                && (1..=5).contains(&ext.len())
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
                && ext.chars().any(|c| c.is_ascii_alphabetic())
        }
        None => false,
    }
}

/// `ABC-123` (Jira style), `INC0012345` (ServiceNow style: letters, then at least four
/// digits), `#123`. `rules::evidence` accepts the same shapes as proof, through this function.
pub fn is_ticket_id(text: &str) -> bool {
    if let Some(number) = text.strip_prefix('#') {
        return is_digits(number);
    }
    if let Some((key, number)) = text.split_once('-') {
        return key.len() >= 2
            && key.starts_with(|c: char| c.is_ascii_uppercase())
            && key
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && is_digits(number);
    }
    let letters = text.chars().take_while(char::is_ascii_alphabetic).count();
    let digits = text.get(letters..).unwrap_or_default();
    letters >= 2 && digits.len() >= 4 && is_digits(digits)
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_digit())
}

/// Windows separators become `/`; `.` parts go; `..` climbs, and may not leave the root.
fn normalize(text: &str) -> Reference {
    let unified = text.replace('\\', "/");
    let mut parts: Vec<&str> = Vec::new();
    for part in unified.split('/') {
        match part.trim() {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Reference::OutsideRoot;
                }
            }
            _ => parts.push(part),
        }
    }
    if parts.is_empty() {
        Reference::NotAFile
    } else {
        Reference::File(parts.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(p: &str) -> Reference {
        Reference::File(p.to_owned())
    }

    #[test]
    fn relative_paths_and_file_names_are_files() {
        assert_eq!(
            classify("evidence/AC/3.1.8-lockout-gpo.png"),
            file("evidence/AC/3.1.8-lockout-gpo.png")
        );
        assert_eq!(
            classify("evidence\\AC\\scan.pdf"),
            file("evidence/AC/scan.pdf")
        );
        assert_eq!(classify("scan-2026-10.pdf"), file("scan-2026-10.pdf"));
        assert_eq!(classify("./a/./b/../c.txt"), file("a/c.txt"));
        assert_eq!(classify("evidence/AC-003/"), file("evidence/AC-003"));
        assert_eq!(
            classify("\"evidence/lockout gpo.png\""),
            file("evidence/lockout gpo.png")
        );
    }

    #[test]
    fn urls_tickets_absolute_paths_and_words_are_not_files() {
        for text in [
            "https://tickets.example.com/SEC-118",
            "file://server/share/a.pdf",
            "www.example.com/a.pdf",
            "SEC-118",
            "INC0012345",
            "#42",
            "/srv/evidence/a.pdf",
            "C:\\evidence\\a.pdf",
            "\\\\fs01\\poam\\ac-003.pdf",
            "~/a.pdf",
            "Access Control Policy v2.1",
            "3.1.1",
            "Completed",
            "Closed per M. Lee.",
            "",
            "./",
        ] {
            assert_eq!(classify(text), Reference::NotAFile, "{text}");
        }
    }

    #[test]
    fn one_reference_written_several_ways_is_the_same() {
        for other in [
            "./evidence/AC/x.png",
            "evidence\\AC\\x.png",
            ".\\evidence\\AC\\x.png",
            "evidence/AC/x.png  ",
            "evidence//AC/./x.png",
        ] {
            assert!(same_reference("evidence/AC/x.png", other), "{other}");
        }
        assert!(!same_reference("evidence/AC/x.png", "evidence/AC/X.png"));
        assert!(!same_reference("evidence/AC/x.png", "evidence/AU/x.png"));
        assert!(same_reference("SEC-118", " SEC-118 "));
        assert!(!same_reference("SEC-118", "SEC-119"));
        assert!(same_reference(
            "Access Control Policy v2.1",
            "Access Control Policy v2.1 "
        ));
    }

    #[test]
    fn climbing_out_of_the_root_is_reported() {
        assert_eq!(classify("../../etc/passwd"), Reference::OutsideRoot);
        assert_eq!(classify("a/../../b.pdf"), Reference::OutsideRoot);
        assert_eq!(classify("a/../b.pdf"), file("b.pdf"));
    }
}
