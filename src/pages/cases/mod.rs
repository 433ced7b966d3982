//! Complaint cases: the queue (department inboxes), the new-case form and
//! the case page. Everything that decides (triage, the journey, SLA clocks,
//! escalation) is core `ilgi_core::cases`; these pages load, show and
//! write.

mod desk;
mod detail;
pub mod from_posts;
mod import;
mod new;
mod queue;
mod queue_actions;
mod reports;
mod rules;
mod watch;

pub use desk::{AGENT, Desk, Filed, escalate_due, load_desk, next_due, read_desk, rules_of};
pub use detail::CaseDetail;
pub use new::CaseNew;
use queue::Queue;
pub use reports::CaseReports;
pub use rules::CaseRules;
pub use watch::watch_escalations;

use std::collections::HashMap;

use ilgi_core::cases::{
    CaseEvent, CaseState, Deadlines, DepartmentId, Level, RuleSet, Status, deadlines, perform,
};
use ilgi_core::i18n::Arg;
use ilgi_core::model::{Batch, Record};
use leptos::prelude::*;

use crate::crm::use_crm;
use crate::i18n::{I18n, use_i18n};
use crate::storage::db::{new_id, now_millis};

/// A ticking clock (Unix milliseconds), updated every `every_ms`.
pub fn ticking_now(every_ms: u64) -> ReadSignal<i64> {
    let (now, set_now) = signal(now_millis());
    if let Ok(handle) = set_interval_with_handle(
        move || set_now.set(now_millis()),
        std::time::Duration::from_millis(every_ms),
    ) {
        on_cleanup(move || handle.clear());
    }
    now
}

/// The level as a coloured chip.
#[component]
pub fn LevelChip(level: Option<Level>) -> impl IntoView {
    let i18n = use_i18n();
    match level {
        Some(level) => view! {
            <span class=format!("level level-{}", level.colour()) data-level=level.number()>
                {level.number()}" · "{move || i18n.t(level.key())}
            </span>
        }
        .into_any(),
        None => view! { <span class="level">"—"</span> }.into_any(),
    }
}

/// A department's name: the one the business gave, or the translated
/// default.
pub fn department_name(rules: &RuleSet, id: &DepartmentId, i18n: I18n) -> String {
    rules.department_name(id, i18n.lang())
}

/// "2 h 5 min" / "5 min".
pub fn duration(minutes: u64, i18n: I18n) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    if h > 0 {
        i18n.t_with(
            "case-hours-minutes",
            &[("h", Arg::Num(h as f64)), ("m", Arg::Num(m as f64))],
        )
    } else {
        i18n.t_with("case-minutes", &[("m", Arg::Num(m as f64))])
    }
}

/// "in 2 h 5 min" / "5 min late", from minutes left (negative: late).
pub fn countdown(minutes_left: i64, i18n: I18n) -> String {
    let span = duration(minutes_left.unsigned_abs(), i18n);
    if minutes_left < 0 {
        i18n.t_with("case-late", &[("span", Arg::Str(&span))])
    } else {
        i18n.t_with("case-left", &[("span", Arg::Str(&span))])
    }
}

/// Minutes to the next due time of a case (`None`: no running target).
fn minutes_to_breach(d: &Deadlines, state: &CaseState, now: i64) -> Option<i64> {
    Some((next_due(d, state)? - now).div_euclid(60_000))
}

/// Which inbox the queue shows.
#[derive(Clone, PartialEq)]
enum Inbox {
    All,
    Department(DepartmentId),
    /// Cases escalated to upper management (Management's "Escalated").
    Escalated,
}

/// `/cases`: the queue, sorted by level, then time to breach.
#[component]
pub fn CaseQueue() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    // The queue is drawn once and follows the desk as writes patch it, so
    // the inbox, the cursor and "show more" stay where the agent left them.
    let current: RwSignal<Option<Desk>> = RwSignal::new(None);
    let failed: RwSignal<Option<String>> = RwSignal::new(None);
    Effect::new(move |_| {
        crm.revision();
        if crm.db().is_none() {
            return;
        }
        leptos::task::spawn_local(async move {
            match load_desk(crm).await {
                Ok(desk) => current.set(Some(desk)),
                Err(e) => {
                    crm.report(&e);
                    failed.set(Some(e.key().to_string()));
                }
            }
        });
    });
    let ready = Memo::new(move |_| current.with(Option::is_some));
    view! {
        <section class="page" data-page="cases">
            <div class="page-head">
                <h1>{move || i18n.t(&ilgi_core::section::Section::Cases.title_key())}</h1>
                <div class="page-actions">
                    <a class="button" href="/cases/reports" data-testid="case-reports">{move || i18n.t("reports-title")}</a>
                    <a class="button" href="/cases/rules" data-testid="case-rules">{move || i18n.t("rules-title")}</a>
                    <a class="button primary" href="/cases/new" data-testid="new-case">{move || i18n.t("case-new")}</a>
                </div>
            </div>
            <p class="muted">{move || i18n.t("cases-intro")}</p>
            <import::CaseImport/>
            {move || match (ready.get(), failed.get()) {
                (true, _) => view! { <Queue desk=current/> }.into_any(),
                (false, Some(key)) => view! { <p>{move || i18n.t(&key)}</p> }.into_any(),
                (false, None) => view! { <p>{move || i18n.t("loading")}</p> }.into_any(),
            }}
        </section>
    }
}

/// The loaded desk as the queue reads it (always set once the queue is
/// drawn).
#[derive(Clone, Copy)]
struct Current(RwSignal<Option<Desk>>);

impl Current {
    /// Reads the desk, tracked.
    fn with<R: Default>(&self, f: impl FnOnce(&Desk) -> R) -> R {
        self.0.with(|d| d.as_ref().map(f).unwrap_or_default())
    }

    fn with_untracked<R: Default>(&self, f: impl FnOnce(&Desk) -> R) -> R {
        self.0
            .with_untracked(|d| d.as_ref().map(f).unwrap_or_default())
    }
}

/// The journey of a case, sorted as its state was derived.
pub fn ordered(journey: &[CaseEvent]) -> Vec<CaseEvent> {
    let mut out = journey.to_vec();
    out.sort_by(|a, b| {
        let first = |e: &CaseEvent| e.kind != ilgi_core::cases::EventKind::Created;
        first(a)
            .cmp(&first(b))
            .then(a.at.cmp(&b.at))
            .then(a.id.cmp(&b.id))
    });
    out
}

/// Cases of each customer: `(created_at, open)`, for triage facts.
pub fn cases_by_customer(desk: &Desk) -> HashMap<ilgi_core::model::Id, Vec<(i64, bool)>> {
    let mut out: HashMap<ilgi_core::model::Id, Vec<(i64, bool)>> = HashMap::new();
    for f in &desk.cases {
        if let Some(customer) = f.case.customer_id {
            out.entry(customer).or_default().push((
                f.case.created_at,
                f.state.status.is_some_and(Status::is_active),
            ));
        }
    }
    out
}
