//! `ilgi sentiment --input posts.csv --text-col COLUMN [--lang tr|en|auto]
//! [--json]`: the app's language detection, sentiment, complaint detection
//! and topics (core `social`) on a CSV of posts, one result per row in
//! input order. A row whose text is empty is reported with its line and
//! column and left out.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use ilgi_core::i18n::Lang;
use ilgi_core::social::reading;
use serde::Serialize;

use crate::error::CliError;
use crate::files::table_of;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Tr,
    En,
    Auto,
}

/// `ilgi sentiment …`.
#[derive(Debug, Args)]
pub struct SentimentArgs {
    /// CSV with one post per row.
    #[arg(long, value_name = "FILE.csv")]
    input: PathBuf,
    /// Header of the column with the post's text.
    #[arg(long, value_name = "NAME")]
    text_col: String,
    /// The posts' language, or `auto` to detect it per post.
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    lang: LangArg,
    /// Print a JSON array in input order instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Out {
    lang: &'static str,
    label: &'static str,
    score: f64,
    complaint: bool,
    complaint_score: f64,
    topics: Vec<&'static str>,
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Runs `ilgi sentiment`; `Ok` is what goes to standard output.
pub fn run(args: SentimentArgs) -> Result<String, CliError> {
    let table = table_of(&args.input)?;
    let column = table
        .headers
        .iter()
        .position(|h| h.trim() == args.text_col.trim())
        .ok_or_else(|| {
            CliError::Input(format!(
                "{}: line 1: no column {:?} (the columns are: {})",
                args.input.display(),
                args.text_col,
                table.headers.join(", ")
            ))
        })?;
    let mut out = Vec::with_capacity(table.rows.len());
    let mut bad = 0;
    for row in &table.rows {
        let text = row.cells.get(column).map_or("", |s| s.trim());
        if text.is_empty() {
            eprintln!(
                "{}: line {}, column {}: the text is empty",
                args.input.display(),
                row.line,
                table.headers[column]
            );
            bad += 1;
            continue;
        }
        let r = reading::read(
            text,
            match args.lang {
                LangArg::Tr => Some(Lang::Tr),
                LangArg::En => Some(Lang::En),
                LangArg::Auto => None,
            },
        );
        let (l, s, c) = (r.lang, &r.sentiment, &r.complaint);
        out.push(Out {
            lang: match l {
                Lang::Tr => "tr",
                Lang::En => "en",
            },
            label: s.label.code(),
            score: round3(s.score),
            complaint: c.is_complaint,
            complaint_score: round3(c.score),
            topics: r.topics.iter().map(|t| t.code()).collect(),
        });
    }
    if bad > 0 {
        eprintln!("note: {bad} rows without text are left out");
    }
    if out.is_empty() {
        return Err(CliError::Input(format!(
            "{}: no post has text (reasons above)",
            args.input.display()
        )));
    }
    if args.json {
        let mut text =
            serde_json::to_string_pretty(&out).map_err(|e| CliError::Input(e.to_string()))?;
        text.push('\n');
        return Ok(text);
    }
    let mut text = String::from("lang\tlabel\tscore\tcomplaint\tcomplaint score\ttopics\n");
    for o in &out {
        let _ = writeln!(
            text,
            "{}\t{}\t{:.3}\t{}\t{:.3}\t{}",
            o.lang,
            o.label,
            o.score,
            if o.complaint { "yes" } else { "no" },
            o.complaint_score,
            o.topics.join(",")
        );
    }
    Ok(text)
}
