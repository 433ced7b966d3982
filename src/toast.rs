//! Toasts: short messages at the edge of the screen (errors, notices, the
//! "new version" offer).
//!
//! A toast stores a translation key plus an optional untranslated detail
//! (an error's own text), so switching language re-renders visible toasts in
//! the new language. Errors stay until dismissed; notices leave after a while.

use std::time::Duration;

use leptos::prelude::*;

/// How a toast looks and how long it stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Info,
    Error,
}

/// One message on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    /// Translation key of the message.
    pub key: &'static str,
    /// Text appended after the message, shown as is (never as HTML).
    pub detail: Option<String>,
}

/// The toast list, shared through context.
#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

const NOTICE_LIFETIME: Duration = Duration::from_secs(8);

impl Toasts {
    fn new() -> Self {
        Toasts {
            items: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
        }
    }

    /// The toasts currently on screen, oldest first.
    pub fn items(&self) -> Vec<Toast> {
        self.items.get()
    }

    fn push(&self, kind: ToastKind, key: &'static str, detail: Option<String>) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.items.update(|items| {
            items.push(Toast {
                id,
                kind,
                key,
                detail,
            })
        });
        id
    }

    /// Shows a notice that disappears by itself.
    pub fn info(&self, key: &'static str) {
        let id = self.push(ToastKind::Info, key, None);
        let this = *self;
        set_timeout(move || this.dismiss(id), NOTICE_LIFETIME);
    }

    /// Shows an error that stays until the user closes it.
    pub fn error_key(&self, key: &'static str, detail: impl Into<String>) {
        self.push(ToastKind::Error, key, Some(detail.into()));
    }

    /// Removes a toast (no-op when it is already gone).
    pub fn dismiss(&self, id: u64) {
        self.items.update(|items| items.retain(|t| t.id != id));
    }
}

/// Provides an empty toast list to the app.
pub fn provide_toasts() -> Toasts {
    let toasts = Toasts::new();
    provide_context(toasts);
    toasts
}

/// The toast list provided by [`provide_toasts`].
pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}
