//! The report's tables as data, shared by the Markdown and HTML reports: each column's
//! heading and kind, each row's cells and whether the row needs attention. A renderer
//! only formats them (escapes text its own way, marks the rows that need attention), so
//! the two reports always list the same rows with the same columns.

use super::{
    ClosedItem, Count, FamilyCount, FieldChangeLine, ItemLine, ItemRef, MilestoneLine, MonthLoad,
    OwnerLoad, RuleGroup, SlipLine,
};
use chrono::NaiveDate;
use ColumnKind::{Number, Text, Word};

/// How a column's values read (HTML aligns and wraps by it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Text that may wrap.
    Text,
    /// A count or a number of days: right-aligned.
    Number,
    /// An id or a date: kept on one line.
    Word,
}

/// One cell, before a format escapes and writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Text from the POA&M or the catalog: each format escapes it.
    Text(String),
    /// A number, a date or a month: written as it is.
    Plain(String),
    /// Nothing given: shown as a dash.
    Blank,
    /// "date: text" (a dash for an unknown date): an item's next milestone.
    Dated(Option<NaiveDate>, String),
    /// Evidence references. None at all is emphasised: it is what an assessor asks for
    /// first (rule closed-without-evidence).
    Evidence(Vec<String>),
    /// Whether a slip's new date is explained by a recorded milestone change; "no" is what
    /// rule completion-slipped reports.
    Recorded(bool),
}

impl Cell {
    fn text(text: &str) -> Cell {
        Cell::Text(text.to_owned())
    }

    /// A number or a date.
    fn plain(value: impl ToString) -> Cell {
        Cell::Plain(value.to_string())
    }

    /// Text that may be missing.
    fn optional(text: Option<&str>) -> Cell {
        text.map_or(Cell::Blank, Cell::text)
    }

    /// A date that may be missing.
    fn date(date: Option<NaiveDate>) -> Cell {
        date.map_or(Cell::Blank, Cell::plain)
    }
}

/// One row: its cells in column order, and whether it needs attention (overdue, closed
/// without evidence, slipped without a recorded reason).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub attention: bool,
    pub cells: Vec<Cell>,
}

impl Row {
    fn plain(cells: Vec<Cell>) -> Row {
        Row {
            attention: false,
            cells,
        }
    }
}

/// A table: its columns (heading, kind) and rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<(&'static str, ColumnKind)>,
    pub rows: Vec<Row>,
}

/// Items by status: how many in each.
pub fn by_status(counts: &[Count]) -> Table {
    Table {
        columns: vec![("Status", Text), ("Items", Number)],
        rows: counts
            .iter()
            .map(|c| Row::plain(vec![Cell::text(&c.label), Cell::plain(c.total)]))
            .collect(),
    }
}

/// Items by severity: open, and all.
pub fn by_severity(counts: &[Count]) -> Table {
    Table {
        columns: vec![("Severity", Text), ("Open", Number), ("All", Number)],
        rows: counts
            .iter()
            .map(|c| {
                Row::plain(vec![
                    Cell::text(&c.label),
                    Cell::plain(c.open),
                    Cell::plain(c.total),
                ])
            })
            .collect(),
    }
}

/// Items by requirement family: open, and all.
pub fn by_family(families: &[FamilyCount]) -> Table {
    Table {
        columns: vec![("Family", Text), ("Open", Number), ("All", Number)],
        rows: families
            .iter()
            .map(|f| {
                Row::plain(vec![
                    Cell::Text(format!("{} {}", f.code, f.name)),
                    Cell::plain(f.open),
                    Cell::plain(f.total),
                ])
            })
            .collect(),
    }
}

/// Open items by owner; an owner with overdue items needs attention.
pub fn owners(owners: &[OwnerLoad]) -> Table {
    Table {
        columns: vec![
            ("Owner", Text),
            ("Open", Number),
            ("Overdue", Number),
            ("Due in 30 days", Number),
            ("Supporting", Number),
            ("Items", Text),
        ],
        rows: owners
            .iter()
            .map(|o| Row {
                attention: o.overdue > 0,
                cells: vec![
                    Cell::text(&o.owner),
                    Cell::plain(o.open),
                    Cell::plain(o.overdue),
                    Cell::plain(o.due_soon),
                    Cell::plain(o.supporting),
                    Cell::Text(o.items_text()),
                ],
            })
            .collect(),
    }
}

/// Open items with their due date and next milestone. `late`: the overdue items, with a
/// "Days late" column, each row needing attention.
pub fn items(items: &[ItemLine], late: bool) -> Table {
    let mut columns = vec![
        ("Item", Word),
        ("Requirement", Text),
        ("Owner", Text),
        ("Due", Word),
    ];
    if late {
        columns.push(("Days late", Number));
    }
    columns.extend([("Status", Word), ("Next milestone", Text)]);
    let rows = items
        .iter()
        .map(|i| {
            let mut cells = vec![
                Cell::text(&i.id),
                Cell::text(&i.title),
                Cell::optional(i.owner.as_deref()),
                Cell::date(i.completion),
            ];
            if late {
                cells.push(Cell::plain(i.days_overdue.unwrap_or(0)));
            }
            cells.push(Cell::text(&i.status));
            cells.push(match &i.next_milestone {
                Some(m) => Cell::Dated(m.date, m.text.clone()),
                None => Cell::Blank,
            });
            Row {
                attention: late,
                cells,
            }
        })
        .collect();
    Table { columns, rows }
}

/// Milestones not marked done. `late`: the overdue ones ("Days late", needing attention);
/// else those due soon ("Days left").
pub fn milestones(milestones: &[MilestoneLine], late: bool) -> Table {
    Table {
        columns: vec![
            ("Date", Word),
            ("Item", Word),
            ("Owner", Text),
            ("Milestone", Text),
            (if late { "Days late" } else { "Days left" }, Number),
        ],
        rows: milestones
            .iter()
            .map(|m| Row {
                attention: late,
                cells: vec![
                    Cell::plain(m.date),
                    Cell::text(&m.item),
                    Cell::optional(m.owner.as_deref()),
                    Cell::text(&m.text),
                    Cell::plain(if late { -m.days } else { m.days }),
                ],
            })
            .collect(),
    }
}

/// Items closed in the period with their evidence; `with_owner` adds the owner column.
/// An item closed without evidence needs attention.
pub fn closed(items: &[ClosedItem], with_owner: bool) -> Table {
    let mut columns = vec![("Item", Word), ("Requirement", Text)];
    if with_owner {
        columns.push(("Owner", Text));
    }
    columns.push(("Evidence", Text));
    let rows = items
        .iter()
        .map(|c| {
            let mut cells = vec![Cell::text(&c.id), Cell::text(&c.title)];
            if with_owner {
                cells.push(Cell::optional(c.owner.as_deref()));
            }
            cells.push(Cell::Evidence(c.evidence.clone()));
            Row {
                attention: c.evidence.is_empty(),
                cells,
            }
        })
        .collect();
    Table { columns, rows }
}

/// Items named by id, requirement and owner (new, reopened, removed since `--previous`).
pub fn item_refs(refs: &[ItemRef]) -> Table {
    Table {
        columns: vec![("Item", Word), ("Requirement", Text), ("Owner", Text)],
        rows: refs
            .iter()
            .map(|r| {
                Row::plain(vec![
                    Cell::text(&r.id),
                    Cell::text(&r.title),
                    Cell::optional(r.owner.as_deref()),
                ])
            })
            .collect(),
    }
}

/// Completion dates moved later since `--previous`; a slip with no recorded reason needs
/// attention.
pub fn slipped(slips: &[SlipLine]) -> Table {
    Table {
        columns: vec![
            ("Item", Word),
            ("Requirement", Text),
            ("Was due", Word),
            ("Now due", Word),
            ("Days later", Number),
            ("Change recorded", Text),
        ],
        rows: slips
            .iter()
            .map(|s| Row {
                attention: !s.explained,
                cells: vec![
                    Cell::text(&s.id),
                    Cell::text(&s.title),
                    Cell::plain(s.before),
                    Cell::plain(s.after),
                    Cell::plain(s.days),
                    Cell::Recorded(s.explained),
                ],
            })
            .collect(),
    }
}

/// The other field changes since `--previous`, a blank value shown as "(blank)".
pub fn field_changes(changes: &[FieldChangeLine]) -> Table {
    Table {
        columns: vec![
            ("Item", Word),
            ("Field", Word),
            ("Before", Text),
            ("After", Text),
        ],
        rows: changes
            .iter()
            .map(|f| {
                Row::plain(vec![
                    Cell::text(&f.id),
                    Cell::text(&f.field),
                    Cell::text(blank_shown(&f.before)),
                    Cell::text(blank_shown(&f.after)),
                ])
            })
            .collect(),
    }
}

/// Open items by completion month: due that month, and still open after it.
pub fn months(months: &[MonthLoad]) -> Table {
    Table {
        columns: vec![
            ("Month", Word),
            ("Due", Number),
            ("Still open after", Number),
        ],
        rows: months
            .iter()
            .map(|m| {
                Row::plain(vec![
                    Cell::plain(&m.month),
                    Cell::plain(m.due),
                    Cell::plain(m.open_after),
                ])
            })
            .collect(),
    }
}

/// One rule's findings: item, cell and message.
pub fn findings(group: &RuleGroup) -> Table {
    Table {
        columns: vec![("Item", Word), ("Cell", Word), ("Message", Text)],
        rows: group
            .findings
            .iter()
            .map(|f| {
                let place = if f.place.is_empty() {
                    Cell::Blank
                } else {
                    Cell::text(&f.place)
                };
                Row::plain(vec![
                    Cell::optional(f.item.as_deref()),
                    place,
                    Cell::text(&f.message),
                ])
            })
            .collect(),
    }
}

/// A blank value, for people.
pub fn blank_shown(value: &str) -> &str {
    if value.is_empty() {
        "(blank)"
    } else {
        value
    }
}
