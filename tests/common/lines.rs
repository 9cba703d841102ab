//! Hand-built Claude Code lines for tests: only the fields the ingest reads.

use serde_json::json;

pub struct Assistant<'a> {
    pub uuid: &'a str,
    pub message_id: &'a str,
    pub request_id: Option<&'a str>,
    pub output_tokens: u64,
    pub is_sidechain: bool,
    pub timestamp: &'a str,
}

impl Default for Assistant<'_> {
    fn default() -> Self {
        Assistant { uuid: "a-1", message_id: "msg_1", request_id: Some("req_1"), output_tokens: 10, is_sidechain: false, timestamp: "2025-09-03T10:00:00.000Z" }
    }
}

impl Assistant<'_> {
    pub fn line(&self) -> String {
        let mut line = json!({
            "type": "assistant", "uuid": self.uuid, "sessionId": "s-1", "cwd": "/work/app",
            "timestamp": self.timestamp, "isSidechain": self.is_sidechain,
            "message": {"id": self.message_id, "model": "claude-sonnet-4-20250514", "role": "assistant",
                "content": [{"type": "text", "text": "ok"}],
                "usage": {"input_tokens": 5, "output_tokens": self.output_tokens,
                          "cache_creation_input_tokens": 100, "cache_read_input_tokens": 1000}}
        });
        if let Some(request_id) = self.request_id {
            line["requestId"] = json!(request_id);
        }
        line.to_string()
    }
}

pub fn user_prompt(uuid: &str, timestamp: &str, text: &str) -> String {
    json!({"type": "user", "uuid": uuid, "sessionId": "s-1", "cwd": "/work/app", "timestamp": timestamp,
           "message": {"role": "user", "content": text}})
    .to_string()
}

pub fn jsonl(lines: &[String]) -> String {
    lines.iter().map(|line| format!("{line}\n")).collect()
}
