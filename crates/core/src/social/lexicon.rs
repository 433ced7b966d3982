//! The sentiment lexicons (`crates/core/data/lexicons/`), parsed once.
//!
//! Keys are folded ([`fold`]) so that `ÇEKMİYOR`, `Çekmiyor` and
//! `cekmiyor` meet; phrases are their folded words joined by one space.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::i18n::Lang;
use crate::text::fold;

/// One language's words.
pub(crate) struct Lexicon {
    /// Words and phrases (up to [`MAX_PHRASE`] words) → valence, −4..4.
    pub words: HashMap<String, f64>,
    /// Hand entries written `word*`: they match with any suffix.
    pub prefixes: HashMap<String, f64>,
    /// Turkish verb stems (`beğenmek` → `begen`) → the verb's valence, for
    /// negated forms (`beğenmedim`).
    pub stems: HashMap<String, f64>,
}

/// The longest phrase a lexicon holds, in words.
pub(crate) const MAX_PHRASE: usize = 3;

/// Parses `word<TAB>valence` lines (`#` comments) into `lex`; later
/// entries override earlier ones.
fn load(lex: &mut Lexicon, source: &str) {
    for line in source.lines() {
        if line.starts_with('#') {
            continue;
        }
        let Some((word, value)) = line.split_once('\t') else {
            continue;
        };
        let Ok(value) = value.trim().parse::<f64>() else {
            continue;
        };
        match word.strip_suffix('*') {
            Some(prefix) => {
                lex.prefixes.insert(fold(prefix), value);
            }
            None => {
                // Apostrophes go as the tokenizer drops them (`don't` → `dont`).
                let key = fold(&word.replace(['\'', '’'], ""));
                if key.split(' ').count() <= MAX_PHRASE {
                    lex.words.insert(key, value);
                }
            }
        }
    }
}

fn build(sources: &[&str], verb_stems: bool) -> Lexicon {
    let mut lex = Lexicon {
        words: HashMap::new(),
        prefixes: HashMap::new(),
        stems: HashMap::new(),
    };
    for source in sources {
        load(&mut lex, source);
    }
    if verb_stems {
        for (word, value) in &lex.words {
            let stem = word
                .strip_suffix("mek")
                .or_else(|| word.strip_suffix("mak"));
            if let Some(stem) = stem.filter(|s| s.len() >= 3 && !s.contains(' ')) {
                lex.stems.insert(stem.to_string(), *value);
            }
        }
    }
    lex
}

static TURKISH: LazyLock<Lexicon> = LazyLock::new(|| {
    build(
        &[
            include_str!("../../data/lexicons/tr-afinn.tsv"),
            include_str!("../../data/lexicons/tr-extra.tsv"),
        ],
        true,
    )
});

static ENGLISH: LazyLock<Lexicon> = LazyLock::new(|| {
    build(
        &[
            include_str!("../../data/lexicons/en.tsv"),
            include_str!("../../data/lexicons/en-extra.tsv"),
        ],
        false,
    )
});

/// Emoji and emoticons → valence (emoticons from the English lexicon
/// apply to posts in both languages).
static EMOJI: LazyLock<HashMap<char, f64>> = LazyLock::new(|| {
    include_str!("../../data/lexicons/emoji.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (e, v) = l.split_once('\t')?;
            let mut chars = e.chars().filter(|c| !matches!(*c as u32, 0xFE0E | 0xFE0F));
            let c = chars.next()?;
            // Multi-character sequences (flags, families) are left out.
            if chars.next().is_some() {
                return None;
            }
            Some((c, v.trim().parse().ok()?))
        })
        .collect()
});

pub(crate) fn lexicon(lang: Lang) -> &'static Lexicon {
    match lang {
        Lang::Tr => &TURKISH,
        Lang::En => &ENGLISH,
    }
}

pub(crate) fn emoji(c: char) -> Option<f64> {
    EMOJI.get(&c).copied()
}

pub(crate) fn emoticon(e: &str) -> Option<f64> {
    ENGLISH.words.get(e).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_load_with_their_expected_sizes() {
        assert!(lexicon(Lang::En).words.len() > 8000);
        assert!(lexicon(Lang::Tr).words.len() > 2000);
        assert!(lexicon(Lang::Tr).prefixes.len() > 50);
        assert!(EMOJI.len() > 150);
    }

    #[test]
    fn turkish_keys_are_folded_and_verbs_give_stems() {
        let tr = lexicon(Lang::Tr);
        assert!(tr.words.contains_key("cekmiyor"));
        assert!(tr.prefixes.contains_key("memnun"));
        assert!(tr.stems.contains_key("begen"));
    }

    #[test]
    fn emoji_and_emoticons_have_a_sign() {
        assert!(emoji('😡').is_some_and(|v| v < 0.0));
        assert!(emoji('❤').is_some_and(|v| v > 0.0));
        assert!(emoticon(":)").is_some_and(|v| v > 0.0));
        assert!(emoticon(":(").is_some_and(|v| v < 0.0));
    }
}
