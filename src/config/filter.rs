//! Which findings reach the user, at which level: `[rules]` of `poam.toml`, `--select` and
//! `--ignore`. Applied once to the finished list of findings (history findings included),
//! so no rule needs to know about configuration.

use super::Config;
use crate::commands::rules::edit_distance;
use crate::rules::{self, Finding, Level};
use std::collections::{BTreeMap, BTreeSet};

/// Every rule name a config file or `--select` / `--ignore` may name.
pub fn known_rule_names() -> Vec<&'static str> {
    rules::all().into_iter().map(|r| r.name).collect()
}

/// The rule's own `'static` name, or a message saying there is none, with the nearest
/// name when one is close.
pub fn known_rule(name: &str) -> Result<&'static str, String> {
    let names = known_rule_names();
    if let Some(found) = names.iter().find(|n| **n == name) {
        return Ok(found);
    }
    let suggestion = names
        .iter()
        .map(|n| (edit_distance(name, n), *n))
        .filter(|(d, n)| *d <= n.len() / 3 + 1)
        .min()
        .map(|(_, n)| format!(" Did you mean '{n}'?"))
        .unwrap_or_default();
    Err(format!(
        "there is no rule named '{name}'.{suggestion} `poam rules` lists them all"
    ))
}

/// The levels and selection in force for one run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleFilter {
    /// From `[rules]`: a level, or None for off.
    levels: BTreeMap<&'static str, Option<Level>>,
    /// `--select`: only these rules (None: every rule).
    select: Option<BTreeSet<&'static str>>,
    /// `--ignore`: never these rules.
    ignore: BTreeSet<&'static str>,
}

impl RuleFilter {
    /// The filter for a config and the command line's `--select` / `--ignore` lists.
    /// An unknown rule name is an error (exit 2) with the nearest name suggested.
    pub fn new(config: &Config, select: &[String], ignore: &[String]) -> anyhow::Result<Self> {
        let names = |list: &[String], flag: &str| -> anyhow::Result<BTreeSet<&'static str>> {
            list.iter()
                .map(|n| n.trim())
                .filter(|n| !n.is_empty())
                .map(|n| known_rule(n).map_err(|m| anyhow::anyhow!("{flag}: {m}")))
                .collect()
        };
        let select = names(select, "--select")?;
        Ok(RuleFilter {
            levels: config.rule_levels.clone(),
            select: (!select.is_empty()).then_some(select),
            ignore: names(ignore, "--ignore")?,
        })
    }

    /// Drop the findings of ignored, unselected and switched-off rules; give the others
    /// their configured level. The command line wins over the file: a rule named in
    /// `--select` is reported even when `[rules]` turns it off (at its default level);
    /// `--ignore` wins over `--select`.
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter_map(|mut finding| {
                let rule = finding.rule;
                if self.ignore.contains(rule) {
                    return None;
                }
                let selected = match &self.select {
                    Some(select) if !select.contains(rule) => return None,
                    Some(_) => true,
                    None => false,
                };
                match self.levels.get(rule) {
                    Some(Some(level)) => finding.level = *level,
                    Some(None) if !selected => return None,
                    _ => {}
                }
                Some(finding)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;

    fn finding(rule: &'static str, level: Level) -> Finding {
        Finding {
            rule,
            level,
            item: None,
            location: Location::default(),
            message: String::new(),
        }
    }

    fn rules_and_levels(findings: &[Finding]) -> Vec<(&'static str, Level)> {
        findings.iter().map(|f| (f.rule, f.level)).collect()
    }

    fn sample() -> Vec<Finding> {
        vec![
            finding("owner-generic", Level::Warning),
            finding("missing-column", Level::Error),
            finding("missing-column", Level::Warning),
            finding("overdue", Level::Warning),
        ]
    }

    #[test]
    fn levels_off_and_a_level_for_both_missing_column_kinds() {
        let mut config = Config::default();
        config.rule_levels.insert("owner-generic", None);
        config
            .rule_levels
            .insert("missing-column", Some(Level::Warning));
        let filter = RuleFilter::new(&config, &[], &[]).unwrap_or_default();
        assert_eq!(
            rules_and_levels(&filter.apply(sample())),
            [
                ("missing-column", Level::Warning),
                ("missing-column", Level::Warning),
                ("overdue", Level::Warning)
            ]
        );
    }

    #[test]
    fn select_narrows_ignore_wins_and_select_reenables_an_off_rule() {
        let mut config = Config::default();
        config.rule_levels.insert("owner-generic", None);
        let select = ["owner-generic".to_owned(), "overdue".to_owned()];
        let filter = RuleFilter::new(&config, &select, &["overdue".to_owned()]);
        let filter = filter.unwrap_or_default();
        assert_eq!(
            rules_and_levels(&filter.apply(sample())),
            [("owner-generic", Level::Warning)]
        );
    }

    #[test]
    fn unknown_names_are_refused_with_the_nearest() {
        let err = RuleFilter::new(&Config::default(), &["owner-generc".to_owned()], &[])
            .map_err(|e| e.to_string());
        assert_eq!(
            err,
            Err(
                "--select: there is no rule named 'owner-generc'. Did you mean \
                 'owner-generic'? `poam rules` lists them all"
                    .to_owned()
            )
        );
    }
}
