//! `ilgi sla`: business-hours SLA calendars from the command line. `ilgi sla
//! due` gives the due time of a target in business minutes (on the default
//! Türkiye calendar or a calendar JSON file); `ilgi sla holidays` lists
//! Türkiye's official public holidays of a year.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use clap::{Args, Subcommand};
use ilgi_core::sla::{self, Calendar, FIRST_YEAR, Holiday, LAST_YEAR};

use crate::error::CliError;

/// `ilgi sla …`.
#[derive(Debug, Args)]
pub struct SlaArgs {
    #[command(subcommand)]
    command: SlaCommand,
}

#[derive(Debug, Subcommand)]
enum SlaCommand {
    /// Print the due time of a target of N business minutes counted from a
    /// time (when the minutes run out exactly at closing, the closing time).
    Due(DueArgs),
    /// List Türkiye's official public holidays of a year (half days: open
    /// until 13:00).
    Holidays(HolidaysArgs),
}

#[derive(Debug, Args)]
struct DueArgs {
    /// Start of the count, RFC 3339 (`2026-12-01T09:00:00+03:00`, `…Z`).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    from: DateTime<FixedOffset>,
    /// Business minutes to count.
    #[arg(long, value_name = "N")]
    minutes: u32,
    /// Calendar JSON (the form `ilgi_core::sla` documents) [default:
    /// Europe/Istanbul, Monday–Friday 09:00–18:00, Türkiye's public
    /// holidays].
    #[arg(long, value_name = "FILE.json")]
    calendar: Option<PathBuf>,
    /// Print `{"due": "<RFC 3339 time>"}` instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct HolidaysArgs {
    /// The year (2024 to 2035).
    #[arg(long, value_name = "YYYY")]
    year: i32,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    json: bool,
}

fn parse_time(text: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(text).map_err(|e| {
        format!("{text:?} is not an RFC 3339 time such as 2026-12-01T09:00:00+03:00 ({e})")
    })
}

/// Runs an `ilgi sla` command; `Ok` is what goes to standard output.
pub fn run(args: SlaArgs) -> Result<String, CliError> {
    match args.command {
        SlaCommand::Due(args) => due(&args),
        SlaCommand::Holidays(args) => holidays(&args),
    }
}

fn due(args: &DueArgs) -> Result<String, CliError> {
    let calendar = match &args.calendar {
        Some(path) => load_calendar(path)?,
        None => Calendar::default_tr(),
    };
    let from = args.from.with_timezone(&Utc);
    let due = calendar
        .add_business_minutes(from, args.minutes)
        .and_then(|due| calendar.to_local(due))
        .map_err(|e| CliError::Input(e.to_string()))?;
    let text = due.to_rfc3339_opts(SecondsFormat::Secs, false);
    if args.json {
        return Ok(pretty(&serde_json::json!({ "due": text })));
    }
    Ok(format!(
        "{text}  ({}, {})\n",
        due.format("%A %-d %B %Y %H:%M"),
        calendar.zone
    ))
}

/// Reads and validates a calendar file; errors name the file, and the
/// line and column (JSON) or the field (validation).
fn load_calendar(path: &Path) -> Result<Calendar, CliError> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Input(format!("{shown}: cannot read the calendar: {e}")))?;
    let calendar: Calendar = serde_json::from_str(&text).map_err(|e| {
        let message = e.to_string();
        let position = format!(" at line {} column {}", e.line(), e.column());
        let reason = message.strip_suffix(&position).unwrap_or(&message);
        CliError::Input(format!(
            "{shown}: line {}, column {}: {reason}",
            e.line(),
            e.column()
        ))
    })?;
    calendar.validate().map_err(|problems| {
        // One problem per line, each as main prints the first: `error: …`.
        let lines: Vec<String> = problems.iter().map(|p| format!("{shown}: {p}")).collect();
        CliError::Input(lines.join("\nerror: "))
    })?;
    Ok(calendar)
}

/// One row of `ilgi sla holidays --json`.
#[derive(serde::Serialize)]
struct HolidayRow {
    date: String,
    name: &'static str,
    name_tr: &'static str,
    half_day: bool,
}

fn holidays(args: &HolidaysArgs) -> Result<String, CliError> {
    let list = sla::holidays(args.year).map_err(|e| {
        CliError::Usage(format!(
            "--year {}: {e}; use a year from {FIRST_YEAR} to {LAST_YEAR}",
            args.year
        ))
    })?;
    if args.json {
        let rows: Vec<HolidayRow> = list
            .iter()
            .map(|h| HolidayRow {
                date: h.date.to_string(),
                name: h.name_en,
                name_tr: h.name_tr,
                half_day: h.half_day,
            })
            .collect();
        return Ok(pretty(&rows));
    }
    Ok(table(args.year, &list))
}

/// The text table: date, weekday, Turkish and English names, half days.
fn table(year: i32, list: &[Holiday]) -> String {
    let width = |name: fn(&Holiday) -> &str| {
        list.iter()
            .map(|h| name(h).chars().count())
            .max()
            .unwrap_or(0)
    };
    let (tr_width, en_width) = (width(|h| h.name_tr), width(|h| h.name_en));
    let mut out = format!("Official public holidays of Türkiye in {year}\n\n");
    for h in list {
        let half = if h.half_day {
            "half day: open until 13:00"
        } else {
            "closed"
        };
        let line = format!(
            "  {}  {}  {:<tr_width$}  {:<en_width$}  {half}",
            h.date,
            h.date.format("%a"),
            h.name_tr,
            h.name_en,
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn pretty<T: serde::Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    text.push('\n');
    text
}
