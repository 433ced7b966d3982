//! The case queue's keyboard (j/k move, Enter opens, x ticks, a goes to
//! the bulk assignee, r replies, ? shows the keys) and its bulk
//! assignments, as batches of case events.

use std::collections::BTreeSet;
use std::sync::Arc;

use ilgi_core::cases::Department;
use ilgi_core::model::Id;

use super::*;

/// What the queue's keys read and move.
pub(super) struct Keys {
    pub sorted: Memo<Vec<usize>>,
    pub shown: RwSignal<usize>,
    pub cursor: RwSignal<Option<usize>>,
    pub ticked: RwSignal<BTreeSet<Id>>,
    pub help: RwSignal<bool>,
    pub desk: Current,
}

/// Listens to the queue's keys on the document (dropped with the page).
pub(super) fn queue_keys(keys: Keys) -> gloo_events::EventListener {
    let Keys {
        sorted,
        shown,
        cursor,
        ticked,
        help,
        desk,
    } = keys;
    let case_at = move |at: &usize| desk.with_untracked(|d| d.cases.get(*at).cloned());
    let navigate = leptos_router::hooks::use_navigate();
    gloo_events::EventListener::new(&document(), "keydown", move |event| {
        let Some(event) = wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(event) else {
            return;
        };
        if event.ctrl_key() || event.meta_key() || event.alt_key() {
            return;
        }
        let typing = event
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| match el.tag_name().as_str() {
                // A ticked box or a file field keeps the keys for the queue.
                "INPUT" => !matches!(
                    el.get_attribute("type").as_deref(),
                    Some("checkbox" | "radio" | "file" | "button" | "submit")
                ),
                "TEXTAREA" | "SELECT" => true,
                _ => false,
            });
        if typing {
            return;
        }
        let len = sorted.with_untracked(|l| l.len().min(shown.get_untracked()));
        let current = cursor.get_untracked();
        let at = |i: usize| sorted.with_untracked(|l| l.get(i).and_then(case_at));
        let open = |suffix: &str| {
            if let Some(f) = current.and_then(at) {
                navigate(&format!("/cases/{}{suffix}", f.case.id), Default::default());
            }
        };
        match event.key().as_str() {
            "j" | "ArrowDown" if len > 0 => {
                cursor.set(Some(current.map_or(0, |i| (i + 1).min(len - 1))));
            }
            "k" | "ArrowUp" if len > 0 => {
                cursor.set(Some(current.map_or(0, |i| i.saturating_sub(1))));
            }
            "Enter" | "o" => open(""),
            "r" => open("?focus=reply"),
            "x" => {
                if let Some(f) = current.and_then(at) {
                    let id = f.case.id;
                    ticked.update(|t| {
                        if !t.remove(&id) {
                            t.insert(id);
                        }
                    });
                }
            }
            "a" => {
                if let Some(el) = document().get_element_by_id("bulk-assignee") {
                    let _ =
                        wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
                    event.prevent_default();
                }
            }
            "?" => help.update(|h| *h = !*h),
            "Escape" => help.set(false),
            _ => return,
        }
        event.prevent_default();
    })
}

/// Assigns the ticked cases to `name`.
pub(super) fn assign_batch(desk: &Desk, ids: &BTreeSet<Id>, name: &str, now: i64) -> Batch {
    let mut batch = Batch::new();
    let mut next_id = new_id;
    for f in desk.cases.iter().filter(|f| ids.contains(&f.case.id)) {
        if let Ok(events) = perform(
            &f.state,
            f.case.id,
            ilgi_core::cases::Op::Assign(Some(name.to_string())),
            now.max(f.state.last_at),
            AGENT,
            &mut next_id,
        ) {
            for e in events {
                batch.put(Record::CaseEvent(e));
            }
        }
    }
    batch
}

/// Round-robin within a department: `waiting` (its unassigned open cases,
/// most urgent first) go to its agents in turn, full agents skipped, the
/// turn going on from the last agent given a case.
pub(super) fn in_turn_batch(
    desk: &Desk,
    department: &Department,
    waiting: &[Arc<Filed>],
    now: i64,
) -> Batch {
    let dept = &department.id;
    let mut open: HashMap<String, u32> = HashMap::new();
    let mut last: Option<(i64, String)> = None;
    for f in desk
        .cases
        .iter()
        .filter(|f| f.state.department.as_ref() == Some(dept))
    {
        if let (Some(a), true) = (
            &f.state.assignee,
            f.state.status.is_some_and(Status::is_active),
        ) {
            *open.entry(a.clone()).or_default() += 1;
        }
        for e in &f.journey {
            if let ilgi_core::cases::EventKind::Reassigned { assignee: Some(a) } = &e.kind
                && last.as_ref().is_none_or(|(at, _)| e.at >= *at)
            {
                last = Some((e.at, a.clone()));
            }
        }
    }
    let mut last = last.map(|(_, a)| a);
    let given =
        ilgi_core::cases::assign::round_robin(department, waiting.len(), &mut open, &mut last);
    let mut batch = Batch::new();
    let mut next_id = new_id;
    for (i, agent) in given {
        let f = &waiting[i];
        if let Ok(events) = perform(
            &f.state,
            f.case.id,
            ilgi_core::cases::Op::Assign(Some(agent)),
            now.max(f.state.last_at),
            AGENT,
            &mut next_id,
        ) {
            for e in events {
                batch.put(Record::CaseEvent(e));
            }
        }
    }
    batch
}
