//! `/cases/rules`: the triage rule set — each level's targets, the
//! departments with their people, caps and business hours, the level rules
//! and discriminators and the routing rules in order, each with its
//! conditions ([`conditions`], [`calendar`]). The JSON download is what
//! `ilgi triage --rules` reads. Saving checks the whole set (core
//! `RuleSet::validate`) and raises its version.

mod calendar;
mod conditions;

use ilgi_core::cases::model::{RulesRecord, rules_id};
use ilgi_core::cases::{Level, RuleSet};
use ilgi_core::i18n::Arg;
use ilgi_core::model::{Batch, Record};
use leptos::prelude::*;

use super::{LevelChip, department_name};
use crate::crm::use_crm;
use crate::i18n::use_i18n;
use crate::toast::use_toasts;
use calendar::CalendarEditor;
use conditions::{RuleCards, Which};

#[component]
pub fn CaseRules() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let loaded = LocalResource::new(move || async move {
        crm.revision();
        match crm.db() {
            Some(db) => db.rules().await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <section class="page" data-page="case-rules">
            <p><a href="/cases" class="back">{move || i18n.t("cases-back")}</a></p>
            <h1>{move || i18n.t("rules-title")}</h1>
            <p class="muted">{move || i18n.t("rules-intro")}</p>
            <Transition fallback=move || view! { <p>{move || i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Ok(Some(stored)) => view! { <RulesForm stored/> }.into_any(),
                        Ok(None) => view! { <p>{move || i18n.t("loading")}</p> }.into_any(),
                        Err(e) => {
                            crm.report(&e);
                            view! { <p>{move || i18n.t(e.key())}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RulesForm(stored: Option<RulesRecord>) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let toasts = use_toasts();
    let base = stored.clone();
    let rules = stored.map_or_else(ilgi_core::cases::default_rules, |r| r.rules);
    let draft = RwSignal::new(rules);
    let problems: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let base = StoredValue::new(base);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut rules = draft.get_untracked();
        let lang = i18n.lang();
        let found: Vec<String> = rules.problems().iter().map(|p| p.message(lang)).collect();
        problems.set(found.clone());
        if !found.is_empty() {
            // Once the list is drawn: the first field marked invalid takes
            // the focus, else the list of problems itself.
            request_animation_frame(|| {
                let doc = document();
                let target = doc
                    .query_selector("[data-testid=rules-form] [aria-invalid=true]")
                    .ok()
                    .flatten()
                    .or_else(|| {
                        doc.query_selector("[data-testid=rules-problems]")
                            .ok()
                            .flatten()
                    });
                if let Some(el) = target {
                    let _ =
                        wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
                }
            });
            return;
        }
        rules.version += 1;
        let record = RulesRecord {
            id: rules_id(),
            rules: rules.clone(),
            updated_at: 0,
            version: Default::default(),
            stamps: Default::default(),
            deleted: false,
        };
        let mut batch = Batch::new();
        match base.get_value() {
            Some(old) => batch.update(Record::Rules(old), Record::Rules(record)),
            None => batch.put(Record::Rules(record)),
        }
        leptos::task::spawn_local(async move {
            match crm.apply(batch).await {
                Ok(_) => toasts.info("rules-saved"),
                Err(e) => crm.report(&e),
            }
        });
    };
    let download = move |_| {
        let text = serde_json::to_string_pretty(&draft.get_untracked()).unwrap_or_default();
        if let Err(e) = crate::download::save_text("ilgi-rules.json", "application/json", &text) {
            toasts.error_key("download-failed", e);
        }
    };

    // A rule set from a JSON file (edited elsewhere, or another
    // workspace's): shown here to review, saved only with "Save".
    let upload_error: RwSignal<Option<String>> = RwSignal::new(None);
    let upload = move |ev: leptos::ev::Event| {
        let Some(file) = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            let text = match crate::download::read_file(&file).await {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(e) => {
                    upload_error.set(Some(e));
                    return;
                }
            };
            match RuleSet::from_json(&text) {
                Ok(mut rules) => {
                    rules.version = draft.with_untracked(|d| d.version);
                    let lang = i18n.lang();
                    problems.set(rules.problems().iter().map(|p| p.message(lang)).collect());
                    upload_error.set(None);
                    draft.set(rules);
                    toasts.info("rules-uploaded");
                }
                Err(e) => upload_error.set(Some(i18n.t_with(
                    "rules-upload-bad-json",
                    &[
                        ("name", Arg::Str(&file.name())),
                        ("line", Arg::Num(e.line as f64)),
                        ("column", Arg::Num(e.column as f64)),
                        ("detail", Arg::Str(&e.message)),
                    ],
                ))),
            }
        });
    };

    view! {
        <form class="form" on:submit=save novalidate data-testid="rules-form">
            <div class="panel">
                <h2>{move || i18n.t_with("rules-version", &[("version", Arg::Num(f64::from(draft.get().version)))])}</h2>
                <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("rules-levels-table")>
                    <table data-testid="rules-levels">
                        <thead><tr>
                            <th scope="col">{move || i18n.t("case-level")}</th>
                            <th scope="col">{move || i18n.t("rules-first-response-minutes")}</th>
                            <th scope="col">{move || i18n.t("rules-resolution-minutes")}</th>
                            <th scope="col">{move || i18n.t("rules-around-the-clock")}</th>
                        </tr></thead>
                        <tbody>
                            {Level::ALL.into_iter().map(|level| {
                                let n = level.number();
                                let get = move |f: fn(&ilgi_core::cases::triage::LevelTargets) -> u32| {
                                    draft.with(|r| r.targets(level).map(f).unwrap_or(0)).to_string()
                                };
                                let set = move |value: String, first: bool| {
                                    let minutes: u32 = value.trim().parse().unwrap_or(0);
                                    draft.update(|r| {
                                        if let Some(t) = r.levels.iter_mut().find(|t| t.level == level) {
                                            if first { t.first_response_minutes = minutes } else { t.resolution_minutes = minutes }
                                        }
                                    });
                                };
                                view! {
                                    <tr>
                                        <td><LevelChip level=Some(level)/></td>
                                        <td><input inputmode="numeric" data-field=format!("first-{n}")
                                            aria-label=move || format!("{} {}", i18n.t(level.key()), i18n.t("rules-first-response-minutes"))
                                            prop:value=move || get(|t| t.first_response_minutes)
                                            on:change=move |ev| set(event_target_value(&ev), true)/></td>
                                        <td><input inputmode="numeric" data-field=format!("resolution-{n}")
                                            aria-label=move || format!("{} {}", i18n.t(level.key()), i18n.t("rules-resolution-minutes"))
                                            prop:value=move || get(|t| t.resolution_minutes)
                                            on:change=move |ev| set(event_target_value(&ev), false)/></td>
                                        <td><input type="checkbox"
                                            aria-label=move || format!("{} {}", i18n.t(level.key()), i18n.t("rules-around-the-clock"))
                                            prop:checked=move || draft.with(|r| r.targets(level).is_some_and(|t| t.around_the_clock))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                draft.update(|r| if let Some(t) = r.levels.iter_mut().find(|t| t.level == level) { t.around_the_clock = on });
                                            }/></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </div>
            <div class="panel">
                <h2>{move || i18n.t("rules-departments")}</h2>
                <Departments draft/>
            </div>
            <div class="panel">
                <h2>{move || i18n.t("rules-rules")}</h2>
                <p class="muted">{move || i18n.t("rules-rules-intro")}</p>
                <RuleCards draft which=Which::Rule/>
            </div>
            <div class="panel">
                <h2>{move || i18n.t("rules-routing")}</h2>
                <p class="muted">{move || i18n.t("rules-routing-intro")}</p>
                <RuleCards draft which=Which::Route/>
            </div>
            <div role="alert" tabindex="-1" data-testid="rules-problems">
                <ul class="form-error">
                    {move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                </ul>
            </div>
            <div class="form-actions">
                <button type="submit" class="primary" data-testid="rules-save">{move || i18n.t("rules-save")}</button>
                <button type="button" data-testid="rules-download" on:click=download>{move || i18n.t("rules-download")}</button>
                <label for="rules-upload" class="button">{move || i18n.t("rules-upload")}</label>
                <input id="rules-upload" type="file" accept=".json,application/json" class="visually-hidden"
                    data-testid="rules-upload" on:change=upload/>
            </div>
            {move || upload_error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="rules-upload-error">{e}</p> })}
        </form>
    }
}

/// The departments: name, people, cap and business hours each; add and
/// remove (drawn again only when the list of ids changes).
#[component]
fn Departments(draft: RwSignal<RuleSet>) -> impl IntoView {
    let i18n = use_i18n();
    let ids = Memo::new(move |_| {
        draft.with(|r| {
            r.departments
                .iter()
                .map(|d| d.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let new_name = RwSignal::new(String::new());
    let refused = RwSignal::new(false);
    let add = move |_| {
        let name = new_name.get_untracked();
        let mut added = None;
        draft.update(|r| added = r.add_department(&name));
        if added.is_some() {
            new_name.set(String::new());
        }
    };
    view! {
        <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("rules-departments")>
            <table data-testid="rules-departments">
                <thead><tr>
                    <th scope="col">{move || i18n.t("case-department")}</th>
                    <th scope="col">{move || i18n.t("rules-department-name")}</th>
                    <th scope="col">{move || i18n.t("rules-agents")}</th>
                    <th scope="col">{move || i18n.t("rules-cap")}</th>
                </tr></thead>
                    {move || ids.get().into_iter().enumerate().map(|(i, dept)| {
                        let default_name = draft.with_untracked(|r| {
                            let mut unnamed = r.clone();
                            if let Some(x) = unnamed.departments.get_mut(i) { x.name.clear(); }
                            department_name(&unnamed, &dept, i18n)
                        });
                        let id = dept.to_string();
                        let read = move |f: fn(&ilgi_core::cases::Department) -> String| {
                            draft.with(|r| r.departments.get(i).map(f).unwrap_or_default())
                        };
                        let remove = {
                            let dept = dept.clone();
                            move |_| {
                                let mut removed = false;
                                draft.update(|r| removed = r.remove_department(&dept));
                                refused.set(!removed);
                            }
                        };
                        view! {
                            <tbody data-department=id.clone()>
                            <tr>
                                <td><code>{id.clone()}</code><br/>
                                    <button type="button" class="link" data-testid="department-remove" on:click=remove>
                                        {move || i18n.t("rules-department-remove")}</button></td>
                                <td><input data-field=format!("department-name-{id}") placeholder=default_name
                                    aria-label=move || i18n.t("rules-department-name")
                                    prop:value=move || read(|d| d.name.clone())
                                    on:change=move |ev| { let v = event_target_value(&ev); draft.update(|r| if let Some(x) = r.departments.get_mut(i) { x.name = v.trim().to_string() }) }/></td>
                                <td><input data-field=format!("department-agents-{id}")
                                    aria-label=move || i18n.t("rules-agents")
                                    prop:value=move || read(|d| d.agents.join(", "))
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        draft.update(|r| if let Some(x) = r.departments.get_mut(i) {
                                            x.agents = ilgi_core::cases::edit::split_list(&v);
                                        })
                                    }/></td>
                                <td><input inputmode="numeric" data-field=format!("department-cap-{id}")
                                    aria-label=move || i18n.t("rules-cap")
                                    prop:value=move || read(|d| d.cap.to_string())
                                    on:change=move |ev| { let v: u32 = event_target_value(&ev).trim().parse().unwrap_or(0); draft.update(|r| if let Some(x) = r.departments.get_mut(i) { x.cap = v }) }/></td>
                            </tr>
                            <tr class="department-hours"><td></td><td colspan="3"><CalendarEditor draft i/></td></tr>
                            </tbody>
                        }
                    }).collect_view()}
            </table>
        </div>
        {move || refused.get().then(|| view! { <p class="form-error" role="alert">{move || i18n.t("rules-department-in-use")}</p> })}
        <div class="rule-actions">
            <label for="department-new" class="visually-hidden">{move || i18n.t("rules-department-new-name")}</label>
            <input id="department-new" data-field="department-new" placeholder=move || i18n.t("rules-department-new-name")
                prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev))/>
            <button type="button" data-testid="department-add" on:click=add>{move || i18n.t("rules-department-add")}</button>
        </div>
    }
}
