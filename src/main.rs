//! Entry point of the web app binary that Trunk builds for the browser.

fn main() {
    #[cfg(target_arch = "wasm32")]
    ilgi::start();
}
