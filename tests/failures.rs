//! Browser tests of how the app behaves when storage fails: the error kinds
//! Chromium's exceptions map to, a failed reload of the customer list, and a
//! failed value analysis (reported once, run again only on retry).
#![cfg(target_arch = "wasm32")]

use ilgi::crm::{Crm, Status, provide_crm};
use ilgi::insights::{Insights, provide_insights};
use ilgi::storage::{ErrorKind, StorageError};
use ilgi::toast::{Toasts, provide_toasts};
use ilgi_core::model::{Batch, Customer, Id, Record};
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Waits `ms` milliseconds (effects, tasks and IndexedDB callbacks run).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_1(&resolve, ms, &0.into())
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("timer");
}

/// Polls `ready` every 20 ms for up to 10 s.
async fn wait_for(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..500 {
        if untrack(&ready) {
            return;
        }
        sleep(20).await;
    }
    panic!("timed out waiting for {what}");
}

/// The app's state without its views: toasts, the database, insights.
async fn open_app() -> (Owner, Toasts, Crm, Insights) {
    // Mounting (nothing) sets up leptos' task executor for spawn_local.
    let host: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(
        leptos::prelude::document()
            .create_element("div")
            .expect("div"),
    );
    leptos::mount::mount_to(host, || ()).forget();
    let owner = Owner::new();
    owner.set();
    let toasts = provide_toasts();
    let crm = provide_crm(toasts);
    let insights = provide_insights(crm);
    wait_for("the database to load", || crm.status() == Status::Ready).await;
    (owner, toasts, crm, insights)
}

fn exception(name: &str, message: &str) -> wasm_bindgen::JsValue {
    web_sys::DomException::new_with_message_and_name(message, name)
        .expect("DOMException")
        .into()
}

#[wasm_bindgen_test]
fn each_invalid_state_gets_its_own_kind_and_message() {
    let kind = |name: &str, message: &str| StorageError::from_js(&exception(name, message)).kind;
    assert_eq!(
        kind(
            "InvalidStateError",
            "Failed to execute 'transaction' on 'IDBDatabase': The database connection is closing."
        ),
        ErrorKind::Closed
    );
    assert_eq!(
        kind(
            "TransactionInactiveError",
            "Failed to execute 'put' on 'IDBObjectStore': The transaction is not active."
        ),
        ErrorKind::Inactive
    );
    assert_eq!(
        kind(
            "InvalidStateError",
            "Failed to execute 'objectStore' on 'IDBTransaction': The transaction has finished."
        ),
        ErrorKind::Inactive
    );
    assert_eq!(
        kind(
            "InvalidStateError",
            "A version change transaction is running."
        ),
        ErrorKind::InvalidState
    );
    assert_eq!(StorageError::not_open().kind, ErrorKind::NotOpen);
    let kinds = [
        ErrorKind::Closed,
        ErrorKind::NotOpen,
        ErrorKind::Inactive,
        ErrorKind::InvalidState,
    ];
    let keys: Vec<&str> = kinds
        .iter()
        .map(|&k| StorageError::new(k, "").key())
        .collect();
    let mut unique = keys.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), kinds.len(), "{keys:?}");
    for key in keys {
        assert!(ilgi_core::i18n::catalog().has(key), "{key}");
    }
}

#[wasm_bindgen_test]
async fn a_write_into_a_finished_transaction_is_an_inactive_transaction() {
    let (_owner, _toasts, crm, _insights) = open_app().await;
    let db = crm.db().expect("open");
    let mut bulk = db.begin_bulk().await.expect("bulk");
    // Nothing queued: the browser commits the transaction on its own.
    sleep(100).await;
    let mut batch = Batch::new();
    batch.put(Record::Customer(Customer::new(
        Id::v7(1_700_000_000_000, [5; 10]),
        "Ada",
        "Yılmaz",
    )));
    let error = bulk
        .write(batch)
        .await
        .expect_err("the transaction is over");
    assert_eq!(error.kind, ErrorKind::Inactive, "{error}");
}

#[wasm_bindgen_test]
async fn a_failed_reload_shows_the_error_instead_of_loading() {
    let (_owner, _toasts, crm, _insights) = open_app().await;
    crm.db().expect("open").close();
    let error = crm.reload().await.expect_err("the connection is closed");
    // Chromium's own words for a closed connection map to `Closed`.
    assert_eq!(error.kind, ErrorKind::Closed, "{error}");
    match untrack(|| crm.status()) {
        Status::Failed(e) => assert_eq!(e, error),
        other => panic!("status after a failed reload: {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_failed_analysis_is_reported_once_and_runs_again_on_retry() {
    let (_owner, toasts, crm, insights) = open_app().await;
    crm.db().expect("open").close();
    let errors = move || toasts.items().len();

    untrack(|| insights.ensure());
    wait_for("the analysis to fail", || {
        insights.error().is_some() && !insights.job.running.get()
    })
    .await;
    assert_eq!(untrack(errors), 1);
    // Asking again for the same data (a page's effect re-running) and
    // waiting do not start it again.
    untrack(|| insights.ensure());
    sleep(300).await;
    assert_eq!(untrack(errors), 1, "the failed analysis was restarted");
    assert!(untrack(|| insights.error()).is_some());

    insights.retry();
    wait_for("the retry to fail too", || {
        errors() == 2 && insights.error().is_some() && !insights.job.running.get()
    })
    .await;
    sleep(300).await;
    assert_eq!(untrack(errors), 2);
}
