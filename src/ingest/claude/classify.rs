//! What a user line's text is (spec section 2, "line classes"): a human prompt, or one
//! of the many things Claude Code writes as a user line that nobody typed.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::model::bidi::neutralised;
use crate::model::{preview, EventKind};

const INTERRUPT_MARKER: &str = "[Request interrupted by user";
/// Tags whose text is tool or shell output, injected reminders or command echoes.
const NOT_TYPED_PREFIXES: [&str; 8] = [
    "<local-command-",
    "<bash-input>",
    "<bash-stdout>",
    "<bash-stderr>",
    "<task-notification>",
    "<system-reminder>",
    "<command-message>",
    "<user-memory-input>",
];
/// The text of a tool result when the user declined the call.
const REJECTION_MARKERS: [&str; 2] = ["The user doesn't want to proceed", "The user doesn't want to take this action"];

/// Classifies the text of a user line that is not meta, compaction or a tool result.
pub fn user_text(text: &str, is_plan_mode: bool) -> EventKind {
    let text = text.trim_start();
    if text.starts_with(INTERRUPT_MARKER) {
        return EventKind::Interruption;
    }
    if let Some(name) = slash_command(text) {
        return EventKind::SlashCommand { name };
    }
    if NOT_TYPED_PREFIXES.iter().any(|prefix| text.starts_with(prefix)) {
        return EventKind::SystemMeta;
    }
    EventKind::HumanPrompt { is_plan_mode, preview: preview(text) }
}

/// `/init` from `<command-name>/init</command-name>` (the tag may follow a message tag).
fn slash_command(text: &str) -> Option<String> {
    let start = text.find("<command-name>")? + "<command-name>".len();
    let end = text[start..].find("</command-name>")? + start;
    let name = text[start..end].trim();
    Some(neutralised(if name.starts_with('/') { name.to_owned() } else { format!("/{name}") }))
}

/// Claude Code writes its rejection and interruption texts first in a tool result;
/// only this much of the result's raw JSON is searched for them (results can be MBs).
const MARKER_WINDOW_BYTES: usize = 512;

fn marker_window(raw_result: &str) -> &str {
    let mut end = raw_result.len().min(MARKER_WINDOW_BYTES);
    while !raw_result.is_char_boundary(end) {
        end -= 1;
    }
    &raw_result[..end]
}

/// Searchers built once: building one per tool result cost more than the search
/// (profiled in wasm).
static REJECTION_FINDERS: LazyLock<[Finder<'static>; 2]> = LazyLock::new(|| REJECTION_MARKERS.map(Finder::new));
static INTERRUPT_FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(INTERRUPT_MARKER));

/// True when a tool result's raw JSON text says the user declined the call.
pub fn is_rejection(raw_result: &str) -> bool {
    let window = marker_window(raw_result).as_bytes();
    REJECTION_FINDERS.iter().any(|finder| finder.find(window).is_some())
}

/// True when a tool result's raw JSON text says the user interrupted the call.
pub fn is_interruption(raw_result: &str) -> bool {
    INTERRUPT_FINDER.find(marker_window(raw_result).as_bytes()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_is_a_prompt() {
        assert_eq!(user_text("fix the bug", true), EventKind::HumanPrompt { is_plan_mode: true, preview: "fix the bug".into() });
    }

    #[test]
    fn markers_and_tags_are_not_prompts() {
        assert_eq!(user_text("[Request interrupted by user]", false), EventKind::Interruption);
        assert_eq!(user_text("[Request interrupted by user for tool use]", false), EventKind::Interruption);
        assert_eq!(user_text("<local-command-stdout>ok</local-command-stdout>", false), EventKind::SystemMeta);
        assert_eq!(user_text("<bash-input>ls</bash-input>", false), EventKind::SystemMeta);
        assert_eq!(user_text("<system-reminder>x</system-reminder>", false), EventKind::SystemMeta);
    }

    #[test]
    fn slash_commands_are_named() {
        let text = "<command-message>init is analyzing…</command-message>\n<command-name>/init</command-name>";
        assert_eq!(user_text(text, false), EventKind::SlashCommand { name: "/init".into() });
        let text = "<command-name>orchestrator</command-name><command-args>x</command-args>";
        assert_eq!(user_text(text, false), EventKind::SlashCommand { name: "/orchestrator".into() });
    }

    #[test]
    fn rejections_are_recognised() {
        assert!(is_rejection("\"The user doesn't want to proceed with this tool use. The tool use was rejected\""));
        assert!(!is_rejection("\"Error: file not found\""));
        let as_blocks = "[{\"type\":\"text\",\"text\":\"The user doesn't want to proceed with this tool use.\"}]";
        assert!(is_rejection(as_blocks));
        assert!(is_interruption("[{\"type\":\"text\",\"text\":\"[Request interrupted by user for tool use]\"}]"));
        // A file that merely quotes the marker deep inside its text is not a rejection.
        let quoted = format!("\"{}The user doesn't want to proceed\"", "é".repeat(400));
        assert!(!is_rejection(&quoted));
    }
}
