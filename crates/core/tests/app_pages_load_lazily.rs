//! Every page is fetched only when it is opened (issue 13): each route in
//! the app's route table (`src/app.rs`) is a `Lazy::<…>` route declared
//! in `src/routes.rs` (`module: Route => page`), whose `wasm_split` point
//! puts the page in a wasm module of its own (`cargo xtask build` splits
//! it, `xtask/src/split.rs`).
//! A page mounted directly would pull its code, and the code only it uses,
//! back into the first download.
//!
//! The test reads the app's sources, so a route added the direct way fails
//! CI; the e2e suite (`tests/e2e/split.test.mjs`) checks what the browser
//! actually fetches.

use std::fs;
use std::path::Path;

fn source(path: &str) -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path);
    fs::read_to_string(&file).unwrap_or_else(|e| panic!("reading {}: {e}", file.display()))
}

/// The `<Route …/>` lines of a route table that do not mount a lazy route,
/// and the lazy routes' type names.
fn routes(app: &str) -> (Vec<String>, Vec<String>) {
    let mut direct = Vec::new();
    let mut lazy = Vec::new();
    for line in app
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("<Route "))
    {
        match line
            .split_once("view={Lazy::<")
            .and_then(|(_, rest)| rest.split_once(">::new()}"))
        {
            Some((name, _)) => lazy.push(name.to_string()),
            None => direct.push(line.to_string()),
        }
    }
    (direct, lazy)
}

#[test]
fn every_route_mounts_a_lazily_loaded_page() {
    let (direct, lazy) = routes(&source("src/app.rs"));
    assert!(
        direct.is_empty(),
        "routes mounting a page directly: {direct:#?}"
    );
    assert!(
        lazy.len() >= 20,
        "the route table has {} lazy routes",
        lazy.len()
    );
    let declared = source("src/routes.rs");
    for name in &lazy {
        assert!(
            declared.contains(&format!(": {name} => ")),
            "{name} is used in src/app.rs but not declared in src/routes.rs"
        );
    }
}

#[test]
fn the_check_can_fail() {
    let table = r#"
        <Route path=path!("/") view={Lazy::<DashboardRoute>::new()}/>
        <Route path=path!("/settings") view=Settings/>
    "#;
    let (direct, lazy) = routes(table);
    assert_eq!(lazy, ["DashboardRoute"]);
    assert_eq!(direct.len(), 1);
}
