//! Rules: identity — can each weakness be named? The columns an assessor expects
//! (`missing-column`), and one unique id per item (`id-missing`, `id-duplicate`).
//!
//! These rules apply to every item, open or closed: a closed item is still part of the
//! record an assessor traces, and a closeout assessment refers to items by id.

use crate::model::item::ItemSummary;
use crate::model::{Field, Item, Location};
use crate::rules::{Context, Findings, ItemContext, Level, RuleInfo};
use std::cmp::Ordering;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub const MISSING_COLUMN: RuleInfo = RuleInfo {
    name: "missing-column",
    default_level: Level::Error,
    summary: "no column maps to a field an assessor expects (error for id, requirement and \
              status; warning for the others)",
    what: "Checks that the sheet has a column for each field of a POA&M item: id, requirement, \
           weakness, severity, remediation, owner, resources, start date, milestones, \
           completion date, status and evidence. A column counts when its header matches one \
           of the field's aliases (case, spacing, punctuation and &/and are ignored). One \
           finding per missing field, on the header row. A missing id, requirement or status \
           column is an error, because without it no item can be named, tied to a \
           requirement or told open from closed; the others are warnings.",
    why: "An assessor reads the POA&M as a punch list: which weakness, which requirement, how \
          bad, what will be done, by whom, with what, by when, and how closure is proven. A \
          column that is not there means every item lacks that answer, and every rule that \
          checks it has nothing to check.",
    example: "A sheet with the headers `ID, Requirement, Weakness, Status` and no owner or \
              due-date column: \"no column for the owner (expected a header such as 'Owner', \
              'Point of Contact' or 'Responsible Party')\".",
    fix: "Add the column with one of the headers named in the message, or rename the existing \
          column so that it matches (`poam` keeps every other column as it is).",
    source: "assessor practice: POA&M seed guide (the fields of an item); the FedRAMP POA&M \
             Template v2.1 columns. 32 CFR 170 prescribes no column format \
             (domain-facts.md §4.7).",
};

pub const ID_MISSING: RuleInfo = RuleInfo {
    name: "id-missing",
    default_level: Level::Error,
    summary: "an item has no id",
    what: "Checks that every item has a value in its id column (POA&M ID, Weakness ID, Item ID \
           …). Items are rows that hold any mapped field.",
    why: "Findings, milestone updates, closeout evidence and the closeout assessment all refer \
          to items by id. An item without one cannot be traced from one version of the POA&M \
          to the next, and `poam set` / `poam close` cannot address it.",
    example: "Row 9: id blank, requirement 3.1.8, weakness \"No lockout after failed logons\".",
    fix: "Give the item a unique id, following the sheet's scheme (for example POAM-AC-009). \
          Never reuse the id of a closed or deleted item.",
    source: "assessor practice: POA&M seed guide (a unique id per item); FedRAMP POA&M \
             Template v2.1, column A \"POAM ID\" (unique).",
};

pub const ID_DUPLICATE: RuleInfo = RuleInfo {
    name: "id-duplicate",
    default_level: Level::Error,
    summary: "two items share an id (a finding on each such row, naming the others)",
    what: "Checks that no two items have the same id. Ids are compared ignoring case and \
           surrounding spaces (an assessor reads `POAM-7` and `poam-7` as the same item). Each \
           item that shares its id gets a finding that names the rows of the others.",
    why: "With two items under one id, evidence, milestones and status changes recorded \
          against that id are ambiguous, and an assessor cannot tell which weakness was \
          closed. `poam set` and `poam close` refuse an id held by two items.",
    example: "Rows 4 and 11 both have id POAM-AC-003, one for 3.1.5 and one for 3.1.7.",
    fix: "Give one of the items a new id that no other item (open or closed) has used.",
    source: "assessor practice: POA&M seed guide (a unique id per item); FedRAMP POA&M \
             Template v2.1, column A \"POAM ID\" (unique).",
};

pub const RULES: &[&RuleInfo] = &[&MISSING_COLUMN, &ID_MISSING, &ID_DUPLICATE];

/// `id-missing`, when the sheet has an id column.
pub fn check_item(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    if ctx.poam.columns.has(Field::Id) && id_of(item.id.as_deref()).is_none() {
        item_without_id(ctx, item, out);
    }
}

/// `missing-column`, and `id-duplicate` across the items.
pub fn check_whole(ctx: &Context, items: &[ItemSummary], out: &mut Findings) {
    missing_columns(ctx, out);
    if ctx.poam.columns.has(Field::Id) {
        items_sharing_an_id(ctx, items, out);
    }
}

/// A field an assessor expects a column for: the fields any of which satisfies it (eMASS
/// keeps milestone dates in their own column), the level when none maps, and headers that
/// would map (a few of the aliases of PRODUCT.md §2, for the message).
struct ExpectedColumn {
    fields: &'static [Field],
    level: Level,
    headers: &'static [&'static str],
}

/// PRODUCT.md §4 `missing-column`: errors for id, requirement and status, warnings for
/// the rest. Headers from PRODUCT.md §2's alias table.
const EXPECTED_COLUMNS: &[ExpectedColumn] = &[
    ExpectedColumn {
        fields: &[Field::Id],
        level: Level::Error,
        headers: &["POA&M ID", "Weakness ID", "Item ID"],
    },
    ExpectedColumn {
        fields: &[Field::Control],
        level: Level::Error,
        headers: &["Control", "Requirement", "NIST Control Reference"],
    },
    ExpectedColumn {
        fields: &[Field::Weakness],
        level: Level::Warning,
        headers: &["Weakness", "Weakness Description", "Deficiency"],
    },
    ExpectedColumn {
        fields: &[Field::Severity],
        level: Level::Warning,
        headers: &["Severity", "Risk Rating", "Risk"],
    },
    ExpectedColumn {
        fields: &[Field::Remediation],
        level: Level::Warning,
        headers: &[
            "Remediation Plan",
            "Corrective Action",
            "Planned Remediation",
        ],
    },
    ExpectedColumn {
        fields: &[Field::Owner],
        level: Level::Warning,
        headers: &["Owner", "Point of Contact", "Responsible Party"],
    },
    ExpectedColumn {
        fields: &[Field::Resources],
        level: Level::Warning,
        headers: &["Resources Required", "Estimated Cost", "Resources"],
    },
    ExpectedColumn {
        fields: &[Field::Start],
        level: Level::Warning,
        headers: &["Start Date", "Detection Date", "Date Identified"],
    },
    ExpectedColumn {
        fields: &[Field::Milestones, Field::MilestoneDate],
        level: Level::Warning,
        headers: &[
            "Milestones",
            "Planned Milestones",
            "Milestone with Completion Dates",
        ],
    },
    ExpectedColumn {
        fields: &[Field::Completion],
        level: Level::Warning,
        headers: &["Scheduled Completion Date", "Due Date", "Target Date"],
    },
    ExpectedColumn {
        fields: &[Field::Status],
        level: Level::Error,
        headers: &["Status"],
    },
    ExpectedColumn {
        fields: &[Field::Evidence],
        level: Level::Warning,
        headers: &["Evidence", "Closure Evidence", "Supporting Documents"],
    },
];

fn missing_columns(ctx: &Context, out: &mut Findings) {
    let poam = ctx.poam;
    let header = Location::row(poam.sheet.as_deref(), poam.header_row);
    for expected in EXPECTED_COLUMNS {
        if expected.fields.iter().any(|f| poam.columns.has(*f)) {
            continue;
        }
        let field = expected.fields.first().copied().unwrap_or(Field::Id);
        let message = format!(
            "no column for the {} (expected a header such as {})",
            field.label(),
            quoted_choices(expected.headers)
        );
        out.push(&MISSING_COLUMN, None, header.clone(), message);
        // One rule, two levels (PRODUCT.md §4): the finding starts at the rule's default
        // (error) and is lowered for the fields whose absence is only a warning.
        if let Some(finding) = out.list.last_mut() {
            finding.level = expected.level;
        }
    }
}

/// `'A'`, `'A' or 'B'`, `'A', 'B' or 'C'`.
fn quoted_choices(headers: &[&str]) -> String {
    let quoted: Vec<String> = headers.iter().map(|h| format!("'{h}'")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The id as an assessor reads it: trimmed, and only when there is one.
fn id_of(id: Option<&str>) -> Option<&str> {
    id.map(str::trim).filter(|id| !id.is_empty())
}

fn item_without_id(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    let message = format!(
        "the item on row {} has no id: give it a unique id so that evidence, milestones \
         and the closeout assessment can refer to it",
        item.row
    );
    out.push(&ID_MISSING, None, ctx.at(item, Field::Id), message);
}

fn items_sharing_an_id(ctx: &Context, items: &[ItemSummary], out: &mut Findings) {
    let mut index = IdIndex::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if let Some(id) = id_of(item.id.as_deref()) {
            index.add(i, id, item.id_hash, |j| {
                items.get(j).and_then(|o| id_of(o.id.as_deref()))
            });
        }
    }
    for group in index.groups {
        let group: Vec<&ItemSummary> = group.iter().filter_map(|i| items.get(*i)).collect();
        for item in &group {
            let others: Vec<u32> = group
                .iter()
                .filter(|o| o.row != item.row)
                .map(|o| o.row)
                .collect();
            let id = id_of(item.id.as_deref()).unwrap_or_default();
            let message = format!(
                "{id} is also the id of the {} on {}: give each item its own id",
                if others.len() == 1 { "item" } else { "items" },
                rows_phrase(&others)
            );
            out.push(
                &ID_DUPLICATE,
                Some(id),
                ctx.poam.location(item.row, Field::Id),
                message,
            );
        }
    }
}

/// Items by id as an assessor reads it (case and surrounding spaces ignored), built to
/// find the ids that several items share. It keeps each id's hash (`model::item::id_hash`,
/// keyed at random per run) and the index of the first item with it, so it holds no copy
/// of any id; two different ids with one hash are told apart by comparing the ids.
#[derive(Default)]
struct IdIndex {
    /// Hash of the lower-case id → first item with it.
    first: HashMap<u64, usize, BuildHasherDefault<Prehashed>>,
    /// Ids whose hash another id already holds (almost never): lower-case id → first item.
    collided: HashMap<String, usize>,
    /// Items sharing an id, in order of first row; each group in row order.
    groups: Vec<Vec<usize>>,
    /// First item of a group → the group.
    group_of: HashMap<usize, usize>,
}

impl IdIndex {
    fn with_capacity(items: usize) -> Self {
        IdIndex {
            first: HashMap::with_capacity_and_hasher(items, BuildHasherDefault::default()),
            ..IdIndex::default()
        }
    }

    /// Add item `i` with `id` and its `hash`; `id_of(j)` gives the id of an item added
    /// before.
    fn add<'a>(&mut self, i: usize, id: &str, hash: u64, id_of: impl Fn(usize) -> Option<&'a str>) {
        let first = match self.first.entry(hash) {
            Entry::Vacant(slot) => {
                slot.insert(i);
                return;
            }
            Entry::Occupied(slot) => *slot.get(),
        };
        let same = id_of(first).is_some_and(|f| compare_ignoring_case(f, id).is_eq());
        let first = if same {
            first
        } else {
            match self.collided.entry(id.to_lowercase()) {
                Entry::Vacant(slot) => {
                    slot.insert(i);
                    return;
                }
                Entry::Occupied(slot) => *slot.get(),
            }
        };
        let groups = &mut self.groups;
        let group = *self.group_of.entry(first).or_insert_with(|| {
            groups.push(vec![first]);
            groups.len() - 1
        });
        if let Some(g) = groups.get_mut(group) {
            g.push(i);
        }
    }
}

/// A hasher for keys that are already hashes: it passes the `u64` through.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// `a.to_lowercase().cmp(&b.to_lowercase())`, without allocating for ASCII ids (nearly
/// all): lower-casing ASCII is byte by byte.
fn compare_ignoring_case(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        a.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    } else {
        a.to_lowercase().cmp(&b.to_lowercase())
    }
}

/// `row 7`, `rows 7 and 9`, `rows 7, 9 and 12`.
pub(crate) fn rows_phrase(rows: &[u32]) -> String {
    let text: Vec<String> = rows.iter().map(u32::to_string).collect();
    match text.split_last() {
        None => "no row".to_owned(),
        Some((last, [])) => format!("row {last}"),
        Some((last, rest)) => format!("rows {} and {last}", rest.join(", ")),
    }
}

/// Building blocks for the rule unit tests of this folder: a POA&M with every column
/// mapped, items, and a context to check them in.
#[cfg(test)]
pub(crate) mod testkit {
    use crate::catalog::catalog;
    use crate::engine::{Assessment, Basis, Ssp};
    use crate::io::columns::ColumnMap;
    use crate::model::{Field, Item, Poam, RequirementRef, SourceFormat, Status, Vocab};
    use crate::rules::{Context, Finding, Findings};
    use chrono::NaiveDate;

    /// The columns of the shared CSV fixtures: A id, B control, C weakness, D severity,
    /// E remediation, F owner, G resources, H start, I milestones, J completion,
    /// K status, L status date, M evidence.
    pub const COLUMNS: [Field; 13] = [
        Field::Id,
        Field::Control,
        Field::Weakness,
        Field::Severity,
        Field::Remediation,
        Field::Owner,
        Field::Resources,
        Field::Start,
        Field::Milestones,
        Field::Completion,
        Field::Status,
        Field::StatusDate,
        Field::Evidence,
    ];

    pub fn poam(items: Vec<Item>) -> Poam {
        poam_with_columns(&COLUMNS, items)
    }

    /// Columns are placed in the order given, from A.
    pub fn poam_with_columns(fields: &[Field], items: Vec<Item>) -> Poam {
        let columns = ColumnMap {
            fields: fields
                .iter()
                .zip(0u32..)
                .map(|(f, c)| (*f, c, f.label().to_owned()))
                .collect(),
            unknown: Vec::new(),
        };
        Poam {
            file: "poam.csv".into(),
            format: SourceFormat::Csv,
            sheet: None,
            header_row: 1,
            columns,
            items,
            notes: Vec::new(),
        }
    }

    pub fn known(id: &str) -> RequirementRef {
        match catalog().get(id) {
            Some(r) => RequirementRef::Known(r),
            None => panic!("{id} is not in the catalog"),
        }
    }

    /// An open item on `row` naming `control`, with every field filled in well.
    pub fn item(row: u32, id: &str, control: &str) -> Item {
        Item {
            row,
            id: Some(id.into()),
            control_text: Some(control.into()),
            requirements: vec![known(control)],
            weakness: Some("Weakness description".into()),
            severity: Some(Vocab::Known(crate::model::Severity::Moderate)),
            remediation: Some("Enable account lockout after five failed logons".into()),
            owner: Some("J. Ortiz (IT Manager)".into()),
            resources: Some("8 staff hours".into()),
            status: Some(Vocab::Known(Status::Open)),
            ..Item::default()
        }
    }

    pub fn closed(mut item: Item) -> Item {
        item.status = Some(Vocab::Known(Status::Closed));
        item
    }

    pub fn assessment(level: u8) -> Assessment {
        Assessment {
            level,
            basis: Basis::Poam,
            score: Some(110),
            max: 110,
            threshold: 88,
            not_met: Vec::new(),
            conditional_reachable: true,
            reasons: Vec::new(),
            is_final: true,
            closeout_deadline: None,
            assumptions: Vec::new(),
        }
    }

    pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    /// Run one group's check and keep the findings of `rule`.
    pub fn run(
        check: fn(&Context, &mut Findings),
        poam: &Poam,
        assessment: &Assessment,
        ssp: Option<&Ssp>,
        level: u8,
        rule: &str,
    ) -> Vec<Finding> {
        let ctx = Context {
            poam,
            assessment,
            ssp,
            as_of: date(2026, 11, 26),
            level,
            conditional_date: None,
            settings: &crate::rules::Settings::default(),
        };
        let mut out = Findings::default();
        check(&ctx, &mut out);
        out.list.into_iter().filter(|f| f.rule == rule).collect()
    }

    /// (row, cell) of each finding, for compact assertions.
    pub fn places(findings: &[Finding]) -> Vec<(Option<u32>, Option<String>)> {
        findings
            .iter()
            .map(|f| (f.location.row, f.location.cell_name()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;
    use crate::rules::dates::test_support::check_group;

    fn check(ctx: &Context, out: &mut Findings) {
        check_group(ctx, out, check_item, check_whole);
    }

    fn run_l2(poam: &crate::model::Poam, rule: &str) -> Vec<crate::rules::Finding> {
        run(check, poam, &assessment(2), None, 2, rule)
    }

    #[test]
    fn every_expected_column_present_gives_no_finding() {
        let p = poam(vec![item(2, "POAM-1", "3.1.8")]);
        assert!(run_l2(&p, "missing-column").is_empty());
    }

    #[test]
    fn missing_columns_are_reported_on_the_header_row_with_their_level() {
        let p = poam_with_columns(
            &[
                Field::Id,
                Field::Weakness,
                Field::MilestoneDate,
                Field::Evidence,
            ],
            vec![],
        );
        let found = run_l2(&p, "missing-column");
        let got: Vec<(Level, &str)> = found
            .iter()
            .map(|f| (f.level, f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Level::Error,
                    "no column for the requirement (expected a header such as 'Control', \
                     'Requirement' or 'NIST Control Reference')"
                ),
                (
                    Level::Warning,
                    "no column for the severity (expected a header such as 'Severity', \
                     'Risk Rating' or 'Risk')"
                ),
                (
                    Level::Warning,
                    "no column for the remediation (expected a header such as 'Remediation \
                     Plan', 'Corrective Action' or 'Planned Remediation')"
                ),
                (
                    Level::Warning,
                    "no column for the owner (expected a header such as 'Owner', 'Point of \
                     Contact' or 'Responsible Party')"
                ),
                (
                    Level::Warning,
                    "no column for the resources (expected a header such as 'Resources \
                     Required', 'Estimated Cost' or 'Resources')"
                ),
                (
                    Level::Warning,
                    "no column for the start date (expected a header such as 'Start Date', \
                     'Detection Date' or 'Date Identified')"
                ),
                (
                    Level::Warning,
                    "no column for the completion date (expected a header such as 'Scheduled \
                     Completion Date', 'Due Date' or 'Target Date')"
                ),
                (
                    Level::Error,
                    "no column for the status (expected a header such as 'Status')"
                ),
            ]
        );
        assert!(found
            .iter()
            .all(|f| f.location.row == Some(1) && f.location.column.is_none()));
    }

    #[test]
    fn an_item_without_id_is_reported_at_its_id_cell() {
        let mut blank = item(3, "", "3.1.8");
        blank.id = Some("  ".into());
        let mut none = item(4, "x", "3.1.8");
        none.id = None;
        let p = poam(vec![item(2, "POAM-1", "3.1.8"), blank, none]);
        let found = run_l2(&p, "id-missing");
        assert_eq!(
            places(&found),
            vec![(Some(3), Some("A3".into())), (Some(4), Some("A4".into()))]
        );
        assert_eq!(found[0].item, None);
    }

    #[test]
    fn no_id_column_means_no_item_level_id_findings() {
        let mut i = item(2, "", "3.1.8");
        i.id = None;
        let p = poam_with_columns(&[Field::Control, Field::Status], vec![i]);
        assert!(run_l2(&p, "id-missing").is_empty());
    }

    #[test]
    fn a_shared_id_is_reported_on_each_row_naming_the_others() {
        let p = poam(vec![
            item(2, "POAM-1", "3.1.8"),
            item(3, "POAM-2", "3.1.9"),
            item(5, "poam-1 ", "3.1.10"),
            item(7, "POAM-1", "3.1.11"),
        ]);
        let found = run_l2(&p, "id-duplicate");
        assert_eq!(
            places(&found),
            vec![
                (Some(2), Some("A2".into())),
                (Some(5), Some("A5".into())),
                (Some(7), Some("A7".into()))
            ]
        );
        assert_eq!(
            found[0].message,
            "POAM-1 is also the id of the items on rows 5 and 7: give each item its own id"
        );
        assert_eq!(found[1].item.as_deref(), Some("poam-1"));
    }

    #[test]
    fn ids_beyond_ascii_compare_as_lower_case_text() {
        let p = poam(vec![
            item(2, "ÉQUIPE-1", "3.1.8"),
            item(3, "equipe-1", "3.1.9"),
            item(4, " équipe-1", "3.1.10"),
        ]);
        let found = run_l2(&p, "id-duplicate");
        assert_eq!(
            places(&found),
            vec![(Some(2), Some("A2".into())), (Some(4), Some("A4".into()))]
        );
        assert_eq!(
            found[0].message,
            "ÉQUIPE-1 is also the id of the item on row 4: give each item its own id"
        );
        assert_eq!(compare_ignoring_case("POAM-1", "poam-1"), Ordering::Equal);
        assert_eq!(compare_ignoring_case("POAM-1", "poam-10"), Ordering::Less);
        assert_eq!(compare_ignoring_case("Ä", "ä"), Ordering::Equal);
    }

    #[test]
    fn distinct_ids_give_no_duplicate_finding() {
        let p = poam(vec![
            item(2, "POAM-1", "3.1.8"),
            item(3, "POAM-10", "3.1.9"),
        ]);
        assert!(run_l2(&p, "id-duplicate").is_empty());
    }

    #[test]
    fn row_phrases() {
        assert_eq!(rows_phrase(&[7]), "row 7");
        assert_eq!(rows_phrase(&[7, 9]), "rows 7 and 9");
        assert_eq!(rows_phrase(&[7, 9, 12]), "rows 7, 9 and 12");
    }
}
