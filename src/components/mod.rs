//! Components, one per file, grouped by feature.

pub mod chart_table;
pub mod charts;
pub mod customers;
pub mod data;
pub mod later;
pub mod progress;
pub mod shell;
pub mod sync;
