//! `GET /api/v1/health`.

use axum::http::header;

use crate::support::spawn_app;

#[tokio::test]
async fn health_answers_ok_with_the_protocols_it_speaks() {
    let app = spawn_app();
    let answer = app.get("/api/v1/health", None).await;
    answer.expect(200);
    assert_eq!(
        answer.json(),
        serde_json::json!({"status": "ok", "protocols": [1]})
    );
    assert_eq!(
        answer.header(header::CONTENT_TYPE),
        Some("application/json")
    );
    assert_eq!(answer.header(header::CACHE_CONTROL), Some("no-store"));
}
