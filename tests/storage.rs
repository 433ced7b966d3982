//! Browser tests of the IndexedDB layer (`src/storage/`) in headless
//! Chromium: the write path and outbox, bulk writes, paged reads, the
//! migration from an older schema, and failures that reach the caller.
#![cfg(target_arch = "wasm32")]

use ilgi::storage::db::{new_id, now_millis};
use ilgi::storage::{Db, ErrorKind, idb, schema};
use ilgi_core::model::{
    Batch, Consent, ConsentChannel, Currency, Customer, Direction, Email, Entity, Id, Interaction,
    InteractionKind, Money, Purchase, Record, SalesChannel, Stamp, Tier,
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
        stamps: Default::default(),
        deleted: false,
    }
}

/// Creates database `name` as schema version `version` left it, with
/// `docs` (store, document) stored the way that version wrote them; a
/// store named `meta:<key>` puts the document under `<key>` in `meta`.
async fn old_database(name: &str, version: u32, docs: &[(&str, serde_json::Value)]) {
    idb::delete_database(name).await.expect("delete");
    let old = idb::open(
        name,
        version,
        Box::new(move |db, tx, old| schema::upgrade_to(db, tx, old, version)),
        || {},
    )
    .await
    .expect("open old version");
    if docs.is_empty() {
        old.close();
        return;
    }
    let names = js_sys::Array::new();
    let mut stores: Vec<&str> = docs
        .iter()
        .map(|(store, _)| {
            if store.starts_with("meta:") {
                schema::META
            } else {
                *store
            }
        })
        .collect();
    stores.sort_unstable();
    stores.dedup();
    for store in stores {
        names.push(&store.into());
    }
    let tx = old
        .transaction_with_str_sequence_and_mode(&names, web_sys::IdbTransactionMode::Readwrite)
        .expect("tx");
    let mut last = None;
    for (store, doc) in docs {
        let value = js_sys::JSON::parse(&doc.to_string()).expect("json");
        last = Some(match store.strip_prefix("meta:") {
            Some(key) => tx
                .object_store(schema::META)
                .expect("meta")
                .put_with_key(&value, &key.into())
                .expect("put meta"),
            None => tx
                .object_store(store)
                .expect("store")
                .put(&value)
                .expect("put"),
        });
    }
    if let Some(last) = last {
        idb::request(&last).await.expect("put old docs");
    }
    old.close();
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
        stamps: Default::default(),
        deleted: false,
    }));
    let first = db.apply(batch).await.expect("create");
    assert_eq!(first.mutations.len(), 3);
    assert_eq!(first.records.len(), 3);

    let stored = db.customer(ayse.id).await.expect("read").expect("present");
    assert_eq!(stored.full_name(), "Ayşe Yılmaz");
    assert!(stored.created_at > 0 && stored.version > Stamp::default());
    assert_eq!(db.purchases_of(ayse.id).await.expect("purchases").len(), 1);
    assert_eq!(
        db.interactions_of(ayse.id).await.expect("timeline")[0].text,
        "3G çekmiyor"
    );
    let mut with_ext = stored.clone();
    with_ext.external_id = Some("M-7".into());
    let mut batch = Batch::new();
    batch.update(Record::Customer(stored.clone()), Record::Customer(with_ext));
    db.apply(batch).await.expect("external id");
    let stored = db.customer(ayse.id).await.expect("read").expect("present");
    let by_ext = db.customers_by_key("ext", "M-7").await.expect("by ext");
    assert_eq!(by_ext.len(), 1);

    let mut edited = stored.clone();
    edited.city = Some("Ankara".into());
    let mut batch = Batch::new();
    batch.update(Record::Customer(stored.clone()), Record::Customer(edited));
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
        db.customers_by_key("ext", "M-7")
            .await
            .expect("by ext")
            .is_empty()
    );
    let counts = db.counts().await.expect("counts");
    assert_eq!(
        (counts.customers, counts.purchases, counts.pending),
        (0, 1, 6)
    );
    let outbox = db.outbox().await.expect("outbox");
    let seqs: Vec<u64> = outbox.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5, 6]);
    let client = db.client_id().await.expect("client id");
    assert!(outbox.iter().all(|m| m.client_id == client));
    // The edit sends only the city; the delete sends no personal data.
    assert_eq!(outbox[3].fields.keys().collect::<Vec<_>>(), ["external_id"]);
    let edit = &outbox[4];
    assert_eq!(edit.fields.keys().collect::<Vec<_>>(), ["city"]);
    assert!(outbox[5].deleted && outbox[5].fields.is_empty());
    assert!(outbox[4].stamp < outbox[5].stamp);
    db.close();
}

#[wasm_bindgen_test]
async fn bulk_writes_land_together_and_read_back_in_pages() {
    let db = fresh("test-bulk").await;
    let mut bulk = db.begin_bulk().await.expect("bulk");
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
    // On the page's thread the pages are small (each is one task).
    let step = ilgi::storage::db::UI_READ_PAGE as usize;
    assert_eq!(step, 250);
    assert_eq!(pages, (1..=20).map(|i| i * step).collect::<Vec<_>>());
    let first = db.customers_by_name(None, 50).await.expect("first page");
    assert_eq!(first.len(), 50);
    let next = db
        .customers_by_name(Some(&first[49].sort_key()), 50)
        .await
        .expect("second page");
    assert!(first[49].sort_key() < next[0].sort_key());
    assert_eq!(db.pending_count().await.expect("pending"), 5_000);
    let outbox = db.outbox().await.expect("outbox");
    assert_eq!(outbox.len(), 5_000);
    // A new record's outbox entry is the record itself.
    assert_eq!(outbox[0].id, ids[0]);
    assert_eq!(outbox[0].fields["last_name"], "Öztürk");
    db.close();
}

#[wasm_bindgen_test]
async fn an_aborted_bulk_write_leaves_nothing_behind() {
    let db = fresh("test-abort").await;
    let mut bulk = db.begin_bulk().await.expect("bulk");
    let mut batch = Batch::new();
    batch.put(Record::Customer(customer("Can", "Demir")));
    bulk.write(batch).await.expect("write");
    bulk.abort().await;
    let counts = db.counts().await.expect("counts");
    assert_eq!((counts.customers, counts.pending), (0, 0));
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
    // Build the database as schema version 1 wrote it, with one customer.
    let c = customer("Işıl", "Çelik");
    let doc = serde_json::json!({
        "id": c.id.to_string(),
        "sk": c.sort_key(),
        "em": ["ışıl@ornek.com"],
        "tier": "gold",
        "up": Stamp::default().to_string(),
        "c": c,
    });
    old_database(name, 1, &[(schema::CUSTOMERS, doc)]).await;

    let db = Db::open_named(name).await.expect("open latest");
    let found = db.customers_by_name(None, 10).await.expect("name index");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].full_name(), "Işıl Çelik");
    db.close();
    let raw = idb::open(name, schema::latest(), Box::new(|_, _, _| Ok(())), || {})
        .await
        .expect("reopen");
    assert_eq!(raw.version() as u32, schema::latest());
    let names = raw.object_store_names();
    assert!(names.contains(schema::PENDING) && !names.contains(schema::OUTBOX));
    let _ = raw.unchecked_ref::<web_sys::IdbDatabase>();
    raw.close();
}

#[wasm_bindgen_test]
async fn a_version_2_database_gets_the_segments_store_and_keeps_its_data() {
    let name = "test-migrate-v3";
    // A database as schema version 2 left it, with one customer written
    // through the write path of that time (same customer document shape).
    let c = customer("Ümit", "Işık");
    let doc = serde_json::json!({
        "id": c.id.to_string(),
        "sk": c.sort_key(),
        "cf": "izmir",
        "tier": "gold",
        "up": Stamp::default().to_string(),
        "c": c,
    });
    old_database(name, 2, &[(schema::CUSTOMERS, doc)]).await;

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
    assert_eq!(outbox.len(), 2);
    assert!(
        outbox
            .iter()
            .all(|m| m.entity == ilgi_core::model::Entity::Segment)
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

fn remote_mutation(
    id: Id,
    seq: u64,
    stamp: Stamp,
    fields: serde_json::Value,
) -> ilgi_core::sync::Mutation {
    ilgi_core::sync::Mutation {
        client_id: Id::v7(1, [77; 10]),
        seq,
        entity: ilgi_core::model::Entity::Customer,
        id,
        stamp,
        fields: match fields {
            serde_json::Value::Object(map) => map,
            _ => serde_json::Map::new(),
        },
        stamps: Default::default(),
        deleted: false,
    }
}

fn stamp_at(millis: i64, node: u64) -> Stamp {
    Stamp {
        millis: millis.max(0) as u64,
        counter: 0,
        node,
    }
}

#[wasm_bindgen_test]
async fn remote_changes_keep_their_stamps_and_write_no_outbox_entry() {
    let db = fresh("test-remote").await;
    let now = ilgi::storage::db::now_millis();
    let id = new_id();
    let created = stamp_at(now - 5_000, 77);
    let first = remote_mutation(
        id,
        1,
        created,
        serde_json::json!({"first_name": "Zeynep", "last_name": "Ak", "city": "Van", "created_at": 1}),
    );
    db.apply_remote(&[first]).await.expect("apply remote");
    let stored = db.customer(id).await.expect("read").expect("present");
    assert_eq!(stored.full_name(), "Zeynep Ak");
    assert_eq!(stored.version, created);
    assert_eq!(db.pending_count().await.expect("pending"), 0);
    assert!(db.outbox().await.expect("outbox").is_empty());

    // An older remote edit of the city loses to what is stored; a newer
    // one of another field wins; both keep their own stamps.
    let older = remote_mutation(
        id,
        2,
        stamp_at(now - 9_000, 78),
        serde_json::json!({"city": "Muş"}),
    );
    let newer = remote_mutation(
        id,
        3,
        stamp_at(now - 1_000, 78),
        serde_json::json!({"last_name": "Akın"}),
    );
    db.apply_remote(&[older, newer.clone()])
        .await
        .expect("apply remote");
    let stored = db.customer(id).await.expect("read").expect("present");
    assert_eq!(
        (stored.city.as_deref(), stored.last_name.as_str()),
        (Some("Van"), "Akın")
    );
    assert_eq!(stored.version, newer.stamp);
    // A replay changes nothing.
    db.apply_remote(&[newer]).await.expect("replay");
    assert_eq!(
        db.customer(id).await.expect("read").expect("present"),
        stored
    );

    // A local edit afterwards is stamped after every stamp observed.
    let mut edited = stored.clone();
    edited.tier = Tier::Platinum;
    let mut batch = Batch::new();
    batch.update(Record::Customer(stored.clone()), Record::Customer(edited));
    let written = db.apply(batch).await.expect("local edit");
    assert!(written.mutations[0].stamp > stored.version);
    assert_eq!(db.pending_count().await.expect("pending"), 1);

    // A stamp far in the future is refused, with nothing written.
    let future = remote_mutation(
        id,
        4,
        stamp_at(now + 10 * 60_000, 79),
        serde_json::json!({"city": "Kars"}),
    );
    let err = db.apply_remote(&[future]).await.expect_err("drift");
    assert_eq!(err.kind, ErrorKind::Drift);
    assert_eq!(
        db.customer(id)
            .await
            .expect("read")
            .expect("present")
            .city
            .as_deref(),
        Some("Van")
    );
    // An invalid value is refused naming the field.
    let bad = remote_mutation(
        id,
        5,
        stamp_at(now, 79),
        serde_json::json!({"emails": ["not an email"]}),
    );
    let err = db.apply_remote(&[bad]).await.expect_err("invalid email");
    assert_eq!(err.kind, ErrorKind::Data);
    assert!(err.detail.contains("email"), "{}", err.detail);
    db.close();
}

#[wasm_bindgen_test]
async fn acknowledged_mutations_leave_and_unsent_edits_of_a_record_compact() {
    let db = fresh("test-ack").await;
    let ali = customer("Ali", "Veli");
    let mut batch = Batch::new();
    batch.put(Record::Customer(ali.clone()));
    db.apply(batch).await.expect("create");
    let mut current = db.customer(ali.id).await.expect("read").expect("present");
    for city in ["Ankara", "Bursa", "Çorum"] {
        let mut edited = current.clone();
        edited.city = Some(city.into());
        let mut batch = Batch::new();
        batch.update(Record::Customer(current.clone()), Record::Customer(edited));
        db.apply(batch).await.expect("edit");
        current = db.customer(ali.id).await.expect("read").expect("present");
    }
    let veli = customer("Veli", "Kaya");
    let mut batch = Batch::new();
    batch.put(Record::Customer(veli.clone()));
    db.apply(batch).await.expect("create");
    assert_eq!(db.pending_count().await.expect("pending"), 5);

    // Pushed and confirmed up to 1 (Ali's creation): the edits stay.
    assert_eq!(db.ack(1).await.expect("ack"), 1);
    assert_eq!(db.pending_count().await.expect("pending"), 4);
    let outbox = db.outbox().await.expect("outbox");
    assert_eq!(
        outbox.iter().map(|m| m.seq).collect::<Vec<_>>(),
        [2, 3, 4, 5]
    );
    // The three edits of Ali compact into one with the last number.
    assert_eq!(db.compact_outbox().await.expect("compact"), 2);
    let outbox = db.outbox().await.expect("outbox");
    assert_eq!(outbox.iter().map(|m| m.seq).collect::<Vec<_>>(), [4, 5]);
    assert_eq!(outbox[0].fields["city"], "Çorum");
    assert_eq!(db.pending_count().await.expect("pending"), 2);
    // Acknowledging everything empties it; a late duplicate ack is harmless.
    assert_eq!(db.ack(5).await.expect("ack"), 2);
    assert_eq!(db.ack(5).await.expect("ack again"), 0);
    assert!(db.outbox().await.expect("outbox").is_empty());
    assert_eq!(db.pending_count().await.expect("pending"), 0);
    db.close();
}

#[wasm_bindgen_test]
async fn a_version_3_database_is_migrated_with_its_data_and_outbox() {
    let name = "test-migrate-v4";
    // A customer and a purchase as the v3 write path stored them, and
    // the v3 outbox entry that named them.
    let c = customer("Şule", "Güneş");
    let p = purchase(c.id, 4, 99_900);
    let version = "000001700000000-0000000000-00000000000000aa";
    let doc = serde_json::json!({
        "id": c.id.to_string(), "sk": c.sort_key(), "cf": "izmir", "tier": "gold",
        "em": ["şule@ornek.com"], "up": version,
        "c": serde_json::json!({
            "id": c.id, "first_name": "Şule", "last_name": "Güneş",
            "emails": ["şule@ornek.com"], "city": "İzmir", "tier": "gold",
            "created_at": 1_700_000_000_000i64, "updated_at": 1_700_000_000_000i64,
            "version": version,
        }),
    });
    let mut pdoc = serde_json::to_value(&p).expect("purchase json");
    pdoc["version"] = version.into();
    let set = serde_json::json!({
        "version": version, "at": 1_700_000_000_000i64,
        "changes": [
            {"entity": "customer", "id": c.id, "version": version, "deleted": false},
            {"entity": "purchase", "id": p.id, "version": version, "deleted": false},
        ],
    });
    old_database(
        name,
        3,
        &[
            (schema::CUSTOMERS, doc),
            (schema::PURCHASES, pdoc),
            (schema::OUTBOX, set),
        ],
    )
    .await;

    let db = Db::open_named(name).await.expect("open v4");
    let stored = db.customer(c.id).await.expect("read").expect("kept");
    assert_eq!(stored.full_name(), "Şule Güneş");
    assert_eq!(stored.version.to_string(), version);
    assert_eq!(db.purchases_of(c.id).await.expect("purchases").len(), 1);
    // The v3 outbox entry became two numbered references.
    assert_eq!(db.pending_count().await.expect("pending"), 2);
    let outbox = db.outbox().await.expect("outbox");
    assert_eq!(outbox.iter().map(|m| m.seq).collect::<Vec<_>>(), [1, 2]);
    assert!(
        outbox
            .iter()
            .any(|m| m.id == c.id && m.fields["first_name"] == "Şule")
    );
    // Every field of a v3 record carries its version as its stamp, so a
    // per-field edit and a remote merge work on old records too.
    let mut edited = stored.clone();
    edited.city = Some("Van".into());
    let mut batch = Batch::new();
    batch.update(Record::Customer(stored.clone()), Record::Customer(edited));
    let written = db.apply(batch).await.expect("edit");
    assert_eq!(written.mutations[0].seq, 3);
    let after = db.customer(c.id).await.expect("read").expect("present");
    assert_eq!(
        after.stamps.paths.get("city"),
        Some(&written.mutations[0].stamp)
    );
    db.close();
}

#[wasm_bindgen_test]
async fn a_second_connection_sees_writes_and_a_stale_edit_merges_or_is_refused() {
    let name = "test-two-tabs";
    let a = fresh(name).await;
    let b = Db::open_named(name).await.expect("second connection");
    let heard = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let sink = heard.clone();
    let _listener = b.listen_to_other_tabs(move |what| sink.borrow_mut().push(what));
    let ayse = customer("Ayşe", "Yılmaz");
    let mut batch = Batch::new();
    batch.put(Record::Customer(ayse.clone()));
    a.apply(batch).await.expect("create in A");
    let in_b = b
        .customer(ayse.id)
        .await
        .expect("read in B")
        .expect("visible");
    assert_eq!(in_b.full_name(), "Ayşe Yılmaz");

    // Both start from the same copy; A changes the city, B the tier.
    let base = in_b.clone();
    let mut from_a = base.clone();
    from_a.city = Some("Ankara".into());
    let mut batch = Batch::new();
    batch.update(Record::Customer(base.clone()), Record::Customer(from_a));
    a.apply(batch).await.expect("A saves");
    let mut from_b = base.clone();
    from_b.tier = Tier::Platinum;
    let mut batch = Batch::new();
    batch.update(Record::Customer(base.clone()), Record::Customer(from_b));
    b.apply(batch).await.expect("B saves a different field");
    let merged = a.customer(ayse.id).await.expect("read").expect("present");
    assert_eq!(
        (merged.city.as_deref(), merged.tier),
        (Some("Ankara"), Tier::Platinum)
    );

    // The same field changed on a stale copy: refused, nothing written.
    let mut stale = base.clone();
    stale.city = Some("Bursa".into());
    let mut batch = Batch::new();
    batch.update(Record::Customer(base), Record::Customer(stale));
    let err = b.apply(batch).await.expect_err("conflict");
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(err.detail, "city");
    assert_eq!(
        a.customer(ayse.id)
            .await
            .expect("read")
            .expect("present")
            .city
            .as_deref(),
        Some("Ankara")
    );
    // Stamps made by the two sessions never collide, and B heard A.
    assert_ne!(
        merged.stamps.paths.get("city").map(|s| s.node),
        merged.stamps.paths.get("tier").map(|s| s.node)
    );
    for _ in 0..50 {
        if heard.borrow().len() >= 2 {
            break;
        }
        pause(20).await;
    }
    let heard = heard.borrow();
    assert!(
        heard.iter().any(|h| h.customers.contains(&ayse.id)),
        "{heard:?}"
    );
    a.close();
    b.close();
}

async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
async fn a_version_5_database_moves_purchases_and_timeline_into_blocks() {
    let name = "test-migrate-v6";
    // Two customers' purchases and a note, one purchase deleted, stored
    // one record each as v5 did; the outbox names one purchase without
    // its customer (as v4 and v5 wrote references).
    let (a, b) = (customer("Ada", "Kurt"), customer("Berk", "Tan"));
    let mut docs = Vec::new();
    for (who, day, minor) in [(a.id, 1, 100), (b.id, 2, 200), (a.id, 3, 300)] {
        docs.push(serde_json::to_value(purchase(who, day, minor)).expect("json"));
    }
    docs[2]["deleted"] = true.into();
    let note = serde_json::json!({
        "id": new_id(), "customer_id": a.id, "kind": "note", "direction": "internal",
        "at": 5, "text": "aradı", "updated_at": 5,
        "version": "000001700000000-0000000000-00000000000000aa",
    });
    let named = docs[1]["id"].clone();
    let row = serde_json::json!({"s": 1, "e": 1, "c": [{"q": 1, "e": "purchase", "i": named}]});
    let mut old: Vec<(&str, serde_json::Value)> = docs
        .into_iter()
        .map(|doc| (schema::PURCHASES, doc))
        .collect();
    old.push((schema::INTERACTIONS, note));
    old.push((schema::PENDING, row));
    // The sequence that numbered that reference has moved past it.
    old.push((
        "meta:sequence",
        serde_json::json!({"client_id": new_id(), "next": 2}),
    ));
    // Customer a also has a consent decision inside their document: v7
    // moves it into the timeline document that v6 writes in the same
    // upgrade, after v6 (the steps run one after another).
    old.push((
        schema::CUSTOMERS,
        serde_json::json!({
            "id": a.id.to_string(), "sk": a.sort_key(),
            "c": {
                "id": a.id, "first_name": "Ada", "last_name": "Kurt",
                "consents": [{"channel": "email", "granted": true, "at": 7, "source": "web"}],
                "created_at": 1, "updated_at": 1,
                "version": "000001700000000-0000000000-00000000000000aa",
            },
        }),
    ));
    old_database(name, 5, &old).await;

    let db = Db::open_named(name).await.expect("open v6");
    let of_a = db.purchases_of(a.id).await.expect("purchases of a");
    assert_eq!(of_a.len(), 1, "the deleted one stays a tombstone: {of_a:?}");
    assert_eq!(of_a[0].amount.minor(), 100);
    assert_eq!(db.purchases_of(b.id).await.expect("of b").len(), 1);
    assert_eq!(
        db.interactions_of(a.id).await.expect("timeline")[0].text,
        "aradı"
    );
    let ada = db.customer(a.id).await.expect("read").expect("kept");
    assert_eq!(ada.consents.len(), 1);
    assert!(ada.consent(ConsentChannel::Email).expect("email").granted);
    let counts = db.counts().await.expect("counts");
    assert_eq!((counts.purchases, counts.interactions), (2, 1));
    let mut all = Vec::new();
    db.purchase_pages(|page| all.extend(page))
        .await
        .expect("pages");
    assert_eq!(all.len(), 2);
    // The reference learned its customer, so the push finds the record.
    // (v7 adds a reference to the moved consent decision.)
    let outbox = db.outbox().await.expect("outbox");
    let entities: Vec<Entity> = outbox.iter().map(|m| m.entity).collect();
    assert_eq!(entities, [Entity::Purchase, Entity::Consent]);
    assert_eq!(outbox[0].fields["customer_id"], serde_json::json!(b.id));
    assert_eq!(outbox[1].fields["customer_id"], serde_json::json!(a.id));
    db.close();
    let raw = idb::open(name, schema::latest(), Box::new(|_, _, _| Ok(())), || {})
        .await
        .expect("reopen");
    let stores = raw.object_store_names();
    assert!(stores.contains(schema::PURCHASE_BLOCKS) && !stores.contains(schema::PURCHASES));
    assert!(!stores.contains(schema::INTERACTIONS));
    raw.close();
}

#[wasm_bindgen_test]
async fn purchases_live_in_their_customers_block_through_every_write() {
    let db = fresh("test-blocks").await;
    let ali = customer("Ali", "Veli");
    let first = purchase(ali.id, 1, 1_000);
    let mut batch = Batch::new();
    batch.put(Record::Customer(ali.clone()));
    batch.put(Record::Purchase(first.clone()));
    db.apply(batch).await.expect("create");
    // A bulk write adds to the same block, an edit changes one purchase,
    // a delete leaves a tombstone; the counts follow.
    let mut bulk = db.begin_bulk().await.expect("bulk");
    let mut batch = Batch::new();
    for day in 2..6 {
        batch.put(Record::Purchase(purchase(ali.id, day, 2_000)));
    }
    let bulk_written = bulk.write(batch).await.expect("bulk write");
    bulk.commit().await.expect("commit");
    let stored = db.purchases_of(ali.id).await.expect("read");
    assert_eq!(stored.len(), 5);
    // Stamps and times come back exactly (a block stores them compactly).
    for record in &bulk_written.records {
        let back = stored.iter().find(|p| p.id == record.id()).expect("stored");
        assert_eq!(
            (back.version, back.updated_at),
            (record.version(), record.updated_at())
        );
    }
    let one = stored
        .iter()
        .find(|p| p.id == first.id)
        .expect("first")
        .clone();
    let mut edited = one.clone();
    edited.amount = Money::from_minor(1_500);
    let mut batch = Batch::new();
    batch.update(Record::Purchase(one.clone()), Record::Purchase(edited));
    let written = db.apply(batch).await.expect("edit");
    assert_eq!(
        written.mutations[0].fields.keys().collect::<Vec<_>>(),
        ["amount", "customer_id"]
    );
    let mut batch = Batch::new();
    batch.delete(Record::Purchase(stored[0].clone()));
    db.apply(batch).await.expect("delete");
    let after = db.purchases_of(ali.id).await.expect("read");
    assert_eq!(after.len(), 4);
    assert_eq!(
        after
            .iter()
            .find(|p| p.id == first.id)
            .map(|p| p.amount.minor()),
        Some(1_500)
    );
    assert_eq!(db.counts().await.expect("counts").purchases, 4);
    // A remote change to a purchase finds it through its customer.
    let target = after[0].clone();
    let m = ilgi_core::sync::Mutation {
        client_id: Id::v7(1, [77; 10]),
        seq: 1,
        entity: ilgi_core::model::Entity::Purchase,
        id: target.id,
        stamp: stamp_at(ilgi::storage::db::now_millis(), 77),
        fields: serde_json::from_value(serde_json::json!({"customer_id": ali.id, "sku": "IPH16"}))
            .expect("fields"),
        stamps: Default::default(),
        deleted: false,
    };
    db.apply_remote(std::slice::from_ref(&m))
        .await
        .expect("remote");
    let after = db.purchases_of(ali.id).await.expect("read");
    assert_eq!(
        after
            .iter()
            .find(|p| p.id == target.id)
            .map(|p| p.sku.as_str()),
        Some("IPH16")
    );
    // Without its customer the change cannot be placed: refused.
    let mut lost = m.clone();
    lost.fields.remove("customer_id");
    let err = db.apply_remote(&[lost]).await.expect_err("no customer");
    assert!(err.detail.contains("customer_id"), "{}", err.detail);
    db.close();
}

#[wasm_bindgen_test]
async fn a_version_6_database_moves_consents_into_records_of_their_own() {
    let name = "test-migrate-v7";
    // A customer whose document holds two decisions (v6), an unsent edit
    // of that customer that carried a decision as a path, and the
    // installation's sequence at 5.
    let c = customer("Işıl", "Öz");
    let version = "000001700000000-0000000000-00000000000000aa";
    let decision = |granted: bool, at: i64| serde_json::json!({"channel": "sms", "granted": granted, "at": at, "source": "web"});
    let doc = serde_json::json!({
        "id": c.id.to_string(), "sk": c.sort_key(),
        "c": {
            "id": c.id, "first_name": "Işıl", "last_name": "Öz", "city": "İzmir",
            "consents": [decision(true, 10), decision(false, 20)],
            "created_at": 1_700_000_000_000i64, "updated_at": 1_700_000_000_000i64,
            "version": version,
        },
    });
    let client = new_id();
    let row = serde_json::json!({"s": 4, "e": 4, "m": [{
        "client_id": client, "seq": 4, "entity": "customer", "id": c.id, "stamp": version,
        "fields": {"city": "Van", "consents/sms:20:false:web": decision(false, 20)},
    }]});
    old_database(
        name,
        6,
        &[
            (schema::CUSTOMERS, doc),
            (schema::PENDING, row),
            (
                "meta:sequence",
                serde_json::json!({"client_id": client, "next": 5}),
            ),
            ("meta:pending", serde_json::json!(1)),
        ],
    )
    .await;

    let db = Db::open_named(name).await.expect("open v7");
    let stored = db.customer(c.id).await.expect("read").expect("kept");
    assert_eq!(stored.consents.len(), 2);
    assert!(!stored.consent(ConsentChannel::Sms).expect("sms").granted);
    // The outbox: the old edit without its decision path, then a
    // reference to each new consent record, numbered on from 5.
    let outbox = db.outbox().await.expect("outbox");
    assert_eq!(outbox.iter().map(|m| m.seq).collect::<Vec<_>>(), [4, 5, 6]);
    assert_eq!(outbox[0].fields.keys().collect::<Vec<_>>(), ["city"]);
    for m in &outbox[1..] {
        assert_eq!(m.entity, Entity::Consent);
        assert_eq!(m.fields["customer_id"], serde_json::json!(c.id));
        assert_eq!(m.fields["channel"], "sms");
        assert_eq!(m.stamp.to_string(), version, "stamped as the customer was");
    }
    assert_eq!(db.pending_count().await.expect("pending"), 3);
    let mut batch = Batch::new();
    batch.put(Record::Customer(customer("Yeni", "Kişi")));
    let written = db.apply(batch).await.expect("write");
    assert_eq!(written.mutations[0].seq, 7);
    db.close();
    // The customer document no longer holds the decisions.
    let raw = idb::open(name, schema::latest(), Box::new(|_, _, _| Ok(())), || {})
        .await
        .expect("reopen");
    let tx = raw
        .transaction_with_str(schema::CUSTOMERS)
        .expect("read tx");
    let doc = idb::request(
        &tx.object_store(schema::CUSTOMERS)
            .expect("store")
            .get(&c.id.to_string().into())
            .expect("get"),
    )
    .await
    .expect("doc");
    let inner = js_sys::Reflect::get(&doc, &"c".into()).expect("c");
    assert!(
        js_sys::Reflect::get(&inner, &"consents".into())
            .expect("get")
            .is_undefined()
    );
    raw.close();
}

#[wasm_bindgen_test]
async fn consent_decisions_are_records_that_outlive_erasure() {
    let db = fresh("test-consents").await;
    let mut c = customer("Ece", "Su");
    c.consents.push(Consent {
        channel: ConsentChannel::Email,
        granted: true,
        at: 1_000,
        source: "web".into(),
    });
    let mut batch = Batch::new();
    batch.put(Record::Customer(c.clone()));
    let written = db.apply(batch).await.expect("create");
    assert_eq!(
        written
            .mutations
            .iter()
            .map(|m| m.entity)
            .collect::<Vec<_>>(),
        [Entity::Customer, Entity::Consent]
    );
    let stored = db.customer(c.id).await.expect("read").expect("there");
    assert_eq!(stored.consents, c.consents);
    // The form's save: a withdrawal is a new record; saving the same
    // decisions again adds nothing.
    let mut edited = stored.clone();
    edited.consents.push(Consent {
        channel: ConsentChannel::Email,
        granted: false,
        at: 2_000,
        source: "phone".into(),
    });
    let mut batch = Batch::new();
    batch.update(Record::Customer(stored.clone()), Record::Customer(edited));
    let written = db.apply(batch).await.expect("withdraw");
    assert_eq!(written.mutations.len(), 1, "only the new decision");
    let stored = db.customer(c.id).await.expect("read").expect("there");
    assert!(
        !stored
            .consent(ConsentChannel::Email)
            .expect("email")
            .granted
    );
    // Erasure: the customer goes, every decision stays.
    let batch = ilgi_core::sync::erase(&stored, &[], &[], &[], &[], now_millis());
    db.apply(batch).await.expect("erase");
    assert!(db.customer(c.id).await.expect("read").is_none());
    let kept = db.consents_by_customer().await.expect("consents");
    assert_eq!(kept[&c.id].len(), 2);
    // A backup streams them as records of their own.
    let mut consents = 0;
    db.record_pages(|page| {
        consents += page
            .iter()
            .filter(|r| r.entity() == Entity::Consent)
            .count();
    })
    .await
    .expect("pages");
    assert_eq!(consents, 2);
    db.close();
}

#[wasm_bindgen_test]
async fn the_binary_block_form_is_pinned_and_old_json_blocks_still_read() {
    use ilgi::storage::blocks::block_bytes;
    // The binary form of a fixed purchase: a change of field order or of
    // an enum's variant order shows here (stored blocks would misread).
    let customer = Id::v7(1_700_000_000_000, [1; 10]);
    let mut p = purchase(customer, 5, 123_450);
    p.id = Id::v7(1_700_000_000_001, [2; 10]);
    p.currency = Currency::parse("USD").expect("currency");
    p.channel = SalesChannel::Online;
    p.updated_at = 1_700_000_000_500;
    p.version = Stamp {
        millis: 1_700_000_000_500,
        counter: 3,
        node: 9,
    };
    let bytes = block_bytes(Entity::Purchase, &[Record::Purchase(p.clone())]).expect("pack");
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, PINNED_PURCHASE_BLOCK, "{hex}");

    // A block written as JSON (v6) reads, and is rewritten in binary form
    // when its customer is next written.
    let name = "test-json-block";
    old_database(name, 6, &[]).await;
    let raw = idb::open(name, 6, Box::new(|_, _, _| Ok(())), || {})
        .await
        .expect("open v6");
    let json = serde_json::json!({
        "u": 1_700_000_000_000i64,
        "v": "001700000000000-0000000000-0000000000000001",
        "r": [[p.id, null, "2025-01-05", 99_900, "TRY", "IPH15", "iPhone 15", "phone",
               "store", null, 0, null, {}, false]],
    });
    let doc = js_sys::Object::new();
    js_sys::Reflect::set(&doc, &"c".into(), &customer.to_string().into()).expect("c");
    let j = js_sys::Uint8Array::from(json.to_string().as_bytes());
    js_sys::Reflect::set(&doc, &"j".into(), &j).expect("j");
    let tx = raw
        .transaction_with_str_and_mode(
            schema::PURCHASE_BLOCKS,
            web_sys::IdbTransactionMode::Readwrite,
        )
        .expect("tx");
    let put = tx
        .object_store(schema::PURCHASE_BLOCKS)
        .expect("store")
        .put(&doc)
        .expect("put");
    idb::request(&put).await.expect("stored");
    raw.close();

    let db = Db::open_named(name).await.expect("open");
    let read = db.purchases_of(customer).await.expect("json block");
    assert_eq!(read.len(), 1);
    assert_eq!(
        (read[0].id, read[0].amount.minor(), read[0].product.as_str()),
        (p.id, 99_900, "iPhone 15")
    );
    let mut batch = Batch::new();
    batch.put(Record::Purchase(purchase(customer, 9, 5_000)));
    db.apply(batch).await.expect("write");
    assert_eq!(db.purchases_of(customer).await.expect("read").len(), 2);
    db.close();
    let raw = idb::open(name, schema::latest(), Box::new(|_, _, _| Ok(())), || {})
        .await
        .expect("reopen");
    let tx = raw
        .transaction_with_str(schema::PURCHASE_BLOCKS)
        .expect("read tx");
    let doc = idb::request(
        &tx.object_store(schema::PURCHASE_BLOCKS)
            .expect("store")
            .get(&customer.to_string().into())
            .expect("get"),
    )
    .await
    .expect("doc");
    let has = |key: &str| {
        !js_sys::Reflect::get(&doc, &key.into())
            .expect("get")
            .is_undefined()
    };
    assert!(has("b") && !has("j"));
    raw.close();
}

const PINNED_PURCHASE_BLOCK: &str = "e8a7abfef962f4d395ffbc3103090110018bcfe568017202820202020202020200f09e5af4880f03555344054950483135096950686f6e652031350570686f6e6501000100000000";

fn account(workspace: Id) -> ilgi_core::sync::engine::Account {
    ilgi_core::sync::engine::Account {
        server: String::new(),
        token: "token".into(),
        user_id: new_id(),
        workspace_id: workspace,
        workspace: "Kafe".into(),
        email: "ayse@ornek.com".into(),
        role: ilgi_core::sync::protocol::Role::Agent,
    }
}

#[wasm_bindgen_test]
async fn a_pulled_page_lands_with_its_cursor_or_not_at_all() {
    use ilgi_core::sync::protocol::Change;
    // The record as another device stored it, with its own stamps.
    let source = fresh("test-pull-source").await;
    let deniz = customer("Deniz", "Ak");
    let mut batch = Batch::new();
    batch.put(Record::Customer(deniz.clone()));
    source.apply(batch).await.expect("create elsewhere");
    let theirs = source
        .customer(deniz.id)
        .await
        .expect("read")
        .expect("present");
    source.close();
    let change = Change::of(&Record::Customer(theirs.clone()));

    let db = fresh("test-pull-page").await;
    let workspace = new_id();
    // Not signed in to that workspace: refused, nothing written.
    let err = db
        .apply_remote_page(std::slice::from_ref(&change), "c1", workspace)
        .await
        .expect_err("no account");
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert!(db.customer(deniz.id).await.expect("read").is_none());
    assert_eq!(db.sync_state().await.expect("state").cursor, "");

    db.update_sync_state(|s| s.account = Some(account(workspace)))
        .await
        .expect("sign in");
    let records = db
        .apply_remote_page(std::slice::from_ref(&change), "c1", workspace)
        .await
        .expect("page");
    assert_eq!(records, [Record::Customer(theirs.clone())]);
    assert_eq!(
        db.customer(deniz.id).await.expect("read"),
        Some(theirs.clone())
    );
    let state = db.sync_state().await.expect("state");
    assert_eq!(
        (state.cursor.as_str(), state.synced_with),
        ("c1", Some(workspace))
    );
    // Pulled data is never pushed back.
    assert_eq!(db.pending_count().await.expect("pending"), 0);

    // A page with an invalid value is refused whole: the cursor stays.
    let mut bad = change.clone();
    bad.fields
        .insert("emails".into(), serde_json::json!(["not an email"]));
    let err = db
        .apply_remote_page(&[bad], "c2", workspace)
        .await
        .expect_err("invalid");
    assert_eq!(err.kind, ErrorKind::Data);
    assert!(err.detail.contains("email"), "{}", err.detail);
    assert_eq!(db.sync_state().await.expect("state").cursor, "c1");
    assert_eq!(db.customer(deniz.id).await.expect("read"), Some(theirs));
    db.close();
}

#[wasm_bindgen_test]
async fn a_push_page_holds_the_oldest_entries_and_requeue_numbers_every_record_once() {
    let db = fresh("test-push-page").await;
    let mut ids = Vec::new();
    for n in 0..5 {
        let c = customer(&format!("Ada{n}"), "Er");
        ids.push(c.id);
        let mut batch = Batch::new();
        batch.put(Record::Customer(c));
        db.apply(batch).await.expect("create");
    }
    let mut batch = Batch::new();
    for n in 0..3 {
        let c = customer(&format!("Cem{n}"), "Oz");
        ids.push(c.id);
        batch.put(Record::Customer(c));
    }
    db.apply(batch).await.expect("create three");
    let seqs = |page: &[ilgi_core::sync::Mutation]| page.iter().map(|m| m.seq).collect::<Vec<_>>();
    assert_eq!(seqs(&db.outbox_page(2).await.expect("page")), [1, 2]);
    assert_eq!(
        seqs(&db.outbox_page(7).await.expect("page")),
        [1, 2, 3, 4, 5, 6, 7]
    );
    assert_eq!(
        db.outbox_page(100).await.expect("page"),
        db.outbox().await.expect("outbox")
    );
    assert_eq!(db.ack(8).await.expect("ack"), 8);
    assert!(db.outbox_page(10).await.expect("page").is_empty());

    // Joining another workspace: every record goes in the outbox again,
    // once, with new numbers.
    let queued = db.requeue_all(|_| {}).await.expect("requeue");
    assert_eq!(queued, ids.len());
    assert_eq!(db.pending_count().await.expect("pending"), ids.len() as u64);
    let outbox = db.outbox().await.expect("outbox");
    assert_eq!(seqs(&outbox), (9..=16).collect::<Vec<u64>>());
    let mut queued_ids: Vec<Id> = outbox.iter().map(|m| m.id).collect();
    queued_ids.sort();
    ids.sort();
    assert_eq!(queued_ids, ids);

    // A new client id: the waiting changes go under it.
    let old = db.client_id().await.expect("client id");
    let new = db.new_client_id().await.expect("new client id");
    assert_ne!(old, new);
    assert_eq!(db.client_id().await.expect("client id"), new);
    let page = db.outbox_page(1).await.expect("page");
    assert_eq!((page[0].client_id, page[0].seq), (new, 9));
    db.close();
}

#[wasm_bindgen_test]
async fn a_version_8_database_gets_the_mentions_store_and_posts_round_trip() {
    let name = "test-migrate-v9";
    let c = customer("Şükrü", "Çağlar");
    let doc = serde_json::json!({
        "id": c.id.to_string(), "sk": c.sort_key(),
        "c": {
            "id": c.id, "first_name": "Şükrü", "last_name": "Çağlar",
            "created_at": 1_700_000_000_000i64, "updated_at": 1_700_000_000_000i64,
            "version": "000001700000000-0000000000-00000000000000aa",
        },
    });
    old_database(name, 8, &[(schema::CUSTOMERS, doc)]).await;
    let db = Db::open_named(name).await.expect("open v9");
    assert!(db.customer(c.id).await.expect("read").is_some());
    assert!(db.mentions().await.expect("mentions").is_empty());

    let mut post: ilgi_core::social::Mention =
        serde_json::from_value(ilgi_core::sync::Shape::of(Entity::Mention).blank(new_id()))
            .expect("blank post");
    post.post_id = "1790000000000000001".into();
    post.author = "Şükrü Çağlar".into();
    post.text = "Kargom üç gündür gelmedi, rezalet".into();
    post.at = 1_700_000_100_000;
    let mut batch = Batch::new();
    batch.put(Record::Mention(post.clone()));
    db.apply(batch).await.expect("write the post");
    let stored = db.mentions().await.expect("mentions");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].text, post.text);
    assert!(db.mentions_of(c.id).await.expect("of").is_empty());

    // Linking it to the customer is an edit of the post.
    let mut linked = stored[0].clone();
    linked.customer_id = Some(c.id);
    let mut batch = Batch::new();
    batch.update(Record::Mention(stored[0].clone()), Record::Mention(linked));
    db.apply(batch).await.expect("link");
    let of = db.mentions_of(c.id).await.expect("of");
    assert_eq!(of.len(), 1);
    assert_eq!(of[0].id, post.id);
    let outbox = db.outbox().await.expect("outbox");
    assert!(
        outbox
            .iter()
            .any(|m| m.entity == Entity::Mention && m.id == post.id)
    );
    // A backup streams it.
    let mut posts = 0;
    db.record_pages(|page| {
        posts += page
            .iter()
            .filter(|r| r.entity() == Entity::Mention)
            .count();
    })
    .await
    .expect("pages");
    assert_eq!(posts, 1);
    db.close();
}

#[wasm_bindgen_test]
async fn a_merge_that_keeps_the_other_records_external_id_is_written() {
    use ilgi_core::sync::{Belongings, MergeChoice, merge_customers};
    let db = fresh("test-merge-external-id").await;
    let mut kept = customer("Şükrü", "Çağlar");
    kept.external_id = Some("M-1".into());
    let mut other = customer("SUKRU", "CAGLAR");
    other.external_id = Some("M-2".into());
    let mut batch = Batch::new();
    batch.put(Record::Customer(kept.clone()));
    batch.put(Record::Customer(other.clone()));
    batch.put(Record::Purchase(purchase(other.id, 4, 9_900)));
    db.apply(batch).await.expect("create");

    let kept = db.customer(kept.id).await.expect("read").expect("kept");
    let other = db.customer(other.id).await.expect("read").expect("other");
    let purchases = db.purchases_of(other.id).await.expect("purchases");
    let choices = [("external_id".to_string(), MergeChoice::Other)].into();
    let belongings = Belongings {
        purchases: &purchases,
        ..Belongings::default()
    };
    let mut next_id = new_id;
    let batch = merge_customers(
        &kept,
        &other,
        &choices,
        &belongings,
        &mut next_id,
        now_millis(),
    )
    .expect("merge");
    db.apply(batch)
        .await
        .expect("the freed external id is taken");

    let merged = db.customer(kept.id).await.expect("read").expect("kept");
    assert_eq!(merged.external_id.as_deref(), Some("M-2"));
    assert!(db.customer(other.id).await.expect("read").is_none());
    assert_eq!(db.purchases_of(kept.id).await.expect("purchases").len(), 1);
    let by_ext = db.customers_by_key("ext", "M-2").await.expect("by ext");
    assert_eq!(by_ext.iter().map(|c| c.id).collect::<Vec<_>>(), [kept.id]);
}
