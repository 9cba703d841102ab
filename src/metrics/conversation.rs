//! Conversation figures (spec section 4): human prompts, turns (prompts that got an
//! agent response) and interruptions. A slash command the person typed (`/review`,
//! `/orchestrator split the work`) is a prompt too; a built-in one that only runs
//! locally (`/clear`) gets no agent response and so makes no turn.

use crate::model::{Event, EventKind};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConversationStats {
    pub prompts: u64,
    pub turns: u64,
    pub interruptions: u64,
}

impl ConversationStats {
    pub fn merge(&mut self, other: &ConversationStats) {
        self.prompts += other.prompts;
        self.turns += other.turns;
        self.interruptions += other.interruptions;
    }
}

/// Counts over one run of events of a single conversation, in time order.
pub fn conversation_stats(events: &[&Event]) -> ConversationStats {
    let mut stats = ConversationStats::default();
    let mut awaiting_response = false;
    for event in events {
        match event.kind {
            EventKind::HumanPrompt { .. } | EventKind::SlashCommand { .. } if !event.is_sidechain => {
                stats.prompts += 1;
                awaiting_response = true;
            }
            EventKind::AgentMessage { .. } if awaiting_response && !event.is_sidechain => {
                stats.turns += 1;
                awaiting_response = false;
            }
            EventKind::Interruption => stats.interruptions += 1,
            _ => {}
        }
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::tool_use::fixtures::at;

    #[test]
    fn a_turn_is_a_prompt_that_got_an_answer() {
        let events = [
            at(0, EventKind::HumanPrompt { is_plan_mode: false, preview: String::new() }),
            at(1, EventKind::AgentMessage { request: Some(0), preview: String::new() }),
            at(2, EventKind::AgentMessage { request: Some(1), preview: String::new() }),
            at(3, EventKind::HumanPrompt { is_plan_mode: false, preview: String::new() }),
            at(4, EventKind::Interruption),
            at(5, EventKind::HumanPrompt { is_plan_mode: false, preview: String::new() }),
            at(6, EventKind::SlashCommand { name: "/clear".into() }),
            at(7, EventKind::AgentMessage { request: Some(2), preview: String::new() }),
        ];
        let refs: Vec<&Event> = events.iter().collect();
        assert_eq!(conversation_stats(&refs), ConversationStats { prompts: 4, turns: 2, interruptions: 1 });
    }
}
