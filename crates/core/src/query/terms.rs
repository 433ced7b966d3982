//! What the search box's text means: the needles every matching customer's
//! search text must contain.

use crate::text;

/// One thing a matching customer's folded search text must contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Needle {
    /// A folded word.
    Word(String),
    /// Consecutive words that look like a phone number (`0532 123`,
    /// `+90 (532)`, `123-45-67`): they match when their digits written
    /// together occur (`0532123`, found in `05321234567`), or the words as
    /// typed do (an external id such as `ab-123-45`).
    Phone { digits: String, typed: String },
}

impl Needle {
    /// The strings of which one must occur.
    pub(crate) fn alternatives(&self) -> impl Iterator<Item = &str> {
        let (first, second) = match self {
            Needle::Word(word) => (word.as_str(), None),
            Needle::Phone { digits, typed } => (digits.as_str(), Some(typed.as_str())),
        };
        std::iter::once(first).chain(second)
    }

    /// Whether the needle occurs in a folded search text.
    #[cfg(test)]
    pub(crate) fn is_in(&self, haystack: &str) -> bool {
        self.alternatives().any(|a| haystack.contains(a))
    }
}

/// A word made of phone characters with at least one digit.
fn is_phone_like(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
        && word
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-()./".contains(&b))
}

/// The needles of a search text: folded (see [`text::fold`]), split on
/// whitespace, runs of phone-like words joined into one [`Needle::Phone`].
/// Control characters are dropped: they separate the parts of an indexed
/// search text, so a needle must never contain one. Duplicates are removed.
pub(crate) fn needles(query: &str) -> Vec<Needle> {
    let folded = text::fold(query);
    let mut needles = Vec::new();
    let mut phone_words: Vec<String> = Vec::new();
    for word in folded.split(' ') {
        let word: String = word.chars().filter(|c| !c.is_control()).collect();
        if word.is_empty() {
            continue;
        }
        if is_phone_like(&word) {
            phone_words.push(word);
        } else {
            push_phone(&mut phone_words, &mut needles);
            needles.push(Needle::Word(word));
        }
    }
    push_phone(&mut phone_words, &mut needles);
    let mut unique: Vec<Needle> = Vec::with_capacity(needles.len());
    for needle in needles {
        if !unique.contains(&needle) {
            unique.push(needle);
        }
    }
    unique
}

fn push_phone(words: &mut Vec<String>, needles: &mut Vec<Needle>) {
    if words.is_empty() {
        return;
    }
    let typed = words.join(" ");
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    words.clear();
    needles.push(if digits == typed {
        Needle::Word(digits)
    } else {
        Needle::Phone { digits, typed }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: &str) -> Needle {
        Needle::Word(w.to_string())
    }

    #[test]
    fn words_are_folded_and_split_on_whitespace() {
        assert_eq!(
            needles("  İstanbul   IŞIK "),
            vec![word("istanbul"), word("isik")]
        );
        assert_eq!(needles("@Ayse.Yilmaz"), vec![word("@ayse.yilmaz")]);
        assert!(needles("   ").is_empty());
        assert_eq!(needles("ali ALİ ali"), vec![word("ali")]);
    }

    #[test]
    fn phone_like_words_are_joined_into_their_digits() {
        assert_eq!(
            needles("0532 123"),
            vec![Needle::Phone {
                digits: "0532123".into(),
                typed: "0532 123".into()
            }]
        );
        assert_eq!(needles("05321234567"), vec![word("05321234567")]);
        assert_eq!(
            needles("ayşe +90 (532) kaya"),
            vec![
                word("ayse"),
                Needle::Phone {
                    digits: "90532".into(),
                    typed: "+90 (532)".into()
                },
                word("kaya"),
            ]
        );
        assert_eq!(needles("- +"), vec![word("-"), word("+")]);
    }

    #[test]
    fn control_characters_never_reach_a_needle() {
        assert_eq!(needles("a\u{1}b \u{0}"), vec![word("ab")]);
    }
}
