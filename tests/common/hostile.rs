//! Transcripts whose every text field carries markup and script: prompts, titles,
//! project paths, branches, model ids, file names, slash commands, tool names. A page
//! or report that shows them must show them as text and run none of them. Each
//! payload that could run sets `window.__pwned`.

use serde_json::json;

pub const PAYLOADS: [&str; 6] = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=2\">",
    "\"><svg onload=window.__pwned=3>",
    "<iframe src=\"javascript:window.__pwned=4\"></iframe>",
    "javascript:window.__pwned=5",
    "</script><script>window.__pwned=6</script><!--",
];

/// A payload-laden session, as the lines of one file.
pub fn session_lines(session: &str, day: u32) -> String {
    let at = |minute: u32| format!("2026-11-{day:02}T10:{minute:02}:00.000Z");
    let cwd = format!("/home/{}/{}", PAYLOADS[0], PAYLOADS[1]);
    let file = format!("/home/x/{}evil\u{202e}sj.rs", PAYLOADS[3]);
    let lines = [
        json!({"type": "summary", "summary": format!("Title {}", PAYLOADS[1]), "leafUuid": format!("{session}-u1")}),
        json!({"type": "user", "uuid": format!("{session}-u1"), "sessionId": session, "cwd": cwd, "gitBranch": PAYLOADS[2],
               "timestamp": at(0), "message": {"role": "user", "content": format!("Please {} and {}", PAYLOADS[0], PAYLOADS[5])}}),
        json!({"type": "user", "uuid": format!("{session}-u2"), "sessionId": session, "cwd": cwd, "timestamp": at(1),
               "message": {"role": "user", "content": format!("<command-name>/{}</command-name>", PAYLOADS[4])}}),
        json!({"type": "assistant", "uuid": format!("{session}-a1"), "sessionId": session, "cwd": cwd, "timestamp": at(2), "requestId": format!("req-{session}"),
               "message": {"id": format!("msg-{session}"), "role": "assistant", "model": PAYLOADS[2],
                           "usage": {"input_tokens": 10, "output_tokens": 20, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0},
                           "content": [{"type": "text", "text": PAYLOADS[5]},
                                       {"type": "tool_use", "id": format!("toolu-{session}"), "name": format!("Edit{}", PAYLOADS[1]),
                                        "input": {"file_path": file, "old_string": "a", "new_string": "b\nc"}},
                                       {"type": "tool_use", "id": format!("toolu2-{session}"), "name": "Edit",
                                        "input": {"file_path": file, "old_string": "a", "new_string": "b\nc"}}]}}),
        json!({"type": "user", "uuid": format!("{session}-u3"), "sessionId": session, "cwd": cwd, "timestamp": at(3),
               "message": {"role": "user", "content": [{"type": "tool_result", "tool_use_id": format!("toolu-{session}"), "content": PAYLOADS[0]},
                                                        {"type": "tool_result", "tool_use_id": format!("toolu2-{session}"), "content": "ok"}]}}),
    ];
    lines.iter().map(|line| format!("{line}\n")).collect()
}

/// A folder of two hostile sessions, written under a fresh temporary directory.
pub fn write_folder(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("session-lens-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let project = dir.join("projects").join("-home-x");
    std::fs::create_dir_all(&project).expect("folder");
    for (index, session) in ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"].iter().enumerate() {
        std::fs::write(project.join(format!("{session}.jsonl")), session_lines(session, 10 + index as u32)).expect("write");
    }
    dir
}
