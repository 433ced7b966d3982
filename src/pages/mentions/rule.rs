//! The automatic case rule: which posts open a case by themselves while
//! they are imported (off unless turned on). It lives in the workspace's
//! rule set, so it syncs with the triage rules.

use ilgi_core::cases::model::{RulesRecord, rules_id};
use ilgi_core::model::{Batch, Record};
use ilgi_core::social::auto_case::AutoCase;
use leptos::prelude::*;

use crate::crm::use_crm;
use crate::i18n::use_i18n;
use crate::storage::StorageError;
use crate::toast::use_toasts;

#[component]
pub fn AutoCaseRule() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let toasts = use_toasts();
    let stored = LocalResource::new(move || async move {
        crm.revision();
        let Some(db) = crm.db() else {
            return Ok(None);
        };
        db.rules().await
    });
    let enabled = RwSignal::new(false);
    let min_score = RwSignal::new(String::new());
    let min_reach = RwSignal::new(String::new());
    let public_only = RwSignal::new(false);
    let error = RwSignal::new(false);
    let fill = move |rule: &AutoCase| {
        enabled.set(rule.enabled);
        min_score.set(format!("{:.0}", rule.min_score * 100.0));
        min_reach.set(rule.min_reach.to_string());
        public_only.set(rule.public_only);
    };
    Effect::new(move |_| {
        if let Some(Ok(record)) = stored.get() {
            let rule = record.map(|r| r.rules.auto_case).unwrap_or_default();
            fill(&rule);
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let score = min_score.get_untracked().trim().parse::<f64>().ok();
        let reach = min_reach
            .get_untracked()
            .replace(['.', ',', ' '], "")
            .parse::<u64>()
            .ok();
        let (Some(score), Some(reach)) = (score.filter(|s| (0.0..=100.0).contains(s)), reach)
        else {
            error.set(true);
            return;
        };
        error.set(false);
        let rule = AutoCase {
            enabled: enabled.get_untracked(),
            min_score: score / 100.0,
            min_reach: reach,
            public_only: public_only.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let result = async {
                let db = crm.db().ok_or_else(StorageError::not_open)?;
                let old = db.rules().await?;
                let mut rules = old
                    .as_ref()
                    .map_or_else(ilgi_core::cases::default_rules, |r| r.rules.clone());
                rules.auto_case = rule;
                rules.version += 1;
                let record = RulesRecord {
                    id: rules_id(),
                    rules,
                    updated_at: 0,
                    version: Default::default(),
                    stamps: Default::default(),
                    deleted: false,
                };
                let mut batch = Batch::new();
                match old {
                    Some(old) => batch.update(Record::Rules(old), Record::Rules(record)),
                    None => batch.put(Record::Rules(record)),
                }
                crm.apply(batch).await
            }
            .await;
            match result {
                Ok(_) => toasts.info("auto-case-saved"),
                Err(e) => crm.report(&e),
            }
        });
    };
    view! {
        <details class="panel" data-testid="auto-case">
            <summary>
                {move || i18n.t("auto-case-title")}" "
                <span class="muted">{move || i18n.t(if enabled.get() { "auto-case-on" } else { "auto-case-off" })}</span>
            </summary>
            <p class="muted">{move || i18n.t("auto-case-help")}</p>
            <form class="form" on:submit=save novalidate>
                <label class="check">
                    <input type="checkbox" data-field="auto-case-enabled" prop:checked=move || enabled.get()
                        on:change=move |ev| enabled.set(event_target_checked(&ev))/>
                    <span>{move || i18n.t("auto-case-enabled")}</span>
                </label>
                <div class="field">
                    <label for="auto-case-score">{move || i18n.t("auto-case-min-score")}</label>
                    <input id="auto-case-score" type="number" min="0" max="100" step="5" inputmode="numeric"
                        prop:value=move || min_score.get() on:input=move |ev| min_score.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="auto-case-reach">{move || i18n.t("auto-case-min-reach")}</label>
                    <input id="auto-case-reach" type="number" min="0" inputmode="numeric"
                        prop:value=move || min_reach.get() on:input=move |ev| min_reach.set(event_target_value(&ev))/>
                </div>
                <label class="check">
                    <input type="checkbox" prop:checked=move || public_only.get()
                        on:change=move |ev| public_only.set(event_target_checked(&ev))/>
                    <span>{move || i18n.t("auto-case-public-only")}</span>
                </label>
                <Show when=move || error.get()>
                    <p class="form-error" role="alert">{move || i18n.t("auto-case-invalid")}</p>
                </Show>
                <div class="page-actions">
                    <button type="submit" class="primary" data-testid="auto-case-save">{move || i18n.t("save")}</button>
                </div>
            </form>
        </details>
    }
}
