//! Why an input could not be used. Each message is one sentence that names the file
//! (and sheet) and says what to do. All of them mean exit code 2.

/// The formats `poam` reads, for messages that list them.
pub const SUPPORTED_FORMATS: &str = ".xlsx, .xlsm, .xlsb, .xls, .ods or .csv";

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{file}: no such file; check the path and try again")]
    NotFound { file: String },

    #[error("{file} is a folder, not a POA&M; give the path of a {SUPPORTED_FORMATS} file")]
    IsDirectory { file: String },

    #[error("{file} could not be read ({reason}); check that it exists and that you may read it")]
    Unreadable { file: String, reason: String },

    #[error("{file} is empty (0 bytes); export or save the POA&M again")]
    Empty { file: String },

    #[error("{file}: {extension} files are not supported; save the POA&M as {SUPPORTED_FORMATS}")]
    UnsupportedFormat { file: String, extension: String },

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
        "{file} is damaged and cannot be read as a {format} workbook ({detail}); \
         re-download it or open it in Excel and save a new copy"
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
            | InputError::IsDirectory { file }
            | InputError::Unreadable { file, .. }
            | InputError::Empty { file }
            | InputError::UnsupportedFormat { file, .. }
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
}

/// `'A', 'B', 'C'` for messages.
pub(crate) fn quoted_list<S: AsRef<str>>(names: &[S]) -> String {
    names
        .iter()
        .map(|n| format!("'{}'", n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}
