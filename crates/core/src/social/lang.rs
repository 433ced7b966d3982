//! Turkish or English: the language of a short post.
//!
//! Posts are too short and too informal for character n-gram models to be
//! sure, and only two languages matter here, so the decision is a vote:
//! Turkish letters (`ç ğ ı İ ş`, and `ö ü`), frequent function words of
//! each language and typical word endings (Turkish `-iyor`, `-miyo`,
//! `-lar`, `-dim`…; English `-ing`, `-tion`…). ASCII-typed Turkish
//! ("internet cekmiyo ya") still wins on its words and endings. A tie is
//! Turkish: ilgi's users are Turkish companies, whose mentions are mostly
//! Turkish.

use crate::i18n::Lang;

use super::tokens::{Token, tokenize};

/// Frequent Turkish words, folded (how ASCII typists write them too).
const TURKISH_WORDS: &[&str] = &[
    "ve",
    "bir",
    "bu",
    "su",
    "da",
    "de",
    "ile",
    "icin",
    "cok",
    "ama",
    "fakat",
    "ne",
    "neden",
    "niye",
    "nasil",
    "mi",
    "mu",
    "degil",
    "degilim",
    "yok",
    "var",
    "ben",
    "sen",
    "biz",
    "siz",
    "hic",
    "gibi",
    "daha",
    "ya",
    "yaa",
    "hala",
    "artik",
    "kadar",
    "sonra",
    "diye",
    "hep",
    "her",
    "gun",
    "gundur",
    "beni",
    "bana",
    "size",
    "sizin",
    "bizim",
    "benim",
    "abi",
    "lutfen",
    "merhaba",
    "tesekkurler",
    "tamam",
    "oldu",
    "olsun",
    "olmaz",
    "hemen",
    "simdi",
    "dun",
    "bugun",
    "yine",
    "ki",
    "en",
    "ayni",
    "kimse",
    "hicbir",
    "nerede",
    "zaman",
    "iyi",
    "kotu",
    "guzel",
    "olarak",
    "mis",
    "mi",
    "musteri",
    "hizmet",
    "fatura",
    "kargo",
    "siparis",
    "yerine",
    "bile",
    "sadece",
    "neyse",
    "artik",
    "iste",
    "icinde",
    "hafta",
    "ay",
    "saat",
    "saattir",
    "ediyorum",
    "etti",
];

/// Frequent English words.
const ENGLISH_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "is",
    "are",
    "was",
    "were",
    "to",
    "of",
    "in",
    "on",
    "for",
    "it",
    "this",
    "that",
    "my",
    "your",
    "you",
    "i",
    "me",
    "we",
    "not",
    "no",
    "with",
    "have",
    "has",
    "be",
    "been",
    "do",
    "does",
    "did",
    "can",
    "will",
    "just",
    "so",
    "but",
    "at",
    "from",
    "what",
    "why",
    "how",
    "still",
    "again",
    "please",
    "thanks",
    "they",
    "their",
    "get",
    "got",
    "its",
    "dont",
    "doesnt",
    "cant",
    "im",
    "ive",
    "its",
    "all",
    "after",
    "since",
    "days",
    "day",
    "week",
    "never",
    "really",
    "very",
    "service",
    "customer",
    "order",
    "phone",
    "who",
    "when",
    "anyone",
    "about",
    "there",
    "than",
    "only",
    "would",
    "should",
    "could",
    "today",
    "yesterday",
    "now",
];

/// Turkish word endings (folded) that English words rarely have.
const TURKISH_ENDINGS: &[&str] = &[
    "iyor", "iyorum", "uyor", "iyo", "uyo", "miyor", "muyor", "madi", "medi", "madim", "medim",
    "mis", "lar", "ler", "lari", "leri", "dir", "dim", "dum", "tim", "tum", "siniz", "sunuz",
    "nuz", "niz", "imiz", "acak", "ecek", "yim", "yiz", "ydi", "ndan", "nden", "dan", "den", "tan",
    "ten", "yla", "yle", "mak", "mek", "sin", "misiniz", "dik", "tik", "gun",
];

/// English word endings.
const ENGLISH_ENDINGS: &[&str] = &["ing", "tion", "ly", "ed", "ness", "ould", "th", "ght"];

/// The language of `text`: Turkish or English (a tie, and a text with
/// nothing to go on, is Turkish).
pub fn detect(text: &str) -> Lang {
    let (tr, en) = votes(text);
    if en > tr { Lang::En } else { Lang::Tr }
}

/// The Turkish and English votes of `text` (for tests and tuning).
fn votes(text: &str) -> (f64, f64) {
    let mut tr = 0.0;
    let mut en = 0.0;
    for c in text.chars() {
        match c {
            'ç' | 'Ç' | 'ğ' | 'Ğ' | 'ı' | 'İ' | 'ş' | 'Ş' => tr += 2.0,
            'ö' | 'Ö' | 'ü' | 'Ü' => tr += 1.0,
            _ => {}
        }
    }
    for token in tokenize(text) {
        let Token::Word { text: w, .. } = token else {
            continue;
        };
        if w.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        if TURKISH_WORDS.contains(&w.as_str()) {
            tr += 1.5;
        }
        if ENGLISH_WORDS.contains(&w.as_str()) {
            en += 1.5;
        }
        if w.len() > 4 {
            if TURKISH_ENDINGS.iter().any(|e| w.ends_with(e)) {
                tr += 0.75;
            }
            if ENGLISH_ENDINGS.iter().any(|e| w.ends_with(e)) {
                en += 0.75;
            }
        }
    }
    (tr, en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_posts_are_told_apart() {
        let cases = [
            ("internet cekmiyo ya", Lang::Tr),
            ("neden calismiyor", Lang::Tr),
            ("3 gündür internetim yok, kimse dönmedi", Lang::Tr),
            ("ÇEKMİYOR", Lang::Tr),
            ("Turkcell rezalettt", Lang::Tr),
            ("kargom hala gelmedi", Lang::Tr),
            ("cok tesekkurler cozduler", Lang::Tr),
            ("fena değil", Lang::Tr),
            ("my internet is down again", Lang::En),
            ("still waiting for my refund", Lang::En),
            ("works great, thanks!", Lang::En),
            ("no signal since yesterday", Lang::En),
            ("why is this not working", Lang::En),
            ("I love this phone ❤️", Lang::En),
            ("charged twice for the same order", Lang::En),
        ];
        for (text, lang) in cases {
            assert_eq!(detect(text), lang, "{text}");
        }
    }

    #[test]
    fn a_post_with_nothing_to_go_on_is_turkish() {
        assert_eq!(detect("👍"), Lang::Tr);
        assert_eq!(detect(""), Lang::Tr);
    }
}
