//! Runs the built `ilgi sentiment` on a committed file
//! (`tests/data/sentiment_posts.csv`): one result per post with text, in
//! input order, and the empty row reported with its line and column.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

#[test]
fn every_post_gets_language_label_scores_and_topics_in_input_order() {
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sentiment_posts.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_ilgi"))
        .args([
            "sentiment",
            "--input",
            input.to_str().unwrap(),
            "--text-col",
            "message",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    let got: Vec<(&str, &str, bool)> = rows
        .iter()
        .map(|r| {
            (
                r["lang"].as_str().unwrap(),
                r["label"].as_str().unwrap(),
                r["complaint"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("tr", "negative", true),
            ("en", "positive", false),
            ("tr", "neutral", false),
            ("en", "negative", true),
        ]
    );
    for r in rows {
        let s = r["score"].as_f64().unwrap();
        let c = r["complaint_score"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&s) && (0.0..=1.0).contains(&c));
        assert!(r["topics"].is_array());
    }
    assert!(
        rows[0]["topics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "connectivity")
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("line 4, column message: the text is empty"),
        "{stderr}"
    );
    // A column that is not there is named.
    let missing = Command::new(env!("CARGO_BIN_EXE_ilgi"))
        .args([
            "sentiment",
            "--input",
            input.to_str().unwrap(),
            "--text-col",
            "text",
        ])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no column \"text\""));
}
