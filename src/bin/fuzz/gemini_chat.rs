//! Fuzz target: any bytes as a Gemini CLI chat (legacy JSON or JSONL with upserts, `$set`
//! and `$rewindTo`), at a subagent's path and again as the main chat's copy.
#![no_main]

#[path = "agent_files.rs"]
mod agent_files;
#[path = "checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    agent_files::run(
        data,
        "gemini/tmp/app/chats/0a1b2c3d/session-2026-04-29T21-39-0a1b2c3d.jsonl",
        "gemini/tmp/app/chats/session-2026-04-29T21-39-0a1b2c3d.json",
    );
});
