//! `poam report --format json`: the report's content with `"schema": "poam/report/1"`.

mod common;

use common::example_report;
use serde_json::{json, Value};

fn report(extra: &[&str]) -> Value {
    serde_json::from_str(&example_report("json", extra)).expect("JSON")
}

#[test]
fn headline_and_counts() {
    let r = report(&[]);
    assert_eq!(r["schema"], "poam/report/1");
    assert_eq!(r["as_of"], "2026-11-26");
    let h = &r["headline"];
    assert_eq!(h["score"], 93);
    assert_eq!(h["basis"], "ssp");
    assert_eq!(h["conditional_reachable"], false);
    assert_eq!(h["closeout_deadline"], "2027-03-14");
    assert_eq!(h["days_to_closeout"], 108);
    assert_eq!(h["full_score_expected"], "2027-04-30");
    assert_eq!(
        (h["items_open"].clone(), h["items_overdue"].clone()),
        (json!(12), json!(1))
    );
    assert_eq!(
        r["by_status"][1],
        json!({"label": "In Progress", "open": 7, "total": 7})
    );
    assert_eq!(r["by_family"].as_array().map(Vec::len), Some(7));
    assert_eq!(r["owners"][0]["owner"], "Dana Whitfield, IT Manager");
    assert_eq!(r["overdue"][0]["id"], "POAM-MP-001");
    assert_eq!(r["overdue"][0]["days_overdue"], 16);
    assert_eq!(r["milestones_overdue"][0]["days"], -27);
    assert_eq!(r["milestones_due"].as_array().map(Vec::len), Some(11));
    assert_eq!(
        r["open_by_month"][0],
        json!({"month": "2026-11", "due": 1, "open_after": 11})
    );
    assert_eq!(r["open_undated"], 1);
    assert_eq!(r["items"].as_array().map(Vec::len), Some(14));
    assert_eq!(r["changes"], Value::Null);
    let rules: Vec<&str> = r["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|g| g["rule"].as_str())
        .collect();
    assert_eq!(rules.len(), 10);
    assert_eq!(rules[0], "closed-without-evidence");
    assert_eq!(r["findings"][0]["findings"][0]["place"], "POA&M!M10");
}

#[test]
fn changes_since_previous() {
    let r = report(&["--previous", "tests/fixtures/report/previous.csv"]);
    let c = &r["changes"];
    assert_eq!(c["new_items"][0]["id"], "POAM-SC-002");
    assert_eq!(c["closed"][0]["id"], "POAM-AC-001");
    assert_eq!(
        c["closed"][0]["evidence"],
        json!([
            "evidence/AC/3.1.8-lockout-gpo.png",
            "evidence/AC/3.1.8-gpresult-WS-CNC-04.txt"
        ])
    );
    assert_eq!(c["reopened"][0]["id"], "POAM-IA-002");
    assert_eq!(c["removed"][0]["id"], "POAM-PE-001");
    assert_eq!(
        c["slipped"][0],
        json!({"id": "POAM-MP-001", "title": "3.8.9 Protect Backups", "before": "2026-10-31",
               "after": "2026-11-10", "days": 10, "explained": false})
    );
    assert_eq!(
        r["closed"]["period"],
        "since tests/fixtures/report/previous.csv"
    );
    // Five fields changed; the closure (status, evidence), the reopening (status) and the
    // slip (completion date) are listed above, so one change is left.
    assert_eq!(c["other_changes"], 1);
    assert_eq!(
        c["other_field_changes"],
        json!([{"id": "POAM-IA-002", "field": "evidence",
                "before": "evidence/IA/3.5.8-password-policy.png", "after": ""}])
    );
}
