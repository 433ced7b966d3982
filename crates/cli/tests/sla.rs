//! Runs the built `ilgi sla` commands: due times on the default Türkiye
//! calendar and on a committed calendar file (`tests/data/
//! calendar_saturday_mornings.json`), the public holiday list, and the
//! reports and exit codes of bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Writes `text` to a fresh file for one test and returns its path.
fn scratch(name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ilgi-sla-tests");
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

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs a command that must succeed and parses its JSON output.
fn json(args: &[&str]) -> Value {
    let output = ilgi(args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

/// The due time `ilgi sla due --json` prints.
fn due(from: &str, minutes: &str, calendar: Option<&Path>) -> String {
    let mut args = vec!["sla", "due", "--from", from, "--minutes", minutes, "--json"];
    if let Some(calendar) = calendar {
        args.extend(["--calendar", calendar.to_str().unwrap()]);
    }
    let value = json(&args);
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["due"]);
    value["due"].as_str().unwrap().to_owned()
}

/// Runs a command that must fail with exit code 1 and returns its
/// standard error.
fn fails(args: &[&str]) -> String {
    let output = ilgi(args);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    stderr(&output)
}

#[test]
fn due_is_printed_in_istanbul_time_across_weekends_and_holidays() {
    let cases = [
        (
            "2026-11-27T17:00:00+03:00",
            "120",
            "2026-11-30T10:00:00+03:00",
        ),
        (
            "2026-04-30T17:00:00+03:00",
            "120",
            "2026-05-04T10:00:00+03:00",
        ),
        (
            "2025-12-31T17:00:00+03:00",
            "120",
            "2026-01-02T10:00:00+03:00",
        ),
        (
            "2026-03-19T12:00:00+03:00",
            "120",
            "2026-03-23T10:00:00+03:00",
        ),
        (
            "2026-05-01T10:00:00+03:00",
            "0",
            "2026-05-01T10:00:00+03:00",
        ),
    ];
    for (from, minutes, expected) in cases {
        assert_eq!(due(from, minutes, None), expected, "{from} + {minutes}");
    }
}

#[test]
fn a_utc_start_is_answered_in_istanbul_time_and_closing_is_due_at_closing() {
    assert_eq!(
        due("2026-11-30T14:00:00Z", "60", None),
        "2026-11-30T18:00:00+03:00"
    );
}

#[test]
fn due_text_names_the_day_and_the_zone() {
    let output = ilgi(&[
        "sla",
        "due",
        "--from",
        "2026-11-27T17:00:00+03:00",
        "--minutes",
        "120",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "2026-11-30T10:00:00+03:00  (Monday 30 November 2026 10:00, Europe/Istanbul)\n"
    );
}

#[test]
fn a_calendar_file_sets_the_hours_and_the_extra_days() {
    let calendar = data("calendar_saturday_mornings.json");
    let cases = [
        // Open on Saturday mornings.
        (
            "2026-11-27T17:00:00+03:00",
            "120",
            "2026-11-28T11:00:00+03:00",
        ),
        // Open on 1 May from 10:00 to 12:00.
        (
            "2026-04-30T17:00:00+03:00",
            "120",
            "2026-05-01T11:00:00+03:00",
        ),
        // Closed on 31 December; 1 January is a holiday.
        (
            "2026-12-30T17:00:00+03:00",
            "120",
            "2027-01-02T11:00:00+03:00",
        ),
    ];
    for (from, minutes, expected) in cases {
        assert_eq!(
            due(from, minutes, Some(&calendar)),
            expected,
            "{from} + {minutes}"
        );
    }
}

#[test]
fn holidays_json_lists_the_year_with_english_and_turkish_names() {
    let value = json(&["sla", "holidays", "--year", "2025", "--json"]);
    let rows = value.as_array().unwrap();
    assert_eq!(rows.len(), 17);
    assert_eq!(
        rows[0],
        serde_json::json!({
            "date": "2025-01-01",
            "name": "New Year's Day",
            "name_tr": "Yılbaşı",
            "half_day": false
        })
    );
    assert_eq!(
        rows[1],
        serde_json::json!({
            "date": "2025-03-29",
            "name": "Ramadan Feast Eve",
            "name_tr": "Ramazan Bayramı Arifesi",
            "half_day": true
        })
    );
    let dates: Vec<&str> = rows.iter().map(|r| r["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable();
    assert_eq!(dates, sorted);
    let half_days: Vec<&str> = rows
        .iter()
        .filter(|r| r["half_day"] == true)
        .map(|r| r["date"].as_str().unwrap())
        .collect();
    assert_eq!(half_days, ["2025-03-29", "2025-06-05", "2025-10-28"]);
}

#[test]
fn holidays_of_2033_include_two_ramazan_bayrami() {
    let value = json(&["sla", "holidays", "--year", "2033", "--json"]);
    let ramazan: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["name"] == "Ramadan Feast")
        .map(|r| r["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        ramazan,
        [
            "2033-01-02",
            "2033-01-03",
            "2033-01-04",
            "2033-12-23",
            "2033-12-24",
            "2033-12-25"
        ]
    );
}

#[test]
fn holidays_text_is_a_table_with_the_half_days_marked() {
    let output = ilgi(&["sla", "holidays", "--year", "2026"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("Official public holidays of Türkiye in 2026\n\n"),
        "{text}"
    );
    let row = |date: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(date))
            .unwrap_or_else(|| panic!("{date} missing in\n{text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        row("2026-03-19"),
        "2026-03-19 Thu Ramazan Bayramı Arifesi Ramadan Feast Eve half day: open until 13:00"
    );
    assert_eq!(
        row("2026-10-29"),
        "2026-10-29 Thu Cumhuriyet Bayramı Republic Day closed"
    );
    assert_eq!(text.lines().filter(|l| l.starts_with("  20")).count(), 17);
}

#[test]
fn an_unparseable_time_exits_with_1_and_says_what_is_expected() {
    let err = fails(&["sla", "due", "--from", "2026-12-01 10:00", "--minutes", "5"]);
    assert!(err.contains("is not an RFC 3339 time"), "{err}");
    let err = fails(&[
        "sla",
        "due",
        "--from",
        "2026-12-01T10:00:00+03:00",
        "--minutes",
        "-5",
    ]);
    assert!(err.contains("--minutes"), "{err}");
}

#[test]
fn a_calendar_json_error_names_the_file_line_and_column() {
    let path = scratch(
        "misspelt.json",
        "{\n  \"hours\": {\n    \"monday\": { \"opens\": \"09:00\", \"clsoes\": \"18:00\" }\n  }\n}\n",
    );
    let err = fails(&[
        "sla",
        "due",
        "--from",
        "2026-12-01T10:00:00+03:00",
        "--minutes",
        "5",
        "--calendar",
        path.to_str().unwrap(),
    ]);
    let expected = format!(
        "error: {}: line 3, column 42: unknown field `clsoes`, expected `opens` or `closes`\n",
        path.display()
    );
    assert_eq!(err, expected);
}

#[test]
fn calendar_validation_errors_name_each_field() {
    let path = scratch(
        "invalid.json",
        r#"{
  "hours": { "monday": { "opens": "09:00", "closes": "08:00" } },
  "closed_days": ["2026-01-02", "2026-01-02"]
}"#,
    );
    let err = fails(&[
        "sla",
        "due",
        "--from",
        "2026-12-01T10:00:00+03:00",
        "--minutes",
        "5",
        "--calendar",
        path.to_str().unwrap(),
    ]);
    let shown = path.display();
    assert_eq!(
        err,
        format!(
            "error: {shown}: hours.monday: closing 08:00 is before opening 09:00\n\
             error: {shown}: closed_days[1]: 2026-01-02 is listed twice\n"
        )
    );
}

#[test]
fn a_missing_calendar_file_exits_with_1() {
    let err = fails(&[
        "sla",
        "due",
        "--from",
        "2026-12-01T10:00:00+03:00",
        "--minutes",
        "5",
        "--calendar",
        "no-such-calendar.json",
    ]);
    assert!(
        err.starts_with("error: no-such-calendar.json: cannot read the calendar"),
        "{err}"
    );
}

#[test]
fn a_due_time_after_2035_exits_with_1_and_names_the_covered_years() {
    assert_eq!(
        due("2035-12-31T17:00:00+03:00", "60", None),
        "2035-12-31T18:00:00+03:00"
    );
    let err = fails(&[
        "sla",
        "due",
        "--from",
        "2035-12-31T17:00:00+03:00",
        "--minutes",
        "61",
    ]);
    assert_eq!(
        err,
        "error: Türkiye's official public holidays are known for 2024–2035 only; 2036 is outside them\n"
    );
}

#[test]
fn a_year_outside_the_holiday_table_exits_with_1() {
    let err = fails(&["sla", "holidays", "--year", "2036"]);
    assert!(err.contains("2024–2035"), "{err}");
    assert!(err.starts_with("error: --year 2036: "), "{err}");
}
