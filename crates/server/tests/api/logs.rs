//! No secret reaches a log: every flow that handles a password, a token or
//! an invitation code runs under a subscriber that captures everything
//! (TRACE, every target), and none of them appears in what it captured.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use ilgi_core::sync::protocol::Role;
use serde_json::json;

use crate::support::spawn_app;

/// Collects formatted log lines in memory.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// The capture behind the process-wide subscriber, installed once.
///
/// Process-wide, not per thread: tracing caches per call site whether
/// anyone listens, and a call site first reached by a parallel test on a
/// thread without a subscriber could stay silent for this one. Other
/// tests' lines land in the capture too; the secrets below are this test's
/// own, so they can only come from this test's requests.
fn capture() -> &'static Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        let writer = capture.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other test installs a global subscriber");
        capture
    })
}

#[tokio::test]
async fn passwords_tokens_and_codes_never_reach_the_log() {
    let capture = capture();
    let app = spawn_app();
    let admin_password = "admin-Secret-Pässword-1";
    let member_password = "member-Secret-Pässword-2";
    let signup = app
        .post(
            "/api/v1/auth/signup",
            None,
            &json!({"workspace": "A", "email": "ayse@ornek.com", "password": admin_password}),
        )
        .await;
    signup.expect(201);
    let signup_token = signup.json()["token"].as_str().unwrap().to_string();
    let login_token = app.token("ayse@ornek.com", admin_password).await;
    app.login("ayse@ornek.com", "wrong-Secret-Guess-3")
        .await
        .expect(401);
    let code = app
        .invitation_code(&login_token, "can@ornek.com", Role::Agent)
        .await;
    let accepted = app.accept(&code, member_password).await;
    accepted.expect(201);
    let member_token = accepted.json()["token"].as_str().unwrap().to_string();
    app.me(&member_token).await.expect(200);
    app.accept(&code, member_password).await.expect(410);
    app.post("/api/v1/auth/logout", Some(&signup_token), &json!(null))
        .await
        .expect(204);
    app.me(&signup_token).await.expect(401);

    let log = capture.text();
    // The capture works: requests were logged with their routes and status.
    assert!(log.contains("route=/api/v1/auth/accept"), "{log}");
    assert!(log.contains("status=410"), "{log}");
    assert!(log.contains("user_id="), "{log}");
    let secrets = [
        admin_password,
        member_password,
        "wrong-Secret-Guess-3",
        &signup_token,
        &login_token,
        &member_token,
        &code,
        // The token bodies without the prefix, in case of partial logging.
        &signup_token["ilgi_".len()..],
        // Email addresses are personal data: logs carry user ids instead.
        "ayse@ornek.com",
        "can@ornek.com",
    ];
    for secret in secrets {
        assert!(!log.contains(secret), "'{secret}' is in the log:\n{log}");
    }
}
