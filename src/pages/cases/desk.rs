//! The case desk: every case with its journey, state and clocks, and the
//! rule set, as the queue, the reports, the new-case form and the
//! escalation check read them. It is read once and then patched with the
//! case records each write returns (`Crm::take_case_changes`): after an
//! assignment at 10,000 cases only that case is derived again. A bulk
//! write, a restore or another tab's write reads everything again.
//!
//! Escalation also lives here: breached cases go up the chain, every step
//! the time calls for, each its own event.

use std::cell::RefCell;

pub use ilgi_core::cases::desk::{Desk, Filed, next_due};
use ilgi_core::cases::{RuleSet, default_rules, due_escalation, perform};
use ilgi_core::model::{Batch, Record};

use crate::crm::Crm;
use crate::storage::db::{new_id, now_millis};
use crate::storage::{Db, StorageError};

/// The workspace's rule set, or the defaults before one was saved.
pub async fn rules_of(db: &Db) -> Result<RuleSet, StorageError> {
    Ok(db
        .rules()
        .await?
        .map_or_else(default_rules, |record| record.rules))
}

/// Reads every case, its journey and the rule set from the database.
pub async fn read_desk(db: &Db) -> Result<Desk, StorageError> {
    let rules = rules_of(db).await?;
    let journeys = db.journeys().await?;
    let cases = db.cases().await?;
    Ok(Desk::new(rules, cases, journeys, now_millis()))
}

/// Who the app records as doing what (there are no accounts before sync).
pub const AGENT: &str = "team";

thread_local! {
    /// Whether an escalation check is writing: checks never overlap, so a
    /// step is not written twice by one tab (a second tab's duplicate is
    /// set aside by the journey).
    static ESCALATING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Events written per batch by an escalation check: a mass escalation (an
/// import of old open complaints, an app closed for a week) is written in
/// slices that each stay well under a frame budget's worth of encoding,
/// with the page free between them.
const ESCALATION_SLICE: usize = 200;

/// Writes the escalations that breached cases call for: every step the
/// time calls for, each its own event. Decides on the desk as this tab
/// last wrote it ([`load_desk`]); a step another tab wrote at the same
/// time is set aside by the journey. Returns how many cases were
/// escalated.
pub async fn escalate_due(crm: Crm, now: i64) -> Result<usize, StorageError> {
    if crm.db().is_none() || ESCALATING.with(|busy| busy.replace(true)) {
        return Ok(0);
    }
    let result = escalate_now(crm, now).await;
    ESCALATING.with(|busy| busy.set(false));
    result
}

async fn escalate_now(crm: Crm, now: i64) -> Result<usize, StorageError> {
    let desk = load_desk(crm).await?;
    let mut batch = Batch::new();
    let mut escalated = 0;
    let mut next_id = new_id;
    for filed in &desk.cases {
        if filed.escalates_at.is_none_or(|t| t > now) {
            continue;
        }
        // Every step the time calls for (an app closed over a weekend
        // comes back to cases that are several steps late).
        let mut state = filed.state.clone();
        let mut stepped = false;
        for _ in 0..ilgi_core::cases::EscalationStep::ALL.len() {
            let Ok(Some(op)) = due_escalation(&state, &desk.rules, now) else {
                break;
            };
            let Ok(events) = perform(
                &state,
                filed.case.id,
                op,
                now.max(state.last_at),
                ilgi_core::cases::model::SYSTEM,
                &mut next_id,
            ) else {
                break;
            };
            for event in events {
                if state.apply(&event).is_err() {
                    break;
                }
                batch.put(Record::CaseEvent(event));
            }
            stepped = true;
        }
        escalated += usize::from(stepped);
        if batch.len() >= ESCALATION_SLICE {
            crm.apply(std::mem::take(&mut batch)).await?;
        }
    }
    if !batch.is_empty() {
        crm.apply(batch).await?;
    }
    Ok(escalated)
}

/// The desk as last read, with the case epoch it was read in.
struct Cached {
    epoch: u64,
    desk: Desk,
}

thread_local! {
    static CACHE: RefCell<Option<Cached>> = const { RefCell::new(None) };
}

/// Every case, its journey and clocks, and the rule set: patched with the
/// writes since the last call (core `Desk::patch`), or read whole when
/// that is not enough.
pub async fn load_desk(crm: Crm) -> Result<Desk, StorageError> {
    let db = crm.db().ok_or_else(StorageError::not_open)?;
    let (epoch, changes) = crm.take_case_changes();
    let patched = CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let cached = cache.as_mut().filter(|c| c.epoch == epoch)?;
        match cached.desk.patch(&changes, now_millis()) {
            Ok(()) => Some(cached.desk.clone()),
            Err(_) => {
                *cache = None;
                None
            }
        }
    });
    if let Some(desk) = patched {
        return Ok(desk);
    }
    let desk = read_desk(&db).await?;
    CACHE.with(|cache| {
        *cache.borrow_mut() = Some(Cached {
            epoch,
            desk: desk.clone(),
        })
    });
    Ok(desk)
}
