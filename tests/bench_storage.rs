//! Benchmark (not a test): importing 100,000 customers through the storage
//! layer's bulk write path versus a raw-JS `put` loop of the same documents
//! in one transaction, in the same browser run. Runs only with
//! `--features bench` (`cargo xtask bench`), prints a `BENCH` line per
//! figure; nothing here asserts a time.
#![cfg(all(target_arch = "wasm32", feature = "bench"))]

use ilgi::storage::db::customer_documents;
use ilgi::storage::{Db, idb, schema};
use ilgi_core::demo::{DemoGenerator, DemoSpec};
use ilgi_core::model::{Batch, Customer, Record};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function raw_put_all(db, storeName, docs) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const tx = db.transaction([storeName], "readwrite");
    const store = tx.objectStore(storeName);
    for (let i = 0; i < docs.length; i++) store.put(docs[i]);
    tx.oncomplete = () => resolve(performance.now() - started);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
    tx.commit();
  });
}
export function now() { return performance.now(); }
export function raw_read_pages(db, storeName, page) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let count = 0;
    let bytes = 0;
    const next = (after) => {
      const tx = db.transaction([storeName], "readonly");
      const range = after === undefined ? null : IDBKeyRange.lowerBound(after, true);
      const req = tx.objectStore(storeName).getAll(range, page);
      req.onsuccess = () => {
        const docs = req.result;
        count += docs.length;
        for (const d of docs) bytes += (d.b ?? d.j)?.length ?? 0;
        if (docs.length < page) resolve([performance.now() - started, count, bytes]);
        else next(docs[docs.length - 1].c);
      };
      req.onerror = () => reject(req.error);
    };
    next(undefined);
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn raw_put_all(
        db: &web_sys::IdbDatabase,
        store: &str,
        docs: &js_sys::Array,
    ) -> Result<JsValue, JsValue>;
    fn now() -> f64;
    #[wasm_bindgen(catch)]
    async fn raw_read_pages(
        db: &web_sys::IdbDatabase,
        store: &str,
        page: u32,
    ) -> Result<JsValue, JsValue>;
}

const N: usize = 100_000;
const CHUNK: usize = 2_000;

fn customers() -> Vec<Customer> {
    let end = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("date");
    let mut generator = DemoGenerator::new(DemoSpec::new(7, N, end));
    let mut out = Vec::with_capacity(N);
    while let Some(chunk) = generator.next_chunk(5_000) {
        out.extend(chunk.customers);
    }
    // The raw-JS baseline writes customer documents only; consent
    // decisions are records of their own (the demo benchmark writes them).
    for c in &mut out {
        c.consents.clear();
    }
    out
}

async fn through_storage_layer(name: &str, customers: &[Customer]) -> f64 {
    idb::delete_database(name).await.expect("delete");
    let db = Db::open_named(name).await.expect("open");
    let started = now();
    let mut bulk = db.begin_bulk().await.expect("bulk");
    for chunk in customers.chunks(CHUNK) {
        let mut batch = Batch::with_capacity(chunk.len());
        for c in chunk {
            batch.put(Record::Customer(c.clone()));
        }
        bulk.write(batch).await.expect("write");
    }
    bulk.commit().await.expect("commit");
    let ms = now() - started;
    assert_eq!(
        db.counts().await.expect("counts").customers as usize,
        customers.len()
    );
    db.close();
    ms
}

async fn raw_js(name: &str, docs: &js_sys::Array) -> f64 {
    idb::delete_database(name).await.expect("delete");
    let raw = idb::open(name, schema::latest(), Box::new(schema::upgrade), || {})
        .await
        .expect("open");
    let ms = raw_put_all(&raw, schema::CUSTOMERS, docs)
        .await
        .expect("raw put")
        .as_f64()
        .unwrap_or(f64::NAN);
    raw.close();
    ms
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

#[wasm_bindgen_test]
async fn bench_import_100k_customers_storage_layer_vs_raw_js() {
    let customers = customers();
    let docs = customer_documents(&customers).expect("documents");
    let mut ours = Vec::new();
    let mut raw = Vec::new();
    // Alternate so both see the same browser state; three rounds each.
    for round in 0..3 {
        raw.push(raw_js(&format!("bench-raw-{round}"), &docs).await);
        ours.push(through_storage_layer(&format!("bench-ours-{round}"), &customers).await);
    }
    for round in 0..3 {
        let _ = idb::delete_database(&format!("bench-raw-{round}")).await;
        let _ = idb::delete_database(&format!("bench-ours-{round}")).await;
    }
    let (ours, raw) = (median(ours), median(raw));
    web_sys::console::log_1(&format!("BENCH import_100k_storage_ms {ours:.0}").into());
    web_sys::console::log_1(&format!("BENCH import_100k_raw_js_ms {raw:.0}").into());
    web_sys::console::log_1(&format!("BENCH import_100k_ratio {:.2}", ours / raw).into());
}

/// The 100,000-customer demo written through the storage layer as the app's
/// demo job writes it, then every purchase read back three ways: raw JS
/// `getAll` pages of the blocks (the floor: no decoding),
/// `Db::purchase_pages` (decoded into Rust), and that plus the value
/// analysis's collector (what the dashboard does before it computes).
#[wasm_bindgen_test]
async fn bench_demo_100k_write_and_read_all_purchases() {
    use ilgi_core::value::Collector;
    let name = "bench-demo-100k";
    idb::delete_database(name).await.expect("delete");
    let db = Db::open_named(name).await.expect("open");
    let end = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).expect("date");
    let mut generator = DemoGenerator::new(DemoSpec::new(11, N, end));
    let started = now();
    let mut purchases = 0;
    'transactions: loop {
        let mut bulk = db.begin_bulk().await.expect("bulk");
        for _ in 0..20 {
            let Some(chunk) = generator.next_chunk(250) else {
                bulk.commit().await.expect("commit");
                break 'transactions;
            };
            purchases += chunk.purchases.len();
            let mut batch = Batch::new();
            for record in chunk.into_records() {
                batch.put(record);
            }
            bulk.write(batch).await.expect("write");
        }
        bulk.commit().await.expect("commit");
    }
    let write_ms = now() - started;
    web_sys::console::log_1(&format!("BENCH demo_100k_storage_write_ms {write_ms:.0}").into());
    web_sys::console::log_1(&format!("BENCH demo_100k_purchases {purchases}").into());
    db.close();

    let raw = idb::open(name, schema::latest(), Box::new(schema::upgrade), || {})
        .await
        .expect("open raw");
    let mut raw_ms = Vec::new();
    let mut block_bytes = 0.0;
    for _ in 0..3 {
        // The page size the engine uses on this (the page's) thread.
        let page = ilgi::storage::db::UI_READ_PAGE;
        let result: js_sys::Array = raw_read_pages(&raw, schema::PURCHASE_BLOCKS, page)
            .await
            .expect("raw read")
            .into();
        raw_ms.push(result.get(0).as_f64().unwrap_or(f64::NAN));
        block_bytes = result.get(2).as_f64().unwrap_or(0.0);
        // One block per customer who bought anything.
        let blocks = result.get(1).as_f64().unwrap_or(0.0) as usize;
        assert!(blocks > N / 2 && blocks <= N, "{blocks} blocks");
    }
    raw.close();
    web_sys::console::log_1(
        &format!(
            "BENCH demo_100k_purchase_block_bytes_per_purchase {:.1}",
            block_bytes / purchases as f64
        )
        .into(),
    );
    let db = Db::open_named(name).await.expect("reopen");
    let mut decoded_ms = Vec::new();
    let mut collected_ms = Vec::new();
    for _ in 0..3 {
        let started = now();
        let mut n = 0;
        db.purchase_pages(|page| n += page.len())
            .await
            .expect("read");
        decoded_ms.push(now() - started);
        assert_eq!(n, purchases);
        let started = now();
        let mut collector = Collector::new();
        db.purchase_pages(|page| collector.purchases(&page))
            .await
            .expect("read");
        collected_ms.push(now() - started);
    }
    db.close();
    let _ = idb::delete_database(name).await;
    web_sys::console::log_1(
        &format!("BENCH read_all_purchases_raw_js_ms {:.0}", median(raw_ms)).into(),
    );
    web_sys::console::log_1(
        &format!(
            "BENCH read_all_purchases_decoded_ms {:.0}",
            median(decoded_ms)
        )
        .into(),
    );
    web_sys::console::log_1(
        &format!(
            "BENCH read_all_purchases_with_collector_ms {:.0}",
            median(collected_ms)
        )
        .into(),
    );
}

/// What IndexedDB reads cost per byte: 90,000 documents `{c, j: bytes}` of
/// a given size, read in pages of 2,000 as the app reads blocks (why blocks
/// are stored in a compact binary form).

#[wasm_bindgen(inline_js = r#"
function open(name) {
  return new Promise((resolve, reject) => {
    const del = indexedDB.deleteDatabase(name);
    del.onsuccess = () => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore("b", { keyPath: "c" });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    };
  });
}
export async function read_cost_experiment(n, size) {
  const db = await open("bytes-" + size);
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = 32 + ((i * 7919) % 90);
  await new Promise((resolve, reject) => {
    const tx = db.transaction(["b"], "readwrite");
    const store = tx.objectStore("b");
    for (let i = 0; i < n; i++) {
      const j = bytes.slice(); j[0] = i % 256; j[1] = (i >> 8) % 256;
      store.put({ c: String(i).padStart(36, "0"), j });
    }
    tx.oncomplete = resolve; tx.onerror = () => reject(tx.error);
  });
  const times = [];
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    let after;
    for (;;) {
      const docs = await new Promise((resolve, reject) => {
        const tx = db.transaction(["b"], "readonly");
        const range = after === undefined ? null : IDBKeyRange.lowerBound(after, true);
        const req = tx.objectStore("b").getAll(range, 2000);
        req.onsuccess = () => resolve(req.result); req.onerror = () => reject(req.error);
      });
      if (docs.length === 0) break;
      after = docs[docs.length - 1].c;
      if (docs.length < 2000) break;
    }
    times.push(performance.now() - started);
  }
  db.close();
  indexedDB.deleteDatabase("bytes-" + size);
  times.sort((a, b) => a - b);
  return times[1];
}
"#)]
extern "C" {
    async fn read_cost_experiment(n: u32, size: u32) -> JsValue;
}

#[wasm_bindgen_test]
async fn bench_read_cost_by_document_size() {
    for size in [1500u32, 500, 50] {
        let ms = read_cost_experiment(90_000, size)
            .await
            .as_f64()
            .unwrap_or(f64::NAN);
        web_sys::console::log_1(&format!("BENCH read_90k_docs_of_{size}_bytes_ms {ms:.0}").into());
    }
}
