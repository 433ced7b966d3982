//! Device preferences (language, theme, duplicate pairs set aside) kept
//! in `localStorage`.
//!
//! Preferences are per device, not per workspace, so they never sync. Reading
//! is forgiving: a missing, blocked or unknown value means "no preference".
//! Writing reports failure (private mode, quota) so the caller can tell the
//! user the choice will not survive a reload.

use std::collections::BTreeSet;

use ilgi_core::i18n::Lang;
use ilgi_core::model::Id;

use crate::theme::Theme;

const LANG_KEY: &str = "ilgi.lang";
const THEME_KEY: &str = "ilgi.theme";
const DISMISSED_PAIRS_KEY: &str = "ilgi.duplicates.dismissed";

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

/// The duplicate pairs set aside on this device as "not the same person",
/// each with the smaller id first. Unreadable entries are skipped.
pub fn load_dismissed_pairs() -> BTreeSet<(Id, Id)> {
    read(DISMISSED_PAIRS_KEY)
        .unwrap_or_default()
        .split(',')
        .filter_map(|entry| {
            let (a, b) = entry.split_once('|')?;
            let (a, b) = (a.parse::<Id>().ok()?, b.parse::<Id>().ok()?);
            Some((a.min(b), a.max(b)))
        })
        .collect()
}

/// Remembers the pairs set aside on this device.
pub fn save_dismissed_pairs(pairs: &BTreeSet<(Id, Id)>) -> Result<(), PrefsError> {
    let text: Vec<String> = pairs.iter().map(|(a, b)| format!("{a}|{b}")).collect();
    write(DISMISSED_PAIRS_KEY, &text.join(","))
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

const ANALYSIS_KEY: &str = "ilgi.analysis";

/// The last value analysis' dashboard figures on this device and when
/// they were computed, shown at the next start while a new analysis runs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CachedAnalysis {
    /// Milliseconds since 1970 (UTC).
    pub computed_at: f64,
    pub overview: ilgi_core::value::Overview,
}

/// How a cached analysis starts: the version of its encoding. The figures
/// follow as postcard bytes, one character (U+0000–U+00FF) per byte: the
/// page reads postcard from the worker anyway, so this costs no reader of
/// its own (JSON cost the first download about 35 KiB of wasm).
const ANALYSIS_FORMAT: &str = "pc1:";

/// The cached analysis, if one was saved and still reads (an older
/// app's format is ignored).
pub fn load_analysis() -> Option<CachedAnalysis> {
    let text = read(ANALYSIS_KEY)?;
    let bytes: Vec<u8> = text
        .strip_prefix(ANALYSIS_FORMAT)?
        .chars()
        .map(|c| u8::try_from(c).ok())
        .collect::<Option<_>>()?;
    postcard::from_bytes(&bytes).ok()
}

/// Caches the analysis (a few KB) for the next start.
pub fn save_analysis(cached: &CachedAnalysis) -> Result<(), PrefsError> {
    let bytes = postcard::to_allocvec(cached).map_err(|e| PrefsError(e.to_string()))?;
    let mut text = String::with_capacity(ANALYSIS_FORMAT.len() + bytes.len() * 2);
    text.push_str(ANALYSIS_FORMAT);
    text.extend(bytes.into_iter().map(char::from));
    write(ANALYSIS_KEY, &text)
}
