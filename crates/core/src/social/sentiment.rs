//! Sentiment of a short post in −1..1, VADER-style (Hutto & Gilbert 2014),
//! for Turkish and English.
//!
//! Each word, phrase, emoji and emoticon found in the language's lexicon
//! gives a valence (−4..4); rules then adjust it, as VADER does:
//!
//! - **Intensifiers and diminishers** up to three words before (`çok`,
//!   `aşırı`, `gerçekten`, `biraz`; `very`, `really`, `kinda`) add or take
//!   0.293, less the further away they are.
//! - **Negation**: English negators up to three words before (`not`,
//!   `never`, `no`, `n't`, `no longer`) flip the valence; Turkish negates
//!   after the word (`iyi değil`, `memnun değilim`, `sorun yok`, `memnun
//!   kalmadım`) or inside it with the verb suffix `-ma/-me` (`beğenmedim`,
//!   `çalışmıyor`). A flipped positive keeps 74 % of its weight (VADER's
//!   factor); a flipped negative only half, so `fena değil` / `not bad`
//!   come out mildly positive.
//! - **Contrast**: after `ama`, `fakat`, `ancak`, `but`, `however` the
//!   clause counts 1.5 times and the one before half.
//! - **Emphasis**: a word in capitals in a post that is not all capitals,
//!   stretched letters (`süperrr`, `rezalettt`) and up to four `!` push the
//!   score away from zero.
//!
//! The sum `s` becomes the score `s / √(s² + 15)` (VADER's normalisation).
//! Label thresholds: positive at [`POSITIVE_AT`] or above, negative at
//! [`NEGATIVE_AT`] or below, neutral between. VADER uses ±0.05; ilgi uses
//! ±0.15 because its lexicons give small valences to many everyday words
//! (`tamam`, `ok`, `like`), and a lone such word should not make a post
//! positive or negative.

use crate::i18n::Lang;

use super::lexicon::{self, Lexicon, MAX_PHRASE};
use super::tokens::{Token, tokenize};

/// A score at or above this is [`Label::Positive`].
pub const POSITIVE_AT: f64 = 0.15;
/// A score at or below this is [`Label::Negative`].
pub const NEGATIVE_AT: f64 = -0.15;

/// The label of a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Label {
    Positive,
    Neutral,
    Negative,
}

impl Label {
    /// `positive`, `neutral` or `negative` (the CLI's and the CSV's form).
    pub fn code(self) -> &'static str {
        match self {
            Label::Positive => "positive",
            Label::Neutral => "neutral",
            Label::Negative => "negative",
        }
    }

    /// The label's translation key.
    pub fn key(self) -> &'static str {
        match self {
            Label::Positive => "sentiment-positive",
            Label::Neutral => "sentiment-neutral",
            Label::Negative => "sentiment-negative",
        }
    }

    /// The label of a score in −1..1 (thresholds in the module doc).
    pub fn of(score: f64) -> Label {
        if score >= POSITIVE_AT {
            Label::Positive
        } else if score <= NEGATIVE_AT {
            Label::Negative
        } else {
            Label::Neutral
        }
    }
}

/// The sentiment of one post.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sentiment {
    /// −1 (most negative) ..= 1 (most positive).
    pub score: f64,
    pub label: Label,
    /// Sum of the positive valences after the rules (0 or more).
    pub positive: f64,
    /// Sum of the negative valences after the rules, as a magnitude (0 or
    /// more).
    pub negative: f64,
    /// How many words, phrases, emoji and emoticons carried a valence.
    pub hits: usize,
}

const BOOST: f64 = 0.293;
const CAPS_BOOST: f64 = 0.733;
const STRETCH_BOOST: f64 = 0.3;
const NEGATE_POSITIVE: f64 = -0.74;
const NEGATE_NEGATIVE: f64 = -0.5;
/// A bare `yok` (`internet yok`, `cevap yok`): something expected is
/// missing.
const MISSING: f64 = -1.2;

const EN_BOOSTERS: &[(&str, f64)] = &[
    ("very", 1.0),
    ("really", 1.0),
    ("so", 1.0),
    ("extremely", 1.0),
    ("totally", 1.0),
    ("absolutely", 1.0),
    ("super", 1.0),
    ("incredibly", 1.0),
    ("too", 1.0),
    ("most", 1.0),
    ("completely", 1.0),
    ("truly", 1.0),
    ("seriously", 1.0),
    ("utterly", 1.0),
    ("highly", 1.0),
    ("damn", 1.0),
    ("literally", 0.5),
    ("kinda", -1.0),
    ("kindof", -1.0),
    ("sorta", -1.0),
    ("slightly", -1.0),
    ("somewhat", -1.0),
    ("barely", -1.0),
    ("hardly", -1.0),
    ("little", -1.0),
    ("bit", -1.0),
    ("marginally", -1.0),
    ("fairly", -0.5),
    ("quite", 0.5),
];

const TR_BOOSTERS: &[(&str, f64)] = &[
    ("cok", 1.0),
    ("asiri", 1.2),
    ("gercekten", 1.0),
    ("cidden", 1.0),
    ("bayagi", 1.0),
    ("baya", 1.0),
    ("epey", 1.0),
    ("son", 0.0),
    ("resmen", 1.0),
    ("acayip", 1.0),
    ("feci", 1.2),
    ("tam", 0.5),
    ("en", 1.0),
    ("hic", 1.0),
    ("gayet", 1.0),
    ("oldukca", 0.7),
    ("fazla", 0.7),
    ("inanilmaz", 1.0),
    ("super", 1.0),
    ("biraz", -1.0),
    ("azicik", -1.0),
    ("pek", 0.5),
    ("kismen", -1.0),
    ("daha", 0.5),
    ("hep", 0.5),
    ("surekli", 1.0),
    ("yine", 0.5),
];

const EN_NEGATORS: &[&str] = &[
    "not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "without", "cannot",
    "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "cant", "couldnt", "wont",
    "wouldnt", "shouldnt", "havent", "hasnt", "hadnt", "aint", "nope", "nah", "neednt",
];

const CONTRAST: &[&str] = &[
    "but",
    "however",
    "yet",
    "ama",
    "fakat",
    "ancak",
    "lakin",
    "yalniz",
    "ne var ki",
];

/// Postposed Turkish negators: they flip the word before.
fn is_turkish_postposed_negator(w: &str) -> bool {
    w.starts_with("degil") || matches!(w, "diil" | "deil" | "diyil" | "degl")
}

fn is_yok(w: &str) -> bool {
    matches!(w, "yok" | "yoktu" | "yoktur" | "yokk" | "yoook" | "yook")
}

/// Markers of the Turkish negative verb suffix (folded): `-mıyor`,
/// `-medi`, `-mamış`, `-maz`, `-mayacak`, `-mayan`… The position of the
/// first one at least two letters into the word, if any.
fn negative_suffix_at(w: &str) -> Option<usize> {
    const MARKERS: &[&str] = &[
        "miyo", "muyo", "madi", "medi", "mamis", "memis", "mayacak", "meyecek", "mayan", "meyen",
        "maz", "mez", "mam", "mem", "mayiz", "meyiz", "madan", "meden",
    ];
    let bytes = w.as_bytes();
    (2..w.len().saturating_sub(2))
        .filter(|i| bytes[*i] == b'm' && w.is_char_boundary(*i))
        .find(|i| MARKERS.iter().any(|m| w[*i..].starts_with(m)))
}

/// Informal Turkish spellings brought to the standard ending:
/// `cekmiyo` → `cekmiyor`, `calismiyom` → `calismiyorum`.
fn standard_turkish(w: &str) -> Option<String> {
    for (informal, standard) in [
        ("yo", "yor"),
        ("yom", "yorum"),
        ("yoz", "yoruz"),
        ("yon", "yorsun"),
    ] {
        if let Some(stem) = w.strip_suffix(informal)
            && stem.ends_with(['i', 'u'])
        {
            return Some(format!("{stem}{standard}"));
        }
    }
    None
}

/// A single word's valence in a lexicon, and whether the word itself was
/// negated by a Turkish suffix (`beğenmedim`).
fn word_valence(lex: &Lexicon, lang: Lang, w: &str) -> Option<(f64, bool)> {
    if let Some(v) = lex.words.get(w) {
        return Some((*v, false));
    }
    if let Some(v) = longest_prefix(&lex.prefixes, w, 3) {
        return Some((v, false));
    }
    if lang == Lang::Tr {
        if let Some(std) = standard_turkish(w) {
            return word_valence(lex, lang, &std);
        }
        if let Some(at) = negative_suffix_at(w) {
            let stem = &w[..at];
            let v = lex
                .stems
                .get(stem)
                .or_else(|| lex.words.get(stem))
                .copied()
                .or_else(|| longest_prefix(&lex.prefixes, stem, 3));
            if let Some(v) = v {
                return Some((negate(v), true));
            }
            return None;
        }
        // `-sız/-siz/-suz/-süz`: without (`faydasız`); `-sınız` is "you".
        for privative in ["siz", "suz", "sizca", "suzca", "sizlik", "suzluk"] {
            if let Some(stem) = w.strip_suffix(privative)
                && stem.len() >= 3
                && let Some(v) = lex.words.get(stem).copied()
            {
                return Some((negate(v), true));
            }
        }
        return longest_prefix(&lex.words, w, 5).map(|v| (v, false));
    }
    None
}

/// The value of the longest key of at least `min` bytes that starts `w`.
fn longest_prefix(
    map: &std::collections::HashMap<String, f64>,
    w: &str,
    min: usize,
) -> Option<f64> {
    if map.is_empty() {
        return None;
    }
    w.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(w.len()))
        .filter(|i| *i >= min)
        .rev()
        .find_map(|i| map.get(&w[..i]).copied())
}

fn negate(v: f64) -> f64 {
    if v > 0.0 {
        v * NEGATE_POSITIVE
    } else {
        v * NEGATE_NEGATIVE
    }
}

fn booster(lang: Lang, w: &str) -> Option<f64> {
    let table = match lang {
        Lang::Tr => TR_BOOSTERS,
        Lang::En => EN_BOOSTERS,
    };
    table.iter().find(|(b, _)| *b == w).map(|(_, s)| *s)
}

/// One scored item of the post.
struct Item {
    /// Index of the first token it covers.
    start: usize,
    /// One past its last token.
    end: usize,
    valence: f64,
    /// Already negated inside the word (`beğenmedim`): a Turkish negator
    /// after it does not flip it again.
    negated: bool,
}

/// The sentiment of `text`, read as `lang`.
pub fn analyse(text: &str, lang: Lang) -> Sentiment {
    let tokens = tokenize(text);
    let lex = lexicon::lexicon(lang);
    let words: Vec<Option<&str>> = tokens
        .iter()
        .map(|t| match t {
            Token::Word { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let any_lower = tokens
        .iter()
        .any(|t| matches!(t, Token::Word { caps: false, text, .. } if text.chars().any(char::is_alphabetic)));

    // Items: the longest lexicon phrase at each position, else the word,
    // else the emoji or emoticon.
    let mut items: Vec<Item> = Vec::new();
    let mut covered = vec![false; tokens.len()];
    let mut key = String::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut found = None;
        for n in (2..=MAX_PHRASE).rev() {
            if i + n > tokens.len() || words[i..i + n].iter().any(Option::is_none) {
                continue;
            }
            key.clear();
            for (k, w) in words[i..i + n].iter().flatten().enumerate() {
                if k > 0 {
                    key.push(' ');
                }
                key.push_str(w);
            }
            if let Some(v) = lex.words.get(key.as_str()) {
                found = Some((n, *v, false));
                break;
            }
        }
        if found.is_none() {
            found = match &tokens[i] {
                Token::Word {
                    text, stretched, ..
                } => {
                    let plain = if is_function_word(lang, text) {
                        None
                    } else {
                        word_valence(lex, lang, text).or_else(|| {
                            stretched
                                .then(|| super::tokens::cut_runs(text, 1).0)
                                .and_then(|once| word_valence(lex, lang, &once))
                        })
                    };
                    plain.map(|(v, neg)| (1, v, neg))
                }
                Token::Emoji(c) => lexicon::emoji(*c).map(|v| (1, v, false)),
                Token::Emoticon(e) => lexicon::emoticon(e).map(|v| (1, v, false)),
                Token::Break => None,
            };
        }
        match found {
            Some((n, v, negated)) if v != 0.0 => {
                covered[i..i + n].iter_mut().for_each(|c| *c = true);
                items.push(Item {
                    start: i,
                    end: i + n,
                    valence: v,
                    negated,
                });
                i += n;
            }
            Some((n, _, _)) => {
                covered[i..i + n].iter_mut().for_each(|c| *c = true);
                i += n;
            }
            None => i += 1,
        }
    }

    // Turkish `yok` after a word with no valence: something is missing.
    if lang == Lang::Tr {
        for (j, w) in words.iter().enumerate() {
            let Some(w) = w else { continue };
            if !covered[j] && is_yok(w) {
                let before_scored = items.iter().any(|it| it.end == j);
                if !before_scored {
                    items.push(Item {
                        start: j,
                        end: j + 1,
                        valence: MISSING,
                        negated: false,
                    });
                }
            }
        }
        items.sort_by_key(|it| it.start);
    }

    let contrast = tokens
        .iter()
        .enumerate()
        .rev()
        .find(|(j, t)| matches!(t, Token::Word { text, .. } if CONTRAST.contains(&text.as_str()) && !covered[*j]))
        .map(|(j, _)| j);

    let mut positive = 0.0;
    let mut negative = 0.0;
    for item in &items {
        let mut v = item.valence;
        let sign = v.signum();
        // Emphasis on the item itself.
        if let Token::Word {
            caps, stretched, ..
        } = &tokens[item.start]
        {
            if *caps && any_lower {
                v += sign * CAPS_BOOST;
            }
            if *stretched {
                v += sign * STRETCH_BOOST;
            }
        }
        // Boosters and English negators up to three words before, within
        // the clause.
        let mut negated = false;
        for (distance, j) in (0..item.start).rev().take(3).enumerate() {
            let Some(w) = words[j] else { break };
            if covered[j] {
                continue;
            }
            if let Some(scale) = booster(lang, w) {
                let decay = [1.0, 0.95, 0.9][distance];
                let caps = matches!(&tokens[j], Token::Word { caps: true, .. }) && any_lower;
                let boost = if caps {
                    BOOST + CAPS_BOOST * 0.5
                } else {
                    BOOST
                };
                v += sign * boost * scale * decay;
            }
            if lang == Lang::En
                && (EN_NEGATORS.contains(&w)
                    || (w == "longer" && j > 0 && words[j - 1] == Some("no")))
            {
                negated = true;
            }
        }
        // Turkish negators after the item: `değil`, `yok`, a negated verb
        // with no valence of its own (`memnun kalmadım`).
        if lang == Lang::Tr
            && !item.negated
            && let Some(Some(next)) = words.get(item.end)
        {
            let next_item = items.iter().any(|it| it.start == item.end);
            if is_turkish_postposed_negator(next)
                || is_yok(next)
                || (!next_item && negative_suffix_at(next).is_some())
            {
                negated = true;
            }
        }
        if negated {
            v = negate(v);
        }
        if let Some(c) = contrast {
            if item.start < c {
                v *= 0.5;
            } else {
                v *= 1.5;
            }
        }
        if v > 0.0 {
            positive += v;
        } else {
            negative -= v;
        }
    }

    let mut sum = positive - negative;
    if sum != 0.0 {
        let bangs = text.chars().filter(|c| *c == '!').count().min(4) as f64;
        let questions = text.chars().filter(|c| *c == '?').count();
        let questions = match questions {
            0 | 1 => 0.0,
            2 | 3 => questions as f64 * 0.18,
            _ => 0.96,
        };
        sum += sum.signum() * (bangs * 0.292 + questions);
    }
    let score = sum / (sum * sum + 15.0).sqrt();
    Sentiment {
        score,
        label: Label::of(score),
        positive,
        negative,
        hits: items.len(),
    }
}

/// Words that carry no valence themselves here though a lexicon lists
/// them (VADER scores `no` −1.2; here it is a negator).
fn is_function_word(lang: Lang, w: &str) -> bool {
    match lang {
        Lang::En => EN_NEGATORS.contains(&w) || booster(lang, w).is_some() || CONTRAST.contains(&w),
        Lang::Tr => {
            booster(lang, w).is_some()
                || CONTRAST.contains(&w)
                || is_yok(w)
                || is_turkish_postposed_negator(w)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(text: &str, lang: Lang) -> Label {
        analyse(text, lang).label
    }

    fn score(text: &str, lang: Lang) -> f64 {
        analyse(text, lang).score
    }

    #[test]
    fn labels_follow_the_words_in_both_languages() {
        use Label::*;
        let cases = [
            ("harika bir hizmet", Lang::Tr, Positive),
            ("berbat bir deneyim", Lang::Tr, Negative),
            ("mağazaya gittim", Lang::Tr, Neutral),
            ("great service", Lang::En, Positive),
            ("terrible experience", Lang::En, Negative),
            ("I went to the store", Lang::En, Neutral),
            ("works great", Lang::En, Positive),
            ("dropped calls all day", Lang::En, Negative),
            ("scam company", Lang::En, Negative),
        ];
        for (text, lang, want) in cases {
            assert_eq!(label(text, lang), want, "{text}");
        }
    }

    #[test]
    fn negation_flips_in_both_languages() {
        use Label::*;
        let cases = [
            ("memnun değilim", Lang::Tr, Negative),
            ("hiç memnun değilim", Lang::Tr, Negative),
            ("iyi değil", Lang::Tr, Negative),
            ("beğenmedim", Lang::Tr, Negative),
            ("memnun kalmadım", Lang::Tr, Negative),
            ("sorun yok", Lang::Tr, Positive),
            ("internet yok", Lang::Tr, Negative),
            ("fena değil", Lang::Tr, Positive),
            ("not good", Lang::En, Negative),
            ("never happy with this", Lang::En, Negative),
            ("doesn't work", Lang::En, Negative),
            ("not bad", Lang::En, Positive),
            ("it no longer works great", Lang::En, Negative),
        ];
        for (text, lang, want) in cases {
            assert_eq!(label(text, lang), want, "{text}");
        }
    }

    #[test]
    fn a_negated_negative_is_only_mildly_positive() {
        let mild = score("fena değil", Lang::Tr);
        assert!(mild > 0.0 && mild < score("güzel", Lang::Tr), "{mild}");
        assert!(score("not bad", Lang::En) < score("good", Lang::En));
    }

    #[test]
    fn the_negative_verb_suffix_is_negative_in_every_spelling() {
        for text in [
            "çekmiyor",
            "ÇEKMİYOR",
            "Çekmiyor",
            "cekmiyor",
            "cekmiyo",
            "internet çekmiyor",
            "çalışmıyor",
            "calismiyo",
            "açılmıyor",
            "kargo gelmedi",
            "yokkk",
        ] {
            assert_eq!(label(text, Lang::Tr), Label::Negative, "{text}");
        }
    }

    #[test]
    fn intensifiers_and_diminishers_move_the_score() {
        let pairs = [
            ("çok güzel", "güzel", Lang::Tr),
            ("aşırı kötü", "kötü", Lang::Tr),
            ("very good", "good", Lang::En),
            ("really bad", "bad", Lang::En),
        ];
        for (strong, plain, lang) in pairs {
            assert!(
                score(strong, lang).abs() > score(plain, lang).abs(),
                "{strong}"
            );
        }
        assert!(score("biraz yavaş", Lang::Tr).abs() < score("yavaş", Lang::Tr).abs());
        assert!(score("kinda good", Lang::En) < score("good", Lang::En));
    }

    #[test]
    fn capitals_stretching_and_exclamations_are_emphasis() {
        let pairs = [
            ("internet REZALET oldu", "internet rezalet oldu", Lang::Tr),
            ("rezalettt", "rezalet", Lang::Tr),
            ("süperrr", "süper", Lang::Tr),
            ("cooool", "cool", Lang::En),
            ("great!!!", "great", Lang::En),
            ("the service is AWFUL", "the service is awful", Lang::En),
        ];
        for (strong, plain, lang) in pairs {
            assert!(
                score(strong, lang).abs() > score(plain, lang).abs(),
                "{strong}"
            );
        }
    }

    #[test]
    fn emoji_and_emoticons_carry_sentiment() {
        use Label::*;
        let cases = [
            ("😡😡", Lang::Tr, Negative),
            ("kargo geldi 👍", Lang::Tr, Positive),
            ("yine mi 🤬", Lang::Tr, Negative),
            ("new phone ❤️", Lang::En, Positive),
            ("on hold again :(", Lang::En, Negative),
            ("got it :)", Lang::En, Positive),
        ];
        for (text, lang, want) in cases {
            assert_eq!(label(text, lang), want, "{text}");
        }
    }

    #[test]
    fn the_clause_after_but_weighs_more() {
        use Label::*;
        let cases = [
            ("telefon güzel ama şarjı berbat", Lang::Tr, Negative),
            ("kargo geç geldi ama ürün harika", Lang::Tr, Positive),
            (
                "the phone is nice but the battery is terrible",
                Lang::En,
                Negative,
            ),
            (
                "delivery was slow but the product is great",
                Lang::En,
                Positive,
            ),
        ];
        for (text, lang, want) in cases {
            assert_eq!(label(text, lang), want, "{text}");
        }
    }

    #[test]
    fn informal_turkish_and_suffixes_are_read() {
        use Label::*;
        let cases = [
            ("memnunum", false, Positive),
            ("rezaletsiniz", false, Negative),
            ("berbatsınız", false, Negative),
            ("faydasız", false, Negative),
            ("sorunsuz çalışıyor", false, Positive),
            ("harikaydı", false, Positive),
            ("mağdur edildim", false, Negative),
            ("dolandırıldım", false, Negative),
            ("şikayetçiyim", false, Negative),
        ];
        for (text, _, want) in cases {
            assert_eq!(label(text, Lang::Tr), want, "{text}");
        }
    }

    #[test]
    fn scores_stay_within_bounds() {
        for text in [
            "",
            "!!!!!!",
            "REZALET REZALET REZALET!!!!!!! 😡😡😡😡",
            "süper harika mükemmel ❤️❤️❤️",
        ] {
            let s = analyse(text, Lang::Tr);
            assert!((-1.0..=1.0).contains(&s.score), "{text}");
        }
        assert_eq!(analyse("", Lang::En).label, Label::Neutral);
    }
}
