//! Fuzz target: any bytes as a Codex rollout (the envelope, every payload kind, token
//! deltas and the replay rules), once and as a copy in `archived_sessions/`.
#![no_main]

#[path = "agent_files.rs"]
mod agent_files;
#[path = "checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    agent_files::run(
        data,
        "codex/sessions/2026/05/12/rollout-2026-05-12T08-00-00-019ed836-b1da-78f1-8a0c-e598363d10f4.jsonl",
        "codex/archived_sessions/rollout-2026-05-12T08-00-00-019ed836-b1da-78f1-8a0c-e598363d10f4.jsonl",
    );
});
