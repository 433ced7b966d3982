//! Turning a file's bytes into text, and guessing its delimiter.

use encoding_rs::{UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1254};

/// A file's text and the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a byte order mark.
    pub text: String,
    /// `"UTF-8"`, `"UTF-16LE"`, `"UTF-16BE"` or `"windows-1254"`.
    pub encoding: &'static str,
}

/// Decodes a CSV file's bytes.
///
/// A byte order mark decides (UTF-8, UTF-16 LE or BE) and is removed. Without
/// one, valid UTF-8 is UTF-8; anything else is read as Windows-1254, the code
/// page Excel uses for CSV on Turkish Windows. Every byte decodes to
/// something in Windows-1254, so this never fails.
pub fn decode(bytes: &[u8]) -> Decoded {
    let with_bom = |encoding: &'static encoding_rs::Encoding, bom: usize| {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
        }
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => with_bom(UTF_8, 3),
        [0xFF, 0xFE, ..] => with_bom(UTF_16LE, 2),
        [0xFE, 0xFF, ..] => with_bom(UTF_16BE, 2),
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => Decoded {
                text: text.to_owned(),
                encoding: UTF_8.name(),
            },
            Err(_) => with_bom(WINDOWS_1254, 0),
        },
    }
}

/// How many records [`detect_delimiter`] looks at.
const SAMPLE_RECORDS: usize = 20;

/// Picks the delimiter among `,`, `;` and tab: the one whose header has more
/// than one column and whose first records (up to 20) most often have the
/// header's column count. Delimiters inside double quotes do not count.
/// Ties go to more columns, then to `;` (Turkish Excel), tab, `,`. A file
/// with a single column gives `,`.
pub fn detect_delimiter(text: &str) -> u8 {
    let candidates = [b';', b'\t', b','];
    let mut counts: [Vec<usize>; 3] = Default::default();
    let mut current = [1usize; 3];
    let mut in_quotes = false;
    let mut blank = true;
    let mut records = 0;
    for &b in text.as_bytes() {
        match b {
            b'"' => {
                in_quotes = !in_quotes;
                blank = false;
            }
            b'\n' | b'\r' if !in_quotes => {
                if !blank {
                    for (count, n) in counts.iter_mut().zip(&mut current) {
                        count.push(*n);
                        *n = 1;
                    }
                    records += 1;
                    if records == SAMPLE_RECORDS {
                        break;
                    }
                }
                blank = true;
            }
            _ if in_quotes => {}
            _ => {
                if let Some(i) = candidates.iter().position(|c| *c == b) {
                    current[i] += 1;
                }
                if !b.is_ascii_whitespace() {
                    blank = false;
                }
            }
        }
    }
    if !blank && records < SAMPLE_RECORDS {
        for (count, n) in counts.iter_mut().zip(&current) {
            count.push(*n);
        }
    }
    let score = |count: &Vec<usize>| match count.first() {
        Some(&header) if header > 1 => (count.iter().filter(|n| **n == header).count(), header),
        _ => (0, 0),
    };
    let mut best = (b',', (0, 0));
    // Reverse so that, on equal scores, the earlier candidate wins.
    for (delimiter, count) in candidates.iter().zip(&counts).rev() {
        let s = score(count);
        if s >= best.1 && s > (0, 0) {
            best = (*delimiter, s);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1254_bytes_of_turkish_names_decode_right() {
        // "Şükrü;Işık;İzmir" as Turkish Excel saves it.
        let bytes = [
            0xDE, 0xFC, 0x6B, 0x72, 0xFC, b';', 0x49, 0xFE, 0xFD, 0x6B, b';', 0xDD, 0x7A, 0x6D,
            0x69, 0x72,
        ];
        let d = decode(&bytes);
        assert_eq!(d.text, "Şükrü;Işık;İzmir");
        assert_eq!(d.encoding, "windows-1254");
    }

    #[test]
    fn a_utf8_bom_is_stripped_and_plain_utf8_is_kept() {
        let d = decode("\u{FEFF}ad;soyad".as_bytes());
        assert_eq!((d.text.as_str(), d.encoding), ("ad;soyad", "UTF-8"));
        let d = decode("Şükrü".as_bytes());
        assert_eq!((d.text.as_str(), d.encoding), ("Şükrü", "UTF-8"));
        assert_eq!(decode(b"").text, "");
    }

    #[test]
    fn utf16_with_a_bom_decodes_in_both_byte_orders() {
        let text = "Işık,İzmir";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            le.extend(unit.to_le_bytes());
            be.extend(unit.to_be_bytes());
        }
        assert_eq!(decode(&le).text, text);
        assert_eq!(decode(&le).encoding, "UTF-16LE");
        assert_eq!(decode(&be).text, text);
        assert_eq!(decode(&be).encoding, "UTF-16BE");
    }

    #[test]
    fn semicolons_win_when_commas_are_decimal_marks() {
        let text = "ad;tutar;tarih\r\nAli;1,5;01.02.2024\r\nAyşe;12,75;03.02.2024\r\n";
        assert_eq!(detect_delimiter(text), b';');
    }

    #[test]
    fn commas_tabs_and_quoted_delimiters_are_detected() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(detect_delimiter("a\tb\n1\t2\n"), b'\t');
        // The quoted semicolons and the quoted newline do not count.
        let text = "name,note\n\"Ali\",\"a;b;c\nd;e\"\nAyşe,x\n";
        assert_eq!(detect_delimiter(text), b',');
    }

    #[test]
    fn a_single_column_file_gives_a_comma() {
        assert_eq!(detect_delimiter("name\nAli\n"), b',');
        assert_eq!(detect_delimiter(""), b',');
    }
}
