//! Sessions, conversations and active time (spec sections 3 and 4).

use crate::model::ConversationId;

/// Distinct conversations among the sessions' conversations.
pub fn conversation_count(conversations: impl IntoIterator<Item = ConversationId>) -> usize {
    let mut conversations: Vec<ConversationId> = conversations.into_iter().collect();
    conversations.sort_unstable();
    conversations.dedup();
    conversations.len()
}

/// Sum of the gaps between consecutive events that are at most the idle cutoff: the sum
/// of the sessions' active times (sessions split exactly at the longer gaps).
pub fn active_time_ms(session_active_times_ms: impl IntoIterator<Item = i64>) -> i64 {
    session_active_times_ms.into_iter().sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConversationId, Event, EventKind};
    use crate::sessions::{split_sessions, Session};

    #[test]
    fn counts_distinct_conversations_and_sums_active_time() {
        // Conversation 0: events at 0, 100 ms | 1000, 1500 ms (cutoff 500 ms); conversation 3: one event.
        let event = |conversation: u32, timestamp_ms: i64| Event {
            timestamp_ms,
            line: crate::model::LineKey::NONE,
            conversation: ConversationId(conversation),
            is_sidechain: false,
            kind: EventKind::SystemMeta,
        };
        let events = [event(0, 0), event(0, 100), event(0, 1_000), event(0, 1_500), event(3, 0)];
        let sessions = split_sessions(&events, 500);
        assert_eq!(conversation_count(sessions.iter().map(|s| s.conversation)), 2);
        assert_eq!(active_time_ms(sessions.iter().map(Session::active_time_ms)), 600);
    }
}
