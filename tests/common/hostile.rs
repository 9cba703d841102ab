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

/// The session a line of [`corpus_line`] belongs to, by file.
fn corpus_session(file: &str) -> String {
    let digit = file.bytes().fold(0u32, |sum, byte| sum + u32::from(byte)) % 10;
    format!("{digit}{digit}{digit}{digit}0000-aaaa-4aaa-8aaa-{file:0>12.12}")
}

/// One hand-written line of a corpus file: a prompt (`kind` "user") or a reply
/// ("assistant") at `minute` past 09:00 on 2026-11-12, with `extra` fields merged in.
fn corpus_line(file: &str, kind: &str, minute: u32, extra: serde_json::Value) -> serde_json::Value {
    let session = corpus_session(file);
    let mut line = json!({"type": kind, "uuid": format!("{session}-{kind}-{minute}"), "sessionId": session, "cwd": "/home/x/app",
                          "timestamp": format!("2026-11-12T09:{minute:02}:00.000Z")});
    line["message"] = if kind == "user" {
        json!({"role": "user", "content": format!("prompt {minute}")})
    } else {
        json!({"id": format!("msg-{session}-{minute}"), "role": "assistant", "model": "claude-sonnet-4-20250514",
               "usage": {"input_tokens": 10, "output_tokens": 20}, "content": [{"type": "text", "text": "ok"}]})
    };
    if let (Some(line), Some(extra)) = (line.as_object_mut(), extra.as_object()) {
        for (key, value) in extra {
            line.insert(key.clone(), value.clone());
        }
    }
    line
}

fn text_of(lines: &[String]) -> Vec<u8> {
    lines.iter().flat_map(|line| format!("{line}\n").into_bytes()).collect()
}

/// The hostile corpus of the hardening issue, file by file (name, bytes): payloads in
/// every text field, right-to-left overrides, a 5 MB line, 10,000-level nesting, NaN and
/// Infinity literals, huge, negative and fractional numbers, years 0000, 1970 and 9999,
/// an empty, a binary and a Latin-1 file. Each file also holds good lines.
pub fn corpus_files() -> Vec<(String, Vec<u8>)> {
    let line = |file: &str, kind: &str, minute: u32, extra: serde_json::Value| corpus_line(file, kind, minute, extra).to_string();
    let good = |file: &str| vec![line(file, "user", 0, json!({})), line(file, "assistant", 1, json!({}))];
    let mut files = Vec::new();
    for (index, session) in ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"].iter().enumerate() {
        files.push((format!("{session}.jsonl"), session_lines(session, 10 + index as u32).into_bytes()));
    }

    let name = "bidi";
    let mut lines = good(name);
    let session = corpus_session(name);
    lines.push(json!({"type": "summary", "summary": "report\u{202e}fdp.exe", "leafUuid": format!("{session}-user-0")}).to_string());
    lines.push(line(name, "user", 2, json!({"gitBranch": "main\u{2066}evil\u{2069}", "message": {"role": "user", "content": "look at \u{202e}txt.exe"}})));
    files.push((format!("{name}.jsonl"), text_of(&lines)));

    let name = "huge-line";
    let mut lines = good(name);
    lines.push(line(name, "user", 2, json!({"message": {"role": "user", "content": "x".repeat(5 << 20)}})));
    lines.push(format!("{{\"type\":\"user\",\"junk\":\"{}", "y".repeat(5 << 20)));
    lines.push(line(name, "assistant", 3, json!({})));
    files.push((format!("{name}.jsonl"), text_of(&lines)));

    let name = "deep-nesting";
    let mut lines = good(name);
    let depth = 10_000;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    lines.push(line(name, "user", 2, json!({})).replace("\"prompt 2\"", &nested));
    let call = json!({"message": {"id": "msg-deep", "role": "assistant", "model": "claude-sonnet-4-20250514", "usage": {"input_tokens": 10, "output_tokens": 20},
                                  "content": [{"type": "tool_use", "id": "toolu-deep", "name": "Bash", "input": {"command": "NESTED"}}]}});
    lines.push(line(name, "assistant", 3, call).replace("\"NESTED\"", &nested));
    lines.push(format!("{{\"type\":\"user\",\"x\":{}", "{\"a\":".repeat(depth)));
    lines.push(line(name, "assistant", 4, json!({})));
    files.push((format!("{name}.jsonl"), text_of(&lines)));

    let name = "non-finite";
    let mut lines = good(name);
    for (minute, literal) in [(2, "NaN"), (3, "Infinity"), (4, "-Infinity")] {
        let text = line(name, "assistant", minute, json!({"costUSD": 0.5}));
        lines.push(text.replace("0.5", literal));
        let text = line(name, "assistant", minute + 10, json!({}));
        lines.push(text.replace("\"input_tokens\":10", &format!("\"input_tokens\":{literal}")));
    }
    files.push((format!("{name}.jsonl"), text_of(&lines)));

    let name = "absurd-numbers";
    let mut lines = good(name);
    let usage = |input: serde_json::Value| {
        json!({"message": {"id": format!("msg-{input}"), "role": "assistant", "model": "claude-sonnet-4-20250514",
        "usage": {"input_tokens": input, "output_tokens": 20}, "content": [{"type": "text", "text": "ok"}]}})
    };
    lines.push(line(name, "assistant", 2, json!({"costUSD": 1e308})));
    lines.push(line(name, "assistant", 3, json!({"costUSD": 1e308})));
    lines.push(line(name, "assistant", 4, json!({"costUSD": -1000.0})));
    lines.push(line(name, "assistant", 5, usage(json!(u64::MAX))));
    lines.push(line(name, "assistant", 6, usage(json!(-5))));
    lines.push(line(name, "assistant", 7, usage(json!(3.7))));
    lines.push(line(name, "assistant", 8, usage(json!(1e300))));
    files.push((format!("{name}.jsonl"), text_of(&lines)));

    let name = "absurd-years";
    let mut lines = good(name);
    for (minute, year) in [(2, "0000"), (3, "1970"), (4, "9999")] {
        lines.push(line(name, "assistant", minute, json!({"timestamp": format!("{year}-01-01T00:00:00.000Z")})));
    }
    files.push((format!("{name}.jsonl"), text_of(&lines)));

    files.push((String::from("empty.jsonl"), Vec::new()));
    let binary: Vec<u8> = (0..4096u32).map(|index| (index.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    files.push((String::from("binary.jsonl"), binary));
    let name = "latin1";
    let mut bytes = text_of(&good(name));
    bytes.extend_from_slice(
        &line(name, "user", 2, json!({"message": {"role": "user", "content": "caf_"}}))
            .into_bytes()
            .iter()
            .map(|b| if *b == b'_' { 0xe9 } else { *b })
            .collect::<Vec<u8>>(),
    );
    bytes.push(b'\n');
    files.push((format!("{name}.jsonl"), bytes));
    files
}

/// [`corpus_files`] written as one project folder under a fresh temporary directory.
pub fn write_corpus(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("session-lens-hostile-corpus-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let project = dir.join("projects").join("-home-x-app");
    std::fs::create_dir_all(&project).expect("folder");
    for (file, bytes) in corpus_files() {
        std::fs::write(project.join(file), bytes).expect("write");
    }
    dir
}
