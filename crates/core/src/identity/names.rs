//! Personal names as real data writes them: ASCII-typed Turkish
//! (`Sukru Caglar` for `Şükrü Çağlar`), upper case, transposed letters,
//! first and last name swapped. Names are compared in their folded form
//! (`text::fold`), never by raw characters.

use crate::text::fold;

/// A name folded for comparison: tokens in order, and joined.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Folded {
    pub tokens: Vec<String>,
    /// The tokens joined by a space, and in reverse order (computed once:
    /// a scan compares each name many times).
    joined: String,
    reversed: String,
}

impl Folded {
    /// Folds a full name (or a display name such as `Ayşe K. 🌸`): letters
    /// and digits only, one token per word; a one-letter initial is kept.
    pub fn new(name: &str) -> Folded {
        let folded = fold(name);
        let tokens: Vec<String> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        let joined = tokens.join(" ");
        let reversed = tokens.iter().rev().cloned().collect::<Vec<_>>().join(" ");
        Folded {
            tokens,
            joined,
            reversed,
        }
    }

    /// First and last name of a customer.
    pub fn of(first: &str, last: &str) -> Folded {
        Folded::new(&format!("{first} {last}"))
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The tokens joined by a space.
    pub fn joined(&self) -> &str {
        &self.joined
    }

    /// The first token (a first name).
    pub fn first(&self) -> &str {
        self.tokens.first().map_or("", String::as_str)
    }

    /// The last token (a surname).
    pub fn last(&self) -> &str {
        self.tokens.last().map_or("", String::as_str)
    }
}

/// How alike two folded names are, 0..1: the best of the names in order,
/// with first and last swapped, and token by token (Jaro-Winkler, and
/// the optimal-string-alignment edit distance so that a transposition
/// `Yimlaz` costs one edit).
/// `Şükrü Çağlar` and `SUKRU CAGLAR` are 1.0.
pub fn similarity(a: &Folded, b: &Folded) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (ja, jb) = (a.joined(), b.joined());
    if ja == jb || a.reversed == jb {
        return 1.0;
    }
    let mut best = whole(ja, jb);
    // Swapped: "Yılmaz Mehmet".
    best = best.max(whole(&a.reversed, jb));
    // Token by token, first with first and last with last (a middle name
    // on one side only is ignored), weighted to the surname.
    if a.tokens.len() >= 2 && b.tokens.len() >= 2 {
        let first = token(a.first(), b.first());
        let last = token(a.last(), b.last());
        best = best.max(0.4 * first + 0.6 * last);
    }
    best.clamp(0.0, 1.0)
}

fn whole(a: &str, b: &str) -> f64 {
    let jw = strsim::jaro_winkler(a, b);
    // Optimal string alignment: edits where a transposition costs one, as
    // Damerau-Levenshtein, without its per-call alphabet map (a scan
    // compares names millions of times).
    let longest = a.chars().count().max(b.chars().count()).max(1);
    let dl = 1.0 - strsim::osa_distance(a, b) as f64 / longest as f64;
    // Jaro-Winkler is generous to shared prefixes; the edit distance keeps
    // "Ali Can" and "Ali Cem" apart.
    0.5 * jw + 0.5 * dl
}

/// Two tokens: an initial matches its name (`M.` and `Mehmet`).
fn token(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    if (a.len() == 1 && b.starts_with(a)) || (b.len() == 1 && a.starts_with(b)) {
        return 0.85;
    }
    whole(a, b)
}

/// Whether a name is so common that it alone says nothing about who wrote
/// (`Mehmet Yılmaz`): either part among the most frequent Turkish (and
/// English) first names and surnames. Such a name never links a person by
/// itself.
pub fn is_common(name: &Folded) -> bool {
    COMMON_FIRST.contains(&name.first()) || COMMON_LAST.contains(&name.last())
}

/// Frequent first names, folded (Turkish birth registers and English
/// lists; the point is "frequent", not a complete census).
const COMMON_FIRST: &[&str] = &[
    "mehmet", "mustafa", "ahmet", "ali", "huseyin", "hasan", "ibrahim", "ismail", "osman", "yusuf",
    "murat", "omer", "ramazan", "halil", "suleyman", "abdullah", "mahmut", "recep", "fatma",
    "ayse", "emine", "hatice", "zeynep", "elif", "meryem", "sultan", "hanife", "merve", "zehra",
    "esra", "ozlem", "yasemin", "emre", "burak", "can", "fatih", "kemal", "serkan", "john",
    "james", "michael", "david", "robert", "mary", "sarah", "jennifer", "maria",
];

/// Frequent surnames, folded.
const COMMON_LAST: &[&str] = &[
    "yilmaz", "kaya", "demir", "sahin", "celik", "yildiz", "yildirim", "ozturk", "aydin",
    "ozdemir", "arslan", "dogan", "kilic", "aslan", "cetin", "kara", "koc", "kurt", "ozkan",
    "simsek", "polat", "korkmaz", "ozcan", "erdogan", "cakir", "aksoy", "yavuz", "can", "smith",
    "johnson", "williams", "brown", "jones", "miller", "davis", "wilson",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(a: &str, b: &str) -> f64 {
        similarity(&Folded::new(a), &Folded::new(b))
    }

    #[test]
    fn names_as_real_data_writes_them_are_alike() {
        let same = [
            ("Şükrü Çağlar", "Sukru Caglar"),
            ("ŞÜKRÜ ÇAĞLAR", "şükrü çağlar"),
            ("İsmail Işık", "ISMAIL ISIK"),
            ("Ayşe Yılmaz", "Yılmaz Ayşe"),
        ];
        for (a, b) in same {
            assert_eq!(sim(a, b), 1.0, "{a} / {b}");
        }
        let close = [
            ("Gökhan Yılmaz", "Gokhan Yimlaz"),
            ("Mehmet Öztürk", "Mehmet Özturk"),
            ("Zeynep Karaca", "Zeynep Karca"),
            ("Mehmet Ali Öztürk", "Mehmet Öztürk"),
            ("M. Öztürk", "Mehmet Öztürk"),
        ];
        for (a, b) in close {
            let s = sim(a, b);
            assert!(s >= 0.85, "{a} / {b}: {s}");
        }
        let apart = [
            ("Ali Can", "Veli Can"),
            ("Ayşe Kaya", "Fatma Demir"),
            ("Emre Aslan", "Elif Arslan"),
        ];
        for (a, b) in apart {
            let s = sim(a, b);
            assert!(s < 0.85, "{a} / {b}: {s}");
        }
        assert_eq!(sim("", "Ali"), 0.0);
    }

    #[test]
    fn frequent_names_are_known_as_common() {
        assert!(is_common(&Folded::new("Mehmet Yılmaz")));
        assert!(is_common(&Folded::new("MEHMET Kocabıyık")));
        assert!(is_common(&Folded::new("Tülay Öztürk")));
        assert!(!is_common(&Folded::new("Şükrü Çağlar")));
        assert!(!is_common(&Folded::new("Nilüfer Kocabıyık")));
    }
}
