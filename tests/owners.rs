//! `poam owners FILE`: each owner's open items by due date with the next milestone.

mod common;

use common::poam;
use serde_json::Value;

/// `poam owners --as-of 2026-11-26 ARGS…` (exit 0).
fn owners(args: &[&str]) -> String {
    poam(&[&["owners", "--as-of", "2026-11-26"][..], args].concat())
}

#[test]
fn one_owner_in_human_form() {
    let text = owners(&["examples/poam.xlsx", "--owner", "marcus"]);
    assert_eq!(
        text,
        "Open items by owner, as of 2026-11-26\n\n\
         Marcus Lee, Systems Administrator — 3 open\n\
         \x20 POAM-IA-002  3.5.8 Password Reuse · Open\n\
         \x20     due 2026-12-12 (in 16 days) · Low\n\
         \x20     next: 2026-12-05 Change applied\n\
         \x20 POAM-AU-001  3.3.4 Audit Failure Alerting · In Progress\n\
         \x20     due 2026-12-23 (in 27 days) · Moderate\n\
         \x20     next: 2026-12-02 Agent-disconnect and disk alerts enabled\n\
         \x20 POAM-SC-001  3.13.11 CUI Encryption · Delayed\n\
         \x20     due 2027-01-15 (in 50 days) · Moderate\n\
         \x20     next: 2026-10-30 SonicWall firmware upgrade in the maintenance window (overdue)\n\n"
    );
}

#[test]
fn every_owner_in_markdown_overdue_and_undated_items_included() {
    let md = owners(&["examples/poam.csv", "--format", "md"]);
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## Dana Whitfield, IT Manager",
            "## Frank Doyle, President",
            "## IT",
            "## Kevin Ortiz (Bluewater Technology Partners)",
            "## Marcus Lee, Systems Administrator",
            "## Priya Raman, Facility Security Officer",
            "## Tom Alvarez, Operations Manager",
        ]
    );
    assert!(md.contains("| POAM-MP-001 | 3.8.9 Protect Backups | owner | In Progress | due 2026-11-10 (16 days late) | — |"));
    assert!(md.contains("| POAM-SC-002 | 3.13.9 Connections Termination | owner | Open | no completion date | 2026-12-01: SSL-VPN idle timeout set |"));
    assert_eq!(
        md.matches("| owner |").count(),
        12,
        "the 12 open items, once each"
    );
}

#[test]
fn supporting_owners_see_the_item_too() {
    let json = owners(&["tests/fixtures/report/supporting.csv", "--format", "json"]);
    let v: Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["schema"], "poam/owners/1");
    let names: Vec<&str> = v["owners"]
        .as_array()
        .expect("owners")
        .iter()
        .filter_map(|o| o["owner"].as_str())
        .collect();
    assert_eq!(
        names,
        ["Ana Ruiz", "Ben Cho, Network Engineer", "Priya Raman"]
    );
    let ana = &v["owners"][0]["items"];
    assert_eq!(ana[0]["id"], "S-2");
    assert_eq!(ana[0]["role"], "owner");
    assert_eq!(ana[1]["id"], "S-1");
    assert_eq!(ana[1]["role"], "supporting");
    assert_eq!(v["owners"][2]["items"][0]["role"], "supporting");
    // The closed item S-3 is no one's open item.
    assert!(!json.contains("\"S-3\""));
}

#[test]
fn an_owner_with_nothing_open_is_said_plainly() {
    let text = owners(&["examples/poam.xlsx", "--owner", "nobody"]);
    assert!(text.starts_with("No open items for \"nobody\" as of 2026-11-26. Owners with open items: Dana Whitfield, IT Manager; "));
}
