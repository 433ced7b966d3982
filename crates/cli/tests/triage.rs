//! Runs the built `ilgi triage` on committed files (`tests/data/
//! triage_customers.csv`, `triage_cases.csv`): the seeds' example, the
//! discriminators, routing and due times on business hours, input order,
//! and every bad row reported with its line and column.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn scratch(name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ilgi-triage-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn ilgi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ilgi"))
        .args(args)
        .output()
        .unwrap()
}

fn triage(extra: &[&str]) -> Output {
    let customers = data("triage_customers.csv");
    let cases = data("triage_cases.csv");
    let mut args = vec![
        "triage",
        "--customers",
        customers.to_str().unwrap(),
        "--cases",
        cases.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    ilgi(&args)
}

#[test]
fn json_lists_every_good_case_in_input_order_with_level_department_reasons_and_due_times() {
    let out = triage(&["--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cases: Value = serde_json::from_slice(&out.stdout).unwrap();
    let cases = cases.as_array().unwrap();
    let ids: Vec<&str> = cases
        .iter()
        .map(|c| c["case_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["K-1", "K-2", "K-3", "K-4", "K-5", "K-6"]);
    let by_id = |id: &str| cases.iter().find(|c| c["case_id"] == id).unwrap();

    // The seeds' example: a platinum customer with an iPhone and no 3G.
    let k1 = by_id("K-1");
    assert_eq!(k1["level"], 2);
    assert_eq!(k1["department"], "technical");
    assert_eq!(
        k1["reasons"][0],
        "Platinum customer with an iPhone who has no connection"
    );
    // Very urgent: 60 and 540 business minutes from Tuesday 10:00.
    assert_eq!(k1["due"]["first_response"], "2026-12-01T11:00:00+03:00");
    assert_eq!(k1["due"]["resolution"], "2026-12-02T10:00:00+03:00");
    // The same complaint from a standard customer is less urgent.
    assert_eq!(by_id("K-2")["level"], 3);
    // A public post with 25,000 followers: at least very urgent, to
    // logistics; due on Monday (Friday 17:30, 60 business minutes).
    let k3 = by_id("K-3");
    assert_eq!(
        (k3["level"].as_u64(), k3["department"].as_str()),
        (Some(2), Some("logistics"))
    );
    assert_eq!(k3["due"]["first_response"], "2026-12-07T09:30:00+03:00");
    assert_eq!(by_id("K-4")["department"], "billing");
    // Safety: immediate, counted on every minute (Saturday night).
    let k5 = by_id("K-5");
    assert_eq!(k5["level"], 1);
    assert_eq!(k5["due"]["first_response"], "2026-12-06T23:15:00+03:00");
    // A third complaint of the same customer within 30 days is at least
    // urgent... the second one (K-6) is not yet: one earlier case.
    assert_eq!(by_id("K-6")["level"], 3);
}

#[test]
fn every_bad_row_is_reported_with_its_line_and_column() {
    let out = triage(&["--json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "line 8, column customer id: \"M-009\": no customer matches this reference",
        "line 9, column channel: \"faks\": unknown value",
        "line 10, column text: a required value is empty",
        "line 10, column followers: \"abc\": not a whole number",
        "line 10, column created at: \"dün\": date must be YYYY-MM-DD or DD.MM.YYYY",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn a_rule_set_file_changes_the_decision_and_a_broken_one_is_refused() {
    // Rules that route everything to care and make no connection immediate.
    let mut rules: Value = serde_json::to_value(ilgi_core::cases::default_rules()).unwrap();
    rules["routing"] = Value::Array(Vec::new());
    rules["rules"][2]["level"] = Value::from(1);
    let path = scratch("rules.json", &rules.to_string());
    let out = triage(&["--json", "--rules", path.to_str().unwrap()]);
    assert!(out.status.success());
    let cases: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cases[1]["case_id"], "K-2");
    assert_eq!(cases[1]["level"], 1);
    assert!(
        cases
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["department"] == "care")
    );

    rules["levels"] = Value::Array(Vec::new());
    let path = scratch("broken.json", &rules.to_string());
    let out = triage(&["--rules", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("levels: no targets for level 1"), "{err}");

    let path = scratch("not-json.json", "{\"version\": 1,\n  oops");
    let out = triage(&["--rules", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2, column"));
}

#[test]
fn text_output_is_a_table_and_a_file_without_usable_cases_fails() {
    let out = triage(&[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("case\tlevel\tdepartment"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("K-1\t2\ttechnical\t")));

    let cases = scratch("no-column.csv", "case id;text\nK-1;3G çekmiyor\n");
    let customers = data("triage_customers.csv");
    let out = ilgi(&[
        "triage",
        "--customers",
        customers.to_str().unwrap(),
        "--cases",
        cases.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("column channel: no column is mapped"), "{err}");
    assert!(err.contains("no case is usable"), "{err}");
}
