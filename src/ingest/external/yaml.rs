//! YAML documents as JSON values, so that a session-metrics log reads the same whether
//! it was written as YAML or JSON. Built from yaml-rust2's parser events (not its loader):
//! aliases are refused rather than expanded (an alias bomb costs nothing), nesting is
//! bounded, and each top-level entry keeps the line it starts on.

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};
use yaml_rust2::Yaml;

/// Deepest nesting read (a session log entry is three levels deep).
const MAX_DEPTH: usize = 32;

/// One YAML document: its value, and the line each of its entries starts on (the
/// document's own line for a mapping; each item's for a sequence).
#[derive(Debug, PartialEq)]
pub struct Document {
    pub value: Value,
    pub entry_lines: Vec<u64>,
}

enum Frame {
    Sequence(Vec<Value>),
    Mapping(Map<String, Value>, Option<String>),
}

#[derive(Default)]
struct Receiver {
    stack: Vec<Frame>,
    documents: Vec<Document>,
    entry_lines: Vec<u64>,
    error: Option<String>,
}

impl Receiver {
    fn fail(&mut self, message: String) {
        self.error.get_or_insert(message);
    }

    /// A finished value: into its parent, or the document it ends.
    fn place(&mut self, value: Value, mark: Marker) {
        match self.stack.last_mut() {
            None => {
                let entry_lines = std::mem::take(&mut self.entry_lines);
                self.documents.push(Document { value, entry_lines });
            }
            Some(Frame::Sequence(items)) => items.push(value),
            Some(Frame::Mapping(map, key)) => match key.take() {
                Some(key) => {
                    map.insert(key, value);
                }
                None => match value {
                    Value::String(text) => *key = Some(text),
                    Value::Number(number) => *key = Some(number.to_string()),
                    Value::Bool(flag) => *key = Some(flag.to_string()),
                    _ => self.fail(format!("line {}: a mapping key that is not a plain value", mark.line())),
                },
            },
        }
    }

    fn open(&mut self, frame: Frame, mark: Marker) {
        if self.stack.len() >= MAX_DEPTH {
            return self.fail(format!("line {}: nested deeper than {MAX_DEPTH} levels", mark.line()));
        }
        let is_entry = match self.stack.as_slice() {
            [] => !matches!(frame, Frame::Sequence(_)),
            [Frame::Sequence(_)] => true,
            _ => false,
        };
        if is_entry {
            self.entry_lines.push(mark.line() as u64);
        }
        self.stack.push(frame);
    }
}

impl MarkedEventReceiver for Receiver {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        match event {
            Event::Alias(_) => self.fail(format!("line {}: YAML aliases are not read", mark.line())),
            Event::Scalar(text, style, _, _) => {
                let value = if style == TScalarStyle::Plain { plain_value(&text) } else { Value::String(text) };
                self.place(value, mark);
            }
            Event::SequenceStart(_, _) => self.open(Frame::Sequence(Vec::new()), mark),
            Event::MappingStart(_, _) => self.open(Frame::Mapping(Map::new(), None), mark),
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Sequence(items)) => self.place(Value::Array(items), mark),
                Some(Frame::Mapping(map, _)) => self.place(Value::Object(map), mark),
                None => self.fail(format!("line {}: an end without a start", mark.line())),
            },
            _ => {}
        }
    }
}

/// A plain scalar as YAML 1.2's core schema reads it.
fn plain_value(text: &str) -> Value {
    match Yaml::from_str(text) {
        Yaml::Null => Value::Null,
        Yaml::Boolean(flag) => Value::Bool(flag),
        Yaml::Integer(number) => Value::Number(number.into()),
        Yaml::Real(real) => real.parse::<f64>().ok().and_then(Number::from_f64).map_or_else(|| Value::String(text.to_owned()), Value::Number),
        _ => Value::String(text.to_owned()),
    }
}

/// The documents of a YAML stream, or what stopped it (with its line).
pub fn documents(text: &str) -> Result<Vec<Document>, String> {
    let mut receiver = Receiver::default();
    Parser::new_from_str(text).load(&mut receiver, true).map_err(|error| error.to_string())?;
    match receiver.error {
        Some(error) => Err(error),
        None => Ok(receiver.documents),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn documents_values_and_the_lines_of_their_entries() {
        let text = "# log\n---\nsession_id: \"a\"\nmetrics:\n  tokens_in: 45000\n  cost_usd: 0.85\n  ok: true\n---\n- session_id: b\n  when: 2025-01-15T10:00:00Z\n- session_id: c\n  tasks: [T-1, 'T-2']\n";
        let documents = documents(text).unwrap();
        assert_eq!(documents.len(), 2);
        assert_eq!(documents[0].value, json!({"session_id": "a", "metrics": {"tokens_in": 45000, "cost_usd": 0.85, "ok": true}}));
        assert_eq!(documents[0].entry_lines, vec![3]);
        assert_eq!(documents[1].value, json!([{"session_id": "b", "when": "2025-01-15T10:00:00Z"}, {"session_id": "c", "tasks": ["T-1", "T-2"]}]));
        assert_eq!(documents[1].entry_lines, vec![9, 11]);
    }

    #[test]
    fn aliases_deep_nesting_and_syntax_errors_are_refused_with_their_line() {
        let bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n";
        assert_eq!(documents(bomb).unwrap_err(), "line 2: YAML aliases are not read");
        let deep = format!("{}1{}", "[".repeat(40), "]".repeat(40));
        assert!(documents(&deep).unwrap_err().contains("nested deeper than 32"), "{:?}", documents(&deep));
        let broken = "session_id: a\nmetrics: [1, 2\n";
        assert!(documents(broken).unwrap_err().contains("line"), "{:?}", documents(broken));
    }
}
