//! Tokens: every data route needs one; logout, logout-all and expiry end
//! them.

use std::time::Duration;

use axum::http::{Method, header};
use ilgi_core::sync::protocol::Role;
use serde_json::{Value, json};

use crate::support::{Answer, PASSWORD, TestApp, spawn_app};

const DAY: Duration = Duration::from_secs(24 * 3600);

/// Every route that needs a session, with a body it would accept.
fn data_routes() -> Vec<(Method, &'static str, Option<Value>)> {
    vec![
        (Method::GET, "/api/v1/me", None),
        (Method::POST, "/api/v1/auth/logout", None),
        (Method::POST, "/api/v1/auth/logout-all", None),
        (
            Method::POST,
            "/api/v1/invitations",
            Some(json!({"email": "can@ornek.com", "role": "viewer"})),
        ),
    ]
}

async fn call_all(app: &TestApp, authorization: Option<&str>) -> Vec<(String, Answer)> {
    let mut answers = Vec::new();
    for (method, path, body) in data_routes() {
        let mut request = TestApp::request(method.clone(), path, None, body.as_ref());
        if let Some(value) = authorization {
            request
                .headers_mut()
                .insert(header::AUTHORIZATION, value.parse().unwrap());
        }
        answers.push((format!("{method} {path}"), app.send(request).await));
    }
    answers
}

#[track_caller]
fn assert_all_unauthorized(answers: &[(String, Answer)], why: &str) {
    for (route, answer) in answers {
        assert_eq!(
            answer.status.as_u16(),
            401,
            "{route} with {why}: {}",
            answer.text()
        );
        assert_eq!(answer.code(), "unauthorized", "{route} with {why}");
        assert_eq!(answer.header(header::WWW_AUTHENTICATE), Some("Bearer"));
    }
}

#[tokio::test]
async fn every_data_route_refuses_a_missing_or_made_up_token() {
    let app = spawn_app();
    app.signup("A", "ayse@ornek.com").await;
    assert_all_unauthorized(&call_all(&app, None).await, "no token");
    assert_all_unauthorized(&call_all(&app, Some("Bearer nonsense")).await, "junk");
    let made_up = format!("Bearer ilgi_{}", "A".repeat(43));
    assert_all_unauthorized(&call_all(&app, Some(&made_up)).await, "an unknown token");
    assert_all_unauthorized(&call_all(&app, Some("Basic YTpi")).await, "basic auth");
}

#[tokio::test]
async fn every_data_route_refuses_a_revoked_token() {
    let app = spawn_app();
    let signed = app.signup("A", "ayse@ornek.com").await;
    app.post("/api/v1/auth/logout", Some(&signed.token), &json!(null))
        .await
        .expect(204);
    let bearer = format!("Bearer {}", signed.token);
    assert_all_unauthorized(&call_all(&app, Some(&bearer)).await, "a revoked token");
}

#[tokio::test]
async fn a_token_works_for_30_days_and_then_every_data_route_refuses_it() {
    let app = spawn_app();
    let signed = app.signup("A", "ayse@ornek.com").await;
    app.clock.advance(29 * DAY);
    app.me(&signed.token).await.expect(200);
    app.clock.advance(DAY);
    let bearer = format!("Bearer {}", signed.token);
    assert_all_unauthorized(&call_all(&app, Some(&bearer)).await, "an expired token");
    // Signing in again gives a fresh 30 days.
    let token = app.token("ayse@ornek.com", PASSWORD).await;
    app.me(&token).await.expect(200);
}

#[tokio::test]
async fn logout_ends_only_the_session_it_is_sent_with() {
    let app = spawn_app();
    let signed = app.signup("A", "ayse@ornek.com").await;
    let other = app.token("ayse@ornek.com", PASSWORD).await;
    let answer = app
        .post("/api/v1/auth/logout", Some(&signed.token), &json!(null))
        .await;
    answer.expect(204);
    assert!(answer.body.is_empty());
    app.me(&signed.token).await.expect(401);
    app.me(&other).await.expect(200);
    // A second logout with the ended token is refused like any bad token.
    app.post("/api/v1/auth/logout", Some(&signed.token), &json!(null))
        .await
        .expect(401);
}

#[tokio::test]
async fn logout_all_ends_every_session_of_the_account_and_no_one_elses() {
    let app = spawn_app();
    let signed = app.signup("A", "ayse@ornek.com").await;
    let second = app.token("ayse@ornek.com", PASSWORD).await;
    let colleague = app
        .member(&signed.token, "can@ornek.com", Role::Agent)
        .await;
    app.post("/api/v1/auth/logout-all", Some(&second), &json!(null))
        .await
        .expect(204);
    app.me(&signed.token).await.expect(401);
    app.me(&second).await.expect(401);
    app.me(&colleague).await.expect(200);
    // The account itself still signs in.
    app.token("ayse@ornek.com", PASSWORD).await;
}
