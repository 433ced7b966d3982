//! The translation catalogue: every user-visible string in Turkish and English.
//!
//! Messages live in Project Fluent files (`crates/core/locales/{tr,en}.ftl`),
//! compiled into the binary with `include_str!`. Fluent was chosen over a
//! hand-written table because Turkish and English differ in plural rules and
//! word order, which Fluent expresses in the translation file instead of code.
//!
//! Invariants:
//! - Both languages define exactly the same message ids (tested here).
//! - A missing id never panics: [`Catalog::text`] returns the id itself so the
//!   gap is visible on screen and in tests.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

/// A language the UI speaks (and a post is written in): `"tr"`, `"en"`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Turkish, the first users' language.
    Tr,
    /// English, the fallback for every other browser language.
    #[default]
    En,
}

impl Lang {
    /// Every supported language, in the order the language switch lists them.
    pub const ALL: [Lang; 2] = [Lang::Tr, Lang::En];

    /// The BCP 47 primary language subtag (`"tr"`, `"en"`), used for
    /// `<html lang>` and for persisting the choice.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Tr => "tr",
            Lang::En => "en",
        }
    }

    /// The language's own name, shown in the switch whatever the UI language.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Tr => "Türkçe",
            Lang::En => "English",
        }
    }

    /// Parses a stored code (`"tr"`, `"en"`); anything else is `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Picks the UI language from the browser's preferred languages
    /// (`navigator.languages`, most preferred first): the first one whose
    /// primary subtag we speak wins; English when none matches.
    pub fn from_browser_tags<'a>(tags: impl IntoIterator<Item = &'a str>) -> Lang {
        tags.into_iter()
            .filter_map(|tag| {
                let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
                Lang::from_code(&primary)
            })
            .next()
            .unwrap_or_default()
    }

    fn source(self) -> &'static str {
        match self {
            Lang::Tr => include_str!("../locales/tr.ftl"),
            Lang::En => include_str!("../locales/en.ftl"),
        }
    }
}

/// A problem found in a translation file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CatalogError {
    #[error("{lang}.ftl does not parse: {detail}")]
    Syntax { lang: &'static str, detail: String },
    #[error("{lang}.ftl defines a message twice: {detail}")]
    Duplicate { lang: &'static str, detail: String },
}

/// All messages of all languages, ready to format.
pub struct Catalog {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

impl Catalog {
    /// Builds the catalogue from the embedded translation files.
    pub fn load() -> Result<Catalog, CatalogError> {
        let mut bundles = Vec::with_capacity(Lang::ALL.len());
        for lang in Lang::ALL {
            let resource = parse(lang)?;
            let id: LanguageIdentifier = lang.code().parse().map_err(|e| CatalogError::Syntax {
                lang: lang.code(),
                detail: format!("{e}"),
            })?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Unicode isolation marks around arguments confuse copy/paste and
            // text matching in tests; our arguments are never right-to-left.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|errors| CatalogError::Duplicate {
                    lang: lang.code(),
                    detail: format!("{errors:?}"),
                })?;
            bundles.push((lang, bundle));
        }
        Ok(Catalog { bundles })
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        // `load` pushes one bundle per `Lang::ALL` entry, so the find succeeds.
        &self
            .bundles
            .iter()
            .find(|(l, _)| *l == lang)
            .unwrap_or(&self.bundles[0])
            .1
    }

    /// The message `key` in `lang`, or `key` itself when it is missing.
    pub fn text(&self, lang: Lang, key: &str) -> String {
        self.format(lang, key, None)
    }

    /// The message `key` in `lang` with named arguments (`{ $name }`).
    pub fn text_with(&self, lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let value = match value {
                Arg::Str(s) => FluentValue::from(*s),
                Arg::Num(n) => FluentValue::from(*n),
            };
            fluent_args.set(*name, value);
        }
        self.format(lang, key, Some(&fluent_args))
    }

    fn format(&self, lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// Whether `key` exists in every language.
    pub fn has(&self, key: &str) -> bool {
        Lang::ALL
            .into_iter()
            .all(|lang| self.bundle(lang).has_message(key))
    }

    /// The message ids defined in `lang`, sorted.
    pub fn keys(lang: Lang) -> Result<BTreeSet<String>, CatalogError> {
        Ok(parse(lang)?
            .entries()
            .filter_map(|entry| match entry {
                ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect())
    }
}

fn parse(lang: Lang) -> Result<FluentResource, CatalogError> {
    FluentResource::try_new(lang.source().to_owned()).map_err(|(_, errors)| CatalogError::Syntax {
        lang: lang.code(),
        detail: format!("{errors:?}"),
    })
}

/// A value passed into a message.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Str(&'a str),
    Num(f64),
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| match Catalog::load() {
    Ok(catalog) => catalog,
    // The files are compiled in and parsed by the tests below, so this only
    // fires if someone ships a broken .ftl without running the tests.
    Err(e) => panic!("translation catalogue is broken: {e}"),
});

/// The process-wide catalogue, parsed on first use.
pub fn catalog() -> &'static Catalog {
    &CATALOG
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_translation_files_parse() {
        assert!(Catalog::load().is_ok());
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        let tr = Catalog::keys(Lang::Tr).expect("tr.ftl parses");
        let en = Catalog::keys(Lang::En).expect("en.ftl parses");
        let only_tr: Vec<_> = tr.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&tr).collect();
        assert!(
            only_tr.is_empty() && only_en.is_empty(),
            "keys only in tr.ftl: {only_tr:?}; keys only in en.ftl: {only_en:?}"
        );
    }

    #[test]
    fn no_turkish_message_is_left_in_english() {
        // A copied-but-untranslated message is as bad as a missing one. Short
        // labels that are the same in both languages are listed here.
        // "Mar" and "May" are the Turkish abbreviations too; "—" marks a
        // figure that cannot be computed.
        let same_in_both = [
            "app-name",
            "month-short-3",
            "month-short-5",
            "figure-unknown",
            // A translated message followed by the server's own words.
            "sync-error-with-detail",
        ];
        let catalog = catalog();
        for key in Catalog::keys(Lang::En).expect("en.ftl parses") {
            if same_in_both.contains(&key.as_str()) {
                continue;
            }
            assert_ne!(
                catalog.text(Lang::Tr, &key),
                catalog.text(Lang::En, &key),
                "message {key} is identical in tr.ftl and en.ftl"
            );
        }
    }

    #[test]
    fn turkish_and_english_texts_differ_for_the_same_key() {
        let catalog = catalog();
        assert_eq!(catalog.text(Lang::Tr, "nav-customers"), "Müşteriler");
        assert_eq!(catalog.text(Lang::En, "nav-customers"), "Customers");
    }

    #[test]
    fn a_missing_key_shows_the_key_itself() {
        assert_eq!(catalog().text(Lang::Tr, "no-such-key"), "no-such-key");
        assert!(!catalog().has("no-such-key"));
    }

    #[test]
    fn arguments_are_substituted_without_isolation_marks() {
        let text = catalog().text_with(
            Lang::En,
            "storage-usage",
            &[("used", Arg::Str("1.2 MB")), ("quota", Arg::Str("10 GB"))],
        );
        assert_eq!(text, "1.2 MB used of 10 GB available");
    }

    #[test]
    fn browser_languages_pick_turkish_only_when_preferred() {
        assert_eq!(Lang::from_browser_tags(["tr-TR", "en-US"]), Lang::Tr);
        assert_eq!(Lang::from_browser_tags(["de-DE", "TR"]), Lang::Tr);
        assert_eq!(Lang::from_browser_tags(["en-GB", "tr"]), Lang::En);
        assert_eq!(Lang::from_browser_tags(["de-DE"]), Lang::En);
        assert_eq!(Lang::from_browser_tags([]), Lang::En);
    }

    #[test]
    fn stored_codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("fr"), None);
    }
}
