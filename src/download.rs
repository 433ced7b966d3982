//! Saving generated files (CSV exports, reports, backups) to the user's
//! downloads: a Blob, an object URL and a click on a temporary link. Large
//! files are handed over as a list of pieces that the Blob joins, so the
//! whole file never exists as one string in wasm memory.

use wasm_bindgen::JsCast;

/// Offers `text` as a download named `file_name` with `mime` type. CSV is
/// written with a UTF-8 BOM so Excel opens Turkish letters correctly.
pub fn save_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::new();
    parts.push(&text.into());
    save_parts(file_name, mime, &parts)
}

/// Offers pieces (JS strings or `Uint8Array`s), concatenated in order, as
/// one download: exports and backups are built page by page so no single
/// string holds the whole database. CSV gets a UTF-8 BOM in front, so
/// Excel opens Turkish letters correctly.
pub fn save_parts(file_name: &str, mime: &str, parts: &js_sys::Array) -> Result<(), String> {
    let describe = |e: wasm_bindgen::JsValue| crate::js_error::describe(&e);
    let blob = blob_of(parts, mime).map_err(describe)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(describe)?;
    save_url(file_name, &url)?;
    // Revoke later: revoking at once can cancel the download in Chromium.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// A Blob of `mime` joined from `parts` (strings or buffers); CSV gets a
/// UTF-8 BOM in front. Works on the page and in the worker.
pub fn blob_of(parts: &js_sys::Array, mime: &str) -> Result<web_sys::Blob, wasm_bindgen::JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let pieces = if mime.starts_with("text/csv") {
        let with_bom = js_sys::Array::of1(&"\u{feff}".into());
        with_bom.concat(parts)
    } else {
        parts.clone()
    };
    // `new Blob(parts)` takes strings, buffers and blobs alike; web-sys
    // names the constructor after one of them.
    web_sys::Blob::new_with_str_sequence_and_options(&pieces, &options)
}

/// Offers the file at object URL `url` (made here or in the worker) as a
/// download named `file_name`.
pub fn save_url(file_name: &str, url: &str) -> Result<(), String> {
    let describe = |e: wasm_bindgen::JsValue| crate::js_error::describe(&e);
    let document = leptos::prelude::document();
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(describe)?
        .unchecked_into();
    anchor.set_href(url);
    anchor.set_download(file_name);
    anchor.set_attribute("hidden", "").map_err(describe)?;
    if let Some(body) = document.body() {
        body.append_child(&anchor).map_err(describe)?;
        anchor.click();
        body.remove_child(&anchor).map_err(describe)?;
    }
    Ok(())
}

/// Reads a chosen file's bytes.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| crate::js_error::describe(&e))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
