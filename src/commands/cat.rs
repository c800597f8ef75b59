//! `poam cat FILE`: the POA&M as text, one line per item, in sheet order — the form git
//! shows when told to diff workbooks through it:
//!
//! ```text
//! # .gitattributes
//! *.xlsx diff=poam
//! # once per clone
//! git config diff.poam.textconv "poam cat --textconv"
//! ```
//!
//! Under git, `--textconv` matters: `*.xlsx diff=poam` also catches workbooks that are not
//! POA&Ms (a budget, a template with no header yet), and a textconv command that fails
//! makes `git diff` itself fail (exit 128). With `--textconv` such a file is printed as it
//! is, byte for byte, and git diffs it as it would without the filter; a person running
//! plain `poam cat` still gets the error and exit 2.
//!
//! The output must be stable: the same workbook always gives the same bytes, and a change to
//! one item changes one line. So it holds no file name (git passes a temporary path), no row
//! numbers (inserting a row would change every line below) and no date of the run. Values
//! are normalised as the rules read them (ISO dates, the status vocabulary's label), so
//! re-typing "Completed" as "Done" is no change, while a moved date is.

use crate::cli::CatArgs;
use crate::history::{field_text, requirements_text};
use crate::io::git;
use crate::model::{Field, Item, Poam};

/// The columns of a line, in order.
const COLUMNS: [Field; 15] = [
    Field::Id,
    Field::Control,
    Field::Status,
    Field::StatusDate,
    Field::Owner,
    Field::Severity,
    Field::Start,
    Field::Completion,
    Field::Weakness,
    Field::Remediation,
    Field::Resources,
    Field::Milestones,
    Field::MilestoneChanges,
    Field::Evidence,
    Field::Comments,
];

pub fn run(args: &CatArgs) -> anyhow::Result<i32> {
    // Read as `validate` reads it: poam.toml's sheet and column aliases.
    let config = match super::resolve_config(&args.config) {
        Ok(config) => config,
        // `git diff` must keep working whatever the folder's poam.toml holds.
        Err(error) if args.textconv => return print_unchanged(args, &error.to_string()),
        Err(error) => return Err(error),
    };
    let opts = super::load_options(args.sheet.as_deref(), &config);
    let poam = match git::load_version(&args.file, &opts) {
        Ok(poam) => poam,
        Err(error) if args.textconv => return print_unchanged(args, &error.to_string()),
        Err(error) => return Err(error.into()),
    };
    super::emit(args.output.as_deref(), &render(&poam))?;
    Ok(0)
}

/// `--textconv` on a file that is not a readable POA&M: its bytes unchanged, so that git
/// shows the diff it would show without the filter. Why it was not read goes to standard
/// error (git shows it on the terminal, not in the diff). A file that cannot be read at
/// all is still an error (exit 2).
fn print_unchanged(args: &CatArgs, why: &str) -> anyhow::Result<i32> {
    let version = git::materialize(&args.file)?;
    let bytes = std::fs::read(&version.path)
        .map_err(|e| anyhow::anyhow!("{why}; cannot read {} either: {e}", args.file))?;
    anstream::eprintln!("poam cat: {why}; showing the file unchanged");
    write_bytes(args.output.as_deref(), &bytes)?;
    Ok(0)
}

/// `emit` for bytes that may not be text.
fn write_bytes(output: Option<&std::path::Path>, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    match output {
        Some(path) => std::fs::write(path, bytes)
            .map_err(|e| anyhow::anyhow!("cannot write the output to {}: {e}", path.display())),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(Into::into),
            }
        }
    }
}

/// The whole text: two `#` header lines, then one line per item.
pub fn render(poam: &Poam) -> String {
    let mut out = String::new();
    let header: Vec<&str> = COLUMNS.iter().map(|f| f.label()).collect();
    out.push_str("# ");
    out.push_str(&header.join(" | "));
    out.push('\n');
    if let Some(sheet) = &poam.sheet {
        out.push_str("# sheet: ");
        out.push_str(&escape(sheet));
        out.push('\n');
    }
    for item in &poam.items {
        out.push_str(&line(item));
        out.push('\n');
    }
    out
}

/// One item as one line: its fields escaped and joined by " | ".
pub fn line(item: &Item) -> String {
    let fields: Vec<String> = COLUMNS
        .iter()
        .map(|&field| escape(&value(item, field)))
        .collect();
    fields.join(" | ").trim_end().to_owned()
}

fn value(item: &Item, field: Field) -> String {
    match field {
        Field::Control => requirements_text(item),
        Field::Severity => {
            let severity = field_text(item, Field::Severity);
            let adjusted = field_text(item, Field::AdjustedSeverity);
            if adjusted.is_empty() {
                severity
            } else {
                format!("{severity} (adjusted {adjusted})")
            }
        }
        _ => field_text(item, field),
    }
}

/// Keep one item on one line and the separator unambiguous: `\` → `\\`, `|` → `\|`,
/// line breaks → `\n`, tabs → `\t`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '\t' => out.push_str("\\t"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_one_item_on_one_line() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("C:\\poam"), "C:\\\\poam");
        assert_eq!(
            escape("one\r\ntwo\rthree\nfour"),
            "one\\ntwo\\nthree\\nfour"
        );
        assert_eq!(escape("a\tb"), "a\\tb");
    }
}
