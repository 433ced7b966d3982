//! The full backup format (JSON Lines) and its validation before a restore.
//!
//! A backup is one header line followed by one line per record:
//!
//! ```text
//! {"format":"ilgi-backup","version":1,"created_at":1718000000000,"counts":{"customer":2,"purchase":1,"interaction":0,"segment":1}}
//! {"entity":"customer","record":{"id":"…","first_name":"Ayşe",…}}
//! {"entity":"purchase","record":{"id":"…","customer_id":"…",…}}
//! {"entity":"segment","record":{"id":"…","name":"VIP","rule":{…},"format":1,…}}
//! ```
//!
//! Records are the serde form of [`Record`], tombstones included (another
//! device needs them to learn about deletes). Saved rule segments
//! ([`SavedSegment`]) are records like the others; they reference nothing. One record per line lets the
//! app write and read a 100 000-customer, 1 000 000-purchase database as a
//! stream: [`BackupWriter`] makes the lines, [`BackupReader`] checks them
//! chunk by chunk with progress, and [`validate`] does both ends at once for a
//! text already in memory.
//!
//! Nothing is restored from a file that fails validation: the reader collects
//! every problem it finds (up to [`MAX_ERRORS`]), each with its line, so the
//! user sees what is wrong with the whole file at once.
//!
//! A file is read as bytes ([`BackupReader::push_bytes`]) and must be UTF-8
//! (as [`BackupWriter`] writes it): a byte that is not is refused with its
//! offset ([`BackupProblem::NotUtf8`]), never replaced by `�`, since a
//! replaced character would silently change a name or a note.
//!
//! The format is versioned ([`VERSION`]). A file from an older version is
//! upgraded line by line by [`upgrade_record`]; a file from a newer version is
//! refused with "made by a newer ilgi" instead of being half understood.
//!
//! Consent decisions are records of their own (`{"entity":"consent",…}`
//! lines, header count `consent`), also without a bump, for the same
//! reason. Files made before that kept the decisions inside each customer
//! line; the reader turns those into consent records (with the customer's
//! stamp), so an old file restores every decision.
//!
//! Segments came without a version bump: they are a new kind of line, and
//! the header's `segment` count defaults to 0, so every version 1 file
//! written before them still reads unchanged. An older ilgi that meets a
//! segment line refuses the whole file ("not a valid record", unknown
//! entity `segment`) rather than restoring part of it, while a file without
//! segments stays readable by it; a bump would have made every new backup
//! unreadable to older apps for no gain in safety. A segment line carries
//! its own definition format ([`crate::segment::FORMAT`]): one newer than
//! this build is refused as a bad record, older ones are upgraded.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::error::Category;

use crate::model::{
    ConsentRecord, Customer, Entity, Id, Interaction, Purchase, Record, embedded_consent_records,
};
use crate::segment::SavedSegment;

#[cfg(test)]
pub(crate) mod strategies;
#[cfg(test)]
mod stream_tests;

/// The `format` value of the header line.
pub const FORMAT: &str = "ilgi-backup";

/// The version of the format this build writes, and the newest it reads.
///
/// Still 1 with segments: see the module docs for why adding an entity
/// kind needed no bump.
pub const VERSION: u32 = 1;

/// The most problems one validation reports; the rest are only counted.
pub const MAX_ERRORS: usize = 100;

/// Steps that upgrade a record line's JSON by one version: entry `i` turns a
/// version `i + 1` record into a version `i + 2` record.
///
/// Version 1 is the only version so far, so the list is empty. When version 2
/// changes the record form, bump [`VERSION`] and add `v1_to_v2` here (with a
/// test that reads a version 1 line); the reader then accepts both.
const MIGRATIONS: &[Migration] = &[];

/// One upgrade step of a record's JSON; the error is an English detail.
type Migration = fn(Value) -> Result<Value, String>;

// Every older version has exactly one upgrade step.
const _: () = assert!(MIGRATIONS.len() as u32 + 1 == VERSION);

/// Upgrades one record line written by format `version` to the current
/// record form. The current version passes through unchanged.
///
/// Errors are English details for a [`BackupProblem::BadRecord`].
pub fn upgrade_record(version: u32, mut record: Value) -> Result<Value, String> {
    if version == 0 || version > VERSION {
        return Err(format!("format version {version} cannot be upgraded"));
    }
    for step in &MIGRATIONS[(version - 1) as usize..] {
        record = step(record)?;
    }
    Ok(record)
}

/// How many records of each kind a backup holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    #[serde(default)]
    pub customer: usize,
    #[serde(default)]
    pub purchase: usize,
    #[serde(default)]
    pub interaction: usize,
    /// Saved rule segments; absent (0) in backups made before segments.
    #[serde(default)]
    pub segment: usize,
    /// Consent decisions; absent (0) in backups made before they were
    /// records of their own.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub consent: usize,
    /// Complaint cases, their journey events and the rule set record.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub case: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub case_event: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rules: usize,
    /// Social posts.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub mention: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Counts {
    /// The count of one kind.
    pub fn of(&self, entity: Entity) -> usize {
        match entity {
            Entity::Customer => self.customer,
            Entity::Purchase => self.purchase,
            Entity::Interaction => self.interaction,
            Entity::Segment => self.segment,
            Entity::Consent => self.consent,
            Entity::Case => self.case,
            Entity::CaseEvent => self.case_event,
            Entity::Rules => self.rules,
            Entity::Mention => self.mention,
        }
    }

    /// Every record together.
    pub fn total(&self) -> usize {
        self.customer
            + self.purchase
            + self.interaction
            + self.segment
            + self.consent
            + self.case
            + self.case_event
            + self.rules
            + self.mention
    }

    fn add(&mut self, entity: Entity) {
        match entity {
            Entity::Customer => self.customer += 1,
            Entity::Purchase => self.purchase += 1,
            Entity::Interaction => self.interaction += 1,
            Entity::Segment => self.segment += 1,
            Entity::Consent => self.consent += 1,
            Entity::Case => self.case += 1,
            Entity::CaseEvent => self.case_event += 1,
            Entity::Rules => self.rules += 1,
            Entity::Mention => self.mention += 1,
        }
    }

    /// The entity kinds, in the order a backup writes them.
    const ENTITIES: [Entity; 9] = [
        Entity::Customer,
        Entity::Purchase,
        Entity::Interaction,
        Entity::Segment,
        Entity::Consent,
        Entity::Case,
        Entity::CaseEvent,
        Entity::Rules,
        Entity::Mention,
    ];
}

/// The first line of a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Always [`FORMAT`].
    pub format: String,
    /// The format version the file was written with.
    pub version: u32,
    /// When the backup was made (Unix milliseconds).
    pub created_at: i64,
    /// How many records of each kind follow the header.
    pub counts: Counts,
}

impl Header {
    /// The header of a backup written now by this build.
    pub fn new(counts: Counts, created_at: i64) -> Header {
        Header {
            format: FORMAT.to_string(),
            version: VERSION,
            created_at,
            counts,
        }
    }
}

/// A record borrowed for writing: serialises exactly like [`Record`], so
/// the writer needs no copy of a customer or purchase to write it.
#[derive(Serialize)]
#[serde(tag = "entity", content = "record", rename_all = "lowercase")]
enum RecordRef<'a> {
    Customer(&'a Customer),
    Purchase(&'a Purchase),
    Interaction(&'a Interaction),
    Segment(&'a SavedSegment),
    Consent(&'a ConsentRecord),
}

// Cases, their events and the rule set are written through
// [`BackupWriter::record_lines`] (they are read as records anyway).

impl RecordRef<'_> {
    fn entity(&self) -> Entity {
        match self {
            RecordRef::Customer(_) => Entity::Customer,
            RecordRef::Purchase(_) => Entity::Purchase,
            RecordRef::Interaction(_) => Entity::Interaction,
            RecordRef::Segment(_) => Entity::Segment,
            RecordRef::Consent(_) => Entity::Consent,
        }
    }
}

/// Writes a backup line by line. Every line it returns ends with `\n`; the
/// backup is the header line followed by the record lines, in any order
/// (customers first is customary and what [`write_backup`] does).
///
/// The counts are declared up front because the header comes first;
/// [`BackupWriter::finish`] checks that the records written match them, so
/// a storage layer that miscounted finds out before the file is offered.
#[derive(Debug, Clone)]
pub struct BackupWriter {
    header: Header,
    written: Counts,
}

impl BackupWriter {
    /// A writer for a backup of `counts` records made at `created_at` (Unix ms).
    pub fn new(counts: Counts, created_at: i64) -> BackupWriter {
        BackupWriter {
            header: Header::new(counts, created_at),
            written: Counts::default(),
        }
    }

    /// The header line.
    pub fn header_line(&self) -> String {
        to_line(&self.header)
    }

    /// A writer for a backup made at `created_at` whose counts are those of
    /// the records it writes: for writing the records page by page first and
    /// putting [`BackupWriter::written_header_line`] in front at the end
    /// (when the counts are not known before reading).
    pub fn counting(created_at: i64) -> BackupWriter {
        BackupWriter::new(Counts::default(), created_at)
    }

    /// The header line declaring the records written so far (the file's
    /// first line, made last by a [`BackupWriter::counting`] writer).
    pub fn written_header_line(&self) -> String {
        to_line(&Header {
            counts: self.written,
            ..self.header.clone()
        })
    }

    /// The lines of a page of records as one piece of the file, so that a
    /// large backup is a list of pieces, never one string.
    pub fn record_lines(&mut self, records: &[Record]) -> String {
        let mut piece = String::with_capacity(records.len() * 400);
        for record in records {
            self.written.add(record.entity());
            push_line(&mut piece, record);
        }
        piece
    }

    /// The line of any record.
    pub fn record_line(&mut self, record: &Record) -> String {
        self.written.add(record.entity());
        to_line(record)
    }

    /// The line of a customer, without copying it into a [`Record`].
    pub fn customer_line(&mut self, customer: &Customer) -> String {
        self.borrowed_line(RecordRef::Customer(customer))
    }

    /// The line of a purchase, without copying it into a [`Record`].
    pub fn purchase_line(&mut self, purchase: &Purchase) -> String {
        self.borrowed_line(RecordRef::Purchase(purchase))
    }

    /// The line of an interaction, without copying it into a [`Record`].
    pub fn interaction_line(&mut self, interaction: &Interaction) -> String {
        self.borrowed_line(RecordRef::Interaction(interaction))
    }

    /// The line of a saved segment, without copying it into a [`Record`].
    pub fn segment_line(&mut self, segment: &SavedSegment) -> String {
        self.borrowed_line(RecordRef::Segment(segment))
    }

    /// The line of a consent decision, without copying it into a [`Record`].
    pub fn consent_line(&mut self, consent: &ConsentRecord) -> String {
        self.borrowed_line(RecordRef::Consent(consent))
    }

    fn borrowed_line(&mut self, record: RecordRef<'_>) -> String {
        self.written.add(record.entity());
        to_line(&record)
    }

    /// Checks that the records written are the ones the header declared.
    pub fn finish(self) -> Result<(), Box<CountsDiffer>> {
        if self.written == self.header.counts {
            Ok(())
        } else {
            Err(Box::new(CountsDiffer {
                declared: self.header.counts,
                written: self.written,
            }))
        }
    }
}

/// The records written differ from the counts in the header.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the backup header declared {declared:?} records but {written:?} were written")]
pub struct CountsDiffer {
    pub declared: Counts,
    pub written: Counts,
}

/// Appends `value`'s JSON line to `out`.
fn push_line<T: Serialize>(out: &mut String, value: &T) {
    // As in `to_line`: records always serialise. Writing through a
    // `Vec<u8>` would need a UTF-8 check back; `to_string` is as fast here.
    out.push_str(&serde_json::to_string(value).expect("backup records serialise to JSON"));
    out.push('\n');
}

fn to_line<T: Serialize>(value: &T) -> String {
    // Records and headers hold only strings, numbers, booleans and maps with
    // string keys, which JSON always represents.
    let mut line = serde_json::to_string(value).expect("backup records serialise to JSON");
    line.push('\n');
    line
}

/// A whole backup of records in memory, as one string (tests, small
/// databases, the demo). Large databases write line by line with
/// [`BackupWriter`]. The customers' consent decisions are written as
/// consent records, stamped as their customer.
pub fn write_backup(
    created_at: i64,
    customers: &[Customer],
    purchases: &[Purchase],
    interactions: &[Interaction],
    segments: &[SavedSegment],
) -> String {
    let consents: Vec<ConsentRecord> = customers
        .iter()
        .flat_map(embedded_consent_records)
        .collect();
    let counts = Counts {
        customer: customers.len(),
        purchase: purchases.len(),
        interaction: interactions.len(),
        segment: segments.len(),
        consent: consents.len(),
        ..Counts::default()
    };
    let mut writer = BackupWriter::new(counts, created_at);
    let mut out = writer.header_line();
    for c in customers {
        out.push_str(&writer.customer_line(c));
    }
    for p in purchases {
        out.push_str(&writer.purchase_line(p));
    }
    for i in interactions {
        out.push_str(&writer.interaction_line(i));
    }
    for s in segments {
        out.push_str(&writer.segment_line(s));
    }
    for c in &consents {
        out.push_str(&writer.consent_line(c));
    }
    out
}

/// A backup that passed validation: ready to restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub header: Header,
    /// In file order, tombstones included.
    pub customers: Vec<Customer>,
    pub purchases: Vec<Purchase>,
    pub interactions: Vec<Interaction>,
    pub segments: Vec<SavedSegment>,
    /// Consent decisions: the file's consent lines and the decisions older
    /// files kept inside customer lines.
    pub consents: Vec<ConsentRecord>,
    /// Cases, journey events, the rule set and social posts (the records
    /// as the file holds them).
    pub records: Vec<Record>,
}

/// What is wrong with a line of a backup file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error, Serialize, Deserialize)]
pub enum BackupProblem {
    #[error("the file is empty: there is no header line")]
    MissingHeader,
    #[error("this is not an ilgi backup")]
    NotABackup,
    #[error("the backup was made by a newer ilgi; update the app to restore it")]
    NewerVersion,
    #[error("the header line is damaged")]
    BadHeader,
    #[error("the line stops in the middle of a record (the file is cut off)")]
    Truncated,
    #[error("the line is not a valid record")]
    BadRecord,
    #[error("the number of records does not match the header")]
    CountMismatch,
    #[error("the same id appears more than once")]
    DuplicateId,
    #[error("the record belongs to a customer that is not in the backup")]
    MissingCustomer,
    #[error("the event belongs to a case that is not in the backup")]
    MissingCase,
    #[error("the file is not UTF-8 text")]
    NotUtf8,
}

impl BackupProblem {
    /// Every problem, for the catalogue completeness test.
    pub const ALL: [BackupProblem; 11] = [
        BackupProblem::MissingHeader,
        BackupProblem::NotABackup,
        BackupProblem::NewerVersion,
        BackupProblem::BadHeader,
        BackupProblem::Truncated,
        BackupProblem::BadRecord,
        BackupProblem::CountMismatch,
        BackupProblem::DuplicateId,
        BackupProblem::MissingCustomer,
        BackupProblem::MissingCase,
        BackupProblem::NotUtf8,
    ];

    /// Translation key of the problem (`backup-…` in the catalogue).
    pub fn key(self) -> &'static str {
        match self {
            BackupProblem::MissingHeader => "backup-missing-header",
            BackupProblem::NotABackup => "backup-not-a-backup",
            BackupProblem::NewerVersion => "backup-newer-version",
            BackupProblem::BadHeader => "backup-bad-header",
            BackupProblem::Truncated => "backup-truncated",
            BackupProblem::BadRecord => "backup-bad-record",
            BackupProblem::CountMismatch => "backup-count-mismatch",
            BackupProblem::DuplicateId => "backup-duplicate-id",
            BackupProblem::MissingCustomer => "backup-missing-customer",
            BackupProblem::MissingCase => "backup-missing-case",
            BackupProblem::NotUtf8 => "backup-not-utf8",
        }
    }
}

/// One problem found in a backup file.
///
/// Invariant: `message_key == problem.key()`. `detail` is English and
/// technical (serde's message, the ids involved); the UI shows the translated
/// message with the line and offers the detail for support.
/// Serialised without `message_key` (it follows from `problem`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "BackupErrorData")]
pub struct BackupError {
    /// 1-based line number; problems with the header or the counts are on
    /// line 1.
    pub line: usize,
    pub problem: BackupProblem,
    pub message_key: &'static str,
    pub detail: String,
    /// 0-based byte offset in the file, for problems that have one (the
    /// first byte that is not UTF-8); the message shows it as `$offset`.
    pub offset: Option<usize>,
}

/// [`BackupError`]'s serialised form.
#[derive(Serialize, Deserialize)]
struct BackupErrorData {
    line: usize,
    problem: BackupProblem,
    detail: String,
    offset: Option<usize>,
}

impl From<BackupError> for BackupErrorData {
    fn from(e: BackupError) -> BackupErrorData {
        BackupErrorData {
            line: e.line,
            problem: e.problem,
            detail: e.detail,
            offset: e.offset,
        }
    }
}

impl<'de> Deserialize<'de> for BackupError {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<BackupError, D::Error> {
        BackupErrorData::deserialize(d).map(BackupError::from)
    }
}

impl From<BackupErrorData> for BackupError {
    fn from(d: BackupErrorData) -> BackupError {
        BackupError {
            offset: d.offset,
            ..BackupError::new(d.line, d.problem, d.detail)
        }
    }
}

impl BackupError {
    fn new(line: usize, problem: BackupProblem, detail: impl Into<String>) -> BackupError {
        BackupError {
            line,
            problem,
            message_key: problem.key(),
            detail: detail.into(),
            offset: None,
        }
    }
}

impl fmt::Display for BackupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)?;
        if !self.detail.is_empty() {
            write!(f, " ({})", self.detail)?;
        }
        Ok(())
    }
}

impl std::error::Error for BackupError {}

/// Every problem found in a backup, sorted by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupErrors {
    /// At most [`MAX_ERRORS`] problems.
    pub errors: Vec<BackupError>,
    /// Problems found beyond [`MAX_ERRORS`], counted but not listed.
    pub omitted: usize,
}

impl fmt::Display for BackupErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.errors.len() + self.omitted;
        write!(
            f,
            "the backup cannot be restored: {total} problem{}",
            if total == 1 { "" } else { "s" }
        )?;
        for error in &self.errors {
            write!(f, "\n{error}")?;
        }
        if self.omitted > 0 {
            write!(f, "\n…and {} more", self.omitted)?;
        }
        Ok(())
    }
}

impl std::error::Error for BackupErrors {}

/// Validates a whole backup held in memory and returns its records.
pub fn validate(text: &str) -> Result<Backup, BackupErrors> {
    let mut reader = BackupReader::new();
    for (i, line) in text.lines().enumerate() {
        reader.push_line(i + 1, line);
    }
    reader.finish()
}

/// Validates a backup line by line, so the app can read a large file in
/// chunks and show progress ([`BackupReader::records_read`] against the
/// header's [`Counts::total`]).
///
/// Feed either whole lines with their numbers ([`BackupReader::push_line`]),
/// or raw text chunks split anywhere ([`BackupReader::push_text`]), or the
/// file's bytes split anywhere ([`BackupReader::push_bytes`]); not a mix.
/// The first line fed is the header. A header that cannot be used stops the
/// reading: every later line is ignored.
#[derive(Debug, Default)]
pub struct BackupReader {
    header: Option<Header>,
    /// Set when the header was unusable; nothing more is read.
    stopped: bool,
    lines_seen: usize,
    found: Counts,
    customers: Vec<Customer>,
    purchases: Vec<Purchase>,
    interactions: Vec<Interaction>,
    segments: Vec<SavedSegment>,
    consents: Vec<ConsentRecord>,
    records: Vec<Record>,
    /// First line of every id, per entity kind.
    customer_lines: HashMap<Id, usize>,
    purchase_lines: HashMap<Id, usize>,
    interaction_lines: HashMap<Id, usize>,
    segment_lines: HashMap<Id, usize>,
    consent_lines: HashMap<Id, usize>,
    case_lines: HashMap<Id, usize>,
    case_event_lines: HashMap<Id, usize>,
    rules_lines: HashMap<Id, usize>,
    mention_lines: HashMap<Id, usize>,
    /// Journey events whose case had not appeared yet: (line, case id).
    unresolved_cases: Vec<(usize, Id)>,
    /// Record lines that did not parse. The whole-file checks are skipped
    /// when there are any: a lost record would only show up again as a
    /// wrong count or a dangling reference.
    unreadable: usize,
    /// Records whose customer had not appeared yet: (line, customer id).
    /// Checked in `finish`, since the file may list customers later.
    unresolved: Vec<(usize, Id)>,
    errors: Vec<BackupError>,
    omitted: usize,
    /// The unfinished last line of `push_text` and the number of lines
    /// completed before it.
    partial: String,
    text_lines: usize,
    /// Bytes of `push_bytes` decoded so far, and the start of a character
    /// split between two chunks (at most 3 bytes).
    bytes_read: usize,
    pending: Vec<u8>,
}

impl BackupReader {
    pub fn new() -> BackupReader {
        BackupReader::default()
    }

    /// The header, once the first line has been read and accepted.
    pub fn header(&self) -> Option<&Header> {
        self.header.as_ref()
    }

    /// Record lines read so far (good or bad), for a progress bar.
    pub fn records_read(&self) -> usize {
        self.lines_seen.saturating_sub(1)
    }

    /// Whether any problem has been found so far.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Reads the next chunk of the file; lines may span chunks.
    pub fn push_text(&mut self, chunk: &str) {
        let mut rest = chunk;
        while let Some(end) = rest.find('\n') {
            self.text_lines += 1;
            let line_no = self.text_lines;
            if self.partial.is_empty() {
                self.push_line(line_no, &rest[..end]);
            } else {
                let mut line = std::mem::take(&mut self.partial);
                line.push_str(&rest[..end]);
                self.push_line(line_no, &line);
            }
            rest = &rest[end + 1..];
        }
        self.partial.push_str(rest);
    }

    /// Reads the next chunk of the file's bytes; chunks may split lines and
    /// characters anywhere. The first byte that is not UTF-8 ends the
    /// reading with [`BackupProblem::NotUtf8`] at its byte offset.
    pub fn push_bytes(&mut self, chunk: &[u8]) {
        if self.stopped {
            return;
        }
        let mut chunk = chunk;
        // Complete a character split between chunks, a byte at a time.
        while !self.pending.is_empty() {
            let Some((&first, rest)) = chunk.split_first() else {
                return;
            };
            chunk = rest;
            self.pending.push(first);
            match std::str::from_utf8(&self.pending) {
                Ok(text) => {
                    let text = text.to_string();
                    self.pending.clear();
                    self.bytes_read += text.len();
                    self.push_text(&text);
                }
                Err(e) if e.error_len().is_some() => {
                    self.not_utf8(self.bytes_read);
                    return;
                }
                // Still incomplete.
                Err(_) => {}
            }
        }
        let (valid, error) = match std::str::from_utf8(chunk) {
            Ok(text) => (text, None),
            Err(e) => {
                let (good, rest) = chunk.split_at(e.valid_up_to());
                // `good` is valid by construction; the fallback never runs.
                let text = std::str::from_utf8(good).unwrap_or_default();
                (text, Some((rest, e.error_len().is_some())))
            }
        };
        self.bytes_read += valid.len();
        self.push_text(valid);
        match error {
            Some((_, true)) => self.not_utf8(self.bytes_read),
            Some((rest, false)) => self.pending = rest.to_vec(),
            None => {}
        }
    }

    /// Byte offset `offset` is not UTF-8: report it on its line and stop.
    fn not_utf8(&mut self, offset: usize) {
        let mut error = BackupError::new(
            self.text_lines + 1,
            BackupProblem::NotUtf8,
            format!("byte {offset} is not UTF-8"),
        );
        error.offset = Some(offset);
        self.report(error);
        // The reading stops; `finish` returns the errors as they are (the
        // counts cannot match a file read only in part).
        self.unreadable += 1;
        self.stopped = true;
        self.pending.clear();
        self.partial.clear();
    }

    /// Reads one line (`line_no` is 1-based; the first line fed is the header).
    /// A trailing `\r` is ignored; blank record lines are skipped.
    pub fn push_line(&mut self, line_no: usize, line: &str) {
        if self.stopped {
            return;
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        self.lines_seen += 1;
        if self.lines_seen == 1 {
            self.read_header(line_no, line);
            return;
        }
        if line.trim().is_empty() {
            self.lines_seen -= 1;
            return;
        }
        let Some(version) = self.header.as_ref().map(|h| h.version) else {
            return;
        };
        match parse_record(version, line) {
            Ok(record) => self.accept(line_no, record),
            Err(error) => {
                self.unreadable += 1;
                self.report(BackupError {
                    line: line_no,
                    ..error
                });
            }
        }
    }

    fn read_header(&mut self, line_no: usize, line: &str) {
        match parse_header(line.trim_start_matches('\u{feff}')) {
            Ok(header) => self.header = Some(header),
            Err(error) => {
                self.report(BackupError {
                    line: line_no,
                    ..error
                });
                self.stopped = true;
            }
        }
    }

    fn accept(&mut self, line_no: usize, record: Record) {
        let entity = record.entity();
        self.found.add(entity);
        let id = record.id();
        let lines = match entity {
            Entity::Customer => &mut self.customer_lines,
            Entity::Purchase => &mut self.purchase_lines,
            Entity::Interaction => &mut self.interaction_lines,
            Entity::Segment => &mut self.segment_lines,
            Entity::Consent => &mut self.consent_lines,
            Entity::Case => &mut self.case_lines,
            Entity::CaseEvent => &mut self.case_event_lines,
            Entity::Rules => &mut self.rules_lines,
            Entity::Mention => &mut self.mention_lines,
        };
        if let Some(first) = lines.get(&id) {
            let detail = format!("{} {id} is also on line {first}", entity_name(entity));
            self.report(BackupError::new(
                line_no,
                BackupProblem::DuplicateId,
                detail,
            ));
            return;
        }
        lines.insert(id, line_no);
        let owner = match &record {
            Record::Customer(_) | Record::Segment(_) => None,
            Record::Purchase(p) => Some(p.customer_id),
            Record::Interaction(i) => Some(i.customer_id),
            Record::Consent(c) => Some(c.customer_id),
            // A case may have no customer (an unknown author); an event
            // belongs to its case.
            Record::Case(c) => c.customer_id,
            Record::CaseEvent(e) => {
                if !self.case_lines.contains_key(&e.case_id) {
                    self.unresolved_cases.push((line_no, e.case_id));
                }
                None
            }
            Record::Rules(_) => None,
            // A post may name no customer; one it names must be there.
            Record::Mention(m) => m.customer_id,
        };
        if let Some(owner) = owner
            && !self.customer_lines.contains_key(&owner)
        {
            self.unresolved.push((line_no, owner));
        }
        // A file with problems is not restored, so stop keeping its records.
        if !self.errors.is_empty() {
            return;
        }
        match record {
            Record::Customer(c) => self.customers.push(c),
            Record::Purchase(p) => self.purchases.push(p),
            Record::Interaction(i) => self.interactions.push(i),
            Record::Segment(s) => self.segments.push(s),
            Record::Consent(c) => self.consents.push(c),
            r
            @ (Record::Case(_) | Record::CaseEvent(_) | Record::Rules(_) | Record::Mention(_)) => {
                self.records.push(r)
            }
        }
    }

    fn report(&mut self, error: BackupError) {
        if self.errors.is_empty() {
            // The records kept so far will not be restored.
            self.customers = Vec::new();
            self.purchases = Vec::new();
            self.interactions = Vec::new();
            self.segments = Vec::new();
            self.consents = Vec::new();
            self.records = Vec::new();
        }
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(error);
        } else {
            self.omitted += 1;
        }
    }

    /// Ends the reading: the whole-file checks (counts, references to
    /// customers; only when every line was readable), then the records or
    /// every problem found.
    pub fn finish(mut self) -> Result<Backup, BackupErrors> {
        if !self.pending.is_empty() {
            // The file ends in the middle of a character.
            self.not_utf8(self.bytes_read);
        }
        if !self.partial.is_empty() {
            self.text_lines += 1;
            let line = std::mem::take(&mut self.partial);
            self.push_line(self.text_lines, &line);
        }
        let Some(header) = self.header.take() else {
            if self.errors.is_empty() {
                self.report(BackupError::new(1, BackupProblem::MissingHeader, ""));
            }
            return Err(self.into_errors());
        };
        if self.unreadable > 0 {
            return Err(self.into_errors());
        }
        for entity in Counts::ENTITIES {
            let (declared, found) = (header.counts.of(entity), self.found.of(entity));
            if declared != found {
                let detail = format!(
                    "{} records: the header says {declared}, the file has {found}",
                    entity_name(entity)
                );
                self.report(BackupError::new(1, BackupProblem::CountMismatch, detail));
            }
        }
        for (line, owner) in std::mem::take(&mut self.unresolved) {
            if !self.customer_lines.contains_key(&owner) {
                let detail = format!("customer {owner}");
                self.report(BackupError::new(
                    line,
                    BackupProblem::MissingCustomer,
                    detail,
                ));
            }
        }
        for (line, case) in std::mem::take(&mut self.unresolved_cases) {
            if !self.case_lines.contains_key(&case) {
                let detail = format!("case {case}");
                self.report(BackupError::new(line, BackupProblem::MissingCase, detail));
            }
        }
        if !self.errors.is_empty() {
            return Err(self.into_errors());
        }
        // Decisions an older file kept inside its customer lines.
        let mut consents = self.consents;
        let known: std::collections::HashSet<Id> = consents.iter().map(|c| c.id).collect();
        for c in &self.customers {
            consents.extend(
                embedded_consent_records(c)
                    .into_iter()
                    .filter(|r| !known.contains(&r.id)),
            );
        }
        Ok(Backup {
            header,
            customers: self.customers,
            purchases: self.purchases,
            interactions: self.interactions,
            segments: self.segments,
            consents,
            records: self.records,
        })
    }

    fn into_errors(mut self) -> BackupErrors {
        // Stable: problems on one line keep the order they were found in.
        self.errors.sort_by_key(|e| e.line);
        BackupErrors {
            errors: self.errors,
            omitted: self.omitted,
        }
    }
}

fn entity_name(entity: Entity) -> &'static str {
    match entity {
        Entity::Customer => "customer",
        Entity::Purchase => "purchase",
        Entity::Interaction => "interaction",
        Entity::Segment => "segment",
        Entity::Consent => "consent",
        Entity::Case => "case",
        Entity::CaseEvent => "case event",
        Entity::Rules => "rule set",
        Entity::Mention => "mention",
    }
}

/// Reads the header line. Errors carry line 0; the caller sets the line.
fn parse_header(line: &str) -> Result<Header, BackupError> {
    let error = |problem, detail: String| BackupError::new(0, problem, detail);
    if line.trim().is_empty() {
        return Err(error(BackupProblem::MissingHeader, String::new()));
    }
    let value: Value = serde_json::from_str(line)
        .map_err(|e| error(BackupProblem::NotABackup, describe_json_error(&e)))?;
    let format = value.get("format").and_then(Value::as_str);
    if format != Some(FORMAT) {
        let detail = match format {
            Some(other) => format!("the first line says format {other:?}"),
            None => "the first line has no \"format\":\"ilgi-backup\"".to_string(),
        };
        return Err(error(BackupProblem::NotABackup, detail));
    }
    let version = value.get("version").and_then(Value::as_u64);
    match version {
        Some(v) if v > u64::from(VERSION) => {
            let detail = format!("file format version {v}, this ilgi reads up to {VERSION}");
            return Err(error(BackupProblem::NewerVersion, detail));
        }
        Some(v) if v >= 1 => {}
        _ => {
            let detail = format!("unknown format version {}", value["version"]);
            return Err(error(BackupProblem::BadHeader, detail));
        }
    }
    serde_json::from_value(value).map_err(|e| error(BackupProblem::BadHeader, e.to_string()))
}

/// Reads a record line of a file written by format `version`. Errors carry
/// line 0; the caller sets the line.
fn parse_record(version: u32, line: &str) -> Result<Record, BackupError> {
    let json_error = |e: serde_json::Error| {
        let problem = if e.classify() == Category::Eof {
            BackupProblem::Truncated
        } else {
            BackupProblem::BadRecord
        };
        BackupError::new(0, problem, describe_json_error(&e))
    };
    if version == VERSION {
        // The common case goes straight from text to record.
        return serde_json::from_str(line).map_err(json_error);
    }
    let value: Value = serde_json::from_str(line).map_err(json_error)?;
    let value = upgrade_record(version, value)
        .map_err(|detail| BackupError::new(0, BackupProblem::BadRecord, detail))?;
    serde_json::from_value(value).map_err(json_error)
}

/// serde's message with the column; the line is the caller's, since serde
/// only ever sees one line.
fn describe_json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    let message = text.strip_suffix(&position).unwrap_or(&text);
    format!("column {}: {message}", e.column())
}

#[cfg(test)]
mod tests;
