//! `ilgi rfm`: scores every customer's recency, frequency and monetary value
//! as of a day and prints how many customers fall in each named segment.

use chrono::NaiveDate;
use ilgi_core::analytics::{date_of, day_of};
use ilgi_core::i18n::{Lang, catalog};
use ilgi_core::rfm::{RfmResult, Segment, analyse};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::error::CliError;
use crate::transactions::Loaded;

/// Runs the analysis as of `end` (the last purchase's day when `None`).
pub fn run(loaded: &Loaded, end: Option<NaiveDate>) -> Result<RfmResult, CliError> {
    let as_of = match end {
        Some(end) => day_of(end),
        None => loaded
            .transactions
            .last_day()
            .ok_or_else(|| CliError::Input("there are no purchases".into()))?,
    };
    let result = analyse(&loaded.transactions, as_of);
    if result.scored() == 0 {
        return Err(CliError::Input(format!(
            "no purchase is on or before the end date {}",
            date_of(as_of)
        )));
    }
    Ok(result)
}

/// The `--json` output: `{"as_of", "customers", "segments": {code: count}}`
/// with the segments in [`Segment::ALL`] order.
#[derive(serde::Serialize)]
struct Report<'a> {
    as_of: String,
    customers: usize,
    segments: Counts<'a>,
}

struct Counts<'a>(&'a RfmResult);

impl Serialize for Counts<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(Segment::ALL.len()))?;
        for segment in Segment::ALL {
            map.serialize_entry(segment.code(), &self.0.count(segment))?;
        }
        map.end()
    }
}

/// What `ilgi rfm` prints on standard output.
pub fn report(result: &RfmResult, json: bool) -> String {
    let as_of = date_of(result.as_of);
    if json {
        let report = Report {
            as_of: as_of.to_string(),
            customers: result.scored(),
            segments: Counts(result),
        };
        let mut text = serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".into());
        text.push('\n');
        return text;
    }
    let names: Vec<String> = Segment::ALL
        .iter()
        .map(|s| catalog().text(Lang::En, s.key()))
        .collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let mut out = format!(
        "RFM segments as of {as_of}\ncustomers scored  {}\n\n",
        result.scored()
    );
    for (segment, name) in Segment::ALL.iter().zip(&names) {
        out.push_str(&format!(
            "  {name:<width$}  {:>7}\n",
            result.count(*segment)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use ilgi_core::analytics::{Transactions, Txn};

    use super::*;

    fn loaded() -> Loaded {
        let txns = (0..20u32)
            .flat_map(|c| {
                (0..=c % 4).map(move |k| Txn {
                    customer: c,
                    day: 19_000 + (c as i32) * 7 + k as i32,
                    amount: 1_000 * i64::from(c + 1),
                })
            })
            .collect();
        Loaded {
            transactions: Transactions {
                customers: 20,
                txns,
            },
            customer_ids: (0..20).map(|c| c.to_string()).collect(),
            bad: Vec::new(),
            rows: 50,
        }
    }

    #[test]
    fn json_counts_follow_the_segment_order_and_sum_to_the_customers() {
        let result = run(&loaded(), None).unwrap();
        let text = report(&result, true);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["customers"], 20);
        let segments = value["segments"].as_object().unwrap();
        let sum: u64 = segments.values().map(|n| n.as_u64().unwrap()).sum();
        assert_eq!(sum, 20);
        let order = text.find("\"champions\"").unwrap() < text.find("\"hibernating\"").unwrap();
        assert!(order, "{text}");
    }

    #[test]
    fn text_report_lists_every_segment_by_its_english_name() {
        let text = report(&run(&loaded(), None).unwrap(), false);
        assert!(text.contains("customers scored  20"), "{text}");
        for name in ["Champions", "Cannot Lose Them", "Hibernating"] {
            assert!(text.contains(name), "{name} missing in\n{text}");
        }
    }

    #[test]
    fn an_end_before_every_purchase_is_an_input_error() {
        let early = NaiveDate::from_ymd_opt(2000, 1, 1);
        assert!(matches!(run(&loaded(), early), Err(CliError::Input(_))));
    }
}
