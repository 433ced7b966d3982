//! The rejected-rows report: a CSV the user can open next to the file.

use super::{CsvWriter, RowError};
use crate::i18n::{Lang, catalog};

/// Writes rejected cells as CSV (comma, CRLF) with the columns line,
/// column, value and reason; the header and reasons are in `lang`. Cells are
/// neutralised like exports, since values come from an untrusted file.
pub fn report_csv(errors: &[RowError], lang: Lang) -> String {
    let mut w = CsvWriter::with_capacity(64 * (errors.len() + 1));
    for key in [
        "import-report-line",
        "import-report-column",
        "import-report-value",
        "import-report-reason",
    ] {
        w.cell(&catalog().text(lang, key));
    }
    w.end_record();
    for e in errors {
        w.cell(&e.line.to_string());
        w.cell(&e.column);
        w.cell(&e.value);
        w.cell(&e.reason.message(lang));
        w.end_record();
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_io::{Reason, read_table};
    use crate::model::ValueError;

    fn errors() -> Vec<RowError> {
        vec![
            RowError {
                line: 3,
                column: "E-posta".into(),
                value: "=HYPERLINK(\"x\")".into(),
                reason: Reason::Value(ValueError::EmailNoAt),
            },
            RowError {
                line: 7,
                column: String::new(),
                value: "a | b".into(),
                reason: Reason::CellCount {
                    expected: 4,
                    found: 2,
                },
            },
        ]
    }

    #[test]
    fn the_report_lists_each_rejected_cell_with_a_translated_reason() {
        let tr = report_csv(&errors(), Lang::Tr);
        let en = report_csv(&errors(), Lang::En);
        assert_ne!(tr, en);
        let table = read_table(&en, b',').unwrap();
        assert_eq!(table.headers.len(), 4);
        assert_eq!(table.rows.len(), 2);
        let first = &table.rows[0].cells;
        assert_eq!(first[0], "3");
        assert_eq!(first[1], "E-posta");
        assert_eq!(first[2], "'=HYPERLINK(\"x\")", "neutralised");
        assert_eq!(first[3], catalog().text(Lang::En, "value-email-no-at"));
        assert!(table.rows[1].cells[3].contains('4'));
    }

    #[test]
    fn an_empty_report_is_just_the_header() {
        let text = report_csv(&[], Lang::Tr);
        assert_eq!(text.matches("\r\n").count(), 1);
    }
}
