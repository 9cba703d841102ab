//! Every Claude Code folder layout lands in the right conversation: 1.0.x inline
//! sidechains, 2.0.x `agent-*.jsonl` beside the sessions, 2.1.x
//! `<session>/subagents/agent-*.jsonl`, nested folders, summary-only files.
#![cfg(not(target_arch = "wasm32"))]

use crate::common;
use session_lens::model::{Dataset, FileOutcome};
use session_lens::pricing::PriceTable;
use session_lens::transport::ingest_files;

fn conversation_of<'a>(dataset: &'a Dataset, key: &str) -> Option<&'a session_lens::model::Conversation> {
    dataset.conversations.iter().find(|conversation| conversation.session_key == key)
}

#[test]
fn subagent_files_of_2_1_join_their_parent_session_as_sidechain() {
    let dataset = common::ingest_tree(&common::fixture("real/agent-sessions/claude/subagent"), "me");
    let parent = "0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f";
    assert_eq!(dataset.conversations.len(), 1, "{:?}", dataset.conversations.iter().map(|c| &c.session_key).collect::<Vec<_>>());
    assert!(conversation_of(&dataset, parent).is_some());
    assert!(dataset.events.iter().any(|event| event.is_sidechain), "the subagent's lines are sidechain");
    let skipped: Vec<&str> = dataset.skipped_files().map(|file| file.path.as_str()).collect();
    assert!(skipped.len() == 1 && skipped[0].ends_with(".meta.json"), "{skipped:?}");
}

#[test]
fn agent_files_of_2_0_carry_the_parent_session_id() {
    let dataset = common::ingest_tree(&common::fixture("real/claude-code-viewer/projects/sample-project"), "me");
    // agent-test-hash-*.jsonl name the 5c0375b4 session in their lines.
    assert_eq!(dataset.conversations.len(), 3);
    assert!(dataset.files.iter().all(|file| matches!(file.outcome, FileOutcome::Read { .. })));
}

#[test]
fn inline_sidechains_of_1_0_stay_in_their_conversation() {
    let dataset = common::ingest_tree(&common::fixture("real/claude-code-viewer/projects/sample-project"), "me");
    let conversation = conversation_of(&dataset, "fe5e1c67-53e7-4862-81ae-d0e013e3270b").expect("session");
    let id = dataset.conversations.iter().position(|c| std::ptr::eq(c, conversation)).expect("index");
    let sidechain = dataset.events.iter().filter(|e| e.conversation.0 as usize == id && e.is_sidechain).count();
    assert!(sidechain > 100, "{sidechain} sidechain events");
}

#[test]
fn a_summary_line_titles_the_conversation_its_leaf_belongs_to() {
    // fe5e1c67's first line is a summary whose leafUuid is a line of the earlier /init
    // session 1af7fc5e (replayed in fe5e1c67 too): the title belongs to 1af7fc5e.
    let dataset = common::ingest_tree(&common::fixture("real/claude-code-viewer/projects/sample-project"), "me");
    let init = conversation_of(&dataset, "1af7fc5e-8455-4414-9ccd-011d40f70b2a").expect("session");
    assert_eq!(init.title.as_deref(), Some("Empty Repo Setup: CLAUDE.md Foundation Created"));
}

#[test]
fn a_summary_only_file_titles_a_conversation_in_another_file() {
    let session = r#"{"type":"user","uuid":"u-1","sessionId":"s-9","timestamp":"2025-01-01T00:00:00Z","message":{"role":"user","content":"hi"}}"#;
    let summary = r#"{"type":"summary","summary":"Fix the login bug","leafUuid":"u-1"}"#;
    let dataset = ingest_files([("a/deep/nested/s-9.jsonl", "me", session.as_bytes()), ("a/summary.jsonl", "me", summary.as_bytes())], PriceTable::embedded());
    assert_eq!(conversation_of(&dataset, "s-9").and_then(|c| c.title.as_deref()), Some("Fix the login bug"));
    assert!(dataset.files.iter().all(|file| matches!(file.outcome, FileOutcome::Read { .. })));
}

#[test]
fn one_file_with_several_session_ids_makes_several_conversations() {
    let line = |session: &str, uuid: &str| {
        format!(r#"{{"type":"user","uuid":"{uuid}","sessionId":"{session}","timestamp":"2025-01-01T00:00:00Z","message":{{"role":"user","content":"hi"}}}}"#)
    };
    let text = [line("s-1", "a"), line("s-2", "b"), line("s-1", "c")].join("\n");
    let dataset = ingest_files([("mixed.jsonl", "me", text.as_bytes())], PriceTable::embedded());
    assert_eq!(dataset.conversations.len(), 2);
}
