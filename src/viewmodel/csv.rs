//! Tables as CSV for a spreadsheet (RFC 4180): a header line, then a line per row, CRLF
//! ends; a field holding a comma, a quote or a line break is quoted (quotes doubled). A
//! cell a spreadsheet would run as a formula (starting with `=`, `+`, `@`, a tab, a carriage
//! return, or `-` not followed by a number) is written with a leading `'`: transcript text
//! (project and tool names, commands) is untrusted.

/// The CSV of `headings` and `rows` (each row its cells' text).
pub fn csv_text<'a, R: IntoIterator<Item = &'a str>>(headings: &[&str], rows: impl IntoIterator<Item = R>) -> String {
    let mut out = String::new();
    push_record(&mut out, headings.iter().copied());
    for row in rows {
        push_record(&mut out, row);
    }
    out
}

fn push_record<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    let fields: Vec<String> = cells.into_iter().map(field).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

fn field(text: &str) -> String {
    let guarded = if starts_a_formula(text) { format!("'{text}") } else { text.to_owned() };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn starts_a_formula(text: &str) -> bool {
    match text.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => !text[1..].chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | ' ')) || text.len() == 1,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_where_needed_and_formulas_defused() {
        let rows = [vec!["a, \"b\"", "$1.50"], vec!["=HYPERLINK(\"x\")", "1,234"], vec!["line\nbreak", "-3"], vec!["-cmd", "-"], vec!["@x", "+1"]];
        let csv = csv_text(&["Name", "Cost"], rows.iter().map(|row| row.iter().copied()));
        assert_eq!(csv, "Name,Cost\r\n\"a, \"\"b\"\"\",$1.50\r\n\"'=HYPERLINK(\"\"x\"\")\",\"1,234\"\r\n\"line\nbreak\",-3\r\n'-cmd,'-\r\n'@x,'+1\r\n");
    }
}
