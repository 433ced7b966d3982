//! Splits a short post into the pieces sentiment and complaint rules read:
//! folded words (with their shouting and stretching noted), emoji,
//! emoticons and clause breaks.

use crate::text::fold;

/// One piece of a post.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    /// A word in its search form ([`fold`]); `caps` when it was written in
    /// capitals (two letters or more), `stretched` when a letter was
    /// repeated three times or more (`rezalettt`: the text then has the
    /// run cut to two letters, `rezalett`).
    Word {
        text: String,
        caps: bool,
        stretched: bool,
    },
    /// An emoji (variation selectors and skin tones dropped).
    Emoji(char),
    /// An emoticon as written (`:)`, `:-(`, `<3`).
    Emoticon(String),
    /// `.`, `,`, `;`, `!`, `?`: negation and intensifiers do not reach
    /// across it.
    Break,
}

/// Emoticons the tokenizer keeps whole (the lexicons score them).
const EMOTICONS: &[&str] = &[
    ":)", ":-)", ":]", ":d", ":-d", "=)", ";)", ";-)", ":p", ":-p", "xd", "<3", ":(", ":-(", ":[",
    ":/", ":-/", ":'(", ":|", ">:(", ":@", ":s", "</3", "^^", "^_^", ":*", ":o",
];

/// The emoticon a whitespace-separated chunk is, if any (`:)))` is `:)`).
fn emoticon(chunk: &str) -> Option<&'static str> {
    if !chunk.is_ascii() {
        return None;
    }
    let lower = chunk.to_ascii_lowercase();
    let mut s = lower.as_str();
    // Cut a repeated last character: `:)))` → `:)`, `:DDD` → `:d`.
    while s.len() > 2 {
        let mut chars = s.chars().rev();
        let (last, before) = (chars.next(), chars.next());
        if last == before {
            s = &s[..s.len() - 1];
        } else {
            break;
        }
    }
    EMOTICONS.iter().copied().find(|e| *e == s)
}

/// Whether a character is an emoji or pictographic symbol.
fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2300..=0x23FF | 0x2190..=0x21FF)
}

/// Whether a character only modifies the emoji before it.
fn is_emoji_modifier(c: char) -> bool {
    matches!(c as u32, 0xFE0E | 0xFE0F | 0x200D | 0x1F3FB..=0x1F3FF)
}

/// Splits `text` into tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for chunk in text.split_whitespace() {
        if let Some(e) = emoticon(chunk) {
            out.push(Token::Emoticon(e.to_string()));
            continue;
        }
        let mut word = String::new();
        for c in chunk.chars() {
            if c.is_alphanumeric() || (matches!(c, '\'' | '’') && !word.is_empty()) {
                word.push(c);
                continue;
            }
            push_word(&mut out, &mut word);
            if is_emoji_modifier(c) {
                continue;
            } else if is_emoji(c) {
                out.push(Token::Emoji(c));
            } else if matches!(c, '.' | ',' | ';' | '!' | '?' | ':')
                && out.last() != Some(&Token::Break)
            {
                out.push(Token::Break);
            }
        }
        push_word(&mut out, &mut word);
    }
    out
}

/// English contractions whose apostrophe is dropped (`don't` → `dont`);
/// after any other apostrophe the rest is a Turkish suffix on a name
/// (`Turkcell'e`, `3G'im`) and is cut off.
const CONTRACTIONS: &[&str] = &["t", "s", "re", "ve", "ll", "d", "m"];

fn push_word(out: &mut Vec<Token>, word: &mut String) {
    let raw = word.trim_end_matches(['\'', '’']);
    if raw.is_empty() {
        word.clear();
        return;
    }
    let joined;
    let raw = match raw.split_once(['\'', '’']) {
        Some((head, tail)) if CONTRACTIONS.contains(&tail.to_ascii_lowercase().as_str()) => {
            joined = format!("{head}{tail}");
            joined.as_str()
        }
        Some((head, _)) => head,
        None => raw,
    };
    let letters = raw.chars().filter(|c| c.is_alphabetic()).count();
    let caps = letters >= 2 && raw.chars().all(|c| !c.is_lowercase());
    let folded = fold(raw);
    let (text, stretched) = cut_runs(&folded, 2);
    out.push(Token::Word {
        text,
        caps,
        stretched,
    });
    word.clear();
}

/// `s` with every run of one letter longer than `keep` cut to `keep`, and
/// whether anything was cut.
pub(crate) fn cut_runs(s: &str, keep: usize) -> (String, bool) {
    let mut out = String::with_capacity(s.len());
    let mut last = None;
    let mut run = 0;
    let mut cut = false;
    for c in s.chars() {
        if Some(c) == last && c.is_alphabetic() {
            run += 1;
        } else {
            last = Some(c);
            run = 1;
        }
        if run <= keep {
            out.push(c);
        } else {
            cut = true;
        }
    }
    (out, cut)
}

/// The folded words of a text, in order (emoji and punctuation left out).
pub(crate) fn words_of(text: &str) -> Vec<String> {
    tokenize(text)
        .into_iter()
        .filter_map(|t| match t {
            Token::Word { text, .. } => Some(text),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        words_of(text)
    }

    #[test]
    fn words_are_folded_and_suffixes_after_an_apostrophe_are_cut() {
        assert_eq!(words("3G'im ÇEKMİYOR"), ["3g", "cekmiyor"]);
        assert_eq!(words("Turkcell'e yazdım"), ["turkcell", "yazdim"]);
        assert_eq!(words("it doesn't work"), ["it", "doesnt", "work"]);
    }

    #[test]
    fn stretched_letters_are_cut_to_two_and_noted() {
        let t = tokenize("rezalettt");
        assert_eq!(
            t,
            [Token::Word {
                text: "rezalett".into(),
                caps: false,
                stretched: true
            }]
        );
    }

    #[test]
    fn emoji_emoticons_and_breaks_are_tokens() {
        let t = tokenize("harika :))) 👍🏽! ama");
        assert_eq!(t[1], Token::Emoticon(":)".into()));
        assert_eq!(t[2], Token::Emoji('👍'));
        assert_eq!(t[3], Token::Break);
    }

    #[test]
    fn shouting_needs_two_capital_letters() {
        assert!(matches!(
            &tokenize("REZALET")[0],
            Token::Word { caps: true, .. }
        ));
        assert!(matches!(&tokenize("I")[0], Token::Word { caps: false, .. }));
        assert!(matches!(
            &tokenize("Rezalet")[0],
            Token::Word { caps: false, .. }
        ));
    }
}
