//! The messages between the page and the worker. Plain serde types that
//! postcard can encode (no internally tagged or untagged enums).

use serde::{Deserialize, Serialize};

use ilgi_core::backup::BackupErrors;
use ilgi_core::csv_io::CsvError;

use crate::jobs::Outcome;
use crate::jobs::backup::RestoreMode;
use crate::jobs::export::ExportKind;
use crate::jobs::import::{Mapping, Preview, Report};
use crate::jobs::mentions::MentionReport;
use crate::storage::StorageError;
use ilgi_core::social::mention_import::MentionMapping;

/// A job the worker runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Task {
    /// Generate and store the demo data (`customers` is a
    /// [`ilgi_core::demo::DemoSize`]'s count) ending on `today`.
    Demo {
        customers: u32,
        today: chrono::NaiveDate,
    },
    /// Read a CSV file (decode, delimiter, table) and keep it for
    /// [`Task::Import`]; answers [`Done::Read`].
    ReadCsv { file_name: String, bytes: Vec<u8> },
    /// Import the file read by job `file` with `mapping`; answers
    /// [`Done::Imported`].
    Import { file: u32, mapping: Mapping },
    /// Make a full backup file; answers [`Done::File`].
    Backup,
    /// Make a CSV export; answers [`Done::File`].
    Export(ExportKind),
    /// Scan every customer for duplicates; answers [`Done::Duplicates`].
    Duplicates,
    /// Read a CSV or JSON export of social posts and keep it for
    /// [`Task::ImportMentions`]; answers [`Done::ReadMentions`].
    ReadMentions { file_name: String, bytes: Vec<u8> },
    /// Import the posts read by job `file`; answers
    /// [`Done::ImportedMentions`].
    ImportMentions { file: u32, mapping: MentionMapping },
    /// Check and restore a backup file; answers [`Done::Restored`].
    Restore { bytes: Vec<u8>, mode: RestoreMode },
}

/// Page → worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Input {
    /// Runs `task` on the database named `db`.
    Run { job: u32, db: String, task: Task },
    /// Asks job `job` to stop at its next step.
    Cancel { job: u32 },
}

/// Worker → page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Output {
    /// Job `job` is in `phase` (a translation key), `done` of `total`.
    Progress {
        job: u32,
        phase: Option<String>,
        done: u64,
        total: u64,
    },
    /// Job `job` ended.
    Done {
        job: u32,
        result: Result<Done, StorageError>,
    },
}

/// What a finished job returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Done {
    Demo {
        cancelled: bool,
    },
    /// The file's preview, or why it is not a table.
    Read(Result<Preview, CsvError>),
    Imported(Report),
    /// An object URL of the file made (revoked a minute later).
    File {
        url: String,
    },
    /// Restored (`true`: cancelled, nothing written), or every problem
    /// found in the file (nothing written).
    Restored(Result<bool, BackupErrors>),
    /// The duplicate pairs as JSON (see `jobs::duplicates`).
    Duplicates {
        json: String,
    },
    /// The posts file's preview, or why it cannot be read.
    ReadMentions(Result<Preview, String>),
    ImportedMentions(MentionReport),
}

impl Done {
    /// Whether the job ran to its end or was cancelled.
    pub fn outcome(&self) -> Outcome {
        match self {
            Done::Demo { cancelled: true } => Outcome::Cancelled,
            Done::Imported(r) if r.cancelled => Outcome::Cancelled,
            Done::Restored(Ok(true)) => Outcome::Cancelled,
            Done::ImportedMentions(r) if r.cancelled => Outcome::Cancelled,
            _ => Outcome::Done,
        }
    }
}
