//! The requirement catalog, built into the binary from the reference data.
//!
//! * `nist171r2.csv` is a verbatim copy of `shared/reference/nist171r2.csv`: the 110
//!   NIST SP 800-171 Rev 2 requirements with their DoD values (DoD Assessment Methodology
//!   v1.2.1 Annex A and 32 CFR 170.24(c)(2)), partial values (3.5.3 and 3.13.11: 32 CFR
//!   170.24(c)(2)(i)(B)(4)) and the six POA&M exclusions (32 CFR 170.21(a)(2)(iii)).
//!   A test compares it with the shared copy whenever that is present.
//! * `level3.csv`: the 24 CMMC Level 3 requirements of 32 CFR 170.14(c)(4) Table 1 and the
//!   seven that may not be on a Level 3 POA&M (32 CFR 170.21(a)(3)); domain-facts.md §4.5.

mod refs;

pub use refs::{
    canonical_id, parse_requirement_list, parse_requirement_list_into, parse_requirement_token,
};

use std::collections::HashMap;
use std::sync::OnceLock;

/// One requirement of the catalog.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Requirement {
    /// `3.1.1`, or `3.1.2e` for Level 3.
    pub id: String,
    /// CMMC domain code (`AC`).
    pub family: String,
    /// `AC.L2-3.1.1`.
    pub cmmc_id: String,
    pub name: String,
    pub basic: bool,
    pub level1: bool,
    /// DoD value 5/3/1; `None` for 3.12.4, which has no value: NOT MET means no score
    /// (DoD Assessment Methodology §5(g)(i); 32 CFR 170.24(c)(2)(i)(B)(5)). Level 3: 1.
    pub points: Option<u32>,
    /// 3 for 3.5.3 and 3.13.11 when partially implemented (32 CFR 170.24(c)(2)(i)(B)(4)).
    pub partial_points: Option<u32>,
    /// Named in 32 CFR 170.21(a)(2)(iii) (Level 2) or 170.21(a)(3) (Level 3).
    pub poam_excluded: bool,
    /// 2 or 3.
    pub level: u8,
}

impl Requirement {
    /// May this requirement, NOT MET, go on a Level 2 POA&M? 32 CFR 170.21(a)(2)(ii)–(iii):
    /// value 1 and not excluded; or 3.13.11 when encryption is employed but not
    /// FIPS-validated (`partial`). Level 3 requirements: any not excluded (170.21(a)(3)).
    pub fn poam_eligible(&self, partial: bool) -> bool {
        if self.poam_excluded {
            return false;
        }
        if self.level == 3 {
            return true;
        }
        match self.points {
            Some(1) => true,
            // 170.21(a)(2)(ii): "except SC.L2-3.13.11 ... if encryption is employed but it is
            // not FIPS-validated, which would result in a point value of 3".
            _ => partial && self.id == "3.13.11",
        }
    }

    /// The points lost when NOT MET (`partial`: partially implemented, which only 3.5.3 and
    /// 3.13.11 credit; every other requirement loses its full value).
    pub fn deduction(&self, partial: bool) -> Option<u32> {
        match (partial, self.partial_points) {
            (true, Some(p)) => Some(p),
            _ => self.points,
        }
    }
}

pub struct Catalog {
    level2: Vec<Requirement>,
    level3: Vec<Requirement>,
    by_id: HashMap<String, usize>,
    by_id3: HashMap<String, usize>,
}

const LEVEL2_CSV: &str = include_str!("nist171r2.csv");
const LEVEL3_CSV: &str = include_str!("level3.csv");

fn yes(s: &str) -> bool {
    s.trim().eq_ignore_ascii_case("yes")
}

/// The records of a catalog file compiled into the binary, each made a requirement by
/// `requirement`. The files are pinned by tests: a malformed row is a build defect.
fn parse(
    csv_text: &str,
    file: &str,
    requirement: impl Fn(&csv::StringRecord) -> Requirement,
) -> Vec<Requirement> {
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    rdr.records()
        .map(|r| match r {
            Ok(record) => requirement(&record),
            Err(e) => panic!("catalog/{file} is valid CSV: {e:?}"),
        })
        .collect()
}

/// The four columns both catalog files start with (id, family, CMMC id, name); the other
/// fields are false or empty until the caller fills them in.
fn named(r: &csv::StringRecord, level: u8) -> Requirement {
    Requirement {
        id: r[0].to_owned(),
        family: r[1].to_owned(),
        cmmc_id: r[2].to_owned(),
        name: r[3].to_owned(),
        level,
        ..Requirement::default()
    }
}

fn parse_level2() -> Vec<Requirement> {
    parse(LEVEL2_CSV, "nist171r2.csv", |r| Requirement {
        basic: &r[4] == "basic",
        level1: yes(&r[5]),
        points: r[6].parse().ok(),
        partial_points: r[7].parse().ok(),
        poam_excluded: yes(&r[8]),
        ..named(r, 2)
    })
}

fn parse_level3() -> Vec<Requirement> {
    parse(LEVEL3_CSV, "level3.csv", |r| Requirement {
        // 32 CFR 170.24(c)(3): every Level 3 requirement is worth 1 point.
        points: Some(1),
        poam_excluded: yes(&r[4]),
        ..named(r, 3)
    })
}

/// Position of each requirement in `list`, by id.
fn index_by_id(list: &[Requirement]) -> HashMap<String, usize> {
    list.iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect()
}

/// The catalog, parsed once.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let level2 = parse_level2();
        let level3 = parse_level3();
        Catalog {
            by_id: index_by_id(&level2),
            by_id3: index_by_id(&level3),
            level2,
            level3,
        }
    })
}

impl Catalog {
    /// The 110 Level 2 requirements in catalog order.
    pub fn level2(&self) -> &[Requirement] {
        &self.level2
    }

    /// The 24 Level 3 requirements.
    pub fn level3(&self) -> &[Requirement] {
        &self.level3
    }

    /// The requirements assessed at a CMMC level: Level 1 is the 17 FAR 52.204-21
    /// requirements (32 CFR 170.14(c)(2)), Level 2 the 110, Level 3 the 24.
    pub fn for_level(&self, level: u8) -> Vec<&Requirement> {
        match level {
            1 => self.level2.iter().filter(|r| r.level1).collect(),
            3 => self.level3.iter().collect(),
            _ => self.level2.iter().collect(),
        }
    }

    /// Look up a canonical id (`3.1.1`, `3.1.2e`).
    pub fn get(&self, id: &str) -> Option<&Requirement> {
        if let Some(&i) = self.by_id.get(id) {
            return Some(&self.level2[i]);
        }
        self.by_id3.get(id).map(|&i| &self.level3[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids that may not be on a POA&M.
    fn excluded(requirements: &[Requirement]) -> Vec<&str> {
        requirements
            .iter()
            .filter(|r| r.poam_excluded)
            .map(|r| r.id.as_str())
            .collect()
    }

    #[test]
    fn level2_facts() {
        let c = catalog();
        assert_eq!(c.level2().len(), 110);
        let total: u32 = c.level2().iter().filter_map(|r| r.points).sum();
        assert_eq!(total, 313, "DoD Assessment Methodology: 110 down to -203");
        let eligible = c.level2().iter().filter(|r| r.poam_eligible(false)).count();
        assert_eq!(eligible, 46, "domain-facts.md §4.3");
        assert_eq!(
            excluded(c.level2()),
            ["3.1.20", "3.1.22", "3.10.3", "3.10.4", "3.10.5", "3.12.4"]
        );
        assert_eq!(c.get("3.5.3").unwrap().partial_points, Some(3));
        assert_eq!(c.get("3.13.11").unwrap().partial_points, Some(3));
        assert_eq!(c.get("3.12.4").unwrap().points, None);
        assert!(c.get("3.13.11").unwrap().poam_eligible(true));
        assert!(!c.get("3.13.11").unwrap().poam_eligible(false));
        assert!(!c.get("3.5.3").unwrap().poam_eligible(true));
        assert_eq!(c.level2().iter().filter(|r| r.level1).count(), 17);
        assert_eq!(c.level2().iter().filter(|r| r.basic).count(), 31);
    }

    #[test]
    fn level3_facts() {
        let c = catalog();
        assert_eq!(c.level3().len(), 24);
        assert_eq!(
            excluded(c.level3()),
            ["3.6.1e", "3.6.2e", "3.11.1e", "3.11.4e", "3.11.6e", "3.11.7e", "3.14.3e"]
        );
    }

    #[test]
    fn embedded_copy_matches_shared_reference() {
        let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/reference/nist171r2.csv");
        match std::fs::read_to_string(&shared) {
            Ok(text) => assert_eq!(text, LEVEL2_CSV, "src/catalog/nist171r2.csv is out of date"),
            Err(_) => eprintln!("skipped: {} is absent (a user's clone)", shared.display()),
        }
    }
}
