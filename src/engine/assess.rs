//! Score and Conditional verdict. OWNER: engine helper.

use crate::catalog::Requirement;
use crate::engine::Ssp;
use crate::model::Poam;
use chrono::NaiveDate;

/// Where NOT MET came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The SSP's implementation statuses (`--ssp`).
    Ssp,
    /// No SSP: a requirement is NOT MET when an open POA&M item names it; all others assumed MET.
    Poam,
}

#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// CMMC level 1, 2 or 3.
    pub level: u8,
    pub as_of: NaiveDate,
    /// The Conditional CMMC Status Date, when known (`--conditional-date`).
    pub conditional_date: Option<NaiveDate>,
}

/// One NOT MET requirement.
#[derive(Debug, Clone)]
pub struct NotMet {
    pub requirement: &'static Requirement,
    /// Partially implemented (SSP PARTIAL): only 3.5.3 and 3.13.11 get partial credit.
    pub partial: bool,
    /// Points lost; None for 3.12.4 (no score at all).
    pub deduction: Option<u32>,
    /// May go on the POA&M (32 CFR 170.21(a)(2)).
    pub eligible: bool,
    /// An open POA&M item names it.
    pub on_poam: bool,
}

#[derive(Debug, Clone)]
pub struct Assessment {
    pub level: u8,
    pub basis: Basis,
    /// None when no score can be given (3.12.4 NOT MET).
    pub score: Option<i32>,
    pub max: i32,
    pub threshold: i32,
    /// In catalog order.
    pub not_met: Vec<NotMet>,
    pub conditional_reachable: bool,
    /// Why Conditional status is not reachable (`rule: explanation`), empty when reachable.
    pub reasons: Vec<String>,
    /// Nothing NOT MET.
    pub is_final: bool,
    /// Conditional date + 180 days (32 CFR 170.21(b)).
    pub closeout_deadline: Option<NaiveDate>,
    /// What the engine assumed, said in the output ("no SSP given: ...").
    pub assumptions: Vec<String>,
}

pub fn assess(poam: &Poam, ssp: Option<&Ssp>, opts: &EngineOptions) -> Assessment {
    let _ = (poam, ssp);
    Assessment {
        level: opts.level,
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
