//! Browser tests of the IndexedDB layer (`src/storage/`) in headless
//! Chromium: the write path and outbox, bulk writes, paged reads, the
//! migration from an older schema, and failures that reach the caller.
#![cfg(target_arch = "wasm32")]

use ilgi::storage::db::new_id;
use ilgi::storage::{Db, ErrorKind, idb, schema};
use ilgi_core::model::{
    Batch, Currency, Customer, Direction, Email, Id, Interaction, InteractionKind, Money, Purchase,
    Record, SalesChannel, Stamp, Tier,
};
use ilgi_core::segment::{Condition, Field, Node, Op, SavedSegment, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh, empty database with a name of its own.
async fn fresh(name: &str) -> Db {
    idb::delete_database(name)
        .await
        .expect("delete old test db");
    Db::open_named(name).await.expect("open")
}

fn customer(first: &str, last: &str) -> Customer {
    let mut c = Customer::new(new_id(), first, last);
    c.emails
        .push(Email::parse(&format!("{}@ornek.com", first.to_lowercase())).expect("email"));
    c.city = Some("İzmir".into());
    c.tier = Tier::Gold;
    c
}

fn purchase(customer: Id, day: u32, minor: i64) -> Purchase {
    Purchase {
        id: new_id(),
        customer_id: customer,
        external_id: None,
        date: chrono::NaiveDate::from_ymd_opt(2025, 1, day).expect("date"),
        amount: Money::from_minor(minor),
        currency: Currency::TRY,
        sku: "IPH15".into(),
        product: "iPhone 15".into(),
        category: "phone".into(),
        channel: SalesChannel::Store,
        updated_at: 0,
        version: Stamp::default(),
        deleted: false,
    }
}

#[wasm_bindgen_test]
async fn create_read_update_delete_go_through_the_outbox() {
    let db = fresh("test-crud").await;
    let ayse = customer("Ayşe", "Yılmaz");
    let mut batch = Batch::new();
    batch.put(Record::Customer(ayse.clone()));
    batch.put(Record::Purchase(purchase(ayse.id, 3, 12_500)));
    batch.put(Record::Interaction(Interaction {
        id: new_id(),
        customer_id: ayse.id,
        kind: InteractionKind::Call,
        direction: Direction::Inbound,
        at: 1_700_000_000_000,
        text: "3G çekmiyor".into(),
        updated_at: 0,
        version: Stamp::default(),
        deleted: false,
    }));
    let first = db.apply(batch).await.expect("create");
    assert_eq!(first.changes.changes.len(), 3);
    assert_eq!(first.records.len(), 3);

    let stored = db.customer(ayse.id).await.expect("read").expect("present");
    assert_eq!(stored.full_name(), "Ayşe Yılmaz");
    assert!(stored.created_at > 0 && stored.version > Stamp::default());
    assert_eq!(db.purchases_of(ayse.id).await.expect("purchases").len(), 1);
    assert_eq!(
        db.interactions_of(ayse.id).await.expect("timeline")[0].text,
        "3G çekmiyor"
    );
    let by_email = db
        .customers_by_key("em", "ayşe@ornek.com")
        .await
        .expect("by email");
    assert_eq!(by_email.len(), 1);

    let mut edited = stored.clone();
    edited.city = Some("Ankara".into());
    let mut batch = Batch::new();
    batch.put(Record::Customer(edited));
    db.apply(batch).await.expect("update");
    let updated = db.customer(ayse.id).await.expect("read").expect("present");
    assert_eq!(updated.city.as_deref(), Some("Ankara"));
    assert!(updated.version > stored.version);
    assert_eq!(updated.created_at, stored.created_at);

    let mut batch = Batch::new();
    batch.delete(Record::Customer(updated));
    db.apply(batch).await.expect("delete");
    assert_eq!(db.customer(ayse.id).await.expect("read"), None);
    assert!(
        db.customers_by_key("em", "ayşe@ornek.com")
            .await
            .expect("by email")
            .is_empty()
    );
    let counts = db.counts().await.expect("counts");
    assert_eq!(
        (counts.customers, counts.purchases, counts.outbox),
        (0, 1, 3)
    );
    let outbox = db.outbox().await.expect("outbox");
    assert!(outbox[2].changes[0].deleted);
    assert!(outbox[0].version < outbox[1].version && outbox[1].version < outbox[2].version);
    db.close();
}

#[wasm_bindgen_test]
async fn bulk_writes_land_together_and_read_back_in_pages() {
    let db = fresh("test-bulk").await;
    let mut bulk = db.begin_bulk().expect("bulk");
    let mut ids = Vec::new();
    for chunk in 0..5 {
        let mut batch = Batch::new();
        for i in 0..1_000 {
            let c = customer(&format!("Müşteri{chunk}x{i}"), "Öztürk");
            ids.push(c.id);
            batch.put(Record::Customer(c));
        }
        bulk.write(batch).await.expect("write chunk");
    }
    assert_eq!(bulk.written(), 5_000);
    bulk.commit().await.expect("commit");

    let mut pages = Vec::new();
    let all = db.all_customers(|n| pages.push(n)).await.expect("read all");
    assert_eq!(all.len(), 5_000);
    assert_eq!(pages, vec![2_000, 4_000, 5_000]);
    let first = db.customers_by_name(None, 50).await.expect("first page");
    assert_eq!(first.len(), 50);
    let next = db
        .customers_by_name(Some(&first[49].sort_key()), 50)
        .await
        .expect("second page");
    assert!(first[49].sort_key() < next[0].sort_key());
    assert_eq!(db.outbox().await.expect("outbox").len(), 5);
    db.close();
}

#[wasm_bindgen_test]
async fn an_aborted_bulk_write_leaves_nothing_behind() {
    let db = fresh("test-abort").await;
    let mut bulk = db.begin_bulk().expect("bulk");
    let mut batch = Batch::new();
    batch.put(Record::Customer(customer("Can", "Demir")));
    bulk.write(batch).await.expect("write");
    bulk.abort().await;
    let counts = db.counts().await.expect("counts");
    assert_eq!((counts.customers, counts.outbox), (0, 0));
    db.close();
}

#[wasm_bindgen_test]
async fn a_failing_write_reports_why_and_writes_nothing() {
    let db = fresh("test-fail").await;
    let mut a = customer("Ali", "Veli");
    a.external_id = Some("M-1".into());
    let mut b = customer("Veli", "Ali");
    b.external_id = Some("M-1".into());
    let mut batch = Batch::new();
    batch.put(Record::Customer(a));
    batch.put(Record::Customer(b));
    let err = db
        .apply(batch)
        .await
        .expect_err("duplicate external id must fail");
    assert_eq!(err.kind, ErrorKind::Constraint);
    assert!(!err.detail.is_empty());
    assert_eq!(db.counts().await.expect("counts").customers, 0);

    db.close();
    let mut batch = Batch::new();
    batch.put(Record::Customer(customer("Can", "Kaya")));
    let err = db
        .apply(batch)
        .await
        .expect_err("closed connection must fail");
    assert_eq!(err.kind, ErrorKind::Closed);
}

#[wasm_bindgen_test]
async fn a_version_1_database_is_migrated_with_its_data() {
    let name = "test-migrate";
    idb::delete_database(name).await.expect("delete");
    // Build the database as schema version 1 wrote it, with one customer.
    let old = idb::open(
        name,
        1,
        Box::new(|db, tx, old| schema::upgrade_to(db, tx, old, 1)),
        || {},
    )
    .await
    .expect("open v1");
    let c = customer("Işıl", "Çelik");
    let doc = serde_json::json!({
        "id": c.id.to_string(),
        "sk": c.sort_key(),
        "em": ["ışıl@ornek.com"],
        "tier": "gold",
        "up": Stamp::default().to_string(),
        "c": c,
    });
    let tx = old
        .transaction_with_str_and_mode(schema::CUSTOMERS, web_sys::IdbTransactionMode::Readwrite)
        .expect("tx");
    let value = js_sys::JSON::parse(&doc.to_string()).expect("json");
    idb::request(
        &tx.object_store(schema::CUSTOMERS)
            .expect("store")
            .put(&value)
            .expect("put"),
    )
    .await
    .expect("put v1 doc");
    old.close();

    let db = Db::open_named(name).await.expect("open latest");
    let found = db
        .customers_by_key("cf", "izmir")
        .await
        .expect("city index");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].full_name(), "Işıl Çelik");
    db.close();
    let raw = idb::open(name, schema::latest(), Box::new(|_, _, _| Ok(())), || {})
        .await
        .expect("reopen");
    assert_eq!(raw.version() as u32, schema::latest());
    let names = raw.object_store_names();
    assert!(names.contains(schema::OUTBOX));
    let _ = raw.unchecked_ref::<web_sys::IdbDatabase>();
    raw.close();
}

#[wasm_bindgen_test]
async fn a_version_2_database_gets_the_segments_store_and_keeps_its_data() {
    let name = "test-migrate-v3";
    idb::delete_database(name).await.expect("delete");
    // A database as schema version 2 left it, with one customer written
    // through the write path of that time (same customer document shape).
    let old = idb::open(
        name,
        2,
        Box::new(|db, tx, old| schema::upgrade_to(db, tx, old, 2)),
        || {},
    )
    .await
    .expect("open v2");
    assert!(!old.object_store_names().contains(schema::SEGMENTS));
    let c = customer("Ümit", "Işık");
    let doc = serde_json::json!({
        "id": c.id.to_string(),
        "sk": c.sort_key(),
        "cf": "izmir",
        "tier": "gold",
        "up": Stamp::default().to_string(),
        "c": c,
    });
    let tx = old
        .transaction_with_str_and_mode(schema::CUSTOMERS, web_sys::IdbTransactionMode::Readwrite)
        .expect("tx");
    let value = js_sys::JSON::parse(&doc.to_string()).expect("json");
    idb::request(
        &tx.object_store(schema::CUSTOMERS)
            .expect("store")
            .put(&value)
            .expect("put"),
    )
    .await
    .expect("put v2 doc");
    old.close();

    let db = Db::open_named(name).await.expect("open latest");
    assert_eq!(
        db.customer(c.id).await.expect("read").map(|c| c.id),
        Some(c.id)
    );
    assert!(db.segments().await.expect("segments").is_empty());

    // Saved segments go through the outbox like every record.
    let mut vip = SavedSegment::new(new_id(), "VIP İzmir");
    vip.rule.items.push(Node::Condition(Condition {
        field: Field::City,
        op: Op::Is,
        value: Value::Text("izmir".into()),
    }));
    let mut batch = Batch::new();
    batch.put(Record::Segment(vip.clone()));
    batch.put(Record::Segment(SavedSegment::new(new_id(), "Ağrı")));
    db.apply(batch).await.expect("save segments");
    let outbox = db.outbox().await.expect("outbox");
    assert_eq!(outbox.len(), 1);
    assert!(
        outbox[0]
            .changes
            .iter()
            .all(|c| c.entity == ilgi_core::model::Entity::Segment)
    );
    db.close();

    let db = Db::open_named(name).await.expect("reopen");
    let saved = db.segments().await.expect("segments");
    // Turkish order: "Ağrı" before "VIP İzmir".
    assert_eq!(
        saved.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["Ağrı", "VIP İzmir"]
    );
    assert_eq!(saved[1].rule, vip.rule);
    let mut batch = Batch::new();
    batch.delete(Record::Segment(saved[1].clone()));
    db.apply(batch).await.expect("delete segment");
    assert!(db.segment(vip.id).await.expect("read").is_none());
    assert_eq!(db.segments().await.expect("segments").len(), 1);
    db.close();
}
