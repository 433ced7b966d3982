//! Views stay thin (issue 13): every file of the app's pages and
//! components is at most [`MOST_LINES`] lines, and no page or component
//! runs a value analysis, reads posts (the lexicons), matches authors
//! or reads a CSV file itself — those decide things, so they live in core and run in the
//! Web Worker (`src/worker`, `src/jobs`), which pages reach through
//! `crate::insights` and `crate::jobs::posts`.
//!
//! The test reads the app's sources, so a page that grows past the limit
//! or calls the analyser fails CI.

use std::fs;
use std::path::{Path, PathBuf};

/// "No view file over ~400 lines."
const MOST_LINES: usize = 420;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("app source folder is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// (path under `src/`, source) of every view file.
fn view_sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src");
    let mut files = Vec::new();
    for folder in ["pages", "components"] {
        rust_files(&src.join(folder), &mut files);
    }
    files
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&src)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            (name, fs::read_to_string(&path).expect("UTF-8 source"))
        })
        .collect()
}

/// Files longer than `most` lines, with their length.
fn too_long(files: &[(String, String)], most: usize) -> Vec<(String, usize)> {
    files
        .iter()
        .map(|(name, source)| (name.clone(), source.lines().count()))
        .filter(|(_, n)| *n > most)
        .collect()
}

/// (file, line) of code (not comments) that names `needle`.
fn uses(files: &[(String, String)], needle: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (name, source) in files {
        for (n, line) in source.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains(needle) {
                out.push((name.clone(), n + 1));
            }
        }
    }
    out
}

#[test]
fn no_view_file_is_longer_than_the_limit() {
    let files = view_sources();
    assert!(files.len() > 30, "found only {} view files", files.len());
    assert_eq!(too_long(&files, MOST_LINES), vec![], "split these views");
}

#[test]
fn views_leave_analysis_reading_and_matching_to_the_worker() {
    let files = view_sources();
    for needle in [
        "Analyser",
        "Collector",
        "reading::read",
        "Reading::of",
        "link_new(",
        "link::queue",
        "sentiment::analyse",
        "duplicates::scan",
        // CSV files are decoded and parsed in the worker.
        "read_table",
        "csv_io::decode",
        "parse_cases",
    ] {
        assert_eq!(uses(&files, needle), vec![], "{needle} in a view");
    }
}

#[test]
fn the_checks_can_fail() {
    let files = vec![(
        "x.rs".to_string(),
        "// Analyser in a comment\nlet a = Analyser::new(c, o);\nfn f() {}\n".to_string(),
    )];
    assert_eq!(uses(&files, "Analyser"), vec![("x.rs".to_string(), 2)]);
    assert_eq!(too_long(&files, 2), vec![("x.rs".to_string(), 3)]);
    assert_eq!(too_long(&files, 3), vec![]);
}
