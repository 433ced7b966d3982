//! Limits and protocol errors: login rate limits (429 + Retry-After), the
//! body limit (413), malformed JSON, unknown API paths and methods, CORS.

use std::net::IpAddr;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, header};
use ilgi_core::sync::protocol::Role;
use serde_json::json;

use crate::support::{PASSWORD, TestApp, spawn_app, spawn_app_with};

#[track_caller]
fn retry_after(answer: &crate::support::Answer) -> u64 {
    answer.expect(429);
    assert_eq!(answer.code(), "rate_limited");
    answer
        .header(header::RETRY_AFTER)
        .expect("a Retry-After header")
        .parse()
        .expect("Retry-After in seconds")
}

#[tokio::test]
async fn ten_failed_logins_for_an_address_lock_it_for_the_rest_of_the_window() {
    let app = spawn_app();
    app.signup("A", "ayse@ornek.com").await;
    for _ in 0..10 {
        app.login("ayse@ornek.com", "wrong password")
            .await
            .expect(401);
    }
    // Now even the right password waits, from any client address.
    let locked = app.login("AYSE@ornek.com", PASSWORD).await;
    let seconds = retry_after(&locked);
    assert!((1..=900).contains(&seconds), "{seconds}");
    let elsewhere: IpAddr = "198.51.100.7".parse().unwrap();
    let answer = app
        .post_from(
            elsewhere,
            "/api/v1/auth/login",
            &json!({"email": "ayse@ornek.com", "password": PASSWORD}),
        )
        .await;
    retry_after(&answer);
    // Other addresses are not affected.
    app.signup("B", "can@ornek.com").await;
    app.token("can@ornek.com", PASSWORD).await;
    // After the window the right password works again.
    app.clock.advance(Duration::from_secs(seconds));
    app.token("ayse@ornek.com", PASSWORD).await;
}

#[tokio::test]
async fn failures_from_one_client_address_are_limited_across_addresses() {
    let app = spawn_app_with(|config| config.login_limits.per_ip = 5);
    app.signup("A", "ayse@ornek.com").await;
    let attacker: IpAddr = "203.0.113.9".parse().unwrap();
    for n in 0..5 {
        let answer = app
            .post_from(
                attacker,
                "/api/v1/auth/login",
                &json!({"email": format!("guess{n}@ornek.com"), "password": "x"}),
            )
            .await;
        answer.expect(401);
    }
    let blocked = app
        .post_from(
            attacker,
            "/api/v1/auth/login",
            &json!({"email": "ayse@ornek.com", "password": PASSWORD}),
        )
        .await;
    retry_after(&blocked);
    // Another client is still served.
    app.token("ayse@ornek.com", PASSWORD).await;
}

#[tokio::test]
async fn guessing_invitation_codes_is_limited_per_client_address() {
    let app = spawn_app_with(|config| config.login_limits.per_ip = 3);
    let admin = app.signup("A", "ayse@ornek.com").await;
    let code = app
        .invitation_code(&admin.token, "can@ornek.com", Role::Agent)
        .await;
    for n in 0..3 {
        app.accept(&format!("guess-{n}"), PASSWORD)
            .await
            .expect(404);
    }
    let blocked = app.accept(&code, PASSWORD).await;
    retry_after(&blocked);
    // The real code still works from elsewhere.
    let answer = app
        .post_from(
            "198.51.100.1".parse().unwrap(),
            "/api/v1/auth/accept",
            &json!({"code": code, "password": PASSWORD}),
        )
        .await;
    answer.expect(201);
}

#[tokio::test]
async fn a_body_over_4_mib_is_refused_with_a_json_413() {
    let app = spawn_app();
    let padding = "x".repeat(4 * 1024 * 1024);
    let answer = app
        .post(
            "/api/v1/auth/signup",
            None,
            &json!({"workspace": padding, "email": "a@ornek.com", "password": PASSWORD}),
        )
        .await;
    answer.expect(413);
    assert_eq!(answer.code(), "too_large");
    // Just under the limit is read (and refused for its content instead).
    let name = "x".repeat(4 * 1024 * 1024 - 200);
    let answer = app
        .post(
            "/api/v1/auth/signup",
            None,
            &json!({"workspace": name, "email": "a@ornek.com", "password": PASSWORD}),
        )
        .await;
    answer.expect(422);
    assert_eq!(answer.json()["error"]["field"], "workspace");
}

fn raw_post(path: &str, content_type: Option<&str>, body: &str) -> Request<Body> {
    let mut builder = Request::builder().method(Method::POST).uri(path);
    if let Some(value) = content_type {
        builder = builder.header(header::CONTENT_TYPE, value);
    }
    builder.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn malformed_or_misshapen_json_gets_a_json_error() {
    let app = spawn_app();
    let broken = app
        .send(raw_post(
            "/api/v1/auth/login",
            Some("application/json"),
            "{\"email\": ",
        ))
        .await;
    broken.expect(400);
    assert_eq!(broken.code(), "invalid_json");
    let misshapen = app
        .send(raw_post(
            "/api/v1/auth/login",
            Some("application/json"),
            r#"{"email": "a@ornek.com"}"#,
        ))
        .await;
    misshapen.expect(422);
    assert_eq!(misshapen.code(), "invalid_body");
    assert!(
        misshapen.text().contains("password"),
        "{}",
        misshapen.text()
    );
    let untyped = app
        .send(raw_post(
            "/api/v1/auth/login",
            None,
            r#"{"email": "a@b.co", "password": "x"}"#,
        ))
        .await;
    untyped.expect(415);
    assert_eq!(untyped.code(), "unsupported_media_type");
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s_never_the_app() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<html>app</html>").unwrap();
    let dir = dist.path().to_path_buf();
    let app = spawn_app_with(|config| config.dist = Some(dir));
    for path in [
        "/api",
        "/api/",
        "/api/v1",
        "/api/v1/nothing",
        "/api/v2/me",
        "/api/v1/health/",
    ] {
        let answer = app.get(path, None).await;
        answer.expect(404);
        assert_eq!(answer.code(), "not_found", "{path}");
    }
    let post = app.post("/api/v1/sync/nothing", None, &json!({})).await;
    post.expect(404);
    assert_eq!(post.code(), "not_found");
    // The app itself is still there for other paths.
    assert_eq!(app.get("/customers", None).await.text(), "<html>app</html>");
}

#[tokio::test]
async fn a_known_route_with_the_wrong_method_is_a_json_405() {
    let app = spawn_app();
    let answer = app.get("/api/v1/auth/login", None).await;
    answer.expect(405);
    assert_eq!(answer.code(), "method_not_allowed");
    let answer = app.post("/api/v1/health", None, &json!({})).await;
    answer.expect(405);
}

async fn preflight(app: &TestApp, origin: &str) -> crate::support::Answer {
    let request = Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/v1/auth/login")
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
        .body(Body::empty())
        .unwrap();
    app.send(request).await
}

#[tokio::test]
async fn cross_origin_calls_are_allowed_only_for_the_origins_given() {
    let same_origin_only = spawn_app();
    let answer = preflight(&same_origin_only, "https://crm.example.com").await;
    assert_eq!(answer.header(header::ACCESS_CONTROL_ALLOW_ORIGIN), None);

    let open = spawn_app_with(|config| {
        config.allow_origins = vec!["https://crm.example.com".parse().unwrap()];
    });
    let allowed = preflight(&open, "https://crm.example.com").await;
    assert_eq!(
        allowed.header(header::ACCESS_CONTROL_ALLOW_ORIGIN),
        Some("https://crm.example.com")
    );
    let other = preflight(&open, "https://evil.example.net").await;
    assert_eq!(other.header(header::ACCESS_CONTROL_ALLOW_ORIGIN), None);
    // A real request from the allowed origin carries the header too.
    let mut request = TestApp::request(Method::GET, "/api/v1/health", None, None);
    request
        .headers_mut()
        .insert(header::ORIGIN, "https://crm.example.com".parse().unwrap());
    let answer = open.send(request).await;
    answer.expect(200);
    assert_eq!(
        answer.header(header::ACCESS_CONTROL_ALLOW_ORIGIN),
        Some("https://crm.example.com")
    );
}
