//! `GET /api/v1/openapi.json`: the document is served, is OpenAPI 3,
//! describes every route, and is the one committed as
//! `crates/server/openapi.json`.
//!
//! After a deliberate change of the API, rewrite the committed file with
//! `ILGI_BLESS=1 cargo test -p ilgi-server --test api openapi` (no
//! database needed) and commit it.

use std::collections::BTreeSet;
use std::path::PathBuf;

use axum::body::Body;
use axum::http::{Method, Request, header};
use ilgi_core::model::{Entity, Stamp};
use ilgi_server::routes::sync::MAX_LIMIT;
use serde_json::Value;

use crate::support::{TestApp, spawn_app};

/// The command that rewrites the committed document.
const BLESS: &str = "ILGI_BLESS=1 cargo test -p ilgi-server --test api openapi";

/// The router's source: every `.route("/api/v1/…", get(…))` in it must be
/// in the document.
const ROUTES_SOURCE: &str = include_str!("../../src/routes/mod.rs");

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("openapi.json")
}

/// The served document, read whole.
async fn served(app: &TestApp) -> (String, Value) {
    let answer = app.get("/api/v1/openapi.json", None).await;
    answer.expect(200);
    assert_eq!(
        answer.header(header::CONTENT_TYPE),
        Some("application/json")
    );
    (answer.text(), answer.json())
}

/// `(method, path)` of every API route in `routes/mod.rs`, methods in
/// lower case as OpenAPI writes them.
fn routed() -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    for line in ROUTES_SOURCE.lines() {
        let Some(rest) = line.trim().strip_prefix(".route(\"/api/v1/") else {
            continue;
        };
        let (path, handler) = rest.split_once('"').expect("a quoted path");
        let method = handler
            .trim_start_matches([',', ' '])
            .split('(')
            .next()
            .expect("a method router")
            .to_string();
        routes.insert((method, format!("/api/v1/{path}")));
    }
    routes
}

/// `(method, path)` of every operation in the document.
fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut operations = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("a path item").keys() {
            operations.insert((method.clone(), path.clone()));
        }
    }
    operations
}

#[tokio::test]
async fn openapi_document_is_served_and_matches_the_committed_file() {
    let app = spawn_app();
    let (text, doc) = served(&app).await;
    let committed = committed_path();
    if std::env::var("ILGI_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&committed, &text).expect("the committed document is writable");
        eprintln!("wrote {}", committed.display());
        return;
    }
    let on_disk = std::fs::read_to_string(&committed).unwrap_or_else(|e| {
        panic!(
            "{} cannot be read ({e}); create it with `{BLESS}` and commit it",
            committed.display()
        )
    });
    if on_disk != text {
        let (line, (want, got)) = on_disk
            .lines()
            .chain(std::iter::repeat("<end of file>"))
            .zip(text.lines().chain(std::iter::repeat("<end of document>")))
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .unwrap_or((0, ("(line endings)", "(line endings)")));
        panic!(
            "{} differs from the document the server serves (first at line {}: \
             committed {want:?}, served {got:?}).\nIf the API change is deliberate, \
             regenerate it with `{BLESS}` and commit it.",
            committed.display(),
            line + 1
        );
    }
    assert_eq!(doc["info"]["title"], "ilgi sync server API");
}

#[tokio::test]
async fn openapi_document_is_openapi_3_and_describes_every_route() {
    let app = spawn_app();
    let (_, doc) = served(&app).await;
    let version = doc["openapi"].as_str().expect("an `openapi` version");
    assert!(version.starts_with("3."), "OpenAPI {version}");

    let routed = routed();
    assert!(
        routed.len() >= 11,
        "routes read from routes/mod.rs: {routed:?}"
    );
    assert_eq!(
        documented(&doc),
        routed,
        "the document's operations are not the router's routes: give the handler a \
         #[utoipa::path] and list it in routes::openapi::ApiDoc"
    );
    for (method, path) in [
        ("get", "/api/v1/health"),
        ("get", "/api/v1/openapi.json"),
        ("post", "/api/v1/auth/signup"),
        ("post", "/api/v1/auth/login"),
        ("post", "/api/v1/auth/logout"),
        ("post", "/api/v1/auth/logout-all"),
        ("post", "/api/v1/auth/accept"),
        ("get", "/api/v1/me"),
        ("post", "/api/v1/invitations"),
        ("post", "/api/v1/sync/push"),
        ("get", "/api/v1/sync/pull"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} is not in the document"
        );
    }
}

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let app = spawn_app();
    let (_, doc) = served(&app).await;
    for (method, path) in documented(&doc) {
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("a method");
        let request = Request::builder()
            .method(method.clone())
            .uri(&path)
            .body(Body::empty())
            .expect("a request");
        let answer = app.send(request).await;
        let status = answer.status.as_u16();
        assert!(
            status != 404 && status != 405,
            "{method} {path} is documented but answers {status}: {}",
            answer.text()
        );
    }
}

/// Operations describe the answers the code gives: a session route its
/// 401, a body route its 400/413/415/422, every error as an `ErrorBody`.
#[tokio::test]
async fn operations_document_their_errors_and_security() {
    let app = spawn_app();
    let (_, doc) = served(&app).await;
    let schemes = doc["components"]["securitySchemes"]
        .as_object()
        .expect("security schemes");
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let public: BTreeSet<&str> = [
        "/api/v1/health",
        "/api/v1/openapi.json",
        "/api/v1/auth/signup",
        "/api/v1/auth/login",
        "/api/v1/auth/accept",
    ]
    .into();
    for (method, path) in documented(&doc) {
        let operation = &doc["paths"][&path][&method];
        let what = format!("{method} {path}");
        let responses = operation["responses"].as_object().expect("responses");
        for (status, response) in responses {
            if status.starts_with('4') || status.starts_with('5') {
                assert_eq!(
                    response["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ErrorBody",
                    "{what} {status}"
                );
                let description = response["description"].as_str().unwrap_or("");
                assert!(description.contains('`'), "{what} {status}: name the codes");
            }
        }
        let secured = operation["security"]
            .as_array()
            .is_some_and(|s| !s.is_empty());
        assert_eq!(secured, !public.contains(path.as_str()), "{what}: security");
        if secured {
            for requirement in operation["security"].as_array().unwrap() {
                for name in requirement.as_object().unwrap().keys() {
                    assert!(schemes.contains_key(name), "{what}: unknown scheme {name}");
                }
            }
            assert!(responses.contains_key("401"), "{what}: 401");
        }
        if operation.get("requestBody").is_some() {
            for status in ["400", "413", "415", "422"] {
                assert!(responses.contains_key(status), "{what}: {status}");
            }
        }
        if path != "/api/v1/openapi.json" && path != "/api/v1/health" {
            assert!(responses.contains_key("500"), "{what}: 500");
        }
    }
    // Limits and rate limiting are where the code says.
    assert!(
        doc["paths"]["/api/v1/auth/login"]["post"]["responses"]["429"]["headers"]["Retry-After"]
            .is_object()
    );
    assert!(doc["paths"]["/api/v1/sync/push"]["post"]["responses"]["409"].is_object());
    assert!(doc["paths"]["/api/v1/invitations"]["post"]["responses"]["403"].is_object());
    let limit = &doc["paths"]["/api/v1/sync/pull"]["get"]["parameters"][1];
    assert_eq!(limit["name"], "limit");
    assert_eq!(limit["schema"]["maximum"], MAX_LIMIT);
}

/// The wire types' schemas say what their JSON is (text stamps, UUID ids,
/// the entity names), not what their Rust types are.
#[tokio::test]
async fn wire_type_schemas_follow_their_json() {
    let app = spawn_app();
    let (_, doc) = served(&app).await;
    let schemas = &doc["components"]["schemas"];
    let mutation = &schemas["PushMutation"]["properties"];
    assert_eq!(mutation["stamp"]["type"], "string");
    assert_eq!(mutation["id"]["type"], "string");
    assert_eq!(mutation["id"]["format"], "uuid");
    assert_eq!(mutation["fields"]["type"], "object");
    assert_eq!(mutation["stamps"]["additionalProperties"]["type"], "string");
    let stamp: Stamp = serde_json::from_value(mutation["stamp"]["example"].clone())
        .expect("the stamp example is a stamp");
    assert_eq!(
        serde_json::to_value(stamp).unwrap(),
        mutation["stamp"]["example"]
    );

    // Every entity name documented reads as an entity and writes back the
    // same, the renamed one included.
    let documented = schemas["Entity"]["enum"].as_array().expect("entity names");
    for name in documented {
        let entity: Entity = serde_json::from_value(name.clone()).expect("an entity name");
        assert_eq!(&serde_json::to_value(entity).unwrap(), name);
    }
    assert!(documented.contains(&serde_json::to_value(Entity::CaseEvent).unwrap()));
    assert_eq!(
        schemas["Role"]["enum"],
        serde_json::json!(["admin", "agent", "viewer"])
    );
}
