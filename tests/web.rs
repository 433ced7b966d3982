//! Browser tests of the app's own code, in headless Chromium
//! (`cargo test -p ilgi --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use ilgi::storage::prefs;
use ilgi::theme::{self, Theme};
use ilgi_core::i18n::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

fn local_storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
}

/// Lets effects and the microtask queue run.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("timer");
}

#[wasm_bindgen_test]
fn language_choice_round_trips_through_local_storage() {
    prefs::save_lang(Lang::Tr).expect("save tr");
    assert_eq!(prefs::load_lang(), Some(Lang::Tr));
    prefs::save_lang(Lang::En).expect("save en");
    assert_eq!(prefs::load_lang(), Some(Lang::En));
}

#[wasm_bindgen_test]
fn an_unknown_stored_language_counts_as_no_choice() {
    local_storage().set_item("ilgi.lang", "xx").expect("write");
    assert_eq!(prefs::load_lang(), None);
    local_storage().remove_item("ilgi.lang").expect("clean up");
}

#[wasm_bindgen_test]
fn theme_choice_is_written_onto_the_document_root() {
    let root = document().document_element().expect("html element");
    theme::apply_to_document(Theme::Dark);
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("dark"));
    theme::apply_to_document(Theme::System);
    assert_eq!(root.get_attribute("data-theme"), None);
}

#[wasm_bindgen_test]
async fn the_app_renders_in_the_stored_language_and_switches_live() {
    prefs::save_lang(Lang::Tr).expect("save tr");
    let host: web_sys::HtmlElement = document()
        .create_element("div")
        .expect("div")
        .dyn_into()
        .expect("HtmlElement");
    document()
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");

    ilgi::mount_into(host.clone());
    settle().await;

    let text = host.text_content().unwrap_or_default();
    assert!(
        text.contains("Müşteriler"),
        "Turkish navigation missing: {text}"
    );
    assert!(
        text.contains("Şikâyetler"),
        "Turkish navigation missing: {text}"
    );
    let root = document().document_element().expect("html element");
    assert_eq!(root.get_attribute("lang").as_deref(), Some("tr"));

    let select: web_sys::HtmlSelectElement = host
        .query_selector("[data-testid=language-switch]")
        .expect("query")
        .expect("language switch is rendered")
        .dyn_into()
        .expect("a select");
    select.set_value("en");
    select
        .dispatch_event(&web_sys::Event::new("change").expect("event"))
        .expect("dispatch");
    settle().await;

    let text = host.text_content().unwrap_or_default();
    assert!(
        text.contains("Customers"),
        "English navigation missing: {text}"
    );
    assert!(
        !text.contains("Müşteriler"),
        "Turkish text left behind: {text}"
    );
    assert_eq!(root.get_attribute("lang").as_deref(), Some("en"));
    assert_eq!(prefs::load_lang(), Some(Lang::En));
}
