//! Each deduplication rule (spec section 2), with a test named after the case it guards.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use crate::common::lines::{jsonl, user_prompt, Assistant};
use proptest::prelude::{Just, Strategy};
use session_lens::model::Dataset;
use session_lens::pricing::PriceTable;
use session_lens::transport::ingest_files;

fn ingest(files: &[(&str, String)]) -> Dataset {
    ingest_files(files.iter().map(|(path, text)| (*path, "me", text.as_bytes())), PriceTable::embedded())
}

fn output_tokens(dataset: &Dataset) -> Vec<u64> {
    dataset.requests.iter().map(|request| request.usage.output_tokens).collect()
}

#[test]
fn streamed_response_counts_once_with_its_largest_output() {
    // 1.0.x writes one line per content block; early lines carry partial output counts.
    let text = jsonl(&[
        Assistant { uuid: "a-1", output_tokens: 3, ..Assistant::default() }.line(),
        Assistant { uuid: "a-2", output_tokens: 480, ..Assistant::default() }.line(),
        Assistant { uuid: "a-3", output_tokens: 30, ..Assistant::default() }.line(),
    ]);
    assert_eq!(output_tokens(&ingest(&[("s.jsonl", text)])), [480]);
}

#[test]
fn same_message_id_under_different_request_ids_are_different_requests() {
    let text = jsonl(&[
        Assistant { uuid: "a-1", request_id: Some("req_1"), ..Assistant::default() }.line(),
        Assistant { uuid: "a-2", request_id: Some("req_2"), output_tokens: 20, ..Assistant::default() }.line(),
    ]);
    assert_eq!(output_tokens(&ingest(&[("s.jsonl", text)])), [10, 20]);
}

#[test]
fn lines_without_request_id_dedupe_on_message_id_alone() {
    let text = jsonl(&[
        Assistant { uuid: "a-1", request_id: None, output_tokens: 5, ..Assistant::default() }.line(),
        Assistant { uuid: "a-2", request_id: None, output_tokens: 50, ..Assistant::default() }.line(),
        Assistant { uuid: "a-3", request_id: None, message_id: "msg_2", ..Assistant::default() }.line(),
    ]);
    assert_eq!(output_tokens(&ingest(&[("s.jsonl", text)])), [50, 10]);
}

#[test]
fn resumed_session_copying_earlier_lines_counts_them_once() {
    let original = jsonl(&[user_prompt("u-1", "2025-09-03T09:59:00.000Z", "fix it"), Assistant { uuid: "a-1", ..Assistant::default() }.line()]);
    let resumed = jsonl(&[
        user_prompt("u-1", "2025-09-03T09:59:00.000Z", "fix it"),
        Assistant { uuid: "a-1", ..Assistant::default() }.line(),
        user_prompt("u-2", "2025-09-03T10:05:00.000Z", "and the test"),
        Assistant { uuid: "a-2", message_id: "msg_2", request_id: Some("req_2"), ..Assistant::default() }.line(),
    ]);
    let dataset = ingest(&[("one.jsonl", original), ("two.jsonl", resumed)]);
    assert_eq!(output_tokens(&dataset), [10, 10]);
    assert_eq!(dataset.events.len(), 4, "the copied prompt and answer are read once");
}

#[test]
fn dropping_the_same_folder_twice_changes_nothing() {
    let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
    let files = common::read_tree(&folder);
    let once = ingest_files(files.iter().map(|(p, b)| (p.as_str(), "me", b.as_slice())), PriceTable::embedded());
    let twice = ingest_files(files.iter().chain(&files).map(|(p, b)| (p.as_str(), "me", b.as_slice())), PriceTable::embedded());
    assert_eq!(once.requests, twice.requests);
    assert_eq!(once.events, twice.events);
    assert_eq!(once.conversations, twice.conversations);
}

#[test]
fn side_question_replaying_a_parent_message_keeps_the_parent_copy() {
    // `/btw` side questions log the parent's messages again as sidechain lines, with the
    // parent's message id under a new request id.
    let text = jsonl(&[
        Assistant { uuid: "a-1", output_tokens: 40, ..Assistant::default() }.line(),
        Assistant { uuid: "b-1", request_id: Some("req_btw"), is_sidechain: true, output_tokens: 40, ..Assistant::default() }.line(),
    ]);
    let dataset = ingest(&[("s.jsonl", text)]);
    assert_eq!(output_tokens(&dataset), [40]);
    assert!(!dataset.requests[0].is_sidechain);
}

#[test]
fn side_question_seen_before_its_parent_is_replaced_by_the_parent() {
    let text = jsonl(&[
        Assistant { uuid: "b-1", request_id: Some("req_btw"), is_sidechain: true, ..Assistant::default() }.line(),
        Assistant { uuid: "a-1", ..Assistant::default() }.line(),
    ]);
    let dataset = ingest(&[("s.jsonl", text)]);
    assert_eq!(dataset.requests.len(), 1);
    assert!(!dataset.requests[0].is_sidechain);
}

#[test]
fn subagent_usage_in_progress_lines_and_in_its_own_file_counts_once() {
    let nested = Assistant { uuid: "sub-1", message_id: "msg_sub", request_id: Some("req_sub"), is_sidechain: true, ..Assistant::default() };
    let progress = serde_json::json!({
        "type": "progress", "uuid": "p-1", "sessionId": "s-1", "timestamp": "2025-09-03T10:00:01.000Z",
        "data": {"type": "agent_progress", "message": serde_json::from_str::<serde_json::Value>(&nested.line()).expect("json")}
    })
    .to_string();
    let main = jsonl(&[Assistant::default().line(), progress]);
    let only_main = ingest(&[("s.jsonl", main.clone())]);
    assert_eq!(output_tokens(&only_main), [10, 10], "the nested subagent request is billed");
    let with_file = ingest(&[("s.jsonl", main), ("s/subagents/agent-x.jsonl", jsonl(&[nested.line()]))]);
    assert_eq!(with_file.requests, only_main.requests);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    #[test]
    fn dedupe_is_idempotent_in_any_file_order(
        order in Just((0..5usize).collect::<Vec<_>>()).prop_shuffle(),
        repeated in proptest::sample::subsequence((0..5usize).collect::<Vec<_>>(), 0..=5).prop_shuffle(),
        copies_elsewhere in proptest::bool::ANY,
        repeats_first in proptest::bool::ANY,
    ) {
        let folder = common::fixture("real/claude-code-viewer/projects/sample-project");
        let files = common::read_tree(&folder);
        proptest::prop_assert_eq!(files.len(), 5);
        let reference = ingest_files(files.iter().map(|(p, b)| (p.as_str(), "me", b.as_slice())), PriceTable::embedded());
        // Every file once in a shuffled order, and some again: as they are, or copied
        // under a differently named project folder; before or after the others.
        let once: Vec<(String, &[u8])> = order.iter().map(|i| (files[*i].0.clone(), files[*i].1.as_slice())).collect();
        let again: Vec<(String, &[u8])> = repeated
            .iter()
            .map(|i| {
                let (path, bytes) = &files[*i];
                let path = if copies_elsewhere { path.replace("sample-project", "sample-project-copy") } else { path.clone() };
                (path, bytes.as_slice())
            })
            .collect();
        let all: Vec<&(String, &[u8])> = if repeats_first { again.iter().chain(&once).collect() } else { once.iter().chain(&again).collect() };
        let loaded = ingest_files(all.iter().map(|(p, b)| (p.as_str(), "me", *b)), PriceTable::embedded());
        let total = |d: &Dataset| d.requests.iter().map(|r| r.usage.total_tokens()).sum::<u64>();
        let cost = |d: &Dataset| d.requests.iter().map(|r| r.cost_usd).sum::<f64>();
        proptest::prop_assert_eq!(total(&reference), total(&loaded));
        proptest::prop_assert_eq!(reference.requests.len(), loaded.requests.len());
        proptest::prop_assert_eq!(reference.events.len(), loaded.events.len());
        proptest::prop_assert!((cost(&reference) - cost(&loaded)).abs() < 1e-9);
    }
}
