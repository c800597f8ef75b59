//! The commented default `poam.toml` that `poam init-config` writes. Generated from the
//! rule registry and `Settings::default()`, so it cannot drift from the code: every value
//! it sets is the built-in default, and reading it back changes nothing.

use super::field_name;
use crate::model::Field;
use crate::rules::{self, Settings};
use std::fmt::Write;

/// Wrap long word lists at this width.
const WIDTH: usize = 92;

/// The whole file.
pub fn default_config() -> String {
    let defaults = Settings::default();
    let mut out = String::new();
    header(&mut out);
    rules_table(&mut out);
    thresholds_table(&mut out, &defaults);
    words_table(&mut out, &defaults);
    synonyms_tables(&mut out);
    columns_table(&mut out);
    defaults_table(&mut out);
    out
}

fn header(out: &mut String) {
    let _ = writeln!(
        out,
        "# poam.toml: your organisation's settings for `poam validate` (poam {}).\n\
         #\n\
         # poam reads poam.toml from the current folder or the nearest parent folder, or the\n\
         # file given with `--config FILE`; `--no-config` ignores it. Every value set below is\n\
         # the built-in default, so this file as written changes nothing: edit what you need.\n\
         # Unknown keys and unknown rule names are errors. Paths are relative to this file's\n\
         # folder. Command-line flags win over this file.",
        env!("CARGO_PKG_VERSION")
    );
}

fn rules_table(out: &mut String) {
    out.push_str(
        "\n[rules]\n\
         # Each rule's level: \"error\", \"warning\" or \"off\". Uncomment a line to change it.\n\
         # `poam explain NAME` says what a rule checks. missing-column is an error for the id,\n\
         # requirement and status columns and a warning for the others; a level set here\n\
         # applies to all of them. `--select` and `--ignore` on the command line narrow further.\n",
    );
    let all = rules::all();
    let width = all.iter().map(|r| r.name.len()).max().unwrap_or(0) + 3;
    for rule in all {
        let setting = format!("{} = \"{}\"", rule.name, rule.default_level.as_str());
        let _ = writeln!(
            out,
            "# {setting:width$}  # {}",
            rule.summary,
            width = width + 12
        );
    }
}

fn thresholds_table(out: &mut String, s: &Settings) {
    out.push_str("\n[thresholds]\n");
    let lines: [(&str, String, &str); 6] = [
        (
            "stale-days",
            s.stale_days.to_string(),
            "status-stale: an open item's status date is older than this many days",
        ),
        (
            "milestone-span-days",
            s.milestone_span_days.to_string(),
            "milestones-missing: an open item spanning more days than this needs a milestone",
        ),
        (
            "overloaded-share",
            format!("{:?}", s.overloaded_share),
            "owner-overloaded: one owner holds more than this share (0-1) of open items ...",
        ),
        (
            "overloaded-min-items",
            s.overloaded_min_items.to_string(),
            "... when there are at least this many open items",
        ),
        (
            "same-target-share",
            format!("{:?}", s.same_target_share),
            "same-target-date: at least this share (0-1) of open items share one date ...",
        ),
        (
            "same-target-min-items",
            s.same_target_min_items.to_string(),
            "... when there are at least this many open items",
        ),
    ];
    for (key, value, comment) in lines {
        let _ = writeln!(out, "# {comment}\n{key} = {value}");
    }
}

fn words_table(out: &mut String, s: &Settings) {
    out.push_str(
        "\n[words]\n\
         # Words are compared ignoring case and punctuation; an entry of several words adds\n\
         # each word. `extend-...` adds to the built-in list; the plain key replaces it (the\n\
         # built-in list is shown commented out).\n",
    );
    let lists: [(&str, &[String], &str); 3] = [
        (
            "generic-owners",
            s.generic_owner_words.as_slice(),
            "owner-generic: an owner made only of these words names no accountable person",
        ),
        (
            "vague-remediation",
            s.vague_remediation_words.as_slice(),
            "remediation-vague: a remediation made only of these words says nothing specific",
        ),
        (
            "vague-evidence",
            s.vague_evidence_words.as_slice(),
            "evidence-vague: evidence made only of these words points at nothing",
        ),
    ];
    for (key, words, comment) in lists {
        let _ = writeln!(out, "# {comment}\nextend-{key} = []");
        out.push_str(&commented_list(key, words));
    }
}

/// `# key = ["a", "b", …]`, wrapped, every line commented out.
fn commented_list(key: &str, words: &[String]) -> String {
    let mut text = format!("# {key} = [\n");
    let mut line = String::from("#     ");
    for word in words {
        let item = format!("\"{word}\", ");
        if line.len() + item.len() > WIDTH {
            text.push_str(line.trim_end());
            text.push('\n');
            line = String::from("#     ");
        }
        line.push_str(&item);
    }
    text.push_str(line.trim_end());
    text.push_str("\n# ]\n");
    text
}

fn synonyms_tables(out: &mut String) {
    out.push_str(
        "\n[synonyms.status]\n\
         # Your own status words = Open, In Progress, Delayed, Closed, Risk Accepted or\n\
         # Not Applicable. They add words; a built-in word cannot be redefined.\n\
         # \"Parked\" = \"Delayed\"\n\
         \n[synonyms.severity]\n\
         # Your own severity words = Low, Moderate, High or Critical.\n\
         # \"Sev 1\" = \"Critical\"\n",
    );
}

fn columns_table(out: &mut String) {
    let names: Vec<String> = Field::ALL.iter().map(|f| field_name(*f)).collect();
    let _ = writeln!(
        out,
        "\n[columns]\n\
         # Extra header aliases: header text = field. Matching ignores case, spacing and\n\
         # punctuation. Fields:\n{}\
         # \"Risk Owner\" = \"owner\"",
        wrap_comment(&names.join(", "))
    );
}

fn wrap_comment(text: &str) -> String {
    let mut wrapped = String::new();
    let mut line = String::from("#  ");
    for word in text.split(' ') {
        if line.len() + word.len() + 1 > WIDTH {
            wrapped.push_str(&line);
            wrapped.push('\n');
            line = String::from("#  ");
        }
        line.push(' ');
        line.push_str(word);
    }
    wrapped.push_str(&line);
    wrapped.push('\n');
    wrapped
}

fn defaults_table(out: &mut String) {
    out.push_str(
        "\n[defaults]\n\
         # Used when the command line does not say (--level, --ssp, --conditional-date,\n\
         # --evidence-root, --sheet).\n\
         # CMMC level: 1, 2 or 3.\n\
         level = 2\n\
         # Rule profile: \"cmmc\" (the FedRAMP profile is not implemented yet).\n\
         profile = \"cmmc\"\n\
         # The SSP / implementation-status sheet the score comes from.\n\
         # ssp = \"ssp.xlsx\"\n\
         # The Conditional CMMC Status Date: open items must close within 180 days of it.\n\
         # conditional-date = 2026-06-01\n\
         # The folder evidence references are relative to.\n\
         # evidence-root = \"evidence\"\n\
         # The sheet to read (default: the sheet whose header matches best).\n\
         # sheet = \"POA&M\"\n",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_default_file_reads_back_as_the_built_in_defaults() {
        let text = default_config();
        let config = super::super::parse(&text, Path::new("poam.toml")).map_err(|e| e.to_string());
        let config = config.map(|mut c| {
            c.path = None;
            c
        });
        let expected = super::super::Config {
            defaults: super::super::Defaults {
                level: Some(2),
                profile: Some(super::super::Profile::Cmmc),
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(config, Ok(expected));
    }

    #[test]
    fn every_rule_is_listed_commented_out() {
        let text = default_config();
        for rule in rules::all() {
            let line = format!("# {} = \"{}\"", rule.name, rule.default_level.as_str());
            assert!(text.contains(&line), "{line}");
        }
    }
}
