//! Turkish-aware text handling: case mapping, search folding and sort keys.
//!
//! Rust's `to_lowercase` maps `I` to `i` and leaves `İ` as `i̇` (i plus a
//! combining dot), which breaks search for Turkish users. Here `I → ı` and
//! `İ → i`, then [`fold`] removes what a Turkish user does not type on an
//! English keyboard (`ç ğ ı ö ş ü` and other diacritics), so `İstanbul`,
//! `istanbul` and `ISTANBUL` meet, and so do `IŞIK`, `ışık` and `isik`.
//!
//! Collation is written here instead of taking ICU4X: the Turkish alphabet
//! order is one 29-letter table, and ICU's collation data would add several
//! hundred KiB to the wasm download for that one table.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Lower-cases `s` with Turkish rules (`I → ı`, `İ → i`).
pub fn tr_lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'I' => out.push('ı'),
            'İ' => out.push('i'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Upper-cases `s` with Turkish rules (`i → İ`, `ı → I`).
pub fn tr_upper(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'i' => out.push('İ'),
            'ı' => out.push('I'),
            _ => out.extend(c.to_uppercase()),
        }
    }
    out
}

/// The search form of `s`: Turkish lower case, diacritics and the Turkish
/// letters folded to their ASCII base (`ı → i`, `ş → s`, `ğ → g`, `ç → c`,
/// `ö → o`, `ü → u`, `é → e`), runs of whitespace collapsed to one space.
///
/// Invariant: `fold(fold(s)) == fold(s)`, and a folded needle found in a
/// folded haystack is what the search box matches.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_whitespace() {
            space = !out.is_empty();
            return;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    };
    for c in s.chars() {
        // ASCII is most of every name, email and phone: lower-casing it is
        // already the fold (`I` would lower to `ı`, which folds to `i`).
        if c.is_ascii() {
            push(c.to_ascii_lowercase(), &mut out);
            continue;
        }
        let lower = match c {
            'İ' | 'ı' => 'i',
            _ => c,
        };
        for l in lower.to_lowercase() {
            decompose_canonical(l, |d| {
                if is_combining_mark(d) {
                    return;
                }
                let d = match d {
                    'ı' => 'i',
                    'ß' => 's',
                    'æ' => 'a',
                    'ø' => 'o',
                    'đ' => 'd',
                    'ł' => 'l',
                    _ => d,
                };
                push(d, &mut out);
            });
        }
    }
    out
}

/// A key that sorts strings in Turkish alphabetical order when compared
/// byte-wise (IndexedDB compares strings by code unit, so the key also works
/// as an index).
///
/// Letters are ranked `a b c ç d e f g ğ h ı i j k l m n o ö p q r s ş t u ü
/// v w x y z`, case-insensitively; other accented letters sort with their
/// base letter; digits sort before letters; other characters keep their code
/// point order after the letters.
pub fn sort_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in tr_lower(s.trim()).chars() {
        if let Some(rank) = rank(c) {
            out.push(rank);
            continue;
        }
        // Other accented letters (é, â, î…) rank as their base letter.
        let base = c.nfd().find(|d| !is_combining_mark(*d));
        match base.and_then(rank) {
            Some(rank) => out.push(rank),
            None if c.is_whitespace() => out.push(' '),
            None => out.push(c),
        }
    }
    out
}

/// Rank of a lower-case letter or digit as a private-range char, so that the
/// ranked letters sort after digits and punctuation but in alphabet order.
fn rank(c: char) -> Option<char> {
    const BASE: u32 = 0x0100;
    let index = match c {
        '0'..='9' => return Some(c),
        'a'..='c' => c as u32 - 'a' as u32,
        'ç' => 3,
        'd'..='g' => c as u32 - 'd' as u32 + 4,
        'ğ' => 8,
        'h' => 9,
        'ı' => 10,
        'i'..='o' => c as u32 - 'i' as u32 + 11,
        'ö' => 18,
        'p'..='s' => c as u32 - 'p' as u32 + 19,
        'ş' => 23,
        't' | 'u' => c as u32 - 't' as u32 + 24,
        'ü' => 26,
        'v'..='z' => c as u32 - 'v' as u32 + 27,
        _ => return None,
    };
    char::from_u32(BASE + index)
}

/// Compares two strings in Turkish alphabetical order.
pub fn tr_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    sort_key(a).cmp(&sort_key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_and_dotless_i_lower_the_turkish_way() {
        assert_eq!(tr_lower("IŞIK"), "ışık");
        assert_eq!(tr_lower("İSTANBUL"), "istanbul");
        assert_eq!(tr_upper("istanbul ılık"), "İSTANBUL ILIK");
    }

    #[test]
    fn folding_meets_what_turkish_users_type() {
        for (a, b) in [
            ("İstanbul", "istanbul"),
            ("IŞIK", "ışık"),
            ("IŞIK", "isik"),
            ("Çağrı Öztürk", "cagri ozturk"),
            ("  Gülşen   Ünal ", "gulsen unal"),
            ("José Müller", "jose muller"),
            ("ÂLEM", "alem"),
        ] {
            assert_eq!(fold(a), fold(b), "{a} vs {b}");
        }
        assert_ne!(fold("kır"), fold("kar"));
    }

    #[test]
    fn folding_is_idempotent() {
        for s in ["İĞNE ıslak", "Ça ğ", "x\u{0307}"] {
            assert_eq!(fold(&fold(s)), fold(s));
        }
    }

    #[test]
    fn sorting_follows_the_turkish_alphabet() {
        let mut names = vec![
            "Zeynep", "Çiğdem", "Ümit", "Can", "Ilgın", "İpek", "Şule", "Ömer", "Deniz", "Ugur",
            "Oya", "sema",
        ];
        names.sort_by(|a, b| tr_cmp(a, b));
        assert_eq!(
            names,
            vec![
                "Can", "Çiğdem", "Deniz", "Ilgın", "İpek", "Oya", "Ömer", "sema", "Şule", "Ugur",
                "Ümit", "Zeynep"
            ]
        );
    }

    #[test]
    fn ranks_follow_the_alphabet_table() {
        let alphabet = "abcçdefgğhıijklmnoöpqrsştuüvwxyz";
        let ranks: Vec<char> = alphabet.chars().map(|c| rank(c).unwrap()).collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(ranks.len(), 32);
        assert_eq!(rank('z'), char::from_u32(0x0100 + 31));
    }

    #[test]
    fn sort_keys_ignore_case_and_other_accents() {
        assert_eq!(sort_key("ışık"), sort_key("IŞIK"));
        assert_eq!(sort_key("José"), sort_key("jose"));
        assert!(sort_key("10 Numara") < sort_key("Ali"));
    }
}
