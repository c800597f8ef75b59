//! Organisation parameters with their defaults (PRODUCT.md §4). Named constants for now;
//! the config file (`poam.toml`) will make them settable.

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
