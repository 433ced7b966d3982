//! Sign-up, login, `/me` and what a restart keeps.

use ilgi_core::sync::protocol::Role;
use serde_json::json;

use crate::support::{PASSWORD, spawn_app};

#[tokio::test]
async fn a_sign_up_creates_a_workspace_whose_admin_the_token_signs_in() {
    let app = spawn_app();
    let signed = app.signup("Kadıköy Kafe", "Ayse@Ornek.COM").await;
    assert!(signed.token.starts_with("ilgi_"), "{}", signed.token);
    let me = app.me(&signed.token).await;
    me.expect(200);
    assert_eq!(
        me.json(),
        json!({
            "user_id": signed.user_id,
            "workspace_id": signed.workspace_id,
            "workspace": "Kadıköy Kafe",
            "email": "Ayse@ornek.com",
            "role": "admin",
        })
    );
}

#[tokio::test]
async fn every_sign_up_gets_a_workspace_of_its_own() {
    let app = spawn_app();
    let a = app.signup("A", "a@ornek.com").await;
    let b = app.signup("A", "b@ornek.com").await;
    assert_ne!(a.workspace_id, b.workspace_id);
    assert_ne!(a.user_id, b.user_id);
    assert_eq!(app.me(&b.token).await.json()["role"], json!(Role::Admin));
}

#[tokio::test]
async fn an_email_address_is_taken_whatever_its_case() {
    let app = spawn_app();
    app.signup("A", "ayse@ornek.com").await;
    let again = app
        .post(
            "/api/v1/auth/signup",
            None,
            &json!({"workspace": "B", "email": "AYSE@ornek.com", "password": PASSWORD}),
        )
        .await;
    again.expect(409);
    assert_eq!(again.code(), "email_taken");
    assert_eq!(again.json()["error"]["field"], "email");
}

#[tokio::test]
async fn a_sign_up_with_a_bad_value_is_refused_naming_the_field() {
    let app = spawn_app();
    let cases = [
        (
            json!({"workspace": "A", "email": "a@ornek.com", "password": "short"}),
            "password",
        ),
        (
            json!({"workspace": "A", "email": "a.ornek.com", "password": PASSWORD}),
            "email",
        ),
        (
            json!({"workspace": "  ", "email": "a@ornek.com", "password": PASSWORD}),
            "workspace",
        ),
    ];
    for (body, field) in cases {
        let answer = app.post("/api/v1/auth/signup", None, &body).await;
        answer.expect(422);
        assert_eq!(answer.code(), "invalid_value");
        assert_eq!(answer.json()["error"]["field"], field, "{body}");
    }
    // Nothing was created by the refused attempts.
    app.signup("A", "a@ornek.com").await;
}

#[tokio::test]
async fn login_gives_a_new_token_and_ignores_the_case_of_the_address() {
    let app = spawn_app();
    let signed = app.signup("A", "ayse@ornek.com").await;
    let token = app.token("AYSE@ORNEK.com", PASSWORD).await;
    assert_ne!(token, signed.token);
    assert_eq!(
        app.me(&token).await.json()["user_id"],
        json!(signed.user_id)
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_401() {
    let app = spawn_app();
    app.signup("A", "ayse@ornek.com").await;
    let wrong = app.login("ayse@ornek.com", "wrong password").await;
    let unknown = app.login("nobody@ornek.com", PASSWORD).await;
    let malformed = app.login("not an address", PASSWORD).await;
    for answer in [&wrong, &unknown, &malformed] {
        answer.expect(401);
        assert_eq!(answer.code(), "invalid_credentials");
    }
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(wrong.body, malformed.body);
}

#[tokio::test]
async fn a_restarted_server_on_the_same_file_keeps_accounts_and_sessions() {
    let app = spawn_app();
    let signed = app.signup("A", "ayse@ornek.com").await;
    let restarted = app.restart();
    restarted.me(&signed.token).await.expect(200);
    restarted.token("ayse@ornek.com", PASSWORD).await;
}
