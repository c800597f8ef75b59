//! The shape of `poam.toml` as written, before any checking beyond TOML types. Every table
//! refuses keys it does not know (`deny_unknown_fields`): a misspelt key must fail loudly,
//! not be ignored while the user believes it applies.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawConfig {
    /// Rule name → "error" | "warning" | "off".
    #[serde(default)]
    pub rules: BTreeMap<String, RawLevel>,
    #[serde(default)]
    pub thresholds: RawThresholds,
    #[serde(default)]
    pub words: RawWords,
    #[serde(default)]
    pub synonyms: RawSynonyms,
    /// Header text → field name.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    #[serde(default)]
    pub defaults: RawDefaults,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawLevel {
    Error,
    Warning,
    Off,
}

/// Days are unsigned: a negative number of days is refused by the TOML reader itself.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawThresholds {
    pub stale_days: Option<u32>,
    pub milestone_span_days: Option<u32>,
    pub overloaded_share: Option<f64>,
    pub overloaded_min_items: Option<u32>,
    pub same_target_share: Option<f64>,
    pub same_target_min_items: Option<u32>,
}

/// A plain key replaces the built-in list; an `extend-` key adds to it (ruff's
/// `select` / `extend-select`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawWords {
    pub generic_owners: Option<Vec<String>>,
    #[serde(default)]
    pub extend_generic_owners: Vec<String>,
    pub vague_remediation: Option<Vec<String>>,
    #[serde(default)]
    pub extend_vague_remediation: Vec<String>,
    pub vague_evidence: Option<Vec<String>>,
    #[serde(default)]
    pub extend_vague_evidence: Vec<String>,
}

/// Word as written in a cell → canonical value.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSynonyms {
    #[serde(default)]
    pub status: BTreeMap<String, String>,
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawDefaults {
    pub level: Option<u8>,
    pub profile: Option<String>,
    pub ssp: Option<String>,
    /// A TOML date (`2026-06-01`) or a string holding one.
    pub conditional_date: Option<toml::Value>,
    pub evidence_root: Option<String>,
    pub sheet: Option<String>,
}
