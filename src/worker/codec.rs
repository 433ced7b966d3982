//! The worker channel's encoding: postcard (compact, already used for the
//! stored blocks) instead of `gloo-worker`'s default bincode, so neither
//! module carries a second binary format.

use js_sys::Uint8Array;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// Messages as postcard bytes in a `Uint8Array`.
pub struct Postcard;

impl gloo_worker::Codec for Postcard {
    fn encode<I: Serialize>(input: I) -> JsValue {
        // Only the protocol's own types pass here, and postcard encodes
        // every one of them: a failure is a bug in the protocol.
        let bytes = postcard::to_allocvec(&input).expect("worker message encodes");
        Uint8Array::from(bytes.as_slice()).into()
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        let bytes = Uint8Array::new(&input).to_vec();
        // Page and worker come from the same build (the service worker
        // caches them together), so they agree on every message.
        postcard::from_bytes(&bytes).expect("worker message decodes")
    }
}
