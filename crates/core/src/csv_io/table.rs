//! Reading CSV text into a header and rows of cells, with line numbers.

/// The file could not be read as a table at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum CsvError {
    /// No header row: the file is empty or blank.
    #[error("the file has no header row")]
    Empty,
    /// The CSV reader failed (reported with its line).
    #[error("the file is not valid CSV at line {line}: {detail}")]
    Syntax { line: usize, detail: String },
}

impl CsvError {
    /// Translation key of the error.
    pub fn key(&self) -> &'static str {
        match self {
            CsvError::Empty => "import-error-empty",
            CsvError::Syntax { .. } => "import-error-syntax",
        }
    }
}

/// One data row: the line it starts on and its cells as written (not
/// trimmed; neutralisation not yet undone).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableRow {
    /// 1-based physical line where the row starts (the header is line 1).
    pub line: usize,
    pub cells: Vec<String>,
}

/// A CSV file as a header and rows. Rows may have more or fewer cells than
/// the header: the parsers reject those rows, not the file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

/// Turns byte offsets into 1-based line numbers, for offsets that only
/// grow (so a whole file costs one pass).
///
/// `csv::Position::line` is not used: with CRLF line ends the reader counts
/// a line at the `\n` it consumes when reading the next record, so records
/// after the first would be one line early.
#[derive(Debug, Default)]
struct LineCounter {
    offset: usize,
    breaks: usize,
}

impl LineCounter {
    /// The line of the first character at or after `offset` that is not a
    /// line break (a record's start offset may point at the end of the
    /// previous record's terminator).
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        let bytes = text.as_bytes();
        let mut start = offset.min(bytes.len());
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start >= self.offset {
            let mut previous = self.offset.checked_sub(1).map(|i| bytes[i]);
            for &b in &bytes[self.offset..start] {
                // CRLF, LF and a lone CR each end one line.
                if (b == b'\n' && previous != Some(b'\r')) || b == b'\r' {
                    self.breaks += 1;
                }
                previous = Some(b);
            }
            self.offset = start;
        }
        self.breaks + 1
    }
}

/// Reads CSV text with the given delimiter. The first non-blank record is
/// the header; blank rows (no cell with anything but whitespace) are
/// skipped. Quotes follow RFC 4180, so a quoted cell may hold delimiters,
/// doubled quotes and line breaks.
pub fn read_table(text: &str, delimiter: u8) -> Result<Table, CsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut lines = LineCounter::default();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(reader.position().line(), csv::Position::line);
                return Err(CsvError::Syntax {
                    line: line as usize,
                    detail: e.to_string(),
                });
            }
        }
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        match headers {
            None => headers = Some(cells),
            Some(_) => rows.push(TableRow {
                line: lines.line_at(text, record.position().map_or(0, |p| p.byte() as usize)),
                cells,
            }),
        }
    }
    let headers = headers.ok_or(CsvError::Empty)?;
    Ok(Table { headers, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_carry_the_physical_line_they_start_on() {
        let text = "ad;not\r\nAli;\"iki\nsatır\"\r\n\r\n;\r\nAyşe;x\r\n";
        let table = read_table(text, b';').unwrap();
        assert_eq!(table.headers, ["ad", "not"]);
        let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
        // Line 4 is blank and line 5 has only empty cells: both skipped.
        assert_eq!(lines, [2, 6]);
        assert_eq!(table.rows[0].cells, ["Ali", "iki\nsatır"]);
        for ending in ["\n", "\r"] {
            let text = text.replace("\r\n", ending);
            let table = read_table(&text, b';').unwrap();
            let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [2, 6], "{ending:?}");
        }
    }

    #[test]
    fn ragged_rows_are_kept_for_the_parser_to_reject() {
        let table = read_table("a,b\n1\n1,2,3\n", b',').unwrap();
        assert_eq!(table.rows[0].cells.len(), 1);
        assert_eq!(table.rows[1].cells.len(), 3);
    }

    #[test]
    fn cells_keep_their_spaces_and_doubled_quotes_are_undone() {
        let table = read_table("a,b\n\"say \"\"hi\"\"\", x \n", b',').unwrap();
        assert_eq!(table.rows[0].cells, ["say \"hi\"", " x "]);
    }

    #[test]
    fn a_blank_file_has_no_header() {
        assert_eq!(read_table("", b','), Err(CsvError::Empty));
        assert_eq!(read_table("\r\n ; \r\n", b';'), Err(CsvError::Empty));
    }
}
