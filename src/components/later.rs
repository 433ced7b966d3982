//! Drawing a long page in steps: [`Later`] shows its children one task
//! after the page (or the step before it) was drawn, so that no single
//! task on the UI thread draws the whole page.
//!
//! The dashboard's first opening drew every chart and table in the click's
//! task: 62–86 ms at 10,000 customers (issue 13 wants ≤ 50 ms). Each of its
//! steps after the first is now a `Later` of its own.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;

/// Children drawn `step` tasks after this component was created (step 1:
/// the task after, step 2: the one after that, …): each step waits for
/// one more timer, and every timer runs as a task of its own.
///
/// Step 0 draws them at once: a page redrawing what is already on screen
/// (new figures replacing older ones) passes 0, so that nothing on screen
/// disappears for a moment and the scroll position stays.
#[component]
pub fn Later(step: u32, children: ChildrenFn) -> impl IntoView {
    let shown = RwSignal::new(step == 0);
    if step > 0 {
        leptos::task::spawn_local(async move {
            for _ in 0..step {
                TimeoutFuture::new(0).await;
            }
            // The page may have been left in the meantime.
            let _ = shown.try_set(true);
        });
    }
    view! { <Show when=move || shown.get()>{children()}</Show> }
}
