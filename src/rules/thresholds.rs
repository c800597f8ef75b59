//! Organisation parameters with their defaults (PRODUCT.md §4). The constants are the
//! defaults; [`Settings`] carries the values in force (changed by `poam.toml`, see
//! `crate::config`) to the rules through `rules::Context`.

use crate::model::item::FastHash;
use std::collections::HashSet;

/// `status-stale`: an open item's status date older than this many days.
pub const STALE_DAYS: i64 = 30;
/// `milestones-missing`: an open item spanning more than this many days needs a milestone.
pub const MILESTONE_SPAN_DAYS: i64 = 30;
/// `owner-overloaded`: one owner holds more than this share of open items …
pub const OVERLOADED_SHARE: f64 = 0.5;
/// … when there are at least this many open items.
pub const OVERLOADED_MIN_ITEMS: usize = 6;
/// `same-target-date`: at least this share of open items share one completion date …
pub const SAME_TARGET_SHARE: f64 = 0.8;
/// … when there are at least this many open items.
pub const SAME_TARGET_MIN_ITEMS: usize = 5;
/// Closeout window: days after the Conditional CMMC Status Date (32 CFR 170.21(b)).
pub const CLOSEOUT_DAYS: i64 = 180;
/// Conditional threshold: score / max ≥ 0.8 (32 CFR 170.21(a)(2)(i), (a)(3)(i)).
pub const CONDITIONAL_RATIO: f64 = 0.8;

/// The organisation parameters the rules read at run time: the thresholds above and the
/// word lists of `rules::words` and `rules::evidence`. `Settings::default()` is exactly
/// the constants, so a run without a config file behaves as before; `poam.toml`
/// (`crate::config`) changes them. Closeout days and the Conditional ratio are not here:
/// they are regulation (32 CFR 170.21), not an organisation's choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `status-stale`: days (default [`STALE_DAYS`]).
    pub stale_days: i64,
    /// `milestones-missing`: days (default [`MILESTONE_SPAN_DAYS`]).
    pub milestone_span_days: i64,
    /// `owner-overloaded`: share, 0–1 (default [`OVERLOADED_SHARE`]).
    pub overloaded_share: f64,
    /// `owner-overloaded`: least open items (default [`OVERLOADED_MIN_ITEMS`]).
    pub overloaded_min_items: usize,
    /// `same-target-date`: share, 0–1 (default [`SAME_TARGET_SHARE`]).
    pub same_target_share: f64,
    /// `same-target-date`: least open items (default [`SAME_TARGET_MIN_ITEMS`]).
    pub same_target_min_items: usize,
    /// `owner-generic` (default `words::GENERIC_OWNER_WORDS`), normalised words.
    pub generic_owner_words: WordList,
    /// `remediation-vague` (default `words::VAGUE_REMEDIATION_WORDS`), normalised words.
    pub vague_remediation_words: WordList,
    /// `evidence-vague` (default `evidence::VAGUE_EVIDENCE_WORDS`), lower case.
    pub vague_evidence_words: WordList,
}

/// A word list of [`Settings`]: the words in order (as `poam.toml` and its template show
/// them), and a set of them, so that asking whether a word is in the list costs one hash
/// rather than a comparison with each of its 70-odd words (every item asks several times).
#[derive(Debug, Clone, Default)]
pub struct WordList {
    words: Vec<String>,
    set: HashSet<String, FastHash>,
}

impl WordList {
    pub fn new<S: AsRef<str>>(words: &[S]) -> Self {
        let mut list = WordList::default();
        for word in words {
            list.push(word.as_ref().to_owned());
        }
        list
    }

    pub fn contains(&self, word: &str) -> bool {
        self.set.contains(word)
    }

    /// Add `word` at the end unless the list has it already.
    pub fn push(&mut self, word: String) {
        if self.set.insert(word.clone()) {
            self.words.push(word);
        }
    }

    pub fn clear(&mut self) {
        self.words.clear();
        self.set.clear();
    }

    /// The words, in order.
    pub fn as_slice(&self) -> &[String] {
        &self.words
    }
}

impl PartialEq for WordList {
    fn eq(&self, other: &Self) -> bool {
        self.words == other.words
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            stale_days: STALE_DAYS,
            milestone_span_days: MILESTONE_SPAN_DAYS,
            overloaded_share: OVERLOADED_SHARE,
            overloaded_min_items: OVERLOADED_MIN_ITEMS,
            same_target_share: SAME_TARGET_SHARE,
            same_target_min_items: SAME_TARGET_MIN_ITEMS,
            generic_owner_words: WordList::new(super::words::GENERIC_OWNER_WORDS),
            vague_remediation_words: WordList::new(super::words::VAGUE_REMEDIATION_WORDS),
            vague_evidence_words: WordList::new(super::evidence::VAGUE_EVIDENCE_WORDS),
        }
    }
}
