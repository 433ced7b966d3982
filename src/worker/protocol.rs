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
use ilgi_core::i18n::Lang;
use ilgi_core::metrics::Metrics;
use ilgi_core::model::Id;
use ilgi_core::segment::Group;
use ilgi_core::social::mention_import::MentionMapping;
use ilgi_core::value::{CustomerValue, Overview};

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
    ReadCsv {
        file_name: String,
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
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
    ReadMentions {
        file_name: String,
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// Import the posts read by job `file`; answers
    /// [`Done::ImportedMentions`].
    ImportMentions { file: u32, mapping: MentionMapping },
    /// Read, triage and record the complaints of a CSV file; answers
    /// [`Done::ImportedCases`].
    ImportCases {
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// Check and restore a backup file; answers [`Done::Restored`].
    Restore {
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
        mode: RestoreMode,
    },
    /// Run the value analysis as of `today` and keep it for the questions
    /// below; answers [`Done::Analysed`].
    Analyse { today: chrono::NaiveDate },
    /// One customer's figures and `offers` next best offers (`products`:
    /// what the customer record says they own); answers
    /// [`Done::CustomerValue`].
    CustomerValue {
        id: Id,
        products: Vec<String>,
        offers: u32,
    },
    /// How many customers each rule selects; answers [`Done::Counts`].
    SegmentCounts { groups: Vec<Group> },
    /// The customers a rule selects, most valuable first: how many, and
    /// the first `limit`; answers [`Done::Members`].
    SegmentMembers { group: Group, limit: u32 },
    /// The members' records and value figures as CSV; answers
    /// [`Done::File`].
    SegmentExport { group: Group, lang: Lang },
    /// Read posts (text, language when known): language, sentiment,
    /// complaint, topics; answers [`Done::Readings`].
    ReadPosts { posts: Vec<(String, Option<Lang>)> },
    /// The mentions page's posts, readings, review queue and prospects
    /// (`jobs::posts::PostsView`); answers [`Done::Json`].
    PostsView,
    /// Plan saving a pasted post (`post`: a `Mention` as JSON; see
    /// `jobs::posts::plan_paste`); answers [`Done::Json`] with an
    /// `Option<PastePlan>`.
    PlanPaste { post: String },
}

/// A segment's members (see [`Task::SegmentMembers`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Members {
    pub total: u64,
    /// The first members, most valuable first, with their figures.
    pub top: Vec<(Id, Metrics)>,
    /// The analysis' currency (for the CLV column).
    pub currency: ilgi_core::model::Currency,
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
    /// The complaints recorded, or why the file is not a table.
    ImportedCases(Result<crate::jobs::cases::CaseImport, String>),
    /// The dashboard's figures (`None`: cancelled), and how long reading
    /// the purchases took (the benchmark reports it).
    Analysed {
        overview: Option<Box<Overview>>,
        purchases_read_ms: f64,
    },
    /// The answers about the kept analysis: `None` when the worker has
    /// none (it was restarted: analyse again).
    CustomerValue(Option<Box<CustomerValue>>),
    Counts(Option<Vec<u64>>),
    Members(Option<Members>),
    Readings(Vec<ilgi_core::social::reading::Reading>),
    /// A value postcard cannot carry (internally tagged enums), as JSON.
    Json {
        json: String,
    },
}

impl Done {
    /// Whether the job ran to its end or was cancelled.
    pub fn outcome(&self) -> Outcome {
        match self {
            Done::Demo { cancelled: true } => Outcome::Cancelled,
            Done::Imported(r) if r.cancelled => Outcome::Cancelled,
            Done::Restored(Ok(true)) => Outcome::Cancelled,
            Done::ImportedMentions(r) if r.cancelled => Outcome::Cancelled,
            Done::ImportedCases(Ok(r)) if r.cancelled => Outcome::Cancelled,
            Done::Analysed { overview: None, .. } => Outcome::Cancelled,
            _ => Outcome::Done,
        }
    }
}
