//! Session-metrics log entries (seed 002): YAML (one entry per document, or a list) or
//! JSON (one entry, a list, `{"sessions": [...]}`, or one entry per line). Each entry
//! keeps the figures it gives; a slop ratio or test pass rate it leaves out is worked
//! out from its own lines and tests by the seed's formulas.

use serde_json::Value;

use super::fields::Record;
use super::yaml;
use super::Records;
use crate::model::keys::stable_hash;
use crate::model::{Diagnostic, LoggedMetrics, LoggedSession, SkipReason};

/// The records of a log; an error when not one entry could be read from it.
pub(super) fn read(text: &str, path: &str, person: &str) -> Result<Records, String> {
    let trimmed = text.trim_start();
    let entries = if trimmed.starts_with('{') || trimmed.starts_with('[') { json_entries(text, path)? } else { yaml_entries(text, path)? };
    let mut records = Records { diagnostics: entries.diagnostics, ..Records::default() };
    for (value, line) in &entries.values {
        let mut record = Record { value, path, line: *line, diagnostics: &mut records.diagnostics };
        if !value.is_object() {
            record.problem(SkipReason::NotAnObject, String::from("a log entry that is not a mapping"));
            continue;
        }
        if let Some(entry) = entry(&mut record, person) {
            records.external.logged.push(entry);
        }
    }
    if records.external.logged.is_empty() {
        let first = records.diagnostics.first().map(|d| format!(": line {}, {}", d.line, d.detail)).unwrap_or_default();
        return Err(format!("no readable entry{first}"));
    }
    Ok(records)
}

/// Entries of a file, each with the line it starts on, and the diagnostics of the parts
/// that did not parse.
struct Entries {
    values: Vec<(Value, u64)>,
    diagnostics: Vec<Diagnostic>,
}

fn json_entries(text: &str, path: &str) -> Result<Entries, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => {
            let list = match value {
                Value::Array(items) => items,
                Value::Object(mut object) => match object.remove("sessions") {
                    Some(Value::Array(items)) if !object.contains_key("session_id") => items,
                    Some(sessions) => {
                        object.insert(String::from("sessions"), sessions);
                        vec![Value::Object(object)]
                    }
                    None => vec![Value::Object(object)],
                },
                other => vec![other],
            };
            // A JSON value has no line of its own: each entry is placed at its id's line.
            let mut from = 0;
            let values = list
                .into_iter()
                .map(|entry| {
                    let (line, after) = super::fields::line_of(text, "\"session_id\"", from);
                    from = after;
                    (entry, line)
                })
                .collect();
            Ok(Entries { values, diagnostics: Vec::new() })
        }
        Err(whole_error) => {
            // One entry per line?
            let mut entries = Entries { values: Vec::new(), diagnostics: Vec::new() };
            for (index, line) in text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
                let number = index as u64 + 1;
                match serde_json::from_str::<Value>(line) {
                    Ok(value) => entries.values.push((value, number)),
                    Err(error) => {
                        entries.diagnostics.push(Diagnostic { file: path.to_owned(), line: number, reason: SkipReason::InvalidJson, detail: error.to_string() })
                    }
                }
            }
            if entries.values.is_empty() {
                return Err(format!("invalid JSON: {whole_error}"));
            }
            Ok(entries)
        }
    }
}

/// YAML documents, each parsed on its own so that a broken one loses only itself.
fn yaml_entries(text: &str, path: &str) -> Result<Entries, String> {
    let mut entries = Entries { values: Vec::new(), diagnostics: Vec::new() };
    let mut first_error = None;
    for (start_line, document) in yaml_documents(text) {
        match yaml::documents(document) {
            Ok(parsed) => {
                for parsed in parsed {
                    let lines = parsed.entry_lines.iter().map(|line| start_line + line - 1);
                    match parsed.value {
                        Value::Array(items) => entries.values.extend(items.into_iter().zip(lines)),
                        Value::Null => {}
                        value => entries.values.push((value, lines.take(1).next().unwrap_or(start_line))),
                    }
                }
            }
            Err(error) => {
                let line = error_line(&error).map_or(start_line, |line| start_line + line - 1);
                first_error.get_or_insert_with(|| format!("invalid YAML at line {line}: {error}"));
                entries.diagnostics.push(Diagnostic { file: path.to_owned(), line, reason: SkipReason::InvalidYaml, detail: error });
            }
        }
    }
    match first_error {
        Some(error) if entries.values.is_empty() => Err(error),
        _ => Ok(entries),
    }
}

/// The line number a YAML error names (`line N`), within its document.
fn error_line(error: &str) -> Option<u64> {
    let at = error.find("line ")? + "line ".len();
    let digits: String = error[at..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// A YAML stream cut at its `---` lines: each document's text and its first line.
fn yaml_documents(text: &str) -> Vec<(u64, &str)> {
    let mut documents = Vec::new();
    let mut start = 0;
    let mut start_line = 1;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let content = line.trim_end();
        if content == "---" || content.starts_with("--- ") {
            if offset > start {
                documents.push((start_line, &text[start..offset]));
            }
            start = offset + line.len();
            start_line = index as u64 + 2;
        }
        offset += line.len();
    }
    if text.len() > start {
        documents.push((start_line, &text[start..]));
    }
    documents
}

fn entry(record: &mut Record<'_>, person: &str) -> Option<LoggedSession> {
    let session_id = record.text(&["session_id"]);
    let start_text = record.text(&["start_time"]);
    if session_id.is_empty() && start_text.is_empty() {
        record.problem(SkipReason::WrongFieldType, String::from("a log entry with neither session_id nor start_time"));
        return None;
    }
    let project = record.first_text(&[&["project_name"], &["project"]]);
    let count = |record: &mut Record<'_>, key: &str| record.count(&["metrics", key]);
    let mut metrics = LoggedMetrics {
        tokens_in: count(record, "tokens_in"),
        tokens_out: count(record, "tokens_out"),
        cost_usd: record.amount_usd(&["metrics", "cost_usd"]),
        loc_generated: count(record, "loc_generated"),
        loc_accepted: count(record, "loc_accepted"),
        loc_discarded: count(record, "loc_discarded"),
        loc_corrected: count(record, "loc_corrected"),
        commits: count(record, "commits"),
        tests_passed: count(record, "tests_passed"),
        tests_failed: count(record, "tests_failed"),
        slop_signal_ratio: record.ratio(&["metrics", "slop_signal_ratio"]),
        test_pass_rate: record.rate(&["metrics", "test_pass_rate"]),
    };
    if metrics.slop_signal_ratio.is_none() {
        if let Some(accepted) = metrics.loc_accepted.filter(|accepted| *accepted > 0) {
            let slop = metrics.loc_discarded.unwrap_or(0) + metrics.loc_corrected.unwrap_or(0);
            metrics.slop_signal_ratio = (metrics.loc_discarded.is_some() || metrics.loc_corrected.is_some()).then(|| slop as f64 / accepted as f64);
        }
    }
    if metrics.test_pass_rate.is_none() {
        if let (Some(passed), Some(failed)) = (metrics.tests_passed, metrics.tests_failed) {
            metrics.test_pass_rate = (passed + failed > 0).then(|| passed as f64 / (passed + failed) as f64);
        }
    }
    Some(LoggedSession {
        key: stable_hash(&[session_id.as_bytes(), start_text.as_bytes(), project.as_bytes()]),
        person: person.to_owned(),
        session_type: record.text(&["type"]),
        model: record.text(&["model"]),
        branch: record.text(&["branch"]),
        start_ms: record.time_ms(&["start_time"]),
        end_ms: record.time_ms(&["end_time"]),
        task_ids: record.texts(&["task_ids"]),
        metrics,
        classification: record.text(&["classification"]),
        outcome: record.text(&["outcome"]),
        notes: record.text(&["notes"]),
        session_id,
        project,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entry of seed 002's "Session Log Format", as a log would hold it.
    const SEED_ENTRY: &str = r#"# docs/metrics/sessions.yaml
---
session_id: "2025-01-15-abc123"
type: agentic
model: claude-opus-4-5
project_name: "my-project"
branch: "feature/xyz"
start_time: "2025-01-15T10:00:00Z"
end_time: "2025-01-15T12:30:00Z"
task_ids: [TASK-001]
metrics:
  tokens_in: 45000
  tokens_out: 12000
  cost_usd: 0.85
  loc_generated: 450
  loc_accepted: 380
  loc_discarded: 50
  loc_corrected: 20
  commits: 8
  tests_passed: 47
  tests_failed: 2
  slop_signal_ratio: 0.18
  test_pass_rate: 95.9
classification: production
outcome: success
notes: "Brief description"
"#;

    #[test]
    fn the_seed_s_entry_with_every_figure() {
        let records = read(SEED_ENTRY, "sessions.yaml", "ana").unwrap();
        assert!(records.diagnostics.is_empty(), "{:?}", records.diagnostics);
        let entry = &records.external.logged[0];
        assert_eq!((entry.session_id.as_str(), entry.project.as_str(), entry.classification.as_str()), ("2025-01-15-abc123", "my-project", "production"));
        assert_eq!(entry.start_ms, Some(1_736_935_200_000));
        assert_eq!(entry.end_ms, Some(1_736_935_200_000 + 150 * 60_000));
        assert_eq!(entry.task_ids, vec!["TASK-001"]);
        let metrics = &entry.metrics;
        assert_eq!((metrics.loc_accepted, metrics.loc_discarded, metrics.loc_corrected, metrics.commits), (Some(380), Some(50), Some(20), Some(8)));
        assert_eq!(metrics.slop_signal_ratio, Some(0.18));
        assert!(metrics.test_pass_rate.is_some_and(|rate| (rate - 0.959).abs() < 1e-12), "95.9 % as 0..1");
        assert_eq!(metrics.cost_usd, Some(0.85));
    }

    #[test]
    fn missing_ratios_come_from_the_entry_s_own_figures() {
        let text = "- session_id: a\n  metrics:\n    loc_accepted: 380\n    loc_discarded: 50\n    loc_corrected: 20\n    tests_passed: 47\n    tests_failed: 2\n- session_id: b\n  metrics:\n    loc_accepted: 10\n";
        let records = read(text, "log.yaml", "ana").unwrap();
        let metrics: Vec<(Option<f64>, Option<f64>)> =
            records.external.logged.iter().map(|e| (e.metrics.slop_signal_ratio, e.metrics.test_pass_rate)).collect();
        // The seed's example: (50 + 20) / 380; 47 / 49.
        assert_eq!(metrics, vec![(Some(70.0 / 380.0), Some(47.0 / 49.0)), (None, None)]);
    }

    #[test]
    fn json_forms_and_bad_parts_counted_with_their_lines() {
        let list = "[\n {\"session_id\": \"a\", \"metrics\": {\"loc_accepted\": 3}},\n {\"session_id\": \"b\", \"start_time\": \"yesterday\", \"metrics\": {\"tokens_in\": \"many\"}}\n]";
        let records = read(list, "log.json", "ana").unwrap();
        assert_eq!(records.external.logged.len(), 2);
        let problems: Vec<(u64, SkipReason)> = records.diagnostics.iter().map(|d| (d.line, d.reason)).collect();
        assert_eq!(problems, vec![(3, SkipReason::WrongFieldType), (3, SkipReason::BadTimestamp)]);
        let lines = "{\"session_id\": \"a\", \"metrics\": {\"tokens_in\": 1}}\n{\"session_id\": \"b\", \"metr\n{\"session_id\": \"c\", \"metrics\": {}}\n";
        let records = read(lines, "log.jsonl", "ana").unwrap();
        let ids: Vec<&str> = records.external.logged.iter().map(|e| e.session_id.as_str()).collect();
        assert_eq!(ids, vec!["a", "c"]);
        assert_eq!(records.diagnostics.iter().map(|d| (d.line, d.reason)).collect::<Vec<_>>(), vec![(2, SkipReason::InvalidJson)]);
        let wrapped = "{\"sessions\": [{\"session_id\": \"x\", \"metrics\": {\"commits\": 2}}]}";
        assert_eq!(read(wrapped, "log.json", "ana").unwrap().external.logged[0].metrics.commits, Some(2));
        assert!(read("{\"session_id\": 5, \"metr", "log.json", "ana").unwrap_err().starts_with("invalid JSON"));
    }

    #[test]
    fn a_broken_yaml_document_loses_only_itself() {
        let text = "session_id: a\nmetrics:\n  tokens_in: 1\n---\nsession_id: b\nmetrics: [1, 2\n---\nsession_id: c\nmetrics:\n  tokens_in: 3\n";
        let records = read(text, "log.yaml", "ana").unwrap();
        let ids: Vec<&str> = records.external.logged.iter().map(|e| e.session_id.as_str()).collect();
        assert_eq!(ids, vec!["a", "c"]);
        assert_eq!(records.diagnostics.len(), 1);
        assert_eq!(records.diagnostics[0].reason, SkipReason::InvalidYaml);
        assert!((5..=7).contains(&records.diagnostics[0].line), "{:?}", records.diagnostics);
        assert!(read("session_id: [\n", "log.yaml", "ana").unwrap_err().starts_with("invalid YAML at line"));
    }
}
