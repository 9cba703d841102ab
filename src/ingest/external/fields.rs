//! Reading the fields of one record (a JSON or YAML object) of another tool's file: a
//! field of the wrong type or out of range is counted against the record's line and
//! left out; the record keeps the rest.

use chrono::{DateTime, NaiveDate};
use serde_json::Value;

use crate::model::{Diagnostic, SkipReason};

/// Largest count read (a token count or a line count of 10^15 is not a real one).
const MAX_COUNT: f64 = 1e15;
/// Largest amount of money read, USD.
const MAX_AMOUNT_USD: f64 = 1e9;

/// One record being read: its value, where it is, and where its problems go.
pub struct Record<'a> {
    pub value: &'a Value,
    pub path: &'a str,
    pub line: u64,
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

impl<'a> Record<'a> {
    pub fn problem(&mut self, reason: SkipReason, detail: String) {
        self.diagnostics.push(Diagnostic { file: self.path.to_owned(), line: self.line, reason, detail });
    }

    /// The field at `path` (keys through nested objects), if present and not null.
    pub fn field(&self, path: &[&str]) -> Option<&'a Value> {
        let mut value = self.value;
        for key in path {
            value = value.get(key)?;
        }
        (!value.is_null()).then_some(value)
    }

    /// A text field (a number is written as text); empty when absent.
    pub fn text(&mut self, path: &[&str]) -> String {
        match self.field(path) {
            None => String::new(),
            Some(Value::String(text)) => text.clone(),
            Some(Value::Number(number)) => number.to_string(),
            Some(Value::Bool(flag)) => flag.to_string(),
            Some(_) => {
                self.problem(SkipReason::WrongFieldType, format!("{} is not text", path.join(".")));
                String::new()
            }
        }
    }

    /// The first of `paths` that is present, as text.
    pub fn first_text(&mut self, paths: &[&[&str]]) -> String {
        let found = paths.iter().find(|path| self.field(path).is_some());
        found.map_or_else(String::new, |path| self.text(path))
    }

    /// A number, or a number written as text.
    fn number(&mut self, path: &[&str], max: f64) -> Option<f64> {
        let value = self.field(path)?;
        let number = match value {
            Value::Number(number) => number.as_f64(),
            Value::String(text) => text.trim().trim_end_matches('%').trim().parse::<f64>().ok(),
            _ => None,
        };
        match number {
            Some(number) if number.is_finite() && (0.0..=max).contains(&number) => Some(number),
            Some(number) => {
                self.problem(SkipReason::ValueOutOfRange, format!("{} = {number}", path.join(".")));
                None
            }
            None => {
                self.problem(SkipReason::WrongFieldType, format!("{} is not a number", path.join(".")));
                None
            }
        }
    }

    /// A count (a whole number ≥ 0).
    pub fn count(&mut self, path: &[&str]) -> Option<u64> {
        self.number(path, MAX_COUNT).map(|number| number.round() as u64)
    }

    /// An amount of money, USD.
    pub fn amount_usd(&mut self, path: &[&str]) -> Option<f64> {
        self.number(path, MAX_AMOUNT_USD)
    }

    /// A rate written as a fraction (0..1) or a percentage (above 1, up to 100): 0..1.
    pub fn rate(&mut self, path: &[&str]) -> Option<f64> {
        self.number(path, 100.0).map(|rate| if rate > 1.0 { rate / 100.0 } else { rate })
    }

    /// A ratio ≥ 0 (no upper bound but the count's).
    pub fn ratio(&mut self, path: &[&str]) -> Option<f64> {
        self.number(path, MAX_COUNT)
    }

    /// An RFC 3339 time (or a bare date, taken as its midnight UTC), ms.
    pub fn time_ms(&mut self, path: &[&str]) -> Option<i64> {
        let text = match self.field(path)? {
            Value::String(text) => text.trim().to_owned(),
            other => other.to_string(),
        };
        let parsed = DateTime::parse_from_rfc3339(&text)
            .map(|time| time.timestamp_millis())
            .or_else(|_| NaiveDate::parse_from_str(&text, "%Y-%m-%d").map(|day| day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp_millis()))
            .ok()
            .filter(|time| crate::model::limits::TIME_RANGE_MS.contains(time));
        if parsed.is_none() {
            self.problem(SkipReason::BadTimestamp, format!("{} = {text:?}", path.join(".")));
        }
        parsed
    }

    /// The first of `paths` that is present, as a time.
    pub fn first_time_ms(&mut self, paths: &[&[&str]]) -> Option<i64> {
        let found = paths.iter().find(|path| self.field(path).is_some())?;
        self.time_ms(found)
    }

    /// A list of texts (a single text is a list of one).
    pub fn texts(&mut self, path: &[&str]) -> Vec<String> {
        match self.field(path) {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|item| match item {
                    Value::String(text) => Some(text.clone()),
                    Value::Number(number) => Some(number.to_string()),
                    _ => None,
                })
                .collect(),
            Some(Value::String(text)) => vec![text.clone()],
            Some(_) => {
                self.problem(SkipReason::WrongFieldType, format!("{} is not a list", path.join(".")));
                Vec::new()
            }
        }
    }
}

/// The 1-based line of the first `needle` in `text` at or after byte `from`; 1 when none.
pub fn line_of(text: &str, needle: &str, from: usize) -> (u64, usize) {
    match text.get(from..).and_then(|rest| rest.find(needle)) {
        Some(offset) => {
            let at = from + offset;
            (memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count() as u64 + 1, at + needle.len())
        }
        None => (1, from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_read_or_counted_against_the_record_s_line() {
        let value =
            json!({"a": {"n": 12, "s": "7", "bad": "x", "neg": -1, "t": "2025-01-15T10:00:00Z", "d": "2025-01-15", "p": 95.9, "f": 0.5, "list": ["x", 2]}});
        let mut diagnostics = Vec::new();
        let mut record = Record { value: &value, path: "log.yaml", line: 4, diagnostics: &mut diagnostics };
        assert_eq!(record.count(&["a", "n"]), Some(12));
        assert_eq!(record.count(&["a", "s"]), Some(7));
        assert_eq!(record.count(&["a", "missing"]), None);
        assert!(record.rate(&["a", "p"]).is_some_and(|rate| (rate - 0.959).abs() < 1e-12), "a percentage");
        assert_eq!(record.rate(&["a", "f"]), Some(0.5));
        assert_eq!(record.time_ms(&["a", "t"]), Some(1_736_935_200_000));
        assert_eq!(record.time_ms(&["a", "d"]), Some(1_736_899_200_000));
        assert_eq!(record.texts(&["a", "list"]), vec!["x", "2"]);
        assert_eq!(record.text(&["a", "n"]), "12");
        assert_eq!(record.count(&["a", "bad"]), None);
        assert_eq!(record.count(&["a", "neg"]), None);
        assert_eq!(record.time_ms(&["a", "bad"]), None);
        assert_eq!(record.text(&["a"]), "");
        let reasons: Vec<(u64, SkipReason)> = diagnostics.iter().map(|d| (d.line, d.reason)).collect();
        assert_eq!(
            reasons,
            vec![(4, SkipReason::WrongFieldType), (4, SkipReason::ValueOutOfRange), (4, SkipReason::BadTimestamp), (4, SkipReason::WrongFieldType)]
        );
    }

    #[test]
    fn lines_of_needles() {
        let text = "{\n \"a\": 1,\n \"a\": 2\n}";
        assert_eq!(line_of(text, "\"a\"", 0).0, 2);
        let (_, after) = line_of(text, "\"a\"", 0);
        assert_eq!(line_of(text, "\"a\"", after).0, 3);
        assert_eq!(line_of(text, "zzz", 0).0, 1);
    }
}
