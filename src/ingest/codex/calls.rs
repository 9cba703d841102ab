//! A rollout's tool calls and how they ended: the call items, their outputs, the events
//! that tell an ending before its output (`exec_command_end`, `patch_apply_end`), and MCP
//! calls known only by their end.

use std::borrow::Cow;

use serde_json::value::RawValue;

use super::raw::{self, Envelope, Payload};
use super::tools;
use super::{CodexFile, LineResult};
use crate::ingest::builder::{CallNote, DatasetBuilder};
use crate::ingest::checks::{self, check_of};
use crate::model::{EventKind, LineCounts, LineKey, Target, ToolUseId};

/// How a call ended, when an event told before its output was read.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Ending {
    pub(super) is_error: Option<bool>,
    pub(super) applied: Option<LineCounts>,
}

impl CodexFile {
    pub(super) fn note_ending(&mut self, payload: &Payload<'_>, ending: Ending) {
        if let Some(call_id) = raw::non_empty_text(payload.call_id) {
            let entry = self.endings.entry(ToolUseId::of(&call_id)).or_default();
            entry.is_error = ending.is_error.or(entry.is_error);
            entry.applied = ending.applied.or(entry.applied);
        }
    }

    pub(super) fn call(&mut self, builder: &mut DatasetBuilder, envelope: &Envelope<'_>, payload: &Payload<'_>, line: LineKey, kind: &str) -> LineResult {
        let Some((conversation, time)) = self.at(builder, envelope, line)? else { return Ok(()) };
        let name = raw::non_empty_text(payload.name).map(Cow::into_owned).unwrap_or_else(|| kind.trim_end_matches("_call").to_owned());
        let arguments = payload.arguments.or(payload.input).or_else(|| raw::field(payload.action, "command"));
        let call = tools::describe(&name, arguments);
        let call_id =
            raw::non_empty_text(payload.call_id).or_else(|| raw::non_empty_text(payload.id)).map(Cow::into_owned).unwrap_or_else(|| format!("{:x}", line.0));
        let tool_use_id = ToolUseId::of(&call_id);
        let check = call.command.as_deref().and_then(check_of);
        let writes_todo = checks::writes_todo(&call.added_text);
        builder.note_call(tool_use_id, CallNote { check, writes_todo });
        let target = match (&call.file, &call.command) {
            (Some(file), _) => Some(Target::File(builder.intern(file))),
            (None, Some(command)) => Some(Target::Command(builder.intern(command))),
            _ => None,
        };
        let tool = builder.intern(&name);
        self.calls.insert(tool_use_id);
        self.unbilled_calls.push(builder.event_count());
        self.push(builder, conversation, time, line, EventKind::ToolCall { tool_use_id, tool, target, proposed: call.proposed, request: None });
        // Calls without an output item end with their own status.
        if matches!(kind, "web_search_call" | "image_generation_call" | "local_shell_call") {
            let failed = raw::text(payload.status).is_some_and(|status| matches!(status.as_ref(), "failed" | "incomplete"));
            let facts = tools::OutputFacts { exit_code: Some(i64::from(failed)), ..tools::OutputFacts::default() };
            let result = self.result(builder, tool_use_id, facts, None);
            self.push(builder, conversation, time, line, result);
        }
        Ok(())
    }

    pub(super) fn output(&mut self, builder: &mut DatasetBuilder, envelope: &Envelope<'_>, payload: &Payload<'_>, line: LineKey) -> LineResult {
        let Some((conversation, time)) = self.at(builder, envelope, line)? else { return Ok(()) };
        let Some(call_id) = raw::non_empty_text(payload.call_id) else { return Ok(()) };
        let tool_use_id = ToolUseId::of(&call_id);
        let facts = tools::output_facts(payload.output);
        let result = self.result(builder, tool_use_id, facts, payload.output);
        self.push(builder, conversation, time, line, result);
        Ok(())
    }

    /// The result event of a call: an error when its ending or its output says so; the
    /// lines its patch applied; the build or test run it was, with the test counts its
    /// output names.
    /// `output` is the call's output item, when it has one (read whole only for a test
    /// run's counts).
    pub(super) fn result(&mut self, builder: &mut DatasetBuilder, tool_use_id: ToolUseId, facts: tools::OutputFacts, output: Option<&RawValue>) -> EventKind {
        let ending = self.endings.remove(&tool_use_id).unwrap_or_default();
        let note = builder.take_call_note(tool_use_id).unwrap_or_default();
        let check = builder.check_run(note, || output.map(|output| tools::output_text(Some(output))));
        let tools::OutputFacts { exit_code, is_rejection, is_interruption } = facts;
        // A refused or stopped call did not succeed, whatever exit code it shows.
        let is_error = ending.is_error.or(exit_code.map(|code| code != 0)).unwrap_or(false) || is_rejection || is_interruption;
        let error = builder.error_text((is_error && !is_rejection && !is_interruption).then(|| tools::error_text(output)).flatten());
        EventKind::ToolResult {
            tool_use_id,
            is_error,
            is_rejection,
            is_interruption,
            writes_todo: note.writes_todo,
            applied: if is_error { None } else { ending.applied },
            check,
            error,
        }
    }

    /// An MCP call's end: its call and result when no `function_call` recorded the call,
    /// else how it ended, for its output.
    pub(super) fn mcp_call(&mut self, builder: &mut DatasetBuilder, envelope: &Envelope<'_>, payload: &Payload<'_>, line: LineKey) -> LineResult {
        let is_error = raw::field(payload.result, "Err").is_some() || raw::boolean(raw::field(raw::field(payload.result, "Ok"), "isError")) == Some(true);
        let call_id = raw::non_empty_text(payload.call_id).map(Cow::into_owned).unwrap_or_else(|| format!("{:x}", line.0));
        let tool_use_id = ToolUseId::of(&call_id);
        if self.calls.contains(&tool_use_id) {
            self.note_ending(payload, Ending { is_error: Some(is_error), applied: None });
            return Ok(());
        }
        let Some((conversation, time)) = self.at(builder, envelope, line)? else { return Ok(()) };
        let server = raw::text(raw::field(payload.invocation, "server")).unwrap_or_default();
        let tool_name = raw::text(raw::field(payload.invocation, "tool")).unwrap_or_default();
        let tool = builder.intern(&format!("mcp__{server}__{tool_name}"));
        self.unbilled_calls.push(builder.event_count());
        self.push(builder, conversation, time, line, EventKind::ToolCall { tool_use_id, tool, target: None, proposed: None, request: None });
        let facts = tools::OutputFacts { exit_code: Some(i64::from(is_error)), ..tools::OutputFacts::default() };
        let result = self.result(builder, tool_use_id, facts, None);
        self.push(builder, conversation, time, line, result);
        Ok(())
    }
}
