//! Logging an interaction (call, visit, message…) on the customer's
//! timeline.

use ilgi_core::model::{Batch, Direction, Id, Interaction, InteractionKind, Record, Stamp};
use leptos::html;
use leptos::prelude::*;

use crate::crm::use_crm;
use crate::i18n::use_i18n;
use crate::storage::StorageError;

/// The note being written. It belongs to the customer page, not to the
/// form: any write (this tab's, another tab's, a sync) redraws the
/// timeline and with it the form, and what the person was typing, and
/// where they were typing it, must survive that.
#[derive(Clone, Copy)]
pub(super) struct NoteDraft {
    kind: RwSignal<InteractionKind>,
    direction: RwSignal<Direction>,
    text: RwSignal<String>,
    /// Set by a save with no text; cleared as soon as there is some.
    empty_tried: RwSignal<bool>,
    /// The text field had the focus when it was last drawn.
    focused: RwSignal<bool>,
    save: Action<Interaction, Result<(), StorageError>>,
}

impl NoteDraft {
    pub(super) fn new() -> Self {
        let crm = use_crm();
        let save = Action::new_local(move |interaction: &Interaction| {
            let interaction = interaction.clone();
            async move {
                let mut batch = Batch::new();
                batch.put(Record::Interaction(interaction));
                crm.apply(batch).await.map(|_| ())
            }
        });
        let draft = Self {
            kind: RwSignal::new(InteractionKind::Note),
            direction: RwSignal::new(Direction::Internal),
            text: RwSignal::new(String::new()),
            empty_tried: RwSignal::new(false),
            focused: RwSignal::new(false),
            save,
        };
        Effect::new(move |_| match save.value().get() {
            // The next note starts empty, where this one was.
            Some(Ok(())) => draft.text.set(String::new()),
            Some(Err(e)) => crm.report(&e),
            None => {}
        });
        draft
    }

    /// Starts over, for another customer.
    pub(super) fn clear(&self) {
        self.text.set(String::new());
        self.empty_tried.set(false);
        self.focused.set(false);
    }

    fn invalid(&self) -> bool {
        self.empty_tried.get() && self.text.with(|t| t.trim().is_empty())
    }
}

/// Logs a call, visit, message or note on the customer's timeline.
#[component]
pub(super) fn AddInteraction(customer: Id, draft: NoteDraft) -> impl IntoView {
    let i18n = use_i18n();
    let NoteDraft {
        kind,
        direction,
        text,
        empty_tried,
        focused,
        save,
    } = draft;
    let input = NodeRef::<html::Input>::new();
    // Drawn again while the person was typing: the focus goes back to the
    // new field (unless it has gone somewhere else in the meantime).
    Effect::new(move |_| {
        let Some(el) = input.get() else { return };
        let on_body = document()
            .active_element()
            .is_none_or(|a| a.tag_name() == "BODY");
        if focused.get_untracked() && on_body {
            let _ = el.focus();
        }
    });
    let blur = move |ev: leptos::ev::FocusEvent| {
        if ev.related_target().is_some() {
            // The person moved on to another control.
            focused.set(false);
            return;
        }
        // Focus to nowhere: the person clicked away, or the field was
        // taken out of the page by a redraw. Only the first is a move.
        let el = input.get_untracked();
        set_timeout(
            move || {
                if el.is_some_and(|el| el.is_connected()) {
                    focused.set(false);
                }
            },
            std::time::Duration::ZERO,
        );
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked();
        if body.trim().is_empty() {
            // The field says why and takes the focus.
            empty_tried.set(true);
            if let Some(el) = input.get_untracked() {
                let _ = el.focus();
            }
            return;
        }
        empty_tried.set(false);
        save.dispatch(Interaction {
            id: crate::storage::db::new_id(),
            customer_id: customer,
            kind: kind.get_untracked(),
            direction: direction.get_untracked(),
            at: crate::storage::db::now_millis(),
            text: body.trim().to_string(),
            updated_at: 0,
            version: Stamp::default(),
            stamps: Default::default(),
            deleted: false,
        });
    };
    const DIRECTIONS: [Direction; 3] =
        [Direction::Internal, Direction::Inbound, Direction::Outbound];
    view! {
        <form class="add-interaction" on:submit=submit data-testid="add-interaction">
            <select aria-label=move || i18n.t("interaction-kind") on:change=move |ev| {
                let v = event_target_value(&ev);
                if let Some(k) = InteractionKind::ALL.into_iter().find(|k| k.key() == v) { kind.set(k) }
            }>
                {InteractionKind::ALL.into_iter().map(|k| view! {
                    <option value=k.key() selected=move || kind.get() == k>{move || i18n.t(k.key())}</option>
                }).collect_view()}
            </select>
            <select aria-label=move || i18n.t("interaction-direction") on:change=move |ev| {
                let v = event_target_value(&ev);
                if let Some(d) = DIRECTIONS.into_iter().find(|d| d.key() == v) { direction.set(d) }
            }>
                {DIRECTIONS.into_iter().map(|d| view! {
                    <option value=d.key() selected=move || direction.get() == d>{move || i18n.t(d.key())}</option>
                }).collect_view()}
            </select>
            <input type="text" id="interaction-text" data-testid="interaction-text" node_ref=input
                aria-label=move || i18n.t("interaction-text")
                placeholder=move || i18n.t("interaction-placeholder")
                aria-invalid=move || draft.invalid().to_string()
                aria-describedby="interaction-text-error"
                on:focus=move |_| focused.set(true)
                on:blur=blur
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
            <button type="submit" class="primary" data-testid="interaction-add" disabled=move || save.pending().get()>{move || i18n.t("interaction-add")}</button>
            <small id="interaction-text-error" class="field-error" data-testid="interaction-text-error">
                {move || draft.invalid().then(|| i18n.t("interaction-text-required"))}
            </small>
        </form>
    }
}
