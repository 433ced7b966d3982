//! The built app: files with their content types, the SPA fallback, no
//! HTTP caching. (These moved here with the static serving from
//! `xtask serve`.)

use axum::http::header;

use crate::support::{TestApp, spawn_app, spawn_app_with};

const INDEX: &str = "<!doctype html><title>ilgi</title>";

fn app_with_dist() -> (tempfile::TempDir, TestApp) {
    let dist = tempfile::tempdir().unwrap();
    let files: [(&str, &[u8]); 6] = [
        ("index.html", INDEX.as_bytes()),
        ("ilgi-web-1a2b_bg.wasm", b"\0asm\x01\0\0\0"),
        ("ilgi-web-1a2b.js", b"export default 1;"),
        ("main-3c4d.css", b"body{}"),
        ("manifest.webmanifest", b"{\"name\":\"ilgi\"}"),
        ("sw.js", b"self.addEventListener('fetch', () => {});"),
    ];
    for (name, content) in files {
        std::fs::write(dist.path().join(name), content).unwrap();
    }
    std::fs::create_dir(dist.path().join("icons")).unwrap();
    std::fs::write(dist.path().join("icons/icon.svg"), "<svg/>").unwrap();
    let dir = dist.path().to_path_buf();
    let app = spawn_app_with(|config| config.dist = Some(dir));
    (dist, app)
}

#[tokio::test]
async fn files_are_served_with_their_content_types_and_no_http_cache() {
    let (_dist, app) = app_with_dist();
    for (path, content_type) in [
        ("/", "text/html"),
        ("/index.html", "text/html"),
        ("/ilgi-web-1a2b_bg.wasm", "application/wasm"),
        ("/ilgi-web-1a2b.js", "text/javascript"),
        ("/main-3c4d.css", "text/css"),
        ("/manifest.webmanifest", "application/manifest+json"),
        ("/sw.js", "text/javascript"),
        ("/icons/icon.svg", "image/svg+xml"),
    ] {
        let answer = app.get(path, None).await;
        answer.expect(200);
        assert_eq!(
            answer.header(header::CONTENT_TYPE),
            Some(content_type),
            "{path}"
        );
        assert_eq!(
            answer.header(header::CACHE_CONTROL),
            Some("no-cache"),
            "{path}"
        );
    }
    assert_eq!(
        app.get("/sw.js", None).await.text(),
        "self.addEventListener('fetch', () => {});"
    );
}

#[tokio::test]
async fn a_deep_link_gets_the_app_shell() {
    let (_dist, app) = app_with_dist();
    for path in [
        "/customers",
        "/customers/0193a5c4-1f2e-7a3b-8c4d-5e6f7a8b9c0d",
        "/rules/",
    ] {
        let answer = app.get(path, None).await;
        answer.expect(200);
        assert_eq!(answer.text(), INDEX, "{path}");
        assert_eq!(
            answer.header(header::CONTENT_TYPE),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        assert_eq!(answer.header(header::CACHE_CONTROL), Some("no-cache"));
    }
}

#[tokio::test]
async fn a_missing_file_is_a_404_not_the_app() {
    let (_dist, app) = app_with_dist();
    for path in ["/missing.js", "/icons/missing.png"] {
        let answer = app.get(path, None).await;
        answer.expect(404);
        assert_ne!(answer.text(), INDEX, "{path}");
    }
}

#[tokio::test]
async fn without_an_app_other_paths_are_json_404s() {
    let app = spawn_app();
    let answer = app.get("/customers", None).await;
    answer.expect(404);
    assert_eq!(answer.code(), "not_found");
}
