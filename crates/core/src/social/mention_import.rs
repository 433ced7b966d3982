//! Importing mentions from a CSV or JSON export, with a mapping step and
//! the row-level error report the other imports have (every bad cell of
//! every rejected row, with its line and column; nothing is half-read).
//!
//! Sample formats (`docs/formats/mentions.md` shows each with an
//! example): the X (Twitter) export (`id`, `full_text`, `created_at`,
//! `user.screen_name`, `user.name`, `user.followers_count`), the Instagram
//! export (`id`, `caption`, `timestamp`, `username`, `permalink`), the
//! Facebook export (`post_id`, `message`, `created_time`, `from.name`,
//! `permalink_url`) and the generic one (`post id, platform, handle,
//! author, text, time, followers, url, public, language`). Headers are
//! matched by their folded names; JSON objects are flattened one level
//! per nesting (`user.screen_name`) and read as a table whose "line" is the
//! item's number.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};

use super::mention::Mention;
use crate::csv_io::{Parsed, Reason, RowError, Table, TableRow};
use crate::i18n::Lang;
use crate::model::{Handle, Id, Platform, ValueError};
use crate::text::fold;

/// What a column of a mention file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum MentionField {
    PostId,
    Platform,
    Handle,
    Author,
    Text,
    Time,
    Followers,
    Url,
    Public,
    /// `true`/`yes` means private (a direct message): the opposite of
    /// `Public`.
    Private,
    Language,
    Ignore,
}

impl MentionField {
    /// Every choice the mapping step offers.
    pub const ALL: [MentionField; 12] = [
        MentionField::PostId,
        MentionField::Platform,
        MentionField::Handle,
        MentionField::Author,
        MentionField::Text,
        MentionField::Time,
        MentionField::Followers,
        MentionField::Url,
        MentionField::Public,
        MentionField::Private,
        MentionField::Language,
        MentionField::Ignore,
    ];

    /// Translation key of the field's label.
    pub fn label_key(self) -> &'static str {
        match self {
            MentionField::PostId => "mention-field-post-id",
            MentionField::Platform => "mention-field-platform",
            MentionField::Handle => "mention-field-handle",
            MentionField::Author => "mention-field-author",
            MentionField::Text => "mention-field-text",
            MentionField::Time => "mention-field-time",
            MentionField::Followers => "mention-field-followers",
            MentionField::Url => "mention-field-url",
            MentionField::Public => "mention-field-public",
            MentionField::Private => "mention-field-private",
            MentionField::Language => "mention-field-language",
            MentionField::Ignore => "mention-field-ignore",
        }
    }

    /// The generic format's header of the field (the name a missing
    /// required column is reported under).
    pub fn export_name(self) -> &'static str {
        match self {
            MentionField::PostId => "post id",
            MentionField::Platform => "platform",
            MentionField::Handle => "handle",
            MentionField::Author => "author",
            MentionField::Text => "text",
            MentionField::Time => "time",
            MentionField::Followers => "followers",
            MentionField::Url => "url",
            MentionField::Public => "public",
            MentionField::Private => "private",
            MentionField::Language => "language",
            MentionField::Ignore => "",
        }
    }

    /// Folded header names (and JSON paths) of the field in the exports.
    fn names(self) -> &'static [&'static str] {
        match self {
            MentionField::PostId => &[
                "post id",
                "id",
                "tweet id",
                "id str",
                "post",
                "media id",
                "gonderi id",
                "gonderi",
            ],
            MentionField::Platform => &["platform", "network", "source", "kaynak"],
            MentionField::Handle => &[
                "handle",
                "username",
                "screen name",
                "user.screen name",
                "user.username",
                "author.username",
                "owner.username",
                "from.username",
                "kullanici adi",
                "author handle",
            ],
            MentionField::Author => &[
                "author",
                "name",
                "display name",
                "user.name",
                "author.name",
                "from.name",
                "owner.full name",
                "full name",
                "yazar",
                "ad",
            ],
            MentionField::Text => &[
                "text",
                "full text",
                "caption",
                "message",
                "content",
                "body",
                "metin",
                "mesaj",
            ],
            MentionField::Time => &[
                "time",
                "created at",
                "timestamp",
                "created time",
                "date",
                "posted at",
                "tarih",
                "zaman",
            ],
            MentionField::Followers => &[
                "followers",
                "followers count",
                "user.followers count",
                "author.public metrics.followers count",
                "author.followers count",
                "reach",
                "takipci",
                "erisim",
            ],
            MentionField::Url => &[
                "url",
                "link",
                "permalink",
                "permalink url",
                "post url",
                "adres",
            ],
            MentionField::Public => &["public", "herkese acik"],
            MentionField::Private => &["private", "is private", "dm", "ozel"],
            MentionField::Language => &["language", "lang", "dil"],
            MentionField::Ignore => &[],
        }
    }
}

/// The mapping a person confirms: a field per column, and the platform
/// of a file that has no platform column (the export's own platform).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MentionMapping {
    pub fields: Vec<MentionField>,
    pub platform: Option<Platform>,
}

fn header_form(h: &str) -> String {
    fold(h)
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Guesses the mapping from the headers (each field at most once, the
/// first matching column wins); `platform` is the file's platform when
/// it has no platform column.
pub fn auto_map_mentions(headers: &[String], platform: Option<Platform>) -> MentionMapping {
    let mut fields = vec![MentionField::Ignore; headers.len()];
    for field in MentionField::ALL {
        // Names in order of preference: `id` is a post id only when no
        // better column names one.
        for name in field.names() {
            let found = headers
                .iter()
                .enumerate()
                .find(|(i, h)| fields[*i] == MentionField::Ignore && header_form(h) == *name);
            if let Some((i, _)) = found {
                fields[i] = field;
                break;
            }
        }
    }
    MentionMapping { fields, platform }
}

/// A JSON export as a table: an array of objects, or an object with the
/// array under `data`, `posts`, `items` or `tweets`. Nested objects are
/// flattened (`user.screen_name`); the row's line is the item's number.
pub fn json_table(text: &str) -> Result<Table, String> {
    let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
    let items = match &value {
        serde_json::Value::Array(items) => items.as_slice(),
        serde_json::Value::Object(map) => ["data", "posts", "items", "tweets"]
            .iter()
            .find_map(|k| map.get(*k).and_then(|v| v.as_array()))
            .map(Vec::as_slice)
            .ok_or("the JSON has no list of posts (an array, or one under \"data\")")?,
        _ => return Err("the JSON is not a list of posts".into()),
    };
    let mut headers: Vec<String> = Vec::new();
    let mut rows = Vec::with_capacity(items.len());
    for (n, item) in items.iter().enumerate() {
        let mut flat: Vec<(String, String)> = Vec::new();
        flatten("", item, &mut flat);
        let mut cells = vec![String::new(); headers.len()];
        for (k, v) in flat {
            let i = match headers.iter().position(|h| *h == k) {
                Some(i) => i,
                None => {
                    headers.push(k);
                    cells.push(String::new());
                    headers.len() - 1
                }
            };
            cells[i] = v;
        }
        rows.push(TableRow { line: n + 1, cells });
    }
    for row in &mut rows {
        row.cells.resize(headers.len(), String::new());
    }
    Ok(Table { headers, rows })
}

fn flatten(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        Value::Null => {}
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        Value::Array(_) => out.push((prefix.to_string(), value.to_string())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

/// Reads a time as the exports write it: RFC 3339 (`2024-05-01T10:00:00Z`,
/// Facebook's `+0000`), X's `Wed Oct 10 20:19:24 +0000 2018`, Unix seconds
/// or milliseconds, and local `2024-05-01 13:00`, `01.05.2024 13:00` (in
/// `offset`).
pub fn parse_time(text: &str, offset: FixedOffset) -> Result<i64, ValueError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(ValueError::Empty);
    }
    if t.chars().all(|c| c.is_ascii_digit()) {
        let n: i64 = t.parse().map_err(|_| ValueError::TimeFormat)?;
        return match t.len() {
            9..=11 => Ok(n * 1000),
            12..=14 => Ok(n),
            _ => Err(ValueError::TimeFormat),
        };
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Ok(d.timestamp_millis());
    }
    for pattern in [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%a %b %d %H:%M:%S %z %Y",
    ] {
        if let Ok(d) = DateTime::parse_from_str(t, pattern) {
            return Ok(d.timestamp_millis());
        }
    }
    for pattern in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
        "%d/%m/%Y %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(t, pattern) {
            return offset
                .from_local_datetime(&naive)
                .single()
                .map(|d| d.timestamp_millis())
                .ok_or(ValueError::TimeFormat);
        }
    }
    if let Ok(day) = crate::model::parse_date(t) {
        let naive = day.and_hms_opt(0, 0, 0).ok_or(ValueError::TimeFormat)?;
        return offset
            .from_local_datetime(&naive)
            .single()
            .map(|d| d.timestamp_millis())
            .ok_or(ValueError::TimeFormat);
    }
    Err(ValueError::TimeFormat)
}

fn parse_flag(text: &str) -> Result<bool, ValueError> {
    match fold(text.trim()).as_str() {
        "true" | "yes" | "1" | "evet" | "e" | "y" => Ok(true),
        "false" | "no" | "0" | "hayir" | "h" | "n" => Ok(false),
        _ => Err(ValueError::UnknownValue),
    }
}

fn parse_count(text: &str) -> Result<u64, ValueError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(0);
    }
    // "12.345", "12,345", "12 345" and "1.2K"/"3M" as exports write them.
    let lower = t.to_ascii_lowercase();
    let (number, scale) = if let Some(n) = lower.strip_suffix('k') {
        (n, 1_000.0)
    } else if let Some(n) = lower.strip_suffix('m') {
        (n, 1_000_000.0)
    } else {
        let digits: String = t
            .chars()
            .filter(|c| !matches!(c, '.' | ',' | ' '))
            .collect();
        return digits.parse().map_err(|_| ValueError::Number);
    };
    let n: f64 = number
        .replace(',', ".")
        .trim()
        .parse()
        .map_err(|_| ValueError::Number)?;
    if !n.is_finite() || n < 0.0 {
        return Err(ValueError::Number);
    }
    Ok((n * scale).round() as u64)
}

/// Parses every row with `mapping`: rows with a bad cell are rejected
/// whole, every bad cell reported; a post id repeated in the file is
/// rejected as a duplicate of its first line. `new_id` gives each post its
/// record id; naive times are in `offset`.
pub fn parse_mentions(
    table: &Table,
    mapping: &MentionMapping,
    offset: FixedOffset,
    new_id: &mut dyn FnMut() -> Id,
) -> Parsed<Mention> {
    let mut parsed = Parsed::default();
    let col = |f: MentionField| mapping.fields.iter().position(|x| *x == f);
    let missing = |f: MentionField| RowError {
        line: 1,
        column: f.export_name().into(),
        value: String::new(),
        reason: Reason::MissingColumn,
    };
    let mut required = Vec::new();
    for f in [MentionField::PostId, MentionField::Text, MentionField::Time] {
        if col(f).is_none() {
            required.push(missing(f));
        }
    }
    if col(MentionField::Platform).is_none() && mapping.platform.is_none() {
        required.push(missing(MentionField::Platform));
    }
    if !required.is_empty() {
        parsed.rejected = required;
        return parsed;
    }
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for row in &table.rows {
        let cell = |f: MentionField| {
            col(f)
                .and_then(|i| row.cells.get(i))
                .map_or("", |s| s.trim())
        };
        let mut errors: Vec<RowError> = Vec::new();
        let mut bad = |f: MentionField, value: &str, reason: Reason| {
            let column = col(f)
                .and_then(|i| table.headers.get(i).cloned())
                .unwrap_or_else(|| f.export_name().to_string());
            errors.push(RowError {
                line: row.line,
                column,
                value: value.to_string(),
                reason,
            });
        };
        let post_id = cell(MentionField::PostId).to_string();
        if post_id.is_empty() {
            bad(MentionField::PostId, "", Reason::MissingValue);
        }
        let platform = match (col(MentionField::Platform), cell(MentionField::Platform)) {
            (Some(_), "") | (None, _) => mapping.platform,
            (Some(_), text) => match Platform::parse(text) {
                Ok(p) => Some(p),
                Err(e) => {
                    bad(MentionField::Platform, text, Reason::Value(e));
                    None
                }
            },
        };
        if platform.is_none() && !cell(MentionField::Platform).is_empty() {
            // Reported above.
        } else if platform.is_none() {
            bad(MentionField::Platform, "", Reason::MissingValue);
        }
        let handle = match (platform, cell(MentionField::Handle)) {
            (Some(p), h) if !h.is_empty() => match Handle::parse(p, h) {
                Ok(h) => Some(h),
                Err(e) => {
                    bad(MentionField::Handle, h, Reason::Value(e));
                    None
                }
            },
            _ => None,
        };
        let text = cell(MentionField::Text).to_string();
        if text.is_empty() {
            bad(MentionField::Text, "", Reason::MissingValue);
        }
        let at = match parse_time(cell(MentionField::Time), offset) {
            Ok(at) => at,
            Err(ValueError::Empty) => {
                bad(MentionField::Time, "", Reason::MissingValue);
                0
            }
            Err(e) => {
                bad(
                    MentionField::Time,
                    cell(MentionField::Time),
                    Reason::Value(e),
                );
                0
            }
        };
        let reach = match parse_count(cell(MentionField::Followers)) {
            Ok(n) => n,
            Err(e) => {
                bad(
                    MentionField::Followers,
                    cell(MentionField::Followers),
                    Reason::Value(e),
                );
                0
            }
        };
        let mut public = true;
        for (f, invert) in [(MentionField::Public, false), (MentionField::Private, true)] {
            let v = cell(f);
            if v.is_empty() {
                continue;
            }
            match parse_flag(v) {
                Ok(flag) => public = flag != invert,
                Err(e) => bad(f, v, Reason::Value(e)),
            }
        }
        let lang = match fold(cell(MentionField::Language)).as_str() {
            "" | "und" => None,
            "tr" | "tur" | "turkish" | "turkce" => Some(Lang::Tr),
            "en" | "eng" | "english" | "ingilizce" => Some(Lang::En),
            // Other languages: detected later like a post without one.
            _ => None,
        };
        let url = Some(cell(MentionField::Url).to_string()).filter(|u| !u.is_empty());
        let author = cell(MentionField::Author).to_string();
        if let Some(p) = platform
            && !post_id.is_empty()
        {
            let key = super::mention::mention_key(p, &post_id);
            if let Some(first) = seen.get(&key) {
                bad(
                    MentionField::PostId,
                    &post_id,
                    Reason::DuplicateInFile { first_line: *first },
                );
            } else if errors.is_empty() {
                seen.insert(key, row.line);
            }
        }
        if !errors.is_empty() {
            parsed.rejected.extend(errors);
            continue;
        }
        let Some(platform) = platform else { continue };
        parsed.rows.push((
            row.line,
            Mention {
                id: new_id(),
                platform,
                post_id,
                handle,
                author,
                text,
                at,
                reach,
                url,
                public,
                lang,
                customer_id: None,
                case_id: None,
                rejected: Vec::new(),
                created_at: 0,
                updated_at: 0,
                version: Default::default(),
                stamps: Default::default(),
                deleted: false,
            },
        ));
    }
    parsed
}

/// The posts of `parsed` that are not stored yet (by platform and post
/// id), and how many were already there: importing a file again adds
/// nothing.
pub fn new_mentions(
    parsed: Vec<(usize, Mention)>,
    stored: &std::collections::HashSet<String>,
) -> (Vec<(usize, Mention)>, usize) {
    let before = parsed.len();
    let fresh: Vec<_> = parsed
        .into_iter()
        .filter(|(_, m)| !stored.contains(&m.key()))
        .collect();
    let already = before - fresh.len();
    (fresh, already)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_io::{detect_delimiter, read_table};

    fn ids() -> impl FnMut() -> Id {
        let mut n = 0u128;
        move || {
            n += 1;
            Id::from_uuid(uuid::Uuid::from_u128(n))
        }
    }

    fn tr() -> FixedOffset {
        FixedOffset::east_opt(3 * 3600).unwrap()
    }

    fn csv(text: &str) -> Table {
        read_table(text, detect_delimiter(text)).unwrap()
    }

    #[test]
    fn times_are_read_in_every_export_form() {
        let want = 1_714_557_600_000; // 2024-05-01T10:00:00Z
        for t in [
            "2024-05-01T10:00:00Z",
            "2024-05-01T13:00:00+03:00",
            "2024-05-01T10:00:00+0000",
            "Wed May 01 10:00:00 +0000 2024",
            "1714557600",
            "1714557600000",
            "2024-05-01 13:00",
            "01.05.2024 13:00",
        ] {
            assert_eq!(parse_time(t, tr()), Ok(want), "{t}");
        }
        assert_eq!(parse_time("dün", tr()), Err(ValueError::TimeFormat));
        assert_eq!(parse_time("", tr()), Err(ValueError::Empty));
    }

    #[test]
    fn the_generic_csv_reads_and_reports_every_bad_cell_with_line_and_column() {
        let table = csv(
            "post id,platform,handle,author,text,time,followers,public,language\n\
             1,x,@kerem,Kerem A,İnternet yine yok!,2024-05-01T10:00:00Z,1.2K,evet,tr\n\
             2,myspace,ali,Ali,selam,2024-05-01T10:00:00Z,3,,\n\
             3,instagram,bad handle!,Veli,güzel,yarın,abc,belki,\n\
             1,x,kerem,Kerem A,tekrar,2024-05-01T10:00:00Z,,,\n\
             4,facebook,,Nobody,,2024-05-01,,,en\n",
        );
        let mapping = auto_map_mentions(&table.headers, None);
        let parsed = parse_mentions(&table, &mapping, tr(), &mut ids());
        assert_eq!(parsed.rows.len(), 1);
        let m = &parsed.rows[0].1;
        assert_eq!(
            (m.platform, m.post_id.as_str(), m.reach, m.public),
            (Platform::X, "1", 1200, true)
        );
        assert_eq!(m.handle.as_ref().unwrap().name(), "kerem");
        assert_eq!(m.lang, Some(Lang::Tr));
        let cells: Vec<(usize, &str, &str)> = parsed
            .rejected
            .iter()
            .map(|e| (e.line, e.column.as_str(), e.value.as_str()))
            .collect();
        assert_eq!(
            cells,
            [
                (3, "platform", "myspace"),
                (4, "handle", "bad handle!"),
                (4, "time", "yarın"),
                (4, "followers", "abc"),
                (4, "public", "belki"),
                (5, "post id", "1"),
                (6, "text", ""),
            ]
        );
        assert_eq!(
            parsed.rejected[5].reason,
            Reason::DuplicateInFile { first_line: 2 }
        );
    }

    #[test]
    fn a_file_without_a_required_column_says_which_once() {
        let table = csv("id,caption\n1,güzel\n");
        let parsed = parse_mentions(
            &table,
            &auto_map_mentions(&table.headers, None),
            tr(),
            &mut ids(),
        );
        let missing: Vec<&str> = parsed.rejected.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(missing, ["time", "platform"]);
        assert!(parsed.rows.is_empty());
    }

    #[test]
    fn the_x_instagram_and_facebook_exports_map_by_themselves() {
        let x = r#"[{"id_str": "1790000000000000001", "full_text": "@HizliCell 3 gündür internet yok", "created_at": "Wed May 01 10:00:00 +0000 2024", "lang": "tr", "user": {"screen_name": "KeremAksoylu", "name": "Kerem A.", "followers_count": 88}}]"#;
        let table = json_table(x).unwrap();
        let mapping = auto_map_mentions(&table.headers, Some(Platform::X));
        let parsed = parse_mentions(&table, &mapping, tr(), &mut ids());
        assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
        let m = &parsed.rows[0].1;
        assert_eq!(
            (m.post_id.as_str(), m.reach, m.author.as_str()),
            ("1790000000000000001", 88, "Kerem A.")
        );
        assert_eq!(m.handle.as_ref().unwrap().key(), "x:keremaksoylu");
        assert_eq!(m.at, 1_714_557_600_000);

        let ig = "id,caption,timestamp,username,permalink\n\
                  C7abc,Kargo hâlâ gelmedi 😡,2024-05-01T10:00:00+0000,tugba.ersoy,https://www.instagram.com/p/C7abc/\n";
        let table = csv(ig);
        let parsed = parse_mentions(
            &table,
            &auto_map_mentions(&table.headers, Some(Platform::Instagram)),
            tr(),
            &mut ids(),
        );
        assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
        assert_eq!(
            parsed.rows[0].1.url.as_deref(),
            Some("https://www.instagram.com/p/C7abc/")
        );

        let fb = r#"{"data": [{"post_id": "123_456", "message": "Teşekkürler, sorun çözüldü", "created_time": "2024-05-01T10:00:00+0000", "from": {"name": "Zehra Tunç"}, "permalink_url": "https://facebook.com/123/posts/456"}]}"#;
        let table = json_table(fb).unwrap();
        let parsed = parse_mentions(
            &table,
            &auto_map_mentions(&table.headers, Some(Platform::Facebook)),
            tr(),
            &mut ids(),
        );
        assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
        assert_eq!(parsed.rows[0].1.author, "Zehra Tunç");
        assert_eq!(parsed.rows[0].1.handle, None);
        assert!(json_table("{\"x\": 1}").is_err());
        assert!(json_table("[1, 2").unwrap_err().starts_with("line 1"));
    }

    #[test]
    fn importing_the_same_posts_again_adds_nothing() {
        let table = csv("post id,platform,text,time\n1,x,a,2024-05-01\n2,x,b,2024-05-01\n");
        let mapping = auto_map_mentions(&table.headers, None);
        let first = parse_mentions(&table, &mapping, tr(), &mut ids()).rows;
        let stored: std::collections::HashSet<String> =
            first.iter().map(|(_, m)| m.key()).collect();
        let again = parse_mentions(&table, &mapping, tr(), &mut ids()).rows;
        let (fresh, already) = new_mentions(again, &stored);
        assert_eq!((fresh.len(), already), (0, 2));
    }
}
