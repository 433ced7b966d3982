//! The triage categories a post speaks of.
//!
//! The words come from the triage rule set ([`RuleSet::category_words`]),
//! the one source of truth: a post's topics and a case's category cannot
//! disagree, and editing the rule set's words changes both. Matching is by
//! word here rather than triage's substring test, because posts are free
//! text: a phrase matches when its folded words appear in order-free form
//! as words of the post — in Turkish a word may carry suffixes (`fatura`
//! matches `faturam`, `faturamı`) when it has four letters or more; in
//! English it may take `s`, `es`, `ed`, `ing` (`bill` matches `bills`,
//! not `billion`).

use std::sync::LazyLock;

use crate::cases::{Category, RuleSet, default_rules};
use crate::i18n::Lang;

use super::tokens::words_of;

/// A category and its phrases, each phrase as its folded words.
pub struct TopicWords {
    phrases: Vec<(Category, Vec<String>)>,
}

impl TopicWords {
    /// The words of a rule set's categories (tokenized like posts are).
    pub fn of(rules: &RuleSet) -> TopicWords {
        let phrases = rules
            .category_words
            .iter()
            .flat_map(|c| c.any_of.iter().map(move |p| (c.category, words_of(p))))
            .filter(|(_, w)| !w.is_empty())
            .collect();
        TopicWords { phrases }
    }

    /// The categories `text` speaks of, in [`Category::ALL`] order, each
    /// once; empty when none (never `Other`).
    pub fn topics(&self, text: &str, lang: Lang) -> Vec<Category> {
        let post = words_of(text);
        let mut found: Vec<Category> = Vec::new();
        for (category, phrase) in &self.phrases {
            if found.contains(category) {
                continue;
            }
            if phrase
                .iter()
                .all(|p| post.iter().any(|w| word_matches(w, p, lang)))
            {
                found.push(*category);
            }
        }
        found.sort_by_key(|c| Category::ALL.iter().position(|a| a == c));
        found
    }
}

fn word_matches(word: &str, key: &str, lang: Lang) -> bool {
    if word == key {
        return true;
    }
    let Some(rest) = word.strip_prefix(key) else {
        return false;
    };
    match lang {
        Lang::Tr => key.chars().count() >= 4,
        Lang::En => matches!(rest, "s" | "es" | "ed" | "d" | "ing" | "er" | "ers"),
    }
}

static DEFAULT: LazyLock<TopicWords> = LazyLock::new(|| TopicWords::of(&default_rules()));

/// The categories `text` speaks of by the default rule set's words (see
/// [`TopicWords::topics`]; for a user's edited rules, [`TopicWords::of`]).
pub fn topics(text: &str, lang: Lang) -> Vec<Category> {
    DEFAULT.topics(text, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_get_the_triage_categories_of_their_words() {
        let cases: &[(&str, Lang, &[Category])] = &[
            ("3G ÇEKMİYOR yine", Lang::Tr, &[Category::Connectivity]),
            ("internet cekmiyor", Lang::Tr, &[Category::Connectivity]),
            (
                "faturama fazla ücret yansımış",
                Lang::Tr,
                &[Category::Billing],
            ),
            ("kargom hala gelmedi", Lang::Tr, &[Category::Delivery]),
            (
                "telefonum açılmıyor, ekranı bozuk",
                Lang::Tr,
                &[Category::Device],
            ),
            ("çok büyük bir mağaza", Lang::Tr, &[Category::Service]),
            ("charged twice on my bill", Lang::En, &[Category::Billing]),
            (
                "my order was not delivered",
                Lang::En,
                &[Category::Delivery],
            ),
            ("a billion reasons", Lang::En, &[]),
            (
                "no signal since yesterday",
                Lang::En,
                &[Category::Connectivity],
            ),
            ("what a lovely day", Lang::En, &[]),
        ];
        for (text, lang, want) in cases {
            assert_eq!(topics(text, *lang), *want, "{text}");
        }
    }

    #[test]
    fn edited_rule_words_change_the_topics() {
        let mut rules = default_rules();
        rules.category_words[0].any_of.push("modem ışıkları".into());
        let words = TopicWords::of(&rules);
        assert!(
            words
                .topics("modemin ışıkları yanıp sönüyor", Lang::Tr)
                .contains(&rules.category_words[0].category)
        );
    }
}
