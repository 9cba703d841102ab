//! Gemini CLI chats: the JSONL rules one by one (a record replacing an earlier one with
//! its id, `$set`, `$rewindTo`), subagent chats joining their parent, the same chat as
//! legacy JSON and as JSONL counted once, and the events of a real chat.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use session_lens::model::{Agent, Dataset, EventKind, SkipReason};
use session_lens::pricing::PriceTable;
use session_lens::transport::ingest_files;

const HEADER: &str = r#"{"sessionId":"s-1","projectHash":"abc","startTime":"2026-04-29T21:39:22.319Z","lastUpdated":"2026-04-29T21:39:22.319Z","kind":"main"}"#;

fn user(id: &str, second: u32, text: &str) -> String {
    format!(r#"{{"id":"{id}","timestamp":"2026-04-29T21:40:{second:02}.000Z","type":"user","content":[{{"text":"{text}"}}]}}"#)
}

fn reply(id: &str, second: u32, input: u64, output: u64) -> String {
    format!(
        r#"{{"id":"{id}","timestamp":"2026-04-29T21:40:{second:02}.000Z","type":"gemini","content":"ok","model":"gemini-2.5-flash","tokens":{{"input":{input},"output":{output},"cached":0,"thoughts":0,"tool":0,"total":{}}}}}"#,
        input + output
    )
}

fn read(files: &[(&str, String)]) -> Dataset {
    ingest_files(files.iter().map(|(path, text)| (*path, "me", text.as_bytes())), PriceTable::embedded())
}

fn total_tokens(dataset: &Dataset) -> u64 {
    dataset.requests.iter().map(|request| request.usage.total_tokens()).sum()
}

fn prompts(dataset: &Dataset) -> usize {
    dataset.events.iter().filter(|event| matches!(event.kind, EventKind::HumanPrompt { .. })).count()
}

/// Found by the fuzzer: counts near 2^64 overflowed the check for a reply with any
/// tokens before their range was checked. The reply is read without usage, counted as
/// out of range; the other reply stays.
#[test]
fn a_reply_with_counts_near_two_to_the_64_is_read_without_usage() {
    let huge = r#"{"id":"g1","timestamp":"2026-04-29T21:40:02.000Z","type":"gemini","content":"ok","model":"gemini-2.5-flash","tokens":{"input":18446744073709551615,"output":10,"cached":0,"thoughts":1,"tool":1}}"#;
    let lines = [HEADER.to_owned(), user("u1", 1, "hi"), huge.to_owned(), reply("g2", 3, 100, 10)];
    let dataset = read(&[("chats/session-a.jsonl", lines.join("\n"))]);
    assert_eq!(total_tokens(&dataset), 110);
    assert_eq!(dataset.diagnostics.counts.get(&SkipReason::ValueOutOfRange), Some(&1), "{:?}", dataset.diagnostics.kept);
}

#[test]
fn a_record_with_a_known_id_replaces_the_earlier_one() {
    let lines = [HEADER.to_owned(), user("u1", 1, "hi"), reply("g1", 2, 100, 10), reply("g1", 2, 100, 40)];
    let dataset = read(&[("chats/session-a.jsonl", lines.join("\n"))]);
    assert_eq!(total_tokens(&dataset), 140);
    assert_eq!(dataset.requests.len(), 1);
}

#[test]
fn rewind_drops_the_message_and_everything_after_it() {
    let lines = [
        HEADER.to_owned(),
        user("u1", 1, "first"),
        reply("g1", 2, 100, 10),
        user("u2", 3, "second"),
        reply("g2", 4, 200, 20),
        r#"{"$rewindTo":"u2"}"#.to_owned(),
        r#"{"$set":{"lastUpdated":"2026-04-29T21:41:00.000Z","summary":"Say hello"}}"#.to_owned(),
        user("u3", 5, "second, again"),
        reply("g3", 6, 300, 30),
    ];
    let dataset = read(&[("chats/session-a.jsonl", lines.join("\n"))]);
    assert_eq!(total_tokens(&dataset), 110 + 330);
    assert_eq!(prompts(&dataset), 2);
    assert_eq!(dataset.conversations[0].title.as_deref(), Some("Say hello"));
}

#[test]
fn a_subagent_chat_joins_its_parent_as_a_sidechain() {
    let parent = [HEADER.to_owned(), user("u1", 1, "hi"), reply("g1", 2, 100, 10)].join("\n");
    let child_header = r#"{"sessionId":"child-9","projectHash":"abc","startTime":"2026-04-29T21:40:03.000Z","kind":"subagent"}"#;
    let child = [child_header.to_owned(), user("c1", 3, "task"), reply("c2", 4, 50, 5)].join("\n");
    let dataset = read(&[("tmp/app/chats/session-a.jsonl", parent), ("tmp/app/chats/s-1/child-9.jsonl", child)]);
    assert_eq!(dataset.conversations.len(), 1);
    assert_eq!(dataset.conversations[0].project_path, "app");
    let mut requests: Vec<_> = dataset.requests.iter().collect();
    requests.sort_by_key(|request| request.timestamp_ms);
    let sidechain: Vec<bool> = requests.iter().map(|request| request.is_sidechain).collect();
    assert_eq!(sidechain, [false, true], "the parent's request, then the subagent's");
}

#[test]
fn the_same_chat_as_json_and_as_jsonl_counts_once() {
    let legacy = format!(
        "{{\n  \"sessionId\": \"s-1\",\n  \"projectHash\": \"abc\",\n  \"messages\": [\n    {},\n    {}\n  ]\n}}\n",
        user("u1", 1, "hi"),
        reply("g1", 2, 100, 10)
    );
    let jsonl = [HEADER.to_owned(), user("u1", 1, "hi"), reply("g1", 2, 100, 10), user("u2", 3, "more"), reply("g2", 4, 10, 1)].join("\n");
    let dataset = read(&[("chats/session-a.json", legacy), ("chats/session-a.jsonl", jsonl)]);
    assert_eq!(total_tokens(&dataset), 121);
    assert_eq!(prompts(&dataset), 2);
    assert!(dataset.files.iter().all(|file| matches!(file.outcome, session_lens::model::FileOutcome::Read { agent: Agent::Gemini })));
}

#[test]
fn bad_lines_and_bad_messages_are_counted_with_their_line() {
    let lines =
        [HEADER.to_owned(), "{not json".to_owned(), user("u1", 1, "hi"), r#"{"id":"g1","timestamp":"yesterday","type":"gemini","content":"x"}"#.to_owned()];
    let dataset = read(&[("chats/session-a.jsonl", lines.join("\n"))]);
    let reasons: Vec<(u64, SkipReason)> = dataset.diagnostics.kept.iter().map(|d| (d.line, d.reason)).collect();
    assert_eq!(reasons, [(2, SkipReason::InvalidJson), (4, SkipReason::BadTimestamp)]);
    assert_eq!(prompts(&dataset), 1);
}

#[test]
fn a_real_chat_reads_its_prompt_calls_and_edits() {
    let path = "real/entireio-cli/ab/2b9748b105/0/full.jsonl";
    let text = std::fs::read_to_string(common::fixture(path)).expect("fixture");
    let dataset = read(&[("full.jsonl", text)]);
    assert_eq!(dataset.conversations.len(), 1);
    assert_eq!(dataset.conversations[0].agent, Agent::Gemini);
    let tools: Vec<&str> = dataset
        .events
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::ToolCall { tool, .. } => Some(dataset.text(*tool)),
            _ => None,
        })
        .collect();
    assert!(tools.contains(&"write_file") && tools.contains(&"run_shell_command"), "{tools:?}");
    let applied: u32 = dataset
        .events
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::ToolResult { applied: Some(lines), .. } => Some(lines.added),
            _ => None,
        })
        .sum();
    assert!(applied > 0);
    // One gemini message carries all-zero tokens: no request for it.
    assert!(dataset.requests.iter().all(|request| request.usage.total_tokens() > 0));
}
