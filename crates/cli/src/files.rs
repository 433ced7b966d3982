//! Reading the CSV files the subcommands take, and reporting bad cells on
//! standard error with their file, line and column.

use std::path::Path;

use ilgi_core::csv_io::{
    RowError, Table, auto_map_customers, decode, detect_delimiter, parse_customers, read_table,
};
use ilgi_core::model::{Customer, Id};

use crate::error::CliError;

/// A file's text (UTF-8 or Windows-1254).
pub fn read_text(path: &Path) -> Result<String, CliError> {
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::Input(format!("cannot read {}: {e}", path.display())))?;
    Ok(decode(&bytes).text)
}

/// A CSV file as a table (`,`, `;` or tab).
pub fn table_of(path: &Path) -> Result<Table, CliError> {
    let text = read_text(path)?;
    read_table(&text, detect_delimiter(&text))
        .map_err(|e| CliError::Input(format!("{}: {e}", path.display())))
}

/// Prints every bad cell: file, line, column, value and why.
pub fn report(path: &Path, errors: &[RowError]) {
    for e in errors {
        if e.column.is_empty() {
            eprintln!("{}: line {}: {}", path.display(), e.line, e.reason);
        } else if e.value.is_empty() {
            eprintln!(
                "{}: line {}, column {}: {}",
                path.display(),
                e.line,
                e.column,
                e.reason
            );
        } else {
            eprintln!(
                "{}: line {}, column {}: {:?}: {}",
                path.display(),
                e.line,
                e.column,
                e.value,
                e.reason
            );
        }
    }
}

/// The customers of a file in the customer import format, with their
/// line numbers; bad rows are reported and left out.
pub fn customers(path: &Path) -> Result<Vec<(usize, Customer)>, CliError> {
    let table = table_of(path)?;
    let mapping = auto_map_customers(&table.headers);
    let mut counter = 0u64;
    let mut new_id = || {
        counter += 1;
        let mut bytes = [0u8; 10];
        bytes[..8].copy_from_slice(&counter.to_be_bytes());
        Id::v7(0, bytes)
    };
    let parsed = parse_customers(&table, &mapping, 0, &mut new_id);
    report(path, &parsed.rejected);
    Ok(parsed.rows)
}

/// How the output names a customer: the file's customer id, else its
/// line (`line 7`).
pub fn customer_ref(line: usize, c: &Customer) -> String {
    match &c.external_id {
        Some(id) if !id.trim().is_empty() => id.trim().to_string(),
        _ => format!("line {line}"),
    }
}
