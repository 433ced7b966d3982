//! Device preferences (language, theme) kept in `localStorage`.
//!
//! Preferences are per device, not per workspace, so they never sync. Reading
//! is forgiving: a missing, blocked or unknown value means "no preference".
//! Writing reports failure (private mode, quota) so the caller can tell the
//! user the choice will not survive a reload.

use ilgi_core::i18n::Lang;

use crate::theme::Theme;

const LANG_KEY: &str = "ilgi.lang";
const THEME_KEY: &str = "ilgi.theme";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Why a preference could not be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrefsError(pub String);

fn write(key: &str, value: &str) -> Result<(), PrefsError> {
    let storage =
        local_storage().ok_or_else(|| PrefsError("localStorage is not available".into()))?;
    storage
        .set_item(key, value)
        .map_err(|e| PrefsError(crate::js_error::describe(&e)))
}

/// The language the user chose on this device, if any.
pub fn load_lang() -> Option<Lang> {
    Lang::from_code(&read(LANG_KEY)?)
}

/// Remembers the user's language choice on this device.
pub fn save_lang(lang: Lang) -> Result<(), PrefsError> {
    write(LANG_KEY, lang.code())
}

/// The theme the user chose on this device; `System` when none.
pub fn load_theme() -> Theme {
    read(THEME_KEY)
        .and_then(|v| Theme::from_code(&v))
        .unwrap_or_default()
}

/// Remembers the theme choice on this device.
pub fn save_theme(theme: Theme) -> Result<(), PrefsError> {
    write(THEME_KEY, theme.code())
}

/// The browser's preferred languages, most preferred first.
pub fn browser_languages() -> Vec<String> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    let navigator = window.navigator();
    let mut tags: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if tags.is_empty() {
        tags.extend(navigator.language());
    }
    tags
}
