//! `poam.toml`: an organisation's settings for `poam validate` (issue 4, PRODUCT.md §4).
//!
//! Where it is found: `--config FILE`; else `poam.toml` in the current folder or the
//! nearest parent folder, up to the filesystem root (as ruff finds `ruff.toml`);
//! `--no-config` uses the built-in defaults only. No file found means built-in defaults.
//!
//! What it holds (every key is optional; `poam init-config` writes them all, commented):
//! - `[rules]` rule name = `"error"` | `"warning"` | `"off"`. Applied to the findings after
//!   the checks ran ([`RuleFilter`]), so rules know nothing of it. `missing-column` is an
//!   error for the id, requirement and status columns and a warning for the others; a level
//!   set here applies to every `missing-column` finding.
//! - `[thresholds]` `stale-days`, `milestone-span-days`, `overloaded-share`,
//!   `overloaded-min-items`, `same-target-share`, `same-target-min-items`.
//! - `[words]` `generic-owners`, `vague-remediation`, `vague-evidence` replace a built-in
//!   list; `extend-generic-owners`, `extend-vague-remediation`, `extend-vague-evidence` add
//!   to it. Entries are split into words the way the rules split cell text.
//! - `[synonyms.status]`, `[synonyms.severity]` your word = a canonical value. They add
//!   words; redefining a built-in word is refused.
//! - `[columns]` header text = field name (PRODUCT.md §2: `id`, `control`, `owner` …).
//! - `[defaults]` `level`, `profile` (`"cmmc"`), `ssp`, `conditional-date`, `evidence-root`,
//!   `sheet`. The command line wins over them.
//!
//! Paths in the file are relative to the file's folder. Unknown keys, unknown rule names
//! and bad values are errors naming the file and the key (exit 2).

mod file;
mod filter;
pub mod template;

pub use filter::{known_rule_names, RuleFilter};

use crate::model::vocab::{parse_severity, parse_status, ExtraSynonyms};
use crate::model::{Field, Severity, Status, Vocab};
use crate::rules::thresholds::WordList;
use crate::rules::{completeness::words_of, Level, Settings};
use chrono::NaiveDate;
use file::{RawConfig, RawDefaults, RawLevel, RawThresholds, RawWords};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name searched for.
pub const FILE_NAME: &str = "poam.toml";

/// Settings in force: the built-in defaults, changed by a config file when one was read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The file read (None: built-in defaults only).
    pub path: Option<PathBuf>,
    /// `[rules]`: rule name → its level, or None when switched off.
    pub rule_levels: BTreeMap<&'static str, Option<Level>>,
    /// `[thresholds]` and `[words]`.
    pub settings: Settings,
    /// `[synonyms]`.
    pub synonyms: ExtraSynonyms,
    /// `[columns]`: (header text, field), for `io::LoadOptions::extra_aliases`.
    pub extra_aliases: Vec<(String, Field)>,
    /// `[defaults]`.
    pub defaults: Defaults,
}

/// `[defaults]`: what the command line would otherwise say. Paths already joined to the
/// config file's folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Defaults {
    pub level: Option<u8>,
    pub profile: Option<Profile>,
    pub ssp: Option<PathBuf>,
    pub conditional_date: Option<NaiveDate>,
    pub evidence_root: Option<PathBuf>,
    pub sheet: Option<String>,
}

/// The rule set a POA&M is checked against. Only CMMC exists so far; the FedRAMP profile
/// (PRODUCT.md §4) is refused until it is built rather than silently checked as CMMC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Cmmc,
}

/// Why a config file could not be used. Each message names the file, and the key when
/// there is one.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {reason}")]
    Read {
        path: String,
        reason: std::io::Error,
    },
    #[error("{path} is not a valid poam config: {message}")]
    Syntax { path: String, message: String },
    #[error("{path}: {key}: {message}")]
    Invalid {
        path: String,
        key: String,
        message: String,
    },
}

/// Which config file to use: `--config FILE`, `--no-config`, else the one found from
/// `start` upward.
pub fn resolve(
    explicit: Option<&Path>,
    no_config: bool,
    start: &Path,
) -> Result<Config, ConfigError> {
    if no_config {
        return Ok(Config::default());
    }
    match explicit.map(Path::to_path_buf).or_else(|| discover(start)) {
        Some(path) => load(&path),
        None => Ok(Config::default()),
    }
}

/// `poam.toml` in `start` or the nearest parent folder that has one.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Read and check one config file.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|reason| ConfigError::Read {
        path: path.display().to_string(),
        reason,
    })?;
    parse(&text, path)
}

/// Check a config file's text. `path` names it in messages, and its folder anchors the
/// relative paths inside.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let shown = path.display().to_string();
    let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Syntax {
        path: shown.clone(),
        message: e.to_string().trim_end().to_owned(),
    })?;
    let invalid = |key: &str, message: String| ConfigError::Invalid {
        path: shown.clone(),
        key: key.to_owned(),
        message,
    };
    let base = path.parent().unwrap_or(Path::new(""));
    let mut settings = Settings::default();
    apply_thresholds(&raw.thresholds, &mut settings).map_err(|(k, m)| invalid(k, m))?;
    apply_words(&raw.words, &mut settings);
    Ok(Config {
        path: Some(path.to_path_buf()),
        rule_levels: rule_levels(&raw.rules).map_err(|(k, m)| invalid(&k, m))?,
        settings,
        synonyms: synonyms(&raw.synonyms).map_err(|(k, m)| invalid(&k, m))?,
        extra_aliases: extra_aliases(&raw.columns).map_err(|(k, m)| invalid(&k, m))?,
        defaults: defaults(&raw.defaults, base).map_err(|(k, m)| invalid(k, m))?,
    })
}

/// A problem with one key: (the key as the user would look for it, what is wrong).
type KeyError<K> = (K, String);

fn rule_levels(
    raw: &BTreeMap<String, RawLevel>,
) -> Result<BTreeMap<&'static str, Option<Level>>, KeyError<String>> {
    let mut levels = BTreeMap::new();
    for (name, level) in raw {
        let rule = filter::known_rule(name).map_err(|m| (format!("[rules] {name}"), m))?;
        let level = match level {
            RawLevel::Error => Some(Level::Error),
            RawLevel::Warning => Some(Level::Warning),
            RawLevel::Off => None,
        };
        levels.insert(rule, level);
    }
    Ok(levels)
}

fn apply_thresholds(
    raw: &RawThresholds,
    settings: &mut Settings,
) -> Result<(), KeyError<&'static str>> {
    if let Some(days) = raw.stale_days {
        settings.stale_days = i64::from(days);
    }
    if let Some(days) = raw.milestone_span_days {
        settings.milestone_span_days = i64::from(days);
    }
    if let Some(share) = raw.overloaded_share {
        settings.overloaded_share = share_value("[thresholds] overloaded-share", share)?;
    }
    if let Some(n) = raw.overloaded_min_items {
        settings.overloaded_min_items = n as usize;
    }
    if let Some(share) = raw.same_target_share {
        settings.same_target_share = share_value("[thresholds] same-target-share", share)?;
    }
    if let Some(n) = raw.same_target_min_items {
        settings.same_target_min_items = n as usize;
    }
    Ok(())
}

/// A share is a fraction of the open items: 0.5 is one half.
fn share_value(key: &'static str, share: f64) -> Result<f64, KeyError<&'static str>> {
    if (0.0..=1.0).contains(&share) {
        Ok(share)
    } else {
        Err((
            key,
            format!("{share} is not a share between 0 and 1 (write 0.5 for one half)"),
        ))
    }
}

fn apply_words(raw: &RawWords, settings: &mut Settings) {
    merge_words(
        &mut settings.generic_owner_words,
        raw.generic_owners.as_deref(),
        &raw.extend_generic_owners,
        words_of,
    );
    merge_words(
        &mut settings.vague_remediation_words,
        raw.vague_remediation.as_deref(),
        &raw.extend_vague_remediation,
        words_of,
    );
    // `evidence-vague` compares lower-case words with their surrounding punctuation cut.
    let evidence_words =
        |entry: &str| -> Vec<String> { entry.split_whitespace().map(str::to_lowercase).collect() };
    merge_words(
        &mut settings.vague_evidence_words,
        raw.vague_evidence.as_deref(),
        &raw.extend_vague_evidence,
        evidence_words,
    );
}

/// Replace the list when the plain key is given, then add the `extend-` entries; each
/// entry split into the words the rule compares.
fn merge_words(
    list: &mut WordList,
    replace: Option<&[String]>,
    extend: &[String],
    split: impl Fn(&str) -> Vec<String>,
) {
    if let Some(entries) = replace {
        list.clear();
        entries
            .iter()
            .flat_map(|e| split(e))
            .for_each(|w| list.push(w));
    }
    extend
        .iter()
        .flat_map(|e| split(e))
        .for_each(|w| list.push(w));
}

fn synonyms(raw: &file::RawSynonyms) -> Result<ExtraSynonyms, KeyError<String>> {
    let mut extra = ExtraSynonyms::default();
    for (word, value) in &raw.status {
        let key = || format!("[synonyms.status] {word}");
        let status = canonical(value, &STATUSES, Status::label).ok_or_else(|| {
            (
                key(),
                format!(
                    "\"{value}\" is not a status: use one of {}",
                    quoted(STATUSES.iter().map(|s| s.label()))
                ),
            )
        })?;
        match parse_status(word) {
            Vocab::Known(built_in) if built_in != status => {
                return Err((key(), redefined(word, built_in.label())))
            }
            Vocab::Known(_) => {}
            Vocab::Unknown(_) => extra.add_status(word, status),
        }
    }
    for (word, value) in &raw.severity {
        let key = || format!("[synonyms.severity] {word}");
        let severity = canonical(value, &SEVERITIES, Severity::label).ok_or_else(|| {
            (
                key(),
                format!(
                    "\"{value}\" is not a severity: use one of {}",
                    quoted(SEVERITIES.iter().map(|s| s.label()))
                ),
            )
        })?;
        match parse_severity(word) {
            Vocab::Known(built_in) if built_in != severity => {
                return Err((key(), redefined(word, built_in.label())))
            }
            Vocab::Known(_) => {}
            Vocab::Unknown(_) => extra.add_severity(word, severity),
        }
    }
    Ok(extra)
}

const STATUSES: [Status; 6] = [
    Status::Open,
    Status::InProgress,
    Status::Delayed,
    Status::Closed,
    Status::RiskAccepted,
    Status::NotApplicable,
];

const SEVERITIES: [Severity; 4] = [
    Severity::Low,
    Severity::Moderate,
    Severity::High,
    Severity::Critical,
];

fn redefined(word: &str, meaning: &str) -> String {
    format!(
        "\"{word}\" already means {meaning}; a config file adds words, it cannot change a \
         built-in one"
    )
}

/// The value whose label matches `text`, ignoring case, spaces and punctuation.
fn canonical<T: Copy>(text: &str, values: &[T], label: fn(T) -> &'static str) -> Option<T> {
    let wanted = match_key(text);
    values
        .iter()
        .copied()
        .find(|v| match_key(label(*v)) == wanted)
}

fn match_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn quoted<'a>(words: impl Iterator<Item = &'a str>) -> String {
    words
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn extra_aliases(raw: &BTreeMap<String, String>) -> Result<Vec<(String, Field)>, KeyError<String>> {
    raw.iter()
        .map(|(header, name)| {
            let key = || format!("[columns] {header}");
            if header.trim().is_empty() {
                return Err((key(), "a header alias cannot be blank".to_owned()));
            }
            let field = field_named(name).ok_or_else(|| {
                (
                    key(),
                    format!(
                        "\"{name}\" is not a field: use one of {}",
                        quoted(field_names().iter().map(String::as_str))
                    ),
                )
            })?;
            Ok((header.clone(), field))
        })
        .collect()
}

/// A field's name as the config writes it: PRODUCT.md §2's field in snake case
/// (`id`, `control`, `adjusted_severity`, `status_date` …).
pub fn field_name(field: Field) -> String {
    serde_json::to_value(field)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn field_names() -> Vec<String> {
    Field::ALL.iter().map(|f| field_name(*f)).collect()
}

/// `status_date`, `status-date`, `Status Date` and the label (`start date`,
/// `requirement`) all name a field.
fn field_named(name: &str) -> Option<Field> {
    let wanted = match_key(name);
    Field::ALL
        .iter()
        .copied()
        .find(|f| match_key(&field_name(*f)) == wanted || match_key(f.label()) == wanted)
}

fn defaults(raw: &RawDefaults, base: &Path) -> Result<Defaults, KeyError<&'static str>> {
    let level = match raw.level {
        Some(n @ 1..=3) => Some(n),
        Some(n) => {
            return Err((
                "[defaults] level",
                format!("{n} is not a CMMC level: use 1, 2 or 3"),
            ))
        }
        None => None,
    };
    let profile = match raw.profile.as_deref().map(str::trim) {
        None => None,
        Some(p) if p.eq_ignore_ascii_case("cmmc") => Some(Profile::Cmmc),
        Some(p) if p.eq_ignore_ascii_case("fedramp") => {
            return Err((
                "[defaults] profile",
                "the FedRAMP profile is not implemented yet: use \"cmmc\"".to_owned(),
            ))
        }
        Some(p) => {
            return Err((
                "[defaults] profile",
                format!("\"{p}\" is not a profile: use \"cmmc\""),
            ))
        }
    };
    let conditional_date = match &raw.conditional_date {
        None => None,
        Some(value) => Some(date_value(value).ok_or_else(|| {
            (
                "[defaults] conditional-date",
                format!("{} is not a date: write it as 2026-06-01", shown(value)),
            )
        })?),
    };
    let path = |p: &Option<String>| p.as_deref().map(|p| base.join(p));
    Ok(Defaults {
        level,
        profile,
        ssp: path(&raw.ssp),
        conditional_date,
        evidence_root: path(&raw.evidence_root),
        sheet: raw.sheet.clone(),
    })
}

/// A value as the user wrote it, near enough for a message.
fn shown(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("\"{s}\""),
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Float(x) => x.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        other => format!("a {}", other.type_str()),
    }
}

/// A TOML local date (`2026-06-01`) or a string holding one; nothing else.
fn date_value(value: &toml::Value) -> Option<NaiveDate> {
    let text = match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(d) if d.date.is_some() && d.time.is_none() => d.to_string(),
        _ => return None,
    };
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Config, ConfigError> {
        parse(text, Path::new("/org/poam.toml"))
    }

    #[test]
    fn an_empty_file_is_the_built_in_defaults() {
        let config = parsed("").map_err(|e| e.to_string());
        let expected = Config {
            path: Some(PathBuf::from("/org/poam.toml")),
            ..Config::default()
        };
        assert_eq!(config, Ok(expected));
    }

    #[test]
    fn paths_are_relative_to_the_config_folder() {
        let config = parsed("[defaults]\nssp = \"ssp.xlsx\"\nevidence-root = \"/abs/ev\"\n");
        let defaults = config.map(|c| c.defaults).map_err(|e| e.to_string());
        let defaults = defaults.unwrap_or_default();
        assert_eq!(defaults.ssp, Some(PathBuf::from("/org/ssp.xlsx")));
        assert_eq!(defaults.evidence_root, Some(PathBuf::from("/abs/ev")));
    }

    #[test]
    fn conditional_date_is_a_toml_date_or_a_string() {
        for text in [
            "conditional-date = 2026-06-01",
            "conditional-date = \"2026-06-01\"",
        ] {
            let config = parsed(&format!("[defaults]\n{text}\n")).map_err(|e| e.to_string());
            let date = config.map(|c| c.defaults.conditional_date);
            assert_eq!(date, Ok(NaiveDate::from_ymd_opt(2026, 6, 1)), "{text}");
        }
        let bad = parsed("[defaults]\nconditional-date = 2026-06-01T10:00:00\n");
        assert!(
            matches!(bad, Err(ConfigError::Invalid { ref key, .. }) if key == "[defaults] conditional-date")
        );
    }

    #[test]
    fn words_replace_or_extend() {
        let config = parsed(
            "[words]\ngeneric-owners = [\"Nobody\"]\nextend-generic-owners = [\"Blue Team\"]\n\
             extend-vague-evidence = [\"Signed Off\"]\n",
        )
        .map_err(|e| e.to_string());
        let settings = config.map(|c| c.settings).unwrap_or_default();
        assert_eq!(
            settings.generic_owner_words.as_slice(),
            ["nobody", "blue", "team"]
        );
        let evidence = settings.vague_evidence_words.as_slice();
        assert_eq!(evidence[evidence.len() - 2..], ["signed", "off"]);
        assert_eq!(
            settings.vague_remediation_words,
            Settings::default().vague_remediation_words
        );
    }

    #[test]
    fn a_synonym_cannot_redefine_a_built_in_word() {
        let err = parsed("[synonyms.status]\nDone = \"Open\"\n").map_err(|e| e.to_string());
        assert_eq!(
            err,
            Err(
                "/org/poam.toml: [synonyms.status] Done: \"Done\" already means Closed; a \
                 config file adds words, it cannot change a built-in one"
                    .to_owned()
            )
        );
        // Saying what it already means is harmless.
        assert!(parsed("[synonyms.status]\nDone = \"closed\"\n").is_ok());
    }

    #[test]
    fn field_names_accept_snake_kebab_and_labels() {
        assert_eq!(field_named("status_date"), Some(Field::StatusDate));
        assert_eq!(field_named("Status-Date"), Some(Field::StatusDate));
        assert_eq!(field_named("requirement"), Some(Field::Control));
        assert_eq!(field_named("start date"), Some(Field::Start));
        assert_eq!(field_named("colour"), None);
    }

    #[test]
    fn discovery_walks_up_to_the_nearest_file() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let nested = dir.path().join("a/b");
        assert!(std::fs::create_dir_all(&nested).is_ok());
        assert!(std::fs::write(dir.path().join(FILE_NAME), "").is_ok());
        assert_eq!(discover(&nested), Some(dir.path().join(FILE_NAME)));
        assert!(std::fs::write(dir.path().join("a").join(FILE_NAME), "").is_ok());
        assert_eq!(
            discover(&nested),
            Some(dir.path().join("a").join(FILE_NAME))
        );
    }
}
