//! A department's business hours on the rules page: the Turkish default,
//! or its own week, half-day hours, extra closed and half days, 24/7 and
//! public holidays. Core `cases::edit` reads what is typed; the saved set
//! is checked as a whole by `RuleSet::validate`.

use ilgi_core::cases::RuleSet;
use ilgi_core::cases::edit::{
    EditError, WEEK, dates_text, day_hours_text, parse_dates, parse_day_hours, set_day, weekday_key,
};
use ilgi_core::sla::Calendar;
use leptos::prelude::*;

use super::conditions::edit_error;
use crate::i18n::use_i18n;

/// The calendar of the department at position `i`.
#[component]
pub fn CalendarEditor(draft: RwSignal<RuleSet>, i: usize) -> impl IntoView {
    let i18n = use_i18n();
    let own = Memo::new(move |_| {
        draft.with(|r| r.departments.get(i).is_some_and(|d| d.calendar.is_some()))
    });
    let id = draft.with_untracked(|r| {
        r.departments
            .get(i)
            .map(|d| d.id.to_string())
            .unwrap_or_default()
    });
    view! {
        <details class="calendar" data-testid=format!("calendar-{id}")>
            <summary>{move || i18n.t("rules-calendar")}</summary>
            <label class="choice">
                <input type="checkbox" data-field="calendar-own" prop:checked=move || own.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        draft.update(|r| if let Some(d) = r.departments.get_mut(i) {
                            d.calendar = on.then(Calendar::default_tr);
                        });
                    }/>
                {move || i18n.t("rules-calendar-own")}
            </label>
            {move || if own.get() {
                view! { <OwnHours draft i/> }.into_any()
            } else {
                view! { <p class="muted">{move || i18n.t("rules-calendar-default")}</p> }.into_any()
            }}
        </details>
    }
}

/// Reads the department's calendar.
fn read<T: Default>(draft: RwSignal<RuleSet>, i: usize, f: impl Fn(&Calendar) -> T) -> T {
    draft.with(|r| {
        r.departments
            .get(i)
            .and_then(|d| d.calendar.as_ref())
            .map(f)
            .unwrap_or_default()
    })
}

/// Changes the department's calendar.
fn write(draft: RwSignal<RuleSet>, i: usize, f: impl FnOnce(&mut Calendar)) {
    draft.update(|r| {
        if let Some(c) = r.departments.get_mut(i).and_then(|d| d.calendar.as_mut()) {
            f(c)
        }
    });
}

#[component]
fn OwnHours(draft: RwSignal<RuleSet>, i: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-grid">
            <label class="choice">
                <input type="checkbox" data-field="calendar-always"
                    prop:checked=move || read(draft, i, |c| c.always_open)
                    on:change=move |ev| { let on = event_target_checked(&ev); write(draft, i, |c| c.always_open = on) }/>
                {move || i18n.t("rules-calendar-always")}
            </label>
            <label class="choice">
                <input type="checkbox" data-field="calendar-holidays"
                    prop:checked=move || read(draft, i, |c| c.public_holidays)
                    on:change=move |ev| { let on = event_target_checked(&ev); write(draft, i, |c| c.public_holidays = on) }/>
                {move || i18n.t("rules-calendar-holidays")}
            </label>
            <p class="muted">{move || i18n.t("rules-calendar-hours-help")}</p>
            {WEEK.into_iter().map(|day| view! {
                <HoursField draft i label=weekday_key(day) field=format!("calendar-{}", weekday_key(day))
                    get=move |c: &Calendar| day_hours_text(c.hours.on(day))
                    set=move |c: &mut Calendar, text: &str| {
                        let hours = parse_day_hours(text)?;
                        set_day(c, day, hours);
                        Ok(())
                    }/>
            }).collect_view()}
            <HoursField draft i label="rules-calendar-half-day" field="calendar-half-day".to_string()
                get=|c: &Calendar| day_hours_text(Some(c.half_day_hours))
                set=|c: &mut Calendar, text: &str| {
                    c.half_day_hours = parse_day_hours(text)?.ok_or(EditError::DayHours)?;
                    Ok(())
                }/>
            <p class="muted">{move || i18n.t("rules-calendar-dates-help")}</p>
            <HoursField draft i label="rules-calendar-closed" field="calendar-closed".to_string()
                get=|c: &Calendar| dates_text(&c.closed_days)
                set=|c: &mut Calendar, text: &str| { c.closed_days = parse_dates(text)?; Ok(()) }/>
            <HoursField draft i label="rules-calendar-half-days" field="calendar-half-days".to_string()
                get=|c: &Calendar| dates_text(&c.half_days)
                set=|c: &mut Calendar, text: &str| { c.half_days = parse_dates(text)?; Ok(()) }/>
        </div>
    }
}

/// A labelled text field of the calendar with its error.
#[component]
fn HoursField(
    draft: RwSignal<RuleSet>,
    i: usize,
    label: &'static str,
    field: String,
    get: impl Fn(&Calendar) -> String + Copy + Send + Sync + 'static,
    set: impl Fn(&mut Calendar, &str) -> Result<(), EditError> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let error: RwSignal<Option<EditError>> = RwSignal::new(None);
    let input_id = format!("{field}-{i}");
    let error_id = format!("{input_id}-error");
    view! {
        <label for=input_id.clone()>{move || i18n.t(label)}</label>
        <input id=input_id data-field=field
            aria-invalid=move || error.get().is_some().to_string()
            aria-describedby=error_id.clone()
            prop:value=move || read(draft, i, get)
            on:change=move |ev| {
                let text = event_target_value(&ev);
                let mut result = Ok(());
                write(draft, i, |c| {
                    let mut next = c.clone();
                    result = set(&mut next, &text);
                    if result.is_ok() {
                        *c = next;
                    }
                });
                error.set(result.err());
            }/>
        <span class="field-error" id=error_id role="alert">{move || error.get().map(|e| edit_error(&e, i18n))}</span>
    }
}
