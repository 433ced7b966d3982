//! `ilgi clv`: fits the BG/NBD and Gamma-Gamma models on a transactions
//! file and reports their parameters, optionally with a per-customer file
//! of P(alive), expected purchases and lifetime value.

use std::path::Path;

use chrono::NaiveDate;
use ilgi_core::analytics::{date_of, day_of};
use ilgi_core::clv::{BgNbd, GammaGamma, Period, Summary, clv, summarise};
use ilgi_core::csv_io::neutralise_cell;
use serde::Serialize;

use crate::error::CliError;
use crate::transactions::Loaded;

/// The options of `ilgi clv` beyond the input file.
#[derive(Debug, Clone)]
pub struct ClvOptions {
    pub period: Period,
    /// Last day of observation; the last purchase's day when `None`.
    pub end: Option<NaiveDate>,
    /// Horizon of the expected purchases and the CLV, in months.
    pub months: u32,
    /// Monthly discount rate of the CLV (0.01 = 1 % a month).
    pub discount: f64,
    pub json: bool,
}

/// The fitted models and the summaries they were fitted on.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub bg: BgNbd,
    pub gg: GammaGamma,
    /// (customer index, summary) of every customer who bought by the end.
    pub summaries: Vec<(usize, Summary)>,
    /// Customers whose first purchase is after the end (left out).
    pub left_out: usize,
    pub end_day: i32,
}

/// Summarises the purchases up to the end and fits both models.
pub fn fit(loaded: &Loaded, options: &ClvOptions) -> Result<Fitted, CliError> {
    let tx = &loaded.transactions;
    let end_day = match options.end {
        Some(end) => day_of(end),
        None => tx
            .last_day()
            .ok_or_else(|| CliError::Input("there are no purchases".into()))?,
    };
    let all = summarise(tx, options.period, end_day);
    let summaries: Vec<(usize, Summary)> = all
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (i, s)))
        .collect();
    if summaries.is_empty() {
        return Err(CliError::Input(format!(
            "no purchase is on or before the end date {}",
            date_of(end_day)
        )));
    }
    let plain: Vec<Summary> = summaries.iter().map(|(_, s)| *s).collect();
    let bg = BgNbd::fit(&plain)?;
    let gg = GammaGamma::fit(&plain)?;
    Ok(Fitted {
        bg,
        gg,
        left_out: all.len() - summaries.len(),
        summaries,
        end_day,
    })
}

/// The `--json` output: this shape is a contract with analysts' scripts.
#[derive(Debug, Serialize)]
struct Report {
    bgnbd: BgNbdParams,
    gamma_gamma: GammaGammaParams,
    customers: usize,
}

#[derive(Debug, Serialize)]
struct BgNbdParams {
    r: f64,
    alpha: f64,
    a: f64,
    b: f64,
    log_likelihood: f64,
}

#[derive(Debug, Serialize)]
struct GammaGammaParams {
    p: f64,
    q: f64,
    v: f64,
}

/// What `ilgi clv` prints on standard output.
pub fn report(fitted: &Fitted, options: &ClvOptions) -> String {
    let Fitted { bg, gg, .. } = fitted;
    let customers = fitted.summaries.len();
    if options.json {
        let report = Report {
            bgnbd: BgNbdParams {
                r: bg.r,
                alpha: bg.alpha,
                a: bg.a,
                b: bg.b,
                log_likelihood: bg.log_likelihood,
            },
            gamma_gamma: GammaGammaParams {
                p: gg.p,
                q: gg.q,
                v: gg.v,
            },
            customers,
        };
        // Fitted parameters are finite (the fits guarantee it), so this
        // cannot fail; fall back to an empty object rather than panic.
        let mut text = serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".into());
        text.push('\n');
        return text;
    }
    let repeat = fitted
        .summaries
        .iter()
        .filter(|(_, s)| s.frequency > 0.0)
        .count();
    let unit = match options.period {
        Period::Day => "days",
        Period::Week => "weeks",
    };
    let total_clv: f64 = fitted
        .summaries
        .iter()
        .map(|(_, s)| clv(bg, gg, s, options.period, options.months, options.discount))
        .sum();
    let mut out = String::new();
    out.push_str(&format!(
        "customers        {customers} ({repeat} repeat buyers)\n\
         observation end  {} (times in {unit})\n\
         \n\
         BG/NBD (purchase frequency and dropout)\n\
         \x20 r               {:.6}\n\
         \x20 alpha           {:.6}\n\
         \x20 a               {:.6}\n\
         \x20 b               {:.6}\n\
         \x20 log-likelihood  {:.4}\n\
         \n\
         Gamma-Gamma (spend per purchase)\n\
         \x20 p               {:.6}\n\
         \x20 q               {:.6}\n\
         \x20 v               {:.6}\n\
         \x20 mean spend      {:.2}\n\
         \n\
         CLV over {} months at {}% a month: total {:.2}, mean {:.2}\n",
        date_of(fitted.end_day),
        bg.r,
        bg.alpha,
        bg.a,
        bg.b,
        bg.log_likelihood,
        gg.p,
        gg.q,
        gg.v,
        gg.mean_spend(),
        options.months,
        options.discount * 100.0,
        total_clv,
        total_clv / customers as f64,
    ));
    out
}

/// Writes one row per fitted customer to `path` (RFC 4180, CRLF): the
/// summary, P(alive), the expected purchases over the horizon and the CLV.
/// Customer ids go through `neutralise_cell` so a spreadsheet does not run
/// them as formulas.
pub fn write_per_customer(
    path: &Path,
    fitted: &Fitted,
    customer_ids: &[String],
    options: &ClvOptions,
) -> Result<(), CliError> {
    let failed = |e: &dyn std::fmt::Display| {
        CliError::Input(format!("cannot write {}: {e}", path.display()))
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_path(path)
        .map_err(|e| failed(&e))?;
    writer
        .write_record(per_customer_header())
        .map_err(|e| failed(&e))?;
    for row in per_customer_rows(fitted, customer_ids, options) {
        writer.write_record(&row).map_err(|e| failed(&e))?;
    }
    writer.flush().map_err(|e| failed(&e))
}

fn per_customer_header() -> [&'static str; 8] {
    [
        "customer_id",
        "frequency",
        "recency",
        "T",
        "monetary",
        "p_alive",
        "expected_purchases",
        "clv",
    ]
}

fn per_customer_rows<'a>(
    fitted: &'a Fitted,
    customer_ids: &'a [String],
    options: &'a ClvOptions,
) -> impl Iterator<Item = [String; 8]> + 'a {
    let horizon = f64::from(options.months) * options.period.per_month();
    let Fitted { bg, gg, .. } = fitted;
    fitted.summaries.iter().map(move |(i, s)| {
        let id = customer_ids.get(*i).map_or("", String::as_str);
        [
            neutralise_cell(id).into_owned(),
            s.frequency.to_string(),
            s.recency.to_string(),
            s.t.to_string(),
            format!("{:.2}", s.monetary),
            format!("{:.6}", bg.p_alive(s)),
            format!("{:.6}", bg.expected_purchases(s, horizon)),
            format!(
                "{:.2}",
                clv(bg, gg, s, options.period, options.months, options.discount)
            ),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fitted() -> Fitted {
        Fitted {
            bg: BgNbd {
                r: 0.243,
                alpha: 4.414,
                a: 0.793,
                b: 2.426,
                log_likelihood: -9582.4,
            },
            gg: GammaGamma {
                p: 6.25,
                q: 3.74,
                v: 15.44,
            },
            summaries: vec![
                (
                    1,
                    Summary {
                        frequency: 2.0,
                        recency: 30.43,
                        t: 38.86,
                        monetary: 22.35,
                    },
                ),
                (
                    0,
                    Summary {
                        frequency: 0.0,
                        recency: 0.0,
                        t: 38.86,
                        monetary: 0.0,
                    },
                ),
            ],
            left_out: 0,
            end_day: 10_000,
        }
    }

    fn options(json: bool) -> ClvOptions {
        ClvOptions {
            period: Period::Week,
            end: None,
            months: 12,
            discount: 0.01,
            json,
        }
    }

    #[test]
    fn json_report_has_exactly_the_documented_keys() {
        let text = report(&fitted(), &options(true));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["bgnbd", "customers", "gamma_gamma"]);
        assert_eq!(value["bgnbd"]["log_likelihood"], -9582.4);
        assert_eq!(value["gamma_gamma"]["v"], 15.44);
        assert_eq!(value["customers"], 2);
    }

    #[test]
    fn text_report_names_every_parameter() {
        let text = report(&fitted(), &options(false));
        for name in [
            "r ",
            "alpha",
            "a ",
            "b ",
            "log-likelihood",
            "p ",
            "q ",
            "v ",
        ] {
            assert!(
                text.contains(&format!("  {name}")),
                "{name} missing in\n{text}"
            );
        }
        assert!(
            text.contains("customers        2 (1 repeat buyers)"),
            "{text}"
        );
    }

    #[test]
    fn per_customer_rows_neutralise_formula_like_ids_and_stay_finite() {
        let ids = ["quiet".to_owned(), "=HYPERLINK(\"x\")".to_owned()];
        let rows: Vec<[String; 8]> = per_customer_rows(&fitted(), &ids, &options(false)).collect();
        assert_eq!(rows[0][0], "'=HYPERLINK(\"x\")");
        assert_eq!(rows[1][0], "quiet");
        for row in &rows {
            for cell in &row[1..] {
                let value: f64 = cell.parse().unwrap();
                assert!(value.is_finite() && value >= 0.0, "{row:?}");
            }
        }
        // A customer without repeat purchases is alive with certainty in
        // the BG/NBD (dropout only happens right after a purchase).
        assert_eq!(rows[1][5], "1.000000");
    }
}
