//! The case queue: inbox tabs, filters, the sorted rows with their
//! countdowns, keyboard moves and bulk assignment.

use super::queue_actions::{Keys, assign_batch, in_turn_batch, queue_keys};
use super::*;

#[component]
pub(super) fn Queue(desk: RwSignal<Option<Desk>>) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let now = ticking_now(15_000);
    // The inbox shown lives in the URL (`?inbox=technical`), so it
    // survives the reload after a write and can be linked to.
    let url = leptos_router::hooks::use_query_map();
    let initial = match url.with_untracked(|q| q.get("inbox")).as_deref() {
        None | Some("") | Some("all") => Inbox::All,
        Some("escalated") => Inbox::Escalated,
        Some(d) => Inbox::Department(DepartmentId::new(d)),
    };
    let inbox = RwSignal::new(initial);
    let go = leptos_router::hooks::use_navigate();
    Effect::new(move |first: Option<()>| {
        let code = match inbox.get() {
            Inbox::All => "all".to_string(),
            Inbox::Escalated => "escalated".to_string(),
            Inbox::Department(d) => d.to_string(),
        };
        if first.is_some() {
            go(
                &format!("/cases?inbox={code}"),
                leptos_router::NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });
    let active_only = RwSignal::new(true);
    // Filters: one level, and cases nobody has taken yet.
    let level_only: RwSignal<Option<Level>> = RwSignal::new(None);
    let unassigned_only = RwSignal::new(false);
    let desk = Current(desk);
    // Breached cases go up the chain while the queue is open.
    Effect::new(move |_| {
        let now = now.get();
        leptos::task::spawn_local(async move {
            if let Err(e) = escalate_due(crm, now).await {
                crm.report(&e);
            }
        });
    });
    let departments: Vec<DepartmentId> =
        desk.with_untracked(|d| d.rules.departments.iter().map(|d| d.id.clone()).collect());
    // Open cases per tab, counted in one pass whenever the desk changes.
    let tab_counts = Memo::new(move |_| {
        desk.with(|d| {
            let mut all = 0usize;
            let mut escalated = 0usize;
            let mut by: HashMap<DepartmentId, usize> = HashMap::new();
            for f in d
                .cases
                .iter()
                .filter(|f| f.state.status.is_some_and(Status::is_active))
            {
                all += 1;
                if let Some(dept) = &f.state.department {
                    *by.entry(dept.clone()).or_default() += 1;
                }
                if in_inbox(f, &Inbox::Escalated) {
                    escalated += 1;
                }
            }
            (all, by, escalated)
        })
    });
    let counts = move |which: &Inbox| {
        tab_counts.with(|(all, by, escalated)| match which {
            Inbox::All => *all,
            Inbox::Escalated => *escalated,
            Inbox::Department(d) => by.get(d).copied().unwrap_or(0),
        })
    };
    // The sorted queue as positions into the desk. Cases sort by level,
    // then by when their next target falls due: due instants are computed
    // once per load ([`Filed::due`]; a running clock's due time does not
    // move), so a tick of the clock re-sorts nothing and only the rows
    // drawn recompute their countdowns. 10,000 open cases stay smooth.
    let sorted = Memo::new(move |_| {
        let which = inbox.get();
        let active = active_only.get();
        let level = level_only.get();
        let unassigned = unassigned_only.get();
        desk.with(|d| {
            let mut rows: Vec<usize> = d
                .cases
                .iter()
                .enumerate()
                .filter(|(_, f)| !active || f.state.status.is_some_and(Status::is_active))
                .filter(|(_, f)| in_inbox(f, &which))
                .filter(|(_, f)| level.is_none_or(|l| f.state.level == Some(l)))
                .filter(|(_, f)| !unassigned || f.state.assignee.is_none())
                .map(|(at, _)| at)
                .collect();
            rows.sort_by_key(|&at| {
                let f = &d.cases[at];
                (
                    f.state.level.map_or(9, Level::number),
                    f.due.unwrap_or(i64::MAX),
                    f.case.created_at,
                )
            });
            rows
        })
    });
    let shown = RwSignal::new(PAGE);
    Effect::new(move |_| {
        inbox.track();
        active_only.track();
        level_only.track();
        unassigned_only.track();
        shown.set(PAGE);
    });
    let case_at = move |at: &usize| desk.with_untracked(|d| d.cases.get(*at).cloned());
    let rules = desk
        .0
        .with_untracked(|d| d.as_ref().map(|d| d.rules.clone()))
        .unwrap_or_else(ilgi_core::cases::default_rules);
    let rules = StoredValue::new(rules);

    // Keyboard: j/k move, Enter opens, x ticks, a assigns the ticked
    // cases, r replies, ? shows the keys.
    let cursor: RwSignal<Option<usize>> = RwSignal::new(None);
    let ticked: RwSignal<std::collections::BTreeSet<ilgi_core::model::Id>> =
        RwSignal::new(Default::default());
    let help = RwSignal::new(false);
    let assignee = RwSignal::new(String::new());
    let listener = queue_keys(Keys {
        sorted,
        shown,
        cursor,
        ticked,
        help,
        desk,
    });
    let listener = StoredValue::new_local(Some(listener));
    on_cleanup(move || {
        listener.update_value(|l| {
            l.take();
        })
    });
    let assign_ticked = move |_| {
        let name = assignee.get_untracked().trim().to_string();
        if name.is_empty() {
            return;
        }
        let ids = ticked.get_untracked();
        let batch = desk.with_untracked(|d| assign_batch(d, &ids, &name, now_millis()));
        leptos::task::spawn_local(async move {
            if let Err(e) = crm.apply(batch).await {
                crm.report(&e);
            }
        });
        ticked.set(Default::default());
    };
    // Round-robin within the department shown: its unassigned open cases,
    // most urgent first, go to its agents in turn (full agents skipped).
    let in_turn = move |_| {
        let Inbox::Department(dept) = inbox.get_untracked() else {
            return;
        };
        let Some(department) = rules.with_value(|r| r.department(&dept).cloned()) else {
            return;
        };
        let waiting: Vec<std::sync::Arc<Filed>> = sorted.with_untracked(|l| {
            l.iter()
                .filter_map(case_at)
                .filter(|f| {
                    f.state.assignee.is_none() && f.state.status.is_some_and(Status::is_active)
                })
                .collect()
        });
        let batch = desk.with_untracked(|d| in_turn_batch(d, &department, &waiting, now_millis()));
        leptos::task::spawn_local(async move {
            if let Err(e) = crm.apply(batch).await {
                crm.report(&e);
            }
        });
    };
    let has_agents = move || match inbox.get() {
        Inbox::Department(d) => {
            rules.with_value(|r| r.department(&d).is_some_and(|d| !d.agents.is_empty()))
        }
        _ => false,
    };
    view! {
        <div class="bulk-bar" data-testid="bulk-assign">
            {move || has_agents().then(|| view! {
                <button type="button" data-testid="assign-in-turn" on:click=in_turn>{move || i18n.t("cases-assign-in-turn")}</button>
            })}
            <span>{move || i18n.t_with("cases-ticked", &[("count", Arg::Num(ticked.get().len() as f64))])}</span>
            <label for="bulk-assignee" class="visually-hidden">{move || i18n.t("case-assignee")}</label>
            <input id="bulk-assignee" data-field="bulk-assignee" placeholder=move || i18n.t("case-assignee")
                prop:value=move || assignee.get() on:input=move |ev| assignee.set(event_target_value(&ev))/>
            <button type="button" data-testid="bulk-assign-button" disabled=move || ticked.get().is_empty()
                on:click=assign_ticked>{move || i18n.t("cases-assign-ticked")}</button>
            <button type="button" class="link" data-testid="shortcuts" aria-haspopup="dialog"
                on:click=move |_| help.set(true)>{move || i18n.t("cases-keys")}</button>
        </div>
        {move || help.get().then(|| view! {
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="keys-title" data-testid="shortcuts-help">
                <h2 id="keys-title">{move || i18n.t("cases-keys")}</h2>
                <dl class="facts">
                    <dt><kbd>"j"</kbd>" / "<kbd>"k"</kbd></dt><dd>{move || i18n.t("cases-key-move")}</dd>
                    <dt><kbd>"Enter"</kbd></dt><dd>{move || i18n.t("cases-key-open")}</dd>
                    <dt><kbd>"x"</kbd></dt><dd>{move || i18n.t("cases-key-tick")}</dd>
                    <dt><kbd>"a"</kbd></dt><dd>{move || i18n.t("cases-key-assign")}</dd>
                    <dt><kbd>"r"</kbd></dt><dd>{move || i18n.t("cases-key-reply")}</dd>
                    <dt><kbd>"?"</kbd></dt><dd>{move || i18n.t("cases-key-help")}</dd>
                </dl>
                <button type="button" on:click=move |_| help.set(false)>{move || i18n.t("close")}</button>
            </div>
        })}
        <div class="inbox-tabs" role="tablist" data-testid="inboxes">
            <InboxTab inbox counts=counts which=Inbox::All label=Signal::derive(move || i18n.t("cases-inbox-all"))/>
            {departments.into_iter().map(|d| {
                let label = {
                    let d = d.clone();
                    Signal::derive(move || rules.with_value(|r| department_name(r, &d, i18n)))
                };
                view! { <InboxTab inbox counts=counts which=Inbox::Department(d) label/> }
            }).collect_view()}
            <InboxTab inbox counts=counts which=Inbox::Escalated label=Signal::derive(move || i18n.t("cases-inbox-escalated"))/>
        </div>
        <div class="queue-filters" data-testid="queue-filters">
            <label class="inline">
                <input type="checkbox" prop:checked=move || active_only.get()
                    on:change=move |ev| active_only.set(event_target_checked(&ev))/>
                {move || i18n.t("cases-active-only")}
            </label>
            <label class="inline">
                <input type="checkbox" data-field="unassigned-only" prop:checked=move || unassigned_only.get()
                    on:change=move |ev| unassigned_only.set(event_target_checked(&ev))/>
                {move || i18n.t("cases-unassigned-only")}
            </label>
            <label class="inline">
                {move || i18n.t("case-level")}
                <select data-field="level-filter" on:change=move |ev| {
                    let n: u8 = event_target_value(&ev).parse().unwrap_or(0);
                    level_only.set(Level::try_from(n).ok());
                }>
                    <option value="0" selected=move || level_only.get().is_none()>{move || i18n.t("cases-every-level")}</option>
                    {Level::ALL.into_iter().map(|l| view! {
                        <option value=l.number().to_string() selected=move || level_only.get() == Some(l)>
                            {l.number()}" · "{move || i18n.t(l.key())}
                        </option>
                    }).collect_view()}
                </select>
            </label>
        </div>
        <div class="panel table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("cases-queue-table")>
            <table data-testid="case-queue">
                <thead><tr>
                    <th scope="col"><span class="visually-hidden">{move || i18n.t("cases-tick")}</span></th>
                    <th scope="col">{move || i18n.t("case-number")}</th>
                    <th scope="col">{move || i18n.t("case-level")}</th>
                    <th scope="col">{move || i18n.t("case-text")}</th>
                    <th scope="col">{move || i18n.t("case-department")}</th>
                    <th scope="col">{move || i18n.t("case-status")}</th>
                    <th scope="col">{move || i18n.t("case-assignee")}</th>
                    <th scope="col">{move || i18n.t("case-due")}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let total = sorted.with(Vec::len);
                        if total == 0 {
                            return view! {
                                <tr><td colspan="8" data-testid="cases-empty">{move || i18n.t("cases-empty")}</td></tr>
                            }.into_any();
                        }
                        // Rows are drawn again when a write patched the desk.
                        desk.0.track();
                        let list: Vec<usize> = sorted.with(|l| l.iter().take(shown.get()).copied().collect());
                        list.into_iter().enumerate().filter_map(|(i, at)| Some((i, at, case_at(&at)?))).map(|(i, at, f)| {
                            let id = f.case.id;
                            let label = f.case.number.clone();
                            // The row's clock: minutes to the next breach and
                            // the warning, recomputed on each tick.
                            let clock = Memo::new(move |_| {
                                let now = now.get();
                                desk.with_untracked(|d| {
                                    let state = &d.cases.get(at)?.state;
                                    deadlines(state, &d.rules, now)
                                        .ok()
                                        .map(|dl| (minutes_to_breach(&dl, state, now), dl.warning))
                                })
                            });
                            let left = move || clock.get().and_then(|(left, _)| left);
                            let dept = f.state.department.clone().map(|d| rules.with_value(|r| department_name(r, &d, i18n))).unwrap_or_default();
                            let status = f.state.status.unwrap_or(Status::Open);
                            let excerpt: String = f.case.text.chars().take(80).collect();
                            view! {
                                <tr data-testid="case-row" data-number=f.case.number.clone()
                                    class:late=move || left().is_some_and(|m| m < 0)
                                    class:warn=move || clock.get().is_some_and(|(_, warn)| warn)
                                    class:selected=move || cursor.get() == Some(i)
                                    aria-selected=move || (cursor.get() == Some(i)).to_string()>
                                    <td><input type="checkbox" aria-label=label
                                        prop:checked=move || ticked.with(|t| t.contains(&id))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            ticked.update(|t| { if on { t.insert(id); } else { t.remove(&id); } });
                                        }/></td>
                                    <td><a href=format!("/cases/{}", f.case.id)>{f.case.number.clone()}</a></td>
                                    <td><LevelChip level=f.state.level/></td>
                                    <td>{excerpt}</td>
                                    <td>{dept}</td>
                                    <td>{move || i18n.t(status.key())}</td>
                                    <td data-testid="case-assignee">{f.state.assignee.clone().unwrap_or_default()}</td>
                                    <td data-testid="case-countdown">{move || left().map(|m| countdown(m, i18n))}</td>
                                </tr>
                            }
                        }).collect_view().into_any()
                    }}
                </tbody>
            </table>
            {move || {
                let total = sorted.with(Vec::len);
                let now_shown = shown.get().min(total);
                (total > now_shown).then(|| view! {
                    <p class="table-more">
                        <span data-testid="cases-showing">{move || i18n.t_with("cases-showing", &[
                            ("shown", Arg::Num(now_shown as f64)),
                            ("total", Arg::Num(total as f64)),
                        ])}</span>" "
                        <button type="button" data-testid="cases-show-more"
                            on:click=move |_| shown.update(|n| *n += PAGE)>
                            {move || i18n.t_with("segment-show-more", &[("n", Arg::Num(PAGE.min(total - now_shown) as f64))])}
                        </button>
                    </p>
                })
            }}
        </div>
    }
}

/// Rows the queue draws at first and adds with "show more".
const PAGE: usize = 100;

fn in_inbox(f: &Filed, inbox: &Inbox) -> bool {
    match inbox {
        Inbox::All => true,
        Inbox::Department(d) => f.state.department.as_ref() == Some(d),
        Inbox::Escalated => {
            f.state.escalation == Some(ilgi_core::cases::EscalationStep::UpperManagement)
        }
    }
}

#[component]
fn InboxTab(
    inbox: RwSignal<Inbox>,
    counts: impl Fn(&Inbox) -> usize + Copy + Send + Sync + 'static,
    which: Inbox,
    label: Signal<String>,
) -> impl IntoView {
    let test_id = match &which {
        Inbox::All => "all".to_string(),
        Inbox::Department(d) => d.to_string(),
        Inbox::Escalated => "escalated".to_string(),
    };
    let counted = which.clone();
    let count = move || counts(&counted);
    let (selected, click) = (which.clone(), which);
    view! {
        <button type="button" role="tab" data-inbox=test_id
            aria-selected=move || (inbox.get() == selected).to_string()
            on:click=move |_| inbox.set(click.clone())>
            {move || label.get()}" "<span class="count">{count}</span>
        </button>
    }
}
