//! `ilgi dedupe` and `ilgi match`: the app's duplicate scan and social
//! identity matching (core `identity`) on CSV files, so analysts can try
//! them on past data.
//!
//! - `ilgi dedupe --customers customers.csv [--json]` → every pair of
//!   customers that may be one person, with its score, level and reasons.
//! - `ilgi match --customers customers.csv --mentions mentions.csv
//!   [--json]` → for every mention (in input order) its bucket, the linked
//!   customer, the candidates, the score and the reasons. Mentions have the
//!   columns `post id, platform, handle, author, text, followers`
//!   (optional: `city`); a bad cell (an unknown platform, a handle the
//!   platform does not allow, followers that are not a number) is reported
//!   with its line and column and the row is left out.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use ilgi_core::identity::duplicates::{self, Level};
use ilgi_core::identity::matching::{Author, Index};
use ilgi_core::model::{Handle, Id, Platform};
use ilgi_core::text::fold;
use serde::Serialize;

use crate::error::CliError;
use crate::files::{customer_ref, customers, report, table_of};

/// `ilgi dedupe …`.
#[derive(Debug, Args)]
pub struct DedupeArgs {
    /// Customers in the customer import format.
    #[arg(long, value_name = "FILE.csv")]
    customers: PathBuf,
    /// Print JSON (`{"pairs": [...]}`) instead of a table.
    #[arg(long)]
    json: bool,
}

/// `ilgi match …`.
#[derive(Debug, Args)]
pub struct MatchArgs {
    /// Customers in the customer import format (handles in columns such as
    /// `instagram`, `x`).
    #[arg(long, value_name = "FILE.csv")]
    customers: PathBuf,
    /// Mentions: `post id, platform, handle, author, text, followers`
    /// (optional: `city`).
    #[arg(long, value_name = "FILE.csv")]
    mentions: PathBuf,
    /// Print a JSON array in input order instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct PairOut {
    a: String,
    b: String,
    score: f64,
    level: Level,
    reasons: Vec<String>,
}

#[derive(Serialize)]
struct PairsOut {
    pairs: Vec<PairOut>,
}

fn json<T: Serialize>(value: &T) -> Result<String, CliError> {
    let mut out =
        serde_json::to_string_pretty(value).map_err(|e| CliError::Input(e.to_string()))?;
    out.push('\n');
    Ok(out)
}

/// Runs `ilgi dedupe`; `Ok` is what goes to standard output.
pub fn dedupe(args: DedupeArgs) -> Result<String, CliError> {
    let rows = customers(&args.customers)?;
    if rows.is_empty() {
        return Err(CliError::Input(format!(
            "{}: no customer is usable (reasons above)",
            args.customers.display()
        )));
    }
    let names: HashMap<Id, String> = rows
        .iter()
        .map(|(l, c)| (c.id, customer_ref(*l, c)))
        .collect();
    let list: Vec<_> = rows.into_iter().map(|(_, c)| c).collect();
    let pairs: Vec<PairOut> = duplicates::scan(&list)
        .into_iter()
        .map(|p| PairOut {
            a: names[&p.a].clone(),
            b: names[&p.b].clone(),
            score: p.score,
            level: p.level,
            reasons: p.reasons.iter().map(|r| r.describe()).collect(),
        })
        .collect();
    if args.json {
        return json(&PairsOut { pairs });
    }
    let mut out = String::from("a\tb\tlevel\tscore\treasons\n");
    for p in &pairs {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{:.2}\t{}",
            p.a,
            p.b,
            p.level.slug(),
            p.score,
            p.reasons.join("; ")
        );
    }
    Ok(out)
}

#[derive(Serialize)]
struct CandidateOut {
    customer: String,
    score: f64,
    reasons: Vec<String>,
}

#[derive(Serialize)]
struct MatchOut {
    post_id: String,
    bucket: &'static str,
    customer: Option<String>,
    candidates: Vec<CandidateOut>,
    score: f64,
    reasons: Vec<String>,
}

/// One usable mention row.
struct MentionRow {
    post_id: String,
    author: Author,
}

/// The mention columns: their position by folded header.
fn column(headers: &[String], names: &[&str]) -> Option<usize> {
    headers.iter().position(|h| {
        let h = fold(h).replace(['_', '-'], " ");
        names.contains(&h.trim())
    })
}

fn read_mentions(path: &std::path::Path) -> Result<Vec<MentionRow>, CliError> {
    use ilgi_core::csv_io::{Reason, RowError};
    let table = table_of(path)?;
    let h = &table.headers;
    let need = |names: &[&str], label: &str| {
        column(h, names).ok_or_else(|| {
            CliError::Input(format!(
                "{}: line 1: no column {label:?} (the columns are: post id, platform, handle, author, text, followers)",
                path.display()
            ))
        })
    };
    let post = need(&["post id", "id", "post"], "post id")?;
    let platform = need(&["platform"], "platform")?;
    let handle = need(&["handle", "username", "screen name"], "handle")?;
    let author = need(&["author", "name", "display name"], "author")?;
    let text = need(&["text", "message", "content"], "text")?;
    let followers = column(h, &["followers", "reach"]);
    let city = column(h, &["city", "location"]);
    let mut rows = Vec::new();
    let mut rejected = Vec::new();
    for row in &table.rows {
        let cell = |i: usize| row.cells.get(i).map_or("", |s| s.trim());
        let bad = |col: usize, value: &str, reason: Reason| RowError {
            line: row.line,
            column: h[col].clone(),
            value: value.to_string(),
            reason,
        };
        let mut errors = Vec::new();
        if cell(post).is_empty() {
            errors.push(bad(
                post,
                "",
                Reason::Value(ilgi_core::model::ValueError::Empty),
            ));
        }
        let parsed_platform = match Platform::parse(cell(platform)) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.push(bad(platform, cell(platform), Reason::Value(e)));
                None
            }
        };
        let parsed_handle = match (parsed_platform, cell(handle)) {
            (_, "") | (None, _) => None,
            (Some(p), text) => match Handle::parse(p, text) {
                Ok(h) => Some(h),
                Err(e) => {
                    errors.push(bad(handle, text, Reason::Value(e)));
                    None
                }
            },
        };
        if let Some(f) = followers {
            let v = cell(f).replace(['.', ',', ' '], "");
            if !v.is_empty() && v.parse::<u64>().is_err() {
                errors.push(bad(
                    f,
                    cell(f),
                    Reason::Value(ilgi_core::model::ValueError::Number),
                ));
            }
        }
        if !errors.is_empty() {
            rejected.extend(errors);
            continue;
        }
        rows.push(MentionRow {
            post_id: cell(post).to_string(),
            author: Author {
                handle: parsed_handle,
                name: cell(author).to_string(),
                city: city.map(|c| cell(c).to_string()).filter(|c| !c.is_empty()),
                text: cell(text).to_string(),
            },
        });
    }
    report(path, &rejected);
    if !rejected.is_empty() {
        eprintln!(
            "note: {} bad cells; their rows are left out",
            rejected.len()
        );
    }
    Ok(rows)
}

/// Runs `ilgi match`; `Ok` is what goes to standard output.
pub fn run_match(args: MatchArgs) -> Result<String, CliError> {
    let rows = customers(&args.customers)?;
    let names: HashMap<Id, String> = rows
        .iter()
        .map(|(l, c)| (c.id, customer_ref(*l, c)))
        .collect();
    let list: Vec<_> = rows.into_iter().map(|(_, c)| c).collect();
    let index = Index::new(&list);
    let mentions = read_mentions(&args.mentions)?;
    if mentions.is_empty() {
        return Err(CliError::Input(format!(
            "{}: no mention is usable (reasons above)",
            args.mentions.display()
        )));
    }
    let none = HashSet::new();
    let out: Vec<MatchOut> = mentions
        .iter()
        .map(|m| {
            let r = index.match_author(&m.author, &none);
            MatchOut {
                post_id: m.post_id.clone(),
                bucket: r.bucket.slug(),
                customer: r.customer.map(|id| names[&id].clone()),
                candidates: r
                    .candidates
                    .iter()
                    .map(|c| CandidateOut {
                        customer: names[&c.customer].clone(),
                        score: c.score,
                        reasons: c.reasons.iter().map(|x| x.describe()).collect(),
                    })
                    .collect(),
                score: r.score,
                reasons: r.reasons.iter().map(|x| x.describe()).collect(),
            }
        })
        .collect();
    if args.json {
        return json(&out);
    }
    let mut text = String::from("post\tbucket\tcustomer\tscore\treasons\n");
    for m in &out {
        let _ = writeln!(
            text,
            "{}\t{}\t{}\t{:.2}\t{}",
            m.post_id,
            m.bucket,
            m.customer.as_deref().unwrap_or("-"),
            m.score,
            m.reasons.join("; ")
        );
    }
    Ok(text)
}
