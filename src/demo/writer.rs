//! What a demo session does, said once for every agent (`Transcript`: prompts, replies,
//! tool calls in Claude Code's vocabulary, compactions…), and the Claude Code writer:
//! JSONL lines in the shapes real files have (CLI 2.1.x envelope, streamed assistant
//! lines, tool results with `toolUseResult`). The Codex and Gemini CLI writers
//! (`codex_writer`, `gemini_writer`) say the same session in their own formats.

use serde_json::{json, Value};

use super::rng::Rng;

const VERSION: &str = "2.1.42";
/// Context size at which the generated sessions compact, as Claude Code does.
const AUTO_COMPACT_TOKENS: u64 = 150_000;

/// A time as the agents write it: RFC 3339, milliseconds, UTC.
pub fn iso_ms(timestamp_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(timestamp_ms).map(|time| time.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()).unwrap_or_default()
}

/// Token counts for one assistant response.
#[derive(Clone, Copy, Debug)]
pub struct Tokens {
    pub input: u64,
    pub output: u64,
    pub cache_write_1h: u64,
    pub cache_read: u64,
}

/// How a tool call ends.
#[derive(Clone, Debug)]
pub enum Outcome {
    Success { text: String, structured: Option<Value> },
    Error(String),
    Rejected,
    Interrupted,
}

/// A session being written, whatever the agent. Tool calls are named as Claude Code
/// names them (`Read`, `Edit`, `Bash`, `TodoWrite`, `ExitPlanMode`) with its inputs;
/// each writer says them as its agent would.
pub trait Transcript {
    fn rng(&mut self) -> &mut Rng;
    fn clock_ms(&self) -> i64;
    fn session_id(&self) -> &str;
    /// The context is near the window: the agent compacts.
    fn needs_compaction(&self) -> bool;
    fn set_plan_mode(&mut self, is_on: bool);
    fn wait_seconds(&mut self, low: u64, high: u64);
    fn prompt(&mut self, text: &str);
    fn slash_command(&mut self, name: &str, args: &str);
    fn interruption(&mut self);
    fn compaction(&mut self, summary: &str);
    fn reply(&mut self, text: &str);
    fn tool(&mut self, name: &str, input: Value, outcome: Outcome);
    fn subagent(&mut self, description: &str, reads: &[String]);
    /// The file's text, titled.
    fn finish(self, title: &str) -> String;
}

pub struct ClaudeTranscript<'r> {
    pub rng: &'r mut Rng,
    pub clock_ms: i64,
    pub model: String,
    lines: Vec<String>,
    session_id: String,
    cwd: String,
    git_branch: String,
    parent_uuid: Option<String>,
    plan_mode: bool,
    context_tokens: u64,
}

impl<'r> ClaudeTranscript<'r> {
    pub fn new(rng: &'r mut Rng, start_ms: i64, cwd: &str, model: &str) -> Self {
        let session_id = rng.uuid();
        ClaudeTranscript {
            rng,
            clock_ms: start_ms,
            model: model.to_owned(),
            lines: Vec::new(),
            session_id,
            cwd: cwd.to_owned(),
            git_branch: String::from("main"),
            parent_uuid: None,
            plan_mode: false,
            context_tokens: 12_000,
        }
    }

    fn session_id_(&self) -> &str {
        &self.session_id
    }

    /// Claude Code compacts on its own as the context nears the window (200k tokens).
    fn needs_compaction_(&self) -> bool {
        self.context_tokens > AUTO_COMPACT_TOKENS
    }

    fn set_plan_mode_(&mut self, is_on: bool) {
        self.plan_mode = is_on;
    }

    fn wait_seconds_(&mut self, low: u64, high: u64) {
        self.clock_ms += self.rng.range(low * 1000, high * 1000) as i64;
    }

    /// The JSONL text, with the conversation's title line first as Claude Code writes it.
    fn finish_(self, title: &str) -> String {
        let leaf = self.parent_uuid.clone().unwrap_or_default();
        let mut text = json!({"type": "summary", "summary": title, "leafUuid": leaf}).to_string();
        text.push('\n');
        for line in self.lines {
            text.push_str(&line);
            text.push('\n');
        }
        text
    }

    fn timestamp(&self) -> String {
        iso_ms(self.clock_ms)
    }

    fn envelope(&mut self, kind: &str, is_sidechain: bool) -> serde_json::Map<String, Value> {
        let uuid = self.rng.uuid();
        let mut line = serde_json::Map::new();
        line.insert("parentUuid".into(), json!(self.parent_uuid));
        line.insert("isSidechain".into(), json!(is_sidechain));
        line.insert("userType".into(), json!("external"));
        line.insert("cwd".into(), json!(self.cwd));
        line.insert("sessionId".into(), json!(self.session_id));
        line.insert("version".into(), json!(VERSION));
        line.insert("gitBranch".into(), json!(self.git_branch));
        line.insert("type".into(), json!(kind));
        line.insert("uuid".into(), json!(uuid));
        line.insert("timestamp".into(), json!(self.timestamp()));
        if !is_sidechain {
            self.parent_uuid = Some(uuid);
        }
        line
    }

    fn push(&mut self, line: serde_json::Map<String, Value>) {
        self.lines.push(Value::Object(line).to_string());
    }

    fn user(&mut self, content: Value, extra: &[(&str, Value)], is_sidechain: bool) {
        let mut line = self.envelope("user", is_sidechain);
        line.insert("message".into(), json!({"role": "user", "content": content}));
        if self.plan_mode {
            line.insert("permissionMode".into(), json!("plan"));
        }
        for (key, value) in extra {
            line.insert((*key).into(), value.clone());
        }
        self.push(line);
    }

    fn prompt_(&mut self, text: &str) {
        self.user(json!(text), &[], false);
    }

    fn slash_command_(&mut self, name: &str, args: &str) {
        let text =
            format!("<command-message>{} is running…</command-message>\n<command-name>/{name}</command-name>\n<command-args>{args}</command-args>", name);
        self.user(json!(text), &[], false);
    }

    fn interruption_(&mut self) {
        self.user(json!([{"type": "text", "text": "[Request interrupted by user]"}]), &[], false);
    }

    /// A `/compact` (or automatic) compaction: the boundary, then the summary line.
    fn compaction_(&mut self, summary: &str) {
        let mut boundary = self.envelope("system", false);
        boundary.insert("subtype".into(), json!("compact_boundary"));
        boundary.insert("content".into(), json!("Conversation compacted"));
        boundary.insert("compactMetadata".into(), json!({"trigger": "auto", "preTokens": self.context_tokens}));
        self.push(boundary);
        self.wait_seconds_(20, 60);
        let text = format!("This session is being continued from a previous conversation that ran out of context. Summary: {summary}");
        self.user(json!(text), &[("isCompactSummary", json!(true))], false);
        self.context_tokens = 14_000;
    }

    fn tokens(&mut self, output_low: u64, output_high: u64) -> Tokens {
        let written = self.rng.range(300, 4_000);
        let tokens =
            Tokens { input: self.rng.range(1, 12), output: self.rng.range(output_low, output_high), cache_write_1h: written, cache_read: self.context_tokens };
        self.context_tokens += written;
        tokens
    }

    /// One API response: optionally streamed as two lines (partial output first).
    fn assistant(&mut self, blocks: Vec<Value>, tokens: Tokens, is_sidechain: bool, model: &str) {
        let message_id = self.rng.token("msg_01", 22);
        let request_id = self.rng.token("req_011C", 20);
        let is_streamed = blocks.len() > 1;
        let emit = |this: &mut Self, content: Vec<Value>, output: u64| {
            let mut line = this.envelope("assistant", is_sidechain);
            line.insert("requestId".into(), json!(request_id));
            line.insert(
                "message".into(),
                json!({
                    "model": model, "id": message_id, "type": "message", "role": "assistant",
                    "content": content, "stop_reason": null, "stop_sequence": null,
                    "usage": {
                        "input_tokens": tokens.input,
                        "cache_creation_input_tokens": tokens.cache_write_1h,
                        "cache_read_input_tokens": tokens.cache_read,
                        "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": tokens.cache_write_1h},
                        "output_tokens": output,
                        "service_tier": "standard",
                    }
                }),
            );
            this.push(line);
        };
        if is_streamed {
            let mut blocks = blocks;
            let rest = blocks.split_off(1);
            emit(self, blocks, tokens.output.min(40));
            self.clock_ms += 1_500;
            emit(self, rest, tokens.output);
        } else {
            emit(self, blocks, tokens.output);
        }
    }

    fn reply_(&mut self, text: &str) {
        self.wait_seconds_(4, 30);
        let tokens = self.tokens(60, 900);
        let model = self.model.clone();
        self.assistant(vec![json!({"type": "text", "text": text})], tokens, false, &model);
    }

    /// A tool call and its result.
    fn tool_(&mut self, name: &str, input: Value, outcome: Outcome) {
        self.tool_in(name, input, outcome, false);
    }

    fn tool_in(&mut self, name: &str, input: Value, outcome: Outcome, is_sidechain: bool) -> String {
        self.wait_seconds_(3, 25);
        let id = self.rng.token("toolu_01", 22);
        let thinking = json!({"type": "thinking", "thinking": "", "signature": "c2lnbmF0dXJl"});
        let call = json!({"type": "tool_use", "id": id, "name": name, "input": input});
        let tokens = self.tokens(40, 1_600);
        let model = if is_sidechain { String::from("claude-haiku-4-5") } else { self.model.clone() };
        self.assistant(vec![thinking, call], tokens, is_sidechain, &model);
        self.wait_seconds_(1, 20);
        let (content, is_error, structured) = match outcome {
            Outcome::Success { text, structured } => (text, false, structured),
            Outcome::Error(text) => (text.clone(), true, Some(json!(format!("Error: {text}")))),
            Outcome::Rejected => (
                String::from("The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing and wait for the user to tell you how to proceed."),
                true,
                Some(json!("User rejected tool use")),
            ),
            Outcome::Interrupted => (String::from("[Request interrupted by user for tool use]"), true, None),
        };
        let block = json!([{"type": "tool_result", "tool_use_id": id, "content": content, "is_error": is_error}]);
        let extra: Vec<(&str, Value)> = structured.map(|value| ("toolUseResult", value)).into_iter().collect();
        self.user(block, &extra, is_sidechain);
        id
    }

    /// A `Task` subagent: its turns are written inline as sidechain lines.
    fn subagent_(&mut self, description: &str, reads: &[String]) {
        self.wait_seconds_(3, 15);
        let id = self.rng.token("toolu_01", 22);
        let call = json!({"type": "tool_use", "id": id, "name": "Task",
            "input": {"description": description, "prompt": description, "subagent_type": "general-purpose"}});
        let tokens = self.tokens(80, 400);
        let model = self.model.clone();
        self.assistant(vec![call], tokens, false, &model);
        self.user(json!(description), &[], true);
        for path in reads {
            let text = format!("     1\t// {path}\n");
            self.tool_in("Read", json!({"file_path": path}), Outcome::Success { text, structured: None }, true);
        }
        self.wait_seconds_(5, 20);
        let tokens = self.tokens(200, 800);
        self.assistant(vec![json!({"type": "text", "text": format!("Findings for: {description}")})], tokens, true, "claude-haiku-4-5");
        let result =
            json!({"content": [{"type": "text", "text": "Done."}], "totalDurationMs": 42_000, "totalTokens": 18_000, "totalToolUseCount": reads.len()});
        let block = json!([{"type": "tool_result", "tool_use_id": id, "content": [{"type": "text", "text": format!("Findings for: {description}")}]}]);
        self.user(block, &[("toolUseResult", result)], false);
    }
}

impl Transcript for ClaudeTranscript<'_> {
    fn rng(&mut self) -> &mut Rng {
        self.rng
    }

    fn clock_ms(&self) -> i64 {
        self.clock_ms
    }

    fn session_id(&self) -> &str {
        self.session_id_()
    }

    fn needs_compaction(&self) -> bool {
        self.needs_compaction_()
    }

    fn set_plan_mode(&mut self, is_on: bool) {
        self.set_plan_mode_(is_on);
    }

    fn wait_seconds(&mut self, low: u64, high: u64) {
        self.wait_seconds_(low, high);
    }

    fn prompt(&mut self, text: &str) {
        self.prompt_(text);
    }

    fn slash_command(&mut self, name: &str, args: &str) {
        self.slash_command_(name, args);
    }

    fn interruption(&mut self) {
        self.interruption_();
    }

    fn compaction(&mut self, summary: &str) {
        self.compaction_(summary);
    }

    fn reply(&mut self, text: &str) {
        self.reply_(text);
    }

    fn tool(&mut self, name: &str, input: Value, outcome: Outcome) {
        self.tool_(name, input, outcome);
    }

    fn subagent(&mut self, description: &str, reads: &[String]) {
        self.subagent_(description, reads);
    }

    fn finish(self, title: &str) -> String {
        self.finish_(title)
    }
}
