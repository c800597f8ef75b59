//! One POA&M item: typed fields, each parsed from its cell, with the row it came from.
//! Where each field's column is lives once per sheet in `Poam::columns`.

use crate::catalog::{catalog, Requirement};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::collections::hash_map::RandomState;
use std::collections::HashSet;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, OnceLock};

/// A date cell after parsing (`model::date`). "No date" (blank, N/A, TBD) is `None` on the item.
#[derive(Debug, Clone, PartialEq)]
pub enum DateValue {
    Date(NaiveDate),
    /// A slash date valid only day-first (`25/03/2026`): read day-first and reported.
    Ambiguous {
        date: NaiveDate,
        raw: String,
    },
    /// Text that is not a date.
    Invalid(String),
}

impl DateValue {
    /// The date, when one could be read (ambiguous ones included).
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            DateValue::Date(d) | DateValue::Ambiguous { date: d, .. } => Some(*d),
            DateValue::Invalid(_) => None,
        }
    }
}

/// A value from a fixed vocabulary (status, severity): recognised, or kept as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Vocab<T> {
    Known(T),
    Unknown(String),
}

impl<T: Copy> Vocab<T> {
    pub fn known(&self) -> Option<T> {
        match self {
            Vocab::Known(t) => Some(*t),
            Vocab::Unknown(_) => None,
        }
    }
}

/// Status vocabulary (PRODUCT.md §2). Synonyms are mapped in `model::vocab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Open,
    InProgress,
    Delayed,
    Closed,
    RiskAccepted,
    NotApplicable,
}

impl Status {
    /// Open items still count as NOT MET and are subject to dates, owners and eligibility.
    /// Risk Accepted is not a way to meet a CMMC requirement (rule `risk-accepted`), so the
    /// requirement stays NOT MET and the item stays open.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Open | Status::InProgress | Status::Delayed | Status::RiskAccepted
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "Open",
            Status::InProgress => "In Progress",
            Status::Delayed => "Delayed",
            Status::Closed => "Closed",
            Status::RiskAccepted => "Risk Accepted",
            Status::NotApplicable => "Not Applicable",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Low,
    Moderate,
    High,
    Critical,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Low => "Low",
            Severity::Moderate => "Moderate",
            Severity::High => "High",
            Severity::Critical => "Critical",
        }
    }
}

/// One requirement reference from a control cell.
#[derive(Debug, Clone, PartialEq)]
pub enum RequirementRef {
    /// One of the catalog's requirements (Level 2's 110, or Level 3's 24).
    Known(&'static Requirement),
    /// Shaped like an 800-171 id but not in the catalog (3.15.1, 3.1.23): kept as written.
    Unknown(String),
    /// Not a requirement reference at all (AC-2, "see SSP"): kept as written.
    Unparsed(String),
}

/// One milestone: from a line of a milestones cell, or an eMASS milestone row.
#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    /// Row of the cell it came from (differs from the item's row on continuation rows).
    pub row: u32,
    /// `(01)` style number, when given.
    pub number: Option<u32>,
    pub date: Option<DateValue>,
    pub text: String,
    pub done: bool,
}

/// One POA&M item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Item {
    /// First row of the item (1-based; the CSV line for CSV).
    pub row: u32,
    pub id: Option<String>,
    /// Raw text of the control cell, for messages.
    pub control_text: Option<String>,
    pub requirements: Vec<RequirementRef>,
    pub weakness: Option<String>,
    pub severity: Option<Vocab<Severity>>,
    pub adjusted_severity: Option<Vocab<Severity>>,
    pub remediation: Option<String>,
    pub owner: Option<String>,
    pub supporting_owner: Option<String>,
    pub approval_authority: Option<String>,
    pub evidence_custodian: Option<String>,
    pub resources: Option<String>,
    pub start: Option<DateValue>,
    pub milestones: Vec<Milestone>,
    pub milestone_changes: Vec<Milestone>,
    pub completion: Option<DateValue>,
    pub closed_date: Option<DateValue>,
    pub status: Option<Vocab<Status>>,
    pub status_date: Option<DateValue>,
    pub evidence: Vec<String>,
    pub comments: Option<String>,
    /// Cells of columns no field maps to: (column, text). Kept, never interpreted.
    pub extra: Vec<(u32, String)>,
}

impl Item {
    /// Open unless a recognised status says otherwise. An item with no or an unknown
    /// status is treated as open: the conservative reading for an assessor.
    pub fn is_open(&self) -> bool {
        match &self.status {
            Some(Vocab::Known(s)) => s.is_open(),
            _ => true,
        }
    }

    pub fn is_closed(&self) -> bool {
        matches!(self.status, Some(Vocab::Known(Status::Closed)))
    }

    /// The id for messages: the id, else `row N`.
    pub fn label(&self) -> String {
        match &self.id {
            Some(id) => id.clone(),
            None => format!("the item on row {}", self.row),
        }
    }

    /// Requirements from the catalog that this item names.
    pub fn known_requirements(&self) -> impl Iterator<Item = &'static Requirement> + '_ {
        self.requirements.iter().filter_map(|r| match r {
            RequirementRef::Known(q) => Some(*q),
            _ => None,
        })
    }
}

/// What `poam validate` keeps of an item once the item's own checks have run: exactly what
/// the whole-POA&M rules (`id-duplicate`, `owner-overloaded`, `same-target-date`), the
/// engine (which requirements open items name) and the outputs (item titles, counts)
/// need. A 100,000-row POA&M is then checked without holding its items in memory: a
/// summary is about 80 bytes plus its id (the requirement list of one requirement and
/// the owner name are shared, see [`Summarizer`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemSummary {
    /// First row of the item.
    pub row: u32,
    /// The id as written (untrimmed, as findings name it).
    pub id: Option<Box<str>>,
    /// [`id_hash`] of the id: worked out while the file is read, so that `id-duplicate`
    /// compares 100,000 ids quickly once it is.
    pub id_hash: u64,
    /// The catalog requirements the item names, in cell order (repeats kept).
    pub requirements: Cow<'static, [&'static Requirement]>,
    /// `Item::is_open`.
    pub open: bool,
    /// `Item::is_closed`.
    pub closed: bool,
    /// Open items only: the owner, trimmed, when there is one.
    pub owner: Option<Arc<str>>,
    /// Open items only: the completion date, when it could be read.
    pub completion: Option<NaiveDate>,
}

impl ItemSummary {
    pub fn of(item: &Item) -> ItemSummary {
        Summarizer::default().summary(item)
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// The id for messages: the id, else `the item on row N` (as `Item::label`).
    pub fn label(&self) -> String {
        match &self.id {
            Some(id) => id.to_string(),
            None => format!("the item on row {}", self.row),
        }
    }

    pub fn known_requirements(&self) -> impl Iterator<Item = &'static Requirement> + '_ {
        self.requirements.iter().copied()
    }
}

/// A hash of an id as an assessor compares ids (`id-duplicate`): surrounding spaces and
/// case ignored (`str::to_lowercase`), so ids that compare equal hash equal. Keyed at
/// random once per run, as `HashMap` is, so that no sheet can be made to collide.
pub fn id_hash(id: &str) -> u64 {
    static KEYS: OnceLock<RandomState> = OnceLock::new();
    let mut state = KEYS.get_or_init(RandomState::new).build_hasher();
    let id = id.trim();
    if id.is_ascii() {
        // In chunks, lower-cased on the stack.
        for chunk in id.as_bytes().chunks(32) {
            let mut lower = [0u8; 32];
            for (to, from) in lower.iter_mut().zip(chunk) {
                *to = from.to_ascii_lowercase();
            }
            state.write(lower.get(..chunk.len()).unwrap_or_default());
        }
    } else {
        for chunk in id.to_lowercase().as_bytes().chunks(32) {
            state.write(chunk);
        }
    }
    state.finish()
}

/// Makes [`ItemSummary`]s, sharing what items repeat: one copy of each owner name, and
/// for the usual single requirement a list from a static table instead of one per item.
#[derive(Debug, Default)]
pub struct Summarizer {
    owners: HashSet<Arc<str>, FastHash>,
}

/// A quick hash for short texts read from the sheet (owner names, requirement cells),
/// in tables that only save repeated work: SipHash, the default, cost more than the
/// lookups saved. (FxHash's mixing: a word at a time, rotate, xor, multiply.) A sheet
/// made to collide would only make validation slower, never wrong.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHash;

impl BuildHasher for FastHash {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0)
    }
}

/// The hasher of [`FastHash`].
#[derive(Debug)]
pub struct FastHasher(u64);

impl FastHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        let mut word = [0u8; 8];
        if let Some(to) = word.get_mut(..rest.len()) {
            to.copy_from_slice(rest);
        }
        self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Summarizer {
    pub fn summary(&mut self, item: &Item) -> ItemSummary {
        let open = item.is_open();
        let owner = item
            .owner
            .as_deref()
            .map(str::trim)
            .filter(|o| open && !o.is_empty())
            .map(|o| self.owner(o));
        ItemSummary {
            row: item.row,
            id: item.id.as_deref().map(Box::from),
            id_hash: item.id.as_deref().map_or(0, id_hash),
            requirements: requirement_list(item),
            open,
            closed: item.is_closed(),
            owner,
            completion: item
                .completion
                .as_ref()
                .and_then(DateValue::date)
                .filter(|_| open),
        }
    }

    fn owner(&mut self, name: &str) -> Arc<str> {
        if let Some(shared) = self.owners.get(name) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = Arc::from(name);
        self.owners.insert(Arc::clone(&shared));
        shared
    }
}

/// The item's catalog requirements: borrowed from [`every_requirement`] when there is one
/// (nearly every item), an exactly sized list otherwise.
fn requirement_list(item: &Item) -> Cow<'static, [&'static Requirement]> {
    let mut known = item.known_requirements();
    match (known.next(), known.next()) {
        (None, _) => Cow::Borrowed(&[]),
        (Some(only), None) => match single(only) {
            Some(list) => Cow::Borrowed(list),
            None => Cow::Owned(vec![only]),
        },
        (Some(_), Some(_)) => {
            let mut list: Vec<&'static Requirement> = item.known_requirements().collect();
            list.shrink_to_fit();
            Cow::Owned(list)
        }
    }
}

/// Every catalog requirement (Level 2, then Level 3), each a one-element slice away.
fn every_requirement() -> &'static [&'static Requirement] {
    static ALL: OnceLock<Vec<&'static Requirement>> = OnceLock::new();
    ALL.get_or_init(|| {
        let catalog = catalog();
        catalog.level2().iter().chain(catalog.level3()).collect()
    })
}

/// `[r]` as a static slice, found by the requirement's place in the catalog.
fn single(r: &'static Requirement) -> Option<&'static [&'static Requirement]> {
    let all = every_requirement();
    let i = all.iter().position(|q| std::ptr::eq(*q, r))?;
    all.get(i..=i)
}

/// Text buffers from items already used, handed out again for new fields: reading a long
/// sheet then allocates nothing per row once the first items are built (`ItemBuilder`).
#[derive(Debug, Default)]
pub struct TextPool {
    spare: Vec<String>,
}

impl TextPool {
    /// Buffers kept at most: a few items' worth.
    const MAX: usize = 256;

    /// An empty buffer.
    pub fn take(&mut self) -> String {
        self.spare.pop().unwrap_or_default()
    }

    /// `text` in a buffer from the pool.
    pub fn copy(&mut self, text: &str) -> String {
        let mut s = self.take();
        s.push_str(text);
        s
    }

    pub fn give(&mut self, mut s: String) {
        if self.spare.len() < Self::MAX && s.capacity() > 0 {
            s.clear();
            self.spare.push(s);
        }
    }

    fn give_opt(&mut self, s: &mut Option<String>) {
        if let Some(s) = s.take() {
            self.give(s);
        }
    }

    fn give_vocab<T>(&mut self, v: &mut Option<Vocab<T>>) {
        if let Some(Vocab::Unknown(s)) = v.take() {
            self.give(s);
        }
    }

    fn give_date(&mut self, d: &mut Option<DateValue>) {
        match d.take() {
            Some(DateValue::Invalid(s) | DateValue::Ambiguous { raw: s, .. }) => self.give(s),
            Some(DateValue::Date(_)) | None => {}
        }
    }

    /// Take the text buffers of every milestone of `list`, leaving it empty.
    pub fn give_milestones(&mut self, list: &mut Vec<Milestone>) {
        for mut m in list.drain(..) {
            self.give(std::mem::take(&mut m.text));
            self.give_date(&mut m.date);
        }
    }
}

impl Item {
    /// Make this an empty item again (`Item::default()`), its text buffers given to `pool`
    /// and its lists keeping their capacity, ready to hold the next item.
    pub fn clear_into(&mut self, pool: &mut TextPool) {
        // Every field by name: a new field must be cleared here too, or this fails to build.
        let Item {
            row,
            id,
            control_text,
            requirements,
            weakness,
            severity,
            adjusted_severity,
            remediation,
            owner,
            supporting_owner,
            approval_authority,
            evidence_custodian,
            resources,
            start,
            milestones,
            milestone_changes,
            completion,
            closed_date,
            status,
            status_date,
            evidence,
            comments,
            extra,
        } = self;
        *row = 0;
        for text in [
            id,
            control_text,
            weakness,
            remediation,
            owner,
            supporting_owner,
            approval_authority,
            evidence_custodian,
            resources,
            comments,
        ] {
            pool.give_opt(text);
        }
        for reference in requirements.drain(..) {
            if let RequirementRef::Unknown(s) | RequirementRef::Unparsed(s) = reference {
                pool.give(s);
            }
        }
        pool.give_vocab(severity);
        pool.give_vocab(adjusted_severity);
        pool.give_vocab(status);
        for date in [start, completion, closed_date, status_date] {
            pool.give_date(date);
        }
        pool.give_milestones(milestones);
        pool.give_milestones(milestone_changes);
        for s in evidence.drain(..) {
            pool.give(s);
        }
        for (_, s) in extra.drain(..) {
            pool.give(s);
        }
    }

    /// Lists exactly sized, for an item that is kept (`io::load_poam`).
    pub fn shrink_to_fit(&mut self) {
        self.requirements.shrink_to_fit();
        self.milestones.shrink_to_fit();
        self.milestone_changes.shrink_to_fit();
        self.evidence.shrink_to_fit();
        self.extra.shrink_to_fit();
    }
}
