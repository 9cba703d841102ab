//! Writes a demo session as a Gemini CLI chat in the append-only JSONL of 0.39 and later:
//! the metadata line, a record per message (prompts, responses with their tokens and
//! thoughts, tool calls with their status and result), and a `$set` with the title.

use serde_json::{json, Value};

use super::rng::Rng;
use super::writer::{iso_ms, Outcome, Transcript};

/// Context size at which the chat is compressed (`/compress`).
const COMPRESS_TOKENS: u64 = 300_000;

pub struct GeminiTranscript<'r> {
    rng: &'r mut Rng,
    clock_ms: i64,
    model: String,
    session_id: String,
    lines: Vec<String>,
    context_tokens: u64,
}

impl<'r> GeminiTranscript<'r> {
    pub fn new(rng: &'r mut Rng, start_ms: i64, cwd: &str, model: &str) -> Self {
        let session_id = rng.uuid();
        let project_hash = rng.token("", 64).to_lowercase();
        let mut transcript = GeminiTranscript { rng, clock_ms: start_ms, model: model.to_owned(), session_id, lines: Vec::new(), context_tokens: 8_000 };
        let start = transcript.timestamp();
        let header = json!({"sessionId": transcript.session_id, "projectHash": project_hash, "startTime": start, "lastUpdated": start, "kind": "main", "directories": [cwd]});
        transcript.lines.push(header.to_string());
        transcript
    }

    fn timestamp(&self) -> String {
        iso_ms(self.clock_ms)
    }

    fn message(&mut self, kind: &str, fields: Value) {
        let mut message = json!({"id": self.rng.uuid(), "timestamp": self.timestamp(), "type": kind});
        if let (Some(message), Value::Object(fields)) = (message.as_object_mut(), fields) {
            message.extend(fields);
        }
        self.lines.push(message.to_string());
    }

    /// A model response's `tokens` and `thoughts`.
    fn usage(&mut self, output_low: u64, output_high: u64) -> (Value, Value) {
        let fresh = self.rng.range(300, 3_000);
        let input = self.context_tokens + fresh;
        let cached = self.context_tokens * 3 / 4;
        let output = self.rng.range(output_low, output_high);
        let thoughts = self.rng.range(0, output);
        self.context_tokens += fresh + output;
        let tokens = json!({"input": input, "output": output, "cached": cached, "thoughts": thoughts, "tool": 0, "total": input + output + thoughts});
        let thought = json!([{"subject": "Planning the step", "description": "Working out what to change next.", "timestamp": self.timestamp()}]);
        (tokens, thought)
    }
}

impl Transcript for GeminiTranscript<'_> {
    fn rng(&mut self) -> &mut Rng {
        self.rng
    }

    fn clock_ms(&self) -> i64 {
        self.clock_ms
    }

    fn session_id(&self) -> &str {
        &self.session_id
    }

    fn needs_compaction(&self) -> bool {
        self.context_tokens > COMPRESS_TOKENS
    }

    /// Gemini CLI has no plan mode.
    fn set_plan_mode(&mut self, _is_on: bool) {}

    fn wait_seconds(&mut self, low: u64, high: u64) {
        self.clock_ms += self.rng.range(low * 1000, high * 1000) as i64;
    }

    fn prompt(&mut self, text: &str) {
        self.message("user", json!({"content": [{"text": text}]}));
    }

    fn slash_command(&mut self, name: &str, args: &str) {
        let text = if args.is_empty() { format!("/{name}") } else { format!("/{name} {args}") };
        self.message("user", json!({"content": [{"text": text}]}));
    }

    fn interruption(&mut self) {
        self.message("info", json!({"content": "Request cancelled."}));
    }

    fn compaction(&mut self, _summary: &str) {
        self.message("info", json!({"content": "Chat history compressed."}));
        self.context_tokens = 10_000;
    }

    fn reply(&mut self, text: &str) {
        self.wait_seconds(4, 30);
        let (tokens, thoughts) = self.usage(60, 900);
        let model = self.model.clone();
        self.message("gemini", json!({"content": text, "model": model, "tokens": tokens, "thoughts": thoughts}));
    }

    fn tool(&mut self, name: &str, input: Value, outcome: Outcome) {
        self.wait_seconds(3, 25);
        let (tool, args) = match name {
            "Read" => ("read_file", json!({"file_path": input["file_path"]})),
            "Bash" => ("run_shell_command", json!({"command": input["command"], "description": input["description"]})),
            "Edit" => ("replace", json!({"file_path": input["file_path"], "old_string": input["old_string"], "new_string": input["new_string"]})),
            "TodoWrite" => ("write_todos", json!({"todos": [{"description": "Make the change", "status": "in_progress"}]})),
            _ => return,
        };
        let (tokens, thoughts) = self.usage(40, 1_200);
        self.wait_seconds(1, 20);
        let (status, display) = match outcome {
            Outcome::Success { text, .. } => ("success", text),
            Outcome::Error(text) => ("error", text),
            Outcome::Rejected | Outcome::Interrupted => ("cancelled", String::from("Tool call cancelled by user.")),
        };
        let call = json!({
            "id": format!("{tool}-{}", self.rng.token("", 12)), "name": tool, "args": args, "status": status,
            "timestamp": self.timestamp(), "resultDisplay": display, "displayName": tool,
        });
        let model = self.model.clone();
        self.message("gemini", json!({"content": "", "model": model, "tokens": tokens, "thoughts": thoughts, "toolCalls": [call]}));
    }

    /// The demo's Gemini user does not delegate: the survey is read directly.
    fn subagent(&mut self, _description: &str, reads: &[String]) {
        for path in reads {
            let text = format!("// {path}\n");
            self.tool("Read", json!({"file_path": path}), Outcome::Success { text, structured: None });
        }
    }

    fn finish(mut self, title: &str) -> String {
        let update = json!({"$set": {"summary": title, "lastUpdated": self.timestamp()}});
        self.lines.push(update.to_string());
        let mut text = self.lines.join("\n");
        text.push('\n');
        text
    }
}
