//! Light/dark theme: follows the OS by default, with a per-device override.
//!
//! The stylesheet does the work: every colour is `light-dark(…)`, so the OS
//! setting picks the palette unless `<html data-theme="light|dark">` pins
//! `color-scheme`. index.html applies a
//! stored override before the wasm loads, so there is no flash of the wrong
//! theme.

use leptos::prelude::*;

use crate::storage::prefs;
use crate::toast::Toasts;

/// The user's theme choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow the operating system's light/dark setting.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn code(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_code(code: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// The theme choice shared by the switch and the page root.
#[derive(Clone, Copy)]
pub struct ThemeChoice {
    theme: RwSignal<Theme>,
    toasts: Toasts,
}

impl ThemeChoice {
    pub fn get(&self) -> Theme {
        self.theme.get()
    }

    /// Applies and remembers a new choice; tells the user when it cannot be
    /// remembered.
    pub fn set(&self, theme: Theme) {
        self.theme.set(theme);
        if let Err(e) = prefs::save_theme(theme) {
            self.toasts.error_key("prefs-not-saved", e.0);
        }
    }
}

/// Writes the choice onto `<html data-theme>`; `System` removes the override.
pub fn apply_to_document(theme: Theme) {
    let Some(root) = document().document_element() else {
        return;
    };
    let result = match theme {
        Theme::System => root.remove_attribute("data-theme"),
        other => root.set_attribute("data-theme", other.code()),
    };
    if let Err(e) = result {
        leptos::logging::warn!("could not apply theme: {e:?}");
    }
}

/// Provides the theme choice to the app and keeps the document in step.
pub fn provide_theme(toasts: Toasts) -> ThemeChoice {
    let choice = ThemeChoice {
        theme: RwSignal::new(prefs::load_theme()),
        toasts,
    };
    provide_context(choice);
    Effect::new(move |_| apply_to_document(choice.get()));
    choice
}
