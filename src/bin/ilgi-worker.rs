//! Entry point of the Web Worker module that Trunk builds beside the app
//! (`ilgi-worker.js`, `ilgi-worker_bg.wasm`): long jobs off the UI thread.

fn main() {
    #[cfg(target_arch = "wasm32")]
    ilgi::worker::host::register();
}
