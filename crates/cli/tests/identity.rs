//! Runs the built `ilgi dedupe` and `ilgi match` on committed files
//! (`tests/data/identity_customers.csv`, `identity_mentions.csv`): levels
//! and reasons of duplicate pairs, the four buckets in input order, and
//! every bad cell reported with its line and column.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn ilgi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ilgi"))
        .args(args)
        .output()
        .unwrap()
}

fn json_of(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn dedupe_finds_typed_variants_and_keeps_namesakes_apart() {
    let customers = data("identity_customers.csv");
    let out = ilgi(&[
        "dedupe",
        "--customers",
        customers.to_str().unwrap(),
        "--json",
    ]);
    let v = json_of(&out);
    let pairs = v["pairs"].as_array().unwrap();
    let find = |a: &str, b: &str| {
        pairs
            .iter()
            .find(|p| (p["a"] == a && p["b"] == b) || (p["a"] == b && p["b"] == a))
            .map(|p| p["level"].as_str().unwrap().to_string())
    };
    assert_eq!(
        find("C-01", "C-02").as_deref(),
        Some("certain"),
        "{pairs:#?}"
    );
    assert_eq!(find("C-03", "C-04").as_deref(), Some("likely"));
    assert_eq!(find("C-09", "C-10").as_deref(), Some("possible"));
    assert_eq!(find("C-05", "C-06"), None, "namesakes in two cities");
    assert_eq!(pairs.len(), 3, "{pairs:#?}");
    for p in pairs {
        assert!(!p["reasons"].as_array().unwrap().is_empty());
        let s = p["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&s));
    }
    // The table form says the same.
    let text = ilgi(&["dedupe", "--customers", customers.to_str().unwrap()]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("C-01\tC-02\tcertain")),
        "{text}"
    );
}

#[test]
fn match_puts_every_good_mention_in_a_bucket_in_input_order_and_reports_bad_cells() {
    let customers = data("identity_customers.csv");
    let mentions = data("identity_mentions.csv");
    let out = ilgi(&[
        "match",
        "--customers",
        customers.to_str().unwrap(),
        "--mentions",
        mentions.to_str().unwrap(),
        "--json",
    ]);
    let v = json_of(&out);
    let rows = v.as_array().unwrap();
    let got: Vec<(String, String, Value)> = rows
        .iter()
        .map(|r| {
            (
                r["post_id"].as_str().unwrap().to_string(),
                r["bucket"].as_str().unwrap().to_string(),
                r["customer"].clone(),
            )
        })
        .collect();
    let want = [
        ("P-1", "customer", Value::from("C-07")),
        ("P-2", "customer", Value::from("C-08")),
        // Two customers are Şükrü Çağlar in İzmir: a person decides.
        ("P-3", "possible", Value::Null),
        // A common name never links by itself.
        ("P-4", "possible", Value::Null),
        ("P-5", "prospect", Value::Null),
        ("P-8", "unknown", Value::Null),
    ];
    let want: Vec<(String, String, Value)> = want
        .into_iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c))
        .collect();
    assert_eq!(got, want);
    assert!(!rows[2]["candidates"].as_array().unwrap().is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("line 7, column platform: \"myspace\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 8, column handle: \"bad handle!\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 8, column followers: \"abc\""),
        "{stderr}"
    );
}

#[test]
fn a_mentions_file_without_a_needed_column_says_which() {
    let customers = data("identity_customers.csv");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ilgi-identity-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("no_text.csv");
    std::fs::write(&bad, "post id,platform,handle,author\nP-1,x,ali,Ali\n").unwrap();
    let out = ilgi(&[
        "match",
        "--customers",
        customers.to_str().unwrap(),
        "--mentions",
        bad.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no column \"text\""), "{stderr}");
}
