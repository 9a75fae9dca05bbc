//! CSV files for spreadsheet programs (Excel, WPS): UTF-8 with a byte-order mark so they show
//! the Chinese, CRLF line ends, every cell quoted (the `csv` crate), and no cell that a
//! spreadsheet would run as a formula. Text a resident or volunteer typed (a self-report note,
//! say) ends up in a clerk's or organiser's spreadsheet; a cell starting with `=`, `+`, `-`, `@`,
//! a tab or a carriage return gets a leading apostrophe, which spreadsheets read as "this is
//! text" and do not show (OWASP, "CSV Injection").

/// The file: a header row, then the rows.
pub fn csv_file<R>(header: &[&str], rows: impl IntoIterator<Item = R>) -> Result<String, csv::Error>
where
    R: IntoIterator<Item = String>,
{
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(vec![]);
    w.write_record(header)?;
    for row in rows {
        w.write_record(row.into_iter().map(inert))?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

/// The cell as text a spreadsheet shows and never evaluates.
fn inert(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_formula_is_text_in_the_file() {
        let file = csv_file(
            &["note", "hours"],
            [
                vec![r#"=HYPERLINK("http://evil.example","查看")"#.to_owned(), "1.5".to_owned()],
                vec!["+1".to_owned(), "@SUM(A1)".to_owned()],
                vec!["-2".to_owned(), "\tx".to_owned()],
                vec!["帮老人买菜 = 2 小时".to_owned(), String::new()],
            ],
        )
        .unwrap();
        assert!(file.starts_with('\u{feff}'));
        let lines: Vec<&str> = file.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], r#""note","hours""#);
        assert_eq!(lines[1], r#""'=HYPERLINK(""http://evil.example"",""查看"")","1.5""#);
        assert_eq!(lines[2], r#""'+1","'@SUM(A1)""#);
        assert_eq!(lines[3], "\"'-2\",\"'\tx\"");
        assert_eq!(lines[4], r#""帮老人买菜 = 2 小时","""#);
    }
}
