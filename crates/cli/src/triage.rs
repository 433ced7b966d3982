//! `ilgi triage`: a rule set tried on past complaints. Reads customers in
//! the customer import format and cases (`case id, customer id, channel,
//! text, public, followers, created at`), triages every case with core
//! `cases` (the default rules or `--rules rules.json`) and prints, in input
//! order, each case's level, department, reasons and due times.
//!
//! What the customers file can tell triage: tier and products owned. RFM
//! segment, CLV and P(alive) need purchases, so conditions on them do not
//! hold here (as in the app before its first analysis). A customer's
//! earlier cases in the file within the rule set's window count as recent
//! cases.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::FixedOffset;
use clap::Args;
use ilgi_core::cases::csv::{TriagedCase, parse_cases, triage_rows};
use ilgi_core::cases::{CustomerFacts, RuleSet, default_rules};
use ilgi_core::csv_io::RowError;

use crate::error::CliError;
use crate::files::{customers, read_text, report, table_of};

/// `ilgi triage …`.
#[derive(Debug, Args)]
pub struct TriageArgs {
    /// Customers in the customer import format (its `customer id` column is
    /// what the cases refer to).
    #[arg(long, value_name = "FILE.csv")]
    customers: PathBuf,
    /// Cases: `case id, customer id, channel, text, public, followers,
    /// created at` (optional: `category`, `products`).
    #[arg(long, value_name = "FILE.csv")]
    cases: PathBuf,
    /// A rule set as JSON (the app's export) [default: the built-in rules].
    #[arg(long, value_name = "FILE.json")]
    rules: Option<PathBuf>,
    /// Print a JSON array in input order instead of a table.
    #[arg(long)]
    json: bool,
}

fn load_rules(path: Option<&Path>) -> Result<RuleSet, CliError> {
    let Some(path) = path else {
        return Ok(default_rules());
    };
    let text = read_text(path)?;
    let rules: RuleSet = serde_json::from_str(&text).map_err(|e| {
        CliError::Input(format!(
            "{}: line {}, column {}: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let problems = rules.validate();
    if !problems.is_empty() {
        return Err(CliError::Input(format!(
            "{}: the rule set is not valid:\n  {}",
            path.display(),
            problems.join("\n  ")
        )));
    }
    Ok(rules)
}

/// Runs `ilgi triage`; `Ok` is what goes to standard output.
pub fn run(args: TriageArgs) -> Result<String, CliError> {
    let rules = load_rules(args.rules.as_deref())?;
    let offset = FixedOffset::east_opt(rules.utc_offset_minutes * 60)
        .ok_or_else(|| CliError::Input("the rule set's UTC offset is out of range".into()))?;

    let customers = customers(&args.customers)?;
    let mut facts: HashMap<String, CustomerFacts> = HashMap::new();
    for (_, c) in &customers {
        let Some(reference) = &c.external_id else {
            continue;
        };
        facts.insert(
            reference.clone(),
            CustomerFacts {
                tier: Some(c.tier),
                products: c.products.clone(),
                ..CustomerFacts::default()
            },
        );
    }

    let cases_table = table_of(&args.cases)?;
    let mut parsed = parse_cases(&cases_table, offset);
    // A customer id must name a customer of the customers file.
    let mut unknown = Vec::new();
    parsed.rows.retain(|(line, row)| match &row.customer_ref {
        Some(r) if !facts.contains_key(r) => {
            unknown.push(RowError {
                line: *line,
                column: "customer id".into(),
                value: r.clone(),
                reason: ilgi_core::csv_io::Reason::UnknownCustomer,
            });
            false
        }
        _ => true,
    });
    parsed.rejected.extend(unknown);
    parsed.rejected.sort_by_key(|e| e.line);
    report(&args.cases, &parsed.rejected);
    if parsed.rows.is_empty() {
        return Err(CliError::Input(format!(
            "{}: no case is usable (reasons above)",
            args.cases.display()
        )));
    }
    let mut triaged: Vec<TriagedCase> = Vec::with_capacity(parsed.rows.len());
    for result in triage_rows(&rules, &parsed.rows, &|r| facts.get(r).cloned()) {
        match result {
            Ok(t) => triaged.push(t),
            Err((line, e)) => eprintln!("{}: line {line}: {e}", args.cases.display()),
        }
    }
    if !parsed.rejected.is_empty() {
        eprintln!(
            "note: {} bad cells; their rows are left out",
            parsed.rejected.len()
        );
    }
    if args.json {
        let mut out =
            serde_json::to_string_pretty(&triaged).map_err(|e| CliError::Input(e.to_string()))?;
        out.push('\n');
        return Ok(out);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "case\tlevel\tdepartment\tfirst response due\tresolution due\treasons"
    );
    for t in &triaged {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            t.case_id,
            t.level.number(),
            t.department,
            t.due.first_response,
            t.due.resolution,
            t.reasons.join("; ")
        );
    }
    Ok(out)
}
