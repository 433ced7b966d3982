//! The app has one write path: only `src/storage/db.rs` builds a readwrite
//! IndexedDB transaction (`Db::write_tx`), and only the write path
//! (`src/storage/write.rs`) asks for one. Schema migrations run in the
//! browser's version-change transaction (`src/storage/schema.rs`) and may
//! only re-derive what a migration step documents.
//!
//! The test reads the app's sources, so a page, a job or a component that
//! opens its own readwrite transaction fails CI.

use std::fs;
use std::path::{Path, PathBuf};

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

/// (file relative to `src/`, line number) of every occurrence of `needle`
/// outside comments.
fn occurrences(files: &[(String, String)], needle: &str) -> Vec<(String, usize)> {
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

fn app_sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
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

#[test]
fn only_the_storage_layer_builds_a_readwrite_transaction() {
    let files = app_sources();
    assert!(files.len() > 20, "found only {} app sources", files.len());
    let found = occurrences(&files, "Readwrite");
    assert!(
        !found.is_empty(),
        "the scanner found no readwrite transaction at all"
    );
    let elsewhere: Vec<_> = found
        .iter()
        .filter(|(file, _)| file != "storage/db.rs")
        .collect();
    assert!(
        elsewhere.is_empty(),
        "readwrite transactions outside storage/db.rs: {elsewhere:?}"
    );
    assert_eq!(
        found.len(),
        1,
        "storage/db.rs builds more than one: {found:?}"
    );
}

#[test]
fn only_the_write_path_asks_for_the_readwrite_transaction() {
    let files = app_sources();
    let callers: Vec<_> = occurrences(&files, "write_tx(")
        .into_iter()
        .filter(|(file, _)| file != "storage/write.rs")
        .collect();
    // The one left is the definition itself.
    assert_eq!(
        callers.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(),
        ["storage/db.rs"],
        "write_tx is used outside the write path: {callers:?}"
    );
}

#[test]
fn the_scanner_skips_comments_and_finds_code() {
    let files = vec![(
        "x.rs".to_string(),
        "// Readwrite in a comment\nlet m = IdbTransactionMode::Readwrite; // here".to_string(),
    )];
    assert_eq!(
        occurrences(&files, "Readwrite"),
        vec![("x.rs".to_string(), 2)]
    );
}
