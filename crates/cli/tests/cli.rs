//! Runs the built `ilgi` binary on the committed test files
//! (`tests/data/`, made by `make_transactions.py` there) and checks its
//! output, its reports of bad rows and its exit codes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// Customers in `transactions.csv`.
const CUSTOMERS: u64 = 80;

/// The physical lines of the bad rows of `transactions_bad_rows.csv`.
const BAD_LINES: [usize; 6] = [5, 13, 24, 35, 46, 57];

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// A fresh path for a file this test writes.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ilgi-cli-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn ilgi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ilgi"))
        .args(args)
        .output()
        .unwrap()
}

fn ilgi_on(file: &Path, args: &[&str]) -> Output {
    let mut all = vec![args[0], "--transactions", file.to_str().unwrap()];
    all.extend_from_slice(&args[1..]);
    ilgi(&all)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs a command that must succeed and parses its JSON output.
fn json(file: &Path, args: &[&str]) -> Value {
    let output = ilgi_on(file, args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

/// The BG/NBD and Gamma-Gamma parameters of a `clv --json` output.
fn parameters(value: &Value) -> Vec<(&'static str, f64)> {
    let bg = &value["bgnbd"];
    let gg = &value["gamma_gamma"];
    [
        ("r", &bg["r"]),
        ("alpha", &bg["alpha"]),
        ("a", &bg["a"]),
        ("b", &bg["b"]),
        ("p", &gg["p"]),
        ("q", &gg["q"]),
        ("v", &gg["v"]),
    ]
    .map(|(name, v)| (name, v.as_f64().unwrap()))
    .to_vec()
}

fn assert_finite_positive_parameters(value: &Value) {
    for (name, v) in parameters(value) {
        assert!(v.is_finite() && v > 0.0, "{name} = {v}");
    }
    let ll = value["bgnbd"]["log_likelihood"].as_f64().unwrap();
    assert!(ll.is_finite() && ll < 0.0, "log_likelihood = {ll}");
}

/// The line numbers named in `line N` reports on standard error.
fn reported_lines(stderr: &str) -> BTreeSet<usize> {
    stderr
        .lines()
        .filter_map(|l| l.split("line ").nth(1))
        .filter_map(|rest| rest.split([',', ':']).next()?.parse().ok())
        .collect()
}

#[test]
fn clv_text_output_names_every_parameter_and_the_customer_count() {
    let output = ilgi_on(&data("transactions.csv"), &["clv", "--period", "week"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for name in ["r", "alpha", "a", "b", "log-likelihood", "p", "q", "v"] {
        let listed = text
            .lines()
            .any(|l| l.split_whitespace().next() == Some(name));
        assert!(listed, "{name} missing in\n{text}");
    }
    assert!(
        text.contains(&format!("customers        {CUSTOMERS} ")),
        "{text}"
    );
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn clv_json_has_the_documented_keys_and_finite_positive_parameters() {
    let value = json(
        &data("transactions.csv"),
        &["clv", "--period", "week", "--json"],
    );
    assert_eq!(keys(&value), ["bgnbd", "customers", "gamma_gamma"]);
    assert_eq!(
        keys(&value["bgnbd"]),
        ["a", "alpha", "b", "log_likelihood", "r"]
    );
    assert_eq!(keys(&value["gamma_gamma"]), ["p", "q", "v"]);
    assert_eq!(value["customers"], CUSTOMERS);
    assert_finite_positive_parameters(&value);
}

#[test]
fn per_customer_file_has_a_header_and_one_row_per_customer() {
    let out = scratch("per_customer.csv");
    let output = ilgi_on(
        &data("transactions.csv"),
        &[
            "clv",
            "--period",
            "week",
            "--per-customer",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.ends_with(b"\r\n"), "RFC 4180 line ends");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "customer_id",
            "frequency",
            "recency",
            "T",
            "monetary",
            "p_alive",
            "expected_purchases",
            "clv"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len() as u64, CUSTOMERS);
    let ids: BTreeSet<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(ids.len() as u64, CUSTOMERS, "one row per customer");
    // Ids a spreadsheet would run as formulas are neutralised.
    assert!(ids.contains("'+905551112233") && ids.contains("'@ayse.yilmaz"));
    assert!(ids.contains("C-0074"));
    for row in &rows {
        let numbers: Vec<f64> = (1..8).map(|i| row[i].parse().unwrap()).collect();
        assert!(
            numbers.iter().all(|n| n.is_finite() && *n >= 0.0),
            "{row:?}"
        );
        let (frequency, recency, t, p_alive) = (numbers[0], numbers[1], numbers[2], numbers[4]);
        assert!(
            recency <= t && (frequency > 0.0 || recency == 0.0),
            "{row:?}"
        );
        assert!((0.0..=1.0).contains(&p_alive), "{row:?}");
    }
}

#[test]
fn rfm_segment_counts_sum_to_the_customers_scored() {
    let file = data("transactions.csv");
    let value = json(&file, &["rfm", "--json"]);
    assert_eq!(keys(&value), ["as_of", "customers", "segments"]);
    assert_eq!(value["as_of"], "2024-12-29");
    assert_eq!(value["customers"], CUSTOMERS);
    let segments = value["segments"].as_object().unwrap();
    assert_eq!(segments.len(), 10);
    let sum: u64 = segments.values().map(|n| n.as_u64().unwrap()).sum();
    assert_eq!(sum, CUSTOMERS);

    let text = stdout(&ilgi_on(&file, &["rfm"]));
    assert!(
        text.contains(&format!("customers scored  {CUSTOMERS}")),
        "{text}"
    );
    let champions = segments["champions"].as_u64().unwrap();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("Champions"))
        .unwrap();
    assert!(line.ends_with(&format!(" {champions}")), "{line}");
}

#[test]
fn bad_rows_are_reported_by_line_and_the_valid_rows_are_used() {
    let output = ilgi_on(
        &data("transactions_bad_rows.csv"),
        &["clv", "--period", "week", "--json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let errors = stderr(&output);
    assert_eq!(
        reported_lines(&errors),
        BTreeSet::from(BAD_LINES),
        "{errors}"
    );
    for expected in [
        "line 5, column date: date does not exist",
        "line 13, column amount: amount is not a number",
        "line 24, column customer_id: a required value is empty",
        "line 35: the row has 2 cells, the header has 3",
        "line 46, column date: ",
        "line 46, column amount: ",
        "line 57, column date: ",
    ] {
        assert!(
            errors.contains(expected),
            "{expected:?} missing in\n{errors}"
        );
    }
    // Without its bad rows the file is `transactions.csv`.
    let clean = json(
        &data("transactions.csv"),
        &["clv", "--period", "week", "--json"],
    );
    let kept: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(kept, clean);

    let rfm = ilgi_on(&data("transactions_bad_rows.csv"), &["rfm"]);
    assert_eq!(rfm.status.code(), Some(0));
    assert_eq!(reported_lines(&stderr(&rfm)), BTreeSet::from(BAD_LINES));
}

#[test]
fn a_file_with_no_usable_rows_exits_with_1_and_says_so() {
    let file = scratch("no_usable_rows.csv");
    std::fs::write(
        &file,
        "customer_id,date,amount\na,yesterday,10\n,2024-01-01,5\n",
    )
    .unwrap();
    for command in ["clv", "rfm"] {
        let output = ilgi_on(&file, &[command]);
        assert_eq!(output.status.code(), Some(1), "{command}");
        assert!(stdout(&output).is_empty());
        let errors = stderr(&output);
        assert!(errors.contains("none of the 2 rows is usable"), "{errors}");
        assert_eq!(reported_lines(&errors), BTreeSet::from([2, 3]), "{errors}");
    }
}

#[test]
fn a_missing_or_empty_file_exits_with_1_and_says_so() {
    let missing = ilgi_on(&scratch("does_not_exist.csv"), &["rfm"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("cannot read"),
        "{}",
        stderr(&missing)
    );

    let empty = scratch("header_only.csv");
    std::fs::write(&empty, "customer_id,date,amount\n").unwrap();
    let output = ilgi_on(&empty, &["clv"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no rows"), "{}", stderr(&output));
}

#[test]
fn a_missing_column_is_named_with_the_header_listed() {
    let output = ilgi_on(&data("transactions.csv"), &["clv", "--amount-col", "total"]);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    assert!(
        errors.contains(r#"no column "total" (set with --amount-col)"#),
        "{errors}"
    );
    assert!(
        errors.contains(r#"the header has "customer_id", "date", "amount""#),
        "{errors}"
    );

    let renamed = scratch("renamed_columns.csv");
    std::fs::write(&renamed, "client;day;sum\nx;2024-01-01;1\n").unwrap();
    let output = ilgi_on(&renamed, &["rfm"]);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    for option in ["--customer-col", "--date-col", "--amount-col"] {
        assert!(errors.contains(option), "{option} missing in {errors}");
    }
    let named = ilgi_on(
        &renamed,
        &[
            "rfm",
            "--customer-col",
            "client",
            "--date-col",
            "day",
            "--amount-col",
            "sum",
        ],
    );
    assert_eq!(named.status.code(), Some(0), "{}", stderr(&named));
}

#[test]
fn date_format_option_reads_dates_with_the_given_pattern() {
    // The same purchases with dates written 31/12/2024.
    let text = std::fs::read_to_string(data("transactions.csv")).unwrap();
    let mut rewritten = String::new();
    for (i, line) in text.lines().enumerate() {
        let cells: Vec<&str> = line.splitn(3, ',').collect();
        let date = if i == 0 {
            cells[1].to_owned()
        } else {
            let parts: Vec<&str> = cells[1].split('-').collect();
            format!("{}/{}/{}", parts[2], parts[1], parts[0])
        };
        rewritten.push_str(&format!("{},{date},{}\n", cells[0], cells[2]));
    }
    let slashed = scratch("slashed_dates.csv");
    std::fs::write(&slashed, rewritten).unwrap();
    let args = [
        "clv",
        "--period",
        "week",
        "--json",
        "--date-format",
        "%d/%m/%Y",
    ];
    let with_pattern = json(&slashed, &args);
    let usual = json(
        &data("transactions.csv"),
        &["clv", "--period", "week", "--json"],
    );
    assert_eq!(with_pattern, usual);

    // The pattern replaces the usual formats: ISO dates no longer read.
    let output = ilgi_on(&data("transactions.csv"), &args);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    assert!(
        errors.contains("line 2, column date: date does not match --date-format %d/%m/%Y"),
        "{errors}"
    );

    let bad_pattern = ilgi_on(&slashed, &["rfm", "--date-format", "%Q"]);
    assert_eq!(bad_pattern.status.code(), Some(1));
    assert!(stderr(&bad_pattern).contains("not a valid date pattern"));
}

#[test]
fn period_day_fits_the_models_in_days() {
    let file = data("transactions.csv");
    let days = json(&file, &["clv", "--period", "day", "--json"]);
    let weeks = json(&file, &["clv", "--period", "week", "--json"]);
    assert_finite_positive_parameters(&days);
    assert_eq!(days["customers"], CUSTOMERS);
    // α is the scale of the purchase rate, in periods: about 7 times larger
    // in days than in weeks (not exactly: weeks merge purchases).
    let ratio =
        days["bgnbd"]["alpha"].as_f64().unwrap() / weeks["bgnbd"]["alpha"].as_f64().unwrap();
    assert!((2.0..15.0).contains(&ratio), "alpha days / weeks = {ratio}");
    // The default period is the day, as in `lifetimes`.
    assert_eq!(json(&file, &["clv", "--json"]), days);
    let text = stdout(&ilgi_on(&file, &["clv", "--period", "day"]));
    assert!(text.contains("(times in days)"), "{text}");
}

#[test]
fn end_date_leaves_out_later_purchases() {
    let file = data("transactions.csv");
    let all = json(&file, &["rfm", "--json"]);
    let mid_year = json(&file, &["rfm", "--json", "--end", "2024-06-30"]);
    assert_eq!(mid_year["as_of"], "2024-06-30");
    assert!(mid_year["customers"].as_u64() < all["customers"].as_u64());

    let output = ilgi_on(
        &file,
        &["clv", "--end", "2024-06-30", "--period", "week", "--json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let clv: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(clv["customers"], mid_year["customers"]);
    assert!(stderr(&output).contains("left out"), "{}", stderr(&output));
}

#[test]
fn a_model_that_cannot_be_fitted_exits_with_2_and_the_reason() {
    let file = scratch("three_customers.csv");
    std::fs::write(
        &file,
        "customer_id,date,amount\na,2024-01-01,1\na,2024-02-01,2\nb,2024-01-03,3\nc,2024-01-04,4\n",
    )
    .unwrap();
    let output = ilgi_on(&file, &["clv"]);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    assert!(
        errors.contains("too few customers to fit the model: 3"),
        "{errors}"
    );
}

#[test]
fn usage_errors_exit_with_1_and_help_with_0() {
    let file = data("transactions.csv");
    for args in [
        vec!["clv", "--period", "month"],
        vec!["clv", "--discount", "-0.5"],
        vec!["rfm", "--end", "31.12.2024"],
    ] {
        let output = ilgi_on(&file, &args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(!stderr(&output).is_empty());
    }
    assert_eq!(ilgi(&[]).status.code(), Some(1));
    assert_eq!(
        ilgi(&["clv"]).status.code(),
        Some(1),
        "--transactions is required"
    );
    let help = ilgi(&["clv", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("--per-customer"));
}

#[test]
fn clv_parameters_match_the_lifetimes_package_on_the_test_data() {
    // `lifetimes` 0.11.3 (`summary_data_from_transaction_data` with the
    // amount as monetary value, `BetaGeoFitter`, `GammaGammaFitter` on the
    // repeat buyers) on tests/data/transactions.csv.
    let expected = [
        (
            "week",
            [1.7278, 10.6162, 2.6701, 9.3682, 2.1307, 10.9047, 2431.1828],
        ),
        (
            "day",
            [1.4116, 45.5872, 4.2341, 16.7054, 1.9017, 6.8777, 1477.3659],
        ),
    ];
    let file = data("transactions.csv");
    for (period, theirs) in expected {
        let ours = parameters(&json(&file, &["clv", "--period", period, "--json"]));
        for ((name, ours), theirs) in ours.into_iter().zip(theirs) {
            let relative = (ours - theirs).abs() / theirs;
            assert!(
                relative < 1e-3,
                "{period} {name}: ilgi {ours}, lifetimes {theirs}"
            );
        }
    }
}
