//! Writes a demo session as a Codex CLI rollout (0.142-style): `session_meta`, a
//! `turn_context` per prompt, `user_message` events, assistant messages, tool calls as
//! `exec_command` function calls and `apply_patch` custom calls with `patch_apply_end`,
//! and a `token_count` (running totals and the last call's usage) after each model call.

use serde_json::{json, Value};

use super::rng::Rng;
use super::writer::{iso_ms, Outcome, Transcript};

const CLI_VERSION: &str = "0.142.0";
const CONTEXT_WINDOW: u64 = 258_400;
/// Context size at which the rollout compacts.
const AUTO_COMPACT_TOKENS: u64 = 200_000;

pub struct CodexTranscript<'r> {
    rng: &'r mut Rng,
    clock_ms: i64,
    model: String,
    cwd: String,
    session_id: String,
    lines: Vec<String>,
    context_tokens: u64,
    /// Running totals: input (cached included), cached, output (reasoning included), reasoning.
    totals: [u64; 4],
}

impl<'r> CodexTranscript<'r> {
    pub fn new(rng: &'r mut Rng, start_ms: i64, cwd: &str, model: &str) -> Self {
        let session_id = rng.uuid();
        let mut transcript = CodexTranscript {
            rng,
            clock_ms: start_ms,
            model: model.to_owned(),
            cwd: cwd.to_owned(),
            session_id,
            lines: Vec::new(),
            context_tokens: 9_000,
            totals: [0; 4],
        };
        let meta = json!({
            "id": transcript.session_id, "timestamp": transcript.timestamp(), "cwd": cwd, "originator": "codex_cli_rs",
            "cli_version": CLI_VERSION, "source": "cli", "model_provider": "openai", "git": {"branch": "main"}
        });
        transcript.record("session_meta", meta);
        transcript
    }

    fn timestamp(&self) -> String {
        iso_ms(self.clock_ms)
    }

    fn record(&mut self, kind: &str, payload: Value) {
        let line = json!({"timestamp": self.timestamp(), "type": kind, "payload": payload});
        self.lines.push(line.to_string());
    }

    fn event(&mut self, payload: Value) {
        self.record("event_msg", payload);
    }

    /// One model call: its usage, as the `token_count` Codex writes after it.
    fn model_call(&mut self, output_low: u64, output_high: u64) {
        let fresh = self.rng.range(300, 3_000);
        let input = self.context_tokens + fresh;
        let cached = self.context_tokens;
        let output = self.rng.range(output_low, output_high);
        let reasoning = output / 3;
        let last = [input, cached, output, reasoning];
        for (total, add) in self.totals.iter_mut().zip(last) {
            *total += add;
        }
        let usage = |[input, cached, output, reasoning]: [u64; 4]| json!({"input_tokens": input, "cached_input_tokens": cached, "output_tokens": output, "reasoning_output_tokens": reasoning, "total_tokens": input + output});
        let info = json!({"total_token_usage": usage(self.totals), "last_token_usage": usage(last), "model_context_window": CONTEXT_WINDOW});
        self.event(json!({"type": "token_count", "info": info, "rate_limits": null}));
        self.context_tokens += fresh + output;
    }

    fn exec_output(&mut self, exit_code: i64, text: &str) -> String {
        let chunk = self.rng.token("", 6).to_lowercase();
        format!(
            "Chunk ID: {chunk}\nWall time: 0.{} seconds\nProcess exited with code {exit_code}\nOriginal token count: {}\nOutput:\n{text}",
            self.rng.range(1, 9),
            text.len() / 4
        )
    }

    fn shell(&mut self, command: &str, outcome: Outcome) {
        let call_id = self.rng.token("call_", 24);
        let arguments = json!({"cmd": command, "workdir": self.cwd, "yield_time_ms": 1000}).to_string();
        self.record("response_item", json!({"type": "function_call", "name": "exec_command", "arguments": arguments, "call_id": call_id}));
        self.model_call(40, 600);
        self.wait_seconds(1, 20);
        let output = match outcome {
            Outcome::Success { text, .. } => self.exec_output(0, &text),
            Outcome::Error(text) => self.exec_output(1, &text),
            Outcome::Rejected => String::from("exec command rejected by user"),
            Outcome::Interrupted => String::from("aborted by user"),
        };
        self.record("response_item", json!({"type": "function_call_output", "call_id": call_id, "output": output}));
    }

    fn patch(&mut self, input: &Value, outcome: Outcome) {
        let path = input["file_path"].as_str().unwrap_or_default().to_owned();
        let old: Vec<&str> = input["old_string"].as_str().unwrap_or_default().lines().collect();
        let new: Vec<&str> = input["new_string"].as_str().unwrap_or_default().lines().collect();
        let hunk: Vec<String> = old.iter().map(|line| format!("-{line}")).chain(new.iter().map(|line| format!("+{line}"))).collect();
        let patch = format!("*** Begin Patch\n*** Update File: {}/{path}\n@@\n{}\n*** End Patch", self.cwd, hunk.join("\n"));
        let call_id = self.rng.token("call_", 24);
        self.record("response_item", json!({"type": "custom_tool_call", "status": "completed", "call_id": call_id, "name": "apply_patch", "input": patch}));
        self.model_call(80, 1_400);
        self.wait_seconds(1, 10);
        let full_path = format!("{}/{path}", self.cwd);
        let diff = format!("@@ -10,{} +10,{} @@\n{}\n", old.len(), new.len(), hunk.join("\n"));
        let output = match outcome {
            Outcome::Success { .. } => {
                let changes = json!({ full_path.clone(): {"type": "update", "unified_diff": diff, "move_path": null} });
                self.event(json!({"type": "patch_apply_end", "call_id": call_id, "stdout": format!("Success. Updated the following files:\nM {full_path}\n"), "stderr": "", "success": true, "changes": changes}));
                format!("Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess. Updated the following files:\nM {full_path}\n")
            }
            Outcome::Error(text) => {
                self.event(json!({"type": "patch_apply_end", "call_id": call_id, "stdout": "", "stderr": text, "success": false, "changes": {}}));
                format!("Exit code: 1\nWall time: 0 seconds\nOutput:\napply_patch verification failed: {text}\n")
            }
            Outcome::Rejected => String::from("patch rejected by user"),
            Outcome::Interrupted => String::from("aborted by user"),
        };
        self.record("response_item", json!({"type": "custom_tool_call_output", "call_id": call_id, "output": output}));
    }
}

impl Transcript for CodexTranscript<'_> {
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
        self.context_tokens > AUTO_COMPACT_TOKENS
    }

    /// Codex has no plan mode.
    fn set_plan_mode(&mut self, _is_on: bool) {}

    fn wait_seconds(&mut self, low: u64, high: u64) {
        self.clock_ms += self.rng.range(low * 1000, high * 1000) as i64;
    }

    fn prompt(&mut self, text: &str) {
        let turn_id = self.rng.uuid();
        let context = json!({"turn_id": turn_id, "cwd": self.cwd, "approval_policy": "on-request", "sandbox_policy": {"type": "workspace-write"}, "model": self.model, "effort": "medium", "summary": "auto"});
        self.record("turn_context", context);
        self.event(json!({"type": "task_started", "turn_id": turn_id, "model_context_window": CONTEXT_WINDOW}));
        self.record("response_item", json!({"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}));
        self.event(json!({"type": "user_message", "message": text, "images": []}));
    }

    fn slash_command(&mut self, name: &str, args: &str) {
        let text = if args.is_empty() { format!("/{name}") } else { format!("/{name} {args}") };
        self.event(json!({"type": "user_message", "message": text, "images": []}));
    }

    fn interruption(&mut self) {
        self.event(json!({"type": "turn_aborted", "reason": "interrupted"}));
    }

    fn compaction(&mut self, summary: &str) {
        self.record("compacted", json!({"message": summary, "replacement_history": []}));
        self.event(json!({"type": "context_compacted"}));
        self.context_tokens = 11_000;
    }

    fn reply(&mut self, text: &str) {
        self.wait_seconds(4, 30);
        self.record("response_item", json!({"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": text}]}));
        self.event(json!({"type": "agent_message", "message": text}));
        self.model_call(60, 900);
    }

    fn tool(&mut self, name: &str, input: Value, outcome: Outcome) {
        self.wait_seconds(3, 25);
        match name {
            "Read" => {
                let command = format!("sed -n '1,200p' {}", input["file_path"].as_str().unwrap_or_default());
                self.shell(&command, outcome);
            }
            "Bash" => {
                let command = input["command"].as_str().unwrap_or_default().to_owned();
                self.shell(&command, outcome);
            }
            "Edit" => self.patch(&input, outcome),
            "TodoWrite" => {
                let call_id = self.rng.token("call_", 24);
                let arguments = json!({"plan": [{"step": "Make the change", "status": "in_progress"}]}).to_string();
                self.record("response_item", json!({"type": "function_call", "name": "update_plan", "arguments": arguments, "call_id": call_id}));
                self.model_call(30, 200);
                self.record("response_item", json!({"type": "function_call_output", "call_id": call_id, "output": "Plan updated"}));
            }
            // No plan mode: nothing to approve.
            _ => {}
        }
    }

    /// Codex delegates little in the demo: the survey is read by the agent itself.
    fn subagent(&mut self, _description: &str, reads: &[String]) {
        for path in reads {
            let text = format!("// {path}\n");
            self.tool("Read", json!({"file_path": path}), Outcome::Success { text, structured: None });
        }
    }

    fn finish(mut self, title: &str) -> String {
        self.event(json!({"type": "thread_name_updated", "thread_id": self.session_id, "thread_name": title}));
        let mut text = self.lines.join("\n");
        text.push('\n');
        text
    }
}
