//! A small CSV reader (RFC 4180): comma-separated fields, fields in double quotes may
//! contain commas, line breaks and doubled quotes (`""`), and rows end in LF or CRLF.
//!
//! It is enough for a spreadsheet's "save as CSV" and keeps the crate free of a CSV
//! dependency in the browser bundle.

/// One record with the spreadsheet row number of its first line (the header is row 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub row: usize,
    pub fields: Vec<String>,
}

/// A syntax error with the row of the record where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub row: usize,
    pub problem: String,
}

/// Splits CSV text into records. A UTF-8 byte order mark at the start is skipped.
///
/// Rows are counted as records, not as physical lines, so a quoted field with a line
/// break does not shift the row numbers of later records; that is how spreadsheets
/// number them.
pub(crate) fn parse(text: &str) -> Result<Vec<Record>, SyntaxError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    let mut row = 1;

    while chars.peek().is_some() {
        let mut fields = Vec::new();
        let mut field = String::new();

        loop {
            match chars.next() {
                None => {
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                Some('\n') => {
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                Some(',') => fields.push(std::mem::take(&mut field)),
                Some('"') if field.is_empty() => {
                    read_quoted(&mut chars, &mut field, row)?;
                    match chars.peek() {
                        None | Some(',' | '\n' | '\r') => {}
                        Some(other) => {
                            return Err(SyntaxError {
                                row,
                                problem: format!(
                                    "text {other:?} follows a closing quote: put the whole field in quotes and double any quote inside it"
                                ),
                            })
                        }
                    }
                }
                Some(other) => field.push(other),
            }
        }

        records.push(Record { row, fields });
        row += 1;
    }

    Ok(records)
}

fn read_quoted(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    field: &mut String,
    row: usize,
) -> Result<(), SyntaxError> {
    loop {
        match chars.next() {
            None => {
                return Err(SyntaxError {
                    row,
                    problem: "a quoted field has no closing quote".to_owned(),
                })
            }
            Some('"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            Some('"') => return Ok(()),
            Some(other) => field.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Vec<String>> {
        parse(text)
            .unwrap()
            .into_iter()
            .map(|record| record.fields)
            .collect()
    }

    #[test]
    fn splits_plain_rows() {
        assert_eq!(fields("a,b\n1,2\n"), vec![vec!["a", "b"], vec!["1", "2"]]);
        assert_eq!(fields("a,b\r\n1,2"), vec![vec!["a", "b"], vec!["1", "2"]]);
        assert_eq!(fields("a,,c\n"), vec![vec!["a", "", "c"]]);
    }

    #[test]
    fn reads_quoted_fields() {
        assert_eq!(
            fields("\"a,b\",\"say \"\"hi\"\"\",\"\"\n"),
            vec![vec!["a,b", "say \"hi\"", ""]]
        );
        assert_eq!(
            fields("\"line\nbreak\",x\n"),
            vec![vec!["line\nbreak", "x"]]
        );
    }

    #[test]
    fn counts_records_not_lines() {
        let records = parse("h\n\"two\nlines\"\nthird\n").unwrap();
        assert_eq!(records[2].row, 3);
        assert_eq!(records[2].fields, vec!["third"]);
    }

    #[test]
    fn skips_byte_order_mark() {
        assert_eq!(
            fields("\u{FEFF}序号,税则号列\n"),
            vec![vec!["序号", "税则号列"]]
        );
    }

    #[test]
    fn rejects_unclosed_quote() {
        let error = parse("a\n\"open,b\n").unwrap_err();
        assert_eq!(error.row, 2);
        assert!(error.problem.contains("closing quote"), "{}", error.problem);
    }

    #[test]
    fn rejects_text_after_closing_quote() {
        let error = parse("\"a\"b,c\n").unwrap_err();
        assert_eq!(error.row, 1);
    }

    #[test]
    fn keeps_quote_inside_unquoted_field() {
        assert_eq!(fields("5\"3,x\n"), vec![vec!["5\"3", "x"]]);
    }
}
