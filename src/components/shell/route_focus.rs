//! Moves the focus to the new page's heading after a route change.
//!
//! A single-page app swaps the page without a load, so the browser leaves
//! the focus where it was: on the navigation link just used, or on the
//! body when the activated element went away with the old page. Keyboard
//! and screen-reader users would then start from the top or from nowhere.
//! After each change of path the focus goes to the page's `h1` (made
//! focusable with `tabindex="-1"`), or to `main` when the page has none.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// How often the page is looked at while it settles.
const STEP: Duration = Duration::from_millis(50);
/// After this many steps without an `h1`, `main` takes the focus.
const WAIT_FOR_HEADING: u32 = 20;
/// A heading replaced while the page loads loses the focus: it is put back
/// on the new heading until this many steps have passed.
const WATCH: u32 = 60;

thread_local! {
    /// Whether the last input was a key (not a pointer): the heading then
    /// shows the focus ring. Chromium draws `:focus-visible` after a script
    /// moves the focus only sometimes (not when the focus had fallen to the
    /// body), so the app keeps the input modality itself.
    static BY_KEYBOARD: Cell<bool> = const { Cell::new(false) };
    /// Key presses and pointer presses so far: one after a watch started
    /// means the person is acting, and the app stops moving the focus.
    static INPUTS: Cell<u32> = const { Cell::new(0) };
}

/// Notes one key or pointer press.
fn input(by_keyboard: bool) {
    BY_KEYBOARD.set(by_keyboard);
    INPUTS.set(INPUTS.get().wrapping_add(1));
}

/// Renders nothing; watches the path and places the focus.
#[component]
pub fn RouteFocus() -> impl IntoView {
    // For the life of the app (the shell is never unmounted).
    let _ = window_event_listener(leptos::ev::keydown, |_| input(true));
    let _ = window_event_listener(leptos::ev::pointerdown, |_| input(false));
    let location = use_location();
    // Each route change gets a number; a newer change stops the older watch.
    let generation = Rc::new(Cell::new(0u32));
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        // The first page of a visit keeps the browser's own start (the skip
        // link comes first); only a change of page moves the focus.
        if previous.as_ref().is_some_and(|p| *p != path) {
            generation.set(generation.get() + 1);
            // The element used to leave the old page (a link in it) may
            // still have the focus until the old page is gone.
            let leaving = document().active_element();
            let watch_state = Watch {
                generation: generation.clone(),
                this: generation.get(),
                inputs: INPUTS.get(),
                leaving,
            };
            watch(watch_state, 0, None);
        }
        path
    });
}

/// What one watch after a change of page knows.
struct Watch {
    /// The latest change's number, and this watch's.
    generation: Rc<Cell<u32>>,
    this: u32,
    /// [`INPUTS`] when the page changed.
    inputs: u32,
    /// What had the focus when the page changed.
    leaving: Option<Element>,
}

/// One look at the page, then another after [`STEP`] while it is needed.
fn watch(state: Watch, step: u32, placed: Option<Element>) {
    let newer = state.generation.get() != state.this;
    if newer || step > WATCH || INPUTS.get() != state.inputs {
        return;
    }
    let leaving = &state.leaving;
    let active = document().active_element();
    let placed = match placed {
        Some(target) => {
            let lost = active.as_ref().is_none_or(|a| a.tag_name() == "BODY");
            if !lost && active.as_ref() != Some(&target) {
                // Someone moved on (a key, a click, the page itself): done.
                return;
            }
            if lost {
                focus_target(step)
            } else {
                Some(target)
            }
        }
        None => {
            let in_page = active.as_ref().is_some_and(|a| {
                Some(a) != leaving.as_ref()
                    && a.tag_name() != "MAIN"
                    && a.closest("main").ok().flatten().is_some()
            });
            if in_page {
                // The page put the focus where its task starts (a reply box).
                return;
            }
            focus_target(step)
        }
    };
    set_timeout(move || watch(state, step + 1, placed), STEP);
}

/// Focuses the page's `h1`, or `main` once the page has had time to draw
/// one; returns what got the focus.
fn focus_target(step: u32) -> Option<Element> {
    let doc = document();
    let target = match doc.query_selector("main h1").ok().flatten() {
        Some(heading) => heading,
        None if step >= WAIT_FOR_HEADING => doc.get_element_by_id("main")?,
        None => return None,
    };
    if !target.has_attribute("tabindex") {
        let _ = target.set_attribute("tabindex", "-1");
    }
    // `[data-focus-ring]:focus` draws the ring (see `style/main.css`).
    if BY_KEYBOARD.get() {
        let _ = target.set_attribute("data-focus-ring", "");
    } else {
        let _ = target.remove_attribute("data-focus-ring");
    }
    target.unchecked_ref::<HtmlElement>().focus().ok()?;
    Some(target)
}
