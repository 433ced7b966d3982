//! Several tabs of one database: every committed write is announced on a
//! `BroadcastChannel`, so the other tabs update their index and open pages
//! without a reload.

use gloo_events::EventListener;
use ilgi_core::model::Id;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

/// What a write changed, as other tabs hear it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    /// Customers written (created, edited or deleted).
    pub customers: Vec<Id>,
    /// Purchases, interactions or segments were written too.
    pub other: bool,
    /// Customers or purchases changed (the value analysis is stale).
    pub data: bool,
    /// A bulk write (import, demo, restore, reset): reload everything.
    pub bulk: bool,
}

/// The channel of one database name (`None` where the browser has no
/// `BroadcastChannel`: then tabs simply do not hear each other).
#[derive(Clone)]
pub struct Tabs {
    channel: Option<BroadcastChannel>,
}

impl Tabs {
    pub fn new(db_name: &str) -> Tabs {
        Tabs {
            channel: BroadcastChannel::new(&format!("ilgi-db:{db_name}")).ok(),
        }
    }

    /// A channel that never announces (the worker's connection: the page
    /// that asked for the job reloads once and tells the other tabs).
    pub fn silent() -> Tabs {
        Tabs { channel: None }
    }

    /// Tells the other tabs (never this one) what was written.
    pub fn announce(&self, what: &Announcement) {
        let Some(channel) = &self.channel else {
            return;
        };
        if let Ok(json) = serde_json::to_string(what) {
            let _ = channel.post_message(&json.into());
        }
    }

    /// Calls `on_change` for every announcement from another tab, as long
    /// as the returned listener is kept.
    pub fn listen(&self, on_change: impl Fn(Announcement) + 'static) -> Option<EventListener> {
        let channel = self.channel.as_ref()?;
        Some(EventListener::new(channel, "message", move |event| {
            let Some(message) = event.dyn_ref::<MessageEvent>() else {
                return;
            };
            let Some(text) = message.data().as_string() else {
                return;
            };
            if let Ok(what) = serde_json::from_str::<Announcement>(&text) {
                on_change(what);
            }
        }))
    }
}
