//! Every translation key the web app asks for exists in both languages.
//!
//! The app calls `i18n.t(…)` / `i18n.t_with(…)` with literal keys (and toasts
//! take keys in `.info(…)` / `.error_key(…)`); this test reads the
//! app's source (`src/**/*.rs` of the root package) and checks each literal key
//! against the catalogue, so a typo fails CI instead of showing a raw key.

use std::fs;
use std::path::{Path, PathBuf};

use ilgi_core::i18n::catalog;
use ilgi_core::section::Section;

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

/// Literal first arguments of the translating calls.
fn keys_in(source: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for marker in [".t(\"", ".t_with(\"", ".info(\"", ".error_key(\""] {
        let mut rest = source;
        while let Some(at) = rest.find(marker) {
            rest = &rest[at + marker.len()..];
            if let Some(end) = rest.find('"') {
                keys.push(rest[..end].to_owned());
            }
        }
    }
    keys
}

#[test]
fn the_scanner_finds_keys_in_both_call_forms() {
    let found = keys_in(r#"i18n.t("a-b") + i18n.t_with("c", &[])"#);
    assert_eq!(found, vec!["a-b".to_owned(), "c".to_owned()]);
}

#[test]
fn every_key_used_by_the_app_exists_in_both_languages() {
    let app_src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src");
    let mut files = Vec::new();
    rust_files(&app_src, &mut files);
    assert!(
        !files.is_empty(),
        "no app sources under {}",
        app_src.display()
    );

    let mut missing = Vec::new();
    let mut used = 0;
    for file in files {
        let source = fs::read_to_string(&file).expect("app source is UTF-8");
        for key in keys_in(&source) {
            used += 1;
            if !catalog().has(&key) {
                missing.push(format!("{}: {key}", file.display()));
            }
        }
    }
    assert!(
        used > 10,
        "found only {used} translation calls; is the scanner broken?"
    );
    assert!(
        missing.is_empty(),
        "keys missing from tr.ftl or en.ftl: {missing:#?}"
    );
}

#[test]
fn every_section_has_a_title_and_a_coming_text() {
    for section in Section::ALL {
        assert!(catalog().has(&section.title_key()), "{:?} title", section);
        assert!(catalog().has(&section.coming_key()), "{:?} coming", section);
    }
}
