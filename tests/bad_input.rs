//! Bad input never loses the good data: every bad line becomes a diagnostic naming file,
//! line and reason, counted per reason; files that are not transcripts are listed as
//! skipped with a reason; nothing panics, whatever the bytes.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use crate::common::lines::{jsonl, user_prompt, Assistant};
use session_lens::ingest::{Ingest, MAX_LINE_BYTES};
use session_lens::model::{Dataset, FileOutcome, SkipReason};
use session_lens::pricing::PriceTable;
use session_lens::transport::ingest_files;

fn ingest_one(path: &str, bytes: &[u8]) -> Dataset {
    ingest_files([(path, "me", bytes)], PriceTable::embedded())
}

fn good_lines() -> String {
    jsonl(&[user_prompt("u-1", "2025-09-03T09:59:00.000Z", "hello"), Assistant::default().line()])
}

/// Good lines around one bad line (at line 2): the good ones all count, the bad one is
/// one diagnostic with file, line and reason.
fn assert_bad_line_is_counted(bad_line: &[u8], reason: SkipReason) {
    let good = good_lines();
    let mut bytes = Vec::new();
    let (first, rest) = good.split_once('\n').expect("two lines");
    bytes.extend_from_slice(first.as_bytes());
    bytes.push(b'\n');
    bytes.extend_from_slice(bad_line);
    bytes.push(b'\n');
    bytes.extend_from_slice(rest.as_bytes());
    let dataset = ingest_one("p/s.jsonl", &bytes);
    assert_eq!(dataset.diagnostics.counts.get(&reason), Some(&1), "{:?}", dataset.diagnostics);
    assert_eq!(dataset.diagnostics.skipped_lines(), 1);
    let diagnostic = &dataset.diagnostics.kept[0];
    assert_eq!((diagnostic.file.as_str(), diagnostic.line), ("p/s.jsonl", 2));
    assert_eq!(dataset.requests.len(), 1, "the good assistant line still counts");
    assert_eq!(dataset.events.len(), 2);
}

#[test]
fn truncated_json_line() {
    assert_bad_line_is_counted(br#"{"type":"assistant","uuid":"x","message":{"id":"m","usa"#, SkipReason::InvalidJson);
}

#[test]
fn invalid_utf8_line() {
    assert_bad_line_is_counted(b"{\"type\":\"user\",\"text\":\"\xff\xfe\"}", SkipReason::InvalidUtf8);
}

#[test]
fn wrong_type_in_a_field() {
    let line = Assistant { uuid: "a-9", message_id: "msg_9", ..Assistant::default() }.line().replace("\"input_tokens\":5", "\"input_tokens\":\"12\"");
    assert_bad_line_is_counted(line.as_bytes(), SkipReason::WrongFieldType);
}

#[test]
fn missing_timestamp() {
    let line = user_prompt("u-9", "x", "hi").replace(",\"timestamp\":\"x\"", "");
    assert!(!line.contains("timestamp"));
    assert_bad_line_is_counted(line.as_bytes(), SkipReason::MissingTimestamp);
}

#[test]
fn unreadable_timestamp() {
    assert_bad_line_is_counted(user_prompt("u-9", "yesterday", "hi").as_bytes(), SkipReason::BadTimestamp);
}

#[test]
fn json_that_is_not_an_object() {
    assert_bad_line_is_counted(b"[1, 2, 3]", SkipReason::NotAnObject);
}

#[test]
fn fifty_megabyte_single_line() {
    let mut huge = Vec::with_capacity(50 << 20);
    huge.extend_from_slice(br#"{"type":"user","message":{"content":""#);
    huge.resize(50 << 20, b'a');
    huge.extend_from_slice(b"\"}}");
    assert!(huge.len() > MAX_LINE_BYTES);
    assert_bad_line_is_counted(&huge, SkipReason::LineTooLong);
}

#[test]
fn truncated_last_line_is_its_own_reason() {
    let mut bytes = good_lines().into_bytes();
    bytes.extend_from_slice(br#"{"type":"assistant","uuid":"a-7","mess"#);
    let dataset = ingest_one("s.jsonl", &bytes);
    assert_eq!(dataset.diagnostics.counts.get(&SkipReason::TruncatedLastLine), Some(&1));
    assert_eq!(dataset.diagnostics.kept[0].line, 3);
    assert_eq!(dataset.requests.len(), 1);
}

#[test]
fn unknown_line_types_are_metadata_not_errors() {
    let mut text = good_lines();
    text.push_str("{\"type\":\"frame-link\",\"sessionId\":\"s-1\",\"whatever\":[1,2]}\n{\"type\":\"relocated\"}\n");
    let dataset = ingest_one("s.jsonl", text.as_bytes());
    assert_eq!(dataset.diagnostics.skipped_lines(), 0);
    assert_eq!(dataset.requests.len(), 1);
}

fn skipped_reason(dataset: &Dataset) -> String {
    match &dataset.files[0].outcome {
        FileOutcome::Skipped { reason } => reason.to_string(),
        FileOutcome::Read { .. } => String::from("read"),
        FileOutcome::Imported { .. } => String::from("imported"),
        FileOutcome::Prices { .. } => String::from("prices"),
    }
}

#[test]
fn binary_file_is_skipped_with_its_reason() {
    let dataset = ingest_one("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00");
    assert!(skipped_reason(&dataset).contains("binary"), "{}", skipped_reason(&dataset));
    assert_eq!(dataset.diagnostics.skipped_lines(), 0);
}

#[test]
fn empty_file_is_skipped_as_empty() {
    assert_eq!(skipped_reason(&ingest_one("empty.jsonl", b"")), "empty file");
    assert_eq!(skipped_reason(&ingest_one("blank.jsonl", b"\n\n  \n")), "empty file");
}

#[test]
fn a_zip_cut_short_is_named_as_such() {
    let reason = skipped_reason(&ingest_one("projects.zip", b"PK\x03\x04\x14\x00\x00\x00"));
    assert_eq!(reason, "zip archive that could not be read: too short to be a zip archive");
}

#[test]
fn text_that_is_no_transcript_is_skipped() {
    let notes = "# notes\nsome text\n".repeat(30);
    assert_eq!(skipped_reason(&ingest_one("notes.md", notes.as_bytes())), "not a recognised transcript format");
    assert_eq!(skipped_reason(&ingest_one("meta.json", br#"{"checkpoint_id":"x","agent":"Claude Code"}"#)), "not a recognised transcript format");
}

#[test]
fn fixture_with_malformed_lines_keeps_every_good_line() {
    // claude-code-log's edge_cases.jsonl has a truncated line, a misspelt key and a
    // message that is a string.
    let dataset = common::ingest_tree(&common::fixture("real/claude-code-log"), "me");
    assert!(dataset.diagnostics.skipped_lines() >= 1, "{:?}", dataset.diagnostics.counts);
    assert!(dataset.diagnostics.kept.iter().all(|d| d.file.ends_with(".jsonl") && d.line > 0));
    assert_eq!(dataset.requests.len(), 3 + 6, "all usage lines of both files are read");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
    #[test]
    fn no_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600), split in 0usize..600) {
        let mut ingest = Ingest::new();
        ingest.begin_file("x.jsonl", bytes.len() as u64, "me");
        let split = split.min(bytes.len());
        ingest.feed(&bytes[..split]);
        ingest.feed(&bytes[split..]);
        let dataset = session_lens::transport::assemble_ingest(ingest, PriceTable::embedded());
        proptest::prop_assert_eq!(dataset.files.len(), 1);
    }

    #[test]
    fn no_panic_on_mangled_real_lines(cut in 0usize..4000, flip in 0usize..4000, byte in proptest::num::u8::ANY) {
        let mut bytes = std::fs::read(common::fixture("real/claude-code-sessions-fdp/hook-trace-stop-hook-error.jsonl")).expect("fixture");
        let flip = flip % bytes.len();
        bytes[flip] = byte;
        bytes.truncate(bytes.len() - cut % bytes.len());
        let dataset = ingest_one("x.jsonl", &bytes);
        proptest::prop_assert!(dataset.requests.len() <= 3);
    }
}

/// An assistant line with its usage and cost replaced (for the absurd-number cases).
fn assistant_with(uuid: &str, timestamp: &str, usage: serde_json::Value, cost_usd: Option<f64>) -> String {
    let mut line: serde_json::Value = serde_json::from_str(&Assistant { uuid, message_id: uuid, timestamp, ..Assistant::default() }.line()).expect("json");
    line["message"]["usage"] = usage;
    if let Some(cost_usd) = cost_usd {
        line["costUSD"] = serde_json::json!(cost_usd);
    }
    line.to_string()
}

/// Found when tried (hardening issue): costs of 1e308 summed to infinity and froze the
/// chart; -1000 showed as a negative cost; token counts near 2^64 wrapped; years 0000,
/// 1970 and 9999 made a bar for every day in between. Each number is checked where it is
/// read: the field is ignored (or the line, when its time is absurd) with a counted
/// diagnostic naming file and line; the rest of the data stays.
#[test]
fn absurd_numbers_are_turned_away_where_they_are_read() {
    let usage = serde_json::json!({"input_tokens": 5, "output_tokens": 10});
    let huge = serde_json::json!({"input_tokens": 18_446_744_073_709_551_615u64, "output_tokens": 10});
    let lines = jsonl(&[
        user_prompt("u-1", "2025-09-03T09:59:00.000Z", "hello"),
        assistant_with("a-1", "2025-09-03T10:00:00.000Z", usage.clone(), Some(1e308)),
        assistant_with("a-2", "2025-09-03T10:01:00.000Z", usage.clone(), Some(1e308)),
        assistant_with("a-3", "2025-09-03T10:02:00.000Z", usage.clone(), Some(-1000.0)),
        assistant_with("a-4", "2025-09-03T10:03:00.000Z", huge, None),
        assistant_with("a-5", "1970-01-01T00:00:00.000Z", usage.clone(), None),
        assistant_with("a-6", "9999-12-31T23:59:59.000Z", usage.clone(), None),
        assistant_with("a-7", "0000-01-01T00:00:00.000Z", usage, None),
    ]);
    let dataset = ingest_one("p/absurd.jsonl", lines.as_bytes());
    let counts = &dataset.diagnostics.counts;
    assert_eq!(counts.get(&SkipReason::ValueOutOfRange), Some(&4), "{:?}", dataset.diagnostics.kept);
    assert_eq!(counts.get(&SkipReason::BadTimestamp), Some(&3));
    let lines_named: Vec<u64> = dataset.diagnostics.kept.iter().map(|d| d.line).collect();
    assert_eq!(lines_named, [2, 3, 4, 5, 6, 7, 8]);
    // Three requests with their own usage, priced from the table (their costUSD ignored);
    // the one with an absurd count is read without usage.
    assert_eq!(dataset.requests.len(), 3);
    assert!(dataset.requests.iter().all(|r| r.cost_usd.is_finite() && r.cost_usd >= 0.0 && r.logged_cost_usd().is_none()));
    let summary = session_lens::viewmodel::dashboard::Dashboard::unfiltered(&dataset, &session_lens::metrics::Settings::default()).summary;
    assert_eq!(summary.tokens.total_tokens(), 45);
    assert!(summary.cost_usd.is_finite() && summary.cost_usd >= 0.0);
    let days = session_lens::viewmodel::dashboard::Dashboard::unfiltered(&dataset, &session_lens::metrics::Settings::default()).tables.days;
    assert_eq!(days.len(), 1, "one day, not the centuries between 0000 and 9999");
}
