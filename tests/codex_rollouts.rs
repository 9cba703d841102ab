//! Codex rollouts: each dedupe rule on its own (fork replay, resumed copy, subagent
//! replay with and without its parent, re-emitted token events), and the events of a
//! real rollout (prompts, tool calls, errors, edits, compactions).
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use session_lens::model::{Agent, Dataset, EventKind, SkipReason, Target};
use session_lens::pricing::PriceTable;
use session_lens::transport::ingest_files;

fn meta(id: &str, extra: &str) -> String {
    format!(r#"{{"timestamp":"2026-05-12T08:00:00.000Z","type":"session_meta","payload":{{"id":"{id}","cwd":"/w/app","cli_version":"0.150.0"{extra}}}}}"#)
}

fn context(time: &str, model: &str) -> String {
    format!(r#"{{"timestamp":"{time}","type":"turn_context","payload":{{"model":"{model}"}}}}"#)
}

/// A token event with a running total of `total` input (a tenth of it cached) and
/// `output` output tokens.
fn tokens(time: &str, total: u64, output: u64) -> String {
    format!(
        r#"{{"timestamp":"{time}","type":"event_msg","payload":{{"type":"token_count","info":{{"total_token_usage":{{"input_tokens":{total},"cached_input_tokens":{},"output_tokens":{output},"reasoning_output_tokens":0,"total_tokens":{}}}}}}}}}"#,
        total / 10,
        total + output
    )
}

fn read(files: &[(&str, Vec<String>)]) -> Dataset {
    let texts: Vec<(String, String)> = files.iter().map(|(path, lines)| (path.to_string(), lines.join("\n") + "\n")).collect();
    ingest_files(texts.iter().map(|(path, text)| (path.as_str(), "me", text.as_bytes())), PriceTable::embedded())
}

fn total_tokens(dataset: &Dataset) -> u64 {
    dataset.requests.iter().map(|request| request.usage.total_tokens()).sum()
}

fn parent() -> Vec<String> {
    vec![
        meta("parent-1", ""),
        context("2026-05-12T08:00:01.000Z", "gpt-5.2"),
        tokens("2026-05-12T08:01:00.000Z", 1000, 200),
        tokens("2026-05-12T08:02:00.000Z", 3000, 500),
    ]
}

#[test]
fn a_fork_that_replays_with_the_original_times_adds_only_its_own_usage() {
    let mut fork = vec![meta("fork-1", r#","forked_from_id":"parent-1""#), meta("parent-1", "")];
    fork.extend(parent().into_iter().skip(1));
    fork.push(tokens("2026-05-12T09:00:00.000Z", 4000, 900));
    for files in [vec![("p.jsonl", parent()), ("f.jsonl", fork.clone())], vec![("f.jsonl", fork.clone()), ("p.jsonl", parent())]] {
        let dataset = read(&files);
        // Parent: 1000 + 200, then 2000 + 300; the fork's own: 1000 + 400.
        assert_eq!(total_tokens(&dataset), 1200 + 2300 + 1400);
        assert_eq!(dataset.requests.len(), 3);
    }
}

#[test]
fn the_same_rollout_in_sessions_and_archived_sessions_counts_once() {
    let mut grown = parent();
    grown.push(tokens("2026-05-12T08:03:00.000Z", 3500, 600));
    let dataset = read(&[("archived_sessions/rollout-a.jsonl", parent()), ("sessions/2026/05/12/rollout-a.jsonl", grown)]);
    assert_eq!(total_tokens(&dataset), 1200 + 2300 + 600);
    assert_eq!(dataset.conversations.len(), 1);
}

#[test]
fn a_token_event_written_twice_counts_once() {
    let mut lines = parent();
    lines.push(lines[3].clone());
    // Re-emitted with a last usage but the running total unchanged.
    lines.push(r#"{"timestamp":"2026-05-12T08:02:30.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":3000,"cached_input_tokens":300,"output_tokens":500,"reasoning_output_tokens":0,"total_tokens":3500},"last_token_usage":{"input_tokens":2000,"cached_input_tokens":200,"output_tokens":300,"reasoning_output_tokens":0,"total_tokens":2300}}}}"#.to_owned());
    assert_eq!(total_tokens(&read(&[("p.jsonl", lines)])), 3500);
}

fn subagent(replay_times: [&str; 2]) -> Vec<String> {
    let source = r#","source":{"subagent":{"thread_spawn":{"parent_thread_id":"parent-1","depth":1}}}"#;
    vec![
        meta("child-1", source),
        context("2026-05-12T08:05:00.000Z", "gpt-5.2"),
        tokens(replay_times[0], 1000, 200),
        tokens(replay_times[1], 3000, 500),
        tokens("2026-05-12T08:06:10.000Z", 3600, 650),
    ]
}

#[test]
fn a_subagent_s_replay_is_skipped_against_its_parent_and_joins_it_as_a_sidechain() {
    // Replayed at the spawn time, not the original times: only the sequence tells.
    let child = subagent(["2026-05-12T08:05:00.100Z", "2026-05-12T08:05:00.200Z"]);
    let dataset = read(&[("p.jsonl", parent()), ("c.jsonl", child)]);
    assert_eq!(total_tokens(&dataset), 1200 + 2300 + 750);
    assert_eq!(dataset.conversations.len(), 1, "the subagent joins its parent");
    let mut requests: Vec<_> = dataset.requests.iter().collect();
    requests.sort_by_key(|request| request.timestamp_ms);
    let sidechain: Vec<bool> = requests.iter().map(|request| request.is_sidechain).collect();
    assert_eq!(sidechain, [false, false, true], "the parent's two requests, then the child's own");
}

#[test]
fn without_its_parent_a_subagent_s_first_second_of_token_events_is_replay() {
    let child = subagent(["2026-05-12T08:05:00.100Z", "2026-05-12T08:05:00.200Z"]);
    assert_eq!(total_tokens(&read(&[("c.jsonl", child)])), 750);
    // Two token events in different seconds are the child's own work.
    let own = subagent(["2026-05-12T08:05:01.000Z", "2026-05-12T08:05:09.000Z"]);
    assert_eq!(total_tokens(&read(&[("c.jsonl", own)])), 1200 + 2300 + 750);
    // A child with a single token event, held back to the end of its file, still counts it.
    let single = subagent(["2026-05-12T08:05:01.000Z", "2026-05-12T08:05:09.000Z"])[..3].to_vec();
    assert_eq!(total_tokens(&read(&[("c.jsonl", single)])), 1200);
}

#[test]
fn a_real_rollout_reads_prompts_calls_errors_edits_and_its_model() {
    let dataset = read(&[(
        "full.jsonl",
        std::fs::read_to_string(common::fixture("real/agentv/a3/92ff332928/0/full.jsonl")).expect("fixture").lines().map(str::to_owned).collect(),
    )]);
    assert_eq!(dataset.conversations.len(), 1);
    let conversation = &dataset.conversations[0];
    assert_eq!((conversation.agent, conversation.session_key.as_str()), (Agent::Codex, "019ed836-b1da-78f1-8a0c-e598363d10f4"));
    assert_eq!(conversation.project_path, "/home/entity/projects/EntityProcess/agentv");
    let count = |test: &dyn Fn(&EventKind) -> bool| dataset.events.iter().filter(|event| test(&event.kind)).count();
    // Two `user_message` events; the injected AGENTS.md and permissions text is not a prompt.
    assert_eq!(count(&|kind| matches!(kind, EventKind::HumanPrompt { .. })), 2);
    // 22 function calls and one apply_patch; 20 + 1 outputs (two calls have none).
    assert_eq!(count(&|kind| matches!(kind, EventKind::ToolCall { .. })), 23);
    assert_eq!(count(&|kind| matches!(kind, EventKind::ToolResult { .. })), 21);
    let patch = dataset.events.iter().find_map(|event| match &event.kind {
        EventKind::ToolCall { target: Some(Target::File(file)), proposed, .. } => Some((dataset.text(*file).to_owned(), *proposed)),
        _ => None,
    });
    let (file, proposed) = patch.expect("the patch call");
    assert!(file.ends_with(".github/plugin/marketplace.json"), "{file}");
    assert!(proposed.expect("line counts").removed > 0);
    let applied = dataset.events.iter().find_map(|event| match &event.kind {
        EventKind::ToolResult { applied: Some(lines), .. } => Some(*lines),
        _ => None,
    });
    assert!(applied.expect("patch_apply_end's changes").removed > 0);
    assert!(dataset.requests.iter().all(|request| dataset.text(request.model) == "gpt-5.4"));
    assert_eq!(dataset.requests.len(), 10);
    // Each call is billed to the token event after it (the model call that made it), so
    // an edited file has a cost; the file's last two calls (lines 91 and 92) come after
    // its last token event (line 87).
    let billed: Vec<Option<u32>> = dataset
        .events
        .iter()
        .filter_map(|event| match event.kind {
            EventKind::ToolCall { request, .. } => Some(request),
            _ => None,
        })
        .collect();
    assert_eq!(billed.iter().filter(|request| request.is_some()).count(), 21, "{billed:?}");
    assert_eq!(billed[21..], [None, None]);
}

#[test]
fn a_failed_command_is_an_error_and_bad_timestamps_are_counted_with_their_line() {
    let lines = vec![
        meta("s-1", ""),
        r#"{"timestamp":"2026-05-12T08:00:02.000Z","type":"response_item","payload":{"type":"function_call","name":"exec_command","arguments":"{\"cmd\":\"cargo test\"}","call_id":"c1"}}"#.to_owned(),
        r#"{"timestamp":"2026-05-12T08:00:03.000Z","type":"response_item","payload":{"type":"function_call_output","call_id":"c1","output":"Chunk ID: 1\nWall time: 1 seconds\nProcess exited with code 101\nOutput:\ntest result: FAILED. 3 passed; 1 failed; 0 ignored"}}"#.to_owned(),
        r#"{"timestamp":"[trimmed]","type":"event_msg","payload":{"type":"user_message","message":"hi"}}"#.to_owned(),
        r#"{"timestamp":"2026-05-12T08:00:04.000Z","type":"event_msg","payload":{"type":"turn_aborted","reason":"interrupted"}}"#.to_owned(),
        r#"{"timestamp":"2026-05-12T08:00:05.000Z","type":"event_msg","payload":{"type":"thread_name_updated","thread_name":"Fix the tests"}}"#.to_owned(),
        r#"{"timestamp":"2026-05-12T08:00:06.000Z","type":"event_msg","payload":"#.to_owned(),
    ];
    let dataset = read(&[("s.jsonl", lines)]);
    let result = dataset.events.iter().find_map(|event| match &event.kind {
        EventKind::ToolResult { is_error, check, .. } => Some((*is_error, *check)),
        _ => None,
    });
    let (is_error, check) = result.expect("the result");
    assert!(is_error);
    let run = &dataset.checks[check.expect("a test run").index()];
    assert_eq!(run.counts.map(|counts| (counts.passed, counts.failed)), Some((3, 1)));
    assert!(dataset.events.iter().any(|event| matches!(event.kind, EventKind::Interruption)));
    assert_eq!(dataset.conversations[0].title.as_deref(), Some("Fix the tests"));
    let reasons: Vec<(u64, SkipReason)> = dataset.diagnostics.kept.iter().map(|d| (d.line, d.reason)).collect();
    assert_eq!(reasons, [(4, SkipReason::BadTimestamp), (7, SkipReason::InvalidJson)]);
}

/// Codex ≥ 0.137 recompresses idle rollouts in place (`rollout-*.jsonl.zst`): read as
/// the plain file is, small or large; a tiny gzip or zstd file (under the 8 KB the
/// format is told from) too.
#[test]
fn zstd_rollouts_read_as_their_plain_text() {
    let text = std::fs::read(common::fixture("real/agentv/00/34f597b72d/1/full.jsonl")).expect("fixture");
    let tiny = (parent().join("\n") + "\n").into_bytes();
    for plain in [text, tiny] {
        let zstd = ruzstd::encoding::compress_to_vec(plain.as_slice(), ruzstd::encoding::CompressionLevel::Fastest);
        let gzip = {
            use std::io::Write;
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(&plain).expect("compresses");
            encoder.finish().expect("finishes")
        };
        let of = |path: &str, bytes: &[u8]| ingest_files([(path, "me", bytes)], PriceTable::embedded());
        let expected = of("rollout.jsonl", &plain);
        assert!(total_tokens(&expected) > 0);
        for (path, bytes) in [("rollout.jsonl.zst", &zstd), ("rollout.jsonl.gz", &gzip)] {
            let dataset = of(path, bytes);
            assert_eq!((total_tokens(&dataset), dataset.events.len()), (total_tokens(&expected), expected.events.len()), "{path}");
        }
    }
}

/// Mid-2025 rollouts are flat: bare metadata first, then bare items and `record_type`
/// state lines, with no times of their own (placed at the session's start) and no token
/// events; the user's messages are the prompts (injected context excepted).
#[test]
fn a_legacy_flat_rollout_reads_its_prompt_and_calls() {
    let lines = vec![
        r#"{"id":"5973b6c0-94b8-487b-a530-2aeb6098ae0e","timestamp":"2025-07-01T10:00:00.000Z","instructions":null,"git":{"branch":"main"}}"#.to_owned(),
        r#"{"record_type":"state"}"#.to_owned(),
        r#"{"type":"message","role":"user","content":[{"type":"input_text","text":"<environment_context>cwd</environment_context>"}]}"#.to_owned(),
        r#"{"type":"message","role":"user","content":[{"type":"input_text","text":"fix the failing build"}]}"#.to_owned(),
        r#"{"type":"function_call","name":"shell","arguments":"{\"command\":[\"bash\",\"-lc\",\"cargo build\"]}","call_id":"c1"}"#.to_owned(),
        r#"{"type":"function_call_output","call_id":"c1","output":"{\"output\":\"error[E0425]\",\"metadata\":{\"exit_code\":101,\"duration_seconds\":1.2}}"}"#
            .to_owned(),
        r#"{"type":"message","role":"assistant","content":[{"type":"output_text","text":"The build fails on a missing name."}]}"#.to_owned(),
    ];
    let dataset = read(&[("sessions/rollout-2025-07-01-5973b6c0-94b8-487b-a530-2aeb6098ae0e.jsonl", lines)]);
    assert_eq!(dataset.diagnostics.skipped_lines(), 0, "{:?}", dataset.diagnostics.kept);
    assert_eq!(dataset.conversations.len(), 1);
    assert_eq!(dataset.conversations[0].session_key, "5973b6c0-94b8-487b-a530-2aeb6098ae0e");
    assert_eq!(dataset.conversations[0].git_branch, "main");
    let kinds: Vec<&str> = dataset
        .events
        .iter()
        .map(|event| match &event.kind {
            EventKind::HumanPrompt { .. } => "prompt",
            EventKind::ToolCall { target: Some(Target::Command(_)), .. } => "command",
            EventKind::ToolResult { is_error: true, check: Some(_), .. } => "failed build",
            EventKind::AgentMessage { .. } => "reply",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["prompt", "command", "failed build", "reply"]);
    let start_ms = 1_751_364_000_000;
    assert!(dataset.events.iter().all(|event| event.timestamp_ms == start_ms));
}
