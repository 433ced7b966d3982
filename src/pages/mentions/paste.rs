//! One post pasted in: its address fills in the platform, the post id and
//! (where the address has it) the author's handle; the text is required.
//! The post is matched and linked like an imported one, and the automatic
//! case rule applies to it too. A post already stored is refused, with a
//! link to it.

use ilgi_core::model::{Batch, Record};
use ilgi_core::model::{Handle, Platform};
use ilgi_core::social::Mention;
use ilgi_core::social::mention::parse_post_address;
use leptos::prelude::*;

use crate::crm::use_crm;
use crate::i18n::use_i18n;
use crate::pages::cases::from_posts::{numbers, open_for_post};
use crate::pages::cases::load_desk;
use crate::storage::StorageError;
use crate::storage::db::{new_id, now_millis};
use crate::toast::use_toasts;

/// What is wrong with the form.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Problem {
    NoPostId,
    NoText,
    BadHandle,
    BadFollowers,
    Already,
}

impl Problem {
    fn key(self) -> &'static str {
        match self {
            Problem::NoPostId => "paste-no-post-id",
            Problem::NoText => "paste-no-text",
            Problem::BadHandle => "paste-bad-handle",
            Problem::BadFollowers => "paste-bad-followers",
            Problem::Already => "paste-already",
        }
    }

    /// The id of the field the problem is about (the post id for a post
    /// already stored).
    fn field(self) -> &'static str {
        match self {
            Problem::NoPostId | Problem::Already => "paste-post-id",
            Problem::NoText => "paste-text",
            Problem::BadHandle => "paste-handle",
            Problem::BadFollowers => "paste-followers",
        }
    }
}

/// Moves the focus to the field `problem` is about, once it is drawn.
fn focus_field(problem: Problem) {
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(problem.field()) {
            let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
        }
    });
}

#[component]
pub fn PastePost() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let toasts = use_toasts();
    let address = RwSignal::new(String::new());
    let platform = RwSignal::new(Platform::X);
    let post_id = RwSignal::new(String::new());
    let handle = RwSignal::new(String::new());
    let author = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let followers = RwSignal::new(String::new());
    let public = RwSignal::new(true);
    let problem: RwSignal<Option<Problem>> = RwSignal::new(None);
    let saving = RwSignal::new(false);
    // `aria-invalid` of the field with id `field`, and what describes it.
    let invalid = move |field: &'static str| {
        move || {
            problem
                .get()
                .is_some_and(|p| p.field() == field)
                .to_string()
        }
    };
    let described = move |field: &'static str| {
        move || {
            problem
                .get()
                .is_some_and(|p| p.field() == field)
                .then_some("paste-error")
        }
    };

    let on_address = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        if let Some(found) = parse_post_address(&value) {
            platform.set(found.platform);
            post_id.set(found.post_id);
            if let Some(h) = found.handle {
                handle.set(format!("@{}", h.name()));
            }
        }
        address.set(value);
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = platform.get_untracked();
        let id = post_id.get_untracked().trim().to_string();
        let body = text.get_untracked().trim().to_string();
        let typed_handle = handle.get_untracked();
        let parsed_handle = if typed_handle.trim().is_empty() {
            Ok(None)
        } else {
            Handle::parse(p, &typed_handle).map(Some)
        };
        let reach = followers.get_untracked().replace(['.', ',', ' '], "");
        let reach = if reach.is_empty() {
            Ok(0)
        } else {
            reach.parse::<u64>()
        };
        let found = if id.is_empty() {
            Some(Problem::NoPostId)
        } else if body.is_empty() {
            Some(Problem::NoText)
        } else if parsed_handle.is_err() {
            Some(Problem::BadHandle)
        } else if reach.is_err() {
            Some(Problem::BadFollowers)
        } else {
            None
        };
        problem.set(found);
        if let Some(found) = found {
            focus_field(found);
            return;
        }
        let url = address.get_untracked().trim().to_string();
        let post = Mention {
            id: new_id(),
            platform: p,
            post_id: id,
            handle: parsed_handle.ok().flatten(),
            author: author.get_untracked().trim().to_string(),
            text: body,
            at: now_millis(),
            reach: reach.unwrap_or(0),
            url: (!url.is_empty()).then_some(url),
            public: public.get_untracked(),
            lang: None,
            customer_id: None,
            case_id: None,
            rejected: Vec::new(),
            created_at: 0,
            updated_at: 0,
            version: Default::default(),
            stamps: Default::default(),
            deleted: false,
        };
        saving.set(true);
        leptos::task::spawn_local(async move {
            let result = async {
                let db = crm.db().ok_or_else(StorageError::not_open)?;
                // Matching against every customer and reading the post run
                // in the worker; the page writes.
                let Some(plan) = crate::jobs::posts::plan_paste_in_worker(&post).await? else {
                    return Ok(false);
                };
                let mut post = plan.post;
                let mut cases = Vec::new();
                let desk = load_desk(crm).await?;
                if desk.rules.auto_case.enabled
                    && desk.rules.auto_case.opens(&post, &plan.complaint)
                {
                    let client = db.client_id().await?;
                    if let Some(records) = open_for_post(
                        &desk,
                        &mut post,
                        plan.customer.as_ref(),
                        numbers(&desk, client)(),
                        now_millis(),
                    ) {
                        cases = records;
                    }
                }
                let mut batch = Batch::new();
                batch.put(Record::Mention(post));
                for (before, after) in plan.customers {
                    batch.update(Record::Customer(before), Record::Customer(after));
                }
                for r in cases {
                    batch.put(r);
                }
                crm.apply(batch).await?;
                Ok::<_, StorageError>(true)
            }
            .await;
            saving.set(false);
            match result {
                Ok(true) => {
                    toasts.info("paste-saved");
                    for s in [address, post_id, handle, author, text, followers] {
                        s.set(String::new());
                    }
                }
                Ok(false) => {
                    problem.set(Some(Problem::Already));
                    focus_field(Problem::Already);
                }
                Err(e) => crm.report(&e),
            }
        });
    };
    view! {
        <details class="panel" data-testid="paste-post">
            <summary>{move || i18n.t("paste-title")}</summary>
            <form class="form grid-2" on:submit=save novalidate>
                <div class="field wide">
                    <label for="paste-address">{move || i18n.t("paste-address")}</label>
                    <input id="paste-address" type="url" autocomplete="off" placeholder="https://x.com/…/status/…"
                        data-field="address" prop:value=move || address.get() on:input=on_address/>
                </div>
                <div class="field">
                    <label for="paste-platform">{move || i18n.t("mention-field-platform")}</label>
                    <select id="paste-platform" data-field="platform" on:change=move |ev| {
                        if let Some(p) = Platform::ALL.into_iter().find(|p| p.code() == event_target_value(&ev)) {
                            platform.set(p);
                        }
                    }>
                        {Platform::ALL.into_iter().map(|p| view! {
                            <option value=p.code() selected=move || platform.get() == p>{p.name()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="paste-post-id">{move || i18n.t("mention-field-post-id")}</label>
                    <input id="paste-post-id" aria-invalid=invalid("paste-post-id") aria-describedby=described("paste-post-id") data-field="post-id" prop:value=move || post_id.get()
                        on:input=move |ev| post_id.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="paste-handle">{move || i18n.t("mention-field-handle")}</label>
                    <input id="paste-handle" aria-invalid=invalid("paste-handle") aria-describedby=described("paste-handle") data-field="handle" autocomplete="off" prop:value=move || handle.get()
                        on:input=move |ev| handle.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="paste-author">{move || i18n.t("mention-field-author")}</label>
                    <input id="paste-author" data-field="author" autocomplete="off" prop:value=move || author.get()
                        on:input=move |ev| author.set(event_target_value(&ev))/>
                </div>
                <div class="field wide">
                    <label for="paste-text">{move || i18n.t("mention-field-text")}</label>
                    <textarea id="paste-text" aria-invalid=invalid("paste-text") aria-describedby=described("paste-text") data-field="text" rows="3" prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </div>
                <div class="field">
                    <label for="paste-followers">{move || i18n.t("mention-field-followers")}</label>
                    <input id="paste-followers" aria-invalid=invalid("paste-followers") aria-describedby=described("paste-followers") data-field="followers" inputmode="numeric" prop:value=move || followers.get()
                        on:input=move |ev| followers.set(event_target_value(&ev))/>
                </div>
                <label class="check">
                    <input type="checkbox" prop:checked=move || public.get() on:change=move |ev| public.set(event_target_checked(&ev))/>
                    <span>{move || i18n.t("mention-field-public")}</span>
                </label>
                <Show when=move || problem.get().is_some()>
                    <p id="paste-error" class="form-error wide" role="alert" data-testid="paste-error">{move || problem.get().map(|p| i18n.t(p.key())).unwrap_or_default()}</p>
                </Show>
                <div class="page-actions wide">
                    <button type="submit" class="primary" data-testid="paste-save" disabled=move || saving.get()>{move || i18n.t("paste-save")}</button>
                </div>
            </form>
        </details>
    }
}
