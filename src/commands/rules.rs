//! `poam rules` and `poam explain NAME`.

use crate::rules::{self, RuleInfo};
use std::fmt::Write;

pub fn list() -> anyhow::Result<i32> {
    let all = rules::all();
    let width = all.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in &all {
        let _ = writeln!(
            out,
            "{:width$}  {:7}  {}",
            r.name,
            r.default_level.as_str(),
            r.summary
        );
    }
    let _ = writeln!(
        out,
        "\n{} rules. `poam explain NAME` shows what a rule checks, why, and how to fix it.",
        all.len()
    );
    super::emit(None, &out)?;
    Ok(0)
}

pub fn explain(name: &str) -> anyhow::Result<i32> {
    match rules::find(name) {
        Some(r) => {
            super::emit(None, &render(r))?;
            Ok(0)
        }
        None => {
            let suggestion = nearest(name)
                .map(|n| format!(" Did you mean '{n}'?"))
                .unwrap_or_default();
            anyhow::bail!(
                "there is no rule named '{name}'.{suggestion} `poam rules` lists them all"
            )
        }
    }
}

fn render(r: &RuleInfo) -> String {
    format!(
        "{name} ({level})\n\n{summary}\n\nWhat it checks\n  {what}\n\nWhy it matters\n  {why}\n\n\
         Example\n  {example}\n\nHow to fix it\n  {fix}\n\nSource\n  {source}\n",
        name = r.name,
        level = r.default_level.as_str(),
        summary = r.summary,
        what = r.what,
        why = r.why,
        example = r.example,
        fix = r.fix,
        source = r.source
    )
}

/// The rule name closest to a mistyped one (most shared characters in order).
fn nearest(name: &str) -> Option<&'static str> {
    rules::all()
        .into_iter()
        .map(|r| (edit_distance(name, r.name), r.name))
        .filter(|(d, n)| *d <= n.len() / 3 + 1)
        .min()
        .map(|(_, n)| n)
}

pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
