//! Synthetic but realistic POA&M workbooks for the benchmark: the 15 columns of a typical
//! CMMC Level 2 tracker (PRODUCT.md §2 aliases), varied free text so the shared-string
//! table is as large as a real one, real date cells, multi-line milestones, and a few
//! percent of rows carrying exactly one known flaw each, so that the run exercises the
//! rules that fire in practice and the finding counts can be checked afterwards.
//!
//! Deterministic: the same row count always gives the same file content (a fixed seed, a
//! fixed "as of" date), so numbers from two machines compare.

use chrono::{Days, NaiveDate};
use rust_xlsxwriter::{Format, Workbook};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The date the benchmark passes as `--as-of`; every generated date is placed relative to
/// it so that clean rows stay clean (no overdue, stale or out-of-order findings).
pub const AS_OF: (i32, u32, u32) = (2026, 12, 1);

/// The sheet name of a CMMC tracker; the `&` also exercises XML escaping.
pub const SHEET: &str = "POA&M";

/// Header cells, in column order (the brief's 15 columns; every one an alias of a field).
pub const HEADER: [&str; 15] = [
    "POA&M ID",
    "NIST Control Reference",
    "Weakness Description",
    "Severity",
    "Remediation Plan",
    "Owner",
    "Resources Required",
    "Start Date",
    "Milestones",
    "Scheduled Completion Date",
    "Status",
    "Status Date",
    "Verification Evidence",
    "Comments",
    "Supporting Owner",
];

/// The one flaw a row may carry, named after the rule that should report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Flaw {
    OwnerMissing,
    RemediationVague,
    DateInvalid,
    IdDuplicate,
    ClosedWithoutEvidence,
    PoamIneligible,
}

impl Flaw {
    /// The rule name (PRODUCT.md §4) that should report this flaw.
    pub fn rule(self) -> &'static str {
        match self {
            Flaw::OwnerMissing => "owner-missing",
            Flaw::RemediationVague => "remediation-vague",
            Flaw::DateInvalid => "date-invalid",
            Flaw::IdDuplicate => "id-duplicate",
            Flaw::ClosedWithoutEvidence => "closed-without-evidence",
            // An excluded requirement fires `poam-excluded` instead; see `ineligible_control`.
            Flaw::PoamIneligible => "poam-ineligible",
        }
    }

    /// Each flaw on 0.7 % of rows: 4.2 % of rows flawed in all.
    fn pick(roll: u64) -> Option<Flaw> {
        match roll % 1000 {
            0..=6 => Some(Flaw::OwnerMissing),
            7..=13 => Some(Flaw::RemediationVague),
            14..=20 => Some(Flaw::DateInvalid),
            21..=27 => Some(Flaw::IdDuplicate),
            28..=34 => Some(Flaw::ClosedWithoutEvidence),
            35..=41 => Some(Flaw::PoamIneligible),
            _ => None,
        }
    }
}

/// A date cell's value: a real date, or text typed where a date belongs.
#[derive(Debug, Clone)]
pub enum DateCell {
    Date(NaiveDate),
    Text(String),
}

/// One generated row, before it is written as XLSX or CSV.
#[derive(Debug, Clone)]
pub struct GenRow {
    pub id: String,
    pub control: String,
    pub weakness: String,
    pub severity: &'static str,
    pub remediation: String,
    pub owner: String,
    pub resources: String,
    pub start: DateCell,
    pub milestones: String,
    pub completion: DateCell,
    pub status: &'static str,
    pub status_date: DateCell,
    pub evidence: String,
    pub comments: String,
    pub supporting_owner: String,
    pub flaw: Option<Flaw>,
}

/// splitmix64: tiny, deterministic, good enough to vary text (no `rand` dependency).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

/// The POA&M-eligible requirements: worth 1 point and not excluded, read from the crate's
/// own catalog (`src/catalog/nist171r2.csv`, columns `points` and `poam_excluded`, which
/// cite the DoD Assessment Methodology v1.2.1 and 32 CFR 170.21(a)(2)).
pub fn eligible_controls() -> Vec<(String, String)> {
    catalog_rows()
        .filter(|c| c.points == "1" && c.excluded == "no")
        .map(|c| (c.id, c.family))
        .collect()
}

/// Requirements an open item may not name: worth 5 points with no partial value
/// (`poam-ineligible`; 3.5.3 and 3.13.11 have a partial value and special cases).
fn ineligible_controls() -> Vec<String> {
    catalog_rows()
        .filter(|c| c.points == "5" && c.partial.is_empty())
        .map(|c| c.id)
        .collect()
}

struct CatalogRow {
    id: String,
    family: String,
    points: String,
    partial: String,
    excluded: String,
}

fn catalog_rows() -> impl Iterator<Item = CatalogRow> {
    const CATALOG: &str = include_str!("../../src/catalog/nist171r2.csv");
    CATALOG.lines().skip(1).filter_map(|line| {
        let cols: Vec<&str> = line.split(',').collect();
        // id,family,cmmc_id,cmmc_name,kind,level1,points,partial_points,poam_excluded;
        // cmmc_name may hold no comma (checked by the row having exactly 9 columns).
        if cols.len() != 9 {
            return None;
        }
        Some(CatalogRow {
            id: cols[0].to_owned(),
            family: cols[1].to_owned(),
            points: cols[6].to_owned(),
            partial: cols[7].to_owned(),
            excluded: cols[8].to_owned(),
        })
    })
}

const SYSTEMS: &[&str] = &[
    "engineering file server FS-ENG-01",
    "CUI enclave jump host",
    "Windows 11 engineering workstations",
    "M365 GCC High tenant",
    "Azure Government subscription",
    "on-prem Active Directory (corp.example.com)",
    "Palo Alto PA-3220 perimeter firewall",
    "Cisco AnyConnect VPN concentrator",
    "SolidWorks PDM vault",
    "shop-floor CNC network segment",
    "backup appliance (Veeam B&R)",
    "Linux build servers",
    "HR SaaS integration",
    "Intune-managed laptops",
    "Splunk SIEM",
    "badge access system",
    "conference room VTC units",
    "legacy ERP (Epicor 9)",
];

const WEAKNESS: &[&str] = &[
    "Session lock is not enforced after 15 minutes of inactivity on the {sys}",
    "Audit logs from the {sys} are not reviewed on a defined schedule; last review found {n} unreviewed events",
    "Separation of duties not documented for administrators of the {sys}",
    "Non-privileged users on the {sys} can run {n} privileged utilities",
    "Unsuccessful logon attempts are not limited on the {sys} (lockout threshold unset)",
    "Privacy and security notices not displayed before logon on the {sys}",
    "Remote access sessions to the {sys} are not monitored or logged centrally",
    "Wireless access points near the {sys} do not enforce WPA2-Enterprise authentication",
    "Mobile devices accessing the {sys} are not encrypted ({n} devices found in inventory)",
    "Audit record retention on the {sys} is {n} days, below the 90-day policy",
    "Time synchronisation for the {sys} uses an unauthenticated NTP source",
    "User-installed software not restricted on the {sys}; {n} unapproved packages found",
    "Password reuse history set to {n} generations on the {sys}, policy requires 24",
    "Temporary passwords for the {sys} do not force change at first logon",
    "Identifiers for the {sys} are not disabled after 90 days of inactivity ({n} stale accounts)",
    "Maintenance tools brought on site for the {sys} are not inspected for malicious code",
    "Media containing CUI from the {sys} is not marked with distribution limitations",
    "CUI backups of the {sys} are not encrypted at the storage location",
    "Network communications to the {sys} are not denied by default (allow-any rule #{n})",
    "Split tunnelling is permitted for VPN clients connecting to the {sys}",
    "Collaborative computing devices in the {sys} area lack an in-use indicator",
    "Mobile code is not controlled on the {sys}; {n} browser extensions unmanaged",
    "VoIP handsets on the {sys} segment are not on a dedicated VLAN",
    "Session authenticity not protected for the {sys} admin console (TLS 1.0 still enabled)",
    "Security alerts from the vendor for the {sys} are not tracked to closure",
];

const REMEDIATION: &[&str] = &[
    "Deploy GPO 'CUI-Lock-15' to the {sys} OU, verify with gpresult on {n} sample hosts, and record the result in the change ticket",
    "Configure Splunk scheduled search to alert on {sys} audit failures; assign weekly review to the ISSO and document in the SOP",
    "Write and approve an administrator role matrix for the {sys}, split backup and restore rights, and train {n} administrators",
    "Remove local admin rights on the {sys} through Intune endpoint privilege management and review exceptions monthly",
    "Set account lockout threshold to 5 attempts and 15-minute duration on the {sys}; validate with a test account",
    "Add the approved DoD-style logon banner to the {sys} via configuration profile and capture screenshots as evidence",
    "Forward VPN and RDP session logs for the {sys} to the SIEM and build a dashboard reviewed each Monday",
    "Reconfigure SSIDs serving the {sys} area to WPA2-Enterprise with RADIUS certificate authentication",
    "Enable BitLocker/FileVault enforcement through MDM compliance policy and block non-compliant devices from the {sys}",
    "Extend log retention for the {sys} to 365 days in the SIEM index and archive to immutable storage",
    "Point the {sys} at the authenticated internal NTP pair (ntp1/ntp2) and monitor drift with an alert above 5 seconds",
    "Enable application allow-listing (WDAC) in audit mode, tune for {n} days, then enforce on the {sys}",
    "Update the password policy on the {sys}: 24 remembered passwords, minimum age 1 day, and confirm with an export",
    "Enable 'user must change password at next logon' for temporary credentials issued for the {sys} and update the IdM workflow",
    "Schedule an automated job disabling {sys} accounts inactive for 90 days and report exceptions to account owners",
    "Adopt a maintenance-tool inspection checklist and scan every vendor laptop before connecting to the {sys}",
    "Label all removable media from the {sys} with CUI markings and update the media handling procedure",
    "Turn on AES-256 encryption for the {sys} backup jobs and verify a restore from an encrypted copy",
    "Replace allow-any rule #{n} with explicit allow rules for the {sys} and add a default-deny rule at the bottom of the policy",
    "Disable split tunnelling in the VPN profile for the {sys} users and confirm routing with a packet capture",
];

const FIRST_NAMES: &[&str] = &[
    "Dana", "Miguel", "Priya", "Tom", "Aisha", "Jonas", "Keiko", "Luis", "Marta", "Owen", "Rachel",
    "Samir", "Tessa", "Victor", "Wen", "Yusuf", "Brenda", "Carlos", "Elena", "Frank",
];
const LAST_NAMES: &[&str] = &[
    "Whitfield",
    "Alvarez",
    "Raman",
    "Becker",
    "Khan",
    "Lindqvist",
    "Tanaka",
    "Moreno",
    "Kowalski",
    "Gallagher",
    "Stein",
    "Haddad",
    "Nguyen",
    "Okafor",
    "Petrov",
    "Schultz",
];
const ROLES: &[&str] = &[
    "ISSO",
    "Network Engineer",
    "Systems Administrator",
    "IAM Lead",
    "IT Manager",
    "Security Analyst",
    "Facilities Manager",
    "Cloud Architect",
    "Help Desk Lead",
    "CISO",
];
const RESOURCES: &[&str] = &[
    "Internal labor: {n} staff hours",
    "${n},500 licence uplift plus 12 hours of engineering time",
    "No additional funding; existing MSP contract covers {n} hours",
    "Vendor professional services, est. ${n},000 (PO pending)",
    "{n} hours ISSO time; no capital expense",
];
const MILESTONE_STEPS: &[&str] = &[
    "Document current configuration and gap",
    "Draft procedure and obtain ISSO approval",
    "Pilot change on test group",
    "Deploy to production",
    "Collect evidence and verify with scan",
    "Update SSP and close item",
    "Submit change request to CAB",
    "Train affected users",
];
const COMMENTS: &[&str] = &[
    "",
    "Raised during internal assessment; see assessment workbook tab 3.",
    "Depends on firewall refresh project FY27-Q1.",
    "Vendor ticket #{n} open for firmware fix.",
    "Discussed at monthly risk review; priority confirmed.",
    "Compensating control: manual weekly review until automation lands.",
    "",
    "Re-scoped after the {sys} migration.",
];
const VAGUE: &[&str] = &["TBD", "Fix", "Harden system", "Improve monitoring"];
const BAD_DATES: &[&str] = &["ASAP", "next quarter", "2027-13-45", "end of FY"];

/// Generate `rows` rows, deterministically.
pub fn generate(rows: usize) -> Vec<GenRow> {
    let mut rng = Rng::new(0x504F_414D_0000_0000 ^ rows as u64);
    let eligible = eligible_controls();
    let ineligible = ineligible_controls();
    let as_of = NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).unwrap_or_default();
    let mut out: Vec<GenRow> = Vec::with_capacity(rows);
    for i in 0..rows {
        let flaw = Flaw::pick(rng.next());
        let row = clean_row(&mut rng, i, &eligible, as_of);
        let row = apply_flaw(row, flaw, &mut rng, &ineligible, &out);
        out.push(row);
    }
    out
}

fn fill(template: &str, sys: &str, n: usize) -> String {
    template
        .replace("{sys}", sys)
        .replace("{n}", &n.to_string())
}

fn person(rng: &mut Rng) -> String {
    format!(
        "{} {} ({})",
        rng.pick(FIRST_NAMES),
        rng.pick(LAST_NAMES),
        rng.pick(ROLES)
    )
}

fn clean_row(rng: &mut Rng, i: usize, eligible: &[(String, String)], as_of: NaiveDate) -> GenRow {
    let (control, family) = rng.pick(eligible).clone();
    let sys = rng.pick_str(SYSTEMS);
    let n = 2 + rng.below(400);
    let status = match rng.below(100) {
        0..=44 => "Open",
        45..=74 => "In Progress",
        75..=79 => "Delayed",
        _ => "Closed",
    };
    let start = as_of - Days::new(20 + rng.below(160) as u64);
    let completion = as_of + Days::new(30 + rng.below(150) as u64);
    let status_date = as_of - Days::new(rng.below(25) as u64);
    let control_text = if i.is_multiple_of(3) {
        format!("{family}.L2-{control}")
    } else {
        control
    };
    GenRow {
        id: format!("POAM-{family}-{:06}", i + 1),
        control: control_text,
        weakness: fill(rng.pick_str(WEAKNESS), sys, n),
        severity: rng.pick_str(&["Low", "Moderate", "Moderate", "High"]),
        remediation: fill(rng.pick_str(REMEDIATION), sys, n),
        owner: person(rng),
        resources: fill(rng.pick_str(RESOURCES), sys, 1 + rng.below(90)),
        start: DateCell::Date(start),
        milestones: milestones(rng, start, completion, as_of, status == "Closed"),
        completion: DateCell::Date(completion),
        status,
        status_date: DateCell::Date(status_date),
        evidence: if status == "Closed" {
            format!(
                "evidence/{}/{}-scan-{}.pdf\nJIRA SEC-{}",
                sys.split_whitespace().next().unwrap_or("sys"),
                i + 1,
                status_date.format("%Y%m%d"),
                1000 + rng.below(9000)
            )
        } else {
            String::new()
        },
        comments: fill(rng.pick_str(COMMENTS), sys, 10_000 + rng.below(90_000)),
        supporting_owner: person(rng),
        flaw: None,
    }
}

/// Three or four dated steps between start and completion; those already past `as_of`
/// are marked done (PRODUCT.md §2: "ends with (done)"), so no `milestone-overdue`.
fn milestones(
    rng: &mut Rng,
    start: NaiveDate,
    completion: NaiveDate,
    as_of: NaiveDate,
    closed: bool,
) -> String {
    let count = 3 + rng.below(2);
    let span = (completion - start).num_days().max(1);
    let first = rng.below(MILESTONE_STEPS.len());
    let mut lines = Vec::with_capacity(count);
    for k in 0..count {
        let offset = span * (k as i64 + 1) / (count as i64 + 1);
        let date = start + Days::new(offset as u64);
        let step = MILESTONE_STEPS[(first + k) % MILESTONE_STEPS.len()];
        let done = if closed || date <= as_of {
            " (done)"
        } else {
            ""
        };
        lines.push(format!("{}: {step}{done}", date.format("%Y-%m-%d")));
    }
    lines.join("\n")
}

fn apply_flaw(
    mut row: GenRow,
    flaw: Option<Flaw>,
    rng: &mut Rng,
    ineligible: &[String],
    earlier: &[GenRow],
) -> GenRow {
    let Some(flaw) = flaw else { return row };
    match flaw {
        Flaw::OwnerMissing => row.owner.clear(),
        Flaw::RemediationVague => {
            // Judged on open items only: a closed item's plan is history.
            row.remediation = rng.pick(VAGUE).to_string();
            reopen(&mut row);
        }
        Flaw::DateInvalid => row.completion = DateCell::Text(rng.pick(BAD_DATES).to_string()),
        Flaw::IdDuplicate => {
            // Reuse the id of an earlier clean row: two rows, one shared id.
            let Some(prev) = earlier.iter().rev().find(|r| r.flaw.is_none()) else {
                return row;
            };
            row.id = prev.id.clone();
        }
        Flaw::ClosedWithoutEvidence => {
            row.status = "Closed";
            row.evidence.clear();
        }
        Flaw::PoamIneligible => {
            row.control = rng.pick(ineligible).clone();
            reopen(&mut row);
        }
    }
    row.flaw = Some(flaw);
    row
}

/// Rules that judge open items only need the flawed row open.
fn reopen(row: &mut GenRow) {
    if row.status == "Closed" {
        row.status = "Open";
        row.evidence.clear();
    }
}

/// How many findings each planted flaw should produce: one per flawed row, except
/// `id-duplicate`, reported on every row that shares an id (the earlier row too).
pub fn flaw_counts(rows: &[GenRow]) -> BTreeMap<Flaw, usize> {
    let mut counts = BTreeMap::new();
    for flaw in rows.iter().filter_map(|r| r.flaw) {
        *counts.entry(flaw).or_insert(0) += 1;
    }
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for row in rows {
        *ids.entry(row.id.as_str()).or_insert(0) += 1;
    }
    let sharing: usize = ids.values().filter(|&&n| n > 1).sum();
    if sharing > 0 {
        counts.insert(Flaw::IdDuplicate, sharing);
    }
    counts
}

/// Write the rows as an XLSX workbook: one sheet, header on row 1, dates as real date
/// cells with a `yyyy-mm-dd` number format, multi-line text with wrap (as Excel saves it:
/// shared strings).
pub fn write_xlsx(rows: &[GenRow], path: &Path) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let wrap = Format::new().set_text_wrap();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let texts: [(u16, &str); 12] = [
            (0, &row.id),
            (1, &row.control),
            (2, &row.weakness),
            (3, row.severity),
            (4, &row.remediation),
            (5, &row.owner),
            (6, &row.resources),
            (10, row.status),
            (12, &row.evidence),
            (13, &row.comments),
            (14, &row.supporting_owner),
            (8, &row.milestones),
        ];
        for (c, text) in texts {
            if text.is_empty() {
                continue;
            }
            if text.contains('\n') {
                sheet.write_string_with_format(r, c, text, &wrap)?;
            } else {
                sheet.write_string(r, c, text)?;
            }
        }
        for (c, cell) in [
            (7u16, &row.start),
            (9, &row.completion),
            (11, &row.status_date),
        ] {
            match cell {
                DateCell::Date(d) => {
                    sheet.write_datetime_with_format(r, c, d, &date)?;
                }
                DateCell::Text(t) => {
                    sheet.write_string(r, c, t)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save(path)
}

/// Write the rows as a CSV file. Dates are text, as a CSV export holds them: ISO 8601 on
/// most rows, US month-first `MM/DD/YYYY` on every fourth (PRODUCT.md §2 reads both).
pub fn write_csv(rows: &[GenRow], path: &Path) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_path(path)?;
    writer.write_record(HEADER)?;
    for (i, row) in rows.iter().enumerate() {
        let us = i % 4 == 3;
        let d = |cell: &DateCell| match cell {
            DateCell::Date(d) if us => d.format("%m/%d/%Y").to_string(),
            DateCell::Date(d) => d.format("%Y-%m-%d").to_string(),
            DateCell::Text(t) => t.clone(),
        };
        writer.write_record([
            row.id.as_str(),
            &row.control,
            &row.weakness,
            row.severity,
            &row.remediation,
            &row.owner,
            &row.resources,
            &d(&row.start),
            &row.milestones,
            &d(&row.completion),
            row.status,
            &d(&row.status_date),
            &row.evidence,
            &row.comments,
            &row.supporting_owner,
        ])?;
    }
    writer.flush()?;
    Ok(())
}
