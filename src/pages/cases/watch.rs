//! Escalation on every page: while the app is open, breached cases go up
//! the chain once a minute even when no case page is shown (the queue and
//! the case page also check on their own, faster tick). The cases are
//! re-read only when something was written since the last check.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use super::{Desk, escalate_due, load_desk};
use crate::crm::Crm;
use crate::storage::db::now_millis;

/// How often the app checks every case for a due escalation.
pub const EVERY: Duration = Duration::from_secs(60);

/// Starts the app-wide check (call once, from the root component).
pub fn watch_escalations(crm: Crm) {
    // The desk as last read, with the revision it was read at.
    let cache: Rc<RefCell<Option<(u64, Rc<Desk>)>>> = Rc::default();
    let busy = Rc::new(Cell::new(false));
    let tick = move || {
        if busy.replace(true) {
            return;
        }
        let cache = Rc::clone(&cache);
        let busy = Rc::clone(&busy);
        leptos::task::spawn_local(async move {
            if let Err(e) = check(crm, &cache).await {
                crm.report(&e);
            }
            busy.set(false);
        });
    };
    if let Ok(handle) = set_interval_with_handle(tick, EVERY) {
        on_cleanup(move || handle.clear());
    }
}

async fn check(
    crm: Crm,
    cache: &RefCell<Option<(u64, Rc<Desk>)>>,
) -> Result<(), crate::storage::StorageError> {
    let Some(db) = crm.db() else {
        return Ok(());
    };
    let revision = crm.revision_untracked();
    let fresh = cache
        .borrow()
        .as_ref()
        .filter(|(at, _)| *at == revision)
        .map(|(_, desk)| Rc::clone(desk));
    let desk = match fresh {
        Some(desk) => desk,
        None => {
            let desk = Rc::new(load_desk(&db).await?);
            *cache.borrow_mut() = Some((revision, Rc::clone(&desk)));
            desk
        }
    };
    if !desk.cases.is_empty() {
        escalate_due(crm, &desk, now_millis()).await?;
    }
    Ok(())
}
