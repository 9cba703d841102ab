//! Tool calls paired with their results, within one run of events (a session).

use std::collections::HashMap;

use crate::model::{Event, EventKind, LineCounts, Target, TextId, Texts, ToolUseId};

/// The result half of a tool use.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ToolOutcome {
    pub timestamp_ms: i64,
    pub is_error: bool,
    pub is_rejection: bool,
    pub is_interruption: bool,
    pub writes_todo: bool,
    pub applied: Option<LineCounts>,
    /// Index into `Dataset::checks`.
    pub check: Option<u32>,
    /// The result's position in the run of events the uses were paired from.
    pub position: usize,
}

/// One tool call and, when it came back in the same run, its result.
#[derive(Clone, Debug, PartialEq)]
pub struct ToolUse<'a> {
    pub tool: &'a str,
    pub target: Option<&'a str>,
    /// `tool` and `target` as the dataset's text ids.
    pub tool_id: TextId,
    pub target_id: Option<TextId>,
    /// The target is a shell command (else a file).
    pub is_command: bool,
    pub proposed: Option<LineCounts>,
    pub request: Option<u32>,
    pub call_ms: i64,
    /// The call's position in the run of events the uses were paired from.
    pub position: usize,
    pub outcome: Option<ToolOutcome>,
}

impl ToolUse<'_> {
    pub fn is_error(&self) -> bool {
        self.outcome.is_some_and(|outcome| outcome.is_error)
    }

    /// Came back without an error.
    pub fn is_success(&self) -> bool {
        self.outcome.is_some_and(|outcome| !outcome.is_error)
    }

    pub fn is_rejected(&self) -> bool {
        self.outcome.is_some_and(|outcome| outcome.is_rejection)
    }

    /// An error that is neither the user declining nor interrupting the call.
    pub fn is_failure(&self) -> bool {
        self.outcome.is_some_and(|outcome| outcome.is_error && !outcome.is_rejection && !outcome.is_interruption)
    }

    /// The shell command the call ran, if it ran one.
    pub fn command(&self) -> Option<&str> {
        self.target.filter(|_| self.is_command)
    }

    /// The file the call worked on, as the dataset's text id.
    pub fn file_id(&self) -> Option<TextId> {
        self.target_id.filter(|_| !self.is_command)
    }

    pub fn duration_ms(&self) -> Option<i64> {
        self.outcome.map(|outcome| outcome.timestamp_ms - self.call_ms)
    }
}

/// Pairs each call with the first later result of the same tool-use id, in order of calls.
/// `texts` holds the calls' tool names and targets.
pub fn pair_tool_uses<'a>(events: &[&'a Event], texts: &'a Texts) -> Vec<ToolUse<'a>> {
    let mut uses = Vec::new();
    let mut open: HashMap<ToolUseId, usize> = HashMap::new();
    for (position, event) in events.iter().enumerate() {
        match &event.kind {
            EventKind::ToolCall { tool_use_id, tool, target, proposed, request } => {
                open.insert(*tool_use_id, uses.len());
                uses.push(ToolUse {
                    tool: texts.get(*tool),
                    target: target.map(|target| texts.get(target.text())),
                    tool_id: *tool,
                    target_id: target.map(Target::text),
                    is_command: matches!(target, Some(Target::Command(_))),
                    proposed: *proposed,
                    request: *request,
                    call_ms: event.timestamp_ms,
                    position,
                    outcome: None,
                });
            }
            EventKind::ToolResult { tool_use_id, is_error, is_rejection, is_interruption, writes_todo, applied, check, .. } => {
                if let Some(index) = open.remove(tool_use_id) {
                    uses[index].outcome = Some(ToolOutcome {
                        timestamp_ms: event.timestamp_ms,
                        is_error: *is_error,
                        is_rejection: *is_rejection,
                        is_interruption: *is_interruption,
                        writes_todo: *writes_todo,
                        applied: *applied,
                        check: check.map(|check| check.get()),
                        position,
                    });
                }
            }
            _ => {}
        }
    }
    uses
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Hand-built event runs for the metric tests. Tool names and targets are interned in
    //! one table per test thread, which `texts()` hands out.
    use std::cell::RefCell;

    use crate::model::{ConversationId, Event, EventKind, Interner, LineCounts, LineKey, Target, TextId, Texts};

    thread_local! {
        static TEXTS: RefCell<Interner> = RefCell::new(Interner::default());
    }

    fn text(text: &str) -> TextId {
        TEXTS.with(|texts| texts.borrow_mut().intern(text))
    }

    /// The texts of every event built so far on this thread.
    pub fn texts() -> Texts {
        TEXTS.with(|texts| texts.borrow().texts().clone())
    }

    pub fn at(second: i64, kind: EventKind) -> Event {
        Event { timestamp_ms: second * 1000, line: LineKey::NONE, conversation: ConversationId(0), is_sidechain: false, kind }
    }

    pub fn call(second: i64, id: &str, tool: &str, target: Option<&str>, proposed: Option<(u32, u32)>) -> Event {
        at(
            second,
            EventKind::ToolCall {
                tool_use_id: id.into(),
                tool: text(tool),
                target: target.map(|target| if tool == "Bash" { Target::Command(text(target)) } else { Target::File(text(target)) }),
                proposed: proposed.map(|(added, removed)| LineCounts { added, removed }),
                request: None,
            },
        )
    }

    pub fn result(second: i64, id: &str, is_error: bool) -> Event {
        at(
            second,
            EventKind::ToolResult {
                tool_use_id: id.into(),
                is_error,
                is_rejection: false,
                is_interruption: false,
                writes_todo: false,
                applied: None,
                check: None,
                error: None,
            },
        )
    }

    pub fn rejected(second: i64, id: &str) -> Event {
        at(
            second,
            EventKind::ToolResult {
                tool_use_id: id.into(),
                is_error: true,
                is_rejection: true,
                is_interruption: false,
                writes_todo: false,
                applied: None,
                check: None,
                error: None,
            },
        )
    }

    pub fn applied(second: i64, id: &str, added: u32, removed: u32) -> Event {
        at(
            second,
            EventKind::ToolResult {
                tool_use_id: id.into(),
                is_error: false,
                is_rejection: false,
                is_interruption: false,
                writes_todo: false,
                applied: Some(LineCounts { added, removed }),
                check: None,
                error: None,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    #[test]
    fn calls_pair_with_their_results_by_id() {
        let events = [call(0, "a", "Read", Some("f.rs"), None), call(1, "b", "Bash", None, None), result(3, "b", true), result(4, "a", false)];
        let refs: Vec<&Event> = events.iter().collect();
        let texts = texts();
        let uses = pair_tool_uses(&refs, &texts);
        assert_eq!(uses.len(), 2);
        assert_eq!((uses[0].tool, uses[0].duration_ms(), uses[0].is_success()), ("Read", Some(4000), true));
        assert_eq!((uses[1].tool, uses[1].duration_ms(), uses[1].is_error()), ("Bash", Some(2000), true));
    }

    #[test]
    fn a_call_without_result_has_no_outcome() {
        let events = [call(0, "a", "Read", None, None), result(1, "zzz", false)];
        let refs: Vec<&Event> = events.iter().collect();
        assert_eq!(pair_tool_uses(&refs, &texts())[0].outcome, None);
    }
}
