//! Sync over HTTP (`/api/v1/sync/push`, `/api/v1/sync/pull`), each test
//! run against SQLite and against a real PostgreSQL (`both!`).

use ilgi_core::model::{Entity, Id, Stamp};
use ilgi_core::sync::Mutation;
use ilgi_core::sync::hub::MemoryHub;
use ilgi_core::sync::protocol::{Change, PullResponse, PushMutation, PushRequest, Role};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Map, Value, json};

use crate::support::{Answer, Backend, PASSWORD, START, TestApp, spawn_app_on, spawn_app_on_with};

/// Emits `<name>_sqlite` and `<name>_postgres` tests of `async fn name(Backend)`.
macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(crate::support::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(crate::support::Backend::postgres()).await;
                }
            )*
        }
    };
}

both!(
    sync_needs_a_valid_token,
    a_viewer_pulls_but_cannot_push,
    the_same_record_id_in_two_workspaces_is_two_records,
    a_replay_changes_nothing_even_with_other_values,
    fields_merge_last_writer_wins_with_a_fixed_tie_break,
    a_delete_drops_personal_fields_and_beats_older_edits,
    pulls_come_in_pages_with_an_opaque_cursor,
    a_push_over_the_limits_is_refused,
    an_unknown_protocol_names_the_ones_spoken,
    bad_mutations_are_refused_naming_seq_and_field,
    two_devices_cannot_share_a_case_number_prefix,
    a_restart_keeps_records_and_high_water_marks,
    failed_logins_are_limited,
    the_server_answers_what_the_core_hub_answers,
);

fn client(n: u8) -> Id {
    Id::v7(START as u64, [n; 10])
}

fn record(n: u8) -> Id {
    Id::v7(START as u64 + 1, [n; 10])
}

fn stamp(millis_after_start: u64, node: u64) -> Stamp {
    Stamp {
        millis: START as u64 + millis_after_start,
        counter: 0,
        node,
    }
}

/// A customer mutation.
fn customer(seq: u64, id: Id, at: Stamp, fields: Value) -> Mutation {
    let Value::Object(fields) = fields else {
        panic!("fields must be an object")
    };
    Mutation {
        client_id: client(0),
        seq,
        entity: Entity::Customer,
        id,
        stamp: at,
        fields,
        stamps: Default::default(),
        deleted: false,
    }
}

fn push_body(client: Id, mutations: &[Mutation]) -> Value {
    serde_json::to_value(PushRequest {
        protocol: 1,
        client_id: client,
        mutations: mutations.iter().cloned().map(PushMutation::of).collect(),
    })
    .unwrap()
}

async fn push(app: &TestApp, token: &str, client: Id, mutations: &[Mutation]) -> Answer {
    app.post(
        "/api/v1/sync/push",
        Some(token),
        &push_body(client, mutations),
    )
    .await
}

/// Pushes; asserts 200 and returns `acked`.
async fn pushed(app: &TestApp, token: &str, client: Id, mutations: &[Mutation]) -> u64 {
    let answer = push(app, token, client, mutations).await;
    answer.expect(200);
    answer.json()["acked"].as_u64().expect("acked")
}

async fn pull_page(app: &TestApp, token: &str, cursor: &str, limit: usize) -> PullResponse {
    let answer = app
        .get(
            &format!("/api/v1/sync/pull?cursor={cursor}&limit={limit}"),
            Some(token),
        )
        .await;
    answer.expect(200);
    serde_json::from_slice(&answer.body).expect("a pull answer")
}

/// Every record of the workspace, by id.
async fn pull_all(app: &TestApp, token: &str) -> Vec<Change> {
    let mut cursor = String::new();
    let mut out: Vec<Change> = Vec::new();
    loop {
        let page = pull_page(app, token, &cursor, 7).await;
        for change in page.changes {
            out.retain(|c| (c.entity, c.id) != (change.entity, change.id));
            out.push(change);
        }
        cursor = page.cursor;
        if !page.more {
            break;
        }
    }
    out.sort_by_key(|c| (c.entity, c.id));
    out
}

async fn admin(app: &TestApp, workspace: &str, email: &str) -> String {
    app.signup(workspace, email).await.token
}

async fn sync_needs_a_valid_token(backend: Backend) {
    let app = spawn_app_on(backend);
    let m = customer(1, record(1), stamp(1, 1), json!({"first_name": "Ayşe"}));
    let body = push_body(client(1), &[m]);
    for token in [None, Some("ilgi_not-a-session"), Some("junk")] {
        let answer = app.post("/api/v1/sync/push", token, &body).await;
        answer.expect(401);
        assert_eq!(answer.code(), "unauthorized");
        app.get("/api/v1/sync/pull", token).await.expect(401);
    }
    let token = admin(&app, "Kaya Ltd", "ayse@ornek.com.tr").await;
    app.post("/api/v1/auth/logout", Some(&token), &json!({}))
        .await
        .expect(204);
    app.post("/api/v1/sync/push", Some(&token), &body)
        .await
        .expect(401);
    app.get("/api/v1/sync/pull", Some(&token)).await.expect(401);
}

async fn a_viewer_pulls_but_cannot_push(backend: Backend) {
    let app = spawn_app_on(backend);
    let admin = admin(&app, "Kaya Ltd", "ayse@ornek.com.tr").await;
    let m = customer(1, record(1), stamp(1, 1), json!({"first_name": "Ayşe"}));
    pushed(&app, &admin, client(1), std::slice::from_ref(&m)).await;
    let viewer = app.member(&admin, "can@ornek.com.tr", Role::Viewer).await;
    let refused = push(&app, &viewer, client(2), &[m]).await;
    refused.expect(403);
    assert_eq!(refused.code(), "forbidden");
    let all = pull_all(&app, &viewer).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].fields["first_name"], "Ayşe");
    let agent = app.member(&admin, "deniz@ornek.com.tr", Role::Agent).await;
    let edit = customer(1, record(1), stamp(2, 3), json!({"city": "Van"}));
    pushed(&app, &agent, client(3), &[edit]).await;
}

async fn the_same_record_id_in_two_workspaces_is_two_records(backend: Backend) {
    let app = spawn_app_on(backend);
    let a = admin(&app, "A", "a@ornek.com.tr").await;
    let b = admin(&app, "B", "b@ornek.com.tr").await;
    let id = record(1);
    pushed(
        &app,
        &a,
        client(1),
        &[customer(1, id, stamp(1, 1), json!({"first_name": "Ayşe"}))],
    )
    .await;
    // The same client and record ids in another workspace: a new client
    // (seq 1 is not a replay there) and a new record.
    pushed(
        &app,
        &b,
        client(1),
        &[customer(1, id, stamp(1, 1), json!({"first_name": "Işıl"}))],
    )
    .await;
    let seen_a = pull_all(&app, &a).await;
    let seen_b = pull_all(&app, &b).await;
    assert_eq!((seen_a.len(), seen_b.len()), (1, 1));
    assert_eq!(seen_a[0].fields["first_name"], "Ayşe");
    assert_eq!(seen_b[0].fields["first_name"], "Işıl");
}

async fn a_replay_changes_nothing_even_with_other_values(backend: Backend) {
    let app = spawn_app_on(backend);
    let token = admin(&app, "A", "a@ornek.com.tr").await;
    let first = customer(1, record(1), stamp(1, 1), json!({"city": "İzmir"}));
    assert_eq!(pushed(&app, &token, client(1), &[first]).await, 1);
    let page = pull_page(&app, &token, "", 100).await;
    // Seq 1 again, later stamp, other value: a replay.
    let replay = customer(1, record(1), stamp(50, 1), json!({"city": "Van"}));
    assert_eq!(pushed(&app, &token, client(1), &[replay]).await, 1);
    let after = pull_page(&app, &token, &page.cursor, 100).await;
    assert!(
        after.changes.is_empty(),
        "a replay wrote {:?}",
        after.changes
    );
    assert_eq!(pull_all(&app, &token).await[0].fields["city"], "İzmir");
    // A batch that overlaps what was applied applies only the new part.
    let overlap = [
        customer(1, record(1), stamp(60, 1), json!({"city": "Rize"})),
        customer(2, record(1), stamp(61, 1), json!({"first_name": "Ömer"})),
    ];
    assert_eq!(pushed(&app, &token, client(1), &overlap).await, 2);
    let now = &pull_all(&app, &token).await[0];
    assert_eq!(
        (
            now.fields["city"].as_str(),
            now.fields["first_name"].as_str()
        ),
        (Some("İzmir"), Some("Ömer"))
    );
}

async fn fields_merge_last_writer_wins_with_a_fixed_tie_break(backend: Backend) {
    let app = spawn_app_on(backend);
    let token = admin(&app, "A", "a@ornek.com.tr").await;
    let id = record(1);
    pushed(
        &app,
        &token,
        client(1),
        &[customer(
            1,
            id,
            stamp(10, 1),
            json!({"first_name": "Ayşe", "city": "İzmir"}),
        )],
    )
    .await;
    // An offline device's older city loses; its first name is newer and wins.
    pushed(
        &app,
        &token,
        client(2),
        &[
            customer(1, id, stamp(5, 2), json!({"city": "Van"})),
            customer(2, id, stamp(20, 2), json!({"first_name": "Işıl"})),
        ],
    )
    .await;
    // The same instant from two devices: the higher node wins, whatever
    // arrives first.
    pushed(
        &app,
        &token,
        client(3),
        &[customer(1, id, stamp(30, 9), json!({"tier": "gold"}))],
    )
    .await;
    pushed(
        &app,
        &token,
        client(4),
        &[customer(1, id, stamp(30, 4), json!({"tier": "silver"}))],
    )
    .await;
    let c = &pull_all(&app, &token).await[0];
    assert_eq!(c.fields["city"], "İzmir");
    assert_eq!(c.fields["first_name"], "Işıl");
    assert_eq!(c.fields["tier"], "gold");
    assert_eq!(c.stamps["first_name"], stamp(20, 2));
    assert_eq!(c.stamps["city"], stamp(10, 1));
}

async fn a_delete_drops_personal_fields_and_beats_older_edits(backend: Backend) {
    let app = spawn_app_on(backend);
    let token = admin(&app, "A", "a@ornek.com.tr").await;
    let id = record(1);
    pushed(
        &app,
        &token,
        client(1),
        &[customer(
            1,
            id,
            stamp(10, 1),
            json!({"first_name": "Ayşe", "emails": ["ayse@ornek.com.tr"]}),
        )],
    )
    .await;
    let mut delete = customer(2, id, stamp(20, 1), json!({}));
    delete.deleted = true;
    pushed(&app, &token, client(1), &[delete]).await;
    // An edit made before the delete, on a device that was offline.
    pushed(
        &app,
        &token,
        client(2),
        &[customer(
            1,
            id,
            stamp(15, 2),
            json!({"first_name": "Ayşe Nur", "phones": ["+905321234567"]}),
        )],
    )
    .await;
    // Even a later edit cannot bring the person back.
    pushed(
        &app,
        &token,
        client(2),
        &[customer(2, id, stamp(40, 2), json!({"last_name": "Kaya"}))],
    )
    .await;
    let c = &pull_all(&app, &token).await[0];
    assert!(c.deleted);
    for field in ["first_name", "last_name"] {
        assert_eq!(
            c.fields.get(field).and_then(Value::as_str).unwrap_or(""),
            "",
            "{field}: {c:?}"
        );
    }
    for set in ["emails", "phones"] {
        assert!(
            c.fields
                .get(set)
                .and_then(Value::as_array)
                .is_none_or(Vec::is_empty),
            "{set}: {c:?}"
        );
    }
}

async fn pulls_come_in_pages_with_an_opaque_cursor(backend: Backend) {
    let app = spawn_app_on(backend);
    let token = admin(&app, "A", "a@ornek.com.tr").await;
    let batch: Vec<Mutation> = (1..=25u8)
        .map(|n| {
            customer(
                u64::from(n),
                record(n),
                stamp(u64::from(n), 1),
                json!({"first_name": format!("Kişi {n}")}),
            )
        })
        .collect();
    assert_eq!(pushed(&app, &token, client(1), &batch).await, 25);
    let first = pull_page(&app, &token, "", 10).await;
    assert_eq!(
        (first.changes.len(), first.more, first.remaining),
        (10, true, 15)
    );
    let second = pull_page(&app, &token, &first.cursor, 10).await;
    assert_eq!(
        (second.changes.len(), second.more, second.remaining),
        (10, true, 5)
    );
    let third = pull_page(&app, &token, &second.cursor, 10).await;
    assert_eq!(
        (third.changes.len(), third.more, third.remaining),
        (5, false, 0)
    );
    let empty = pull_page(&app, &token, &third.cursor, 10).await;
    assert!(empty.changes.is_empty() && !empty.more);
    assert_eq!(empty.cursor, third.cursor);
    let mut names: Vec<String> = [first, second, third]
        .iter()
        .flat_map(|p| {
            p.changes
                .iter()
                .map(|c| c.fields["first_name"].as_str().unwrap().to_string())
        })
        .collect();
    names.dedup();
    assert_eq!(names.len(), 25);
    // An edit moves the record after the cursor.
    pushed(
        &app,
        &token,
        client(1),
        &[customer(
            26,
            record(3),
            stamp(100, 1),
            json!({"city": "Van"}),
        )],
    )
    .await;
    let moved = pull_page(&app, &token, &empty.cursor, 10).await;
    assert_eq!(moved.changes.len(), 1);
    assert_eq!(moved.changes[0].id, record(3));
    for bad in ["42", "YzEuNQ-", "%21%21"] {
        let answer = app
            .get(&format!("/api/v1/sync/pull?cursor={bad}"), Some(&token))
            .await;
        answer.expect(400);
        assert_eq!(answer.code(), "bad_cursor");
    }
    for limit in ["0", "2001", "many"] {
        app.get(&format!("/api/v1/sync/pull?limit={limit}"), Some(&token))
            .await
            .expect(400);
    }
}

async fn a_push_over_the_limits_is_refused(backend: Backend) {
    let app = spawn_app_on_with(backend, |config| config.body_limit = 64 * 1024);
    let token = admin(&app, "A", "a@ornek.com.tr").await;
    let big = customer(
        1,
        record(1),
        stamp(1, 1),
        json!({"notes": "x".repeat(100 * 1024)}),
    );
    let answer = push(&app, &token, client(1), &[big]).await;
    answer.expect(413);
    assert_eq!(answer.code(), "too_large");
    let many: Vec<Mutation> = (1..=1_001u64)
        .map(|n| customer(n, record(1), stamp(n, 1), json!({})))
        .collect();
    let app = spawn_app_on(app.backend.clone_fresh());
    let token = admin(&app, "A", "a@ornek.com.tr").await;
    let answer = push(&app, &token, client(1), &many).await;
    answer.expect(413);
    assert_eq!(answer.code(), "too_many_mutations");
    assert!(pull_all(&app, &token).await.is_empty());
}

async fn an_unknown_protocol_names_the_ones_spoken(backend: Backend) {
    let app = spawn_app_on(backend);
    let token = admin(&app, "A", "a@ornek.com.tr").await;
    let mut body = push_body(
        client(1),
        &[customer(
            1,
            record(1),
            stamp(1, 1),
            json!({"first_name": "Ayşe"}),
        )],
    );
    body["protocol"] = json!(2);
    let answer = app.post("/api/v1/sync/push", Some(&token), &body).await;
    answer.expect(400);
    assert_eq!(answer.code(), "unsupported_protocol");
    assert_eq!(
        answer.json()["error"]["message"],
        "protocol 2 is not supported; this server speaks protocol 1"
    );
    body.as_object_mut().unwrap().remove("protocol");
    let answer = app.post("/api/v1/sync/push", Some(&token), &body).await;
    answer.expect(400);
    assert_eq!(answer.code(), "unsupported_protocol");
}

async fn bad_mutations_are_refused_naming_seq_and_field(backend: Backend) {
    let app = spawn_app_on(backend);
    let token = admin(&app, "A", "a@ornek.com.tr").await;
    let good = customer(1, record(1), stamp(1, 1), json!({"first_name": "Ayşe"}));
    let bad_email = customer(
        2,
        record(2),
        stamp(2, 1),
        json!({"emails": ["ayse.ornek.com"]}),
    );
    let answer = push(&app, &token, client(1), &[good.clone(), bad_email]).await;
    answer.expect(422);
    let error = &answer.json()["error"];
    assert_eq!(
        (
            error["code"].as_str(),
            error["field"].as_str(),
            error["seq"].as_u64()
        ),
        (Some("invalid_value"), Some("emails"), Some(2))
    );
    assert!(
        pull_all(&app, &token).await.is_empty(),
        "a refused push stores nothing"
    );

    let mut body = push_body(client(1), std::slice::from_ref(&good));
    body["mutations"][0]["entity"] = json!("invoice");
    let answer = app.post("/api/v1/sync/push", Some(&token), &body).await;
    answer.expect(422);
    assert_eq!(answer.code(), "unknown_entity");
    assert!(
        answer.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("invoice")
    );

    let unknown_field = customer(1, record(1), stamp(1, 1), json!({"shoe_size": 42}));
    let answer = push(&app, &token, client(1), &[unknown_field]).await;
    answer.expect(422);
    assert_eq!(answer.json()["error"]["field"], "shoe_size");

    let future = customer(
        1,
        record(1),
        Stamp {
            millis: START as u64 + 120_000,
            counter: 0,
            node: 1,
        },
        json!({"first_name": "Ayşe"}),
    );
    let answer = push(&app, &token, client(1), &[future]).await;
    answer.expect(422);
    assert_eq!(answer.code(), "clock_ahead");

    let answer = push(
        &app,
        &token,
        client(1),
        &[
            customer(5, record(1), stamp(1, 1), json!({})),
            customer(4, record(2), stamp(1, 1), json!({})),
        ],
    )
    .await;
    answer.expect(422);
    assert_eq!(answer.code(), "seq_order");
    assert_eq!(
        pushed(&app, &token, client(1), &[good]).await,
        1,
        "the client can go on"
    );
}

async fn two_devices_cannot_share_a_case_number_prefix(backend: Backend) {
    let app = spawn_app_on(backend);
    let token = admin(&app, "A", "a@ornek.com.tr").await;
    let first = client(1);
    // Another id whose bytes 10..14 (the case prefix) are the same.
    let text = first.to_string();
    let last = if text.ends_with('0') { "1" } else { "0" };
    let twin: Id = format!("{}{last}", &text[..text.len() - 1])
        .parse()
        .unwrap();
    assert_ne!(twin, first);
    let m = customer(1, record(1), stamp(1, 1), json!({"first_name": "Ayşe"}));
    pushed(&app, &token, first, std::slice::from_ref(&m)).await;
    let answer = push(&app, &token, twin, &[m]).await;
    answer.expect(409);
    assert_eq!(answer.code(), "client_prefix_taken");
    // Another workspace may use it.
    let other = admin(&app, "B", "b@ornek.com.tr").await;
    pushed(
        &app,
        &other,
        twin,
        &[customer(1, record(1), stamp(1, 1), json!({}))],
    )
    .await;
}

async fn a_restart_keeps_records_and_high_water_marks(backend: Backend) {
    let app = spawn_app_on(backend);
    let token = admin(&app, "A", "a@ornek.com.tr").await;
    pushed(
        &app,
        &token,
        client(1),
        &[customer(
            1,
            record(1),
            stamp(1, 1),
            json!({"city": "İzmir"}),
        )],
    )
    .await;
    let before = pull_all(&app, &token).await;
    let again = app.restart();
    drop(app);
    assert_eq!(pull_all(&again, &token).await, before);
    assert_eq!(
        pushed(
            &again,
            &token,
            client(1),
            &[customer(1, record(1), stamp(9, 1), json!({"city": "Van"}))]
        )
        .await,
        1
    );
    assert_eq!(
        pull_all(&again, &token).await,
        before,
        "still a replay after the restart"
    );
}

async fn failed_logins_are_limited(backend: Backend) {
    let app = spawn_app_on(backend);
    app.signup("A", "ayse@ornek.com.tr").await;
    for _ in 0..10 {
        app.login("ayse@ornek.com.tr", "wrong password")
            .await
            .expect(401);
    }
    let locked = app.login("ayse@ornek.com.tr", PASSWORD).await;
    locked.expect(429);
    assert!(locked.header(axum::http::header::RETRY_AFTER).is_some());
}

/// Random pushes from three devices, with replays and overlapping
/// batches, go to the server and to core's `MemoryHub`: both end with the
/// same records.
async fn the_server_answers_what_the_core_hub_answers(backend: Backend) {
    for seed in 0..5u64 {
        let app = spawn_app_on(backend.clone_fresh());
        let token = admin(&app, "A", "a@ornek.com.tr").await;
        let mut hub = MemoryHub::new();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut made: Vec<Vec<Mutation>> = vec![Vec::new(); 3];
        for step in 0..60u64 {
            let d = rng.random_range(0..3usize);
            let mut fields = Map::new();
            match rng.random_range(0..4) {
                0 => fields.insert(
                    "first_name".into(),
                    json!(["Ayşe", "Işıl", "Ömer"][rng.random_range(0..3)]),
                ),
                1 => fields.insert(
                    "city".into(),
                    json!(["İzmir", "Van", "Iğdır"][rng.random_range(0..3)]),
                ),
                2 => {
                    let tag = format!("etiket{}", rng.random_range(0..3));
                    fields.insert(format!("tags/{tag}"), json!(tag))
                }
                _ => fields.insert(
                    "tier".into(),
                    json!(["gold", "silver"][rng.random_range(0..2)]),
                ),
            };
            let mut m = customer(
                made[d].len() as u64 + 1,
                record(rng.random_range(1..5)),
                stamp(step * 10 + rng.random_range(0..30), d as u64 + 1),
                Value::Object(fields),
            );
            m.client_id = client(d as u8 + 1);
            made[d].push(m);
            if rng.random_bool(0.4) {
                // Push a window of this device's mutations: new ones,
                // sometimes with old ones again (a retry).
                let all = &made[d];
                let from = if rng.random_bool(0.3) {
                    rng.random_range(0..all.len())
                } else {
                    all.len() - 1
                };
                let window = &all[from..];
                let expected = hub
                    .push(client(d as u8 + 1), window, START as u64 + 10_000)
                    .unwrap();
                assert_eq!(
                    pushed(&app, &token, client(d as u8 + 1), window).await,
                    expected,
                    "seed {seed}"
                );
            }
        }
        let mut server = pull_all(&app, &token).await;
        let mut reference: Vec<Change> = hub.records().cloned().collect();
        reference.sort_by_key(|c| (c.entity, c.id));
        server.sort_by_key(|c| (c.entity, c.id));
        assert_eq!(server, reference, "seed {seed}");
    }
}

impl Backend {
    /// A new database of the same kind (a new schema on PostgreSQL).
    fn clone_fresh(&self) -> Backend {
        match self {
            Backend::Sqlite => Backend::Sqlite,
            Backend::Postgres(_) => Backend::postgres(),
        }
    }
}
