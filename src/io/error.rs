//! Why an input could not be used. Each message is one sentence that names the file
//! (and sheet) and says what to do. All of them mean exit code 2.

/// The formats `poam` reads, for messages that list them.
pub const SUPPORTED_FORMATS: &str = ".xlsx, .xlsm, .xlsb, .xls, .ods or .csv";

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{file}: no such file; check the path and try again")]
    NotFound { file: String },

    #[error(
        "{file} is a folder, not {document}; give the path of {document} file \
         ({SUPPORTED_FORMATS})"
    )]
    IsDirectory {
        file: String,
        /// What the path should have named: "a POA&M", "an SSP" (see
        /// [`InputError::for_document`]).
        document: String,
    },

    #[error("{file} could not be read ({reason}); check that it exists and that you may read it")]
    Unreadable { file: String, reason: String },

    #[error("{file} is empty (0 bytes); export or save the file again")]
    Empty { file: String },

    #[error("{file}: {extension} files are not supported; save it as {SUPPORTED_FORMATS}")]
    UnsupportedFormat { file: String, extension: String },

    #[error(
        "{file} has no extension and is not a spreadsheet ({found}); save it as \
         {SUPPORTED_FORMATS}"
    )]
    NoExtension { file: String, found: String },

    #[error(
        "{file} has a {extension} name but is not a spreadsheet ({found}); open it in the \
         program that made it and save it as .xlsx or .csv"
    )]
    NotAWorkbook {
        file: String,
        extension: String,
        found: String,
    },

    #[error(
        "{file} is damaged and cannot be read as {} {format} workbook ({detail}); \
         re-download it or open it in Excel and save a new copy",
        article(format)
    )]
    Corrupt {
        file: String,
        format: String,
        detail: String,
    },

    #[error(
        "{file} is password-protected (encrypted); open it in Excel, remove the password \
         (File › Info › Protect Workbook › Encrypt with Password) and save a copy"
    )]
    Encrypted { file: String },

    #[error(
        "{file} is not UTF-8 text (line {line}, byte {byte}); re-save it as \
         \"CSV UTF-8 (Comma delimited)\""
    )]
    /// `line` and `byte` are 1-based: the first byte that is not UTF-8.
    NotUtf8 { file: String, line: u64, byte: u64 },

    #[error("{file} is UTF-16 text; re-save it as \"CSV UTF-8 (Comma delimited)\"")]
    Utf16 { file: String },

    #[error(
        "{file}: no header row found in the first 30 rows of {place}; expected a row with \
         column headers such as {expected}"
    )]
    NoHeader {
        file: String,
        /// "sheet 'POA&M'", "sheets 'A', 'B'" or "the file".
        place: String,
        expected: String,
    },

    #[error("{file} is a CSV file, which has no sheets; leave out --sheet")]
    SheetInCsv { file: String },

    #[error("{file} has no sheet named '{sheet}'; its sheets are {available}")]
    NoSuchSheet {
        file: String,
        sheet: String,
        available: String,
    },

    #[error(
        "{file} › sheet '{sheet}' could not be read ({detail}); open the workbook in Excel \
         and save a new copy"
    )]
    SheetUnreadable {
        file: String,
        sheet: String,
        detail: String,
    },

    #[error("{file}: {message}")]
    Other { file: String, message: String },
}

impl InputError {
    /// The file the error is about, as the user gave it.
    pub fn file(&self) -> &str {
        match self {
            InputError::NotFound { file }
            | InputError::IsDirectory { file, .. }
            | InputError::Unreadable { file, .. }
            | InputError::Empty { file }
            | InputError::UnsupportedFormat { file, .. }
            | InputError::NoExtension { file, .. }
            | InputError::SheetInCsv { file }
            | InputError::NotAWorkbook { file, .. }
            | InputError::Corrupt { file, .. }
            | InputError::Encrypted { file }
            | InputError::NotUtf8 { file, .. }
            | InputError::Utf16 { file }
            | InputError::NoHeader { file, .. }
            | InputError::NoSuchSheet { file, .. }
            | InputError::SheetUnreadable { file, .. }
            | InputError::Other { file, .. } => file,
        }
    }

    /// The same error about a file that should be `document` ("an SSP"): the reader is
    /// shared by the POA&M and other spreadsheets, and a message about a path that names
    /// a folder says which file was expected.
    pub fn for_document(self, document: &str) -> InputError {
        match self {
            InputError::IsDirectory { file, .. } => InputError::IsDirectory {
                file,
                document: document.to_owned(),
            },
            other => other,
        }
    }
}

/// "a" or "an" before a format's name, as it is read aloud: an XLSX (ex-el-…), an ODS
/// (oh-dee-…), a CSV (see-…).
pub(crate) fn article(format: &str) -> &'static str {
    // Letters whose names start with a vowel sound: A E F H I L M N O R S X.
    match format.chars().next().map(|c| c.to_ascii_uppercase()) {
        Some('A' | 'E' | 'F' | 'H' | 'I' | 'L' | 'M' | 'N' | 'O' | 'R' | 'S' | 'X') => "an",
        _ => "a",
    }
}

/// `'A', 'B', 'C'` for messages.
pub(crate) fn quoted_list<S: AsRef<str>>(names: &[S]) -> String {
    names
        .iter()
        .map(|n| format!("'{}'", n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_take_the_article_they_are_read_with() {
        for (format, expected) in [("XLSX", "an"), ("XLS", "an"), ("ODS", "an"), ("CSV", "a")] {
            assert_eq!(article(format), expected, "{format}");
        }
        let e = InputError::Corrupt {
            file: "p.xlsx".into(),
            format: "XLSX".into(),
            detail: "x".into(),
        };
        assert!(e.to_string().contains("as an XLSX workbook"), "{e}");
    }
}
