//! Invitations: admins invite with a role, a code is accepted once within
//! 7 days, and the invited member gets exactly that role and workspace.

use std::time::Duration;

use ilgi_core::sync::protocol::Role;
use serde_json::json;

use crate::support::{PASSWORD, spawn_app};

#[tokio::test]
async fn an_invited_person_joins_the_admins_workspace_with_the_chosen_role() {
    let app = spawn_app();
    let admin = app.signup("A", "ayse@ornek.com").await;
    for (email, role) in [
        ("viewer@ornek.com", Role::Viewer),
        ("agent@ornek.com", Role::Agent),
        ("admin2@ornek.com", Role::Admin),
    ] {
        let token = app.member(&admin.token, email, role).await;
        let me = app.me(&token).await;
        me.expect(200);
        let me = me.json();
        assert_eq!(me["workspace_id"], json!(admin.workspace_id));
        assert_eq!(me["workspace"], "A");
        assert_eq!(me["email"], email);
        assert_eq!(me["role"], json!(role));
        // The member signs in with the password chosen on accepting.
        app.token(email, PASSWORD).await;
    }
}

#[tokio::test]
async fn only_admins_may_invite() {
    let app = spawn_app();
    let admin = app.signup("A", "ayse@ornek.com").await;
    let viewer = app.member(&admin.token, "v@ornek.com", Role::Viewer).await;
    let agent = app.member(&admin.token, "g@ornek.com", Role::Agent).await;
    let second_admin = app.member(&admin.token, "a2@ornek.com", Role::Admin).await;
    for token in [&viewer, &agent] {
        let answer = app.invite(token, "x@ornek.com", Role::Viewer).await;
        answer.expect(403);
        assert_eq!(answer.code(), "forbidden");
        // 403 even when the body is wrong too: the role is checked first.
        let broken = app
            .post("/api/v1/invitations", Some(token), &json!({"email": 5}))
            .await;
        broken.expect(403);
    }
    app.invite(&second_admin, "x@ornek.com", Role::Viewer)
        .await
        .expect(201);
}

#[tokio::test]
async fn a_code_is_accepted_once() {
    let app = spawn_app();
    let admin = app.signup("A", "ayse@ornek.com").await;
    let code = app
        .invitation_code(&admin.token, "can@ornek.com", Role::Agent)
        .await;
    app.accept(&code, PASSWORD).await.expect(201);
    let again = app.accept(&code, "another password").await;
    again.expect(410);
    assert_eq!(again.code(), "invitation_used");
}

#[tokio::test]
async fn an_unknown_code_is_404_and_an_expired_one_410() {
    let app = spawn_app();
    let admin = app.signup("A", "ayse@ornek.com").await;
    let unknown = app.accept("AAAAAAAAAAAAAAAAAAAAAA", PASSWORD).await;
    unknown.expect(404);
    assert_eq!(unknown.code(), "invitation_not_found");

    let code = app
        .invitation_code(&admin.token, "can@ornek.com", Role::Agent)
        .await;
    app.clock.advance(Duration::from_secs(7 * 24 * 3600));
    let expired = app.accept(&code, PASSWORD).await;
    expired.expect(410);
    assert_eq!(expired.code(), "invitation_expired");
}

#[tokio::test]
async fn a_code_refused_for_a_short_password_can_be_used_again() {
    let app = spawn_app();
    let admin = app.signup("A", "ayse@ornek.com").await;
    let code = app
        .invitation_code(&admin.token, "can@ornek.com", Role::Agent)
        .await;
    let short = app.accept(&code, "1234").await;
    short.expect(422);
    assert_eq!(short.json()["error"]["field"], "password");
    app.accept(&code, PASSWORD).await.expect(201);
}

#[tokio::test]
async fn an_address_with_an_account_cannot_be_invited_or_join_twice() {
    let app = spawn_app();
    let admin = app.signup("A", "ayse@ornek.com").await;
    let taken = app
        .invite(&admin.token, "AYSE@ornek.com", Role::Viewer)
        .await;
    taken.expect(409);
    assert_eq!(taken.code(), "email_taken");
    // Two invitations to one address: the second accept finds it taken.
    let first = app
        .invitation_code(&admin.token, "can@ornek.com", Role::Viewer)
        .await;
    let second = app
        .invitation_code(&admin.token, "can@ornek.com", Role::Agent)
        .await;
    app.accept(&first, PASSWORD).await.expect(201);
    let answer = app.accept(&second, PASSWORD).await;
    answer.expect(409);
    assert_eq!(answer.code(), "email_taken");
}

#[tokio::test]
async fn an_invitation_with_a_bad_address_or_role_is_refused() {
    let app = spawn_app();
    let admin = app.signup("A", "ayse@ornek.com").await;
    let bad_email = app
        .post(
            "/api/v1/invitations",
            Some(&admin.token),
            &json!({"email": "can.ornek.com", "role": "agent"}),
        )
        .await;
    bad_email.expect(422);
    assert_eq!(bad_email.json()["error"]["field"], "email");
    let bad_role = app
        .post(
            "/api/v1/invitations",
            Some(&admin.token),
            &json!({"email": "can@ornek.com", "role": "owner"}),
        )
        .await;
    bad_role.expect(422);
    assert_eq!(bad_role.code(), "invalid_body");
}
