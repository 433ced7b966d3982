//! The rule editor: a group's join, its condition rows and (one level
//! deep) its subgroups.

use ilgi_core::segment::{Field, Join, Kind, Op};
use leptos::prelude::*;

use super::draft::{CondDraft, GroupDraft};
use crate::i18n::use_i18n;

/// A group's join, its conditions and (at the top level) its subgroups.
#[component]
pub(super) fn GroupEditor(
    group: GroupDraft,
    depth: usize,
    problem_of: Callback<u64, Option<String>>,
    on_remove: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let add_condition = move |_| {
        group
            .conds
            .update(|c| c.push(CondDraft::new(Field::RfmSegment)))
    };
    let add_group = move |_| {
        let sub = GroupDraft::new(Join::Any);
        sub.conds.update(|c| c.push(CondDraft::new(Field::City)));
        group.groups.update(|g| g.push(sub));
    };
    let testid = if depth == 0 {
        "rule-root"
    } else {
        "rule-group"
    };
    view! {
        <fieldset class=if depth == 0 { "rule-group" } else { "rule-group nested" } data-testid=testid>
            <legend class="rule-join">
                <label>
                    <span class="visually-hidden">{move || i18n.t("segment-join-label")}</span>
                    <select data-testid="rule-join" on:change=move |ev| {
                        group.join.set(if event_target_value(&ev) == "any" { Join::Any } else { Join::All });
                    }>
                        <option value="all" selected=move || group.join.get() == Join::All>{move || i18n.t(Join::All.key())}</option>
                        <option value="any" selected=move || group.join.get() == Join::Any>{move || i18n.t(Join::Any.key())}</option>
                    </select>
                </label>
                {on_remove.map(|remove| view! {
                    <button type="button" class="link" data-testid="rule-group-remove" on:click=move |_| remove.run(())>
                        {move || i18n.t("segment-remove-group")}
                    </button>
                })}
            </legend>
            <For each=move || group.conds.get() key=|c| c.key let:cond>
                <ConditionRow
                    cond
                    problem=Signal::derive(move || problem_of.run(cond.key))
                    on_remove=Callback::new(move |_| group.conds.update(|c| c.retain(|x| x.key != cond.key)))
                />
            </For>
            {(depth == 0).then(|| view! {
                <For each=move || group.groups.get() key=|g| g.key let:sub>
                    <SubGroup
                        group=sub
                        problem_of
                        on_remove=Callback::new(move |_| group.groups.update(|g| g.retain(|x| x.key != sub.key)))
                    />
                </For>
            })}
            <div class="rule-actions">
                <button type="button" data-testid="rule-add-condition" on:click=add_condition>{move || i18n.t("segment-add-condition")}</button>
                {(depth == 0).then(|| view! {
                    <button type="button" data-testid="rule-add-group" on:click=add_group>{move || i18n.t("segment-add-group")}</button>
                })}
            </div>
        </fieldset>
    }
}

/// A nested group (one level: the builder keeps rules readable).
#[component]
fn SubGroup(
    group: GroupDraft,
    problem_of: Callback<u64, Option<String>>,
    on_remove: Callback<()>,
) -> impl IntoView {
    view! { <GroupEditor group depth=1 problem_of on_remove=Some(on_remove)/> }.into_any()
}

/// Field, operator and value of one condition.
#[component]
fn ConditionRow(
    cond: CondDraft,
    problem: Signal<Option<String>>,
    on_remove: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let set_field = move |ev| {
        let Some(field) = Field::from_code(&event_target_value(&ev)) else {
            return;
        };
        if field.kind() != cond.field.get_untracked().kind() {
            cond.text.set(String::new());
        }
        cond.choices.set(Vec::new());
        if !field.allows(cond.op.get_untracked()) {
            cond.op.set(field.ops()[0]);
        }
        cond.field.set(field);
    };
    let value_input = move || {
        let field = cond.field.get();
        if cond.op.get() == Op::HasAny {
            return ().into_any();
        }
        if field.kind() == Kind::Choice {
            return view! {
                <div class="choices" data-testid="rule-choices" role="group">
                    {field.choices().iter().map(|&code| {
                        let code = code.to_string();
                        let checked = {
                            let code = code.clone();
                            move || cond.choices.with(|c| c.contains(&code))
                        };
                        let toggle = {
                            let code = code.clone();
                            move |_| cond.choices.update(|c| {
                                if let Some(at) = c.iter().position(|x| *x == code) {
                                    c.remove(at);
                                } else {
                                    c.push(code.clone());
                                }
                            })
                        };
                        let label = {
                            let code = code.clone();
                            move || field.choice_label(&code, i18n.lang())
                        };
                        view! {
                            <label class="choice">
                                <input type="checkbox" data-code=code.clone() prop:checked=checked on:change=toggle/>
                                {label}
                            </label>
                        }
                    }).collect_view()}
                </div>
            }.into_any();
        }
        let hint = match field.kind() {
            Kind::Money => "segment-hint-money",
            Kind::Percent => "segment-hint-percent",
            Kind::Days => "segment-hint-days",
            Kind::Number => "segment-hint-number",
            _ => "segment-hint-text",
        };
        view! {
            <input type="text" class="rule-value" data-testid="rule-value"
                inputmode=if field.kind().is_numeric() { "decimal" } else { "text" }
                placeholder=move || i18n.t(hint)
                aria-label=move || i18n.t("segment-value-label")
                aria-invalid=move || problem.with(Option::is_some).to_string()
                prop:value=move || cond.text.get()
                on:input=move |ev| cond.text.set(event_target_value(&ev))/>
        }
        .into_any()
    };
    view! {
        <div class="rule-condition" data-testid="rule-condition">
            <select data-testid="rule-field" aria-label=move || i18n.t("segment-field-label") on:change=set_field>
                {Field::ALL.iter().map(|&f| view! {
                    <option value=f.code() selected=move || cond.field.get() == f>{move || i18n.t(f.key())}</option>
                }).collect_view()}
            </select>
            <select data-testid="rule-op" aria-label=move || i18n.t("segment-op-label") on:change=move |ev| {
                let code = event_target_value(&ev);
                if let Some(op) = Op::ALL.iter().find(|o| o.code() == code) {
                    cond.op.set(*op);
                }
            }>
                {move || cond.field.get().ops().into_iter().map(|op| view! {
                    <option value=op.code() selected=move || cond.op.get() == op>{move || i18n.t(op.key())}</option>
                }).collect_view()}
            </select>
            {value_input}
            <button type="button" class="link" data-testid="rule-remove" aria-label=move || i18n.t("segment-remove-condition") on:click=move |_| on_remove.run(())>
                "×"
            </button>
            {move || problem.get().map(|p| view! { <span class="field-error" role="alert">{p}</span> })}
        </div>
    }
}
