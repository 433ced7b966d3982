//! The CLI's errors and the exit code of each kind.

use ilgi_core::clv::ClvError;

/// Why a command failed. Bad rows are not errors (they are reported and
/// skipped); these stop the command.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The command line is wrong (an option's value, not a file's content).
    #[error("{0}")]
    Usage(String),
    /// The input file is missing, unreadable, lacks a column or has no
    /// usable row; or an output file cannot be written.
    #[error("{0}")]
    Input(String),
    /// The data were read but a model could not be fitted.
    #[error("{0}")]
    Model(#[from] ClvError),
}

impl CliError {
    /// 1 for usage and input errors, 2 for model errors (0 is success).
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) | CliError::Input(_) => 1,
            CliError::Model(_) => 2,
        }
    }
}
