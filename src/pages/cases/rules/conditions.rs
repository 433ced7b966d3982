//! The rules and routing rules of the rules page: each an ordered card
//! with its name, what it decides, and its conditions (a kind and a value
//! each; core `cases::edit` reads and checks what is typed). Lists are
//! drawn again only when their shape changes (a rule added, moved or
//! removed, a condition's kind), so typing never loses focus.

use ilgi_core::cases::edit::{CondKind, EditError, Input};
use ilgi_core::cases::{Cond, DepartmentId, Level, RuleSet};
use ilgi_core::i18n::Arg;
use leptos::prelude::*;

use super::super::department_name;
use crate::i18n::{I18n, use_i18n};

/// Which list a card belongs to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Which {
    Rule,
    Route,
}

fn conds(r: &RuleSet, which: Which, i: usize) -> Option<&Vec<Cond>> {
    match which {
        Which::Rule => r.rules.get(i).map(|x| &x.when),
        Which::Route => r.routing.get(i).map(|x| &x.when),
    }
}

fn conds_mut(r: &mut RuleSet, which: Which, i: usize) -> Option<&mut Vec<Cond>> {
    match which {
        Which::Rule => r.rules.get_mut(i).map(|x| &mut x.when),
        Which::Route => r.routing.get_mut(i).map(|x| &mut x.when),
    }
}

/// The shape of a list: each card's id and its conditions' kinds.
fn shape(r: &RuleSet, which: Which) -> Vec<(String, Vec<CondKind>)> {
    let kinds = |when: &[Cond]| when.iter().map(CondKind::of).collect();
    match which {
        Which::Rule => r
            .rules
            .iter()
            .map(|x| (x.id.clone(), kinds(&x.when)))
            .collect(),
        Which::Route => r
            .routing
            .iter()
            .map(|x| (x.id.clone(), kinds(&x.when)))
            .collect(),
    }
}

/// The level rules (with discriminators) or the routing rules, in order.
#[component]
pub fn RuleCards(draft: RwSignal<RuleSet>, which: Which) -> impl IntoView {
    let i18n = use_i18n();
    let layout = Memo::new(move |_| draft.with(|r| shape(r, which)));
    let add = move |discriminator: bool| {
        draft.update(|r| {
            match which {
                Which::Rule => {
                    r.add_rule(&i18n.t("rules-new-rule"), discriminator);
                }
                Which::Route => {
                    r.add_route(&i18n.t("rules-new-route"), DepartmentId::care());
                }
            };
        })
    };
    let testid = match which {
        Which::Rule => "rules-list",
        Which::Route => "routing-list",
    };
    view! {
        <ol class="rule-cards" data-testid=testid>
            {move || {
                let cards = layout.get();
                let count = cards.len();
                cards.into_iter().enumerate().map(|(i, (id, kinds))| view! {
                    <li class="rule-group" data-rule=id>
                        <RuleHead draft which i count/>
                        <p class="muted">{move || i18n.t("rules-conditions")}</p>
                        {kinds.is_empty().then(|| view! { <p class="muted" data-testid="rule-always">{move || i18n.t("rules-always")}</p> })}
                        {kinds.into_iter().enumerate().map(|(j, kind)| view! {
                            <CondRow draft which i j kind/>
                        }).collect_view()}
                        <AddCondition draft which i/>
                    </li>
                }).collect_view()
            }}
        </ol>
        <div class="rule-actions">
            {match which {
                Which::Rule => view! {
                    <button type="button" data-testid="rules-add-rule" on:click=move |_| add(false)>{move || i18n.t("rules-add-rule")}</button>
                    <button type="button" data-testid="rules-add-discriminator" on:click=move |_| add(true)>{move || i18n.t("rules-add-discriminator")}</button>
                }.into_any(),
                Which::Route => view! {
                    <button type="button" data-testid="rules-add-route" on:click=move |_| add(false)>{move || i18n.t("rules-add-route")}</button>
                }.into_any(),
            }}
        </div>
    }
}

/// A card's name, what it decides, and its move and remove buttons.
#[component]
fn RuleHead(draft: RwSignal<RuleSet>, which: Which, i: usize, count: usize) -> impl IntoView {
    let i18n = use_i18n();
    let name = move || {
        draft.with(|r| match which {
            Which::Rule => r.rules.get(i).map(|x| x.name.clone()),
            Which::Route => r.routing.get(i).map(|x| x.name.clone()),
        })
    };
    let set_name = move |v: String| {
        draft.update(|r| match which {
            Which::Rule => {
                if let Some(x) = r.rules.get_mut(i) {
                    x.name = v
                }
            }
            Which::Route => {
                if let Some(x) = r.routing.get_mut(i) {
                    x.name = v
                }
            }
        })
    };
    let shift = move |up: bool| {
        draft.update(|r| match which {
            Which::Rule => r.move_rule(i, up),
            Which::Route => r.move_route(i, up),
        })
    };
    let remove = move |_| {
        draft.update(|r| match which {
            Which::Rule => r.remove_rule(i),
            Which::Route => r.remove_route(i),
        })
    };
    let decides = match which {
        Which::Rule => view! { <LevelPick draft i/> }.into_any(),
        Which::Route => view! { <RoutePick draft i/> }.into_any(),
    };
    view! {
        <div class="rule-condition">
            <input class="rule-name" data-field=format!("rule-name-{i}") aria-label=move || i18n.t("rules-rule-name")
                prop:value=move || name().unwrap_or_default()
                on:change=move |ev| set_name(event_target_value(&ev).trim().to_string())/>
            {decides}
            <button type="button" class="link" disabled={i == 0} data-testid="rule-up"
                on:click=move |_| shift(true)>"↑"<span class="visually-hidden">{move || i18n.t("rules-move-up")}</span></button>
            <button type="button" class="link" disabled={i + 1 >= count} data-testid="rule-down"
                on:click=move |_| shift(false)>"↓"<span class="visually-hidden">{move || i18n.t("rules-move-down")}</span></button>
            <button type="button" class="link" data-testid="rule-remove" on:click=remove>{move || i18n.t("rules-remove")}</button>
        </div>
    }
}

/// A level rule's level and whether it is a discriminator.
#[component]
fn LevelPick(draft: RwSignal<RuleSet>, i: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select data-field=format!("rule-level-{i}") aria-label=move || i18n.t("case-level")
            on:change=move |ev| {
                let n: u8 = event_target_value(&ev).parse().unwrap_or(4);
                if let Ok(level) = Level::try_from(n) {
                    draft.update(|r| if let Some(x) = r.rules.get_mut(i) { x.level = level });
                }
            }>
            {Level::ALL.into_iter().map(|level| view! {
                <option value=level.number().to_string()
                    selected=move || draft.with(|r| r.rules.get(i).is_some_and(|x| x.level == level))>
                    {level.number()}" · "{move || i18n.t(level.key())}
                </option>
            }).collect_view()}
        </select>
        <label class="choice">
            <input type="checkbox" data-field=format!("rule-at-least-{i}")
                prop:checked=move || draft.with(|r| r.rules.get(i).is_some_and(|x| x.discriminator))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    draft.update(|r| if let Some(x) = r.rules.get_mut(i) { x.discriminator = on });
                }/>
            {move || i18n.t("rules-at-least")}
        </label>
    }
}

/// A routing rule's department.
#[component]
fn RoutePick(draft: RwSignal<RuleSet>, i: usize) -> impl IntoView {
    let i18n = use_i18n();
    let ids = Memo::new(move |_| {
        draft.with(|r| {
            r.departments
                .iter()
                .map(|d| d.id.clone())
                .collect::<Vec<_>>()
        })
    });
    view! {
        <label class="choice">
            {move || i18n.t("rules-route-to")}
            <select data-field=format!("route-department-{i}")
                on:change=move |ev| {
                    let id = DepartmentId::new(&event_target_value(&ev));
                    draft.update(|r| if let Some(x) = r.routing.get_mut(i) { x.department = id });
                }>
                {move || ids.get().into_iter().map(|id| {
                    let code = id.to_string();
                    let chosen = id.clone();
                    view! {
                        <option value=code
                            selected=move || draft.with(|r| r.routing.get(i).is_some_and(|x| x.department == chosen))>
                            {move || draft.with(|r| department_name(r, &id, i18n))}
                        </option>
                    }
                }).collect_view()}
            </select>
        </label>
    }
}

/// One condition: its kind, its value and a remove button.
#[component]
fn CondRow(
    draft: RwSignal<RuleSet>,
    which: Which,
    i: usize,
    j: usize,
    kind: CondKind,
) -> impl IntoView {
    let i18n = use_i18n();
    let change_kind = move |ev: leptos::ev::Event| {
        if let Some(k) = CondKind::from_code(&event_target_value(&ev)) {
            draft.update(|r| {
                if let Some(c) = conds_mut(r, which, i).and_then(|w| w.get_mut(j)) {
                    *c = k.blank();
                }
            });
        }
    };
    let remove = move |_| {
        draft.update(|r| {
            if let Some(w) = conds_mut(r, which, i)
                && j < w.len()
            {
                w.remove(j);
            }
        })
    };
    view! {
        <div class="rule-condition" data-testid="rule-condition" data-kind=kind.code()>
            <select aria-label=move || i18n.t("rules-condition-kind") data-field="cond-kind" on:change=change_kind>
                {CondKind::ALL.into_iter().map(|k| view! {
                    <option value=k.code() selected=k == kind>{move || i18n.t(k.key())}</option>
                }).collect_view()}
            </select>
            <CondValue draft which i j kind/>
            <button type="button" class="link" data-testid="cond-remove" on:click=remove>{move || i18n.t("rules-remove")}</button>
        </div>
    }
}

/// The value editor of a condition, by how its kind is entered.
#[component]
fn CondValue(
    draft: RwSignal<RuleSet>,
    which: Which,
    i: usize,
    j: usize,
    kind: CondKind,
) -> impl IntoView {
    let i18n = use_i18n();
    let read = move |f: fn(&Cond) -> String| {
        draft.with(|r| {
            conds(r, which, i)
                .and_then(|w| w.get(j))
                .map(f)
                .unwrap_or_default()
        })
    };
    match kind.input() {
        Input::Choices => {
            let choices = kind.choices();
            view! {
                <fieldset class="choices">
                    <legend class="visually-hidden">{move || i18n.t(kind.key())}</legend>
                    {choices.into_iter().map(|(code, key)| view! {
                        <label class="choice">
                            <input type="checkbox" data-choice=code
                                prop:checked=move || draft.with(|r| conds(r, which, i).and_then(|w| w.get(j)).is_some_and(|c| c.chosen().contains(&code)))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    draft.update(|r| if let Some(c) = conds_mut(r, which, i).and_then(|w| w.get_mut(j)) { c.set_choice(code, on) });
                                }/>
                            {move || i18n.t(key)}
                        </label>
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
        Input::YesNo => view! {
            <select aria-label=move || i18n.t(kind.key()) data-field="cond-value"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    draft.update(|r| if let Some(c) = conds_mut(r, which, i).and_then(|w| w.get_mut(j)) { let _ = c.set_text(&v); });
                }>
                <option value="true" selected=move || read(Cond::value_text) == "true">{move || i18n.t("rules-yes")}</option>
                <option value="false" selected=move || read(Cond::value_text) == "false">{move || i18n.t("rules-no")}</option>
            </select>
        }
        .into_any(),
        Input::Nothing => ().into_any(),
        Input::Number | Input::Text | Input::Hours => {
            let error: RwSignal<Option<EditError>> = RwSignal::new(None);
            let error_id = format!("cond-error-{}-{i}-{j}", which_code(which));
            view! {
                <input class="rule-value" data-field="cond-value"
                    inputmode=(kind.input() != Input::Text).then_some("decimal")
                    aria-label=move || i18n.t(kind.key())
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby=error_id.clone()
                    prop:value=move || read(Cond::value_text)
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let mut result = Ok(());
                        draft.update(|r| if let Some(c) = conds_mut(r, which, i).and_then(|w| w.get_mut(j)) { result = c.set_text(&v) });
                        error.set(result.err());
                    }/>
                <span class="field-error" id=error_id role="alert">{move || error.get().map(|e| edit_error(&e, i18n))}</span>
            }
            .into_any()
        }
    }
}

fn which_code(which: Which) -> &'static str {
    match which {
        Which::Rule => "rule",
        Which::Route => "route",
    }
}

/// The message of an editing error.
pub fn edit_error(e: &EditError, i18n: I18n) -> String {
    match e {
        EditError::Date(value) => i18n.t_with(e.key(), &[("value", Arg::Str(value))]),
        _ => i18n.t(e.key()),
    }
}

/// "Add a condition…": a list of kinds; choosing one adds it.
#[component]
fn AddCondition(draft: RwSignal<RuleSet>, which: Which, i: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select data-testid="cond-add" aria-label=move || i18n.t("rules-add-condition")
            on:change=move |ev| {
                if let Some(k) = CondKind::from_code(&event_target_value(&ev)) {
                    draft.update(|r| if let Some(w) = conds_mut(r, which, i) { w.push(k.blank()) });
                }
            }>
            <option value="" selected=true>{move || i18n.t("rules-add-condition")}</option>
            {CondKind::ALL.into_iter().map(|k| view! {
                <option value=k.code()>{move || i18n.t(k.key())}</option>
            }).collect_view()}
        </select>
    }
}
