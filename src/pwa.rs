//! Progressive web app plumbing: the service worker and persistent storage.
//!
//! `public/sw.js` precaches the current build (the list and version are written
//! into it after each build by `tools/sw-precache.mjs`). This module registers
//! it, reports when offline use is ready, and offers "reload to update" when a
//! newer build is installed and waiting. The page never reloads by itself:
//! the user decides when, so no unsaved work is lost.

use js_sys::{Object, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

use crate::toast::Toasts;

/// Whether this version of the app can run without the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offline {
    /// The browser has no service workers (or blocks them here).
    Unsupported,
    /// The worker is registering or caching the app.
    Pending,
    /// A worker controls the page: the app shell is cached.
    Active,
}

/// PWA state shared through context.
#[derive(Clone, Copy)]
pub struct Pwa {
    offline: RwSignal<Offline>,
    update_ready: RwSignal<bool>,
    reload_requested: StoredValue<bool>,
}

impl Pwa {
    pub fn offline(&self) -> Offline {
        self.offline.get()
    }

    /// True when a newer build is installed and waits for the user's reload.
    pub fn update_ready(&self) -> bool {
        self.update_ready.get()
    }

    /// Activates the waiting build; the page reloads once it has taken over.
    pub fn apply_update(&self) {
        let this = *self;
        spawn_local(async move {
            let waiting = match registration().await {
                Some(reg) => reg.waiting(),
                None => None,
            };
            match waiting {
                Some(worker) => {
                    this.reload_requested.set_value(true);
                    let message = Object::new();
                    let _ = Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
                    if let Err(e) = worker.post_message(&message) {
                        leptos::logging::warn!("could not activate the new version: {e:?}");
                        reload();
                    }
                }
                // Nothing waits any more (another tab activated it): a plain
                // reload picks up the active build.
                None => reload(),
            }
        });
    }
}

fn reload() {
    if let Err(e) = window().location().reload() {
        leptos::logging::warn!("reload failed: {e:?}");
    }
}

/// `navigator[field]`, or `None` where the browser lacks it. Service workers
/// and the storage manager exist only in secure contexts, and web-sys would
/// hand back `undefined` typed as the object.
fn navigator_field<T: JsCast>(field: &str) -> Option<T> {
    let value = Reflect::get(&window().navigator(), &field.into()).ok()?;
    if value.is_undefined() || value.is_null() {
        None
    } else {
        Some(value.unchecked_into())
    }
}

/// `navigator.serviceWorker`, or `None` where the browser has none (insecure
/// origins, some private modes).
fn container() -> Option<ServiceWorkerContainer> {
    navigator_field("serviceWorker")
}

async fn registration() -> Option<ServiceWorkerRegistration> {
    let value = JsFuture::from(container()?.get_registration()).await.ok()?;
    value.dyn_into().ok()
}

/// Provides the PWA context and registers the service worker.
pub fn provide_pwa(toasts: Toasts) -> Pwa {
    let pwa = Pwa {
        offline: RwSignal::new(Offline::Pending),
        update_ready: RwSignal::new(false),
        reload_requested: StoredValue::new(false),
    };
    provide_context(pwa);
    spawn_local(async move {
        if let Err(e) = register(pwa, toasts).await {
            // Offline use is a bonus on top of a working app: log the cause
            // and say so in Settings, but do not interrupt the user.
            leptos::logging::warn!("service worker registration failed: {e:?}");
            pwa.offline.set(Offline::Unsupported);
        }
    });
    spawn_local(async {
        if let Err(e) = request_persistence().await {
            leptos::logging::warn!("persistent storage request failed: {e}");
        }
    });
    pwa
}

async fn register(pwa: Pwa, toasts: Toasts) -> Result<(), JsValue> {
    let Some(container) = container() else {
        pwa.offline.set(Offline::Unsupported);
        return Ok(());
    };
    if container.controller().is_some() {
        pwa.offline.set(Offline::Active);
    }

    // Installed for the first time: the worker claims the page; a later
    // controller change happens only after the user asked for the update.
    let on_controller_change = Closure::<dyn FnMut()>::new(move || {
        if pwa.reload_requested.try_get_value().unwrap_or(false) {
            reload();
        } else {
            pwa.offline.try_set(Offline::Active);
            toasts.info("offline-ready");
        }
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();

    let reg: ServiceWorkerRegistration = JsFuture::from(container.register("/sw.js"))
        .await?
        .dyn_into()?;
    if reg.waiting().is_some() && container.controller().is_some() {
        pwa.update_ready.set(true);
    }

    let watched = reg.clone();
    let on_update_found = Closure::<dyn FnMut()>::new(move || {
        let Some(worker) = watched.installing() else {
            return;
        };
        let observed = worker.clone();
        let has_controller = container.controller().is_some();
        let on_state_change = Closure::<dyn FnMut()>::new(move || {
            if observed.state() == ServiceWorkerState::Installed && has_controller {
                pwa.update_ready.try_set(true);
            }
        });
        worker.set_onstatechange(Some(on_state_change.as_ref().unchecked_ref()));
        on_state_change.forget();
    });
    reg.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();
    Ok(())
}

/// What the browser says about this origin's storage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StorageStatus {
    /// `navigator.storage.persisted()`.
    pub persisted: bool,
    /// Bytes used by this origin, from `navigator.storage.estimate()`.
    pub usage: Option<u64>,
    /// Bytes this origin may use.
    pub quota: Option<u64>,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    navigator_field("storage")
}

fn js_error(e: JsValue) -> String {
    crate::js_error::describe(&e)
}

fn number_field(object: &JsValue, field: &str) -> Option<u64> {
    let value = Reflect::get(object, &field.into()).ok()?.as_f64()?;
    // Byte counts are non-negative integers far below 2^53.
    (value.is_finite() && value >= 0.0).then_some(value as u64)
}

/// Reads persistence and usage; `Ok(None)` where the browser has no
/// StorageManager.
pub async fn storage_status() -> Result<Option<StorageStatus>, String> {
    let Some(manager) = storage_manager() else {
        return Ok(None);
    };
    let persisted = JsFuture::from(manager.persisted().map_err(js_error)?)
        .await
        .map_err(js_error)?
        .as_bool()
        .unwrap_or(false);
    let estimate = JsFuture::from(manager.estimate().map_err(js_error)?)
        .await
        .map_err(js_error)?;
    Ok(Some(StorageStatus {
        persisted,
        usage: number_field(&estimate, "usage"),
        quota: number_field(&estimate, "quota"),
    }))
}

/// Asks the browser to keep this origin's data under storage pressure.
/// Returns whether storage is now persistent.
pub async fn request_persistence() -> Result<bool, String> {
    let Some(manager) = storage_manager() else {
        return Ok(false);
    };
    let granted = JsFuture::from(manager.persist().map_err(js_error)?)
        .await
        .map_err(js_error)?;
    Ok(granted.as_bool().unwrap_or(false))
}
