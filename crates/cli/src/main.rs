//! `ilgi`: the command-line tool for analysts who work on exports. It reads
//! a transactions CSV (`customer_id,date,amount` by default) and runs the
//! same analyses as the web app, from `ilgi-core`: RFM segments
//! (`ilgi rfm`) and customer lifetime value with BG/NBD + Gamma-Gamma
//! (`ilgi clv`). Natively built, it is also the baseline the browser's
//! (wasm) speed is compared with. `ilgi sla` gives SLA due times on
//! business hours and lists Türkiye's public holidays. `ilgi triage`
//! tries a rule set on past complaints; `ilgi dedupe` and `ilgi match` run
//! the duplicate scan and social identity matching on customer and mention
//! files; `ilgi sentiment` reads posts' language, sentiment, complaint and
//! topics.
//!
//! Bad rows never stop a command: each bad cell is reported on standard
//! error with its line and column, and the valid rows are used. Exit codes:
//! 0 success, 1 usage or input error (including a file with no usable row),
//! 2 model error (the model could not be fitted).

mod clv;
mod error;
mod files;
mod identity;
mod rfm;
mod sentiment;
mod sla;
mod transactions;
mod triage;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use ilgi_core::clv::Period;

use crate::clv::ClvOptions;
use crate::error::CliError;
use crate::transactions::{Columns, DateFormat, Loaded};

#[derive(Debug, Parser)]
#[command(
    name = "ilgi",
    version,
    about = "ilgi analyses on a transactions CSV (RFM segments, customer lifetime value) and SLA due times on business hours"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Fit BG/NBD + Gamma-Gamma and print their parameters (and, with
    /// --per-customer, each customer's P(alive), expected purchases and CLV).
    Clv(ClvArgs),
    /// Count customers per RFM segment.
    Rfm(RfmArgs),
    /// Business-hours SLA calendars: due times and public holidays.
    Sla(sla::SlaArgs),
    /// Triage past complaints with a rule set: level, department, reasons
    /// and due times per case.
    Triage(triage::TriageArgs),
    /// Find customers written twice (scored pairs with a level and reasons).
    Dedupe(identity::DedupeArgs),
    /// Match social mentions' authors to customers (customer, possible,
    /// prospect or unknown, with scores and reasons).
    Match(identity::MatchArgs),
    /// Language, sentiment, complaint and topics of every post of a CSV.
    Sentiment(sentiment::SentimentArgs),
}

/// Where the purchases are and how to read them.
#[derive(Debug, Args)]
struct Input {
    /// CSV with one purchase per row (UTF-8 or Windows-1254; `,`, `;` or tab).
    #[arg(long, value_name = "FILE.csv")]
    transactions: PathBuf,
    /// Header of the customer id column (any text identifies a customer).
    #[arg(long, value_name = "NAME", default_value = "customer_id")]
    customer_col: String,
    /// Header of the purchase date column.
    #[arg(long, value_name = "NAME", default_value = "date")]
    date_col: String,
    /// Header of the amount column (`1234.50`, `1.234,50`, `₺12` …).
    #[arg(long, value_name = "NAME", default_value = "amount")]
    amount_col: String,
    /// chrono pattern of the dates, e.g. `%d/%m/%Y` [default: YYYY-MM-DD,
    /// DD.MM.YYYY or DD/MM/YYYY].
    #[arg(long, value_name = "FMT")]
    date_format: Option<String>,
    /// Last day of observation, YYYY-MM-DD [default: the last purchase's
    /// date]. Later purchases are left out.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_end)]
    end: Option<NaiveDate>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct ClvArgs {
    #[command(flatten)]
    input: Input,
    /// Time unit of the models (as `lifetimes`' `freq`: D or W).
    #[arg(long, value_enum, default_value_t = PeriodArg::Day)]
    period: PeriodArg,
    /// Write one row per customer: customer_id, frequency, recency, T,
    /// monetary, p_alive, expected_purchases (over --months), clv.
    #[arg(long, value_name = "OUT.csv")]
    per_customer: Option<PathBuf>,
    /// Horizon of the expected purchases and CLV, in months.
    #[arg(long, value_name = "N", default_value_t = 12)]
    months: u32,
    /// Monthly discount rate of the CLV (0.01 = 1 % a month).
    #[arg(long, value_name = "RATE", default_value_t = 0.01, value_parser = parse_rate)]
    discount: f64,
}

#[derive(Debug, Args)]
struct RfmArgs {
    #[command(flatten)]
    input: Input,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PeriodArg {
    Day,
    Week,
}

impl From<PeriodArg> for Period {
    fn from(period: PeriodArg) -> Period {
        match period {
            PeriodArg::Day => Period::Day,
            PeriodArg::Week => Period::Week,
        }
    }
}

fn parse_end(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date written YYYY-MM-DD"))
}

fn parse_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(rate) if rate.is_finite() && rate >= 0.0 => Ok(rate),
        _ => Err(format!("{text:?} is not a rate ≥ 0 such as 0.01")),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and succeed; every other
            // parse error is a usage error (1, not clap's default 2, which
            // this tool keeps for model errors).
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli.command) {
        Ok(stdout) => {
            print!("{stdout}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Runs a command; `Ok` is what goes to standard output.
fn run(command: Command) -> Result<String, CliError> {
    match command {
        Command::Clv(args) => {
            let loaded = load(&args.input)?;
            let options = ClvOptions {
                period: args.period.into(),
                end: args.input.end,
                months: args.months,
                discount: args.discount,
                json: args.input.json,
            };
            let fitted = clv::fit(&loaded, &options)?;
            if fitted.left_out > 0 {
                eprintln!(
                    "note: {} customers have no purchase up to the end date and are left out",
                    fitted.left_out
                );
            }
            if let Some(path) = &args.per_customer {
                clv::write_per_customer(path, &fitted, &loaded.customer_ids, &options)?;
            }
            Ok(clv::report(&fitted, &options))
        }
        Command::Rfm(args) => {
            let loaded = load(&args.input)?;
            let result = rfm::run(&loaded, args.input.end)?;
            Ok(rfm::report(&result, args.input.json))
        }
        Command::Sla(args) => sla::run(args),
        Command::Triage(args) => triage::run(args),
        Command::Dedupe(args) => identity::dedupe(args),
        Command::Match(args) => identity::run_match(args),
        Command::Sentiment(args) => sentiment::run(args),
    }
}

/// Reads the input file and reports its bad rows on standard error.
fn load(input: &Input) -> Result<Loaded, CliError> {
    let columns = Columns {
        customer: input.customer_col.clone(),
        date: input.date_col.clone(),
        amount: input.amount_col.clone(),
    };
    let dates = match &input.date_format {
        Some(pattern) => DateFormat::custom(pattern)?,
        None => DateFormat::Usual,
    };
    let loaded = transactions::load(&input.transactions, &columns, &dates)?;
    for cell in &loaded.bad {
        eprintln!("{}: {cell}", input.transactions.display());
    }
    if !loaded.bad.is_empty() {
        let (count, cells) = match loaded.bad.len() {
            1 => (1, "bad cell; its row is"),
            n => (n, "bad cells; their rows are"),
        };
        eprintln!("note: {count} {cells} left out");
    }
    loaded.ensure_usable(&input.transactions)?;
    Ok(loaded)
}
