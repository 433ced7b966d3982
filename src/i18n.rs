//! The UI language as app state: a context around `ilgi_core::i18n`.
//!
//! Components call `use_i18n().t(KEY)` inside a reactive closure, so every
//! visible string re-renders when the language changes. Keys are checked
//! against both translation files by `crates/core/tests/app_translation_keys.rs`.

use ilgi_core::i18n::{Arg, Lang, catalog};
use leptos::prelude::*;

use crate::storage::prefs;
use crate::toast::Toasts;

/// The current UI language and the way to change it.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
    toasts: Toasts,
}

impl I18n {
    /// The current language (tracked: re-runs the caller on change).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// Switches the language and remembers it on this device.
    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
        if let Err(e) = prefs::save_lang(lang) {
            self.toasts.error_key("prefs-not-saved", e.0);
        }
    }

    /// The current language without tracking (event handlers, jobs).
    pub fn lang_untracked(&self) -> Lang {
        self.lang.get_untracked()
    }

    /// The message `key` in the current language.
    pub fn t(&self, key: &str) -> String {
        catalog().text(self.lang.get(), key)
    }

    /// [`I18n::t`] without tracking (initial values, event handlers).
    pub fn t_untracked(&self, key: &str) -> String {
        catalog().text(self.lang.get_untracked(), key)
    }

    /// The message `key` in the current language, with arguments.
    pub fn t_with(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        catalog().text_with(self.lang.get(), key, args)
    }
}

/// The language to start in: the stored choice, else the browser's.
pub fn initial_lang() -> Lang {
    prefs::load_lang().unwrap_or_else(|| {
        let tags = prefs::browser_languages();
        Lang::from_browser_tags(tags.iter().map(String::as_str))
    })
}

/// Provides the language context and keeps `<html lang>` in step with it.
pub fn provide_i18n(toasts: Toasts) -> I18n {
    let i18n = I18n {
        lang: RwSignal::new(initial_lang()),
        toasts,
    };
    provide_context(i18n);
    Effect::new(move |_| {
        let code = i18n.lang().code();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", code);
        }
    });
    i18n
}

/// The language context provided by [`provide_i18n`].
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
