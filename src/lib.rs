//! ilgi's web app: a Leptos client-side app compiled to WebAssembly.
//!
//! The app is a thin view layer: pages and components render state and call
//! into `ilgi-core` for every decision. Only `storage/` talks to browser
//! storage. The whole crate is empty on native targets, so native
//! `cargo test --workspace` never compiles Leptos; the app is linted and tested
//! for `wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

pub mod app;
pub mod components;
pub mod crm;
pub mod download;
pub mod i18n;
pub mod insights;
pub mod jobs;
pub mod js_error;
pub mod pages;
pub mod pwa;
pub mod routes;
pub mod storage;
pub mod sync;
pub mod theme;
pub mod toast;
pub mod worker;

use wasm_bindgen::JsCast;

/// Starts the app in the page's `#app` element (the whole body when absent).
pub fn start() {
    console_error_panic_hook::set_once();
    let document = leptos::prelude::document();
    match document
        .get_element_by_id("app")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        Some(host) => {
            // Replace the boot splash that index.html shows while wasm loads.
            host.set_inner_html("");
            mount_into(host);
        }
        None => leptos::mount::mount_to_body(app::App),
    }
}

/// Mounts the app into `host` and keeps it mounted for the page's lifetime.
pub fn mount_into(host: web_sys::HtmlElement) {
    leptos::mount::mount_to(host, app::App).forget();
}
