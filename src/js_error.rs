//! Turns a JavaScript exception into text a person can read.

use wasm_bindgen::{JsCast, JsValue};

/// The exception's name and message (`QuotaExceededError: …`), a thrown
/// string as is, or a debug rendering as the last resort.
pub fn describe(e: &JsValue) -> String {
    if let Some(text) = e.as_string() {
        return text;
    }
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        let name = String::from(err.name());
        let message = String::from(err.message());
        return if message.is_empty() {
            name
        } else {
            format!("{name}: {message}")
        };
    }
    format!("{e:?}")
}
