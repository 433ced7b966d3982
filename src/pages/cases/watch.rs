//! Escalation on every page: while the app is open, breached cases go up
//! the chain once a minute even when no case page is shown (the queue and
//! the case page also check on their own, faster tick). The desk is
//! patched with the writes since the last check, never read whole again
//! for nothing, and the check compares each case's escalation instant.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use super::escalate_due;
use crate::crm::Crm;
use crate::storage::db::now_millis;

/// How often the app checks every case for a due escalation.
pub const EVERY: Duration = Duration::from_secs(60);

/// Starts the app-wide check (call once, from the root component).
pub fn watch_escalations(crm: Crm) {
    let busy = Rc::new(Cell::new(false));
    let tick = move || {
        if crm.db().is_none() || busy.replace(true) {
            return;
        }
        let busy = Rc::clone(&busy);
        leptos::task::spawn_local(async move {
            if let Err(e) = escalate_due(crm, now_millis()).await {
                crm.report(&e);
            }
            busy.set(false);
        });
    };
    if let Ok(handle) = set_interval_with_handle(tick, EVERY) {
        on_cleanup(move || handle.clear());
    }
}
